"""Langdetect's answer in closed form, from its own profiles, without its random trials.

How langdetect decides (Detector._detect_block): it lists the text's 1-3 character n-grams
(characters normalised by NGram.normalize), then runs 7 trials. A trial starts with every
language equally likely and multiplies each language's probability by
(alpha / 10000 + P(n-gram | language)) for n-grams drawn at random from the list, until one
language passes 0.99999. It reports the trials' average. In Python that costs 15-40 ms for a
5 KB text.

In log space a trial is a random walk: each draw moves the top language's lead over a rival
by one n-gram's log-likelihood ratio, and the trial ends once a lead of about ln(10^5) is
reached, by either. So the n-grams' log weights tell which language the trials head for (the
naive Bayes top language) and how likely one trial is to be thrown off to a rival (the
gambler's ruin of a walk with that drift and variance); the binomial law then bounds the
chance that enough trials go astray to change langdetect's answer. The n-grams ending at a
few hundred positions spread over the text estimate drift and variance well enough for nearly
every article; when they leave the answer in doubt, more positions, then all of them, are
scored; a text that stays close is left to langdetect itself (the caller does that).

The work is a few dozen numpy calls per text, whatever its length: their number, more than
the data, sets the cost. Sums are added in an order our code fixes (`column_sums`, not BLAS
or einsum) and exponentials come from Python's math, so a text's score has the same bits on
every machine, whatever kernels its CPU gets.
"""

from __future__ import annotations

import functools
import json
import math
import os
from dataclasses import dataclass

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.utils import unicode_block
from langdetect.utils.ngram import NGram

# Detector's fixed parameters (it reads only the first 10,000 characters of a text).
MAX_TEXT_LENGTH = 10_000
TRIALS = 7
SMOOTHING = Detector.ALPHA_DEFAULT / Detector.BASE_FREQ
# A trial ends once a language's probability passes CONV_THRESHOLD: its lead over the
# runner-up is then about this many nats.
BARRIER = math.log(Detector.CONV_THRESHOLD / (1 - Detector.CONV_THRESHOLD))

# The n-grams ending at this many positions spread evenly over the text are scored first,
# then at this many, then at all of them.
SAMPLE_SIZES = (256, 1024)
# Accepted chance that langdetect would answer otherwise (another language or `und`).
MAX_DISAGREEMENT = 1e-3
# Fewer n-grams than this are left to langdetect: its trials' random smoothing (alpha) can
# sway a handful of rare n-grams, and a walk of a few distinct steps is not Brownian.
MIN_NGRAMS = 40
# Rivals whose sampling error is weighed: the likeliest to win a trial (for the others the
# sample's estimate stands). Past the first sample, only a shortlist of the languages
# closest on it is weighed.
NEAR_RIVALS = 5
SHORTLIST = 12
# The top language and the near rivals, as positions in the languages sorted by drift.
TOP_AND_NEAR = np.array([-1, *range(NEAR_RIVALS)])
# Past this many n-grams, sums of squares are taken in float64 (float32 loses digits).
PRECISE_SUMS = 1024
# Rows added elementwise at a time by `column_sums` (fixed: it sets the order of the sums).
SUM_BLOCK = 16

BMP = 0x10000
# Detector.cleaning_text's latin letters (A-z) and non-latin characters (from U+0300 on: it
# means to spare Latin Extended Additional but compares a block number with a block name).
LATIN_START, LATIN_SPAN = ord("A"), ord("z") - ord("A")
NON_LATIN_START = 0x300
# The combining marks NGram.normalize_vi composes lie in U+0300-U+0323.
MARKS_START = min(map(ord, NGram.DMARK_CLASS))
MARKS_SPAN = max(map(ord, NGram.DMARK_CLASS)) - MARKS_START
MAIL_LOCAL_PART = 64   # Detector.MAIL_RE matches at most this many characters before '@'
CONTEXT = np.array([[0], [1], [2]])   # offsets of the three characters up to a position

