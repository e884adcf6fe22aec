"""`briefnlp classify FILE...`: topic labels and calibrated probabilities per letter."""

from __future__ import annotations

import argparse
import json

from briefnlp.cli.common import read_many


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("classify", help="label letters as cyber / politie / privacy")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--model", help="a saved model folder (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="print one JSON object per letter")
    p.add_argument("--explain", type=int, default=0, metavar="K",
                   help="also give the K sentences that score highest for each label")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from briefnlp.topics.classifier import TopicClassifier

    named = read_many(args.files)
    if not named:
        return 1
    clf = TopicClassifier.from_pretrained(args.model)
    proba = clf.predict_proba([letter for _, letter in named])
    decisions = (proba >= clf.thresholds_).astype(int)
    for (name, letter), p, d in zip(named, proba, decisions):
        labels = [str(c) for c, on in zip(clf.classes_, d) if on]
        scores = {str(c): round(float(x), 4) for c, x in zip(clf.classes_, p)}
        record = {"file": name, "labels": labels, "scores": scores}
        if args.explain:
            record["evidence"] = {
                label: [{"sentence": e.sentence.text, "start": e.sentence.start, "score": round(e.score, 3)}
                        for e in items]
                for label, items in clf.explain(letter, top_k=args.explain).items()
            }
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            shown = ", ".join(f"{c} {s:.2f}" for c, s in scores.items())
            print(f"{name}: {', '.join(labels) or '(none)'}  [{shown}]")
    return 0
