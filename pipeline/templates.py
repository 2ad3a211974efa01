"""Cross-document learning: lines one site repeats across different stories are boilerplate.

A site prints the same menu items, footer lines and promo blurbs on every page; a wire story
prints the same paragraphs on every site that runs it; and unrelated sites share generic
lines ("Conclusion", "Share"). All three repeat across documents. A template line is the
first kind: the documents that share it also share many other repeated lines (the site's
template), and they are otherwise different articles (their long lines differ), while the
copies of one story share most of their long lines.

The work is a map over shards (`line_stats`: each document's line keys) and one reduce over
the whole dump (`learn_templates`), run as Luigi tasks with their own outputs; the cleaning
stage only loads the resulting set of template keys (and is handed each document's line keys,
`document_stats`, so it need not hash the lines again).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

# A line shared by this many documents is a candidate template line.
MIN_DOCS = 3
MIN_TEMPLATE_WORDS = 4
# Lines of this many words or more describe a document's story (its own long lines).
LONG_LINE_WORDS = 12
# Documents sampled per candidate line to judge story against template.
SAMPLE_DOCS = 20
# A document with fewer long lines says nothing about whether it shares a story.
MIN_LONG_LINES = 2
# Median share of a document's long lines found in the other sampled documents above which
# the documents are copies of one story (the line is content, not template).
STORY_SHARE = 0.5
# Documents of one site share at least this many repeated lines besides the one judged;
# judged over the pairs of the first PAIR_DOCS sampled documents.
SITE_SHARED_LINES = 2
PAIR_DOCS = 10
# Documents whose key sets the reduce keeps at hand at once.
CACHED_DOCS = 4096

DIGITS = re.compile(r"\d+")
DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
# Keys kept for lines seen recently: a site's furniture repeats on every page of a dump.
KEY_CACHE_SIZE = 8192

LINE_STATS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("keys", pa.list_(pa.int64()), nullable=False),
    pa.field("long_keys", pa.list_(pa.int64()), nullable=False),
])
# Each document's key of every line, in order (null for lines of too few words): CleanShard
# hands them to the boilerplate stage, which would otherwise hash every line again.
LINE_KEYS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("line_keys", pa.list_(pa.int64()), nullable=False),
])
TEMPLATE_LINES = pa.schema([
    pa.field("key", pa.int64(), nullable=False),
    pa.field("doc_count", pa.int64(), nullable=False),
])


@functools.lru_cache(maxsize=KEY_CACHE_SIZE)
def line_key(line: str) -> int:
    """A stable 64-bit key for a line.

    Lines that differ only in case, digits or spacing share a key ("12 comments" and
    "3 Comments"): the blake2b digest of the line case-folded, each run of digits made one
    "0", runs of whitespace folded to one space and the ends stripped.
    """
    return digest_key(normal_bytes(line, single_spaced(line)))


@functools.lru_cache(maxsize=KEY_CACHE_SIZE)
def spaced_line_key(line: str, spaced: bool) -> int:
    """`line_key(line)`, told whether `line` is single_spaced (the caller has tested it)."""
    return digest_key(normal_bytes(line, spaced))


def digest_key(normal: bytes) -> int:
    """The signed 64-bit blake2b digest of a normalised line."""
    digest = hashlib.blake2b(normal, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def normal_bytes(line: str, spaced: bool) -> bytes:
    """The UTF-8 of `line` normalised as line_key says.

    The steps commute (case folding maps whitespace to whitespace and nothing else to it;
    digit runs never hold a space), so each is done where it is cheapest: spacing on the
    text, case in bytes for ASCII, digits in bytes unless the text may hold digits of
    other scripts.
    """
    if not spaced:
        line = " ".join(line.split())
    if line.isascii():
        return zero_digit_runs(line.encode("ascii").lower())  # ASCII's casefold is lower
    folded = line.casefold()
    if only_ascii_digits(folded):
        return zero_digit_runs(folded.encode("utf-8"))
    return DIGITS.sub("0", folded).encode("utf-8", "surrogatepass")


def only_ascii_digits(text: str) -> bool:
    """Whether every decimal digit `text` may hold is 0-9 (a C-speed encode, no scan in Python).

    Neither Windows-1252 (the Western languages with their quotes and dashes) nor Latin-1
    has another decimal digit.
    """
    for encoding in ("cp1252", "latin-1"):
        try:
            text.encode(encoding)
        except UnicodeEncodeError:
            continue
        return True
    return False


def zero_digit_runs(data: bytes) -> bytes:
    """`data` with each run of ASCII digits made one "0" (a table and halving replaces).

    Every digit becomes "0", so the runs of "0" are exactly the digit runs; each replace
    halves them.
    """
    zeroed = data.translate(DIGITS_TO_ZERO)
    while b"00" in zeroed:
        zeroed = zeroed.replace(b"00", b"0")
    return zeroed


def single_spaced(text: str) -> bool:
    """No whitespace but single inner spaces (as the whitespace stage leaves every line).

    A printable string has no whitespace character other than the space.
    """
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def document_keys(lines: Sequence[str]) -> tuple[list[int], list[int]]:
    """The distinct keys of a document's lines of a few words or more, and of its long lines.

    One- and two-word lines ("Pros", "Share", "Menu") repeat across unrelated sites as often
    as within one; they say nothing about a site's template and are left to the rules.
    """
    keys, long_keys, _ = document_stats(lines)
    return keys, long_keys


def document_stats(lines: Sequence[str]) -> tuple[list[int], list[int], list[int | None]]:
    """`document_keys(lines)`, and the key of each line in order (None under MIN_TEMPLATE_WORDS).

    A single-spaced line (as the whitespace stage leaves them) has its spaces plus one words.
    """
    keys: set[int] = set()
    long_keys: set[int] = set()
    each: list[int | None] = []
    for line in lines:
        spaced = single_spaced(line)
        words = line.count(" ") + 1 if spaced and line else len(line.split())
        if words < MIN_TEMPLATE_WORDS:
            each.append(None)
            continue
        key = spaced_line_key(line, spaced)
        each.append(key)
        keys.add(key)
        if words >= LONG_LINE_WORDS:
            long_keys.add(key)
    return sorted(keys), sorted(long_keys), each


def line_keys_batch(rows: Sequence[tuple[str, list[int | None]]]) -> pa.RecordBatch:
    """(doc_id, line_keys) rows as a LINE_KEYS batch."""
    return pa.RecordBatch.from_pydict({
        "doc_id": [r[0] for r in rows], "line_keys": [r[1] for r in rows]}, schema=LINE_KEYS)


def line_stats_batch(rows: Sequence[tuple[str, list[int], list[int]]]) -> pa.RecordBatch:
    """(doc_id, keys, long_keys) rows as a LINE_STATS batch."""
    return pa.RecordBatch.from_pydict({
        "doc_id": [r[0] for r in rows], "keys": [r[1] for r in rows],
        "long_keys": [r[2] for r in rows]}, schema=LINE_STATS)


@dataclass(frozen=True)
class DocKeys:
    """Every document's keys as two flat arrays (a CSR layout), never as Python objects.

    A dump's line statistics run to tens of keys per document; as Python sets they cost
    kilobytes a document, as arrays a few hundred bytes, so the reduce stays small.
    """

    offsets: np.ndarray  # document d's keys are values[offsets[d]:offsets[d + 1]]
    values: np.ndarray

    @classmethod
    def from_lists(cls, column: pa.ChunkedArray) -> DocKeys:
        """From a list<int64> column."""
        lists = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        offsets = lists.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
        values = lists.values.to_numpy(zero_copy_only=False)
        return cls(offsets - offsets[0], values[offsets[0]:offsets[-1]])

    def keys_of(self, doc: int) -> frozenset[int]:
        """Document `doc`'s keys (the last few thousand asked for are kept at hand)."""
        return self._cached(doc)

    def __post_init__(self) -> None:
        # Documents come up again for each of their repeated lines; a bounded cache keeps
        # memory flat whatever the dump size.
        object.__setattr__(self, "_cached", functools.lru_cache(maxsize=CACHED_DOCS)(
            lambda doc: frozenset(self.values[self.offsets[doc]:self.offsets[doc + 1]].tolist())))

    def doc_of_each_value(self) -> np.ndarray:
        """For every entry of `values`, the document it belongs to."""
        return np.repeat(np.arange(len(self.offsets) - 1), np.diff(self.offsets))

    def only(self, mask: np.ndarray) -> DocKeys:
        """The same documents holding only the keys where `mask` is true."""
        kept = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        return DocKeys(kept[self.offsets], self.values[mask])


