"""`TopicClassifier`: the fine-tuned transformer, the default topic system."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from briefnlp.letter import Letter, Sentence
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir
from briefnlp.topics.base import TopicSystemMixin, as_letters


@dataclass
class Evidence:
    """A sentence that supports a label, with the topic head's score on it."""

    label: str
    sentence: Sentence
    score: float


class TopicClassifier(TopicSystemMixin):
    """Multi-label topics with calibrated probabilities and evidence sentences.

    >>> clf = TopicClassifier.from_pretrained()      # the shipped default, offline
    >>> clf.predict_labels([letter])
    [['cyber', 'politie', 'privacy']]
    """

    def __init__(self, transformer: LetterTransformer) -> None:
        self.transformer = transformer
        self.classes_ = np.array(transformer.labels)
        self.thresholds_ = np.array([transformer.calibration.thresholds.get(c, 0.5) for c in self.classes_])

    @classmethod
    def from_pretrained(cls, name_or_path: str | os.PathLike | None = None, backbone: str | None = None):
        """Load a saved model; `None` is the default shipped with briefnlp (no network)."""
        return cls(LetterTransformer.from_pretrained(name_or_path or default_model_dir(), backbone))

    def save_pretrained(self, path: str | os.PathLike) -> None:
        self.transformer.save_pretrained(path)

    def predict_proba(self, X: Iterable[Letter | str]) -> np.ndarray:
        outputs = self.transformer.run(as_letters(X))
        return np.stack([self.transformer.topic_proba(o) for o in outputs]).reshape(-1, len(self.classes_))

    def explain(self, letter: Letter | str, top_k: int = 3) -> dict[str, list[Evidence]]:
        """The sentences that score highest for each label (the topic head on each sentence)."""
        (letter,) = as_letters([letter])
        (output,) = self.transformer.run([letter])
        out = {}
        for j, label in enumerate(self.classes_):
            scores = output.sentence_topic_logits[:, j] if len(letter.sentences) else np.zeros(0)
            order = np.argsort(-scores)[:top_k]
            out[str(label)] = [Evidence(str(label), letter.sentences[i], float(scores[i])) for i in order]
        return out
