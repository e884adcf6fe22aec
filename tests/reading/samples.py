"""One invented letter, written out in every format a reader meets.

The same facts in each format make the format tests comparable: whatever the format,
the body should come out with the same sentences. Layout follows the real documents:
the Word-to-text export of the seed letter, the rijksoverheid.nl PDF (sidebar column,
superscript footnote numbers, footnotes at the foot), officielebekendmakingen XML and
HTML, and a .docx with a real footnotes part.
"""

from __future__ import annotations

import io
import textwrap

from .pdf_builder import Page, Text, build_pdf

SUBJECT = "Maatregelen na de inbraak op het zaaksysteem van de politie"
INTRO = (
    "Met deze brief informeer ik uw Kamer over de inbraak op het zaaksysteem van de politie, "
    "waarover ik uw Kamer op 3 september jl.{mark} heb bericht."
)
MEASURES = [
    "De politie heeft o.a. alle wachtwoorden van beheerders vervangen.",
    "Ook heeft de politie het datalek op 4 september gemeld bij de Autoriteit "
    "Persoonsgegevens (AP), i.v.m. de wettelijke meldplicht.",
    "Het kabinet stelt in 2025 € 12 mln. beschikbaar voor de beveiliging van het systeem.",
]
CLOSING_PARAGRAPH = (
    "Mocht het onderzoek daartoe aanleiding geven, dan informeer ik uw Kamer opnieuw, "
    "bijv. via de voortgangsbrief van dhr. Jansen over art. 5 van de Wet politiegegevens."
)
HEADING = "Genomen maatregelen"
BULLETS = ["de toegang van externe partijen is ingetrokken;", "de logbestanden worden bewaakt."]
FOOTNOTE = "Kamerstukken II 2024-25, 29 628, nr. 1230"
ROLE = "De Minister van Justitie en Veiligheid,"
NAME = "P.J. de Boer"


def intro(mark: str) -> str:
    return INTRO.format(mark=mark)


def word_text() -> str:
    """The letter as Word's text export writes it, a page break in the middle."""
    return "\n".join(
        [
            "Aan de Voorzitter van de Tweede Kamer",
            "der Staten-Generaal",
            "Postbus 20018",
            "2500 EA DEN HAAG",
            "",
            "Directoraat-Generaal Politie en Veiligheidsregio’s",
            "Turfmarkt 147",
            "2511 DP Den Haag",
            "www.rijksoverheid.nl/jenv",
            "",
            "Datum",
            "12 november 2024",
            "Betreft",
            SUBJECT,
            "",
            "Onze referentie",
            "6012345",
            "",
            "Bijlage(n)",
            "2",
            "",
            "Pagina 1 van 2",
            "[image: ]",
            "> Retouradres Postbus 20301 2500 EH Den Haag",
            "",
            "Geachte voorzitter,",
            "",
            intro("[footnoteRef:1]") + f" [1:  {FOOTNOTE}] ",
            "",
            HEADING,
            MEASURES[0] + " " + MEASURES[1],
            "",
            "[image: ]",
            "> Retouradres Postbus 20301 2500 EH Den Haag",
            "",
            "Directoraat-Generaal Politie en Veiligheidsregio’s",
            "",
            "Datum",
            "12 november 2024",
            "",
            "Onze referentie",
            "6012345",
            "",
            "Pagina 2 van 2",
            "",
            "[bookmark: _GoBack]",
            MEASURES[2],
            "- " + BULLETS[0],
            "- " + BULLETS[1],
            "",
            CLOSING_PARAGRAPH,
            "",
            "",
            f"De\u00a0{ROLE[3:]}",
            "",
            "",
            NAME,
        ]
    )


