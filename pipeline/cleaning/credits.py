"""Facts held by an article's metadata lines: who wrote it, which outlet, when.

The boilerplate stage takes bylines, date lines, credits and copyright notices out of the
body; this module reads them. Each reader returns what one line says; the metadata stage
decides which line to believe. Recognition is by shape (a "By" cue, a run of capitalised
names, words that name outlets), never by any particular outlet's name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipeline.cleaning.lines import is_latin1
from pipeline.cleaning.metadata_lines import BYLINE_CUE as BY_CUE
from pipeline.cleaning.metadata_lines import DATE_PIECES, DATE_PIECES_LOWER, NAME

# Words that mark a name as an outlet's rather than a person's ("Sina English", "Los Angeles
# Times", "Voice of America"): mastheads, media kinds, editions.
OUTLET_WORD = re.compile(
    r"\b(?:times|post|news|daily|weekly|herald|tribune|gazette|press|agency|network|"
    r"media|tv|radio|channel|magazine|reuters|ap|afp|bloomberg|xinhua|bbc|cnn|npr|telegraph|"
    r"guardian|observer|chronicle|standard|star|sun|mail|express|independent|review|report|"
    r"wire|insider|today|world|global|international|english|online|edition|service|voice|"
    r"broadcasting|television|newspaper|courier|examiner|monitor|dispatch|register|record|"
    r"bulletin|sentinel|enquirer|inquirer|associated|united|group|inc|llc|ltd|corp|"
    r"zeitung|presse|journal|le monde|el pa[ií]s|diario|corriere|gazeta)\b|\.(?:com|net|org|"
    r"co\.uk|de|fr|ru|cn)\b",
    re.IGNORECASE)
EDITING_TAIL = re.compile(r"[;,]?\s*(?:writing|editing|compiled|graphics?|photos?) by\b.*$",
                          re.IGNORECASE)
BULLET = re.compile(r"^[•·*\-–—]\s*")
NAME_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\bAnd\b|\bAND\b|\bund\b|\bet\b|\by\b|\be\b)"
                            r"\s+|\s*[;&]\s*")
PERSON_NAME = re.compile(rf"^{NAME}(?:\s+(?:van|von|de|da|del|der|di|la|le|bin|al|el|{NAME}))"
                         r"{1,3}$")
OUTLET_TAIL = re.compile(r"^(?P<names>.+?)\s*(?:,|\||/|–|—|-)\s+(?P<outlet>[^,|/]+?)"
                         r"(?:\s+on)?$")
BIO = re.compile(r"^(?P<name>(?:[A-Z][\w'’.-]+ ){1,3})(?:is|was) an? ")
LOGO = re.compile(r"(?P<outlet>[A-Z][\w'’&.-]*(?: [A-Z][\w'’&.-]*){0,5}) logo\b")
COPYRIGHT = re.compile(
    r"^(?:\(c\)|©|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
    r"(?P<outlet>[^.,;|]+?)\s*(?:[.,;|]|all rights reserved|$)", re.IGNORECASE)
MORE_FROM = re.compile(r"^(?:more|read more|more stories|more news) from (?P<outlet>.+)$",
                       re.IGNORECASE)
# How a line MORE_FROM matches must start (after the spaces str.strip removes: the same set as
# `\s`); with IGNORECASE these letters match only their ASCII cases. Of the lines removed for
# other reasons than metadata, outlet_line_credits finds an outlet only in copyright notices
# and in lines that start so.
MORE_FROM_START = re.compile(r"\s*(?:more|read more) ", re.IGNORECASE)
TRAILING_ON = re.compile(r"\s+on$")
BULLETS = "•·*-–—"   # what BULLET's class holds: a fragment not starting with one has none
MAX_NAME_WORDS = 4
# Pieces a byline strings together: "By Ann Lee · Senior Editor · Updated May 5, 2025".
BYLINE_PIECES = re.compile(r"\s*[·•⋅|]\s*|\s+[-–—]\s+")
READING_TIME = re.compile(r"\s*\b\d+\s*(?:-\s*)?min(?:ute)?s?(?: read)?\b.*$", re.IGNORECASE)
# Job titles that trail a name in a source's author field ("Linda Rosencrance Contributing
# Writer") and labels that lead it ("Author Ashley Biancuzzo").
ROLE_TAIL = re.compile(
    r"\s+(?:(?:senior|chief|staff|contributing|guest|head|managing|executive|associate|"
    r"deputy|political|foreign|lead|freelance|special)\s+)*(?:writer|editor|reporter|"
    r"correspondent|contributor|columnist|analyst|author|founder|co-founder|ceo|winemaker|"
    r"journalist|producer|photographer)\b.*$|\s+(?:last\s+)?updated\b.*$", re.IGNORECASE)
FIELD_LABEL = re.compile(r"^(?:author|authors|posted by|written by|by)\s*:?\s+", re.IGNORECASE)


@dataclass
class Credits:
    """What one metadata line says; empty fields when it says nothing of that kind.

    `cued` is set when the line itself says it names authors ("By ...", "Author: ...", a
    bio): stronger evidence than a bare line of capitalised names.
    """

    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    date_text: str | None = None
    cued: bool = False


def clean_author_field(value: str) -> list[str]:
    """A source's author field as names: labels, job titles and stray numbers removed.

    "Author Ashley Biancuzzo" -> ["Ashley Biancuzzo"]; "Matt Check Head Winemaker;
    Co-Founder" -> ["Matt Check"]; "Ann Lee and Bo Chan" -> both. (A new list each time.)
    """
    return list(author_field_names(value))


# A source's author fields repeat across its articles (a dump of 20,000 has a few hundred).
@functools.lru_cache(maxsize=4096)
def author_field_names(value: str) -> tuple[str, ...]:
    """`clean_author_field`'s names, as a tuple (shared by every caller, so immutable)."""
    names = []
    for raw_part in re.split(r"\s*(?:;|\||\band\b|&)\s*", value, flags=re.IGNORECASE):
        part = ROLE_TAIL.sub("", FIELD_LABEL.sub("", raw_part.strip(" ,"))).strip(" ,")
        if re.search(r"[^\W\d_]{2}", part) and not ROLE_TAIL.match(" " + part):
            names.append(part)
    return tuple(dict.fromkeys(names))


