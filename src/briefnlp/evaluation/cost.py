"""What a system costs: wall time and peak resident memory while it runs, and the
compute ceiling of this CPU (encoder FLOPs per token against measured GEMM GFLOP/s)
that the benchmarks compare their speeds with."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import psutil


@dataclass
class Cost:
    seconds: float = 0.0
    peak_rss_mb: float = 0.0


class measure_cost:
    """Context manager: times the block and samples the process RSS every 20 ms."""

    def __init__(self, interval: float = 0.02) -> None:
        self.interval = interval
        self.cost = Cost()
        self._stop = threading.Event()
        self._process = psutil.Process()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.cost.peak_rss_mb = max(self.cost.peak_rss_mb, self._process.memory_info().rss / 2**20)
            self._stop.wait(self.interval)

    def __enter__(self) -> Cost:
        self._start = time.perf_counter()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self.cost

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.cost.seconds = time.perf_counter() - self._start
        self.cost.peak_rss_mb = max(self.cost.peak_rss_mb, self._process.memory_info().rss / 2**20)


def gemm_gflops(threads: int, size: int = 2048, reps: int = 8) -> float:
    """Best fp32 matmul GFLOP/s of `reps` runs of size x size x size on `threads` threads."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def flops_per_token(config, lengths: list[int]) -> float:
    """Encoder FLOPs per token: the matmuls, plus attention at the token-weighted chunk length.

    Per layer and token: Q, K, V and output projections 8·h², feed-forward 4·h·i,
    attention scores and weighted sum 4·L·h for a chunk of L tokens.
    """
    h, i, layers = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    effective = sum(n * n for n in lengths) / sum(lengths)
    return layers * (8 * h * h + 4 * h * i + 4 * effective * h)
