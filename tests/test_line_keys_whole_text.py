"""`document_stats` on real pages' lines: the whole-document way must equal the old function.

Real pages have lines with the odd unprintable character (emoji past the BMP, private-use
icon glyphs, zero-width joiners) and many short lines; the old function (kept here as the
reference) took such documents line by line and hashed every line.
"""

from __future__ import annotations

import hashlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import templates
from pipeline.cleaning.characters import utf16_units
from pipeline.templates import (
    DIGITS,
    FOLDS,
    LONG_LINE_WORDS,
    LOWER_DIGITS_TO_ZERO,
    MIN_TEMPLATE_WORDS,
    OTHER_DIGIT,
    SPACED,
    UNPRINTABLE,
    ZERO_RUNS,
    character_flags,
    document_stats_by_line,
    zero_digit_runs,
)

SPACED_PAIR = 16


def old_text_flags(text: str) -> int:
    """The flags of `text`'s characters ORed together, and SPACED_PAIR (the old function)."""
    units = utf16_units(text)
    flags = character_flags().take(units)
    pairs = np.bitwise_and(flags[1:], flags[:-1])
    return int(np.bitwise_or.reduce(flags)) | (SPACED_PAIR if np.bitwise_or.reduce(pairs)
                                                & SPACED else 0)


def old_spaced_normal_lines(lines: list[str]) -> list[bytes] | None:
    """Each line's `normal_bytes`, when every line is single_spaced; else None (old)."""
    text = "\n".join(lines)
    flags = old_text_flags(text)
    if flags & UNPRINTABLE or text[:1] == " " or text[-1:] == " " or (
            flags & SPACED_PAIR and ("  " in text or " \n" in text or "\n " in text)):
        return None
    if flags & OTHER_DIGIT:
        normal = DIGITS.sub("0", text.casefold()).encode("utf-8")
    elif flags & FOLDS:
        normal = zero_digit_runs(text.casefold().encode("utf-8"))
    else:
        normal = ZERO_RUNS.sub(b"0", text.encode("utf-8").translate(LOWER_DIGITS_TO_ZERO))
    normals = normal.split(b"\n")
    return normals if len(normals) == len(lines) else None


def old_digest_keys(normals: list[bytes], spaces: list[int],
                    min_spaces: int) -> list[int | None]:
    """`digest_key` of each normalised line of `min_spaces` spaces or more (old)."""
    digests = b"".join([hashlib.blake2b(normal, digest_size=8).digest() for normal in normals])
    keys = np.frombuffer(digests, dtype="<i8").tolist()
    return [key if count >= min_spaces else None
            for key, count in zip(keys, spaces, strict=True)]


def old_document_stats(lines: list[str]) -> tuple[list[int], list[int], list[int | None]]:
    """document_stats as it was before the whole-document way took every document."""
    normals = old_spaced_normal_lines(lines)
    if normals is None:
        return document_stats_by_line(lines)
    spaces = [normal.count(b" ") for normal in normals]
    each = old_digest_keys(normals, spaces, MIN_TEMPLATE_WORDS - 1)
    keys = set(each)
    keys.discard(None)
    long_keys = {key for key, count in zip(each, spaces, strict=True)
                 if count >= LONG_LINE_WORDS - 1}
    return sorted(keys), sorted(long_keys), each


# What real pages hold besides words: emoji and other characters past the BMP (some fold,
# some are digits), private-use icons, joiners, other white space, lone surrogates.
ODD = ["\U0001f600", "\u200d", "\uf099", "\ue023", "\u202c", "\x90", "\U00010400",
       "\U0001d7ce", "\U000104a0", "\U0001d400", "\ud800", "\udc00", "\t", "\u00a0",
       "\u2028", "\x85", "\r", "٣", "０", "ß", "İ", "Σ", "\u212a", "ǅ", "É", "’", "—"]
WORD = st.one_of(st.sampled_from(["the", "News", "2024", "12:30", "a1b2", "x", "Ünïcödé",
                                  "STRASSE", "ΟΔΟΣ"]),
                 st.text(min_size=1, max_size=6), st.sampled_from(ODD))
SEPARATOR = st.sampled_from([" ", " ", " ", " ", "  ", "\t", "\u00a0", ""])


@st.composite
def page_line(draw) -> str:
    """A line of a page: words and odd characters, mostly single-spaced."""
    words = draw(st.lists(WORD, max_size=16))
    line = "".join(word + draw(SEPARATOR) for word in words)
    return line if draw(st.booleans()) else " ".join(line.split())


PAGES = st.lists(st.one_of(page_line(), st.just(""), st.sampled_from(
    [" a b c d", "a b c d ", "a  b c d", "a b\nc d e", "Share", "one two three four",
     " ".join(["word"] * 12), "\U0001f600 one two three \U0001f600"])), max_size=14)


@settings(max_examples=2000, deadline=None)
@given(PAGES)
def test_document_stats_equals_the_old_function(lines):
    assert templates.document_stats(lines) == old_document_stats(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=10))
def test_document_stats_of_any_text_equals_the_old_function(lines):
    assert templates.document_stats(lines) == old_document_stats(lines)


def test_digits_past_the_bmp_are_found():
    for character in ["\U0001d7ce", "\U000104a0"]:
        doc = [f"one two three {character}4 five", "plain words in this line"]
        assert templates.document_stats(doc) == old_document_stats(doc)
    assert templates.digit_past_bmp(0x1D7CE) and not templates.digit_past_bmp(0x1F600)


def test_folding_past_the_bmp_makes_no_space_or_newline():
    # normal_text folds documents with characters past the BMP as one text too.
    for point in range(templates.BMP, 0x110000):
        folded = chr(point).casefold()
        assert " " not in folded and "\n" not in folded
