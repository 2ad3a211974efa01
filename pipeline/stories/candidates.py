"""Which articles story clustering compares, found and scored for the whole dump at once.

Candidate pairs share one of their BLOCK_TERMS heaviest terms (an inverted index over those
terms), except through a term in more than MAX_POSTINGS articles' block lists: such a term
would pair nearly everything (on a busy day the same first name turns up in a thousand
unrelated stories), and the pairs it alone brings together are those that reach the threshold
by luck. The postings are sorted arrays, so finding the pairs costs numpy operations, not a
Python loop over pairs; a pair is then scored with a sparse matrix product (scipy).

Only pairs whose cosine reaches the threshold become links (clustering.py says why that
loses no merge). `sequential_dots` recomputes the linked pairs' cosines exactly as the
clustering's `dot` adds them up (its shared terms found with scipy too), so the
agglomeration sees the same numbers to the last bit as if it had computed them itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

from pipeline.stories.vectors import VECTOR_TERMS, ArticleVectors

BLOCK_TERMS = 12
# A term in more than this many articles' block lists is not used to find candidates.
MAX_POSTINGS = 100
PAIR_CHUNK = 1 << 14  # pairs scored at once (bounds the scoring's memory)
SCORERS = 2  # chunks of pairs scored at once
PAIR_BATCH = 1 << 20  # candidate pairs generated at once (bounds their memory)
# scipy adds a dot product's terms in another order than `dot`; the filter keeps this much
# slack so that no pair whose exact cosine reaches the threshold is dropped.
ROUNDING_SLACK = 1e-9


def sorted_distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique(values)` of integers, by one sort.

    numpy 2's `unique` hashes instead, which is three to eight times slower on the large
    arrays of packed pairs found here.
    """
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return ordered[first]


def ragged_ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + size) for each start and size."""
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))


def row_entries(rows: ArticleVectors, which: np.ndarray,
                limit: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the entries of rows `which`, and the index in `which` each belongs to.

    With a `limit`, only each row's first `limit` entries (its heaviest terms).
    """
    counts = np.diff(rows.indptr)[which]
    if limit is not None:
        counts = np.minimum(counts, limit)
    owner = np.repeat(np.arange(len(which)), counts)
    offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows.indptr[which][owner] + offsets, owner


def pairs_within_runs(items: np.ndarray, run_of: np.ndarray, size: int) -> np.ndarray:
    """Every pair of items in the same run, as `first * size + second`, distinct and sorted.

    `run_of` is sorted (a run's items are adjacent) and within a run the items ascend, so
    each pair comes out with its smaller item first. Pairs are packed into one integer so
    that they take half the memory and duplicates drop out with one sort.
    """
    packed = [np.zeros(0, np.int64)]
    active = np.arange(len(items) - 1)
    distance = 1
    while len(active):
        active = active[run_of[active + distance] == run_of[active]]
        packed.append(items[active].astype(np.int64) * size + items[active + distance])
        distance += 1
        active = active[active + distance < len(items)]
    return sorted_distinct(np.concatenate(packed))


