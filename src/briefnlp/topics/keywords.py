"""Keyword baseline: a label fires when its typical words (ANNOTATION.md) occur often enough."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from briefnlp.datasets.schema import KEYWORDS, LABELS
from briefnlp.letter import Letter
from briefnlp.topics.base import TopicSystemMixin, as_letters, binarize


class KeywordTopicClassifier(TopicSystemMixin, ClassifierMixin, BaseEstimator):
    """Counts keyword hits per label; `min_hits` hits give the label.

    `predict_proba` is the hit count squashed to [0, 1) (1 - 2^-hits): a score for
    ranking and calibration plots, not a calibrated probability.
    """

    def __init__(self, min_hits: int = 1, keywords: dict[str, Sequence[str]] | None = None) -> None:
        self.min_hits = min_hits
        self.keywords = keywords

    def fit(self, X: Iterable[Letter | str] | None = None, y=None) -> KeywordTopicClassifier:
        words = self.keywords or KEYWORDS
        self.classes_ = np.array([c for c in LABELS if c in words] + [c for c in words if c not in LABELS])
        self.thresholds_ = np.full(len(self.classes_), 1 - 2.0 ** -self.min_hits)
        if y is not None:
            binarize(y, self.classes_)  # validates the shape
        return self

    def hits(self, X: Iterable[Letter | str]) -> np.ndarray:
        words = self.keywords or KEYWORDS
        if not hasattr(self, "classes_"):
            self.fit()
        texts = [letter.text.lower() for letter in as_letters(X)]
        return np.array([[sum(t.count(w) for w in words[c]) for c in self.classes_] for t in texts]).reshape(
            -1, len(self.classes_)
        )

    def predict_proba(self, X: Iterable[Letter | str]) -> np.ndarray:
        return 1.0 - 2.0 ** -self.hits(X).astype(float)
