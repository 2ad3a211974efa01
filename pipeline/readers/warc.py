"""Web archives (`.warc`, `.warc.gz`): every HTTP response holding a page is one record.

Read with warcio (Webrecorder's maintained WARC library), which handles per-record gzip.
The payload keeps its bytes; the charset named in the HTTP `Content-Type` header goes with
it to the decode stage, and `WARC-Target-URI` becomes the record's URL. Requests, metadata
and warcinfo records describe the crawl, not pages, and are skipped; a response that is not a
page (an image, a PDF) becomes an `unsupported_content_type` reject.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import WARCIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.article import HTML, TEXT, RawRecord, Reject
from pipeline.ids import make_doc_id
from pipeline.readers.base import Reader, reject_record

CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
PAGE_RECORDS = ("response", "resource")
PAGE_TYPES = {"text/html": HTML, "application/xhtml+xml": HTML, "text/plain": TEXT}


def media_of(content_type: str) -> str | None:
    """`html` or `text` for a page's HTTP content type, None for anything else."""
    main = content_type.split(";", 1)[0].strip().lower()
    return PAGE_TYPES.get(main or "text/html")


class WarcReader(Reader):
    """WARC files; gzip is per record, so warcio reads the file as it is."""

    file_type = "warc"
    suffixes = (".warc",)
    decompresses_itself = True

    def records(self, stream: BinaryIO, relative: str) -> Iterator[RawRecord | Reject]:
        """Every response record as a page record (or a reject)."""
        try:
            for number, record in enumerate(WARCIterator(stream), start=1):
                if record.rec_type in PAGE_RECORDS:
                    yield self.response(record, f"{relative}#{number}")
        except ArchiveLoadFailed as exc:
            raise OSError(f"not a valid WARC file: {exc}") from exc

    def response(self, record: object, source: str) -> RawRecord | Reject:
        """One HTTP response as a record."""
        url = record.rec_headers.get_header("WARC-Target-URI")
        headers = record.http_headers or record.rec_headers  # `resource` records have no HTTP
        content_type = headers.get_header("Content-Type") or ""
        limit = self.options.max_record_bytes
        payload = record.content_stream().read(limit + 1)
        if len(payload) > limit:
            return self.oversized(source, payload)
        if getattr(record.raw_stream, "limit", 0) > 0:
            # warcio stops quietly at a cut-off file; bytes the header promised are missing.
            return reject_record(source, "truncated_file", f"the record of {url} ends "
                                 f"{record.raw_stream.limit} bytes early", payload,
                                 self.file_type)
        media = media_of(content_type)
        if media is None:
            return reject_record(source, "unsupported_content_type",
                                 f"{content_type} at {url}", payload, self.file_type)
        fields = {}
        charset = CHARSET.search(content_type)
        if charset:
            fields["charset"] = charset.group(1)
        return RawRecord(make_doc_id(source, payload), source, payload, self.file_type,
                         url=url, fields=fields, media=media)
