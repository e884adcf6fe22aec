"""`briefnlp train` end to end on a tiny backbone: model folder, card with harness figures."""

import json

import pytest

from briefnlp.cli import main


def test_train_writes_a_loadable_model_and_a_card_with_harness_figures(
    tiny_backbone_dir, tiny_letter_records, tmp_path, capsys
):
    data = tmp_path / "letters.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in tiny_letter_records), encoding="utf-8")
    out = tmp_path / "model"
    code = main(["train", "--train", str(data), "--dev", str(data), "--evaluate", str(data),
                 "--backbone", str(tiny_backbone_dir), "--max-steps", "2", "--max-length", "32",
                 "--stride", "8", "--lora-layers", "1", "--out", str(out)])
    assert code == 0 and "model written" in capsys.readouterr().out
    card = (out / "README.md").read_text(encoding="utf-8")
    figures = json.loads(card.split("```json")[1].split("```")[0])
    assert figures["data"]["n_letters"] == len(tiny_letter_records)
    assert 0.0 <= figures["topics"]["macro_f1"] <= 1.0 and set(figures["topics"]["per_label_f1"]) == {
        "cyber", "politie", "privacy"}
    assert "f1" in figures["measures"]
    options = json.loads(card.split("- options: `")[1].split("`")[0])
    assert options["lora_top_layers"] == 1 and options["lora_targets"] == "query,key,value,dense"

    from briefnlp.topics.classifier import TopicClassifier

    clf = TopicClassifier.from_pretrained(out)
    assert clf.predict_proba([r["text"] for r in tiny_letter_records]).shape == (len(tiny_letter_records), 3)


def test_refit_measure_head_folds_the_regression_into_the_model(tiny_letter_model_dir, tiny_letter_records):
    """After the refit, the model's own measure logits are the logistic regression's
    decision function on the same sentence features (scaler folded in)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from briefnlp.modeling.fit import _scored_with_features, prepare, refit_measure_head
    from briefnlp.modeling.pretrained import LetterTransformer

    transformer = LetterTransformer.from_pretrained(tiny_letter_model_dir)
    letters, _, flags = prepare(tiny_letter_records, transformer.labels)
    X = np.concatenate([o.measure_features for o in _scored_with_features(transformer, letters)])
    t = np.concatenate([np.asarray(f) for f in flags])
    assert X.shape == (len(t), 4 * transformer.model.encoder.config.hidden_size)

    result = refit_measure_head(transformer, tiny_letter_records, tiny_letter_records, C=0.5)
    assert transformer.model.config.measure_head == "linear" and 0.0 <= result["dev_f1"] <= 1.0
    scaler = StandardScaler().fit(X)
    expected = LogisticRegression(C=0.5, max_iter=3000, class_weight="balanced").fit(
        scaler.transform(X), t).decision_function(scaler.transform(X))
    got = np.concatenate([o.measure_logits for o in transformer.run(letters)])
    np.testing.assert_allclose(got, expected, rtol=1e-3, atol=1e-3)
    # the calibration that the refit made from the dev features equals one from a fresh pass
    refit = transformer.calibration.to_dict()
    transformer.calibrate(letters, prepare(tiny_letter_records, transformer.labels)[1], flags)
    np.testing.assert_allclose(refit["measures"], transformer.calibration.to_dict()["measures"], rtol=1e-3, atol=1e-4)
    assert refit["measure_threshold"] == pytest.approx(transformer.calibration.measure_threshold, abs=1e-4)
