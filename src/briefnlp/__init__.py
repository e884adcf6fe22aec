"""briefnlp: topics and grounded measure summaries for Dutch policy letters."""

from __future__ import annotations

from briefnlp.errors import LetterError
from briefnlp.letter import Citation, Footnote, Letter, LetterMeta, Sentence

__version__ = "0.1.0"

__all__ = [
    "Citation",
    "Footnote",
    "Letter",
    "LetterError",
    "LetterMeta",
    "Sentence",
    "__version__",
]
