"""The real command line (what `make ingest` runs) from a dump to a warehouse, read back."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

import duckdb
import pyarrow.dataset as ds
import pytest
from dump_factory import bad_dump, good_dump

from conftest import PROJECT_ROOT, SEEDS, SHARED
from pipeline.schema import TABLES, partitioning

pytestmark = pytest.mark.e2e
DATE = "2026-01-01"


def articles_sql(warehouse) -> str:
    return f"read_parquet('{warehouse}/articles/**/*.parquet', hive_partitioning=true)"


def duck(warehouse, query: str) -> list[tuple]:
    return duckdb.sql(query.format(articles=articles_sql(warehouse))).fetchall()


def dataset(warehouse, table: str) -> ds.Dataset:
    return ds.dataset(warehouse / table, format="parquet", partitioning=partitioning(table))


def seeds_gold() -> list[dict]:
    if not SHARED.exists():
        pytest.skip("../shared (the seeds' gold) is not beside the project")
    lines = (SHARED / "gold" / "seeds.jsonl").read_text(encoding="utf-8").split("\n")
    return sorted((json.loads(line) for line in lines if line.strip()), key=lambda g: g["file"])


def expect_success(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stdout + result.stderr


def ingest(run_ingest, dump, warehouse, *extra: str, **kwargs) -> subprocess.CompletedProcess:
    return run_ingest("--dump", str(dump), "--warehouse", str(warehouse), "--date", DATE,
                      *extra, **kwargs)


def test_seeds_land_as_five_articles_readable_by_duckdb_and_pyarrow(run_ingest, tmp_path):
    warehouse = tmp_path / "wh"
    result = ingest(run_ingest, SEEDS, warehouse, "--workers", "2")
    expect_success(result)
    assert "5 read = 5 articles + 0 rejects" in result.stdout

    rows = duck(warehouse, "select source, title, language, ingest_date::varchar, run_id "
                           "from {articles} order by source")
    assert [(r[0], r[1]) for r in rows] == [(g["file"], g["title"]) for g in seeds_gold()]
    assert {(r[2], r[3]) for r in rows} == {("en", DATE)}
    assert len({r[4] for r in rows}) == 1

    columns = duck(warehouse, "select column_name from (describe select * from {articles})")
    assert [c[0] for c in columns] == TABLES["articles"].names

    table = dataset(warehouse, "articles").to_table()
    assert [(f.name, f.type) for f in table.schema] == [
        (f.name, f.type) for f in TABLES["articles"]]
    assert table.num_rows == 5
    never_null = ["doc_id", "text", "word_count", "content_sha256", "run_id", "ingested_at",
                  "story_id", "language_score"]
    assert all(table[c].null_count == 0 for c in never_null)

    # The gold's metadata wherever the gold names it; one story; no copies among the five.
    articles = {row["source"]: row for row in table.to_pylist()}
    for gold in seeds_gold():
        row = articles[gold["file"]]
        for name in ("authors", "publisher", "dateline"):
            if gold.get(name):
                assert row[name] == gold[name], (gold["file"], name)
        if gold.get("published"):
            assert row["published"].isoformat() == gold["published"], gold["file"]
        assert row["language"] == "en" and row["language_score"] >= 0.9
        assert row["duplicate_of"] is None
    assert len({row["story_id"] for row in articles.values()}) == 1

    stories = dataset(warehouse, "stories").to_table().to_pylist()
    assert len(stories) == 1 and stories[0]["article_count"] == 5
    assert stories[0]["story_id"] == table["story_id"][0].as_py()
    assert stories[0]["canonical_doc_id"] in {row["doc_id"] for row in articles.values()}

    runs = dataset(warehouse, "runs").to_table().to_pylist()
    assert len(runs) == 1
    assert (runs[0]["records_read"], runs[0]["articles_written"]) == (5, 5)
    assert not list(warehouse.glob("_*")), "staging or work directories were left behind"


def test_running_again_is_a_no_op_and_overwrite_replaces(run_ingest, tmp_path):
    warehouse = tmp_path / "wh"
    expect_success(ingest(run_ingest, SEEDS, warehouse))
    (first_run,) = duck(warehouse, "select distinct run_id from {articles}")

    again = ingest(run_ingest, SEEDS, warehouse)
    expect_success(again)
    assert "nothing to do" in again.stdout
    assert duck(warehouse, "select count(*), any_value(run_id) from {articles}") == [
        (5, first_run[0])]

    redo = ingest(run_ingest, SEEDS, warehouse, "--overwrite")
    expect_success(redo)
    rows = duck(warehouse, "select count(*), count(distinct run_id), any_value(run_id) "
                           "from {articles}")
    assert rows[0][:2] == (5, 1)
    assert rows[0][2] != first_run[0]
    assert dataset(warehouse, "runs").count_rows() == 1


def test_a_different_dump_for_a_published_date_is_refused(run_ingest, tmp_path, seeds_copy):
    warehouse = tmp_path / "wh"
    expect_success(ingest(run_ingest, SEEDS, warehouse))
    (seeds_copy / "005_extra.txt").write_text("Another story\n\nIts body paragraph here.\n")
    refused = ingest(run_ingest, seeds_copy, warehouse)
    assert refused.returncode == 3
    assert "OVERWRITE=1" in refused.stderr
    assert duck(warehouse, "select count(*) from {articles}") == [(5,)]


def test_a_stage_that_raises_fails_the_command_and_publishes_nothing(run_ingest, tmp_path):
    (tmp_path / "exploding.py").write_text(textwrap.dedent("""
        from pipeline.stages.base import Stage

        class Explode(Stage):
            name = "explode"

            def process_item(self, item):
                raise RuntimeError("bug in a stage")

        ITEM_PIPELINES = {"exploding.Explode": 450}
    """))
    warehouse = tmp_path / "wh"
    env = {"INGEST_SETTINGS": "exploding", "PYTHONPATH": str(tmp_path)}
    result = ingest(run_ingest, SEEDS, warehouse, "--workers", "2", env=env)
    assert result.returncode != 0
    assert "bug in a stage" in result.stderr
    assert not (warehouse / "articles").exists()
    assert not (warehouse / "runs").exists()
    assert not (warehouse / "_staging").exists()


def test_a_dump_mixing_every_format_and_every_kind_of_bad_input(run_ingest, tmp_path):
    """Every good record becomes an article, every bad one a reject with its reason."""
    dump = tmp_path / "dump"
    good = good_dump(dump)
    bad = bad_dump(dump)
    warehouse = tmp_path / "wh"
    result = ingest(run_ingest, dump, warehouse, "--workers", "2")
    expect_success(result)

    articles = dataset(warehouse, "articles").to_table().to_pylist()
    rejects = dataset(warehouse, "rejects").to_table().to_pylist()
    found = {r["source"]: (r["stage"], r["reason"]) for r in rejects}
    expected_rejects = {**bad, "crawl.warc.gz#4": ("read", "unsupported_content_type")}
    assert found == expected_rejects
    assert all(r["raw"] is not None for r in rejects)

    # The good records of the mixed files are kept next to the bad ones.
    expected_articles = dict(good)
    expected_articles["jsonl"] += 1  # mixed.jsonl line 1
    expected_articles["json"] += 1  # unfinished.json item 0
    assert len(articles) == sum(expected_articles.values())
    assert all(a["text"] and a["title"] for a in articles)
    warc = next(a for a in articles if a["source"] == "crawl.warc.gz#3")
    assert warc["url"] == "https://news.example/c"
    assert warc["title"].startswith("Café owners protest harbour plan")

    (run,) = dataset(warehouse, "runs").to_table().to_pylist()
    assert run["records_read"] == len(articles) + len(rejects)
    records, kept, dropped = (dict(run["records_by_type"]), dict(run["articles_by_type"]),
                              dict(run["rejects_by_type"]))
    assert kept == expected_articles
    for file_type, count in records.items():
        assert count == kept.get(file_type, 0) + dropped.get(file_type, 0)
    assert f"{len(articles) + len(rejects)} read = {len(articles)} articles" in result.stdout


def test_one_and_two_workers_give_the_same_rows(run_ingest, tmp_path):
    tables = []
    for workers in ("1", "2"):
        warehouse = tmp_path / f"wh{workers}"
        expect_success(ingest(run_ingest, SEEDS, warehouse, "--workers", workers,
                              "--shards", "3"))
        table = dataset(warehouse, "articles").to_table().drop_columns(
            ["run_id", "ingested_at"]).sort_by("doc_id")
        tables.append(table)
    assert tables[0].equals(tables[1])


def test_make_ingest_takes_its_variables_with_absolute_paths(tmp_path):
    warehouse = tmp_path / "wh"
    result = subprocess.run(
        ["make", "--no-print-directory", "ingest", f"DUMP={SEEDS}", f"WAREHOUSE={warehouse}",
         "DATE=2026-02-03", "WORKERS=1"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    expect_success(result)
    assert duck(warehouse, "select count(*), any_value(ingest_date)::varchar from {articles}") \
        == [(5, "2026-02-03")]


def test_relative_paths_resolve_against_the_working_directory(run_ingest, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "in")
    result = run_ingest("--dump", "in", "--warehouse", "out", "--date", DATE, cwd=tmp_path)
    expect_success(result)
    assert duck(tmp_path / "out", "select count(*) from {articles}") == [(5,)]


def test_a_missing_dump_is_a_plain_error(run_ingest, tmp_path):
    result = ingest(run_ingest, tmp_path / "nope", tmp_path / "wh")
    assert result.returncode != 0
    assert "does not exist" in result.stderr


def test_a_story_that_continues_the_next_day_keeps_its_story_id(run_ingest, tmp_path):
    warehouse = tmp_path / "wh"
    days = {"2026-01-01": sorted(SEEDS.iterdir())[:3], "2026-01-02": sorted(SEEDS.iterdir())[3:]}
    for date, files in days.items():
        dump = tmp_path / date
        dump.mkdir()
        for seed in files:
            shutil.copy(seed, dump / seed.name)
        expect_success(run_ingest("--dump", str(dump), "--warehouse", str(warehouse),
                                  "--date", date))
    rows = duck(warehouse, "select ingest_date::varchar, story_id from {articles}")
    assert len(rows) == 5 and len({story for _, story in rows}) == 1
    stories = duck(warehouse, "select ingest_date::varchar, story_id, article_count from "
                              "read_parquet('" + str(warehouse) + "/stories/**/*.parquet', "
                              "hive_partitioning=true) order by 1")
    assert [(d, n) for d, _, n in stories] == [("2026-01-01", 3), ("2026-01-02", 2)]
    runs = duck(warehouse, "select stories_continued from read_parquet('" + str(warehouse)
                + "/runs/**/*.parquet', hive_partitioning=true) order by ingest_date")
    assert [r[0] for r in runs] == [0, 1]
