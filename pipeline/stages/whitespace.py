"""Line and whitespace normalisation: one paragraph per line, runs of spaces folded."""

from __future__ import annotations

import re
from itertools import repeat

from pipeline.article import Article
from pipeline.cleaning.characters import SPACE, UNPRINTABLE, bmp_classes, code_unit_classes
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


def plain_lines(text: str) -> list[str] | None:
    """`normalise_lines(text)` when `text` needs no folding at all, else None.

    That is when, but for line feeds, it is printable (so no other whitespace, no CR, no
    line-breaking or no-break space) and no space touches another or a line feed or an end:
    every line is `single_spaced`. Checked on the text's code units at once (numpy), not
    line by line.
    """
    if text[:1] == " " or text[-1:] == " ":
        return None
    classes = code_unit_classes(text)
    if len(classes) and classes.max() >= UNPRINTABLE:
        return None
    # Of two neighbours' classes (WORD 0, OTHER 1, SPACE 2, LINE_FEED 3), the product is 4
    # for two spaces and 6 for a space and a line feed: those two pairs are not allowed.
    pairs = classes[:-1] * classes[1:]
    pairs -= SPACE * SPACE   # 4 and 6 become 0 and 2; smaller products wrap around (uint8)
    if (pairs <= 2).any():
        return None
    return list(filter(None, text.split("\n")))


def fix_doubled_full_stops(lines: list[str]) -> tuple[list[str], bool]:
    """Lines with a final ".." reduced to "."; and whether any line changed."""
    if not any(map(str.endswith, lines, repeat(".."))):   # no line to fix: no new list
        return lines, False
    fixed = [DOUBLED_FULL_STOP.sub(".", line) if line.endswith("..") else line for line in lines]
    return fixed, fixed != lines


def spacing_fixes(text: str) -> list[str]:
    """The names of the spacing repairs `normalise_lines` makes to `text`."""
    fixes = []
    if any(space in text for space in NO_BREAK_SPACES):
        fixes.append("nbsp_to_space")
    if "\r" in text:
        fixes.append("windows_newlines")
    if has_unicode_break(text):
        fixes.append("unicode_line_breaks")
    return fixes


class NormaliseWhitespace(Stage):
    """Split the decoded text into paragraph lines with normalised whitespace."""

    name = "whitespace"

    def open(self) -> None:
        """Build the character classes before the first article, not inside its timing."""
        bmp_classes()

    def process_item(self, item: Article) -> Article:
        """Set `lines` from `decoded`."""
        text = item.decoded or ""
        lines = plain_lines(text)
        if lines is None:
            for fix in spacing_fixes(text):
                item.record_fix(fix)
            lines = normalise_lines(text)
        item.lines, doubled = fix_doubled_full_stops(lines)
        if doubled:
            item.record_fix("doubled_full_stop")
        return item
