"""The whole-dump grouping: copies first, then story clusters, then one row per story.

Copies (duplicates.py) are folded into their canonical article before clustering: thirty runs
of one wire text are one piece of evidence, not thirty, and they must not make the wire
story's words look common to the IDF. Each copy then takes its canonical's story.

Story ids are stable: a new story's id is derived from the `doc_id` of its earliest article
(ties by `doc_id`), so re-running a dump gives the same ids; a story carried over from an
earlier day keeps the id it had.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.stories.clustering import (
    VECTOR_TERMS,
    Cluster,
    article_vector,
    cluster_vectors,
    shared_terms,
)
from pipeline.stories.duplicates import CopyCandidate, canonical_order, find_copies
from pipeline.stories.features import copy_key, signature_bytes, term_counts


@dataclass(slots=True)
class StoryInput:
    """One article as grouping sees it: its features and the metadata the rules use."""

    doc_id: str
    terms: dict[str, int]
    minhash: bytes
    copy_key: str
    published: dt.date | None
    publisher: str | None
    credits_wire: bool
    word_count: int
    title: str | None = None
    language: str | None = None

    @classmethod
    def from_text(cls, *, doc_id: str, title: str, text: str, published: dt.date | None,
                  publisher: str | None, credits_wire: bool,
                  language: str | None = None) -> StoryInput:
        """Features computed from an already clean title and text (for evaluation)."""
        return cls(doc_id, term_counts(title, text), signature_bytes(text),
                   copy_key(text), published, publisher, credits_wire, len(text.split()),
                   title, language)

    def as_copy_candidate(self) -> CopyCandidate:
        """The fields copy detection reads."""
        return CopyCandidate(self.doc_id, self.copy_key, self.minhash, self.published,
                             self.credits_wire, self.word_count)


@dataclass
class Story:
    """One story's row: who ran it, when, and how to recognise it on a later day."""

    story_id: str
    first_seen: dt.date | None
    last_seen: dt.date | None
    article_count: int
    publishers: list[str]
    canonical_doc_id: str
    title: str | None
    vector: dict[str, float]
    size: int  # articles over every day so far, the weight of `vector` in later matching


@dataclass
class Grouping:
    """Result: each article's story and canonical copy, and the stories."""

    story_of: dict[str, str] = field(default_factory=dict)
    duplicate_of: dict[str, str] = field(default_factory=dict)
    stories: list[Story] = field(default_factory=list)


def new_story_id(first_doc_id: str) -> str:
    """Id of a story first seen today, from its earliest article's id."""
    return "st" + hashlib.sha256(first_doc_id.encode()).hexdigest()[:14]


def first_article(members: Sequence[StoryInput]) -> StoryInput:
    """The story's earliest article (undated last), ties by doc_id."""
    return min(members, key=lambda m: (m.published is None, m.published or dt.date.min,
                                       m.doc_id))


def story_row(cluster: Cluster, members: list[StoryInput], story_id: str,
              earlier_first: dt.date | None) -> Story:
    """The stories row of one cluster, with today's members (copies included)."""
    canonical = min(members, key=lambda m: canonical_order(m.as_copy_candidate()))
    dates = [m.published for m in members if m.published] + \
        ([earlier_first] if earlier_first else [])
    mean = cluster.mean()
    top = dict(sorted(mean.items(), key=lambda kv: (-kv[1], kv[0]))[:VECTOR_TERMS])
    return Story(story_id=story_id, first_seen=min(dates, default=None),
                 last_seen=max(dates, default=None), article_count=len(members),
                 publishers=sorted({m.publisher for m in members if m.publisher}),
                 canonical_doc_id=canonical.doc_id, title=canonical.title, vector=top,
                 size=cluster.size)


def group_stories(items: Sequence[StoryInput], threshold: float, window_days: int,
                  copy_threshold: float, earlier: Sequence[Story] = ()) -> Grouping:
    """Copies, story clusters and story rows for one dump (see the module docstring)."""
    items = sorted(items, key=lambda item: item.doc_id)
    duplicate_of = find_copies([i.as_copy_candidate() for i in items], copy_threshold)
    originals = [i for i in items if i.doc_id not in duplicate_of]
    shared = shared_terms([*(i.terms for i in originals), *(s.vector for s in earlier)])
    earlier_clusters = [Cluster(total={t: w * s.size for t, w in s.vector.items()},
                                size=s.size, first=s.first_seen, last=s.last_seen,
                                story_id=s.story_id) for s in earlier]
    first_seen = {s.story_id: s.first_seen for s in earlier}
    clusters = cluster_vectors([article_vector(i.terms, i.language, shared) for i in originals],
                               [i.published for i in originals], threshold, window_days,
                               earlier_clusters)
    result = Grouping(duplicate_of=duplicate_of)
    copies_of: dict[str, list[StoryInput]] = {}
    by_id = {i.doc_id: i for i in items}
    for copy, canonical in duplicate_of.items():
        copies_of.setdefault(canonical, []).append(by_id[copy])
    for cluster in clusters:
        members = [originals[m] for m in cluster.members]
        members += [c for m in members for c in copies_of.get(m.doc_id, [])]
        story_id = cluster.story_id or new_story_id(first_article(members).doc_id)
        result.story_of.update({m.doc_id: story_id for m in members})
        result.stories.append(story_row(cluster, members, story_id,
                                        first_seen.get(cluster.story_id)))
    result.stories.sort(key=lambda s: s.story_id)
    return result
