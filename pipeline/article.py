"""The records that flow through the pipeline: one `Article` per input record, `Reject` for drops.

Every stage reads and writes fields of the same slotted `Article`, so a stage never has to
know which stage ran before it, only which fields it needs (the datatrove `Document` idea).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

TEXT, HTML = "text", "html"


@dataclass(slots=True)
class RawRecord:
    """One record as a reader found it in the dump, before any cleaning.

    `raw` is the record's bytes as they stood in the dump (a file, a JSON line, a WARC
    payload); rejects keep them. `media` says whether the article is plain text or an HTML
    page. `content` is set when a structured format already holds the article as a string
    (a feed's `text` or `html` field); otherwise the article is `raw`, still to be decoded.
    `fields` carries what the format names (title, author, date, publisher, charset).
    """

    doc_id: str
    source: str
    raw: bytes
    file_type: str
    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    media: str = TEXT
    content: str | None = None


@dataclass(slots=True)
class Removed:
    """A line that cleaning took out of the text, and the rule that took it."""

    line: str
    rule: str


@dataclass(slots=True)
class Article:
    """The working record of one article; its fields become the `articles` table columns.

    `lines` is the working copy of the body, one paragraph per entry, that cleaning stages
    edit; the final stage joins it into `text`.
    """

    doc_id: str
    source: str
    raw: bytes
    file_type: str = "txt"
    url: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    media: str = TEXT
    content: str | None = None
    decoded: str | None = None
    encoding: str | None = None
    lines: list[str] = field(default_factory=list)
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: dt.date | None = None
    dateline: str | None = None
    language: str | None = None
    language_score: float | None = None
    text: str | None = None
    word_count: int | None = None
    story_id: str | None = None
    duplicate_of: str | None = None
    boilerplate: list[Removed] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    content_sha256: str | None = None

    @classmethod
    def from_raw(cls, record: RawRecord) -> Article:
        """Start an article from a reader's record.

        (Positional: the first eight fields are RawRecord's, in its order; a keyword call
        per record cost more than the copying.)
        """
        return cls(record.doc_id, record.source, record.raw, record.file_type, record.url,
                   dict(record.fields), record.media, record.content)

    def record_fix(self, fix: str) -> None:
        """Note a repair once, in the order repairs were first applied."""
        if fix not in self.fixes:
            self.fixes.append(fix)

    def remove_line(self, line: str, rule: str) -> None:
        """Record that `rule` took `line` out of the body."""
        self.boilerplate.append(Removed(line=line, rule=rule))

    def remove_lines(self, removed: Iterable[tuple[str, str]]) -> None:
        """Record (line, rule) removals in one go (a page removes a dozen lines)."""
        self.boilerplate.extend([Removed(line, rule) for line, rule in removed])


@dataclass(slots=True)
class Reject:
    """An input record that did not become an article, with the stage and reason why."""

    doc_id: str
    source: str
    stage: str
    reason: str
    detail: str
    raw: bytes
    file_type: str = "unknown"
