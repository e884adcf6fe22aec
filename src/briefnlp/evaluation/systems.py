"""The systems the harness compares, by name. Baselines are fitted on the train split."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from briefnlp.letter import Letter

TOPIC_SYSTEMS = ("keywords", "tfidf-logreg", "tfidf-svm", "e5-logreg", "setfit", "finetuned")
MEASURE_SYSTEMS = ("rules", "tfidf", "finetuned")
SUMMARY_SYSTEMS = ("briefnlp", "lead3", "textrank")


@dataclass
class TrainingData:
    """The train split, read once and shared by every baseline."""

    letters: list[Letter]
    y: np.ndarray
    flags: list[list[int]]
    labels: list[str]


def topic_system(name: str, train: TrainingData, model_dir: str | None = None):
    """A fitted topic system with `predict_proba` and `predict` (thresholds for the default)."""
    from briefnlp.topics import KeywordTopicClassifier, TfidfTopicClassifier

    if name == "keywords":
        return KeywordTopicClassifier().fit()
    if name == "tfidf-logreg":
        return TfidfTopicClassifier("logreg").fit(train.letters, train.y)
    if name == "tfidf-svm":
        return TfidfTopicClassifier("svm").fit(train.letters, train.y)
    if name == "e5-logreg":
        from briefnlp.topics.embedding import EmbeddingTopicClassifier

        return EmbeddingTopicClassifier().fit(train.letters, train.y)
    if name == "setfit":
        from briefnlp.topics.setfit_peer import SetFitTopicClassifier

        return SetFitTopicClassifier().fit(train.letters, train.y)
    if name == "finetuned":
        from briefnlp.topics.classifier import TopicClassifier

        return TopicClassifier.from_pretrained(model_dir)
    raise ValueError(f"unknown topic system {name!r}; choose from {TOPIC_SYSTEMS}")


def measure_system(name: str, train: TrainingData, model_dir: str | None = None):
    """A fitted measure detector with `score_sentences` and `threshold_`."""
    from briefnlp.measures import RuleMeasureDetector, TfidfMeasureDetector

    if name == "rules":
        return RuleMeasureDetector()
    if name == "tfidf":
        return TfidfMeasureDetector().fit(train.letters, train.flags)
    if name == "finetuned":
        from briefnlp.measures.summariser import MeasureSummariser

        return MeasureSummariser.from_pretrained(model_dir).detector
    raise ValueError(f"unknown measure detector {name!r}; choose from {MEASURE_SYSTEMS}")


def summary_system(name: str, detector=None) -> Callable[[Sequence[Letter]], list[list[str]]]:
    """A function from letters to bullet lists."""
    from briefnlp.measures.extractive import lead, textrank
    from briefnlp.measures.summariser import build_summary

    if name == "lead3":
        return lambda letters: [[s.text for s in lead(letter)] for letter in letters]
    if name == "textrank":
        return lambda letters: [[s.text for s in textrank(letter)] for letter in letters]
    if name == "briefnlp":
        if detector is None:
            raise ValueError("the briefnlp summary needs a measure detector")
        return lambda letters: [
            build_summary(letter, scores, detector.threshold_).bullets
            for letter, scores in zip(letters, detector.score_sentences(letters))
        ]
    raise ValueError(f"unknown summary system {name!r}; choose from {SUMMARY_SYSTEMS}")
