"""The stacked measure detector learns which base detector to trust, on held-out letters."""

import numpy as np
import pytest

from briefnlp.measures.base import MeasureDetectorMixin
from briefnlp.measures.stacked import StackedMeasureDetector
from briefnlp.reading import read_letter


class WordDetector(MeasureDetectorMixin):
    """Scores 0.9 for sentences holding `word`, else 0.1."""

    def __init__(self, word: str) -> None:
        self.word = word

    def score_sentences(self, letters):
        return [np.array([0.9 if self.word in s.text else 0.1 for s in l.sentences]) for l in letters]


def _letters(n: int, seed: int):
    """Letters whose measure sentences say "start"; "vind" is noise, in either kind of sentence."""
    rng = np.random.default_rng(seed)
    letters, flags = [], []
    for _ in range(n):
        sentences = []
        for _ in range(6):
            measure, noise = rng.random() < 0.4, rng.random() < 0.5
            sentences.append(("De politie start een onderzoek" if measure else "Het weer is grijs")
                             + (" en dat vind ik goed." if noise else "."))
        letter = read_letter("Geachte voorzitter,\n\n" + " ".join(sentences))
        letters.append(letter)
        flags.append([int(s.text.startswith("De politie start")) for s in letter.sentences])
    return letters, flags


def test_the_stack_trusts_the_informative_detector_and_detects_its_sentences():
    fit_letters, fit_flags = _letters(12, seed=0)
    stack = StackedMeasureDetector([WordDetector("vind"), WordDetector("start")]).fit(fit_letters, fit_flags)
    noise_weight, signal_weight = stack.weights_
    assert signal_weight > 1.0 and abs(noise_weight) < 0.5 * signal_weight
    new_letters, new_flags = _letters(5, seed=1)
    for letter, scores, f in zip(new_letters, stack.score_sentences(new_letters), new_flags):
        assert len(scores) == len(letter.sentences)
        assert list((scores >= stack.threshold_).astype(int)) == f
    detected = stack.detect(new_letters[:1])[0]
    assert [s.text.startswith("De politie start") for s, _ in detected] == [True] * sum(new_flags[0])


def test_bad_fitting_data_gets_a_clear_error():
    letters, flags = _letters(3, seed=2)
    with pytest.raises(ValueError, match="flag lists"):
        StackedMeasureDetector([WordDetector("start")]).fit(letters, flags[:2])
    with pytest.raises(ValueError, match="both measure and other"):
        StackedMeasureDetector([WordDetector("start")]).fit(letters, [[0] * len(f) for f in flags])
    with pytest.raises(ValueError, match="one flag per sentence"):
        StackedMeasureDetector([WordDetector("start")]).fit(letters, [f + [1, 0] for f in flags])
    with pytest.raises(ValueError, match="at least one"):
        StackedMeasureDetector([])


def test_harness_fits_the_stack_on_dev_and_refuses_without_it(tiny_letter_model_dir, tiny_letter_records):
    from briefnlp.evaluation import evaluate

    with pytest.raises(ValueError, match="dev records"):
        evaluate(tiny_letter_records, tiny_letter_records, ["finetuned+tfidf"], model_dir=str(tiny_letter_model_dir))
    m = evaluate(tiny_letter_records, tiny_letter_records, ["finetuned", "finetuned+tfidf"],
                 model_dir=str(tiny_letter_model_dir), dev_records=tiny_letter_records)
    assert {"finetuned", "finetuned+tfidf"} <= set(m["measures"])
    assert 0.0 <= m["measures"]["finetuned+tfidf"]["f1"] <= 1.0
    assert m["dev_data"]["n_letters"] == len(tiny_letter_records)  # which letters fitted the stack
    assert m["dev_data"]["sha256"] == m["data"]["sha256"]  # the same records here, so the same digest
