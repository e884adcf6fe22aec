"""Expand the INPUT arguments of a batch run into a stream of letters to summarise.

An INPUT is one of:

- a file: one letter in any format `read_letter` reads; its id is the path as given;
- a folder: every non-hidden file below it, recursively, in name order (a subfolder's
  files at the subfolder's place); ids are paths relative to the folder (POSIX
  separators);
- a glob (``"letters/**/*.pdf"``): the files it matches, sorted; ids are relative to the
  pattern's fixed leading folder;
- a JSONL or Parquet corpus (``.jsonl``, ``.parquet``) with an ``id`` and a ``text``
  field per record (the annotation format of ANNOTATION.md is one); ids are the records';
- a saved ``datasets`` folder (``save_to_disk`` of a Dataset or DatasetDict) with ``id``
  and ``text`` columns.

Corpora and ``datasets`` folders found inside a folder or a glob are read as corpora.
Items stream: a corpus is read a few hundred records at a time and a file's bytes are
only hashed when asked. An id that repeats (the same file named twice, a corpus with a
repeated id) gets a ``#2``, ``#3``... suffix, so that ids are unique within a run and
``--resume`` can key on them. Problems found while expanding (a glob that matches
nothing, a corpus that cannot be opened, a record without text) become items that carry
their error, so they are recorded like any other failed input.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefnlp.errors import LetterError, UnreadableFileError

CORPUS_SUFFIXES = (".jsonl", ".parquet")
_READ_ROWS = 256  # records read at a time from Parquet and datasets corpora


class InvalidRecordError(LetterError):
    hint = "every corpus record needs an `id` and a non-empty string `text` field"


class UnreadableCorpusError(LetterError):
    hint = "a corpus must be JSONL or Parquet (or a saved `datasets` folder) with `id` and `text`"


class NoMatchError(LetterError):
    hint = "check the pattern; quote it so that the shell does not expand it first"


@dataclass(frozen=True)
class InputItem:
    """One input letter: a file to read, or the text of a corpus record.

    `path` is the letter file, or the corpus it comes from; `text` is set for corpus
    records; `error` (type name, message) is set when expanding already failed.
    """

    id: str
    path: str | None
    text: str | None = None
    error: tuple[str, str] | None = None

    @property
    def is_file(self) -> bool:
        return self.text is None and self.error is None

    def content_hash(self) -> str | None:
        """sha256 of the file's bytes or the record's text; None when it cannot be read."""
        if self.text is not None:
            return text_sha256(self.text)
        if self.error is not None or self.path is None:
            return None
        return file_sha256(self.path)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_sha256(path: str | os.PathLike[str], block: int = 1 << 20) -> str | None:
    """Hex sha256 of a file read in blocks (bounded memory); None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(block):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def expand_inputs(
    inputs: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()
) -> Iterator[InputItem]:
    """Every letter named by `inputs`, in order, with unique ids.

    `exclude` lists paths never to read as input (the run's own output, for one).
    """
    skip = {os.path.abspath(p) for p in exclude}
    seen: dict[str, int] = {}
    for item in _expand_all(inputs, skip):
        count = seen.get(item.id, 0) + 1
        seen[item.id] = count
        if count > 1:
            item = InputItem(f"{item.id}#{count}", item.path, item.text, item.error)
        yield item


def count_inputs(
    inputs: Iterable[str | os.PathLike[str]], exclude: Iterable[str | os.PathLike[str]] = ()
) -> int:
    """How many items `expand_inputs` will give (for a progress bar), reading little.

    Parquet and `datasets` corpora are counted from their metadata; JSONL by lines.
    """
    skip = {os.path.abspath(p) for p in exclude}
    total = 0
    for kind, path, _ in _sources(inputs, skip):
        if kind == "jsonl":
            try:
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        elif kind == "parquet":
            total += _parquet_rows(path)
        elif kind == "dataset":
            total += _dataset_rows(path)
        else:
            total += 1
    return total


# --- what each argument names ------------------------------------------------------------


