"""The yardsticks `make bench` measures the pipeline against, timed in-process on samples.

- The naive composition: what a hand-rolled script does with the named libraries, i.e.
  `ftfy.fix_text` and `langdetect.detect` on each whole text, then one pyarrow write.
- Bare `trafilatura.extract` on HTML pages, against this pipeline's whole per-article path
  (every stage, story features included) on the same pages.

Library start-up (langdetect's profiles, first imports) is paid before the clock starts, for
both sides, so only per-article work is compared.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import ftfy
import langdetect
import pyarrow as pa
import pyarrow.parquet as pq
import trafilatura
from langdetect.lang_detect_exception import LangDetectException

from pipeline.article import Article, RawRecord
from pipeline.config import Settings
from pipeline.itempipeline import ItemPipeline
from pipeline.stories.tables import story_input_of

WARM_UP = 3


def record_text(record: RawRecord) -> str:
    """The record's text as a script would take it: the feed field, or the decoded bytes."""
    return record.content if record.content is not None else record.raw.decode("utf-8",
                                                                                "replace")


def naive_language(text: str) -> str:
    """langdetect's answer on the whole text, as a script calls it."""
    try:
        return langdetect.detect(text)
    except LangDetectException:
        return "und"


def time_naive(records: Sequence[RawRecord], out: Path) -> float:
    """Seconds the naive composition takes on `records`, its Parquet write included."""
    langdetect.DetectorFactory.seed = 0
    for record in records[:WARM_UP]:
        naive_language(ftfy.fix_text(record_text(record)))
    start = time.perf_counter()
    texts = [ftfy.fix_text(record_text(record)) for record in records]
    table = pa.table({"doc_id": [r.doc_id for r in records], "url": [r.url for r in records],
                      "text": texts, "language": [naive_language(t) for t in texts]})
    pq.write_table(table, out)
    return time.perf_counter() - start


def time_bare_extract(pages: Sequence[RawRecord]) -> float:
    """Seconds bare `trafilatura.extract` takes on the pages."""
    htmls = [record_text(page) for page in pages]
    for html in htmls[:WARM_UP]:
        trafilatura.extract(html)
    start = time.perf_counter()
    for html in htmls:
        trafilatura.extract(html)
    return time.perf_counter() - start


def clean_page(pipeline: ItemPipeline, page: RawRecord) -> None:
    """This pipeline's whole per-article work on one page: every stage, then story features."""
    result = pipeline.process(Article.from_raw(page))
    if isinstance(result, Article):
        story_input_of(result)


def time_pipeline(pages: Sequence[RawRecord], settings: Settings) -> float:
    """Seconds this pipeline's per-article work (all stages, story features) takes."""
    pipeline = ItemPipeline.from_settings(settings)
    pipeline.open()
    for page in pages[:WARM_UP]:
        clean_page(pipeline, page)
    start = time.perf_counter()
    for page in pages:
        clean_page(pipeline, page)
    elapsed = time.perf_counter() - start
    pipeline.close()
    return elapsed
