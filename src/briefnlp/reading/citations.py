"""Kamerstuk references: "Kamerstukken II 2024-25, 29 628, nr. 1221" and its variants.

Parliamentary papers are cited as dossier number plus ondernummer, usually with chamber
and session year: "Kamerstukken II 2024-25, 29 628, nr. 1221", "Kamerstuk 29 628, nr.
1221", "TK 2023-2024, 32 761 nr. 250", "Kamerstukken II 2021/22, 30175, nrs. 414 en
415", "Kamerstuk 36 200 VI, nr. 5". The dossier number is the most reliable topic hint a
letter carries, so every reference is kept, in the body and in the footnotes.
Session years are normalised to "2024-25"; "TK" and "EK" to chambers "II" and "I".
Citations of Handelingen (debates) and of zaak numbers ("2022Z24775") are left out.
"""

from __future__ import annotations

import re

from briefnlp.letter import Citation

_CITATION = re.compile(
    r"\b(?P<kind>Kamerstukken|Kamerstuk|Kst\.|TK|EK)"
    r"(?:\s+(?P<chamber>II|I)\b)?"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d\s*[-/–]\s*(?:(?:19|20)?\d\d)))?"
    r",?\s+(?P<dossier>\d{2}[ .\u00a0]?\d{3})(?![\d\w])"
    r"(?P<suffix>-\d{1,3}\b|(?:[ -](?:[IVXL]{1,6}|[A-Z]))(?![\w]))?"
    r"(?:,?\s*(?:nr|nrs|no|Nr|Nrs)\.?\s*"
    r"(?P<numbers>\d{1,5}(?:\s*(?:,|en|&)\s*\d{1,5})*))?"
)


def find_citations(text: str, *, in_footnote: bool = False) -> list[Citation]:
    """All Kamerstuk references in `text`, one `Citation` per cited number."""
    found: list[Citation] = []
    for match in _CITATION.finditer(text):
        kind = match["kind"]
        numbers = [int(n) for n in re.findall(r"\d+", match["numbers"] or "")]
        if kind in ("TK", "EK", "Kst.") and not numbers:
            continue  # "TK 2023" is no reference; these short forms always carry a number
        dossier = re.sub(r"\D", "", match["dossier"])
        suffix = (match["suffix"] or "").strip()
        if suffix:
            dossier += suffix if suffix.startswith("-") else f"-{suffix.lstrip('-')}"
        chamber = match["chamber"] or {"TK": "II", "EK": "I"}.get(kind)
        common = dict(
            raw=match[0].strip(),
            dossier=dossier,
            chamber=chamber,
            year=_normalise_year(match["year"]),
            in_footnote=in_footnote,
        )
        for number in numbers or [None]:
            found.append(Citation(number=number, **common))
    return found


def _normalise_year(year: str | None) -> str | None:
    """"2023-2024", "2023/24", "2023–24" -> "2023-24"."""
    if not year:
        return None
    first, second = re.split(r"\s*[-/–]\s*", year)
    return f"{first}-{second[-2:]}"
