"""`briefnlp read FILE...`: parse letters and print them as JSON."""

from __future__ import annotations

import argparse
import sys

_READ_EPILOG = """\
output:
  A JSON list with one object per letter that could be read, in the order given:
  {"text", "sentences": [{"text", "start", "end", "paragraph"}], "meta", "citations",
  "footnotes", "warnings"}. With --jsonl, one compact object per line instead, written
  as soon as each letter is read. A file that cannot be read gives one line on stderr,
  "FILE: problem (what to do)", and is skipped.

exit status:
  0 when at least one letter was read, 1 when none could be, 2 for usage errors.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "read",
        help="parse letters and print them as JSON",
        description="Parse Dutch policy letters (.txt, .pdf, .docx, .html, "
        "officielebekendmakingen .xml) and print them as JSON.",
        epilog=_READ_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", help="letter files; '-' reads standard input"
    )
    p.add_argument(
        "--jsonl", action="store_true", help="print one JSON object per line instead of a list"
    )
    p.add_argument(
        "--max-mb",
        type=float,
        default=50.0,
        metavar="MB",
        help="refuse files larger than this many megabytes (default: 50)",
    )
    p.add_argument(
        "--format",
        choices=("text", "pdf", "docx", "html", "xml"),
        help="read every FILE as this format instead of detecting it",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from briefnlp.errors import LetterError
    from briefnlp.reading import read_letter

    max_bytes = int(args.max_mb * 1_000_000)
    letters: list[dict] = []
    read = 0
    for name in args.files:
        try:
            source = sys.stdin.buffer.read() if name == "-" else Path(name)
            letter = read_letter(source, format=args.format, max_bytes=max_bytes)
        except LetterError as exc:
            hint = f" ({exc.hint})" if exc.hint else ""
            print(f"{name}: {exc.problem}{hint}", file=sys.stderr)
            continue
        except Exception as exc:  # one odd file must not stop a batch
            print(f"{name}: could not be read ({type(exc).__name__}: {exc})", file=sys.stderr)
            continue
        if name == "-":
            letter.meta.source = "<stdin>"
        read += 1
        if args.jsonl:
            print(json.dumps(letter.to_dict(), ensure_ascii=False), flush=True)
        else:
            letters.append(letter.to_dict())
    if not args.jsonl:
        json.dump(letters, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 0 if read else 1

