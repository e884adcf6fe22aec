"""The shipped default model on the seed letter (real backbone: marked `backbone`)."""

from pathlib import Path

import pytest

from briefnlp.datasets.align import match_measures

SEED = Path(__file__).resolve().parents[1] / "examples" / "2024-10-09-update-over-hack-bij-de-politie.txt"
CONDITIONAL = "Mocht onderzoek daartoe aanleiding geven"

pytestmark = pytest.mark.backbone


@pytest.fixture(scope="module")
def analysis():
    from briefnlp import LetterAnalyser, read_letter
    from briefnlp.modeling.shipped import default_model_dir

    try:
        model_dir = default_model_dir()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    letter = read_letter(SEED)
    return letter, LetterAnalyser.from_pretrained(model_dir).analyse([letter])[0]


def test_seed_letter_is_cyber_politie_and_privacy(analysis):
    _, result = analysis
    assert result.labels == ["cyber", "politie", "privacy"], result.scores


def test_seed_letter_measures(analysis):
    import json

    from briefnlp.datasets import DATA_DIR

    letter, result = analysis
    (gold,) = [r for r in json.loads((DATA_DIR / "real.json").read_text()) if r["file"] == SEED.name]
    found = [m.sentence for m in result.summary.measures]
    tp, _, _ = match_measures(found, gold["measures"])
    assert tp >= 6, f"found {tp} of {len(gold['measures'])}: {found}"
    assert not any(s.startswith(CONDITIONAL) for s in found), "a conditional promise is not a measure"


def test_seed_letter_summary_is_grounded(analysis):
    letter, result = analysis
    assert not any(m.sentence.startswith(CONDITIONAL) for m in result.summary.measures)
    for m in result.summary.measures:
        assert letter.text[m.start : m.end] == m.sentence and len(m.bullet.split()) <= 20
