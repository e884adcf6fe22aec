import numpy as np
import pytest

from briefnlp.evaluation.metrics import bootstrap_ci, expected_calibration_error, prf, topic_scores
from briefnlp.evaluation.rouge import DutchTokenizer, rouge

LABELS = ["cyber", "politie", "privacy"]


def test_topic_scores_match_hand_computation():
    y = np.array([[1, 1, 0], [0, 1, 0], [0, 0, 0], [1, 0, 0]])
    p = np.array([[1, 0, 0], [0, 1, 1], [0, 0, 0], [1, 0, 0]])
    s = topic_scores(y, p, LABELS)
    # cyber: tp 2 -> F1 1; politie: tp 1, fn 1 -> P 1, R .5, F1 2/3; privacy: fp 1, no positives -> 0
    assert s["per_label"]["cyber"]["f1"] == pytest.approx(1.0)
    assert s["per_label"]["politie"]["f1"] == pytest.approx(2 / 3)
    assert s["per_label"]["privacy"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert s["macro_f1"] == pytest.approx((1 + 2 / 3 + 0) / 3)
    # micro: tp 3, fp 1, fn 1 -> P .75 R .75
    assert s["micro_f1"] == pytest.approx(0.75)
    assert s["subset_accuracy"] == pytest.approx(0.5)
    assert s["confusion"]["politie"] == {"tp": 1, "fp": 0, "fn": 1, "tn": 2}


def test_empty_and_unlabelled_inputs_do_not_divide_by_zero():
    s = topic_scores(np.zeros((0, 3)), np.zeros((0, 3)), LABELS)
    assert s["macro_f1"] == 0.0 and s["subset_accuracy"] == 0.0
    s = topic_scores(np.zeros((2, 3)), np.zeros((2, 3)), LABELS)
    assert s["subset_accuracy"] == 1.0 and s["micro_f1"] == 0.0
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert expected_calibration_error(np.zeros(0), np.zeros(0)) == 0.0


def test_ece_by_hand():
    y = np.array([1, 0, 1, 1])
    p = np.array([0.9, 0.9, 0.2, 1.0])
    # bin 9 holds .9, .9, 1.0: conf .9333, acc 2/3 -> 3/4 * .2667 ; bin 2 holds .2: acc 1 -> 1/4 * .8
    expected = 0.75 * abs(2 / 3 - (0.9 + 0.9 + 1.0) / 3) + 0.25 * 0.8
    assert expected_calibration_error(y, p) == pytest.approx(expected)


def test_bootstrap_is_seeded_and_brackets_the_mean():
    values = list(np.linspace(0, 1, 50))
    a = bootstrap_ci(values, lambda s: float(np.mean(s)), seed=3)
    b = bootstrap_ci(values, lambda s: float(np.mean(s)), seed=3)
    assert a == b and a[0] < 0.5 < a[1]


def test_dutch_tokenizer_keeps_diacritics():
    tokens = DutchTokenizer(stem=False).tokenize("Het OM is geïnformeerd over coördinatie.")
    assert tokens == ["het", "om", "is", "geïnformeerd", "over", "coördinatie"]


def test_rouge_by_hand():
    # unstemmed overlap: reference 4 tokens, candidate 3; common unigrams "politie", "start" -> P 2/3 R 2/4
    (scores,) = rouge([["Politie start campagne"]], [["De politie start onderzoek"]])
    p, r = 2 / 3, 2 / 4
    assert scores["rouge1"] == pytest.approx(2 * p * r / (p + r))
    assert scores["rouge2"] == pytest.approx(2 * (1 / 2) * (1 / 3) / (1 / 2 + 1 / 3))
    assert rouge([[]], [["iets"]])[0]["rougeL"] == 0.0
