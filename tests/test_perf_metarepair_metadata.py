"""The metadata stage's fast paths give what the plain readers they replaced give."""

from __future__ import annotations

from collections.abc import Collection

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.article import Article, Removed
from pipeline.cleaning.credits import Credits, read_credit_line
from pipeline.cleaning.dates import parse_date
from pipeline.stages.metadata import FIELDS, settled, text_credits


def reference_text_credits(item: Article, wanted: Collection[str] = FIELDS) -> Credits:
    """text_credits as it was: every removed line read through read_credit_line."""
    found, bare_names = Credits(), []
    lines = item.boilerplate if "publisher" in wanted else [
        removed for removed in item.boilerplate if removed.rule.startswith("metadata:")]
    for removed in lines:
        if settled(found, wanted):
            break
        credits = read_credit_line(removed.line, removed.rule)
        if credits.authors and credits.cued and not found.authors:
            found.authors = list(dict.fromkeys(credits.authors))
        elif credits.authors and not bare_names:
            bare_names = list(dict.fromkeys(credits.authors))
        found.publisher = found.publisher or credits.publisher
        if not found.date_text and credits.date_text and parse_date(credits.date_text):
            found.date_text = credits.date_text
    found.authors = found.authors or bare_names
    return found


RULES = ["metadata:byline", "metadata:date", "metadata:credit", "copyright_notice",
         "related_marker", "navigation", "outside_article", "copyright_notice_x"]
PIECES = ["More from ", "more FROM ", "  Read more from ", "\u2003more news from ", "MORE ",
          "read  more from ", "more stories from ", "By ", "© 2024 ", "(c) ", "Copyright ",
          "The Washington Post", "Los Angeles Times", "Sina English", "Ann Lee", "Bo Chan",
          " and ", ", ", " · ", "May 14, 2019", "5/14/2019", "2019-05-13 06:22:58 GMT",
          " on", "\u017fhare", "\u0130", ".com", " - ", "\t", "\xa0", "ſrom", "the "]
LINES = st.one_of(st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
                  st.text(max_size=30))
REMOVED = st.lists(st.builds(Removed, line=LINES, rule=st.sampled_from(RULES)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(REMOVED, st.lists(st.sampled_from(FIELDS), unique=True, min_size=1))
def test_text_credits_reads_what_reading_every_line_read(removed, wanted):
    item = Article(doc_id="d", source="s", raw=b"", boilerplate=removed)
    assert repr(text_credits(item, wanted)) == repr(reference_text_credits(item, wanted))
