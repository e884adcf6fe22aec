"""Checks on annotation files: schema, labels, verbatim measures, near-duplicates, counts.

`validate` returns a list of `Problem`s (empty when the data is sound), each naming the
file, line and field, so that a user who extends the corpus knows what to fix.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations as pairs
from pathlib import Path
from typing import Any

from briefnlp.datasets.schema import (
    COMBINATIONS,
    KEYWORDS,
    LABELS,
    SPLITS,
    collapse_whitespace,
    combination,
)

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an annotation file."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.field}: {self.message}"


@dataclass(frozen=True)
class CorpusTargets:
    """The corpus counts the project promises (issue 3); `None` disables the count checks."""

    min_letters: int = 320
    min_per_combination: int = 25
    min_hard_negatives: int = 25
    min_without_measures: int = 30
    min_ministries: int = 12
    min_share_over_800_words: float = 0.25
    max_jaccard: float = 0.5


def read_jsonl(path: str | Path) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """Read a JSONL file into (line number, record) pairs, collecting parse problems."""
    rows, problems = [], []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(Problem(str(path), number, "<json>", f"invalid JSON: {exc.msg}"))
                continue
            if not isinstance(record, dict):
                problems.append(Problem(str(path), number, "<json>", "a line must be an object"))
                continue
            rows.append((number, record))
    return rows, problems


def check_record(record: dict[str, Any], file: str, line: int) -> list[Problem]:
    """Schema checks for one record."""
    out = []

    def bad(field: str, message: str) -> None:
        out.append(Problem(file, line, field, message))

    if not isinstance(record.get("id"), str) or not record.get("id"):
        bad("id", "missing or not a non-empty string")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        bad("text", "missing or empty")
        return out
    labels = record.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        bad("labels", "must be a list of strings")
    else:
        for label in labels:
            if label not in LABELS:
                bad("labels", f"unknown label {label!r}; allowed: {', '.join(LABELS)}")
        if len(set(labels)) != len(labels):
            bad("labels", "duplicate label")
    measures = record.get("measures", [])
    if not isinstance(measures, list):
        bad("measures", "must be a list of sentences")
    else:
        flat = collapse_whitespace(text)
        for i, measure in enumerate(measures):
            if not isinstance(measure, str) or not measure.strip():
                bad(f"measures[{i}]", "empty measure")
            elif collapse_whitespace(measure) not in flat:
                bad(f"measures[{i}]", f"not found verbatim in text: {measure[:60]!r}")
    summary = record.get("summary", [])
    if not isinstance(summary, list) or not all(isinstance(x, str) for x in summary):
        bad("summary", "must be a list of strings")
    meta = record.get("meta", {})
    if not isinstance(meta, dict):
        bad("meta", "must be an object")
    else:
        if "split" in meta and meta["split"] not in SPLITS:
            bad("meta.split", f"unknown split {meta['split']!r}")
        negative = meta.get("negative")
        if negative is not None:
            if negative not in ("hard", "easy"):
                bad("meta.negative", f"must be 'hard', 'easy' or null, not {negative!r}")
            elif isinstance(labels, list) and labels:
                bad("meta.negative", "only letters labelled none can be negatives")
    return out


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def near_duplicates(
    texts: dict[str, str], threshold: float = 0.5, n: int = 5
) -> list[tuple[str, str, float]]:
    """Pairs of ids whose word n-gram Jaccard similarity exceeds `threshold`."""
    sets = {key: shingles(text, n) for key, text in texts.items()}
    index: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, grams in sets.items():
        for gram in grams:
            index[gram].append(key)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in index.values():
        if len(keys) < 50:  # a shingle in 50+ letters is boilerplate, not a sign of copying
            shared.update(pairs(sorted(keys), 2))
    out = []
    for (a, b), common in shared.items():
        union = len(sets[a]) + len(sets[b]) - common
        if union and common / union > threshold:
            out.append((a, b, common / union))
    return sorted(out)


def keyword_fires(text: str) -> bool:
    """Whether a plain keyword rule would give the letter any label (a diagnostic figure)."""
    lowered = text.lower()
    return any(word in lowered for words in KEYWORDS.values() for word in words)


def validate(
    files: Iterable[str | Path], targets: CorpusTargets | None = None
) -> list[Problem]:
    """Validate annotation JSONL files together; with `targets`, also check corpus counts."""
    problems: list[Problem] = []
    records: list[tuple[str, int, dict[str, Any]]] = []
    for path in files:
        rows, parse_problems = read_jsonl(path)
        problems += parse_problems
        for line, record in rows:
            problems += check_record(record, str(path), line)
            records.append((str(path), line, record))

    seen: dict[str, tuple[str, int]] = {}
    for file, line, record in records:
        rid = record.get("id")
        if isinstance(rid, str):
            if rid in seen:
                first = seen[rid]
                problems.append(
                    Problem(file, line, "id", f"duplicate id {rid!r} (first at {first[0]}:{first[1]})")
                )
            else:
                seen[rid] = (file, line)

    if targets is None:
        return problems
    texts = {r["id"]: r["text"] for _, _, r in records if isinstance(r.get("text"), str)}
    where = {r["id"]: (f, n) for f, n, r in records}
    for a, b, score in near_duplicates(texts, targets.max_jaccard):
        problems.append(
            Problem(where[b][0], where[b][1], "text",
                    f"near-duplicate of {a} (word 5-gram Jaccard {score:.2f})")
        )
    problems += _count_problems([r for _, _, r in records], targets)
    return problems


def corpus_counts(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures that the data card reports and `validate` checks.

    `hard_negatives` counts the letters labelled none that their annotator marked as hard
    negatives (`meta["negative"] == "hard"`: digitalisation without a security angle,
    judiciary without police, open data, a passing mention of the police or a data breach,
    ...). `keyword_rule_fires_on_none` is a separate diagnostic: the none-letters on which
    a plain keyword rule would put a label.
    """
    words = [len(r["text"].split()) for r in records]
    none_letters = [r for r in records if not r.get("labels")]
    return {
        "letters": len(records),
        "per_combination": Counter(combination(r.get("labels", [])) for r in records),
        "hard_negatives": sum(
            (r.get("meta") or {}).get("negative") == "hard" for r in none_letters
        ),
        "keyword_rule_fires_on_none": sum(keyword_fires(r["text"]) for r in none_letters),
        "without_measures": sum(not r.get("measures") for r in records),
        "ministries": len({r.get("meta", {}).get("ministry") for r in records} - {None}),
        "share_over_800_words": sum(w > 800 for w in words) / max(1, len(words)),
        "min_words": min(words, default=0),
        "max_words": max(words, default=0),
    }


def _count_problems(records: list[dict[str, Any]], t: CorpusTargets) -> list[Problem]:
    c = corpus_counts(records)
    out = []

    def short(field: str, have: float, want: float) -> None:
        if have < want:
            out.append(Problem("<corpus>", None, field, f"{have} is below the target {want}"))

    short("letters", c["letters"], t.min_letters)
    for combo in COMBINATIONS:
        short(f"combination {combo}", c["per_combination"].get(combo, 0), t.min_per_combination)
    short("hard negatives", c["hard_negatives"], t.min_hard_negatives)
    short("letters without measures", c["without_measures"], t.min_without_measures)
    short("ministries", c["ministries"], t.min_ministries)
    short("share over 800 words", round(c["share_over_800_words"], 3), t.min_share_over_800_words)
    return out
