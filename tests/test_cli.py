"""The `briefnlp` subcommands other than `read` and `summarise` (tested with their modules)."""

import json

from briefnlp.cli import main


def test_classify_prints_labels_and_scores(tiny_letter_model_dir, tmp_path, capsys):
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte voorzitter,\n\nEr was een hack bij de politie. De politie heeft de "
                      "wachtwoorden vervangen.\n\nDe Minister,\n\nA. Jansen\n", encoding="utf-8")
    empty = tmp_path / "leeg.txt"
    empty.write_text("")
    code = main(["classify", str(letter), str(empty), "--model", str(tiny_letter_model_dir), "--json",
                 "--explain", "1"])
    out, err = capsys.readouterr()
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["file"] == str(letter)
    assert set(record["scores"]) == {"cyber", "politie", "privacy"}
    assert set(record["labels"]) <= set(record["scores"])
    assert all(len(v) == 1 for v in record["evidence"].values())
    assert "leeg.txt" in err  # the bad file gets one line, the good one its result


def test_classify_exits_non_zero_when_nothing_could_be_read(tiny_letter_model_dir, tmp_path):
    empty = tmp_path / "leeg.txt"
    empty.write_text("")
    assert main(["classify", str(empty), "--model", str(tiny_letter_model_dir)]) == 1


def test_evaluate_on_a_user_file(tiny_letter_records, tmp_path, capsys):
    data = tmp_path / "mine.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in tiny_letter_records))
    out_dir = tmp_path / "eval"
    code = main(["evaluate", "--data", str(data), "--train", str(data), "--systems", "keywords",
                 "tfidf-logreg", "rules", "lead3", "--out", str(out_dir)])
    assert code == 0
    metrics = json.loads((out_dir / "metrics.json").read_text())
    assert metrics["data"]["name"] == "mine.jsonl" and metrics["data"]["n_letters"] == 3
    assert set(metrics["topics"]) == {"keywords", "tfidf-logreg"}
    assert "| keywords |" in capsys.readouterr().out
