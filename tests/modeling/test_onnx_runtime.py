"""The encoder on ONNX Runtime gives torch's states, and the batch model its results."""

import numpy as np
import pytest
import torch

pytest.importorskip("onnxruntime")


def test_onnx_states_equal_torch_and_the_export_is_cached(tiny_backbone_dir, tiny_letter_records, tmp_path):
    from briefnlp.backbones import load_backbone
    from briefnlp.modeling.chunking import LetterChunker, collate_chunks
    from briefnlp.modeling.onnx_runtime import OnnxEncoder, export_encoder
    from briefnlp.reading import read_letter

    encoder, tokenizer = load_backbone(str(tiny_backbone_dir))
    encoder.eval()
    path = export_encoder(encoder, tmp_path)
    stamp = path.stat().st_mtime_ns
    assert export_encoder(encoder, tmp_path) == path and path.stat().st_mtime_ns == stamp
    assert not list(tmp_path.glob("*.partial"))

    chunker = LetterChunker(tokenizer, max_length=48, stride=8)
    inputs = collate_chunks([chunker(read_letter(r["text"])) for r in tiny_letter_records], tokenizer.pad_token_id)
    assert (inputs["attention_mask"] == 0).any()
    with torch.no_grad():
        expected = encoder(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
    got = OnnxEncoder(path, encoder.config)(inputs["input_ids"], inputs["attention_mask"]).last_hidden_state
    real = inputs["attention_mask"].bool()
    torch.testing.assert_close(got[real], expected[real], atol=1e-4, rtol=1e-4)

    with torch.no_grad():  # other weights, other file
        next(encoder.parameters()).add_(0.01)
    assert export_encoder(encoder, tmp_path) != path


def test_batch_model_on_onnx_gives_the_fp32_results(tiny_letter_model_dir, tiny_letter_records, tmp_path, monkeypatch):
    from briefnlp.batch.model import load_analyser

    monkeypatch.setenv("BRIEFNLP_CACHE", str(tmp_path))
    texts = [r["text"] for r in tiny_letter_records]
    reference = load_analyser(tiny_letter_model_dir, precision="fp32").analyse(texts)
    onnx = load_analyser(tiny_letter_model_dir, precision="onnx")
    assert type(onnx.transformer.model.encoder.inner).__name__ == "OnnxEncoder"
    for a, b in zip(reference, onnx.analyse(texts)):
        assert a.labels == b.labels
        np.testing.assert_allclose([a.scores[k] for k in a.scores], [b.scores[k] for k in a.scores], atol=1e-4)
        assert [m.sentence for m in a.summary.measures] == [m.sentence for m in b.summary.measures]
    assert list((tmp_path / "onnx").glob("*.onnx"))
