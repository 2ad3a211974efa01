"""MinHash signatures of a body's word 5-shingles, computed for all shingles at once.

datasketch's MinHash hashes each shingle with sha1 through a Python call, about 5 ms for a
5 KB article. The permutations and their meaning stay datasketch's (the "affine32" scheme:
the 32-bit shingle hash is pre-mixed with the MurmurHash3 finalizer, then each permutation is
`a * h + b mod 2**32`, and the signature keeps each permutation's minimum), but the shingle
hash is a polynomial hash of the shingle's characters computed for every shingle with a few
numpy operations. `shingle_hash` is the same hash for one string, so a signature equals
`MinHash(..., hashfunc=shingle_hash)` fed with the shingle strings (a test checks this).

The shingle hash is the top 32 bits of words.py's 64-bit hash of the shingle's characters.
A rare collision of two shingles can only make two articles look a little more alike.

`signatures_of` computes the signatures of many texts together, a third faster per text;
`signatures_of_texts` does so from words.py's `TextsWords`, the shingles of all texts at once.

datasketch is imported only to derive the permutations and the LSH bands, and they are kept
in the disk cache (pipeline/cache.py) under datasketch's version: importing it pulls in
scipy (0.14-0.17 s of CPU a run) and choosing the bands integrates numerically.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from pipeline.cache import cache_key, cached
from pipeline.stories.words import TextsWords, Words, string_hash

SHINGLE_WORDS = 5
MINHASH_PERMUTATIONS = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch 2's default, named: stored values must match it
MAX_HASH = np.uint32(0xFFFFFFFF)  # datasketch's value for "no shingle", so empty texts match
SHARED_SHINGLES = 4096  # shingles permuted at once by `signatures_of` (a 2 MB array)
LSH_WEIGHTS = (0.05, 0.95)  # datasketch's (false positive, false negative) weights
# MurmurHash3's 32-bit finalizer, as datasketch applies it before the permutations.
FMIX = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def datasketch_key() -> str:
    """The disk-cache key of what is derived from datasketch: this file and its version."""
    return cache_key(sources=[__file__], packages=["datasketch"])


@functools.cache
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's permutation parameters (a, b) for the pipeline's seed and size."""
    return cached("minhash-permutations", datasketch_key(), datasketch_permutations, tuple)


def datasketch_permutations() -> tuple[np.ndarray, np.ndarray]:
    """The permutation parameters as datasketch derives them (see `permutations`)."""
    from datasketch import MinHash  # noqa: PLC0415  (deferred: see the module docstring)

    a, b = MinHash(num_perm=MINHASH_PERMUTATIONS, seed=MINHASH_SEED,
                   scheme=MINHASH_SCHEME).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


@functools.cache
def lsh_bands(threshold: float) -> tuple[int, int]:
    """datasketch's (bands, rows per band) for finding pairs at this Jaccard threshold.

    datasketch picks them to minimise a weighted sum of the chances of a false candidate and
    of a missed pair; LSH_WEIGHTS makes a missed pair count 19 times more (see duplicates.py).
    With 128 permutations and a threshold of 0.8 that gives 16 bands of 8 rows: a pair at
    Jaccard 0.8 becomes a candidate with probability 0.95, at 0.85 with 0.994.
    """
    return cached(f"lsh-bands-{threshold!r}", datasketch_key(),
                  lambda: datasketch_bands(threshold), tuple)


