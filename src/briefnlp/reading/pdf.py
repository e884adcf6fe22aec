"""PDF letters as rijksoverheid.nl publishes them, read with word positions (pdfplumber).

The layout of a Dutch government letter: the body in a wide left column; a narrow
right-hand column in a smaller font (ministry, address, "Kenmerk", "Bijlage(n)",
"Pagina 1 van 7") that sits beside the body on every page; footnotes in a smaller font
at the foot of the page, their numbers superscript in the text. Read line by line, the
column interleaves with the body ("Het NPCE is een belangrijke stap Infrastructuur en").
So words are split by position and size first: the column goes to `sidebar` (metadata),
footnotes to `footnotes`, the rest is rebuilt into lines and paragraphs from geometry.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from briefnlp.errors import CorruptDocumentError, EncryptedDocumentError, NoTextLayerError
from briefnlp.letter import Footnote
from briefnlp.reading.document import RawDocument
from briefnlp.reading.letterhead import PAGE
from briefnlp.reading.paragraphs import glue
from briefnlp.reading.sentences import BULLET

Word = dict[str, Any]


@dataclass
class Line:
    """Words that share a baseline, in one column of one page."""

    words: list[Word]
    page: int
    text: str = ""
    size: float = 0.0
    top: float = field(init=False)
    bottom: float = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)
        self.x0, self.x1 = self.words[0]["x0"], self.words[-1]["x1"]
        sizes = Counter()
        for w in self.words:
            sizes[round(w["size"], 1)] += len(w["text"])
        self.size = sizes.most_common(1)[0][0]


def read_pdf(data: bytes, name: str) -> RawDocument:
    """Read a PDF letter into body lines, sidebar lines and footnotes."""
    import pdfplumber  # MIT; the PDF library that gives word positions and font sizes

    if b"%%EOF" not in data[-2048:]:
        raise CorruptDocumentError(name, "is truncated (the PDF has no end-of-file marker)")
    try:
        with _pdfminer_complaints() as complaints, pdfplumber.open(BytesIO(data)) as pdf:
            read = [_words(page) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        if "password" in f"{type(exc).__name__} {exc}".lower() or b"/Encrypt" in data:
            raise EncryptedDocumentError(name, "is encrypted with a password") from exc
        raise CorruptDocumentError(name, f"cannot be parsed as PDF ({exc})") from exc
    pages = [words for words, _ in read]
    if not any(pages):
        if any(images for _, images in read):
            raise NoTextLayerError(name, "has no text layer, only images")
        raise CorruptDocumentError(name, "has no text and no images (blank or damaged)")
    raw = _layout(pages)
    if complaints:
        raw.warnings.append(
            f"the PDF is partly damaged ({complaints[0]}); some text may be missing"
        )
    return raw


@contextmanager
def _pdfminer_complaints() -> Iterator[list[str]]:
    """Collect pdfminer's warnings about a damaged file instead of printing them."""
    complaints: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            complaints.append(record.getMessage()[:120])

    logger = logging.getLogger("pdfminer")
    handler, propagate = Collect(logging.WARNING), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield complaints
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _words(page: Any) -> tuple[list[Word], bool]:
    """Words with position, size and font of one page, and whether it holds images.

    Characters come from pdfplumber's `page.layout` (pdfminer's LTPage) and words from
    pdfplumber's own `extract_words`: building pdfplumber's full per-character objects
    (colours, graphics state) costs nearly half the reading time and none of it is used.
    """
    from pdfminer.layout import LTChar, LTContainer, LTImage
    from pdfplumber.utils import extract_words

    layout = page.layout
    chars: list[Word] = []
    images = False
    stack = list(layout)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            top = layout.y1 - obj.y1
            chars.append(
                {
                    "text": obj.get_text(), "x0": obj.x0, "x1": obj.x1, "top": top,
                    "bottom": layout.y1 - obj.y0, "doctop": top, "upright": obj.upright,
                    "size": obj.size, "fontname": obj.fontname,
                }
            )  # fmt: skip
        elif isinstance(obj, LTImage):
            images = True
        elif isinstance(obj, LTContainer):
            stack.extend(obj)
    words = extract_words(chars, x_tolerance=1.5, extra_attrs=["size", "fontname"])
    width = float(page.width)
    for w in words:
        w["width"] = width
    return [w for w in words if w["text"].strip()], images


def _layout(pages: list[list[Word]]) -> RawDocument:
    body_size = _body_size(pages)
    edge = _sidebar_edge(pages, body_size)
    sidebar: list[str] = []
    footnotes: list[Footnote] = []
    body_lines: list[Line] = []
    for number, words in enumerate(pages):
        side = [w for w in words if _in_sidebar(w, edge, body_size)]
        main = [w for w in words if not _in_sidebar(w, edge, body_size)]
        if number == 0:
            sidebar = [_text(line.words) for line in _cluster(side, number, body_size)]
        lines = [line for line in _cluster(main, number, body_size) if not _is_page_number(line)]
        lines, notes = _split_footnotes(lines, body_size)
        footnotes += notes
        body_lines += lines
    body_lines = _drop_running_lines(body_lines, len(pages))
    return RawDocument(
        lines=_logical_lines(body_lines, body_size),
        sidebar=sidebar,
        footnotes=footnotes,
        wrapped=False,
    )


