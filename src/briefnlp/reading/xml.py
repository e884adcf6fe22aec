"""officielebekendmakingen XML (kst-*.xml): a Kamerstuk as published by KOOP.

The XML states what the other formats leave to guesswork: dossier number(s), the
ondernummer and the date come from its elements (`dossiernr`, `ondernummer`,
`datum/@isodatum`), with the `<meta>` block as fall-back. The body is rebuilt from
paragraphs (`al`), headings (`kop`, `tussenkop`) and lists (`lijst/li`); footnotes
(`noot`) stand where they are cited, so their number stays in the text and their text
goes to `footnotes`. Written questions and answers (`kamervragen`) read the same way.

Parsed with entity resolution, DTD loading and network access off: a kst file is data
from outside, and an XML file can otherwise make the parser read local files.
"""

from __future__ import annotations

import re
from typing import Any

from briefnlp.errors import CorruptDocumentError, UnsupportedFormatError
from briefnlp.letter import Footnote, LetterMeta
from briefnlp.reading.document import RawDocument
from briefnlp.reading.letterhead import parse_dutch_date
from briefnlp.reading.signature import ministry_from_role

Element = Any  # lxml.etree._Element

_SKIP = {
    "metadata", "kamerstukkop", "kamervraagkop", "dossier", "stuknr", "titel", "datumtekst",
    "tekst-sluiting", "nr",
}  # fmt: skip


def read_xml(data: bytes, name: str) -> RawDocument:
    """Read a kst-*.xml Kamerstuk (or kamervragen) into body lines and stated metadata."""
    from lxml import etree  # BSD; the one XML parser here that can switch entities off

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptDocumentError(name, f"is not well-formed XML ({exc})") from exc
    stuk = root.find(".//kamerstuk")
    if stuk is None:
        stuk = root.find(".//kamervragen")
    if stuk is None:
        raise UnsupportedFormatError(
            name, f"is XML ({root.tag}) but not an officielebekendmakingen Kamerstuk"
        )
    notes: list[Footnote] = []
    lines: list[str] = []
    body = stuk.find(".//algemeen") if stuk.find(".//algemeen") is not None else stuk
    _walk(body, lines, notes)
    return RawDocument(
        lines=lines,
        footnotes=notes,
        meta=_meta(root, stuk),
        body_only=True,
        wrapped=False,
    )


def _walk(element: Element, lines: list[str], notes: list[Footnote]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP or tag == "noot":
            continue
        if tag == "al":
            _paragraph(lines, _inline(child, notes))
        elif tag in ("kop", "tussenkop"):
            heading = " ".join(
                t for t in (_inline(c, notes) for c in child if c.tag in ("nr", "titel")) if t
            )
            _heading(lines, heading or _inline(child, notes))
        elif tag == "lijst":
            _list(child, lines, notes)
            lines.append("")
        elif tag in ("vraag", "antwoord"):
            number = (child.findtext("nr") or "").strip()
            if number[:1].isdigit():
                number = f"{tag.capitalize()} {number}"
            _heading(lines, number)
            _walk(child, lines, notes)
        elif tag == "table":
            for row in child.iter("row"):
                cells = [_inline(entry, notes) for entry in row.iter("entry")]
                lines.append(" ".join(c for c in cells if c))
            lines.append("")
        else:
            _walk(child, lines, notes)


def _list(lijst: Element, lines: list[str], notes: list[Footnote]) -> None:
    for li in lijst.findall("li"):
        marker = (li.findtext("li.nr") or "-").strip() or "-"
        texts = [_inline(al, notes) for al in li.findall("al")]
        lines.append(f"{marker} {' '.join(t for t in texts if t)}")
        for nested in li.findall("lijst"):
            _list(nested, lines, notes)


def _paragraph(lines: list[str], text: str) -> None:
    if text:
        lines += [text, ""]


def _heading(lines: list[str], text: str) -> None:
    if text:
        if lines and lines[-1]:
            lines.append("")
        lines.append(text)  # the paragraph under it follows on the next line


def _inline(element: Element, notes: list[Footnote]) -> str:
    """Text of `element` with inline markup joined and footnotes taken out, their
    numbers left glued where they were cited."""
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):
            pass  # an unresolved entity reference: left out, never expanded
        elif child.tag == "noot":
            number = (child.findtext("noot.nr") or str(len(notes) + 1)).strip()
            text = " ".join(_inline(al, notes) for al in child.iter("noot.al"))
            notes.append(Footnote(number=number, text=" ".join(text.split())))
            parts.append(number)
        else:
            parts.append(_inline(child, notes))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _meta(root: Element, stuk: Element) -> LetterMeta:
    meta = {m.get("name", ""): m.get("content", "") for m in root.iter("meta")}
    dossiers = [
        _dossier(d.text or "") for d in stuk.iter("dossiernr") if (d.text or "").strip()
    ] or [_dossier(x) for x in re.split(r"[;,]", meta.get("OVERHEIDop.dossiernummer", "")) if x]
    number = stuk.findtext(".//ondernummer") or meta.get("OVERHEIDop.ondernummer")
    date = None
    for datum in stuk.iter("datum"):
        date = parse_dutch_date(datum.get("isodatum", "")) or parse_dutch_date(datum.text or "")
        if date:
            break
    date = date or parse_dutch_date(meta.get("DCTERMS.issued", "") or meta.get("DC.date", ""))
    title = " ".join((stuk.findtext("stuk/titel") or stuk.findtext(".//stuk/titel") or "").split())
    role = _role_from_title(title)
    signature = stuk.find(".//ondertekening")
    signatory = None
    if signature is not None:
        names = [" ".join(n.itertext()).strip() for n in signature.iter("naam")]
        signatory = " ".join(" ".join(names).split()) or None
    chamber = next(
        (t.text for t in stuk.iter("tekstregel") if t.get("inhoud") == "kameraanduiding"), None
    )
    return LetterMeta(
        date=date,
        subject=_subject(meta) or title or None,
        sender=ministry_from_role(role),
        addressee=f"Voorzitter van de {chamber.strip()}" if chamber else None,
        signatory=signatory,
        signatory_role=role,
        dossiers=[d for d in dossiers if d],
        document_number=number.strip() if number else None,
    )


def _dossier(text: str) -> str:
    """"29 628" -> "29628"; "21 501-32" -> "21501-32"; "36 200 VI" -> "36200-VI"."""
    text = " ".join(text.split())
    match = re.match(r"(\d{2})\s?(\d{3})(?:[\s-]+([\w]+))?", text)
    if not match:
        return text
    return match[1] + match[2] + (f"-{match[3]}" if match[3] else "")


def _subject(meta: dict[str, str]) -> str | None:
    """The letter's own subject: the last part of "Politie; Brief regering; Update ..."."""
    title = meta.get("DC.title", "")
    parts = [p.strip() for p in title.split(";") if p.strip()]
    return parts[-1] if len(parts) >= 3 else None


def _role_from_title(title: str) -> str | None:
    """"BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID" -> "Minister van Justitie en ..."."""
    match = re.search(r"\bVAN DE (MINISTER|STAATSSECRETARIS)\b(.*)$", title, re.IGNORECASE)
    if not match:
        return None
    words = f"{match[1]}{match[2]}".split()
    small = {"van", "voor", "en", "de", "het"}
    return " ".join(
        w.lower() if w.lower() in small and i else w.capitalize() for i, w in enumerate(words)
    )
