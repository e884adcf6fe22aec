"""The annotation format of `ANNOTATION.md`: labels and the JSONL record shape."""

from __future__ import annotations

import re
from itertools import combinations

LABELS: tuple[str, ...] = ("cyber", "politie", "privacy")

#: Every label combination, "none" first; used for stratification and the corpus counts.
COMBINATIONS: tuple[str, ...] = ("none",) + tuple(
    "+".join(c) for r in (1, 2, 3) for c in combinations(LABELS, r)
)

SPLITS: tuple[str, ...] = ("train", "dev", "test")

_SPACE = re.compile(r"\s+")


def combination(labels: list[str] | tuple[str, ...]) -> str:
    """The label combination of a letter, e.g. "cyber+privacy" or "none"."""
    ordered = [label for label in LABELS if label in labels]
    return "+".join(ordered) if ordered else "none"


def collapse_whitespace(text: str) -> str:
    """Join line breaks and runs of spaces: how measure strings are matched to the text."""
    return _SPACE.sub(" ", text).strip()


#: The "typical words" of each label in ANNOTATION.md (lower case, matched as substrings).
#: Used by the keyword baseline and the data card's diagnostic (`keyword_rule_fires_on_none`).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "cyber": (
        "cyber", "hack", "ransomware", "phishing", "kwetsbaarhe", "ncsc", "ddos",
        "digitale weerbaarheid", "informatiebeveiliging", "malware",
    ),
    "politie": ("politie", "agenten", "agent ", "korpschef", "wijkagent", "basisteam"),
    "privacy": (
        "privacy", "persoonsgegevens", "datalek", "avg", "autoriteit persoonsgegevens",
        "dpia", "bewaartermijn", "gegevensdeling", "bsn",
    ),
}
