"""The two per-shard jobs: split a dump into shards, and clean one shard.

Sharding is by a hash of `doc_id`, so a record's shard never depends on the number of workers
or on which other files the dump holds, and each shard is cleaned independently.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack

import pyarrow as pa

from pipeline.article import Article, RawRecord, Reject
from pipeline.config import Settings
from pipeline.ids import shard_of
from pipeline.itempipeline import ItemPipeline
from pipeline.readers import DumpListing, read_dump
from pipeline.readers.base import ReadOptions
from pipeline.schema import (
    CLEANED_ARTICLES,
    PREPARED_ARTICLES,
    RAW_RECORDS,
    STAGED_REJECTS,
    STORY_FEATURES,
)
from pipeline.stages.boilerplate import RemoveBoilerplate
from pipeline.stats import Stats
from pipeline.storage import Storage
from pipeline.stories.grouping import FeatureColumns, Story, group_columns
from pipeline.stories.tables import (
    PendingStory,
    ShardTerms,
    features_batch,
    language_terms,
    pending_story_input,
)
from pipeline.tables import (
    articles_batch,
    prepared_batch,
    prepared_from_batch,
    raw_records_batch,
    raw_records_from_batch,
    rejects_batch,
)
from pipeline.templates import (
    LINE_KEYS,
    LINE_STATS,
    document_stats,
    line_keys_batch,
    line_stats_batch,
)
from pipeline.writers import BatchWriter, write_work_table

ARTICLES_FILE = "articles.parquet"
REJECTS_FILE = "rejects.parquet"
LINE_STATS_FILE = "line_stats.parquet"
LINE_KEYS_FILE = "line_keys.parquet"
PREPARED_FILE = "prepared.parquet"
FEATURES_FILE = "story_features.parquet"
STORY_TERMS_FILE = "story_terms.parquet"
STORY_MAP_FILE = "story_map.parquet"
STORIES_FILE = "stories.parquet"


def shard_file(index: int) -> str:
    """File name of shard `index` in a split directory."""
    return f"shard-{index:05d}.parquet"


def count_reject(stats: Stats, reject: Reject) -> None:
    """Count a reject under its stage, its reason and its file type."""
    stats.inc(f"rejected/{reject.stage}/{reject.reason}")
    stats.inc(f"rejected_type/{reject.file_type}")


def split_dump(dump: Storage, out: Storage, shards: int, settings: Settings,
               listing: DumpListing | None = None) -> Stats:
    """Read the records of `dump` into `shards` Parquet files under `out`; rejects alongside.

    `listing` is this task's share of the dump (see split_listing); None reads all of it.
    """
    stats = Stats()
    options = ReadOptions(max_record_bytes=settings.getint("MAX_RECORD_BYTES"),
                          feed_fields={k: tuple(v) for k, v in
                                       settings.getdict("FEED_FIELDS").items()})
    batch_size = settings.getint("BATCH_SIZE")
    with ExitStack() as stack:
        writers = [stack.enter_context(BatchWriter[RawRecord](
            out, shard_file(i), RAW_RECORDS, raw_records_batch, batch_size))
            for i in range(shards)]
        rejects = stack.enter_context(BatchWriter[Reject](
            out, REJECTS_FILE, STAGED_REJECTS, rejects_batch, batch_size))
        for record in read_dump(dump, options, stats, listing):
            stats.inc("records/read")
            stats.inc(f"records_type/{record.file_type}")
            if isinstance(record, Reject):
                count_reject(stats, record)
                rejects.add(record, len(record.raw))
            else:
                writers[shard_of(record.doc_id, shards)].add(record, len(record.raw))
    return stats


def clean_shard(prepared: Storage, out: Storage, settings: Settings) -> Stats:
    """Run the stages from TEMPLATE_STAGE on over one shard's prepared articles.

    `prepared` is the shard's collect_line_stats output: the articles as the earlier stages
    left them, the rejects those stages made, which are passed on here (they were counted
    where they were made), and each article's line keys, handed to the boilerplate stage so
    it need not hash every line again. Each article's story features (pipeline.stories.features) are
    written alongside, so the whole-dump grouping task reads those instead of the texts, and
    each language's distinct terms among them (STORY_TERMS_FILE).
    """
    pipeline = ItemPipeline.from_settings(settings).suffix(settings["TEMPLATE_STAGE"])
    batch_size = settings.getint("BATCH_SIZE")
    stats = pipeline.stats
    boilerplate = next((stage for stage in pipeline.stages
                        if isinstance(stage, RemoveBoilerplate)), None)
    line_keys = iter_line_keys(prepared, batch_size) if boilerplate else iter(())
    terms = ShardTerms()
    pipeline.open()
    try:
        with BatchWriter[Article](out, ARTICLES_FILE, CLEANED_ARTICLES, articles_batch,
                                  batch_size) as articles, \
             BatchWriter[PendingStory](out, FEATURES_FILE, STORY_FEATURES,
                                       functools.partial(features_batch, seen=terms),
                                       batch_size) as features, \
             BatchWriter[Reject](out, REJECTS_FILE, STAGED_REJECTS, rejects_batch,
                                 batch_size) as rejects:
            for batch in prepared.iter_batches(REJECTS_FILE, batch_size=batch_size):
                rejects.write_batch(batch)
            for batch in prepared.iter_batches(PREPARED_FILE, batch_size=batch_size):
                for article in prepared_from_batch(batch):
                    handed = next(line_keys, None)
                    if boilerplate and handed:
                        boilerplate.expect_line_keys(*handed)
                    result = pipeline.process(article)
                    if isinstance(result, Reject):
                        rejects.add(result, len(result.raw))
                        stats.inc(f"rejected_type/{result.file_type}")
                        continue
                    articles.add(result, len(result.raw))
                    # Features are computed a writer batch at a time (features_batch), in
                    # one tight loop; the text is held until then, bounded like any buffer.
                    # (Timed inline: a `with stats.timer` per article costs a generator.)
                    started = time.perf_counter()
                    features.add(pending_story_input(result), len(result.text or ""))
                    stats.add_time("story_features", time.perf_counter() - started)
                    stats.inc(f"articles_language/{result.language}")
                    stats.inc(f"articles_type/{result.file_type}")
            with stats.timer("story_features"):
                features.flush()
                write_work_table(out, terms.table(), STORY_TERMS_FILE)
    finally:
        pipeline.close()
    return stats


def iter_line_keys(prepared: Storage, batch_size: int) -> Iterator[tuple[str, list[int | None]]]:
    """(doc_id, line keys) of the prepared articles, in their order; none from an older run."""
    if not prepared.exists(LINE_KEYS_FILE):
        return
    for batch in prepared.iter_batches(LINE_KEYS_FILE, batch_size=batch_size):
        yield from zip(batch.column("doc_id").to_pylist(), batch.column("line_keys").to_pylist(),
                       strict=True)


def read_shard(splits: Sequence[Storage], shard_path: str,
               batch_size: int) -> Iterator[RawRecord]:
    """One shard's raw records from every split task's output, in order."""
    for split in splits:
        for batch in split.iter_batches(shard_path, batch_size=batch_size):
            yield from raw_records_from_batch(batch)


def collect_line_stats(splits: Sequence[Storage], shard_path: str, out: Storage,
                       settings: Settings) -> Stats:
    """Run the stages before TEMPLATE_STAGE over one shard; write what they made.

    The shard's records are in file `shard_path` of each split task's output, read in the
    order of `splits` (which is the dump's order).

    Four files: each document's line keys as the boilerplate stage will see its lines (the
    map step of cross-document learning, see pipeline.templates), the key of each of its
    lines (for the boilerplate stage), the prepared articles for clean_shard to carry on
    with, and the rejects of these stages.
    """
    pipeline = ItemPipeline.from_settings(settings).prefix(settings["TEMPLATE_STAGE"])
    batch_size = settings.getint("BATCH_SIZE")
    stats = pipeline.stats
    pipeline.open()
    try:
        with BatchWriter[tuple](out, LINE_STATS_FILE, LINE_STATS, line_stats_batch,
                                batch_size) as keys, \
             BatchWriter[tuple](out, LINE_KEYS_FILE, LINE_KEYS, line_keys_batch,
                                batch_size) as each_line, \
             BatchWriter[Article](out, PREPARED_FILE, PREPARED_ARTICLES, prepared_batch,
                                  batch_size) as prepared, \
             BatchWriter[Reject](out, REJECTS_FILE, STAGED_REJECTS, rejects_batch,
                                 batch_size) as rejects:
            for record in read_shard(splits, shard_path, batch_size):
                result = pipeline.process(Article.from_raw(record))
                if isinstance(result, Reject):
                    rejects.add(result, len(result.raw))
                    stats.inc(f"rejected_type/{result.file_type}")
                    continue
                distinct, long_keys, line_keys = document_stats(result.lines)
                keys.add((result.doc_id, distinct, long_keys))
                each_line.add((result.doc_id, line_keys))
                prepared.add(result, len(result.raw))
    finally:
        pipeline.close()
    return stats


def group_dump(cleaned: list[Storage], out: Storage, earlier: list[Story],
               settings: Settings) -> Stats:
    """Copies and story clusters over every cleaned shard's features; write the answers.

    Reads only the small per-article features, never the texts: the metadata of every shard
    (kept as columns), each shard's distinct terms, then the signatures and the term counts
    one shard at a time (see pipeline.stories.grouping). Writes STORY_MAP_FILE (each
    article's story and canonical copy) and STORIES_FILE (one row per story, run columns
    still empty).
    """
    stats = Stats()
    meta_columns = [name for name in STORY_FEATURES.names if name not in ("minhash", "terms")]
    with stats.timer("group_stories"):
        features = FeatureColumns(
            meta=pa.concat_tables([shard.read_table(FEATURES_FILE, columns=meta_columns)
                                   for shard in cleaned])
            if cleaned else STORY_FEATURES.empty_table().drop_columns(["minhash", "terms"]),
            signatures=lambda: (shard.read_table(FEATURES_FILE, columns=["minhash"])["minhash"]
                                for shard in cleaned),
            terms=lambda: (batch for shard in cleaned for batch in shard.read_table(
                FEATURES_FILE, columns=["terms", "language"]).combine_chunks().to_batches()),
            language_terms=shard_terms(cleaned))
        result = group_columns(features, threshold=settings.getfloat("STORY_SIMILARITY"),
                               window_days=settings.getint("STORY_WINDOW_DAYS"),
                               copy_threshold=settings.getfloat("COPY_SIMILARITY"),
                               earlier=earlier)
    write_work_table(out, result.story_map, STORY_MAP_FILE)
    write_work_table(out, result.stories, STORIES_FILE)
    stats.inc("stories/earlier_read", len(earlier))
    stats.inc("stories/total", len(result.stories))
    stats.inc("stories/continued", result.continued)
    stats.inc("stories/copies", result.copies)
    return stats


def shard_terms(cleaned: list[Storage]) -> Callable[[], Iterator[tuple]] | None:
    """Reads each shard's (language, distinct terms); None if a shard has no such file.

    (A shard cleaned by an older version; the grouping then gathers the terms itself.)
    """
    if not all(shard.exists(STORY_TERMS_FILE) for shard in cleaned):
        return None
    return lambda: (piece for shard in cleaned
                    for piece in language_terms(shard.read_table(STORY_TERMS_FILE)))
