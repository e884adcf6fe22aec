"""Frozen backbone embeddings (e5 mean pooling over chunks) + LogisticRegression."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression

from briefnlp.letter import Letter
from briefnlp.topics.base import TopicSystemMixin, as_letters, binarize, infer_classes


class EmbeddingTopicClassifier(TopicSystemMixin, ClassifierMixin, BaseEstimator):
    """One LogisticRegression per label on frozen letter embeddings.

    The backbone is loaded lazily and not part of the estimator's parameters, so the
    estimator clones cheaply; its saved form is JSON plus an `.npz` of coefficients.
    """

    def __init__(self, backbone: str = "e5-small", C: float = 10.0, max_length: int = 512) -> None:
        self.backbone = backbone
        self.C = C
        self.max_length = max_length

    def embed(self, X: Iterable[Letter | str]) -> np.ndarray:
        from briefnlp.backbones import load_backbone
        from briefnlp.modeling.chunking import LetterChunker
        from briefnlp.modeling.inference import embed_letters

        if getattr(self, "_encoder", None) is None:
            self._encoder, tokenizer = load_backbone(self.backbone)
            self._chunker = LetterChunker(tokenizer, self.max_length, stride=min(32, self.max_length // 4))
        return np.stack(embed_letters(self._encoder, self._chunker, as_letters(X)))

    def fit(self, X: Iterable[Letter | str], y) -> EmbeddingTopicClassifier:
        self.classes_ = infer_classes(y)
        Y = binarize(y, self.classes_)
        E = self.embed(X)
        self.coef_ = np.zeros((Y.shape[1], E.shape[1]))
        self.intercept_ = np.zeros(Y.shape[1])
        for j in range(Y.shape[1]):
            if len(np.unique(Y[:, j])) < 2:  # constant label: a constant score
                self.intercept_[j] = 10.0 if Y[0, j] else -10.0
                continue
            lr = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced").fit(E, Y[:, j])
            self.coef_[j], self.intercept_[j] = lr.coef_[0], lr.intercept_[0]
        return self

    def predict_proba(self, X: Iterable[Letter | str]) -> np.ndarray:
        z = self.embed(X) @ self.coef_.T + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def save(self, path: str | os.PathLike) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.savez(path / "weights.npz", coef=self.coef_, intercept=self.intercept_)
        params = {**self.get_params(), "classes": list(self.classes_)}
        (path / "config.json").write_text(json.dumps(params, indent=2))

    @classmethod
    def load(cls, path: str | os.PathLike) -> EmbeddingTopicClassifier:
        path = Path(path)
        params = json.loads((path / "config.json").read_text())
        classes = params.pop("classes")
        model = cls(**params)
        weights = np.load(path / "weights.npz", allow_pickle=False)
        model.classes_, model.coef_, model.intercept_ = np.array(classes), weights["coef"], weights["intercept"]
        return model
