"""Last stage: join the body, count words, hash the content, reject what has no text."""

from __future__ import annotations

import hashlib
import re

from pipeline.article import Article
from pipeline.errors import NoText
from pipeline.stages.base import Stage

# A word is a whitespace-separated token with at least one letter or digit: "U.S." and
# "Lavrov’s" are one word each, a lone dash is none.
WORD = re.compile(r"\S*\w\S*")
# A token with no word character at all: the tokens WORD does not count.
NOT_A_WORD = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
# The same after a space, for text whose only whitespace is single spaces (a space first
# lets the search skip to spaces instead of trying every position).
SPACED_NOT_A_WORD = re.compile(r" [^\w\s]+(?!\S)")


def word_count(text: str) -> int:
    """How many WORD matches `text` has: its tokens, less those without a word character."""
    return len(text.split()) - len(NOT_A_WORD.findall(text))


def lines_word_count(lines: list[str]) -> int:
    """`word_count` of the lines joined with blank lines, without splitting the text.

    For lines as the whitespace stage leaves them (printable, so no whitespace but spaces;
    single-spaced; stripped) the tokens are the spaces plus one.
    """
    spaced = " ".join(lines)
    if not (spaced and spaced.isprintable() and "  " not in spaced and all(lines)
            and spaced[:1] != " " and spaced[-1:] != " "):
        return word_count("\n\n".join(lines))
    return spaced.count(" ") + 1 - len(SPACED_NOT_A_WORD.findall(" " + spaced))


class Finalise(Stage):
    """Join `lines` into `text` and fill the columns computed from it."""

    name = "finalise"

    def process_item(self, item: Article) -> Article:
        """Set `text`, `word_count` and `content_sha256`; drop the record if no body is left."""
        text = "\n\n".join(item.lines)
        if not text:
            raise NoText("no body text left after cleaning"
                         + (f" (title: {item.title[:80]!r})" if item.title else ""))
        item.text = text
        item.word_count = lines_word_count(item.lines)
        item.content_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return item
