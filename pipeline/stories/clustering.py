"""Story clusters: articles that report the same event, even when every outlet wrote its own text.

1. Each article becomes a TF-IDF-style vector over its terms (content words, multi-word
   names, the headline counted several times; see features.py), weighted by rarity
   (rarity.py), so words every story uses weigh little and an event's names and places weigh
   most. Vectors keep their VECTOR_TERMS heaviest terms and have unit length (vectors.py).
2. Candidate pairs come from an inverted index over each article's BLOCK_TERMS heaviest
   terms: articles that share none of them are never compared (no all-pairs work). A term in
   more than MAX_POSTINGS articles' block lists is not used: it would pair nearly everything
   (the same first name in a thousand unrelated stories), and pairs it alone would bring
   together hardly ever reach the threshold.
3. Only candidate pairs whose cosine reaches the threshold link their articles. Two clusters
   can only reach an average similarity at the threshold if some pair of their members does
   (an average is never above its largest term, and the date factor is at most 1), so weaker
   pairs never decide a merge; dropping them keeps the link graph small.
4. Average-linkage agglomeration along the links, one connected group of linked articles at a
   time (merges in one group never change another's similarities, so the result is the same
   as one global run): the two clusters whose articles are most similar on average merge,
   while that average cosine reaches the threshold. With unit vectors the average over all
   cross pairs is the dot product of the clusters' mean vectors, so it is exact, not limited
   to the linked pairs. Average linkage does not chain: one article about both of two
   earthquakes cannot join their clusters on its own. `Agglomeration` is the plain
   statement of it; groups of up to LOCKSTEP_SLOTS rows (nearly all of them) are stacked and
   agglomerated in lockstep instead (lockstep.py), to the same answer.
5. Dates, when known, scale the similarity down once two clusters lie more than
   `window_days` apart (see `date_factor`): the same minister's statements a month apart
   are two events.

Stories from recent days enter as clusters that already exist: today's articles can join
them (and take their `story_id`) but two of them never merge with each other.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from pipeline.stories.candidates import sequential_dots, strong_links, with_earlier
from pipeline.stories.lockstep import (
    HALF_LIFE_DAYS,
    ClusterBatch,
    StartingClusters,
    agglomerate,
    gap_factors,
)
from pipeline.stories.vectors import ArticleVectors

# Groups of up to this many rows are agglomerated in lockstep (lockstep.py), larger ones one
# at a time by `Agglomeration` (a stacked group costs a row of sums per slot and term).
LOCKSTEP_SLOTS = 64
STACK_CELLS = 1 << 21  # slots x terms x groups stacked at once (bounds a stack's memory)
WINDOW_ENTRIES = 1 << 18  # vector entries of the consecutive groups yielded together
STACKERS = 2  # stacks agglomerated at once

Vector = dict[int, float]  # term id -> weight


@dataclass(slots=True)
class Cluster:
    """A growing cluster: the sum of its members' vectors, its size and its date range.

    Dates are proleptic Gregorian ordinals (`date.toordinal()`); members are article rows.
    A one-article cluster has no `total` of its own: the agglomeration reads its row from the
    vectors when needed, so a large linked group does not hold a dict for every article.
    """

    total: Vector | None
    size: int
    members: list[int] = field(default_factory=list)
    first: int | None = None
    last: int | None = None
    story_id: str | None = None  # set for a story carried over from an earlier day

    def mean(self) -> Vector:
        """The members' mean vector."""
        return {term: weight / self.size for term, weight in self.total.items()}


def dot(a: Vector, b: Vector) -> float:
    """Sparse dot product (iterating over the smaller vector)."""
    if len(a) > len(b):
        a, b = b, a
    return sum([w * b[t] for t, w in a.items() if t in b])  # a list sums faster


def date_factor(a: Cluster, b: Cluster, window_days: int) -> float:
    """1 when the clusters' dates lie within `window_days` (or are unknown), then falling.

    Past the window the similarity halves every HALF_LIFE_DAYS: a story followed up a few
    days later needs more shared detail to join, and two events of the same kind or with
    the same people a week or more apart (one club's two matches, one minister's two
    statements, two earthquakes) stay apart however alike their words are.
    """
    if a.first is None or b.first is None:
        return 1.0
    gap = max(a.first - b.last, b.first - a.last, 0)
    return 0.5 ** (max(gap - window_days, 0) / HALF_LIFE_DAYS)


def may_merge(a: Cluster, b: Cluster) -> bool:
    """Two stories carried over from earlier days never merge with each other."""
    return not (a.story_id and b.story_id)


def average_similarity(a: Cluster, b: Cluster, a_total: Vector, b_total: Vector,
                       window_days: int) -> float:
    """Mean cosine over all pairs of members (from the vector sums), scaled for dates."""
    return dot(a_total, b_total) / (a.size * b.size) * date_factor(a, b, window_days)