def clean_fragment(text: str) -> str:
    """A fragment without bullets, surrounding punctuation or a dangling "on".

    (Each pattern is tried only where it can match: a bullet first, "on" last.)
    """
    text = text.strip()
    if text and text[0] in BULLETS:
        text = BULLET.sub("", text)
    text = text.strip(" ,;:|()[]-–—")
    if text.endswith(("on", "on\n")):   # `$` matches at the end and before a final "\n"
        text = TRAILING_ON.sub("", text)
    return text.strip()


# Names repeat across a site's articles (authors, outlets); the outlet pattern is long.
@functools.lru_cache(maxsize=4096)
def is_outlet(name: str) -> bool:
    """A name that reads as an outlet's ("Sina English", "The Washington Post")."""
    return bool(OUTLET_WORD.search(name)) or name.lower().startswith("the ")


def person_names(text: str) -> list[str]:
    """The personal names in "Ann Lee and Bo Chan" (empty unless every part is a name)."""
    parts = [part for part in map(clean_fragment, NAME_SEPARATOR.split(text)) if part]
    names = [p for p in parts if PERSON_NAME.match(p) and not is_outlet(p)
             and len(p.split()) <= MAX_NAME_WORDS]
    return names if names and len(names) == len(parts) else []


def names_and_outlet(text: str) -> Credits:
    """"Sabra Ayres And Tracy Wilkinson, Los Angeles Times on" -> two authors, one outlet.

    Of "By Ann Lee · Senior Editor · May 5, 2025" only the first piece is read.
    """
    text = clean_fragment(READING_TIME.sub("", text))
    cued = bool(BY_CUE.match(text))
    if cued:
        text = BYLINE_PIECES.split(BY_CUE.sub("", text), maxsplit=1)[0]
    text = clean_fragment(EDITING_TAIL.sub("", text))
    names = person_names(text)
    if names:
        return Credits(authors=names, cued=cued)
    tail = OUTLET_TAIL.match(text)
    if tail:
        names, outlet = person_names(tail["names"]), clean_fragment(tail["outlet"])
        if names:
            return Credits(authors=names, publisher=outlet if is_outlet(outlet) else None,
                           cued=cued)
    if is_outlet(text) and len(text.split()) <= 6:
        return Credits(publisher=text)
    return Credits()


