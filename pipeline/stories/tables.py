"""Story features to Arrow, and stories rows back from it.

A cleaning task can hand over each article as a `PendingStory` and let `features_batch`
compute the features of a whole batch in one go, when its writer flushes, column by column:
the bodies split into words together (words.py's `words_of_texts`), the term counts of all of
them counted at once (features.py's `texts_term_counts`: Arrow strings and numpy, no dict per
article), the MinHash signatures from the same split (`signatures_of_texts`), the columns
built as Arrow arrays. That is about twice as fast as the per-article functions, which
`story_input_of` (one article's features) and a batch mixing computed and pending stories
still use; tests hold the two paths to the same answers.

`ShardTerms` collects the distinct terms of each language of the shard's articles, for
STORY_TERMS. grouping.py builds its answers (story map, stories rows) as Arrow tables itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from pipeline.article import Article
from pipeline.schema import STORY_FEATURES
from pipeline.stories.features import (
    TermColumns,
    credit_line,
    credits_wire,
    text_features,
    texts_term_counts,
)
from pipeline.stories.records import Story, StoryInput
from pipeline.stories.signatures import signatures_of, signatures_of_texts
from pipeline.stories.vectors import LanguageTerms, batch_terms, distinct_by_language
from pipeline.stories.words import Words, words_of, words_of_texts

# Each language's distinct terms among a cleaned shard's articles (`ShardTerms`), written by
# CleanShard next to the story features.
STORY_TERMS = pa.schema([
    pa.field("language", pa.string()),
    pa.field("terms", pa.list_(pa.string()), nullable=False),
])


def story_input_of(article: Article) -> StoryInput:
    """The grouping input of a cleaned article (its features computed here)."""
    return pending_story_input(article).story_input()


@dataclass(slots=True)
class PendingStory:
    """What the story features of a cleaned article need, kept until its batch is written."""

    doc_id: str
    text: str
    title: str | None
    credit: str
    published: dt.date | None
    publisher: str | None
    word_count: int
    language: str | None

    def story_input(self, words: Words | None = None, minhash: bytes | None = None) -> StoryInput:
        """The grouping input, its features computed now (from `words` and `minhash` if given)."""
        features = text_features(self.text, self.title or "", self.credit, words, minhash)
        return StoryInput(self.doc_id, features.terms, features.minhash, features.copy_key,
                          self.published, self.publisher, features.credits_wire,
                          self.word_count, self.title, self.language)


def pending_story_input(article: Article) -> PendingStory:
    """A cleaned article's grouping input, its features left for `features_batch`."""
    return PendingStory(article.doc_id, article.text or "", article.title, credit_line(article),
                        article.published, article.publisher, article.word_count or 0,
                        article.language)


def terms_array(items: Sequence[StoryInput]) -> pa.MapArray:
    """The articles' term counts as one map array, built from flat lists of keys and counts."""
    offsets = np.cumsum([0, *(len(i.terms) for i in items)], dtype=np.int32)
    keys = pa.array(list(itertools.chain.from_iterable(i.terms for i in items)), pa.string())
    counts = pa.array(list(itertools.chain.from_iterable(i.terms.values() for i in items)),
                      pa.int32())
    return pa.MapArray.from_arrays(pa.array(offsets), keys, counts,
                                   type=STORY_FEATURES.field("terms").type)


def story_inputs_of(pending: Sequence[PendingStory]) -> list[StoryInput]:
    """The grouping inputs of pending stories: their features computed together.

    The signatures are computed for all of them at once (signatures.py's `signatures_of`).
    """
    words = [words_of(story.text) for story in pending]
    minhashes = signatures_of(words)
    return [story.story_input(text_words, minhash.tobytes())
            for story, text_words, minhash in zip(pending, words, minhashes, strict=True)]


