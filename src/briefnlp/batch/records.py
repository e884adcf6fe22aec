"""The output record of one input, and a batch of read letters turned into records.

Every input gives exactly one record of this shape::

    {"id": str,
     "source": {"path": str | None, "sha256": str | None},  # file or corpus; content hash
     "meta": {LetterMeta fields..., "warnings": [str]} | None,
     "labels": [str], "scores": {label: p},
     "measures": [{"sentence", "start", "end", "score", "actor", "bullet"}],
     "summary": [bullet],
     "model": {"name", "version", "sha"},
     "error": None | {"type", "message"}}

A failed input has empty labels, scores, measures and summary, and ``meta`` is None
unless the letter was read and only the model failed on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from briefnlp.batch.parsing import Parsed

if TYPE_CHECKING:
    from briefnlp.pipeline import LetterAnalyser, LetterAnalysis

RECORD_KEYS = ("id", "source", "meta", "labels", "scores", "measures", "summary", "model", "error")


def record_key(record: dict[str, Any]) -> tuple[str, str | None]:
    """What `--resume` matches on: the id and the content hash."""
    return record["id"], (record.get("source") or {}).get("sha256")


def letter_record(
    parsed: Parsed, analysis: LetterAnalysis, model: dict[str, str]
) -> dict[str, Any]:
    """The record of a letter that was read and analysed."""
    assert parsed.letter is not None
    return {
        "id": parsed.item.id,
        "source": _source(parsed),
        "meta": _meta(parsed),
        "labels": list(analysis.labels),
        "scores": dict(analysis.scores),
        "measures": [asdict(m) for m in analysis.summary.measures],
        "summary": list(analysis.summary.bullets),
        "model": dict(model),
        "error": None,
    }


def error_record(parsed: Parsed, error: tuple[str, str], model: dict[str, str]) -> dict[str, Any]:
    """The record of an input that could not be read or analysed."""
    return {
        "id": parsed.item.id,
        "source": _source(parsed),
        "meta": _meta(parsed) if parsed.letter is not None else None,
        "labels": [],
        "scores": {},
        "measures": [],
        "summary": [],
        "model": dict(model),
        "error": {"type": error[0], "message": error[1]},
    }


def _source(parsed: Parsed) -> dict[str, str | None]:
    return {"path": parsed.item.path, "sha256": parsed.sha256}


def _meta(parsed: Parsed) -> dict[str, Any]:
    letter = parsed.letter
    assert letter is not None
    return {**asdict(letter.meta), "warnings": list(letter.warnings)}


def analyse_batch(
    analyser: LetterAnalyser, batch: Sequence[Parsed], model: dict[str, str]
) -> list[dict[str, Any]]:
    """Records for `batch`, in its order: the read letters go through the model together.

    If the model fails on the batch, each letter is retried alone, so that one letter
    the model cannot handle fails alone.
    """
    good = [p for p in batch if p.letter is not None]
    analyses: dict[int, LetterAnalysis | tuple[str, str]] = {}
    try:
        for parsed, analysis in zip(good, analyser.analyse([p.letter for p in good])):
            analyses[id(parsed)] = analysis
    except Exception:  # noqa: BLE001 - retried letter by letter below
        for parsed in good:
            try:
                analyses[id(parsed)] = analyser.analyse([parsed.letter])[0]
            except Exception as exc:  # noqa: BLE001 - one letter fails, not the run
                message = f"{parsed.item.path or parsed.item.id}: the model failed ({exc})"
                analyses[id(parsed)] = (type(exc).__name__, message)
    out = []
    for parsed in batch:
        if parsed.letter is None:
            out.append(error_record(parsed, parsed.error or ("Error", "unknown"), model))
            continue
        result = analyses[id(parsed)]
        if isinstance(result, tuple):
            out.append(error_record(parsed, result, model))
        else:
            out.append(letter_record(parsed, result, model))
    return out
