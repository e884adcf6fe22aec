"""TF-IDF baselines: word and character n-grams, one-vs-rest linear models.

Saved with skops (no pickle): `save` writes a `.skops` file, `load` reads it back with
only the types that such a pipeline needs trusted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from briefnlp.letter import Letter
from briefnlp.topics.base import TopicSystemMixin, as_letters, binarize, infer_classes


def tfidf_features(max_features: int = 50_000) -> FeatureUnion:
    """Word 1-2-grams plus character 3-5-grams within word boundaries (Dutch compounds)."""
    return FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                     max_features=max_features, lowercase=True)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2,
                                     sublinear_tf=True, max_features=max_features)),
        ]
    )


class TfidfTopicClassifier(TopicSystemMixin, ClassifierMixin, BaseEstimator):
    """TF-IDF + LogisticRegression (`model="logreg"`) or calibrated LinearSVC (`"svm"`)."""

    def __init__(self, model: str = "logreg", C: float = 10.0, max_features: int = 50_000) -> None:
        self.model = model
        self.C = C
        self.max_features = max_features

    def _estimator(self):
        if self.model == "logreg":
            return LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        if self.model == "svm":
            return CalibratedClassifierCV(LinearSVC(C=self.C / 10, class_weight="balanced"), cv=3)
        raise ValueError(f"model must be 'logreg' or 'svm', got {self.model!r}")

    def fit(self, X: Iterable[Letter | str], y) -> TfidfTopicClassifier:
        texts = [letter.text for letter in as_letters(X)]
        self.classes_ = infer_classes(y)
        Y = binarize(y, self.classes_)
        self.pipeline_ = Pipeline(
            [("tfidf", tfidf_features(self.max_features)),
             ("clf", OneVsRestClassifier(self._estimator()))]
        ).fit(texts, Y)
        return self

    def predict_proba(self, X: Iterable[Letter | str]) -> np.ndarray:
        return self.pipeline_.predict_proba([letter.text for letter in as_letters(X)])

    def save(self, path: str | os.PathLike) -> None:
        import skops.io as sio

        sio.dump({"params": self.get_params(), "classes": list(self.classes_),
                  "pipeline": self.pipeline_}, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> TfidfTopicClassifier:
        import skops.io as sio

        untrusted = sio.get_untrusted_types(file=path)
        allowed = [t for t in untrusted if t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
        if set(untrusted) - set(allowed):
            raise ValueError(f"{path}: refuses to load unexpected types {sorted(set(untrusted) - set(allowed))}")
        state = sio.load(path, trusted=allowed)
        model = cls(**state["params"])
        model.classes_ = np.array(state["classes"])
        model.pipeline_ = state["pipeline"]
        return model