def features_batch(items: Sequence[StoryInput | PendingStory],
                   seen: ShardTerms | None = None) -> pa.RecordBatch:
    """Story inputs as a batch of the STORY_FEATURES schema (pending ones computed first).

    A batch of pending stories only (what CleanShard writes) has its features computed
    column by column (`pending_features_columns`). `seen` notes the batch's terms (ShardTerms).
    """
    pending = [item for item in items if isinstance(item, PendingStory)]
    columns, terms = pending_features_columns(pending) if len(pending) == len(items) else \
        (None, None)
    if columns is None:
        if pending:
            computed = iter(story_inputs_of(pending))
            items = [next(computed) if isinstance(item, PendingStory) else item
                     for item in items]
        columns = {"credits_wire": [i.credits_wire for i in items],
                   "copy_key": [i.copy_key for i in items],
                   "minhash": [i.minhash for i in items],
                   "terms": terms_array(items)}
    batch = pa.RecordBatch.from_pydict({
        "doc_id": [i.doc_id for i in items],
        "title": [i.title for i in items],
        "publisher": [i.publisher for i in items],
        "published": [i.published for i in items],
        "language": [i.language for i in items],
        "word_count": [i.word_count for i in items],
        **columns,
    }, schema=STORY_FEATURES)
    if seen is not None:
        seen.add(batch, terms)
    return batch


ColumnValues = dict[str, object]  # a batch's columns by name


def pending_features_columns(
        pending: Sequence[PendingStory]) -> tuple[ColumnValues | None, TermColumns | None]:
    """The feature columns of pending stories, computed for all of them at once.

    Also their term counts as computed (for ShardTerms). The bodies are split into words
    together (`words_of_texts`), their signatures and term counts computed from that one
    split. None for texts Arrow cannot hold (lone surrogates), which the per-article path then
    handles as it always has.
    """
    texts = [story.text for story in pending]
    try:
        words = words_of_texts(texts)
        terms = texts_term_counts([story.title or "" for story in pending], texts, words)
    except UnicodeEncodeError:
        return None, None
    signatures = signatures_of_texts(words)
    return {
        "credits_wire": [credits_wire(story.credit, story.text) for story in pending],
        "copy_key": [hashlib.sha256(words.joined(index).encode()).hexdigest()
                     for index in range(len(pending))],
        "minhash": pa.Array.from_buffers(pa.binary(), len(pending), [
            None, pa.py_buffer(np.arange(len(pending) + 1, dtype=np.int32)
                               * signatures.shape[1] * signatures.itemsize),
            pa.py_buffer(signatures.tobytes())]),
        "terms": pa.MapArray.from_arrays(pa.array(terms.offsets), terms.terms,
                                         pa.array(terms.counts),
                                         type=STORY_FEATURES.field("terms").type),
    }, terms


@dataclass
class ShardTerms:
    """The distinct terms of each language among a shard's articles (STORY_TERMS).

    The whole-dump grouping weighs every language's terms before it reads the term counts;
    with these it need not read every count twice (grouping.py). A written batch's terms are
    found distinct with Arrow while they are still in the cache (`batch_terms`), or come
    distinct from `texts_term_counts` (a batch of pending stories).
    """

    pieces: list[tuple[str | None, pa.Array]] = field(default_factory=list)

    def add(self, batch: pa.RecordBatch, terms: TermColumns | None = None) -> None:
        """Note the terms of a STORY_FEATURES batch under their languages.

        `terms` are the batch's term columns as computed, if at hand: their strings are
        already distinct (no second dictionary encoding).
        """
        if not len(batch["terms"].keys):
            return
        languages = batch["language"].to_pylist()
        if terms is None:
            pairs = batch_terms(batch["terms"], languages)[2]
        else:
            owners = np.repeat(np.arange(len(languages)), np.diff(terms.offsets))
            codes = {language: code for code, language in enumerate(dict.fromkeys(languages))}
            language_of = np.array([codes[x] for x in languages], dtype=np.int64)[owners]
            pairs = LanguageTerms.of(terms.distinct, terms.ids, list(codes), language_of)
        self.pieces += pairs.by_language()

    def table(self) -> pa.Table:
        """One row per language (sorted), its terms in the order first seen."""
        by_language = distinct_by_language(self.pieces)
        languages = sorted(by_language, key=lambda language: (language is not None,
                                                              language or ""))
        lists = [by_language[language] for language in languages]
        offsets = np.cumsum([0, *(len(terms) for terms in lists)], dtype=np.int32)
        return pa.table({
            "language": pa.array(languages, pa.string()),
            "terms": pa.ListArray.from_arrays(
                pa.array(offsets), pa.concat_arrays([pa.array([], pa.string()), *lists]))},
            schema=STORY_TERMS)


def language_terms(table: pa.Table) -> Iterator[tuple[str | None, pa.Array]]:
    """(language, its terms) of each row of a STORY_TERMS table."""
    terms = table["terms"].combine_chunks()
    for row, language in enumerate(table["language"].to_pylist()):
        yield language, terms[row].values


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
