"""`read_letter` as an API: kinds of source, limits, bad input, language."""

from __future__ import annotations

import os
import zipfile
from io import BytesIO

import pytest

from briefnlp.errors import (
    BinaryInputError,
    EmptyLetterError,
    FileTooLargeError,
    LetterError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from briefnlp.letter import Letter
from briefnlp.reading import read_letter

from . import samples


def test_path_str_path_bytes_and_text_give_the_same_letter(tmp_path):
    path = tmp_path / "brief.txt"
    path.write_text(samples.word_text(), encoding="utf-8")
    letters = [
        read_letter(path),
        read_letter(str(path)),
        read_letter(path.read_bytes()),
        read_letter(samples.word_text()),
    ]
    assert len({letter.text for letter in letters}) == 1
    assert [letter.meta.source for letter in letters] == [str(path), str(path), "<bytes>", "<text>"]


def test_letter_round_trips_through_a_dict():
    letter = read_letter(samples.word_text())
    assert Letter.from_dict(letter.to_dict()) == letter


def test_format_text_forces_a_short_string_to_be_the_letter():
    text = "Geachte voorzitter, de politie heeft de wachtwoorden vervangen."
    assert read_letter(text, format="text").text == text


def test_unknown_format_name():
    with pytest.raises(ValueError, match="format must be one of"):
        read_letter("x\ny", format="rtf")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableFileError, match="no such file") as caught:
        read_letter(tmp_path / "weg.txt")
    assert str(tmp_path / "weg.txt") in str(caught.value)
    with pytest.raises(UnreadableFileError, match="directory"):
        read_letter(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    path = tmp_path / "dicht.txt"
    path.write_text("Geachte voorzitter,\n")
    path.chmod(0)
    with pytest.raises(UnreadableFileError, match="cannot be read"):
        read_letter(path)


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "groot.txt"
    path.write_text(samples.word_text(), encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="over the limit") as caught:
        read_letter(path, max_bytes=1000)
    assert "max_bytes" in str(caught.value) and str(path) in str(caught.value)
    with pytest.raises(FileTooLargeError):
        read_letter(samples.word_text(), max_bytes=1000)
    assert read_letter(path, max_bytes=1_000_000).text


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  ", b"\xef\xbb\xbf\n"])
def test_empty_input(tmp_path, data):
    path = tmp_path / "leeg.txt"
    path.write_bytes(data)
    with pytest.raises(EmptyLetterError) as caught:
        read_letter(path)
    assert str(path) in str(caught.value)


def test_letter_with_only_letterhead_is_empty():
    with pytest.raises(EmptyLetterError, match="no letter text"):
        read_letter("Datum\n9 oktober 2024\n\nPagina 1 van 1\n[image: ]\n")


def test_binary_junk():
    junk = bytes(range(256)) * 20
    with pytest.raises(BinaryInputError, match="<bytes>"):
        read_letter(junk)
    with pytest.raises(BinaryInputError):
        read_letter(b"\x01\x02\x03\x04\x05\x06" * 200)


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".docx or PDF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "OCR"),
        (b"{\\rtf1\\ansi Hallo}", ".docx or PDF"),
    ],
)
def test_formats_we_do_not_read_say_what_to_do(data, hint):
    with pytest.raises(UnsupportedFormatError, match=hint.replace(".", r"\.")):
        read_letter(data)


def test_zip_that_is_not_a_docx():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("brief.txt", "Geachte voorzitter,")
    with pytest.raises(UnsupportedFormatError, match="zip"):
        read_letter(buffer.getvalue())


def test_every_error_is_a_letter_error():
    for error in (BinaryInputError, EmptyLetterError, FileTooLargeError, UnreadableFileError):
        assert issubclass(error, LetterError)


def test_non_dutch_letter_reads_with_a_warning():
    english = (
        "Dear Speaker,\n\nWith this letter I inform the House about the measures that the police "
        "have taken after the data breach. The police have replaced all passwords and reported "
        "the breach to the Data Protection Authority. An investigation has been started.\n\n"
        "The Minister of Justice and Security,\n\nA.B. Smith\n"
    )
    letter = read_letter(english)
    assert letter.sentences
    assert any("does not look Dutch" in w and "en" in w for w in letter.warnings)


def test_dutch_letter_has_no_language_warning():
    assert not any("Dutch" in w for w in read_letter(samples.word_text()).warnings)


def test_no_date_is_a_warning_not_an_error():
    letter = read_letter("Geachte voorzitter,\n\nDe politie heeft de toegang ingetrokken.\n")
    assert letter.meta.date is None
    assert "no date found in the letterhead" in letter.warnings


def test_importing_the_package_loads_no_format_library():
    import subprocess
    import sys

    code = (
        "import sys, briefnlp.reading; "
        "print(any(m in sys.modules for m in ('pdfplumber', 'docx', 'lxml', 'langdetect')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