def kst_xml() -> bytes:
    """The letter as an officielebekendmakingen Kamerstuk (kst-29628-1231.xml)."""
    note = (
        '<noot id="n1" type="voet"><noot.nr>1</noot.nr><noot.al><nadruk type="cur">'
        "Kamerstukken II</nadruk> 2024-25, 29 628, nr. 1230</noot.al></noot>"
    )
    bullets = "".join(f"<li><li.nr>–</li.nr><al>{b}</al></li>" for b in BULLETS)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <metadata>
    <meta name="DC.title" content="Politie; Brief regering; {SUBJECT}"/>
    <meta name="OVERHEIDop.dossiernummer" content="29628;26643"/>
    <meta name="DCTERMS.issued" content="2024-11-14"/>
  </metadata>
  <kamerstuk>
    <kamerstukkop>
      <tekstregel inhoud="vergaderjaar">Vergaderjaar 2024-2025</tekstregel>
      <tekstregel inhoud="kameraanduiding">Tweede Kamer der Staten-Generaal</tekstregel>
    </kamerstukkop>
    <dossier><dossiernummer><dossiernr>29 628</dossiernr></dossiernummer>
      <titel>Politie</titel></dossier>
    <dossier><dossiernummer><dossiernr>26 643</dossiernr></dossiernummer>
      <titel>Informatie- en communicatietechnologie (ICT)</titel></dossier>
    <stuk>
      <stuknr>Nr. <ondernummer>1231</ondernummer></stuknr>
      <titel>BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID</titel>
      <algemeen><vrije-tekst><tekst>
        <datumtekst>Den Haag, <datum isodatum="2024-11-12">12 november 2024</datum></datumtekst>
        <al>{intro(note)}</al>
        <divisie><kop><titel>{HEADING}</titel></kop>
          <al>{MEASURES[0].replace("o.a.", "<nadruk type='cur'>o.a.</nadruk>")} {MEASURES[1]}</al>
          <al>{MEASURES[2]}</al>
          <lijst type="ongemarkeerd">{bullets}</lijst>
        </divisie>
        <al>{CLOSING_PARAGRAPH}</al>
      </tekst></vrije-tekst></algemeen>
      <tekst-sluiting><ondertekening><functie>{ROLE}</functie>
        <naam><voornaam>P.J.</voornaam> <achternaam>de Boer</achternaam></naam></ondertekening>
      </tekst-sluiting>
    </stuk>
  </kamerstuk>
</officiele-publicatie>
""".encode("utf-8")


def ob_html() -> str:
    """The letter as an officielebekendmakingen.nl page."""
    ref = '<sup><a class="nootnum" href="#ID-1">1</a></sup>'
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Kamerstuk 29628-1231</title>
<meta name="DC.identifier" content="kst-29628-1231">
<meta name="DC.title" content="Politie; Brief regering; {SUBJECT}">
<meta name="OVERHEIDop.dossiernummer" content="29628">
<meta name="DCTERMS.issued" content="2024-11-14">
<script>document.title = "Pagina 1 van 2";</script></head>
<body><header><nav><a href="/">Home</a><a href="/zoeken">Uitgebreid zoeken</a></nav></header>
<main><div id="broodtekst" class="stuk">
<p class="kamerstukkop">Tweede Kamer der Staten-Generaal</p>
<h1 class="dossiertitel">29 628 Politie</h1>
<h2 class="stuktitel">Nr. 1231 BRIEF VAN DE MINISTER VAN JUSTITIE EN VEILIGHEID</h2>
<p>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</p>
<p>Den Haag, 12 november 2024</p>
<p class="al">{intro(ref)}</p>
<h3>{HEADING}</h3>
<p class="al">{MEASURES[0]} {MEASURES[1]}</p>
<p class="al">{MEASURES[2]}</p>
<ul>{"".join(f"<li>{b}</li>" for b in BULLETS)}</ul>
<p class="al">{CLOSING_PARAGRAPH}</p>
<p>{ROLE}<br>{NAME}</p>
<div class="voetnoten">
<div class="noot" id="ID-1"><a class="nootnum">1</a> <p>{FOOTNOTE}</p></div></div>
</div></main><footer><p>Pagina 1 van 2</p></footer></body></html>"""


