"""Reader registry: which reader handles which file, and the walk over a dump directory.

A dump is a directory read recursively in sorted order, so record order and shard contents
are the same on every run. Hidden files and directories (a leading dot: `.DS_Store`, `.git`)
are not part of the dump and are skipped, but counted. Any file no reader claims becomes a
`read/unknown_file_type` reject: nothing in a dump disappears silently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.article import RawRecord, Reject
from pipeline.readers.base import Reader, ReadOptions, reject_file
from pipeline.readers.feeds import JsonArrayReader, JsonLinesReader
from pipeline.readers.html import HtmlReader
from pipeline.readers.text import TextReader
from pipeline.readers.warc import WarcReader
from pipeline.stats import Stats
from pipeline.storage import FILE, Storage

# Readers in priority order; the first that claims a file's name reads it.
READERS: tuple[type[Reader], ...] = (
    TextReader, HtmlReader, JsonLinesReader, JsonArrayReader, WarcReader,
)


def reader_for(relative_path: str) -> type[Reader] | None:
    """The reader class for a file name, or None when no reader knows the type."""
    for reader in READERS:
        if reader.claims(relative_path):
            return reader
    return None


def is_hidden(relative_path: str) -> bool:
    """True if any component of the path starts with a dot."""
    return any(part.startswith(".") for part in relative_path.split("/"))


@dataclass(frozen=True)
class DumpListing:
    """A dump's visible entries, sorted, and the number of hidden ones left out.

    Each entry is (relative path, size, mtime in ns, kind); `kind` is "file" for what can
    be read.
    """

    files: tuple[tuple[str, int, int, str], ...]
    hidden: int


def list_dump(dump: Storage) -> DumpListing:
    """List the dump's entries, sorted by path, leaving hidden ones out."""
    files, hidden = [], 0
    for entry in dump.list_entries():
        relative = dump.relative(entry.path)
        if is_hidden(relative):
            hidden += 1
            continue
        files.append((relative, entry.size, entry.mtime_ns, entry.kind))
    return DumpListing(tuple(files), hidden)


def dump_fingerprint(listing: DumpListing) -> str:
    """sha256 over names, sizes and modification times: any edit gives a new fingerprint."""
    digest = hashlib.sha256()
    for relative, size, mtime, kind in listing.files:
        digest.update(f"{relative}\0{size}\0{mtime}\0{kind}\n".encode("utf-8",
                                                                     "surrogateescape"))
    return digest.hexdigest()


def may_hold_pages(listing: DumpListing) -> bool:
    """Whether a reader whose records can be HTML pages reads any file of the listing."""
    readers = (reader_for(relative) for relative, _size, _mtime, kind in listing.files
               if kind == FILE)
    return any(reader is not None and reader.reads_pages for reader in readers)


def read_dump(dump: Storage, options: ReadOptions, stats: Stats,
              listing: DumpListing | None = None) -> Iterator[RawRecord | Reject]:
    """Every record of the dump, in a stable order, or a reject for what cannot be read.

    `listing` limits the read to those entries (one split task's share of the dump); its
    hidden-file count is what gets counted, so give it to exactly one share.
    """
    listing = listing or list_dump(dump)
    stats.inc("files/hidden_skipped", listing.hidden)
    for relative, _size, _mtime, kind in listing.files:
        reader = reader_for(relative)
        if kind != FILE:
            stats.inc("files/unreadable")
            yield reject_file(dump, relative, "unreadable_file", f"a {kind}, not a readable file",
                              raw=b"", file_type=reader.file_type if reader else "unknown")
            continue
        if reader is None:
            stats.inc("files/unknown")
            yield reject_file(dump, relative, "unknown_file_type", "no reader for this file type")
            continue
        stats.inc(f"files/{reader.file_type}")
        yield from reader(options).read_file(dump, relative)


def split_listing(listing: DumpListing, parts: int) -> list[DumpListing]:
    """`parts` consecutive runs of the listing with about equal bytes each.

    Consecutive, so reading the parts one after another reads the records in the dump's own
    order. The hidden-file count goes with the first part. Parts can be empty (a dump of
    one big file is read by one task).
    """
    total = sum(size for _, size, _, _ in listing.files)
    shares: list[list[tuple[str, int, int, str]]] = [[] for _ in range(parts)]
    before = 0
    for entry in listing.files:
        # A file belongs to the part its first byte falls in.
        index = min(parts - 1, before * parts // total) if total else 0
        shares[index].append(entry)
        before += entry[1]
    return [DumpListing(tuple(share), listing.hidden if i == 0 else 0)
            for i, share in enumerate(shares)]
