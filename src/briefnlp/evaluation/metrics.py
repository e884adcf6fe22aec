"""Metrics for topics, measures and summaries; safe on empty inputs and absent labels.

Every ratio with a zero denominator is 0.0 (never NaN, never an exception), so a label
that never occurs, an empty prediction or a letter without labels score cleanly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def _ratio(a: float, b: float) -> float:
    return float(a) / float(b) if b else 0.0


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": _ratio(2 * p * r, p + r)}


def topic_scores(y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> dict:
    """Per-label P/R/F1, micro and macro F1, subset accuracy, and a confusion table per label."""
    y_true = np.asarray(y_true, dtype=int).reshape(-1, len(labels))
    y_pred = np.asarray(y_pred, dtype=int).reshape(-1, len(labels))
    per_label, confusion = {}, {}
    totals = np.zeros(3)
    for j, label in enumerate(labels):
        t, p = y_true[:, j].astype(bool), y_pred[:, j].astype(bool)
        tp, fp, fn, tn = int((t & p).sum()), int((~t & p).sum()), int((t & ~p).sum()), int((~t & ~p).sum())
        per_label[label] = prf(tp, fp, fn)
        confusion[label] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn}
        totals += (tp, fp, fn)
    return {
        "macro_f1": float(np.mean([v["f1"] for v in per_label.values()])) if labels else 0.0,
        "micro_f1": prf(*totals)["f1"],
        "subset_accuracy": float((y_true == y_pred).all(axis=1).mean()) if len(y_true) else 0.0,
        "per_label": per_label,
        "confusion": confusion,
    }


def expected_calibration_error(y_true: np.ndarray, proba: np.ndarray, n_bins: int = 10) -> float:
    """ECE over all (letter, label) probabilities: sum_b |B|/N * |acc(B) - conf(B)|.

    Bins are equal-width on [0, 1]; a probability of exactly 1.0 falls in the last bin.
    """
    y = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(proba, dtype=float).ravel()
    if not len(p):
        return 0.0
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.sum() / len(p) * abs(y[mask].mean() - p[mask].mean())
    return float(ece)


def calibration_curve(y_true: np.ndarray, proba: np.ndarray, n_bins: int = 10) -> list[dict]:
    """Per bin: mean confidence, observed frequency and count (for the reliability diagram)."""
    y = np.asarray(y_true, dtype=float).ravel()
    p = np.asarray(proba, dtype=float).ravel()
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    return [
        {"bin": b, "confidence": float(p[bins == b].mean()), "frequency": float(y[bins == b].mean()),
         "count": int((bins == b).sum())}
        for b in range(n_bins) if (bins == b).any()
    ]


def bootstrap_ci(
    per_item: Sequence, statistic: Callable[[list], float], n_resamples: int = 1000,
    seed: int = 0, alpha: float = 0.05,
) -> tuple[float, float]:
    """A percentile bootstrap (1 - alpha) interval of `statistic` over items (letters)."""
    items = list(per_item)
    if not items:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    values = [statistic([items[i] for i in rng.integers(0, len(items), len(items))]) for _ in range(n_resamples)]
    low, high = np.quantile(values, [alpha / 2, 1 - alpha / 2])
    return (float(low), float(high))