def docx_bytes() -> bytes:
    """The letter as a .docx: letterhead in the page header, Datum/Betreft in a table,
    a real footnote (python-docx cannot write one, so the part is added by hand)."""
    from docx import Document
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header.text = "Directoraat-Generaal Politie en Veiligheidsregio’s"
    for line in ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Postbus 20018", ""):
        doc.add_paragraph(line)
    table = doc.add_table(rows=3, cols=2)
    fields = [("Datum", "12 november 2024"), ("Betreft", SUBJECT), ("Onze referentie", "6012345")]
    for row, (label, value) in enumerate(fields):
        table.cell(row, 0).text, table.cell(row, 1).text = label, value
    doc.add_paragraph("Geachte voorzitter,")
    doc.add_paragraph("")
    before, after = intro("\0").split("\0")
    paragraph = doc.add_paragraph(before)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "2")
    paragraph.add_run()._r.append(reference)
    paragraph.add_run(after)
    doc.add_paragraph("")
    doc.add_heading(HEADING, level=2)
    doc.add_paragraph(f"{MEASURES[0]} {MEASURES[1]}")
    doc.add_paragraph(MEASURES[2])
    for bullet in BULLETS:
        doc.add_paragraph(bullet, style="List Bullet")
    for line in ("", CLOSING_PARAGRAPH, "", ROLE, "", NAME):
        doc.add_paragraph(line)
    notes = (
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes.encode("utf-8"),
        doc.part.package,
    )
    doc.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def rijksoverheid_pdf() -> bytes:
    """The letter as a two-page rijksoverheid.nl PDF: body at x=80 in 9 pt, the sidebar
    column at x=467 in 6.8 pt on the same baselines, a footnote at the foot of page 1."""
    side = 6.8
    sidebar = [
        "Directoraat-Generaal Politie en", "Veiligheidsregio’s", "", "Turfmarkt 147",
        "2511 DP Den Haag", "Postbus 20301", "2500 EH Den Haag", "", "Onze referentie",
        "6012345", "", "Bijlage(n)", "2",
    ]  # fmt: skip
    first = Page()
    first.texts.append(Text.plain(80, 136, side, "> Retouradres Postbus 20301 2500 EH Den Haag"))
    for i, line in enumerate(sidebar):
        if line:
            first.texts.append(Text.plain(467, 155 + 9 * i, side, line))
    address = ["De Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018"]
    for i, line in enumerate([*address, "2500 EA DEN HAAG"]):
        first.texts.append(Text.plain(80, 157 + 12 * i, 9, line))
    first.texts.append(Text.plain(85, 302, 9, "Datum 12 november 2024"))
    first.texts.append(Text.plain(85, 314, 9, f"Betreft {SUBJECT}"))
    first.texts.append(Text.plain(80, 356, 9, "Geachte voorzitter,"))
    top = _paragraph(first, intro("\0"), 380)
    first.texts.append(Text.plain(80, top + 12, 9, HEADING))
    top = _paragraph(first, f"{MEASURES[0]} {MEASURES[1]}", top + 24)
    first.texts.append(Text(80, 780, [(6.0, "1", 2.0), (7.5, f" {FOOTNOTE}", 0.0)]))
    first.texts.append(Text.plain(467, 808, side, "Pagina 1 van 2"))
    second = Page()
    repeated = ["Directoraat-Generaal Politie en", "Veiligheidsregio’s", "", "Onze referentie"]
    for i, line in enumerate([*repeated, "6012345"]):
        if line:
            second.texts.append(Text.plain(467, 151 + 9 * i, side, line))  # beside body lines
    top = _paragraph(second, MEASURES[2], 151)
    for bullet in BULLETS:
        top += 12
        second.texts.append(Text.plain(80, top, 9, "-"))
        second.texts.append(Text.plain(94, top, 9, bullet))
    top = _paragraph(second, CLOSING_PARAGRAPH, top + 24)
    second.texts.append(Text.plain(80, top + 36, 9, ROLE))
    second.texts.append(Text.plain(80, top + 84, 9, NAME))
    second.texts.append(Text.plain(467, 808, side, "Pagina 2 van 2"))
    return build_pdf([first, second])


def _paragraph(page: Page, text: str, top: float) -> float:
    """Wrap `text` at 9 pt; a "\\0" marks a superscript footnote number 1."""
    for i, line in enumerate(textwrap.wrap(text, 72)):
        before, _, after = line.partition("\0")
        runs = [(9.0, before, 0.0)] + ([(6.0, "1", 3.0), (9.0, after, 0.0)] if _ else [])
        page.texts.append(Text(80, top + 12 * i, runs))
    return top + 12 * (len(textwrap.wrap(text, 72)) - 1)
