"""Golden encoding-repair cases, as data (ftfy's tests/test-cases/ model).

- in-the-wild.json: damage seen in real scraped text, with the repair and the fixes recorded;
- synthetic.json: constructed damage;
- negative.json: text that must come out unchanged;
- known-failures.json: damage we do not repair yet (the test fails if one starts working,
  so the file stays honest).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from ftfy.badness import BADNESS_RE, is_bad
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.cleaning.ftfy_gate import (
    class_characters,
    may_be_mojibake,
    needs_ftfy,
    suspect_lines,
)
from pipeline.cleaning.literals import required_literals
from pipeline.stages.repair import FTFY_CONFIG, RepairEncoding, ftfy_fix
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


def assert_gate_is_exact(text: str) -> None:
    """Where the gate says ftfy is not needed, ftfy changes and explains nothing."""
    import ftfy

    fixed = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
    assert ftfy_fix(text)[0] == fixed.text
    if not needs_ftfy(text):
        assert (fixed.text, fixed.explanation) == (text, []), text
    assert may_be_mojibake(text) == is_bad(text), text
    suspects = set(suspect_lines(text))
    for i, line in enumerate(text.split("\n")):
        assert i in suspects or not needs_ftfy(line), (text, i)


@given(st.text(GATE_ALPHABET, max_size=200))
def test_skipping_ftfy_never_changes_the_answer(text):
    assert_gate_is_exact(text)


# Realistic news text in many scripts: words with their accents and capitals, the
# typography news keeps (curly quotes, guillemets, dashes, bullets, currency, degrees,
# fractions), and the same words as mojibake (UTF-8 read as a legacy code page).
WORDS = (
    "été État À l’école où naïve garçon cœur Œuvre « Bonjour » déjà Ça "
    "Straße Größe Übung müssen Äpfel Öl "
    "año niño ¿Qué? ¡Olé! corazón "
    "ação São Paulo não coração "
    "łódź Żółć Śląsk źdźbło "
    "příliš žluťoučký kůň Čeština "
    "İstanbul ğüşöç Ğ "
    "Москва Россия В году «Газпром» Сергей "
    "Αθήνα ΕΛΛΑΔΑ Ο Γιώργος "
    "北京 東京 서울 "
    "said the “quoted” ‘word’ — – … • © ® ™ € £ ¥ ° ½ ² № 12 3.5 % (AP) / | >"
).split()
CODE_PAGES = ("cp1252", "latin-1", "cp1251", "mac_roman", "cp1253", "cp1257", "cp437")


@st.composite
def mojibake(draw: st.DrawFn) -> str:
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
    return words.encode("utf-8").decode(draw(st.sampled_from(CODE_PAGES)), errors="replace")


news_pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), mojibake(),
                        st.characters(), st.sampled_from(" ,.;:!?\"'()-\n\xa0"))


@settings(max_examples=400, deadline=None)
@given(st.lists(news_pieces, max_size=40).map(" ".join))
def test_ftfy_gate_is_exact_on_realistic_text(text):
    assert_gate_is_exact(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(news_pieces, max_size=6).map(" ".join), st.from_regex(BADNESS_RE),
       st.lists(news_pieces, max_size=6).map(" ".join))
def test_every_kind_of_mojibake_sequence_is_found_near_its_hint(before, bad, after):
    # Strings of ftfy's own badness pattern, inside other text: the windowed search must
    # find each one wherever its hint character sits in it.
    assert_gate_is_exact(before + bad + after)
    assert_gate_is_exact(bad)


SCRIPTS = (
    "été l’école où naïve garçon cœur déjà Ça près très Élysée À",
    "Straße Größe Übung müssen Äpfel Öl für",
    "año niño qué corazón también Águila",
    "łódź żółć źdźbło będzie Świat",
    "Москва Россия году Сергей сообщил Газпром В",
    "Αθήνα Γιώργος είναι και Ελλάδα",
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SCRIPTS).flatmap(
    lambda words: st.lists(st.sampled_from(words.split()), min_size=5, max_size=80)),
    st.sampled_from((" ", ", ", ". ")))
def test_valid_text_in_one_script_needs_no_ftfy(words, separator):
    # The point of the gate: such lines never reach ftfy, whose badness check alone costs
    # more than the rest of the repair stage.
    text = separator.join(words)
    assert_gate_is_exact(text)
    assert not needs_ftfy(text)


def test_gate_sends_mojibake_and_control_characters_to_ftfy():
    assert needs_ftfy("The cafÃ© was closed")
    assert needs_ftfy("Beyonc\u00c3\u00a9")
    assert needs_ftfy("ligature \ufb01nal")
    assert needs_ftfy("bell\x07")
    assert needs_ftfy("e\u0301")  # not NFC
    assert not needs_ftfy("Le café « était » fermé — déjà, à l’école.")
    assert not needs_ftfy("В Москве «Газпром» сообщил")


@given(st.text(max_size=300))
# Found by hypothesis on an earlier tree: a no-break space, then mojibake of a C1 control.
@example("\xa0\u00dc\x86")
def test_repair_is_idempotent(text):
    once = clean(text)
    twice = clean("\n".join(once.lines))
    assert twice.lines == once.lines


@pytest.mark.parametrize("pattern", [r"[\x80-\x9f]", "[\ud800-\udfff]", "[abc-f]", r"\x1b\[", r"[^a]",
                                     r"[\d]", "a|b"])
def test_class_characters_are_the_classes_required_strings(pattern):
    found = class_characters(pattern, 0)
    required = required_literals(pattern, 0)
    if found is not None:
        assert required is not None
        assert found == {string[0] for string in required} and all(map(len, required))
    else:
        assert pattern in (r"\x1b\[", r"[^a]", r"[\d]", "a|b")


def badness_line(text: str, hint: int) -> int | None:
    """The number of the line holding the hint at place `hint`, if a badness match is near.

    (The reference for hinted_suspects, which counts lines on from its last suspect.)
    """
    from pipeline.cleaning.ftfy_gate import BADNESS_BY_LINE, REACH

    line_start = text.rfind("\n", 0, hint) + 1
    line_end = text.find("\n", hint + 1)
    line_end = len(text) if line_end < 0 else line_end
    start, end = max(line_start, hint - REACH), min(line_end, hint + 1 + REACH)
    if BADNESS_BY_LINE.search(text, start, end):
        return text.count("\n", 0, line_start)
    return None


def scanned_suspect_lines(text: str) -> list[int]:
    """The reference: suspect_lines as one regular-expression scan of the text.

    (As it was before the code units' flags and the TYPOGRAPHIC shortcut.)
    """
    from pipeline.cleaning.ftfy_gate import ATTENTION, FIXER_SET

    every_line = list(range(text.count("\n") + 1))
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return every_line
    suspects: list[int] = []
    for found in ATTENTION.finditer(text):
        if found.group() in FIXER_SET:
            return every_line
        line = badness_line(text, found.start())
        if line is not None and (not suspects or suspects[-1] != line):
            suspects.append(line)
    return suspects


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(GATE_ALPHABET, max_size=200),
                 st.lists(news_pieces, max_size=40).map(" ".join),
                 st.tuples(st.lists(news_pieces, max_size=6).map(" ".join),
                           st.from_regex(BADNESS_RE)).map("\n".join),
                 st.lists(st.lists(st.one_of(news_pieces, st.from_regex(BADNESS_RE)),
                                   max_size=6).map(" ".join), max_size=6).map("\n".join)))
@example("a\ud800b “c” é")   # a lone surrogate (ftfy fixes it)
@example("x 😀 “Ã ” é\ncafÃ© ©")   # past the BMP
@example("cafÃ© Ã© “x”\nplain “y” é\n\nÃ© again Ã©\nlast cafÃ©")   # hints sharing lines
def test_suspect_lines_are_those_of_the_plain_scan(text):
    assert list(suspect_lines(text)) == scanned_suspect_lines(text)
    for line in text.split("\n"):
        assert needs_ftfy(line) == needs_ftfy_by_scan(line), line


def needs_ftfy_by_scan(line: str) -> bool:
    """The reference: needs_ftfy as it was, before the code units' flags."""
    from pipeline.cleaning.ftfy_gate import FIXER_CHARACTERS

    if FIXER_CHARACTERS.search(line):
        return True
    if line.isascii():
        return False
    return not unicodedata.is_normalized("NFC", line) or may_be_mojibake(line)


def settled_fix_in_full(line: str) -> tuple[str, list[str]]:
    """The reference: settled_fix without its shortcut for lines nothing would change."""
    from pipeline.stages.repair import settle

    return settle(*ftfy_fix(line))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(GATE_ALPHABET, max_size=60),
                 st.lists(news_pieces, max_size=8).map(" ".join)))
