"""Golden encoding-repair cases, as data (ftfy's tests/test-cases/ model).

- in-the-wild.json: damage seen in real scraped text, with the repair and the fixes recorded;
- synthetic.json: constructed damage;
- negative.json: text that must come out unchanged;
- known-failures.json: damage we do not repair yet (the test fails if one starts working,
  so the file stays honest).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.stages.repair import FTFY_CONFIG, NEEDS_FTFY, RepairEncoding, ftfy_fix
from pipeline.stages.whitespace import NormaliseWhitespace

CASES = Path(__file__).parent / "cases" / "repair"


def load(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def clean(text: str) -> Article:
    item = Article(doc_id="0" * 16, source="x.txt", raw=b"", decoded=text)
    return NormaliseWhitespace().process_item(RepairEncoding().process_item(item))


def case_id(case: dict) -> str:
    return case["label"]


@pytest.mark.parametrize("case", load("in-the-wild.json") + load("synthetic.json"), ids=case_id)
def test_damaged_text_is_repaired_and_the_fix_recorded(case):
    item = clean(case["original"])
    assert "\n".join(item.lines) == case["fixed"]
    assert item.fixes == case["fixes"]


@pytest.mark.parametrize("case", load("negative.json"), ids=case_id)
def test_clean_text_is_left_alone(case):
    item = clean(case["original"])
    assert "\n".join(item.lines) == case["original"]
    assert item.fixes == []


@pytest.mark.parametrize("case", load("known-failures.json"), ids=case_id)
def test_known_failures_are_still_failures(case):
    assert "\n".join(clean(case["original"]).lines) != case["fixed"]


# Text drawn mostly from the characters the ftfy gate lets through, plus a sprinkling of
# everything else, so both sides of the gate are exercised.
GATE_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x2010, max_codepoint=0x205E),
    st.sampled_from("\t\n\r\xa0Ã©â€™\u0301\ufb01\uff21\u2028\x00\x9d"),
    st.characters(),
)


@given(st.text(GATE_ALPHABET, max_size=200))
def test_skipping_ftfy_never_changes_the_answer(text):
    import ftfy

    expected = ftfy.fix_and_explain(text, config=FTFY_CONFIG).text
    assert ftfy_fix(text)[0] == expected
    if NEEDS_FTFY.search(text) is None:
        assert expected == text or not __import__("unicodedata").is_normalized("NFC", text)


@given(st.text(max_size=300))
def test_repair_is_idempotent(text):
    once = clean(text)
    twice = clean("\n".join(once.lines))
    assert twice.lines == once.lines
