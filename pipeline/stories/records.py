"""The records story grouping reads and writes, one object each.

The dump-wide job works on columns (grouping.py); these are for single articles, tests and
evaluation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.stories.features import copy_key, signature_bytes, term_counts
from pipeline.stories.words import words_of


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
        words = words_of(text)
        return cls(doc_id, term_counts(title, text, words), signature_bytes(text, words),
                   copy_key(text, words), published, publisher, credits_wire,
                   len(text.split()), title, language)


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
