"""Characters: invisible ones that only get in the way of text, and classes for checks.

Zero-width spaces and soft hyphens are removed; the classes of UTF-16 code units let a stage
check a whole text at once with numpy instead of line by line.
"""

from __future__ import annotations

import functools

import numpy as np

# Zero-width space, word joiner, soft hyphen, Mongolian vowel separator and a BOM inside the
# text. Zero-width (non-)joiners are NOT here: Persian, Indic scripts and emoji need them.
INVISIBLE_CHARACTERS = "\u200b\u2060\u00ad\u180e\ufeff"
INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS))


def remove_invisible(text: str) -> tuple[str, bool]:
    """`text` without invisible formatting characters, and whether any were removed.

    (`str.translate` walks the text in Python objects; a search per character is a fast
    scan, and finds most texts clean.)
    """
    if not any(character in text for character in INVISIBLE_CHARACTERS):
        return text, False
    cleaned = text.translate(INVISIBLE)
    return cleaned, len(cleaned) != len(text)


# Classes of UTF-16 code units, for whole-text checks with numpy (`code_unit_classes`).
# A surrogate (half of a character past the BMP, or a lone one) counts as unprintable, so
# those checks take their exact slow path on such text.
WORD, OTHER, SPACE, LINE_FEED, UNPRINTABLE = range(5)
BMP = 0x10000


@functools.cache
def bmp_classes() -> np.ndarray:
    r"""Each BMP character's class (uint8), made once (about 30 ms).

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
    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    return bmp_classes().take(units)
