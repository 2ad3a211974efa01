"""How telling a term is: its rarity in the language at large, from wordfreq's word lists.

Story grouping weighs terms the way IDF does, but a dump's own document frequencies are
useless when the dump is small (five articles that all say "Pompeo" make "Pompeo" look
common) and noisy when one story dominates a day. wordfreq (by the author of ftfy) gives each
word's frequency in a broad multilingual corpus, so "earthquake" weighs more than "said" and
"Sochi" more than "earthquake" in any dump. The weight is an IDF read from that frequency:
-log10 of the word's frequency per billion words mapped onto the usual IDF range.

Multi-word names ("Vladimir Putin") are as telling as the rarest word. Numbers are not in the
word lists: years weigh like a fairly common word, other numbers like a rarer one.

`rarities` is the plain way: wordfreq's dict of each language's whole list. Building those
dicts (700,000 words for some languages) took longer than the rest of the grouping, so the
grouping first gathers the dump's distinct terms of each language and `DumpRarity` reads each
list once, keeping only the words the dump has: a set intersection per frequency band, in C,
on the words' UTF-8 bytes (as stored, so that 3 million words need not be decoded).

That path reads wordfreq's files in place and never imports wordfreq itself (0.1 s of CPU
in every run, mostly langcodes' tables and wordfreq's own): `listed_languages` and
`centibel_frequency` are wordfreq's `available_languages("best")` and `cB_to_freq`, which a
test holds them to. Only the plain `frequencies` imports it.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import msgpack
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

FALLBACK_LANGUAGE = "en"
READERS = 2  # word lists read at once
# Zipf scale: log10 of frequency per billion words; "the" is about 7.7, a rare word about 1.
MAX_ZIPF = 9.0
ZIPF_TO_IDF = math.log(10) / 3
MIN_WEIGHT = 1.0
NAME_WEIGHT = MAX_ZIPF * ZIPF_TO_IDF
YEAR = re.compile(r"^(?:1[89]|2\d)\d\d$")
YEAR_WEIGHT = 3.0
NUMBER_WEIGHT = 4.0


@functools.cache
def frequencies(language: str) -> dict[str, float]:
    """wordfreq's word -> frequency table for a language (empty if it has none)."""
    import wordfreq  # noqa: PLC0415  (deferred: the grouping reads the lists itself)

    if language not in wordfreq.available_languages("best"):
        return {}
    return wordfreq.get_frequency_dict(language, "best")


def rarity(term: str, language: str | None) -> float:
    """The term's weight: high for rare words and names, low for everyday words."""
    return rarities([term], language)[0]


class FrequencyWeights(dict):
    """Frequency -> rarity weight, each computed on first use.

    wordfreq's frequencies are quantised to centibels (about 560 values per language), so
    there are few logarithms to take.
    """

    def __missing__(self, frequency: float) -> float:
        zipf = math.log10(frequency * 1e9) if frequency > 0 else 0.0
        weight = self[frequency] = max(MIN_WEIGHT, (MAX_ZIPF - zipf) * ZIPF_TO_IDF)
        return weight


FREQUENCY_WEIGHTS = FrequencyWeights()


def special_weight(term: str) -> float | None:
    """The weight of a multi-word name or a number, which do not depend on frequency."""
    if " " in term:
        return NAME_WEIGHT
    if term[0].isdigit():
        return YEAR_WEIGHT if YEAR.match(term) else NUMBER_WEIGHT
    return None


def rarities(terms: Sequence[str], language: str | None) -> list[float]:
    """`rarity` of each of many terms of one language, the per-term work done by `map`."""
    table = frequencies(language or FALLBACK_LANGUAGE) or frequencies(FALLBACK_LANGUAGE)
    weights = list(map(FREQUENCY_WEIGHTS.__getitem__, map(table.get, terms, repeat(0.0))))
    for index in [i for i, term in enumerate(terms) if " " in term or term[0].isdigit()]:
        weights[index] = special_weight(terms[index])
    return weights


