"""The harness on a tiny hand-made split whose answers are known."""

import json

import pytest

from briefnlp.evaluation import evaluate

# Keyword rule: letter a -> politie (correct), b -> cyber (gold cyber+privacy),
# c -> nothing (gold none), d -> nothing (gold politie).
RECORDS = [
    {"id": "a", "labels": ["politie"], "summary": ["Politie zet extra agenten in."],
     "measures": ["De politie zet vanaf 1 januari extra agenten in."],
     "text": "Geachte voorzitter,\n\nDe politie zet vanaf 1 januari extra agenten in. Dat is goed nieuws."},
    {"id": "b", "labels": ["cyber", "privacy"], "summary": [],
     "measures": [],
     "text": "Geachte voorzitter,\n\nEr was een hack bij een zorginstelling. Gegevens van patiënten zijn ingezien."},
    {"id": "c", "labels": [], "summary": [], "measures": [],
     "text": "Geachte voorzitter,\n\nDe rechtspraak kampt met achterstanden. Ik betreur dat."},
    {"id": "d", "labels": ["politie"], "summary": [], "measures": [],
     "text": "Geachte voorzitter,\n\nDe korpsleiding bespreekt de roosters. Er is nog geen besluit."},
]


@pytest.fixture(scope="module")
def metrics(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    return evaluate(RECORDS, [], ["keywords", "rules", "lead3", "briefnlp"], out, data_name="tiny"), out


def test_topic_figures_equal_hand_computation(metrics):
    m, _ = metrics
    s = m["topics"]["keywords"]
    # cyber: tp 1 -> F1 1; politie: tp 1, fn 1 -> F1 2/3; privacy: fn 1 -> 0
    assert s["per_label"]["cyber"]["f1"] == pytest.approx(1.0)
    assert s["per_label"]["politie"]["f1"] == pytest.approx(2 / 3)
    assert s["per_label"]["privacy"]["f1"] == 0.0
    assert s["macro_f1"] == pytest.approx(5 / 9)
    assert s["subset_accuracy"] == pytest.approx(0.5)  # a and c exactly right
    # keyword scores are 1 - 2^-hits: hits a: politie 1, agenten 1 -> .75; b: hack 1 -> .5
    # all 12 (letter, label) pairs: conf .75 (a/politie, y=1), .5 (b/cyber, y=1), 0 for the rest
    # bins: 0 -> 10 pairs with conf 0, 2 positives (b privacy, d politie): |0.2 - 0| * 10/12
    expected_ece = (10 / 12) * 0.2 + (1 / 12) * 0.25 + (1 / 12) * 0.5
    assert s["ece"] == pytest.approx(expected_ece)


def test_measures_and_summaries_are_scored(metrics):
    m, _ = metrics
    rules = m["measures"]["rules"]
    assert rules["recall"] == pytest.approx(1.0)  # the one gold measure is found
    assert set(m["summaries"]) == {"lead3", "briefnlp"}
    # only letter a has a reference summary; lead-3 gives its two sentences
    assert 0 < m["summaries"]["lead3"]["rougeL"] < 1
    assert m["summaries"]["briefnlp"]["rouge1"] >= m["summaries"]["lead3"]["rouge1"]


def test_outputs_have_the_stable_shape(metrics):
    m, out = metrics
    saved = json.loads((out / "metrics.json").read_text())
    assert {"data", "topics", "measures", "summaries", "speed", "versions"} <= set(saved)
    assert saved["data"]["n_letters"] == 4 and len(saved["data"]["sha256"]) == 64
    assert {"letters_per_s", "peak_rss_mb"} <= set(saved["speed"]["topics:keywords"])
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert {e["id"] for e in errors if e["task"] == "topics"} == {"b", "d"}
    assert not [e for e in errors if e["task"] == "measures"]  # the rules find the one measure, nothing else
    assert errors[0]["gold"] and "evidence" in errors[0]
    for png in ("per_label_f1.png", "precision_recall.png", "calibration.png", "speed_vs_f1.png"):
        assert (out / png).stat().st_size > 1000
    assert "| keywords |" in (out / "REPORT.md").read_text()


def test_same_seed_same_metrics(metrics, tmp_path):
    m, _ = metrics
    again = evaluate(RECORDS, [], ["keywords", "rules", "lead3", "briefnlp"], tmp_path, data_name="tiny")
    strip = lambda d: {k: v for k, v in d.items() if k not in ("speed", "curves")}
    assert strip(again) == strip(m)


def test_file_without_measures_still_gets_topic_scores(tmp_path):
    bare = [{k: r[k] for k in ("id", "text", "labels")} for r in RECORDS]
    m = evaluate(bare, [], ["keywords", "rules"], None, data_name="bare")
    assert "keywords" in m["topics"] and m["measures"] == {}


def test_fine_tuned_topics_and_measures_share_one_loaded_model(tiny_letter_model_dir, tiny_letter_records, monkeypatch):
    from briefnlp.evaluation import evaluate
    from briefnlp.modeling.pretrained import LetterTransformer

    calls = []
    original = LetterTransformer.from_pretrained.__func__

    def counting(cls, *args, **kwargs):
        calls.append(args)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(LetterTransformer, "from_pretrained", classmethod(counting))
    metrics = evaluate(tiny_letter_records, systems=["finetuned"], model_dir=str(tiny_letter_model_dir))
    assert "finetuned" in metrics["topics"] and "finetuned" in metrics["measures"]
    assert len(calls) == 1


def test_measure_errors_name_the_missed_and_the_false_sentences(tmp_path):
    # the annotation swaps the obvious measure for its comment, so the rules get both wrong
    text = "Geachte voorzitter,\n\nDe politie zet vanaf 1 januari extra agenten in. Dat is goed nieuws."
    records = [{"id": "e", "labels": ["politie"], "summary": [], "measures": ["Dat is goed nieuws."], "text": text}]
    m = evaluate(records, [], ["rules", "rules"], tmp_path, data_name="swapped")  # named twice, run once
    assert m["measures"]["rules"]["f1"] == 0.0
    (error,) = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert (error["task"], error["system"], error["id"]) == ("measures", "rules", "e")
    assert [x["sentence"] for x in error["missed"]] == ["Dat is goed nieuws."]
    assert [x["sentence"] for x in error["false_alarms"]] == ["De politie zet vanaf 1 januari extra agenten in."]
    assert error["false_alarms"][0]["score"] >= error["threshold"] > error["missed"][0]["score"]
