"""Conversions between pipeline records and Arrow record batches, column by column.

Columns are built with one list comprehension each rather than row dicts: it is the cheap way
to fill Arrow arrays from Python objects. A nested column (the removed lines) is built from
flat lists and offsets.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa

from pipeline.article import Article, RawRecord, Reject, Removed
from pipeline.schema import (
    CLEANED_ARTICLES,
    PREPARED_ARTICLES,
    RAW_RECORDS,
    REMOVED_LINE,
    STAGED_REJECTS,
)


def raw_records_batch(records: Sequence[RawRecord]) -> pa.RecordBatch:
    """Raw records as a batch of the RAW_RECORDS schema."""
    return pa.RecordBatch.from_pydict({
        "doc_id": [r.doc_id for r in records],
        "source": [r.source for r in records],
        "file_type": [r.file_type for r in records],
        "url": [r.url for r in records],
        "fields": [list(r.fields.items()) for r in records],
        "media": [r.media for r in records],
        "content": [r.content for r in records],
        "raw": [r.raw for r in records],
    }, schema=RAW_RECORDS)


def raw_records_from_batch(batch: pa.RecordBatch) -> Iterator[RawRecord]:
    """The raw records of a RAW_RECORDS batch."""
    columns = batch.to_pydict()
    for doc_id, source, file_type, url, fields, media, content, raw in zip(
        columns["doc_id"], columns["source"], columns["file_type"], columns["url"],
        columns["fields"], columns["media"], columns["content"], columns["raw"], strict=True,
    ):
        yield RawRecord(doc_id, source, raw, file_type, url, dict(fields or ()), media, content)


def prepared_batch(articles: Sequence[Article]) -> pa.RecordBatch:
    """Articles part-way through the stages, as a batch of the PREPARED_ARTICLES schema."""
    columns: dict[str, list] = {name: [getattr(a, name) for a in articles]
                                for name in PREPARED_ARTICLES.names}
    columns["fields"] = [list(a.fields.items()) for a in articles]
    columns["boilerplate"] = [[{"line": r.line, "rule": r.rule} for r in a.boilerplate]
                              for a in articles]
    return pa.RecordBatch.from_pydict(columns, schema=PREPARED_ARTICLES)


def prepared_from_batch(batch: pa.RecordBatch) -> Iterator[Article]:
    """The articles of a PREPARED_ARTICLES batch, ready for the remaining stages.

    Articles are made with positional arguments in the dataclass's own field order (a
    keyword dict per article cost as much as the conversion of the columns); the fields the
    file leaves out get their defaults.
    """
    columns = batch.to_pydict()
    columns["fields"] = [dict(fields or ()) for fields in columns["fields"]]
    columns["boilerplate"] = [[Removed(r["line"], r["rule"]) for r in removed]
                              for removed in columns["boilerplate"]]
    ordered = [columns[field.name] if field.name in columns
               else default_column(field, batch.num_rows) for field in ARTICLE_FIELDS]
    for values in zip(*ordered, strict=True):
        yield Article(*values)


ARTICLE_FIELDS = dataclasses.fields(Article)


def default_column(field: dataclasses.Field, rows: int) -> list:
    """A column of `rows` default values of an `Article` field (a fresh one each if made)."""
    if field.default_factory is not dataclasses.MISSING:
        return [field.default_factory() for _ in range(rows)]
    return [field.default] * rows


def articles_batch(articles: Sequence[Article]) -> pa.RecordBatch:
    """Cleaned articles as a batch of the CLEANED_ARTICLES schema."""
    return pa.RecordBatch.from_pydict({
        "doc_id": [a.doc_id for a in articles],
        "source": [a.source for a in articles],
        "url": [a.url for a in articles],
        "publisher": [a.publisher for a in articles],
        "title": [a.title for a in articles],
        "authors": [a.authors for a in articles],
        "published": [a.published for a in articles],
        "dateline": [a.dateline for a in articles],
        "language": [a.language for a in articles],
        "language_score": [a.language_score for a in articles],
        "text": [a.text for a in articles],
        "word_count": [a.word_count for a in articles],
        "story_id": [a.story_id for a in articles],
        "duplicate_of": [a.duplicate_of for a in articles],
        "boilerplate": removed_lines_array([a.boilerplate for a in articles]),
        "fixes": [a.fixes for a in articles],
        "content_sha256": [a.content_sha256 for a in articles],
    }, schema=CLEANED_ARTICLES)


def removed_lines_array(removed: Sequence[Sequence[Removed]]) -> pa.ListArray:
    """Each article's removed lines as one list array, built from flat columns.

    The same array as from a dict per line, without making (and garbage-collecting) them.
    """
    offsets = np.cumsum([0, *map(len, removed)], dtype=np.int32)
    flat = list(itertools.chain.from_iterable(removed))
    lines = pa.StructArray.from_arrays(
        [pa.array([r.line for r in flat], pa.string()),
         pa.array([r.rule for r in flat], pa.string())], fields=list(REMOVED_LINE))
    return pa.ListArray.from_arrays(pa.array(offsets), lines, type=pa.list_(REMOVED_LINE))


def rejects_batch(rejects: Sequence[Reject]) -> pa.RecordBatch:
    """Rejects as a batch of the STAGED_REJECTS schema (no run columns yet)."""
    return pa.RecordBatch.from_pydict({
        "doc_id": [r.doc_id for r in rejects],
        "source": [r.source for r in rejects],
        "stage": [r.stage for r in rejects],
        "reason": [r.reason for r in rejects],
        "detail": [r.detail for r in rejects],
        "raw": [r.raw for r in rejects],
    }, schema=STAGED_REJECTS)
