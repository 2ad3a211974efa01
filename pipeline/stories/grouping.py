"""The whole-dump grouping: copies first, then story clusters, then one row per story.

Copies (duplicates.py) are folded into their canonical article before clustering: thirty runs
of one wire text are one piece of evidence, not thirty, and they must not make the wire
story's words look common to the IDF. Each copy then takes its canonical's story.

Story ids are stable: a new story's id is derived from the `doc_id` of its earliest article
(ties by `doc_id`), so re-running a dump gives the same ids; a story carried over from an
earlier day keeps the id it had.

The job works on columns (Arrow and numpy), never on one Python object per article: a dump's
metadata and signatures are held as arrays, the distinct terms each word list must weigh
(rarity.py) come from each shard's list of them (or a first pass over the term counts), the
term counts are read a batch at a time for the vectors (vectors.py), and the answers are
built as Arrow tables. `group_stories` runs the same job on
a list of `StoryInput` (tests, evaluation) and returns plain objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.schema import STORY_MAP, file_schema
from pipeline.stories.candidates import row_entries
from pipeline.stories.clustering import Cluster, cluster_vectors
from pipeline.stories.duplicates import NO_DATE, CopyColumns, find_copy_rows
from pipeline.stories.lockstep import ClusterBatch
from pipeline.stories.rarity import WordLists
from pipeline.stories.records import Grouping, Story, StoryInput
from pipeline.stories.signatures import MINHASH_PERMUTATIONS
from pipeline.stories.tables import features_batch, stories_from_table
from pipeline.stories.vectors import (
    VECTOR_TERMS,
    ArticleVectors,
    DumpTerms,
    VectorBuilder,
    heaviest_per_owner,
    string_ranks,
)

__all__ = ["FeatureColumns", "Grouping", "Story", "StoryInput", "group_columns",
           "group_stories"]

T = TypeVar("T")
U = TypeVar("U")
WORKERS = 2  # batches of term counts weighed at once
DONE = object()  # what `read_ahead` reads past the last item
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()  # date32 counts days from here


@dataclass
class FeatureColumns:
    """Where grouping reads a dump's story features (STORY_FEATURES), a part at a time.

    Each callable reads its columns afresh in batches, rows in the order of `meta`.
    """

    meta: pa.Table  # every column but "minhash" and "terms"
    signatures: Callable[[], Iterable[pa.Array]]  # "minhash"
    terms: Callable[[], Iterable[pa.RecordBatch]]  # "terms" and "language"
    # Every language's distinct terms, in pieces of (language, terms) such as each shard's
    # STORY_TERMS rows (they may hold more terms: a copy's); None to gather them from `terms`.
    language_terms: Callable[[], Iterable[tuple[str | None, pa.Array]]] | None = None

    @classmethod
    def of_batch(cls, batch: pa.RecordBatch) -> FeatureColumns:
        """The columns of one in-memory batch."""
        return cls(pa.Table.from_batches([batch]).drop_columns(["minhash", "terms"]),
                   lambda: [batch["minhash"]], lambda: [batch])


@dataclass
class GroupingTables:
    """The answers as tables: the story map (by doc_id) and the story rows (by story_id)."""

    story_map: pa.Table
    stories: pa.Table
    copies: int
    continued: int


def new_story_id(first_doc_id: str) -> str:
    """Id of a story first seen today, from its earliest article's id."""
    return "st" + hashlib.sha256(first_doc_id.encode()).hexdigest()[:14]


def ordinals(dates: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """date32 values as date ordinals, NO_DATE where missing."""
    days = pc.cast(dates, pa.int32()).to_numpy(zero_copy_only=False)
    missing = pc.is_null(dates).to_numpy(zero_copy_only=False)
    return np.where(missing, NO_DATE, np.nan_to_num(days).astype(np.int64) + EPOCH_ORDINAL)


def signature_matrix(batches: Iterable[pa.Array], rows: int) -> np.ndarray:
    """The stored signatures (binary, uint32 values) as one matrix, a batch at a time."""
    matrix = np.empty((rows, MINHASH_PERMUTATIONS), dtype=np.uint32)
    start = 0
    for column in batches:
        for values in (column.chunks if isinstance(column, pa.ChunkedArray) else [column]):
            matrix[start:start + len(values)] = binary_values(values, MINHASH_PERMUTATIONS)
            start += len(values)
    if start != rows:
        raise ValueError(f"{start} signatures for {rows} articles")
    return matrix


def binary_values(values: pa.Array, width: int) -> np.ndarray:
    """Equal-length binary values as a (rows, width) uint32 view, without Python bytes."""
    if not len(values):
        return np.zeros((0, width), dtype=np.uint32)
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int32)[
        values.offset:values.offset + len(values) + 1]
    if not (np.diff(offsets) == width * 4).all():
        raise ValueError(f"signatures must be {width} uint32 values each; story features "
                         "written by an older version must be computed again")
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[-1]]
    return data.view(np.uint32).reshape(len(values), width)


