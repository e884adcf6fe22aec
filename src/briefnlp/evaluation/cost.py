"""Cost of a system in the harness run: wall time and peak resident memory while it runs."""

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
