"""Last stage: join the body, count words, hash the content, reject what has no text."""

from __future__ import annotations

import functools
import hashlib
import re

import numpy as np

from pipeline.article import Article
from pipeline.cleaning import characters
from pipeline.errors import NoText
from pipeline.stages.base import Stage

# A word is a whitespace-separated token with at least one letter or digit: "U.S." and
# "Lavrov’s" are one word each, a lone dash is none.
WORD = re.compile(r"\S*\w\S*")
# A token with no word character at all: the tokens WORD does not count.
NOT_A_WORD = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")

# What counting words needs to know of a UTF-16 code unit (see text_word_count), ordered so
# that a word character after a space is the only pair whose value drops.
COUNT_WORD, COUNT_SPACE, COUNT_OTHER, COUNT_UNPRINTABLE = range(4)


def word_count(text: str) -> int:
    """How many WORD matches `text` has: its tokens, less those without a word character."""
    return len(text.split()) - len(NOT_A_WORD.findall(text))


@functools.cache
def counting_classes() -> np.ndarray:
    """Each BMP code unit's COUNT_ class, from the characters' classes (made once)."""
    classes = characters.bmp_classes()
    counting = np.full(len(classes), COUNT_OTHER, dtype=np.uint8)
    counting[classes == characters.WORD] = COUNT_WORD
    counting[(classes == characters.SPACE) | (classes == characters.LINE_FEED)] = COUNT_SPACE
    counting[classes == characters.UNPRINTABLE] = COUNT_UNPRINTABLE
    return counting


def text_word_count(text: str) -> int:
    r"""`word_count(text)`, read from the text's UTF-16 code units at once (numpy).

    With no unprintable code unit (so no surrogate, and no whitespace but " " and "\n"),
    a token holds a word character exactly when, leaving out the characters that are
    neither, one of its word characters comes first or right after a space: so the words
    are counted where a COUNT_WORD follows a COUNT_SPACE. Other text takes `word_count`.
    """
    units = characters.utf16_units(text)
    counting = counting_classes().take(units)
    kept = counting[counting != COUNT_OTHER]
    if not len(kept):
        return 0
    if kept.max() >= COUNT_UNPRINTABLE:
        return word_count(text)
    return int(np.count_nonzero(kept[1:] < kept[:-1])) + int(kept[0] == COUNT_WORD)


class Finalise(Stage):
    """Join `lines` into `text` and fill the columns computed from it."""

    name = "finalise"

    def open(self) -> None:
        """Build the character classes before the first article, not inside its timing."""
        counting_classes()

    def process_item(self, item: Article) -> Article:
        """Set `text`, `word_count` and `content_sha256`; drop the record if no body is left."""
        text = "\n\n".join(item.lines)
        if not text:
            raise NoText("no body text left after cleaning"
                         + (f" (title: {item.title[:80]!r})" if item.title else ""))
        item.text = text
        item.word_count = text_word_count(text)
        item.content_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return item
