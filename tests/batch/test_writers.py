"""Writers: batches become visible atomically; resume after a torn write; Parquet round trip."""

from __future__ import annotations

import json

import pytest

from briefnlp.batch.writers import (
    MANIFEST,
    JsonlWriter,
    OutputError,
    ParquetShardWriter,
    open_writer,
    read_records,
)

MODEL = {"name": "m", "version": "0.1.0", "sha": "ab" * 32}


def record(i: int, error: bool = False) -> dict:
    """A record of the real shape; odd ones have measures, `error=True` is a failed input."""
    if error:
        return {
            "id": f"r{i}",
            "source": {"path": f"in/{i}.pdf", "sha256": None},
            "meta": None,
            "labels": [],
            "scores": {},
            "measures": [],
            "summary": [],
            "model": MODEL,
            "error": {"type": "CorruptDocumentError", "message": f"in/{i}.pdf: is truncated (...)"},
        }
    meta = {
        "date": "2025-03-03",
        "subject": "Brief",
        "reference": None,
        "sender": None,
        "directorate": None,
        "addressee": None,
        "signatory": "A. Jansen",
        "signatory_role": None,
        "attachments": 2,
        "dossiers": ["29628"],
        "document_number": None,
        "source": f"in/{i}.txt",
        "format": "text",
        "warnings": ["no date found in the letterhead"] if i % 2 else [],
    }
    measures = [
        {
            "sentence": "De politie start een pilot.",
            "start": 10,
            "end": 37,
            "score": 0.8123,
            "actor": "Politie" if i % 3 else None,
            "bullet": "Politie start een pilot.",
        }
    ] * (i % 2)
    return {
        "id": f"r{i}",
        "source": {"path": f"in/{i}.txt", "sha256": f"{i:064x}"},
        "meta": meta,
        "labels": ["politie"] if i % 2 else [],
        "scores": {"cyber": 0.1, "politie": 0.9 - i / 100, "privacy": 0.0},
        "measures": measures,
        "summary": [m["bullet"] for m in measures],
        "model": MODEL,
        "error": None,
    }


def key(r: dict) -> tuple:
    return r["id"], r["source"]["sha256"]


def test_jsonl_resume_cuts_a_torn_last_line(tmp_path):
    out = tmp_path / "out.jsonl"
    writer = JsonlWriter(out)
    writer.write([record(0), record(1)])
    writer.write([record(2), record(3, error=True)])
    writer.close()
    whole = out.read_bytes()
    out.write_bytes(whole[: len(whole) - 25])  # killed in the middle of the last line
    resumed = JsonlWriter(out, resume=True)
    assert resumed.done == {key(record(i)) for i in range(3)}
    assert out.read_bytes().endswith(b"\n") and len(out.read_text().splitlines()) == 3
    resumed.write([record(3, error=True)])
    resumed.close()
    assert list(read_records(out)) == [record(0), record(1), record(2), record(3, error=True)]


def test_jsonl_refuses_to_overwrite_and_stops_on_damage_inside(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps(record(0)) + "\n{damaged\n" + json.dumps(record(1)) + "\n")
    with pytest.raises(OutputError, match="--resume"):
        JsonlWriter(out)
    with pytest.raises(OutputError, match="line 2 is damaged"):
        JsonlWriter(out, resume=True)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    JsonlWriter(empty).close()  # an empty OUT is fine without --resume


def test_parquet_round_trip(tmp_path):
    records = [record(i, error=(i == 4)) for i in range(7)]
    writer = open_writer(tmp_path / "out", "parquet", rows_per_shard=3)
    writer.write(records[:2])
    writer.write(records[2:5])
    writer.write(records[5:])
    writer.close()
    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert [s["rows"] for s in manifest["shards"]] == [5, 2]
    back = list(read_records(tmp_path / "out"))
    assert back == records
    assert json.dumps(back) == json.dumps(records)  # same key order, same types


def test_parquet_resume_drops_uncommitted_shards(tmp_path):
    out = tmp_path / "out"
    writer = ParquetShardWriter(out, rows_per_shard=2)
    writer.write([record(0), record(1)])
    writer.write([record(2), record(3)])
    writer.close()
    manifest = (out / MANIFEST).read_text()
    # a crash after the third shard was renamed in but before the manifest listed it,
    # and another in the middle of writing a fourth
    extra = ParquetShardWriter(tmp_path / "scratch", rows_per_shard=2)
    extra.write([record(4), record(5)])
    (tmp_path / "scratch" / "part-00000.parquet").rename(out / "part-00002.parquet")
    (out / ".part-00003.parquet.tmp").write_bytes(b"PAR1 half")
    (out / MANIFEST).write_text(manifest)
    resumed = ParquetShardWriter(out, resume=True, rows_per_shard=2)
    assert resumed.done == {key(record(i)) for i in range(4)}
    assert sorted(p.name for p in out.iterdir()) == [
        MANIFEST,
        "part-00000.parquet",
        "part-00001.parquet",
    ]
    resumed.write([record(4), record(5)])
    resumed.close()
    assert [r["id"] for r in read_records(out)] == [f"r{i}" for i in range(6)]
    with pytest.raises(OutputError, match="--resume"):
        ParquetShardWriter(out)