def candidate_pairs(keys: ArticleVectors) -> Iterator[np.ndarray]:
    """Pairs (i < j) of rows that share a block term used for finding candidates.

    Packed as `i * len(keys) + j`, in chunks of about PAIR_BATCH pairs; a pair may recur in
    several chunks.
    """
    positions, rows = row_entries(keys, np.arange(len(keys)), BLOCK_TERMS)
    terms = keys.terms[positions]
    order = np.lexsort((rows, terms))
    terms, rows = terms[order], rows[order]
    starts = np.flatnonzero(np.diff(terms, prepend=-1))
    sizes = np.diff(np.append(starts, len(terms)))
    usable = sizes <= MAX_POSTINGS
    starts, sizes = starts[usable], sizes[usable]
    # Cut the runs into chunks by how many pairs they make.
    chunk_of_run = np.cumsum(sizes * (sizes - 1) // 2) // PAIR_BATCH
    for chunk in sorted_distinct(chunk_of_run).tolist():
        runs = chunk_of_run == chunk
        entries = ragged_ranges(starts[runs], sizes[runs])
        yield pairs_within_runs(rows[entries], terms[entries], len(keys))


def with_earlier(vectors: ArticleVectors, means: list[dict[int, float]]) -> ArticleVectors:
    """The article vectors, then one row per earlier story: its mean vector.

    Like the article rows, a story's row is sorted heaviest first, ties by term.
    """
    if not means:
        return vectors
    vocabulary = vectors.vocabulary.to_pylist()
    rows = [sorted(mean.items(), key=lambda kv: (-kv[1], vocabulary[kv[0]])) for mean in means]
    sizes = np.array([len(row) for row in rows], dtype=np.int64)
    return ArticleVectors(
        np.concatenate([vectors.indptr, vectors.indptr[-1] + np.cumsum(sizes)]),
        np.concatenate([vectors.terms, np.array([t for row in rows for t, _ in row],
                                                dtype=vectors.terms.dtype)]),
        np.concatenate([vectors.weights, np.array([w for row in rows for _, w in row],
                                                  dtype=np.float64)]),
        vectors.vocabulary)


def as_matrix(keys: ArticleVectors) -> sparse.csr_matrix:
    """The rows as a scipy sparse matrix (for scoring many pairs at once)."""
    matrix = sparse.csr_matrix((keys.weights, keys.terms, keys.indptr), copy=True,
                               shape=(len(keys), max(len(keys.vocabulary), 1)))
    matrix.sort_indices()  # in place: hence the copy, the rows stay heaviest first
    return matrix


def pair_dots(keys: sparse.csr_matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Dot product of rows i and j for each pair, a chunk of pairs at a time.

    scipy works on a chunk without the interpreter lock, so SCORERS chunks are scored side
    by side; each fills its own part of the answer.
    """
    dots = np.empty(len(i))

    def score(start: int) -> None:
        end = start + PAIR_CHUNK
        product = keys[i[start:end]].multiply(keys[j[start:end]])
        dots[start:end] = np.asarray(product.sum(axis=1)).ravel()

    with ThreadPoolExecutor(max_workers=SCORERS, thread_name_prefix="pair-dots") as pool:
        list(pool.map(score, range(0, len(i), PAIR_CHUNK)))
    return dots


def strong_links(keys: ArticleVectors, articles: int,
                 threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs whose cosine reaches the threshold, never two earlier stories.

    Rows from `articles` on are stories; pairs come with i < j, sorted.
    """
    matrix, strong = as_matrix(keys), [np.zeros(0, np.int64)]
    for packed in candidate_pairs(keys):
        i, j = packed // len(keys), packed % len(keys)
        scored = packed[i < articles]
        dots = pair_dots(matrix, i[i < articles], j[i < articles])
        strong.append(scored[dots >= threshold * (1 - ROUNDING_SLACK)])
    packed = sorted_distinct(np.concatenate(strong))
    return packed // len(keys), packed % len(keys)


def sequential_dots(rows: ArticleVectors, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The dot product of rows i and j, to the last bit as clustering's `dot` computes it.

    `dot` adds up, left to right, the products for the shorter row's terms (the first row's on
    a tie) found in the other row. Adding 0.0 for a term the other row lacks changes no sum.
    The shared terms are found with sparse products (scipy) of matrices whose values number
    the entries: each shared term gives its entry in both rows, so its place in the shorter
    row and the two weights.
    """
    dots = np.zeros(len(i))
    if not len(rows.terms):
        return dots
    lengths = np.diff(rows.indptr)
    shape = (len(lengths), max(len(rows.vocabulary), 1))
    entries = sparse.csr_matrix((np.arange(len(rows.terms)) + 1.0, rows.terms, rows.indptr),
                                shape=shape, copy=True)
    entries.sort_indices()
    present = sparse.csr_matrix((np.ones(len(rows.terms)), entries.indices, entries.indptr),
                                shape=shape)
    for start in range(0, len(i), PAIR_CHUNK):
        first, second = i[start:start + PAIR_CHUNK], j[start:start + PAIR_CHUNK]
        swap = lengths[first] > lengths[second]
        shorter, longer = np.where(swap, second, first), np.where(swap, first, second)
        # The same shared terms in the same (term) order: the entries of one row, the other's.
        mine = entries[shorter].multiply(present[longer]).tocsr()
        theirs = entries[longer].multiply(present[shorter]).tocsr()
        at, other = mine.data.astype(np.int64) - 1, theirs.data.astype(np.int64) - 1
        owner = np.repeat(np.arange(len(shorter)), np.diff(mine.indptr))
        table = np.zeros((len(shorter), VECTOR_TERMS))
        table[owner, at - rows.indptr[shorter][owner]] = rows.weights[at] * rows.weights[other]
        total = table[:, 0].copy()
        for column in range(1, VECTOR_TERMS):
            total += table[:, column]
        dots[start:start + len(first)] = total
    return dots
