"""Training entry points shared by `training/*.py` and `briefnlp train`."""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.modeling.fit import fit_letter_transformer, prepare, refit_measure_head
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
    members: int = 1  # models trained alike with seeds seed, seed+1, ...; their logits averaged
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
    if options.refit_measures and options.members > 1:
        raise ValueError("--refit-measures refits one model's measure head; train a single member")
    start = time.perf_counter()
    model = fit_letter_transformer(train, dev, options.backbone, config, args, members=options.members)
    if options.refit_measures:
        refit_measure_head(model, train, dev)
    minutes = (time.perf_counter() - start) / 60
    model.save_pretrained(options.out)
    metrics = card_metrics(options.out, options.evaluate) if options.evaluate else None
    card = model_card(options, len(train), len(dev), minutes, model.labels, metrics)
    (Path(options.out) / "README.md").write_text(card, encoding="utf-8")
    return model


def combine_models(model_dirs: list[str], out: str, dev: str | None = None,
                   evaluate: str | None = "test") -> LetterTransformer:
    """Save the ensemble of models trained alike (e.g. `--seed 42` and `--seed 43`, what
    `--members 2` trains in one go), calibrated on `dev`, with a card naming its members."""
    if len(model_dirs) < 2:
        raise ValueError("combine needs at least two model folders")
    members = [_card_options(d) for d in model_dirs]
    recipe = lambda o: {k: v for k, v in o.items() if k not in ("seed", "out", "evaluate")}  # noqa: E731
    for directory, (options, _, n_train) in zip(model_dirs[1:], members[1:]):
        if recipe(options) != recipe(members[0][0]) or n_train != members[0][2]:
            raise ValueError(f"{directory} was trained differently from {model_dirs[0]} (its card's "
                             "options or letters differ); an ensemble averages models of one recipe")
    records = load_jsonl(dev or split_files()["dev"])
    transformers = [LetterTransformer.from_pretrained(d, merge=False) for d in model_dirs]
    model = LetterTransformer.ensemble(transformers)
    model.calibrate(*prepare(records, model.labels))
    model.save_pretrained(out)
    options = TrainOptions(**{**members[0][0], "out": out, "members": len(model_dirs), "dev": dev,
                              "evaluate": evaluate})
    minutes = sum(m[1] for m in members)
    n_train = members[0][2]
    metrics = card_metrics(out, evaluate) if evaluate else None
    card = model_card(options, n_train, len(records), minutes, model.labels, metrics,
                      member_seeds=[m[0].get("seed") for m in members])
    (Path(out) / "README.md").write_text(card, encoding="utf-8")
    return model


def _card_options(model_dir: str) -> tuple[dict, float, int]:
    """The options, wall time (min) and train-letter count recorded in a model's card."""
    text = (Path(model_dir) / "README.md").read_text(encoding="utf-8")
    options = re.search(r"^- options: `(\{.*\})`", text, re.M)
    minutes = re.search(r"^- wall time: ([\d.]+) min", text, re.M)
    letters = re.search(r"^- letters: (\d+) train", text, re.M)
    if not (options and minutes and letters):
        raise ValueError(f"{model_dir}/README.md is not a briefnlp model card (options, wall time, letters)")
    known = {f.name for f in fields(TrainOptions)}  # options a card predates take their defaults
    saved = {k: v for k, v in json.loads(options.group(1)).items() if k in known}
    return ({**asdict(TrainOptions()), **saved},
            float(minutes.group(1)), int(letters.group(1)))


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
               metrics: dict | None = None, member_seeds: list | None = None) -> str:
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
        *([] if options.members == 1 else [
            "",
            f"An ensemble of {options.members} such models trained alike (seeds "
            f"{', '.join(str(s) for s in (member_seeds or range(options.seed, options.seed + options.members)))}); "
            "their logits are averaged and calibrated together, so a letter costs one encoder "
            "pass per member.",
        ]),
        "",
        "## Training",
        f"- letters: {n_train} train, {n_dev} dev (calibration and thresholds)",
        f"- wall time: {minutes:.1f} min on this machine" + ("" if options.members == 1 else " (all members)"),
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
