"""Reading speed on one core: letters per second for text, pages per second for PDF.

    python eval/bench_read.py                      # examples/*.txt, ../shared real PDFs
    python eval/bench_read.py --txt a.txt b.txt --pdf brief.pdf --seconds 20

Text letters are read from the files given, or from examples/ and, where it exists,
the TEXT sections of the training corpus (corpus/src/*/*.txt), which are letters as
readers get them. PDFs default to the real letters in ../shared/data/real-letters.
The process is pinned to one CPU and each input is read once before timing, so that
imports and first-call costs are not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_LETTERS = ROOT / ".." / "shared" / "data" / "real-letters"


def pin_to_one_core() -> str:
    """Run on a single CPU; returns a note of what was done."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "could not pin (no sched_setaffinity on this platform)"


def text_inputs(paths: list[Path]) -> list[str | Path]:
    if paths:
        return list(paths)
    inputs: list[str | Path] = sorted((ROOT / "examples").glob("*.txt"))
    for path in sorted((ROOT / "corpus" / "src").glob("*/*.txt")):
        content = path.read_text(encoding="utf-8")
        if "===TEXT===" in content and "===MEASURES===" in content:
            inputs.append(content.split("===TEXT===", 1)[1].split("===MEASURES===", 1)[0].strip())
    return inputs


def time_runs(inputs: list, read, seconds: float) -> tuple[int, float]:
    """Read all `inputs` repeatedly for at least `seconds`; return (reads, elapsed)."""
    for item in inputs:
        read(item)  # warm-up: imports, regex compilation, pdfminer font caches
    count, start = 0, time.perf_counter()
    while True:
        for item in inputs:
            read(item)
            count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--txt", nargs="*", type=Path, default=[], help="text letters")
    parser.add_argument("--pdf", nargs="*", type=Path, default=[], help="PDF letters")
    parser.add_argument("--seconds", type=float, default=10.0, help="minimum time per format")
    args = parser.parse_args(argv)

    note = pin_to_one_core()
    from briefnlp.reading import read_letter

    print(f"briefnlp read benchmark, {note}, Python {sys.version.split()[0]}")
    texts = text_inputs(args.txt)
    if texts:
        words = [len(read_letter(t, format="text").text.split()) for t in texts]
        count, elapsed = time_runs(texts, lambda t: read_letter(t, format="text"), args.seconds)
        print(
            f"txt: {count / elapsed:8.1f} letters/s  ({len(texts)} letters, "
            f"median {statistics.median(words):.0f} body words, {count} reads in {elapsed:.1f} s)"
        )
    pdfs = args.pdf or sorted(REAL_LETTERS.glob("*.pdf"))
    if pdfs:
        import pdfplumber

        pages = {}
        for path in pdfs:
            with pdfplumber.open(path) as pdf:
                pages[path] = len(pdf.pages)
        count, elapsed = time_runs(pdfs, read_letter, args.seconds)
        rounds = count / len(pdfs)
        total_pages = rounds * sum(pages.values())
        print(
            f"pdf: {total_pages / elapsed:8.1f} pages/s    ({len(pdfs)} files, "
            f"{sum(pages.values())} pages, {rounds:.1f} rounds in {elapsed:.1f} s)"
        )
    else:
        print(f"pdf: skipped, no PDFs given and none in {REAL_LETTERS.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
