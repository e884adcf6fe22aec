"""How much a measure detector's score hangs on the wording: groups of measure sentences
that say the same thing in other words (synonyms, another actor, another tense), each
scored on its own as a one-sentence letter. Prints each group's scores and, over all
groups, the mean spread (max - min) and how many groups get mixed decisions.

Every sentence here is a measure under ../shared/ANNOTATION.md; they are written for this
probe, are not in the corpus, and are not used for training or model choice.

    python eval/probe_wording.py [--model DIR] [--model DIR ...]
"""

from __future__ import annotations

import argparse

import numpy as np

from briefnlp.modeling.pretrained import LetterTransformer
from briefnlp.modeling.shipped import default_model_dir
from briefnlp.reading import read_letter

GROUPS: list[list[str]] = [
    ["De gemeente heeft direct maatregelen genomen.",
     "De gemeente heeft meteen maatregelen getroffen.",
     "De gemeente heeft onmiddellijk maatregelen genomen.",
     "De gemeente heeft terstond maatregelen getroffen."],
    ["Het waterschap heeft direct maatregelen getroffen nadat de storing was gemeld.",
     "Het waterschap heeft meteen ingegrepen nadat de storing was gemeld.",
     "Nadat de storing was gemeld, heeft het waterschap onmiddellijk maatregelen genomen."],
    ["De Belastingdienst controleert dagelijks of de gegevens online worden aangeboden.",
     "De Belastingdienst gaat elke dag na of de gegevens online worden aangeboden.",
     "De Belastingdienst houdt dagelijks in de gaten of de gegevens online opduiken."],
    ["Het ziekenhuis bewaakt zijn netwerk doorlopend.",
     "Het ziekenhuis monitort zijn netwerk continu.",
     "Het ziekenhuis houdt zijn netwerk voortdurend in de gaten."],
    ["DUO blijft alert op nieuwe phishingberichten.",
     "DUO blijft waakzaam voor nieuwe phishingberichten.",
     "DUO let scherp op nieuwe phishingberichten."],
    ["Het NCSC informeert gemeenten over de kwetsbaarheid.",
     "Het NCSC zal gemeenten informeren over de kwetsbaarheid.",
     "Het NCSC brengt gemeenten op de hoogte van de kwetsbaarheid.",
     "Het NCSC stelt gemeenten in kennis van de kwetsbaarheid."],
    ["Het Openbaar Ministerie heeft een strafrechtelijk onderzoek ingesteld.",
     "Het Openbaar Ministerie is een strafrechtelijk onderzoek gestart.",
     "Het OM heeft mij laten weten dat het een strafrechtelijk onderzoek is begonnen."],
    ["De inspectie doet onderzoek naar de gang van zaken.",
     "De inspectie onderzoekt de gang van zaken.",
     "De inspectie is een onderzoek naar de gang van zaken begonnen."],
    ["Het gaat onder meer om technische maatregelen en om een bewustwordingscampagne.",
     "Het betreft onder meer technische maatregelen en een bewustwordingscampagne.",
     "Dit omvat onder andere technische maatregelen en een bewustwordingscampagne."],
    ["De RDW heeft de getroffen systemen losgekoppeld van het internet.",
     "De RDW heeft de getroffen systemen van het internet afgesloten.",
     "De getroffen systemen zijn door de RDW van het internet gehaald."],
    ["Per 1 januari 2026 moeten alle gemeenten tweefactorauthenticatie gebruiken.",
     "Vanaf 1 januari 2026 zijn alle gemeenten verplicht tweefactorauthenticatie te gebruiken.",
     "Alle gemeenten gebruiken uiterlijk op 1 januari 2026 tweefactorauthenticatie."],
    ["Het kabinet trekt € 12 miljoen uit voor de beveiliging van de systemen.",
     "Het kabinet stelt € 12 miljoen beschikbaar voor de beveiliging van de systemen.",
     "Het kabinet investeert € 12 miljoen in de beveiliging van de systemen."],
]


def probe(model: LetterTransformer) -> tuple[float, int]:
    """Print every group's scores; return the mean spread and the groups with mixed decisions."""
    cut = model.calibration.measure_threshold
    sentences = [s for group in GROUPS for s in group]
    letters = [read_letter(s, format="text") for s in sentences]
    scores = {s: float(model.measure_proba(out).max()) for s, out in zip(sentences, model.run(letters))}
    spreads, mixed = [], 0
    for group in GROUPS:
        got = np.array([scores[s] for s in group])
        spreads.append(got.max() - got.min())
        mixed += bool((got >= cut).any() and (got < cut).any())
        for s in group:
            print(f"  {scores[s]:.2f} {'+' if scores[s] >= cut else '-'} {s}")
        print()
    found = sum(v >= cut for v in scores.values())
    print(f"threshold {cut:.2f}: {found} of {len(sentences)} sentences found; mean spread within a "
          f"group {np.mean(spreads):.2f}; {mixed} of {len(GROUPS)} groups with mixed decisions")
    return float(np.mean(spreads)), mixed


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", action="append", help="model folder (repeatable; default: the shipped model)")
    a = p.parse_args()
    for path in a.model or [str(default_model_dir())]:
        print(f"== {path}")
        probe(LetterTransformer.from_pretrained(path))


if __name__ == "__main__":
    main()
