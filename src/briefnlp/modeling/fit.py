"""The training recipe: annotated letters -> a calibrated `LetterTransformer`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from briefnlp.datasets.align import measure_flags
from briefnlp.letter import Letter
from briefnlp.modeling.chunking import LetterChunker
from briefnlp.modeling.ensemble import LetterEnsemble
from briefnlp.modeling.inference import LetterOutput
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
    members: int = 1,
) -> LetterTransformer:
    """Fine-tune on `train`, then calibrate probabilities and thresholds on `dev`.

    The label set comes from the data (the project's labels first), so users can train
    on their own labels. With `members` > 1 it trains that many models alike, with seeds
    `args.seed`, `args.seed + 1`, ..., and averages their logits (`LetterEnsemble`);
    training takes that many times as long. Scoring runs each member's adapted layers;
    layers frozen in every member (`lora_top_layers` N) run once for all.
    """
    from briefnlp.backbones import load_backbone
    from briefnlp.topics.base import infer_classes

    if members < 1:
        raise ValueError(f"members must be at least 1, got {members}")
    config = config or LetterModelConfig()
    config.labels = [str(c) for c in infer_classes([r.get("labels", []) for r in train])]
    args = args or LetterTrainingArguments()
    letters, y, flags = prepare(train, config.labels)
    trained, examples, first_seed = [], None, args.seed
    try:
        for k in range(members):
            encoder, tokenizer = load_backbone(backbone)  # a fresh backbone per member
            for p in encoder.parameters():  # LoRA trains adapters; the vocabulary table stays frozen
                p.requires_grad_(False)
            if examples is None:
                chunker = LetterChunker(tokenizer, config.max_length, config.stride, config.prefix,
                                        max_chunks=1 if config.pooling == "first" else None)
                examples = make_examples(chunker, letters, y.tolist(), flags,
                                         local_length=args.local_length if args.local_view else None)
            args.seed = first_seed + k
            trained.append(train_letter_model(encoder, tokenizer, examples, config, args, callbacks))
    finally:
        args.seed = first_seed
    model = trained[0] if members == 1 else LetterEnsemble(trained)
    transformer = LetterTransformer(model, tokenizer, backbone)
    if dev:
        dev_letters, dev_y, dev_flags = prepare(dev, config.labels)
        transformer.calibrate(dev_letters, dev_y, dev_flags)
    return transformer


def refit_measure_head(
    transformer: LetterTransformer,
    train: Sequence[dict[str, Any]],
    dev: Sequence[dict[str, Any]],
    C: float = 0.5,
) -> dict[str, float]:
    """Replace the measure head by a logistic regression on the fine-tuned encoder's
    sentence features ([sentence, neighbours, letter]), folded into a linear layer, then
    recalibrate on `dev`. Returns the regression's dev F1 at its tuned threshold.

    Used when the jointly trained head collapses to the base rate: the encoder stays
    the fine-tuned one, only the last layer of the measure task is refit. A single model
    only: an ensemble's members each have their own head.
    """
    import torch
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from briefnlp.modeling.calibration import best_threshold
    from briefnlp.modeling.letter_model import MeasureHead

    if len(transformer.members) > 1:
        raise ValueError("refit_measure_head refits one model's head; an ensemble has one per member")

    def features(records):
        letters, y, flags = prepare(records, transformer.labels)
        outputs = _scored_with_features(transformer, letters)
        X = np.concatenate([o.measure_features for o in outputs])
        return letters, y, flags, outputs, X, np.concatenate([np.asarray(f) for f in flags])

    _, _, _, _, X, t = features(train)
    dev_letters, dev_y, dev_flags, dev_outputs, Xd, td = features(dev)
    scaler = StandardScaler().fit(X)
    lr = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(scaler.transform(X), t)
    weight, bias = fold_scaled_logistic(scaler, lr)
    model = transformer.model
    head = MeasureHead(model.encoder.config.hidden_size, model.config.dropout, "linear")
    with torch.no_grad():
        head.net[1].weight.copy_(torch.tensor(weight, dtype=torch.float).unsqueeze(0))
        head.net[1].bias.fill_(bias)
    model.measure_head = head.eval()
    model.config.measure_head = "linear"
    with torch.no_grad():  # the new head on the dev features: no second encoder pass
        for output in dev_outputs:
            output.measure_logits = head.net(torch.from_numpy(output.measure_features)).squeeze(-1).numpy()
    transformer.calibrate(dev_letters, dev_y, dev_flags, outputs=dev_outputs)
    proba = lr.predict_proba(scaler.transform(Xd))[:, 1]
    cut = best_threshold(proba, td)
    pred = proba >= cut
    tp = int((pred & (td == 1)).sum())
    return {"dev_f1": 2 * tp / max(1, int(pred.sum()) + int(td.sum())), "threshold": cut}


def _scored_with_features(transformer: LetterTransformer, letters: Sequence[Letter]) -> list[LetterOutput]:
    """The model's outputs, each with its measure-head input features ([sentences, 4H])."""
    from briefnlp.modeling.inference import run_letter_model

    return run_letter_model(transformer.model, transformer.chunker, letters, transformer.max_tokens,
                            measure_features=True)


def fold_scaled_logistic(scaler, regression) -> tuple[np.ndarray, float]:
    """Weight and bias of one linear layer equal to `regression` applied after `scaler`."""
    weight = regression.coef_[0] / scaler.scale_
    bias = regression.intercept_[0] - float(np.sum(regression.coef_[0] * scaler.mean_ / scaler.scale_))
    return weight, bias
