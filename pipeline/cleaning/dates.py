"""Dates as people and CMSs write them, to `datetime.date`.

"2019-05-13 06:22:58 GMT", "2019-05-13T06:22:58Z", "May 14, 2019", "14 May 2019",
"Tuesday, November 19, 2019", "5/14/2019", "14.05.2019".

Ambiguous numeric dates (both parts ≤ 12, as in "05/04/2019") are read month first when
written with slashes (the US convention) and day first when written with dots or dashes
(the European and ISO-neighbour conventions); "14/05/2019" is unambiguous either way.
A date without a year, or outside 1900 to next year, is not a date we trust.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from dateutil import parser as dateutil_parser

ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]|\b)")
NUMERIC = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})\b")
YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
MIN_YEAR = 1900
# The shapes most date lines are written in, read without dateutil (whose fuzzy parse costs a
# quarter of a millisecond): "May 14, 2019", "14 May 2019", "December 2023" (the 1st, as
# dateutil reads it). Month names as dateutil knows them, capitalised.
MONTH_NUMBERS = {name: number for number, names in enumerate(
    dateutil_parser.parserinfo.MONTHS, start=1) for name in names}
PLAIN_WRITTEN = re.compile(
    r"(?:(?P<month>[A-Z][a-z]{2,8}) (?P<day>0?[1-9]|[12]\d|3[01]),"
    r"|(?P<day_first>0?[1-9]|[12]\d|3[01]) (?P<month_second>[A-Z][a-z]{2,8})"
    r"|(?P<month_only>[A-Z][a-z]{2,8})) (?P<year>[12]\d{3})")


def plausible(day: dt.date) -> bool:
    """Within the years news archives cover."""
    return MIN_YEAR <= day.year <= dt.date.today().year + 1


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for an impossible one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None for an impossible or implausible one."""
    value = calendar_date(year, month, day)
    return value if value is not None and plausible(value) else None


def numeric_date(match: re.Match[str]) -> dt.date | None:
    """"5/14/2019" (month first with slashes), "14.05.2019" (day first otherwise)."""
    first, separator, second, year = match.groups()
    year_value = int(year) + (2000 if len(year) == 2 else 0)
    a, b = int(first), int(second)
    if a > 12 or (separator != "/" and b <= 12):
        a, b = b, a  # day first
    return calendar_date(year_value, a, b)


def month_name(plain: re.Match[str]) -> str:
    """The month's name in a PLAIN_WRITTEN match."""
    return plain["month"] or plain["month_second"] or plain["month_only"]


def plain_date(plain: re.Match[str]) -> dt.date | None:
    """The date of a PLAIN_WRITTEN match, as dateutil reads it (None if impossible)."""
    day = plain["day"] or plain["day_first"] or "1"
    return calendar_date(int(plain["year"]), MONTH_NUMBERS[month_name(plain)], int(day))


def parse_date(text: str) -> dt.date | None:
    """The first date in `text`, or None (also when it is outside the years we trust)."""
    found = written_date(text) if text else None
    return found if found is not None and plausible(found) else None


# Date lines repeat across a day's articles; dateutil's fuzzy parse is slow.
DATE_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=DATE_CACHE_SIZE)
def written_date(text: str) -> dt.date | None:
    """The first date written in `text`, plausible or not; None if none or impossible.

    (Plausibility depends on today's date, so it is not cached: parse_date checks it.)
    """
    found = ISO.search(text)
    if found:
        return calendar_date(*(int(g) for g in found.groups()))
    found = NUMERIC.search(text)
    if found:
        return numeric_date(found)
    if not YEAR.search(text):
        return None
    plain = PLAIN_WRITTEN.fullmatch(text)
    if plain and MONTH_NUMBERS.get(month_name(plain)):
        return plain_date(plain)
    try:
        parsed = dateutil_parser.parse(text, fuzzy=True, ignoretz=True,
                                       default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date()
