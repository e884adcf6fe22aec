"""The tables of the data card (DATASHEET.md), computed from the bundled splits.

    python -m briefnlp.datasets.card            # prints the markdown tables
    python -m briefnlp.datasets.card --no-diagnostic
    python -m briefnlp.datasets.card --update src/briefnlp/datasets/DATASHEET.md

Every figure in the data card's tables comes from here, so that the card can be
regenerated after the corpus changes (`python training/build_corpus.py` first).
"""

from __future__ import annotations

import argparse
import statistics
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefnlp.datasets import DATA_DIR, load_jsonl, split_files
from briefnlp.datasets.schema import COMBINATIONS, LABELS, SPLITS, combination
from briefnlp.datasets.validate import corpus_counts, keyword_fires

#: Word-count bins of the length table (upper bounds, inclusive).
LENGTH_BINS: tuple[tuple[str, int], ...] = (
    ("≤ 300", 300),
    ("301–500", 500),
    ("501–800", 800),
    ("801–1,500", 1500),
    ("1,501–2,500", 2500),
    ("> 2,500", 10**9),
)


def load_splits(data_dir: str | Path = DATA_DIR) -> dict[str, list[dict[str, Any]]]:
    """The written splits as lists of records (`load_jsonl`)."""
    return {name: load_jsonl(path) for name, path in split_files(data_dir).items()}


