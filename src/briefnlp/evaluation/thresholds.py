"""How to pick a decision threshold: compare rules on held-out halves of the dev split.

The fine-tuned model tunes one threshold per label on a small dev split. Whether another
rule would generalise better can be asked of dev alone, without touching test: fit Platt
scaling and each rule's threshold on a random half of the dev letters and score F1 on
the other half, many times over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from briefnlp.evaluation.metrics import prf
from briefnlp.modeling.calibration import PlattScaler, best_threshold, f1_optimal_threshold


def _f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = int((pred & y).sum())
    return prf(tp, int(pred.sum()) - tp, int(y.sum()) - tp)["f1"]


THRESHOLD_RULES: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {
    "argmax_f1": best_threshold,  # what models used until the comparison below
    "half_best_f1": f1_optimal_threshold,  # what models use
    "fixed_0.5": lambda proba, y: 0.5,
}


def compare_threshold_rules(
    logits: Sequence[np.ndarray],
    targets: Sequence[np.ndarray],
    repeats: int = 200,
    seed: int = 0,
) -> dict[str, float]:
    """Mean held-out-half F1 of each rule in `THRESHOLD_RULES`.

    `logits[i]` and `targets[i]` are letter i's scores and 0/1 targets (one value per
    letter for a topic, one per sentence for measures); halves are drawn over letters.
    """
    rng = np.random.default_rng(seed)
    n = len(logits)
    if n < 4:
        raise ValueError(f"need at least 4 letters to split in halves, got {n}")
    scores: dict[str, list[float]] = {name: [] for name in THRESHOLD_RULES}
    for _ in range(repeats):
        order = rng.permutation(n)
        fit, held = order[: n // 2], order[n // 2 :]
        x_fit = np.concatenate([np.atleast_1d(logits[i]) for i in fit])
        y_fit = np.concatenate([np.atleast_1d(targets[i]) for i in fit]).astype(bool)
        x_held = np.concatenate([np.atleast_1d(logits[i]) for i in held])
        y_held = np.concatenate([np.atleast_1d(targets[i]) for i in held]).astype(bool)
        scaler = PlattScaler().fit(x_fit, y_fit)
        for name, rule in THRESHOLD_RULES.items():
            cut = rule(scaler(x_fit), y_fit)
            scores[name].append(_f1(scaler(x_held) >= cut, y_held))
    return {name: float(np.mean(v)) for name, v in scores.items()}
