"""`briefnlp summarise`: a thin command-line wrapper around `summarise_corpus`.

`briefnlp.cli` registers it with ``add_summarise_parser(subparsers)``; the parsed
arguments carry ``run=run_summarise``.
"""

from __future__ import annotations

import argparse
import sys
import time

_EPILOG = """\
INPUT:
  Files (.txt, .pdf, .docx, .html, officielebekendmakingen .xml), folders (read
  recursively), globs ("letters/**/*.pdf", quoted), JSONL or Parquet corpora with `id`
  and `text` fields (the annotation format included), or saved `datasets` folders.

output:
  One record per input, always, in input order:
  {"id", "source": {"path", "sha256"}, "meta", "labels", "scores": {LABEL: p},
   "measures": [{"sentence", "start", "end", "score", "actor", "bullet"}],
   "summary": [bullets], "model": {"name", "version", "sha"},
   "error": null | {"type", "message"}}
  jsonl: OUT is a file, appended and fsynced per batch. parquet: OUT is a folder of
  shards plus _manifest.json. With --resume, inputs already in OUT (same id and
  content hash) are skipped; after a crash or kill the resumed run ends with every
  input exactly once. Failed inputs are in OUT too and are not retried; an input
  whose content changed since it was written is summarised again and its new record
  follows the old one (take the last record per id).

exit status:
  0 when the run completed (also with failed inputs, unless --strict); 1 with
  --strict when an input failed; 2 for usage errors or an OUT that cannot be written.
"""


def add_summarise_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Declare `briefnlp summarise` on the main parser's subparsers."""
    from briefnlp.batch.model import PRECISIONS
    from briefnlp.batch.runner import DEFAULT_BATCH_SIZE

    p = subparsers.add_parser(
        "summarise",
        help="topics and measure summaries for a whole corpus of letters",
        description="Classify and summarise every letter in INPUT..., writing one record per "
        "input to OUT.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or corpora")
    p.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="OUT",
        help="output file (jsonl) or folder (parquet); without it, topics and bullets are "
        "printed for reading",
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        default=None,
        help="output format (default: parquet for a .parquet name or a folder, else jsonl)",
    )
    p.add_argument(
        "--resume", action="store_true", help="continue OUT, skipping inputs already in it"
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"letters per model batch (default: {DEFAULT_BATCH_SIZE})",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="parser processes (default: 1; more for PDF-heavy corpora; 0: in the main process)",
    )
    p.add_argument("--strict", action="store_true", help="exit with status 1 if any input failed")
    p.add_argument(
        "--model", default=None, metavar="PATH", help="model folder (default: the shipped model)"
    )
    p.add_argument(
        "--backbone", default=None, help="backbone to load the model onto (default: the saved one)"
    )
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="fp32",
        help="how the encoder runs: fp32 (torch, default), onnx (ONNX Runtime, fp32; needs "
        "briefnlp[onnx]), bf16, int8; see eval/bench_batch.py before changing",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=None,
        metavar="N",
        help="torch threads (default: the CPUs less one per parser worker beyond the first; "
        "0: torch's own); on a busy shared machine fewer threads can be much faster",
    )
    p.add_argument(
        "--max-mb",
        type=float,
        default=50.0,
        metavar="MB",
        help="inputs larger than this fail (default: 50)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(run=run_summarise)
    return p


def run_summarise(args: argparse.Namespace) -> int:
    """Run `briefnlp summarise` with parsed arguments; returns the exit status."""
    from tqdm import tqdm

    from briefnlp.backbones.errors import BackboneError
    from briefnlp.batch.inputs import count_inputs
    from briefnlp.batch.runner import load_model, summarise_corpus
    from briefnlp.batch.writers import OutputError, guess_format, open_writer

    if args.batch_size < 1:
        print("briefnlp summarise: --batch-size must be at least 1", file=sys.stderr)
        return 2
    if args.output is None:
        if args.resume or args.format:
            print("briefnlp summarise: --resume and --format need -o OUT", file=sys.stderr)
            return 2
        writer = TextPrinter(sys.stdout)
    else:
        try:
            writer = open_writer(args.output, args.format or guess_format(args.output), resume=args.resume)
        except OutputError as exc:
            print(f"briefnlp summarise: {exc}", file=sys.stderr)
            return 2
    try:
        analyser, model_info = load_model(args.model, args.backbone, args.precision)
    except (FileNotFoundError, BackboneError, ValueError) as exc:
        writer.close()
        print(f"briefnlp summarise: cannot load the model: {exc}", file=sys.stderr)
        return 2
    counts = {"ok": 0, "failed": 0, "skipped": 0}
    exclude = [args.output] if args.output else []
    total = None if args.no_progress else count_inputs(args.inputs, exclude=exclude)
    bar = tqdm(
        total=total,
        unit=" letters",
        disable=args.no_progress,
        dynamic_ncols=True,
        file=sys.stderr,
        smoothing=0.1,
    )

    def skipped(_item: object) -> None:
        counts["skipped"] += 1
        bar.update(1)

    start = time.perf_counter()
    records = summarise_corpus(
        args.inputs,
        analyser,
        model_info=model_info,
        precision=args.precision,
        batch_size=args.batch_size,
        workers=args.workers,
        max_bytes=int(args.max_mb * 1_000_000),
        threads=args.threads,
        skip=set(writer.done),
        exclude=exclude,
        on_skip=skipped,
    )
    pending: list[dict] = []
    try:
        for record in records:
            pending.append(record)
            counts["failed" if record["error"] else "ok"] += 1
            bar.update(1)
            bar.set_postfix(failed=counts["failed"], refresh=False)
            if len(pending) >= args.batch_size:
                writer.write(pending)
                pending = []
        writer.write(pending)
    finally:
        records.close()
        writer.close()
        bar.close()
    elapsed = time.perf_counter() - start
    done = counts["ok"] + counts["failed"]
    rate = done / elapsed if elapsed else 0.0
    line = f"{counts['ok']} ok, {counts['failed']} failed, {rate:.2f} letters/s"
    if counts["skipped"]:
        line += f" ({counts['skipped']} already in {args.output}, skipped)"
    print(line, file=sys.stderr if args.output is None else sys.stdout)
    return 1 if args.strict and counts["failed"] else 0


class TextPrinter:
    """Stands in for a writer when there is no OUT: prints each record for a reader."""

    done: frozenset = frozenset()

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, records: list[dict]) -> None:
        for record in records:
            self.stream.write(format_record(record) + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


def format_record(record: dict) -> str:
    """A record as text: the letter, its labels with probabilities, then the bullets."""
    name = (record.get("source") or {}).get("path") or record["id"]
    if record.get("error"):
        return f"== {name}\n   error: {record['error']['type']}: {record['error']['message']}\n"
    scores = record.get("scores") or {}
    labels = ", ".join(f"{label} {scores.get(label, 0.0):.2f}" for label in record.get("labels") or []) or "none"
    others = ", ".join(f"{k} {v:.2f}" for k, v in scores.items() if k not in (record.get("labels") or []))
    lines = [f"== {name}", f"   topics: {labels}" + (f"   (not: {others})" if others else "")]
    bullets = record.get("summary") or []
    lines.append(f"   measures ({len(bullets)}):" if bullets else "   measures: none found")
    lines += [f"   - {bullet}" for bullet in bullets]
    return "\n".join(lines) + "\n"
