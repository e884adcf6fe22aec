"""Vocabulary trimming keeps Dutch tokenisation and embeddings identical (tiny models).

The same checks on the real e5-small are in test_e5_small.py.
"""

from __future__ import annotations

import gzip
import json

import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import PreTrainedTokenizerFast

from briefnlp.backbones import UnsupportedBackboneError, load_backbone
from briefnlp.backbones.trim import (
    TRIM_INFO,
    dutch_pieces,
    dutch_pieces_path,
    kept_token_ids,
    trim_backbone,
)

DUTCH = [
    "Met deze brief informeer ik uw Kamer over de hack bij de politie.",
    "Het kabinet investeert in cyberweerbaarheid; de AVG en de NIS2-richtlijn gelden ook.",
    "Zoals eerder gemeld (27 september jl.) zijn privé(contact)gegevens buitgemaakt.",
]
CORPUS_ONLY = "Zorgverzekeraarsconvenant-evaluatierapportage 2024/2025: ✓ afgerond."


def embed(model, tokenizer, texts):
    batch = tokenizer(["passage: " + t for t in texts], padding=True, return_tensors="pt")
    with torch.inference_mode():
        return model(**batch).last_hidden_state, batch


def test_shipped_piece_list_is_small_and_documented():
    path = dutch_pieces_path()
    assert path.stat().st_size < 300_000
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = json.loads(handle.readline())
    pieces = dutch_pieces()
    assert header["pieces"] == len(pieces) > 30_000
    assert "wdutch" in header["sources"] and "regenerate" in header
    assert {"\u2581de", "\u2581politie", "\u2581Kamer", ",", "."} <= set(pieces)


@pytest.mark.parametrize("fixture", ["tiny_backbone_dir", "tiny_roberta_dir"])
def test_trim_keeps_tokens_and_embeddings(request, tmp_path, fixture):
    src = request.getfixturevalue(fixture)
    report = trim_backbone(src, tmp_path / "trimmed", texts=[CORPUS_ONLY], dutch=False)
    assert report.vocab_after < report.vocab_before / 5
    assert report.params_after < report.params_before
    info = json.loads((tmp_path / "trimmed" / TRIM_INFO).read_text())
    assert info["kept_ids"] == report.kept_ids and report.kept_ids[:4] == [0, 1, 2, 3]

    full_model, full_tok = load_backbone(src)
    small_model, small_tok = load_backbone(tmp_path / "trimmed")
    assert small_model.get_input_embeddings().num_embeddings == report.vocab_after
    assert len(small_tok) == report.vocab_after
    assert small_tok.mask_token_id == report.vocab_after - 1
    texts = [CORPUS_ONLY]
    for text in texts:  # same pieces, ids renumbered consistently
        assert small_tok.tokenize(text) == full_tok.tokenize(text)
        old_ids = full_tok(text)["input_ids"]
        assert [report.kept_ids[i] for i in small_tok(text)["input_ids"]] == old_ids
    full, _ = embed(full_model, full_tok, texts)
    small, _ = embed(small_model, small_tok, texts)
    assert torch.equal(full, small)


def test_trim_with_dutch_list_covers_dutch_text(tiny_backbone_dir, tmp_path):
    report = trim_backbone(tiny_backbone_dir, tmp_path / "nl")
    full_model, full_tok = load_backbone(tiny_backbone_dir)
    small_model, small_tok = load_backbone(tmp_path / "nl")
    for text in DUTCH:
        assert small_tok.tokenize(text) == full_tok.tokenize(text)
    full, _ = embed(full_model, full_tok, DUTCH)
    assert torch.equal(full, embed(small_model, small_tok, DUTCH)[0])
    assert report.vocab_after == report.vocab_before  # the fixture already holds the Dutch list


def test_dropped_pieces_fall_back_to_kept_ones(tiny_backbone_dir, tmp_path):
    trim_backbone(tiny_backbone_dir, tmp_path / "few", texts=["de politie"], dutch=False)
    _, small_tok = load_backbone(tmp_path / "few")
    vocab = small_tok.get_vocab()
    ids = small_tok("politie zebra")["input_ids"]
    assert all(0 <= i < len(vocab) for i in ids)
    assert small_tok.unk_token_id in ids  # "zebra" has no kept piece left


def test_bpe_tokenizers_are_refused():
    bpe = Tokenizer(models.BPE(vocab={"<unk>": 0, "a": 1}, merges=[], unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.Whitespace()
    tok = PreTrainedTokenizerFast(tokenizer_object=bpe, unk_token="<unk>")
    with pytest.raises(UnsupportedBackboneError, match="BPE"):
        kept_token_ids(tok, ["a"])
