import json

import pytest

from briefnlp.datasets import LABELS, load_jsonl, split_files, validate
from briefnlp.datasets.authoring import SourceFormatError, assign_splits, parse_source
from briefnlp.datasets.validate import near_duplicates


def _write(tmp_path, rows, name="data.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


GOOD = {"id": "a", "text": "De politie start een onderzoek.\nDat is nodig.", "labels": ["politie"],
        "measures": ["De politie start een onderzoek."], "summary": ["Politie start onderzoek."]}


def test_bundled_splits_are_valid():
    from briefnlp.datasets import CorpusTargets

    problems = validate(split_files().values(), CorpusTargets())
    assert problems == [], "\n".join(map(str, problems))


def test_bundled_splits_have_no_overlap_and_all_labels():
    ids = {split: {r["id"] for r in load_jsonl(path)} for split, path in split_files().items()}
    assert not ids["train"] & ids["test"] and not ids["train"] & ids["dev"] and not ids["dev"] & ids["test"]
    train = load_jsonl(split_files()["train"])
    assert {label for r in train for label in r["labels"]} == set(LABELS)


def test_good_file_has_no_problems(tmp_path):
    assert validate([_write(tmp_path, [GOOD])]) == []


@pytest.mark.parametrize(
    "change, field",
    [
        ({"labels": ["cyber", "fraude"]}, "labels"),
        ({"measures": ["Een zin die er niet staat."]}, "measures[0]"),
        ({"text": ""}, "text"),
        ({"id": ""}, "id"),
        ({"summary": "geen lijst"}, "summary"),
    ],
)
def test_bad_record_names_line_and_field(tmp_path, change, field):
    path = _write(tmp_path, [GOOD, {**GOOD, "id": "b", **change}])
    problems = validate([path])
    assert [(p.line, p.field) for p in problems] == [(2, field)]
    assert str(path) in str(problems[0])


def test_invalid_json_and_duplicate_ids(tmp_path):
    path = _write(tmp_path, [GOOD, "{not json", GOOD])
    problems = validate([path])
    assert {(p.line, p.field) for p in problems} == {(2, "<json>"), (3, "id")}


def test_measure_matches_across_line_breaks(tmp_path):
    record = {**GOOD, "text": "De politie start\neen onderzoek. Dat is nodig."}
    assert validate([_write(tmp_path, [record])]) == []


def test_near_duplicates_found_and_distinct_letters_pass():
    base = " ".join(f"woord{i}" for i in range(200))
    copy = base.replace("woord7 ", "ander ")
    other = " ".join(f"term{i}" for i in range(200))
    found = near_duplicates({"a": base, "b": copy, "c": other})
    assert [(a, b) for a, b, _ in found] == [("a", "b")]


def test_parse_source_and_errors(tmp_path):
    src = tmp_path / "w9-001.txt"
    src.write_text("id: w9-001\nlabels: privacy, cyber\nministry: BZK\ndate: 2024-01-02\ntype: beleidsbrief\n"
                   "===TEXT===\nGeachte voorzitter,\n\nWij starten een campagne.\n===MEASURES===\n"
                   "Wij starten een campagne.\n===SUMMARY===\n- Kabinet start campagne.\n")
    record = parse_source(src)
    assert record["labels"] == ["cyber", "privacy"]
    assert record["measures"] == ["Wij starten een campagne."]
    assert record["summary"] == ["Kabinet start campagne."]
    src.write_text(src.read_text().replace("privacy, cyber", "privacy, fraude"))
    with pytest.raises(SourceFormatError, match="unknown labels"):
        parse_source(src)


def test_assign_splits_is_stratified_and_fixed():
    records = [{"id": f"x{i}", "labels": ["cyber"] if i % 2 else [], "meta": {}} for i in range(40)]
    first = [r["meta"]["split"] for r in assign_splits(records)]
    again = [r["meta"]["split"] for r in assign_splits([{**r, "meta": {}} for r in records])]
    assert first == again
    for labels in (["cyber"], []):
        group = [r["meta"]["split"] for r in records if r["labels"] == labels]
        assert group.count("test") == 3 and group.count("dev") == 3


def test_pinned_letters_keep_their_split_and_leave_the_others_unchanged(tmp_path):
    records = [{"id": f"x{i}", "labels": ["cyber"] if i % 2 else [], "meta": {}} for i in range(40)]
    before = {r["id"]: r["meta"]["split"] for r in assign_splits([{**r, "meta": {}} for r in records])}
    pinned = [{"id": f"y{i}", "labels": ["cyber"], "meta": {"split": "train"}} for i in range(5)]
    after = {r["id"]: r["meta"]["split"] for r in assign_splits([{**r, "meta": {}} for r in records] + pinned)}
    assert {k: after[k] for k in before} == before
    assert all(after[f"y{i}"] == "train" for i in range(5))

    src = tmp_path / "w9-201.txt"
    body = ("id: w9-201\nlabels: none\nministry: JenV\ndate: 2024-01-02\ntype: beleidsbrief\n"
            "split: train\n===TEXT===\nGeachte voorzitter,\n\nDe rechtspraak digitaliseert.\n"
            "===MEASURES===\n===SUMMARY===\n")
    src.write_text(body)
    assert parse_source(src)["meta"]["split"] == "train"
    src.write_text(body.replace("split: train", "split: holdout"))
    with pytest.raises(SourceFormatError, match="split must be one of"):
        parse_source(src)


def test_parse_source_keeps_negative_kind(tmp_path):
    src = tmp_path / "w9-002.txt"
    body = ("id: w9-002\nlabels: none\nministry: JenV\ndate: 2024-01-02\ntype: beleidsbrief\n"
            "negative: hard\n===TEXT===\nGeachte voorzitter,\n\nDe rechtspraak digitaliseert.\n"
            "===MEASURES===\n===SUMMARY===\n")
    src.write_text(body)
    assert parse_source(src)["meta"]["negative"] == "hard"
    src.write_text(body.replace("negative: hard\n", ""))
    assert parse_source(src)["meta"]["negative"] is None
    src.write_text(body.replace("negative: hard", "negative: medium"))
    with pytest.raises(SourceFormatError, match="negative must be one of"):
        parse_source(src)
    src.write_text(body.replace("labels: none", "labels: politie"))
    with pytest.raises(SourceFormatError, match="only to letters labelled none"):
        parse_source(src)


def test_hard_negatives_count_the_annotated_kind_not_the_keyword_rule():
    from briefnlp.datasets.validate import corpus_counts

    records = [
        {"text": "De rechtspraak gaat digitaal procederen.", "labels": [], "meta": {"negative": "hard"}},
        {"text": "Een brief over natuurbeheer; de politie helpt bij de opening.", "labels": [],
         "meta": {"negative": "easy"}},
        {"text": "De politie breidt de basisteams uit.", "labels": ["politie"], "meta": {}},
    ]
    counts = corpus_counts(records)
    assert counts["hard_negatives"] == 1
    assert counts["keyword_rule_fires_on_none"] == 1


def test_negative_on_a_labelled_letter_is_a_problem(tmp_path):
    path = _write(tmp_path, [GOOD, {**GOOD, "id": "b", "meta": {"negative": "hard"}}])
    assert [(p.line, p.field) for p in validate([path])] == [(2, "meta.negative")]


def test_card_tables_render_from_the_bundled_splits():
    from briefnlp.datasets.card import keyword_diagnostic, render

    text = render(diagnostic=False)
    assert "| **total** |" in text and "### Negatives" in text and "### Letter types" in text
    records = [
        {"text": "De politie breidt de basisteams uit.", "labels": ["politie"]},
        {"text": "Een brief over natuurbeheer.", "labels": []},
        {"text": "Een datalek bij de politie: persoonsgegevens gelekt.", "labels": ["privacy"]},
    ]
    scores = keyword_diagnostic(records)
    assert scores["per_label"]["politie"]["precision"] == 0.5
    assert scores["per_label"]["privacy"]["f1"] == 1.0
    assert scores["none_letters"] == 1 and scores["none_letters_with_a_label"] == 0