def words(record: dict[str, Any]) -> int:
    """The word count used throughout the card (white-space tokens of the text)."""
    return len(record["text"].split())


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], align: str | None = None) -> str:
    """A markdown table; `align` is one character per column ('l' or 'r'), default l then r."""
    align = align or "l" + "r" * (len(header) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(str(h) for h in header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def counts_table(splits: dict[str, list[dict[str, Any]]]) -> str:
    """Letters per label combination and split."""
    counts = {s: Counter(combination(r["labels"]) for r in rows) for s, rows in splits.items()}
    rows = []
    for combo in COMBINATIONS:
        per = [counts[s].get(combo, 0) for s in SPLITS]
        rows.append([combo, *per, sum(per)])
    totals = [len(splits[s]) for s in SPLITS]
    rows.append(["**total**", *totals, sum(totals)])
    return table(["label combination", *SPLITS, "all"], rows)


def length_table(splits: dict[str, list[dict[str, Any]]]) -> str:
    """Word-count distribution per split, with min / median / max."""
    rows = []
    for name, upper in LENGTH_BINS:
        lower = 0
        for prev_name, prev_upper in LENGTH_BINS:
            if prev_name == name:
                break
            lower = prev_upper
        per = [sum(lower < words(r) <= upper for r in splits[s]) for s in SPLITS]
        rows.append([name, *per, sum(per)])
    everything = [words(r) for s in SPLITS for r in splits[s]]
    for label, fn in (("min", min), ("median", statistics.median), ("max", max)):
        per = [int(fn([words(r) for r in splits[s]])) if splits[s] else 0 for s in SPLITS]
        rows.append([f"*{label}*", *per, int(fn(everything)) if everything else 0])
    share = [
        f"{sum(words(r) > 800 for r in splits[s]) / max(1, len(splits[s])):.0%}" for s in SPLITS
    ]
    rows.append(["*share > 800*", *share, f"{sum(w > 800 for w in everything) / max(1, len(everything)):.0%}"])
    return table(["words", *SPLITS, "all"], rows)


def negatives_table(records: list[dict[str, Any]]) -> str:
    """Letters labelled none: hard and easy negatives, and how often a keyword rule fires on them."""
    none = [r for r in records if not r["labels"]]
    rows = []
    for kind in ("hard", "easy", None):
        group = [r for r in none if r["meta"].get("negative") == kind]
        if kind is None and not group:
            continue
        rows.append([kind or "not marked", len(group), sum(keyword_fires(r["text"]) for r in group)])
    rows.append(["**all none-letters**", len(none), sum(keyword_fires(r["text"]) for r in none)])
    return table(["negative", "letters", "keyword rule fires"], rows)


def measures_table(records: list[dict[str, Any]]) -> str:
    """Letters without measures and measure sentences per letter, per label combination."""
    rows = []
    for combo in COMBINATIONS:
        group = [r for r in records if combination(r["labels"]) == combo]
        n = [len(r["measures"]) for r in group]
        rows.append([combo, len(group), sum(not k for k in n), sum(n),
                     f"{statistics.mean(n):.1f}" if n else "0"])
    n = [len(r["measures"]) for r in records]
    rows.append(["**all**", len(records), sum(not k for k in n), sum(n),
                 f"{statistics.mean(n):.1f}" if n else "0"])
    return table(["label combination", "letters", "without measures", "measure sentences",
                  "per letter"], rows)


def meta_table(records: list[dict[str, Any]], key: str, title: str) -> str:
    """Letters per value of a meta field (ministry, type), most frequent first."""
    counts = Counter(r["meta"].get(key) or "(none)" for r in records)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return table([title, "letters"], rows)


def writers_table(records: list[dict[str, Any]]) -> str:
    """Letters per writer (the id prefix) and label combination."""
    by_writer: dict[str, Counter] = {}
    for r in records:
        by_writer.setdefault(r["id"].split("-")[0], Counter())[combination(r["labels"])] += 1
    rows = []
    for writer in sorted(by_writer):
        c = by_writer[writer]
        rows.append([writer, *[c.get(combo, 0) for combo in COMBINATIONS], sum(c.values())])
    return table(["writer", *COMBINATIONS, "all"], rows)


def keyword_diagnostic(records: list[dict[str, Any]], min_hits: int = 1) -> dict[str, Any]:
    """Scores of the keyword rule (`KeywordTopicClassifier`) on `records`.

    With `min_hits=1` the rule gives a label when the letter contains any of its typical
    words (ANNOTATION.md): cyber/hack/ransomware/..., politie/agenten/..., privacy/
    persoonsgegevens/AVG/... Each text is read with `read_letter(text, format="text")`.
    """
    import numpy as np

    from briefnlp.evaluation.metrics import topic_scores
    from briefnlp.topics.keywords import KeywordTopicClassifier

    from briefnlp.reading import read_letter

    clf = KeywordTopicClassifier(min_hits=min_hits).fit()
    letters = [read_letter(r["text"], format="text") for r in records]
    y_pred = clf.predict(letters)
    classes = [str(c) for c in clf.classes_]
    y_true = np.array([[int(c in r["labels"]) for c in classes] for r in records]).reshape(-1, len(classes))
    scores = topic_scores(y_true, y_pred, classes)
    none_true = y_true.sum(axis=1) == 0
    scores["none_letters"] = int(none_true.sum())
    scores["none_letters_with_a_label"] = int((y_pred[none_true].sum(axis=1) > 0).sum())
    return scores


def diagnostic_table(records: list[dict[str, Any]], min_hits: Sequence[int] = (1, 3)) -> str:
    """Per-label and macro F1 of the keyword rule at some hit thresholds."""
    rows = []
    for k in min_hits:
        s = keyword_diagnostic(records, k)
        rule = "contains a keyword" if k == 1 else f"≥ {k} keyword hits"
        for label in LABELS:
            v = s["per_label"][label]
            rows.append([rule, label, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}"])
        rows.append([rule, "**macro F1**", "", "", f"**{s['macro_f1']:.2f}**"])
        rows.append([rule, "subset accuracy", "", "", f"{s['subset_accuracy']:.2f}"])
        rows.append([rule, "none-letters given a label",
                     "", "", f"{s['none_letters_with_a_label']} of {s['none_letters']}"])
    return table(["rule", "label", "precision", "recall", "F1"], rows, align="llrrr")


def render(data_dir: str | Path = DATA_DIR, diagnostic: bool = True) -> str:
    """All tables of the data card as one markdown document (headings + tables)."""
    splits = load_splits(data_dir)
    records = [r for s in SPLITS for r in splits[s]]
    c = corpus_counts(records)
    parts = [
        "### Counts per split and label combination\n\n" + counts_table(splits),
        "### Letters per writer and label combination\n\n" + writers_table(records),
        "### Length (words) per split\n\n" + length_table(splits),
        "### Negatives (letters labelled none)\n\n" + negatives_table(records),
        "### Measures\n\n" + measures_table(records),
        f"### Ministries ({c['ministries']})\n\n" + meta_table(records, "ministry", "ministry"),
        "### Letter types\n\n" + meta_table(records, "type", "type"),
    ]
    if diagnostic:
        parts.append(
            f"### Keyword-rule diagnostic (test split, {len(splits['test'])} letters)\n\n"
            + diagnostic_table(splits["test"])
        )
    return "\n\n".join(parts) + "\n"


START, END = "<!-- card:start -->", "<!-- card:end -->"


def update(path: str | Path, tables: str) -> None:
    """Replace the block between the card markers of a markdown file with `tables`."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    if text.count(START) != 1 or text.count(END) != 1:
        raise ValueError(f"{path}: expected one {START} and one {END} line")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n\n{tables}\n{END}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", default=str(DATA_DIR))
    p.add_argument("--no-diagnostic", action="store_true", help="skip the keyword-rule table")
    p.add_argument("--update", metavar="MARKDOWN", help="write the tables between the card markers of this file")
    a = p.parse_args(argv)
    tables = render(a.data_dir, diagnostic=not a.no_diagnostic)
    if a.update:
        update(a.update, tables)
    else:
        print(tables, end="")


if __name__ == "__main__":
    main()
