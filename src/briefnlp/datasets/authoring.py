"""Turn the hand-written corpus sources into the bundled JSONL splits.

Each letter of the corpus is written as one text file (`corpus/src/<writer>/<id>.txt`):
a small header (id, labels, ministry, date, type; for a letter labelled none also
`negative: hard` or `negative: easy`, kept as `meta["negative"]`; optionally `split:` to
pin the letter to one split), then `===TEXT===`, `===MEASURES===` and `===SUMMARY===`
sections. `build_splits` parses them and assigns fixed train/dev/test splits, stratified
by label combination. Pinned letters (a later round of training letters) leave the
assignment of all the others unchanged, so the test split stays comparable.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from briefnlp.datasets.schema import LABELS, SPLITS, combination

SECTION_MARKERS = ("===TEXT===", "===MEASURES===", "===SUMMARY===")

#: Values of the optional `negative:` header of a letter labelled `none`: a hard negative
#: (a near miss: digitalisation without security, judiciary without police, open data,
#: a passing mention of the police or a data breach, ...) or an easy one.
NEGATIVE_KINDS = ("hard", "easy")


class SourceFormatError(ValueError):
    """A corpus source file does not follow the authoring format."""


def parse_source(path: str | Path) -> dict[str, Any]:
    """Parse one authored letter file into an annotation record (without a split)."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    for marker in SECTION_MARKERS:
        if raw.count(marker) != 1:
            raise SourceFormatError(f"{path}: expected exactly one {marker} line")
    head, rest = raw.split("===TEXT===", 1)
    text, rest = rest.split("===MEASURES===", 1)
    measures_block, summary_block = rest.split("===SUMMARY===", 1)

    header: dict[str, str] = {}
    for line in head.strip().splitlines():
        if ":" not in line:
            raise SourceFormatError(f"{path}: header line without 'key: value': {line!r}")
        key, value = line.split(":", 1)
        header[key.strip().lower()] = value.strip()
    for key in ("id", "labels", "ministry", "date", "type"):
        if not header.get(key):
            raise SourceFormatError(f"{path}: header lacks {key!r}")

    labels_field = header["labels"].lower()
    labels = [] if labels_field in ("none", "") else [s.strip() for s in labels_field.split(",")]
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise SourceFormatError(f"{path}: unknown labels {unknown}")

    negative = header.get("negative", "").lower() or None
    if negative is not None:
        if negative not in NEGATIVE_KINDS:
            raise SourceFormatError(
                f"{path}: negative must be one of {', '.join(NEGATIVE_KINDS)}, not {negative!r}"
            )
        if labels:
            raise SourceFormatError(f"{path}: 'negative' applies only to letters labelled none")

    pinned = header.get("split", "").lower() or None
    if pinned is not None and pinned not in SPLITS:
        raise SourceFormatError(f"{path}: split must be one of {', '.join(SPLITS)}, not {pinned!r}")

    measures = [line.strip() for line in measures_block.strip().splitlines() if line.strip()]
    summary = [
        line.strip()[1:].strip()
        for line in summary_block.strip().splitlines()
        if line.strip().startswith(("-", "•"))
    ]
    return {
        "id": header["id"],
        "text": text.strip("\n"),
        "labels": [label for label in LABELS if label in labels],
        "measures": measures,
        "summary": summary,
        "meta": {
            "ministry": header["ministry"],
            "date": header["date"],
            "type": header["type"],
            "negative": negative,
            "source": "written",
            **({"split": pinned} if pinned else {}),
        },
    }


def assign_splits(
    records: list[dict[str, Any]],
    fractions: tuple[float, float, float] = (0.70, 0.15, 0.15),
    seed: int = 13,
) -> list[dict[str, Any]]:
    """Set `meta.split` on every record: fixed, stratified by label combination.

    Records that already carry a split (pinned in their source) keep it and do not take
    part in the draw.
    """
    by_combination: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r["id"]):
        if record["meta"].get("split") in SPLITS:
            continue
        by_combination[combination(record["labels"])].append(record)
    rng = random.Random(seed)
    for group in by_combination.values():
        rng.shuffle(group)
        n_dev = round(len(group) * fractions[1])
        n_test = round(len(group) * fractions[2])
        for i, record in enumerate(group):
            split = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
            record["meta"]["split"] = split
    return records


def build_splits(source_dir: str | Path, out_dir: str | Path, seed: int = 13) -> dict[str, int]:
    """Parse every `*.txt` under `source_dir` and write `<split>.jsonl` files atomically."""
    files = sorted(Path(source_dir).rglob("*.txt"))
    records = assign_splits([parse_source(f) for f in files], seed=seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in SPLITS:
        rows = [r for r in records if r["meta"]["split"] == split]
        write_jsonl(rows, out_dir / f"{split}.jsonl")
        counts[split] = len(rows)
    return counts


def write_jsonl(rows: list[dict[str, Any]], path: str | Path) -> None:
    """Write rows as JSONL, atomically (temp file in the same folder, then rename)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
