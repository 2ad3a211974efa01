"""Plain-text articles: one file is one record (headline on the first line, then paragraphs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pipeline.article import RawRecord, Reject
from pipeline.ids import make_doc_id
from pipeline.readers.base import Reader


class TextReader(Reader):
    """`.txt` and `.txt.gz` files."""

    file_type = "txt"
    suffixes = (".txt",)

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """The whole file as one record."""
        raw, truncated = self.read_limited(stream)
        if truncated:
            yield self.oversized(relative, raw)
            return
        yield RawRecord(make_doc_id(relative, raw), relative, raw, self.file_type)
