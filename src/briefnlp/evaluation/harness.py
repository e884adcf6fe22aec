"""The evaluation harness: every system on the same letters, one metrics.json.

    from briefnlp.evaluation import evaluate
    metrics = evaluate(records, out_dir="runs/eval")

`records` are annotation records (ANNOTATION.md). Records without `measures` or
`summary` still get topic scores; summaries are scored only on letters with a
reference summary.
"""

from __future__ import annotations

import hashlib
import json
import platform
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from briefnlp.datasets.align import match_measures
from briefnlp.evaluation.cost import measure_cost
from briefnlp.evaluation.metrics import bootstrap_ci, expected_calibration_error, prf, topic_scores
from briefnlp.evaluation.rouge import rouge
from briefnlp.evaluation.systems import (
    MEASURE_SYSTEMS, STACKED_MEASURE_SYSTEM, SUMMARY_SYSTEMS, TOPIC_SYSTEMS, TrainingData, measure_system,
    summary_system, topic_system,
)
from briefnlp.letter import Letter


def data_fingerprint(records: Sequence[dict], name: str) -> dict[str, Any]:
    digest = hashlib.sha256()
    for r in records:
        digest.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode())
    return {"name": name, "n_letters": len(records), "sha256": digest.hexdigest()}


def score_topics(y: np.ndarray, proba: np.ndarray, pred: np.ndarray, labels: Sequence[str], seed: int) -> dict:
    scores = topic_scores(y, pred, labels)
    scores["ece"] = expected_calibration_error(y, proba)
    pairs = list(zip(y, pred))
    scores["macro_f1_ci95"] = bootstrap_ci(
        pairs, lambda s: topic_scores(np.array([a for a, _ in s]), np.array([b for _, b in s]), labels)["macro_f1"],
        seed=seed,
    )
    return scores


def score_measures(letters: Sequence[Letter], detections: Sequence[Sequence], gold: Sequence[Sequence[str]], seed: int) -> dict:
    counts = [match_measures([s for s, _ in d], g) for d, g in zip(detections, gold)]
    totals = np.sum(counts, axis=0) if counts else np.zeros(3)
    out = prf(*totals)
    out["f1_ci95"] = bootstrap_ci(counts, lambda s: prf(*np.sum(s, axis=0))["f1"], seed=seed)
    return out


