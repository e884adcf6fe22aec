"""briefnlp: topics and grounded measure summaries for Dutch policy letters.

>>> import briefnlp
>>> letter = briefnlp.read_letter("kamerbrief.pdf")
>>> analyser = briefnlp.LetterAnalyser.from_pretrained()   # shipped default, offline
>>> result = analyser.analyse([letter])[0]
>>> result.labels, result.summary.bullets

Heavy modules (torch, transformers) load only when a model is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefnlp.errors import LetterError
from briefnlp.letter import Citation, Footnote, Letter, LetterMeta, Sentence
from briefnlp.reading import read_letter, split_sentences

if TYPE_CHECKING:
    from briefnlp.measures.base import Measure, Summary
    from briefnlp.measures.summariser import MeasureSummariser
    from briefnlp.pipeline import LetterAnalyser
    from briefnlp.topics.classifier import TopicClassifier

__version__ = "0.1.0"

_LAZY = {
    "LetterAnalyser": "briefnlp.pipeline",
    "TopicClassifier": "briefnlp.topics.classifier",
    "MeasureSummariser": "briefnlp.measures.summariser",
    "Measure": "briefnlp.measures.base",
    "Summary": "briefnlp.measures.base",
    "load_letters": "briefnlp.datasets",
    "summarise_corpus": "briefnlp.batch",
}

__all__ = [
    "Citation",
    "Footnote",
    "Letter",
    "LetterAnalyser",
    "LetterError",
    "LetterMeta",
    "Measure",
    "MeasureSummariser",
    "Sentence",
    "Summary",
    "TopicClassifier",
    "__version__",
    "load_letters",
    "read_letter",
    "split_sentences",
    "summarise_corpus",
]


def __getattr__(name: str):
    """Import model classes on first use, so `import briefnlp` stays light."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'briefnlp' has no attribute {name!r}")