def candidate_lines(keys: pa.ChunkedArray, min_docs: int) -> dict[int, int]:
    """Keys present in at least `min_docs` documents, with their document counts."""
    flat = pa.chunked_array([chunk.flatten() for chunk in keys.chunks], pa.int64())
    if len(flat) == 0:
        return {}
    counted = pc.value_counts(flat)
    frequent = counted.filter(pc.greater_equal(counted.field("counts"), min_docs))
    return dict(zip(frequent.field("values").to_pylist(), frequent.field("counts").to_pylist(),
                    strict=True))


def docs_by_candidate(keys: DocKeys, candidates: np.ndarray,
                      sample: int) -> Iterator[tuple[int, list[int]]]:
    """For every candidate key, the first `sample` documents (by index) that contain it."""
    is_candidate = np.isin(keys.values, candidates)
    pair_keys = keys.values[is_candidate]
    pair_docs = keys.doc_of_each_value()[is_candidate]
    order = np.lexsort((pair_docs, pair_keys))
    pair_keys, pair_docs = pair_keys[order], pair_docs[order]
    if len(pair_keys) == 0:
        return
    starts = np.flatnonzero(np.concatenate(([True], pair_keys[1:] != pair_keys[:-1])))
    ends = np.append(starts[1:], len(pair_keys))
    # In order of each key's first document: candidates met one after another then share
    # documents, whose key sets are still in DocKeys' bounded cache.
    by_first_doc = np.argsort(pair_docs[starts], kind="stable")
    for start, end in zip(starts[by_first_doc].tolist(), ends[by_first_doc].tolist(),
                          strict=True):
        yield int(pair_keys[start]), pair_docs[start:min(end, start + sample)].tolist()


