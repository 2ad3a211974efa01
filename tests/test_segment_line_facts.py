"""The boilerplate stage's faster line measures and describe give the answers they gave.

Each reference below is the function as it was before the rewrite, kept here verbatim (or
as its plain definition); the tests compare them with the fast forms on generated text:
every code page's letters, apostrophes in every position, unicode, empty strings and odd
white space.
"""

from __future__ import annotations

import segment_reference as reference
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning.lines import LineInfo
from pipeline.cleaning.segment import (
    CERTAIN_METADATA,
    LENGTH_LOW,
    LineFacts,
    describe,
    line_facts,
    lines_facts,
    measure_line,
)
from pipeline.cleaning.stopwords import (
    CANDIDATES,
    COUNTER_BITS,
    COUNTER_MASK,
    WORD,
    WORD_CODECS,
    encode_single_byte,
    guess_language,
    single_byte_words,
    split_words,
    stoplist,
)
from pipeline.templates import line_key


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


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_measure_line_gives_the_facts_it_gave(line):
    facts = measure_line(line)
    assert type(facts) is LineFacts
    assert facts == reference.measure_line(line)
    assert type(facts.pieces) is int and type(facts.words) is int


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXT, max_size=10))
def test_lines_facts_are_each_lines_facts(lines):
    assert lines_facts(lines) == [line_facts(line) for line in lines]


def reference_describe(lines, stops, templates=(), *, line_keys=None, facts=None,
                       language=None, counters=None):
    """segment.describe before the rewrite (one branch order, keys looked up per line)."""
    infos = []
    is_stop = stops.__contains__
    shift = COUNTER_BITS * CANDIDATES.index(language) \
        if counters and language in CANDIDATES and stops is stoplist(language) else None
    if facts is None:
        facts = [line_facts(line) for line in lines]
    keys = [None] * len(lines) if line_keys is None else line_keys
    for i, (line, (pieces, words, match, meta, sentence_like, tokens), key) in \
            enumerate(zip(lines, facts, keys, strict=True)):
        if match:
            info = LineInfo(line, words, 0.0, pieces, sentence_like, tokens, match.category,
                            match.marker)
        elif templates and (line_key(line) if line_keys is None else key) in templates:
            info = LineInfo(line, words, 0.0, pieces, sentence_like, tokens, "template_line")
        elif tokens and stops and len(line) >= LENGTH_LOW and meta not in CERTAIN_METADATA:
            counter = None if shift is None else counters.get(i)
            count = sum(map(is_stop, tokens)) if counter is None else \
                counter >> shift & COUNTER_MASK
            info = LineInfo(line, words, count / len(tokens), pieces, sentence_like, tokens,
                            None, None, meta)
        else:
            info = LineInfo(line, words, 0.0, pieces, sentence_like, tokens, None, None, meta)
        infos.append(info)
    return infos


PROSE = ("The minister said on Tuesday that the talks would continue next week in the "
         "capital, and that both sides had agreed to meet again.")
PAGE_LINES = st.one_of(TEXT, st.sampled_from([
    "", "Home", "Read more", "By Jane Doe", "May 14, 2024", "3 min read", "Share this article",
    PROSE, PROSE.upper(), "Der Minister sagte am Dienstag, dass die Gespräche weitergehen.",
    "Le ministre a déclaré que les pourparlers se poursuivraient la semaine prochaine.",
    "Комментарии", "1. First item", "Follow us on Twitter", "Sign up for our newsletter"]))


@settings(max_examples=1000, deadline=None)
@given(st.lists(PAGE_LINES, max_size=25), st.sampled_from([None, "English", "German", "French"]),
       st.integers(0, 3), st.booleans())
def test_describe_gives_the_lines_it_gave(lines, language, template_pick, hand_keys):
    stops = stoplist(language) if language else frozenset()
    templates = frozenset(line_key(line) for line in lines[::template_pick + 1]) \
        if template_pick else frozenset()
    keys = [line_key(line) if len(line.split()) >= 4 else None for line in lines] \
        if hand_keys else None
    facts = [line_facts(line) for line in lines]
    counters: dict[int, int] = {}
    guessed = guess_language(lines, [fact.tokens for fact in facts], counters)
    for args in ((stops, templates), (stoplist(guessed) if guessed else frozenset(), templates)):
        told = {"line_keys": keys, "facts": facts, "language": guessed, "counters": counters}
        assert describe(lines, *args, **told) == reference_describe(lines, *args, **told)
        assert describe(lines, *args) == reference_describe(lines, *args)
