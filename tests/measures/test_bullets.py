import re

import pytest

from briefnlp.measures.bullets import MAX_WORDS, make_bullet
from briefnlp.measures.rules import RuleMeasureDetector

SEED_MEASURES = [
    "De politie heeft meteen maatregelen getroffen nadat zij was geïnformeerd door de inlichtingen- en veiligheidsdiensten.",
    "Tevens monitort de politie of de buitgemaakte gegevens elders verschijnen.",
    "Daartoe monitort de politie haar systemen continu.",
    "Het Nationaal Cyber Security Centrum (NCSC) zal partijen binnen de Rijksoverheid en vitale sectoren informeren over (generieke) maatregelen die naar aanleiding van dit incident kunnen worden getroffen.",
    "Het Openbaar Ministerie heeft mij geïnformeerd dat een strafrechtelijk onderzoek naar de hack bij de politie is gestart.",
]


def _words(text):
    return re.findall(r"\w+", text.lower())


@pytest.mark.parametrize("sentence", SEED_MEASURES)
def test_bullets_are_short_and_grounded(sentence):
    actor, bullet = make_bullet(sentence)
    assert 0 < len(bullet.split()) <= MAX_WORDS
    source = set(_words(sentence)) | set(_words(actor or ""))
    assert set(_words(bullet)) <= source, "a bullet may only use the sentence's words"


def test_actor_moves_to_the_front_after_verb_second():
    assert make_bullet(SEED_MEASURES[1]) == ("Politie", "Politie monitort of de buitgemaakte gegevens elders verschijnen.")
    assert make_bullet(SEED_MEASURES[3])[0] == "NCSC"


def test_a_relative_clause_cut_by_the_length_limit_is_dropped_whole():
    # 22 words without the parentheses: the cut at 20 would end "... maatregelen die naar aanleiding".
    assert make_bullet(SEED_MEASURES[3]) == (
        "NCSC", "NCSC zal partijen binnen de Rijksoverheid en vitale sectoren informeren over maatregelen.")
    # a background relative clause between commas goes with both commas
    _, bullet = make_bullet("De gemeente, die de gegevens beheert, heeft alle 4.000 betrokken inwoners "
                            "per brief geïnformeerd over het lek en over de stappen die zij kunnen zetten om zich te beschermen.")
    assert bullet == "Gemeente heeft alle 4.000 betrokken inwoners per brief geïnformeerd over het lek en over de stappen."


def test_rules_exclude_conditionals_and_the_letter_itself():
    rules = RuleMeasureDetector()
    assert rules.is_measure(SEED_MEASURES[0])
    assert rules.is_measure(SEED_MEASURES[4])
    assert not rules.is_measure(
        "Mocht onderzoek daartoe aanleiding geven, bijvoorbeeld omdat er toch andere aanwijzingen zijn, "
        "dan zal ik uw Kamer daarover - al dan niet vertrouwelijk - informeren."
    )
    assert not rules.is_measure("Met deze brief informeer ik uw Kamer nader over de hack bij de politie.")


def test_a_dat_clause_that_carries_the_measure_is_kept():
    sentence = ("Ik heb met de Raad voor de rechtspraak afgesproken dat de gerechten vanaf volgend jaar "
                "alle uitspraken over datalekken bij de politie binnen zes weken openbaar maken op rechtspraak.nl.")
    _, bullet = make_bullet(sentence)
    assert "dat de gerechten" in bullet and len(bullet.split()) <= MAX_WORDS
    _, bullet = make_bullet("De politie vervangt dit jaar alle verouderde servers in de regionale eenheden, "
                            "die sinds 2015 niet meer door de leverancier worden ondersteund en onveilig zijn geworden.")
    assert "die sinds" not in bullet and bullet.startswith("Politie vervangt")
