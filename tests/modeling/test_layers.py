"""Training on cached bottom-layer states is the same model as the plain forward pass."""

import pytest
import torch

from briefnlp.modeling.chunking import LetterChunker, collate_chunks
from briefnlp.modeling.layers import run_bottom, run_top, split_layers


@pytest.mark.parametrize("fixture", ["tiny_backbone_dir", "tiny_roberta_dir"])
def test_top_after_bottom_equals_the_full_forward(fixture, request, tiny_letter_records):
    from briefnlp.backbones import load_backbone
    from briefnlp.reading import read_letter

    encoder, tokenizer = load_backbone(str(request.getfixturevalue(fixture)))
    encoder.eval()
    chunker = LetterChunker(tokenizer, max_length=32, stride=8)
    letters = [read_letter(r["text"]) for r in tiny_letter_records]
    inputs = collate_chunks([chunker(letter) for letter in letters], tokenizer.pad_token_id)
    assert (inputs["attention_mask"] == 0).any()  # padding is exercised
    with torch.no_grad():
        full = encoder(input_ids=inputs["input_ids"], attention_mask=inputs["attention_mask"]).last_hidden_state
        bottom = run_bottom(encoder, inputs["input_ids"], inputs["attention_mask"], 1)
        split = run_top(encoder, bottom, inputs["attention_mask"], 1)
    real = inputs["attention_mask"].bool()
    torch.testing.assert_close(split[real], full[real], atol=1e-5, rtol=1e-5)
    assert not torch.allclose(bottom[real], full[real])


def test_split_layers_only_below_the_adapters(tiny_backbone_dir):
    from briefnlp.backbones import load_backbone

    encoder, _ = load_backbone(str(tiny_backbone_dir))  # 2 layers
    assert split_layers(encoder, 1) == 1
    assert split_layers(encoder, 2) is None and split_layers(encoder, None) is None
    assert split_layers(torch.nn.Linear(2, 2), 1) is None


def test_cached_training_updates_the_top_adapters_only(tiny_backbone_dir, tiny_letter_records, tmp_path):
    from briefnlp.modeling.fit import fit_letter_transformer
    from briefnlp.modeling.letter_model import LetterModelConfig
    from briefnlp.modeling.trainer import LetterTrainingArguments

    def train(cache: bool):
        args = LetterTrainingArguments(output_dir=str(tmp_path / str(cache)), max_steps=3, disable_tqdm=True,
                                       seed=3, lora_top_layers=1, cache_frozen_layers=cache, lora_dropout=0.0,
                                       learning_rate=1e-2)
        torch.manual_seed(0)
        return fit_letter_transformer(tiny_letter_records, None, str(tiny_backbone_dir),
                                      LetterModelConfig(max_length=32, stride=8, dropout=0.0), args)

    cached = train(True)
    lora = {k: v for k, v in cached.model.encoder.named_parameters() if "lora_B" in k}
    assert lora and all(".layer.1." in k for k in lora)
    assert any(v.abs().sum() > 0 for v in lora.values())  # lora_B starts at zero: it was trained
    assert cached.model.prefix_layers == 0  # back to the full forward pass for inference
    letters = [r["text"] for r in tiny_letter_records]
    from briefnlp.reading import read_letter

    out = cached.run([read_letter(t) for t in letters])
    assert all(len(o.measure_logits) for o in out)


def test_encoder_dropout_is_switched_off_but_lora_dropout_stays(tiny_backbone_dir):
    from briefnlp.backbones import load_backbone
    from briefnlp.modeling.trainer import LetterTrainingArguments, add_lora, set_encoder_dropout

    encoder, _ = load_backbone(str(tiny_backbone_dir))
    encoder = add_lora(encoder, LetterTrainingArguments(output_dir=None, lora_dropout=0.1))
    dropouts = dict((n, m) for n, m in encoder.named_modules() if isinstance(m, torch.nn.Dropout))
    assert any("attention" in n for n in dropouts) and all(m.p > 0 for m in dropouts.values())
    set_encoder_dropout(encoder, 0.0)
    lora = {n: m.p for n, m in dropouts.items() if "lora_dropout" in n}
    assert lora and all(p == 0.1 for p in lora.values())
    assert all(m.p == 0.0 for n, m in dropouts.items() if n not in lora)
