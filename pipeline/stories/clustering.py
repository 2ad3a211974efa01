"""Story clusters: articles that report the same event, even when every outlet wrote its own text.

1. Each article becomes a TF-IDF-style vector over its terms (content words, multi-word
   names, the headline counted several times; see features.py), weighted by rarity
   (rarity.py), so words every story uses weigh little and an event's names and places weigh
   most. Vectors keep their VECTOR_TERMS heaviest terms and have unit length.
2. Candidate pairs come from an inverted index over each article's BLOCK_TERMS heaviest
   terms: articles that share none of them are never compared (no all-pairs work).
3. Average-linkage agglomeration over those candidates: the two clusters whose articles are
   most similar on average merge, while that average cosine reaches the threshold. With unit
   vectors the average over all cross pairs is the dot product of the clusters' mean vectors,
   so it is exact, not limited to the candidate pairs. Average linkage does not chain: one
   article about both of two earthquakes cannot join their clusters on its own.
4. Dates, when known, scale the similarity down once two clusters lie more than
   `window_days` apart (see `date_factor`): the same minister's statements a month apart
   are two events.

Stories from recent days enter as clusters that already exist: today's articles can join
them (and take their `story_id`) but two of them never merge with each other.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.stories.rarity import rarity

VECTOR_TERMS = 40
BLOCK_TERMS = 12
# A term in more than this many articles' block lists is not used to find candidates: it
# would pair nearly everything, and its low IDF makes it weigh little in the cosine anyway.
MAX_POSTINGS = 5000
HALF_LIFE_DAYS = 3

Vector = dict[str, float]


@dataclass(slots=True)
class StoryCandidate:
    """What clustering reads of one article."""

    doc_id: str
    terms: dict[str, int]
    published: dt.date | None = None


@dataclass(slots=True)
class Cluster:
    """A growing cluster: the sum of its members' vectors, its size and its date range."""

    total: Vector
    size: int
    members: list[int] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None
    story_id: str | None = None  # set for a story carried over from an earlier day

    def mean(self) -> Vector:
        """The members' mean vector."""
        return {term: weight / self.size for term, weight in self.total.items()}


def shared_terms(term_sets: Iterable[Iterable[str]]) -> set[str]:
    """Terms found in two or more of the articles."""
    df: Counter[str] = Counter()
    for terms in term_sets:
        df.update(terms)
    return {term for term, n in df.items() if n > 1}


def article_vector(terms: dict[str, int], language: str | None, shared: Container[str],
                   size: int = VECTOR_TERMS) -> Vector:
    """Unit-length vector over the article's `size` heaviest terms.

    A term weighs (1 + log count) times its rarity (rarity.py). Only terms in `shared`
    (found in another article too) are kept, since a term no other article has adds nothing
    to any similarity; but the length is taken over the heaviest terms before that filter,
    so an article that shares only a few minor terms with others stays far from them.
    """
    weights = sorted(((t, (1 + math.log(n)) * rarity(t, language)) for t, n in terms.items()),
                     key=lambda kv: (-kv[1], kv[0]))[:size]
    norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
    return {t: w / norm for t, w in weights if t in shared}


def dot(a: Vector, b: Vector) -> float:
    """Sparse dot product (iterating over the smaller vector)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def block_terms(vector: Vector, count: int = BLOCK_TERMS) -> list[str]:
    """The vector's heaviest terms, used to find comparison candidates."""
    return [t for t, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


def candidate_pairs(vectors: Sequence[Vector]) -> set[tuple[int, int]]:
    """Pairs (i < j) of items that share at least one block term."""
    postings: dict[str, list[int]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term in block_terms(vector):
            postings[term].append(index)
    pairs = set()
    for items in postings.values():
        if len(items) > MAX_POSTINGS:
            continue
        for position, i in enumerate(items):
            pairs.update((i, j) for j in items[position + 1:])
    return pairs


def date_factor(a: Cluster, b: Cluster, window_days: int) -> float:
    """1 when the clusters' dates lie within `window_days` (or are unknown), then falling.

    Past the window the similarity halves every HALF_LIFE_DAYS: a story followed up a few
    days later needs more shared detail to join, and two events of the same kind or with
    the same people a week or more apart (one club's two matches, one minister's two
    statements, two earthquakes) stay apart however alike their words are.
    """
    if a.first is None or b.first is None:
        return 1.0
    gap = max((a.first - b.last).days, (b.first - a.last).days, 0)
    return 0.5 ** (max(gap - window_days, 0) / HALF_LIFE_DAYS)


def may_merge(a: Cluster, b: Cluster) -> bool:
    """Two stories carried over from earlier days never merge with each other."""
    return not (a.story_id and b.story_id)


def average_similarity(a: Cluster, b: Cluster, window_days: int) -> float:
    """Mean cosine over all pairs of members (from the vector sums), scaled for dates."""
    return dot(a.total, b.total) / (a.size * b.size) * date_factor(a, b, window_days)


@dataclass
class Agglomeration:
    """Average-linkage merging of clusters along candidate links (see the module docstring)."""

    clusters: list[Cluster | None]
    threshold: float
    window_days: int
    links: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    heap: list[tuple[float, int, int, int, int]] = field(default_factory=list)
    versions: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.versions = [0] * len(self.clusters)

    def link(self, i: int, j: int) -> None:
        """Make i and j merge candidates, queued by their average similarity."""
        a, b = self.clusters[i], self.clusters[j]
        if a is None or b is None or i == j or not may_merge(a, b):
            return
        self.links[i].add(j)
        self.links[j].add(i)
        similarity = average_similarity(a, b, self.window_days)
        if similarity >= self.threshold:
            heapq.heappush(self.heap, (-similarity, i, j, self.versions[i], self.versions[j]))

    def merge(self, i: int, j: int) -> None:
        """Fold cluster j into cluster i and re-queue i's links."""
        a, b = self.clusters[i], self.clusters[j]
        for term, weight in b.total.items():
            a.total[term] = a.total.get(term, 0.0) + weight
        a.size += b.size
        a.members += b.members
        dates = [d for d in (a.first, a.last, b.first, b.last) if d is not None]
        a.first, a.last = (min(dates), max(dates)) if dates else (None, None)
        a.story_id = a.story_id or b.story_id
        self.clusters[j] = None
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
            if self.clusters[i] is None or self.clusters[j] is None or \
                    (version_i, version_j) != (self.versions[i], self.versions[j]):
                continue
            self.merge(i, j)
        return [c for c in self.clusters if c is not None]


def cluster_vectors(vectors: Sequence[Vector], dates: Sequence[dt.date | None],
                    threshold: float, window_days: int,
                    earlier: Sequence[Cluster] = ()) -> list[Cluster]:
    """Clusters of the items (by index); `earlier` stories may absorb some of them."""
    clusters: list[Cluster | None] = [
        Cluster(total=dict(v), size=1, members=[i], first=d, last=d)
        for i, (v, d) in enumerate(zip(vectors, dates, strict=True))]
    clusters += [Cluster(total=dict(c.total), size=c.size, first=c.first, last=c.last,
                         story_id=c.story_id) for c in earlier]
    agglomeration = Agglomeration(clusters, threshold, window_days)
    keys = [*vectors, *(c.mean() for c in earlier)]
    for i, j in sorted(candidate_pairs(keys)):
        agglomeration.link(i, j)
    return [c for c in agglomeration.run() if c.members]
