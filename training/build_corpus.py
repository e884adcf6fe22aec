"""Build the bundled corpus splits from the hand-written sources in corpus/src/.

    python training/build_corpus.py            # writes src/briefnlp/datasets/data/*.jsonl

Then `python -m pytest tests/datasets` validates them.
"""

from __future__ import annotations

import argparse

from briefnlp.datasets import DATA_DIR, validate
from briefnlp.datasets.authoring import build_splits


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--src", default="corpus/src")
    p.add_argument("--out", default=str(DATA_DIR))
    p.add_argument("--seed", type=int, default=13)
    a = p.parse_args()
    counts = build_splits(a.src, a.out, seed=a.seed)
    print("letters per split:", counts)
    problems = validate(sorted(__import__("pathlib").Path(a.out).glob("*.jsonl")))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problems")


if __name__ == "__main__":
    main()
