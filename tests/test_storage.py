from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from pipeline.storage import Storage
from pipeline.warehouse import partition_path, publish_staged, staging_root

DATE = dt.date(2026, 1, 1)


def test_staged_directory_appears_only_when_complete(tmp_path):
    storage = Storage(str(tmp_path))
    with storage.staged_directory("out") as tmp:
        storage.write_bytes(b"data", f"{tmp}/file")
        assert not storage.exists("out")
    assert storage.read_bytes("out/file") == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failed_staged_directory_leaves_nothing(tmp_path):
    storage = Storage(str(tmp_path))

    def failing_task() -> None:
        with storage.staged_directory("out") as tmp:
            storage.write_bytes(b"half", f"{tmp}/file")
            raise RuntimeError("task failed")

    with pytest.raises(RuntimeError, match="task failed"):
        failing_task()
    assert list(tmp_path.iterdir()) == []


def test_relative_and_absolute_locations_are_the_same_storage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert Storage("wh").location == Storage(str(tmp_path / "wh")).location


def stage_table(storage: Storage, run_id: str, table: str, rows: int) -> None:
    data = pa.table({"n": list(range(rows))})
    storage.write_table(data, f"{staging_root(run_id)}/{partition_path(table, DATE)}/p.parquet")


def test_publish_replaces_every_table_of_the_date_and_removes_staging(tmp_path):
    storage = Storage(str(tmp_path))
    for table in ("articles", "rejects", "runs"):
        stage_table(storage, "run1", table, 3)
    publish_staged(storage, DATE, "run1")
    # The second run has no rejects: the old rejects partition must still go away.
    stage_table(storage, "run2", "articles", 2)
    stage_table(storage, "run2", "runs", 1)
    publish_staged(storage, DATE, "run2")
    read = storage.read_table
    assert read(f"{partition_path('articles', DATE)}/p.parquet").num_rows == 2
    assert read(f"{partition_path('runs', DATE)}/p.parquet").num_rows == 1
    assert not storage.exists(partition_path("rejects", DATE))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "rejects", "runs"]
