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

# Verbs of acting, in the forms Dutch letters use (present, participle, separable parts).
_ACTION_VERBS = (
    r"invoer\w*|ingevoerd|voert? \w+( \w+){0,6} in|start\w*|gestart|lanceer\w*|gelanceerd|"
    r"publiceer\w*|gepubliceerd|stel\w* \w+( \w+){0,8} (in|beschikbaar|op|vast)|ingesteld|vastgesteld|"
    r"opgesteld|richt\w* \w+( \w+){0,6} in|ingericht|breid\w* \w+( \w+){0,6} uit|uitgebreid|"
    r"lever\w*|geleverd|ontwikkel\w*|ontwikkeld|organiseer\w*|georganiseerd|voer\w* \w+( \w+){0,8} uit|"
    r"uitgevoerd|vernietig\w*|blokkeer\w*|geblokkeerd|aangehouden|in beslag genomen|opgeschort|"
    r"verspreid\w*|opgeroepen|roep\w* \w+( \w+){0,6} op|aangenomen|neem\w* \w+( \w+){0,6} (aan|op|in)|"
    r"vastgelegd|leg\w* \w+( \w+){0,6} vast|onleesbaar gemaakt|verbied\w*|verboden|verplicht\w*|"
    r"investeer\w*|geïnvesteerd|financier\w*|gefinancierd|subsidieer\w*|versterk\w*|versterkt|"
    r"verscherp\w*|aangescherpt|scherp\w* \w+( \w+){0,6} aan|monitor\w*|gemonitord|"
    r"controleer\w*|gecontroleerd|onderzoek\w* \w+|ingediend|dien\w* \w+( \w+){0,6} in|"
    r"vervang\w*|vervangen|herstel\w*|hersteld|getroffen|tref\w*|ingezet|zet\w* \w+( \w+){0,6} in|"
    r"informeer\w* (de |het |alle |betrokken|gemeenten|burgers|partijen|instellingen|bedrijven)|"
    r"geïnformeerd over|gewaarschuwd|waarschuw\w*|in gebruik genomen|neem\w* \w+( \w+){0,6} in gebruik|"
    r"afgesloten|sluit\w* \w+( \w+){0,6} af|opgericht|richt\w* \w+( \w+){0,6} op|aangesteld|"
    r"trekt? \w+( \w+){0,6} uit|uitgetrokken|monitort|blijft .{0,40}alert"
)
# Auxiliaries and light verbs: an action only together with another signal.
_WEAK_VERBS = r"gaat|gaan|zal|zullen|komt er|komen er|wordt|worden|geldt|gelden|krijgt|krijgen|biedt|bieden|maakt|maken|laat|laten"
ACTION_CUES = [
    rf"\b({_ACTION_VERBS})\b",
    rf"\b({_WEAK_VERBS})\b",
    r"\b(per|vanaf|met ingang van|vóór|voor|uiterlijk|in) (\d{1,2} )?(januari|februari|maart|april|mei|juni|"
    r"juli|augustus|september|oktober|november|december|het voorjaar|de zomer|het najaar|\d{4})\b",
    r"€ ?\d|\b\d+([.,]\d+)? ?(miljoen|miljard|mln\.?|fte)\b",
    r"\b(campagne|pilot|actieplan|taskforce|meldpunt|meldloket|strafrechtelijk onderzoek|audit|"
    r"oefening|handreiking|wetsvoorstel|convenant|regeling|richtlijn)\b",
]
# A sentence is a measure with an action verb, or with a light verb plus a date, an
# amount or an instrument; the exclusions below overrule both.
EXCLUSION_CUES = [
    r"^\s*(mocht|indien|als|wanneer)\b.{0,200}\b(dan )?(zal|informeer|stel)",
    r"\bmocht\b.{0,200}\bdan\b",
    r"\bmet deze brief\b|\bin deze brief\b|\bhierbij (informeer|bied|stuur)\b",
    r"\b(informeer|informeren|zal) .{0,40}\b(uw|de) kamer\b.{0,80}\b(informeren|over)\b",
    r"\bzoals (eerder|toegezegd|gemeld|aangekondigd)\b",
    r"\b(blijkt|is gebleken|er zijn (geen )?aanwijzingen|het gaat om|het betreft hier)\b",
    r"\b(heb(ben)?|had(den)?) (zich )?(toegang|onbevoegd)\b|\b(is|zijn) (\w+ )?(buitgemaakt|gestolen|gelekt|gehackt)\b",
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
        strong, weak, *others = self._action
        if strong.search(sentence):
            return True
        return bool(weak.search(sentence)) and any(p.search(sentence) for p in others)

    def score_sentences(self, letters: Sequence[Letter]) -> list[np.ndarray]:
        return [np.array([float(self.is_measure(s.text)) for s in letter.sentences]) for letter in letters]