def date_spans(line: str) -> list[tuple[int, int]]:
    """Where DATE_PIECES matches in `line`.

    In the lowered line when it is Latin-1: faster, and the same places (see
    metadata_lines.DATE_PIECES_LOWER).
    """
    if is_latin1(line):
        return [found.span() for found in DATE_PIECES_LOWER.finditer(line.lower())]
    return [found.span() for found in DATE_PIECES.finditer(line)]


def dates_of(line: str, spans: list[tuple[int, int]]) -> str | None:
    """The date pieces with a digit in them, joined; None if none."""
    dates = [line[start:end] for start, end in spans if any(map(str.isdigit, line[start:end]))]
    return " ".join(dates) or None


def date_text(line: str) -> str | None:
    """`date_line_credits(line).date_text`, without reading the names around the dates.

    Only date pieces with a digit count (dates_of): a line without any is not searched.
    """
    if not any(map(str.isdigit, line)):
        return None
    return dates_of(line, date_spans(line))


def date_line_credits(line: str) -> Credits:
    """A date line's date plus the names around it.

    "The Washington Post logo The Washington Post 5/14/2019 Anton Troianovski": the logo
    names the outlet, the personal name after the date is the author.
    """
    spans = date_spans(line)
    credits = Credits(date_text=dates_of(line, spans))
    logo = LOGO.search(line)
    if logo:
        credits.publisher = clean_fragment(logo["outlet"])
    # The pieces between the dates (what DATE_PIECES.split gives: no match is empty).
    starts, ends = [0, *(end for _, end in spans)], [*(start for start, _ in spans), len(line)]
    for start, end in zip(starts, ends, strict=True):
        fragment = clean_fragment(LOGO.sub("", line[start:end]))
        if not fragment or (credits.publisher and fragment == credits.publisher):
            continue
        found = names_and_outlet(fragment)
        credits.authors += found.authors
        credits.publisher = credits.publisher or found.publisher
    return credits


def outlet_line_credits(line: str, rule: str) -> Credits:
    """The outlet named by a copyright notice or a "More from X" line."""
    if rule == "copyright_notice":
        found = COPYRIGHT.match(line.strip())
        outlet = clean_fragment(found["outlet"]) if found else ""
        return Credits(publisher=outlet) if outlet and len(outlet.split()) <= 6 else Credits()
    more = MORE_FROM.match(line.strip())
    if more and is_outlet(more["outlet"]):
        return Credits(publisher=clean_fragment(more["outlet"]))
    return Credits()


def read_credit_line(line: str, rule: str) -> Credits:
    """What a removed line says about authorship, outlet and date, given why it was removed."""
    if not rule.startswith("metadata:"):
        return outlet_line_credits(line, rule)
    bio = BIO.match(line)
    if rule == "metadata:byline" and bio:
        return Credits(authors=person_names(bio["name"]), cued=True)
    if BY_CUE.match(clean_fragment(line)):
        credits = names_and_outlet(line)
        credits.date_text = date_text(line)
        return credits
    if rule == "metadata:date" or DATE_PIECES.search(line):
        return date_line_credits(line)
    return names_and_outlet(line)
