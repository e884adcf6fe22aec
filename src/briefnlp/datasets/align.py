"""Join annotations to a parsed `Letter`: which of its sentences are the gold measures."""

from __future__ import annotations

from collections.abc import Sequence

from briefnlp.datasets.schema import collapse_whitespace
from briefnlp.letter import Letter, Sentence


def same_sentence(a: str, b: str) -> bool:
    """Equal after whitespace collapsing, or one holds the other and covers 80% of it.

    The tolerance absorbs a splitter that cuts a heading or footnote marker onto a
    sentence; it does not let a short fragment match a long sentence.
    """
    a, b = collapse_whitespace(a), collapse_whitespace(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and len(short) >= 0.8 * len(long)


def measure_flags(letter: Letter, measures: Sequence[str]) -> list[int]:
    """1 for each sentence of `letter` that is one of the annotated `measures`, else 0."""
    return [int(any(same_sentence(s.text, m) for m in measures)) for s in letter.sentences]


def match_measures(
    predicted: Sequence[Sentence | str], gold: Sequence[str]
) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) at sentence level, one-to-one."""
    texts = [p.text if isinstance(p, Sentence) else p for p in predicted]
    unmatched = list(gold)
    tp = 0
    for text in texts:
        for i, g in enumerate(unmatched):
            if same_sentence(text, g):
                tp += 1
                del unmatched[i]
                break
    return tp, len(texts) - tp, len(unmatched)
