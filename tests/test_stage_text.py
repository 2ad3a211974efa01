"""Whitespace and finalise stages: the text-shaping steps around cleaning."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.cleaning.characters import INVISIBLE_CHARACTERS, remember_last, remove_invisible
from pipeline.errors import NoText
from pipeline.stages.finalise import WORD, Finalise, text_word_count, word_count
from pipeline.stages.whitespace import (
    HORIZONTAL_SPACE,
    NEWLINES,
    NormaliseWhitespace,
    normalise_lines,
)


def whitespace(text: str) -> Article:
    item = Article(doc_id="0" * 16, source="x.txt", raw=b"", decoded=text)
    return NormaliseWhitespace().process_item(item)


def test_lines_are_split_folded_and_blank_lines_dropped():
    item = whitespace("Title\r\n\r\n  First\u00a0 paragraph\t here.  \n\n\n\nSecond.\u2028Third.")
    assert item.lines == ["Title", "First paragraph here.", "Second.", "Third."]
    assert item.fixes == ["nbsp_to_space", "windows_newlines", "unicode_line_breaks"]


@given(st.text(max_size=400))
def test_normalised_lines_are_clean_and_normalising_again_changes_nothing(text):
    lines = normalise_lines(text)
    for line in lines:
        assert line and line == line.strip()
        assert "  " not in line
        assert "\n" not in line
    assert normalise_lines("\n".join(lines)) == lines


# Text full of the characters whitespace handling must tell apart.
SPACY = st.text(st.one_of(st.sampled_from(" \t\n\r\xa0\u2007\u202f\u2028\u2029\x0b\x0c\x85"
                                          "\x1c\u3000\u200b—-•.,a1_"), st.characters()),
                max_size=300)


@given(SPACY)
def test_normalised_lines_are_those_of_the_regular_expressions(text):
    # The fast path (lines already folded are kept) gives the original answer.
    lines = (HORIZONTAL_SPACE.sub(" ", line).strip() for line in NEWLINES.sub("\n", text)
             .split("\n"))
    assert normalise_lines(text) == [line for line in lines if line]


@given(SPACY)
def test_word_count_is_the_count_of_word_pattern_matches(text):
    assert word_count(text) == len(WORD.findall(text))


@given(st.lists(SPACY, max_size=6), st.booleans())
def test_word_count_of_a_text_is_that_of_the_word_pattern(lines, normalise):
    # Normalised lines take the code units' count, other text mostly the fallback.
    if normalise:
        lines = normalise_lines("\n".join(lines))
    text = "\n\n".join(lines)
    assert text_word_count(text) == len(WORD.findall(text))


@given(st.text(st.one_of(st.sampled_from(" \n\ud800\udc00—a_1."),
                         st.characters(blacklist_categories=()),
                         st.characters(min_codepoint=0x10000)), max_size=60))
def test_word_count_of_text_with_surrogates_and_wide_characters(text):
    assert text_word_count(text) == len(WORD.findall(text))


def test_word_count_of_printable_text_is_read_from_code_units():
    assert text_word_count("") == 0
    assert text_word_count(" — ") == 0
    assert text_word_count("U.S. talks — “day 2”\n\n- Lavrov’s reply -") == 6


def test_finalise_joins_paragraphs_and_fills_derived_columns():
    item = Article(doc_id="0" * 16, source="x.txt", raw=b"",
                   lines=["U.S. talks, day 2 —", "Lavrov’s reply"])
    item = Finalise().process_item(item)
    assert item.text == "U.S. talks, day 2 —\n\nLavrov’s reply"
    assert item.word_count == 6  # the dash is not a word; "U.S." and "Lavrov’s" are one each
    assert item.content_sha256 == hashlib.sha256(item.text.encode()).hexdigest()


def test_finalise_rejects_an_article_without_body():
    item = Article(doc_id="0" * 16, source="x.txt", raw=b"", title="Only a headline")
    with pytest.raises(NoText, match="Only a headline"):
        Finalise().process_item(item)


def whitespace_by_lines(text: str) -> tuple[list[str], list[str]]:
    """The reference: the whitespace stage's lines and fixes, line by line.

    (As it was before the whole-text shortcut.)
    """
    from pipeline.stages.whitespace import (
        DOUBLED_FULL_STOP,
        has_unicode_break,
        single_spaced,
        spacing_fixes,
    )

    fixes = spacing_fixes(text)
    if "\r" in text or has_unicode_break(text):
        text = NEWLINES.sub("\n", text)
    lines = [line if single_spaced(line) else " ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    fixed = [DOUBLED_FULL_STOP.sub(".", line) if line.endswith("..") else line for line in lines]
    if fixed != lines:
        fixes.append("doubled_full_stop")
    return fixed, fixes


@given(st.one_of(SPACY, st.lists(st.sampled_from(["word", "Wörd", "a.", "x..", " ", "\n",
                                                  "\n\n", "“q”", "😀", "\ud800", "\t",
                                                  "\xa0", "\r\n", "…"]),
                                 max_size=30).map("".join)))
def test_the_whitespace_stage_gives_the_line_by_line_answer(text):
    item = whitespace(text)
    assert (item.lines, item.fixes) == whitespace_by_lines(text)


@given(st.text(st.one_of(st.sampled_from(INVISIBLE_CHARACTERS + "a \n"), st.characters()),
               max_size=60))
def test_invisible_characters_are_all_removed(text):
    # The reference: one translation table.
    cleaned = text.translate(dict.fromkeys(map(ord, INVISIBLE_CHARACTERS)))
    assert remove_invisible(text) == (cleaned, cleaned != text)


def test_remember_last_answers_again_only_for_the_same_text_object():
    calls = []
    length = remember_last(lambda text: calls.append(text) or len(text))
    first, equal = "ab" * 20, "".join(["ab"] * 20)   # equal, but another object
    assert [length(first), length(first), length(equal), length("x")] == [40, 40, 40, 1]
    assert calls == [first, equal, "x"]
