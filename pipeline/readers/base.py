"""What every reader shares: opening (with gzip), size limits and turning failures into rejects.

Failure reasons a reader can give (all with stage `read`):

- `empty_file`: the file holds no record at all (0 bytes, or only blank lines);
- `truncated_file`: the file ends in the middle (a cut gzip stream, an unfinished JSON array);
  the records before the break are kept;
- `unreadable_file`: the file cannot be opened or decompressed;
- `malformed_json`: one line or item of a JSON feed is not valid JSON (the others are kept);
- `not_an_object`: a JSON feed item is valid JSON but not an object;
- `oversized_record`: a record over MAX_RECORD_BYTES;
- `unsupported_content_type`: a WARC response that is not an HTML or text page;
- `unknown_file_type`: no reader handles the file's name (see the registry).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, ClassVar

from pipeline.article import RawRecord, Reject
from pipeline.ids import make_doc_id
from pipeline.storage import Storage

# Errors that mean "this file cannot be read (any further)", as opposed to bugs.
READ_ERRORS = (OSError, EOFError, zlib.error)
# Rejects keep the raw bytes for inspection, but not megabytes of an oversized record.
MAX_REJECT_RAW_BYTES = 64 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """Reader settings, taken from pipeline settings by the caller."""

    max_record_bytes: int
    # Feed field name lists by the column they fill (see settings.FEED_FIELDS).
    feed_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def strip_gzip(relative_path: str) -> tuple[str, bool]:
    """The name without a `.gz` suffix, and whether it had one."""
    if relative_path.lower().endswith(".gz"):
        return relative_path[:-3], True
    return relative_path, False


def reject_file(dump: Storage, relative: str, reason: str, detail: str, *,
                raw: bytes | None = None, file_type: str = "unknown") -> Reject:
    """A reject for a whole file; its raw bytes are read here unless given."""
    if raw is None:
        try:
            with dump.open_input(relative) as stream:
                raw = stream.read(MAX_REJECT_RAW_BYTES)
        except READ_ERRORS:
            raw = b""
    raw = raw[:MAX_REJECT_RAW_BYTES]
    return Reject(make_doc_id(relative, raw), relative, "read", reason, detail, raw, file_type)


def reject_record(source: str, reason: str, detail: str, raw: bytes, file_type: str) -> Reject:
    """A reject for one record of a multi-record file."""
    return Reject(make_doc_id(source, raw), source, "read", reason, detail,
                  raw[:MAX_REJECT_RAW_BYTES], file_type)


class Reader:
    """Reads one kind of file into `RawRecord`s; subclasses implement `records`."""

    file_type: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]
    # Formats that handle their own compression (WARC) receive the stream undecompressed.
    decompresses_itself: ClassVar[bool] = False
    # Whether its records can be HTML pages (which need trafilatura, see stages/html.py).
    reads_pages: ClassVar[bool] = True

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    @classmethod
    def claims(cls, relative_path: str) -> bool:
        """Whether this reader handles the file (by suffix, `.gz` or not)."""
        name, _ = strip_gzip(relative_path)
        return name.lower().endswith(cls.suffixes)

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """The records of one open (decompressed) file."""
        raise NotImplementedError(f"{type(self).__name__} must implement records")

    def read_file(self, dump: Storage, relative: str) -> Iterator[RawRecord | Reject]:
        """Open `relative`, decompressing `.gz`, and yield its records.

        A read error ends the file with a reject; records already yielded stay. A file that
        yields nothing at all becomes an `empty_file` reject, so it is never lost silently.
        """
        _, compressed = strip_gzip(relative)
        produced = 0
        try:
            with dump.open_input(relative) as raw_stream:
                unzip = compressed and not self.decompresses_itself
                stream = gzip.GzipFile(fileobj=raw_stream) if unzip else raw_stream
                for record in self.records(stream, relative):
                    produced += 1
                    yield record
        except READ_ERRORS as exc:
            reason = "truncated_file" if isinstance(exc, EOFError) else "unreadable_file"
            yield reject_file(dump, relative, reason, f"{type(exc).__name__}: {exc}",
                              file_type=self.file_type)
            return
        if produced == 0:
            yield reject_file(dump, relative, "empty_file", "the file holds no record",
                              file_type=self.file_type)

    def read_limited(self, stream: BinaryIO) -> tuple[bytes, bool]:
        """Up to `max_record_bytes` of the stream, and whether there was more."""
        limit = self.options.max_record_bytes
        data = stream.read(limit + 1)
        return data[:limit], len(data) > limit

    def oversized(self, source: str, head: bytes) -> Reject:
        """A reject for a record over the size limit, keeping only its first bytes."""
        detail = (f"more than {self.options.max_record_bytes} bytes (MAX_RECORD_BYTES); "
                  f"raw keeps the first {min(len(head), MAX_REJECT_RAW_BYTES)}")
        return reject_record(source, "oversized_record", detail, head, self.file_type)

    def whole_file(self, stream: BinaryIO, relative: str, media: str,
                   ) -> Iterator[RawRecord | Reject]:
        """The whole file as one record (plain text and saved pages); nothing if it is empty."""
        raw, truncated = self.read_limited(stream)
        if truncated:
            yield self.oversized(relative, raw)
        elif raw:
            yield RawRecord(make_doc_id(relative, raw), relative, raw, self.file_type,
                            media=media)