def _body_size(pages: list[list[Word]]) -> float:
    sizes: Counter[float] = Counter()
    for words in pages:
        for w in words:
            sizes[round(w["size"], 1)] += len(w["text"])
    return sizes.most_common(1)[0][0]


def _sidebar_edge(pages: list[list[Word]], body_size: float) -> float | None:
    """Left edge of the right-hand column: the common x0 of small words far right."""
    starts: Counter[int] = Counter()
    for words in pages:
        for w in words:
            if w["x0"] > 0.7 * w["width"] and w["size"] < body_size - 0.5:
                starts[round(w["x0"])] += 1
    if not starts:
        return None
    edge, count = starts.most_common(1)[0]
    return edge - 3.0 if count >= 3 else None


def _in_sidebar(w: Word, edge: float | None, body_size: float) -> bool:
    return edge is not None and w["x0"] >= edge and w["size"] < body_size - 0.5


def _cluster(words: list[Word], page: int, body_size: float) -> list[Line]:
    """Group words into lines by vertical position (superscripts join their line)."""
    tolerance = 0.4 * body_size
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    result = [Line(ws, page) for ws in lines]
    for line in result:
        line.text = _text(line.words)
    return result


def _text(words: list[Word]) -> str:
    """Words to text; superscript numbers are glued to the word they follow ("jl.1")."""
    words = sorted(words, key=lambda w: w["x0"])
    parts: list[str] = []
    previous: Word | None = None
    for w in words:
        if previous is not None and not _is_superscript(w, previous):
            if w["x0"] - previous["x1"] > 0.13 * previous["size"]:  # a space, not a font change
                parts.append(" ")
        parts.append(w["text"])
        previous = w
    return "".join(parts)


def _is_superscript(w: Word, previous: Word) -> bool:
    """A footnote number set smaller than the word before it."""
    return w["text"].isdigit() and len(w["text"]) <= 3 and w["size"] <= 0.8 * previous["size"]


def _is_page_number(line: Line) -> bool:
    text = line.text.strip()
    lone_number = re.fullmatch(r"-?\s*\d{1,3}\s*-?", text) and len(line.words) <= 3
    return bool(PAGE.match(text) or lone_number)


def _split_footnotes(lines: list[Line], body_size: float) -> tuple[list[Line], list[Footnote]]:
    """Footnotes: the run of small-print lines at the foot of the page, from the first
    line that starts with a number."""
    small = len(lines)
    while small > 0 and lines[small - 1].size < body_size - 0.5:
        small -= 1
    start = next(
        (i for i in range(small, len(lines)) if re.match(r"\d{1,3}\b", lines[i].words[0]["text"])),
        None,
    )
    if start is None:
        return lines, []
    notes: list[Footnote] = []
    for line in lines[start:]:
        first = line.words[0]["text"]
        if re.fullmatch(r"\d{1,3}", first) and len(line.words) > 1:
            notes.append(Footnote(first, _text(line.words[1:])))
        elif notes:
            notes[-1] = Footnote(notes[-1].number, glue(notes[-1].text, line.text))
    return lines[:start], notes


def _drop_running_lines(lines: list[Line], pages: int) -> list[Line]:
    """Remove headers and footers that repeat at the top or foot of most pages."""
    if pages < 2:
        return lines
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges = Counter()
    for page_lines in by_page.values():
        for line in {id(x): x for x in page_lines[:2] + page_lines[-2:]}.values():
            edges[re.sub(r"\d+", "#", line.text)] += 1
    running = {text for text, n in edges.items() if n >= max(2, 0.6 * pages)}
    return [
        line for line in lines
        if re.sub(r"\d+", "#", line.text) not in running
    ]  # fmt: skip


def _logical_lines(lines: list[Line], body_size: float) -> list[str]:
    """Rebuild paragraphs from geometry: a vertical gap starts a paragraph, a line that
    ends early (the next word would have fitted) ends a heading or list item."""
    if not lines:
        return []
    full = [line.x1 for line in lines if abs(line.size - body_size) < 0.6] or [lines[0].x1]
    right = sorted(full)[int(0.9 * (len(full) - 1))]
    steps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and 0 < b.top - a.top < 3 * body_size
    ]
    pitch = statistics.median(steps) if steps else 1.4 * body_size
    def ended_early(a: Line, b: Line) -> bool:  # the next line's first word would have fitted
        first_word = b.words[0]["x1"] - b.words[0]["x0"]
        return a.x1 + first_word + 0.3 * body_size < right - 2

    out = [lines[0].text]
    for i, (a, b) in enumerate(zip(lines, lines[1:])):
        c = lines[i + 2] if i + 2 < len(lines) else None
        heading = (  # a short line without full stop between two sentences
            a.text[-1:] in ".!?:"
            and b.text[:1].isupper()
            and b.text[-1:] not in ".!?:;,"
            and (c is None or ended_early(b, c))
        )
        if a.page == b.page and b.top - a.top > 1.5 * pitch:
            out += ["", b.text]
        elif a.page != b.page and ended_early(a, b) and a.text[-1:] in ".!?":
            out += ["", b.text]
        elif ended_early(a, b) or heading or BULLET.match(b.text) or a.size != b.size:
            out.append(b.text)
        else:
            out[-1] = glue(out[-1], b.text)
    return out