@functools.cache
def listed_languages() -> dict[str, str]:
    """The languages wordfreq has a word list for, and the file of each.

    `wordfreq.available_languages("best")`, from the names of the files in wordfreq's data
    directory: a language's "large" list where it has one, else its "small" one.
    """
    package = importlib.util.find_spec("wordfreq")  # finds it without importing it
    if package is None or not package.submodule_search_locations:
        raise ImportError("wordfreq is not installed")
    lists: dict[str, dict[str, str]] = {"small": {}, "large": {}}
    for path in Path(package.submodule_search_locations[0], "data").glob("*.msgpack.gz"):
        if not path.name.startswith("_"):  # wordfreq's other data files
            size, language = path.name.split(".")[0].split("_")
            lists.setdefault(size, {})[language] = str(path)
    return {**lists["small"], **lists["large"]}


def centibel_frequency(band: int) -> float:
    """The frequency of the words of a list's `band` (`wordfreq.cB_to_freq(-band)`)."""
    return 10 ** (-band / 100)


def list_name(language: str | None) -> str:
    """The language whose wordfreq list weighs a language's terms (see `word_list`)."""
    language = language or FALLBACK_LANGUAGE
    return language if language in listed_languages() else FALLBACK_LANGUAGE


class WordLists:
    """wordfreq lists, read in a background thread from the moment the languages are known.

    The grouping knows its languages long before it has gathered the terms to look up:
    reading the lists (decompression releases the interpreter) overlaps that work, READERS
    lists at a time.
    """

    def __init__(self, languages: Iterable[str | None]) -> None:
        self.pool = ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="wordfreq")
        self.futures: dict[str, Future] = {}
        for name in sorted({list_name(language) for language in languages}):
            self.read(name)

    def reading_order(self, name: str) -> int:
        """Where a list comes in the order of reading (a list not asked for yet, last)."""
        return list(self.futures).index(name) if name in self.futures else len(self.futures)

    def read(self, name: str) -> Future:
        """Start reading a list unless it is read already."""
        if name not in self.futures:
            self.futures[name] = self.pool.submit(frequency_bands, name)
        return self.futures[name]

    def bands(self, name: str) -> Sequence[Sequence[bytes]]:
        """A list's bands (waiting for them if need be)."""
        return self.read(name).result()

    def close(self) -> None:
        """Let the thread go."""
        self.pool.shutdown(cancel_futures=True)


def word_list(language: str | None, lists: WordLists) -> tuple[str, Sequence[Sequence[bytes]]]:
    """The wordfreq list `rarities` reads for a language: (its language, its bands).

    Its own, or English's when it has none (`frequencies` is then empty).
    """
    name = list_name(language)
    bands = lists.bands(name)
    if name != FALLBACK_LANGUAGE and not any(bands):
        name, bands = FALLBACK_LANGUAGE, lists.bands(FALLBACK_LANGUAGE)
    return name, bands


def frequency_bands(language: str) -> Sequence[Sequence[bytes]]:
    """wordfreq's list of a language (`get_frequency_list`), its words left as UTF-8 bytes.

    Read as wordfreq's `read_cBpack` reads it (a gzipped msgpack list: a header, then one
    list of words per frequency band), but without decoding 700,000 words into strings,
    which took as long as the rest of the reading; terms are compared as UTF-8 too. The
    bands are unpacked as tuples, not lists: it holds the interpreter (which the grouping
    needs meanwhile) for half as long.
    """
    with open(listed_languages()[language], "rb") as stored:
        data = msgpack.unpackb(gzip.decompress(stored.read()), raw=True, use_list=False)
    if data[0] != {b"format": b"cB", b"version": 1}:
        raise ValueError(f"unexpected wordfreq list header {data[0]!r}")
    return data[1:]


