"""Publish: stage the date's partitions from the cleaned shards, then swap them in atomically."""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import luigi
import luigi.interface
import pyarrow as pa

from pipeline.ids import make_run_id, run_started_at
from pipeline.publish import stage_articles, stage_rejects, stage_stories
from pipeline.shards import ARTICLES_FILE, REJECTS_FILE, STORIES_FILE, STORY_MAP_FILE
from pipeline.stats import Stats
from pipeline.version import code_version
from pipeline.warehouse import (
    WORK_DIR,
    check_date_is_free,
    date_partition,
    delete_if_empty,
    publish_staged,
    published_run,
    staging_root,
    write_run_row,
)
from tasks.clean import CleanShard, clean_dir
from tasks.params import IngestParameters, read_stats
from tasks.split import all_splits, split_dir
from tasks.stories import STORIES_DIR, ClusterStories
from tasks.templates import TEMPLATES_DIR, LearnTemplates

# Shards staged at once (the comment in `Publish.stage_all` says why threads help).
STAGING_THREADS = min(4, os.cpu_count() or 1)


class CountMismatch(RuntimeError):
    """Records read are not articles plus rejects: something was lost, so nothing is published."""


def sorted_items(mapping: dict) -> list[tuple]:
    """A map column's entries in key order, so equal runs give equal rows."""
    return sorted(mapping.items())


def luigi_workers() -> int | None:
    """The worker count Luigi was started with, for the run's parameters."""
    try:
        return luigi.interface.core().workers
    except Exception:
        return None


