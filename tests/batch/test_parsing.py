"""Parsing in worker processes: input order, and a worker that dies takes one input down."""

from __future__ import annotations

import os

import pytest

from briefnlp.batch.inputs import InputItem
from briefnlp.batch.parsing import _parse_chunk, _PoolParser, parse_stream


def crash_on_marked(items: list[InputItem], max_bytes: int):
    """Kills its worker process on an item whose id starts with "crash" (a segfault, say)."""
    if any(item.id.startswith("crash") for item in items):
        os._exit(3)
    return _parse_chunk(items, max_bytes)


def never_starts(items: list[InputItem], max_bytes: int):
    os._exit(3)


def text_items(ids: list[str]) -> list[InputItem]:
    return [
        InputItem(i, "corpus.jsonl", text=f"Geachte voorzitter,\n\nBrief {i} gaat over de politie.")
        for i in ids
    ]


def test_parse_stream_keeps_input_order_with_workers():
    ids = [f"l{i:02d}" for i in range(23)]
    parsed = list(parse_stream(text_items(ids), workers=2, chunk_size=3, ahead=8))
    assert [p.item.id for p in parsed] == ids
    assert all(p.letter is not None and p.sha256 for p in parsed)


def test_a_crashing_input_fails_alone_and_the_run_goes_on():
    ids = ["a", "b", "crash-1", "c", "d", "e", "crash-2", "f"]
    parser = _PoolParser(workers=2, max_bytes=10**6, chunk_size=3, in_flight=4, fn=crash_on_marked)
    parsed = list(parser.run(text_items(ids)))
    assert [p.item.id for p in parsed] == ids
    errors = {p.item.id: p.error[0] for p in parsed if p.error}
    assert errors == {"crash-1": "WorkerCrashError", "crash-2": "WorkerCrashError"}


def test_workers_that_cannot_start_are_an_error_with_a_hint():
    parser = _PoolParser(workers=1, max_bytes=10**6, chunk_size=2, in_flight=2, fn=never_starts)
    with pytest.raises(RuntimeError, match="__main__"):
        list(parser.run(text_items(["a", "b"])))
