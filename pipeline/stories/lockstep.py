"""Average-linkage agglomeration of many small linked groups at once, with numpy.

clustering.py's `Agglomeration` merges one group's clusters in Python, a dict operation per
term; a dump has thousands of small linked groups (most of 2 to 10 articles), and that work
was a third of the grouping. Here groups of about the same size are stacked and agglomerated
in lockstep: each round, every group that still merges makes its next merge, all of them in
a few array operations.

The answer is the Agglomeration's, to the last bit:

- A cluster's vector sum is a dense row over its group's terms, 0.0 where a term is absent
  (adding 0.0 changes no sum, and a term's sum is built in the same merge order).
- Each cluster keeps the order in which its terms entered its dict (`order`: its first
  member's row, then each merged cluster's new terms in that cluster's order), and a
  similarity is summed as `dot` sums it: over the terms of the cluster with fewer terms (the
  first on a tie), in that order, left to right (`np.cumsum` adds sequentially; a term the
  other cluster lacks adds 0.0).
- The heap's choice, the largest similarity with ties broken by the pair (i, j) as it was
  pushed, is the first maximum of `best[i, j]`, which holds each linked pair's similarity in
  the orientation of its latest push (a row-major argmax finds the smallest i, then j). A heap
  entry is stale exactly when a merge has since cleared its pair's row or column.

Group members are numbered by row (articles, then earlier stories), as the Agglomeration's
rows are, so a group's order of slots is its order of rows.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.stories.candidates import row_entries
from pipeline.stories.vectors import ArticleVectors

HALF_LIFE_DAYS = 3  # clustering.py's date rule (`date_factor`)
FACTOR_TABLE = 4096  # gaps (days) whose factor is looked up in a table


def gap_factors(gaps: np.ndarray, window_days: int) -> np.ndarray:
    """clustering.py's `date_factor` for each gap in days (-1: a date unknown, factor 1).

    Computed once per gap, with Python's float power as `date_factor` computes it.
    """
    if not len(gaps):
        return np.zeros(0)
    largest = int(gaps.max())
    if largest < FACTOR_TABLE:
        return factor_table(window_days)[gaps + 1]
    distinct, inverse = np.unique(gaps, return_inverse=True)
    return np.array([gap_factor(gap, window_days) for gap in distinct.tolist()])[inverse.ravel()]


@functools.cache
def factor_table(window_days: int) -> np.ndarray:
    """`gap_factor` of gaps -1 .. FACTOR_TABLE - 1, at index gap + 1."""
    return np.array([gap_factor(gap, window_days) for gap in range(-1, FACTOR_TABLE)])


def gap_factor(gap: int, window_days: int) -> float:
    """`date_factor` of clusters `gap` days apart (-1: a date unknown)."""
    return 1.0 if gap < 0 else 0.5 ** (max(gap - window_days, 0) / HALF_LIFE_DAYS)


@dataclass
class StartingClusters:
    """What each row's one-member cluster starts with (rows: articles, then earlier stories).

    `sums` holds each row's vector sum in its dict's order: an article's vector, or an
    earlier story's total (weights times size).
    """

    sums: ArticleVectors
    size: np.ndarray
    dated: np.ndarray  # bool: first and last known
    first: np.ndarray
    last: np.ndarray
    story: np.ndarray  # index of an earlier story, -1 for an article
    articles: int

    @classmethod
    def of(cls, vectors: ArticleVectors, dates: Sequence[int | None],
           earlier: Sequence) -> StartingClusters:
        """The articles' clusters (their vectors, dates) and the earlier stories' (Clusters)."""
        totals = [story.total for story in earlier]
        lengths = np.array([len(total) for total in totals], dtype=np.int64)
        terms = np.fromiter(itertools.chain.from_iterable(totals), np.int64, int(lengths.sum()))
        weights = np.fromiter(itertools.chain.from_iterable(t.values() for t in totals),
                              np.float64, int(lengths.sum()))
        sums = ArticleVectors(np.concatenate([vectors.indptr,
                                              vectors.indptr[-1] + np.cumsum(lengths)]),
                              np.concatenate([vectors.terms.astype(np.int64), terms]),
                              np.concatenate([vectors.weights, weights]), vectors.vocabulary)
        firsts = [*dates, *(story.first for story in earlier)]
        lasts = [*dates, *(story.last for story in earlier)]
        return cls(sums, np.array([1] * len(vectors) + [story.size for story in earlier],
                                  dtype=np.int64),
                   np.array([f is not None and g is not None for f, g in zip(firsts, lasts,
                                                                                strict=True)],
                            dtype=bool),
                   np.array([f or 0 for f in firsts], dtype=np.int64),
                   np.array([g or 0 for g in lasts], dtype=np.int64),
                   np.concatenate([np.full(len(vectors), -1), np.arange(len(earlier))]),
                   len(vectors))


@dataclass
class ClusterBatch:
    """Clusters in arrays: per cluster its group, size, earlier story, members and vector sum.

    Member rows, and the vector sums' terms and values (in no particular order), come cluster
    after cluster.
    """

    group: np.ndarray  # each cluster's group (index into the stack's groups)
    slot: np.ndarray  # its survivor's slot in the group (the Agglomeration's dict order)
    size: np.ndarray
    story: np.ndarray
    members: np.ndarray
    member_counts: np.ndarray
    terms: np.ndarray
    totals: np.ndarray
    term_counts: np.ndarray

    @classmethod
    def of(cls, clusters: Sequence, group: int, story_index: dict[str, int]) -> ClusterBatch:
        """Clusters (clustering.py's, each with a vector sum) of one group, in their order."""
        count = len(clusters)
        member_counts = np.array([len(c.members) for c in clusters], dtype=np.int64)
        term_counts = np.array([len(c.total) for c in clusters], dtype=np.int64)
        return cls(
            np.full(count, group, dtype=np.int64), np.arange(count, dtype=np.int64),
            np.array([c.size for c in clusters], dtype=np.int64),
            np.array([story_index[c.story_id] if c.story_id else -1 for c in clusters],
                     dtype=np.int64),
            np.fromiter(itertools.chain.from_iterable(c.members for c in clusters), np.int64,
                        int(member_counts.sum())),
            member_counts,
            np.fromiter(itertools.chain.from_iterable(c.total for c in clusters), np.int64,
                        int(term_counts.sum())),
            np.fromiter(itertools.chain.from_iterable(c.total.values() for c in clusters),
                        np.float64, int(term_counts.sum())),
            term_counts)

    @classmethod
    def in_order(cls, batches: Sequence[ClusterBatch]) -> ClusterBatch:
        """The batches' clusters as one batch, sorted by group, then slot."""
        if not batches:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, empty, empty, empty, empty, empty, np.zeros(0), empty)
        parts = {name: np.concatenate([getattr(batch, name) for batch in batches])
                 for name in cls.__dataclass_fields__}
        order = np.lexsort((parts["slot"], parts["group"]))
        members = ragged_take(parts["member_counts"], order)
        entries = ragged_take(parts["term_counts"], order)
        return cls(parts["group"][order], parts["slot"][order], parts["size"][order],
                   parts["story"][order], parts["members"][members],
                   parts["member_counts"][order], parts["terms"][entries],
                   parts["totals"][entries], parts["term_counts"][order])

    def __len__(self) -> int:
        return len(self.group)