def datasketch_bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) as datasketch's MinHashLSH chooses them (see `lsh_bands`)."""
    from datasketch import MinHashLSH  # noqa: PLC0415  (deferred: see the module docstring)

    lsh = MinHashLSH(threshold=threshold, num_perm=MINHASH_PERMUTATIONS, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


def mix32(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer on uint32 values (wrapping arithmetic)."""
    s1, m1, s2, m2, s3 = FMIX
    hashes = hashes ^ (hashes >> np.uint32(s1))
    hashes = hashes * np.uint32(m1)
    hashes = hashes ^ (hashes >> np.uint32(s2))
    hashes = hashes * np.uint32(m2)
    return hashes ^ (hashes >> np.uint32(s3))


def shingle_spans(words: Words) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (in `words.codes`) of each run of SHINGLE_WORDS words.

    A text of fewer words is one shingle; a text without words has none.
    """
    if len(words) >= SHINGLE_WORDS:
        return words.starts[:1 - SHINGLE_WORDS], words.ends[SHINGLE_WORDS - 1:]
    if len(words):
        return words.starts[:1], words.ends[-1:]
    return words.starts, words.ends


def shingle_hashes(words: Words) -> np.ndarray:
    """32-bit hash of every word shingle (see the module docstring)."""
    starts, ends = shingle_spans(words)
    return (words.hashes(starts, ends) >> np.uint64(32)).astype(np.uint32)


def shingle_hash(shingle: bytes | str) -> int:
    """The hash `shingle_hashes` gives one shingle (a hashfunc for datasketch's MinHash)."""
    return string_hash(shingle.decode() if isinstance(shingle, bytes) else shingle) >> 32


def signature(words: Words) -> np.ndarray:
    """The MinHash signature (uint32, one value per permutation) of the words' shingles."""
    hashes = shingle_hashes(words)
    a, b = permutations()
    if not len(hashes):
        return np.full(len(a), MAX_HASH, dtype=np.uint32)
    # One row per permutation: numpy's minimum along contiguous rows is the fast direction.
    permuted = np.multiply.outer(a, mix32(hashes))
    permuted += b[:, None]
    return permuted.min(axis=1)


def signatures_of(texts: Sequence[Words]) -> np.ndarray:
    """The signatures of many texts at once (a row each): `signature` of each, faster."""
    hashes = [shingle_hashes(words) for words in texts]
    sizes = np.array([len(h) for h in hashes], dtype=np.int64)
    return signature_rows(np.concatenate([np.zeros(0, np.uint32), *hashes]), sizes)


def signatures_of_texts(texts: TextsWords) -> np.ndarray:
    """`signatures_of` the texts' words, from their words laid end to end."""
    firsts, lasts, sizes = texts_shingles(texts)
    hashes = texts.hashes(texts.starts[firsts], texts.ends[lasts],
                          np.repeat(texts.begins[:-1], sizes)) >> np.uint64(32)
    return signature_rows(hashes.astype(np.uint32), sizes)


def texts_shingles(texts: TextsWords) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`shingle_spans` of every text at once: each shingle's first and last word, and counts.

    The words are indexes into `texts.starts`, text by text; the counts are each text's
    number of shingles.

    A word starts a shingle when SHINGLE_WORDS - 1 more words of its text follow it, or when
    it is the first word of a shorter text (whose one shingle ends at its last word).
    """
    counts = np.diff(texts.offsets)
    text_end = np.repeat(texts.offsets[1:], counts)  # for each word: its text's end
    words = np.arange(len(text_end), dtype=np.int64)
    lasts = np.minimum(words + (SHINGLE_WORDS - 1), text_end - 1)
    starts_shingle = words + (SHINGLE_WORDS - 1) < text_end
    short = np.flatnonzero((counts > 0) & (counts < SHINGLE_WORDS))
    starts_shingle[texts.offsets[short]] = True
    firsts = np.flatnonzero(starts_shingle)
    sizes = np.where(counts >= SHINGLE_WORDS, counts - (SHINGLE_WORDS - 1), counts > 0)
    return firsts, lasts[firsts], sizes.astype(np.int64)


def signature_rows(hashes: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The signature of each text from its shingles' hashes (`sizes` of them each, in order).

    The shingles of consecutive texts are mixed together and permuted SHARED_SHINGLES at a
    time, each text's minimum taken with one `reduceat`: fewer, larger numpy operations.
    """
    mixed = mix32(hashes)
    a, b = permutations()
    rows = np.full((len(sizes), len(a)), MAX_HASH, dtype=np.uint32)
    starts = np.cumsum(sizes) - sizes
    with_shingles = np.flatnonzero(sizes)
    buffer = np.empty((len(a), 0), dtype=np.uint32)  # reused: no fresh pages for each chunk
    for chunk in np.split(with_shingles, shingle_chunks(sizes[with_shingles])):
        if not len(chunk):
            continue
        begin, end = starts[chunk[0]], starts[chunk[-1]] + sizes[chunk[-1]]
        if end - begin > buffer.shape[1]:
            buffer = np.empty((len(a), max(end - begin, SHARED_SHINGLES)), dtype=np.uint32)
        permuted = buffer[:, :end - begin]
        np.multiply(a[:, None], mixed[None, begin:end], out=permuted)
        permuted += b[:, None]
        rows[chunk] = np.minimum.reduceat(permuted, starts[chunk] - begin, axis=1).T
    return rows


def shingle_chunks(sizes: np.ndarray) -> np.ndarray:
    """Where to cut a run of texts (their shingle counts) into chunks of about SHARED_SHINGLES."""
    ends = np.cumsum(sizes)
    return np.unique(np.searchsorted(ends, np.arange(SHARED_SHINGLES, ends[-1] if len(ends)
                                                     else 0, SHARED_SHINGLES), side="right"))


def signature_matrix(signatures: list[bytes]) -> np.ndarray:
    """Stored signatures (bytes of uint32 values) as one array, a row per article."""
    joined = np.frombuffer(b"".join(signatures), dtype=np.uint32)
    return joined.reshape(len(signatures), MINHASH_PERMUTATIONS)
