"""The training recipe: annotated letters -> a calibrated `LetterTransformer`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from briefnlp.datasets.align import measure_flags
from briefnlp.letter import Letter
from briefnlp.modeling.chunking import LetterChunker
from briefnlp.modeling.letter_model import LetterModelConfig
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.trainer import LetterTrainingArguments, make_examples, train_letter_model


def prepare(records: Sequence[dict[str, Any]], classes: Sequence[str]) -> tuple[list[Letter], np.ndarray, list[list[int]]]:
    """Read annotation records into letters, a label matrix and per-sentence measure flags."""
    from briefnlp.reading import read_letter
    from briefnlp.topics.base import binarize

    letters = [read_letter(r["text"]) for r in records]
    y = binarize([r.get("labels", []) for r in records], classes)
    flags = [measure_flags(letter, r.get("measures", [])) for letter, r in zip(letters, records)]
    return letters, y, flags


def fit_letter_transformer(
    train: Sequence[dict[str, Any]],
    dev: Sequence[dict[str, Any]] | None = None,
    backbone: str = "e5-small",
    config: LetterModelConfig | None = None,
    args: LetterTrainingArguments | None = None,
    callbacks: list | None = None,
) -> LetterTransformer:
    """Fine-tune on `train`, then calibrate probabilities and thresholds on `dev`.

    The label set comes from the data (the project's labels first), so users can train
    on their own labels.
    """
    from briefnlp.backbones import load_backbone
    from briefnlp.topics.base import infer_classes

    config = config or LetterModelConfig()
    config.labels = [str(c) for c in infer_classes([r.get("labels", []) for r in train])]
    args = args or LetterTrainingArguments()
    encoder, tokenizer = load_backbone(backbone)
    for p in encoder.parameters():  # LoRA trains adapters; the vocabulary table stays frozen
        p.requires_grad_(False)
    chunker = LetterChunker(tokenizer, config.max_length, config.stride, config.prefix,
                            max_chunks=1 if config.pooling == "first" else None)
    letters, y, flags = prepare(train, config.labels)
    examples = make_examples(chunker, letters, y.tolist(), flags)
    model = train_letter_model(encoder, tokenizer, examples, config, args, callbacks)
    transformer = LetterTransformer(model, tokenizer, backbone)
    if dev:
        dev_letters, dev_y, dev_flags = prepare(dev, config.labels)
        transformer.calibrate(dev_letters, dev_y, dev_flags)
    return transformer
