"""Authors, publisher, publication date and dateline, from the source and from the text.

What the source names (a feed's fields, trafilatura's page metadata) comes first: it was
written for machines. Otherwise the facts come from the metadata lines the boilerplate stage
took out of the body (bylines, date lines, credits, copyright notices), read in page order,
so the line nearest the top of the article wins. The dateline is read from the first
paragraph, where news style puts it.
"""

from __future__ import annotations

from pipeline.article import Article
from pipeline.cleaning.credits import Credits, clean_author_field, read_credit_line
from pipeline.cleaning.dateline import dateline
from pipeline.cleaning.dates import parse_date
from pipeline.stages.base import Stage


def text_credits(item: Article) -> Credits:
    """Authors, publisher and date text gathered from the removed metadata lines.

    The first line that says it names authors ("By ...", a bio) gives the authors, else the
    first line of bare names (later ones are usually credits of photos or other stories);
    the first outlet and the first date likewise.
    """
    found, bare_names = Credits(), []
    for removed in item.boilerplate:
        credits = read_credit_line(removed.line, removed.rule)
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
        if not (item.authors and item.publisher and item.published):
            credits = text_credits(item)
            item.authors = item.authors or credits.authors
            item.publisher = item.publisher or credits.publisher
            item.published = item.published or parse_date(credits.date_text or "")
        if item.dateline is None and item.lines:
            item.dateline = dateline(item.lines[0])
        return item
