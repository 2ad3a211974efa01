"""The stage contract shared by every cleaning step (Scrapy's item-pipeline component)."""

from __future__ import annotations

from typing import ClassVar

from pipeline.article import Article
from pipeline.config import Settings


class Stage:
    """One cleaning step: `process_item` returns the article or raises a `DropItem` subclass.

    Subclasses set `name` (used in stats keys and in `rejects.stage`) and, when they need
    settings, override `from_settings` to read them and call the plain constructor. A stage
    that cannot run in the current configuration raises `NotConfigured` from `from_settings`.
    """

    name: ClassVar[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> Stage:
        """Build the stage from settings; stages without settings need no override."""
        del settings  # this stage reads none
        return cls()

    def open(self) -> None:
        """Acquire per-process resources before the first item (most stages need none)."""

    def close(self) -> None:
        """Release what `open` acquired (most stages hold nothing)."""

    def process_item(self, item: Article) -> Article:
        """Transform `item` and return it, or raise a `DropItem` subclass to reject it."""
        raise NotImplementedError(f"{type(self).__name__} must implement process_item")
