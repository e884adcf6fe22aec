"""Write records so that a crash at any moment loses at most the batch being written.

Two formats, one interface (`open_writer`; `.done` holds the (id, content hash) pairs
already in OUT; `.write(records)` commits a batch; `.close()`):

- **JSONL** (OUT is a file): each batch is appended with one write, then flushed and
  fsynced. A crash can leave only a torn last line; with ``resume=True`` the file is
  checked from the start, a torn or unparsable *last* line is cut off, and the complete
  lines before it count as done. A bad line anywhere else stops with an error (OUT was
  edited or damaged; a run never writes that).
- **Parquet** (OUT is a folder): records are buffered and written as shards
  ``part-00000.parquet``, ... (every `rows_per_shard` records or `shard_seconds`,
  whichever comes first). A shard is written to a temporary name, fsynced and renamed;
  then ``_manifest.json``, the list of committed shards, is replaced atomically the same
  way. Only shards in the manifest count: on resume, files the manifest does not list
  (a crash between the two renames) are deleted and their inputs run again.

Either way a resumed run ends with every input exactly once. `read_records` reads
either format back into the same dicts.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any, Protocol

from briefnlp.batch.records import record_key

FORMATS = ("jsonl", "parquet")
MANIFEST = "_manifest.json"
MANIFEST_FORMAT = 1

Key = tuple[str, "str | None"]


class OutputError(Exception):
    """OUT cannot be written or continued (exists without resume, damaged, wrong kind)."""


class RecordWriter(Protocol):
    done: set[Key]

    def write(self, records: Sequence[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


def guess_format(path: str | os.PathLike[str]) -> str:
    """ "parquet" for a ``.parquet`` name or an existing folder, else "jsonl"."""
    p = Path(path)
    return "parquet" if p.suffix.lower() == ".parquet" or p.is_dir() else "jsonl"


def open_writer(
    path: str | os.PathLike[str], format: str = "jsonl", resume: bool = False, **options: Any
) -> RecordWriter:
    """A writer for OUT; without `resume` an OUT that already holds records is refused."""
    if format == "jsonl":
        return JsonlWriter(path, resume)
    if format == "parquet":
        return ParquetShardWriter(path, resume, **options)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not every platform opens folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exists_error(path: Path) -> OutputError:
    return OutputError(
        f"{path} already holds records; pass --resume to continue it, or choose another OUT"
    )


# --- JSONL -------------------------------------------------------------------------------


class JsonlWriter:
    """Append batches of records to a JSONL file, fsynced per batch."""

    def __init__(self, path: str | os.PathLike[str], resume: bool = False) -> None:
        self.path = Path(path)
        self.done: set[Key] = set()
        if self.path.is_dir():
            raise OutputError(f"{self.path} is a folder; JSONL output needs a file name")
        if self.path.exists() and self.path.stat().st_size > 0:
            if not resume:
                raise _exists_error(self.path)
            self.done = self._recover()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "ab")  # noqa: SIM115 - open until close()

    def _recover(self) -> set[Key]:
        """Keys of the complete records; a torn or unparsable last line is cut off."""
        done: set[Key] = set()
        good_end = 0
        bad: tuple[int, int] | None = None  # (line number, offset) of the first bad line
        with open(self.path, "rb") as handle:
            for number, line in enumerate(handle, 1):
                if bad is not None:
                    raise OutputError(
                        f"{self.path}: line {bad[0]} is damaged and is not the last line; "
                        "fix or remove it before resuming"
                    )
                record = _parse_line(line)
                if record is None:
                    bad = (number, good_end)
                    continue
                done.add(record_key(record))
                good_end += len(line)
        if good_end < self.path.stat().st_size:
            with open(self.path, "r+b") as handle:
                handle.truncate(good_end)
                handle.flush()
                os.fsync(handle.fileno())
        return done

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        if not records:
            return
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
        self._handle.write(data)
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self.done.update(record_key(r) for r in records)

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()


def _parse_line(line: bytes) -> dict[str, Any] | None:
    if not line.endswith(b"\n"):
        return None
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    return record if isinstance(record, dict) and "id" in record else None


# --- Parquet -----------------------------------------------------------------------------


def record_schema():
    """The Arrow schema of a record (nested: meta, measures and error are structs)."""
    import pyarrow as pa

    from briefnlp.letter import LetterMeta
    from briefnlp.measures.base import Measure

    def arrow(annotation: str) -> pa.DataType:
        if annotation.startswith("list"):
            return pa.list_(pa.string())
        if "int" in annotation:
            return pa.int64()
        if "float" in annotation:
            return pa.float64()
        return pa.string()

    def struct(cls: type) -> pa.DataType:
        return pa.struct([(f.name, arrow(str(f.type))) for f in fields(cls)])

    meta = pa.struct(list(struct(LetterMeta)) + [pa.field("warnings", pa.list_(pa.string()))])
    strings = pa.string()
    return pa.schema(
        [
            ("id", strings),
            ("source", pa.struct([("path", strings), ("sha256", strings)])),
            ("meta", meta),
            ("labels", pa.list_(strings)),
            ("scores", pa.map_(strings, pa.float64())),
            ("measures", pa.list_(struct(Measure))),
            ("summary", pa.list_(strings)),
            ("model", pa.struct([("name", strings), ("version", strings), ("sha", strings)])),
            ("error", pa.struct([("type", strings), ("message", strings)])),
        ]
    )


def records_table(records: Sequence[dict[str, Any]]):
    """Records as an Arrow table of `record_schema`."""
    import pyarrow as pa

    return pa.Table.from_pylist(list(records), schema=record_schema())


def table_records(table) -> list[dict[str, Any]]:
    """An Arrow table of `record_schema` back to record dicts (scores as a dict)."""
    out = table.to_pylist()
    for record in out:
        record["scores"] = dict(record["scores"] or [])
    return out


class ParquetShardWriter:
    """Parquet shards plus an atomically replaced manifest in the folder OUT."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        resume: bool = False,
        rows_per_shard: int = 512,
        shard_seconds: float = 60.0,
    ) -> None:
        self.folder = Path(path)
        self.rows_per_shard = rows_per_shard
        self.shard_seconds = shard_seconds
        self.done: set[Key] = set()
        self.shards: list[dict[str, Any]] = []
        self._buffer: list[dict[str, Any]] = []
        self._since = time.monotonic()
        if self.folder.exists() and not self.folder.is_dir():
            raise OutputError(f"{self.folder} is a file; Parquet output is a folder of shards")
        if self.folder.is_dir() and any(self.folder.iterdir()):
            if not resume:
                raise _exists_error(self.folder)
            self._recover()
        self.folder.mkdir(parents=True, exist_ok=True)

    def _recover(self) -> None:
        import pyarrow.parquet as pq

        manifest = self.folder / MANIFEST
        if manifest.is_file():
            self.shards = json.loads(manifest.read_text(encoding="utf-8"))["shards"]
        elif any(self.folder.glob("*.parquet")):
            raise OutputError(
                f"{self.folder} has Parquet files but no {MANIFEST}; not a briefnlp output"
            )
        listed = {shard["file"] for shard in self.shards}
        for path in self.folder.iterdir():  # uncommitted leftovers of a crash
            if (
                path.name != MANIFEST
                and path.name not in listed
                and path.name.startswith(("part-", "."))
            ):
                path.unlink()
        for shard in self.shards:
            table = pq.read_table(self.folder / shard["file"], columns=["id", "source"])
            for item_id, source in zip(table["id"].to_pylist(), table["source"].to_pylist()):
                self.done.add((item_id, (source or {}).get("sha256")))

    def write(self, records: Sequence[dict[str, Any]]) -> None:
        self._buffer.extend(records)
        if (
            len(self._buffer) >= self.rows_per_shard
            or time.monotonic() - self._since >= self.shard_seconds
        ):
            self.flush()

    def flush(self) -> None:
        """Commit the buffered records as one shard."""
        import pyarrow.parquet as pq

        self._since = time.monotonic()
        if not self._buffer:
            return
        name = f"part-{len(self.shards):05d}.parquet"
        tmp = self.folder / f".{name}.tmp"
        pq.write_table(records_table(self._buffer), tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, self.folder / name)
        self.shards.append({"file": name, "rows": len(self._buffer)})
        self._write_manifest()
        self.done.update(record_key(r) for r in self._buffer)
        self._buffer = []

    def _write_manifest(self) -> None:
        tmp = self.folder / f".{MANIFEST}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump({"format": MANIFEST_FORMAT, "shards": self.shards}, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.folder / MANIFEST)
        _fsync_dir(self.folder)

    def close(self) -> None:
        self.flush()


# --- reading back ------------------------------------------------------------------------


def read_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records in OUT: a JSONL file, one Parquet file, or a folder of shards.

    A folder with a manifest yields its committed shards in order; one without (Ray
    Data's output) yields every ``*.parquet`` file in name order. A torn last JSONL line
    (a run still writing, or killed) is left out.
    """
    import pyarrow.parquet as pq

    p = Path(path)
    if p.is_dir():
        manifest = p / MANIFEST
        if manifest.is_file():
            files = [
                p / s["file"] for s in json.loads(manifest.read_text(encoding="utf-8"))["shards"]
            ]
        else:
            files = sorted(p.rglob("*.parquet"))
        for file in files:
            yield from table_records(pq.read_table(file, schema=record_schema()))
    elif p.suffix.lower() == ".parquet":
        yield from table_records(pq.read_table(p, schema=record_schema()))
    else:
        with open(p, "rb") as handle:
            for line in handle:
                record = _parse_line(line)
                if record is not None:
                    yield record
