"""What story grouping needs to know of one article, computed once, next to its cleaning.

- `terms`: the article's content words and capitalised names with their counts, the
  headline counted several times (an outlet's headline is its own summary of the event).
  The clustering task weighs them against the whole dump (TF-IDF) and compares articles.
- `minhash`: a MinHash signature of the body's word shingles (signatures.py: datasketch's
  permutations over a cheap shingle hash), for near-exact copies: two texts' signatures agree
  in about as many places as their shingle sets overlap. Stored as 128 uint32 values.
- `copy_key`: a hash of the body with case, punctuation and spacing folded, for exact copies.
- `credits_wire`: whether the article credits a wire service (used to pick the canonical copy).

These are computed in the cleaning task (in parallel, one shard at a time), so the
whole-dump clustering task reads small features, never the texts. The body is split into
words once (words.py) and the terms, the shingles and the copy key all come from that split.
`term_counts` counts one article's terms; `texts_term_counts` counts a whole writer batch's
at once, with the same answers (see the section at the end).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.article import Article
from pipeline.cleaning.stopwords import word_languages
from pipeline.stories.lookup import StringIndex
from pipeline.stories.signatures import permutations, signature
from pipeline.stories.words import (
    TOKEN,
    TextsWords,
    Words,
    character_classes,
    lower_table,
    words_of,
)

CAPITAL = "A-ZÀ-ÖØ-ÞĀ-Ž"
# Runs of capitalised words: "Vladimir Putin", "Black Sea", "The White House". The run must
# start a word (`\b`); the check sits in a lookbehind after the capital so that the regex
# engine can skip straight to capitals instead of trying `\b` at every character. The
# quantifiers are possessive: giving back a word character could never let `\s` match, nor
# giving back a space let a capital match, and most capitals (a sentence's first word) fail,
# so not trying saves a fifth of the search.
NAME_RUN = re.compile(rf"[{CAPITAL}](?<=\b[{CAPITAL}])[\w'’-]++(?:\s++[{CAPITAL}][\w'’-]++)+")
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
FEW = 8


@functools.cache
def stopwords() -> frozenset[str]:
    """Stop words of every candidate language, plus reporting words."""
    return frozenset(word_languages()) | NEWS_WORDS


def is_number(token: str) -> bool:
    """Digits, with at most one decimal point."""
    return token.isdigit() or token.replace(".", "", 1).isdigit()


@functools.cache
def numeric_stopwords() -> frozenset[str]:
    """Stop words that are numbers of two digits or more: terms whatever the stop lists say."""
    return frozenset(word for word in stopwords() if is_number(word) and len(word) >= 2)


def build_tables() -> None:
    """Build the process-wide tables story features read (about 0.15 s).

    Each is otherwise built on first use: once in every process, i.e. in every task a
    multi-worker run forks. Building them before the fork shares them.
    """
    character_classes()
    lower_table()
    numeric_stopwords()
    stopword_index()
    permutations()


@dataclass(slots=True)
class StoryFeatures:
    """The features of one article (see the module docstring)."""

    terms: dict[str, int]
    minhash: bytes
    copy_key: str
    credits_wire: bool


def is_term(token: str, stops: frozenset[str]) -> bool:
    """A token worth comparing: a number of two digits or more, or a non-stop word."""
    if is_number(token):
        return len(token) >= 2
    return len(token) >= MIN_TOKEN_LETTERS and token not in stops


def content_counts(tokens: dict[str, int], stops: frozenset[str]) -> dict[str, int]:
    """The token counts of the terms (`is_term`).

    Set difference drops the stop words in C (iterating over the article's few hundred
    tokens, not the 40,000 stop words); of the rest a term has MIN_TOKEN_LETTERS characters
    or is a two-character number. The few stop words that are numbers are terms too.
    """
    minimum = MIN_TOKEN_LETTERS
    counts = {t: tokens[t] for t in set(tokens).difference(stops)
              if len(t) >= minimum or (len(t) == 2 and is_number(t))}
    counts.update((t, tokens[t]) for t in numeric_stopwords() if t in tokens)
    return counts


def top_terms(counts: dict[str, int], size: int = MAX_TERMS) -> dict[str, int]:
    """The `size` most frequent terms, ties broken by the term itself.

    One sort by count (in C); of the terms tied at the cut only those compete as strings.
    """
    if len(counts) <= size:
        return counts
    items = sorted(counts.items(), key=itemgetter(1), reverse=True)
    cut = items[size - 1][1]
    first_tie = bisect.bisect_left(items, -cut, key=negative_count)
    end_of_ties = bisect.bisect_right(items, -cut, key=negative_count)
    kept = dict(items[:first_tie])
    ties = list(map(itemgetter(0), items[first_tie:end_of_ties]))
    kept.update(dict.fromkeys(smallest(ties, size - first_tie), cut))
    return kept


def negative_count(item: tuple[str, int]) -> int:
    """The key that makes (term, count) pairs sorted by falling count ascend (for bisect)."""
    return -item[1]


def smallest(strings: list[str], count: int) -> list[str]:
    """The `count` smallest of distinct strings (in no particular order).

    Usually all but a few are kept: dropping the few largest one by one beats sorting.
    """
    if len(strings) - count > FEW:
        return sorted(strings)[:count]
    kept = list(strings)
    for _ in range(len(strings) - count):
        kept.remove(max(kept))
    return kept


@functools.lru_cache(maxsize=1 << 16)
def run_name(run: str) -> str | None:
    """The name a NAME_RUN match stands for, or None (cached: runs repeat across texts)."""
    stops = stopwords()
    words = run.lower().split()
    while words and words[0] in stops:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else None


def names(text: str) -> list[str]:
    """Multi-word capitalised names, lower-cased, without a leading stop word ("The")."""
    return [name for name in map(run_name, NAME_RUN.findall(text)) if name]


def term_counts(title: str, text: str, words: Words | None = None) -> dict[str, int]:
    """Counts of content words and multi-word names; the headline's count TITLE_WEIGHT times.

    Only the MAX_TERMS most frequent are kept (ties by term): the long tail of one-off words
    of a long article carries little and would make every comparison slower. `words` are the
    body's words if already split.
    """
    stops = stopwords()
    tokens = Counter((words if words is not None else words_of(text)).split())
    counts = content_counts(tokens, stops)
    # Names only from the body: Title Case headlines would read as one long name.
    for name in names(text):
        counts[name] = counts.get(name, 0) + 1
    for token in TOKEN.findall(title.lower()):
        if is_term(token, stops):
            counts[token] = counts.get(token, 0) + TITLE_WEIGHT
    return top_terms(counts)


def signature_bytes(text: str, words: Words | None = None) -> bytes:
    """The body's MinHash signature as bytes (uint32 values), for storing in Parquet."""
    return signature(words if words is not None else words_of(text)).tobytes()


