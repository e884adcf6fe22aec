"""Grounded bullets: a measure sentence compressed to at most 20 words, actor first.

Only deletions and one reordering (Dutch verb-second: "Tevens monitort de politie ..."
becomes "Politie monitort ..."), so a bullet never says what its sentence does not.
"""

from __future__ import annotations

import re

MAX_WORDS = 20

# (pattern, canonical name); the earliest match in the sentence is the actor.
ACTORS: list[tuple[str, str]] = [
    (r"(de )?politie", "Politie"),
    (r"(de )?korpschef", "Korpschef"),
    (r"(het )?Nationaal Cyber Security Centrum( \(NCSC\))?|(het )?NCSC", "NCSC"),
    (r"(het )?Openbaar Ministerie( \(OM\))?|(het )?OM", "Openbaar Ministerie"),
    (r"(de )?Autoriteit Persoonsgegevens( \(AP\))?|de AP", "Autoriteit Persoonsgegevens"),
    (r"(het )?kabinet", "Kabinet"),
    (r"(de )?(minister|staatssecretaris)( van [A-Z][\w ,-]+?)?(?=[ ,.])", "Minister"),
    (r"ik", "Minister"),
    (r"wij|we", "Kabinet"),
    (r"(de )?[Ii]nspectie[\w ]*?(?= (heeft|zal|gaat|start|onderzoekt|voert))", "Inspectie"),
    (r"(de )?gemeenten?", "Gemeente"),
    (r"(de )?(AIVD|MIVD|NCTV|DUO|UWV|SVB|RDW|IND|Belastingdienst|Rijkswaterstaat|Logius|"
     r"Koninklijke Marechaussee|Europese Commissie|NVWA|DNB|AFM|Z-CERT|Digital Trust Center)", None),
]
_ACTOR_RES = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE if p not in ("ik",) else 0), name) for p, name in ACTORS]

LEADING = re.compile(
    r"^(tevens|daarnaast|verder|voorts|ook|bovendien|tot slot|ten slotte|daartoe|daarom|"
    r"inmiddels|concreet|allereerst|ten eerste|ten tweede|ten derde|hiertoe|hierbij|"
    r"het betreft onder meer|zo|dit jaar|komend jaar)\b,?\s*",
    re.IGNORECASE,
)
FINITE_VERB = re.compile(r"^([a-zë]+)\s+")
BACKGROUND_CLAUSE = re.compile(
    r",\s*(zoals|waarover|waarmee|waarbij|nadat|omdat|aangezien|zodat|conform|"
    r"in lijn met|overeenkomstig)\b[^,;]*,?", re.IGNORECASE
)
PARENTHESES = re.compile(r"\s*\([^()]*\)")
FOOTNOTE_MARK = re.compile(r"(?<=[a-z.,;:])\d{1,2}\b|\[\d+\]")
# Pronouns that open a relative clause, for a clause that the length cut leaves unfinished;
# "dat" is left out: after a verb ("afgesproken dat") it opens the content of the measure.
RELATIVE_PRONOUNS = {"die", "waarin", "waarop", "waarmee", "waarbij", "waardoor", "waarvan", "welke"}
# A relative clause set off by a comma ("..., die ...,") is background, closing comma and
# all; "afgesproken dat ..." without a comma is the content of the measure and stays.
RELATIVE = re.compile(r",\s*\b(die|dat|waarin|waarop|waardoor|welke)\b\s[^,.;]*,?", re.IGNORECASE)


def find_actor(sentence: str) -> tuple[str | None, re.Match | None]:
    """The earliest named actor in the sentence and where it stands."""
    best = None
    for pattern, name in _ACTOR_RES:
        m = pattern.search(sentence)
        if m and (best is None or m.start() < best[1].start()):
            best = (name or m.group(0).removeprefix("de ").removeprefix("De ").strip(), m)
    return best if best else (None, None)


def _words(text: str) -> list[str]:
    return text.split()


def compress(sentence: str) -> str:
    """Drop footnote markers, background clauses and parentheses; cut to MAX_WORDS."""
    text = FOOTNOTE_MARK.sub("", sentence)
    text = PARENTHESES.sub("", text)
    text = BACKGROUND_CLAUSE.sub("", text)
    text = LEADING.sub("", text.strip())
    text = re.sub(r"\s+", " ", text).strip().rstrip(".;:")
    if len(_words(text)) > MAX_WORDS:
        text = RELATIVE.sub("", text)
    words = _words(text)
    if len(words) > MAX_WORDS:
        head = " ".join(words[: MAX_WORDS + 1])
        cut = head.rfind(",")
        if cut > 0 and len(_words(head[:cut])) >= 6:  # prefer a clause boundary
            return head[:cut]
        words = _drop_cut_relative_clause(words[:MAX_WORDS])
        while words and words[-1].lower() in {"de", "het", "een", "en", "of", "van", "voor", "met", "in", "op", "te", "aan"}:
            words.pop()
        text = " ".join(words).rstrip(",;:")
    return text


def _drop_cut_relative_clause(words: list[str]) -> list[str]:
    """Drop a relative clause that the length cut left unfinished.

    A Dutch relative clause ends on its verb, so when the cut falls inside one ("maatregelen
    die naar aanleiding van") the bullet would end mid-phrase; it ends before the pronoun
    instead, if at least six words remain. (Only called when the cut found no comma to
    end on, so the clause runs into the cut.)
    """
    for i in range(len(words) - 1, 5, -1):
        if words[i].lower() in RELATIVE_PRONOUNS:
            return words[:i]
    return words


def make_bullet(sentence: str) -> tuple[str | None, str]:
    """(actor, bullet) for a measure sentence."""
    text = compress(sentence)
    actor, match = find_actor(text)
    if actor and match:
        before = text[: match.start()].strip()
        if not before:  # actor already leads: drop its article
            text = actor + text[match.end():]
        elif FINITE_VERB.fullmatch(before + " ") and match.group(0).lower() not in ("ik", "wij", "we"):
            # verb-second after a dropped adverbial: "monitort de politie X" -> "Politie monitort X"
            text = f"{actor} {before}{text[match.end():]}"
    text = re.sub(r"\s+", " ", text).strip()
    if text:
        text = text[0].upper() + text[1:]
    words = _words(text)
    if len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS]).rstrip(",;:")
    return actor, (text + "." if text and not text.endswith(".") else text)
