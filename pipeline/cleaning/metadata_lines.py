"""Lines that carry an article's metadata rather than its text: bylines, dates, credits.

They are kept out of `text` (and recorded in `boilerplate` as `metadata:<kind>`); the facts
they hold are what the metadata extractor reads. Recognition is by shape: a short line that
is mostly a date, a "By ..." cue, or a list of personal names, never by any one outlet's words.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pipeline.cleaning.lines import is_latin1
from pipeline.cleaning.stopwords import line_words

MONTH_WORDS = ("jan(?:uary)?", "feb(?:ruary)?", "mar(?:ch)?", "apr(?:il)?", "may", "june?",
               "july?", "aug(?:ust)?", "sep(?:t(?:ember)?)?", "oct(?:ober)?", "nov(?:ember)?",
               "dec(?:ember)?")
MONTHS = rf"(?:{'|'.join(MONTH_WORDS)})\.?"
WEEKDAY_STEMS = ("mon", "tues?", "wed(?:nes)?", "thu(?:rs)?", "fri", "sat(?:ur)?", "sun")
BYLINE_CUE = re.compile(
    r"^\(?(?:by|written by|words by|story by|text by|(?:additional )?reporting by|reported by|"
    r"writing by|editing by|compiled by|author:?|authors:?|von|par|por|di|door|av|af|przez|"
    r"автор:?)\s+(?=\S)", re.IGNORECASE)
# "(Reporting by Greg Roumeliotis; Editing by Megan Davies)": a wire story's credit line.
CREDIT_TAIL = re.compile(r"^\(?(?:additional )?reporting by\b.*(?:editing|writing) by\b",
                         re.IGNORECASE)
# "Meg James is a corporate media reporter for the Los Angeles Times, covering ...".
AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w'’.-]+ ){1,3}(?:is|was) an? (?:[\w-]+ ){0,5}(?:reporter|writer|editor|"
    r"correspondent|columnist|contributor|journalist|author|producer|photographer|"
    r"photojournalist|critic|blogger|freelancer|intern|anchor|host)\b")
READING_TIME = re.compile(r"^\d+\s*(?:-\s*)?min(?:ute)?s?(?: read| listen)?$|^reading time\b",
                          re.IGNORECASE)
NAME = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*|[A-Z]\.)"
PERSON = rf"{NAME}(?:\s+(?:van|von|de|da|del|der|di|la|le|bin|al|el|{NAME})){{1,3}}"
# "Sabra Ayres And Tracy Wilkinson, Los Angeles Times on", "Jane Doe | The Texas Newsroom",
# "• Victor Vladimirov": one or more names, maybe an outlet, maybe a dangling "on".
NAMES_LINE = re.compile(
    rf"^[•·\-–—*]?\s*{PERSON}(?:\s*(?:,|&|and|And|AND|und|et|y|e)\s+{PERSON})*"
    rf"(?:\s*[,|/–—-]\s*(?:{NAME}\s*){{1,6}})?(?:\s+on)?$")
BULLET_CREDIT = re.compile(r"^[•·]\s*\S.{0,80}$")
SENTENCE_END = re.compile(r"[.!?…]['\"’”)]?$")
MAX_METADATA_WORDS = 60


# Dates, times and date cues, the alternatives tried in this order: an ISO date and time; a
# numeric date (5/14/2019); "May 14th, 2024"; "14 May 2024"; "May 2024"; "May 14"; a time
# ("10:30 pm"); a time zone; a weekday; "3 hours ago"; a cue ("Updated:"); "(Beijing time)";
# "et". Every one but "(Beijing time)" opens with \b and a digit or a letter, and no
# character matches (even case-insensitively) a digit and a letter, or two letters: at one
# place of the text only the alternatives that open with its character can match. So they
# are grouped under one \b by that character, each group opening with it as a literal (the
# regular expression engine passes over a literal that differs at a glance), the order
# within a group kept: a word is tried against one group instead of every alternative at
# every word start and end (five times faster). The three month alternatives share their
# opening, "month\.?\s+", after which a digit must come: month words are letters after
# letters, so at most one way to read that opening ends before a digit, and trying the
# three tails after it finds what trying the three alternatives in turn finds.
# (tests/test_date_pieces_pattern.py checks both against the pattern written out alternative by
# alternative.)
DIGIT_LED = (  # the digit-led alternatives, in order, without their first digit
    r"\d{3}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?",
    r"\d?[/.]\d{1,2}[/.]\d{2,4}\b",
    rf"\d?(?:st|nd|rd|th)?\.?\s+{MONTHS}\s+\d{{4}}",
    r"\d?:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?",
    r"\d*\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b",
)
LETTER_LED = (  # the letter-led ones, in order: (words, each opening with a letter; the rest)
    (MONTH_WORDS, r"\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}\b|\d{1,2}\b)"),
    (("gmt", "utc", "e[sd]?t", "c[sd]?t", "m[sd]?t", "p[sd]?t", "bst", "cet", "cest", "ist",
      "jst", "aest"), r"\b"),
    (WEEKDAY_STEMS, r"(?:day)?\.?(?=[\s,])"),
    (("updated", "published", "posted", "last (?:updated|modified)", "first published",
      "date"), r"\b:?"),
    (("et",), r"\b"),
)


def led_by(letter: str) -> str:
    """The letter-led alternatives whose words open with `letter`, in order, as one group."""
    branches = []
    for words, rest in LETTER_LED:
        tails = [word[1:] for word in words if word[0] == letter]
        if tails:
            branches.append(f"(?:{'|'.join(tails)}){rest}")
    return f"{letter}(?:{'|'.join(branches)})"


LEADING_LETTERS = sorted({word[0] for words, _rest in LETTER_LED for word in words})
DATE_PIECES_GROUPED = (
    rf"\b(?:\d(?:{'|'.join(DIGIT_LED)})|{'|'.join(map(led_by, LEADING_LETTERS))})"
    r"|\(beijing time\)")
DATE_PIECES = re.compile(DATE_PIECES_GROUPED, re.IGNORECASE)

# DATE_PIECES is written in lower case. In Latin-1 text case-insensitive matching pairs
# ASCII letters only with ASCII letters (the odd pairs, like "k" and the Kelvin sign, lie
# beyond U+00FF) and lowering keeps every character's place and kind, so matching the
# lowered line case-sensitively finds the same pieces, and faster. Beyond Latin-1 the same
# holds for every character but three (FOLDS_APART): lowering any other keeps it one
# character of the same kind (word, digit, space), and a pattern letter matches it
# case-insensitively exactly when it lowers to that letter (tests/test_date_pieces_pattern.py checks
# every code point).
DATE_PIECES_LOWER = re.compile(DATE_PIECES_GROUPED)
FOLDS_APART = re.compile("[\u0130\u0131\u017f]")  # İ (lowers to two), ı and ſ (match i, s)


# Without a digit, DATE_PIECES matches only a time zone, a weekday or a cue word, each a whole
# run of letters between characters that are not word characters: one of the line's words
# (stopwords.line_words) unless an apostrophe joined it to another. Case-insensitively these
# words match ASCII letters only, except four characters that fold to them (İ ı ſ K).
WEEKDAY_WORDS = [stem + day for stem in ("mon", "tue", "tues", "wed", "wednes", "thu", "thurs",
                                         "fri", "sat", "satur", "sun") for day in ("", "day")]
ZONE_WORDS = ["gmt", "utc", "bst", "cet", "cest", "ist", "jst", "aest",
              *(zone + end for zone in "ecmp" for end in ("t", "st", "dt"))]
DATE_CUE_WORDS = frozenset([*WEEKDAY_WORDS, *ZONE_WORDS, "updated", "published", "posted",
                            "last", "date", "beijing", "et"])
NOT_ONLY_WORDS = re.compile(r"[\d'’\u0130\u0131\u017f\u212a]")


def may_hold_date(line: str, tokens: Collection[str] | None = None) -> bool:
    """False only if DATE_PIECES finds nothing in `line`: no digit and no cue word in it.

    `tokens` are the line's words (stopwords.line_words), if the caller has them.
    """
    if NOT_ONLY_WORDS.search(line) is not None:
        return True
    return not DATE_CUE_WORDS.isdisjoint(line_words(line) if tokens is None else tokens)


def date_pieces(line: str, tokens: Collection[str] | None = None) -> list[str]:
    """The DATE_PIECES matches in `line` (lower-cased when the line is Latin-1).

    Searched for in the lowered line with DATE_PIECES_LOWER where that finds the same.
    """
    if not may_hold_date(line, tokens):
        return []
    if is_latin1(line):
        return DATE_PIECES_LOWER.findall(line.lower())
    if FOLDS_APART.search(line) is None:  # found in the lowered line, cut from the line
        return [line[start:end] for start, end in
                map(re.Match.span, DATE_PIECES_LOWER.finditer(line.lower()))]
    return [m.group(0) for m in DATE_PIECES.finditer(line)]


def date_share(line: str, tokens: Collection[str] | None = None) -> float:
    """Share of the line's characters that are dates, times and date cues."""
    return pieces_share(line, date_pieces(line, tokens))


