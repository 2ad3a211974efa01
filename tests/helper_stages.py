"""Small stages used by the item-pipeline tests (importable by dotted path)."""

from __future__ import annotations

from typing import ClassVar

from pipeline.article import Article
from pipeline.config import Settings
from pipeline.errors import DropItem, NotConfigured
from pipeline.stages.base import Stage


class TooShort(DropItem):
    reason = "too_short"


class Upper(Stage):
    name = "upper"

    def process_item(self, item: Article) -> Article:
        item.lines = [line.upper() for line in item.lines]
        return item


class Mark(Stage):
    name = "mark"

    def process_item(self, item: Article) -> Article:
        item.record_fix("marked")
        return item


class DropShort(Stage):
    name = "drop_short"

    def process_item(self, item: Article) -> Article:
        if sum(len(line) for line in item.lines) < 10:
            raise TooShort(f"{len(item.lines)} short lines")
        return item


class Explode(Stage):
    name = "explode"

    def process_item(self, item: Article) -> Article:
        raise ZeroDivisionError("a bug, not a drop")


class SwitchedOff(Stage):
    name = "switched_off"

    @classmethod
    def from_settings(cls, settings: Settings) -> Stage:
        raise NotConfigured("no model configured")


class Opened(Stage):
    name = "opened"
    events: ClassVar[list[str]] = []

    def open(self) -> None:
        Opened.events.append("open")

    def close(self) -> None:
        Opened.events.append("close")

    def process_item(self, item: Article) -> Article:
        return item
