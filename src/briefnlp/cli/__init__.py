"""The `briefnlp` command line: thin wrappers around the library.

One module per subcommand, each with `add_parser(subparsers)` and `run(args) -> int`.
Nothing here holds logic of its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from briefnlp.batch.cli import add_summarise_parser
from briefnlp.cli import classify, evaluate, read, train


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefnlp", description="Topics and measure summaries for Dutch policy letters."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    read.add_parser(sub)
    classify.add_parser(sub)
    add_summarise_parser(sub)
    train.add_parser(sub)
    evaluate.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
