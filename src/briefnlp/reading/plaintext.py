"""Plain text and what Word leaves in it when a letter is saved or pasted as text.

Word's text export (and tools such as pandoc) write footnote references as
"[footnoteRef:1]" (others "[1]" or "[^1]") and the footnote itself, inline, as
"[1:  Kamerstukken II ...]" (others after the signature, as "[1] ..." or "1 ...");
images as "[image: ]"; bookmarks as "[bookmark: _GoBack]". Page headers of the letterhead
reappear after each page break ("> Retouradres ...", the directorate, "Datum",
"Onze referentie", "Pagina 2 van 3"). This module turns references into footnote
numbers glued to the text (as printed), keeps footnote bodies apart, and removes the rest.
"""

from __future__ import annotations

import re

from briefnlp.letter import Footnote
from briefnlp.reading.document import RawDocument
from briefnlp.reading.letterhead import PAGE, RETOUR, is_letterhead_line, label_of

_FOOTNOTE_REF = re.compile(r"[ \t]*\[(?:footnoteRef|endnoteRef):(\d+)\]")
# "[1]" or "[^1]" right after a word or full stop: a footnote reference in other exports.
_BRACKET_REF = re.compile(r"(?<=[^\s\[])\[\^?(\d{1,3})\](?=[\s.,;:)]|$)", re.MULTILINE)
_FOOTNOTE_BODY = re.compile(r"[ \t]*\[(\d{1,3}):[ \t]+((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\][ \t]*")
_WORD_MARKUP = re.compile(r"\[(?:image|bookmark|comment|chart|shape):[^\]\n]*\]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_WORD_BULLET = re.compile(r"^[ \t]*[·§o▪\uf0b7\uf0a7]\t[ \t]*", re.MULTILINE)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TAIL_FOOTNOTE = re.compile(r"^\[?(\d{1,3})[\].)]?\s+(\S.*)$")


def read_plaintext(text: str) -> RawDocument:
    """Clean a plain-text letter into lines, footnote bodies kept apart."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text).replace("\u00a0", " ")
    text = _WORD_BULLET.sub("• ", text)
    text = text.translate(_SUPERSCRIPTS)  # footnote marks typed as superscripts: "jl.¹"
    footnotes: list[Footnote] = []

    def keep_footnote(match: re.Match[str]) -> str:
        footnotes.append(Footnote(number=match[1], text=" ".join(match[2].split())))
        return " "

    text = _FOOTNOTE_REF.sub(r"\1", text)
    text = _BRACKET_REF.sub(r"\1", text)
    text = _FOOTNOTE_BODY.sub(keep_footnote, text)
    lines: list[str] = []
    for raw in text.split("\n"):
        had_markup = bool(_WORD_MARKUP.search(raw))
        line = _WORD_MARKUP.sub("", raw).rstrip()
        if had_markup and not line.strip():
            continue  # a line that held only "[image: ]" or a bookmark
        lines.append(line)
    return RawDocument(lines=lines, footnotes=footnotes, wrapped=None)


def drop_page_furniture(body: list[str], header: list[str]) -> list[str]:
    """Remove letterhead blocks repeated after page breaks, and page numbers, from `body`.

    A block is found from an anchor that never occurs in running text ("Pagina 2 van 3",
    "> Retouradres", a label line such as "Datum" or "Ons kenmerk 123") and grows over
    neighbouring letterhead lines and lines already seen in the first letterhead. Where a
    page break cut a sentence, the two halves are brought together again.
    """
    seen = {line.strip() for line in header if line.strip()}
    lines = list(body)
    i = 0
    while i < len(lines):
        if not _is_anchor(lines[i]):
            i += 1
            continue
        lo, hi = i, i + 1
        while lo > 0 and _is_furniture(lines, lo - 1, seen):
            lo -= 1
        while hi < len(lines) and _is_furniture(lines, hi, seen):
            hi += 1
        before = next((x for x in reversed(lines[:lo]) if x.strip()), "")
        after = next((x for x in lines[hi:] if x.strip()), "")
        cut_sentence = (
            before and after and before.rstrip()[-1] not in ".:;?!" and after[0].islower()
        )
        lines[lo:hi] = [] if cut_sentence else [""]
        i = lo + 1
    return lines


def _is_anchor(line: str) -> bool:
    s = line.strip()
    if PAGE.match(s) or RETOUR.match(s):
        return True
    label = label_of(s)
    return bool(label and label[0] in ("date", "reference", "other") and len(label[1]) < 40)


def _is_furniture(lines: list[str], i: int, seen: set[str]) -> bool:
    s = lines[i].strip()
    if not s or s in seen or is_letterhead_line(s) or _is_anchor(s):
        return True
    previous = next((x.strip() for x in reversed(lines[:i]) if x.strip()), "")
    label = label_of(previous)
    return bool(label and not label[1] and len(s) < 60)  # the value under a label line


def footnotes_from_tail(lines: list[str]) -> list[Footnote]:
    """Footnotes written out after the signature: "1 Kamerstukken II 2023-24, ...".

    Only lines that follow a closing are read this way, so that numbered paragraphs in
    the body are never taken for footnotes.
    """
    notes: list[Footnote] = []
    for line in lines:
        match = _TAIL_FOOTNOTE.match(line.strip())
        if match and not PAGE.match(line.strip()):
            notes.append(Footnote(number=match[1], text=match[2].strip()))
        elif notes and line.strip() and not is_letterhead_line(line):
            notes[-1] = Footnote(notes[-1].number, f"{notes[-1].text} {line.strip()}")
    return notes
