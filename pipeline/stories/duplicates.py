"""Copies of one text: exact (same folded body) and near-exact (MinHash LSH), with a canonical.

A wire story run by thirty outlets, or one article reposted with a new headline and a trimmed
last paragraph, is one text. Exact copies share a `copy_key`. Near-exact ones are found with
datasketch's MinHash LSH: each signature is cut into bands and hashed into buckets, so only
articles that collide in some bucket are compared (no all-pairs work); a collision is kept when
the signatures' estimated Jaccard similarity reaches the threshold.

The canonical copy of a group, which the others' `duplicate_of` points to, is chosen by a fixed
rule: the earliest `published` date (unknown dates last), then a copy that credits a wire
service (the original source), then the longest body, then the smallest `doc_id` so the choice
never depends on reading order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from datasketch import MinHashLSH

from pipeline.stories.features import MINHASH_PERMUTATIONS, minhash_from_bytes


@dataclass(slots=True)
class CopyCandidate:
    """What copy detection reads of one article."""

    doc_id: str
    copy_key: str
    minhash: bytes
    published: dt.date | None
    credits_wire: bool
    word_count: int


class UnionFind:
    """Disjoint sets over item indexes (path halving)."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        """The representative of `item`'s set."""
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        """Merge the sets of `a` and `b` (the smaller index represents the union)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        """Every set with more than one member, members in index order."""
        by_root: dict[int, list[int]] = {}
        for item in range(len(self.parent)):
            by_root.setdefault(self.find(item), []).append(item)
        return [members for members in by_root.values() if len(members) > 1]


def canonical_order(item: CopyCandidate) -> tuple:
    """Sort key: the canonical copy of a group sorts first (see the module docstring)."""
    return (item.published is None, item.published or dt.date.min, not item.credits_wire,
            -item.word_count, item.doc_id)


def link_exact(items: Sequence[CopyCandidate], sets: UnionFind) -> None:
    """Join articles whose folded bodies are identical."""
    first_with_key: dict[str, int] = {}
    for index, item in enumerate(items):
        first = first_with_key.setdefault(item.copy_key, index)
        if first != index:
            sets.union(first, index)


def link_near(items: Sequence[CopyCandidate], sets: UnionFind, threshold: float) -> None:
    """Join articles whose MinHash signatures say their shingle sets overlap >= threshold."""
    lsh = MinHashLSH(threshold=threshold, num_perm=MINHASH_PERMUTATIONS)
    signatures = [minhash_from_bytes(item.minhash) for item in items]
    for index, signature in enumerate(signatures):
        for other in lsh.query(signature):
            if signature.jaccard(signatures[other]) >= threshold:
                sets.union(other, index)
        lsh.insert(index, signature)


def find_copies(items: Sequence[CopyCandidate], threshold: float) -> dict[str, str]:
    """`doc_id` -> canonical `doc_id` for every article that copies another one."""
    ordered = sorted(items, key=lambda item: item.doc_id)
    sets = UnionFind(len(ordered))
    link_exact(ordered, sets)
    link_near(ordered, sets, threshold)
    duplicate_of = {}
    for members in sets.groups():
        group = sorted((ordered[i] for i in members), key=canonical_order)
        duplicate_of.update({copy.doc_id: group[0].doc_id for copy in group[1:]})
    return duplicate_of
