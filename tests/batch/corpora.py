"""Test inputs of the batch tests: good letters, a corpus of bad inputs, the CLI."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

REAL_LETTERS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real-letters"
REAL_PDF = REAL_LETTERS / "Kamerbrief_1pag.pdf"

GOOD_LETTERS = {
    "a-politie.txt": (
        "Den Haag, 3 maart 2025\n\nGeachte voorzitter,\n\nEr was een hack bij de politie. "
        "De politie heeft alle wachtwoorden vervangen. Het NCSC volgt de situatie nauwgezet en "
        "informeert de betrokken organisaties.\n\nDe Minister van Justitie en Veiligheid,"
        "\n\nA. Jansen\n"
    ),
    "b-privacy.txt": (
        "Geachte voorzitter,\n\nDe gemeente deelt persoonsgegevens met de politie. De "
        "gemeente start per 1 januari een nieuwe DPIA. De Autoriteit Persoonsgegevens houdt "
        "toezicht op de bewaartermijn van deze gegevens.\n\nDe Staatssecretaris,\n\nB. de Vries\n"
    ),
    "sub/c-rechtspraak.txt": (
        "Geachte voorzitter,\n\nDeze brief gaat over de rechtspraak. De doorlooptijden zijn "
        "lang. Het kabinet investeert daarom extra in de rechtspraak en zal voor de zomer een "
        "plan van aanpak naar uw Kamer sturen.\n\nDe Minister,\n\nC. Bakker\n"
    ),
    "sub/d-cyber.txt": (
        "Geachte voorzitter,\n\nHet aantal ransomware-aanvallen op gemeenten neemt toe. "
        "Ik zal de digitale weerbaarheid van gemeenten versterken. Het Digital Trust Center "
        "start een campagne over phishing. Daarnaast wordt de meldplicht voor datalekken "
        "verduidelijkt. Ook de politie krijgt meer capaciteit voor de opsporing van "
        "cybercriminaliteit.\n\nDe Minister van Justitie en Veiligheid,\n\nD. Smit\n"
    ),
}

ENGLISH_LETTER = (
    "Dear Speaker,\n\nI am writing to inform the House about the new measures that the government "
    "will take to improve cyber security in public administration. The police will receive "
    "additional funding for the investigation of ransomware attacks, and the data protection "
    "authority will publish new guidance on the retention of personal data by municipalities. "
    "We will report on the progress before the summer.\n\nYours sincerely,\n\nThe Minister of "
    "Justice and Security\n"
)

#: The size limit the bad-corpus tests run with: every good letter is far below it.
MAX_BYTES = 100_000

#: file name -> the error type its record must carry (None: a result, no error)
BAD_EXPECTED = {
    "cut.pdf": "CorruptDocumentError",
    "empty.txt": "EmptyLetterError",
    "junk.bin": "BinaryInputError",
    "english.txt": None,
    "huge.txt": "FileTooLargeError",
    "gone.txt": "UnreadableFileError",
    "z-copy-of-a.txt": None,
}


def write_good_letters(folder: Path) -> list[str]:
    """The good letters under `folder`; returns their ids (relative paths) in sorted order."""
    for name, text in GOOD_LETTERS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(GOOD_LETTERS)


def write_bad_corpus(folder: Path) -> dict[str, str | None]:
    """Good letters plus one of each kind of bad input; returns {id: expected error type}.

    The corrupt PDF is the first half of a real rijksoverheid PDF and is left out when
    ../shared is absent (the rest of the corpus still runs).
    """
    expected: dict[str, str | None] = {name: None for name in write_good_letters(folder)}
    if REAL_PDF.is_file():
        data = REAL_PDF.read_bytes()
        (folder / "cut.pdf").write_bytes(data[: len(data) // 2])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 8 + os.urandom(512))
    (folder / "english.txt").write_text(ENGLISH_LETTER, encoding="utf-8")
    letter = GOOD_LETTERS["a-politie.txt"]
    (folder / "huge.txt").write_text(letter * (MAX_BYTES // len(letter) + 2), encoding="utf-8")
    os.symlink(folder / "was-here.txt", folder / "gone.txt")  # dangling: chmod 000 won't stop root
    shutil.copy(folder / "a-politie.txt", folder / "z-copy-of-a.txt")
    for name, error in BAD_EXPECTED.items():
        if (folder / name).is_file() or (folder / name).is_symlink():
            expected[name] = error
    return dict(sorted(expected.items()))


def run_cli(argv: list[str]) -> int:
    """`briefnlp summarise ARGV` through the parser `briefnlp.cli` will register."""
    from briefnlp.batch.cli import add_summarise_parser

    parser = argparse.ArgumentParser(prog="briefnlp")
    add_summarise_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["summarise", *argv])
    return args.run(args)
