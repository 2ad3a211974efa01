"""Accuracy of the metadata columns against a gold set's metadata.

Each field is scored over the documents whose gold names it: a document without a gold
author says nothing about author extraction. Comparisons fold case and whitespace; authors
compare as sets of names, so order and "and" versus ";" do not matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.evaluation.goldsets import GoldDoc

SPACES = re.compile(r"\s+")
NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\|)\s*", re.IGNORECASE)
BY = re.compile(r"^by\s+", re.IGNORECASE)


# Gold files write straight quotes where pages have typographic ones; that is not an error.
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(value: object) -> str:
    """Case-, quote- and whitespace-folded text of a value."""
    return SPACES.sub(" ", str(value or "")).strip().translate(QUOTES).casefold()


def name_set(value: object) -> frozenset[str]:
    """The names in an author field (a string or a list of strings)."""
    parts: Iterable[str] = value if isinstance(value, list) else NAME_SPLIT.split(str(value))
    return frozenset(fold(BY.sub("", p)) for p in parts if fold(p))


def as_date_text(value: object) -> str:
    """An ISO date string from a date or a string."""
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")[:10]


@dataclass
class FieldScore:
    """How many documents have a gold value for a field, and how many we got right."""

    gold: int = 0
    correct: int = 0
    found: int = 0  # documents where we filled the field at all

    @property
    def accuracy(self) -> float | None:
        """Share of gold values matched; None without any gold value."""
        return self.correct / self.gold if self.gold else None


def field_matches(name: str, gold: object, ours: object) -> bool:
    """Whether our value of field `name` equals the gold one."""
    if name == "authors":
        return bool(ours) and name_set(gold) == name_set(ours)
    if name == "published":
        return as_date_text(gold) == as_date_text(ours)
    return fold(gold) == fold(ours)


def gold_value(doc: GoldDoc, name: str) -> object:
    """The gold value of a field (WCXB names the author field `author`)."""
    if name == "authors":
        return doc.metadata.get("authors") or doc.metadata.get("author")
    if name == "title":
        return doc.title
    return doc.metadata.get(name)


def score_metadata(docs: Mapping[str, GoldDoc],
                   rows: Mapping[str, Mapping[str, object]]) -> dict[str, FieldScore]:
    """Per-field scores of output rows (by document key) against the gold documents."""
    scores = {name: FieldScore() for name in
              ("title", "authors", "publisher", "published", "dateline")}
    for key, doc in docs.items():
        row = rows.get(key, {})
        for name, score in scores.items():
            gold = gold_value(doc, name)
            if not gold:
                continue
            score.gold += 1
            score.found += bool(row.get(name))
            score.correct += field_matches(name, gold, row.get(name))
    return scores


def format_metadata(scores: Mapping[str, FieldScore]) -> str:
    """One line: accuracy per field with its counts."""
    parts = [f"{name} {s.correct}/{s.gold} ({s.accuracy:.1%}, filled {s.found})"
             for name, s in scores.items() if s.accuracy is not None]
    return "  metadata: " + "   ".join(parts)
