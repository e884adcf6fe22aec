"""Plain text: the seed letter (real), Word-to-text artefacts, encodings, pasted PDF text."""

from __future__ import annotations

import pytest

from briefnlp.reading import read_letter

from . import samples

SEED = "2024-10-09-update-over-hack-bij-de-politie.txt"


def test_seed_letter_expected_values(real_letter):
    letter = read_letter(real_letter(SEED))
    assert letter.meta.date == "2024-10-09"
    assert letter.meta.subject == "Update over hack bij de politie"
    assert letter.meta.reference == "5831727"
    assert {(c.dossier, c.number) for c in letter.citations} == {("29628", 1221), ("29628", 1222)}
    sentences = [s.text for s in letter.sentences]
    assert "Tevens monitort de politie of de buitgemaakte gegevens elders verschijnen." in sentences
    assert "Pagina" not in letter.text and "Retouradres" not in letter.text
    assert letter.meta.signatory == "D.M. van Weel"
    assert letter.meta.signatory_role == "Minister van Justitie en Veiligheid"
    assert letter.meta.format == "text" and letter.warnings == []


def test_seed_letter_footnotes_kept_apart(real_letter):
    letter = read_letter(real_letter(SEED))
    assert [f.number for f in letter.footnotes] == ["1", "2"]
    assert letter.footnotes[0].text == "Kamerstukken II 2024-25, 29 628, nr. 1221"
    assert "Kamerstukken" not in letter.text
    assert all(c.in_footnote for c in letter.citations)
    assert letter.text.startswith("Met deze brief informeer ik uw Kamer nader")
    assert "27 september1 en 2 oktober jl.2 per brief" in letter.text


def test_the_example_shipped_in_the_repository_reads_like_the_seed():
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / SEED
    if not example.is_file():
        pytest.skip("examples/ has no copy of the seed letter")
    assert read_letter(example).meta.reference == "5831727"


def test_word_artefacts_and_repeated_letterhead_are_removed():
    letter = read_letter(samples.word_text())
    noise = ("[image", "[bookmark", "footnoteRef", "Retouradres", "Pagina", "6012345", "Datum")
    for word in noise:
        assert word not in letter.text
    assert letter.text.startswith("Geachte voorzitter,")
    assert letter.text.endswith("art. 5 van de Wet politiegegevens.")
    sentences = [s.text for s in letter.sentences]
    for measure in samples.MEASURES + samples.BULLETS:
        assert measure in sentences
    meta = letter.meta
    assert (meta.attachments, meta.sender) == (2, "Ministerie van Justitie en Veiligheid")
    assert meta.directorate == "Directoraat-Generaal Politie en Veiligheidsregio’s"
    assert meta.addressee == "Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert [(f.number, f.text) for f in letter.footnotes] == [("1", samples.FOOTNOTE)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "brief.txt"
    path.write_bytes(samples.word_text().encode(encoding))
    letter = read_letter(path)
    assert "€ 12 mln." in letter.text and "Veiligheidsregio’s" in letter.meta.directorate
    assert not letter.text.startswith("\ufeff")
    assert any("Windows-1252" in w for w in letter.warnings) == (encoding == "cp1252")


def test_hard_wrapped_text_pasted_from_a_pdf_is_joined():
    text = (
        "Geachte voorzitter,\n\n"
        "Met deze brief informeer ik uw Kamer over de maatregelen die de politie heeft\n"
        "genomen na de hack. De politie heeft alle ICT-\n"
        "maatregelen getroffen die nodig waren en heeft daarnaast o.a.\n"
        "de wachtwoorden van alle medewerkers vervangen. Verder zijn opsporings-\n"
        "of operationele gegevens niet geraakt.\n\n"
        "Maatregelen\n"
        "Het kabinet stelt voor de komende jaren in totaal vijftien miljoen euro\n"
        "beschikbaar voor de digitale weerbaarheid van de politie en de\n"
        "ketenpartners in de strafrechtketen.\n"
    )
    letter = read_letter(text)
    assert [s.text for s in letter.sentences] == [
        "Geachte voorzitter,",
        "Met deze brief informeer ik uw Kamer over de maatregelen die de politie heeft genomen "
        "na de hack.",
        "De politie heeft alle ICT-maatregelen getroffen die nodig waren en heeft daarnaast "
        "o.a. de wachtwoorden van alle medewerkers vervangen.",
        "Verder zijn opsporings- of operationele gegevens niet geraakt.",
        "Maatregelen",
        "Het kabinet stelt voor de komende jaren in totaal vijftien miljoen euro beschikbaar "
        "voor de digitale weerbaarheid van de politie en de ketenpartners in de strafrechtketen.",
    ]


def test_page_break_inside_a_sentence_joins_the_halves():
    text = (
        "Geachte voorzitter,\n\nDe politie heeft direct na de melding alle koppelingen met de\n"
        "Pagina 2 van 3\nOnze referentie\n4902217\n"
        "leverancier verbroken en de toegang ingetrokken.\n"
    )
    assert [s.text for s in read_letter(text).sentences][-1] == (
        "De politie heeft direct na de melding alle koppelingen met de leverancier verbroken "
        "en de toegang ingetrokken."
    )


def test_footnotes_written_after_the_signature_and_bracket_references():
    text = (
        "Geachte voorzitter,\n\nHet wetsvoorstel is ingediend.[1] Het regelt de bewaring.²\n\n"
        "De Minister van Justitie en Veiligheid,\n\nA.B. Jansen\n\n"
        "[1] Kamerstukken II 2024-25, 36 500, nr. 2\n² Verordening (EU) 2023/1543.\n"
    )
    letter = read_letter(text)
    assert [s.text for s in letter.sentences][1:] == [
        "Het wetsvoorstel is ingediend.",
        "Het regelt de bewaring.",
    ]
    assert [f.number for f in letter.footnotes] == ["1", "2"]
    assert [(c.dossier, c.number, c.in_footnote) for c in letter.citations] == [("36500", 2, True)]


def test_body_lines_that_open_with_a_label_word_stay():
    text = (
        "Geachte voorzitter,\n\nDatum van inwerkingtreding is 1 januari 2025.\n"
        "Pagina 2 van 3\nE-mail blijft het belangrijkste kanaal voor phishing.\n"
        "Bijlage 2 bevat het rapport van de inspectie.\n"
    )
    assert [s.text for s in read_letter(text).sentences][1:] == [
        "Datum van inwerkingtreding is 1 januari 2025.",
        "E-mail blijft het belangrijkste kanaal voor phishing.",
        "Bijlage 2 bevat het rapport van de inspectie.",
    ]
