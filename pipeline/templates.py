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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from scipy import sparse

from pipeline.cache import cache_key, cached
from pipeline.cleaning.characters import utf16_units

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
# Candidates judged at once: bounds the arrays of their document pairs and long lines.
CHUNK_CANDIDATES = 2048

DIGITS = re.compile(r"\d+")
DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
ZERO_RUNS = re.compile(rb"00+")
LOWER_DIGITS_TO_ZERO = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789",
                                       b"abcdefghijklmnopqrstuvwxyz000000000")
# Keys kept for lines seen recently: a site's furniture repeats on every page of a dump.
KEY_CACHE_SIZE = 8192
BMP = 0x10000

# Each document's keys and long keys are sets (document_keys): the reduce counts a key's
# documents as its entries.
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


EMPTY_DIGEST = hashlib.blake2b(digest_size=8)  # copied for each line: see `digests`


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
    """`data` with each run of ASCII digits made one "0" (a table, then one regex pass).

    Every digit becomes "0", so the runs of "0" are exactly the digit runs.
    """
    return ZERO_RUNS.sub(b"0", data.translate(DIGITS_TO_ZERO))


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

    The document is normalised as one text (`normal_text`) and a line's words are its
    spaces plus one (neither folding nor the digit rule makes or takes a space); a document
    with a line holding a newline is done line by line. Real pages have as many short
    lines (menu items and the like) as long ones: only the lines that get a key are hashed.
    """
    normal = normal_text(lines)
    normals = normal.split(b"\n") if normal is not None else []
    if len(normals) != len(lines) or not lines:
        return document_stats_by_line(lines)   # a line held a newline (or there are none)
    spaces = list(map(bytes.count, normals, itertools.repeat(b" ")))
    wanted = list(map((MIN_TEMPLATE_WORDS - 1).__le__, spaces))
    keys = digests(itertools.compress(normals, wanted))
    found = iter(keys)
    each = [next(found) if key_wanted else None for key_wanted in wanted]
    long_keys = itertools.compress(keys, map((LONG_LINE_WORDS - 1).__le__,
                                             itertools.compress(spaces, wanted)))
    return sorted(set(keys)), sorted(set(long_keys)), each


def digests(normals: Iterable[bytes]) -> list[int]:
    """`digest_key` of each normalised line.

    (Inlined, and not cached: a digest costs little more than a cache's lookup, which would
    hash the line too; real pages repeat few of their long lines. Each hasher is a copy of
    an empty one, a third cheaper than making one with its parameters; the digests become
    ints in one numpy pass rather than an int.from_bytes call each.)
    """
    fresh = EMPTY_DIGEST.copy
    joined = bytearray()
    for normal in normals:
        hasher = fresh()
        hasher.update(normal)
        joined += hasher.digest()
    return np.frombuffer(joined, dtype="<i8").tolist()


def normal_text(lines: Sequence[str]) -> bytes | None:
    """The lines' `normal_bytes` joined by newlines; None if some line holds a newline.

    Normalised as one text, a few C-speed passes in all: case folding works character by
    character (str.casefold has no context rule, unlike lower's final sigma), and neither it
    nor the digit rule makes or takes a newline, so the lines of the normalised text are the
    normalised lines. The characters' flags (`character_flags`) tell which lines are not
    single_spaced (only those are folded first, one by one: lines as the whitespace stage
    leaves them are, but for the odd unprintable character) and which passes are needed.
    """
    text = "\n".join(lines)
    units = utf16_units(text)
    flags = character_flags().take(units)
    found = int(np.bitwise_or.reduce(flags))
    if found & UNPRINTABLE or loose_spaces(text, flags):
        fixed = single_spaced_lines(lines, units, flags)
        if fixed is None:
            return None
        text = "\n".join(fixed)
    if found & OTHER_DIGIT or (found & UNPRINTABLE and digits_past_bmp(units)):
        return DIGITS.sub("0", text.casefold()).encode("utf-8", "surrogatepass")
    if found & (FOLDS | UNPRINTABLE):   # a character past the BMP may fold
        return zero_digit_runs(text.casefold().encode("utf-8", "surrogatepass"))
    # Only ASCII letters fold: lower-cased by the same table that zeroes digits.
    return ZERO_RUNS.sub(b"0", text.encode("utf-8").translate(LOWER_DIGITS_TO_ZERO))


def loose_spaces(text: str, flags: np.ndarray) -> bool:
    """Whether a space of `text` touches another space, a newline or an end of the text.

    (Searched for only when two SPACED characters meet: searching a text that is not all
    Latin-1 for two characters costs more than the flags' pass.)
    """
    if text[:1] == " " or text[-1:] == " ":
        return True
    pairs = np.bitwise_and(flags[1:], flags[:-1])
    return bool(np.bitwise_or.reduce(pairs) & SPACED) and (
        "  " in text or " \n" in text or "\n " in text)


def single_spaced_lines(lines: Sequence[str], units: np.ndarray,
                        flags: np.ndarray) -> list[str] | None:
    """The lines, those not single_spaced folded by `" ".join(line.split())`.

    `units` are the UTF-16 code units of the lines joined by newlines, `flags` their flags.
    A line is not single_spaced where it holds an unprintable unit (a character past the BMP
    counts as one; folding leaves such a line as it is) or a space beside a space, a
    newline or an end. None if a line holds a newline.
    """
    newlines = np.flatnonzero(units == NEWLINE_UNIT)
    if len(newlines) != len(lines) - 1:
        return None
    spaced = np.concatenate(([True], (flags & SPACED) != 0, [True]))
    loose = (units == SPACE_UNIT) & (spaced[:-2] | spaced[2:])
    odd = np.flatnonzero(loose | ((flags & UNPRINTABLE) != 0))
    fixed = list(lines)
    for line in np.unique(np.searchsorted(newlines, odd)).tolist():
        fixed[line] = " ".join(fixed[line].split())
    return fixed


def digits_past_bmp(units: np.ndarray) -> bool:
    """Whether a character past the BMP among the UTF-16 `units` is, or folds to, a digit."""
    high = np.flatnonzero((units[:-1] >> 10) == HIGH_SURROGATES)
    low = units[high + 1]
    paired = (low >> 10) == LOW_SURROGATES
    codes = BMP + ((units[high[paired]].astype(np.int64) & 0x3FF) << 10) + (low[paired] & 0x3FF)
    return any(map(digit_past_bmp, np.unique(codes).tolist()))


@functools.cache
def digit_past_bmp(code: int) -> bool:
    """Whether the character is, or folds to, a decimal digit (`DIGITS`)."""
    character = chr(code)
    return bool(DIGITS.search(character + character.casefold()))


# Flags of BMP characters (`character_flags`).
UNPRINTABLE = 1   # not str.isprintable, but for the newline; and surrogates
FOLDS = 2         # str.casefold changes a character other than an ASCII letter
OTHER_DIGIT = 4   # a decimal digit (`DIGITS`) other than 0-9, itself or folded
SPACED = 8        # a space or a newline
SPACE_UNIT, NEWLINE_UNIT = ord(" "), ord("\n")  # in UTF-16 units and in UTF-8 bytes alike
HIGH_SURROGATES, LOW_SURROGATES = 0xD800 >> 10, 0xDC00 >> 10  # a UTF-16 unit's top 6 bits


@functools.cache
def character_flags() -> np.ndarray:
    """Each BMP character's flags (uint8), from the disk cache when it holds them.

    (Deriving them takes a few hundredths of a second, inside the first task that needs
    them; they depend only on this module and the Python version's Unicode data.)
    """
    key = cache_key(sources=[__file__], packages=[])
    return cached("template-character-flags", key, derive_character_flags, np.ndarray)


def derive_character_flags() -> np.ndarray:
    """Each BMP character's flags (uint8), derived from Python's own character data."""
    flags = np.zeros(BMP, dtype=np.uint8)
    for point in range(BMP):
        character = chr(point)
        folded = character.casefold()
        flag = 0 if character.isprintable() or character == "\n" else UNPRINTABLE
        if folded != character and not ("A" <= character <= "Z"):
            flag |= FOLDS
        if DIGITS.search(character + folded) and not ("0" <= character <= "9"):
            flag |= OTHER_DIGIT
        flags[point] = flag
    flags[[ord(" "), ord("\n")]] |= SPACED
    return flags


def document_stats_by_line(lines: Sequence[str]) -> tuple[list[int], list[int],
                                                          list[int | None]]:
    """`document_stats`, line by line (for documents with a line that holds a newline).

    A single-spaced line has its spaces plus one words.
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
class Ragged:
    """Rows of different lengths as two flat arrays (a CSR layout), never as Python objects.

    Rows are each document's keys, each candidate's sampled documents. A dump's line
    statistics run to tens of keys per document; as Python sets they cost kilobytes a
    document, as arrays a few hundred bytes, so the reduce stays small.
    """

    offsets: np.ndarray  # row r is values[offsets[r]:offsets[r + 1]]
    values: np.ndarray

    @classmethod
    def from_lists(cls, column: pa.ChunkedArray) -> Ragged:
        """From a list<int64> column."""
        lists = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        offsets = lists.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
        values = lists.values.to_numpy(zero_copy_only=False)
        return cls(offsets - offsets[0], values[offsets[0]:offsets[-1]])

    @classmethod
    def from_lengths(cls, lengths: np.ndarray, values: np.ndarray) -> Ragged:
        """Rows of the given lengths, one after another in `values`."""
        return cls(np.concatenate(([0], np.cumsum(lengths, dtype=np.int64))), values)

    def lengths(self) -> np.ndarray:
        """The length of every row."""
        return np.diff(self.offsets)

    def only(self, mask: np.ndarray, values: np.ndarray | None = None) -> Ragged:
        """The same rows holding only the entries where `mask` is true (of `values` if given)."""
        kept = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
        return Ragged(kept[self.offsets], (self.values if values is None else values)[mask])

    def positions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every entry of the given rows, row after row: the index into `rows` and into `values`."""
        which, within = spans(self.offsets[rows + 1] - self.offsets[rows])
        return which, self.offsets[rows][which] + within


def spans(lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For runs of the given lengths laid end to end: each item's run and place in its run."""
    which = np.repeat(np.arange(len(lengths)), lengths)
    firsts = np.cumsum(lengths) - lengths
    return which, np.arange(len(which)) - firsts[which]


@dataclass(frozen=True)
class Candidates:
    """The keys of at least `min_docs` documents (candidate template lines), numbered.

    Every key of the dump, short or long, has a line number (a hash encoding). Candidates
    are numbered in order of their first document, so candidates judged together share
    documents (whose rows stay in cache); the numbering changes no verdict.
    """

    keys: np.ndarray  # the key of every candidate
    doc_counts: np.ndarray
    lines: np.ndarray  # the line number of every candidate
    held: sparse.csr_matrix  # documents x candidates: 1 where the document holds the candidate


@dataclass(frozen=True)
class LongLines:
    """Every document's long lines, as far as the judgement of a story needs them."""

    counts: np.ndarray  # every document's number of long lines
    line_count: int  # line numbers run from 0 to line_count - 1
    # Every document's long lines (line numbers) that may recur in another document or be
    # the candidate judged; the others are all counted in `counts`, never found twice.
    telling: Ragged


def number_lines(keys: Ragged, long_keys: Ragged) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Line numbers for the keys' and the long keys' values, and the key of every number."""
    encoded = pc.dictionary_encode(pa.array(np.concatenate((keys.values, long_keys.values)),
                                            pa.int64()))
    numbers = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False)
    return numbers[:len(keys.values)], numbers[len(keys.values):], distinct


def find_candidates(keys: Ragged, numbers: np.ndarray, distinct: np.ndarray,
                    min_docs: int) -> Candidates:
    """The candidates among the keys (`numbers`: the line number of each of keys' values)."""
    doc_counts = np.bincount(numbers, minlength=len(distinct))
    is_candidate = doc_counts >= min_docs
    lines = np.flatnonzero(is_candidate)
    candidate_of_line = np.cumsum(is_candidate) - 1
    mask = is_candidate[numbers]
    repeated = keys.only(mask, candidate_of_line[numbers])
    held = sparse.csr_matrix(
        (np.ones(len(repeated.values), dtype=np.int32), repeated.values, repeated.offsets),
        shape=(len(repeated.offsets) - 1, len(lines)))
    held.sort_indices()  # sorted rows merge faster
    return Candidates(distinct[lines], doc_counts[lines], lines, held)


def long_lines(long_keys: Ragged, numbers: np.ndarray, line_count: int,
               found: Candidates) -> LongLines:
    """The documents' long lines (`numbers`: the line number of each of long_keys' values)."""
    may_tell = np.bincount(numbers, minlength=line_count) >= 2
    may_tell[found.lines] = True
    return LongLines(long_keys.lengths(), line_count, long_keys.only(may_tell[numbers], numbers))


def sampled_docs(found: Candidates, sample: int) -> Ragged:
    """For every candidate, the first `sample` documents (by index) that hold it."""
    # Column by column, each column's documents in order (scipy fills columns row by row).
    by_candidate = found.held.tocsc()
    counts = np.diff(by_candidate.indptr)
    _, rank = spans(counts)
    return Ragged.from_lengths(np.minimum(counts, sample), by_candidate.indices[rank < sample])


def medians(counts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The median of each run of `values` (runs of the given lengths), NaN for an empty run.

    As statistics.median computes it: the middle value, or the mean of the two middle ones.
    """
    run, _ = spans(counts)
    ordered = values[np.lexsort((values, run))]
    has = counts > 0
    firsts = (np.cumsum(counts) - counts)[has]
    middle = (ordered[firsts + (counts[has] - 1) // 2] + ordered[firsts + counts[has] // 2]) / 2
    result = np.full(len(counts), np.nan)
    result[has] = middle
    return result


def common_counts(found: Candidates, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For documents a[i] and b[i], the number of candidates both hold."""
    # A sparse product merges the two rows' sorted candidates (in C++).
    return np.asarray(found.held[a].multiply(found.held[b]).sum(axis=1)).ravel()


def same_site(found: Candidates, samples: Ragged, judged: np.ndarray) -> np.ndarray:
    """Whether each judged candidate's documents share a site's template (many other lines).

    Over the pairs of its first PAIR_DOCS sampled documents, the median number of other
    candidates both hold must reach SITE_SHARED_LINES. Pages of one site share dozens of
    menu and footer lines; pages of different sites that happen to share a generic line
    ("Conclusion", "Share") share little else.
    """
    # Pairs (earlier, later) ordered by the later one: those among the first m documents
    # are the first m(m - 1) / 2.
    later, earlier = np.tril_indices(PAIR_DOCS, -1)
    docs = np.minimum(samples.lengths()[judged], PAIR_DOCS)
    pair_counts = docs * (docs - 1) // 2
    candidate, pair = spans(pair_counts)
    first = samples.offsets[judged][candidate]
    a, b = samples.values[first + earlier[pair]], samples.values[first + later[pair]]
    # Less the judged line itself: both documents hold it (they were sampled for holding it).
    overlaps = common_counts(found, a, b) - 1
    return medians(pair_counts, overlaps) >= SITE_SHARED_LINES


def shares_story(found: Candidates, samples: Ragged, long: LongLines,
                 judged: np.ndarray) -> np.ndarray:
    """Whether each judged candidate's documents may be copies of one story.

    They are when, for the median document, STORY_SHARE of its long lines (the judged line
    itself not counted) are found in another sampled document. Documents with too few long
    lines to tell are left out; when none can tell, the line is not called a template (no
    evidence is no verdict).
    """
    candidate, at = samples.positions(judged)
    docs = samples.values[at]
    sampled, at = long.telling.positions(docs)
    lines = long.telling.values[at]
    is_judged = lines == found.lines[judged][candidate][sampled]
    own = long.counts[docs] - np.bincount(sampled[is_judged], minlength=len(docs))
    sampled, lines = sampled[~is_judged], lines[~is_judged]
    shared = recurring_counts(candidate, sampled, lines)
    tell = own >= MIN_LONG_LINES
    story = medians(np.bincount(candidate[tell], minlength=len(judged)), shared[tell] / own[tell])
    return np.isnan(story) | (story >= STORY_SHARE)


def recurring_counts(candidate: np.ndarray, sampled: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """For each sampled document i, how many of its lines another one of candidate[i] holds.

    `sampled` and `lines` list the documents' lines; a candidate's documents are numbered
    consecutively, so sorted by line then document, the copies of a line in one candidate's
    sample lie side by side.
    """
    codes = np.sort(lines * len(candidate) + sampled)
    line, doc = np.divmod(codes, len(candidate))
    same = (line[1:] == line[:-1]) & (candidate[doc[1:]] == candidate[doc[:-1]])
    recurs = np.zeros(len(codes), dtype=bool)
    recurs[1:] |= same
    recurs[:-1] |= same
    return np.bincount(doc[recurs], minlength=len(candidate))


def learn_templates(stats: pa.Table, min_docs: int = MIN_DOCS) -> pa.Table:
    """The template lines of a dump: repeated by one site across different stories.

    Every candidate is judged, CHUNK_CANDIDATES at a time, with array operations over all
    of their sampled documents at once.
    """
    keys = Ragged.from_lists(stats["keys"])
    long_keys = Ragged.from_lists(stats["long_keys"])
    numbers, long_numbers, distinct = number_lines(keys, long_keys)
    found = find_candidates(keys, numbers, distinct, min_docs)
    long = long_lines(long_keys, long_numbers, len(distinct), found)
    samples = sampled_docs(found, SAMPLE_DOCS)
    template = np.zeros(len(found.keys), dtype=bool)
    for start in range(0, len(found.keys), CHUNK_CANDIDATES):
        judged = np.arange(start, min(start + CHUNK_CANDIDATES, len(found.keys)))
        site = judged[same_site(found, samples, judged)]
        template[site] = ~shares_story(found, samples, long, site)
    order = np.argsort(found.keys[template])
    return pa.table({"key": found.keys[template][order],
                     "doc_count": found.doc_counts[template][order]}, schema=TEMPLATE_LINES)


def load_template_keys(location: str) -> frozenset[int]:
    """The template keys written by the LearnTemplates task (a Parquet file path or URI)."""
    return frozenset(pq.read_table(location, columns=["key"])["key"].to_pylist())