class Publish(IngestParameters, luigi.Task):
    """Move one ingest date's articles, rejects and run row into the warehouse."""

    overwrite = luigi.BoolParameter(
        default=False, significant=False,
        description="Redo the date even if it is already published, replacing its partitions.")
    run_id = luigi.Parameter(
        default="", significant=False,
        description="Id recorded in every row of this run; empty makes a fresh one.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.effective_run_id = self.run_id or make_run_id()

    def requires(self) -> dict[str, object]:
        """The split (for read rejects and counts), every cleaned shard, the story map."""
        common = self.ingest_kwargs()
        return {"split": all_splits(self), "templates": LearnTemplates(**common),
                "shards": [CleanShard(shard_index=i, **common) for i in range(self.shard_count)],
                "stories": ClusterStories(**common)}

    def complete(self) -> bool:
        """Done when the date holds this dump's run (with overwrite: this very run)."""
        current = published_run(self.warehouse_storage(), self.date)
        if current is None:
            return False
        if self.overwrite:
            return current.run_id == self.effective_run_id
        return current.dump_fingerprint == self.fingerprint

    def run(self) -> None:
        """Stage every partition, check the counts add up, then publish and clean up."""
        start = time.perf_counter()
        warehouse, run_id = self.warehouse_storage(), self.effective_run_id
        check_date_is_free(warehouse, self.date, self.fingerprint, self.overwrite)
        try:
            stats, languages, rejects = self.stage_all()
            articles = sum(languages.values())
            self.check_counts(stats, articles, rejects)
            stats.add_time("task/Publish", time.perf_counter() - start)
            write_run_row(warehouse, run_id, self.date,
                          self.run_row(stats, languages, articles, rejects))
            publish_staged(warehouse, self.date, run_id)
        except BaseException:
            warehouse.delete(staging_root(run_id))
            raise
        self.remove_work_directory()

    def stage_all(self) -> tuple[Stats, Counter[str], int]:
        """Stage articles and rejects of every shard; return merged stats and row counts."""
        warehouse, work = self.warehouse_storage(), self.work_storage()
        stats = read_stats(work, TEMPLATES_DIR).merge(read_stats(work, STORIES_DIR))
        stage_stories(work.child(STORIES_DIR), STORIES_FILE, warehouse,
                      run_id=self.effective_run_id, date=self.date)
        rejects = 0
        for part in range(self.split_count):
            stats.merge(read_stats(work, split_dir(part)))
            rejects += stage_rejects(work.child(split_dir(part)), REJECTS_FILE,
                                     f"part-read-{part:03d}", warehouse,
                                     run_id=self.effective_run_id, date=self.date)
        languages: Counter[str] = Counter()
        stage = functools.partial(self.stage_shard, work.read_table(STORIES_DIR, STORY_MAP_FILE),
                                  dt.datetime.now(dt.timezone.utc))
        # Publish runs alone at the end of the DAG, and pyarrow encodes and compresses
        # without holding the GIL: shards staged side by side use the otherwise idle cores.
        with ThreadPoolExecutor(max_workers=STAGING_THREADS) as pool:
            for shard_stats, shard_languages, shard_rejects in pool.map(
                    stage, range(self.shard_count)):
                stats.merge(shard_stats)
                languages.update(shard_languages)
                rejects += shard_rejects
        return stats, languages, rejects

    def stage_shard(self, story_map: pa.Table, ingested_at: dt.datetime,
                    index: int) -> tuple[Stats, dict[str, int], int]:
        """Stage one cleaned shard: its stats, articles per language, and rejects staged."""
        warehouse, work = self.warehouse_storage(), self.work_storage()
        shard_dir, part = clean_dir(index), f"part-{index:05d}"
        common = {"run_id": self.effective_run_id, "date": self.date}
        languages = stage_articles(work.child(shard_dir), ARTICLES_FILE, part, warehouse,
                                   ingested_at=ingested_at, story_map=story_map, **common)
        rejects = stage_rejects(work.child(shard_dir), REJECTS_FILE, part, warehouse, **common)
        return read_stats(work, shard_dir), languages, rejects

    @staticmethod
    def check_counts(stats: Stats, articles: int, rejects: int) -> None:
        """Every record read must be an article or a reject, for each file type too."""
        read = stats.counters["records/read"]
        if read != articles + rejects:
            raise CountMismatch(f"{read} records read but {articles} articles + {rejects} "
                                "rejects staged; refusing to publish")
        by_type, kept, dropped = (stats.with_prefix("records_type"),
                                  stats.with_prefix("articles_type"),
                                  stats.with_prefix("rejected_type"))
        for file_type, count in by_type.items():
            if count != kept.get(file_type, 0) + dropped.get(file_type, 0):
                raise CountMismatch(f"{count} {file_type} records read but "
                                    f"{kept.get(file_type, 0)} articles + "
                                    f"{dropped.get(file_type, 0)} rejects")

    def run_row(self, stats: Stats, languages: Counter[str], articles: int,
                rejects: int) -> dict[str, object]:
        """The `runs` row describing this run."""
        seconds = stats.seconds
        return {
            "run_id": self.effective_run_id,
            "dump": self.dump,
            "dump_fingerprint": self.fingerprint,
            "started_at": run_started_at(self.effective_run_id),
            "finished_at": dt.datetime.now(dt.timezone.utc),
            "records_read": stats.counters["records/read"],
            "hidden_files_skipped": stats.counters["files/hidden_skipped"],
            "articles_written": articles,
            "rejects_written": rejects,
            "stories_written": stats.counters["stories/total"],
            "stories_continued": stats.counters["stories/continued"],
            "copies_found": stats.counters["stories/copies"],
            "rejects_by_reason": sorted_items(stats.with_prefix("rejected")),
            "records_by_type": sorted_items(stats.with_prefix("records_type")),
            "articles_by_type": sorted_items(stats.with_prefix("articles_type")),
            "rejects_by_type": sorted_items(stats.with_prefix("rejected_type")),
            "articles_by_language": sorted_items(languages),
            "stage_seconds": sorted_items({k: v for k, v in seconds.items()
                                           if not k.startswith("task/")}),
            "task_seconds": sorted_items({k[len("task/"):]: v for k, v in seconds.items()
                                          if k.startswith("task/")}),
            "parameters": sorted_items({
                "shards": str(self.shard_count), "workers": str(luigi_workers()),
                "overwrite": str(self.overwrite).lower(), "settings": self.settings.source,
                "warehouse": self.warehouse_storage().location,
            }),
            "code_version": code_version(),
        }

    def remove_work_directory(self) -> None:
        """Intermediate shards are not needed once published; drop them and empty parents."""
        self.work_storage().delete()
        date_dir = f"{WORK_DIR}/{date_partition(self.date)}"
        for directory in (date_dir, WORK_DIR):
            delete_if_empty(self.warehouse_storage(), directory)
