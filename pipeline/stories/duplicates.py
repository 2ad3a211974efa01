"""Copies of one text: exact (same folded body) and near-exact (MinHash LSH), with a canonical.

A wire story run by thirty outlets, or one article reposted with a new headline and a trimmed
last paragraph, is one text. Exact copies share a `copy_key`. Near-exact ones are found with
MinHash LSH: each signature is cut into bands, and only articles whose signatures agree on a
whole band are compared (no all-pairs work); a pair is kept when the signatures' estimated
Jaccard similarity (the share of equal values) reaches the threshold. The bands are
datasketch's choice for the threshold and signature size, weighing a missed copy far above a
pair compared for nothing: comparing two signatures is cheap, a missed copy is a wrong answer.
Articles are compared as whole columns with numpy (a signature matrix, each band grouped by
sorting), so the dump's copies cost memory for the signatures only.

The canonical copy of a group, which the others' `duplicate_of` points to, is chosen by a fixed
rule: the earliest `published` date (unknown dates last), then a copy that credits a wire
service (the original source), then the longest body, then the smallest `doc_id` so the choice
never depends on reading order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from pipeline.stories.candidates import pairs_within_runs, sorted_distinct
from pipeline.stories.signatures import lsh_bands, signature_matrix

NO_DATE = np.iinfo(np.int64).max  # sorts after every date: unknown dates come last
PAIR_CHUNK = 1 << 16
BAND_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying mixes and loses nothing


@dataclass(slots=True)
class CopyCandidate:
    """What copy detection reads of one article."""

    doc_id: str
    copy_key: str
    minhash: bytes
    published: dt.date | None
    credits_wire: bool
    word_count: int


@dataclass
class CopyColumns:
    """Copy detection's input for a whole dump, one row per article."""

    copy_keys: np.ndarray  # integer code per distinct copy key
    signatures: np.ndarray  # (rows, permutations) uint32
    published: np.ndarray  # date ordinals, NO_DATE when unknown
    credits_wire: np.ndarray
    word_count: np.ndarray
    doc_id_rank: np.ndarray  # each row's place in doc_id order


def band_pairs(signatures: np.ndarray, rows: np.ndarray, bands: int,
               rows_per_band: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs of `rows` (indexes into them, i < j) whose signatures agree on a band.

    A band's values are grouped by a 64-bit hash of them, sorted: far faster than sorting the
    values themselves. Two different bands sharing a hash only add a pair that
    `similar_pairs` compares in full and drops.
    """
    n, found = len(rows), [np.zeros(0, dtype=np.int64)]
    for band in range(bands):
        keys = band_hashes(signatures[rows, band * rows_per_band:(band + 1) * rows_per_band])
        order = np.argsort(keys, kind="stable")
        found.append(pairs_within_runs(order, keys[order], n))
    packed = sorted_distinct(np.concatenate(found))
    return packed // n, packed % n


def band_hashes(values: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row of uint32 values (equal rows, equal hashes)."""
    hashes = np.zeros(len(values), dtype=np.uint64)
    for column in values.T:
        hashes ^= column.astype(np.uint64)
        hashes *= BAND_MULTIPLIER  # wraps modulo 2**64
        hashes ^= hashes >> np.uint64(29)
    return hashes


def similar_pairs(signatures: np.ndarray, rows: np.ndarray,
                  threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of `rows` whose estimated Jaccard similarity reaches the threshold."""
    if len(rows) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    i, j = band_pairs(signatures, rows, *lsh_bands(threshold))
    i, j = rows[i], rows[j]
    agree = np.empty(len(i))
    for start in range(0, len(i), PAIR_CHUNK):
        end = start + PAIR_CHUNK
        equal = signatures[i[start:end]] == signatures[j[start:end]]
        agree[start:end] = np.count_nonzero(equal, axis=1) / signatures.shape[1]
    return i[agree >= threshold], j[agree >= threshold]


def copy_groups(columns: CopyColumns, threshold: float) -> np.ndarray:
    """A group label per row: rows with one label are copies of one text."""
    n = len(columns.copy_keys)
    # One article per copy key stands for its exact copies (they share its signature).
    _, representatives, key_group = np.unique(columns.copy_keys, return_index=True,
                                              return_inverse=True)
    i, j = similar_pairs(columns.signatures, representatives, threshold)
    edges_from = np.concatenate([np.arange(n), i])
    edges_to = np.concatenate([representatives[key_group.ravel()], j])
    graph = sparse.coo_matrix((np.ones(len(edges_from), dtype=np.int8),
                               (edges_from, edges_to)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def canonical_rows(columns: CopyColumns, groups: np.ndarray) -> np.ndarray:
    """For each row, the row of its group's canonical copy (see the module docstring)."""
    order = np.lexsort((columns.doc_id_rank, -columns.word_count.astype(np.int64),
                        ~columns.credits_wire, columns.published, groups))
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.diff(sorted_groups, prepend=-1))
    canonical = np.empty(len(groups), dtype=np.int64)
    canonical[order] = np.repeat(order[starts], np.diff(np.append(starts, len(order))))
    return canonical


def find_copy_rows(columns: CopyColumns, threshold: float) -> np.ndarray:
    """For each row, the row it copies, or -1 for an original (the canonical of its group)."""
    if not len(columns.copy_keys):
        return np.zeros(0, dtype=np.int64)
    canonical = canonical_rows(columns, copy_groups(columns, threshold))
    return np.where(canonical == np.arange(len(canonical)), -1, canonical)


def copy_columns(items: Sequence[CopyCandidate]) -> CopyColumns:
    """The columns of candidates sorted by doc_id."""
    _, codes = np.unique([item.copy_key for item in items], return_inverse=True)
    return CopyColumns(
        copy_keys=codes.ravel(),
        signatures=signature_matrix([item.minhash for item in items]),
        published=np.array([item.published.toordinal() if item.published else NO_DATE
                            for item in items], dtype=np.int64),
        credits_wire=np.array([item.credits_wire for item in items], dtype=bool),
        word_count=np.array([item.word_count for item in items], dtype=np.int64),
        doc_id_rank=np.arange(len(items)))


def find_copies(items: Sequence[CopyCandidate], threshold: float) -> dict[str, str]:
    """`doc_id` -> canonical `doc_id` for every article that copies another one."""
    ordered = sorted(items, key=lambda item: item.doc_id)
    if not ordered:
        return {}
    copies = find_copy_rows(copy_columns(ordered), threshold)
    return {ordered[row].doc_id: ordered[canonical].doc_id
            for row, canonical in enumerate(copies.tolist()) if canonical >= 0}