def copy_columns_of(features: FeatureColumns, doc_id_rank: np.ndarray) -> CopyColumns:
    """Copy detection's columns, in the order the features are read."""
    meta = features.meta
    return CopyColumns(
        copy_keys=pc.dictionary_encode(meta["copy_key"]).combine_chunks().indices.to_numpy(),
        signatures=signature_matrix(features.signatures(), len(meta)),
        published=ordinals(meta["published"]),
        credits_wire=meta["credits_wire"].to_numpy(),
        word_count=meta["word_count"].to_numpy().astype(np.int64),
        doc_id_rank=doc_id_rank)


@dataclass
class Dump:
    """The sorted metadata of a dump and where each originally read row went."""

    meta: pa.Table  # sorted by doc_id, without the copy key
    position: np.ndarray  # read row -> sorted row
    copy_of: np.ndarray  # sorted row -> canonical row, or -1
    original: np.ndarray  # sorted row -> index among originals, or -1

    @classmethod
    def sort(cls, features: FeatureColumns, copy_threshold: float) -> Dump:
        """Find the copies, then sort by doc_id what later steps need."""
        order = pc.sort_indices(features.meta["doc_id"]).to_numpy()
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        copies = find_copy_rows(copy_columns_of(features, position), copy_threshold)[order]
        copy_of = np.where(copies < 0, -1, position[copies])
        is_original = copy_of < 0
        original = np.where(is_original, np.cumsum(is_original) - 1, -1)
        return cls(features.meta.drop_columns(["copy_key"]).take(order), position, copy_of,
                   original)

    def originals_of(self, batch: pa.RecordBatch, offset: int) -> tuple[np.ndarray, np.ndarray]:
        """For a batch of read rows from `offset`: which are originals, and their indexes."""
        found = self.original[self.position[offset:offset + len(batch)]]
        return np.flatnonzero(found >= 0), found[found >= 0]


def copies_and_terms(features: FeatureColumns, copy_threshold: float
                     ) -> tuple[Dump, DumpTerms]:
    """The dump sorted with its copies found, and its distinct terms weighed (DumpTerms).

    The word lists are read in the background from the start (rarity.py). With each shard's
    distinct terms given, they are read and weighed in a second background thread while the
    copies are found: the weighing is pyarrow work and set work in C, the copies numpy work,
    and the two overlap; the answer is the same whichever ends first. Without them, the
    originals' terms are gathered once the copies are known.
    """
    lists = WordLists(pc.unique(features.meta["language"]).to_pylist())
    try:
        if features.language_terms is None:
            dump = Dump.sort(features, copy_threshold)
            return dump, DumpTerms.gather(((terms, languages) for terms, languages, _ in
                                           original_terms(dump, features.terms)), lists)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dump-terms") as background:
            weighed = background.submit(DumpTerms.of_language_terms, features.language_terms(),
                                        lists)
            dump = Dump.sort(features, copy_threshold)
            return dump, weighed.result()
    finally:
        lists.close()


def article_vectors(dump: Dump, term_batches: Callable[[], Iterable[pa.RecordBatch]],
                    earlier: Sequence[Story], terms: DumpTerms
                    ) -> tuple[ArticleVectors, VectorBuilder]:
    """The originals' vectors, from one pass over the term counts (vectors.py)."""
    builder = VectorBuilder(int((dump.original >= 0).sum()), terms)
    for weighed in side_by_side(lambda batch: builder.weigh(batch[2], batch[0], batch[1]),
                                read_ahead(original_terms(dump, term_batches))):
        builder.append(weighed)
    builder.freeze([term for story in earlier for term in story.vector],
                   [weight for story in earlier for weight in story.vector.values()])
    return builder.finish(), builder