def ragged_take(lengths: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Positions of the entries of runs `order` (runs of `lengths`, one after another)."""
    starts = np.cumsum(lengths) - lengths
    counts = lengths[order]
    return np.repeat(starts[order] - (np.cumsum(counts) - counts), counts) + \
        np.arange(int(counts.sum()))


@dataclass
class Stack:
    """Groups stacked into arrays of `slots` members and `width` terms (see the module doc)."""

    sums: np.ndarray  # (groups, slots, width + 1) float; the last column stays 0.0
    present: np.ndarray  # (groups, slots, width + 1) bool
    order: np.ndarray  # (groups, slots, width): columns in dict order, `width` past the end
    length: np.ndarray  # (groups, slots): terms in the dict
    size: np.ndarray
    dated: np.ndarray
    first: np.ndarray
    last: np.ndarray
    story: np.ndarray
    owner: np.ndarray  # (groups, slots): the slot whose cluster holds this slot's row
    rows: np.ndarray  # (groups, slots): the row of each slot, -1 past a group's end
    linked: np.ndarray  # (groups, slots, slots) bool
    best: np.ndarray  # (groups, slots, slots): pushed similarity, -inf when none
    vocabulary: np.ndarray  # each group's term ids, group after group (column order)
    vocabulary_starts: np.ndarray
    window_days: int

    @classmethod
    def of(cls, groups: list[np.ndarray], start: StartingClusters, window_days: int) -> Stack:
        """The groups' rows as one-member clusters (each group's rows sorted)."""
        count, slots = len(groups), max(len(group) for group in groups)
        lengths = np.array([len(group) for group in groups])
        rows = np.concatenate(groups)
        group_of = np.repeat(np.arange(count), lengths)
        slot_of = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        positions, owner = row_entries(start.sums, rows)
        entry_group, entry_slot = group_of[owner], slot_of[owner]
        place = positions - start.sums.indptr[rows][owner]
        terms = start.sums.terms[positions].astype(np.int64)
        span = int(terms.max()) + 1 if len(terms) else 1
        distinct, inverse = np.unique(entry_group * span + terms, return_inverse=True)
        vocabulary_starts = np.searchsorted(distinct // span, np.arange(count + 1))
        column = inverse.ravel() - vocabulary_starts[entry_group]
        width = int(np.diff(vocabulary_starts).max()) if len(distinct) else 0
        sums = np.zeros((count, slots, width + 1))
        sums[entry_group, entry_slot, column] = start.sums.weights[positions]
        present = np.zeros((count, slots, width + 1), dtype=bool)
        present[entry_group, entry_slot, column] = True
        order = np.full((count, slots, width), width, dtype=np.int32)
        order[entry_group, entry_slot, place] = column

        def per_slot(values: np.ndarray, fill: int | bool) -> np.ndarray:
            table = np.full((count, slots), fill, dtype=values.dtype)
            table[group_of, slot_of] = values[rows]
            return table

        row_table = np.full((count, slots), -1, dtype=np.int64)
        row_table[group_of, slot_of] = rows
        return cls(sums, present, order, per_slot(np.diff(start.sums.indptr), 0),
                   per_slot(start.size, 0), per_slot(start.dated, False),
                   per_slot(start.first, 0), per_slot(start.last, 0), per_slot(start.story, -1),
                   np.broadcast_to(np.arange(slots), (count, slots)).copy(), row_table,
                   np.zeros((count, slots, slots), dtype=bool),
                   np.full((count, slots, slots), -np.inf), distinct % span, vocabulary_starts,
                   window_days)

    @property
    def slots(self) -> int:
        """Members per group at most."""
        return self.rows.shape[1]

    def similarities(self, group: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """`average_similarity` of clusters a and b of each group, as the Agglomeration's."""
        swap = self.length[group, a] > self.length[group, b]
        shorter, longer = np.where(swap, b, a), np.where(swap, a, b)
        reach = int(self.length[group, shorter].max()) if len(group) else 0
        columns = self.order[group, shorter, :reach]
        products = self.sums[group[:, None], shorter[:, None], columns] * \
            self.sums[group[:, None], longer[:, None], columns]
        dots = np.cumsum(products, axis=1)[:, -1] if reach else np.zeros(len(group))
        return dots / (self.size[group, a] * self.size[group, b]) * \
            self.date_factors(group, a, b)

    def date_factors(self, group: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """`date_factor` of each pair."""
        both = self.dated[group, a] & self.dated[group, b]
        gaps = np.maximum(np.maximum(self.first[group, a] - self.last[group, b],
                                     self.first[group, b] - self.last[group, a]), 0)
        return gap_factors(np.where(both, gaps, -1), self.window_days)

    def link(self, group: np.ndarray, a: np.ndarray, b: np.ndarray, similarity: np.ndarray,
             threshold: float) -> None:
        """Link each pair (a, b) of mergeable clusters and push its similarity if it is strong.

        A NaN similarity is computed here.
        """
        mergeable = (self.story[group, a] < 0) | (self.story[group, b] < 0)
        group, a, b, similarity = group[mergeable], a[mergeable], b[mergeable], \
            similarity[mergeable]
        self.linked[group, a, b] = self.linked[group, b, a] = True
        missing = np.isnan(similarity)
        if missing.any():
            similarity = similarity.copy()
            similarity[missing] = self.similarities(group[missing], a[missing], b[missing])
        strong = similarity >= threshold
        self.best[group[strong], a[strong], b[strong]] = similarity[strong]

    def merge(self, group: np.ndarray, a: np.ndarray, b: np.ndarray, threshold: float) -> None:
        """Fold cluster b into cluster a in each group and link a to their neighbours."""
        self.merge_sums(group, a, b)
        self.size[group, a] += self.size[group, b]
        self.merge_dates(group, a, b)
        self.story[group, a] = np.where(self.story[group, a] >= 0, self.story[group, a],
                                        self.story[group, b])
        owners = self.owner[group]
        self.owner[group] = np.where(owners == b[:, None], a[:, None], owners)
        steps = np.arange(len(group))
        neighbours = self.linked[group, a] | self.linked[group, b]
        neighbours[steps, a] = neighbours[steps, b] = False
        for side in (a, b):
            self.linked[group, side, :] = self.linked[group, :, side] = False
            self.best[group, side, :] = self.best[group, :, side] = -np.inf
        self.length[group, b] = 0
        which, other = np.nonzero(neighbours)
        self.link(group[which], a[which], other, np.full(len(which), np.nan), threshold)

    def merge_sums(self, group: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        """Add b's vector sums to a's; b's new terms join a's order after a's own, in b's order."""
        incoming = self.order[group, b]
        new = ~self.present[group[:, None], a[:, None], incoming]
        new &= incoming < self.order.shape[2]
        step, place = np.nonzero(new)
        self.order[group[step], a[step], (self.length[group, a][:, None] +
                                          np.cumsum(new, axis=1) - 1)[step, place]] = \
            incoming[step, place]
        self.length[group, a] += new.sum(axis=1)
        self.sums[group, a] = self.sums[group, a] + self.sums[group, b]
        self.present[group, a] |= self.present[group, b]

    def merge_dates(self, group: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        """The merged cluster spans both clusters' known dates."""
        dated_a, dated_b = self.dated[group, a], self.dated[group, b]
        first_a, first_b = self.first[group, a], self.first[group, b]
        last_a, last_b = self.last[group, a], self.last[group, b]
        self.first[group, a] = np.where(dated_a & dated_b, np.minimum(first_a, first_b),
                                        np.where(dated_a, first_a, first_b))
        self.last[group, a] = np.where(dated_a & dated_b, np.maximum(last_a, last_b),
                                       np.where(dated_a, last_a, last_b))
        self.dated[group, a] = dated_a | dated_b

    def run(self, threshold: float) -> None:
        """Merge each group's most similar linked pair until none reaches the threshold."""
        merging = np.arange(len(self.rows))
        square = self.slots * self.slots
        while len(merging):
            flat = self.best[merging].reshape(len(merging), square)
            pick = flat.argmax(axis=1)
            strong = flat[np.arange(len(merging)), pick] >= threshold
            merging, pick = merging[strong], pick[strong]
            if len(merging):
                self.merge(merging, pick // self.slots, pick % self.slots, threshold)

    def result(self, articles: int) -> ClusterBatch:
        """The clusters worth keeping: two or more articles, or an earlier story and one."""
        is_article = (self.rows >= 0) & (self.rows < articles)
        members = np.zeros(self.rows.shape, dtype=np.int64)
        np.add.at(members, (np.nonzero(is_article)[0], self.owner[is_article]), 1)
        keep = (members > 1) | ((members > 0) & (self.story >= 0))
        group, slot = np.nonzero(keep)
        number = np.full(self.rows.shape, -1, dtype=np.int64)
        number[group, slot] = np.arange(len(group))
        member_group, member_slot = np.nonzero(is_article)
        cluster = number[member_group, self.owner[member_group, member_slot]]
        member_order = np.argsort(cluster[cluster >= 0], kind="stable")
        member_rows = self.rows[member_group, member_slot][cluster >= 0][member_order]
        present = self.present[group, slot]
        step, column = np.nonzero(present)
        return ClusterBatch(
            group, slot, self.size[group, slot], self.story[group, slot], member_rows,
            members[group, slot], self.vocabulary[self.vocabulary_starts[group[step]] + column],
            self.sums[group[step], slot[step], column], present.sum(axis=1))


def group_slots(groups: list[np.ndarray], group: np.ndarray, rows: np.ndarray,
                span: int) -> np.ndarray:
    """The slot of each (group, row) pair: the row's place in its group's sorted rows.

    Rows are below `span`.
    """
    lengths = np.array([len(rows) for rows in groups])
    starts = np.cumsum(lengths) - lengths
    keys = np.concatenate(groups).astype(np.int64) + np.repeat(np.arange(len(groups)) * span,
                                                               lengths)
    return np.searchsorted(keys, group * span + rows) - starts[group]


def agglomerate(groups: list[np.ndarray], links: tuple[np.ndarray, ...],
                start: StartingClusters, threshold: float, window_days: int) -> ClusterBatch:
    """Agglomerate the groups (each one's rows sorted) along their links, in lockstep.

    `links` are (group, i, j, similarity) arrays, i < j rows; a NaN similarity (a pair with
    an earlier story) is computed here.
    """
    stack = Stack.of(groups, start, window_days)
    group, first, second, similarity = links
    span = len(start.size)
    stack.link(group, group_slots(groups, group, first, span),
               group_slots(groups, group, second, span), similarity, threshold)
    stack.run(threshold)
    return stack.result(start.articles)
