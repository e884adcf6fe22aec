import numpy as np
import pytest
from sklearn.base import clone

from briefnlp.topics import KeywordTopicClassifier, TfidfTopicClassifier

TEXTS = [
    "Geachte voorzitter,\n\nDe politie heeft extra agenten ingezet in de basisteams.",
    "Geachte voorzitter,\n\nEen ransomware-aanval trof de gemeente; het NCSC hielp bij het herstel.",
    "Geachte voorzitter,\n\nDe AP onderzoekt het datalek met persoonsgegevens van patiënten.",
    "Geachte voorzitter,\n\nDe rechtspraak krijgt meer rechters om achterstanden weg te werken.",
] * 3
LABELS = [["politie"], ["cyber"], ["privacy"], []] * 3


def test_keyword_rule_fires_on_typical_words():
    clf = KeywordTopicClassifier().fit()
    assert clf.predict_labels(TEXTS[:4]) == [["politie"], ["cyber"], ["privacy"], []]


@pytest.mark.parametrize("model", ["logreg", "svm"])
def test_tfidf_fit_predict_clone_and_save(model, tmp_path):
    clf = TfidfTopicClassifier(model=model, C=10.0).fit(TEXTS, LABELS)
    assert list(clf.classes_) == ["cyber", "politie", "privacy"]
    proba = clf.predict_proba(TEXTS[:4])
    assert proba.shape == (4, 3) and ((proba >= 0) & (proba <= 1)).all()
    np.testing.assert_array_equal(clf.predict(TEXTS[:4]), (proba >= 0.5).astype(int))
    twin = clone(clf)
    assert twin.get_params() == clf.get_params() and not hasattr(twin, "pipeline_")
    clf.save(tmp_path / "m.skops")
    loaded = TfidfTopicClassifier.load(tmp_path / "m.skops")
    np.testing.assert_allclose(loaded.predict_proba(TEXTS[:4]), proba)


def test_tfidf_learns_user_label_sets():
    clf = TfidfTopicClassifier().fit(TEXTS, [["veiligheid"] if l else ["overig"] for l in LABELS])
    assert list(clf.classes_) == ["overig", "veiligheid"]
