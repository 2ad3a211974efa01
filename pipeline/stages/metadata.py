"""Authors, publisher, publication date and dateline, from the source and from the text.

What the source names (a feed's fields, trafilatura's page metadata) comes first: it was
written for machines. Otherwise the facts come from the metadata lines the boilerplate stage
took out of the body (bylines, date lines, credits, copyright notices), read in page order,
so the line nearest the top of the article wins. The dateline is read from the first
paragraph, where news style puts it.
"""

from __future__ import annotations

import functools
from collections.abc import Collection

from pipeline.article import Article, Removed
from pipeline.cleaning.credits import (
    MORE_FROM_START,
    Credits,
    clean_author_field,
    outlet_line_credits,
    read_credit_line,
)
from pipeline.cleaning.dateline import dateline
from pipeline.cleaning.dates import parse_date
from pipeline.stages.base import Stage

# Removed lines repeat across a site's pages (bylines, copyright notices); what one says is
# read once. The Credits are shared, so they are only read, never edited.
LINE_CACHE_SIZE = 4096
cached_credit_line = functools.lru_cache(maxsize=LINE_CACHE_SIZE)(read_credit_line)
FIELDS = ("authors", "publisher", "date")
# Rules whose lines are always read when a publisher is wanted (see lines_to_read).
READ_RULES = ("metadata:", "copyright_notice")


def settled(found: Credits, wanted: Collection[str]) -> bool:
    """Whether no later line can change the `wanted` fields of what was found so far."""
    return bool((found.authors or "authors" not in wanted)
                and (found.publisher or "publisher" not in wanted)
                and (found.date_text or "date" not in wanted))


def lines_to_read(removed: list[Removed], publisher_wanted: bool) -> list[Removed]:
    """The removed lines that can tell `text_credits` something, in page order.

    Lines removed for other reasons than metadata name an outlet at most (read_credit_line),
    and only a few of them can (credits.MORE_FROM_START): those are read only while a
    publisher is wanted. (Skipping one that names none changes nothing: it could only turn
    a publisher found as "" into None, and no reader finds "": each returns an outlet
    only when it holds a letter, which cleaning never strips.) One comprehension: a
    hundred lines are removed from a page, and a function call for each would cost more.
    """
    if not publisher_wanted:
        return [line for line in removed if line.rule.startswith("metadata:")]
    return [line for line in removed
            if line.rule.startswith(READ_RULES) or MORE_FROM_START.match(line.line)]


def text_credits(item: Article, wanted: Collection[str] = FIELDS) -> Credits:
    """Authors, publisher and date text gathered from the removed metadata lines.

    The first line that says it names authors ("By ...", a bio) gives the authors, else the
    first line of bare names (later ones are usually credits of photos or other stories);
    the first outlet and the first date likewise. Reading stops once the `wanted` fields
    are settled; the others may then be incomplete.
    """
    found, bare_names = Credits(), []
    publisher_wanted = "publisher" in wanted
    lines = lines_to_read(item.boilerplate, publisher_wanted)
    for removed in lines:
        if not removed.rule.startswith("metadata:"):
            if publisher_wanted and not found.publisher:
                found.publisher = outlet_line_credits(removed.line, removed.rule).publisher
            continue
        if settled(found, wanted):
            break
        credits = cached_credit_line(removed.line, removed.rule)
        if credits.authors and credits.cued and not found.authors:
            found.authors = list(dict.fromkeys(credits.authors))
        elif credits.authors and not bare_names:
            bare_names = list(dict.fromkeys(credits.authors))
        found.publisher = found.publisher or credits.publisher
        if not found.date_text and credits.date_text and parse_date(credits.date_text):
            found.date_text = credits.date_text
    found.authors = found.authors or bare_names
    return found


class ExtractMetadata(Stage):
    """Fill `authors`, `publisher`, `published` and `dateline`."""

    name = "metadata"

    def process_item(self, item: Article) -> Article:
        """Source fields first, then the article's own metadata lines."""
        fields = item.fields
        if not item.authors and fields.get("author"):
            item.authors = clean_author_field(fields["author"])
        item.publisher = item.publisher or (fields.get("publisher") or "").strip() or None
        if item.published is None:
            item.published = parse_date(fields.get("date", ""))
        wanted = [name for name, value in zip(
            FIELDS, (item.authors, item.publisher, item.published), strict=True) if not value]
        if wanted:
            credits = text_credits(item, wanted)
            item.authors = item.authors or credits.authors
            item.publisher = item.publisher or credits.publisher
            item.published = item.published or parse_date(credits.date_text or "")
        if item.dateline is None and item.lines:
            item.dateline = dateline(item.lines[0])
        return item
