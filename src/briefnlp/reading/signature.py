"""The end of a letter: closing formula, the signatory's role and name.

Dutch government letters close with the role of who signs, with an article and a comma
("De Minister van Justitie en Veiligheid,"), often after "Hoogachtend,", sometimes
broken over two lines ("De Minister van Sociale Zaken" / "en Werkgelegenheid,"), with an
official signing for the minister ("namens deze,"), or, in some ministries' house style,
as name above a bare role ("M.A.M. Adriaansens" / "Minister van Economische Zaken en
Klimaat"). A covering letter can be signed above the answers it covers.
"""

from __future__ import annotations

import re

CLOSING_FORMULA = re.compile(
    r"^(?:Hoogachtend|Met (?:de meeste )?(?:vriendelijke |hartelijke )?groet(?:en)?"
    r"|Met de meeste hoogachting)\s*,?$",
    re.IGNORECASE,
)
ROLE = re.compile(
    r"^(?:(?:mede\s+)?namens\s+deze,?\s*)?(?:De|de|DE|Het|HET)\s+"
    r"(?P<role>(?:[Mm]inister|MINISTER|[Ss]taatssecretaris|STAATSSECRETARIS"
    r"|[Mm]inister-[Pp]resident|[Ss]ecretaris-[Gg]eneraal|[Dd]irecteur(?:-[Gg]eneraal)?"
    r"|[Pp]ortefeuillehouder)"
    r"\b[^.]{0,150}?),\s*$"
)
# A signature printed as name, then role without article or comma (EZK's house style).
BARE_ROLE = re.compile(
    r"^(?P<role>(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris)"
    r"(?:\s+(?:van|voor)\s+[^.,]{3,90})?)$"
)
ROLE_START = re.compile(
    r"^(?:De|de|DE)\s+(?:[Mm]inister|MINISTER|[Ss]taatssecretaris|STAATSSECRETARIS)"
    r"\s+(?:van|voor)\b"
)
FOOTNOTE_LINE = re.compile(r"^(?:\[?\d{1,3}\]?)\s+\S")


def merge_split_roles(lines: list[str]) -> list[str]:
    """Join a closing role broken over two lines: "De Minister van Sociale Zaken" +
    "en Werkgelegenheid,"."""
    merged = list(lines)
    for i in range(len(merged) - 2, -1, -1):
        first, second = merged[i].strip(), merged[i + 1].strip()
        if (
            ROLE_START.match(first)
            and len(first) < 80
            and first[-1] not in ".,:;"
            and second.endswith(",")
            and len(second) < 60
        ):
            merged[i : i + 2] = [f"{first} {second}"]
    return merged


def is_name_over_role(lines: list[str], i: int) -> bool:
    """Whether line `i` is a name with a bare role ("Minister van ...") under it."""
    name = lines[i].strip()
    if not name or len(name) > 50 or len(name.split()) > 5 or name[-1] in ".,:;?!":
        return False
    following = next((x.strip() for x in lines[i + 1 : i + 3] if x.strip()), "")
    return bool(BARE_ROLE.match(following))


def take_inner_signatures(body: list[str]) -> tuple[list[str], list[str]]:
    """Remove signature blocks (closing, role, name) that running text follows."""
    kept: list[str] = []
    taken: list[str] = []
    i = 0
    while i < len(body):
        line = body[i].strip()
        end = _signature_end(body, i) if ROLE.match(line) or CLOSING_FORMULA.match(line) else None
        if end is None:
            kept.append(body[i])
            i += 1
            continue
        taken += body[i:end]
        i = end
        while i < len(body) and re.fullmatch(r"\s*(?:[-*_=]{3,})?\s*", body[i]):
            i += 1  # blank lines and a "---" rule after the signature
        kept.append("")
    return kept, taken


def _signature_end(lines: list[str], i: int) -> int | None:
    """Index after the name line of the signature block starting at `i`, if it is one."""
    for j in range(i + 1, min(i + 9, len(lines))):
        s = lines[j].strip()
        if not s or s.endswith(",") or ROLE.match(s):
            continue
        return j + 1 if len(s) < 60 and s[-1] not in ".:;?!" else None
    return None


_POSTS = {
    "rechtsbescherming": "Justitie en Veiligheid", "migratie": "Justitie en Veiligheid",
    "klimaat en energie": "Economische Zaken en Klimaat",
    "volkshuisvesting en ruimtelijke ordening": "Binnenlandse Zaken en Koninkrijksrelaties",
    "medische zorg": "Volksgezondheid, Welzijn en Sport",
    "langdurige zorg en sport": "Volksgezondheid, Welzijn en Sport",
    "primair en voortgezet onderwijs": "Onderwijs, Cultuur en Wetenschap",
    "natuur en stikstof": "Landbouw, Natuur en Voedselkwaliteit",
    "buitenlandse handel en ontwikkelingssamenwerking": "Buitenlandse Zaken",
    "armoedebeleid, participatie en pensioenen": "Sociale Zaken en Werkgelegenheid",
}  # fmt: skip


def ministry_from_role(role: str | None) -> str | None:
    """"Minister van Justitie en Veiligheid" -> "Ministerie van Justitie en Veiligheid"."""
    if not role:
        return None
    match = re.search(r"\b(van|voor)\s+(.+)$", role)
    if not match:
        return None
    name = re.split(r"\s+[-–,]\s+|,", match[2])[0].strip()
    if match[1] == "voor":
        post = _POSTS.get(name.lower())
        return f"Ministerie van {post}" if post else None
    return f"Ministerie van {name}"


def parse_signature(closing: list[str]) -> tuple[str | None, str | None]:
    """(name, role) of the first signatory in the closing lines."""
    lines = [line.strip() for line in closing if line.strip()]
    for i, line in enumerate(lines):
        match = ROLE.match(line)
        if match:
            following = lines[i + 1 : i + 6]
            return _name_after(following), _tidy_role(match["role"], following)
        if i + 1 < len(lines) and is_name_over_role(lines, i):
            return line, _tidy_role(lines[i + 1], [])
    return None, None


def _name_after(lines: list[str]) -> str | None:
    """The signatory's name: the first line after the role that is not part of it."""
    for line in lines:
        if re.match(r"^(?:[Nn]amens deze|[Mm]ede namens|w\.g\.)", line) or line.endswith(","):
            continue
        if len(line) < 60 and not ROLE.match(line) and not FOOTNOTE_LINE.match(line):
            return line
        return None
    return None


def _tidy_role(role: str, following: list[str]) -> str:
    """Complete a role broken over lines ending in commas; stop at "namens deze"."""
    role = role.strip().rstrip(",")
    for line in following:
        if re.match(r"^(?:[Nn]amens deze|[Mm]ede namens)", line) or not line.endswith(","):
            break
        if ROLE.match(line) or len(line) >= 80:
            break
        role = f"{role}, {line[:-1].strip()}"
    if role.isupper():
        role = " ".join(
            w.lower() if w.lower() in ("van", "voor", "en", "de", "het") else w.capitalize()
            for w in role.split()
        )
    return role[0].upper() + role[1:]


def is_closing(lines: list[str], i: int) -> bool:
    """Whether line `i` starts a closing: a formula, a role with comma, or name over role."""
    line = lines[i].strip()
    return bool(ROLE.match(line) or CLOSING_FORMULA.match(line) or is_name_over_role(lines, i))
