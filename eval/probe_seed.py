"""Why the seed letter's measures are missed: print the shipped model's probability for
each of its annotated measures in the letter, on its own, and put inside dev letters
(after each letter's first measure); the letter's false alarms and its conditional promise;
and how the training letters label sentences that share the NCSC measure's wording
("zal ... informeren over"). With --stacked, also what the harness's `finetuned+tfidf`
stack (TF-IDF fitted on train, weights on dev) finds in the seed letter.

    python eval/probe_seed.py [--model models/briefnlp-e5-small-nl] [--dev-letters 7] [--stacked]
"""

from __future__ import annotations

import argparse
import re

import numpy as np

from briefnlp.datasets import load_jsonl, load_real_letters, split_files
from briefnlp.datasets.schema import LABELS
from briefnlp.evaluation.systems import STACKED_MEASURE_SYSTEM, TrainingData, measure_system
from briefnlp.modeling.fit import prepare
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir
from briefnlp.reading import read_letter

SEED_SUBJECT = "hack bij de politie"
CONDITIONAL = "Mocht "
INFORM = re.compile(r"\bzal\b.*\binformeren over\b")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", default=None)
    p.add_argument("--dev-letters", type=int, default=7)
    p.add_argument("--stacked", action="store_true", help="also score the seed letter with the stack")
    a = p.parse_args()
    model = LetterTransformer.from_pretrained(a.model or default_model_dir())
    (seed,) = [r for r in load_real_letters() if r.get("measures") and SEED_SUBJECT in r["text"][:3000]]
    measures = seed["measures"]

    def proba(texts: list[str]) -> list[dict[str, float]]:
        letters = [read_letter(t, format="text") for t in texts]
        return [{s.text: float(q) for s, q in zip(letter.sentences, model.measure_proba(out))}
                for letter, out in zip(letters, model.run(letters))]

    dev = [r for r in load_jsonl(split_files()["dev"]) if r["measures"]][: a.dev_letters]
    hosts = [r["text"].replace(r["measures"][0], r["measures"][0] + " " + " ".join(measures), 1) for r in dev]
    in_letter, *rest = proba([seed["text"], *measures, *hosts])
    alone, inside = rest[: len(measures)], rest[len(measures) :]
    threshold = model.calibration.measure_threshold
    print(f"threshold {threshold:.2f}")
    print("in letter  alone  in dev letters (min-median-max)  measure")
    for k, m in enumerate(measures):
        hosted = np.array([scores.get(m, np.nan) for scores in inside])
        print(f"{in_letter.get(m, np.nan):9.2f} {next(iter(alone[k].values())):6.2f}  "
              f"{np.nanmin(hosted):.2f}-{np.nanmedian(hosted):.2f}-{np.nanmax(hosted):.2f}    {m[:70]}")
    others = {text: p for text, p in in_letter.items() if text not in measures}
    print("other sentences of the letter at or above the threshold (false alarms), and the conditional:")
    for text, p in others.items():
        if p >= threshold or text.startswith(CONDITIONAL):
            print(f"{p:9.2f}    {text[:70]}")
    train = TrainingData(*prepare(load_jsonl(split_files()["train"]), LABELS), list(LABELS))
    hits = [f for letter, flags in zip(train.letters, train.flags)
            for s, f in zip(letter.sentences, flags) if INFORM.search(s.text)]
    print(f"training sentences matching 'zal ... informeren over': {len(hits)}, of which measures: {sum(hits)}")
    if a.stacked:
        probe_stack(model, str(a.model or default_model_dir()), train, seed)


def probe_stack(model: LetterTransformer, model_dir: str, train: TrainingData, seed: dict) -> None:
    """The stacked detector's weights, and its found measures and false alarms in the seed letter."""
    train.dev_letters, _, train.dev_flags = prepare(load_jsonl(split_files()["dev"]), LABELS)
    stack = measure_system(STACKED_MEASURE_SYSTEM, train, model_dir, loaded={model_dir: model})
    letter = read_letter(seed["text"], format="text")
    (scores,) = stack.score_sentences([letter])
    taken = [s.text for s, q in zip(letter.sentences, scores) if q >= stack.threshold_]
    found = [m for m in seed["measures"] if m in taken]
    print(f"stack {STACKED_MEASURE_SYSTEM}: weights {np.round(stack.weights_, 2).tolist()}, "
          f"threshold {stack.threshold_:.2f}; finds {len(found)} of {len(seed['measures'])}")
    for text in taken:
        print(f"    {'measure' if text in found else 'FALSE ALARM'}: {text[:70]}")


if __name__ == "__main__":
    main()
