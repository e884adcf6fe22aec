"""Agreement between the corpus writers and a blind second annotator.

    python corpus/agreement/agreement.py [--second corpus/agreement/second_annotator.jsonl]
                                         [--src corpus/src]

The second annotator read only the TEXT of each letter (the 48 letters listed in
`second_annotator.jsonl`, 6 per label combination) and annotated labels and measure
sentences following ANNOTATION.md. This script compares those annotations with the
writers' (the corpus source files) and prints:

- per label: Cohen's kappa and percentage agreement;
- the share of letters whose whole label set agrees;
- measure sentences: precision, recall and F1 of the second annotator against the writers
  (micro-averaged over all sentences), with sentences matched one-to-one after
  whitespace collapsing; also the agreement on "this letter announces no measure".
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from briefnlp.datasets.authoring import parse_source
from briefnlp.datasets.schema import LABELS, collapse_whitespace

HERE = Path(__file__).resolve().parent


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa for two binary annotations of the same items."""
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected == 1:
        return 1.0
    return (observed - expected) / (1 - expected)


def load_second(path: Path) -> dict[str, dict]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            rows[record["id"]] = record
    return rows


def load_writers(src: Path, ids: list[str]) -> dict[str, dict]:
    out = {}
    for rid in ids:
        writer = rid.split("-")[0]
        out[rid] = parse_source(src / writer / f"{rid}.txt")
    return out


def measure_counts(second: list[str], gold: list[str]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), exact after whitespace collapsing."""
    remaining = [collapse_whitespace(g) for g in gold]
    tp = 0
    for sentence in second:
        s = collapse_whitespace(sentence)
        if s in remaining:
            remaining.remove(s)
            tp += 1
    return tp, len(second) - tp, len(remaining)


def agreement(second: dict[str, dict], writers: dict[str, dict]) -> dict:
    ids = sorted(second)
    result: dict = {"letters": len(ids), "labels": {}}
    for label in LABELS:
        a = [label in writers[i]["labels"] for i in ids]
        b = [label in second[i]["labels"] for i in ids]
        result["labels"][label] = {
            "kappa": cohen_kappa(a, b),
            "agreement": sum(x == y for x, y in zip(a, b)) / len(ids),
            "writers_yes": sum(a),
            "second_yes": sum(b),
        }
    result["label_set_agreement"] = sum(
        set(writers[i]["labels"]) == set(second[i]["labels"]) for i in ids
    ) / len(ids)
    tp = fp = fn = 0
    per_letter = {}
    for i in ids:
        counts = measure_counts(second[i]["measures"], writers[i]["measures"])
        per_letter[i] = counts
        tp, fp, fn = tp + counts[0], fp + counts[1], fn + counts[2]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result["measures"] = {
        "writers": tp + fn, "second": tp + fp, "matched": tp,
        "precision": precision, "recall": recall, "f1": f1,
    }
    a = [not writers[i]["measures"] for i in ids]
    b = [not second[i]["measures"] for i in ids]
    result["no_measure"] = {
        "kappa": cohen_kappa(a, b),
        "agreement": sum(x == y for x, y in zip(a, b)) / len(ids),
        "writers_yes": sum(a),
        "second_yes": sum(b),
    }
    result["per_letter"] = per_letter
    result["label_disagreements"] = [
        (i, writers[i]["labels"], second[i]["labels"])
        for i in ids
        if set(writers[i]["labels"]) != set(second[i]["labels"])
    ]
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--second", default=str(HERE / "second_annotator.jsonl"))
    p.add_argument("--src", default=str(HERE.parent / "src"))
    p.add_argument("--details", action="store_true", help="also print per-letter figures")
    a = p.parse_args()
    second = load_second(Path(a.second))
    writers = load_writers(Path(a.src), sorted(second))
    r = agreement(second, writers)
    print(f"letters: {r['letters']}")
    print("label      kappa  agreement  writers  second")
    for label, v in r["labels"].items():
        print(f"{label:<9} {v['kappa']:6.3f}  {v['agreement']:8.1%}  {v['writers_yes']:7d}  {v['second_yes']:6d}")
    print(f"whole label set agrees: {r['label_set_agreement']:.1%}")
    m = r["measures"]
    print(f"measure sentences: writers {m['writers']}, second {m['second']}, matched {m['matched']}")
    print(f"  precision {m['precision']:.3f}  recall {m['recall']:.3f}  F1 {m['f1']:.3f}")
    nm = r["no_measure"]
    print(f"letters without measures: writers {nm['writers_yes']}, second {nm['second_yes']}, "
          f"agreement {nm['agreement']:.1%}, kappa {nm['kappa']:.3f}")
    for rid, w, s in r["label_disagreements"]:
        print(f"  labels differ: {rid}: writers {w or ['none']} / second {s or ['none']}")
    if a.details:
        for rid, (tp, fp, fn) in r["per_letter"].items():
            print(f"  {rid}: tp {tp} fp {fp} fn {fn}")


if __name__ == "__main__":
    main()
