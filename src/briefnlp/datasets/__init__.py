"""The bundled corpus of Dutch policy letters, loaded like scikit-learn's small data sets.

>>> from briefnlp.datasets import load_letters
>>> corpus = load_letters()
>>> corpus["train"][0]["labels"]

Splits: `train`, `dev`, `test` (letters written for the project, CC0) and `real` (real
Kamerbrieven, annotated stand-off; only the seed letter's text ships with the package,
the others are read from `real_dir` when you have them).
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from pathlib import Path
from typing import Any

from briefnlp.datasets.schema import COMBINATIONS, KEYWORDS, LABELS, SPLITS, combination
from briefnlp.datasets.validate import CorpusTargets, Problem, validate

DATA_DIR = Path(__file__).parent / "data"
REAL_ANNOTATIONS = DATA_DIR / "real.json"
REAL_DIR_ENV = "BRIEFNLP_REAL_LETTERS"

__all__ = [
    "COMBINATIONS",
    "DATA_DIR",
    "KEYWORDS",
    "LABELS",
    "SPLITS",
    "CorpusTargets",
    "Problem",
    "combination",
    "load_jsonl",
    "load_letters",
    "load_real_letters",
    "split_files",
    "validate",
]

_META_KEYS = ("ministry", "date", "type", "negative", "source", "split", "file")


def split_files(data_dir: str | Path = DATA_DIR) -> dict[str, Path]:
    """The bundled JSONL file of each written split."""
    return {split: Path(data_dir) / f"{split}.jsonl" for split in SPLITS}


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read an annotation file (the format of ANNOTATION.md) into normalised records."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(_normalise(json.loads(line)))
    return records


def load_letters(real_dir: str | Path | None = None, data_dir: str | Path = DATA_DIR):
    """The corpus as a `datasets.DatasetDict` with `train`, `dev`, `test` and `real`.

    `real_dir` is the folder with the real letters (default: `$BRIEFNLP_REAL_LETTERS`);
    the bundled seed letter is always part of `real`.
    """
    from datasets import Dataset, DatasetDict

    splits = {name: load_jsonl(path) for name, path in split_files(data_dir).items()}
    splits["real"] = load_real_letters(real_dir)
    return DatasetDict({name: Dataset.from_list(rows) for name, rows in splits.items()})


def load_real_letters(real_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Join the stand-off annotations of the real letters with their texts.

    Texts are read with `read_letter`. A file that is absent or whose sha256 differs from
    the annotated one is left out with a warning that says so.
    """
    from briefnlp.reading import read_letter

    real_dir = real_dir or os.environ.get(REAL_DIR_ENV)
    annotations = json.loads(REAL_ANNOTATIONS.read_text(encoding="utf-8"))
    rows, missing = [], []
    for item in annotations:
        path = _find_real_file(item["file"], real_dir)
        if path is None:
            missing.append(item["file"])
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != item["sha256"]:
            warnings.warn(
                f"real letter {path} differs from the annotated version (sha256 {digest[:12]} "
                f"!= {item['sha256'][:12]}); left out of the 'real' split",
                stacklevel=2,
            )
            continue
        letter = read_letter(path)
        rows.append(
            _normalise(
                {
                    "id": item["id"],
                    "text": letter.text,
                    "labels": item["labels"],
                    "measures": item["measures"],
                    "summary": item["summary"],
                    "meta": {**item.get("meta", {}), "source": "real", "split": "real",
                             "file": item["file"]},
                }
            )
        )
    if missing:
        warnings.warn(
            f"{len(missing)} real letters are absent ({', '.join(missing)}); pass "
            f"real_dir= or set ${REAL_DIR_ENV} to the folder that holds them",
            stacklevel=2,
        )
    return rows


def _find_real_file(name: str, real_dir: str | Path | None) -> Path | None:
    for folder in (real_dir, DATA_DIR / "real"):
        if folder is not None and (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


def _normalise(record: dict[str, Any]) -> dict[str, Any]:
    """Fill optional fields so that every record has the same shape (for `datasets`)."""
    meta = record.get("meta") or {}
    return {
        "id": str(record["id"]),
        "text": record["text"],
        "labels": list(record.get("labels") or []),
        "measures": list(record.get("measures") or []),
        "summary": list(record.get("summary") or []),
        "meta": {key: (None if meta.get(key) is None else str(meta[key])) for key in _META_KEYS},
    }
