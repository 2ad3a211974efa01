r"""A body's words, lower-cased and joined by single spaces, found and hashed with numpy.

A word is what `TOKEN` matches in the lower-cased text: letters and digits, with single inner
dots, apostrophes or hyphens ("u.s", "don't", "e-mail"). Running that regex over a 5 KB body
costs about 0.3 ms, most of the story-features budget, because the regex engine checks every
character's Unicode class one at a time. Here the classes are looked up for the whole text at
once in a table built from `str.isalnum` (what the regex's `[^\W_]` means), so the words come
out identical at a fraction of the cost; a property test compares the two. A character belongs
to a word when it is a letter or digit, or a joiner with a letter or digit on both sides; the
words are the maximal runs of such characters, which is what the greedy regex consumes.

Any stretch of the joined words (a word, a five-word shingle) can then be hashed without
building its string: the hash of code points c_s .. c_{e-1} is sum(c_k * P**(e-1-k)) mod 2**64,
a polynomial hash, and with prefix sums of c_k * P**-k (P is odd, so it has an inverse mod
2**64) each stretch costs one subtraction and one multiplication; uint64 arithmetic wraps
modulo 2**64. The hashes only need to be deterministic and well spread: nothing adversarial
chooses the texts, and two different words share a 64-bit hash with odds of about 1e-19.

`words_of_texts` does all this for a writer batch of texts at once, laid end to end (fewer,
larger numpy operations); each text's words and hashes are those `words_of` gives it.
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TOKEN = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*")
JOINERS = ".'’-"
SPACE = np.uint32(ord(" "))
ALNUM, JOINER = 1, 2
# Code points as 4-byte integers; "surrogatepass" keeps any lone surrogate instead of failing.
CODEC = "utf-32-le"
ERRORS = "surrogatepass"
NOT_A_CODE = np.uint32(0xFFFFFFFF)
TABLE_SIZE = 0x10000  # the Basic Multilingual Plane: every modern script's letters
CACHED_POWERS = 1 << 17  # characters: far more than a news article has
P = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64
P_INVERSE = pow(P, -1, 1 << 64)


@functools.cache
def character_classes() -> np.ndarray:
    """For every code point: ALNUM (`str.isalnum`), JOINER, or 0; built once (0.2 s)."""
    classes = np.fromiter(map(str.isalnum, map(chr, range(sys.maxunicode + 1))),
                          dtype=bool, count=sys.maxunicode + 1).astype(np.uint8)
    classes[[ord(c) for c in JOINERS]] = JOINER
    return classes


@functools.cache
def lower_table() -> np.ndarray:
    """Each Basic Multilingual Plane code point's lower case (built in under 0.1 s).

    NOT_A_CODE where a table cannot say (see `lower_codes`).
    """
    lowered = (chr(code).lower() for code in range(TABLE_SIZE))
    table = np.fromiter((ord(low) if len(low) == 1 else NOT_A_CODE for low in lowered),
                        dtype=np.uint32, count=TABLE_SIZE)
    table[ord("Σ")] = NOT_A_CODE
    return table


def lower_codes(text: str) -> np.ndarray:
    """The code points of `text.lower()`, looked up in a table.

    `str.lower` works character by character once a text is not pure ASCII (one curly quote
    suffices), which costs more than the table. It also has two rules a table cannot follow,
    İ becoming two characters and Σ becoming ς at the end of a word; texts with either
    are lowered by `str.lower`, as are the few texts with characters beyond the table
    (emoji, rare scripts), which keeps the table small enough to build in every process.
    """
    codes = code_points(text)
    if len(codes) and codes.max() >= TABLE_SIZE:
        return code_points(text.lower())
    lowered = np.take(lower_table(), codes)
    if len(lowered) and lowered.max() == NOT_A_CODE:
        return code_points(text.lower())
    return lowered


@functools.cache
def powers(base: int, size: int) -> np.ndarray:
    """base**0 .. base**(size-1) modulo 2**64."""
    steps = np.full(size, base, dtype=np.uint64)
    steps[0] = 1
    return np.cumprod(steps, dtype=np.uint64)


def powers_for(base: int, length: int) -> np.ndarray:
    """At least `length` powers of `base`.

    Sizes are rounded up to a power of two so that few are cached, and only up to
    CACHED_POWERS: an unusually long text's powers are computed for it alone.
    """
    size = 1 << max(length, 1).bit_length()
    return powers(base, size) if size <= CACHED_POWERS else powers.__wrapped__(base, size)


def code_points(text: str) -> np.ndarray:
    """The text's code points (uint32).

    numpy's own copy of a string is its code points (UCS-4, lone surrogates included), made
    faster than by the UTF-32 codec; "" would become one zero there.
    """
    return np.frombuffer(np.array(text), dtype=np.uint32) if text else np.zeros(0, np.uint32)


def prefix_sums(codes: np.ndarray) -> np.ndarray:
    """sum(c_k * P**-k) over every prefix of `codes` (see the module docstring)."""
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.multiply(codes, powers_for(P_INVERSE, len(codes))[:len(codes)], out=prefix[1:])
    return np.cumsum(prefix, out=prefix)


def span_hashes(codes: np.ndarray, prefix: np.ndarray, starts: np.ndarray,
                ends: np.ndarray) -> np.ndarray:
    """64-bit polynomial hash of each stretch codes[start:end] (0 for an empty one)."""
    return (prefix[ends] - prefix[starts]) * powers_for(P, len(codes))[ends - 1]


def string_hash(text: str) -> int:
    """The hash of one string, computed the plain way (Horner's rule)."""
    value = 0
    for code in code_points(text).tolist():
        value = (value * P + code) % (1 << 64)
    return value


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text: joined by single spaces, as code points, with each word's span."""

    joined: str
    codes: np.ndarray  # code points of `joined` (uint32)
    starts: np.ndarray  # index in `codes` of each word's first character
    ends: np.ndarray  # index in `codes` just past each word's last character
    prefix: np.ndarray  # prefix_sums(codes)

    def __len__(self) -> int:
        return len(self.starts)

    def split(self) -> list[str]:
        """The words as strings."""
        return self.joined.split(" ") if self.joined else []

    def hashes(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Hash of each stretch of the joined words (starts and ends index `codes`)."""
        return span_hashes(self.codes, self.prefix, starts, ends)


def word_mask(codes: np.ndarray) -> np.ndarray:
    """Which characters belong to a word (see the module docstring), with a False on each side.

    `mask[k + 1]` is character k's; the padding lets the word bounds be read with one
    comparison of neighbours.
    """
    classes = np.take(character_classes(), codes)
    mask = np.zeros(len(codes) + 2, dtype=bool)
    inside = mask[1:-1]
    np.equal(classes, ALNUM, out=inside)
    if len(codes) > 2:
        inside[1:-1] |= (classes[1:-1] == JOINER) & mask[1:-3] & mask[3:-1]
    return mask


def words_of(text: str) -> Words:
    """The words of `text` lower-cased: `" ".join(TOKEN.findall(text.lower()))`, and more."""
    codes = lower_codes(text)
    mask = word_mask(codes)
    bounds = np.flatnonzero(mask[1:] != mask[:-1])
    starts, ends = bounds[0::2], bounds[1::2]
    if not len(starts):
        no_codes = np.zeros(0, dtype=np.uint32)
        return Words("", no_codes, starts, ends, prefix_sums(no_codes))
    # Keep the words and the first character after each word but the last, made a space.
    keep = mask[1:-1].copy()
    keep[ends[:-1]] = True
    joined = codes[keep]
    lengths = ends - starts
    new_ends = np.cumsum(lengths + 1) - 1
    joined[new_ends[:-1]] = SPACE
    return Words(joined.tobytes().decode(CODEC, ERRORS), joined, new_ends - lengths, new_ends,
                 prefix_sums(joined))


# Between texts laid end to end: not a word character nor a joiner, so no word crosses it,
# and lower-casing leaves it (and its neighbours: it is not cased) as it is.
TEXT_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class TextsWords:
    """The words of many texts, each text's `Words` laid end to end (see `words_of_texts`).

    `codes` holds every text's joined words, each word followed by a space (the last one of a
    text too); text i's words are `starts[offsets[i]:offsets[i + 1]]` (and `ends`), its codes
    `codes[begins[i]:begins[i + 1]]`. Powers of P are counted from the start of each text, so
    that a stretch hashes as in its own text's `Words`, with the powers of one text's length.
    """

    joined_all: str  # `codes` as a string
    codes: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    offsets: np.ndarray  # int64, one more than there are texts
    begins: np.ndarray  # int64, one more than there are texts
    prefix: np.ndarray  # prefix sums of c_k * P**-(k - the start of k's text)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def joined(self, index: int) -> str:
        """Text `index`'s words joined by single spaces (`Words.joined`)."""
        first, end = self.offsets[index], self.offsets[index + 1]
        return self.joined_all[self.starts[first]:self.ends[end - 1]] if end > first else ""

    def hashes(self, starts: np.ndarray, ends: np.ndarray,
               text_begins: np.ndarray | None = None) -> np.ndarray:
        """Hash of each stretch of one text's joined words (starts and ends index `codes`).

        `text_begins` are the `begins` of the stretches' texts, if known.
        """
        if text_begins is None:
            text_begins = self.begins[np.searchsorted(self.begins, ends - 1, side="right") - 1]
        return (self.prefix[ends] - self.prefix[starts]) * \
            powers_for(P, longest_text(self.begins))[ends - 1 - text_begins]


def longest_text(begins: np.ndarray) -> int:
    """The length of the longest text (at least 1), from where each begins."""
    return max(int(np.diff(begins).max(initial=0)), 1)


def lower_texts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """`lower_codes` of the texts joined by TEXT_SEPARATOR, and where each text begins.

    A separator follows the last text too. The texts that need `str.lower` (see
    `lower_codes`: on real pages one emoji suffices) are lowered so one by one, the others
    by the table together.
    """
    codes = code_points(TEXT_SEPARATOR.join(texts) + TEXT_SEPARATOR)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    begins = np.cumsum(lengths) - lengths
    lowered = np.take(lower_table(), codes, mode="clip")  # past the table: lowered below
    odd = lowered == NOT_A_CODE
    odd |= codes >= TABLE_SIZE
    if not odd.any():
        return lowered, begins
    odd_texts = np.unique(np.searchsorted(begins, np.flatnonzero(odd), side="right") - 1)
    pieces, done = [], 0
    for index in odd_texts.tolist():
        pieces += [lowered[done:begins[index]], code_points(texts[index].lower())]
        done = begins[index] + lengths[index] - 1  # its separator is lowered already
        lengths[index] = len(pieces[-1]) + 1
    pieces.append(lowered[done:])
    return np.concatenate(pieces), np.cumsum(lengths) - lengths


def words_of_texts(texts: Sequence[str]) -> TextsWords:
    """`words_of` of each text, computed for all of them at once (fewer numpy calls)."""
    codes, text_starts = lower_texts(texts)
    mask = word_mask(codes)
    bounds = np.flatnonzero(mask[1:] != mask[:-1])
    starts, ends = bounds[0::2], bounds[1::2]
    offsets = np.searchsorted(starts, np.append(text_starts, len(codes)))
    # Keep each word and the character after it (there is one: a separator ends every text).
    keep = mask[1:-1].copy()
    keep[ends] = True
    joined = codes[keep]
    word_lengths = ends - starts
    new_ends = np.cumsum(word_lengths + 1) - 1
    joined[new_ends] = SPACE
    begins = np.append(0, new_ends + 1)[offsets]
    return TextsWords(joined.tobytes().decode(CODEC, ERRORS), joined, new_ends - word_lengths,
                      new_ends, offsets, begins, texts_prefix_sums(joined, begins))


def texts_prefix_sums(codes: np.ndarray, begins: np.ndarray) -> np.ndarray:
    """`prefix_sums` of each text (starting at `begins`), added up from the first text on.

    One multiplication per text: each takes the cached powers from the start (rather than
    gathering each code's power by its place in its text, a pass more over the batch). The
    codes are widened to uint64 in place first, once: multiplying uint32 by uint64 would
    widen them in small buffers inside every multiplication, a quarter slower.
    """
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    prefix[1:] = codes
    inverse_powers = powers_for(P_INVERSE, longest_text(begins))
    for begin, end in itertools.pairwise(begins.tolist()):
        wide = prefix[begin + 1:end + 1]
        np.multiply(wide, inverse_powers[:end - begin], out=wide)
    return np.cumsum(prefix, out=prefix)
