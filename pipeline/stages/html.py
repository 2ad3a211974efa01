"""HTML pages to article text with trafilatura; the text then goes through the text stages.

trafilatura finds the main content and the page's metadata (title, author, date, site name,
canonical URL). Its text still carries lines our line cleaning removes (teasers, captions,
promos, a repeated headline), so it is not the end of the path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.article import HTML, Article
from pipeline.errors import NoText
from pipeline.stages.base import Stage

if TYPE_CHECKING:
    import trafilatura

# trafilatura's metadata names -> our field names (a source's own fields win).
METADATA_FIELDS = {"title": "title", "author": "author", "date": "date",
                   "sitename": "publisher"}


def extract(html: str, url: str | None) -> trafilatura.settings.Document | None:
    """trafilatura's main text and metadata for a page (comments left out).

    trafilatura is imported at the first page, not with the stage: it takes a few tenths of
    a second, and dumps of plain text and feed text never need it.
    """
    import trafilatura  # noqa: PLC0415 - deferred: only pages need it

    return trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                       include_comments=False, include_tables=True)


class ExtractHtml(Stage):
    """Replace a page's HTML with its main text; fill title, author, date, site and URL."""

    name = "html"

    def process_item(self, item: Article) -> Article:
        """Extract pages; plain-text records pass through untouched."""
        if item.media != HTML:
            return item
        document = extract(item.decoded or "", item.url)
        if document is None or not (document.text or "").strip():
            raise NoText("trafilatura found no main text in the page")
        item.decoded = document.text
        for source_name, field_name in METADATA_FIELDS.items():
            value = getattr(document, source_name, None)
            if value and not item.fields.get(field_name):
                item.fields[field_name] = str(value)
        item.url = item.url or document.url
        return item
