"""Line and whitespace normalisation: one paragraph per line, runs of spaces folded."""

from __future__ import annotations

import re

from pipeline.article import Article
from pipeline.stages.base import Stage

# Every Unicode space separator (no-break, thin, ideographic, ...) and tab becomes a space.
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
UNICODE_BREAK_CHARACTERS = "\u2028\u2029\x0b\x0c\x85"
NEWLINES = re.compile(rf"\r\n?|[{UNICODE_BREAK_CHARACTERS}]")
NO_BREAK_SPACES = ("\xa0", "\u202f", "\u2007")
# "Tuesday.." at the end of a paragraph is a typo of the source; "..." is an ellipsis.
DOUBLED_FULL_STOP = re.compile(r"(?<![.])\.\.$")


def normalise_lines(text: str) -> list[str]:
    """Non-empty lines of `text`, each with runs of whitespace folded to one space."""
    if "\r" in text or has_unicode_break(text):
        text = NEWLINES.sub("\n", text)
    lines = (line if single_spaced(line) else " ".join(line.split())
             for line in text.split("\n"))
    return [line for line in lines if line]


def has_unicode_break(text: str) -> bool:
    """Whether `text` breaks lines with a character other than CR and LF (a search each)."""
    return any(character in text for character in UNICODE_BREAK_CHARACTERS)


def single_spaced(line: str) -> bool:
    """A line (no line feed) already folded: no whitespace but single inner spaces.

    A printable string has no whitespace character other than the space. Other lines are
    folded by `" ".join(line.split())`: `str.split` cuts at exactly the characters the
    regular expressions' whitespace class matches, so this is HORIZONTAL_SPACE folding.
    """
    return line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " "


def fix_doubled_full_stops(lines: list[str]) -> tuple[list[str], bool]:
    """Lines with a final ".." reduced to "."; and whether any line changed."""
    fixed = [DOUBLED_FULL_STOP.sub(".", line) if line.endswith("..") else line for line in lines]
    return fixed, fixed != lines


class NormaliseWhitespace(Stage):
    """Split the decoded text into paragraph lines with normalised whitespace."""

    name = "whitespace"

    def process_item(self, item: Article) -> Article:
        """Set `lines` from `decoded`."""
        text = item.decoded or ""
        if any(space in text for space in NO_BREAK_SPACES):
            item.record_fix("nbsp_to_space")
        if "\r" in text:
            item.record_fix("windows_newlines")
        if has_unicode_break(text):
            item.record_fix("unicode_line_breaks")
        item.lines, doubled = fix_doubled_full_stops(normalise_lines(text))
        if doubled:
            item.record_fix("doubled_full_stop")
        return item
