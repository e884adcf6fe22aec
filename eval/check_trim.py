"""Do the shipped model's predictions change when it runs on the Dutch-trimmed backbone?

    python eval/check_trim.py [--model models/briefnlp-e5-small-nl] [--splits test dev]

Loads the model twice (on `e5-small` and on `e5-small-nl`), scores the same letters and
prints the largest differences in topic probabilities and measure scores, and how many
label or measure decisions differ.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.modeling.fit import prepare
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=None)
    p.add_argument("--splits", nargs="+", default=["test", "dev"])
    a = p.parse_args()
    records = [r for s in a.splits for r in load_jsonl(split_files()[s])]
    runs = {}
    for backbone in ("e5-small", "e5-small-nl"):
        start = time.perf_counter()
        model = LetterTransformer.from_pretrained(a.model or default_model_dir(), backbone=backbone)
        loaded = time.perf_counter() - start
        letters, _, _ = prepare(records, model.labels)
        start = time.perf_counter()
        outputs = model.run(letters)
        runs[backbone] = (model, outputs)
        params = sum(t.numel() for t in model.model.parameters())
        print(f"{backbone:<12} parameters {params / 1e6:6.1f} M  load {loaded:5.1f} s  "
              f"{len(letters) / (time.perf_counter() - start):5.2f} letters/s")
    (full, a_out), (trim, b_out) = runs["e5-small"], runs["e5-small-nl"]
    pa = np.stack([full.topic_proba(o) for o in a_out])
    pb = np.stack([trim.topic_proba(o) for o in b_out])
    ma = np.concatenate([full.measure_proba(o) for o in a_out])
    mb = np.concatenate([trim.measure_proba(o) for o in b_out])
    print(f"letters {len(records)}, sentences {len(ma)}")
    differing = sum(int((full.topic_decisions(x) != trim.topic_decisions(y)).sum()) for x, y in zip(pa, pb))
    print(f"topic probability: max |diff| {np.abs(pa - pb).max():.2e}; label decisions differing: {differing}")
    cut = full.calibration.measure_threshold
    print(f"measure score: max |diff| {np.abs(ma - mb).max():.2e}; measure decisions differing: "
          f"{int(((ma >= cut) != (mb >= cut)).sum())}")


if __name__ == "__main__":
    main()
