"""Results of measure detection and summarisation, and what every detector shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from briefnlp.letter import Letter, Sentence


@dataclass(frozen=True)
class Measure:
    """A detected measure: its source sentence (offsets into `Letter.text`) and bullet."""

    sentence: str
    start: int
    end: int
    score: float
    actor: str | None
    bullet: str


@dataclass
class Summary:
    """What a letter announces: one bullet per measure, in the letter's order."""

    measures: list[Measure] = field(default_factory=list)

    @property
    def bullets(self) -> list[str]:
        return [m.bullet for m in self.measures]

    def to_dict(self) -> dict:
        return {"bullets": self.bullets, "measures": [asdict(m) for m in self.measures]}


class MeasureDetectorMixin:
    """`detect` from `score_sentences` and a threshold."""

    threshold_: float = 0.5

    def score_sentences(self, letters: Sequence[Letter]) -> list[np.ndarray]:  # pragma: no cover
        raise NotImplementedError

    def detect(self, letters: Iterable[Letter]) -> list[list[tuple[Sentence, float]]]:
        """The measure sentences of each letter with their scores."""
        letters = list(letters)
        return [
            [(s, float(p)) for s, p in zip(letter.sentences, scores) if p >= self.threshold_]
            for letter, scores in zip(letters, self.score_sentences(letters))
        ]
