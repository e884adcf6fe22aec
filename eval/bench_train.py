"""Training speed of the default recipe, projected to the full run, beside this CPU's speed now.

    python eval/bench_train.py [--steps 40] [--lora-layers 8] [--threads 2]

Training time on a shared machine varies about 2x with its load, so a wall-clock figure
alone cannot be compared between runs. This script trains the default model (the bundled
train split, `LetterTrainingArguments` defaults) for `--steps` steps and prints: the fp32
GEMM rate before and after, the set-up time (reading, tokenising, caching the frozen
layers), the median seconds per step after three warm-up steps, the calibration pass on
dev, and the projected time of the full default run (all epochs).
"""

from __future__ import annotations

import argparse
import math
import statistics
import time

import torch
from transformers import TrainerCallback

from briefnlp.datasets import load_jsonl, split_files
from briefnlp.evaluation.cost import gemm_gflops
from briefnlp.modeling.fit import fit_letter_transformer, prepare
from briefnlp.modeling.trainer import LetterTrainingArguments


class StepClock(TrainerCallback):
    """Wall-clock time of the first step's start and of every step's end."""

    def __init__(self) -> None:
        self.begin: float | None = None
        self.ends: list[float] = []

    def on_train_begin(self, args, state, control, **kwargs):
        self.begin = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        self.ends.append(time.perf_counter())


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--lora-layers", type=int, default=LetterTrainingArguments.lora_top_layers)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    if a.steps < 5:
        p.error("--steps must be at least 5 (the first three are warm-up)")
    torch.set_num_threads(a.threads)
    files = split_files()
    train, dev = load_jsonl(files["train"]), load_jsonl(files["dev"])
    defaults = LetterTrainingArguments()
    full_steps = math.ceil(len(train) / defaults.per_device_train_batch_size) * defaults.num_train_epochs

    gemm_before = gemm_gflops(a.threads)
    clock = StepClock()
    args = LetterTrainingArguments(max_steps=a.steps, lora_top_layers=a.lora_layers, disable_tqdm=True,
                                   logging_steps=10**6)
    start = time.perf_counter()
    model = fit_letter_transformer(train, None, args=args, callbacks=[clock])
    setup = clock.begin - start
    steps = [b - a_ for a_, b in zip([clock.begin, *clock.ends], clock.ends)][3:]
    per_step = statistics.median(steps)
    dev_letters, dev_y, dev_flags = prepare(dev, model.labels)
    start = time.perf_counter()
    model.calibrate(dev_letters, dev_y, dev_flags)
    calibration = time.perf_counter() - start
    gemm_after = gemm_gflops(a.threads)

    projected = setup + full_steps * per_step + calibration
    print(f"fp32 GEMM on {a.threads} thread(s): {gemm_before:.0f} GFLOP/s before, {gemm_after:.0f} after")
    print(f"{len(train)} train letters, adapters on the top {a.lora_layers} layers; "
          f"set-up (read, tokenise, cache frozen layers) {setup:.0f} s")
    print(f"{len(steps)} timed steps: median {per_step:.2f} s/step (min {min(steps):.2f}, max {max(steps):.2f})")
    print(f"calibration pass on {len(dev)} dev letters {calibration:.0f} s")
    print(f"projected default run ({defaults.num_train_epochs:g} epochs, {full_steps:.0f} steps): "
          f"{projected / 60:.1f} min (target: 30 min)")


if __name__ == "__main__":
    main()
