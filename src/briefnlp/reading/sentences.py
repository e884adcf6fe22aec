"""Dutch sentence splitting for policy letters.

Rules, not a model: a boundary is a full stop, question or exclamation mark followed by
white space and a word that can start a sentence. What makes it work on Kamerbrieven:

- abbreviations: most are followed by a lower-case word ("o.a. de politie") and need no
  list; the lists below cover those that precede capitals or numbers ("nr. 1221",
  "dhr. Jansen", "bijv. NCSC") and those that may end a sentence ("2 oktober jl. De");
- footnote numbers glued to the text ("jl.1 per brief", "geïnformeerd.1 Deze"): the
  number belongs to neither sentence, so a sentence ends at its full stop;
- every line is its own unit: headings without a full stop, list items and table rows
  never run into the next line. A list marker ("- ", "• ", "1. ", "a) ") is not part of
  the sentence, as annotators copy list items without it.

Offsets index the text given, so `sentence.text == text[sentence.start:sentence.end]`.
Paragraphs are blocks separated by a blank line.
"""

from __future__ import annotations

import re

from briefnlp.letter import Sentence

# Abbreviations (lower case, without the final full stop) that never end a sentence, so
# that a capital or a number after them does not start one.
NEVER_FINAL = frozenset(
    """
    art artt nr nrs no dhr mevr mw mr mrs drs dr prof ir ing bc ds st sr bijv bv vgl zgn
    resp incl excl jo stb stcrt trb blz pag par hfst fig tab vs ca tel afd plv dir gem
    o.a i.v.m m.b.t t.a.v t.b.v i.p.v m.u.v n.a.v d.w.z o.b.v i.c.m i.o.m m.i.v t.o.v
    z.g o.m m.n c.q w.o e.g i.e cf i.h.k.v i.s.m v.w.b m.a.w
    """.split()
)

# Abbreviations that can end a sentence: a boundary only when a capital follows.
MAYBE_FINAL = frozenset(
    """
    jl etc enz e.d e.a e.v a.s v.v z.s.m mln mld mrd nl jr
    jan feb mrt apr jun jul aug sep sept okt nov dec
    """.split()
)

# A list marker at the start of a line: bullets, "1.", "1)", "(1)", "1.2", "a.", "a)", "iv."
BULLET = re.compile(
    r"^[ \t]*(?:[-–—•·▪◦●○■□➢►*]"
    r"|\(?\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.?"
    r"|\(?[a-z][.)]|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)])[ \t]+(?=\S)"
)

# A candidate boundary: terminal punctuation, closing quotes or brackets, an optional
# glued footnote number, then white space or the end of the line.
_CANDIDATE = re.compile(r"([.!?…]+)([\"'”’)\]»]*)(\d{1,3})?(?=\s|$)")
_INITIALS = re.compile(r"(?:[A-Z]|Th|Ch|Chr|Ph)(?:\.(?:[A-Z]|Th|Ch|Chr|Ph))*")
_OPENERS = "(\"'“‘[«„"


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` (a letter body: lines, paragraphs as blank lines) into sentences."""
    sentences: list[Sentence] = []
    paragraph = -1
    after_blank = True
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if not line.strip():
            after_blank = True
            continue
        if after_blank:
            paragraph += 1
            after_blank = False
        _split_line(text, start, end, paragraph, sentences)
    return sentences


def ends_sentence(before: str, after: str) -> bool:
    """Whether a sentence ends between `before` and `after` (two adjacent lines)."""
    joined = before.rstrip() + " " + after.lstrip()
    cut = len(before.rstrip())
    for match in _CANDIDATE.finditer(joined, 0, cut + 1):
        end = match.end(3) if match.group(3) else match.end(2)
        if end == cut:
            return _is_boundary(joined, match, len(joined))
    return False


def list_marker_length(line: str) -> int:
    """Length of the list marker (with its spaces) that starts `line`, or 0."""
    match = BULLET.match(line)
    return match.end() if match else 0


def _split_line(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    start += list_marker_length(text[start:end])
    begin = start
    for match in _CANDIDATE.finditer(text, start, end):
        if match.end() >= end or _is_boundary(text, match, end):
            _emit(text, begin, match.end(2), paragraph, out)
            begin = match.end()
    _emit(text, begin, end, paragraph, out)


def _emit(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    chunk = text[start:end]
    if chunk.isdigit() and len(chunk) <= 3:
        return  # a footnote number left over after a sentence's full stop
    out.append(Sentence(text=chunk, start=start, end=end, paragraph=paragraph))


def _is_boundary(text: str, match: re.Match[str], limit: int) -> bool:
    punct, digits = match.group(1), match.group(3)
    stop = match.start(1)
    first = stop
    while first > 0 and not text[first - 1].isspace():
        first -= 1
    token = text[first:stop].lstrip(_OPENERS)
    if digits and (not token or token[-1].isdigit()):
        return False  # a decimal number such as "3.1", not a footnote
    following = match.end()
    while following < limit and text[following].isspace():
        following += 1
    if following >= limit:
        return True
    nxt = text[following]
    if nxt in _OPENERS and following + 1 < limit:
        nxt = text[following + 1]  # judge a quoted or bracketed start by its first letter
    if punct[0] in "?!…" or punct.startswith(".."):
        return not nxt.islower()
    low = token.lower()
    if low in NEVER_FINAL or _INITIALS.fullmatch(token):
        return False
    if nxt.islower():
        return False
    if low in MAYBE_FINAL or "." in token or len(token) == 1:
        return nxt.isupper()
    return True
