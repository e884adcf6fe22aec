"""The same letter as .docx, kst XML and officielebekendmakingen HTML."""

from __future__ import annotations

import pytest

from briefnlp.errors import CorruptDocumentError, UnsupportedFormatError
from briefnlp.reading import read_letter

from . import samples


def _assert_body(letter):
    sentences = [s.text for s in letter.sentences]
    for measure in samples.MEASURES + samples.BULLETS:
        assert measure in sentences
    assert samples.HEADING in sentences
    assert samples.intro("1") in sentences
    assert samples.NAME not in letter.text and "Pagina" not in letter.text
    assert [(f.number, f.text) for f in letter.footnotes] == [("1", samples.FOOTNOTE)]
    assert [(c.dossier, c.number, c.in_footnote) for c in letter.citations] == [
        ("29628", 1230, True)
    ]
    assert (letter.meta.signatory, letter.meta.signatory_role) == (
        samples.NAME,
        "Minister van Justitie en Veiligheid",
    )
    assert letter.meta.sender == "Ministerie van Justitie en Veiligheid"
    for s in letter.sentences:
        assert letter.text[s.start : s.end] == s.text


def test_docx(tmp_path):
    path = tmp_path / "brief.docx"
    path.write_bytes(samples.docx_bytes())
    letter = read_letter(path)
    _assert_body(letter)
    meta = letter.meta
    assert (meta.format, meta.date, meta.subject, meta.reference) == (
        "docx",
        "2024-11-12",
        samples.SUBJECT,
        "6012345",
    )
    assert meta.directorate == "Directoraat-Generaal Politie en Veiligheidsregio’s"


def test_kst_xml_states_dossiers_number_and_date():
    letter = read_letter(samples.kst_xml())
    _assert_body(letter)
    meta = letter.meta
    assert (meta.format, meta.dossiers, meta.document_number, meta.date) == (
        "xml",
        ["29628", "26643"],
        "1231",
        "2024-11-12",
    )
    assert meta.subject == samples.SUBJECT
    assert meta.addressee == "Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert "o.a. alle wachtwoorden" in letter.text  # inline markup joined


def test_xml_entities_are_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    xml = (
        '<?xml version="1.0"?>'
        f'<!DOCTYPE officiele-publicatie [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        "<officiele-publicatie><kamerstuk><stuk><algemeen><al>De politie heeft de toegang "
        "ingetrokken &x; en de wachtwoorden vervangen.</al></algemeen></stuk></kamerstuk>"
        "</officiele-publicatie>"
    )
    letter = read_letter(xml.encode())
    assert "GEHEIM" not in letter.text
    assert letter.text == "De politie heeft de toegang ingetrokken en de wachtwoorden vervangen."


def test_xml_that_is_no_kamerstuk_and_broken_xml(tmp_path):
    with pytest.raises(UnsupportedFormatError, match="not an officielebekendmakingen"):
        read_letter(b'<?xml version="1.0"?><rss><channel/></rss>', format="xml")
    with pytest.raises(CorruptDocumentError, match="not well-formed"):
        read_letter(samples.kst_xml()[:-200])


def test_officielebekendmakingen_html():
    letter = read_letter(samples.ob_html().encode("utf-8"))
    _assert_body(letter)
    meta = letter.meta
    assert (meta.format, meta.dossiers, meta.document_number) == ("html", ["29628"], "1231")
    assert meta.date == "2024-11-12"  # the letter's own date, not the publication date
    assert meta.subject == samples.SUBJECT
    assert "Uitgebreid zoeken" not in letter.text and "document.title" not in letter.text


def test_plain_html_page_reads_as_a_letter():
    page = (
        "<html><body><p>Datum 1 juli 2024</p><p>Betreft Toezicht op camera's</p>"
        "<p>Geachte voorzitter,</p><p>De gemeente plaatst vanaf 1 augustus extra camera's in "
        "het centrum.</p><ol><li>eerst op het station;</li><li>daarna op het plein.</li></ol>"
        "<p>De Minister van Justitie en Veiligheid,<br>A. Bakker</p></body></html>"
    )
    letter = read_letter(page, format="html")
    assert [s.text for s in letter.sentences] == [
        "Geachte voorzitter,",
        "De gemeente plaatst vanaf 1 augustus extra camera's in het centrum.",
        "eerst op het station;",
        "daarna op het plein.",
    ]
    assert (letter.meta.date, letter.meta.subject) == ("2024-07-01", "Toezicht op camera's")


def test_damaged_docx():
    data = samples.docx_bytes()
    with pytest.raises(CorruptDocumentError):
        read_letter(data[: len(data) // 2])


def test_kamervragen_xml_keeps_question_and_answer_labels():
    xml = (
        '<?xml version="1.0"?><officiele-publicatie><kamervragen>'
        "<kamervraagkop><kamervraagnummer>2024Z12345</kamervraagnummer></kamervraagkop>"
        "<vraag><nr>1</nr><al>Bent u bekend met het bericht over de hack?</al></vraag>"
        "<antwoord><nr>1</nr><al>Ja. De politie heeft direct maatregelen getroffen.</al></antwoord>"
        "</kamervragen></officiele-publicatie>"
    )
    assert [s.text for s in read_letter(xml.encode()).sentences] == [
        "Vraag 1",
        "Bent u bekend met het bericht over de hack?",
        "Antwoord 1",
        "Ja.",
        "De politie heeft direct maatregelen getroffen.",
    ]
