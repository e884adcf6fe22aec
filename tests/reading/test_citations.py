from __future__ import annotations

import pytest

from briefnlp.reading.citations import find_citations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamerstukken II 2024-25, 29 628, nr. 1221", ("II", "2024-25", "29628", 1221)),
        ("Kamerstuk 29 628, nr. 1221", (None, None, "29628", 1221)),
        ("TK 2023-2024, 32 761 nr. 250", ("II", "2023-24", "32761", 250)),
        ("Kamerstukken II 2021/22, 30175, nr. 414", ("II", "2021-22", "30175", 414)),
        ("Kamerstukken I 2022–2023, 36 200 VI, nr. 5", ("I", "2022-23", "36200-VI", 5)),
        ("Kamerstuk 21 501-32, nr. 1703", (None, None, "21501-32", 1703)),
        ("Kamerstuk 33009, nr. 117.", (None, None, "33009", 117)),
    ],
)
def test_parses_the_common_forms(text, expected):
    [citation] = find_citations(f"Zie {text} voor meer.")
    assert (citation.chamber, citation.year, citation.dossier, citation.number) == expected
    assert citation.raw.startswith(text.split(",")[0].split(" ")[0])


def test_several_numbers_give_several_citations():
    found = find_citations("Zie Kamerstukken II 2024-25, 29 628, nrs. 1221 en 1222.")
    assert [(c.dossier, c.number) for c in found] == [("29628", 1221), ("29628", 1222)]


def test_dossier_without_number_and_footnote_flag():
    [citation] = find_citations("Kamerstuk 32 761 gaat over privacy.", in_footnote=True)
    assert (citation.dossier, citation.number, citation.in_footnote) == ("32761", None, True)


@pytest.mark.parametrize(
    "text",
    [
        "Zie Kamerstuk 2022Z24775.",  # a zaak number, not a dossier
        "Handelingen II 2023-24, nr. 12, item 5",
        "In TK 2023 is gesproken.",
        "Er zijn 29 628 meldingen gedaan.",
    ],
)
def test_no_false_citations(text):
    assert find_citations(text) == []
