"""Training entry points shared by `training/*.py` and `briefnlp train`."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.modeling.fit import fit_letter_transformer, refit_measure_head
from briefnlp.modeling.letter_model import LetterModelConfig
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.trainer import LetterTrainingArguments


@dataclass
class TrainOptions:
    """Everything a training run is configured by (recorded in the model card)."""

    out: str = "models/briefnlp-e5-small-nl"
    train: str | None = None
    dev: str | None = None
    backbone: str = "e5-small"
    epochs: float = 4.0
    learning_rate: float = 5e-4
    lora_rank: int = 8
    lora_top_layers: int = 4
    max_length: int = 512
    stride: int = 64
    pooling: str = "attention"
    batch_size: int = 2
    max_steps: int = -1
    seed: int = 42
    refit_measures: bool = True  # refit the measure head as a logistic regression (see fit.py)


def train_default(options: TrainOptions) -> LetterTransformer:
    """Train, calibrate on dev, save with a model card; returns the model."""
    files = split_files()
    train = load_jsonl(options.train or files["train"])
    dev = load_jsonl(options.dev or files["dev"])
    config = LetterModelConfig(pooling=options.pooling, max_length=options.max_length, stride=options.stride)
    args = LetterTrainingArguments(
        output_dir=str(Path(options.out) / ".trainer"),
        num_train_epochs=options.epochs,
        learning_rate=options.learning_rate,
        lora_rank=options.lora_rank,
        lora_alpha=2 * options.lora_rank,
        lora_top_layers=options.lora_top_layers,
        per_device_train_batch_size=options.batch_size,
        max_steps=options.max_steps,
        seed=options.seed,
    )
    start = time.perf_counter()
    model = fit_letter_transformer(train, dev, options.backbone, config, args)
    if options.refit_measures:
        refit_measure_head(model, train, dev)
    minutes = (time.perf_counter() - start) / 60
    card = model_card(options, n_train=len(train), n_dev=len(dev), minutes=minutes, labels=model.labels)
    model.save_pretrained(options.out, card=card)
    return model


def model_card(options: TrainOptions, n_train: int, n_dev: int, minutes: float, labels: list[str],
               metrics: dict | None = None) -> str:
    """A README.md for the saved model: what it is, how it was trained, what it scores."""
    lines = [
        "---",
        "library_name: briefnlp",
        "language: nl",
        "license: mit",
        f"base_model: {options.backbone}",
        "tags: [dutch, policy-letters, multi-label, lora]",
        "---",
        "",
        "# briefnlp letter model",
        "",
        "LoRA adapter plus heads on the backbone: a multi-label topic head "
        f"({', '.join(labels)}) on attention-pooled chunk vectors and a measure head on "
        "sentence vectors, both from one encoder pass over the letter's chunks.",
        "",
        "## Training",
        f"- letters: {n_train} train, {n_dev} dev (calibration and thresholds)",
        f"- wall time: {minutes:.1f} min on this machine",
        "- options: `" + json.dumps(asdict(options)) + "`",
        "",
        "## Evaluation",
        "Run `briefnlp evaluate --split test`; the harness writes the figures to metrics.json.",
    ]
    if metrics:
        lines += ["", "```json", json.dumps(metrics, indent=2), "```"]
    return "\n".join(lines) + "\n"
