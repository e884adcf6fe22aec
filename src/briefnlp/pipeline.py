"""`LetterAnalyser`: topics and measure summary of each letter from one encoder pass."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from briefnlp.letter import Letter
from briefnlp.measures.base import Summary
from briefnlp.measures.summariser import MeasureSummariser, TransformerMeasureDetector
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir
from briefnlp.topics.base import as_letters
from briefnlp.topics.classifier import TopicClassifier


@dataclass
class LetterAnalysis:
    """Topics (with calibrated probabilities) and the measure summary of one letter."""

    labels: list[str]
    scores: dict[str, float]
    summary: Summary = field(default_factory=Summary)

    def to_dict(self) -> dict:
        return {"labels": self.labels, "scores": self.scores, **self.summary.to_dict()}


class LetterAnalyser:
    """The default model behind `briefnlp summarise`: both tasks, one pass per letter."""

    def __init__(self, transformer: LetterTransformer) -> None:
        self.transformer = transformer
        self.topics = TopicClassifier(transformer)
        self.summariser = MeasureSummariser(TransformerMeasureDetector(transformer))

    @classmethod
    def from_pretrained(cls, name_or_path: str | os.PathLike | None = None, backbone: str | None = None):
        return cls(LetterTransformer.from_pretrained(name_or_path or default_model_dir(), backbone))

    def analyse(self, letters: Iterable[Letter | str]) -> list[LetterAnalysis]:
        letters = as_letters(letters)
        out = []
        for letter, output in zip(letters, self.transformer.run(letters)):
            proba = self.transformer.topic_proba(output)
            decisions = self.transformer.topic_decisions(proba)
            labels = self.transformer.labels
            out.append(
                LetterAnalysis(
                    labels=[label for label, on in zip(labels, decisions) if on],
                    scores={label: round(float(p), 4) for label, p in zip(labels, proba)},
                    summary=self.summariser.summarise_outputs(letter, output),
                )
            )
        return out
