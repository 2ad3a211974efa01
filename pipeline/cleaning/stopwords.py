"""Stop-word lists (jusText's, for 100 languages) and a cheap guess of which one fits a text.

Stop-word density is the best single signal of running prose: sentences are full of "the",
"of", "und", "de"; menus, buttons and teaser headlines are not (Pomikálek 2011, the jusText
thesis). The list must match the text's language, so it is chosen by which list covers the
most of the document's words, which needs no language detector and works before cleaning.

The candidates' lists and their packed counters (one integer per word with a count field
per language: a sample's counts are one sum) are derived once and kept in the disk cache
(pipeline.cache), as is the letter class of the word pattern: a run starts without them.
"""

from __future__ import annotations

import codecs
import functools
import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import justext

from pipeline.cache import cache_key, cached
from pipeline.cleaning import literals
from pipeline.cleaning.literals import character_class

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
LETTER = re.compile(r"[^\W\d_]")
# Languages whose lists are tried; the rest of jusText's 100 rarely appear in news dumps and
# would only slow the guess. Covers the major news languages written with spaces.
CANDIDATES = (
    "English", "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", "Russian",
    "Ukrainian", "Polish", "Czech", "Slovak", "Swedish", "Danish", "Norwegian_Bokmal",
    "Finnish", "Hungarian", "Romanian", "Turkish", "Greek", "Indonesian", "Malay",
    "Vietnamese", "Croatian", "Serbian", "Bulgarian", "Catalan", "Arabic", "Persian", "Hindi",
)
GUESS_SAMPLE_WORDS = 400
# Below this share of stop words even the best list does not describe the text (CJK, Thai,
# code, lists of names); density is then not used as evidence.
MIN_COVERAGE = 0.15
# Lines whose words are kept for reuse: the stop-word guess, the segmenter and the headline
# choice all read the same lines, and page furniture repeats across the articles of a dump.
LINE_CACHE_SIZE = 4096


@functools.cache
def stoplist(language: str) -> frozenset[str]:
    """jusText's stop words for a language name such as "English", lower-cased."""
    if language in CANDIDATES:
        return stop_tables().stoplists[language]
    return read_stoplist(language)


def read_stoplist(language: str) -> frozenset[str]:
    """jusText's list for `language` as stoplist gives it, read from jusText's file."""
    return frozenset(word.lower() for word in justext.get_stoplist(language))