def pieces_share(line: str, pieces: list[str]) -> float:
    """Share of the line's characters (spaces aside) that its date `pieces` cover."""
    return sum(map(len, pieces)) / max(len(line.replace(" ", "")), 1)


def is_date_line(line: str, words: int, tokens: Collection[str] | None = None) -> bool:
    """Mostly a date, or a short non-sentence line that holds one (a dateline, a stamp).

    The pattern's matches are found once, for the share and the calendar date both.
    """
    pieces = date_pieces(line, tokens)
    if not pieces:
        return False
    share = pieces_share(line, pieces)
    return share >= 0.45 or (share > 0 and words <= 15 and not ends_like_sentence(line)
                             and holds_calendar_date(pieces))


def metadata_kind(line: str, words: int, tokens: Collection[str] | None = None) -> str | None:
    """The kind of metadata the line is, else None (`tokens`: its words, if at hand).

    `byline`, `date` and `reading_time` are certain from the line alone. `names` (a line of
    personal names, perhaps with an outlet), `credit` (a short bulleted line) and `bio` ("Meg
    James is a reporter for ...") are only metadata at the article's head or tail; the
    segmenter decides by position.
    """
    if words > MAX_METADATA_WORDS:
        return None
    return cued_kind(line, words) or shaped_kind(line, words, tokens)


