""".docx letters, read with python-docx plus the parts it does not model (footnotes).

The body is walked in document order, paragraphs and tables alike, and written as
Word's own text export would: one line per paragraph (list items with a "- " marker),
one per table row, an empty paragraph as a blank line. Text boxes and page headers,
where the rijksoverheid template puts the sidebar and the repeated letterhead, go to
`sidebar`. Footnote references become numbers glued to the text, numbered in order of
appearance as Word prints them; their text comes from the footnotes part.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from briefnlp.errors import CorruptDocumentError
from briefnlp.letter import Footnote
from briefnlp.reading.document import RawDocument

Element = Any  # lxml element of WordprocessingML

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def read_docx(data: bytes, name: str) -> RawDocument:
    """Read a .docx letter into lines, sidebar lines (text boxes, page header), footnotes."""
    import docx  # python-docx, MIT: the .docx package and its relationships

    try:
        document = docx.Document(BytesIO(data))
    except Exception as exc:  # zipfile, zlib, lxml and python-docx each raise their own
        raise CorruptDocumentError(name, f"is not a readable .docx ({exc})") from exc
    reader = _Reader(_footnote_texts(document))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        reader.block(child, lines)
    sidebar, reader.boxes = reader.boxes, []
    for section in document.sections[:1]:
        header: list[str] = []
        for child in section.header._element.iterchildren():
            reader.block(child, header)
        sidebar += [line for line in header if line.strip()] + reader.boxes
    notes = [Footnote(str(i + 1), reader.notes.get(ref, "")) for i, ref in enumerate(reader.refs)]
    return RawDocument(lines=lines, sidebar=sidebar, footnotes=notes, wrapped=False)


class _Reader:
    """Walks WordprocessingML blocks, collecting footnote references in order."""

    def __init__(self, notes: dict[str, str]) -> None:
        self.notes = notes
        self.refs: list[str] = []
        self.boxes: list[str] = []

    def block(self, element: Element, lines: list[str]) -> None:
        if element.tag == _w("p"):
            text = self.paragraph(element)
            lines.extend(text.split("\n") if text.strip() else [""])
        elif element.tag == _w("tbl"):
            for row in element.iter(_w("tr")):
                cells = [" ".join(self.paragraph(p) for p in tc.iter(_w("p"))) for tc in row]
                lines.append(" ".join(" ".join(cells).split()))
            lines.append("")
        elif element.tag == _w("sdt"):
            for content in element.iter(_w("sdtContent")):
                for child in content.iterchildren():
                    self.block(child, lines)

    def paragraph(self, p: Element) -> str:
        parts: list[str] = []
        self._inline(p, parts)
        text = "".join(parts)
        if self._is_list_item(p) and text.strip():
            text = "- " + text.strip()
        return text

    def _inline(self, element: Element, parts: list[str]) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                parts.append(" ")
            elif tag in (_w("br"), _w("cr")):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("footnoteReference"):
                self.refs.append(child.get(_w("id")))
                parts.append(str(len(self.refs)))
            elif tag == _w("txbxContent"):
                for p in child.iter(_w("p")):
                    box: list[str] = []
                    self._inline(p, box)
                    if "".join(box).strip():
                        self.boxes.append("".join(box).strip())
            elif tag == f"{{{_MC}}}Fallback" or tag in (_w("pPr"), _w("rPr"), _w("instrText")):
                continue  # the Fallback repeats the Choice; properties hold no text
            else:
                self._inline(child, parts)

    @staticmethod
    def _is_list_item(p: Element) -> bool:
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return False
        if ppr.find(_w("numPr")) is not None:
            return True
        style = ppr.find(_w("pStyle"))
        value = (style.get(_w("val")) if style is not None else "") or ""
        return value.replace(" ", "").lower().startswith(("listbullet", "listnumber", "lijst"))


def _footnote_texts(document: Any) -> dict[str, str]:
    """Footnote id -> text, from word/footnotes.xml (python-docx does not model it)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype == _FOOTNOTES and not rel.is_external:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            root = etree.fromstring(rel.target_part.blob, parser=parser)
            notes: dict[str, str] = {}
            for note in root.iter(_w("footnote")):
                if note.get(_w("type")) in ("separator", "continuationSeparator"):
                    continue
                text = "".join(t.text or "" for t in note.iter(_w("t")))
                notes[note.get(_w("id"))] = " ".join(text.split())
            return notes
    return {}
