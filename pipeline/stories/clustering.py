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
   earthquakes cannot join their clusters on its own.
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
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from pipeline.stories.candidates import sequential_dots, strong_links, with_earlier
from pipeline.stories.vectors import ArticleVectors

HALF_LIFE_DAYS = 3

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
    # The factor for each distinct gap, computed as `date_factor` does (-1: a date unknown).
    distinct, inverse = np.unique(gaps, return_inverse=True)
    factors = np.array([1.0 if gap < 0 else 0.5 ** (max(gap - window_days, 0) / HALF_LIFE_DAYS)
                        for gap in distinct.tolist()])
    similarities[articles] = dots / 1 * factors[inverse]
    return similarities


def cluster_vectors(vectors: ArticleVectors, dates: Sequence[int | None], threshold: float,
                    window_days: int, earlier: Sequence[Cluster] = ()) -> Iterator[Cluster]:
    """Story clusters of two or more articles (rows of `vectors`), or of a story and articles.

    An article missing from every cluster is a story of its own. `earlier` stories may
    absorb some articles; those that absorb none are not returned. Clusters come one linked
    group at a time, so a caller can keep what it needs of them and let the rest go.
    """
    articles = len(vectors)
    keys = with_earlier(vectors, [cluster.mean() for cluster in earlier])
    i, j = strong_links(keys, articles, threshold)
    groups = linked_groups(len(keys), i, j)
    group_of = np.full(len(keys), -1)
    for index, group in enumerate(groups):
        group_of[group] = index
    similarities = first_similarities(vectors, dates, i, j, window_days)
    by_group = np.argsort(group_of[i], kind="stable")
    bounds = np.searchsorted(group_of[i][by_group], np.arange(len(groups) + 1))
    for index, group in enumerate(groups):
        links = by_group[bounds[index]:bounds[index + 1]]
        clusters = {row: single(row, dates[row]) if row < articles
                    else carried(earlier[row - articles]) for row in group.tolist()}
        yield from (c for c in cluster_group(
            zip(i[links].tolist(), j[links].tolist(), similarities[links].tolist(),
                strict=True), clusters, threshold, window_days, vectors)
            if len(c.members) > 1 or (c.members and c.story_id))


def single(row: int, date: int | None) -> Cluster:
    """The one-article cluster of a row (its vector stays in the vectors)."""
    return Cluster(total=None, size=1, members=[row], first=date, last=date)


def carried(story: Cluster) -> Cluster:
    """A fresh copy of an earlier story's cluster (the agglomeration changes its clusters)."""
    return Cluster(total=dict(story.total), size=story.size, first=story.first,
                   last=story.last, story_id=story.story_id)
