"""Story features to Arrow, and stories rows back from it.

grouping.py builds its answers (story map, stories rows) as Arrow tables itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from pipeline.article import Article
from pipeline.schema import STORY_FEATURES
from pipeline.stories.features import features_of
from pipeline.stories.records import Story, StoryInput


def story_input_of(article: Article) -> StoryInput:
    """The grouping input of a cleaned article (its features computed here)."""
    features = features_of(article)
    return StoryInput(article.doc_id, features.terms, features.minhash, features.copy_key,
                      article.published, article.publisher, features.credits_wire,
                      article.word_count or 0, article.title, article.language)


def terms_array(items: Sequence[StoryInput]) -> pa.MapArray:
    """The articles' term counts as one map array, built from flat lists of keys and counts."""
    offsets = np.cumsum([0, *(len(i.terms) for i in items)], dtype=np.int32)
    keys = pa.array(list(itertools.chain.from_iterable(i.terms for i in items)), pa.string())
    counts = pa.array(list(itertools.chain.from_iterable(i.terms.values() for i in items)),
                      pa.int32())
    return pa.MapArray.from_arrays(pa.array(offsets), keys, counts,
                                   type=STORY_FEATURES.field("terms").type)


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
        "terms": terms_array(items),
    }, schema=STORY_FEATURES)


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
