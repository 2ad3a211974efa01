"""The boilerplate stage's faster line measures give the answers of the code they replaced.

Each reference below is the function as it was before the rewrite, kept here verbatim (or
as its plain definition); the tests compare them with the fast forms on generated text:
every code page's letters, apostrophes in every position, unicode, empty strings and odd
white space.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning.lines import SPACE_OR_X, ends_sentence, piece_count, wide_characters
from pipeline.cleaning.metadata_lines import metadata_kind
from pipeline.cleaning.phrases import match_line
from pipeline.cleaning.segment import LineFacts, line_facts, lines_facts, measure_line
from pipeline.cleaning.stopwords import (
    WORD,
    WORD_CODECS,
    decode_single_byte,
    encode_single_byte,
    letter_tables,
    single_byte_words,
    split_words,
)


def codec_characters(codec: str) -> list[str]:
    """Every character the code page holds."""
    decoded = (bytes([byte]).decode(codec, "ignore") for byte in range(256))
    return [character for character in decoded if character]


# Apostrophes alone, doubled, at word edges, between letters, next to digits and spaces.
APOSTROPHE_PARTS = ["'", "’", "''", "'’", " '", "' ", "don't", "l’homme", "rock'n'roll",
                    "y’all'd", "'quoted'", "‘single’", "o'", "'s", "d'Arc", "1'2", "a_'b",
                    "Ё'ж", "ß’ß", "İ'", "x'\u00a0y", "a'\tb", "a' b", "\u00a0'"]
WHITE = [" ", "  ", "\t", "\n", "\u00a0", "\x1c", "\x1f", "\x0b", "\u3000", ""]
CODE_PAGE_TEXT = st.one_of(*(
    st.lists(st.one_of(st.sampled_from(codec_characters(codec)), st.sampled_from(APOSTROPHE_PARTS),
                       st.sampled_from(WHITE)), max_size=60).map("".join)
    for codec in WORD_CODECS))
ANY_TEXT = st.lists(st.one_of(st.characters(), st.sampled_from(APOSTROPHE_PARTS),
                              st.sampled_from([*WHITE, "中", "ไ", "\U0001d400", "Σ", "K"])),
                    max_size=60).map("".join)
TEXT = st.one_of(CODE_PAGE_TEXT, ANY_TEXT)


def reference_words(lowered: str) -> tuple[str, ...]:
    """The plain definition: the matches of the word pattern."""
    return tuple(WORD.findall(lowered))


@settings(max_examples=3000, deadline=None)
@given(TEXT)
def test_single_byte_words_are_the_words_of_the_pattern(text):
    lowered = text.lower()
    encoded = encode_single_byte(lowered)
    if encoded is not None:
        assert single_byte_words(lowered, encoded) == reference_words(lowered)
        assert single_byte_words(lowered, encoded) == split_words(lowered, encoded)


def reference_measure_line(line: str) -> LineFacts:
    """measure_line before the rewrite (single_byte_words, tuple.__new__, inlined checks)."""
    lowered = line.lower()
    encoded = encode_single_byte(lowered)
    if encoded is None:
        tokens = split_words(lowered, None)
        pieces = piece_count(line)
        words = pieces + wide_characters(line) // 2
    else:
        codec, data = encoded
        tokens = split_words(lowered, encoded) if b"'" in data or b"\x92" in data else \
            tuple(decode_single_byte(codec, data.translate(letter_tables()[codec])).split())
        pieces = words = (b" " + data.translate(SPACE_OR_X)).count(b" x")
    match = match_line(line, words, lowered)
    meta = None if match else metadata_kind(line, words, tokens)
    return LineFacts(pieces, words, match, meta, ends_sentence(line), tokens)


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_measure_line_gives_the_facts_it_gave(line):
    facts = measure_line(line)
    assert type(facts) is LineFacts
    assert facts == reference_measure_line(line)
    assert type(facts.pieces) is int and type(facts.words) is int


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=10))
def test_lines_facts_are_each_lines_facts(lines):
    assert lines_facts(lines) == [line_facts(line) for line in lines]
