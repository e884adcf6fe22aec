"""`summarise_corpus`: one record per input, in order, bad inputs recorded, same results."""

from __future__ import annotations

import json

import pytest

from briefnlp.batch import RECORD_KEYS, expand_inputs, summarise_corpus
from briefnlp.reading import read_letter

from .corpora import MAX_BYTES, REAL_PDF


def single_file_record(analyser, path) -> dict:
    """What analysing one file on its own gives, in the record's terms."""
    from dataclasses import asdict

    letter = read_letter(path)
    (analysis,) = analyser.analyse([letter])
    return {
        "meta": {**asdict(letter.meta), "warnings": letter.warnings},
        "labels": analysis.labels,
        "scores": analysis.scores,
        "measures": [asdict(m) for m in analysis.summary.measures],
        "summary": analysis.summary.bullets,
    }


def test_one_record_per_input_in_input_order(tiny_analyser, good_dir, tmp_path):
    analyser, info = tiny_analyser
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"j{i}", "text": text}) + "\n"
            for i, text in enumerate(p.read_text() for p in sorted(good_dir.rglob("*.txt")))
        )
    )
    inputs = [corpus, good_dir, good_dir / "b-privacy.txt"]
    records = list(summarise_corpus(inputs, analyser, model_info=info, batch_size=3, workers=1))
    assert [r["id"] for r in records] == [i.id for i in expand_inputs(inputs)]
    assert len(records) == 4 + 4 + 1
    for record in records:
        assert tuple(record) == RECORD_KEYS
        assert record["error"] is None and record["model"] == info
        assert set(record["scores"]) == set(analyser.transformer.labels)
        assert record["summary"] == [m["bullet"] for m in record["measures"]]
        json.dumps(record)  # JSON-ready
    # a JSONL record and the same text in a file get the same result
    assert records[0]["scores"] == records[4]["scores"]
    assert records[0]["source"] == {"path": str(corpus), "sha256": records[0]["source"]["sha256"]}


def test_bad_corpus_every_input_recorded_good_ones_as_single_files(tiny_analyser, bad_dir):
    analyser, info = tiny_analyser
    folder, expected = bad_dir
    records = list(
        summarise_corpus(
            [folder], analyser, model_info=info, batch_size=4, workers=2, max_bytes=MAX_BYTES
        )
    )
    assert [r["id"] for r in records] == list(expected)
    for record in records:
        want = expected[record["id"]]
        if want is None:
            assert record["error"] is None, record["error"]
            single = single_file_record(analyser, folder / record["id"])
            assert {k: record[k] for k in single} == single
        else:
            assert record["error"]["type"] == want
            assert record["id"] in record["error"]["message"]  # names the file ...
            assert "(" in record["error"]["message"]  # ... and says what to do
            assert record["labels"] == [] and record["measures"] == [] and record["meta"] is None
    by_id = {r["id"]: r for r in records}
    assert "does not look Dutch" in " ".join(by_id["english.txt"]["meta"]["warnings"])
    assert by_id["english.txt"]["scores"]
    copy, original = by_id["z-copy-of-a.txt"], by_id["a-politie.txt"]
    assert copy["source"]["sha256"] == original["source"]["sha256"]
    assert (copy["labels"], copy["scores"], copy["measures"]) == (
        original["labels"],
        original["scores"],
        original["measures"],
    )
    assert by_id["gone.txt"]["source"]["sha256"] is None
    assert "over the limit" in by_id["huge.txt"]["error"]["message"]


