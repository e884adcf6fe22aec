"""Threshold rules compared on held-out halves (dev only)."""

import numpy as np
import pytest

from briefnlp.evaluation.thresholds import THRESHOLD_RULES, compare_threshold_rules


def test_separable_scores_give_every_rule_full_f1():
    y = np.array([0, 1] * 10)
    result = compare_threshold_rules(list(np.where(y == 1, 5.0, -5.0)), list(y), repeats=20)
    assert set(result) == set(THRESHOLD_RULES) and all(v == 1.0 for v in result.values())


def test_rare_positives_need_a_lower_cut_than_one_half():
    """With a 10% base rate and overlapping scores a calibrated probability rarely reaches
    0.5, so the fixed cut misses most positives; the F1-seeking rules do not."""
    rng = np.random.default_rng(1)
    y = (rng.random(300) < 0.1).astype(int)
    logits = rng.normal(np.where(y == 1, 0.5, -0.5), 1.0)
    result = compare_threshold_rules(list(logits), list(y), repeats=30, seed=3)
    assert result["argmax_f1"] > result["fixed_0.5"] + 0.1
    assert result["half_best_f1"] > result["fixed_0.5"] + 0.1
    assert result == compare_threshold_rules(list(logits), list(y), repeats=30, seed=3)


def test_per_sentence_targets_are_split_by_letter_and_too_few_letters_refused():
    letters = [np.array([2.0, -2.0, -1.0]), np.array([-2.0, 3.0]), np.array([1.5]), np.array([-3.0, -1.0])] * 3
    flags = [np.array([1, 0, 0]), np.array([0, 1]), np.array([1]), np.array([0, 0])] * 3
    assert compare_threshold_rules(letters, flags, repeats=10)["argmax_f1"] == 1.0
    with pytest.raises(ValueError, match="at least 4 letters"):
        compare_threshold_rules(letters[:3], flags[:3])
