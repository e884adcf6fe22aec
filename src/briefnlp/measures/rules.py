"""Rule baseline: Dutch cues of announced actions, minus conditional promises.

A sentence is a measure when it holds an action cue (taken/will take actions,
investments, campaigns, investigations, monitoring, deadlines, "per 1 januari", amounts)
and no exclusion cue (conditionals such as "Mocht ... dan", the letter describing
itself, references to earlier letters, plans to inform the Kamer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from briefnlp.letter import Letter
from briefnlp.measures.base import MeasureDetectorMixin

ACTION_CUES = [
    r"\b(zal|zullen|gaat|gaan)\b.{0,80}\b(invoeren|starten|uitbreiden|investeren|ontwikkelen|versterken|"
    r"inzetten|informeren|onderzoeken|aanpassen|opstellen|uitvoeren|verbeteren|maken|nemen|treffen|instellen|"
    r"aanscherpen|verplichten|beschikbaar stellen|monitoren|evalueren|oprichten|organiseren|uitbreiden)\b",
    r"\b(heeft|hebben|is|zijn|wordt|worden)\b.{0,60}\b(getroffen|gestart|ingesteld|ingevoerd|uitgebreid|"
    r"opgericht|aangescherpt|verbroken|ingetrokken|vervangen|aangesteld|gelanceerd|geïnstalleerd|"
    r"beschikbaar gesteld|ingezet|aangepast|afgesloten|verscherpt|versterkt|opgeschaald|geïnformeerd)\b",
    r"\b(investeert|investeren|trekt .{0,40}uit|stelt .{0,60}beschikbaar|stellen .{0,60}beschikbaar)\b",
    r"\b(monitort|monitoren|houdt toezicht|onderzoekt|start|starten|lanceert|voert .{0,40}in|zet .{0,40}in)\b",
    r"\b(campagne|pilot|actieplan|taskforce|meldpunt|strafrechtelijk onderzoek|wetsvoorstel .{0,30}in)\b",
    r"\b(per|vanaf|met ingang van|vóór|voor) \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|"
    r"september|oktober|november|december)\b",
    r"€ ?\d|\b\d+([.,]\d+)? ?(miljoen|miljard|mln\.?)\b",
    r"\b(ik heb|wij hebben|het kabinet heeft) .{0,40}(besloten|gevraagd|opdracht gegeven)\b",
]

EXCLUSION_CUES = [
    r"^\s*(mocht|indien|als|wanneer)\b.{0,200}\b(dan )?(zal|informeer|stel)",
    r"\bmocht\b.{0,200}\bdan\b",
    r"\bmet deze brief\b|\bin deze brief\b|\bhierbij (informeer|bied|stuur)\b",
    r"\b(informeer|informeren|zal) .{0,40}\b(uw|de) kamer\b.{0,80}\b(informeren|over)\b",
    r"\bzoals (eerder|toegezegd|gemeld|aangekondigd)\b",
    r"^\s*(ik|wij|het kabinet) (vind|vinden|ben|zijn|acht|achten|betreur|dank)",
]


class RuleMeasureDetector(MeasureDetectorMixin):
    """Scores 1.0 for a sentence with an action cue and no exclusion cue, else 0.0."""

    def __init__(self) -> None:
        self.threshold_ = 0.5
        self._action = [re.compile(p, re.IGNORECASE) for p in ACTION_CUES]
        self._exclude = [re.compile(p, re.IGNORECASE) for p in EXCLUSION_CUES]

    def fit(self, letters=None, flags=None) -> RuleMeasureDetector:
        return self

    def is_measure(self, sentence: str) -> bool:
        if len(sentence.split()) < 4:
            return False
        if any(p.search(sentence) for p in self._exclude):
            return False
        return any(p.search(sentence) for p in self._action)

    def score_sentences(self, letters: Sequence[Letter]) -> list[np.ndarray]:
        return [np.array([float(self.is_measure(s.text)) for s in letter.sentences]) for letter in letters]
