"""Properties of the whole cleaning pipeline, on arbitrary text and on generated pages.

- it never raises: every input becomes an article or a reject with a reason;
- it is idempotent: cleaning its own output (headline, blank line, body) changes nothing;
- it never invents words: every word it outputs was in the (encoding-repaired) input.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.article import Article, Reject
from pipeline.config import load_settings
from pipeline.itempipeline import ItemPipeline
from pipeline.stages.repair import repair_text

WORD = re.compile(r"\w+")

VOCABULARY = (
    "the of and to in a is that for on with as was by at from officials said minister talks "
    "government president city police report week year people country new first after "
    "election council budget market company workers union court judge storm river school "
    "health hospital scientists study water energy prices trade border visit meeting "
    "Monday Tuesday Moscow Berlin Lagos Lima Jakarta Smith Garcia Okafor Tanaka Novak"
).split()
BOILERPLATE = (
    "Skip to main content", "Subscribe to our newsletter", "Share on Facebook", "Advertisement",
    "Related articles", "12 comments", "© 2024 Example Media. All rights reserved.",
    "We use cookies to improve your experience.", "Read more", "Home", "Menu", "Search",
    "Privacy Policy", "By Jane Doe", "May 14, 2024", "Photo: Reuters", "Sign in",
)


def sentence(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


sentences = st.lists(st.sampled_from(VOCABULARY), min_size=6, max_size=24).map(sentence)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
headlines = st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=12).map(
    lambda ws: " ".join(w.capitalize() for w in ws))
furniture = st.lists(st.sampled_from(BOILERPLATE), max_size=8)
noise = st.text(max_size=60).map(lambda t: t.replace("\n", " "))


@st.composite
def pages(draw: st.DrawFn) -> str:
    """A page's visible text: menus, headline, byline, paragraphs with furniture, footer."""
    body = draw(st.lists(st.one_of(paragraphs, paragraphs, st.sampled_from(BOILERPLATE),
                                   noise), min_size=1, max_size=12))
    lines = [*draw(furniture), draw(headlines), *draw(furniture), *body, *draw(furniture)]
    return "\n\n".join(lines)


@pytest.fixture(scope="module")
def pipeline() -> ItemPipeline:
    built = ItemPipeline.from_settings(load_settings())
    built.open()
    return built


def clean(pipeline: ItemPipeline, text: str) -> Article | Reject:
    raw = text.encode("utf-8", "surrogatepass")
    return pipeline.process(Article(doc_id="0" * 16, source="page.txt", raw=raw))


HYPOTHESIS = settings(max_examples=60, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture])


@HYPOTHESIS
@given(st.one_of(st.text(max_size=400), pages()))
def test_cleaning_never_raises(pipeline, text):
    result = clean(pipeline, text)
    if isinstance(result, Reject):
        assert result.reason and result.stage
    else:
        assert result.text


@HYPOTHESIS
@given(pages())
def test_cleaning_its_own_output_changes_nothing(pipeline, text):
    first = clean(pipeline, text)
    if isinstance(first, Reject):
        return
    again = clean(pipeline, f"{first.title}\n\n{first.text}" if first.title else first.text)
    assert isinstance(again, Article)
    assert (again.title, again.text) == (first.title, first.text)


@HYPOTHESIS
@given(st.one_of(st.text(max_size=400), pages()))
def test_cleaning_never_invents_words(pipeline, text):
    result = clean(pipeline, text)
    if isinstance(result, Reject):
        return
    repaired_words = set(WORD.findall(repair_text(text)[0]))
    output_words = set(WORD.findall(f"{result.title or ''} {result.text}"))
    assert output_words <= repaired_words
