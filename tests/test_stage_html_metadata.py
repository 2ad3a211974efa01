"""HTML extraction with trafilatura, source metadata into columns, and date parsing."""

from __future__ import annotations

import datetime as dt

import pytest
from dump_factory import PARAGRAPHS, article_html

from pipeline.article import HTML, Article
from pipeline.cleaning.credits import clean_author_field
from pipeline.cleaning.dates import parse_date
from pipeline.errors import NoText
from pipeline.stages.html import ExtractHtml
from pipeline.stages.metadata import ExtractMetadata


def page(html: str, **fields: str) -> Article:
    return Article(doc_id="0" * 16, source="p.html", raw=html.encode(), media=HTML,
                   decoded=html, fields=dict(fields))


def test_a_page_becomes_its_main_text_and_metadata():
    item = ExtractHtml().process_item(page(article_html("Ferry timetable changes")))
    assert all(p in item.decoded for p in PARAGRAPHS)
    assert "Home" not in item.decoded
    assert item.fields["title"].startswith("Ferry timetable changes")
    assert item.fields["author"] == "Jane Roe"
    assert item.fields["publisher"] == "Port News"
    assert item.fields["date"] == "2024-03-05"


def test_fields_the_source_named_win_over_the_page():
    item = ExtractHtml().process_item(page(article_html("X"), title="Feed title"))
    assert item.fields["title"] == "Feed title"


def test_a_page_without_main_text_is_rejected():
    with pytest.raises(NoText, match="trafilatura"):
        ExtractHtml().process_item(page("<html><head><title>x</title></head><body></body></html>"))


def test_plain_text_records_pass_through():
    item = Article(doc_id="0" * 16, source="a.txt", raw=b"x", decoded="Text.")
    assert ExtractHtml().process_item(item).decoded == "Text."


def test_source_metadata_fills_the_columns():
    item = Article(doc_id="0" * 16, source="f", raw=b"", fields={
        "author": "By Ann Lee and Bo Chan; Staff", "publisher": " Port News ",
        "date": "Tuesday, November 19, 2019 10:01 pm"})
    item = ExtractMetadata().process_item(item)
    assert item.authors == ["Ann Lee", "Bo Chan", "Staff"]
    assert item.publisher == "Port News"
    assert item.published == dt.date(2019, 11, 19)


def test_split_authors_keeps_order_and_drops_repeats():
    assert clean_author_field("Jane Roe | Li Wei & Jane Roe") == ["Jane Roe", "Li Wei"]


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-05-13 06:22:58 GMT", dt.date(2019, 5, 13)),
    ("2019-05-13T06:22:58Z", dt.date(2019, 5, 13)),
    ("May 14, 2019", dt.date(2019, 5, 14)),
    ("14 May 2019", dt.date(2019, 5, 14)),
    ("5/14/2019", dt.date(2019, 5, 14)),
    ("05/04/2019", dt.date(2019, 5, 4)),
    ("14.05.2019, 18:03 Uhr", dt.date(2019, 5, 14)),
    ("04.05.2019", dt.date(2019, 5, 4)),
    ("The Washington Post logo The Washington Post 5/14/2019 Anton Troianovski",
     dt.date(2019, 5, 14)),
    ("Updated 10:01 pm PST, Tuesday, November 19, 2019", dt.date(2019, 11, 19)),
])
def test_dates_in_common_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "10:01 pm", "2/30/2019", "1/1/1066",
                                  "Room 14, floor 2"])
def test_not_a_date(text):
    assert parse_date(text) is None
