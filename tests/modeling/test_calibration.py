"""Decision thresholds: the F1-optimal cut for calibrated probabilities."""

import numpy as np
import pytest

from briefnlp.modeling.calibration import best_threshold, f1_optimal_threshold


def test_threshold_is_half_the_best_f1():
    proba = np.array([0.9, 0.8, 0.7, 0.3, 0.2])
    y = np.array([1, 1, 0, 1, 0])
    assert best_threshold(proba, y) == pytest.approx(0.3)  # 3 of 4 predicted right: F1 6/7
    assert f1_optimal_threshold(proba, y) == pytest.approx(3 / 7)


def test_perfect_separation_gives_one_half_and_no_positives_the_default():
    assert f1_optimal_threshold(np.array([0.9, 0.6, 0.2]), np.array([1, 1, 0])) == pytest.approx(0.5)
    assert f1_optimal_threshold(np.array([0.9, 0.2]), np.array([0, 0]), default=0.4) == 0.4


def test_calibrate_uses_it_for_topics_and_measures(tiny_letter_model_dir, tiny_letter_records):
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.pretrained import LetterTransformer

    transformer = LetterTransformer.from_pretrained(tiny_letter_model_dir)
    letters, y, flags = prepare(tiny_letter_records, transformer.labels)
    outputs = transformer.run(letters)
    transformer.calibrate(letters, y, flags, outputs=outputs)
    cal = transformer.calibration
    logits = np.stack([o.topic_logits for o in outputs])
    for i, label in enumerate(transformer.labels):
        expected = f1_optimal_threshold(cal.topics[label](logits[:, i]), y[:, i])
        assert cal.thresholds[label] == pytest.approx(expected)
    m_logits = np.concatenate([o.measure_logits for o in outputs])
    m_y = np.concatenate([np.asarray(f) for f in flags])
    assert cal.measure_threshold == pytest.approx(f1_optimal_threshold(cal.measures(m_logits), m_y))
