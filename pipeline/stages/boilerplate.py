"""Boilerplate removal: keep the article's headline and body, record every other line and why."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pipeline.article import HTML, Article
from pipeline.cleaning.segment import lines_facts, segment
from pipeline.cleaning.stopwords import bmp_word, guess_language, stop_words, stoplist
from pipeline.cleaning.title import same_headline, strip_site_name
from pipeline.config import Settings
from pipeline.stages.base import Stage
from pipeline.stages.whitespace import normalise_lines
from pipeline.templates import load_template_keys


class RemoveBoilerplate(Stage):
    """Segment the lines into headline, body and removed lines (see pipeline.cleaning.segment).

    A title the source itself names (a feed's `title` field) wins over the one found in the
    text; either way, copies of the headline are taken out of the body.
    """

    name = "boilerplate"

    def __init__(self, template_keys: Collection[int] = ()) -> None:
        self.template_keys = frozenset(template_keys)
        self.handed: tuple[str, Sequence[int | None]] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoveBoilerplate:
        """Load the template lines the cross-document task learnt for this dump, if any."""
        location = settings.get("TEMPLATE_LINES_FILE")
        return cls(load_template_keys(location) if location else ())

    def open(self) -> None:
        """Build the stop-word index and the word pattern once, before the first article."""
        stop_words()
        bmp_word()

    def expect_line_keys(self, doc_id: str, line_keys: Sequence[int | None]) -> None:
        """Hand over the next article's line keys (pipeline.templates.document_stats).

        CollectLineStats hashed every line already; the stage would hash them again to find
        the template lines. Keys handed for another article, or for other lines, are unused.
        """
        self.handed = (doc_id, line_keys)

    def take_line_keys(self, item: Article) -> Sequence[int | None] | None:
        """The keys handed over for `item`, if they were (each hand-over serves once)."""
        handed, self.handed = self.handed, None
        if handed is None or handed[0] != item.doc_id or len(handed[1]) != len(item.lines):
            return None
        return handed[1]

    def process_item(self, item: Article) -> Article:
        """Set `title` and the body `lines`; add removed lines to `boilerplate`."""
        facts = lines_facts(item.lines)
        counters: dict[int, int] = {}  # the guess's sampled lines' stop-word counts
        language = guess_language(item.lines, [fact.tokens for fact in facts], counters)
        stops = stoplist(language) if language else frozenset()
        result = segment(item.lines, stops, self.template_keys, extracted=item.media == HTML,
                         line_keys=self.take_line_keys(item), facts=facts, language=language,
                         counters=counters)
        named = strip_site_name(" ".join(normalise_lines(item.fields.get("title", ""))),
                                item.fields.get("publisher"), item.url)
        found = result.lines[result.title].text if result.title is not None else None
        item.title = named or found
        removed = result.removed()
        if named and found is not None:
            removed.append((found, "repeated_headline"))
        item.remove_lines(removed)
        body = [result.lines[i] for i in result.body]
        if item.title:
            # Only a line of as many pieces can repeat the headline (see same_headline).
            pieces = len(item.title.split())
            repeated = [info.pieces == pieces and same_headline(info.text, item.title)
                        for info in body]
            if any(repeated):
                for info, repeats in zip(body, repeated, strict=True):
                    if repeats:
                        item.remove_line(info.text, "repeated_headline")
                body = [info for info, repeats in zip(body, repeated, strict=True)
                        if not repeats]
        item.lines = [info.text for info in body]
        return item
