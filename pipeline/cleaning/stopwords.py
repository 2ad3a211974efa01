"""Stop-word lists (jusText's, for 100 languages) and a cheap guess of which one fits a text.

Stop-word density is the best single signal of running prose: sentences are full of "the",
"of", "und", "de"; menus, buttons and teaser headlines are not (Pomikálek 2011, the jusText
thesis). The list must match the text's language, so it is chosen by which list covers the
most of the document's words, which needs no language detector and works before cleaning.
"""

from __future__ import annotations

import codecs
import functools
import importlib
import re
from collections.abc import Sequence

import justext

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
    return frozenset(word.lower() for word in justext.get_stoplist(language))


@functools.cache
def word_languages() -> dict[str, tuple[str, ...]]:
    """For every stop word of the candidate languages, the languages that list it."""
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
    letters = [chr(code) for code in range(0x10000) if LETTER.fullmatch(chr(code))]
    letter = character_class(letters)
    return re.compile(f"{letter}+(?:['’]{letter}+)?")


def guess_language(lines: Sequence[str], line_tokens: Sequence[Sequence[str]] | None = None,
                   sampled_counters: dict[int, int] | None = None) -> str | None:
    """The language whose stop words cover most words of the longest lines; None if none fits.

    Ties go to the language whose stop word comes first in the sample. `line_tokens`, if
    given, are the lines' words (line_words), already at hand. The sampled lines' packed
    counters (line_counters) are added to `sampled_counters` (line index: counter), if
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
        counts = language_counts([word for i in sampled for word in line_tokens[i]])
    else:
        counters = [line_counter(lines[i], line_tokens[i]) for i in sampled]
        if sampled_counters is not None:
            sampled_counters.update(zip(sampled, counters, strict=True))
        counts = unpacked(sum(counters))
    best = max(counts.values(), default=0)
    if not best:
        return None
    tied = {language for language, count in counts.items() if count == best}
    language = next(language for i in sampled for word in line_tokens[i]
                    for language in word_languages().get(word, ())
                    if language in tied) if len(tied) > 1 else tied.pop()
    return language if best / size >= MIN_COVERAGE else None


# The sampled lines' counters, kept: the longest lines are body paragraphs, which a dump's
# copies of one story repeat. Emptied when full (cheaper than keeping an order of use).
_LINE_COUNTERS: dict[str, int] = {}


def line_counter(line: str, tokens: Sequence[str]) -> int:
    """`stop_counter(tokens)` for `line`'s words `tokens` (at most COUNTER_MASK), cached."""
    counter = _LINE_COUNTERS.get(line)
    if counter is None:
        if len(_LINE_COUNTERS) >= LINE_CACHE_SIZE:
            _LINE_COUNTERS.clear()
        counter = _LINE_COUNTERS[line] = stop_counter(tokens)
    return counter


# Per-language counters packed in one integer: CANDIDATES[i] counts in bits i*B..(i+1)*B-1
# (a longer sample is counted word by word instead).
COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


@functools.cache
def packed_languages() -> dict[str, int]:
    """For every stop word a text's word can be, a counter of 1 per language that lists it.

    The lists also hold entries such as "years." and "(the", which no word ever equals; left
    out, they only took room. The 42,000 words share a few hundred counters, kept as one
    object each, so the lookups of a sample mostly find their counter in the CPU's cache.
    """
    position = {language: i for i, language in enumerate(CANDIDATES)}
    shared: dict[int, int] = {}
    return {word: shared.setdefault(counter, counter)
            for word, languages in word_languages().items() if WORD.fullmatch(word)
            for counter in [sum(1 << COUNTER_BITS * position[language]
                                for language in languages)]}


def language_counts(sample: Sequence[str]) -> dict[str, int]:
    """How many words of `sample` each candidate language lists as a stop word.

    One sum of packed counters instead of a count per (word, language) pair.
    """
    if len(sample) > COUNTER_MASK:
        index = word_languages()
        return {language: sum(language in index.get(word, ()) for word in sample)
                for language in CANDIDATES}
    return unpacked(stop_counter(sample))


def stop_counter(sample: Sequence[str]) -> int:
    """How many words of `sample` (at most COUNTER_MASK) each language lists, packed."""
    # Only the stop words' counters are added (adding 0 to a long integer copies it), and a
    # set finds that a word is none with fewer cache misses than the dictionary.
    return sum(map(packed_languages().__getitem__, filter(stop_words().__contains__, sample)))


def unpacked(total: int) -> dict[str, int]:
    """Each candidate language's count in a sum of packed counters."""
    return {language: total >> COUNTER_BITS * i & COUNTER_MASK
            for i, language in enumerate(CANDIDATES)}


@functools.cache
def stop_words() -> frozenset[str]:
    """The words packed_languages knows."""
    return frozenset(packed_languages())
