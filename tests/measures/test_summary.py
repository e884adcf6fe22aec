import numpy as np

from briefnlp.measures.bullets import MAX_WORDS
from briefnlp.measures.summariser import build_summary
from briefnlp.reading import read_letter

TEXT = (
    "Geachte voorzitter,\n\nMet deze brief informeer ik uw Kamer over de aanpak. "
    "Tevens monitort de politie of de buitgemaakte gegevens elders verschijnen, zoals eerder toegezegd "
    "in het commissiedebat van 11 oktober jl. en in de brief van 2 oktober aan uw Kamer over de hack. "
    "Ook monitort de politie of de buitgemaakte gegevens elders verschijnen. "
    "Het Openbaar Ministerie is een strafrechtelijk onderzoek gestart.\n\nDe Minister,\n\nA. Jansen"
)


def test_offsets_point_back_to_the_exact_sentence_and_bullets_are_short():
    letter = read_letter(TEXT)
    summary = build_summary(letter, np.ones(len(letter.sentences)), threshold=0.5)
    assert summary.measures, "every sentence scored 1.0"
    for m in summary.measures:
        assert letter.text[m.start : m.end] == m.sentence
        assert 0 < len(m.bullet.split()) <= MAX_WORDS
    assert summary.bullets == [m.bullet for m in summary.measures]
    starts = [m.start for m in summary.measures]
    assert starts == sorted(starts), "bullets keep the letter's order"


def test_near_duplicate_measures_merge_keeping_the_better_scored():
    letter = read_letter(TEXT)
    scores = np.array([0.0, 0.0, 0.7, 0.9, 0.8])
    assert len(scores) == len(letter.sentences)
    bullets = build_summary(letter, scores, threshold=0.5).bullets
    assert sum("monitort" in b for b in bullets) == 1
    assert any("Openbaar Ministerie" in b for b in bullets)


def test_a_letter_without_measures_gets_an_empty_summary():
    letter = read_letter(TEXT)
    summary = build_summary(letter, np.zeros(len(letter.sentences)), threshold=0.5)
    assert summary.measures == [] and summary.bullets == []
    assert summary.to_dict() == {"bullets": [], "measures": []}
