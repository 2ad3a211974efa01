"""Namespaced counters and timings that add up across shards.

Keys are constant strings such as ``records/read`` or ``rejected/decode/undecodable``, so
shard stats can be summed without knowing what they contain (datatrove's `PipelineStats`
and Scrapy's stats collector work the same way). Timings are seconds, keyed by stage name.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Stats:
    """Counters (int) and timings (seconds) for one shard or one whole run."""

    counters: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)

    def inc(self, key: str, amount: int = 1) -> None:
        """Add `amount` to the counter `key`."""
        self.counters[key] += amount

    def add_time(self, key: str, seconds: float) -> None:
        """Add `seconds` to the timing `key`."""
        self.seconds[key] += seconds

    @contextmanager
    def timer(self, key: str) -> Iterator[None]:
        """Time the body of a ``with`` block into `key`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add_time(key, time.perf_counter() - start)

    def merge(self, other: Stats) -> Stats:
        """Add `other` into this object and return it, so merges can be chained."""
        self.counters.update(other.counters)
        self.seconds.update(other.seconds)
        return self

    def with_prefix(self, prefix: str) -> dict[str, int]:
        """The counters under ``prefix/``, with the prefix removed from their keys."""
        start = prefix.rstrip("/") + "/"
        return {k[len(start):]: v for k, v in self.counters.items() if k.startswith(start)}

    def to_json(self) -> str:
        """Serialise with sorted keys, so equal stats give byte-equal files."""
        return json.dumps(
            {"counters": dict(sorted(self.counters.items())),
             "seconds": dict(sorted(self.seconds.items()))},
            indent=1,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, Mapping[str, float]]) -> Stats:
        """Rebuild stats written by `to_json`."""
        return cls(Counter(data.get("counters", {})), Counter(data.get("seconds", {})))

    @classmethod
    def from_json(cls, text: str) -> Stats:
        """Parse the output of `to_json`."""
        return cls.from_mapping(json.loads(text))
