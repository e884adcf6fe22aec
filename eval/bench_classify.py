"""Classification speed and memory on 1,000-word letters (topics only, the shipped model).

    python eval/bench_classify.py [--letters 30] [--words 1000] [--threads 2] [--runtime onnx]

Letters of about --words words are made by joining corpus letters' bodies; the model is
loaded first (its load time is printed apart), then `TopicClassifier.predict_proba` runs
over all of them. Prints letters/s, tokens/s and the process's peak RSS, and the compute
ceiling: the most letters/s that this CPU's measured fp32 GEMM rate allows for the
encoder's FLOPs on these letters, with the chunk overlap and without it.
"""

from __future__ import annotations

import argparse
import resource
import time

import torch

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.evaluation.cost import flops_per_token, gemm_gflops
from briefnlp.modeling.chunking import LetterChunker
from briefnlp.reading import read_letter
from briefnlp.topics.classifier import TopicClassifier


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--letters", type=int, default=30)
    p.add_argument("--words", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--model", default=None)
    p.add_argument("--backbone", default=None, help="e.g. e5-small-nl (the trimmed vocabulary)")
    p.add_argument("--runtime", choices=["torch", "onnx"], default="torch",
                   help="run the encoder on torch or ONNX Runtime (export cached after the first run)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    bodies = [read_letter(r["text"]).text for r in load_jsonl(split_files()["test"])]
    letters, words, i = [], [], 0
    while len(letters) < a.letters:
        words += bodies[i % len(bodies)].split()
        i += 1
        if len(words) >= a.words:
            letters.append(read_letter("Geachte voorzitter,\n\n" + " ".join(words[: a.words])))
            words = []
    start = time.perf_counter()
    clf = TopicClassifier.from_pretrained(a.model, backbone=a.backbone)
    if a.runtime == "onnx":
        from briefnlp.modeling.onnx_runtime import use_onnx_runtime

        for member in clf.transformer.members:
            use_onnx_runtime(member, threads=a.threads)
    load = time.perf_counter() - start
    tokens = sum(clf.transformer.chunker(l).n_tokens for l in letters)
    gemm = [gemm_gflops(a.threads)]
    start = time.perf_counter()
    clf.predict_proba(letters)
    seconds = time.perf_counter() - start
    gemm.append(gemm_gflops(a.threads))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model load {load:.1f} s (backbone {clf.transformer.backbone}, encoder on {a.runtime})")
    print(f"{len(letters)} letters of {a.words} words, {tokens} tokens incl. chunk overlap, {a.threads} threads")
    print(f"{len(letters) / seconds:.2f} letters/s, {tokens / seconds:.0f} tokens/s, peak RSS {peak:.0f} MB")
    print(f"3 letters/s (the issue's target) would need {3 * tokens / len(letters):.0f} tokens/s")
    print_ceiling(clf, letters, seconds, max(gemm), a.threads)


def print_ceiling(clf, letters, seconds: float, gflops: float, threads: int) -> None:
    """The letters/s that the encoder's FLOPs allow at this CPU's best measured GEMM rate."""
    transformer = clf.transformer
    chunker = transformer.chunker
    no_overlap = LetterChunker(chunker.tokenizer, chunker.max_length, 0, transformer.model.config.prefix)
    config = transformer.members[0].encoder.config
    passes = len(transformer.members)  # an ensemble: one encoder pass per member
    print(f"fp32 GEMM on {threads} thread(s), best of before and after the run: {gflops:.0f} GFLOP/s")
    for name, ch in (("with the chunk overlap", chunker), ("without overlap", no_overlap)):
        lengths = [len(c) for letter in letters for c in ch(letter).chunks]
        per_letter = passes * flops_per_token(config, lengths) * sum(lengths) / len(letters)
        ceiling = gflops * 1e9 / per_letter
        print(f"  {name}: {sum(lengths) / len(letters):.0f} tokens and {per_letter / 1e9:.1f} GFLOP "
              f"per letter -> at most {ceiling:.2f} letters/s at 100% of the GEMM rate"
              + (f"; this run reached {len(letters) / seconds / ceiling:.0%} of it" if ch is chunker else ""))
        print(f"    3 letters/s needs {3 * sum(lengths) / len(letters):,.0f} tokens/s, "
              f"{3 * per_letter / 1e9:.0f} GFLOP/s = {3 * per_letter / 1e9 / gflops:.0%} of this GEMM rate")


if __name__ == "__main__":
    main()
