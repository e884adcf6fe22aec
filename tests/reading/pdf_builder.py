"""A minimal PDF writer for tests: text at given positions and sizes, nothing else.

No PDF writer that can place text ships with briefnlp's dependencies, and the real
rijksoverheid PDFs may be absent (they live in ../shared). These few lines write valid
PDF 1.4 with the standard Helvetica font, so that layout cases (a sidebar column beside
the body, superscript footnote numbers, footnotes at the foot of the page) can be built
exactly. Also image-only pages and a password-protected file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 595.5, 841.5


@dataclass
class Text:
    """A line of text: runs of (size, text, rise) starting at (x, top); top from the page top."""

    x: float
    top: float
    runs: list[tuple[float, str, float]]

    @classmethod
    def plain(cls, x: float, top: float, size: float, text: str) -> Text:
        return cls(x, top, [(size, text, 0.0)])


@dataclass
class Page:
    texts: list[Text] = field(default_factory=list)
    image: bool = False


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _content(page: Page) -> bytes:
    ops: list[bytes] = []
    if page.image:
        ops.append(b"q 400 0 0 300 90 400 cm /Im1 Do Q")
    for t in page.texts:
        y = PAGE_HEIGHT - t.top - t.runs[0][0]
        ops.append(f"BT 1 0 0 1 {t.x:.2f} {y:.2f} Tm".encode())
        for size, text, rise in t.runs:
            ops.append(f"/F1 {size:g} Tf {rise:g} Ts ".encode() + _literal(text) + b" Tj")
        ops.append(b"ET")
    return b"\n".join(ops)


def build_pdf(pages: list[Page], *, password_protected: bool = False) -> bytes:
    """Write `pages` as a PDF; with `password_protected`, add a Standard security handler
    whose user password is not empty, so readers must refuse it."""
    objects: dict[int, bytes] = {}
    font, image = 3, 4
    objects[font] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    pixels = bytes([0, 255, 255, 0])
    objects[image] = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n" + pixels + b"\nendstream"
    )
    kids = []
    next_id = 5
    for page in pages:
        content = _content(page)
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        kids.append(page_id)
        stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
        objects[content_id] = stream
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] " % (PAGE_WIDTH, PAGE_HEIGHT)
            + b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> "
            + b"/Contents %d 0 R >>" % content_id
        )
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    trailer_extra = b""
    if password_protected:
        encrypt_id = next_id
        objects[encrypt_id] = (
            b"<< /Filter /Standard /V 1 /R 2 /P -44 "
            + b"/O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> >>"
        )
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt_id, b"01" * 16, b"01" * 16)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        trailer_extra,
        xref,
    )
    return bytes(out)
