"""Exact lookup of many strings at once in a fixed array of strings, with numpy.

Story grouping looks up each batch's distinct terms (some 30,000) among all the dump's terms
(some 300,000). Arrow's `index_in` rebuilds its hash table of the whole set on every call;
here the set is hashed once (words.py's polynomial hash of each string's UTF-8 bytes, computed
for all strings with a few numpy operations) into a hash table of numpy arrays (`HashSlots`),
and a batch is looked up with a few array operations.

A hash only proposes a match: each one is checked byte by byte, so the answer is exact.
Should two different strings share a hash (two strings of the set, or a string and one of the
set), `StringIndex.find` gives Arrow's `index_in` answer instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.stories.words import CACHED_POWERS, prefix_sums, span_hashes

# Bytes hashed at once: bounds the temporary arrays, and keeps a chunk (plus its last string)
# within the powers words.py keeps cached.
CHUNK_BYTES = CACHED_POWERS // 2
SLOTS_PER_HASH = 3  # a hash table at most a third full


@dataclass(frozen=True, slots=True)
class Utf8:
    """A string array's UTF-8 bytes and each string's start and end in them (no nulls)."""

    data: np.ndarray  # uint8
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64

    @classmethod
    def of(cls, strings: pa.Array) -> Utf8:
        """The bytes of a string (or large string) array, read in place."""
        if strings.null_count:
            raise ValueError("strings to look up must not be null")
        width = np.int64 if pa.types.is_large_string(strings.type) else np.int32
        offsets = np.frombuffer(strings.buffers()[1], dtype=width)[
            strings.offset:strings.offset + len(strings) + 1].astype(np.int64)
        buffer = strings.buffers()[2]
        data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else \
            np.zeros(0, np.uint8)
        return cls(data, offsets[:-1], offsets[1:])

    @property
    def lengths(self) -> np.ndarray:
        """Each string's length in bytes."""
        return self.ends - self.starts

    def hashes(self) -> np.ndarray:
        """Each string's hash (`span_hashes`), a chunk of about CHUNK_BYTES at a time."""
        hashes = np.empty(len(self.starts), dtype=np.uint64)
        if not len(self.starts):
            return hashes
        cuts = np.searchsorted(self.starts, np.arange(self.starts[0], self.ends[-1] + 1,
                                                      CHUNK_BYTES))
        for first, last in zip(cuts.tolist(), [*cuts[1:].tolist(), len(self.starts)],
                               strict=True):
            if first < last:
                begin = int(self.starts[first])
                data = self.data[begin:int(self.ends[last - 1])]
                hashes[first:last] = span_hashes(data, prefix_sums(data),
                                                 self.starts[first:last] - begin,
                                                 self.ends[first:last] - begin)
        return hashes


def same_bytes(first: Utf8, which: np.ndarray, second: Utf8, other: np.ndarray) -> bool:
    """Whether string `which[k]` of `first` equals string `other[k]` of `second`, for all k."""
    lengths = first.lengths[which]
    if not np.array_equal(lengths, second.lengths[other]):
        return False
    if not len(lengths):
        return True
    ends = np.cumsum(lengths)
    steps = np.arange(int(ends[-1]))
    begins = ends - lengths
    return np.array_equal(first.data[steps + np.repeat(first.starts[which] - begins, lengths)],
                          second.data[steps + np.repeat(second.starts[other] - begins,
                                                        lengths)])


@dataclass(frozen=True, slots=True)
class HashSlots:
    """An open-addressing table of distinct 64-bit hashes: each hash's position, found at once.

    A hash lives in the slot its top bits name, or in the first free slot after it (linear
    probing); with at least SLOTS_PER_HASH slots per hash, a lookup reads one or two slots,
    where a binary search over the sorted hashes read seventeen, most of them cache misses.
    """

    hashes: np.ndarray  # uint64 per slot
    positions: np.ndarray  # int32 per slot: the hash's position, -1 for a free slot
    shift: np.uint64

    @classmethod
    def of(cls, hashes: np.ndarray) -> HashSlots:
        """Place the (distinct) hashes, all at once in rounds.

        Every round, each hash still waiting takes its slot if it is free (one of those
        wanting it does), and the others move on one slot.
        """
        bits = max(int(len(hashes) * SLOTS_PER_HASH - 1).bit_length(), 1)
        shift = np.uint64(64 - bits)
        table = np.zeros(1 << bits, dtype=np.uint64)
        positions = np.full(1 << bits, -1, dtype=np.int32)
        waiting = np.arange(len(hashes))
        slot = (hashes >> shift).astype(np.int64)
        while len(waiting):
            free = np.flatnonzero(positions[slot] < 0)
            positions[slot[free]] = waiting[free]  # of several wanting one slot, one gets it
            placed = free[positions[slot[free]] == waiting[free]]
            table[slot[placed]] = hashes[waiting[placed]]
            keep = np.ones(len(waiting), dtype=bool)
            keep[placed] = False
            waiting, slot = waiting[keep], (slot[keep] + 1) & ((1 << bits) - 1)
        return cls(table, positions, shift)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Each hash's position, -1 for a hash not in the table."""
        found = np.full(len(hashes), -1, dtype=np.int64)
        probing = np.arange(len(hashes))
        slot = (hashes >> self.shift).astype(np.int64)
        while len(probing):
            positions = self.positions[slot]
            hit = (self.hashes[slot] == hashes[probing]) & (positions >= 0)
            found[probing[hit]] = positions[hit]
            go_on = (positions >= 0) & ~hit
            probing, slot = probing[go_on], (slot[go_on] + 1) & (len(self.hashes) - 1)
        return found


@dataclass(frozen=True, slots=True)
class StringIndex:
    """A fixed array of strings, for finding many strings' positions in it at once."""

    strings: pa.Array
    utf8: Utf8
    slots: HashSlots | None  # None when two strings share a hash (so no string repeats either)

    @classmethod
    def of(cls, strings: pa.Array) -> StringIndex:
        """Hash the strings and place the hashes (once)."""
        utf8 = Utf8.of(strings)
        hashes = utf8.hashes()
        ordered = np.sort(hashes)
        distinct = not (ordered[1:] == ordered[:-1]).any()
        return cls(strings, utf8, HashSlots.of(hashes) if distinct else None)

    def find(self, queries: pa.Array) -> np.ndarray:
        """Each query's position in the strings (its first), or -1 if it is not there."""
        if not len(self.strings) or not len(queries):
            return np.full(len(queries), -1, dtype=np.int64)
        if self.slots is not None:
            found = self.hash_matches(queries)
            if found is not None:
                return found
        return pc.index_in(queries, value_set=self.strings).fill_null(-1).to_numpy(
            zero_copy_only=False).astype(np.int64)

    def hash_matches(self, queries: pa.Array) -> np.ndarray | None:
        """`find` through the hashes; None if a hash matched a different string."""
        utf8 = Utf8.of(queries)
        found = self.slots.find(utf8.hashes())
        hit = found >= 0
        if not same_bytes(utf8, np.flatnonzero(hit), self.utf8, found[hit]):
            return None
        return found
