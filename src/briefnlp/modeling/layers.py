"""Run a BERT-style encoder in two parts: the frozen bottom layers, then the trained top.

LoRA on the top N layers leaves the embeddings and the bottom layers frozen, so their
output for a training chunk never changes. Training computes it once
(`run_bottom`) and every epoch runs only the top layers on it (`run_top`): with
adapters on the top 8 of 12 layers (`--lora-layers 8`; the default adapts every layer,
and then nothing is cached) that removes a third of each epoch's forward pass.
`run_top(run_bottom(x))` equals the full forward pass (tested).

Works for encoders laid out as `embeddings` + `encoder.layer` (BERT, RoBERTa, XLM-R,
e5), with or without a peft wrapper; `split_layers` returns None for anything else,
and training then runs the whole encoder every step.
"""

from __future__ import annotations

import torch
from torch import nn


def _base(encoder: nn.Module) -> nn.Module:
    return encoder.get_base_model() if hasattr(encoder, "get_base_model") else encoder


def split_layers(encoder: nn.Module, trainable_top: int | None) -> int | None:
    """How many bottom layers can be cached, or None when the encoder cannot be split."""
    base = _base(encoder)
    layers = getattr(getattr(base, "encoder", None), "layer", None)
    if not trainable_top or not hasattr(base, "embeddings") or not isinstance(layers, nn.ModuleList):
        return None
    if trainable_top >= len(layers):
        return None
    return len(layers) - trainable_top


def _mask(base: nn.Module, hidden: torch.Tensor, attention_mask: torch.Tensor):
    from transformers.masking_utils import create_bidirectional_mask

    return create_bidirectional_mask(config=base.config, inputs_embeds=hidden, attention_mask=attention_mask)


def run_bottom(encoder: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor, n_layers: int) -> torch.Tensor:
    """Embeddings and the first `n_layers` layers: [C, T] -> [C, T, H]."""
    base = _base(encoder)
    hidden = base.embeddings(input_ids=input_ids)
    mask = _mask(base, hidden, attention_mask)
    for layer in base.encoder.layer[:n_layers]:
        hidden = layer(hidden, mask)
    return hidden


def run_top(encoder: nn.Module, hidden: torch.Tensor, attention_mask: torch.Tensor, start: int) -> torch.Tensor:
    """Layers `start`.. on states from `run_bottom`: [C, T, H] -> [C, T, H]."""
    base = _base(encoder)
    mask = _mask(base, hidden, attention_mask)
    for layer in base.encoder.layer[start:]:
        hidden = layer(hidden, mask)
    return hidden
