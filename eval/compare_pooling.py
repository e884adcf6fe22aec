"""Print test macro-F1 of each letter pooling on the fine-tuned encoder (see
briefnlp.evaluation.pooling).

    python eval/compare_pooling.py [--model models/briefnlp-e5-small-nl]
"""

from __future__ import annotations

import argparse
import json

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.evaluation.pooling import compare_poolings
from briefnlp.modeling.fit import prepare
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", default=None)
    a = p.parse_args()
    model = LetterTransformer.from_pretrained(a.model or default_model_dir())
    splits = {name: prepare(load_jsonl(path), model.labels)[:2] for name, path in split_files().items()}
    results = compare_poolings(model, splits["train"], splits["dev"], splits["test"])
    print("pooling      dev macro-F1   test macro-F1")
    for name, r in results.items():
        print(f"{name:<12} {r['dev_macro_f1']:.3f}          {r['test_macro_f1']:.3f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
