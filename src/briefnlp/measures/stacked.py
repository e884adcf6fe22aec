"""A measure detector stacked on others: a logistic regression over their sentence scores.

The base detectors are trained on one set of letters (train); the stack is fitted on
letters that none of them saw (dev), so that it learns how far to trust each one rather
than how well each one remembers its training letters. Its threshold is half the best
F1 on those letters, like the fine-tuned model's (`f1_optimal_threshold`).

The harness scores `finetuned+tfidf` with it. On the written corpus it beats both of its
parts; on real letters it does not (see the README), so it is an option, not the default.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from briefnlp.letter import Letter
from briefnlp.measures.base import MeasureDetectorMixin
from briefnlp.modeling.calibration import f1_optimal_threshold

_EPS = 1e-4


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


class StackedMeasureDetector(MeasureDetectorMixin):
    """Combine fitted detectors' sentence scores with weights learnt on held-out letters."""

    def __init__(self, detectors: Sequence[MeasureDetectorMixin], C: float = 1.0) -> None:
        if not detectors:
            raise ValueError("a stack needs at least one detector")
        self.detectors = list(detectors)
        self.C = C
        self.threshold_ = 0.5

    def _features(self, letters: Sequence[Letter]) -> tuple[np.ndarray, list[int]]:
        columns = [np.concatenate([_logit(s) for s in d.score_sentences(letters)] or [np.zeros(0)])
                   for d in self.detectors]
        return np.column_stack(columns), [len(letter.sentences) for letter in letters]

    def fit(self, letters: Sequence[Letter], flags: Sequence[Sequence[int]]) -> StackedMeasureDetector:
        """Learn the weights on `letters` that the base detectors were not trained on."""
        letters = list(letters)
        if len(letters) != len(flags):
            raise ValueError(f"{len(letters)} letters but {len(flags)} flag lists")
        y = np.concatenate([np.asarray(f, dtype=int) for f in flags] or [np.zeros(0, dtype=int)])
        if len(np.unique(y)) < 2:
            raise ValueError("the stack needs letters with both measure and other sentences")
        X, _ = self._features(letters)
        if len(X) != len(y):
            raise ValueError(f"{len(X)} sentences but {len(y)} flags: one flag per sentence")
        self.clf_ = LogisticRegression(C=self.C).fit(X, y)
        self.threshold_ = f1_optimal_threshold(self.clf_.predict_proba(X)[:, 1], y)
        return self

    @property
    def weights_(self) -> np.ndarray:
        """One weight per base detector (on its logit)."""
        return self.clf_.coef_[0]

    def score_sentences(self, letters: Sequence[Letter]) -> list[np.ndarray]:
        letters = list(letters)
        X, sizes = self._features(letters)
        if not sum(sizes):
            return [np.zeros(0) for _ in letters]
        return np.split(self.clf_.predict_proba(X)[:, 1], np.cumsum(sizes)[:-1])
