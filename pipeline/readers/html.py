"""Saved web pages: one `.html` / `.htm` file is one page, extracted later by trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from pipeline.article import HTML, RawRecord, Reject
from pipeline.readers.base import Reader


class HtmlReader(Reader):
    """`.html`, `.htm` (and `.gz`) files."""

    file_type = "html"
    suffixes = (".html", ".htm", ".xhtml")

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """The whole page as one record."""
        yield from self.whole_file(stream, relative, HTML)
