from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.article import RawRecord, Reject
from pipeline.ids import make_doc_id
from pipeline.readers import (
    DumpListing,
    dump_fingerprint,
    list_dump,
    read_dump,
    reader_for,
    split_listing,
)
from pipeline.readers.base import MAX_REJECT_RAW_BYTES, ReadOptions
from pipeline.readers.text import TextReader
from pipeline.stats import Stats
from pipeline.storage import Storage

OPTIONS = ReadOptions(max_record_bytes=1000)
ARTICLE = b"Headline\n\nFirst paragraph of the story.\n"


def read_all(root, options=OPTIONS):
    stats = Stats()
    return list(read_dump(Storage(str(root)), options, stats)), stats


@pytest.fixture
def dump(tmp_path):
    root = tmp_path / "dump"
    (root / "2019" / "05").mkdir(parents=True)
    (root / "a.txt").write_bytes(ARTICLE)
    (root / "2019" / "05" / "b.txt.gz").write_bytes(gzip.compress(ARTICLE + b"more"))
    (root / "2019" / "c.TXT").write_bytes(ARTICLE + b"upper-case suffix")
    return root


def test_txt_and_gzipped_txt_are_read_recursively_with_relative_sources(dump):
    records, stats = read_all(dump)
    assert [r.source for r in records] == ["2019/05/b.txt.gz", "2019/c.TXT", "a.txt"]
    assert all(isinstance(r, RawRecord) and r.file_type == "txt" for r in records)
    assert records[0].raw == ARTICLE + b"more"
    assert stats.counters["files/txt"] == 3


def test_doc_ids_are_stable_and_depend_on_source_and_bytes(dump):
    first, _ = read_all(dump)
    again, _ = read_all(dump)
    assert [r.doc_id for r in first] == [r.doc_id for r in again]
    assert first[2].doc_id == make_doc_id("a.txt", ARTICLE)
    assert make_doc_id("a.txt", ARTICLE) != make_doc_id("b.txt", ARTICLE)
    assert make_doc_id("a.txt", ARTICLE) != make_doc_id("a.txt", ARTICLE + b" ")


def test_hidden_files_are_skipped_but_counted(dump):
    (dump / ".DS_Store").write_bytes(b"\x00\x01")
    (dump / ".git").mkdir()
    (dump / ".git" / "HEAD.txt").write_bytes(ARTICLE)
    records, stats = read_all(dump)
    assert len(records) == 3
    assert stats.counters["files/hidden_skipped"] == 2


def test_unknown_file_type_becomes_a_reject(dump):
    (dump / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    records, _ = read_all(dump)
    rejects = [r for r in records if isinstance(r, Reject)]
    assert [(r.source, r.stage, r.reason) for r in rejects] == [
        ("notes.docx", "read", "unknown_file_type")]
    assert rejects[0].raw == b"PK\x03\x04 not an article"
    assert len(records) == 4


def test_truncated_gzip_becomes_a_reject(dump):
    (dump / "broken.txt.gz").write_bytes(gzip.compress(ARTICLE * 50)[:40])
    records, _ = read_all(dump)
    broken = [r for r in records if r.source == "broken.txt.gz"]
    assert len(broken) == 1
    assert isinstance(broken[0], Reject)
    assert broken[0].reason == "truncated_file"
    assert len(records) == 4


def test_a_file_that_is_not_gzip_despite_its_name_is_unreadable(dump):
    (dump / "fake.txt.gz").write_bytes(ARTICLE)
    records, _ = read_all(dump)
    fake = next(r for r in records if r.source == "fake.txt.gz")
    assert (fake.reason, fake.stage) == ("unreadable_file", "read")
    assert "BadGzipFile" in fake.detail


def test_oversized_file_is_rejected_with_a_bounded_prefix(tmp_path):
    (tmp_path / "huge.txt").write_bytes(b"x" * (MAX_REJECT_RAW_BYTES + 5000))
    records, _ = read_all(tmp_path, ReadOptions(max_record_bytes=MAX_REJECT_RAW_BYTES + 10))
    (reject,) = records
    assert reject.reason == "oversized_record"
    assert len(reject.raw) == MAX_REJECT_RAW_BYTES


def test_an_io_error_while_reading_becomes_a_reject(dump, monkeypatch):
    def failing(self, stream, relative):
        raise PermissionError(13, "Permission denied")
        yield  # pragma: no cover - makes this a generator like the real method

    monkeypatch.setattr(TextReader, "records", failing)
    records, _ = read_all(dump)
    assert {r.reason for r in records} == {"unreadable_file"}
    assert all("Permission denied" in r.detail for r in records)


def test_reader_registry_by_suffix():
    assert reader_for("x/y.txt") is TextReader
    assert reader_for("x/y.txt.gz") is TextReader
    assert reader_for("x/y.gz") is None
    assert reader_for("x/y.pdf") is None


def test_fingerprint_changes_when_a_file_changes(dump):
    before = dump_fingerprint(list_dump(Storage(str(dump))))
    assert before == dump_fingerprint(list_dump(Storage(str(dump))))
    (dump / "a.txt").write_bytes(ARTICLE + b"edited")
    assert dump_fingerprint(list_dump(Storage(str(dump)))) != before


def test_a_broken_link_and_a_pipe_are_unreadable_files_not_silently_skipped(dump):
    import os

    (dump / "gone.txt").symlink_to(dump / "no-such-file.txt")
    os.mkfifo(dump / "pipe.txt")
    records, _ = read_all(dump)
    rejects = {r.source: r for r in records if isinstance(r, Reject)}
    assert rejects["gone.txt"].reason == "unreadable_file"
    assert "broken link" in rejects["gone.txt"].detail
    assert rejects["pipe.txt"].reason == "unreadable_file"
    assert len(records) == 5


def test_a_linked_directory_is_read_once_even_if_it_links_back(dump):
    (dump / "again").symlink_to(dump)
    records, _ = read_all(dump)
    assert len({r.source for r in records}) == len(records)


@given(st.lists(st.integers(0, 10_000), max_size=30), st.integers(1, 8), st.integers(0, 5))
def test_split_listing_cuts_the_dump_into_consecutive_balanced_shares(sizes, parts, hidden):
    listing = DumpListing(tuple((f"f{i:03d}", size, 0, "file") for i, size in enumerate(sizes)),
                          hidden)
    shares = split_listing(listing, parts)
    assert len(shares) == parts
    assert tuple(e for share in shares for e in share.files) == listing.files
    assert [s.hidden for s in shares] == [hidden] + [0] * (parts - 1)
    total = sum(sizes)
    for share in shares:
        # A share holds at most its fair part plus the one file that straddles a cut.
        biggest = max((e[1] for e in share.files), default=0)
        assert sum(e[1] for e in share.files) <= total / parts + biggest + 1
