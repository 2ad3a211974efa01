"""The repair stage's fast paths give what ftfy, and the plain repair they replaced, give."""

from __future__ import annotations

import ftfy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.cleaning.characters import remove_invisible
from pipeline.cleaning.entities import MAX_PASSES, _repair_once, repair_entities
from pipeline.cleaning.ftfy_gate import (
    UNUSUAL_BIT,
    WHITESPACE_END,
    code_unit_flags,
    needs_ftfy,
    suspect_lines,
)
from pipeline.stages.repair import (
    FTFY_CONFIG,
    MAX_FTFY_PASSES,
    fix_and_explain,
    fix_encoding,
    fix_name,
    ftfy_fix,
    repair_text,
    settle,
)


def reference_ftfy_fix(text: str) -> tuple[str, list[str]]:
    """ftfy_fix as it was: ftfy's own fix_and_explain, re-applied until nothing changes."""
    names: list[str] = []
    for _ in range(MAX_FTFY_PASSES):
        if not needs_ftfy(text):
            break
        fixed = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
        names.extend(fix_name(step) for step in fixed.explanation or ())
        if fixed.text == text:
            break
        text = fixed.text
    return text, list(dict.fromkeys(names))


def reference_repair_text(text: str) -> tuple[str, list[str]]:
    """repair_text as it was: every suspect line (every line, with a fixer's character)."""
    text, fixes = repair_entities(text)
    if code_unit_flags(text) & UNUSUAL_BIT:
        text, removed = remove_invisible(text)
        if removed:
            fixes.append("invisible_characters")
    lines = text.split("\n")
    for i in suspect_lines(text):
        fixed, names = reference_ftfy_fix(lines[i])
        if not (fixed == lines[i] and not names and " ".join(lines[i].split()) == lines[i]):
            fixed, names = settle(fixed, names)
        lines[i] = fixed
        fixes.extend(fix for fix in names if fix not in fixes)
    return "\n".join(lines), fixes


WORDS = ("été l’école où naïve garçon cœur déjà Straße Größe Москва Αθήνα 北京 “quoted” — … © "
         "€ ° ½ said the cafe 😀 🇫🇷").split()
CODE_PAGES = ("cp1252", "latin-1", "cp1251", "mac_roman", "cp437")


@st.composite
def mojibake(draw: st.DrawFn) -> str:
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
    return words.encode("utf-8").decode(draw(st.sampled_from(CODE_PAGES)), errors="replace")


# Fixers' characters (C1 controls, ligatures, full width, controls, escapes, surrogates), odd
# spacing, combining marks and mojibake, among ordinary words.
SPECIAL = st.sampled_from(["\x80", "\x93", "\x9d", "\ufb01", "\uff21", "\x07", "\x1b[31m", "\ud800",
                           "\t", "\xa0", "  ", " ", "\u2028", "\r", "\u3000", "e\u0301", "\x85",
                           "Ã©", "â€™", "Ã\xa0", "Ã\u2003", "\u200b", "&amp;", "\ufeff", "\x0c"])
PIECES = st.one_of(st.sampled_from(WORDS), mojibake(), SPECIAL, st.characters(),
                   st.sampled_from(" ,.\n"))
TEXTS = st.one_of(st.lists(PIECES, max_size=30).map(" ".join),
                  st.lists(PIECES, max_size=30).map("".join),
                  st.text(max_size=80))


@settings(max_examples=600, deadline=None)
@given(TEXTS)
@example("â€™ \x80 caf\u00c3\u00a9\nplain\n\xa0\u00dc\x86")
def test_fix_and_explain_is_ftfys(text):
    fixed, steps, settled = fix_and_explain(text)
    expected = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
    assert (fixed, steps) == (expected.text, expected.explanation)
    if settled:
        assert ftfy.fix_and_explain(fixed, config=FTFY_CONFIG) == (fixed, [])


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_fix_encoding_is_ftfys(text):
    steps: list = []
    fixed = fix_encoding(text, steps)
    assert (fixed, steps) == tuple(ftfy.fix_encoding_and_explain(text, config=FTFY_CONFIG))


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_ftfy_fix_is_the_plain_one(text):
    assert ftfy_fix(text) == reference_ftfy_fix(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(TEXTS, max_size=8).map("\n".join))
@example("caf\x80 x\nplain line\n\xa0\u00dc\x86\n  two  spaces \nÃ©t\u2003é")
@example("😀 \x93 x\nÃ\u2003\nok")
@example("e\u0301\n\x80")
@example("caf\x80\nÃ\u2003x")   # not mojibake until the whitespace stage folds its em space
def test_repair_text_is_the_plain_one(text):
    assert repair_text(text) == reference_repair_text(text)


def test_every_whitespace_character_lies_below_whitespace_end():
    assert not any(chr(point).isspace() for point in range(WHITESPACE_END, 0x110000))


def reference_repair_entities(text: str) -> tuple[str, list[str]]:
    """repair_entities as it was: a pass whenever the text holds an ampersand."""
    fixes: list[str] = []
    for _ in range(MAX_PASSES):
        if "&" not in text:
            break
        decoded, found = _repair_once(text)
        fixes.extend(fix for fix in found if fix not in fixes)
        if decoded == text:
            break
        text = decoded
    return text, fixes


ENTITY_PIECES = st.one_of(
    st.sampled_from(["&", "& ", "&#", "& #", "&# ", "&#x", "&#X ", "&amp;", "&amp", "amp;",
                     "&nbsp", "&quot;", "#", "171", "8217", "AB", ";", " ", "\t", "\u2003",
                     "\n", "R&D", "AT&T", "&notice", "&9", "&eacute;", "x", "&\xa0#"]),
    st.characters())


@settings(max_examples=1000, deadline=None)
@given(st.lists(ENTITY_PIECES, max_size=12).map("".join))
@example("&# 171;")
@example("&amp;amp;#8217;")
@example("& \t#x AB ;")
def test_repair_entities_is_the_plain_one(text):
    from pipeline.cleaning.entities import repair_entities

    assert repair_entities(text) == reference_repair_entities(text)