def copy_key(text: str, words: Words | None = None) -> str:
    """sha256 of the body with case, punctuation and spacing folded."""
    folded = words if words is not None else words_of(text)
    return hashlib.sha256(folded.joined.encode()).hexdigest()


def credit_line(article: Article) -> str:
    """What may credit a wire service: the author fields and the metadata-like boilerplate."""
    return " ".join([article.fields.get("author", ""), *article.authors,
                     *(r.line for r in article.boilerplate if r.rule.startswith(
                         ("metadata", "copyright", "syndication")))])


def text_features(text: str, title: str, credit: str, words: Words | None = None,
                  minhash: bytes | None = None) -> StoryFeatures:
    """The story features of a body, its title and its `credit_line`.

    `words` (the body's) and `minhash` (their signature) are given if already computed.
    """
    words = words if words is not None else words_of(text)
    return StoryFeatures(
        terms=term_counts(title, text, words),
        minhash=minhash if minhash is not None else signature_bytes(text, words),
        copy_key=copy_key(text, words),
        credits_wire=credits_wire(credit, text),
    )


def credits_wire(credit: str, text: str) -> bool:
    """Whether a `credit_line` or the start of the body credits a wire service."""
    return bool(WIRE_SERVICES.search(credit) or WIRE_CREDIT.search(text[:300]))


