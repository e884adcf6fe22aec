"""The Ray Data runner on a local Ray instance gives the single-machine run's records."""

from __future__ import annotations

import json

import pytest

from briefnlp.batch import read_records, summarise_corpus

from .corpora import MAX_BYTES, write_bad_corpus

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


def test_ray_records_equal_the_single_machine_run(
    local_ray, tiny_letter_model_dir, tiny_analyser, tmp_path
):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from briefnlp.batch.ray_runner import summarise_with_ray

    folder = tmp_path / "letters"
    folder.mkdir()
    write_bad_corpus(folder)
    texts = [
        p.read_text()
        for p in sorted(folder.rglob("*.txt"))
        if p.is_file() and p.stat().st_size < MAX_BYTES
    ]
    rows = [{"id": f"pq{i}", "text": text} for i, text in enumerate(texts)] + [
        {"id": "pq-empty", "text": ""}
    ]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "corpus.parquet")
    jsonl = tmp_path / "corpus.jsonl"
    jsonl.write_text(json.dumps({"id": "js0", "text": texts[0]}) + "\n")
    inputs = [str(folder), str(tmp_path / "corpus.parquet"), str(jsonl)]

    out = tmp_path / "ray-out"
    summarise_with_ray(
        inputs, str(out), model=tiny_letter_model_dir, batch_size=4, max_bytes=MAX_BYTES
    )
    got = list(read_records(out))

    analyser, info = tiny_analyser
    want = list(
        summarise_corpus(
            inputs, analyser, model_info=info, batch_size=4, workers=0, max_bytes=MAX_BYTES
        )
    )
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in want)
    by_id = {r["id"]: r for r in got}
    for record in want:
        assert by_id[record["id"]] == record, record["id"]
    assert sum(r["error"] is not None for r in got) >= 5
