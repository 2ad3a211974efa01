"""The phrase table: every rule recognises its examples; ordinary text is left alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cleaning.phrases import RULES, SEPARATED_LIST_RULE, match_line

CASES = json.loads((Path(__file__).parent / "cases" / "phrases.json").read_text("utf-8"))


def matched(line: str):
    return match_line(line, len(line.split()))


@pytest.mark.parametrize(("line", "category"), CASES["positive"])
def test_boilerplate_line_is_recognised_as_its_category(line, category):
    found = matched(line)
    assert found is not None, line
    assert found.category == category


@pytest.mark.parametrize("line", CASES["negative"])
def test_article_text_is_not_matched(line):
    assert matched(line) is None


def test_every_rule_has_an_example_that_reaches_it():
    """A rule that no example reaches is untested or shadowed by an earlier rule."""
    reached = {matched(line).rule for line, _ in CASES["positive"] if matched(line)}
    missing = [(i, rule.category, rule.pattern[:60]) for i, rule in enumerate(RULES)
               if i not in reached]
    assert not missing
    assert SEPARATED_LIST_RULE in reached


def test_word_limits_keep_long_paragraphs():
    paragraph = ("Subscribe to the idea that cities can change: " + "the council voted " * 20)
    assert matched(paragraph) is None