# --- A writer batch's term counts at once --------------------------------------------------
# `term_counts` of every text of a batch, as flat columns: the body words are taken from the
# batch's `TextsWords` as one Arrow string array (no Python string per word), made distinct
# with one dictionary encoding, judged as terms once per distinct string (Arrow compute), and
# counted per text with one numpy sort; the MAX_TERMS cut ranks the tied strings by Arrow's
# byte order, which for UTF-8 is code point order, the order Python compares strings in.

NAME, TITLE = 1, 2  # kinds of the strings counted besides the body words
HISTOGRAM_SLACK = 4  # a histogram of counts may have this many cells per entry


@dataclass(slots=True)
class TermColumns:
    """Each text's term counts (`term_counts`): text i's are entries offsets[i]:offsets[i + 1]."""

    offsets: np.ndarray  # int32
    terms: pa.Array  # strings
    counts: np.ndarray  # int32
    distinct: pa.Array  # the batch's distinct strings: terms = distinct.take(ids)
    ids: np.ndarray


@functools.cache
def stopword_index() -> tuple[StringIndex, np.ndarray]:
    """The stop words (to look many strings up at once) and which of them are terms.

    The terms among them are the numbers (`numeric_stopwords`).
    """
    stops = sorted(stopwords())
    numeric = numeric_stopwords()
    return (StringIndex.of(pa.array(stops, pa.string())),
            np.array([word in numeric for word in stops], dtype=bool))


def term_mask(strings: pa.Array) -> np.ndarray:
    """`is_term` of each string (a few array operations).

    A string of three or more characters is a term unless it is a stop word that is not a
    number; one of two is a term if it is a number; a numeric stop word (two or more
    characters) always is. `is_number` itself is asked only of the two-character strings.
    """
    index, numeric = stopword_index()
    found = index.find(strings)
    stop = found >= 0
    lengths = pc.utf8_length(strings).to_numpy(zero_copy_only=False)
    mask = (lengths >= MIN_TOKEN_LETTERS) & ~stop
    mask[stop] |= numeric[found[stop]]
    pairs = np.flatnonzero(lengths == 2)
    if len(pairs):
        mask[pairs] |= np.fromiter(map(is_number, strings.take(pairs).to_pylist()), dtype=bool,
                                   count=len(pairs))
    return mask


def extra_terms(titles: Sequence[str], texts: Sequence[str]) -> tuple[list[str], list[int],
                                                                         list[int]]:
    """The strings to count besides the body words, as (strings, their texts, their kinds).

    They are the names in each body (kind NAME) and the words of each title (kind TITLE).
    """
    strings, owners, kinds = [], [], []
    for index, (title, text) in enumerate(zip(titles, texts, strict=True)):
        found = names(text)
        tokens = TOKEN.findall(title.lower())
        strings += found
        strings += tokens
        owners += [index] * (len(found) + len(tokens))
        kinds += [NAME] * len(found)
        kinds += [TITLE] * len(tokens)
    return strings, owners, kinds


SPACE_BYTE = 0x20  # UTF-8 encodes U+0020 as this byte, and no other character uses it