def shares_story(docs: list[int], long_keys: DocKeys, key: int) -> bool:
    """Whether the documents may be copies of one story: most of each one's long lines recur.

    Documents with too few long lines to tell are left out; when none can tell, the line is
    not called a template (no evidence is no verdict).
    """
    sets = [long_keys.keys_of(doc) - {key} for doc in docs]
    # A key of one document recurs in the others exactly when two of the sets hold it.
    seen_in = Counter(k for keys in sets for k in keys)
    shares = [sum(seen_in[k] > 1 for k in own) / len(own)
              for own in sets if len(own) >= MIN_LONG_LINES]
    return not shares or statistics.median(shares) >= STORY_SHARE


def same_site(docs: list[int], repeated: DocKeys, key: int) -> bool:
    """Whether the documents share a site's template: many repeated lines besides `key`.

    Pages of one site share dozens of menu and footer lines; pages of different sites that
    happen to share a generic line ("Conclusion", "Share") share little else.
    """
    sets = {doc: repeated.keys_of(doc) for doc in docs[:PAIR_DOCS]}
    pairs = list(itertools.combinations(docs[:PAIR_DOCS], 2))
    overlaps = [len((sets[a] & sets[b]) - {key}) for a, b in pairs]
    return bool(overlaps) and statistics.median(overlaps) >= SITE_SHARED_LINES


def learn_templates(stats: pa.Table, min_docs: int = MIN_DOCS) -> pa.Table:
    """The template lines of a dump: repeated by one site across different stories."""
    candidates = candidate_lines(stats["keys"], min_docs)
    wanted = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
    keys = DocKeys.from_lists(stats["keys"])
    repeated = keys.only(np.isin(keys.values, wanted))
    long_keys = DocKeys.from_lists(stats["long_keys"])
    template = sorted(key for key, docs in docs_by_candidate(repeated, wanted, SAMPLE_DOCS)
                      if same_site(docs, repeated, key)
                      and not shares_story(docs, long_keys, key))
    return pa.table({"key": template, "doc_count": [candidates[k] for k in template]},
                    schema=TEMPLATE_LINES)


def load_template_keys(location: str) -> frozenset[int]:
    """The template keys written by the LearnTemplates task (a Parquet file path or URI)."""
    return frozenset(pq.read_table(location, columns=["key"])["key"].to_pylist())

