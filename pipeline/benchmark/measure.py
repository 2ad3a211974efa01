"""Run a command and measure it from outside: wall time and peak memory of its process tree.

Luigi runs each task in a forked process when it has more than one worker, so the memory a
run costs is the sum over the command and all its descendants at the same moment, sampled
while it runs (psutil). The sum counts pages that forked processes still share once per
process, so it overstates rather than understates.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measured:
    """What one command cost."""

    wall_seconds: float
    peak_rss_bytes: int
    exit_code: int


def tree_rss(process: psutil.Process) -> int:
    """Resident bytes of `process` and all its live descendants."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total


class PeakSampler(threading.Thread):
    """Samples a process tree's resident memory until told to stop; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.done = threading.Event()

    def run(self) -> None:
        """Sample every SAMPLE_SECONDS."""
        while not self.done.is_set():
            self.peak = max(self.peak, tree_rss(self.process))
            self.done.wait(SAMPLE_SECONDS)


def run_measured(argv: Sequence[str], env: Mapping[str, str], log: Path) -> Measured:
    """Run `argv` with `env`, its output to `log`; the wall time and the tree's peak RSS."""
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), env=dict(env), stdout=out,
                                 stderr=subprocess.STDOUT)
        sampler = PeakSampler(child.pid)
        sampler.start()
        code = child.wait()
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    return Measured(wall, sampler.peak, code)
