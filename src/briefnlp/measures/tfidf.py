"""TF-IDF + LogisticRegression on sentences, with the neighbouring sentences as context."""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from briefnlp.letter import Letter
from briefnlp.measures.base import MeasureDetectorMixin


def _context(letter: Letter) -> tuple[list[str], list[str]]:
    texts = [s.text for s in letter.sentences]
    neighbours = [
        " ".join(texts[max(0, i - 1) : i] + texts[i + 1 : i + 2]) for i in range(len(texts))
    ]
    return texts, neighbours


class TfidfMeasureDetector(MeasureDetectorMixin):
    """Word 1-3-grams of the sentence plus word 1-2-grams of its neighbours."""

    def __init__(self, C: float = 4.0) -> None:
        self.C = C
        self.threshold_ = 0.5

    def _features(self, letters: Sequence[Letter], fit: bool = False):
        own, ctx = [], []
        for letter in letters:
            a, b = _context(letter)
            own += a
            ctx += b
        if fit:
            self.own_ = TfidfVectorizer(ngram_range=(1, 3), min_df=2, sublinear_tf=True).fit(own)
            self.ctx_ = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(ctx)
        return hstack([self.own_.transform(own), 0.5 * self.ctx_.transform(ctx)]).tocsr()

    def fit(self, letters: Sequence[Letter], flags: Sequence[Sequence[int]]) -> TfidfMeasureDetector:
        X = self._features(letters, fit=True)
        y = np.concatenate([np.asarray(f, dtype=int) for f in flags])
        self.clf_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced").fit(X, y)
        return self

    def score_sentences(self, letters: Sequence[Letter]) -> list[np.ndarray]:
        letters = list(letters)
        sizes = [len(letter.sentences) for letter in letters]
        if not sum(sizes):
            return [np.zeros(0) for _ in letters]
        proba = self.clf_.predict_proba(self._features(letters))[:, 1]
        return np.split(proba, np.cumsum(sizes)[:-1])

    def save(self, path: str | os.PathLike) -> None:
        import skops.io as sio

        sio.dump({"C": self.C, "threshold": self.threshold_, "own": self.own_, "ctx": self.ctx_,
                  "clf": self.clf_}, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> TfidfMeasureDetector:
        import skops.io as sio

        untrusted = sio.get_untrusted_types(file=path)
        bad = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
        if bad:
            raise ValueError(f"{path}: refuses to load unexpected types {bad}")
        state = sio.load(path, trusted=untrusted)
        model = cls(state["C"])
        model.threshold_, model.own_, model.ctx_, model.clf_ = state["threshold"], state["own"], state["ctx"], state["clf"]
        return model
