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

from pipeline.article import Article, Reject
from pipeline.config import load_settings
from pipeline.evaluation.goldsets import GOLD_SETS, GoldSet, doc_key, text_set_from_pages
from pipeline.evaluation.metric import Scores, corpus_scores
from pipeline.evaluation.run import DocResult, format_doc, score_doc
from pipeline.ids import make_doc_id
from pipeline.itempipeline import ItemPipeline
from pipeline.templates import document_keys, learn_templates, line_stats_batch

_PIPELINE: ItemPipeline | None = None
_TEMPLATES_FILE = ""


def article_of(path: Path) -> Article:
    """A dump file as a fresh article."""
    raw = path.read_bytes()
    return Article(make_doc_id(path.name, raw), path.name, raw)


def file_keys(path: Path) -> tuple[str, list[int], list[int]]:
    """The line keys of one dump file (the map step of cross-document learning)."""
    settings = load_settings()
    prefix = ItemPipeline.from_settings(settings).prefix(settings["TEMPLATE_STAGE"])
    result = prefix.process(article_of(path))
    lines = result.lines if isinstance(result, Article) else []
    return (path.name, *document_keys(lines))


def clean_file(path: Path) -> tuple[str, Article | Reject]:
    """Run one dump file through the item pipeline of this worker process."""
    global _PIPELINE  # noqa: PLW0603 - one pipeline per worker process
    if _PIPELINE is None:
        overrides = {"TEMPLATE_LINES_FILE": _TEMPLATES_FILE} if _TEMPLATES_FILE else {}
        _PIPELINE = ItemPipeline.from_settings(load_settings().with_overrides(overrides, "quick"))
        _PIPELINE.open()
    return doc_key(path.name), _PIPELINE.process(article_of(path))


def learn(files: list[Path], pool: multiprocessing.pool.Pool, out: Path) -> None:
    """Learn the dump's template lines as the LearnTemplates task does."""
    global _TEMPLATES_FILE  # noqa: PLW0603 - read by the cleaning workers forked later
    rows = pool.map(file_keys, files, chunksize=8)
    pq.write_table(learn_templates(pa.concat_tables([
        pa.Table.from_batches([line_stats_batch(rows)])])), out)
    _TEMPLATES_FILE = str(out)


def clean_set(gold_set: GoldSet) -> dict[str, Article | Reject]:
    """Every document of the set's dump, cleaned in-process (templates learnt first)."""
    files = sorted(gold_set.build_dump().glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        with multiprocessing.Pool(2) as pool:
            learn(files, pool, Path(tmp) / "templates.parquet")
        with multiprocessing.Pool(2) as pool:
            return dict(pool.map(clean_file, files, chunksize=8))


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
    parser.add_argument("--show", nargs="*", default=[])
    parser.add_argument("--worst", type=int, default=15)
    args = parser.parse_args()
    gold_set = (text_set_from_pages(args.gold_dir, args.gold_dir.name) if args.gold_dir
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


if __name__ == "__main__":
    main()
