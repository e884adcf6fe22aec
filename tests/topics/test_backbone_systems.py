"""Frozen-embedding and SetFit topic systems on the tiny backbone (mechanics only)."""

import numpy as np
import pytest

TEXTS = [
    "Geachte voorzitter,\n\nDe politie zet extra agenten in. De korpschef is tevreden.",
    "Geachte voorzitter,\n\nEen ransomware-aanval trof de gemeente. Het NCSC hielp.",
    "Geachte voorzitter,\n\nDe AP onderzoekt het datalek. Persoonsgegevens zijn gelekt.",
    "Geachte voorzitter,\n\nDe rechtspraak krijgt meer rechters. Dat helpt.",
] * 2
LABELS = [["politie"], ["cyber"], ["privacy"], []] * 2


def test_embedding_classifier_fits_saves_and_loads(tiny_backbone_dir, tmp_path):
    from sklearn.base import clone

    from briefnlp.topics.embedding import EmbeddingTopicClassifier

    clf = EmbeddingTopicClassifier(backbone=str(tiny_backbone_dir), max_length=32).fit(TEXTS, LABELS)
    proba = clf.predict_proba(TEXTS[:4])
    assert proba.shape == (4, 3)
    assert clone(clf).get_params() == clf.get_params()
    clf.save(tmp_path / "emb")
    loaded = type(clf).load(tmp_path / "emb")
    np.testing.assert_allclose(loaded.predict_proba(TEXTS[:4]), proba, atol=1e-6)
    assert list(loaded.classes_) == ["cyber", "politie", "privacy"]


def test_setfit_peer_trains_on_the_same_backbone(tiny_backbone_dir):
    pytest.importorskip("setfit")
    from briefnlp.topics.setfit_peer import SetFitTopicClassifier

    clf = SetFitTopicClassifier(backbone=str(tiny_backbone_dir), num_iterations=1, batch_size=4,
                                max_length=32).fit(TEXTS, LABELS)
    proba = clf.predict_proba(TEXTS[:4])
    assert proba.shape == (4, 3) and ((proba >= 0) & (proba <= 1)).all()
    assert clf.predict(TEXTS[:4]).shape == (4, 3)
