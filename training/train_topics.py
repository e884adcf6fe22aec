"""Fine-tune briefnlp's transformer (topics + measures, one LoRA adapter) on annotated letters.

    python training/train_topics.py --out models/briefnlp-e5-small-nl

Without --train, the bundled corpus is used (train split; dev for calibration). With
--train FILE.jsonl (the format of ANNOTATION.md) you train on your own labels.
"""

from __future__ import annotations

import argparse

from briefnlp.training import TrainOptions, train_default


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", help="annotation JSONL to train on (default: the bundled train split)")
    p.add_argument("--dev", help="annotation JSONL for calibration (default: the bundled dev split)")
    p.add_argument("--backbone", default="e5-small", help="e5-small, a local folder or a Hugging Face id")
    p.add_argument("--epochs", type=float, default=TrainOptions.epochs)
    p.add_argument("--lr", type=float, default=TrainOptions.learning_rate)
    p.add_argument("--lora-rank", type=int, default=TrainOptions.lora_rank)
    p.add_argument("--lora-layers", type=int, default=TrainOptions.lora_top_layers,
                   help="put adapters on the top N encoder layers (0: all)")
    p.add_argument("--max-length", type=int, default=TrainOptions.max_length)
    p.add_argument("--stride", type=int, default=TrainOptions.stride)
    p.add_argument("--pooling", default=TrainOptions.pooling, choices=["attention", "mean", "max", "first"])
    p.add_argument("--batch-size", type=int, default=TrainOptions.batch_size, help="letters per step")
    p.add_argument("--max-steps", type=int, default=-1, help="stop after N steps (smoke runs)")
    p.add_argument("--seed", type=int, default=TrainOptions.seed)
    p.add_argument("--out", required=True, help="folder to write the model to")
    a = p.parse_args()
    train_default(
        TrainOptions(
            train=a.train, dev=a.dev, backbone=a.backbone, epochs=a.epochs, learning_rate=a.lr,
            lora_rank=a.lora_rank, lora_top_layers=a.lora_layers, max_length=a.max_length, stride=a.stride, pooling=a.pooling,
            batch_size=a.batch_size, max_steps=a.max_steps, seed=a.seed, out=a.out,
        )
    )


if __name__ == "__main__":
    main()
