"""ROUGE for Dutch: the `rouge-score` package with a Dutch tokenizer and stemmer.

rouge-score's default tokenizer keeps only [a-z0-9], which splits "geïnformeerd" into
two tokens and drops "ë"; this tokenizer keeps Unicode words with their diacritics and
stems them with the Snowball Dutch stemmer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import snowballstemmer
from rouge_score import rouge_scorer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


class DutchTokenizer:
    """Lower-cased Unicode word tokens, Snowball-stemmed (the interface rouge-score expects)."""

    _word = re.compile(r"[^\W_]+", re.UNICODE)

    def __init__(self, stem: bool = True) -> None:
        self._stemmer = snowballstemmer.stemmer("dutch") if stem else None

    def tokenize(self, text: str) -> list[str]:
        tokens = self._word.findall(text.lower())
        return self._stemmer.stemWords(tokens) if self._stemmer else tokens


def rouge(predictions: Sequence[Sequence[str]], references: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Per letter: ROUGE-1/2/L F-measure of the joined bullets against the joined reference."""
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=DutchTokenizer())
    out = []
    for pred, ref in zip(predictions, references):
        scores = scorer.score("\n".join(ref), "\n".join(pred))
        out.append({k: float(scores[k].fmeasure) for k in ROUGE_TYPES})
    return out
