"""Benchmark `briefnlp summarise` against a naive loop, the CPU's compute ceiling and memory.

In one run, on the same letters (the bundled test split's texts, repeated to --letters
and written to a temporary folder as .txt files, so reading is part of every figure):

1. naive loop: one letter at a time, read in this process, topics and measures as two
   separate model passes (`TopicClassifier.predict_proba`, then `MeasureSummariser`) on
   the plain model (chunks padded to the longest), on torch's default threads;
2. briefnlp batch: `summarise_corpus` (parsing in a worker process, letters batched and
   sorted by token length, chunks grouped by length so that padding is ~0, one encoder
   pass for both tasks); letters/s and the ratio to the naive loop;
3. compute ceiling: this CPU's fp32 GEMM GFLOP/s (torch on 2 threads, and on the batch
   run's thread count) divided by the encoder's FLOPs per token (matmuls + attention at the letters' real chunk
   lengths), against the encoder tokens/s the batch run achieved;
4. speed levers on the same letters, each against the batch run: no chunk length
   grouping, no cross-letter batching (batch size 1), parsing in the main process
   (workers 0), torch on 1 thread, bf16 weights, int8 dynamic quantisation; each with
   a check that labels and measure sentences agree with the fp32 batch run on every letter;
5. peak RSS while summarising 1x and 10x --rss-letters letters, each in its own
   subprocess (memory must stay flat: the corpus is streamed, not accumulated).

    python eval/bench_batch.py                                  # the trained model
    python eval/bench_batch.py --model runs/pilot --letters 40
    python eval/bench_batch.py --backbone e5-small              # untrained head if no model

Figures vary on shared machines; compare the ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefnlp.evaluation.cost import flops_per_token, gemm_gflops

REPO = Path(__file__).resolve().parent.parent
DEFAULT_MODEL = REPO / "models" / "briefnlp-e5-small-nl"


# --- letters and model -------------------------------------------------------------------


def write_letters(folder: Path, n: int, distinct: int | None = None) -> list[Path]:
    """`n` letters: the bundled test split's texts (the first `distinct` of them), repeated,
    as numbered .txt files."""
    from briefnlp.datasets import load_jsonl, split_files

    texts = [r["text"] for r in load_jsonl(split_files()["test"])][:distinct]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"letter-{i:05d}.txt"
        path.write_text(texts[i % len(texts)], encoding="utf-8")
        paths.append(path)
    return paths


def load(model: str | None, backbone: str, group_lengths: bool = True):
    """(analyser, model info, description): the saved model, or `backbone` + untrained heads."""
    import torch

    from briefnlp.batch import load_model
    from briefnlp.batch.model import describe_model, group_chunk_lengths
    from briefnlp.pipeline import LetterAnalyser

    if model and (Path(model) / "briefnlp_config.json").is_file():
        analyser, info = load_model(model, group_lengths=group_lengths)
        return analyser, info, f"trained model {model}"
    from briefnlp.backbones import load_backbone
    from briefnlp.modeling.letter_model import LetterModel, LetterModelConfig
    from briefnlp.modeling.pretrained import LetterTransformer

    torch.manual_seed(0)
    encoder, tokenizer = load_backbone(backbone)
    transformer = LetterTransformer(
        LetterModel(encoder, LetterModelConfig()).eval(), tokenizer, backbone
    )
    analyser = LetterAnalyser(transformer)
    info = describe_model(analyser)
    if group_lengths:
        group_chunk_lengths(analyser)
    why = f"{model} has no trained model" if model else "no --model"
    return analyser, info, f"backbone {backbone} with an UNTRAINED head ({why})"


# --- runs --------------------------------------------------------------------------------


def naive_loop(analyser, paths: list[Path]) -> tuple[float, list[dict]]:
    """One letter at a time; topics and measures as two model passes. Returns (s, results)."""
    from briefnlp.measures.summariser import MeasureSummariser, TransformerMeasureDetector
    from briefnlp.reading import read_letter
    from briefnlp.topics.classifier import TopicClassifier

    topics = TopicClassifier(analyser.transformer)
    summariser = MeasureSummariser(TransformerMeasureDetector(analyser.transformer))
    out = []
    start = time.perf_counter()
    for path in paths:
        letter = read_letter(path)
        proba = topics.predict_proba([letter])[0]  # pass 1
        summary = summariser.summarise(letter)  # pass 2
        out.append(
            {
                "labels": [
                    c for c, p, t in zip(topics.classes_, proba, topics.thresholds_) if p >= t
                ],
                "measures": [m.sentence for m in summary.measures],
            }
        )
    return time.perf_counter() - start, out


def batch_run(analyser, info, folder: Path, **options) -> tuple[float, list[dict]]:
    from briefnlp.batch import summarise_corpus

    start = time.perf_counter()
    records = list(summarise_corpus(folder, analyser, model_info=info, **options))
    return time.perf_counter() - start, records


def agreement(reference: list[dict], other: list[dict]) -> str:
    """How many letters get the same labels and the same measure sentences."""
    same_labels = sum(a["labels"] == b["labels"] for a, b in zip(reference, other))
    same_measures = sum(
        [m["sentence"] for m in a["measures"]] == [m["sentence"] for m in b["measures"]]
        for a, b in zip(reference, other)
    )
    diff = max(
        (
            abs(a["scores"][k] - b["scores"][k])
            for a, b in zip(reference, other)
            for k in a["scores"]
        ),
        default=0.0,
    )
    n = len(reference)
    scores = f", max score diff {diff:.4f}" if any(r["scores"] for r in reference) else ""
    verdict = "SAME" if same_labels == same_measures == n else "DIFFERENT"
    return f"labels {same_labels}/{n}, measures {same_measures}/{n}{scores}: {verdict}"


# --- compute ceiling ---------------------------------------------------------------------


def chunk_lengths(analyser, paths: list[Path]) -> list[int]:
    """The encoder input length (specials and prefix included, no padding) of every chunk."""
    from briefnlp.reading import read_letter

    chunker = analyser.transformer.chunker
    return [len(c) for path in paths for c in chunker(read_letter(path)).chunks]


def padded_tokens(analyser, paths: list[Path], batch_size: int, slack: float | None = None) -> int:
    """Tokens the encoder sees with padding, batching as `summarise_corpus` does
    (with `slack`: as `LengthGroupedEncoder` groups the chunks of a model batch)."""
    from briefnlp.modeling.inference import length_batches
    from briefnlp.reading import read_letter

    transformer = analyser.transformer
    total = 0
    for first in range(0, len(paths), batch_size):
        chunked = [transformer.chunker(read_letter(p)) for p in paths[first : first + batch_size]]
        for batch in length_batches([c.n_tokens for c in chunked], transformer.max_tokens):
            chunks = sorted(
                (len(chunk) for i in batch for chunk in chunked[i].chunks), reverse=True
            )
            if slack is None:
                total += len(chunks) * chunks[0]
                continue
            start = 0
            while start < len(chunks):
                end = start + 1
                while end < len(chunks) and chunks[end] >= slack * chunks[start]:
                    end += 1
                total += (end - start) * chunks[start]
                start = end
    return total


# --- memory ------------------------------------------------------------------------------


class RssSampler:
    """Peak RSS of this process and, separately, of its child processes, sampled every 20 ms."""

    def __init__(self) -> None:
        import threading

        import psutil

        self.process = psutil.Process()
        self.own = self.children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                self.own = max(self.own, self.process.memory_info().rss)
                kids = sum(c.memory_info().rss for c in self.process.children(recursive=True))
                self.children = max(self.children, kids)
            except psutil.Error:
                pass
            self._stop.wait(0.02)

    def __enter__(self) -> RssSampler:  # noqa: PYI034
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def rss_child(args: argparse.Namespace) -> None:
    """In a subprocess: summarise --rss-child letters into a JSONL file; print RSS figures."""

    from briefnlp.batch import open_writer, summarise_corpus

    analyser, info, _ = load(args.model, args.backbone)
    with tempfile.TemporaryDirectory() as tmp:
        write_letters(Path(tmp) / "letters", args.rss_child, distinct=args.rss_letters)
        writer = open_writer(Path(tmp) / "out.jsonl")
        loaded = RssSampler().process.memory_info().rss
        with RssSampler() as sampler:
            pending = []
            records = summarise_corpus(
                Path(tmp) / "letters",
                analyser,
                model_info=info,
                batch_size=args.batch_size,
                workers=args.workers,
                threads=args.threads,
            )
            for record in records:
                pending.append(record)
                if len(pending) >= args.batch_size:
                    writer.write(pending)
                    pending = []
            writer.write(pending)
            writer.close()
    mb = 2**20
    print(
        json.dumps(
            {
                "loaded_mb": loaded / mb,  # after loading the model, before the run
                "run_mb": sampler.own / mb,  # peak while summarising
                "workers_mb": sampler.children / mb,  # peak of the parser processes together
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                / 1024,  # incl. loading
            }
        )
    )


def peak_rss(args: argparse.Namespace, n: int) -> dict:
    cmd = [sys.executable, __file__, "--rss-child", str(n), "--backbone", args.backbone]
    cmd += ["--rss-letters", str(args.rss_letters)]  # 10x is the 1x letters ten times
    cmd += ["--batch-size", str(args.rss_batch_size)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    cmd += ["--workers", str(args.workers)]
    if args.model:
        cmd += ["--model", args.model]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- main --------------------------------------------------------------------------------

ROW = "{:<46} {:>8} {:>10} {:>9}  {}"


def row(name: str, seconds: float, n: int, base: float, note: str = "") -> str:
    return ROW.format(name, f"{seconds:.1f}", f"{n / seconds:.2f}", f"{base / seconds:.2f}x", note)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--letters", type=int, default=40, help="letters to compare on (default: 40)")
    p.add_argument("--model", default=str(DEFAULT_MODEL), help="trained model folder")
    p.add_argument("--backbone", default="e5-small", help="backbone for an untrained head")
    p.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch threads of the batch run (default: briefnlp's default_threads)",
    )
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--workers", type=int, default=1, help="parser processes (default: 1)")
    p.add_argument("--rss-letters", type=int, default=16, help="1x corpus of the memory test")
    p.add_argument(
        "--rss-batch-size",
        type=int,
        default=8,
        help="batch size of the memory test (1x should hold a few full batches)",
    )
    p.add_argument(
        "--repeats",
        type=int,
        default=2,
        help="runs of the naive loop and the batch run, alternating; best counts",
    )
    p.add_argument(
        "--no-levers", action="store_true", help="skip the speed-lever runs (1 run each)"
    )
    p.add_argument("--no-rss", action="store_true", help="skip the memory test")
    p.add_argument("--precision", default="fp32",
                   help="encoder mode of the batch run: fp32 (torch), onnx (ONNX Runtime), bf16, int8")
    p.add_argument("--rss-child", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.rss_child:
        return rss_child(args)

    import torch

    from briefnlp.batch.model import set_precision
    from briefnlp.batch.runner import default_threads
    from briefnlp.reading import read_letter

    torch_default = torch.get_num_threads()
    threads = args.threads or default_threads(args.workers)
    analyser, info, what = load(args.model, args.backbone)
    config = analyser.transformer.members[0].encoder.config
    n_members = len(analyser.transformer.members)  # an ensemble runs one encoder pass per member
    set_precision(analyser, args.precision)
    print(f"model: {what}")
    print(
        f"torch {torch.__version__}, {os.cpu_count()} CPUs; naive loop on torch's default "
        f"{torch_default} threads; batch run on {threads} thread(s), batch size "
        f"{args.batch_size}, {args.workers} parser worker(s)"
    )
    print(f"load average at start: {os.getloadavg()[0]:.2f} (other processes share these CPUs)")
    gemm_before = gemm_gflops(2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        paths = write_letters(folder, args.letters)
        n = len(paths)
        lengths = chunk_lengths(analyser, paths)
        tokens = sum(lengths)
        padded = padded_tokens(analyser, paths, args.batch_size)
        grouped = padded_tokens(analyser, paths, args.batch_size, slack=0.9)
        words = sum(len(path.read_text().split()) for path in paths)
        print(
            f"letters: {n} (bundled test split, repeated); {words / n:.0f} words and "
            f"{tokens / n:.0f} encoder tokens per letter, {len(lengths)} chunks"
        )
        print(
            f"padding in the batch run: +{100 * (padded / tokens - 1):.1f}% tokens with one "
            f"padded batch per model call, +{100 * (grouped / tokens - 1):.1f}% with chunks "
            "grouped by length\n"
        )

        # the naive loop gets the plain model (every model batch padded to its longest chunk)
        plain, _, _ = load(args.model, args.backbone, group_lengths=False)
        options = {"batch_size": args.batch_size, "workers": args.workers, "threads": threads}
        plain.analyse([read_letter(paths[0])])  # warm-up (thread pools, kernels), not timed
        naive_s = batch_s = float("inf")
        for _ in range(args.repeats):  # alternating, best of each: other processes come and go
            torch.set_num_threads(torch_default)
            seconds, naive = naive_loop(plain, paths)
            naive_s = min(naive_s, seconds)
            seconds, records = batch_run(analyser, info, folder, **options)
            batch_s = min(batch_s, seconds)
        naive_records = [
            {
                "labels": r["labels"],
                "scores": {},
                "measures": [{"sentence": m} for m in r["measures"]],
            }
            for r in naive
        ]
        print(
            ROW.format(
                f"run (best of {args.repeats}, alternating)",
                "seconds",
                "letters/s",
                "vs naive",
                "",
            )
        )
        print(row("naive loop (1 letter at a time, 2 passes)", naive_s, n, naive_s))
        print(
            row(
                f"briefnlp batch ({args.precision})",
                batch_s,
                n,
                naive_s,
                f"results vs naive: {agreement(naive_records, records)}",
            )
        )
        print(f"load average after the two runs: {os.getloadavg()[0]:.2f}")

        gemm_after = gemm_gflops(2)
        per_token = n_members * flops_per_token(config, lengths)
        effective = sum(length * length for length in lengths) / tokens
        achieved = tokens / batch_s
        print(
            f"\ncompute: {per_token / 1e6:.1f} MFLOP per token ({n_members} encoder pass(es); matmuls + attention at "
            f"{effective:.0f} tokens, the letters' token-weighted chunk length)"
        )
        ceilings = [
            (
                2,
                (gemm_before + gemm_after) / 2,
                f"{gemm_before:.0f} before the runs, {gemm_after:.0f} after",
            )
        ]
        if threads != 2:
            own = gemm_gflops(threads)
            ceilings.append((threads, own, f"{own:.0f}"))
        for count, gflops, shown in ceilings:
            ceiling = gflops * 1e9 / per_token
            print(
                f"  fp32 GEMM on {count} thread(s) (2048x2048): {shown} GFLOP/s -> ceiling "
                f"{ceiling:,.0f} tokens/s; batch run {achieved:,.0f} encoder tokens/s = "
                f"{100 * achieved / ceiling:.0f}%"
            )
            naive_rate = tokens / naive_s
            print(
                f"  naive loop {naive_rate:,.0f} tokens/s = {100 * naive_rate / ceiling:.0f}%; 5x the "
                f"naive loop would be {5 * naive_rate:,.0f} tokens/s = {500 * naive_rate / ceiling:.0f}% "
                "of this ceiling"
            )
        print("  (the batch run's time includes reading, tokenising, padding, heads and bullets)")

        if not args.no_levers:
            other_threads = torch_default if threads != torch_default else 1
            print(
                "\n"
                + ROW.format(
                    "speed lever (same letters)",
                    "seconds",
                    "letters/s",
                    "vs batch",
                    f"labels and measures vs the {args.precision} batch run",
                )
            )
            levers = [
                *([("no chunk length grouping", {}, "ungrouped")] if args.precision == "fp32" else []),
                ("no cross-letter batching (batch size 1)", {"batch_size": 1}, None),
                ("parsing in the main process (workers 0)", {"workers": 0}, None),
                (
                    f"torch threads: {other_threads} instead of {threads}",
                    {"threads": other_threads},
                    None,
                ),
                *([("torch fp32 encoder", {}, "fp32")] if args.precision != "fp32" else []),
                *([("ONNX Runtime encoder (fp32)", {}, "onnx")] if args.precision != "onnx" else []),
                ("bf16 weights", {}, "bf16"),
                ("int8 dynamic quantisation (Linear layers)", {}, "int8"),
            ]
            for name, changes, variant in levers:
                run_analyser = analyser
                if variant == "ungrouped":
                    run_analyser = plain
                elif variant:
                    run_analyser, _, _ = load(args.model, args.backbone)
                    set_precision(run_analyser, variant)
                seconds, other = batch_run(run_analyser, info, folder, **{**options, **changes})
                print(row(name, seconds, n, batch_s, agreement(records, other)))
                if variant and variant != "ungrouped":
                    del run_analyser

    if not args.no_rss:
        one = peak_rss(args, args.rss_letters)
        ten = peak_rss(args, 10 * args.rss_letters)
        growth = 100 * (ten["run_mb"] / one["run_mb"] - 1)
        print(
            f"\npeak RSS while summarising, each run in its own process (batch size "
            f"{args.rss_batch_size}; {one['loaded_mb']:.0f} MB with the model loaded):"
        )
        print(
            f"  main process: {args.rss_letters} letters {one['run_mb']:.0f} MB, the same "
            f"letters 10x ({10 * args.rss_letters}) {ten['run_mb']:.0f} MB ({growth:+.1f}%)"
        )
        print(
            f"  parser workers: {one['workers_mb']:.0f} MB and {ten['workers_mb']:.0f} MB; "
            f"whole process incl. loading (ru_maxrss): {one['maxrss_mb']:.0f} MB and "
            f"{ten['maxrss_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
