"""Is a letter Dutch? A cheap stop-word test first, langdetect to name what it is instead.

The models are trained on Dutch; a letter in another language still reads, with a warning.
Dutch function words make up about 40% of running Dutch text and only a few percent of
English, French or German, so the ratio settles almost every letter without a model;
langdetect (with a fixed seed, as its results are otherwise random) only names the
language for the warning.
"""

from __future__ import annotations

import re

_DUTCH_FUNCTION_WORDS = frozenset(
    """
    de het een en van in is dat op te zijn voor met die niet aan er om ook als bij of
    door naar wordt worden heeft hebben over uit nog dan kan deze dit wij we ik zij hun
    ons onze uw maar meer zal zullen wel geen al tot na zo waar wat hoe welke heb hij
    haar mijn daarom daarnaast tevens inmiddels omdat zodat waarbij hierover daarover
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 20
_DUTCH_RATIO = 0.18


def dutch_ratio(text: str) -> float:
    """Share of words in `text` (first 3,000 characters) that are Dutch function words."""
    words = [w.lower() for w in _WORD.findall(text[:3000])]
    if not words:
        return 0.0
    return sum(w in _DUTCH_FUNCTION_WORDS for w in words) / len(words)


def language_warning(text: str) -> str | None:
    """A warning when `text` does not look Dutch; None when it does or is too short to tell."""
    if len(_WORD.findall(text[:3000])) < _MIN_WORDS or dutch_ratio(text) >= _DUTCH_RATIO:
        return None
    language = _detect(text)
    if language == "nl":
        return None
    named = f" (detected: {language})" if language else ""
    return (
        f"the text does not look Dutch{named}; briefnlp's models are trained on Dutch "
        "letters, so results on it are unreliable"
    )


def _detect(text: str) -> str | None:
    try:
        from langdetect import DetectorFactory, detect
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:  # optional: the ratio alone decides
        return None
    DetectorFactory.seed = 0
    try:
        return detect(text[:3000])
    except LangDetectException:
        return None