def listed_weights(words: set[bytes], bands: Sequence[Sequence[bytes]]) -> dict[bytes, float]:
    """The frequency weight of each of `words` in a word list given as frequency bands.

    As in wordfreq's dict, a word listed in two bands has the later band's frequency.
    """
    weights = dict.fromkeys(words, FREQUENCY_WEIGHTS[0.0])
    for band, listed in enumerate(bands):
        found = words.intersection(listed)
        if found:
            weights.update(dict.fromkeys(found, FREQUENCY_WEIGHTS[centibel_frequency(band)]))
    return weights


@dataclass
class DumpRarity:
    """The weights of a dump's terms: per word list, each term (UTF-8) -> its weight."""

    weights: dict[str, dict[bytes, float]]
    list_of: dict[str | None, str]  # a term's language -> the word list that weighs it

    @classmethod
    def of(cls, terms: Mapping[str | None, pa.Array], lists: WordLists | None = None) -> DumpRarity:
        """Read the word lists of the dump's languages for the terms of each language.

        `lists` may be reading them already.
        """
        reader = lists or WordLists(terms)
        try:
            return cls.from_lists(terms, reader)
        finally:
            if lists is None:
                reader.close()

    @classmethod
    def from_lists(cls, terms: Mapping[str | None, pa.Array], lists: WordLists) -> DumpRarity:
        """`of`, the lists read by `lists`.

        Each list is searched as soon as it is read, in the order they are read, while the
        next ones are still being read. A language whose list has no words is weighed by
        English's (`word_list`), under its own list's name.
        """
        list_of = {language: list_name(language) for language in terms}
        wanted: dict[str, set[bytes]] = {}
        for language, words in terms.items():
            wanted.setdefault(list_of[language], set()).update(
                words.cast(pa.binary()).to_pylist())
        weights = {}
        for name in sorted(wanted, key=lists.reading_order):
            bands = lists.bands(name)
            if name != FALLBACK_LANGUAGE and not any(bands):
                bands = lists.bands(FALLBACK_LANGUAGE)
            weights[name] = listed_weights(wanted[name], bands)
        return cls(weights, list_of)

    def term_rarities(self, terms: pa.Array, runs: Sequence[tuple[int, str | None]]) -> np.ndarray:
        """`rarities` of an Arrow array of terms in runs of one language.

        `runs` are (first index, language); a run ends where the next one starts. Every
        term must be one `of` was given. Names and numbers are found on the array
        (`special_terms`), so the Python work is one dict lookup per term.
        """
        words = terms.cast(pa.binary()).to_pylist()
        ends = [start for start, _ in runs[1:]] + [len(words)]
        weights = np.array([weight for (start, language), end in zip(runs, ends, strict=True)
                            for weight in map(self.weights[self.list_of[language]].__getitem__,
                                              words[start:end])], dtype=np.float64)
        for index in special_terms(terms).tolist():
            weight = special_weight(words[index].decode())
            if weight is not None:
                weights[index] = weight
        return weights


def special_terms(terms: pa.Array) -> np.ndarray:
    """Indexes of the terms `special_weight` may weigh.

    Those with a space, or starting with a digit or a character beyond ASCII (which may be a
    digit too: `str.isdigit` knows more digits than 0-9), read from the array's UTF-8 bytes.
    """
    width = np.int64 if pa.types.is_large_string(terms.type) else np.int32
    offsets = np.frombuffer(terms.buffers()[1], dtype=width)[
        terms.offset:terms.offset + len(terms) + 1]
    data = terms.buffers()[2]
    first = np.frombuffer(data, dtype=np.uint8)[offsets[:-1].clip(max=len(data) - 1)] \
        if data is not None and len(data) else np.zeros(len(terms), np.uint8)
    candidates = (first - ord("0") <= 9) | (first >= 0x80)
    candidates &= offsets[1:] > offsets[:-1]
    candidates |= pc.match_substring(terms, " ").to_numpy(zero_copy_only=False)
    return np.flatnonzero(candidates)
