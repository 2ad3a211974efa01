"""`make bench` parts: the synthetic dump, the timeline arithmetic, the output comparison."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SEEDS
from pipeline.benchmark.__main__ import (
    UNTARGETED,
    WCXB_HTML,
    IngestRun,
    covered_seconds,
    measured_ratios,
    parse_args,
    planned_ingests,
    ratio_verdict,
    read_timeline,
    real_pages_dump,
    targets_met,
)
from pipeline.benchmark.compare import compare_table, language_agreement
from pipeline.benchmark.measure import Measured
from pipeline.benchmark.synthetic import generate
from pipeline.config import SETTINGS_ENV
from tasks.timeline import TIMELINE_ENV, append_event

DATE = dt.date(2026, 11, 23)


def feed_items(root: Path) -> list[dict]:
    items = []
    for path in sorted((root / "feeds").iterdir()):
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        for line in data.decode().splitlines():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError:
                items.append({"broken": True})
    return items


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "dump"
    generate(root, 600, seed=3)
    return root


def test_the_same_seed_writes_the_same_bytes(dump, tmp_path):
    again = tmp_path / "again"
    generate(again, 600, seed=3)
    files = sorted(p.relative_to(dump) for p in dump.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((dump / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_the_dump_has_what_the_benchmark_promises(dump):
    items = feed_items(dump)
    pages = list((dump / "pages").glob("*.txt"))
    texts = [i["text"] for i in items if i.get("text")] + [p.read_text() for p in pages]
    assert len(items) + len(pages) >= 600
    assert 4000 < sum(len(t.encode()) for t in texts) / len(texts) < 9000
    assert any(i.get("broken") for i in items) or any(i.get("text") == "" for i in items)
    # Mojibake, spaced entities, and page furniture of several kinds.
    assert any("â€" in t or "Ã" in t for t in texts)
    assert any("&# 171;" in t for t in texts)
    for furniture in ("older browser", "All rights reserved", "newsletter", "Photo:"):
        assert any(furniture in t for t in texts), furniture
    # Copies: the same long paragraph in more than one article.
    paragraphs = [p for t in texts for p in t.split("\n\n") if len(p) > 400]
    assert len(paragraphs) > len(set(paragraphs))


def test_covered_seconds_is_the_length_of_the_union():
    assert covered_seconds([]) == 0
    assert covered_seconds([(0, 2), (1, 3), (5, 6), (5.5, 5.7)]) == pytest.approx(4.0)


def test_the_timeline_gives_luigi_span_and_task_cover(tmp_path, monkeypatch):
    path = tmp_path / "timeline.jsonl"
    monkeypatch.setenv(TIMELINE_ENV, str(path))
    append_event({"kind": "luigi", "start": 10.0, "end": 20.0})
    append_event({"kind": "task", "start": 11.0, "end": 15.0})
    append_event({"kind": "task", "start": 14.0, "end": 19.0})
    assert read_timeline(path) == (10.0, 8.0)


def write_partition(root: Path, rows: dict) -> None:
    directory = root / "articles" / f"ingest_date={DATE}" / "language=en"
    directory.mkdir(parents=True)
    pq.write_table(pa.table(rows), directory / "part-00000.parquet")


def test_run_columns_are_ignored_and_data_columns_compared(tmp_path):
    base = {"doc_id": ["b", "a"], "text": ["x", "y"], "run_id": ["r1", "r1"]}
    write_partition(tmp_path / "one", base)
    write_partition(tmp_path / "two", {**base, "run_id": ["r2", "r2"]})
    write_partition(tmp_path / "three", {**base, "text": ["x", "changed"]})
    same = compare_table(tmp_path / "one", tmp_path / "two", "articles", DATE)
    assert same.identical
    differs = compare_table(tmp_path / "one", tmp_path / "three", "articles", DATE)
    assert not differs.identical and differs.differing_columns == ("text",)


def test_language_agreement_counts_the_disagreements(tmp_path):
    write_partition(tmp_path, {"doc_id": ["a", "b", "c"], "text": ["t1", "t2", "t3"]})
    agreement = language_agreement(tmp_path, DATE, 10, lambda text: "en" if text != "t2" else "fr")
    assert (agreement.agreeing, agreement.total) == (2, 3)
    assert agreement.disagreements == (("b", "en", "fr"),)


def test_an_own_dump_is_timed_with_one_worker_only(tmp_path):
    own = tmp_path / "my-dump"
    assert planned_ingests(parse_args(["--dump", str(own)])) == [
        ("w1", own, 1, None), ("skeleton", own, 1, "pipeline.benchmark.skeleton")]


def test_only_the_real_pages_get_a_skeleton_run_beside_the_synthetic_dump(tmp_path):
    planned = planned_ingests(parse_args(["--articles", "20", "--out", str(tmp_path)]))
    skeletons = [p.label for p in planned if p.settings]
    assert skeletons == (["real-skeleton"] if WCXB_HTML.is_dir() else [])
    assert all(p.workers == 1 for p in planned if p.settings)


def test_only_measured_targets_are_judged():
    met = targets_met({"w1_vs_naive_articles_per_second": 25.0, "language_agreement": 0.99},
                      identical=None)
    assert met == {"w1_vs_naive_articles_per_second": True, "language_agreement": False}
    assert targets_met({"html_path_vs_bare_extract": 1.3}, identical=True) == {
        "html_path_vs_bare_extract": False, "w1_vs_w2_identical": True}


def test_real_pages_are_left_out_of_an_own_dump_or_when_asked(tmp_path):
    assert real_pages_dump(parse_args(["--dump", str(tmp_path)])) is None
    assert real_pages_dump(parse_args(["--no-real-pages"])) is None


@pytest.mark.skipif(not WCXB_HTML.is_dir(), reason="needs ../shared/eval beside the project")
def test_real_pages_are_the_wcxb_pages_as_text():
    dump = real_pages_dump(parse_args([]))
    texts = sorted(dump.glob("*.txt"))
    assert len(texts) == len(list(WCXB_HTML.glob("*.htm*")))
    assert all(t.stat().st_size > 0 for t in texts[:20])


def ingest_run(label: str, records: int, wall: float) -> IngestRun:
    return IngestRun(label, 1, records, 0, Measured(wall, 0, 0), wall, wall, {}, {})


def test_each_dump_is_held_to_the_naive_rate_on_its_own_records():
    runs = {"w1": ingest_run("w1", 1000, 2.0), "real-w1": ingest_run("real-w1", 100, 4.0)}
    naive = {"naive": {"articles_per_second": 50.0},
             "naive-real": {"articles_per_second": 5.0}}
    ratios = measured_ratios(runs, naive)
    assert ratios["w1_vs_naive_articles_per_second"] == pytest.approx(10.0)
    assert ratios["real_pages_w1_vs_naive_articles_per_second"] == pytest.approx(5.0)
    assert "real_pages_w1_vs_naive_articles_per_second" not in measured_ratios(
        {"w1": runs["w1"]}, {"naive": naive["naive"]})


def test_the_skeleton_runs_are_held_to_the_naive_rate_of_their_own_records():
    runs = {"w1": ingest_run("w1", 1000, 2.0), "skeleton": ingest_run("skeleton", 1000, 0.5),
            "real-w1": ingest_run("real-w1", 100, 4.0),
            "real-skeleton": ingest_run("real-skeleton", 100, 1.0)}
    naive = {"naive": {"articles_per_second": 50.0},
             "naive-real": {"articles_per_second": 5.0}}
    ratios = measured_ratios(runs, naive)
    assert ratios["skeleton_vs_naive_articles_per_second"] == pytest.approx(40.0)
    assert ratios["real_pages_skeleton_vs_naive_articles_per_second"] == pytest.approx(20.0)
    # Reported, never judged: no cleaning at all is not a target.
    assert set(targets_met(ratios, identical=None)).isdisjoint(UNTARGETED)
    report = {"ratios": ratios, "targets_met": targets_met(ratios, identical=None)}
    assert "no target" in ratio_verdict(report, "real_pages_skeleton_vs_naive_articles_per_second")
    assert ratio_verdict(report, "w1_vs_naive_articles_per_second").endswith("MISSED")


@pytest.mark.e2e
def test_the_skeleton_settings_run_the_whole_dag_without_cleaning(run_ingest, tmp_path):
    warehouse = tmp_path / "warehouse"
    result = run_ingest("--dump", str(SEEDS), "--warehouse", str(warehouse), "--date",
                        DATE.isoformat(), env={SETTINGS_ENV: "pipeline.benchmark.skeleton"})
    assert result.returncode == 0, result.stdout + result.stderr
    articles = pq.read_table(warehouse / "articles").to_pylist()
    assert len(articles) == len(list(SEEDS.iterdir()))
    assert {a["language"] for a in articles} == {"und"}
    # Boilerplate stays: a normal run removes every comment widget from the seeds.
    assert any("disqus" in a["text"].lower() for a in articles)
