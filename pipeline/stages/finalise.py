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
        item.word_count = len(WORD.findall(text))
        item.content_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return item
