"""Characters: invisible ones that only get in the way of text, and classes for checks.

Zero-width spaces and soft hyphens are removed; the classes of UTF-16 code units let a stage
check a whole text at once with numpy instead of line by line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from pipeline.cache import cache_key, cached

T = TypeVar("T")

# Zero-width space, word joiner, soft hyphen, Mongolian vowel separator and a BOM inside the
# text. Zero-width (non-)joiners are NOT here: Persian, Indic scripts and emoji need them.
INVISIBLE_CHARACTERS = "\u200b\u2060\u00ad\u180e\ufeff"


def remove_invisible(text: str) -> tuple[str, bool]:
    """`text` without invisible formatting characters, and whether any were removed.

    (A search per character is a fast scan, and finds most texts clean.)
    """
    present = [character for character in INVISIBLE_CHARACTERS if character in text]
    for character in present:   # str.replace is a fast scan too; str.translate is not
        text = text.replace(character, "")
    return text, bool(present)


# Classes of UTF-16 code units, for whole-text checks with numpy (`code_unit_classes`).
# A surrogate (half of a character past the BMP, or a lone one) counts as unprintable, so
# those checks take their exact slow path on such text.
WORD, OTHER, SPACE, LINE_FEED, UNPRINTABLE = range(5)
BMP = 0x10000


@functools.cache
def bmp_classes() -> np.ndarray:
    """Each BMP character's class (uint8), from the disk cache when it holds them.

    (Deriving them takes about 30 ms, inside the first task that needs them; they depend
    only on this module and the Python version's Unicode data.)
    """
    key = cache_key(sources=[__file__], packages=[])
    return cached("bmp-classes", key, derive_bmp_classes, np.ndarray)


def derive_bmp_classes() -> np.ndarray:
    r"""Each BMP character's class (uint8), derived from Python's own character data.

    WORD: what the regular expressions' `\w` matches (`str.isalnum` or "_"; such characters
    are printable); SPACE: " " only; LINE_FEED: "\n" only; UNPRINTABLE: the rest of what
    `str.isprintable` refuses, so every other whitespace character; OTHER: the rest.
    """
    characters = [chr(point) for point in range(BMP)]
    classes = np.array([OTHER if ch.isprintable() else UNPRINTABLE for ch in characters],
                       dtype=np.uint8)
    classes[[ch.isalnum() or ch == "_" for ch in characters]] = WORD
    classes[ord(" ")], classes[ord("\n")] = SPACE, LINE_FEED
    return classes


def code_unit_classes(text: str) -> np.ndarray:
    """The class of each UTF-16 code unit of `text` (see `bmp_classes`)."""
    return bmp_classes().take(utf16_units(text))


def remember_last(function: Callable[[str], T]) -> Callable[[str], T]:
    """`function` of a text, answered again without a call while given the same text object.

    The repair stage reads a text's code units more than once (pipeline.cleaning.ftfy_gate)
    and most often hands on that same text object, whose units the whitespace stage reads
    next. A string is immutable, so the same object has the same answer. (Only the last
    text is kept: nothing grows. It is kept as one pair, read once, so that a thread never
    gets the answer for another thread's text.)
    """
    last: list[tuple[str | None, T | None]] = [(None, None)]

    @functools.wraps(function)
    def remembering(text: str) -> T:
        seen, answer = last[0]
        if seen is not text:
            answer = function(text)
            last[0] = (text, answer)
        return answer  # type: ignore[return-value]
    return remembering


@remember_last
def utf16_units(text: str) -> np.ndarray:
    """The UTF-16 code units of `text` (lone surrogates kept as they are), read-only."""
    return np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
