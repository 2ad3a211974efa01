"""File access behind `pyarrow.fs`, so the warehouse can move to object storage later.

Everything the pipeline reads or writes goes through a `Storage`: a filesystem plus a root.
Local paths (relative or absolute) and URIs such as ``s3://bucket/prefix`` are both accepted.
Atomic publication relies on `move` being a rename, which holds on a local filesystem; an
object-store warehouse will need a manifest-based commit instead, and only `publish_directory`
has to change for it.
"""

from __future__ import annotations

import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

PARQUET_COMPRESSION = "zstd"


def is_uri(location: str) -> bool:
    """True for ``scheme://...`` locations, False for plain local paths."""
    return "://" in location


def parent_of(path: str) -> str:
    """The directory part of a relative path ("" for a bare name)."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


def absolute_location(location: str) -> str:
    """Make a local path absolute (a URI is returned unchanged)."""
    if is_uri(location):
        return location.rstrip("/")
    return os.path.abspath(os.path.expanduser(location))


FILE = "file"


@dataclass(frozen=True)
class Entry:
    """One entry of a directory listing: a regular file, or something that cannot be read."""

    path: str
    size: int
    mtime_ns: int
    kind: str  # FILE, "broken link" or "special file"


def walk_local(root: str) -> Iterator[Entry]:
    """Entries of a local directory tree, following directory links once (no loops)."""
    seen: set[str] = set()
    for directory, subdirs, names in os.walk(root, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirs.clear()
            continue
        seen.add(real)
        subdirs.sort()  # walk in a fixed order, so a tree reached twice is always named alike
        for name in names:
            yield local_entry(os.path.join(directory, name))


def local_entry(path: str) -> Entry:
    """What a local path is: a regular file, a broken link or a special file."""
    try:
        status = os.stat(path)
    except OSError:
        return Entry(path, 0, 0, "broken link")
    kind = FILE if stat.S_ISREG(status.st_mode) else "special file"
    return Entry(path, status.st_size, status.st_mtime_ns, kind)


class Storage:
    """A directory tree on a pyarrow filesystem; every path argument is relative to its root."""

    def __init__(self, location: str) -> None:
        self.location = absolute_location(location)
        if is_uri(self.location):
            self.fs, self.root = pafs.FileSystem.from_uri(self.location)
        else:
            self.fs, self.root = pafs.LocalFileSystem(), self.location

    def __repr__(self) -> str:
        return f"Storage({self.location!r})"

    def path(self, *parts: str) -> str:
        """The filesystem path of `parts` joined under the root."""
        return "/".join([self.root.rstrip("/"), *(p.strip("/") for p in parts if p)])

    def child(self, *parts: str) -> Storage:
        """A `Storage` rooted at a subdirectory of this one."""
        sub = Storage.__new__(Storage)
        sub.fs, sub.root = self.fs, self.path(*parts)
        sub.location = (self.location.rstrip("/") + "/" + "/".join(parts)).rstrip("/")
        return sub

    def uri(self, *parts: str) -> str:
        """A location other code can open on its own: an absolute path or a full URI."""
        return "/".join([self.location.rstrip("/"), *(p.strip("/") for p in parts if p)])

    def exists(self, *parts: str) -> bool:
        """Whether a file or directory exists at `parts`."""
        return self.fs.get_file_info(self.path(*parts)).type != pafs.FileType.NotFound

    def makedirs(self, *parts: str) -> None:
        """Create the directory `parts` and its parents."""
        self.fs.create_dir(self.path(*parts), recursive=True)

    def delete(self, *parts: str) -> None:
        """Delete a file or a directory tree; a missing path is not an error."""
        info = self.fs.get_file_info(self.path(*parts))
        if info.type == pafs.FileType.Directory:
            self.fs.delete_dir(info.path)
        elif info.type == pafs.FileType.File:
            self.fs.delete_file(info.path)

    def move(self, src: str, dst: str) -> None:
        """Rename `src` to `dst` (atomic on a local filesystem), creating `dst`'s parent."""
        if parent_of(dst):
            self.makedirs(parent_of(dst))
        self.fs.move(self.path(src), self.path(dst))

    def list_files(self, *parts: str, recursive: bool = True) -> list[pafs.FileInfo]:
        """Files (not directories) under `parts`, sorted by path; empty if it does not exist."""
        selector = pafs.FileSelector(self.path(*parts), recursive=recursive, allow_not_found=True)
        infos = self.fs.get_file_info(selector)
        return sorted((i for i in infos if i.type == pafs.FileType.File), key=lambda i: i.path)

    def list_entries(self, *parts: str) -> list[Entry]:
        """Every non-directory entry under `parts`, sorted by path, regular files or not.

        A plain listing shows regular files only, so a broken symbolic link or a pipe in a dump
        would vanish without a trace; here they are entries of kind "broken link" or "special
        file", for the caller to report.
        """
        if isinstance(self.fs, pafs.LocalFileSystem):
            return sorted(walk_local(self.path(*parts)), key=lambda e: e.path)
        selector = pafs.FileSelector(self.path(*parts), recursive=True, allow_not_found=True)
        entries = [Entry(i.path, i.size or 0, i.mtime_ns or 0,
                         FILE if i.type == pafs.FileType.File else "special file")
                   for i in self.fs.get_file_info(selector) if i.type != pafs.FileType.Directory]
        return sorted(entries, key=lambda e: e.path)

    def list_dirs(self, *parts: str) -> list[str]:
        """Names of the immediate subdirectories of `parts`, sorted."""
        selector = pafs.FileSelector(self.path(*parts), recursive=False, allow_not_found=True)
        infos = self.fs.get_file_info(selector)
        return sorted(i.base_name for i in infos if i.type == pafs.FileType.Directory)

    def relative(self, full_path: str) -> str:
        """The path of `full_path` relative to the root."""
        return full_path[len(self.root.rstrip("/")) + 1:]

    def read_bytes(self, *parts: str) -> bytes:
        """The whole content of a file."""
        with self.fs.open_input_stream(self.path(*parts), compression=None) as stream:
            return stream.read()

    def write_bytes(self, data: bytes, *parts: str) -> None:
        """Write a small file atomically: to a temporary sibling, then rename."""
        final = "/".join(parts)
        tmp = f"{final}.tmp-{uuid.uuid4().hex[:8]}"
        if parent_of(final):
            self.makedirs(parent_of(final))
        with self.fs.open_output_stream(self.path(tmp)) as out:
            out.write(data)
        self.move(tmp, final)

    def open_input(self, *parts: str) -> pa.NativeFile:
        """A binary input stream with no automatic decompression (readers decide that)."""
        return self.fs.open_input_stream(self.path(*parts), compression=None)

    def parquet_writer(self, schema: pa.Schema, *parts: str,
                       compression: str = PARQUET_COMPRESSION,
                       use_dictionary: bool = True,
                       write_statistics: bool = True) -> pq.ParquetWriter:
        """A Parquet writer (zstd unless told otherwise) for streaming batches into one file."""
        if parent_of("/".join(parts)):
            self.makedirs(parent_of("/".join(parts)))
        return pq.ParquetWriter(self.path(*parts), schema, filesystem=self.fs,
                                compression=compression, use_dictionary=use_dictionary,
                                write_statistics=write_statistics)

    def write_table(self, table: pa.Table, *parts: str) -> None:
        """Write one table as one zstd Parquet file."""
        with self.parquet_writer(table.schema, *parts) as writer:
            writer.write_table(table)

    def read_table(self, *parts: str, columns: list[str] | None = None) -> pa.Table:
        """Read one Parquet file."""
        return pq.read_table(self.path(*parts), filesystem=self.fs, columns=columns)

    def iter_batches(self, *parts: str, batch_size: int = 1024) -> Iterator[pa.RecordBatch]:
        """Stream a Parquet file in record batches, so memory does not grow with the file.

        Decoded in the calling thread: the working files are small and uncompressed, and a
        thread pool's hand-offs cost more CPU than they save (the other core has a worker).
        """
        with self.fs.open_input_file(self.path(*parts)) as handle:
            yield from pq.ParquetFile(handle).iter_batches(batch_size=batch_size,
                                                           use_threads=False)

    @contextmanager
    def staged_directory(self, *parts: str) -> Iterator[str]:
        """Build a directory under a temporary name and rename it to `parts` on success.

        Yields the temporary path (relative to the root). Nothing appears at the final name
        unless the block finishes; a failed block leaves no temporary directory behind.
        """
        final = "/".join(parts)
        tmp = f"{final}.tmp-{uuid.uuid4().hex[:8]}"
        self.makedirs(tmp)
        try:
            yield tmp
        except BaseException:
            self.delete(tmp)
            raise
        self.delete(final)
        self.move(tmp, final)