@example("\xa0Ü\x86")
@example("ð\t\x80\x81")
def test_settled_fix_shortcut_changes_nothing(line):
    from pipeline.stages.repair import settled_fix

    assert settled_fix(line) == settled_fix_in_full(line)


def test_typographic_hints_are_skipped_only_when_proven_safe():
    from pipeline.cleaning.ftfy_gate import TYPOGRAPHIC, typographic_characters

    assert {"“", "”", "’", "—"} <= TYPOGRAPHIC   # badness needs more than these and ASCII
    assert typographic_characters("“”Ã") == frozenset()   # "Ã " alone is mojibake
    assert typographic_characters("”€") == frozenset()    # and so can "x”€" be


def test_characters_flagged_nfc_safe_never_end_a_canonical_composition():
    # UNIT_FLAGS calls a text of characters below U+0300 and TYPOGRAPHIC ones NFC without
    # asking: none of them may compose with a character before it.
    from pipeline.cleaning.ftfy_gate import TYPOGRAPHIC

    safe = {chr(point) for point in range(0x300)} | TYPOGRAPHIC
    for point in range(0x110000):
        decomposition = unicodedata.decomposition(chr(point)).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            assert chr(int(decomposition[1], 16)) not in safe, hex(point)


def test_gate_characters_from_the_disk_cache_are_the_derived_ones():
    from pipeline.cleaning import ftfy_gate

    derived = ftfy_gate.derive_characters()
    assert ftfy_gate.derived_characters() == derived   # built and stored, or read back
    assert ftfy_gate.derived_characters() == derived   # read back
    assert derived == (ftfy_gate.FIXER_SET, ftfy_gate.HINT_SET, ftfy_gate.TYPOGRAPHIC)
