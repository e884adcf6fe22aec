"""The `briefnlp` command line: thin wrappers around the library.

Each subcommand has an `_add_<name>` function that declares its arguments and a
`_run_<name>` function that calls the library. Nothing here holds logic of its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefnlp", description="Topics and measure summaries for Dutch policy letters."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (_add_read,):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


# --- read -------------------------------------------------------------------------------


def _add_read(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("read", help="parse letters and print them as JSON")
    p.add_argument("files", nargs="+")
    p.set_defaults(run=_run_read)


def _run_read(args: argparse.Namespace) -> int:
    raise NotImplementedError  # filled in by the reading module's author


if __name__ == "__main__":
    sys.exit(main())
