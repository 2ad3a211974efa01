"""The boilerplate stage's faster per-article logic gives the first-written logic's answers.

tests/segment_reference.py keeps the plain definitions; pages of generated lines (with
every class, rule, marker and metadata shape, repeated and case-varied lines, numbered
lines, odd white space and non-ASCII text) go through both.
"""

from __future__ import annotations

import copy

import segment_reference as reference
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import HTML, TEXT, Article
from pipeline.cleaning.lines import LineInfo
from pipeline.cleaning.phrases import COMMENTS_MARKER, RELATED_MARKER
from pipeline.cleaning.segment import segment_lines
from pipeline.stages.boilerplate import RemoveBoilerplate

PROSE = ("The minister said on Tuesday that the talks would continue next week in the "
         "capital, and that both sides had agreed to meet again.")
TEXTS = st.sampled_from([
    "", " ", "Big News Today", "big  news today", "BIG NEWS TODAY", "Big News Today.",
    "Is this the news?", "Straße Nachrichten", "STRASSE NACHRICHTEN", "1. First item",
    "2) Second item", "(3) third", "4. Fourth item", "12. far", "Read more…",
    "Related: more news ...", "\tOdd  spaced\u00a0line ", "中文新闻标题", "By Jane Doe",
    PROSE, PROSE[:80], PROSE[:75] + "…", PROSE + " " + PROSE, PROSE.upper(),
    "A headline that runs long but is not a sentence at all in any way whatsoever here",
])
WORDS = st.sampled_from(["the", "and", "of", "news", "big", "today", "market", "straße",
                         "ab", "talks", "minister", "\x00news", "news\x00", "中文"])
STOPS = st.sampled_from([frozenset(), frozenset({"the", "and", "of"}),
                         frozenset({"the", "and", "of", "news"})])


@st.composite
def line_infos(draw: st.DrawFn) -> LineInfo:
    """A line as describe could leave it (pieces agree with the text; the rest is free)."""
    text = draw(TEXTS)
    return LineInfo(
        text, draw(st.one_of(st.integers(0, 120), st.just(len(text.split())))),
        draw(st.sampled_from([0.0, 0.1, 0.12, 0.2, 0.3, 0.31, 0.32, 0.5])),
        len(text.split()), draw(st.booleans()), tuple(draw(st.lists(WORDS, max_size=12))),
        draw(st.sampled_from([None, None, None, "phrase_rule", "template_line"])),
        draw(st.sampled_from([None, None, None, COMMENTS_MARKER, RELATED_MARKER])),
        draw(st.sampled_from([None, None, None, "byline", "date", "reading_time", "names",
                              "credit", "bio"])))


def outcome(result) -> tuple:
    """Everything a Segmentation says, and what was left on every line."""
    return (result.title, result.body, result.removed(),
            [(info.cls, info.shape, info.removed_by) for info in result.lines])


@settings(max_examples=3000, deadline=None)
@given(st.lists(line_infos(), max_size=40), STOPS, st.booleans())
def test_segment_lines_gives_the_reference_answer(infos, stops, extracted):
    expected = reference.segment_lines(copy.deepcopy(infos), stops, extracted)
    assert outcome(segment_lines(copy.deepcopy(infos), stops, extracted)) == outcome(expected)


PAGE_LINES = st.sampled_from([
    "Home | News | Sport", "Big News Today", "big news today", "BIG NEWS TODAY",
    "By Jane Doe", "Published 3 March 2024", "5 min read", "Share this article",
    "Related articles", "Comments", "1. First item on the list", "2. Second item here",
    PROSE, PROSE.replace("Tuesday", "Monday"), "Die Regierung hat am Dienstag mitgeteilt, "
    "dass die Gespräche in der nächsten Woche in der Hauptstadt fortgesetzt werden sollen.",
    "Read more…", "© 2024 Example News", "", "Straße Nachrichten heute",
])
TITLES = st.sampled_from(["", "Big News Today", "Big News Today | Example News",
                          "Example News - Big News Today", "Straße Nachrichten heute",
                          "Big  news today – World – Example"])


@settings(max_examples=500, deadline=None)
@given(st.lists(PAGE_LINES, max_size=30), TITLES, st.sampled_from([None, "Example News"]),
       st.sampled_from([None, "https://www.example.com/a/1", "http://news.example.org/x"]),
       st.sampled_from([TEXT, HTML]))
def test_the_stage_gives_the_reference_answer(lines, title, publisher, url, media):
    def article() -> Article:
        fields = {"title": title} if title else {}
        if publisher:
            fields["publisher"] = publisher
        return Article("d", "s", b"", url=url, fields=fields, media=media, lines=list(lines))
    fast = RemoveBoilerplate().process_item(article())
    slow = reference.process_item(article())
    assert (fast.title, fast.lines, fast.boilerplate) == (slow.title, slow.lines, slow.boilerplate)
