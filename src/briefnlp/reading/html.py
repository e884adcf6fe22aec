"""HTML letters: officielebekendmakingen.nl pages, rijksoverheid.nl pages, saved e-mails.

The page is reduced to lines the way Word's text export would write it: a line per
paragraph, heading, list item or table row, and a blank line after each paragraph, so
that finding the body and the metadata is shared with plain text. What the page adds:
`<meta>` tags of officielebekendmakingen (dossier number, ondernummer, date, title) and
footnotes, whose references become numbers glued to the text and whose bodies are kept
apart. Navigation, scripts and page chrome are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from briefnlp.errors import CorruptDocumentError
from briefnlp.letter import Footnote, LetterMeta
from briefnlp.reading.document import RawDocument
from briefnlp.reading.letterhead import parse_dutch_date

Element = Any  # lxml.html.HtmlElement

_DROP = (
    "script", "style", "nav", "header", "footer", "noscript", "form", "button", "iframe",
    "svg", "template", "aside", "select",
)  # fmt: skip
_PARAGRAPHS = {"p", "blockquote", "pre", "address", "dd", "figcaption"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption"}
_BREAKING = {"div", "section", "article", "main", "body", "table", "tbody", "thead", "ul",
             "ol", "dl", "figure", "center"}  # fmt: skip
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOTE_CLASS = re.compile(r"\b(?:voetnoot|voetnoten|noten|footnotes?|noot)\b", re.IGNORECASE)
_REF_CLASS = re.compile(r"\b(?:nootnum|noot-?ref|footnote-?ref|fnref)\b", re.IGNORECASE)


def read_html(text: str, name: str) -> RawDocument:
    """Read an HTML page into lines, footnotes, and hints from its <meta> tags."""
    import lxml.html  # BSD; the same parser as for the XML, without network access

    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )
    text = _CONTROL.sub("", text)  # lxml refuses to hold them in text it is given back
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except Exception as exc:  # lxml raises ParserError or ValueError on empty documents
        raise CorruptDocumentError(name, f"cannot be parsed as HTML ({exc})") from exc
    meta = {
        (m.get("name") or m.get("property") or "").strip(): (m.get("content") or "").strip()
        for m in root.iter("meta")
    }
    for element in list(root.iter(*_DROP)):
        _remove(element)
    notes = _take_footnotes(root)
    container = _container(root)
    lines: list[str] = []
    current: list[str] = []
    _walk(container, lines, current)
    _flush(lines, current)
    return RawDocument(lines=lines, footnotes=notes, hints=_hints(meta), wrapped=False)


def _container(root: Element) -> Element:
    for xpath in (
        "//*[@id='broodtekst']",
        "//div[contains(concat(' ', normalize-space(@class), ' '), ' stuk ')]",
        "//main",
        "//article",
        "//body",
    ):
        found = root.xpath(xpath)
        if found:
            return found[0]
    return root


def _take_footnotes(root: Element) -> list[Footnote]:
    """Move footnote bodies out of the page; turn their references into plain numbers."""
    marked = [
        e for e in root.iter()
        if _NOTE_CLASS.search(e.get("class") or "")
        and not re.fullmatch(r"\W*\d{0,3}\W*", e.text_content())  # a marked-up reference
    ]  # fmt: skip
    inner = [e for e in marked if not any(d in marked for d in e.iterdescendants())]
    notes: list[Footnote] = []
    for block in inner:
        for item in block.findall(".//li") or [block]:
            text = " ".join(item.text_content().split())
            match = re.match(r"^\[?(\d{1,3})[\].)]?\s+(.*)$", text)
            if match:
                notes.append(Footnote(match[1], match[2]))
            elif text:
                notes.append(Footnote(str(len(notes) + 1), text))
    for block in marked:
        if not any(a in marked for a in block.iterancestors()):
            _remove(block)
    for ref in list(root.iter("a", "sup", "span")):
        label = ref.text_content().strip().strip("[]")
        is_ref = _REF_CLASS.search(ref.get("class") or "") or (
            ref.tag == "sup" or (ref.get("href") or "").startswith("#")
        )
        if is_ref and re.fullmatch(r"\d{1,3}", label) and ref.getparent() is not None:
            _replace_with_text(ref, label)
    return notes


def _walk(element: Element, lines: list[str], current: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _PARAGRAPHS or tag in _HEADINGS or tag in ("li", "tr")
    if block or tag in _BREAKING:
        _flush(lines, current)
    if tag == "li":
        parent = element.getparent()
        ordered = parent is not None and parent.tag == "ol"
        current.append(f"{_position(element)}. " if ordered else "- ")
    if tag == "br":
        _flush(lines, current)
    elif element.text and tag not in ("", "head", "title"):
        current.append(element.text)
    for child in element:
        _walk(child, lines, current)
        if child.tail:
            current.append(child.tail)
        if tag == "tr" and child.tag in ("td", "th"):
            current.append(" ")
    if block or tag in _BREAKING:
        _flush(lines, current)
        if tag in _PARAGRAPHS or (tag in ("ul", "ol", "table") and lines and lines[-1]):
            lines.append("")


def _flush(lines: list[str], current: list[str]) -> None:
    text = " ".join("".join(current).split())
    if re.fullmatch(r"-|\d+\.", text):
        return  # a list marker waiting for its item's text (<li><p>...</p></li>)
    current.clear()
    if text:
        lines.append(text)


def _position(li: Element) -> int:
    parent = li.getparent()
    start = int(parent.get("start", "1")) if parent.get("start", "1").isdigit() else 1
    return start + [c for c in parent if c.tag == "li"].index(li)


def _remove(element: Element) -> None:
    """Drop `element` but keep its tail text in the document."""
    parent = element.getparent()
    if parent is None:
        return
    _replace_with_text(element, "")


def _replace_with_text(element: Element, text: str) -> None:
    parent = element.getparent()
    joined = text + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + joined
    else:
        parent.text = (parent.text or "") + joined
    parent.remove(element)


def _hints(meta: dict[str, str]) -> LetterMeta:
    """What officielebekendmakingen's <meta> tags say, used where the page text is silent."""
    title = meta.get("DC.title", "") or meta.get("OVERHEIDop.documenttitel", "")
    parts = [p.strip() for p in title.split(";") if p.strip()]
    dossier = meta.get("OVERHEIDop.dossiernummer", "")
    identifier = meta.get("DC.identifier", "")
    number = meta.get("OVERHEIDop.ondernummer") or None
    if not number and re.fullmatch(r"kst-\d+(?:-[\w]+)?-\d+", identifier):
        number = identifier.rsplit("-", 1)[1]
    date = None
    for key in ("OVERHEIDop.datumBrief", "DCTERMS.issued", "DC.date", "DCTERMS.available"):
        date = date or parse_dutch_date(meta.get(key, ""))
    return LetterMeta(
        date=date,
        subject=parts[-1] if len(parts) >= 3 else None,
        dossiers=[re.sub(r"\s", "", d) for d in re.split(r"[;,]", dossier) if d.strip()],
        document_number=number,
    )
