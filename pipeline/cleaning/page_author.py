"""A page's author exactly as `trafilatura.metadata.extract_author` finds it, in one pass.

trafilatura copies the whole tree, prunes comments, dates, figures and the like from the copy
(AUTHOR_DISCARD_XPATHS), then tries three author XPaths on it (AUTHOR_XPATHS) and takes the
first match with a plausible text. Those XPaths test every element of the page with EXSLT
regular expressions, which lxml calls back into Python for: about 9 ms a page, a third of a
bare `trafilatura.extract`, for a field the HTML path must fill (issue 6 allows 1.2x).

Here one walk over the elements applies the same tests (the predicates below transcribe
trafilatura's XPaths; `TRANSCRIBED` pins the XPath text they were read from, and any other
trafilatura version gets trafilatura's own function). What pruning would remove is found on
the original tree, and only a candidate that loses some of its descendants to it is copied and
pruned, with trafilatura's own `delete_element`, to read its text. Tested against
`extract_author` on real pages and on generated ones.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import metadata as meta
from trafilatura.utils import trim
from trafilatura.xml import delete_element
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

# sha256 of the whitespace-normalised text of AUTHOR_XPATHS then AUTHOR_DISCARD_XPATHS
# (trafilatura 2.3.1), from which the predicates below were transcribed.
TRANSCRIBED = "2af94d4a6e04e948df241a9e68388d22"
AUTHOR_LENGTH_LIMIT = 120  # extract_author's len_limit

# AUTHOR_XPATHS[0]: these tags with these exact values, or a class pattern; or <author>.
SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
SPECIFIC_VALUES = (("rel", "author"), ("id", "author"), ("class", "author"),
                   ("itemprop", "author name"), ("data-testid", "AuthorCard"),
                   ("data-testid", "AuthorURL"))
SPECIFIC_CLASS = re.compile("author-?name|AuthorName|authorName")
# AUTHOR_XPATHS[1]
GENERIC_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
GENERIC_CLASSES = frozenset({"byline", "username", "byl", "BBL"})
GENERIC_ID = re.compile("author|zuozhe|bianji|xiaobian")
GENERIC_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
# AUTHOR_XPATHS[2]: any element.
ANY_ID = re.compile("[Aa]uthor")
ANY_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# AUTHOR_DISCARD_XPATHS[0] (below the root), then [1]: <time> and <figure>.
DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
DISCARD_CLASSES = frozenset({"comments", "title", "date"})
DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer")
DATED_TAGS = frozenset({"time", "figure"})


def xpaths_fingerprint() -> str:
    """A short hash of the installed trafilatura's author XPaths, to compare with TRANSCRIBED."""
    text = "\n".join(" ".join(xpath.path.split())
                     for xpath in (*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class AuthorScan:
    """One walk's findings: each author XPath's matches, and what pruning would remove."""

    matches: tuple[list[HtmlElement], ...] = field(default_factory=lambda: ([], [], []))
    discarded: list[HtmlElement] = field(default_factory=list)
    dated: list[HtmlElement] = field(default_factory=list)
    unsure: bool = False  # a case the transcription does not cover: ask trafilatura


def specific(tag: str, attrs: dict[str, str]) -> bool:
    """AUTHOR_XPATHS[0] (without `rel='me'`, which the scan hands to trafilatura)."""
    if tag == "author":
        return True
    return tag in SPECIFIC_TAGS and (
        any(attrs.get(name) == value for name, value in SPECIFIC_VALUES)
        or SPECIFIC_CLASS.search(attrs.get("class", "")) is not None)


def generic(tag: str, attrs: dict[str, str]) -> bool:
    """AUTHOR_XPATHS[1]."""
    return tag in GENERIC_TAGS and (
        attrs.get("class") in GENERIC_CLASSES or "author" in attrs.get("itemprop", "")
        or GENERIC_ID.search(attrs.get("id", "")) is not None
        or GENERIC_CLASS.search(attrs.get("class", "")) is not None)


def any_element(attrs: dict[str, str]) -> bool:
    """AUTHOR_XPATHS[2]."""
    return ("Byline" in attrs.get("data-component", "") or "author" in attrs.get("itemprop", "")
            or ANY_ID.search(attrs.get("id", "")) is not None
            or ANY_CLASS.search(attrs.get("class", "")) is not None)


def discarded(tag: str, attrs: dict[str, str]) -> bool:
    """AUTHOR_DISCARD_XPATHS[0], for an element below the root."""
    return tag in DISCARD_TAGS and (
        attrs.get("id") == "comments" or attrs.get("class") in DISCARD_CLASSES
        or DISCARD_ID.search(attrs.get("id", "")) is not None
        or DISCARD_CLASS.search(attrs.get("class", "")) is not None
        or "Figure" in attrs.get("data-component", ""))


def scan(root: HtmlElement) -> AuthorScan:
    """Walk the elements once, in document order."""
    found = AuthorScan()
    for element in root.iter(etree.Element):
        tag = element.tag
        if tag == "rel":
            # `rel='me'` compares a child element's text: rare enough to leave to trafilatura.
            found.unsure = True
            return found
        attrs = dict(element.items())
        if not attrs and tag not in DATED_TAGS and tag != "author":
            continue
        if specific(tag, attrs):
            found.matches[0].append(element)
        if generic(tag, attrs):
            found.matches[1].append(element)
        if any_element(attrs):
            found.matches[2].append(element)
        if element is not root:  # delete_element leaves the root alone
            if discarded(tag, attrs):
                found.discarded.append(element)
            elif tag in DATED_TAGS:
                found.dated.append(element)
    return found


def pruned_text(element: HtmlElement, removed: set[HtmlElement],
                deletion_order: list[HtmlElement]) -> Iterable[str]:
    """The element's text as it reads in trafilatura's pruned copy of the page."""
    if not any(node in removed for node in element.iterdescendants()):
        return element.itertext()
    copy = deepcopy(element)
    twin = dict(zip(element.iter(), copy.iter(), strict=True))
    for node in deletion_order:
        if node in twin:
            delete_element(twin[node])
    return copy.itertext()


def is_removed(element: HtmlElement, removed: set[HtmlElement]) -> bool:
    """Whether pruning takes the element away, with an ancestor or itself."""
    return element in removed or any(node in removed for node in element.iterancestors())


def page_author(tree: HtmlElement) -> str | None:
    """`trafilatura.metadata.extract_author(tree)`, for a parsed page's root."""
    if not FAST or tree.getparent() is not None:
        return meta.extract_author(tree)
    found = scan(tree)
    if found.unsure:
        return meta.extract_author(tree)
    # trafilatura deletes the first XPath's matches, then the second's left in the tree
    # (deleting one inside an already deleted section again changes nothing).
    order = found.discarded + found.dated
    removed = set(order)
    for matches in found.matches:
        for element in matches:
            if is_removed(element, removed):
                continue
            content = trim(" ".join(pruned_text(element, removed, order)))
            if content and 2 < len(content) < AUTHOR_LENGTH_LIMIT:
                return meta.normalize_authors(None, content)
    return None


FAST = xpaths_fingerprint() == TRANSCRIBED
