"""`briefnlp train`: fine-tune the letter model (topics + measures) on annotated letters."""

from __future__ import annotations

import argparse

from briefnlp.training import TrainOptions


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="fine-tune the letter model on annotated letters")
    p.add_argument("--train", help="annotation JSONL (default: the bundled train split)")
    p.add_argument("--dev", help="annotation JSONL for calibration (default: the bundled dev split)")
    p.add_argument("--backbone", default="e5-small", help="e5-small, a local folder or a Hugging Face id")
    p.add_argument("--epochs", type=float, default=TrainOptions.epochs)
    p.add_argument("--lr", type=float, default=TrainOptions.learning_rate)
    p.add_argument("--lora-rank", type=int, default=TrainOptions.lora_rank)
    p.add_argument("--lora-layers", type=int, default=TrainOptions.lora_top_layers,
                   help="put adapters on the top N encoder layers (0: all)")
    p.add_argument("--lora-targets", default=TrainOptions.lora_targets,
                   help="comma-separated module names to adapt (default: every linear layer of a block)")
    p.add_argument("--measure-weight", type=float, default=TrainOptions.measure_weight,
                   help="weight of the measure loss beside the topic loss")
    p.add_argument("--local-view", type=float, default=TrainOptions.local_view,
                   help="probability that a step sees a letter in short chunks of whole sentences "
                   "(its paragraphs) instead of 512-token chunks")
    p.add_argument("--token-mask", type=float, default=TrainOptions.token_mask,
                   help="word dropout: probability that a training token is hidden in a step (its id "
                   "becomes the mask token; where frozen layers are cached "
                   "(--lora-layers N), its cached state is zeroed)")
    p.add_argument("--refit-measures", action="store_true",
                   help="after training, refit the measure head as a logistic regression")
    p.add_argument("--evaluate", default="test", metavar="FILE|test|none",
                   help="held-out letters whose harness figures go into the model card "
                   "(default: the bundled test split; none: skip)")
    p.add_argument("--max-length", type=int, default=TrainOptions.max_length)
    p.add_argument("--stride", type=int, default=TrainOptions.stride)
    p.add_argument("--pooling", default=TrainOptions.pooling, choices=["attention", "mean", "max", "first"])
    p.add_argument("--sentence-pooling", default=TrainOptions.sentence_pooling, choices=["mean", "attention"],
                   help="token states -> sentence vectors for the measure head")
    p.add_argument("--batch-size", type=int, default=TrainOptions.batch_size, help="letters per step")
    p.add_argument("--max-steps", type=int, default=-1, help="stop after N steps (smoke runs)")
    p.add_argument("--seed", type=int, default=TrainOptions.seed)
    p.add_argument("--members", type=int, default=TrainOptions.members,
                   help="train N models alike (seeds SEED, SEED+1, ...) and average their logits; "
                   "N times the training time; scoring adds each further member's adapted layers")
    p.add_argument("--combine", nargs="+", metavar="MODEL",
                   help="train nothing: save the ensemble of these trained model folders (trained "
                   "alike, e.g. --seed 42 and --seed 43), calibrated on --dev, to --out")
    p.add_argument("--out", required=True, help="folder to write the model to")
    p.set_defaults(run=run)


def options_from(args: argparse.Namespace) -> TrainOptions:
    return TrainOptions(
        train=args.train, dev=args.dev, backbone=args.backbone, epochs=args.epochs,
        learning_rate=args.lr, lora_rank=args.lora_rank, lora_top_layers=args.lora_layers,
        lora_targets=args.lora_targets, measure_weight=args.measure_weight,
        local_view=args.local_view, token_mask=args.token_mask, refit_measures=args.refit_measures,
        evaluate=None if args.evaluate == "none" else args.evaluate,
        max_length=args.max_length, stride=args.stride, pooling=args.pooling,
        sentence_pooling=args.sentence_pooling,
        batch_size=args.batch_size, max_steps=args.max_steps, seed=args.seed, members=args.members, out=args.out,
    )


def run(args: argparse.Namespace) -> int:
    from briefnlp.training import combine_models, train_default

    if args.combine:
        combine_models(args.combine, args.out, args.dev, None if args.evaluate == "none" else args.evaluate)
    else:
        train_default(options_from(args))
    print(f"model written to {args.out}")
    return 0
