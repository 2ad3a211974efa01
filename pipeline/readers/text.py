"""Plain-text articles: one file is one record (headline on the first line, then paragraphs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pipeline.article import TEXT, RawRecord, Reject
from pipeline.readers.base import Reader


class TextReader(Reader):
    """`.txt` and `.txt.gz` files."""

    file_type = "txt"
    suffixes = (".txt",)
    reads_pages = False

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """The whole file as one record."""
        yield from self.whole_file(stream, relative, TEXT)
