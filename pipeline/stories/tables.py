"""Story features, story map and stories rows to and from Arrow, column by column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

import pyarrow as pa

from pipeline.article import Article
from pipeline.schema import STORY_FEATURES, STORY_MAP, file_schema
from pipeline.stories.features import features_of
from pipeline.stories.records import Grouping, Story, StoryInput


def story_input_of(article: Article) -> StoryInput:
    """The grouping input of a cleaned article (its features computed here)."""
    features = features_of(article)
    return StoryInput(article.doc_id, features.terms, features.minhash, features.copy_key,
                      article.published, article.publisher, features.credits_wire,
                      article.word_count or 0, article.title, article.language)


def features_batch(items: Sequence[StoryInput]) -> pa.RecordBatch:
    """Story inputs as a batch of the STORY_FEATURES schema."""
    return pa.RecordBatch.from_pydict({
        "doc_id": [i.doc_id for i in items],
        "title": [i.title for i in items],
        "publisher": [i.publisher for i in items],
        "published": [i.published for i in items],
        "language": [i.language for i in items],
        "word_count": [i.word_count for i in items],
        "credits_wire": [i.credits_wire for i in items],
        "copy_key": [i.copy_key for i in items],
        "minhash": [i.minhash for i in items],
        "terms": [list(i.terms.items()) for i in items],
    }, schema=STORY_FEATURES)


def story_inputs_from_batch(batch: pa.RecordBatch) -> Iterator[StoryInput]:
    """The story inputs of a STORY_FEATURES batch."""
    columns = batch.to_pydict()
    for row in zip(columns["doc_id"], columns["terms"], columns["minhash"],
                   columns["copy_key"], columns["published"], columns["publisher"],
                   columns["credits_wire"], columns["word_count"], columns["title"],
                   columns["language"], strict=True):
        doc_id, terms, *rest = row
        yield StoryInput(doc_id, dict(terms), *rest)


def story_map_table(grouping: Grouping) -> pa.Table:
    """Every article's story and canonical copy, sorted by doc_id."""
    doc_ids = sorted(grouping.story_of)
    return pa.table({
        "doc_id": doc_ids,
        "story_id": [grouping.story_of[d] for d in doc_ids],
        "duplicate_of": [grouping.duplicate_of.get(d) for d in doc_ids],
    }, schema=STORY_MAP)


def stories_table(stories: Sequence[Story], run_id: str) -> pa.Table:
    """Story rows in the warehouse's `stories` file layout."""
    return pa.table({
        "story_id": [s.story_id for s in stories],
        "first_seen": [s.first_seen for s in stories],
        "last_seen": [s.last_seen for s in stories],
        "article_count": [s.article_count for s in stories],
        "publishers": [s.publishers for s in stories],
        "canonical_doc_id": [s.canonical_doc_id for s in stories],
        "title": [s.title for s in stories],
        "total_articles": [s.size for s in stories],
        "terms": [[{"term": t, "weight": w} for t, w in s.vector.items()] for s in stories],
        "run_id": [run_id] * len(stories),
    }, schema=file_schema("stories"))


def stories_from_table(table: pa.Table) -> list[Story]:
    """Story rows read back from the warehouse (for matching a later date against them)."""
    stories = []
    for row in table.to_pylist():
        stories.append(Story(
            story_id=row["story_id"], first_seen=row["first_seen"], last_seen=row["last_seen"],
            article_count=row["article_count"], publishers=row["publishers"],
            canonical_doc_id=row["canonical_doc_id"], title=row["title"],
            vector={t["term"]: t["weight"] for t in row["terms"]},
            size=row["total_articles"]))
    return stories


def latest_first(stories: Sequence[Story]) -> list[Story]:
    """One row per story id, keeping the most recent date's (rows come oldest date first)."""
    latest: dict[str, Story] = {}
    for story in stories:
        latest[story.story_id] = story
    return sorted(latest.values(), key=lambda s: (s.last_seen or dt.date.min, s.story_id),
                  reverse=True)
