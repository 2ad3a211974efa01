"""What every reader shares: opening (with gzip), size limits and turning failures into rejects."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
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


class Reader:
    """Reads one kind of file into `RawRecord`s; subclasses implement `records`."""

    file_type: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

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

        A read error ends the file with a reject; records already yielded stay.
        """
        _, compressed = strip_gzip(relative)
        try:
            with dump.open_input(relative) as raw_stream:
                stream = gzip.GzipFile(fileobj=raw_stream) if compressed else raw_stream
                yield from self.records(stream, relative)
        except READ_ERRORS as exc:
            reason = "truncated_file" if isinstance(exc, EOFError) else "unreadable_file"
            yield reject_file(dump, relative, reason, f"{type(exc).__name__}: {exc}",
                              file_type=self.file_type)

    def read_limited(self, stream: BinaryIO) -> tuple[bytes, bool]:
        """Up to `max_record_bytes` of the stream, and whether there was more."""
        limit = self.options.max_record_bytes
        data = stream.read(limit + 1)
        return data[:limit], len(data) > limit

    def oversized(self, relative: str, head: bytes) -> Reject:
        """A reject for a record over the size limit, keeping only its first bytes."""
        raw = head[:MAX_REJECT_RAW_BYTES]
        detail = (f"more than {self.options.max_record_bytes} bytes (MAX_RECORD_BYTES); "
                  f"raw keeps the first {len(raw)}")
        return Reject(make_doc_id(relative, head), relative, "read", "oversized_record",
                      detail, raw, self.file_type)
