"""`briefnlp summarise`: exit codes, the final line, resume after a crash or kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from briefnlp.batch import expand_inputs, read_records

from .corpora import GOOD_LETTERS, MAX_BYTES, run_cli

MAX_MB = str(MAX_BYTES / 1e6)


def test_bad_corpus_exit_codes_and_final_line(tiny_letter_model_dir, bad_dir, tmp_path, capsys):
    folder, expected = bad_dir
    n_bad = sum(v is not None for v in expected.values())
    out = tmp_path / "out.jsonl"
    argv = [
        str(folder),
        "-o",
        str(out),
        "--model",
        str(tiny_letter_model_dir),
        "--max-mb",
        MAX_MB,
        "--workers",
        "1",
        "--batch-size",
        "3",
    ]
    assert run_cli(argv) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"{len(expected) - n_bad} ok, {n_bad} failed, ") and last.endswith(
        " letters/s"
    )
    assert [r["id"] for r in read_records(out)] == list(expected)

    strict = tmp_path / "strict.parquet"
    assert run_cli([*argv[:2], str(strict), *argv[3:], "--strict"]) == 1
    assert [r["id"] for r in read_records(strict)] == list(expected)  # written all the same
    good = tmp_path / "good-only.jsonl"
    assert (
        run_cli(
            [
                str(folder / "a-politie.txt"),
                "-o",
                str(good),
                "--model",
                str(tiny_letter_model_dir),
                "--strict",
                "--workers",
                "0",
            ]
        )
        == 0
    )


def test_existing_out_needs_resume_and_missing_model_is_a_usage_error(
    tiny_letter_model_dir, good_dir, tmp_path, capsys
):
    out = tmp_path / "out.jsonl"
    base = [str(good_dir), "-o", str(out), "--model", str(tiny_letter_model_dir), "--workers", "0"]
    assert run_cli(base) == 0
    assert run_cli(base) == 2
    assert "--resume" in capsys.readouterr().err
    assert run_cli([*base, "--resume"]) == 0
    assert "4 already in" in capsys.readouterr().out
    assert len(list(read_records(out))) == 4
    assert (
        run_cli([str(good_dir), "-o", str(tmp_path / "x.jsonl"), "--model", str(tmp_path / "nope")])
        == 2
    )
    assert "cannot load the model" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_resume_after_a_crash_gives_every_input_once(tiny_letter_model_dir, bad_dir, tmp_path, fmt):
    folder, _ = bad_dir
    argv = [
        str(folder),
        "--model",
        str(tiny_letter_model_dir),
        "--max-mb",
        MAX_MB,
        "--workers",
        "0",
        "--batch-size",
        "2",
        "--format",
        fmt,
        "--no-progress",
    ]
    reference = tmp_path / f"reference.{fmt}"
    assert run_cli([*argv, "-o", str(reference)]) == 0
    out = tmp_path / f"out.{fmt}"
    assert run_cli([*argv, "-o", str(out)]) == 0
    if fmt == "jsonl":  # killed while appending: half a line at the end
        data = out.read_bytes()
        lines = data.splitlines(keepends=True)
        out.write_bytes(b"".join(lines[:5]) + lines[5][:40])
    else:  # killed between writing a shard and listing it: the manifest lists none
        manifest = out / "_manifest.json"
        manifest.write_text(json.dumps({"format": 1, "shards": []}))
    assert run_cli([*argv, "-o", str(out), "--resume"]) == 0
    assert list(read_records(out)) == list(read_records(reference))


def test_kill_9_then_resume(tiny_letter_model_dir, tmp_path):
    """A real `kill -9` of a running job, then --resume: every input exactly once."""
    texts = list(GOOD_LETTERS.values())
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"id": f"l{i:03d}", "text": texts[i % len(texts)] + f"\nKenmerk {i}\n"} for i in range(160)
    ]
    corpus.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    model = str(tiny_letter_model_dir)
    argv = [str(corpus), "-o", str(out), "--model", model, "--workers", "0", "--no-progress"]
    tests = os.path.dirname(os.path.dirname(__file__))
    slow = [*argv, "--batch-size", "2"]  # small batches: many commits to kill in between
    code = f"import sys; sys.path.insert(0, {tests!r}); from batch.corpora import run_cli; "
    code += f"sys.exit(run_cli({slow!r}))"
    job = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and job.poll() is None:
        if out.exists() and out.stat().st_size > 20_000:  # some batches are in
            break
        time.sleep(0.02)
    job.send_signal(signal.SIGKILL)
    job.wait()
    assert job.returncode in (-signal.SIGKILL, 0), job.stderr.read().decode()[-2000:]
    resume = [*argv, "--batch-size", "16", "--resume"]  # the batch size may change
    assert run_cli(resume) == 0
    ids = [r["id"] for r in read_records(out)]
    assert Counter(ids) == Counter(i.id for i in expand_inputs([corpus]))
    assert ids == sorted(ids)  # input order, across the kill


def test_without_out_prints_topics_and_bullets_matching_the_records(
    tiny_letter_model_dir, bad_dir, tmp_path, capsys
):
    folder, expected = bad_dir
    common = ["--model", str(tiny_letter_model_dir), "--workers", "0", "--max-mb", MAX_MB, "--no-progress"]
    out = tmp_path / "out.jsonl"
    assert run_cli([str(folder), "-o", str(out), *common]) == 0
    capsys.readouterr()
    assert run_cli([str(folder), *common]) == 0
    printed = capsys.readouterr()
    blocks = printed.out.strip().split("== ")[1:]
    records = list(read_records(out))
    assert len(blocks) == len(records) == len(expected)
    for block, record in zip(blocks, records):
        if record["error"]:
            assert f"error: {record['error']['type']}" in block
            continue
        assert "topics: " in block
        for label in record["labels"]:
            assert f"{label} {record['scores'][label]:.2f}" in block
        assert [line.strip()[2:] for line in block.splitlines() if line.strip().startswith("- ")] == record["summary"]
    assert " ok, " in printed.err  # the final line goes to stderr, keeping stdout for the letters
    assert run_cli([str(folder), "--resume", *common]) == 2
