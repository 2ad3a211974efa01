"""Whitespace and finalise stages: the text-shaping steps around cleaning."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.errors import NoText
from pipeline.stages.finalise import Finalise
from pipeline.stages.whitespace import NormaliseWhitespace, normalise_lines


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
