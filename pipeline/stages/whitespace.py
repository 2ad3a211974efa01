"""Line and whitespace normalisation: one paragraph per line, runs of spaces folded."""

from __future__ import annotations

import re

from pipeline.article import Article
from pipeline.stages.base import Stage

# Every Unicode space separator (no-break, thin, ideographic, ...) and tab becomes a space.
HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
NO_BREAK_SPACES = ("\xa0", "\u202f", "\u2007")


def normalise_lines(text: str) -> list[str]:
    """Non-empty lines of `text`, each with runs of whitespace folded to one space."""
    text = NEWLINES.sub("\n", text)
    lines = (HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


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
        item.lines = normalise_lines(text)
        return item
