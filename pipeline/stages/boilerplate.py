"""Boilerplate removal: keep the article's headline and body, record every other line and why."""

from __future__ import annotations

from collections.abc import Collection

from pipeline.article import Article
from pipeline.cleaning.reflow import reflow
from pipeline.cleaning.segment import segment
from pipeline.cleaning.stopwords import guess_stoplist
from pipeline.cleaning.title import same_headline
from pipeline.config import Settings
from pipeline.stages.base import Stage
from pipeline.stages.whitespace import normalise_lines


class RemoveBoilerplate(Stage):
    """Segment the lines into headline, body and removed lines (see pipeline.cleaning.segment).

    A title the source itself names (a feed's `title` field) wins over the one found in the
    text; either way, copies of the headline are taken out of the body.
    """

    name = "boilerplate"

    def __init__(self, template_lines: Collection[str] = ()) -> None:
        self.template_lines = frozenset(template_lines)

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoveBoilerplate:
        """No settings yet; cross-document template lines arrive with a later change."""
        del settings
        return cls()

    def process_item(self, item: Article) -> Article:
        """Set `title` and the body `lines`; add removed lines to `boilerplate`."""
        lines, reflowed = reflow(item.lines)
        if reflowed:
            item.record_fix("reflowed_hard_wraps")
        result = segment(lines, guess_stoplist(lines), self.template_lines)
        named = " ".join(normalise_lines(item.fields.get("title", "")))
        found = result.lines[result.title].text if result.title is not None else None
        item.title = named or found
        body = [result.lines[i].text for i in result.body]
        removed = result.removed()
        if named and found is not None:
            removed.append((found, "repeated_headline"))
        for line, rule in removed:
            item.remove_line(line, rule)
        if item.title:
            for line in [line for line in body if same_headline(line, item.title)]:
                item.remove_line(line, "repeated_headline")
            body = [line for line in body if not same_headline(line, item.title)]
        item.lines = body
        return item