def evaluate(
    records: Sequence[dict[str, Any]],
    train_records: Sequence[dict[str, Any]] | None = None,
    systems: Sequence[str] | None = None,
    out_dir: str | Path | None = None,
    data_name: str = "test",
    model_dir: str | None = None,
    seed: int = 0,
    dev_records: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Score the chosen systems (default: all) on `records`; write outputs to `out_dir`.

    Baselines are fitted on `train_records`; `dev_records` (held out from both) fit the
    stacked detector.
    """
    from briefnlp.modeling.fit import prepare
    from briefnlp.topics.base import infer_classes

    np.random.seed(seed)
    train_records = train_records or []
    labels = [str(c) for c in infer_classes([r.get("labels", []) for r in [*train_records, *records]])]
    letters, y, flags = prepare(records, labels)
    train = TrainingData(*prepare(train_records, labels), labels) if train_records else TrainingData([], np.zeros((0, len(labels))), [], labels)
    if dev_records:
        train.dev_letters, _, train.dev_flags = prepare(dev_records, labels)
    n_words = sum(len(letter.text.split()) for letter in letters)
    n_tokens = _count_tokens(letters)
    chosen = list(systems) if systems else [
        *TOPIC_SYSTEMS, *[m for m in MEASURE_SYSTEMS if dev_records or m != STACKED_MEASURE_SYSTEM], *SUMMARY_SYSTEMS]
    chosen = list(dict.fromkeys(chosen))  # "finetuned" is a topic and a measure system: run each task once
    has_measures = any("measures" in r for r in records)
    has_summary = [bool(r.get("summary")) for r in records]

    metrics: dict[str, Any] = {
        "data": data_fingerprint(records, data_name), "labels": labels,
        "topics": {}, "measures": {}, "summaries": {}, "speed": {}, "curves": {},
    }
    if dev_records:  # the stack's weights are learnt on them, so its figures depend on them
        metrics["dev_data"] = data_fingerprint(dev_records, "dev")
    errors: list[dict] = []
    loaded: dict = {}  # the fine-tuned model, loaded once for topics and measures
    for name in [s for s in chosen if s in TOPIC_SYSTEMS]:
        system = topic_system(name, train, model_dir, loaded)
        with measure_cost() as cost:
            proba = system.predict_proba(letters)
        pred = (proba >= (system.thresholds_ if system.thresholds_ is not None else 0.5)).astype(int)
        metrics["topics"][name] = score_topics(y, proba, pred, labels, seed)
        metrics["curves"][name] = {"y": y.tolist(), "proba": np.round(proba, 5).tolist()}
        metrics["speed"][f"topics:{name}"] = _speed(cost, len(letters), n_words, n_tokens)
        errors += _topic_errors(name, records, letters, y, pred, proba, labels)

    detectors = {}
    for name in [s for s in chosen if s in MEASURE_SYSTEMS] if has_measures else []:
        detector = measure_system(name, train, model_dir, loaded)
        with measure_cost() as cost:
            scores = detector.score_sentences(letters)
        detections = [[(s, p) for s, p in zip(l.sentences, sc) if p >= detector.threshold_] for l, sc in zip(letters, scores)]
        metrics["measures"][name] = score_measures(letters, detections, [r.get("measures", []) for r in records], seed)
        errors += _measure_errors(name, records, letters, flags, scores, detector.threshold_)
        metrics["speed"][f"measures:{name}"] = _speed(cost, len(letters), n_words, n_tokens)
        detectors[name] = detector

    scored = [i for i, ok in enumerate(has_summary) if ok]
    for name in [s for s in chosen if s in SUMMARY_SYSTEMS] if scored else []:
        detector = detectors.get("finetuned") or detectors.get("tfidf") or detectors.get("rules")
        if name == "briefnlp" and detector is None:
            continue
        summarise = summary_system(name, detector)
        subset = [letters[i] for i in scored]
        with measure_cost() as cost:
            bullets = summarise(subset)
        per_letter = rouge(bullets, [records[i]["summary"] for i in scored])
        metrics["summaries"][name] = {k: float(np.mean([p[k] for p in per_letter])) for k in ("rouge1", "rouge2", "rougeL")}
        metrics["summaries"][name]["rougeL_ci95"] = bootstrap_ci(per_letter, lambda s: float(np.mean([p["rougeL"] for p in s])), seed=seed)
        metrics["speed"][f"summaries:{name}"] = _speed(cost, len(subset), None, None)

    metrics["versions"] = _versions()
    if out_dir is not None:
        from briefnlp.evaluation.report import write_outputs

        write_outputs(metrics, errors, Path(out_dir))
    return metrics


def _speed(cost, n_letters: int, n_words: int | None, n_tokens: int | None) -> dict[str, float]:
    rate = lambda n: n / cost.seconds if cost.seconds else 0.0  # noqa: E731
    out = {"letters_per_s": rate(n_letters), "peak_rss_mb": round(cost.peak_rss_mb, 1),
           "seconds": round(cost.seconds, 3)}
    if n_words is not None:
        out["words_per_s"] = rate(n_words)
    if n_tokens is not None:
        out["tokens_per_s"] = rate(n_tokens)
    return out


def _count_tokens(letters: Sequence[Letter]) -> int | None:
    """Backbone (XLM-R) tokens in the letters, the unit of the transformer's cost."""
    try:
        from transformers import AutoTokenizer

        from briefnlp.backbones import resolve_backbone

        tokenizer = AutoTokenizer.from_pretrained(resolve_backbone("e5-small"))
    except Exception:  # no backbone here: report words only
        return None
    return sum(len(tokenizer(l.text, add_special_tokens=False)["input_ids"]) for l in letters)


def _measure_errors(name, records, letters, flags, scores, threshold: float) -> list[dict]:
    """Per letter, the annotated measure sentences (`flags`, from `prepare`) the detector
    missed and the sentences it took that are not annotated, with their scores: where a
    detector's F1 is lost."""
    out = []
    for record, letter, gold, sc in zip(records, letters, flags, scores):
        missed = [{"sentence": s.text, "score": round(float(p), 4)}
                  for s, p, f in zip(letter.sentences, sc, gold) if f and p < threshold]
        false_alarms = [{"sentence": s.text, "score": round(float(p), 4)}
                        for s, p, f in zip(letter.sentences, sc, gold) if not f and p >= threshold]
        if missed or false_alarms:
            out.append({"task": "measures", "system": name, "id": record["id"],
                        "threshold": round(float(threshold), 4), "missed": missed, "false_alarms": false_alarms})
    return out


def _topic_errors(name, records, letters, y, pred, proba, labels) -> list[dict]:
    out = []
    for i in np.flatnonzero((y != pred).any(axis=1)):
        out.append({
            "task": "topics", "system": name, "id": records[i]["id"],
            "gold": [l for l, on in zip(labels, y[i]) if on],
            "predicted": [l for l, on in zip(labels, pred[i]) if on],
            "proba": {l: round(float(p), 4) for l, p in zip(labels, proba[i])},
            "evidence": _evidence(letters[i], labels),
        })
    return out


def _evidence(letter: Letter, labels: Sequence[str]) -> dict[str, list[str]]:
    """Sentences that hold the labels' typical words (a cheap, system-neutral pointer)."""
    from briefnlp.datasets.schema import KEYWORDS

    return {l: [s.text for s in letter.sentences if any(w in s.text.lower() for w in KEYWORDS.get(l, ()))][:3] for l in labels}


def _versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for pkg in ("briefnlp", "torch", "transformers", "peft", "scikit-learn", "setfit", "rouge-score"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "absent"
    return out
