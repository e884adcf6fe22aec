"""The `Letter`: what every reader produces and every model consumes.

Plain dataclasses, so that results are easy to inspect, compare and serialise.
Offsets (`Sentence.start` / `Sentence.end`) index into `Letter.text`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Sentence:
    """One sentence of the body; `text == letter.text[start:end]`."""

    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True)
class Citation:
    """A parsed Kamerstuk reference, e.g. "Kamerstukken II 2024-25, 29 628, nr. 1221"."""

    raw: str
    dossier: str
    number: int | None = None
    chamber: str | None = None
    year: str | None = None
    in_footnote: bool = False


@dataclass(frozen=True)
class Footnote:
    """A footnote kept apart from the running text."""

    number: str
    text: str


@dataclass
class LetterMeta:
    """Metadata from the letterhead, the sidebar, the signature or the XML."""

    date: str | None = None
    subject: str | None = None
    reference: str | None = None
    sender: str | None = None
    directorate: str | None = None
    addressee: str | None = None
    signatory: str | None = None
    signatory_role: str | None = None
    attachments: int | None = None
    dossiers: list[str] = field(default_factory=list)
    document_number: str | None = None
    source: str | None = None
    format: str = "text"


@dataclass
class Letter:
    """A parsed Dutch policy letter."""

    text: str
    sentences: list[Sentence] = field(default_factory=list)
    meta: LetterMeta = field(default_factory=LetterMeta)
    citations: list[Citation] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """Content hash of the clean body: the letter's identity for caching and resume."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def n_words(self) -> int:
        return len(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what `briefnlp read` prints)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Letter:
        return cls(
            text=data["text"],
            sentences=[Sentence(**s) for s in data.get("sentences", [])],
            meta=LetterMeta(**data.get("meta", {})),
            citations=[Citation(**c) for c in data.get("citations", [])],
            footnotes=[Footnote(**f) for f in data.get("footnotes", [])],
            warnings=list(data.get("warnings", [])),
        )
