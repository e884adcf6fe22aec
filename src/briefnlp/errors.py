"""One error hierarchy for everything that can go wrong with an input letter.

Every error names the file (or "<text>" / "<bytes>") and says what the user can do,
so that a batch job can record it next to the input and carry on.
"""

from __future__ import annotations


class LetterError(Exception):
    """Base class: a letter could not be read or processed."""

    hint = ""

    def __init__(self, source: str, problem: str, hint: str | None = None) -> None:
        self.source = source
        self.problem = problem
        self.hint = hint if hint is not None else self.hint
        message = f"{source}: {problem}"
        if self.hint:
            message += f" ({self.hint})"
        super().__init__(message)


class EmptyLetterError(LetterError):
    hint = "the file holds no text; check that it was exported completely"


class UnsupportedFormatError(LetterError):
    hint = "supported formats are .txt, .pdf, .docx, .html and officielebekendmakingen .xml"


class BinaryInputError(LetterError):
    hint = "the bytes are not text nor a known document format"


class NoTextLayerError(LetterError):
    hint = "the PDF is scanned or image-only; run OCR (e.g. ocrmypdf) first"


class EncryptedDocumentError(LetterError):
    hint = "remove the password protection and try again"


class CorruptDocumentError(LetterError):
    hint = "the file is truncated or damaged; download it again"


class FileTooLargeError(LetterError):
    hint = "raise max_bytes (or --max-mb) if the file is really a letter"


class UnreadableFileError(LetterError):
    hint = "check that the path exists and is readable"
