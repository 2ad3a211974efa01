"""Readers for every dump format, and what they make of broken files."""

from __future__ import annotations

import gzip
import json

import pytest
from dump_factory import PARAGRAPHS, article_html, scrapy_items, write_warc

from pipeline.article import HTML, TEXT, RawRecord, Reject
from pipeline.config import load_settings
from pipeline.readers import read_dump
from pipeline.readers.base import ReadOptions
from pipeline.stats import Stats
from pipeline.storage import Storage

SETTINGS = load_settings()
OPTIONS = ReadOptions(max_record_bytes=SETTINGS.getint("MAX_RECORD_BYTES"),
                      feed_fields={k: tuple(v) for k, v in SETTINGS.getdict("FEED_FIELDS").items()})


def read(root, options=OPTIONS) -> list[RawRecord | Reject]:
    return list(read_dump(Storage(str(root)), options, Stats()))


def by_source(records) -> dict[str, RawRecord | Reject]:
    return {r.source: r for r in records}


def test_scrapy_jsonl_feed_maps_fields_and_joins_lists(tmp_path):
    (tmp_path / "items.jl").write_text("\n".join(json.dumps(i) for i in scrapy_items()))
    first, second = read(tmp_path)
    assert (first.source, first.file_type, first.media) == ("items.jl#L1", "jsonl", TEXT)
    assert first.url == "https://news.example/a"
    assert first.content == "\n\n".join(PARAGRAPHS)
    assert first.fields == {"title": "Terminal opening delayed to September",
                            "author": "Jane Roe; Li Wei", "date": "2024-03-05T08:00:00Z",
                            "publisher": "Port News"}
    assert json.loads(first.raw) == scrapy_items()[0]
    assert second.media == HTML
    assert second.content.startswith("<html>")


def test_a_malformed_line_is_rejected_alone(tmp_path):
    lines = [json.dumps(scrapy_items()[0]), "{not json", "", json.dumps(scrapy_items()[1])]
    (tmp_path / "feed.ndjson").write_text("\n".join(lines))
    records = by_source(read(tmp_path))
    assert sorted(records) == ["feed.ndjson#L1", "feed.ndjson#L2", "feed.ndjson#L4"]
    assert records["feed.ndjson#L2"].reason == "malformed_json"
    assert records["feed.ndjson#L2"].raw == b"{not json"


def test_a_feed_item_that_is_not_an_object_is_rejected(tmp_path):
    (tmp_path / "feed.jsonl").write_text('["a", "list"]\n')
    (reject,) = read(tmp_path)
    assert (reject.stage, reject.reason) == ("read", "not_an_object")


def test_json_array_feed_is_read_item_by_item(tmp_path):
    (tmp_path / "items.json").write_text(json.dumps(scrapy_items(), indent=2))
    records = read(tmp_path)
    assert [r.source for r in records] == ["items.json#0", "items.json#1"]
    assert [r.media for r in records] == [TEXT, HTML]


def test_a_cut_off_json_array_keeps_the_items_before_the_break(tmp_path):
    text = json.dumps(scrapy_items(), indent=2)
    (tmp_path / "items.json").write_text(text[: text.rindex("}") - 20])
    first, rest = read(tmp_path)
    assert isinstance(first, RawRecord)
    assert (rest.source, rest.reason) == ("items.json#1", "truncated_file")


def test_a_json_array_with_a_syntax_error_keeps_what_came_before(tmp_path):
    (tmp_path / "items.json").write_text('[{"title": "a", "text": "ok"}, {"title": oops}, {}]')
    first, rest = read(tmp_path)
    assert first.content == "ok"
    assert rest.reason == "malformed_json"


