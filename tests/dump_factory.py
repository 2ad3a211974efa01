"""Builds realistic dumps of every supported format, with good and bad records, for tests."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPHS = [
    "The harbour authority said on Monday that the new container terminal would open in "
    "September, two years later than planned, after delays caused by a shortage of steel.",
    "Officials said the terminal would double the port's capacity and create about 1,200 jobs, "
    "most of them in logistics companies that have already leased land next to the docks.",
    "Local businesses welcomed the announcement but warned that road and rail links to the "
    "port had not been upgraded to carry the extra traffic the terminal is expected to bring.",
]


def article_text(title: str) -> str:
    return "\n\n".join([title, *PARAGRAPHS]) + "\n"


def article_html(title: str, charset: str = "utf-8", byline: str = "Jane Roe") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f"<html><head><meta charset=\"{charset}\"><title>{title} | Port News</title>"
            f"<meta name=\"author\" content=\"{byline}\">"
            f"<meta property=\"og:site_name\" content=\"Port News\">"
            f"<meta property=\"article:published_time\" content=\"2024-03-05T08:00:00Z\">"
            f"</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>© 2024 Port News. All rights reserved.</footer></body></html>")


def scrapy_items() -> list[dict]:
    """Items shaped like a Scrapy news spider's feed export."""
    return [
        {"url": "https://news.example/a", "title": "Terminal opening delayed to September",
         "body": PARAGRAPHS, "author": ["Jane Roe", "Li Wei"], "date": "2024-03-05T08:00:00Z",
         "site_name": "Port News", "crawled_at": "2024-03-05 09:14:02"},
        {"url": "https://news.example/b", "title": "Port page kept as HTML",
         "html": article_html("Port page kept as HTML"), "date": "March 5, 2024"},
    ]


def write_warc(path: Path) -> None:
    """A WARC with a warcinfo, a request, an HTML response (Latin-1) and an image response."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        request = writer.create_warc_record("https://news.example/c", "request",
                                            payload=io.BytesIO(b"GET /c HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        html = article_html("Café owners protest harbour plan", charset="iso-8859-1")
        writer.write_record(response(writer, "https://news.example/c",
                                     html.encode("latin-1"), "text/html; charset=ISO-8859-1"))
        writer.write_record(response(writer, "https://news.example/logo.png",
                                     b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))


def response(writer: WARCWriter, url: str, payload: bytes, content_type: str) -> object:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                     http_headers=headers)


def good_dump(root: Path) -> dict[str, int]:
    """One good record of every format; returns the expected articles per file type."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "plain.txt").write_text(article_text("Harbour terminal delayed again"), "utf-8")
    (root / "zipped.txt.gz").write_bytes(gzip.compress(
        article_text("Dock workers vote on new contract").encode()))
    (root / "page.html").write_text(article_html("Ferry timetable changes from May"), "utf-8")
    (root / "page2.htm.gz").write_bytes(gzip.compress(
        article_html("Harbour festival returns").encode()))
    (root / "feed.jsonl").write_text("\n".join(json.dumps(i) for i in scrapy_items()) + "\n")
    (root / "feed.json").write_text(json.dumps(scrapy_items(), indent=2))
    write_warc(root / "crawl.warc.gz")
    return {"txt": 2, "html": 2, "jsonl": 2, "json": 2, "warc": 1}


def bad_dump(root: Path) -> dict[str, tuple[str, str]]:
    """Every kind of bad input; returns source -> (stage, reason) expected in rejects."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(32)) * 40)
    (root / "garbage.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 60)
    (root / "headline-only.txt").write_text("Just a headline\n\n\n")
    (root / "cut.txt.gz").write_bytes(gzip.compress(article_text("Cut off").encode() * 5)[:40])
    (root / "notgzip.html.gz").write_bytes(b"<html>not actually gzip</html>")
    (root / "report.pdf").write_bytes(b"%PDF-1.4 binary")
    lines = [json.dumps(scrapy_items()[0]), '{"title": "broken", "body": ', "[1, 2, 3]",
             json.dumps({"title": "No text here", "url": "https://news.example/empty"})]
    (root / "mixed.jsonl").write_text("\n".join(lines) + "\n")
    items = json.dumps(scrapy_items(), indent=2)
    (root / "unfinished.json").write_text(items[: items.rindex("}") - 20])
    return {
        "empty.txt": ("read", "empty_file"),
        "image.txt": ("decode", "binary_content"),
        "garbage.txt": ("decode", "undecodable"),
        "headline-only.txt": ("finalise", "no_text"),
        "cut.txt.gz": ("read", "truncated_file"),
        "notgzip.html.gz": ("read", "unreadable_file"),
        "report.pdf": ("read", "unknown_file_type"),
        "mixed.jsonl#L2": ("read", "malformed_json"),
        "mixed.jsonl#L3": ("read", "not_an_object"),
        "mixed.jsonl#L4": ("decode", "no_text"),
        "unfinished.json#1": ("read", "truncated_file"),
    }
