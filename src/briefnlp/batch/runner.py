"""`summarise_corpus`: every input letter to one record, streamed, in input order.

The stages overlap: worker processes read letters (`parsing`) a few chunks ahead while
this process runs the model on the previous batch. A batch of `batch_size` inputs goes
to `LetterAnalyser.analyse`, whose transformer sorts the letters' chunks by length and
pads each model batch only to its own longest chunk; one encoder pass serves topics and
measures. Nothing is kept per letter after its record is yielded, so memory stays flat
however long the corpus is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from briefnlp.batch.inputs import InputItem, expand_inputs
from briefnlp.batch.parsing import Parsed, available_cpus, default_workers, parse_stream
from briefnlp.batch.records import analyse_batch
from briefnlp.reading import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from briefnlp.pipeline import LetterAnalyser

DEFAULT_BATCH_SIZE = 32

PathLike = str | os.PathLike[str]


def summarise_corpus(
    inputs: PathLike | Iterable[PathLike],
    analyser: LetterAnalyser | None = None,
    *,
    model: PathLike | None = None,
    backbone: str | None = None,
    precision: str = "fp32",
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    threads: int | None = None,
    skip: Collection[tuple[str, str | None]] = (),
    exclude: Iterable[PathLike] = (),
    model_info: dict[str, str] | None = None,
    on_skip: Callable[[InputItem], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one record per input letter, in input order (see `briefnlp.batch.records`).

    Args:
        inputs: files, folders, globs, JSONL/Parquet corpora, saved `datasets` folders.
        analyser: a loaded `LetterAnalyser`; by default `model` (a folder; None: the
            shipped default) is loaded onto `backbone` at `precision` (one of
            `briefnlp.batch.model.PRECISIONS`).
        batch_size: inputs per model call (the window in which letters are length-sorted).
        workers: parser processes (None: `default_workers()`, one; 0: parse in this
            process).
        max_bytes: inputs larger than this fail with `FileTooLargeError`.
        threads: torch threads (None: `default_threads(workers)`, all CPUs less the extra
            parser workers; 0: leave torch's setting). Sets torch's process-wide count.
        skip: (id, content hash) pairs already done (`--resume`); those inputs are left
            out and reported to `on_skip`.
        exclude: paths never to read as input (the run's own output).
        model_info: the records' ``"model"`` entry (default: from the model folder, or
            for a given `analyser` a hash of its weights).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    workers = default_workers() if workers is None else workers
    threads = default_threads(workers) if threads is None else threads
    if threads > 0:
        import torch

        torch.set_num_threads(threads)
    if analyser is None:
        analyser, info = load_model(model, backbone, precision)
        model_info = model_info or info
    if model_info is None:
        from briefnlp.batch.model import describe_model

        model_info = describe_model(analyser)

    items = expand_inputs(inputs, exclude=exclude)
    if skip:
        items = _without_done(items, skip, on_skip)
    # parse up to two batches ahead: the next batch is read while the model runs this one
    parsed = parse_stream(items, workers=workers, max_bytes=max_bytes, ahead=2 * batch_size)
    try:
        for batch in parsed_batches(parsed, batch_size):
            yield from analyse_batch(analyser, batch, model_info)
    finally:
        parsed.close()  # stops the parser pool when the caller stops early


def default_threads(workers: int) -> int:
    """Torch threads by default: the CPUs this process may use, less one per parser worker
    beyond the first.

    Reading a text letter is ~1% of its model time, so one parser worker mostly sleeps
    and the model keeps every core; users add workers for PDF-heavy corpora, and each
    extra one is then busy and gets a core of its own. Measured on the 2-CPU development
    machine (`eval/bench_batch.py`, "torch threads" lever): when it was otherwise idle,
    2 threads beside one worker ran 1.7x faster than 1 thread; when other processes kept
    it busy (load ~4), 1 thread ran 2x faster than 2, because a parallel region waits
    for its slowest thread. Pass `threads` (``--threads``) on a shared machine.
    """
    return max(1, available_cpus() - max(0, workers - 1))


def load_model(
    model: PathLike | None = None,
    backbone: str | None = None,
    precision: str = "fp32",
    group_lengths: bool = True,
) -> tuple[LetterAnalyser, dict[str, str]]:
    """The analyser for `model` (None: the shipped default) and its records' model entry.

    `group_lengths`: run chunks in groups of similar length (`briefnlp.batch.grouping`).
    """
    from briefnlp.batch.model import describe_model, load_analyser, resolve_model_path

    path = resolve_model_path(model)
    analyser = load_analyser(path, backbone, "fp32", group_lengths)
    info = describe_model(analyser, path, precision)
    if precision != "fp32":
        from briefnlp.batch.model import set_precision

        set_precision(analyser, precision)
    return analyser, info


def _without_done(
    items: Iterable[InputItem],
    done: Collection[tuple[str, str | None]],
    on_skip: Callable[[InputItem], None] | None,
) -> Iterator[InputItem]:
    """Leave out items whose (id, content hash) is in `done`; only those ids get hashed here."""
    done_ids = {key[0] for key in done}
    for item in items:
        if item.id in done_ids and (item.id, item.content_hash()) in done:
            if on_skip is not None:
                on_skip(item)
            continue
        yield item


def parsed_batches(parsed: Iterable[Parsed], batch_size: int) -> Iterator[list[Parsed]]:
    """Consecutive lists of `batch_size` parsed items (the last may be shorter)."""
    source = iter(parsed)
    while batch := list(islice(source, batch_size)):
        yield batch