@functools.cache
def word_languages() -> dict[str, tuple[str, ...]]:
    """For every stop word of the candidate languages, the languages that list it.

    (The plain form of packed_languages, which the guess reads instead.)
    """
    index: dict[str, list[str]] = {}
    for language in CANDIDATES:
        for word in stoplist(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def words(text: str) -> list[str]:
    """Lower-cased words of `text` (letters, with an inner apostrophe)."""
    return WORD.findall(text.lower())


@functools.lru_cache(maxsize=LINE_CACHE_SIZE)
def line_words(line: str) -> tuple[str, ...]:
    """`words(line)`, computed once per line and shared (a tuple, so no caller can edit it)."""
    lowered = line.lower()
    return split_words(lowered, encode_single_byte(lowered))


# Single-byte encodings that hold most lines of the news languages with their quotes and
# dashes (Western, Cyrillic, Central European). In each, ' and ’ are the bytes 0x27, 0x92.
WORD_CODECS = ("cp1252", "cp1251", "cp1250")
# Their character maps, used through codecs.charmap_encode and charmap_decode directly:
# str.encode("cp1252") finds the codec by name and calls its Python-level Codec.encode, which
# makes the same call, every time (a tenth of the time of a line's words).
_CODEC_MODULES = {codec: importlib.import_module(f"encodings.{codec}") for codec in WORD_CODECS}
ENCODING_TABLES = tuple((codec, module.encoding_table) for codec, module in _CODEC_MODULES.items())
DECODING_TABLES = {codec: module.decoding_table for codec, module in _CODEC_MODULES.items()}


def encode_single_byte(text: str) -> tuple[str, bytes] | None:
    """(codec, bytes) of `text` in the first of WORD_CODECS that holds it; None if none does."""
    if text.isascii():  # every code page's bytes, found (and decoded) without a character map
        return "ascii", text.encode("ascii")
    for codec, table in ENCODING_TABLES:
        try:
            return codec, codecs.charmap_encode(text, "strict", table)[0]
        except UnicodeEncodeError:
            continue
    return None


def decode_single_byte(codec: str, data: bytes) -> str:
    """`data.decode(codec)` for a codec encode_single_byte names."""
    if codec == "ascii":
        return data.decode("ascii")
    return codecs.charmap_decode(data, "strict", DECODING_TABLES[codec])[0]


def split_words(lowered: str, encoded: tuple[str, bytes] | None) -> tuple[str, ...]:
    """`words` of a lower-cased text, given its encode_single_byte.

    Without apostrophes, WORD's matches are the maximal runs of letters: in the bytes with
    every other character blanked (letter_tables), exactly the pieces `split` finds (a
    letter is never white space), found without the regular-expression engine, about three
    times faster. An apostrophe may join two runs into one word: the pattern decides then.
    """
    if encoded is not None:
        codec, data = encoded
        if b"'" not in data and b"\x92" not in data:
            return tuple(decode_single_byte(codec, data.translate(letter_tables()[codec])).split())
    return tuple((bmp_word() if in_bmp(lowered) else WORD).findall(lowered))


def single_byte_words(lowered: str, encoded: tuple[str, bytes]) -> tuple[str, ...]:
    """`split_words(lowered, encoded)` for a text a single-byte code page holds.

    With apostrophes, the letters and apostrophes kept (every other character blanked) are
    split at the blanks instead, unless an apostrophe there is loose (LOOSE_APOSTROPHE):
    when each apostrophe stands between a letter and the letters ending its piece, every
    piece is one word of the pattern (a run of letters, or two joined by the apostrophe).
    Only a loose apostrophe needs the pattern, which reads long lines slowly.
    """
    codec, data = encoded
    if b"'" not in data and b"\x92" not in data:
        return tuple(decode_single_byte(codec, data.translate(letter_tables()[codec])).split())
    kept = decode_single_byte(codec, data.translate(apostrophe_letter_tables()[codec]))
    if LOOSE_APOSTROPHE.search(kept) is None:
        return tuple(kept.split())
    return split_words(lowered, None)


# In text of letters, apostrophes and spaces: an apostrophe not after a letter, or not
# followed by letters up to a space or the end (a quotation mark, "rock'n'roll").
LOOSE_APOSTROPHE = re.compile(r"['’](?:(?<![^ '’]['’])|(?![^ '’]+(?: |\Z)))")


@functools.cache
def apostrophe_letter_tables() -> dict[str, bytes]:
    """letter_tables, keeping the apostrophes ' and ’ too (0x27 and 0x92 in WORD_CODECS)."""
    tables = {}
    for codec, letters in letter_tables().items():
        table = bytearray(letters)
        for apostrophe in "'’":
            try:
                byte = apostrophe.encode(codec)
            except UnicodeEncodeError:  # ascii has no ’
                continue
            table[byte[0]] = byte[0]
        tables[codec] = bytes(table)
    return tables


@functools.cache
def letter_tables() -> dict[str, bytes]:
    """For ASCII and each of WORD_CODECS, a bytes.translate table keeping letters only."""
    tables = {}
    for codec in ("ascii", *WORD_CODECS):
        table = bytearray(b" " * 256)
        for byte in range(256):
            try:
                character = bytes([byte]).decode(codec)
            except UnicodeDecodeError:
                continue
            if LETTER.fullmatch(character):
                table[byte] = byte
        tables[codec] = bytes(table)
    return tables


def in_bmp(text: str) -> bool:
    """Whether every character is in the Basic Multilingual Plane (below U+10000)."""
    return text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


@functools.cache
def bmp_word() -> re.Pattern[str]:
    """WORD for text in the Basic Multilingual Plane, with its letters listed explicitly.

    The letter class of WORD asks the Unicode database about every character; a class of
    the same characters listed is a table lookup, which finds words about 1.5 times faster.
    """
    letter = cached("bmp-letters", cache_key(sources=[__file__, literals.__file__], packages=[]),
                    bmp_letter_class, str)
    return re.compile(f"{letter}+(?:['’]{letter}+)?")


def bmp_letter_class() -> str:
    """A character class of the letters (LETTER) of the Basic Multilingual Plane.

    Finding them asks the Unicode database about 65,536 characters (about 0.07 s): the
    class is kept in the disk cache (pipeline.cache; its key holds Python's version, which
    fixes the Unicode database's).
    """
    return character_class([chr(code) for code in range(0x10000) if LETTER.fullmatch(chr(code))])


def guess_language(lines: Sequence[str], line_tokens: Sequence[Sequence[str]] | None = None,
                   sampled_counters: dict[int, int] | None = None) -> str | None:
    """The language whose stop words cover most words of the longest lines; None if none fits.

    Ties go to the language whose stop word comes first in the sample. `line_tokens`, if
    given, are the lines' words (line_words), already at hand. The sampled lines' packed
    counters (stop_counter) are added to `sampled_counters` (line index: counter), if
    given, for the caller to read the guessed language's counts from.
    """
    if line_tokens is None:
        line_tokens = [line_words(line) for line in lines]
    sampled, size = [], 0
    # Longest first; a stable sort keeps lines of one length in their order.
    lengths = list(map(len, lines))
    for i in sorted(range(len(lines)), key=lengths.__getitem__, reverse=True):
        sampled.append(i)
        size += len(line_tokens[i])
        if size >= GUESS_SAMPLE_WORDS:
            break
    if size > COUNTER_MASK:
        counts = list(language_counts([word for i in sampled for word in line_tokens[i]])
                      .values())
    else:
        # Not cached per line: copies of a sampled line are rare (2% of the words of d20k's
        # samples), and the cache made the guess a tenth slower than counting again.
        counters = [stop_counter(line_tokens[i]) for i in sampled]
        if sampled_counters is not None:
            sampled_counters.update(zip(sampled, counters, strict=True))
        total = sum(counters)
        counts = [total >> shift & COUNTER_MASK for shift in FIELD_SHIFTS]
    best = max(counts)
    if not best or best / size < MIN_COVERAGE:
        return None
    if counts.count(best) == 1:
        return CANDIDATES[counts.index(best)]
    return first_listing([language for language, count in zip(CANDIDATES, counts, strict=True)
                          if count == best], [line_tokens[i] for i in sampled])


def first_listing(languages: Sequence[str], lines: Sequence[Sequence[str]]) -> str:
    """Of `languages`, one that lists the first stop word any of them lists in `lines`.

    Of the languages listing that word, the first in CANDIDATES. (A word's packed counter
    has a bit set in each listing language's field; the lowest such bit is the first.)
    """
    tied = sum(1 << COUNTER_BITS * CANDIDATES.index(language) for language in languages)
    packed = packed_languages()
    first = next(listed for tokens in lines for word in tokens
                 if (listed := packed.get(word, 0) & tied))
    return CANDIDATES[((first & -first).bit_length() - 1) // COUNTER_BITS]


# Per-language counters packed in one integer: CANDIDATES[i] counts in bits i*B..(i+1)*B-1
# (a longer sample is counted in pieces of at most COUNTER_MASK words).
COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
FIELD_SHIFTS = tuple(COUNTER_BITS * i for i in range(len(CANDIDATES)))


class StopTables(NamedTuple):
    """The candidates' stop-word lists, and a packed counter for each word they list.

    `rows` names, for every stop word a text's word can be, its counter in `counters`: 1 in
    the field of each language that lists it. (The lists also hold entries such as "years."
    and "(the", which no word ever equals; left out, they only took room.)
    """

    stoplists: dict[str, frozenset[str]]
    rows: dict[str, int]
    counters: tuple[int, ...]


def build_stop_tables() -> StopTables:
    """Read jusText's lists of the candidates and pack them (counters in a fixed order)."""
    stoplists = {language: read_stoplist(language) for language in CANDIDATES}
    packed: dict[str, int] = {}
    for position, language in enumerate(CANDIDATES):
        for word in stoplists[language]:
            if WORD.fullmatch(word):
                packed[word] = packed.get(word, 0) + (1 << COUNTER_BITS * position)
    counters = tuple(sorted(set(packed.values())))
    row = {counter: i for i, counter in enumerate(counters)}
    return StopTables(stoplists, {word: row[packed[word]] for word in sorted(packed)},
                      counters)


@functools.cache
def stop_tables() -> StopTables:
    """build_stop_tables, once per process, through the disk cache (it takes about 0.2 s).

    Keyed by jusText's list files, this module and jusText's version (pipeline.cache).
    """
    key = cache_key(sources=[__file__], packages=["justext"],
                    data_directory=str(Path(justext.__file__).parent / "stoplists"))
    return cached("stop-words", key, build_stop_tables, StopTables)


@functools.cache
def packed_languages() -> dict[str, int]:
    """For every stop word a text's word can be, a counter of 1 per language that lists it.

    The 38,000 words share a few hundred counters, kept as one object each, so the lookups
    of a sample mostly find their counter in the CPU's cache.
    """
    tables = stop_tables()
    return dict(zip(tables.rows, map(tables.counters.__getitem__, tables.rows.values()),
                    strict=True))


def language_counts(sample: Sequence[str]) -> dict[str, int]:
    """How many words of `sample` each candidate language lists as a stop word.

    Sums of packed counters (of at most COUNTER_MASK words each, so no field overflows)
    instead of a count per (word, language) pair.
    """
    counts = dict.fromkeys(CANDIDATES, 0)
    for start in range(0, len(sample), COUNTER_MASK):
        for language, count in unpacked(stop_counter(sample[start:start + COUNTER_MASK])).items():
            counts[language] += count
    return counts


def stop_counter(sample: Sequence[str]) -> int:
    """How many words of `sample` (at most COUNTER_MASK) each language lists, packed."""
    # Only the stop words' counters are added (adding 0 to a long integer copies it), and a
    # set finds that a word is none with fewer cache misses than the dictionary (measured:
    # the dictionary alone, through its `get`, takes a sixth longer).
    return sum(map(packed_languages().__getitem__, filter(stop_words().__contains__, sample)))


def unpacked(total: int) -> dict[str, int]:
    """Each candidate language's count in a sum of packed counters."""
    return {language: total >> COUNTER_BITS * i & COUNTER_MASK
            for i, language in enumerate(CANDIDATES)}


@functools.cache
def stop_words() -> frozenset[str]:
    """The words packed_languages knows."""
    return frozenset(packed_languages())
