"""HTML pages to article text with trafilatura; the text then goes through the text stages.

trafilatura finds the main content; its metadata functions find the title, author, date, site
name and canonical URL. The text still carries lines our line cleaning removes (teasers,
captions, promos, a repeated headline), so it is not the end of the path.

Four choices keep this path near the cost of a bare `trafilatura.extract` (issue 6); the
README ("HTML pages") has their WCXB scores:

- The page is parsed once; the metadata and the text both come from that tree.
- The author is found as `trafilatura.metadata.extract_author` finds it, in one walk over the
  elements instead of its XPaths with regular expressions (cleaning/page_author.py).
- Only the metadata we store is looked up. `trafilatura.extract_metadata` also collects
  categories, tags, licence and host name (about a third of its time), and its date search
  runs htmldate's extensive mode, which hands free text to dateparser (most of the rest).
  `page_metadata` calls the same trafilatura functions in the same order for the fields we
  keep, with htmldate's fast date search; HTML_EXTENSIVE_DATE_SEARCH adds the extensive search
  for pages where the fast one finds nothing (more dates right, about 30 ms on such a page).
- trafilatura favours recall: our line stages remove what it lets through, and on a page
  with plenty of text it then skips its readability and jusText second opinion.

trafilatura (with courlan, htmldate and urllib3) takes 0.06 s of CPU to import even after
the other stages, and a dump of text files never needs it: it is imported with the first
page (the functions below import it where they use it), or by `load_extractor` before a
multi-worker run forks, when the dump may hold pages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

from pipeline.article import HTML, Article
from pipeline.config import Settings
from pipeline.errors import NoText
from pipeline.stages.base import Stage

if TYPE_CHECKING:
    from lxml.html import HtmlElement
    from trafilatura.settings import Document

# trafilatura's metadata names -> our field names (a source's own fields win).
METADATA_FIELDS = {"title": "title", "author": "author", "date": "date",
                   "sitename": "publisher"}


def load_extractor() -> None:
    """Import trafilatura and the author lookup now, rather than with the first page.

    A multi-worker run calls this before Luigi forks its workers (when the dump may hold
    pages), so that each task's process does not import them again.
    """
    import trafilatura  # noqa: F401, PLC0415

    import pipeline.cleaning.page_author  # noqa: F401, PLC0415  (imports trafilatura too)


def date_params(url: str | None, extensive: bool) -> dict[str, object]:
    """htmldate's settings as trafilatura passes them."""
    return {"url": url, "original_date": True, "extensive_search": extensive,
            "max_date": dt.date.today().isoformat()}


def page_metadata(tree: HtmlElement, url: str | None, extensive_dates: bool) -> Document:
    """Title, author, URL, date and site name, as `trafilatura.extract_metadata` finds them."""
    # Deferred imports (see the module docstring); the author lookup imports trafilatura too.
    from trafilatura import metadata as meta  # noqa: PLC0415

    from pipeline.cleaning.page_author import page_author  # noqa: PLC0415

    found = meta.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # trafilatura's rule: a one-word meta author is a handle
    # trafilatura guards its JSON-LD reader the same way: malformed JSON-LD must not fail a page.
    with contextlib.suppress(Exception):
        found = meta.extract_meta_json(tree, found)
    found.title = found.title or meta.extract_title(tree)
    found.author = found.author or page_author(tree)
    found.url = found.url or meta.extract_url(tree, url)
    found.date = meta.find_date(tree, **date_params(found.url, False))
    if found.date is None and extensive_dates:
        found.date = meta.find_date(tree, **date_params(found.url, True))
    found.sitename = site_name(tree, found)
    found.clean_and_trim()  # trafilatura's last step: entities, spaces, length
    return found


def site_name(tree: HtmlElement, found: Document) -> str | None:
    """The site's name from the page, else the URL's host (trafilatura's rules)."""
    from trafilatura import metadata as meta  # noqa: PLC0415  (deferred: module docstring)

    name = (found.sitename or meta.extract_sitename(tree) or "").lstrip("@")
    if name:
        return name if "." in name or name[0].isupper() else name.title()
    host = meta.META_URL.match(found.url or "")
    return host[1] if host else None


def extract(html: str, url: str | None,
            extensive_dates: bool) -> tuple[Document, Document] | None:
    """The page's main text (comments left out) and its metadata, from one parse."""
    # Deferred imports: see the module docstring.
    import trafilatura  # noqa: PLC0415
    from trafilatura.utils import load_html  # noqa: PLC0415

    tree = load_html(html)
    if tree is None:
        return None
    found = page_metadata(tree, url, extensive_dates)
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=False, favor_recall=True,
                                           include_comments=False, include_tables=True)
    return (document, found) if document is not None else None


class ExtractHtml(Stage):
    """Replace a page's HTML with its main text; fill title, author, date, site and URL."""

    name = "html"

    def __init__(self, extensive_dates: bool = False) -> None:
        self.extensive_dates = extensive_dates

    @classmethod
    def from_settings(cls, settings: Settings) -> ExtractHtml:
        """Reads HTML_EXTENSIVE_DATE_SEARCH."""
        return cls(extensive_dates=settings.getbool("HTML_EXTENSIVE_DATE_SEARCH"))

    def process_item(self, item: Article) -> Article:
        """Extract pages; plain-text records pass through untouched."""
        if item.media != HTML:
            return item
        extracted = extract(item.decoded or "", item.url, self.extensive_dates)
        if extracted is None or not (extracted[0].text or "").strip():
            raise NoText("trafilatura found no main text in the page")
        document, found = extracted
        item.decoded = document.text
        for source_name, field_name in METADATA_FIELDS.items():
            value = getattr(found, source_name, None)
            if value and not item.fields.get(field_name):
                item.fields[field_name] = str(value)
        item.url = item.url or found.url
        return item
