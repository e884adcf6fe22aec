"""PDF: a built rijksoverheid layout, the five real letters, and damaged files."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from briefnlp.errors import CorruptDocumentError, EncryptedDocumentError, NoTextLayerError
from briefnlp.letter import Letter
from briefnlp.reading import read_letter

from . import samples
from .pdf_builder import Page, Text, build_pdf

REAL_PDFS = [
    "Kamerbrief_1pag.pdf",
    "Kamerbrief_circulaire_economie.pdf",
    "Kamerbrief_emissie_luchtvaart.pdf",
    "Kamerbrief_innovatie_missie.pdf",
    "Kamerbrief_water_en_Bodem.pdf",
]
# Lines of the right-hand column of rijksoverheid letters: never part of a body sentence.
SIDEBAR = re.compile(
    r"Rijnstraat 8|Postbus 20901|Postbus 20401|Pagina \d+ van \d+|Bijlage\(n\)|Kenmerk"
    r"|IENW/BSK|Ministerie van$|Infrastructuur en Waterstaat|T 070|Overheidsidentificatienr"
)


@functools.lru_cache(maxsize=None)
def read_real(path: Path) -> Letter:
    """Each real PDF is read once per test session: pdfplumber takes about 0.2 s a page."""
    return read_letter(path)


def test_built_letter_keeps_the_sidebar_out_of_the_body():
    letter = read_letter(samples.rijksoverheid_pdf())
    sentences = [s.text for s in letter.sentences]
    for measure in samples.MEASURES + samples.BULLETS + [samples.HEADING]:
        assert measure in sentences
    assert samples.intro("1") in sentences  # superscript footnote number glued: "jl.1"
    for noise in ("Turfmarkt", "6012345", "Pagina", "Veiligheidsregio", "Retouradres"):
        assert noise not in letter.text
    meta = letter.meta
    assert (meta.format, meta.date, meta.subject, meta.reference, meta.attachments) == (
        "pdf",
        "2024-11-12",
        samples.SUBJECT,
        "6012345",
        2,
    )
    assert meta.directorate == "Directoraat-Generaal Politie en Veiligheidsregio’s"
    assert meta.signatory == samples.NAME
    assert meta.signatory_role == "Minister van Justitie en Veiligheid"
    assert [(f.number, f.text) for f in letter.footnotes] == [("1", samples.FOOTNOTE)]
    citations = [(c.dossier, c.number, c.in_footnote) for c in letter.citations]
    assert citations == [("29628", 1230, True)]


def test_circulaire_economie_expected_values(real_letter):
    letter = read_real(real_letter("Kamerbrief_circulaire_economie.pdf"))
    assert letter.meta.date == "2023-02-03"
    assert letter.meta.reference == "IENW/BSK-2023/33017"
    assert letter.meta.subject.startswith("Nationaal Programma Circulaire Economie 2023-2030")
    assert letter.meta.sender == "Ministerie van Infrastructuur en Waterstaat"
    assert letter.meta.attachments == 4
    for sentence in letter.sentences:
        for line in ("Rijnstraat 8", "Postbus 20901", "Pagina 1 van 7"):
            assert line not in sentence.text
    assert letter.text.startswith("Geachte voorzitter,\n\nMet deze Kamerbrief bied ik u")
    assert len(letter.footnotes) == 6


@pytest.mark.parametrize("name", REAL_PDFS)
def test_real_pdfs_have_clean_sentences_and_a_date(real_letter, name):
    letter = read_real(real_letter(name))
    assert letter.meta.date is not None
    assert letter.sentences and all(s.text.strip() for s in letter.sentences)
    for sentence in letter.sentences:
        assert not SIDEBAR.search(sentence.text), sentence.text
        assert letter.text[sentence.start : sentence.end] == sentence.text
    assert letter.warnings == []


def test_truncated_pdf(real_letter):
    data = real_letter("Kamerbrief_1pag.pdf").read_bytes()
    with pytest.raises(CorruptDocumentError, match="truncated"):
        read_letter(data[: len(data) // 2])


def test_truncated_built_pdf():
    data = samples.rijksoverheid_pdf()
    with pytest.raises(CorruptDocumentError, match="truncated"):
        read_letter(data[:-300])


def test_mangled_pdf_is_corrupt():
    data = samples.rijksoverheid_pdf()
    mangled = data[:9] + b"\x00" * (len(data) - 400) + data[-391:]
    with pytest.raises(CorruptDocumentError):
        read_letter(mangled)


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "beveiligd.pdf"
    path.write_bytes(build_pdf([Page([Text.plain(80, 100, 9, "Geheim")])], password_protected=True))
    with pytest.raises(EncryptedDocumentError) as caught:
        read_letter(path)
    assert str(path) in str(caught.value) and "password" in str(caught.value)


def test_image_only_pdf_names_ocr():
    with pytest.raises(NoTextLayerError, match="OCR"):
        read_letter(build_pdf([Page(image=True), Page(image=True)]))


def test_pdf_name_without_pdf_inside(tmp_path):
    path = tmp_path / "brief.pdf"
    path.write_bytes(b"Dit is geen PDF maar tekst.\n")
    with pytest.raises(CorruptDocumentError, match="no PDF header"):
        read_letter(path)


def test_partly_damaged_pdf_reads_with_a_warning(capsys):
    data = samples.rijksoverheid_pdf()
    entry = data.index(b" 00000 n", data.index(b"xref\n0 "))
    damaged = data[: entry + 1] + b"0000j" + data[entry + 6 :]  # a bad xref generation
    letter = read_letter(damaged)
    assert samples.MEASURES[2] in [s.text for s in letter.sentences]
    assert any("partly damaged" in w for w in letter.warnings)
    assert capsys.readouterr().err == ""  # pdfminer's complaint became the warning
