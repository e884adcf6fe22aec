"""Ensembles of letter models: training with --members, combining folders, save/load,
averaged logits, and the errors for what an ensemble cannot do."""

import json

import numpy as np
import pytest

from briefnlp.cli import main

TINY = ["--max-steps", "2", "--max-length", "32", "--stride", "8", "--lora-layers", "1"]


def _jsonl(records, path):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def two_members(tiny_backbone_dir, tiny_letter_records, tmp_path_factory):
    """Two tiny models trained alike with seeds 42 and 43, and their records file."""
    root = tmp_path_factory.mktemp("members")
    data = _jsonl(tiny_letter_records, root / "letters.jsonl")
    folders = []
    for seed in (42, 43):
        out = root / f"seed{seed}"
        assert main(["train", "--train", str(data), "--dev", str(data), "--evaluate", "none",
                     "--backbone", str(tiny_backbone_dir), *TINY, "--seed", str(seed), "--out", str(out)]) == 0
        folders.append(out)
    return data, folders


def test_an_ensemble_averages_its_members_logits(two_members, tiny_letter_records):
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.pretrained import LetterTransformer

    _, folders = two_members
    singles = [LetterTransformer.from_pretrained(f) for f in folders]
    letters, _, _ = prepare(tiny_letter_records, singles[0].labels)
    outputs = [t.run(letters) for t in singles]
    # the two seeds gave two different models
    assert not np.allclose(outputs[0][0].measure_logits, outputs[1][0].measure_logits)
    ensemble = LetterTransformer.ensemble(singles)
    assert len(ensemble.members) == 2
    for i, out in enumerate(ensemble.run(letters)):
        np.testing.assert_allclose(out.topic_logits, (outputs[0][i].topic_logits + outputs[1][i].topic_logits) / 2,
                                   rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(out.measure_logits,
                                   (outputs[0][i].measure_logits + outputs[1][i].measure_logits) / 2,
                                   rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(
            out.sentence_topic_logits,
            (outputs[0][i].sentence_topic_logits + outputs[1][i].sentence_topic_logits) / 2, rtol=1e-5, atol=1e-5)


def test_combined_folders_save_load_and_score_the_same(two_members, tiny_letter_records, tmp_path):
    from briefnlp import MeasureSummariser
    from briefnlp.modeling.pretrained import MEMBER_DIR, LetterTransformer

    data, folders = two_members
    out = tmp_path / "ensemble"
    assert main(["train", "--combine", *map(str, folders), "--dev", str(data), "--evaluate", str(data),
                 "--out", str(out)]) == 0
    saved = json.loads((out / "briefnlp_config.json").read_text())
    assert saved["members"] == 2 and (out / MEMBER_DIR.format(1) / "heads.safetensors").is_file()
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "An ensemble of 2" in card and "seeds 42, 43" in card and "```json" in card

    loaded = LetterTransformer.from_pretrained(out)
    assert len(loaded.members) == 2
    # the frozen embedding table and bottom layer (LoRA on the top 1 of 2) are held once
    assert loaded.members[0].encoder.embeddings is loaded.members[1].encoder.embeddings
    assert loaded.model.shared_layers == 1
    assert loaded.members[0].encoder.encoder.layer[0] is loaded.members[1].encoder.encoder.layer[0]
    assert loaded.members[0].encoder.encoder.layer[1] is not loaded.members[1].encoder.encoder.layer[1]
    first = MeasureSummariser.from_pretrained(out).summarise(tiny_letter_records[0]["text"])
    again = MeasureSummariser.from_pretrained(out).summarise(tiny_letter_records[0]["text"])
    assert [m.score for m in first.measures] == [m.score for m in again.measures]

    # saving a single model over it removes the stale member folder
    LetterTransformer.from_pretrained(folders[0], merge=False).save_pretrained(out)
    assert not (out / MEMBER_DIR.format(1)).exists()
    assert len(LetterTransformer.from_pretrained(out).members) == 1


def test_train_with_members_trains_seed_and_seed_plus_one(
        two_members, tiny_backbone_dir, tmp_path):
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.pretrained import LetterTransformer

    data, folders = two_members
    out = tmp_path / "ensemble"
    assert main(["train", "--train", str(data), "--dev", str(data), "--evaluate", "none",
                 "--backbone", str(tiny_backbone_dir), *TINY, "--seed", "42", "--members", "2",
                 "--out", str(out)]) == 0
    trained = LetterTransformer.from_pretrained(out)
    combined = LetterTransformer.ensemble([LetterTransformer.from_pretrained(f) for f in folders])
    records = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines()]
    letters, _, _ = prepare(records, trained.labels)
    for a, b in zip(trained.run(letters), combined.run(letters)):
        np.testing.assert_allclose(a.measure_logits, b.measure_logits, rtol=1e-4, atol=1e-4)
    assert "seeds 42, 43" in (out / "README.md").read_text(encoding="utf-8")


def test_what_an_ensemble_cannot_do_says_so(two_members, tiny_letter_records, tmp_path):
    from briefnlp.modeling.ensemble import LetterEnsemble
    from briefnlp.modeling.fit import refit_measure_head
    from briefnlp.modeling.pretrained import LetterTransformer

    data, folders = two_members
    singles = [LetterTransformer.from_pretrained(f) for f in folders]
    with pytest.raises(ValueError, match="at least two"):
        LetterEnsemble([singles[0].model])
    singles[1].model.config.measure_weight = 9.0
    with pytest.raises(ValueError, match="configured differently"):
        LetterEnsemble([s.model for s in singles])
    singles[1].model.config.measure_weight = singles[0].model.config.measure_weight
    with pytest.raises(ValueError, match="ensemble"):
        refit_measure_head(LetterTransformer.ensemble(singles), tiny_letter_records, tiny_letter_records)
    with pytest.raises(ValueError, match="at least two"):
        main(["train", "--combine", str(folders[0]), "--out", str(tmp_path / "x")])
    with pytest.raises(ValueError, match="refit"):
        main(["train", "--train", str(data), "--members", "2", "--refit-measures", "--out", str(tmp_path / "y")])
    # a member folder lost from a saved ensemble is named
    out = tmp_path / "broken"
    LetterTransformer.ensemble([LetterTransformer.from_pretrained(f, merge=False) for f in folders]).save_pretrained(out)
    (out / "member-1" / "heads.safetensors").unlink()
    with pytest.raises(FileNotFoundError, match="member-1"):
        LetterTransformer.from_pretrained(out)


def test_batch_settings_reach_every_member(two_members, tmp_path):
    from briefnlp.batch.grouping import LengthGroupedEncoder
    from briefnlp.batch.model import load_analyser
    from briefnlp.modeling.pretrained import LetterTransformer

    _, folders = two_members
    out = tmp_path / "ensemble"
    LetterTransformer.ensemble([LetterTransformer.from_pretrained(f, merge=False) for f in folders]).save_pretrained(out)
    analyser = load_analyser(out, precision="int8")
    members = analyser.transformer.members
    assert len(members) == 2
    for member in members:
        assert isinstance(member.encoder, LengthGroupedEncoder)
        linear = next(m for m in member.encoder.modules() if "Linear" in type(m).__name__)
        assert "quantized" in type(linear).__module__


def test_combine_refuses_models_trained_differently(two_members, tmp_path):
    import shutil

    _, folders = two_members
    other = tmp_path / "other"
    shutil.copytree(folders[1], other)
    card = other / "README.md"
    card.write_text(card.read_text(encoding="utf-8").replace('"epochs": ', '"epochs": 1', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="trained differently"):
        main(["train", "--combine", str(folders[0]), str(other), "--out", str(tmp_path / "x")])
    assert not (tmp_path / "x").exists()


def test_the_shared_bottom_runs_once_and_changes_nothing(two_members, tiny_letter_records, tmp_path):
    from unittest import mock

    from briefnlp.modeling import layers
    from briefnlp.modeling.fit import prepare
    from briefnlp.modeling.pretrained import LetterTransformer

    _, folders = two_members
    out = tmp_path / "ensemble"
    LetterTransformer.ensemble([LetterTransformer.from_pretrained(f, merge=False) for f in folders]).save_pretrained(out)
    ensemble = LetterTransformer.from_pretrained(out)
    letters, _, _ = prepare(tiny_letter_records, ensemble.labels)
    with mock.patch.object(layers, "run_bottom", wraps=layers.run_bottom) as bottom:
        shared = ensemble.run(letters)
    assert bottom.call_count >= 1  # the shared path ran (members do not call run_bottom)
    ensemble.model.shared_layers = 0  # every member runs its whole encoder
    with mock.patch.object(layers, "run_bottom", wraps=layers.run_bottom) as bottom:
        full = ensemble.run(letters)
    assert bottom.call_count == 0
    for a, b in zip(shared, full):
        np.testing.assert_allclose(a.topic_logits, b.topic_logits, rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(a.measure_logits, b.measure_logits, rtol=1e-4, atol=1e-5)
