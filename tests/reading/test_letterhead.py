from __future__ import annotations

import pytest

from briefnlp.reading import read_letter
from briefnlp.reading.letterhead import parse_dutch_date, split_letter


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("9 oktober 2024", "2024-10-09"),
        ("Datum 3 februari 2023", "2023-02-03"),
        ("Den Haag, 1 MEI 2025", "2025-05-01"),
        ("12 sept. 2022", "2022-09-12"),
        ("09-10-2024", "2024-10-09"),
        ("2024-10-09", "2024-10-09"),
        ("31 februari 2024", None),
        ("geen datum", None),
    ],
)
def test_dutch_dates(text, iso):
    assert parse_dutch_date(text) == iso


def test_labels_on_one_line_and_on_the_next_line():
    letter = read_letter(
        "Datum 18 maart 2025\nBetreft Voortgang na het incident\nOns kenmerk: 2025-0001\n"
        "Bijlagen: geen\n\nGeachte voorzitter,\n\n"
        "Hierbij informeer ik uw Kamer over de voortgang.\n"
        "\nDe Staatssecretaris van Justitie en Veiligheid,\n\nI. Coenradie\n",
        format="text",
    )
    meta = letter.meta
    assert (meta.date, meta.subject, meta.reference, meta.attachments) == (
        "2025-03-18",
        "Voortgang na het incident",
        "2025-0001",
        0,
    )
    assert meta.signatory == "I. Coenradie"
    assert meta.signatory_role == "Staatssecretaris van Justitie en Veiligheid"
    assert meta.sender == "Ministerie van Justitie en Veiligheid"


def test_body_runs_from_salutation_to_closing():
    lines = [
        "Aan de Voorzitter van de Tweede Kamer",
        "Datum",
        "1 juli 2024",
        "Geachte voorzitter,",
        "Tekst van de brief.",
        "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,",
        "",
        "J. Jansen",
        "1 Kamerstukken II 2023-24, 26 643, nr. 1100",
    ]
    parts = split_letter(lines)
    assert parts.body == ["Geachte voorzitter,", "Tekst van de brief."]
    assert parts.closing[0].startswith("De Minister")


def test_role_over_two_lines_and_namens_deze():
    letter = read_letter(
        "Geachte voorzitter,\n\nIk stuur u het besluit.\n\nHoogachtend,\n\n"
        "de Minister van Volksgezondheid,\nWelzijn en Sport,\nnamens deze,\n"
        "het hoofd van de Directie Wetgeving,\n\nmr. J.K. Hovenier\n",
        format="text",
    )
    assert letter.meta.signatory == "mr. J.K. Hovenier"
    assert letter.meta.signatory_role == "Minister van Volksgezondheid, Welzijn en Sport"
    assert letter.text == "Geachte voorzitter,\n\nIk stuur u het besluit."


def test_name_above_role_without_comma():
    letter = read_letter(
        "Geachte Voorzitter,\n\nDe missies zijn herijkt en worden uitgewerkt.\n\n"
        "M.A.M. Adriaansens\nMinister van Economische Zaken en Klimaat\n",
        format="text",
    )
    assert (letter.meta.signatory, letter.meta.signatory_role) == (
        "M.A.M. Adriaansens",
        "Minister van Economische Zaken en Klimaat",
    )
    assert "Adriaansens" not in letter.text


def test_signature_of_a_covering_letter_is_taken_out_of_the_body():
    letter = read_letter(
        "Geachte voorzitter,\n\n"
        "Hierbij zend ik u de antwoorden op de vragen van het lid Jansen.\n\n"
        "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,\n\nR.P. Kamphuis\n\n---\n\n"
        "Vraag 1\nBent u bekend met het bericht over het datalek bij de gemeente?\n\nAntwoord 1\n"
        "Ja. De gemeente heeft het datalek direct gemeld bij de Autoriteit Persoonsgegevens.\n",
        format="text",
    )
    assert "Kamphuis" not in letter.text and "Koninkrijksrelaties," not in letter.text
    assert "Antwoord 1" in letter.text
    assert letter.meta.signatory == "R.P. Kamphuis"


def test_no_salutation_starts_at_the_first_running_text_with_its_heading():
    letter = read_letter(
        "Directie Politie\nDatum\n5 mei 2022\nBetreft\nVoortgang bodycams bij de politie\n\n"
        "Aanleiding\nIn deze brief informeer ik uw Kamer over de invoering van de bodycam.\n",
        format="text",
    )
    assert letter.text.startswith("Aanleiding\nIn deze brief")
    assert letter.meta.subject == "Voortgang bodycams bij de politie"
    assert letter.meta.directorate == "Directie Politie"
