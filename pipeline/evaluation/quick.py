"""A fast development loop: the item pipeline in-process on a gold set's dump, no Luigi.

`make eval` is the measurement of record (it runs the real DAG); this gives the same cleaning
scores in seconds while tuning rules:

    python -m pipeline.evaluation.quick --set wcxb-text [--show KEY ...]
"""

from __future__ import annotations

import argparse
import multiprocessing
import multiprocessing.pool
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.article import Article, RawRecord, Reject
from pipeline.config import load_settings
from pipeline.evaluation.goldsets import (
    GOLD_SETS,
    GoldSet,
    doc_key,
    html_set_from_pages,
    text_set_from_pages,
)
from pipeline.evaluation.metadata import format_metadata, score_metadata
from pipeline.evaluation.metric import Scores, corpus_scores
from pipeline.evaluation.run import DocResult, format_doc, score_doc
from pipeline.itempipeline import ItemPipeline
from pipeline.readers import read_dump
from pipeline.readers.base import ReadOptions
from pipeline.stats import Stats
from pipeline.storage import Storage
from pipeline.templates import document_keys, learn_templates, line_stats_batch

_PIPELINE: ItemPipeline | None = None
_TEMPLATES_FILE = ""


def dump_records(dump: Path) -> list[RawRecord | Reject]:
    """The dump's records, read by the same readers as SplitDump."""
    settings = load_settings()
    options = ReadOptions(max_record_bytes=settings.getint("MAX_RECORD_BYTES"),
                          feed_fields={k: tuple(v) for k, v in
                                       settings.getdict("FEED_FIELDS").items()})
    return list(read_dump(Storage(str(dump)), options, Stats()))


def record_keys(record: RawRecord) -> tuple[str, list[int], list[int]]:
    """The line keys of one record (the map step of cross-document learning)."""
    settings = load_settings()
    prefix = ItemPipeline.from_settings(settings).prefix(settings["TEMPLATE_STAGE"])
    result = prefix.process(Article.from_raw(record))
    lines = result.lines if isinstance(result, Article) else []
    return (record.doc_id, *document_keys(lines))


def clean_record(record: RawRecord) -> tuple[str, Article | Reject]:
    """Run one record through the item pipeline of this worker process."""
    global _PIPELINE  # noqa: PLW0603 - one pipeline per worker process
    if _PIPELINE is None:
        overrides = {"TEMPLATE_LINES_FILE": _TEMPLATES_FILE} if _TEMPLATES_FILE else {}
        _PIPELINE = ItemPipeline.from_settings(load_settings().with_overrides(overrides, "quick"))
        _PIPELINE.open()
    return doc_key(record.source), _PIPELINE.process(Article.from_raw(record))


def learn(records: list[RawRecord], pool: multiprocessing.pool.Pool, out: Path) -> None:
    """Learn the dump's template lines as the LearnTemplates task does."""
    global _TEMPLATES_FILE  # noqa: PLW0603 - read by the cleaning workers forked later
    rows = pool.map(record_keys, records, chunksize=8)
    pq.write_table(learn_templates(pa.Table.from_batches([line_stats_batch(rows)])), out)
    _TEMPLATES_FILE = str(out)


def clean_set(gold_set: GoldSet) -> dict[str, Article | Reject]:
    """Every document of the set's dump, cleaned in-process (templates learnt first)."""
    read = dump_records(gold_set.build_dump())
    records = [r for r in read if isinstance(r, RawRecord)]
    outputs: dict[str, Article | Reject] = {doc_key(r.source): r for r in read
                                            if isinstance(r, Reject)}
    with tempfile.TemporaryDirectory() as tmp:
        with multiprocessing.Pool(2) as pool:
            learn(records, pool, Path(tmp) / "templates.parquet")
        with multiprocessing.Pool(2) as pool:
            outputs.update(pool.map(clean_record, records, chunksize=8))
    return outputs


def score_set(gold_set: GoldSet,
              outputs: dict[str, Article | Reject]) -> tuple[list[DocResult], Scores]:
    """Per-document results and corpus scores of cleaned outputs against the gold."""
    results, counts = [], []
    for key, gold in sorted(gold_set.docs.items()):
        out = outputs.get(key)
        article = out if isinstance(out, Article) else None
        result, count = score_doc(gold, (article and article.title) or "",
                                  (article and article.text) or "",
                                  None if article else getattr(out, "reason", "missing"))
        results.append(result)
        counts.append(count)
    return results, corpus_scores(counts)


def main() -> None:
    """Score a gold set in-process and print the summary (and chosen documents in full)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="wcxb-text", choices=sorted(GOLD_SETS))
    parser.add_argument("--gold-dir", type=Path, help="a gold set in WCXB's layout instead")
    parser.add_argument("--html", action="store_true", help="score --gold-dir's pages as HTML")
    parser.add_argument("--show", nargs="*", default=[])
    parser.add_argument("--worst", type=int, default=15)
    args = parser.parse_args()
    make = html_set_from_pages if args.html else text_set_from_pages
    gold_set = (make(args.gold_dir, args.gold_dir.name) if args.gold_dir
                else GOLD_SETS[args.set]())
    outputs = clean_set(gold_set)
    results, scores = score_set(gold_set, outputs)
    for key in args.show:
        article = outputs.get(key)
        if isinstance(article, Article):
            print(f"===== {key} title: {article.title}\n{article.text}\n----- removed:")
            print("\n".join(f"  [{r.rule}] {r.line[:120]}" for r in article.boilerplate))
    for result in sorted(results, key=lambda r: r.f1)[:args.worst]:
        print(format_doc(result))
    titles = sum(r.title_exact for r in results) / len(results)
    print(f"F1 {scores.f1:.4f}  P {scores.precision:.4f}  R {scores.recall:.4f}  "
          f"title {titles:.3f}  leaked {sum(len(r.leaked) for r in results)}  "
          f"missing {sum(len(r.missing) for r in results)}")
    rows = {key: {"title": a.title, "authors": a.authors, "publisher": a.publisher,
                  "published": a.published, "dateline": a.dateline}
            for key, a in outputs.items() if isinstance(a, Article)}
    print(format_metadata(score_metadata(gold_set.docs, rows)))


if __name__ == "__main__":
    main()