def original_terms(dump: Dump, term_batches: Callable[[], Iterable[pa.RecordBatch]]
                   ) -> Iterator[tuple[pa.MapArray, list[str | None], np.ndarray]]:
    """Each batch's originals: their term counts, languages and indexes among originals."""
    for batch, kept, rows in originals_in(dump, term_batches):
        yield (batch["terms"].take(pa.array(kept)),
               batch["language"].take(pa.array(kept)).to_pylist(), rows)


def read_ahead(items: Iterable[T]) -> Iterator[T]:
    """The items, the next one made in a background thread while the caller uses this one.

    Reading and taking a batch of term counts is pyarrow work, done without the interpreter
    lock, so it overlaps the numpy work on the batch before; the items and their order are
    the same, and at most two are held at once.
    """
    iterator = iter(items)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as background:
        pending = background.submit(next, iterator, DONE)
        while (item := pending.result()) is not DONE:
            pending = background.submit(next, iterator, DONE)
            yield item


def side_by_side(function: Callable[[T], U], items: Iterable[T]) -> Iterator[U]:
    """`function` of each item, in order, WORKERS items at a time in background threads.

    For numpy and pyarrow work, which runs without the interpreter lock: the answers and
    their order are those of a plain loop, and at most WORKERS + 1 items are held at once.
    """
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="side-by-side") as pool:
        pending: deque[Future] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) > WORKERS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def originals_in(dump: Dump,
                 term_batches: Callable[[], Iterable[pa.RecordBatch]]) -> Iterable[tuple]:
    """Each batch of term counts with its originals' positions in the batch and indexes."""
    offset = 0
    for batch in term_batches():
        kept, rows = dump.originals_of(batch, offset)
        offset += len(batch)
        yield batch, kept, rows


def earlier_clusters(earlier: Sequence[Story], builder: VectorBuilder) -> list[Cluster]:
    """Recent stories as clusters over the vocabulary's term ids.

    Their terms were given to the builder's `freeze` in this order, which numbered them.
    """
    clusters, all_ids = [], iter(builder.earlier_ids.tolist())
    for story in earlier:
        ids = list(itertools.islice(all_ids, len(story.vector)))
        clusters.append(Cluster(
            total={i: w * story.size for i, w in zip(ids, story.vector.values(), strict=True)},
            size=story.size, first=story.first_seen and story.first_seen.toordinal(),
            last=story.last_seen and story.last_seen.toordinal(), story_id=story.story_id))
    return clusters


@dataclass
class StoryParts:
    """Each sorted row's story number, and per story what its row needs from clustering."""

    label: np.ndarray  # sorted row -> story number
    story_ids: list[str | None]  # carried-over id, or None for a new story
    sizes: np.ndarray
    earlier_first: list[int | None]
    # The stories' vectors, one after another: term ids and weights, heaviest first.
    vector_terms: np.ndarray
    vector_weights: np.ndarray
    vector_lengths: np.ndarray


def mean_vectors(clusters: ClusterBatch, ranks: np.ndarray) -> tuple[np.ndarray, ...]:
    """Each cluster's mean vector's VECTOR_TERMS heaviest terms: flat ids, weights, lengths.

    Ties are broken by term: `ranks` orders the term ids by their strings.
    """
    lengths, terms = clusters.term_counts, clusters.terms
    owner = np.repeat(np.arange(len(lengths)), lengths)
    means = clusters.totals / np.repeat(clusters.size.astype(np.float64), lengths)
    kept, _ = heaviest_per_owner(means, ranks[terms], owner, len(lengths))
    return terms[kept], means[kept], np.minimum(lengths, VECTOR_TERMS)