@dataclass
class Agglomeration:
    """Average-linkage merging of clusters along links (see the module docstring)."""

    clusters: dict[int, Cluster]
    threshold: float
    window_days: int
    vectors: ArticleVectors  # the rows of one-article clusters
    links: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    heap: list[tuple[float, int, int, int, int]] = field(default_factory=list)
    versions: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    rows: dict[int, Vector] = field(default_factory=dict)  # one-article clusters' vectors, read

    def link(self, i: int, j: int, similarity: float | None = None) -> None:
        """Make i and j merge candidates, queued by their average similarity.

        The similarity is computed here unless given.
        """
        a, b = self.clusters.get(i), self.clusters.get(j)
        if a is None or b is None or i == j or not may_merge(a, b):
            return
        self.links[i].add(j)
        self.links[j].add(i)
        if similarity is None:
            similarity = average_similarity(a, b, self.total(a), self.total(b),
                                            self.window_days)
        if similarity >= self.threshold:
            heapq.heappush(self.heap, (-similarity, i, j, self.versions[i], self.versions[j]))

    def total(self, cluster: Cluster) -> Vector:
        """The cluster's vector sum (a one-article cluster's read from its row, once).

        Not to be changed: a merge copies it first.
        """
        if cluster.total is not None:
            return cluster.total
        row = cluster.members[0]
        vector = self.rows.get(row)
        if vector is None:
            vector = self.rows[row] = self.vectors.as_dict(row)
        return vector

    def merge(self, i: int, j: int) -> None:
        """Fold cluster j into cluster i and re-queue i's links."""
        a, b = self.clusters[i], self.clusters.pop(j)
        if a.total is None:
            a.total = dict(self.total(a))
        for term, weight in self.total(b).items():
            a.total[term] = a.total.get(term, 0.0) + weight
        a.size += b.size
        a.members += b.members
        dates = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        a.first, a.last = (min(dates), max(dates)) if dates else (None, None)
        a.story_id = a.story_id or b.story_id
        self.versions[i] += 1
        neighbours = (self.links.pop(i, set()) | self.links.pop(j, set())) - {i, j}
        for other in neighbours:
            self.links[other].discard(j)
            self.links[other].discard(i)
            self.link(i, other)

    def run(self) -> list[Cluster]:
        """Merge the most similar linked pair until none reaches the threshold."""
        while self.heap:
            _, i, j, version_i, version_j = heapq.heappop(self.heap)
            if i not in self.clusters or j not in self.clusters or \
                    (version_i, version_j) != (self.versions[i], self.versions[j]):
                continue
            self.merge(i, j)
        return list(self.clusters.values())


def linked_groups(size: int, i: np.ndarray, j: np.ndarray) -> list[np.ndarray]:
    """The connected groups of two or more rows (each sorted) of the graph of links."""
    graph = sparse.coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(size, size))
    _, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    return [group for group in np.split(order, bounds) if len(group) > 1]


def cluster_group(links: Iterable[tuple[int, int, float]], clusters: dict[int, Cluster],
                  threshold: float, window_days: int,
                  vectors: ArticleVectors) -> list[Cluster]:
    """Agglomerate one connected group of linked rows (a NaN similarity is computed)."""
    agglomeration = Agglomeration(clusters, threshold, window_days, vectors)
    for i, j, similarity in links:
        agglomeration.link(i, j, None if math.isnan(similarity) else similarity)
    return agglomeration.run()


def first_similarities(vectors: ArticleVectors, dates: Sequence[int | None], i: np.ndarray,
                       j: np.ndarray, window_days: int) -> np.ndarray:
    """`average_similarity` of one-article clusters i and j, for whole arrays of pairs.

    NaN where j is an earlier story (the agglomeration computes those).
    """
    articles = j < len(vectors)
    similarities = np.full(len(i), np.nan)
    dots = sequential_dots(vectors, i[articles], j[articles])
    known = np.array([d is not None for d in dates], dtype=bool)
    days = np.array([d or 0 for d in dates], dtype=np.int64)
    first, second = i[articles], j[articles]
    gaps = np.where(known[first] & known[second], np.abs(days[first] - days[second]), -1)
    similarities[articles] = dots / 1 * gap_factors(gaps, window_days)
    return similarities


@dataclass
class Links:
    """The strong links of a dump's rows, by connected group."""

    groups: list[np.ndarray]  # each group's rows, sorted
    i: np.ndarray
    j: np.ndarray
    similarities: np.ndarray  # NaN for a pair with an earlier story
    by_group: np.ndarray  # link indexes, group after group
    bounds: np.ndarray  # group g's links are by_group[bounds[g]:bounds[g + 1]]

    def of_group(self, index: int) -> np.ndarray:
        """The indexes of a group's links."""
        return self.by_group[self.bounds[index]:self.bounds[index + 1]]

    def of_groups(self, indexes: Sequence[int]) -> tuple[np.ndarray, ...]:
        """(position in `indexes`, i, j, similarity) of the links of some groups."""
        links = [self.of_group(index) for index in indexes]
        which = np.concatenate([np.zeros(0, np.int64), *links])
        owner = np.repeat(np.arange(len(indexes)), [len(x) for x in links])
        return owner, self.i[which], self.j[which], self.similarities[which]