def spaced_counted_strings(words: TextsWords, extras: list[str]) -> pa.Array:
    """Every body word, then the `extras`, each followed by one space, as one Arrow string array.

    Each body word is followed by one space in `words.joined_all` and holds none, so in its
    UTF-8 bytes word i ends with the i-th space byte: the array is those bytes as they are,
    cut after each space (no Python string per word, and no copy without the spaces, which
    cost as much as the rest on long texts). The extras, which may hold spaces, get theirs
    appended. Two strings are equal exactly when they are with the space, so dictionary
    encoding finds the same distinct strings in the same order, and only those need the
    space stripped.
    """
    extra = pa.array([string + " " for string in extras], pa.string())
    if not len(words.starts):
        return extra
    joined = pa.array([words.joined_all], pa.string())
    data = np.frombuffer(joined.buffers()[2], dtype=np.uint8)[:joined_bytes(joined)]
    ends = np.flatnonzero(data == SPACE_BYTE) + 1
    extra_offsets = np.frombuffer(extra.buffers()[1], dtype=np.int32)[:len(extra) + 1]
    extra_data = np.frombuffer(extra.buffers()[2], dtype=np.uint8) if extra.buffers()[2] \
        else np.zeros(0, np.uint8)
    offsets = np.concatenate([[0], ends, len(data) + extra_offsets[1:]]).astype(np.int32)
    return pa.StringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(offsets),
        pa.py_buffer(np.concatenate([data, extra_data[:extra_offsets[-1]]])))


def joined_bytes(strings: pa.Array) -> int:
    """The length in bytes of a string array's one string."""
    return int(np.frombuffer(strings.buffers()[1], dtype=np.int32)[1])


def texts_term_counts(titles: Sequence[str], texts: Sequence[str],
                      words: TextsWords) -> TermColumns:
    """`term_counts(titles[i], texts[i])` of every text, as columns (see above).

    `words` are `words_of_texts(texts)`.
    """
    extras, extra_owners, extra_kinds = extra_terms(titles, texts)
    encoded = spaced_counted_strings(words, extras).dictionary_encode()
    strings = pc.utf8_slice_codeunits(encoded.dictionary, 0, -1)
    ids = encoded.indices.to_numpy()
    is_term = term_mask(strings)
    size = max(len(strings), 1)  # key = owner * size + id
    # Body words count once each if terms: a sort and the lengths of the runs of equal keys.
    body_words = len(words.starts)
    body_ids = ids[:body_words]
    body_keys = np.repeat(np.arange(len(texts), dtype=np.int64) * size,
                          np.diff(words.offsets)) + body_ids
    body_keys = np.sort(body_keys[is_term[body_ids]], kind="stable")
    firsts = np.flatnonzero(np.diff(body_keys, prepend=-1))  # keys are not negative
    body_counts = np.diff(np.append(firsts, len(body_keys)))
    # Names count once, title terms TITLE_WEIGHT times: a few entries, added to the body's.
    extra_ids = ids[body_words:]
    extra_kinds = np.array(extra_kinds, dtype=np.int8)
    extra_weights = np.where(extra_kinds == TITLE, TITLE_WEIGHT, 1)
    extra_weights[(extra_kinds == TITLE) & ~is_term[extra_ids]] = 0
    keys, counts = summed_by_key(
        np.concatenate([body_keys[firsts],
                        np.array(extra_owners, dtype=np.int64) * size + extra_ids]),
        np.concatenate([body_counts, extra_weights]))
    counts_any = counts > 0
    keys, counts = keys[counts_any], counts[counts_any]
    owners, ids = np.divmod(keys, size)
    kept = most_frequent(owners, ids, counts, strings)
    sizes = np.bincount(owners[kept], minlength=len(texts))
    return TermColumns(np.append(0, np.cumsum(sizes)).astype(np.int32),
                       strings.take(pa.array(ids[kept])), counts[kept].astype(np.int32),
                       strings, ids[kept])