def _sources(
    inputs: Iterable[str | os.PathLike[str]], skip: set[str]
) -> Iterator[tuple[str, str, str]]:
    """(kind, path, id) for each letter file or corpus, in order; kind "file", "jsonl",
    "parquet", "dataset", "nomatch" or "error" (then the id slot holds the message)."""
    for raw in inputs:
        arg = os.fspath(raw)
        if os.path.isdir(arg):
            if is_dataset_folder(arg):
                yield "dataset", arg, arg
            else:
                yield from _walk(arg, skip)
        elif glob.has_magic(arg) and not os.path.lexists(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield "nomatch", arg, arg
            root = _glob_root(arg)
            for match in matches:
                if os.path.abspath(match) in skip:
                    continue
                if os.path.isdir(match):
                    if is_dataset_folder(match):
                        yield "dataset", match, match
                    continue  # "**" also matches folders; their files match on their own
                yield _file_kind(match), match, _relative(match, root)
        elif os.path.abspath(arg) not in skip:
            yield _file_kind(arg), arg, Path(arg).as_posix()


def _walk(
    folder: str, skip: set[str], root: str | None = None, visited: set[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """Files below `folder` in name order, a subfolder's files at the subfolder's place.

    Symlinks to folders are followed, each real folder once (no loops); a dangling
    symlink is a file (that then fails to read, and is recorded).
    """
    root = folder if root is None else root
    visited = set() if visited is None else visited
    real = os.path.realpath(folder)
    if real in visited:
        return
    visited.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        error = UnreadableFileError(folder, f"cannot be listed ({exc.strerror or exc})")
        yield "error", folder, str(error)  # the message rides in the id slot
        return
    for entry in entries:
        if entry.name.startswith(".") or os.path.abspath(entry.path) in skip:
            continue
        if entry.is_dir():
            if is_dataset_folder(entry.path):
                yield "dataset", entry.path, entry.path
            else:
                yield from _walk(entry.path, skip, root, visited)
        else:
            yield _file_kind(entry.path), entry.path, _relative(entry.path, root)


def _file_kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return suffix[1:] if suffix in CORPUS_SUFFIXES else "file"


def _relative(path: str, root: str) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _glob_root(pattern: str) -> str:
    """The folder part of a glob pattern before its first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."


def is_dataset_folder(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a folder written by `datasets`' `save_to_disk`."""
    folder = Path(path)
    return (folder / "dataset_dict.json").is_file() or (
        (folder / "state.json").is_file() and (folder / "dataset_info.json").is_file()
    )


# --- items of each kind ------------------------------------------------------------------


def _expand_all(inputs: Iterable[str | os.PathLike[str]], skip: set[str]) -> Iterator[InputItem]:
    for kind, path, item_id in _sources(inputs, skip):
        if kind == "file":
            yield InputItem(item_id, path)
        elif kind == "nomatch":
            error = NoMatchError(path, "matches no files")
            yield InputItem(item_id, None, error=(type(error).__name__, str(error)))
        elif kind == "error":
            yield InputItem(path, path, error=(UnreadableFileError.__name__, item_id))
        else:
            yield from _corpus_items(kind, path)


def _corpus_items(kind: str, path: str) -> Iterator[InputItem]:
    reader = {"jsonl": _jsonl_records, "parquet": _parquet_records, "dataset": _dataset_records}[
        kind
    ]
    try:
        for row, record in reader(path):
            yield record_item(record, path, row)
    except LetterError as exc:
        yield InputItem(path, path, error=(type(exc).__name__, str(exc)))
    except Exception as exc:  # noqa: BLE001 - a damaged corpus is one failed input, not a crashed run
        error = UnreadableCorpusError(path, f"cannot be read ({type(exc).__name__}: {exc})")
        yield InputItem(path, path, error=(type(error).__name__, str(error)))


def record_item(record: object, path: str, row: int) -> InputItem:
    """The item of one corpus record (`row` counts from 1, for ids and messages)."""
    fallback = f"{path}:{row}"
    if isinstance(record, LetterError):
        return InputItem(fallback, path, error=(type(record).__name__, str(record)))
    if not isinstance(record, dict):
        error = InvalidRecordError(fallback, f"is a JSON {type(record).__name__}, not an object")
        return InputItem(fallback, path, error=(type(error).__name__, str(error)))
    item_id = record.get("id")
    item_id = fallback if item_id is None or str(item_id) == "" else str(item_id)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        problem = "has no `text` field" if text is None else "has an empty or non-string `text`"
        error = InvalidRecordError(f"{path}: record {item_id}", problem)
        return InputItem(item_id, path, error=(type(error).__name__, str(error)))
    return InputItem(item_id, path, text=text)


def _jsonl_records(path: str) -> Iterator[tuple[int, object]]:
    if not os.access(path, os.R_OK) or not os.path.isfile(path):
        raise UnreadableCorpusError(path, "cannot be read (missing, a folder, or no permission)")
    with open(path, encoding="utf-8", errors="strict") as handle:
        row = 0
        for line in handle:
            if not line.strip():
                continue
            row += 1
            try:
                yield row, json.loads(line)
            except json.JSONDecodeError as exc:
                yield row, InvalidRecordError(f"{path}:{row}", f"is not valid JSON ({exc.msg})")


def _parquet_records(path: str) -> Iterator[tuple[int, object]]:
    import pyarrow.parquet as pq

    handle = pq.ParquetFile(path)
    missing = {"id", "text"} - set(handle.schema_arrow.names)
    if missing:
        raise UnreadableCorpusError(path, f"has no {' or '.join(sorted(missing))} column")
    row = 0
    for batch in handle.iter_batches(batch_size=_READ_ROWS, columns=["id", "text"]):
        for record in batch.to_pylist():
            row += 1
            yield row, record


def _dataset_records(path: str) -> Iterator[tuple[int, object]]:
    from datasets import Dataset, load_from_disk

    loaded = load_from_disk(path)
    splits = [loaded] if isinstance(loaded, Dataset) else [loaded[name] for name in loaded]
    row = 0
    for split in splits:
        missing = {"id", "text"} - set(split.column_names)
        if missing:
            raise UnreadableCorpusError(path, f"has no {' or '.join(sorted(missing))} column")
        for batch in split.select_columns(["id", "text"]).iter(batch_size=_READ_ROWS):
            for item_id, text in zip(batch["id"], batch["text"]):
                row += 1
                yield row, {"id": item_id, "text": text}


def _parquet_rows(path: str) -> int:
    try:
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    except Exception:  # noqa: BLE001 - only a progress total
        return 1


def _dataset_rows(path: str) -> int:
    try:
        from datasets import Dataset, load_from_disk

        loaded = load_from_disk(path)
        return loaded.num_rows if isinstance(loaded, Dataset) else sum(loaded.num_rows.values())
    except Exception:  # noqa: BLE001 - only a progress total
        return 1
