"""Title: the one the source names, else the first line of the text."""

from __future__ import annotations

from pipeline.article import Article
from pipeline.stages.base import Stage
from pipeline.stages.whitespace import normalise_lines


class SplitTitle(Stage):
    """Take the title from the record's fields, or the first paragraph line off the body."""

    name = "title"

    def process_item(self, item: Article) -> Article:
        """Set `title`, removing it from `lines` when it came from the text."""
        named = " ".join(normalise_lines(item.fields.get("title", "")))
        if named:
            item.title = named
        elif item.lines:
            item.title = item.lines.pop(0)
        return item
