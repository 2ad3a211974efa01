"""How much parallel compute the machine really gives: the ceiling for `WORKERS=2`.

A virtual machine can report two cores yet give two busy processes much less than twice the
work of one (shared physical cores, host contention, CPU quotas). The probe runs the same
pure-Python loop in one process, then in two at once, and reports the throughput ratio: the
most any two-worker run can gain over one worker here.
"""

from __future__ import annotations

import multiprocessing
import time

LOOP = 5_000_000


def busy_loop(_: int = 0) -> float:
    """Seconds one fixed CPU-bound loop takes."""
    start = time.perf_counter()
    total = 0
    for i in range(LOOP):
        total += i * i
    return time.perf_counter() - start


def parallel_capacity(processes: int = 2) -> float:
    """Throughput of `processes` loops at once relative to one loop alone (ideal: `processes`)."""
    alone = min(busy_loop() for _ in range(2))
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        start = time.perf_counter()
        pool.map(busy_loop, range(processes))
        together = time.perf_counter() - start
    return processes * alone / together
