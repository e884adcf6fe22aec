"""What the subcommands share: reading many files without stopping on a bad one."""

from __future__ import annotations

import sys
from pathlib import Path

from briefnlp.errors import LetterError
from briefnlp.letter import Letter


def read_many(files: list[str], max_bytes: int | None = None) -> list[tuple[str, Letter]]:
    """Read each file; a bad one gives one line on stderr and is skipped."""
    from briefnlp.reading import DEFAULT_MAX_BYTES, read_letter

    out = []
    for name in files:
        try:
            out.append((name, read_letter(Path(name), max_bytes=max_bytes or DEFAULT_MAX_BYTES)))
        except LetterError as exc:
            print(str(exc), file=sys.stderr)
        except Exception as exc:  # one odd file must not stop the others
            print(f"{name}: could not be read ({type(exc).__name__}: {exc})", file=sys.stderr)
    return out