def test_feed_field_names_can_be_overridden(tmp_path):
    (tmp_path / "feed.jsonl").write_text(json.dumps({"story_text": "Body.", "hed": "Title"}))
    options = ReadOptions(max_record_bytes=OPTIONS.max_record_bytes,
                          feed_fields={**OPTIONS.feed_fields, "text": ("story_text",),
                                       "title": ("hed",)})
    (record,) = read(tmp_path, options)
    assert (record.content, record.fields["title"]) == ("Body.", "Title")


def test_warc_responses_become_page_records_with_charset_and_url(tmp_path):
    write_warc(tmp_path / "crawl.warc.gz")
    page, image = read(tmp_path)
    assert (page.source, page.file_type, page.media) == ("crawl.warc.gz#3", "warc", HTML)
    assert page.url == "https://news.example/c"
    assert page.fields == {"charset": "ISO-8859-1"}
    assert "Café".encode("latin-1") in page.raw
    assert (image.reason, image.source) == ("unsupported_content_type", "crawl.warc.gz#4")


def test_a_file_that_is_not_a_warc_is_unreadable(tmp_path):
    (tmp_path / "crawl.warc").write_bytes(b"this is not an archive\r\n\r\n")
    (reject,) = read(tmp_path)
    assert reject.reason == "unreadable_file"


def test_html_pages_are_one_record_each(tmp_path):
    (tmp_path / "a.html").write_text(article_html("A"))
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(article_html("B").encode()))
    records = read(tmp_path)
    assert [(r.source, r.file_type, r.media) for r in records] == [
        ("a.html", "html", HTML), ("b.htm.gz", "html", HTML)]


@pytest.mark.parametrize("name", ["empty.txt", "empty.jsonl", "empty.json", "empty.html"])
def test_a_file_with_no_record_is_an_empty_file_reject(tmp_path, name):
    (tmp_path / name).write_bytes(b"" if name != "empty.jsonl" else b"\n\n")
    (reject,) = read(tmp_path)
    assert (reject.source, reject.stage, reject.reason) == (name, "read", "empty_file")


def test_an_oversized_feed_item_is_rejected(tmp_path):
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "x" * 5000}))
    options = ReadOptions(max_record_bytes=1000, feed_fields=OPTIONS.feed_fields)
    (reject,) = read(tmp_path, options)
    assert reject.reason == "oversized_record"


def test_gzipped_feeds_are_read_like_plain_ones(tmp_path):
    lines = "\n".join(json.dumps(i) for i in scrapy_items()).encode()
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "feed.json.gz").write_bytes(gzip.compress(json.dumps(scrapy_items()).encode()))
    sources = [r.source for r in read(tmp_path)]
    assert sources == ["feed.json.gz#0", "feed.json.gz#1", "feed.jsonl.gz#L1", "feed.jsonl.gz#L2"]


def test_a_truncated_gzipped_feed_keeps_the_lines_before_the_break(tmp_path):
    items = [{"title": f"Item {n}", "text": f"Paragraph {n}. " * 40} for n in range(200)]
    data = gzip.compress("\n".join(json.dumps(i) for i in items).encode())
    (tmp_path / "feed.jsonl.gz").write_bytes(data[: len(data) // 2])
    records = read(tmp_path)
    kept = [r for r in records if isinstance(r, RawRecord)]
    assert 0 < len(kept) < 200
    assert [r.source for r in kept] == [f"feed.jsonl.gz#L{n}" for n in range(1, len(kept) + 1)]
    assert records[-1].reason == "truncated_file"


def test_a_cut_off_warc_keeps_whole_records_and_rejects_the_cut_one(tmp_path):
    import io

    from dump_factory import response
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(3):
        writer.write_record(response(writer, f"https://x.example/{n}",
                                     article_html(f"Page {n}").encode(), "text/html"))
    data = buffer.getvalue()
    (tmp_path / "cut.warc.gz").write_bytes(data[: int(len(data) * 0.8)])
    records = read(tmp_path)
    assert [type(r).__name__ for r in records] == ["RawRecord", "RawRecord", "Reject"]
    assert records[-1].reason == "truncated_file"