def summed_by_key(keys: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, ascending, and the weights summed for each.

    A stable sort is a merge sort, quick on keys that already come in long ascending runs
    (a text's words come text by text).
    """
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    firsts = np.flatnonzero(np.append(True, keys[1:] != keys[:-1])) if len(keys) else order
    return keys[firsts], np.add.reduceat(weights[order], firsts) if len(keys) else weights


def most_frequent(owners: np.ndarray, ids: np.ndarray, counts: np.ndarray,
                  strings: pa.Array) -> np.ndarray:
    """Which entries `top_terms` keeps: each owner's MAX_TERMS most frequent, ties by string.

    Entries are sorted by owner; the answer keeps that order. Each owner's cut (the count of
    its MAX_TERMS-th entry) comes from a histogram of its counts; only the entries tied at
    the cut are compared as strings, and only where not all of them fit.
    """
    sizes = np.bincount(owners)
    if not len(sizes) or sizes.max() <= MAX_TERMS:
        return np.arange(len(owners))
    cut, above = count_cuts(owners, counts, sizes)
    at_cut = counts == cut[owners]
    tied = np.bincount(owners[at_cut], minlength=len(sizes))
    room = MAX_TERMS - above  # how many of the tied entries an owner keeps
    kept = counts > cut[owners]
    crowded = (tied > room)[owners] & at_cut
    kept |= at_cut & ~crowded
    kept[first_by_string(np.flatnonzero(crowded), owners, ids, strings, room)] = True
    return np.flatnonzero(kept)


def count_cuts(owners: np.ndarray, counts: np.ndarray,
               sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each owner's cut and how many of its entries count more than that.

    The cut is the count of the owner's MAX_TERMS-th most frequent entry (0 for an owner of
    fewer entries: it keeps them all).
    """
    top = int(counts.max()) + 1
    if len(sizes) * (top + 1) > HISTOGRAM_SLACK * len(counts) + (1 << 16):
        return sorted_count_cuts(owners, counts, sizes)  # a word repeated very many times
    histogram = np.bincount(owners * (top + 1) + counts, minlength=len(sizes) * (top + 1)) \
        .reshape(len(sizes), top + 1)
    # at_least[o, c]: owner o's entries counted c times or more.
    at_least = np.cumsum(histogram[:, ::-1], axis=1)[:, ::-1]
    cut = (at_least >= MAX_TERMS).sum(axis=1) - 1
    cut[sizes <= MAX_TERMS] = 0
    return cut, at_least[np.arange(len(sizes)), cut + 1]


def sorted_count_cuts(owners: np.ndarray, counts: np.ndarray,
                      sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`count_cuts` by sorting each owner's counts (for counts too large for a histogram)."""
    order = np.lexsort((-counts, owners))  # by owner, then falling count
    places = np.arange(len(order)) - (np.cumsum(sizes) - sizes)[owners[order]]
    nth = order[places == MAX_TERMS - 1]
    nth = nth[sizes[owners[nth]] > MAX_TERMS]  # each large owner's MAX_TERMS-th entry
    cut = np.zeros(len(sizes), dtype=np.int64)
    cut[owners[nth]] = counts[nth]
    above = np.bincount(owners[counts > cut[owners]], minlength=len(sizes))
    return cut, above


def first_by_string(entries: np.ndarray, owners: np.ndarray, ids: np.ndarray,
                    strings: pa.Array, room: np.ndarray) -> np.ndarray:
    """Of `entries` (sorted by owner), each owner's `room` first in string order.

    Only the entries' strings are ranked (on real pages about half the batch's distinct
    strings): their order among themselves is their order among all.
    """
    if not len(entries):
        return entries
    needed = np.zeros(len(strings), dtype=bool)
    needed[ids[entries]] = True
    needed = np.flatnonzero(needed)
    ranks = np.zeros(len(strings), dtype=np.int64)
    ranks[needed[pc.sort_indices(strings.take(pa.array(needed))).to_numpy()]] = \
        np.arange(len(needed))
    entry_owners = owners[entries]
    order = np.argsort(entry_owners * len(strings) + ranks[ids[entries]], kind="stable")
    firsts = np.flatnonzero(np.diff(entry_owners, prepend=-1))  # sorted: each owner's first
    starts = np.repeat(firsts, np.diff(np.append(firsts, len(entries))))
    return entries[order[np.arange(len(order)) - starts < room[entry_owners]]]
