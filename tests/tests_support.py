"""Helpers shared by unit tests."""

from __future__ import annotations

from helper_stages import Mark
from pipeline.article import Article

MarkAlias = Mark


def article_with_lines(lines: list[str], source: str = "doc.txt") -> Article:
    """An article already split into lines, as mid-pipeline stages see it."""
    raw = "\n".join(lines).encode()
    return Article(doc_id="0" * 16, source=source, raw=raw, lines=list(lines))