def story_parts(dump: Dump, vectors: ArticleVectors, clusters: Iterable[ClusterBatch],
                earlier: Sequence[Story]) -> StoryParts:
    """Number the stories: the clusters, then every original no cluster holds.

    Such an article is a story of its own, whose vector is the article's. Of a cluster only
    its row's values are kept (the mean vector's heaviest terms, not the whole sum).
    """
    first_seen = {s.story_id: s.first_seen for s in earlier}
    by_original = np.full(len(vectors), -1, dtype=np.int64)
    ranks = string_ranks(vectors.vocabulary)
    story_ids: list[str | None] = []
    sizes, earlier_first, means = [], [], []
    for batch in clusters:
        by_original[batch.members] = len(story_ids) + np.repeat(np.arange(len(batch)),
                                                                batch.member_counts)
        ids = [earlier[k].story_id if k >= 0 else None for k in batch.story.tolist()]
        story_ids += ids
        sizes.append(batch.size)
        earlier_first += [found.toordinal() if (found := first_seen.get(story_id)) else None
                          for story_id in ids]
        means.append(mean_vectors(batch, ranks))
    alone = np.flatnonzero(by_original < 0)
    by_original[alone] = len(story_ids) + np.arange(len(alone))
    positions, _ = row_entries(vectors, alone)
    canonical = np.where(dump.copy_of < 0, np.arange(len(dump.copy_of)), dump.copy_of)
    return StoryParts(
        label=by_original[dump.original[canonical]],
        story_ids=story_ids + [None] * len(alone),
        sizes=np.concatenate([*sizes, np.ones(len(alone), np.int64)]).astype(np.int64),
        earlier_first=earlier_first + [None] * len(alone),
        vector_terms=np.concatenate([*(m[0] for m in means), vectors.terms[positions]]),
        vector_weights=np.concatenate([*(m[1] for m in means), vectors.weights[positions]]),
        vector_lengths=np.concatenate([*(m[2] for m in means),
                                       np.diff(vectors.indptr)[alone]]))


