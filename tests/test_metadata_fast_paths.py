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


def dateutil_date(text: str):
    """The reference: written_date's dateutil reading of a text."""
    import datetime as dt

    from dateutil import parser as dateutil_parser

    try:
        return dateutil_parser.parse(text, fuzzy=True, ignoretz=True,
                                     default=dt.datetime(1, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def test_plainly_written_dates_are_read_as_dateutil_reads_them():
    from pipeline.cleaning.dates import MONTH_NUMBERS, PLAIN_WRITTEN, written_date

    days = [f"{day}" for day in range(0, 33)] + [f"0{day}" for day in range(0, 10)]
    years = ["1899", "1900", "1999", "2000", "2019", "2024", "2100", "2999"]
    checked = 0
    for month in [*MONTH_NUMBERS, "Mai", "Foo", "Sept", "Julyy"]:
        for year in years:
            texts = [f"{month} {year}"] + [f"{month} {day}, {year}" for day in days] + [
                f"{day} {month} {year}" for day in days]
            for text in texts:
                written_date.cache_clear()
                assert written_date(text) == dateutil_date(text), text
                checked += bool(PLAIN_WRITTEN.fullmatch(text))
    assert checked > 10_000   # the fast path was taken


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["May", "14", "2019", ",", " ", "Sept", "31", "02", "Feb", "29",
                                 "2020", "1", "am", ":", "Tue", "0", "3", "X", "\xa0"]),
                max_size=7).map("".join))
def test_written_date_is_dateutils_where_the_shapes_leave_it(text):
    from pipeline.cleaning.dates import ISO, NUMERIC, YEAR, written_date

    written_date.cache_clear()
    if not (ISO.search(text) or NUMERIC.search(text)) and YEAR.search(text):
        assert written_date(text) == dateutil_date(text), text
