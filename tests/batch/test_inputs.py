"""INPUT arguments -> items: files, folders, globs, JSONL, Parquet and `datasets` corpora."""

from __future__ import annotations

import hashlib
import json

import pytest

from briefnlp.batch.inputs import count_inputs, expand_inputs

RECORDS = [
    {
        "id": "r1",
        "text": "Geachte voorzitter,\n\nDe politie start een pilot.",
        "labels": ["politie"],
        "measures": ["De politie start een pilot."],
        "summary": [],
        "meta": {"source": "written"},
    },
    {
        "id": "r2",
        "text": "Geachte voorzitter,\n\nDe gemeente deelt gegevens.",
        "labels": ["privacy"],
        "measures": [],
        "summary": [],
        "meta": {},
    },
]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_folder_is_walked_in_name_order_with_relative_ids(good_dir):
    (good_dir / ".hidden.txt").write_text("skip me")
    (good_dir / ".git").mkdir()
    (good_dir / ".git" / "x.txt").write_text("skip me")
    items = list(expand_inputs([good_dir]))
    assert [i.id for i in items] == [
        "a-politie.txt",
        "b-privacy.txt",
        "sub/c-rechtspraak.txt",
        "sub/d-cyber.txt",
    ]
    assert all(i.is_file for i in items)
    assert (
        items[0].content_hash()
        == hashlib.sha256((good_dir / "a-politie.txt").read_bytes()).hexdigest()
    )
    assert count_inputs([good_dir]) == 4


def test_globs_and_files_and_repeated_ids(good_dir, monkeypatch):
    monkeypatch.chdir(good_dir)
    items = list(expand_inputs(["sub/*.txt", "a-politie.txt", "**/d-*.txt", "a-politie.txt"]))
    assert [i.id for i in items] == [
        "c-rechtspraak.txt",
        "d-cyber.txt",  # relative to the glob's folder
        "a-politie.txt",  # a file named directly: the path as given
        "sub/d-cyber.txt",
        "a-politie.txt#2",  # named twice: made unique, so that resume can key on ids
    ]
    nothing = list(expand_inputs(["nothing/*.pdf"]))
    assert len(nothing) == 1 and nothing[0].error[0] == "NoMatchError"


def test_output_is_never_read_as_input(good_dir):
    out = good_dir / "out.jsonl"
    out.write_text('{"id": "x", "text": "not a letter"}\n')
    assert "out.jsonl" not in [i.id for i in expand_inputs([good_dir], exclude=[out])]
    assert count_inputs([good_dir], exclude=[out]) == 4


def test_jsonl_in_the_annotation_format(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS) + "\n", encoding="utf-8")
    items = list(expand_inputs([path]))
    assert [(i.id, i.path, i.text) for i in items] == [
        (r["id"], str(path), r["text"]) for r in RECORDS
    ]
    assert items[0].content_hash() == sha(RECORDS[0]["text"])
    assert count_inputs([path]) == 2


def test_parquet_and_datasets_corpora(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import Dataset, DatasetDict

    rows = [{"id": r["id"], "text": r["text"]} for r in RECORDS]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "c.parquet")
    Dataset.from_list(rows).save_to_disk(str(tmp_path / "ds"))
    DatasetDict(
        {"train": Dataset.from_list(rows[:1]), "test": Dataset.from_list(rows[1:])}
    ).save_to_disk(str(tmp_path / "dd"))
    for source in ("c.parquet", "ds", "dd"):
        items = list(expand_inputs([tmp_path / source]))
        assert [(i.id, i.text) for i in items] == [(r["id"], r["text"]) for r in rows], source
        assert count_inputs([tmp_path / source]) == 2
    # inside a folder, corpora are read as corpora; repeated ids get suffixes
    ids = [i.id for i in expand_inputs([tmp_path])]
    assert ids == ["r1", "r2", "r1#2", "r2#2", "r1#3", "r2#3"]


def test_bad_records_become_error_items(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [
        '{"id": "ok", "text": "Geachte voorzitter,\\n\\nDit is goed."}',
        "{not json",
        '{"id": "no-text"}',
        '{"text": "Geachte voorzitter,\\n\\nZonder id."}',
        "[1, 2]",
        '{"id": 7, "text": "   "}',
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(expand_inputs([path]))
    assert [i.id for i in items] == ["ok", f"{path}:2", "no-text", f"{path}:4", f"{path}:5", "7"]
    assert [i.error[0] if i.error else None for i in items] == [
        None,
        "InvalidRecordError",
        "InvalidRecordError",
        None,
        "InvalidRecordError",
        "InvalidRecordError",
    ]
    assert "not valid JSON" in items[1].error[1] and "no `text`" in items[2].error[1]


def test_unreadable_corpus_is_one_failed_input(tmp_path):
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 this is no parquet file")
    (items,) = list(expand_inputs([tmp_path / "broken.parquet"]))
    assert items.error[0] == "UnreadableCorpusError"
    assert count_inputs([tmp_path / "broken.parquet"]) == 1


@pytest.mark.parametrize("name", ["missing.txt", "folder.pdf"])
def test_missing_paths_are_items_that_fail_when_read(tmp_path, name):
    from briefnlp.batch.parsing import parse_item

    target = tmp_path / name
    if name == "folder.pdf":
        # a folder named like a file is a folder: its (no) files are the inputs
        target.mkdir()
        assert list(expand_inputs([target])) == []
        return
    (item,) = list(expand_inputs([target]))
    parsed = parse_item(item)
    assert parsed.letter is None and parsed.error[0] == "UnreadableFileError"


def test_symlink_loops_are_walked_once(good_dir):
    (good_dir / "sub" / "back").symlink_to(good_dir, target_is_directory=True)
    ids = [i.id for i in expand_inputs([good_dir])]
    assert ids == ["a-politie.txt", "b-privacy.txt", "sub/c-rechtspraak.txt", "sub/d-cyber.txt"]
