"""Metadata the source names (feed fields, trafilatura's page metadata) into their columns."""

from __future__ import annotations

import re

from pipeline.article import Article
from pipeline.cleaning.dates import parse_date
from pipeline.stages.base import Stage

AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|\band\b|&|\|)\s*", re.IGNORECASE)
BY_PREFIX = re.compile(r"^(?:by|von|par|por)\s+", re.IGNORECASE)


def split_authors(value: str) -> list[str]:
    """"By Ann Lee and Bo Chan; Staff" -> ["Ann Lee", "Bo Chan", "Staff"], in order, once."""
    names = (BY_PREFIX.sub("", part).strip(" ,") for part in AUTHOR_SEPARATORS.split(value))
    return list(dict.fromkeys(name for name in names if name))


class SourceMetadata(Stage):
    """Fill `authors`, `publisher` and `published` from fields the source itself provides."""

    name = "metadata"

    def process_item(self, item: Article) -> Article:
        """Columns already set by an earlier stage are left as they are."""
        fields = item.fields
        if not item.authors and fields.get("author"):
            item.authors = split_authors(fields["author"])
        if not item.publisher and fields.get("publisher"):
            item.publisher = fields["publisher"].strip()
        if item.published is None and fields.get("date"):
            item.published = parse_date(fields["date"])
        return item
