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
    """Everything a training run is configured by (recorded in the model card).

    Model and optimiser defaults are those of `LetterModelConfig` and
    `LetterTrainingArguments`, so the library and the command line train the same model.
    """

    out: str = "models/briefnlp-e5-small-nl"
    train: str | None = None
    dev: str | None = None
    backbone: str = "e5-small"
    epochs: float = LetterTrainingArguments.num_train_epochs
    learning_rate: float = LetterTrainingArguments.learning_rate
    lora_rank: int = LetterTrainingArguments.lora_rank
    lora_top_layers: int = LetterTrainingArguments.lora_top_layers
    lora_targets: str = ",".join(LetterTrainingArguments.lora_targets)
    measure_weight: float = LetterModelConfig.measure_weight
    local_view: float = LetterTrainingArguments.local_view
    token_mask: float = LetterTrainingArguments.token_mask
    max_length: int = LetterModelConfig.max_length
    stride: int = LetterModelConfig.stride
    pooling: str = LetterModelConfig.pooling
    sentence_pooling: str = LetterModelConfig.sentence_pooling
    batch_size: int = LetterTrainingArguments.per_device_train_batch_size
    max_steps: int = -1
    seed: int = 42
    refit_measures: bool = False  # refit the measure head as a logistic regression (see fit.py)
    evaluate: str | None = "test"  # letters the card's figures come from: "test" (bundled), a JSONL, None


def train_default(options: TrainOptions) -> LetterTransformer:
    """Train, calibrate on dev, save with a model card; returns the model."""
    files = split_files()
    train = load_jsonl(options.train or files["train"])
    dev = load_jsonl(options.dev or files["dev"])
    config = LetterModelConfig(pooling=options.pooling, max_length=options.max_length, stride=options.stride,
                               measure_weight=options.measure_weight, sentence_pooling=options.sentence_pooling)
    args = LetterTrainingArguments(
        output_dir=str(Path(options.out) / ".trainer"),
        num_train_epochs=options.epochs,
        learning_rate=options.learning_rate,
        lora_rank=options.lora_rank,
        lora_alpha=2 * options.lora_rank,
        lora_top_layers=options.lora_top_layers,
        lora_targets=tuple(t.strip() for t in options.lora_targets.split(",") if t.strip()),
        per_device_train_batch_size=options.batch_size,
        max_steps=options.max_steps,
        seed=options.seed,
        local_view=options.local_view,
        token_mask=options.token_mask,
    )
    start = time.perf_counter()
    model = fit_letter_transformer(train, dev, options.backbone, config, args)
    if options.refit_measures:
        refit_measure_head(model, train, dev)
    minutes = (time.perf_counter() - start) / 60
    model.save_pretrained(options.out)
    metrics = card_metrics(options.out, options.evaluate) if options.evaluate else None
    card = model_card(options, len(train), len(dev), minutes, model.labels, metrics)
    (Path(options.out) / "README.md").write_text(card, encoding="utf-8")
    return model


def card_metrics(model_dir: str, data: str) -> dict:
    """The harness's figures for the saved model on held-out letters (for the card)."""
    from briefnlp.evaluation import evaluate

    path = split_files()["test"] if data == "test" else data
    metrics = evaluate(load_jsonl(path), systems=["finetuned", "briefnlp"], model_dir=model_dir,
                       data_name=Path(path).name)
    pick = lambda d, keys: {k: round(float(d[k]), 3) for k in keys if k in d}  # noqa: E731
    out: dict = {"data": metrics["data"]}
    if "finetuned" in metrics["topics"]:
        t = metrics["topics"]["finetuned"]
        out["topics"] = {**pick(t, ("macro_f1", "micro_f1", "subset_accuracy", "ece")),
                         "per_label_f1": {k: round(v["f1"], 3) for k, v in t["per_label"].items()}}
    if "finetuned" in metrics["measures"]:
        out["measures"] = pick(metrics["measures"]["finetuned"], ("precision", "recall", "f1"))
    if "briefnlp" in metrics["summaries"]:
        out["summaries"] = pick(metrics["summaries"]["briefnlp"], ("rouge1", "rouge2", "rougeL"))
    return out


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
        f"({', '.join(labels)}) on {options.pooling}-pooled chunk vectors and a measure head on "
        f"{options.sentence_pooling}-pooled sentence vectors, both from one encoder pass over the "
        "letter's chunks.",
        "",
        "## Training",
        f"- letters: {n_train} train, {n_dev} dev (calibration and thresholds)",
        f"- wall time: {minutes:.1f} min on this machine",
        "- options: `" + json.dumps(asdict(options)) + "`",
        "",
        "## Evaluation",
        "Figures from the evaluation harness (`briefnlp.evaluation.evaluate`) on held-out "
        "letters; `briefnlp evaluate --split test` compares them with every baseline.",
    ]
    if metrics:
        lines += ["", "```json", json.dumps(metrics, indent=2, ensure_ascii=False), "```"]
    else:
        lines += ["", "(not evaluated: trained with evaluation switched off)"]
    return "\n".join(lines) + "\n"
