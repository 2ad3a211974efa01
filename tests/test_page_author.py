"""`page_author` finds exactly the author `trafilatura.metadata.extract_author` finds.

The one-pass version transcribes trafilatura's author XPaths into Python tests and emulates
its pruning (pipeline/cleaning/page_author.py). Compared here on real pages and on generated
pages built from the values those XPaths look for, nested in the ways pruning cares about
(candidates inside pruned sections, pruned sections inside candidates, tails in between).
"""

from __future__ import annotations

from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_html_metadata_lean import WCXB, wcxb_pages
from trafilatura import metadata as meta
from trafilatura.utils import load_html

from pipeline.cleaning import page_author as module
from pipeline.cleaning.page_author import page_author

TAGS = ["a", "div", "span", "p", "section", "time", "figure", "author", "h3", "h4", "strong",
        "address", "b", "li"]
ATTRIBUTES = ["class", "id", "rel", "itemprop", "data-testid", "data-component"]
# Every literal trafilatura's author and discard XPaths look for, and near misses.
VALUES = ["author", "Author", "author-name", "authorname", "AuthorName", "authorName",
          "author name", "byline", "Byline", "byl", "BBL", "username", "screenname", "writer",
          "channel-name", "submitted-by", "posted-by", "journalist-name", "zuozhe", "bianji",
          "xiaobian", "AuthorCard", "AuthorURL", "comments", "Comments", "x comments",
          "commentlist", "comment-list", "comments-list", "ProductReviews", "sidebar", "title",
          "date", "quote", "print", "category", "meta-date", "meta-reviewer", "article-share",
          "article-support", "embedly-instagram", "is-hidden", "Figure", "BylineBlock", "me",
          "x", "Byl", "bbl", "Username", "Title", "comments-area", "comments_box"]
TEXTS = ["", " ", "By ", "Jane Doe", "Jo", "hn", "Smith, Reuters", "x", "\n  ", "a" * 130,
         "http://example.com/jane", "jane@example.com", "Jane Doe and Tom Roe", "2024-05-01"]


def attribute_values() -> st.SearchStrategy[str]:
    """An attribute value: one of the looked-for values, maybe with a prefix or suffix."""
    return st.builds(lambda before, value, after: before + value + after,
                     st.sampled_from(["", "x ", "main-"]), st.sampled_from(VALUES),
                     st.sampled_from(["", " y", "-box"]))


def element_html(tag: str, attrs: dict[str, str], text: str, kids: list[str],
                 tail: str) -> str:
    """One element's HTML."""
    attributes = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
    return f"<{tag}{attributes}>{escape(text)}{''.join(kids)}</{tag}>{escape(tail)}"


def elements(depth: int) -> st.SearchStrategy[str]:
    """HTML for one element with attributes, text, children and a tail."""
    children = st.lists(elements(depth - 1), max_size=3) if depth else st.just([])
    return st.builds(
        element_html,
        st.sampled_from(TAGS), st.dictionaries(st.sampled_from(ATTRIBUTES), attribute_values(),
                                               max_size=2),
        st.sampled_from(TEXTS), children, st.sampled_from(TEXTS))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(elements(3), min_size=1, max_size=4))
def test_generated_pages_give_trafilaturas_author(body):
    html = f"<html><head><title>t</title></head><body>{''.join(body)}</body></html>"
    assert page_author(load_html(html)) == meta.extract_author(load_html(html))


def differences(pages: list[str]) -> list[tuple[str, str | None, str | None]]:
    """(page, ours, trafilatura's) wherever the two authors differ."""
    found = []
    for html in pages:
        ours, theirs = page_author(load_html(html)), meta.extract_author(load_html(html))
        if ours != theirs:
            found.append((html, ours, theirs))
    return found


def every_element(inner: str) -> list[str]:
    """One element of every tag with every attribute and looked-for value, around `inner`."""
    return [f'<{tag} {name}="{value}">{inner}</{tag}>'
            for tag in TAGS for name in ATTRIBUTES for value in VALUES]


def test_every_author_clause():
    pages = [f"<html><body><p>x</p>{element}</body></html>"
             for element in every_element("Jane Doe")]
    assert differences(pages) == []


def test_every_pruning_clause_inside_a_candidate():
    pages = [f'<html><body><p class="byline">Jane {element}Doe</p></body></html>'
             for element in every_element("x")]
    assert differences(pages) == []


@pytest.mark.parametrize("html", [
    # A candidate whose date is pruned: the tail joins the text without a space.
    '<html><body><div class="byline">Jo<time>1 May</time>hn Smith</div></body></html>',
    # The first candidate sits in a pruned comments section; the second counts.
    '<html><body><div id="comments"><span class="author">Commenter Name</span></div>'
    '<p class="byline">Jane Doe</p></body></html>',
    # A figure inside a pruned section is not deleted again.
    '<html><body><section class="sidebar"><figure>x</figure></section>'
    '<span class="author-name">Tom <figure>credit</figure>Roe</span></body></html>',
    # `rel='me'` is left to trafilatura.
    '<html><body><a><rel>me</rel>Jane Doe</a></body></html>',
    '<html><body><author>Jane Doe</author></body></html>',
])
def test_pruning_cases(html):
    assert page_author(load_html(html)) == meta.extract_author(load_html(html))


@pytest.mark.skipif(not WCXB.exists(), reason="../shared is not beside the project")
def test_real_pages_give_trafilaturas_author():
    pages = [load_html(html) for html, _ in wcxb_pages(150)]
    found = [page_author(tree) for tree in pages]
    assert found == [meta.extract_author(tree) for tree in pages]
    assert sum(author is not None for author in found) > 30, "too few authors to compare"


def test_transcription_matches_the_installed_trafilatura():
    """A trafilatura upgrade that changes its author XPaths must be transcribed again."""
    assert module.xpaths_fingerprint() == module.TRANSCRIBED
    assert module.FAST


def test_other_trafilatura_versions_get_trafilaturas_own_function(monkeypatch):
    monkeypatch.setattr(module, "FAST", False)
    calls = []
    monkeypatch.setattr(module.meta, "extract_author", lambda tree: calls.append(tree) or "X")
    assert page_author(load_html("<html><body><p>x</p></body></html>")) == "X"
    assert len(calls) == 1