@pytest.mark.skipif(not REAL_PDF.is_file(), reason="the real letters in ../shared are absent")
def test_real_pdf_and_its_truncated_copy(tiny_analyser, tmp_path):
    analyser, info = tiny_analyser
    data = REAL_PDF.read_bytes()
    (tmp_path / "a-full.pdf").write_bytes(data)
    (tmp_path / "b-cut.pdf").write_bytes(data[: len(data) // 2])
    full, cut = summarise_corpus(tmp_path, analyser, model_info=info, workers=1)
    assert full["error"] is None and full["meta"]["format"] == "pdf"
    assert {k: full[k] for k in ("labels", "scores")} == {
        k: v
        for k, v in single_file_record(analyser, tmp_path / "a-full.pdf").items()
        if k in ("labels", "scores")
    }
    assert cut["error"]["type"] == "CorruptDocumentError" and "truncated" in cut["error"]["message"]


def test_workers_and_batch_size_do_not_change_records(tiny_analyser, bad_dir):
    analyser, info = tiny_analyser
    folder, _ = bad_dir
    one = list(
        summarise_corpus(
            folder, analyser, model_info=info, batch_size=1, workers=0, max_bytes=MAX_BYTES
        )
    )
    many = list(
        summarise_corpus(
            folder, analyser, model_info=info, batch_size=16, workers=2, max_bytes=MAX_BYTES
        )
    )
    assert one == many


def test_skip_leaves_out_done_inputs_only_when_unchanged(tiny_analyser, good_dir):
    analyser, info = tiny_analyser
    first = list(summarise_corpus(good_dir, analyser, model_info=info, workers=0))
    done = {(r["id"], r["source"]["sha256"]) for r in first[:2]}
    (good_dir / "b-privacy.txt").write_text("Geachte voorzitter,\n\nDe brief is gewijzigd.\n")
    skipped = []
    rest = list(
        summarise_corpus(
            good_dir,
            analyser,
            model_info=info,
            workers=0,
            skip=done,
            on_skip=lambda item: skipped.append(item.id),
        )
    )
    assert skipped == ["a-politie.txt"]
    assert [r["id"] for r in rest] == ["b-privacy.txt", "sub/c-rechtspraak.txt", "sub/d-cyber.txt"]
    assert rest[0]["source"]["sha256"] != first[1]["source"]["sha256"]


def test_model_failure_on_one_letter_fails_that_letter_only(tiny_analyser, good_dir, monkeypatch):
    analyser, info = tiny_analyser
    real = analyser.analyse

    def flaky(letters):
        letters = list(letters)
        if any("rechtspraak" in letter.text for letter in letters):
            raise RuntimeError("boom")
        return real(letters)

    monkeypatch.setattr(analyser, "analyse", flaky)
    records = list(summarise_corpus(good_dir, analyser, model_info=info, workers=0, batch_size=4))
    errors = {r["id"]: r["error"] for r in records}
    assert errors["sub/c-rechtspraak.txt"]["type"] == "RuntimeError"
    assert records[2]["meta"] is not None  # it was read; only the model failed
    assert [e for i, e in errors.items() if i != "sub/c-rechtspraak.txt"] == [None, None, None]


def test_model_entry_names_the_folder_and_its_hash(tiny_analyser, tiny_letter_model_dir):
    from briefnlp.batch.model import folder_sha256

    _, info = tiny_analyser
    assert info["name"] == tiny_letter_model_dir.name
    assert info["sha"] == folder_sha256(tiny_letter_model_dir) and len(info["sha"]) == 64
    assert info["version"]


def test_length_grouped_encoder_gives_the_same_states(tiny_letter_model_dir, good_dir):
    import numpy as np

    from briefnlp.batch.model import load_analyser

    grouped = load_analyser(tiny_letter_model_dir, group_lengths=True)
    plain = load_analyser(tiny_letter_model_dir, group_lengths=False)
    letters = [read_letter(p) for p in sorted(good_dir.rglob("*.txt"))]
    for a, b in zip(grouped.transformer.run(letters), plain.transformer.run(letters)):
        np.testing.assert_allclose(a.topic_logits, b.topic_logits, atol=1e-5)
        np.testing.assert_allclose(a.measure_logits, b.measure_logits, atol=1e-5)
