"""The systems the harness compares, by name. Baselines are fitted on the train split."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from briefnlp.letter import Letter

TOPIC_SYSTEMS = ("keywords", "tfidf-logreg", "tfidf-svm", "e5-logreg", "setfit", "finetuned")
#: The measure system that is fitted on held-out (dev) letters, so it needs them.
STACKED_MEASURE_SYSTEM = "finetuned+tfidf"
MEASURE_SYSTEMS = ("rules", "tfidf", "finetuned", STACKED_MEASURE_SYSTEM)
SUMMARY_SYSTEMS = ("briefnlp", "lead3", "textrank")


@dataclass
class TrainingData:
    """The train split, read once and shared by every baseline; dev letters fit stacks."""

    letters: list[Letter]
    y: np.ndarray
    flags: list[list[int]]
    labels: list[str]
    dev_letters: list[Letter] = field(default_factory=list)  # held out from training: for stacks
    dev_flags: list[list[int]] = field(default_factory=list)


def fine_tuned(model_dir: str | None, loaded: dict | None = None):
    """The fine-tuned `LetterTransformer` in `model_dir` (None: the shipped one), loaded once
    per `loaded` dict, so that its topic and measure systems share one model."""
    from briefnlp.modeling.pretrained import LetterTransformer
    from briefnlp.modeling.shipped import default_model_dir

    path = str(model_dir or default_model_dir())
    loaded = {} if loaded is None else loaded
    if path not in loaded:
        loaded[path] = LetterTransformer.from_pretrained(path)
    return loaded[path]


def topic_system(name: str, train: TrainingData, model_dir: str | None = None, loaded: dict | None = None):
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

        return TopicClassifier(fine_tuned(model_dir, loaded))
    raise ValueError(f"unknown topic system {name!r}; choose from {TOPIC_SYSTEMS}")


def measure_system(name: str, train: TrainingData, model_dir: str | None = None, loaded: dict | None = None):
    """A fitted measure detector with `score_sentences` and `threshold_`."""
    from briefnlp.measures import RuleMeasureDetector, TfidfMeasureDetector

    if name == "rules":
        return RuleMeasureDetector()
    if name == "tfidf":
        return TfidfMeasureDetector().fit(train.letters, train.flags)
    if name == "finetuned":
        from briefnlp.measures.summariser import TransformerMeasureDetector

        return TransformerMeasureDetector(fine_tuned(model_dir, loaded))
    if name == STACKED_MEASURE_SYSTEM:
        from briefnlp.measures.stacked import StackedMeasureDetector
        from briefnlp.measures.summariser import TransformerMeasureDetector

        if not train.dev_letters:
            raise ValueError(f"{name} is fitted on held-out letters: pass dev records to the harness")
        parts = [TransformerMeasureDetector(fine_tuned(model_dir, loaded)),
                 TfidfMeasureDetector().fit(train.letters, train.flags)]
        return StackedMeasureDetector(parts).fit(train.dev_letters, train.dev_flags)
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
