"""From body lines to `Letter.text`: line breaks inside sentences joined, paragraphs kept.

`Letter.text` has one shape whatever the format: paragraphs separated by one blank line
("\\n\\n"); inside a paragraph, headings, list items and table rows on lines of their
own ("\\n"); no line break inside a sentence, single spaces only.

Two kinds of input lines need different joining:
- logical lines (Word-to-text exports, .docx, HTML, and what the PDF reader emits): a
  line is a paragraph, heading or list item, and only a line that clearly continues
  (it starts in lower case after a line without closing punctuation) is joined;
- hard-wrapped lines (text copied out of a PDF): every line break is joined unless the
  line ended early (a heading, the last line of a list item) or the next one is a list item.
"""

from __future__ import annotations

import re
import statistics

from briefnlp.reading.sentences import BULLET

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_KEEP_HYPHEN_BEFORE = frozenset({"en", "of", "tot", "t/m", "dan", "als", "noch"})


def normalise_line(line: str) -> str:
    """Collapse runs of spaces (tabs, no-break spaces) and strip the ends."""
    return _SPACES.sub(" ", line).strip()


def build_text(lines: list[str], wrapped: bool | None = None) -> str:
    """Join body `lines` ("" = paragraph break) into the text of a `Letter`."""
    blocks: list[list[str]] = [[]]
    for raw in lines:
        line = normalise_line(raw)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if wrapped is None:
        wrapped = looks_wrapped([line for block in blocks for line in block])
    width = _typical_width(blocks) if wrapped else 0
    return "\n\n".join("\n".join(_join_block(block, wrapped, width)) for block in blocks)


def looks_wrapped(lines: list[str]) -> bool:
    """Whether `lines` are hard-wrapped: many mid-sentence line ends, few long lines."""
    long_lines = [line for line in lines if len(line.split()) >= 5]
    if len(long_lines) < 5:
        return False
    too_long = sum(len(line) > 120 for line in long_lines)
    open_ends = sum(
        40 <= len(line) <= 120 and line[-1] not in ".:;?!" and not BULLET.match(line)
        for line in long_lines
    )
    return too_long <= len(long_lines) * 0.05 and open_ends >= max(3, len(long_lines) * 0.3)


def _typical_width(blocks: list[list[str]]) -> int:
    lengths = [len(line) for block in blocks for line in block[:-1] if len(line) >= 30]
    return int(statistics.median(lengths)) if lengths else 80


def _join_block(block: list[str], wrapped: bool, width: int) -> list[str]:
    out = [block[0]]
    for line in block[1:]:
        previous = out[-1]
        if _continues(previous, line, wrapped, width):
            out[-1] = glue(previous, line)
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str, wrapped: bool, width: int) -> bool:
    if BULLET.match(line):
        return False
    if not wrapped:
        return previous[-1] not in ".:;?!" and line[0].islower()
    ended_early = len(previous) < 0.7 * width
    if ended_early and not line[0].islower():
        return False
    return not (previous.endswith(":") and not line[0].islower())


def glue(previous: str, line: str) -> str:
    """Join two lines; keep a line-end hyphen ("ICT-" + "maatregelen", "opsporings- of")."""
    if re.search(r"\w-$", previous):
        first = line.split(" ", 1)[0]
        if first[0].islower() and first not in _KEEP_HYPHEN_BEFORE:
            return previous + line
    return f"{previous} {line}"
