"""The batch job on Ray Data, for when one machine does not get through a corpus in time.

    pip install "briefnlp[ray]"

    from briefnlp.batch.ray_runner import summarise_with_ray
    summarise_with_ray(["letters/", "kamerbrieven-2024.parquet"], "out/",
                       model="models/briefnlp-e5-small-nl", num_actors=8, threads_per_actor=2)

    from briefnlp.batch import read_records
    records = list(read_records("out/"))   # the same dicts summarise_corpus yields

The pipeline is three Ray Data stages:

1. inputs: Parquet corpora are read by Ray itself (`ray.data.read_parquet`, in
   parallel, ``id`` and ``text`` columns); every other INPUT (files, folders, globs,
   JSONL, ``datasets`` folders) is expanded on the driver by `expand_inputs` into small
   rows naming the files (JSONL and ``datasets`` rows carry their text);
2. `map_batches(_parse_rows)`: stateless tasks read the letters (`parse_item`, one CPU
   each), so reading scales out with the cluster;
3. `map_batches(LetterActor, concurrency=num_actors)`: actors that each load the model
   once and turn batches of read letters into records with the same code as the
   single-machine run (`analyse_batch`), then `write_parquet` (schema `record_schema`).

Records equal `summarise_corpus`'s for the same inputs and model, up to the order of
the files Ray writes (compare by id), with two limits: ids of a Parquet corpus are
taken as they are (they must be unique; the ``#2`` suffixes for repeated ids need a view
of the whole run), and ids are made unique only within each run of consecutive
non-Parquet INPUTs. There is no ``--resume``: Ray retries failed tasks itself; rerun
into an empty folder.

Pointing it at a real cluster:

1. Start a cluster: ``ray up cluster.yaml`` (cloud VMs), KubeRay on Kubernetes, or by
   hand: ``ray start --head`` on one node, ``ray start --address=HEAD:6379`` on the others.
   Install the same briefnlp version with ``briefnlp[ray]`` on every node (in the image),
   or pass ``init_kwargs={"runtime_env": {"pip": ["briefnlp[ray]==X.Y"]}}``.
2. Make the model readable on every node: the model folder and the backbone cache
   (``$BRIEFNLP_CACHE``) on a shared filesystem or baked into the image; otherwise
   every node converts e5-small itself on first use.
3. Put inputs and OUT where every node sees them: a shared filesystem path, or for
   Parquet corpora and OUT an ``s3://`` / ``gs://`` URI (Ray reads and writes them
   through pyarrow's filesystems). Letter files named on the driver are opened by the
   tasks by the same path, so they must be on a shared filesystem.
4. Connect: run the script on the head node with ``address="auto"``, or from outside
   with ``address="ray://HEAD:10001"`` (Ray Client), or set ``RAY_ADDRESS``.
5. Size it: ``num_actors`` x ``threads_per_actor`` = the CPUs to give the model (2-4
   threads per actor suit e5-small on CPU); reading tasks take the remaining CPUs.
   With GPUs, pass ``num_gpus_per_actor=1``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from briefnlp.batch.inputs import InputItem, expand_inputs, record_item
from briefnlp.batch.parsing import Parsed, parse_item
from briefnlp.reading import DEFAULT_MAX_BYTES

_ITEM_COLUMNS = ("id", "path", "text", "error_type", "error_message")
_PARSED_COLUMNS = ("id", "path", "sha256", "letter", "error_type", "error_message")


def summarise_with_ray(
    inputs: Iterable[str | os.PathLike[str]],
    output: str,
    *,
    model: str | os.PathLike[str] | None = None,
    backbone: str | None = None,
    precision: str = "fp32",
    batch_size: int = 32,
    num_actors: int = 1,
    threads_per_actor: int = 1,
    num_gpus_per_actor: float = 0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    address: str | None = None,
    init_kwargs: dict[str, Any] | None = None,
) -> str:
    """Summarise `inputs` on Ray Data and write the records as Parquet files to `output`.

    Connects to `address` (None: a running local instance or a new one; "auto": the
    cluster this machine belongs to; "ray://HEAD:10001": a remote cluster) unless Ray is
    already initialised. Returns `output`; read the records with `read_records`.
    """
    import ray

    from briefnlp.batch.model import describe_model, resolve_model_path

    if not ray.is_initialized():
        ray.init(address=address, **(init_kwargs or {}))
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    model_path = str(resolve_model_path(model).resolve())
    model_info = describe_model(None, model_path, precision)

    items = _items_dataset(list(inputs))
    parsed = items.map_batches(
        _parse_rows,
        fn_kwargs={"max_bytes": max_bytes},
        batch_size=batch_size,
        batch_format="pyarrow",
        num_cpus=1,
    )
    records = parsed.map_batches(
        LetterActor,
        fn_constructor_kwargs={
            "model": model_path,
            "backbone": backbone,
            "precision": precision,
            "model_info": model_info,
            "threads": threads_per_actor,
        },
        batch_size=batch_size,
        batch_format="pyarrow",
        concurrency=num_actors,
        num_cpus=threads_per_actor,
        num_gpus=num_gpus_per_actor,
    )
    records.write_parquet(output)
    return output


def _items_dataset(inputs: list[str | os.PathLike[str]]):
    """One Ray dataset of item rows, in the order of `inputs`."""
    import ray

    parts = []
    pending: list[str | os.PathLike[str]] = []

    def flush() -> None:
        rows = [_item_row(item) for item in expand_inputs(pending)]
        if rows:
            parts.append(ray.data.from_arrow(_strings_table(rows, _ITEM_COLUMNS)))
        pending.clear()

    for arg in inputs:
        if Path(arg).suffix.lower() == ".parquet" and not Path(arg).is_dir():
            flush()
            path = os.fspath(arg)
            table = ray.data.read_parquet(path).select_columns(["id", "text"])
            parts.append(
                table.map_batches(_corpus_rows, fn_kwargs={"path": path}, batch_format="pyarrow")
            )
        else:
            pending.append(arg)
    flush()
    if not parts:
        raise ValueError("no inputs")
    dataset = parts[0]
    return dataset.union(*parts[1:]) if len(parts) > 1 else dataset


def _item_row(item: InputItem) -> dict[str, str | None]:
    error_type, error_message = item.error or (None, None)
    return {
        "id": item.id,
        "path": item.path,
        "text": item.text,
        "error_type": error_type,
        "error_message": error_message,
    }


def _row_item(row: dict[str, Any]) -> InputItem:
    error = (row["error_type"], row["error_message"]) if row.get("error_type") else None
    return InputItem(row["id"], row["path"], row.get("text"), error)


def _strings_table(rows: list[dict[str, Any]], columns: tuple[str, ...]):
    import pyarrow as pa

    schema = pa.schema([(name, pa.string()) for name in columns])
    return pa.Table.from_pylist(rows, schema=schema)


def _corpus_rows(batch, path: str):
    """Parquet corpus rows (id, text) -> item rows, through the same checks as locally."""
    rows = []
    for record in batch.to_pylist():
        rows.append(_item_row(record_item(record, path, 0)))
    return _strings_table(rows, _ITEM_COLUMNS)


def _parse_rows(batch, max_bytes: int):
    """Item rows -> parsed rows: the letter as JSON (`Letter.to_dict`) or the error."""
    rows = []
    for row in batch.to_pylist():
        parsed = parse_item(_row_item(row), max_bytes)
        error_type, error_message = parsed.error or (None, None)
        letter = None
        if parsed.letter is not None:
            letter = json.dumps(parsed.letter.to_dict(), ensure_ascii=False)
        rows.append(
            {
                "id": parsed.item.id,
                "path": parsed.item.path,
                "sha256": parsed.sha256,
                "letter": letter,
                "error_type": error_type,
                "error_message": error_message,
            }
        )
    return _strings_table(rows, _PARSED_COLUMNS)


def _parsed(rows: list[dict[str, Any]]) -> Iterator[Parsed]:
    from briefnlp.letter import Letter

    for row in rows:
        error = (row["error_type"], row["error_message"]) if row.get("error_type") else None
        letter = Letter.from_dict(json.loads(row["letter"])) if row.get("letter") else None
        yield Parsed(InputItem(row["id"], row["path"]), row["sha256"], letter, error)


class LetterActor:
    """A Ray actor that holds the model and turns parsed rows into record tables."""

    def __init__(
        self,
        model: str,
        backbone: str | None,
        precision: str,
        model_info: dict[str, str],
        threads: int = 1,
    ) -> None:
        import torch

        from briefnlp.batch.model import load_analyser

        torch.set_num_threads(max(1, threads))
        self.analyser = load_analyser(model, backbone, precision)
        self.model_info = model_info

    def __call__(self, batch):
        from briefnlp.batch.records import analyse_batch
        from briefnlp.batch.writers import records_table

        parsed = list(_parsed(batch.to_pylist()))
        return records_table(analyse_batch(self.analyser, parsed, self.model_info))