# Every pattern but DATE_PIECES is anchored at the start: `match` tries one position only.
# Most lines open with none of the cues: one pattern, matching where one of the three
# matches, rules them out in one call.
ANY_CUE = re.compile(f"(?i:{READING_TIME.pattern})|(?i:{BYLINE_CUE.pattern})|"
                     f"(?:{AUTHOR_BIO.pattern})")


def cued_kind(line: str, words: int) -> str | None:
    """A reading time, a "By ..." line or an author's bio, by the words that open it."""
    if ANY_CUE.match(line) is None:
        return None
    if READING_TIME.match(line):
        return "reading_time"
    if BYLINE_CUE.match(line) and (words <= 12 or CREDIT_TAIL.match(line)):
        return "byline"
    return "bio" if AUTHOR_BIO.match(line) else None


def shaped_kind(line: str, words: int, tokens: Collection[str] | None = None) -> str | None:
    """A date line, a line of names or a bulleted credit, by its shape (cheap checks first)."""
    if words <= 20 and is_date_line(line, words, tokens):
        return "date"
    if words <= 12 and NAMES_LINE.match(line):
        return "names"
    if words <= 8 and BULLET_CREDIT.match(line) and not ends_like_sentence(line):
        return "credit"
    return None


def ends_like_sentence(line: str) -> bool:
    """SENTENCE_END, searched in the last three characters (the most a match can span)."""
    return SENTENCE_END.search(line[-3:]) is not None


def has_date(line: str, tokens: Collection[str] | None = None) -> bool:
    """True when the line holds a calendar date (not only a time or a cue word)."""
    return holds_calendar_date(date_pieces(line, tokens))


# A date piece that is only a time of day.
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)


def holds_calendar_date(pieces: list[str]) -> bool:
    """Whether one of a line's date pieces (date_pieces) is a calendar date, not a time."""
    return any(any(map(str.isdigit, piece)) and not TIME_OF_DAY.fullmatch(piece.strip())
               for piece in pieces)
