"""Golden pages: each tests/cases/pages/NAME.txt must clean to NAME.json.

The pages are written for these tests (not taken from the seeds or the evaluation sets) and
cover the layouts news text arrives in: a wire story inside a site's furniture, a blog post
with comments, a German page, a syndicated plain-text article, a hard-wrapped release and a
page full of promos. `removed` names lines that must be removed and the rule that removes
them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.article import Article
from pipeline.config import load_settings
from pipeline.itempipeline import ItemPipeline

PAGES = Path(__file__).parent / "cases" / "pages"
NAMES = sorted(p.stem for p in PAGES.glob("*.txt"))


@pytest.fixture(scope="module")
def pipeline() -> ItemPipeline:
    built = ItemPipeline.from_settings(load_settings())
    built.open()
    return built


@pytest.mark.parametrize("name", NAMES)
def test_page_cleans_to_its_golden_result(pipeline, name):
    raw = (PAGES / f"{name}.txt").read_bytes()
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    result = pipeline.process(Article(doc_id="0" * 16, source=f"{name}.txt", raw=raw))
    assert isinstance(result, Article), result
    assert result.title == expected["title"]
    assert result.text.split("\n\n") == expected["body"]
    removed = {entry.line: entry.rule for entry in result.boilerplate}
    for line, rule in expected["removed"].items():
        assert removed.get(line) == rule, line


def test_every_page_has_a_golden_result():
    assert NAMES
    assert sorted(p.stem for p in PAGES.glob("*.json")) == NAMES