def first_rows(label: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Per story, the row that sorts first by `keys` (most significant first), then row."""
    rows = np.arange(len(label))
    order = np.lexsort((rows, *reversed(keys), label))
    starts = np.flatnonzero(np.diff(label[order], prepend=-1))
    return order[starts]


def story_ids_of(dump: Dump, parts: StoryParts, published: np.ndarray) -> list[str]:
    """Carried-over ids, and new ids from each story's earliest article (undated last)."""
    first = first_rows(parts.label, published).tolist()
    doc_ids = dump.meta["doc_id"].to_pylist()
    return [story_id or new_story_id(doc_ids[row])
            for story_id, row in zip(parts.story_ids, first, strict=True)]


def publishers_of(meta: pa.Table, label: np.ndarray, stories: int) -> list[list[str]]:
    """Each story's distinct publishers, sorted."""
    found: list[set[str]] = [set() for _ in range(stories)]
    for story, publisher in zip(label.tolist(), meta["publisher"].to_pylist(), strict=True):
        if publisher:
            found[story].add(publisher)
    return [sorted(names) for names in found]


def date_range(published: np.ndarray, label: np.ndarray, earlier_first: list[int | None],
               stories: int) -> tuple[list, list]:
    """Each story's first and last publication date (and a carried story's first)."""
    known = published != NO_DATE
    first = np.full(stories, NO_DATE)
    last = np.full(stories, -1)
    np.minimum.at(first, label[known], published[known])
    np.maximum.at(last, label[known], published[known])
    carried = np.array([d if d is not None else NO_DATE for d in earlier_first], dtype=np.int64)
    first = np.minimum(first, carried)
    last = np.maximum(last, np.where(carried == NO_DATE, -1, carried))
    return ([None if d == NO_DATE else dt.date.fromordinal(d) for d in first.tolist()],
            [None if d < 0 else dt.date.fromordinal(d) for d in last.tolist()])


def terms_column(parts: StoryParts, vocabulary: pa.Array) -> pa.Array:
    """The stories' vectors as a list<struct<term, weight>> column."""
    offsets = np.concatenate([[0], np.cumsum(parts.vector_lengths)]).astype(np.int32)
    terms = vocabulary.take(pa.array(parts.vector_terms, pa.int64())) \
        if len(parts.vector_terms) else pa.array([], pa.string())
    entries = pa.StructArray.from_arrays([terms, pa.array(parts.vector_weights, pa.float64())],
                                         names=["term", "weight"])
    return pa.ListArray.from_arrays(pa.array(offsets), entries)


def stories_of(dump: Dump, parts: StoryParts, vocabulary: pa.Array, run_id: str) -> pa.Table:
    """The story rows, sorted by story_id."""
    meta, count = dump.meta, len(parts.story_ids)
    published = ordinals(meta["published"])
    columns = copy_columns_of_canonical(meta, published)
    canonical = first_rows(parts.label, *columns)
    first, last = date_range(published, parts.label, parts.earlier_first, count)
    schema = file_schema("stories")
    table = pa.table({
        "story_id": pa.array(story_ids_of(dump, parts, published), pa.string()),
        "first_seen": pa.array(first, pa.date32()),
        "last_seen": pa.array(last, pa.date32()),
        "article_count": pa.array(np.bincount(parts.label, minlength=count), pa.int64()),
        "publishers": pa.array(publishers_of(meta, parts.label, count), pa.list_(pa.string())),
        "canonical_doc_id": meta["doc_id"].take(pa.array(canonical)),
        "title": meta["title"].take(pa.array(canonical)),
        "total_articles": pa.array(parts.sizes, pa.int64()),
        "terms": terms_column(parts, vocabulary),
        "run_id": pa.array([run_id] * count, pa.string()),
    })
    table = table.cast(schema)
    return table.take(pc.sort_indices(table["story_id"]))


def copy_columns_of_canonical(meta: pa.Table, published: np.ndarray) -> list[np.ndarray]:
    """The canonical-copy sort keys (duplicates.py), most significant first."""
    return [published, ~meta["credits_wire"].to_numpy(),
            -meta["word_count"].to_numpy().astype(np.int64)]


def story_map_of(dump: Dump, stories: pa.Table, parts: StoryParts) -> pa.Table:
    """Every article's story and canonical copy, sorted by doc_id."""
    ids_by_number = pa.array(story_ids_of(dump, parts, ordinals(dump.meta["published"])))
    doc_ids = dump.meta["doc_id"]
    duplicate_of = doc_ids.take(pa.array(np.where(dump.copy_of < 0, 0, dump.copy_of)))
    duplicate_of = pc.if_else(pa.array(dump.copy_of >= 0), duplicate_of, pa.nulls(
        len(doc_ids), pa.string()))
    return pa.table({"doc_id": doc_ids, "story_id": ids_by_number.take(pa.array(parts.label)),
                     "duplicate_of": duplicate_of}, schema=STORY_MAP)


def group_columns(features: FeatureColumns, *, threshold: float, window_days: int,
                  copy_threshold: float, earlier: Sequence[Story] = (),
                  run_id: str = "") -> GroupingTables:
    """Copies, story clusters and story rows of a dump (see the module docstring)."""
    dump, terms = copies_and_terms(features, copy_threshold)
    vectors, builder = article_vectors(dump, features.terms, earlier, terms)
    originals = np.flatnonzero(dump.copy_of < 0)
    dates = ordinals(dump.meta["published"])[originals].tolist()
    clusters = cluster_vectors(vectors, [None if d == NO_DATE else d for d in dates],
                               threshold, window_days, earlier_clusters(earlier, builder))
    parts = story_parts(dump, vectors, clusters, earlier)
    stories = stories_of(dump, parts, vectors.vocabulary, run_id)
    continued = len({s.story_id for s in earlier} & set(stories["story_id"].to_pylist()))
    return GroupingTables(story_map_of(dump, stories, parts), stories,
                          int((dump.copy_of >= 0).sum()), continued)


def group_stories(items: Sequence[StoryInput], threshold: float, window_days: int,
                  copy_threshold: float, earlier: Sequence[Story] = ()) -> Grouping:
    """Copies, story clusters and story rows for a list of articles (see `group_columns`)."""
    tables = group_columns(FeatureColumns.of_batch(features_batch(items)), threshold=threshold,
                           window_days=window_days, copy_threshold=copy_threshold,
                           earlier=earlier)
    story_map = tables.story_map.to_pydict()
    columns = zip(story_map["doc_id"], story_map["story_id"], story_map["duplicate_of"],
                  strict=True)
    result = Grouping(stories=stories_from_table(tables.stories))
    for doc_id, story_id, duplicate_of in columns:
        result.story_of[doc_id] = story_id
        if duplicate_of is not None:
            result.duplicate_of[doc_id] = duplicate_of
    return result
