"""`MeasureSummariser`: detected measure sentences -> grounded bullets, in letter order."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

import numpy as np

from briefnlp.letter import Letter, Sentence
from briefnlp.measures.base import Measure, MeasureDetectorMixin, Summary
from briefnlp.measures.bullets import make_bullet
from briefnlp.modeling.inference import LetterOutput
from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir

_TOKEN = re.compile(r"\w+", re.UNICODE)


class TransformerMeasureDetector(MeasureDetectorMixin):
    """The fine-tuned `LetterModel`'s measure head, calibrated on dev."""

    def __init__(self, transformer: LetterTransformer) -> None:
        self.transformer = transformer
        self.threshold_ = transformer.calibration.measure_threshold

    def score_sentences(self, letters: Sequence[Letter]) -> list[np.ndarray]:
        return [self.transformer.measure_proba(o) for o in self.transformer.run(list(letters))]


def build_summary(
    letter: Letter, scores: np.ndarray, threshold: float, merge_jaccard: float = 0.6
) -> Summary:
    """Bullets for the sentences scoring at or above `threshold`; near-duplicates merge.

    Of two bullets whose word sets overlap more than `merge_jaccard`, the higher-scoring
    one stays; the letter's order is kept.
    """
    kept: list[tuple[Sentence, float, str | None, str, set[str]]] = []
    for sentence, score in zip(letter.sentences, scores):
        if score < threshold:
            continue
        actor, bullet = make_bullet(sentence.text)
        if not bullet:
            continue
        words = set(_TOKEN.findall(bullet.lower()))
        twin = next((i for i, k in enumerate(kept) if _jaccard(words, k[4]) > merge_jaccard), None)
        if twin is None:
            kept.append((sentence, float(score), actor, bullet, words))
        elif score > kept[twin][1]:
            kept[twin] = (sentence, float(score), actor, bullet, words)
    kept.sort(key=lambda k: k[0].start)
    return Summary(
        [Measure(s.text, s.start, s.end, round(p, 4), actor, bullet) for s, p, actor, bullet, _ in kept]
    )


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


class MeasureSummariser:
    """What a letter announces, in bullets of at most 20 words, each traced to its sentence.

    >>> summariser = MeasureSummariser.from_pretrained()   # the shipped default, offline
    >>> summariser.summarise(letter).bullets
    """

    def __init__(self, detector: MeasureDetectorMixin) -> None:
        self.detector = detector

    @classmethod
    def from_pretrained(cls, name_or_path: str | os.PathLike | None = None, backbone: str | None = None):
        """Load a saved model; `None` is the default shipped with briefnlp (no network)."""
        transformer = LetterTransformer.from_pretrained(name_or_path or default_model_dir(), backbone)
        return cls(TransformerMeasureDetector(transformer))

    def save_pretrained(self, path: str | os.PathLike) -> None:
        if not isinstance(self.detector, TransformerMeasureDetector):
            raise TypeError("only the transformer summariser saves with save_pretrained")
        self.detector.transformer.save_pretrained(path)

    def summarise(self, letter: Letter | str) -> Summary:
        return self.summarise_many([letter])[0]

    def summarise_many(self, letters: Iterable[Letter | str]) -> list[Summary]:
        from briefnlp.topics.base import as_letters

        letters = as_letters(letters)
        scores = self.detector.score_sentences(letters)
        return [build_summary(l, s, self.detector.threshold_) for l, s in zip(letters, scores)]

    def summarise_outputs(self, letter: Letter, output: LetterOutput) -> Summary:
        """Summary from a pass that already ran (see `briefnlp.pipeline`)."""
        assert isinstance(self.detector, TransformerMeasureDetector)
        proba = self.detector.transformer.measure_proba(output)
        return build_summary(letter, proba, self.detector.threshold_)
