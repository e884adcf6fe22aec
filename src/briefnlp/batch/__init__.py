"""Batch runs: classify and summarise a whole corpus of letters, resumably.

>>> from briefnlp.batch import summarise_corpus
>>> for record in summarise_corpus(["letters/"], model="models/briefnlp-e5-small-nl"):
...     print(record["id"], record["labels"], record["error"])

Modules, one concern each: `inputs` (INPUT arguments -> items with ids), `parsing`
(reading letters in worker processes), `model` (loading, precision, the records' model
entry), `records` (the record shape), `runner` (`summarise_corpus`), `writers` (JSONL
and Parquet output that survives a crash, `--resume`), `cli` (`briefnlp summarise`),
`ray_runner` (the same job on a Ray cluster; needs ``briefnlp[ray]``).

Importing this package loads neither torch nor the model.
"""

from __future__ import annotations

from briefnlp.batch.inputs import InputItem, count_inputs, expand_inputs
from briefnlp.batch.records import RECORD_KEYS
from briefnlp.batch.runner import load_model, summarise_corpus
from briefnlp.batch.writers import open_writer, read_records

__all__ = [
    "RECORD_KEYS",
    "InputItem",
    "count_inputs",
    "expand_inputs",
    "load_model",
    "open_writer",
    "read_records",
    "summarise_corpus",
]