def cluster_vectors(vectors: ArticleVectors, dates: Sequence[int | None], threshold: float,
                    window_days: int, earlier: Sequence[Cluster] = (), *,
                    lockstep_slots: int = LOCKSTEP_SLOTS) -> Iterator[ClusterBatch]:
    """Story clusters of two or more articles (rows of `vectors`), or of a story and articles.

    An article missing from every cluster is a story of its own. `earlier` stories may
    absorb some articles; those that absorb none are not returned. Clusters come in batches
    of consecutive linked groups, in group order and each group's in row order (as one
    `Agglomeration` per group would give them), so a caller can keep what it needs of them
    and let the rest go. Groups of up to `lockstep_slots` rows are agglomerated in lockstep.
    """
    articles = len(vectors)
    keys = with_earlier(vectors, [cluster.mean() for cluster in earlier])
    i, j = strong_links(keys, articles, threshold)
    groups = linked_groups(len(keys), i, j)
    group_of = np.full(len(keys), -1)
    for index, group in enumerate(groups):
        group_of[group] = index
    by_group = np.argsort(group_of[i], kind="stable")
    links = Links(groups, i, j, first_similarities(vectors, dates, i, j, window_days), by_group,
                  np.searchsorted(group_of[i][by_group], np.arange(len(groups) + 1)))
    job = GroupAgglomeration(links, StartingClusters.of(vectors, dates, earlier), vectors,
                             dates, earlier, threshold, window_days)
    entries = np.diff(job.start.sums.indptr)
    # Stacks are independent and mostly numpy work: STACKERS of them run side by side.
    with ThreadPoolExecutor(max_workers=STACKERS, thread_name_prefix="lockstep") as pool:
        for window in windows([int(entries[group].sum()) for group in groups], WINDOW_ENTRIES):
            small = [index for index in window if len(groups[index]) <= lockstep_slots]
            pieces = list(pool.map(job.stacked, stacks(small, groups, entries)))
            pieces += [job.one(index) for index in window
                       if len(groups[index]) > lockstep_slots]
            yield ClusterBatch.in_order(pieces)


def windows(sizes: Sequence[int], limit: int) -> Iterator[range]:
    """Consecutive runs of items whose sizes add up to about `limit`."""
    begin, total = 0, 0
    for index, size in enumerate(sizes):
        total += size
        if total >= limit:
            yield range(begin, index + 1)
            begin, total = index + 1, 0
    if begin < len(sizes):
        yield range(begin, len(sizes))


def stacks(indexes: list[int], groups: list[np.ndarray], entries: np.ndarray) -> list[list[int]]:
    """The groups cut into stacks of similar size, each within STACK_CELLS.

    Groups are stacked with the next power of two of their size as slots, narrowest first;
    a group's terms are at most its rows' entries.
    """
    slots = [max(2, 1 << (len(groups[index]) - 1).bit_length()) for index in indexes]
    width = [int(entries[groups[index]].sum()) for index in indexes]
    found: list[list[int]] = []
    current: list[int] = []
    for position in sorted(range(len(indexes)), key=lambda k: (slots[k], width[k])):
        if current and (slots[position] != slots[current[-1]] or
                        (len(current) + 1) * slots[position] * width[position] > STACK_CELLS):
            found.append([indexes[k] for k in current])
            current = []
        current.append(position)
    if current:
        found.append([indexes[k] for k in current])
    return found


@dataclass
class GroupAgglomeration:
    """What agglomerating the linked groups needs: the links, and the starting clusters."""

    links: Links
    start: StartingClusters
    vectors: ArticleVectors
    dates: Sequence[int | None]
    earlier: Sequence[Cluster]
    threshold: float
    window_days: int

    def stacked(self, indexes: list[int]) -> ClusterBatch:
        """The clusters of some groups, agglomerated in lockstep (lockstep.py)."""
        batch = agglomerate([self.links.groups[index] for index in indexes],
                            self.links.of_groups(indexes), self.start, self.threshold,
                            self.window_days)
        batch.group = np.asarray(indexes, dtype=np.int64)[batch.group]
        return batch

    def one(self, index: int) -> ClusterBatch:
        """The clusters of one group, agglomerated by `Agglomeration`."""
        articles, links = len(self.vectors), self.links
        which = links.of_group(index)
        clusters = {row: single(row, self.dates[row]) if row < articles
                    else carried(self.earlier[row - articles])
                    for row in links.groups[index].tolist()}
        found = [c for c in cluster_group(
            zip(links.i[which].tolist(), links.j[which].tolist(),
                links.similarities[which].tolist(), strict=True),
            clusters, self.threshold, self.window_days, self.vectors)
            if len(c.members) > 1 or (c.members and c.story_id)]
        return ClusterBatch.of(found, index, {c.story_id: k for k, c in enumerate(self.earlier)})


def single(row: int, date: int | None) -> Cluster:
    """The one-article cluster of a row (its vector stays in the vectors)."""
    return Cluster(total=None, size=1, members=[row], first=date, last=date)


def carried(story: Cluster) -> Cluster:
    """A fresh copy of an earlier story's cluster (the agglomeration changes its clusters)."""
    return Cluster(total=dict(story.total), size=story.size, first=story.first,
                   last=story.last, story_id=story.story_id)
