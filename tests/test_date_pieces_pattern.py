"""The fast date patterns and functions of metadata_lines give the original answers.

The originals (the patterns as first written, the functions as they were) are kept here as
the reference; each fast version is compared with them on generated text crowded with dates,
digits, month and weekday names, time zones, punctuation and the characters that fold oddly.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning import metadata_lines
from pipeline.cleaning.lines import is_latin1
from pipeline.cleaning.metadata_lines import (
    DATE_PIECES,
    DATE_PIECES_LOWER,
    FOLDS_APART,
    date_pieces,
    holds_calendar_date,
    is_date_line,
    may_hold_date,
)

ORIGINAL_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
                   r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
ORIGINAL_WEEKDAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
ORIGINAL_DATE_PIECES = (
    r"\b\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    rf"|\b{ORIGINAL_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{ORIGINAL_MONTHS}\s+\d{{4}}"
    rf"|\b{ORIGINAL_MONTHS}\s+\d{{4}}\b|\b{ORIGINAL_MONTHS}\s+\d{{1,2}}\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:gmt|utc|[ecmp][sd]?t|bst|cet|cest|ist|jst|aest)\b"
    rf"|\b{ORIGINAL_WEEKDAYS}(?=[\s,])"
    r"|\b\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b"
    r"|\b(?:updated|published|posted|last (?:updated|modified)|first published|date)\b:?"
    r"|\(beijing time\)|\bet\b")
ORIGINAL_CASE_SENSITIVE = re.compile(ORIGINAL_DATE_PIECES)
ORIGINAL_INSENSITIVE = re.compile(ORIGINAL_DATE_PIECES, re.IGNORECASE)


def reference_date_pieces(line):
    """date_pieces as it was: the lowered line's matches when Latin-1, else the line's."""
    if not may_hold_date(line):
        return []
    if is_latin1(line):
        return ORIGINAL_CASE_SENSITIVE.findall(line.lower())
    return [m.group(0) for m in ORIGINAL_INSENSITIVE.finditer(line)]


def reference_holds_calendar_date(pieces):
    """holds_calendar_date as it was (the pattern compiled per call)."""
    return any(any(ch.isdigit() for ch in piece) and not re.fullmatch(
        r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", piece.strip(), re.IGNORECASE)
        for piece in pieces)


def reference_is_date_line(line, words):
    """is_date_line as it was."""
    pieces = reference_date_pieces(line)
    if not pieces:
        return False
    share = sum(map(len, pieces)) / max(len(line.replace(" ", "")), 1)
    return share >= 0.45 or (share > 0 and words <= 15
                             and not metadata_lines.ends_like_sentence(line)
                             and reference_holds_calendar_date(pieces))


def spans(pattern, text):
    """Where `pattern` matches in `text`, left to right (as findall and finditer see it)."""
    return [found.span() for found in pattern.finditer(text)]


WORDS = ["jan", "January", "FEB", "february", "mar", "March", "apr", "April", "may", "MAY",
         "jun", "june", "JUNE", "jul", "july", "aug", "August", "sep", "sept", "Sept.",
         "september", "oct", "october", "nov", "November", "dec", "DECEMBER", "mon", "Monday",
         "tue", "tues", "Tuesday", "wed", "wednes", "Wednesday", "thu", "thurs", "Thursday",
         "fri", "FRIDAY", "sat", "satur", "Saturday", "sun", "Sunday", "day", "gmt", "GMT",
         "utc", "est", "EDT", "et", "ET", "ct", "cst", "cdt", "mt", "mst", "pt", "pdt", "bst",
         "cet", "cest", "ist", "jst", "aest", "updated", "Updated", "published", "posted",
         "last", "last updated", "Last Modified", "first published", "date", "Date:",
         "(beijing time)", "(Beijing Time)", "beijing", "time", "minutes", "min", "mins",
         "hour", "hours", "hrs", "days", "week", "weeks", "ago", "am", "a.m.", "PM", "p.m",
         "st", "nd", "rd", "th", "t", "T", "z", "Z", "etc", "set", "may-", "mayor", "sunny"]
MONTH_FORMS = st.sampled_from(["jan", "Jan.", "january", "FEB", "mar", "march", "Apr.", "may",
                               "May.", "jun", "June", "jul", "JULY", "aug.", "sep", "sept",
                               "Sept.", "september", "oct", "nov.", "December", "mayo", "ju"])
GAPS = st.sampled_from(["", " ", "  ", "\t", "\u00a0", ". ", ".", " ,", "\u3000", "-"])
NUMBERS = st.sampled_from(["1", "5", "12", "31", "123", "2024", "24", "20245", "٣", "３", "0"])
ORDINALS = st.sampled_from(["", "", "st", "nd", "rd", "th", "TH", "x", "."])
COMMAS = st.sampled_from(["", "", ",", ", ", " ,"])
PHRASES = st.one_of(
    st.tuples(MONTH_FORMS, GAPS, NUMBERS, ORDINALS, COMMAS, GAPS, NUMBERS),
    st.tuples(NUMBERS, ORDINALS, GAPS, MONTH_FORMS, GAPS, NUMBERS),
    st.tuples(NUMBERS, GAPS, st.sampled_from(["minutes", "min", "mins", "hour", "hrs", "day",
                                             "days", "weeks", "years"]), GAPS,
              st.sampled_from(["ago", "Ago", "agos", ""])),
    st.tuples(NUMBERS, st.sampled_from([":", "/", ".", "-"]), NUMBERS,
              st.sampled_from([":", "/", ".", "-", "", " "]), NUMBERS,
              st.sampled_from(["", "t", " ", "T"]), NUMBERS, GAPS,
              st.sampled_from(["am", "p.m.", "PM", "z", "+05:30", "-0500", ""])),
).map("".join)
FRAGMENTS = st.one_of(
    PHRASES,
    st.sampled_from(WORDS),
    st.sampled_from(["1", "12", "2024", "05", "3", "31", "123", "99999", "0", "٣", "３", "²",
                     "12:30", "9:05:59", "2024-05-14", "2024-5-1T10:30:00.5+05:30",
                     "14/05/2024", "5.14.24", "10:30 pm", "+01:00", "+0100", "-05"]),
    st.sampled_from([" ", "  ", "\t", "\u00a0", "\u3000", "\u2028", ",", ", ", ".", ". ", ":",
                     "-", "/", "+", "(", ")", "_", "'", "’", "|", "•"]),
    st.sampled_from(["İ", "ı", "ſ", "K", "é", "ß", "ÿ", "µ", "Σ", "ς", "中", "Ж", "ไ", "a",
                     "x"]),
    st.characters(),
)
DATE_TEXT = st.lists(FRAGMENTS, max_size=30).map(
    lambda parts: "".join(parts) if len(parts) % 3 else " ".join(parts))


@settings(max_examples=4000, deadline=None)
@given(DATE_TEXT)
def test_grouped_pattern_finds_what_the_original_pattern_finds(text):
    for variant in (text, text.lower(), text.upper()):
        assert spans(DATE_PIECES_LOWER, variant) == spans(ORIGINAL_CASE_SENSITIVE, variant)
        assert DATE_PIECES_LOWER.findall(variant) == ORIGINAL_CASE_SENSITIVE.findall(variant)
        assert spans(DATE_PIECES, variant) == spans(ORIGINAL_INSENSITIVE, variant)
        assert DATE_PIECES.findall(variant) == ORIGINAL_INSENSITIVE.findall(variant)
        assert DATE_PIECES.split(variant) == ORIGINAL_INSENSITIVE.split(variant)


def test_no_character_opens_two_groups():
    """No code point matches, even case-insensitively, a digit and a letter or two letters,
    or "(" and anything else: the grouping by first character (DATE_PIECES) relies on it.
    """
    everything = "".join(map(chr, range(0x110000)))
    openers = [*map(re.escape, "abcdefghijklmnopqrstuvwxyz("), r"\d"]
    seen: dict[int, str] = {}
    for opener in openers:
        for flags in (0, re.IGNORECASE):
            for start in (found.start() for found in re.finditer(opener, everything, flags)):
                assert seen.setdefault(start, opener) == opener, (hex(start), opener)


@settings(max_examples=3000, deadline=None)
@given(DATE_TEXT)
def test_lowered_line_holds_the_case_insensitive_matches(text):
    if FOLDS_APART.search(text) is None:
        assert spans(DATE_PIECES_LOWER, text.lower()) == spans(ORIGINAL_INSENSITIVE, text)


@settings(max_examples=3000, deadline=None)
@given(DATE_TEXT)
def test_date_pieces_are_the_original_pieces(text):
    pieces = date_pieces(text)
    assert pieces == reference_date_pieces(text)
    assert holds_calendar_date(pieces) == reference_holds_calendar_date(pieces)
    for words in (3, 15, 16):
        assert is_date_line(text, words) == reference_is_date_line(text, words)


def test_lowering_keeps_every_character_but_three_the_same_to_the_pattern():
    """Every code point but FOLDS_APART's lowers to one character of the same kind that a
    pattern character matches case-sensitively exactly when it matches the original
    case-insensitively (a sigma lowers by its context: both of its lower forms are tried).
    """
    everything = "".join(map(chr, range(0x110000)))
    kept = FOLDS_APART.sub("", everything)
    lowered = kept.lower()
    assert len(lowered) == len(kept)
    pattern_characters = set(re.sub(r"\\[a-zA-Z]", "", ORIGINAL_DATE_PIECES)) | set("\\-.+/")
    for atom in [*map(re.escape, sorted(pattern_characters)), r"\w", r"\d", r"\s"]:
        sensitive, insensitive = re.compile(atom), re.compile(atom, re.IGNORECASE)
        assert spans(sensitive, lowered) == spans(insensitive, kept), atom
        for sigma in "σς":  # how "Σ" lowers, by its neighbours
            assert bool(sensitive.match(sigma)) == bool(insensitive.match("Σ")), atom
    for odd in "\u0130\u0131\u017f":
        assert FOLDS_APART.search(odd)


def reference_cued_kind(line, words):
    """cued_kind as it was: the three patterns tried in turn."""
    if metadata_lines.READING_TIME.match(line):
        return "reading_time"
    if metadata_lines.BYLINE_CUE.match(line) and (
            words <= 12 or metadata_lines.CREDIT_TAIL.match(line)):
        return "byline"
    return "bio" if metadata_lines.AUTHOR_BIO.match(line) else None


CUE_TEXT = st.lists(st.one_of(
    st.sampled_from(["By", "by ", "BY", "(By ", "Written by", "Reporting by", "additional "
                     "reporting by", "Editing by", "author:", "Authors:", "von", "автор:", "par",
                     "Jane", "Doe", "Meg James", "is a", "was an", "is", "reporter", "writer",
                     "for the Times", "5 min read", "12 minutes", "3 -  mins listen",
                     "Reading time", "reading  time", "min", "read"]),
    st.sampled_from([" ", "  ", "\t", "\u00a0", "(", ")", ";", ":", "’", "'", ".", "İ", "ı",
                     "ſ", "K", "É", "Ж", "1", "42"]),
    st.characters()), max_size=14).map(
        lambda parts: "".join(parts) if len(parts) % 2 else " ".join(parts))


@settings(max_examples=3000, deadline=None)
@given(CUE_TEXT, st.integers(min_value=0, max_value=20))
def test_cued_kind_is_the_kind_the_three_patterns_give(line, words):
    assert metadata_lines.cued_kind(line, words) == reference_cued_kind(line, words)
    opens_with_cue = any(pattern.match(line) for pattern in (
        metadata_lines.READING_TIME, metadata_lines.BYLINE_CUE, metadata_lines.AUTHOR_BIO))
    assert (metadata_lines.ANY_CUE.match(line) is not None) == opens_with_cue
