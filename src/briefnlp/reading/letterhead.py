"""The parts of a letter around its body: letterhead, sidebar, closing and signature.

Two jobs, both on plain lines so that every format shares them:

- `split_letter` finds the body: from the salutation ("Geachte voorzitter,") or, where
  there is none, the first line of running text, to the closing ("De Minister van
  Justitie en Veiligheid,"), which starts the signature block.
- `parse_meta` reads the labelled fields of Dutch government letters ("Datum",
  "Betreft", "Onze referentie" / "Ons kenmerk" / "Kenmerk", "Bijlage(n)"), the ministry,
  directorate and addressee; the signatory comes from the closing (`signature`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefnlp.letter import LetterMeta
from briefnlp.reading.signature import (
    FOOTNOTE_LINE,
    is_closing,
    merge_split_roles,
    ministry_from_role,
    parse_signature,
    take_inner_signatures,
)

# --- dates ---------------------------------------------------------------------------

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4,
    "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_DATE_WORDS = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{4})\b",
    re.IGNORECASE,
)
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_dutch_date(text: str) -> str | None:
    """The first date in `text` as ISO "YYYY-MM-DD": "9 oktober 2024", "09-10-2024"."""
    match = _DATE_WORDS.search(text)
    if match:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    else:
        match = _DATE_NUMERIC.search(text)
        if not match:
            return None
        if match[4]:
            year, month, day = int(match[4]), int(match[5]), int(match[6])
        else:
            day, month, year = int(match[1]), int(match[2]), int(match[3])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- what letterhead lines look like -------------------------------------------------

_LABELS = {
    "date": r"Datum",
    "subject": r"Betreft|Onderwerp",
    "reference": r"Onze referentie|Ons kenmerk|Onze ref\.|Kenmerk|Referentie",
    "attachments": r"Bijlage\(n\)|Bijlagen|Bijlage",
    "other": (
        r"Uw kenmerk|Uw referentie|Uw brief(?: van)?|Uw e-mail(?: van)?|Contactpersoon"
        r"|Inlichtingen|Doorkiesnummer|Postadres|Bezoekadres|Telefoon|E-mail|Afschrift aan"
        r"|Overheidsidentificatienr|Behandeld door|Datum ontvangst|Correspondentie uitsluitend"
        r"(?: richten aan het retouradres)?"
    ),
}  # fmt: skip
_LABEL = re.compile(
    r"^(?:" + "|".join(f"(?P<{key}>{pattern})" for key, pattern in _LABELS.items()) + r")"
    r"(?=\s|:|$)\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
SALUTATION = re.compile(r"^(?:Zeer\s+)?(?:Hoog)?[Gg]eachte\b.{0,60},?$|^Beste\b.{0,40},$")
ADDRESSEE = re.compile(
    r"^(?:Aan\s+)?(?:de\s+)?"
    r"(?P<who>(?:Voorzitter|voorzitter)\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer"
    r"(?:\s+der\s+Staten-Generaal)?)",
    re.IGNORECASE,
)
PAGE = re.compile(r"^Pagina\s+\d+\s+(?:van|/)\s+\d+$", re.IGNORECASE)
RETOUR = re.compile(r"^>?\s*Retouradres\b", re.IGNORECASE)
_ORG = re.compile(
    r"^(?:Ministerie (?:van|voor)|Directoraat-[Gg]eneraal|Directie|DG|Dienst|Afdeling"
    r"|Portefeuille|Programmadirectie|Inspectie|Rijksoverheid)\b"
)
_POSTAL = re.compile(
    r"^(?:Postbus \d+|\d{4}\s?[A-Z]{2}(?:\s+\S+){0,3}|(?:[A-Z][\w'’.-]*\s){0,2}[A-Z][\w'’.-]*"
    r"(?:straat|weg|plein|markt|laan|gracht|kade|singel|dijk|park|hof|voorhout|dreef|pad)"
    r"\s\d{1,4}[a-zA-Z]?|www\.\S+|[TFE]\s+\S.{0,40}|\S+@\S+|Den Haag|DEN HAAG"
    r"|der Staten-Generaal|\d{10,20}|[A-Z]{2,}[\w/ -]*\d[\w/ -]*|\d{5,12})$"
)
_URL_MINISTRIES = {
    "jenv": "Justitie en Veiligheid", "bzk": "Binnenlandse Zaken en Koninkrijksrelaties",
    "ienw": "Infrastructuur en Waterstaat", "ezk": "Economische Zaken en Klimaat",
    "ez": "Economische Zaken", "kgg": "Klimaat en Groene Groei",
    "ocw": "Onderwijs, Cultuur en Wetenschap", "vws": "Volksgezondheid, Welzijn en Sport",
    "szw": "Sociale Zaken en Werkgelegenheid", "fin": "Financiën", "minfin": "Financiën",
    "defensie": "Defensie", "def": "Defensie", "lnv": "Landbouw, Natuur en Voedselkwaliteit",
    "bz": "Buitenlandse Zaken", "az": "Algemene Zaken", "aenm": "Asiel en Migratie",
    "vro": "Volkshuisvesting en Ruimtelijke Ordening",
}  # fmt: skip


def label_of(line: str) -> tuple[str, str] | None:
    """("date" | "subject" | "reference" | "attachments" | "other", value) for a label line.

    The value must look like one, so that body text opening with the same word
    ("Datum van inwerkingtreding is ...", "E-mail blijft ...") is no label.
    """
    match = _LABEL.match(line.strip())
    if not match:
        return None
    key = next(k for k in _LABELS if match.group(k) is not None)
    value = match["value"].strip()
    if not value:
        return key, value
    if value[-1] in ".?!" and key != "subject" or len(value.split()) > 25:
        return None
    plausible = {
        "date": parse_dutch_date(value) is not None,
        "reference": any(c.isdigit() for c in value) and len(value) < 60,
        "attachments": bool(re.fullmatch(r"(?i)(?:\d{1,2}|geen|-)\b.{0,20}", value))
        or line.strip().startswith("Bijlage:"),
        "other": len(value) < 60,
        "subject": True,
    }
    return (key, value) if plausible[key] else None


def is_letterhead_line(line: str) -> bool:
    """Whether `line` looks like letterhead or sidebar furniture rather than body text."""
    s = line.strip()
    if not s:
        return False
    if PAGE.match(s) or RETOUR.match(s) or ADDRESSEE.match(s):
        return True
    label = label_of(s)
    if label and (label[0] != "subject" and len(label[1]) < 60):
        return True
    if len(s) < 70 and (_ORG.match(s) or _POSTAL.match(s)):
        return True
    return len(s) < 30 and parse_dutch_date(s) is not None and len(s.split()) <= 4


def is_prose(line: str) -> bool:
    """Whether `line` is running text (a sentence), as opposed to headings and furniture."""
    s = line.strip()
    words = s.split()
    if len(words) < 6 or is_letterhead_line(s) or label_of(s):
        return False
    return s[-1] in ".:?!" or len(s) >= 120


# --- finding the body ----------------------------------------------------------------


@dataclass
class LetterParts:
    """A letter cut in three: what precedes the body, the body, and what follows it."""

    header: list[str]
    body: list[str]
    closing: list[str]


def split_letter(lines: list[str]) -> LetterParts:
    """Cut `lines` into letterhead, body (salutation to closing) and signature block.

    A signature inside the body (a covering letter signed above the answers to
    Kamervragen it covers) is taken out of the body and put first in `closing`.
    """
    lines = merge_split_roles(lines)
    start = _body_start(lines)
    end = _body_end(lines, start)
    body, inner = take_inner_signatures(lines[start:end])
    return LetterParts(header=lines[:start], body=body, closing=inner + lines[end:])


def _body_start(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if SALUTATION.match(line.strip()):
            return i
    previous = ""
    for i, line in enumerate(lines):
        under_label = (label := label_of(previous)) is not None and not label[1]
        if is_prose(line) and not under_label:
            before = lines[i - 1].strip() if i else ""
            if before and _could_be_heading(before) and (i < 2 or not lines[i - 2].strip()):
                return i - 1
            return i
        previous = line.strip() or previous
    return 0


def _could_be_heading(line: str) -> bool:
    return (
        len(line) < 80
        and not is_letterhead_line(line)
        and not label_of(line)
        and line[-1] not in ",;"
        and not _after_label_value(line)
    )


def _after_label_value(line: str) -> bool:
    return bool(re.fullmatch(r"[\w/.-]*\d[\w/.-]*", line))


def _body_end(lines: list[str], start: int) -> int:
    for i in range(start + 1, len(lines)):
        if not is_closing(lines, i):
            continue
        if not any(_is_text_after_closing(rest) for rest in lines[i + 1 :]):
            return i
    end = len(lines)
    while end > start + 1 and (
        not lines[end - 1].strip()
        or is_letterhead_line(lines[end - 1])
        or FOOTNOTE_LINE.match(lines[end - 1].strip())
    ):
        end -= 1
    return end


def _is_text_after_closing(line: str) -> bool:
    s = line.strip()
    return is_prose(s) and not FOOTNOTE_LINE.match(s) and s[-1] in ".?!"


# --- metadata ------------------------------------------------------------------------


def parse_meta(header: list[str], closing: list[str], sidebar: list[str]) -> LetterMeta:
    """Read `LetterMeta` fields from letterhead, sidebar and signature lines."""
    meta = LetterMeta()
    head_fields, side_fields = _labelled_fields(header), _labelled_fields(sidebar)
    fields = side_fields | head_fields
    lines = [line.strip() for line in header + sidebar]
    meta.date = (
        parse_dutch_date(head_fields.get("date", ""))
        or _date_from_lines([line.strip() for line in header])
        or parse_dutch_date(side_fields.get("date", ""))
        or _date_from_lines([line.strip() for line in sidebar])
    )
    meta.subject = fields.get("subject") or None
    meta.reference = fields.get("reference") or None
    meta.attachments = _attachments(fields.get("attachments"), fields.get("attachments_label"))
    meta.addressee = _addressee(lines)
    meta.directorate = _directorate(lines)
    meta.signatory, meta.signatory_role = parse_signature(closing)
    meta.sender = _ministry(lines) or ministry_from_role(meta.signatory_role)
    return meta


def _labelled_fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    stripped = [line.strip() for line in lines]
    for i, line in enumerate(stripped):
        label = label_of(line)
        if not label or label[0] == "other" or label[0] in fields:
            continue
        key, value = label
        j = i + 1
        if not value:
            while j < len(stripped) and not stripped[j]:
                j += 1
            if j >= len(stripped) or label_of(stripped[j]) or SALUTATION.match(stripped[j]):
                continue
            value, j = stripped[j], j + 1
        if key == "subject":
            value = _continue_subject(value, stripped[j : j + 2])
        if key == "attachments":
            fields["attachments_label"] = line.split()[0]
        fields[key] = value
    return fields


def _continue_subject(value: str, following: list[str]) -> str:
    for line in following:
        if not line or label_of(line) or SALUTATION.match(line) or is_letterhead_line(line):
            break
        if is_prose(line) and line[-1] in ".?!":
            break
        value = f"{value} {line}"
    return value


def _date_from_lines(lines: list[str]) -> str | None:
    for line in lines:
        if len(line) < 60:
            date = parse_dutch_date(line)
            if date:
                return date
    return None


def _attachments(value: str | None, label: str | None) -> int | None:
    if value is None:
        return None
    match = re.match(r"\d+", value)
    if match:
        return int(match[0])
    if re.match(r"(?i)geen\b", value):
        return 0
    return 1 if label and label.lower() == "bijlage" and value else None


def _addressee(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        match = ADDRESSEE.match(line)
        if match:
            who = match["who"]
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if "Staten-Generaal" not in who and nxt.lower().startswith("der staten-generaal"):
                who += " der Staten-Generaal"
            return who[0].upper() + who[1:]
    return None


def _directorate(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        if re.match(r"^(?:Directoraat-[Gg]eneraal|Directie|DG)\b", line) and len(line) < 90:
            return _unwrap(lines, i)
    return None


def _ministry(lines: list[str]) -> str | None:
    for i, line in enumerate(lines):
        if re.match(r"^Ministerie (?:van|voor)\b", line) and len(line) < 90:
            return _unwrap(lines, i)
    for line in lines:
        match = re.search(r"rijksoverheid\.nl/([a-z]+)", line)
        if match and match[1] in _URL_MINISTRIES:
            return f"Ministerie van {_URL_MINISTRIES[match[1]]}"
    return None


def _unwrap(lines: list[str], i: int) -> str:
    """A name that a narrow column wrapped: "Ministerie van" / "Infrastructuur en" / ..."""
    name = lines[i]
    for nxt in lines[i + 1 : i + 4]:
        bare = name.lower() in ("directoraat-generaal", "directie")
        if not nxt or not (
            bare or re.search(r"\b(?:van|voor|en|de|het)$", name) or nxt[:1].islower()
        ):
            break
        name = f"{name} {nxt}"
    return name