# N-grams are found by cuckoo hashing: an n-gram's code sits in one of two slots of one table,
# each taken from the top bits of a multiplicative hash. A slot holds
# code << ROW_BITS | profile row, 0 when empty.
TABLE_BITS = 18
HASH_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xD6E8FEB86659FD93)   # Fibonacci, and another odd one
SLOT_SHIFT = np.uint64(64 - TABLE_BITS)
MULTIPLIERS = np.array(HASH_MULTIPLIERS, dtype=np.uint64)[:, None, None]
ROW_BITS = 20
MAX_EVICTIONS = 1000


@dataclass(frozen=True)
class Profiles:
    """Langdetect's loaded profiles as arrays: characters to codes, n-gram codes to weights.

    Character codes: 1.. for the profiles' characters, then two for any other character (one
    for upper case, which matters to langdetect's rule on capitals); an n-gram's code is its
    characters' codes as digits in base len(alphabet) + 3. No n-gram with an unknown
    character, or with a space inside, is in a profile, so looking one up finds nothing, as
    langdetect would list nothing. Row `missing` of `log_weights` is all zeros and stands
    for "no n-gram here"; rows past it mean the same (weights are taken with mode="clip").
    """

    languages: tuple[str, ...]
    grams: tuple[str, ...]     # row -> n-gram
    char_code: np.ndarray      # BMP code point -> code of its normalised character (uint64)
    stand_ins: tuple[int, int]   # unknown BMP characters, lower and upper case, non-latin
    code_upper: np.ndarray     # character code -> the character is upper case
    space: int
    place_values: np.ndarray   # (1, base, base^2) as a column (uint64): see `rows_of`
    table: np.ndarray          # slot -> code << ROW_BITS | row of an n-gram, 0 when empty
    log_weights: np.ndarray    # row, language -> log(alpha / 10000 + P(n-gram | language))
    missing: int               # the row that stands for no n-gram: the last

    @classmethod
    def from_directory(cls, directory: str) -> Profiles:
        """Index the profiles in langdetect's profile directory (a third of a second).

        Read as DetectorFactory.load_profile reads them, without its dict of lists.
        """
        return cls.from_probabilities(*read_profiles(directory))

    @classmethod
    def from_factory(cls, factory: DetectorFactory) -> Profiles:
        """Index the profiles a DetectorFactory loaded."""
        prob_map = factory.word_lang_prob_map
        return cls.from_probabilities(tuple(factory.langlist), list(prob_map),
                                      np.array(list(prob_map.values()), dtype=np.float64))

    @classmethod
    def from_probabilities(cls, languages: tuple[str, ...], grams: list[str],
                           probabilities: np.ndarray) -> Profiles:
        """Index n-grams (in langdetect's order) and their probabilities (gram, language)."""
        # Common n-grams first: the rows most texts use then share pages and cache lines.
        order = np.argsort(-probabilities.max(axis=1), kind="stable")   # as sorted() does
        grams = [grams[row] for row in order.tolist()]
        alphabet = sorted(set("".join(grams)))
        code = {ch: i + 1 for i, ch in enumerate(alphabet)}
        base = len(alphabet) + 3
        char_code = bmp_char_codes(code, base)
        upper_stand_in = 0x300 + int(np.flatnonzero(char_code[0x300:] == base - 1)[0])
        code_upper = np.array([False, *(ch.isupper() for ch in alphabet), False, True])
        # Every n-gram but a space alone (langdetect never lists one) is looked up by hashing.
        listed = np.ones(len(grams), dtype=bool)
        listed[[row for row, gram in enumerate(grams) if gram == " "]] = False
        weights = np.log(SMOOTHING + probabilities[order])
        weights = np.vstack([weights, np.zeros(len(languages))]).astype(np.float32)
        return cls(
            languages=tuple(languages), grams=tuple(grams), char_code=char_code,
            stand_ins=(BMP - 1, upper_stand_in),
            code_upper=code_upper, space=code[" "],
            place_values=np.array([[1], [base], [base * base]], dtype=np.uint64),
            table=cuckoo_table(gram_codes(grams, code, base), np.flatnonzero(listed)),
            log_weights=weights, missing=len(grams))

    def rows_of(self, codes: np.ndarray) -> np.ndarray:
        """The profile row of the n-grams ending at some positions (`missing` or more: none).

        `codes` (uint64) holds the codes of the three characters up to each position; the
        result has one row per n-gram length. A 1-gram's code is below `base`, a 2-gram's
        below base^2, so lengths never collide.
        """
        # c3, c2 * base, c1 * base^2, then summed down: the 1-, 2- and 3-gram codes.
        grams = codes[::-1] * self.place_values
        grams[1] += grams[0]
        grams[2] += grams[1]
        slots = grams * MULTIPLIERS   # (first, second) slot, length, position (wrapping)
        slots >>= SLOT_SHIFT
        found = self.table.take(slots)
        # The slot holding this code XORs to its row (< 2^ROW_BITS); any other to more.
        grams <<= ROW_BITS
        found ^= grams
        rows = np.minimum(found[0], found[1]).view(np.int64)
        # NGram.add_char: nothing is listed at the second and later capitals of a word.
        upper = self.code_upper.take(codes[1:])
        np.copyto(rows, self.missing, where=upper[0] & upper[1])
        return rows


