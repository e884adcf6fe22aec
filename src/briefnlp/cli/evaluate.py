"""`briefnlp evaluate`: every system on the same letters; metrics.json, REPORT.md, plots."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction) -> None:
    from briefnlp.evaluation.systems import MEASURE_SYSTEMS, SUMMARY_SYSTEMS, TOPIC_SYSTEMS

    p = sub.add_parser("evaluate", help="score every system on a split or your own labelled letters")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--split", default="test", help="a bundled split: train, dev, test or real")
    source.add_argument("--data", help="an annotation JSONL file (the format of ANNOTATION.md)")
    p.add_argument("--train", help="annotation JSONL the baselines are fitted on (default: the bundled train split)")
    p.add_argument("--dev", help="annotation JSONL held out from training, to fit the stacked detector "
                   "finetuned+tfidf (default: the bundled dev split; not used with --split dev)")
    p.add_argument("--systems", nargs="+", choices=[*TOPIC_SYSTEMS, *MEASURE_SYSTEMS, *SUMMARY_SYSTEMS],
                   help="what to score (default: all)")
    p.add_argument("--model", help="the fine-tuned model folder (default: the shipped model)")
    p.add_argument("--real-dir", help="folder with the real letters (for --split real)")
    p.add_argument("--out", default="runs/eval", help="output folder (default: runs/eval)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefnlp.datasets import load_jsonl, load_real_letters, split_files
    from briefnlp.evaluation import evaluate

    files = split_files()
    if args.data:
        records, name = load_jsonl(args.data), Path(args.data).name
    elif args.split == "real":
        records, name = load_real_letters(args.real_dir), "real"
    else:
        records, name = load_jsonl(files[args.split]), args.split
    train = load_jsonl(args.train or files["train"])
    dev = load_jsonl(args.dev) if args.dev else None if args.split == "dev" else load_jsonl(files["dev"])
    evaluate(records, train, args.systems, args.out, data_name=name, model_dir=args.model, seed=args.seed,
             dev_records=dev)
    print((Path(args.out) / "REPORT.md").read_text(encoding="utf-8"))
    print(f"written to {args.out}/ (metrics.json, REPORT.md, errors.jsonl, *.png)")
    return 0
