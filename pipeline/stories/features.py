"""What story grouping needs to know of one article, computed once, next to its cleaning.

- `terms`: the article's content words and capitalised names with their counts, the
  headline counted several times (an outlet's headline is its own summary of the event).
  The clustering task weighs them against the whole dump (TF-IDF) and compares articles.
- `minhash`: a MinHash signature of the body's word shingles (datasketch), for near-exact
  copies: two texts' signatures agree in about as many places as their shingle sets overlap.
- `copy_key`: a hash of the body with case, punctuation and spacing folded, for exact copies.
- `credits_wire`: whether the article credits a wire service (used to pick the canonical copy).

These are computed per article in the cleaning task (in parallel, one shard at a time), so the
whole-dump clustering task reads small features, never the texts.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

from pipeline.article import Article
from pipeline.cleaning.stopwords import word_languages

TOKEN = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*")
# Runs of capitalised words: "Vladimir Putin", "Black Sea", "The White House".
NAME_RUN = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]+)+")
# Reporting words every news story uses; they say nothing about which event it reports.
NEWS_WORDS = frozenset("""
    said says say told tell according reported reports report added asked statement news
    week weeks day days year years month months today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday time times people percent including former
    new first last one two three four five six seven eight nine ten also would could since
    many much well like just still even back made make get""".split())  # noqa: SIM905
WIRE_SERVICES = re.compile(
    r"\b(?:associated press|reuters|agence france-presse|afp|ap|dpa|xinhua|efe|ansa|"
    r"bloomberg|tass|kyodo|press association|pa media|united press international|upi)\b",
    re.IGNORECASE)
WIRE_CREDIT = re.compile(r"\((?:ap|reuters|afp|dpa|xinhua|efe|upi)\)|©\s*\d{4}\s+(?:the )?"
                         r"(?:associated press|reuters|agence france-presse)", re.IGNORECASE)
TITLE_WEIGHT = 3
MIN_TOKEN_LETTERS = 3
MAX_TERMS = 200
SHINGLE_WORDS = 5
MINHASH_PERMUTATIONS = 128
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"  # datasketch 2's default, named: stored values must match it


@functools.cache
def stopwords() -> frozenset[str]:
    """Stop words of every candidate language, plus reporting words."""
    return frozenset(word_languages()) | NEWS_WORDS


@dataclass(slots=True)
class StoryFeatures:
    """The features of one article (see the module docstring)."""

    terms: dict[str, int]
    minhash: bytes
    copy_key: str
    credits_wire: bool


def is_term(token: str, stops: frozenset[str]) -> bool:
    """A token worth comparing: a number of two digits or more, or a non-stop word."""
    if token.isdigit() or token.replace(".", "", 1).isdigit():
        return len(token) >= 2
    return len(token) >= MIN_TOKEN_LETTERS and token not in stops


def names(text: str, stops: frozenset[str]) -> list[str]:
    """Multi-word capitalised names, lower-cased, without a leading stop word ("The")."""
    found = []
    for run in NAME_RUN.findall(text):
        words = run.lower().split()
        while words and words[0] in stops:
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words))
    return found


def term_counts(title: str, text: str) -> dict[str, int]:
    """Counts of content words and multi-word names; the headline's count TITLE_WEIGHT times.

    Only the MAX_TERMS most frequent are kept: the long tail of one-off words of a long
    article carries little and would make every comparison slower.
    """
    stops = stopwords()
    counts: Counter[str] = Counter()
    for source, weight in ((text, 1), (title, TITLE_WEIGHT)):
        # Names only from the body: Title Case headlines would read as one long name.
        for term in [*(t for t in TOKEN.findall(source.lower()) if is_term(t, stops)),
                     *(names(source, stops) if weight == 1 else ())]:
            counts[term] += weight
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])


def shingles(text: str) -> set[bytes]:
    """The body's word 5-shingles (lower-cased), as bytes for hashing."""
    words = TOKEN.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(words) - SHINGLE_WORDS + 1)}


@functools.cache
def empty_minhash() -> MinHash:
    """A MinHash with the pipeline's permutations (built once: it draws random numbers)."""
    return MinHash(num_perm=MINHASH_PERMUTATIONS, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)


def minhash_of(text: str) -> MinHash:
    """MinHash signature of the body's shingles."""
    signature = empty_minhash().copy()
    signature.update_batch(list(shingles(text)))
    return signature


def signature_bytes(text: str) -> bytes:
    """The body's MinHash signature as bytes (uint64 values), for storing in Parquet."""
    return minhash_of(text).hashvalues.astype(np.uint64).tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    """A signature stored by `features_of`, back as a MinHash."""
    return MinHash(seed=MINHASH_SEED, hashvalues=np.frombuffer(data, dtype=np.uint64),
                   permutations=empty_minhash().permutations, scheme=MINHASH_SCHEME)


def copy_key(text: str) -> str:
    """sha256 of the body with case, punctuation and spacing folded."""
    return hashlib.sha256(" ".join(TOKEN.findall(text.lower())).encode()).hexdigest()


def features_of(article: Article) -> StoryFeatures:
    """The story features of a cleaned article."""
    text, title = article.text or "", article.title or ""
    credit = " ".join([article.fields.get("author", ""), *article.authors,
                       *(r.line for r in article.boilerplate if r.rule.startswith(
                           ("metadata", "copyright", "syndication")))])
    return StoryFeatures(
        terms=term_counts(title, text),
        minhash=signature_bytes(text),
        copy_key=copy_key(text),
        credits_wire=bool(WIRE_SERVICES.search(credit) or WIRE_CREDIT.search(text[:300])),
    )