def read_profiles(directory: str) -> tuple[tuple[str, ...], list[str], np.ndarray]:
    """Languages, n-grams and probabilities (n-gram, language) as DetectorFactory loads them.

    Its order (the directory listing's, n-grams as first met), its probabilities
    (frequency / the profile's n-gram count of that length), a column per file listed.
    """
    names = os.listdir(directory)
    languages: list[str] = []
    rows: dict[str, int] = {}
    cells: list[tuple[np.ndarray, int, np.ndarray]] = []
    for name in names:
        path = os.path.join(directory, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as file:
            profile = json.load(file)
        grams = list(profile["freq"])
        gram_rows = np.array([rows.setdefault(gram, len(rows)) for gram in grams], dtype=np.int64)
        lengths = np.array([len(gram) for gram in grams], dtype=np.int64)
        counts = np.array(list(profile["freq"].values()), dtype=np.float64)
        kept = (lengths >= 1) & (lengths <= NGram.N_GRAM)
        per_length = np.array([0.0, *profile["n_words"]], dtype=np.float64)
        cells.append((gram_rows[kept], len(languages), counts[kept] / per_length[lengths[kept]]))
        languages.append(profile["name"])
    probabilities = np.zeros((len(rows), len(names)))
    for gram_rows, column, values in cells:
        probabilities[gram_rows, column] = values
    return tuple(languages), list(rows), probabilities


def bmp_char_codes(code: dict[str, int], base: int) -> np.ndarray:
    """Each BMP code point's code: its NGram.normalize character's (uint64).

    The characters of `code`, then base - 2 for any other lower-case character and base - 1
    for an upper-case one. NGram.normalize rule by rule, on all code points at once.
    """
    points = np.arange(BMP)
    block = np.zeros(BMP, dtype=np.int64)   # 0: in no block
    for name, start, end in unicode_block._unicode_blocks:
        block[start:min(end, BMP - 1) + 1] = name
    normal = points.copy()
    latin = block == unicode_block.UNICODE_BASIC_LATIN
    letter = (((points >= ord("A")) & (points <= ord("Z")))
              | ((points >= ord("a")) & (points <= ord("z"))))
    normal[latin & ~letter] = 0x20
    excluded = [ord(ch) for ch in NGram.LATIN1_EXCLUDED]
    normal[excluded] = np.where(block[excluded] == unicode_block.UNICODE_LATIN_1_SUPPLEMENT, 0x20,
                                normal[excluded])
    for point, target in ((0x219, 0x15F), (0x21B, 0x163), (0x6CC, 0x64A)):   # Romanian, Farsi
        normal[point] = target
    normal[block == unicode_block.UNICODE_GENERAL_PUNCTUATION] = 0x20
    normal[(block == unicode_block.UNICODE_LATIN_EXTENDED_ADDITIONAL) & (points >= 0x1EA0)] = 0x1EC3
    for blocks, target in (((unicode_block.UNICODE_HIRAGANA,), 0x3042),
                           ((unicode_block.UNICODE_KATAKANA,), 0x30A2),
                           ((unicode_block.UNICODE_BOPOMOFO,
                             unicode_block.UNICODE_BOPOMOFO_EXTENDED), 0x3105),
                           ((unicode_block.UNICODE_HANGUL_SYLLABLES,), 0xAC00)):
        normal[np.isin(block, blocks)] = target
    for ch, representative in NGram.CJK_MAP.items():
        if block[ord(ch)] == unicode_block.UNICODE_CJK_UNIFIED_IDEOGRAPHS:
            normal[ord(ch)] = ord(representative)
    codes = np.where(np.array([chr(point).isupper() for point in range(BMP)]), base - 1,
                     base - 2)
    known = [(ord(ch), value) for ch, value in code.items() if ord(ch) < BMP]
    codes[[point for point, _ in known]] = [value for _, value in known]
    return codes.take(normal).astype(np.uint64)


def slots_of(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each n-gram code's two slots in the table."""
    return tuple((keys.astype(np.uint64) * np.uint64(multiplier)) >> SLOT_SHIFT
                 for multiplier in HASH_MULTIPLIERS)


def gram_codes(grams: list[str], code: dict[str, int], base: int) -> np.ndarray:
    """Each n-gram's characters as one number (its characters' codes as digits)."""
    keys = []
    for gram in grams:
        value = 0
        for ch in gram:
            value = value * base + code[ch]
        keys.append(value)
    return np.array(keys, dtype=np.int64)


def cuckoo_table(keys: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """A table where each of keys[rows] sits in one of its two slots.

    Cuckoo hashing: a newcomer takes its first slot; an occupant it evicts moves to its
    other slot, and so on.
    """
    if len(keys) >= 1 << ROW_BITS or 2 * len(rows) > 1 << TABLE_BITS:
        raise ValueError(f"{len(keys)} n-grams do not fit the hash table")
    slots = [side.astype(np.int64).tolist() for side in slots_of(keys)]
    table = [-1] * (1 << TABLE_BITS)
    for newcomer in rows.tolist():
        moving, slot = newcomer, slots[0][newcomer]
        for _ in range(MAX_EVICTIONS):
            moving, table[slot] = table[slot], moving
            if moving < 0:
                break
            first, second = slots[0][moving], slots[1][moving]
            slot = second if slot == first else first
        else:
            raise ValueError("cuckoo hashing failed: change HASH_MULTIPLIERS or TABLE_BITS")
    occupant = np.array(table, dtype=np.int64)
    return np.where(occupant >= 0, keys[occupant] << ROW_BITS | occupant, 0).astype(np.uint64)


def prepare(text: str) -> str:
    """What langdetect reads of `text` (Detector.append), without URLs and e-mail addresses.

    `text_points` does the rest. (It also squeezes runs of spaces, which changes no n-gram.)
    """
    if "http" in text:
        text = Detector.URL_RE.sub(" ", text)
    if "@" in text:
        # Scanning starts just before the first '@': no match can start earlier.
        start = max(0, text.index("@") - MAIL_LOCAL_PART)
        text = text[:start] + Detector.MAIL_RE.sub(" ", text[start:])
    return text


def text_points(profiles: Profiles, text: str) -> np.ndarray:
    """The code points langdetect reads of a prepared text.

    Vietnamese marks composed, the first 10,000 characters, without latin letters if mostly in
    another script (Detector.cleaning_text). Characters past the BMP (in no profile) stand as
    BMP characters of the same kind, so the tables stop at the BMP. (Counted by comparisons
    on the code points: a few vector passes, no table gathered per character.)
    """
    head = text[:MAX_TEXT_LENGTH + 1]   # one more: a mark composes with the letter before
    if head.isascii():
        return np.frombuffer(head[:MAX_TEXT_LENGTH].encode("ascii"), dtype=np.uint8)
    points = bmp_points(profiles, head)
    # Unsigned differences: a code point below the range wraps past its end.
    if np.count_nonzero((points - MARKS_START) <= MARKS_SPAN):   # maybe a Vietnamese mark
        # (NGram.normalize_vi leaves a text without a letter and mark to compose unchanged.)
        points = bmp_points(profiles, NGram.normalize_vi(text)[:MAX_TEXT_LENGTH + 1])
    points = points[:MAX_TEXT_LENGTH]
    non_latin = np.count_nonzero(points >= NON_LATIN_START)
    if non_latin and 2 * np.count_nonzero((points - LATIN_START) <= LATIN_SPAN) < non_latin:
        return points[(points - LATIN_START) > LATIN_SPAN]
    return points


def bmp_points(profiles: Profiles, text: str) -> np.ndarray:
    """The code points of `text`; past the BMP, an unknown character of the same case.

    Its UTF-16 code units when they are as many as its characters (no character past the
    BMP; a lone surrogate is one unit, as it is one point).
    """
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(units) == len(text):
        return units
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    for index in np.flatnonzero(points >= BMP).tolist():
        points[index] = profiles.stand_ins[chr(points[index]).isupper()]
    return points


@dataclass(slots=True)
class Sample:
    """The n-grams langdetect lists that end at some positions of the text."""

    rows: np.ndarray    # n - 1, position -> profile row of the n-gram; `missing` or more: none
    complete: bool      # the positions are all of the text's


@functools.cache
def indices(size: int) -> np.ndarray:
    """0 .. size - 1, made once."""
    return np.arange(size, dtype=np.int64)


def column_sums(matrix: np.ndarray) -> np.ndarray:
    """Each column's sum, in an order fixed here: the same bits on every CPU.

    Only elementwise adds of whole rows, in a set order: rows i, i + SUM_BLOCK, i + 2
    SUM_BLOCK, ... into SUM_BLOCK partial rows (a reduction over the first axis of a C-ordered
    array adds rows in order), those partial rows in order, then the sum of the rows left
    over (in order). Unlike
    BLAS (a matrix product's summation order depends on the kernel OpenBLAS picks for the CPU
    at run time) or einsum (whose fused multiply-adds depend on numpy's build and CPU
    dispatch). Blocks of rows make each elementwise add long enough to be cheap. (A single
    column is summed beside a column of zeros: numpy would add it pairwise along its length.)
    """
    rows, columns = matrix.shape
    if columns == 1:
        return column_sums(np.hstack([matrix, np.zeros_like(matrix)]))[:1]
    whole = rows - rows % SUM_BLOCK
    partial = np.add.reduce(matrix[:whole].reshape(-1, SUM_BLOCK * columns), axis=0)
    sums = np.add.reduce(partial.reshape(SUM_BLOCK, columns), axis=0)
    if whole < rows:
        sums += np.add.reduce(matrix[whole:], axis=0)
    return sums


def exp_sum(values: list[float]) -> float:
    """Sum of e^-value, from Python's math (numpy's exp varies with CPU dispatch).

    math.fsum rounds the exact sum, so the order of the terms does not matter.
    """
    return math.fsum(math.exp(-value) for value in values)


def sample_ngrams(profiles: Profiles, points: np.ndarray, size: int) -> Sample:
    """The n-grams ending at `size` positions spread evenly over the text (all if no more).

    Single positions give the most nearly independent draws (as langdetect's are) for the
    work.
    """
    length = len(points)
    if length <= size:
        # Two spaces first: langdetect reads a text as if after a space.
        codes = np.empty(length + 2, dtype=np.uint64)
        codes[:2] = profiles.space
        profiles.char_code.take(points, out=codes[2:])
        return Sample(profiles.rows_of(codes.take(indices(length) + CONTEXT)), True)
    # Sampled positions start at the third character, so their n-grams are whole.
    positions = indices(size) * (length - 3)
    positions //= size - 1
    positions = points.take(positions + CONTEXT)
    return Sample(profiles.rows_of(profiles.char_code.take(positions)), False)


@dataclass(slots=True)
class Lead:
    """How far the sample's top language leads its rivals, per n-gram langdetect draws."""

    language: int
    rivals: np.ndarray     # the other languages, likeliest to win a trial first
    mean: list[float]      # per near rival: mean log-likelihood lead per n-gram,
    variance: list[float]  # its variance,
    error: list[float]     # and the standard error of `mean` as the whole text's
    far: float             # sum of e^-d (see `verdict_of`) over the other rivals,
    unlisted: float        # and over those past the shortlist
    ngrams: int            # n-grams in the sample


def lead_of(profiles: Profiles, sample: Sample, languages: np.ndarray | None = None) -> Lead:
    """The naive Bayes top language of the sample and its lead over the other `languages`.

    All languages by default. Rivals are ranked by drift per variance: one far behind on
    average can still win trials when its n-grams come in big steps, as a second script's do.
    (Numpy calls on a few dozen numbers cost more than their arithmetic: `take` rather than
    fancy indexing, results put where they are needed.)
    """
    listed = np.add.reduce(sample.rows < profiles.missing, axis=0)   # n-grams per position
    count = int(np.add.reduce(listed))
    rows = sample.rows.ravel()
    weights = profiles.log_weights.take(rows, axis=0, mode="clip")   # n-gram, language
    if languages is None:
        languages = indices(len(profiles.languages))
    else:
        weights = weights.take(languages, axis=1)   # C order, as the sums below need
    if len(rows) > PRECISE_SUMS:   # float32 sums of squares lose digits past this
        weights = weights.astype(np.float64)
    totals = column_sums(weights)
    best = int(totals.argmax())
    ahead = totals[best] - totals   # count * mean lead
    leads = np.subtract(weights[:, best, None], weights)   # per n-gram
    square_sums = count * column_sums(np.multiply(leads, leads, out=leads))
    variance = np.maximum(square_sums - ahead ** 2, 1e-9)   # count^2 * variance
    drift = 2 * BARRIER * count * ahead / variance   # see verdict_of
    drift[best] = np.inf
    order = drift.argsort()   # the top language last: its drift alone is infinite
    rivals = order[:-1]
    near = rivals[:NEAR_RIVALS]
    mean = ahead.take(near) / max(count, 1)
    error = [0.0] * len(near)
    if not sample.complete:
        columns = order.take(TOP_AND_NEAR)   # as np.append(best, near)
        error = position_error(position_leads(weights, columns), listed, mean, count)
    behind = drift.take(rivals).tolist()
    return Lead(int(languages[best]), languages.take(rivals), mean.tolist(),
                (variance.take(near) / max(count, 1) ** 2).tolist(), error,
                exp_sum(behind[NEAR_RIVALS:]), exp_sum(behind[SHORTLIST - 1:]), count)


def position_leads(weights: np.ndarray, languages: np.ndarray) -> np.ndarray:
    """The lead of the first of `languages` over each other one, summed per position.

    `weights` holds the 1-grams' rows, then the 2-grams', then the 3-grams'. The sums are
    (1-gram + 2-gram) + 3-gram, in that order; the result is (rival, position).
    """
    columns = weights[:, languages].T   # (language, n-gram): long rows, fast sums
    lead = np.subtract(columns[0], columns[1:])
    lead = lead.reshape(len(languages) - 1, 3, -1)
    sums = lead[:, 0] + lead[:, 1]
    sums += lead[:, 2]
    return sums


def position_error(sums: np.ndarray, sizes: np.ndarray, mean: np.ndarray,
                   count: int) -> list[float]:
    """Standard error of the mean lead over sampled positions.

    A ratio estimator with positions as clusters (the 1-, 2- and 3-gram ending at one
    position are alike): `sums` holds the lead summed per position (rival, position),
    `sizes` the n-grams per position, `count` their sum. (The residuals are laid out
    position by rival, in C order, for the sums of squares.)
    """
    positions = len(sizes)
    residual = np.subtract(sums.T, np.multiply.outer(sizes, mean), order="C")
    squares = column_sums(np.multiply(residual, residual))
    scale = positions * (positions - 1) * (float(count) / positions) ** 2
    return np.sqrt(squares / max(scale, 1e-9)).tolist()


@functools.cache
def failures_to_disagree(min_score: float) -> int:
    """How many of langdetect's trials must settle elsewhere to change its answer.

    Enough to pull the top probability under `min_score` (`und`) or to make a rival the
    majority.
    """
    return min(math.floor(TRIALS * (1 - min_score)) + 1, TRIALS // 2 + 1)


@dataclass(slots=True)
class Verdict:
    """A closed-form answer: langdetect's language and its expected score."""

    language: str
    score: float   # expected share of trials settling on the language: what langdetect reports
    risk: float    # bound on the chance that langdetect answers otherwise


def verdict_of(profiles: Profiles, lead: Lead, needed: int, unlisted: float = 0.0) -> Verdict:
    """The answer a lead gives, and how likely langdetect is to give another.

    A trial settles on a rival when its walk (drift `mean`, variance `variance` per step)
    falls BARRIER below its start before rising BARRIER above: by the Brownian approximation,
    with chance 1 / (1 + e^d) < e^-d, d = 2 BARRIER mean / variance. The answer changes when
    `needed` of the trials do: at most C(TRIALS, needed) q^needed, q the chance summed over
    rivals. For a sample, the whole text's mean is normal around the sample's (standard
    error `error`), so e^-d is lognormal and E[q^k] <= (sum of e^(-d + k b^2 / 2))^k,
    b = 2 BARRIER error / variance (Minkowski's inequality). `unlisted` adds the e^-d of
    languages left out of the lead.
    """
    failure = expected = lead.far + unlisted
    for mean, variance, error in zip(lead.mean, lead.variance, lead.error, strict=True):
        drift = 2 * BARRIER * mean / max(variance, 1e-12)
        spread_ = 2 * BARRIER * error / max(variance, 1e-12)
        behind = math.exp(-min(drift, 700.0))
        expected += behind / (1 + behind)
        failure += math.exp(min(-drift + needed * spread_ * spread_ / 2, 700.0))
    risk = math.comb(TRIALS, needed) * min(failure, 1.0) ** needed
    return Verdict(profiles.languages[lead.language], max(0.0, 1.0 - expected), risk)


def closed_form_language(profiles: Profiles, text: str, min_score: float) -> Verdict | None:
    """Langdetect's answer for `text` when the closed form is sure enough of it, else None.

    Samples first, larger each time they leave it in doubt, then the whole text; past the
    first sample only a shortlist of the languages closest on it is weighed (the first
    sample's estimate stands for the others).
    """
    points = text_points(profiles, prepare(text))
    needed = failures_to_disagree(min_score)
    languages, unlisted = None, 0.0
    for size in (*SAMPLE_SIZES, len(points)):
        sample = sample_ngrams(profiles, points, size)
        lead = lead_of(profiles, sample, languages)
        if lead.ngrams < MIN_NGRAMS:
            return None
        verdict = verdict_of(profiles, lead, needed, unlisted)
        if verdict.risk <= MAX_DISAGREEMENT:
            return verdict
        if sample.complete:
            return None
        if languages is None:
            languages = np.append(lead.language, lead.rivals[:SHORTLIST - 1])
            unlisted = lead.unlisted
    return None
