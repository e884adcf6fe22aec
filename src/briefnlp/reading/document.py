"""`RawDocument`: what every format reader hands to the assembler.

Readers differ in what they can see (a PDF has positions, XML has named elements, a text
file has only lines); they all reduce the input to lines in reading order plus what they
learned on the way. Finding the letter in those lines is then done once, for all formats,
by `letterhead` and `paragraphs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefnlp.letter import Footnote, LetterMeta


@dataclass
class RawDocument:
    """Lines of one document before the letter body is found in them.

    `lines` are in reading order; "" marks a paragraph break. `sidebar` holds text that
    is never body (the right-hand column of a PDF, text boxes and page headers of a .docx)
    but carries metadata. `meta` holds what the format states outright (XML), and wins
    over what `letterhead` finds. With `body_only`, `lines` already are the body.
    `wrapped` says whether lines are hard-wrapped (text pasted from a PDF): True, False,
    or None to let `paragraphs` guess.
    """

    lines: list[str]
    sidebar: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    meta: LetterMeta = field(default_factory=LetterMeta)
    hints: LetterMeta = field(default_factory=LetterMeta)
    warnings: list[str] = field(default_factory=list)
    body_only: bool = False
    wrapped: bool | None = False
