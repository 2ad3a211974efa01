"""Scrapy feed exports: JSON lines (`.jsonl`, `.jl`, `.ndjson`) and JSON arrays (`.json`).

Items are mapped to our fields by name (FEED_FIELDS in settings: `url`, `title`, `text`,
`html`, `author`, `date`, `publisher`, each with the names crawlers commonly use). An item
with a `text` field is a plain-text article; one with only an `html` field goes through the
HTML path. List values (a body scraped paragraph by paragraph, several authors) are joined.

A bad line of a JSON-lines file is rejected alone; a JSON array is decoded item by item, so
the items before a syntax error or a cut-off end are kept.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from pipeline.article import HTML, TEXT, RawRecord, Reject
from pipeline.ids import make_doc_id
from pipeline.readers.base import Reader, reject_record

CHUNK = 1 << 16
LIST_SEPARATORS = {"text": "\n\n", "html": "\n", "author": "; "}


def as_text(value: Any, column: str) -> str | None:
    """A field value as a string: lists joined, numbers and booleans refused, blanks None."""
    if isinstance(value, list):
        parts = [as_text(v, column) for v in value]
        value = LIST_SEPARATORS.get(column, " ").join(p for p in parts if p)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return value.strip() or None if isinstance(value, str) else None


def map_fields(item: Mapping[str, Any], names: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Our column name -> value, taking the first of a column's names that has a value."""
    mapped = {}
    for column, candidates in names.items():
        for name in candidates:
            value = item.get(name)
            if value is None:   # most names are absent: as_text(None) is None
                continue
            # A plain string (most values) is as_text's last line, without the call.
            value = (value.strip() or None) if type(value) is str else as_text(value, column)
            if value:
                mapped[column] = value
                break
    return mapped


class FeedReader(Reader):
    """Shared item-to-record logic of the two feed formats."""

    def item_record(self, item: Any, source: str, raw: bytes) -> RawRecord | Reject:
        """A record for one decoded item, or a reject saying why it is not one."""
        if not isinstance(item, dict):
            return reject_record(source, "not_an_object", f"a feed item must be a JSON object, "
                                 f"not {type(item).__name__}", raw, self.file_type)
        if len(raw) > self.options.max_record_bytes:
            return self.oversized(source, raw)
        fields = map_fields(item, self.options.feed_fields)
        text, html = fields.pop("text", None), fields.pop("html", None)
        media, content = (TEXT, text) if text or not html else (HTML, html)
        return RawRecord(make_doc_id(source, raw), source, raw, self.file_type,
                         url=fields.pop("url", None), fields=fields, media=media,
                         content=content or "")


class JsonLinesReader(FeedReader):
    """One JSON object per line (Scrapy's `jsonlines` feed)."""

    file_type = "jsonl"
    suffixes = (".jsonl", ".jl", ".ndjson")

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """Every non-blank line as one record; a malformed line becomes a reject by itself."""
        for number, line in enumerate(iter_lines(stream), start=1):
            raw = line.rstrip(b"\r\n")
            if not raw.strip():
                continue
            source = f"{relative}#L{number}"
            try:
                item = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield reject_record(source, "malformed_json", f"line {number}: {exc}", raw,
                                    self.file_type)
                continue
            yield self.item_record(item, source, raw)


class JsonArrayReader(FeedReader):
    """A JSON array of objects (Scrapy's `json` feed), or a single object."""

    file_type = "json"
    suffixes = (".json",)

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """Each array item as one record, decoded incrementally from the stream."""
        decoder = json.JSONDecoder()
        text, position, index = "", 0, 0
        chunks = read_chunks(stream)
        decoding = _utf8_decoder()
        ended = False
        while True:
            position = _skip_separators(text, position, index == 0)
            if position < len(text) and text[position] == "]":
                return
            try:
                item, end = decoder.raw_decode(text, position)
            except json.JSONDecodeError as exc:
                if not ended:
                    chunk = next(chunks, None)
                    ended = chunk is None
                    text = text[position:] + decoding.decode(chunk or b"", final=ended)
                    position = 0
                    continue
                if text[position:].strip():
                    yield self.broken_tail(relative, index, text[position:], exc.pos - position,
                                           exc.msg)
                return
            raw = text[position:end].encode("utf-8")
            yield self.item_record(item, f"{relative}#{index}", raw)
            position, index = end, index + 1

    def broken_tail(self, relative: str, index: int, rest: str, error_at: int,
                    message: str) -> Reject:
        """A reject for what is left of a JSON array that cannot be decoded further.

        An error at the very end means the file was cut off (a crawl killed mid-write).
        """
        reason = "truncated_file" if error_at >= len(rest.rstrip()) else "malformed_json"
        return reject_record(f"{relative}#{index}", reason,
                             f"item {index} and after: {message} (the {index} items before "
                             "it are kept)", rest.encode("utf-8"), self.file_type)


def read_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's bytes in chunks as they come.

    `read1` returns what one underlying read gives: on a cut-off gzip stream, `read(n)` would
    throw away the bytes it had already decompressed when it meets the break.
    """
    read = getattr(stream, "read1", stream.read)
    yield from iter(lambda: read(CHUNK), b"")


def iter_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a binary stream, read in chunks (any file-like object with `read`)."""
    pending = b""
    for chunk in read_chunks(stream):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        yield from lines
    if pending:
        yield pending


def _utf8_decoder() -> codecs.IncrementalDecoder:
    """UTF-8 (with or without BOM) decoded incrementally; bad bytes become U+FFFD."""
    return codecs.getincrementaldecoder("utf-8-sig")(errors="replace")


def _skip_separators(text: str, position: int, first: bool) -> int:
    """Skip whitespace, the opening bracket (before the first item) and commas."""
    allowed = " \t\r\n,[" if first else " \t\r\n,"
    while position < len(text) and text[position] in allowed:
        position += 1
    return position
