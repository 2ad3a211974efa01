"""Re-join paragraphs that the source hard-wrapped at a fixed width.

Text copied from `<pre>` blocks, e-mails and some CMS exports breaks every paragraph into
lines of 70-80 characters. Each piece then looks like a short line, and no paragraph looks
like prose. A text is treated as hard-wrapped only when it shows the pattern several times: a
line that stops mid-sentence, followed by one that starts in lower case.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipeline.cleaning.lines import SENTENCE_END

MIN_WRAPS = 5
MIN_WRAPPED_CHARS = 30
# A line shorter than this share of the wrap width ended on purpose (a heading, a last line).
MIN_WIDTH_SHARE = 0.8
CLAUSE_END = re.compile(r"[:;]$")
BULLET = re.compile(r"^(?:[•·\-–—*]|\d+[.)])\s")


def continues(line: str, following: str) -> bool:
    """`following` carries on the sentence `line` broke off."""
    return (len(line) >= MIN_WRAPPED_CHARS and not SENTENCE_END.search(line)
            and following[:1].islower())


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None if it is not hard-wrapped.

    (`continues`, its cheapest test first: few lines start in lower case.)
    """
    breaks = [len(a) for a, b in pairwise(lines) if b[:1].islower() and continues(a, b)]
    return max(breaks) if len(breaks) >= MIN_WRAPS else None


def reflow(lines: list[str]) -> tuple[list[str], bool]:
    """Lines with hard-wrapped paragraphs joined back, and whether anything was joined."""
    width = wrap_width(lines)
    if width is None:
        return lines, False
    joined: list[str] = []
    last_piece = ""
    for line in lines:
        if last_piece and joins(last_piece, line, width):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        last_piece = line
    return joined, len(joined) != len(lines)


def joins(previous: str, line: str, width: int) -> bool:
    """Whether `line` continues the paragraph whose last wrapped piece was `previous`."""
    if SENTENCE_END.search(previous) or CLAUSE_END.search(previous) or BULLET.match(line):
        return False
    return line[:1].islower() or len(previous) >= MIN_WIDTH_SHARE * width
