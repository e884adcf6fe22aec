from __future__ import annotations

import pytest

from briefnlp.reading import split_sentences
from briefnlp.reading.sentences import ends_sentence, list_marker_length


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "sentence",
    [
        "De politie heeft o.a. de wachtwoorden vervangen.",
        "Dat gebeurt i.v.m. de meldplicht en m.b.t. de AVG.",
        "Het kabinet trekt € 12 mln. uit voor de aanpak.",
        "Zie art. 5 van de Wet politiegegevens.",
        "Het gaat om Kamerstukken II 2024-25, 29 628, nr. 1221 en nr. 1222.",
        "Het gaat om bijv. NCSC en andere partijen, d.w.z. de vitale sector.",
        "Het gaat om kluizen, sloten e.d. in de gebouwen.",
        "Dhr. Jansen en mr. drs. P.J. de Vries zijn benoemd.",
        "Op 2 oktober jl. heb ik uw Kamer geïnformeerd.",
        "Op 27 september1 en 2 oktober jl.2 heb ik uw Kamer bericht.",
        "Het percentage steeg naar 3.5 procent in 2024.",
        "De vraag \"Wat kan het beste waar?\" blijft open.",
        "Het betreft onder meer www.politie.nl en de app.",
    ],
)
def test_abbreviations_and_numbers_do_not_split(sentence):
    assert texts(sentence) == [sentence]


def test_splits_at_full_stops_question_marks_and_quotes():
    text = 'Is de bodem te nat? Dan merken we dat. Dat is "een test." Daarna (zie bijlage.) Klaar.'
    assert texts(text) == [
        "Is de bodem te nat?",
        "Dan merken we dat.",
        'Dat is "een test."',
        "Daarna (zie bijlage.)",
        "Klaar.",
    ]


def test_abbreviations_that_can_end_a_sentence_split_before_a_capital():
    assert texts("Ik heb u op 2 oktober jl. bericht. Het kost 5 mln. De AP is akkoord.") == [
        "Ik heb u op 2 oktober jl. bericht.",
        "Het kost 5 mln.",
        "De AP is akkoord.",
    ]


def test_footnote_number_after_the_full_stop_belongs_to_no_sentence():
    text = "Ik heb uw Kamer geïnformeerd.1 Deze leverancier is bekend.23\nVolgende regel."
    assert texts(text) == [
        "Ik heb uw Kamer geïnformeerd.",
        "Deze leverancier is bekend.",
        "Volgende regel.",
    ]


def test_headings_bullets_and_numbered_items_are_their_own_sentences():
    text = (
        "Wat er is gebeurd\n"
        "De politie heeft maatregelen genomen:\n"
        "- De toegang is ingetrokken.\n"
        "• wachtwoorden zijn vervangen;\n"
        "1. De bodycam neemt niet continu op. Beelden worden na 28 dagen vernietigd.\n"
        "a) een tweede punt\n"
        "1.2 Blootstelling van de omgeving"
    )
    assert texts(text) == [
        "Wat er is gebeurd",
        "De politie heeft maatregelen genomen:",
        "De toegang is ingetrokken.",
        "wachtwoorden zijn vervangen;",
        "De bodycam neemt niet continu op.",
        "Beelden worden na 28 dagen vernietigd.",
        "een tweede punt",
        "Blootstelling van de omgeving",
    ]


def test_numbers_at_line_start_are_not_list_markers():
    assert list_marker_length("2.100 personen zijn geraakt.") == 0
    assert list_marker_length("12 leveranciers zijn getoetst.") == 0
    assert list_marker_length("2023 was een zwaar jaar.") == 0
    assert list_marker_length("3. Wat is er gedaan") == 3


def test_offsets_index_the_text_and_paragraphs_count_blank_lines():
    text = "Geachte voorzitter,\n\nEen. Twee.\nKop\n\n\nDrie?"
    sentences = split_sentences(text)
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Geachte voorzitter,", 0),
        ("Een.", 1),
        ("Twee.", 1),
        ("Kop", 1),
        ("Drie?", 2),
    ]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_ends_sentence_between_two_lines():
    assert ends_sentence("op 2 oktober jl.", "De politie")
    assert not ends_sentence("Kamerstuk 29 628, nr.", "1221 en verder")
    assert not ends_sentence("de politie heeft o.a.", "de wachtwoorden")
    assert ends_sentence("Ik heb uw Kamer geïnformeerd.1", "Deze brief")
    assert not ends_sentence("De politie heeft", "De wachtwoorden")
