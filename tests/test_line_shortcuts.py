"""Shortcuts the cleaning stages take on lines give the answers of the plain definitions.

Each shortcut (a faster pattern for some kinds of text, a cheap test before an expensive
one) is checked against the definition it replaces, on generated text full of the
characters that tell them apart.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import segment_reference as reference
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning.lines import (
    SENTENCE_END,
    SPACE_OR_X,
    ends_sentence,
    is_latin1,
    piece_count,
    word_count,
)
from pipeline.cleaning.metadata_lines import (
    DATE_CUE_WORDS,
    DATE_PIECES,
    date_pieces,
    ends_like_sentence,
    is_date_line,
    may_hold_date,
    metadata_kind,
)
from pipeline.cleaning.phrases import RULE_LITERALS, match_line
from pipeline.cleaning.segment import CACHED_LENGTH, line_facts
from pipeline.cleaning.stopwords import (
    WORD_CODECS,
    decode_single_byte,
    encode_single_byte,
    line_words,
    words,
)
from pipeline.templates import document_keys, document_stats, line_key, only_ascii_digits

TRICKY = st.one_of(
    st.characters(),
    st.sampled_from("'’ -_1²ǅİıſKµÿßÀé\u00a0\t\n\u3000\U0001d400中ไ٣"),
    st.sampled_from(["May 14, 2024", "Updated", " et ", "10:30 pm", "GMT", "2024-05-14",
                     "By ", "3 min read", "• ", "Mon,"]),
)
lines = st.lists(TRICKY, max_size=40).map("".join)


def reference_line_key(line: str) -> int:
    normal = re.sub(r"\s+", " ", re.sub(r"\d+", "0", line.casefold())).strip()
    digest = hashlib.blake2b(normal.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


@settings(max_examples=500, deadline=None)
@given(lines)
def test_line_words_are_the_words_of_the_unicode_pattern(line):
    assert list(line_words(line)) == words(line)


def codec_characters(codec: str) -> list[str]:
    decoded = (bytes([byte]).decode(codec, "ignore") for byte in range(256))
    return [character for character in decoded if character]


# Text a single-byte code page holds (where line_words splits instead of matching), with
# its letters of every kind (ª, µ, ², ½, Š, œ, ƒ, Ё), digits, apostrophes and white space.
CODE_PAGE_TEXT = st.one_of(*(
    st.lists(st.one_of(st.sampled_from(codec_characters(codec)), st.sampled_from(
        ["'", "’", " ", "  ", "\t", "don't", "l’homme", "İ", "Straße"])), max_size=50).map("".join)
    for codec in ("cp1252", "cp1251", "cp1250")))


@settings(max_examples=1500, deadline=None)
@given(CODE_PAGE_TEXT)
def test_line_words_of_code_page_text_are_the_words_of_the_pattern(line):
    assert list(line_words(line)) == words(line)


@settings(max_examples=500, deadline=None)
@given(lines)
def test_line_key_is_the_key_of_the_normalised_line(line):
    assert line_key(line) == reference_line_key(line)


@settings(max_examples=500, deadline=None)
@given(lines)
def test_date_pieces_are_the_case_insensitive_matches(line):
    # The same pieces, perhaps lower-cased (their readers ignore case).
    expected = [m.group(0) for m in DATE_PIECES.finditer(line)]
    assert [piece.lower() for piece in date_pieces(line)] == [p.lower() for p in expected]
    assert list(map(len, date_pieces(line))) == list(map(len, expected))


DATE_WORDS = st.lists(st.one_of(
    st.sampled_from(sorted(DATE_CUE_WORDS)).map(lambda word: word.upper() if len(word) % 2
                                                else word.title()),
    st.sampled_from(["et", "Et", "ET", "sun", "Monday,", "Mon.", "(Beijing time)", "last modified",
                     "first published", "minutes ago", "ſun", "\u212ast", "İst", "ıst", "set",
                     "etc", "_et", "l'et", "et’s", "2et", "GMT+1", "\u00a0", " ", ", ", "é",
                     "Ж", "中", "x"]),
    st.characters()), max_size=12).map(lambda parts: " ".join(parts) if len(parts) % 2
                                      else "".join(parts))


@settings(max_examples=2000, deadline=None)
@given(DATE_WORDS)
def test_lines_without_digits_or_cue_words_hold_no_date_pieces(line):
    expected = [m.group(0) for m in DATE_PIECES.finditer(line)]
    assert [piece.lower() for piece in date_pieces(line)] == [p.lower() for p in expected]
    if not may_hold_date(line):
        assert expected == []


@settings(max_examples=300, deadline=None)
@given(lines)
def test_line_measures_match_their_definitions(line):
    assert ends_sentence(line) == bool(SENTENCE_END.search(line))
    assert is_latin1(line) == all(ord(c) < 256 for c in line)
    wide = len(re.findall(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", line))
    assert word_count(line) == len(line.split()) + wide // 2
    assert piece_count(line) == len(line.split())
    metadata_kind(line, word_count(line))  # never raises


def reference_document_keys(lines):
    keys = {reference_line_key(line) for line in lines if len(line.split()) >= 4}
    long_keys = {reference_line_key(line) for line in lines if len(line.split()) >= 12}
    return sorted(keys), sorted(long_keys)


WORDY = st.one_of(TRICKY, st.sampled_from([" ", "  ", " word", " 12", " Straße", " ٣٤"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(WORDY, max_size=60).map("".join), max_size=8))
def test_document_keys_are_the_keys_of_the_lines_of_enough_words(doc):
    assert document_keys(doc) == reference_document_keys(doc)


# Lines as the whitespace stage leaves them (single-spaced, the keys' shortcut), mixed with
# raw lines (the general way).
SPACED_LINES = st.lists(WORDY, max_size=60).map("".join).map(lambda line: " ".join(line.split()))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(SPACED_LINES, SPACED_LINES, st.lists(WORDY, max_size=20).map("".join)),
                max_size=10))
def test_each_line_key_is_the_definition_whichever_way_the_document_is_normalised(doc):
    keys, long_keys, each = document_stats(doc)
    assert each == [reference_line_key(line) if len(line.split()) >= 4 else None
                    for line in doc]
    assert (keys, long_keys) == reference_document_keys(doc)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_only_ascii_digits_means_no_other_decimal_digit(line):
    if only_ascii_digits(line):
        assert all(not char.isdecimal() or char in "0123456789" for char in line)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(CODE_PAGE_TEXT, lines, DATE_WORDS))
def test_line_facts_are_the_plain_measures(line):
    # line_facts reads words, pieces and wide characters off the line's single-byte code
    # page bytes when it has them; the answers are the plain definitions'.
    facts = line_facts(line)
    wide = len(re.findall(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", line))
    assert facts.pieces == len(line.split())
    assert facts.words == len(line.split()) + wide // 2
    assert list(facts.tokens) == words(line)
    assert facts.sentence_like == ends_sentence(line)
    assert facts.match == match_line(line, facts.words)
    if facts.match is None:
        assert facts.meta == metadata_kind(line, facts.words)


def test_white_space_bytes_are_the_same_in_every_word_codec():
    for codec in WORD_CODECS:
        decoded = [bytes([byte]).decode(codec, "ignore") for byte in range(256)]
        white = {byte for byte, character in enumerate(decoded) if character.isspace()}
        assert white == {byte for byte in range(256) if SPACE_OR_X[byte] == ord(" ")}


def reference_encode_single_byte(text):
    if text.isascii():
        return "ascii", text.encode("ascii")
    for codec in WORD_CODECS:
        try:
            return codec, text.encode(codec)
        except UnicodeEncodeError:
            continue
    return None


@settings(max_examples=1000, deadline=None)
@given(st.one_of(CODE_PAGE_TEXT, lines))
def test_code_page_bytes_are_the_codecs_own(line):
    # encode_single_byte and decode_single_byte use the code pages' character maps directly.
    encoded = encode_single_byte(line)
    assert encoded == reference_encode_single_byte(line)
    if encoded is not None:
        assert decode_single_byte(*encoded) == encoded[1].decode(encoded[0]) == line


def reference_is_date_line(line, words):
    share = sum(map(len, date_pieces(line))) / max(len(line.replace(" ", "")), 1)
    calendar = any(any(ch.isdigit() for ch in piece) and not re.fullmatch(
        r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", piece.strip(), re.IGNORECASE)
        for piece in date_pieces(line))
    return share >= 0.45 or (share > 0 and words <= 15 and not ends_like_sentence(line)
                             and calendar)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(lines, DATE_WORDS), st.integers(0, 20))
def test_date_line_finds_the_pieces_once_with_the_same_answer(line, words):
    assert is_date_line(line, words) == reference_is_date_line(line, words)


CASES = Path(__file__).parent / "cases"
PAGE_LINES = sorted({line for path in (CASES / "pages").glob("*.txt")
                     for line in path.read_text("utf-8").splitlines()})
PHRASE_LINES = [line for kind in ("positive", "negative")
                for line, *_ in json.loads((CASES / "phrases.json").read_text("utf-8"))[kind]]
# Lines on either side of CACHED_LENGTH: phrases, page lines, rule literals, tricky text.
FACT_PARTS = st.one_of(TRICKY, st.sampled_from(PAGE_LINES + PHRASE_LINES),
                       st.sampled_from(sorted({literal for literals in RULE_LITERALS if literals
                                               for literal in literals})),
                       st.sampled_from([" ", "  ", " • ", " | ", "\u00a0", "Σ", "ΣΑΣ ", "ς"]))
FACT_LINES = st.one_of(st.lists(FACT_PARTS, max_size=12).map("".join),
                       st.lists(FACT_PARTS, max_size=40).map(" ".join),
                       st.sampled_from(PAGE_LINES + PHRASE_LINES))


@settings(max_examples=1500, deadline=None)
@given(FACT_LINES)
def test_line_facts_are_the_facts_measured_one_way(line):
    # Short lines come from a cache and long ones are measured afresh: the facts are the
    # same, the first time and again.
    assert line_facts(line) == reference.measure_line(line)
    assert line_facts(line) == reference.measure_line(line)


def test_fact_lines_reach_both_sides_of_the_cache_length():
    assert min(map(len, PAGE_LINES)) < CACHED_LENGTH < max(map(len, PAGE_LINES))


def test_character_tables_from_the_disk_cache_are_the_derived_ones():
    from pipeline.cleaning import characters
    from pipeline.templates import character_flags, derive_character_flags

    for table, derive in ((character_flags, derive_character_flags),
                          (characters.bmp_classes, characters.derive_bmp_classes)):
        for _ in range(2):   # built and stored, then read back from the cache
            table.cache_clear()
            assert np.array_equal(table(), derive())
