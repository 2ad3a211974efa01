"""The phrase matcher's extra required strings only skip rules that cannot match.

`phrases.RULE_CHECKED_LITERALS` holds, for some rules, sets of strings (literals.
required_literal_sets) the lower-cased line must hold one of each of before the rule's
pattern is tried. Every string a rule's pattern matches holds them; and match_line with the
checks gives the answer of trying every rule in order.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_phrase_index import match_by_trying_every_rule

from pipeline.cleaning.literals import required_literal_sets
from pipeline.cleaning.phrases import RULE_CHECKED_LITERALS, RULES, match_line

CHECKED = [index for index, checked in enumerate(RULE_CHECKED_LITERALS) if checked]


def test_some_rules_have_checked_strings():
    assert len(CHECKED) >= 4
    assert required_literal_sets(r"(?i)abc") == []
    assert required_literal_sets(r"(?:ab|cd)x*ef") == [
        frozenset({"ab", "cd"}), frozenset("e"), frozenset("f")]


@pytest.mark.parametrize("index", CHECKED)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_match_of_a_rule_holds_its_checked_strings(index, data):
    text = data.draw(st.from_regex(re.compile(RULES[index].pattern), fullmatch=True))
    lowered = text.lower()
    for strings in RULE_CHECKED_LITERALS[index]:
        assert any(string in lowered for string in strings), (text, sorted(strings))


PIECES = st.one_of(
    st.sampled_from(["https://", "http://x.com/a", "www.", "www.casino.example", "casino",
                     "Bitcoin", "crypto", "cryptocurrency", "loans", "essay", "investing",
                     "promo code", "seo", "newsletter", "Subscribe", "sign up", "inbox",
                     "by continuing", "you agree", "cookies", "this article", "may not be",
                     "published", "reproduced", "for the best", "experience", "leave a",
                     "comments", "Read", "2 comments", "the best", "a better"]),
    st.sampled_from([" ", "  ", "/", ".", ":", ",", "|", "©", "İ", "Σ", "ς", "ſ", "K", "é"]),
    st.characters())
LINES = st.lists(PIECES, max_size=25).map(
    lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))


@settings(max_examples=3000, deadline=None)
@given(LINES)
def test_match_line_is_trying_every_rule(line):
    words = len(line.split())
    assert match_line(line, words) == match_by_trying_every_rule(line, words), line
