"""Print, per label and for measures, the held-out-half F1 of each threshold rule on the
dev split (see briefnlp.evaluation.thresholds); test is not read.

    python eval/compare_thresholds.py [--model models/briefnlp-e5-small-nl] [--repeats 200]
"""

from __future__ import annotations

import argparse
import json

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.evaluation.thresholds import THRESHOLD_RULES, compare_threshold_rules
from briefnlp.modeling.fit import prepare
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", default=None)
    p.add_argument("--repeats", type=int, default=200)
    a = p.parse_args()
    model = LetterTransformer.from_pretrained(a.model or default_model_dir())
    letters, y, flags = prepare(load_jsonl(split_files()["dev"]), model.labels)
    outputs = model.run(letters)
    tasks = {label: ([o.topic_logits[k] for o in outputs], list(y[:, k])) for k, label in enumerate(model.labels)}
    tasks["measures"] = ([o.measure_logits for o in outputs], flags)
    results = {task: compare_threshold_rules(x, t, a.repeats) for task, (x, t) in tasks.items()}
    print(f"{'task':<10}" + "".join(f"{name:>14}" for name in THRESHOLD_RULES))
    for task, r in results.items():
        print(f"{task:<10}" + "".join(f"{r[name]:>14.3f}" for name in THRESHOLD_RULES))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
