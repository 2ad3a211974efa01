"""The phrase table's literal index gives the answers of trying every rule in order.

`match_line` only tries the rules whose required strings (pipeline.cleaning.literals) occur
in the line. These tests check the required strings against the patterns themselves (every
string a pattern matches contains one), and the indexed matcher against the plain loop over
the table, on the test pages, the phrase examples and generated lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cleaning import phrases
from pipeline.cleaning.literals import minimal, required_literals
from pipeline.cleaning.phrases import RULES, match_line

CASES = Path(__file__).parent / "cases"
PHRASES = json.loads((CASES / "phrases.json").read_text("utf-8"))


def match_by_trying_every_rule(line: str, word_count: int) -> phrases.Match | None:
    """The reference: the table tried rule by rule, in order, as written."""
    if word_count > phrases.MAX_RULE_WORDS:
        return None
    if word_count <= phrases.MAX_LIST_WORDS and phrases.is_separated_list(line):
        return phrases.SEPARATED_LIST
    trimmed = phrases.trim_edges(line)
    for index, (rule, pattern) in enumerate(phrases.RULE_PATTERNS):
        if word_count > rule.max_words:
            continue
        text = line if rule.scope == "any" else trimmed
        if pattern.search(text if rule.case_sensitive else text.lower()):
            return phrases.Match(rule.category, rule.marker, index)
    return None


def assert_same_answer(line: str) -> None:
    words = len(line.split())
    assert match_line(line, words) == match_by_trying_every_rule(line, words), line


@pytest.mark.parametrize("index", range(len(RULES)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_of_a_rule_contains_one_of_its_required_strings(index, data):
    rule = RULES[index]
    required = required_literals(rule.pattern)
    assert required is not None, rule.pattern  # every rule of the table is indexed
    text = data.draw(st.from_regex(re.compile(rule.pattern), fullmatch=True))
    assert any(literal in text for literal in required), (text, sorted(required))


@pytest.mark.parametrize(("pattern", "text"), [
    (r"\bnewsletters?\b", "our newsletter"),
    (r"(?:a|an|two) (?:[a-z]+[ ,-]){1,10}[a-z]+:\s+\S", "an old man: Putin"),
    (r"(?i:reuters)", "REUTERS"),
    (r"x?", ""),
    (r"more (?:in|about) [\w &'’-]{1,30}", "more about it"),
])
def test_required_strings_never_exclude_a_match(pattern, text):
    required = required_literals(pattern)
    assert re.search(pattern, text)
    assert required is None or any(literal in text for literal in required)


def test_patterns_that_need_no_string_give_none():
    assert required_literals(r"x?") is None
    assert required_literals(r"(?i)abc") is None
    assert required_literals(r"\w+") is None
    assert required_literals(r"[^a-z]+") is None
    assert required_literals(r"[a-c]+") == {"a", "b", "c"}


def page_lines() -> list[str]:
    lines = []
    for path in sorted((CASES / "pages").glob("*.txt")):
        lines += [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    lines += [line for line, _ in PHRASES["positive"]] + PHRASES["negative"]
    return lines


def test_index_gives_the_table_order_answer_on_pages_and_examples():
    for line in page_lines():
        assert_same_answer(line)
        assert_same_answer(line.upper())
        assert_same_answer(f"• {line} |")


# Pieces of the rules' own wording, so that generated lines reach many rules, mixed with
# ordinary words, separators, digits and punctuation.
FRAGMENTS = sorted({literal for rule in RULES for literal in required_literals(rule.pattern)})
WORDS = ("the", "said", "More", "News", "Photo", "AP", "2024", "12", "Jane", "Doe", "x", "ad",
         "Reuters", "/", ":", "|", ">", "•", "(", ")", "©", "…", "ΟΔΟΣ", "İstanbul")
pieces = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(WORDS), st.text(max_size=8))


@settings(max_examples=600, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=14), st.booleans())
def test_index_gives_the_table_order_answer_on_generated_lines(parts, title_case):
    line = " ".join(parts).replace("\n", " ")
    assert_same_answer(line.title() if title_case else line)


def test_long_paragraph_with_a_required_string_is_still_judged_by_its_pattern():
    paragraph = ("The minister said the report, which cost (in total) more than expected, "
                 "would be published next week after the council meets again in Berlin.")
    assert_same_answer(paragraph)
    assert match_line(paragraph, len(paragraph.split())) is None


def plain_minimal(strings):
    """The definition: drop every string that contains another, shorter member."""
    unique = set(strings)
    return frozenset(s for s in unique if not any(o != s and o in s for o in unique))


@given(st.lists(st.text(alphabet="abc", max_size=4), max_size=30))
def test_minimal_is_its_definition(strings):
    assert minimal(strings) == plain_minimal(strings)


PROSE = ("the", "minister", "said", "on", "Monday", "that", "cookies", "we", "use", "is",
         "not", "intended", "as", "advice", "a", "man", "in", "suit:", "Putin", "for",
         "informational", "purposes", "only", "does", "constitute", "legal", "|", "•")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PROSE), st.sampled_from(FRAGMENTS)), min_size=25,
                max_size=130))
def test_index_gives_the_table_order_answer_on_long_lines(parts):
    # Lines of 61 to 120 words look their few strings up one by one (FEW_LITERALS).
    assert_same_answer(" ".join(parts))
