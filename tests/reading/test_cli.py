"""`briefnlp read`: JSON out for every good file, one stderr line per bad one."""

from __future__ import annotations

import json

from briefnlp.cli import main

from . import samples


def _files(tmp_path):
    good = tmp_path / "brief.txt"
    good.write_text(samples.word_text(), encoding="utf-8")
    xml = tmp_path / "kst-29628-1231.xml"
    xml.write_bytes(samples.kst_xml())
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    return good, xml, empty, junk, tmp_path / "weg.pdf"


def test_mix_of_good_and_bad_files(tmp_path, capsys):
    good, xml, empty, junk, missing = _files(tmp_path)
    code = main(["read", str(good), str(empty), str(xml), str(junk), str(missing)])
    out, err = capsys.readouterr()
    assert code == 0
    letters = json.loads(out)
    assert [letter["meta"]["format"] for letter in letters] == ["text", "xml"]
    first = letters[0]
    assert set(first) == {"text", "sentences", "meta", "citations", "footnotes", "warnings"}
    assert first["meta"]["date"] == "2024-11-12"
    for s in first["sentences"]:
        assert first["text"][s["start"] : s["end"]] == s["text"]
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{empty}: is empty")
    assert lines[1].startswith(f"{junk}: ")
    assert lines[2].startswith(f"{missing}: no such file")


def test_nothing_readable_exits_non_zero(tmp_path, capsys):
    _, _, empty, junk, _ = _files(tmp_path)
    assert main(["read", str(empty), str(junk)]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and len(err.splitlines()) == 2


def test_jsonl_and_max_mb(tmp_path, capsys):
    good, xml, *_ = _files(tmp_path)
    assert main(["read", "--jsonl", str(good), str(xml)]) == 0
    out, _ = capsys.readouterr()
    assert [json.loads(line)["meta"]["format"] for line in out.splitlines()] == ["text", "xml"]
    assert main(["read", "--max-mb", "0.001", str(good)]) == 1
    _, err = capsys.readouterr()
    assert "over the limit" in err and "--max-mb" in err


def test_help_documents_the_output(capsys):
    try:
        main(["read", "--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out, _ = capsys.readouterr()
    assert "JSON list" in out and "--jsonl" in out and "--max-mb" in out
