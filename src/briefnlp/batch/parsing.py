"""Read input letters in worker processes, in input order, never more than a few chunks ahead.

`parse_item` turns one `InputItem` into a `Parsed`: the `Letter` and the content hash,
or the error that stopped it (every exception becomes an error; nothing escapes).
`parse_stream` runs it over a stream of items in a pool of `workers` processes (``spawn``,
so a parent that already runs torch threads is never forked), sending chunks of items
and keeping a bounded number of chunks in flight, so that memory stays flat however long
the stream is. If a worker dies (a parser crashing the interpreter, the OOM killer),
the pool is rebuilt and the chunk is retried one item at a time; an item that kills a
worker again is recorded as failed. As with any ``spawn`` pool, a script that uses
workers must start them under ``if __name__ == "__main__":``. Items and letters cross
process boundaries the way `concurrent.futures` sends them (pickled in memory, never
stored).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from briefnlp.batch.inputs import InputItem, file_sha256, text_sha256
from briefnlp.errors import LetterError
from briefnlp.letter import Letter
from briefnlp.reading import DEFAULT_MAX_BYTES


@dataclass
class Parsed:
    """The outcome of reading one item: a letter, or an error (type name, message)."""

    item: InputItem
    sha256: str | None
    letter: Letter | None = None
    error: tuple[str, str] | None = None


class WorkerCrashError(LetterError):
    hint = "the parser process died on this input; the file may be damaged in a way that crashes it"


_START_FAILED = (
    "the parser worker processes could not start. Worker processes are started with "
    "'spawn', which imports the main module again: in a script, call summarise_corpus "
    'under `if __name__ == "__main__":`, or pass workers=0 to parse in this process'
)


def parse_item(item: InputItem, max_bytes: int = DEFAULT_MAX_BYTES) -> Parsed:
    """Read one item with `read_letter`; any failure becomes `Parsed.error`."""
    from briefnlp.reading import read_letter

    if item.error is not None:
        return Parsed(item, None, error=item.error)
    try:
        if item.text is not None:
            sha = text_sha256(item.text)
            letter = read_letter(item.text, format="text", max_bytes=max_bytes)
        else:
            sha = file_sha256(item.path) if item.path is not None else None
            letter = read_letter(item.path or "", max_bytes=max_bytes)
    except LetterError as exc:
        return Parsed(item, _safe_hash(item), error=(type(exc).__name__, str(exc)))
    except Exception as exc:  # noqa: BLE001 - a reader bug on one odd file must not stop the run
        name = item.path or item.id
        message = f"{name}: could not be read ({type(exc).__name__}: {exc})"
        return Parsed(item, _safe_hash(item), error=(type(exc).__name__, message))
    return Parsed(item, sha, letter=letter)


def _safe_hash(item: InputItem) -> str | None:
    try:
        return item.content_hash()
    except Exception:  # noqa: BLE001 - the hash is optional in an error record
        return None


def _parse_chunk(items: list[InputItem], max_bytes: int) -> list[Parsed]:
    return [parse_item(item, max_bytes) for item in items]


def available_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """Parser processes by default: one (none on a single CPU).

    Reading a text letter takes ~5 ms against ~0.5 s of model time, so one process keeps
    up; PDF-heavy corpora (pdfplumber: ~0.1-0.3 s a page) gain from more (`--workers`).
    """
    return 1 if available_cpus() > 1 else 0


def parse_stream(
    items: Iterable[InputItem],
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = 4,
    ahead: int | None = None,
) -> Iterator[Parsed]:
    """`parse_item` over `items`, in their order; `workers=0` parses in this process
    (None: `default_workers()`).

    About `ahead` items (at least two chunks per worker) are in flight at a time.
    """
    workers = default_workers() if workers is None else workers
    if workers <= 0:
        for item in items:
            yield parse_item(item, max_bytes)
        return
    chunks = max(2 * workers, -(-(ahead or 0) // max(1, chunk_size)))
    yield from _PoolParser(workers, max_bytes, chunk_size, chunks).run(items)


class _PoolParser:
    """An ordered, bounded map of `_parse_chunk` over a process pool that survives crashes."""

    def __init__(
        self, workers: int, max_bytes: int, chunk_size: int, in_flight: int, fn=_parse_chunk
    ) -> None:
        self.fn = fn  # (items, max_bytes) -> list[Parsed]; a module-level function
        self.workers = workers
        self.in_flight = in_flight
        self.max_bytes = max_bytes
        self.chunk_size = max(1, chunk_size)
        self.pool: ProcessPoolExecutor | None = None
        self.started = False  # a chunk came back: the workers can start

    def _start(self) -> ProcessPoolExecutor:
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return self.pool

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def _submit(self, chunk: list[InputItem]) -> Future:
        try:
            return self._start().submit(self.fn, chunk, self.max_bytes)
        except BrokenProcessPool:
            self._restart()
            return self._start().submit(self.fn, chunk, self.max_bytes)

    def run(self, items: Iterable[InputItem]) -> Iterator[Parsed]:
        source = iter(items)
        pending: deque[tuple[list[InputItem], Future]] = deque()

        def fill() -> None:
            while len(pending) < self.in_flight:
                chunk = list(islice(source, self.chunk_size))
                if not chunk:
                    return
                pending.append((chunk, self._submit(chunk)))

        try:
            fill()
            while pending:
                chunk, future = pending.popleft()
                try:
                    results = future.result()
                    self.started = True
                except BrokenProcessPool:
                    results = self._recover(chunk, pending)
                fill()
                yield from results
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)
                self.pool = None

    def _workers_start(self) -> bool:
        """Whether a fresh pool can run an empty chunk (else the workers cannot start)."""
        try:
            self._submit([]).result()
        except BrokenProcessPool:
            self._restart()
            return False
        self.started = True
        return True

    def _recover(self, chunk: list[InputItem], pending: deque) -> list[Parsed]:
        """A worker died: parse `chunk` item by item in fresh pools, then resubmit the rest."""
        self._restart()
        results = []
        for item in chunk:
            try:
                (parsed,) = self._submit([item]).result()
            except BrokenProcessPool:
                self._restart()
                if not self.started and not self._workers_start():
                    raise RuntimeError(_START_FAILED) from None
                error = WorkerCrashError(item.path or item.id, "crashed the parser process")
                parsed = Parsed(item, _safe_hash(item), error=(type(error).__name__, str(error)))
            results.append(parsed)
            self.started = True
        for position, (other, future) in enumerate(list(pending)):
            if not future.done() or future.exception() is not None:  # died with the pool
                pending[position] = (other, self._submit(other))
        return results
