"""What every topic system shares: input coercion, label binarisation, `predict`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from briefnlp.datasets.schema import LABELS
from briefnlp.letter import Letter


def as_letters(X: Iterable[Letter | str]) -> list[Letter]:
    """Accept `Letter`s or raw text (read with `read_letter`)."""
    from briefnlp.reading import read_letter

    return [x if isinstance(x, Letter) else read_letter(x) for x in X]


def binarize(y: Sequence[Sequence[str]] | np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """Label lists -> an [n, len(classes)] 0/1 matrix (a matrix passes through)."""
    if isinstance(y, np.ndarray) and y.ndim == 2:
        return y.astype(int)
    return np.array([[int(c in labels) for c in classes] for labels in y], dtype=int).reshape(-1, len(classes))


def infer_classes(y) -> np.ndarray:
    """The label set of training targets: the project's labels first, then any others.

    A 0/1 matrix with as many columns as `LABELS` is read as those labels.
    """
    if isinstance(y, np.ndarray) and y.ndim == 2:
        if y.shape[1] == len(LABELS):
            return np.array(LABELS)
        return np.array([f"label_{i}" for i in range(y.shape[1])])
    seen = {label for labels in y for label in labels}
    return np.array([c for c in LABELS if c in seen] + sorted(seen - set(LABELS)))


class TopicSystemMixin:
    """`predict` from `predict_proba` and per-label thresholds (0.5 unless tuned)."""

    classes_: np.ndarray
    thresholds_: np.ndarray | None = None

    def predict(self, X: Iterable[Letter | str]) -> np.ndarray:
        proba = self.predict_proba(X)  # type: ignore[attr-defined]
        cuts = self.thresholds_ if self.thresholds_ is not None else 0.5
        return (proba >= cuts).astype(int)

    def predict_labels(self, X: Iterable[Letter | str]) -> list[list[str]]:
        """Label names per letter (what users usually want)."""
        return [[c for c, on in zip(self.classes_, row) if on] for row in self.predict(X)]

