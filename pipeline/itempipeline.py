"""Builds the ordered stage list from settings and runs articles through it.

The runner owns looping, timing, counting and turning drops into `Reject` rows, so a stage
is just its one verb (the split datatrove's `PipelineStep` and Scrapy's ItemPipelineManager
make).
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Mapping

from pipeline.article import Article, Reject
from pipeline.config import Settings
from pipeline.errors import DropItem, NotConfigured, SettingsError, StageError
from pipeline.stages.base import Stage
from pipeline.stats import Stats

log = logging.getLogger(__name__)


def load_object(path: str) -> type:
    """Import ``package.module.Name`` and return ``Name``."""
    module_name, _, attribute = path.rpartition(".")
    if not module_name:
        raise SettingsError(f"{path!r} is not a dotted path to a class")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise SettingsError(f"cannot load stage {path!r}: {exc}") from exc


def build_component_list(table: Mapping[str, int | None]) -> list[str]:
    """Dotted paths from an ``{path: order}`` table, lowest order first; None disables.

    Two entries that load the same class are an error rather than a silent double run.
    """
    entries = {path: order for path, order in table.items() if order is not None}
    for path, order in entries.items():
        if isinstance(order, bool) or not isinstance(order, int):
            raise SettingsError(f"order of {path!r} must be an int, got {order!r}")
    ordered = sorted(entries, key=lambda path: (entries[path], path))
    seen: dict[type, str] = {}
    for path in ordered:
        cls = load_object(path)
        if cls in seen:
            raise SettingsError(f"{path!r} and {seen[cls]!r} are the same stage")
        seen[cls] = path
    return ordered


class ItemPipeline:
    """Runs each article through the stages in order, with per-stage timings and counters."""

    def __init__(self, stages: list[Stage], disabled: Mapping[str, str] | None = None) -> None:
        self.stages = stages
        self.disabled = dict(disabled or {})
        self.stats = Stats()

    @classmethod
    def from_settings(cls, settings: Settings) -> ItemPipeline:
        """Build every stage of `ITEM_PIPELINES`; a `NotConfigured` stage is left out."""
        stages: list[Stage] = []
        disabled: dict[str, str] = {}
        for path in build_component_list(settings.getdict("ITEM_PIPELINES")):
            stage_cls = load_object(path)
            try:
                stages.append(stage_cls.from_settings(settings))
            except NotConfigured as exc:
                disabled[path] = str(exc)
                log.info("stage %s disabled: %s", path, exc)
        return cls(stages, disabled)

    def prefix(self, stage_name: str) -> ItemPipeline:
        """A pipeline of the stages that run before the stage called `stage_name`."""
        names = [stage.name for stage in self.stages]
        cut = names.index(stage_name) if stage_name in names else len(names)
        return ItemPipeline(self.stages[:cut], self.disabled)

    def suffix(self, stage_name: str) -> ItemPipeline:
        """A pipeline of the stage called `stage_name` and those after it (`prefix`'s rest)."""
        names = [stage.name for stage in self.stages]
        cut = names.index(stage_name) if stage_name in names else len(names)
        return ItemPipeline(self.stages[cut:], self.disabled)

    def open(self) -> None:
        """Open every stage (load models, compile tables) before the first item."""
        for stage in self.stages:
            stage.open()

    def close(self) -> None:
        """Close every stage, last opened first."""
        for stage in reversed(self.stages):
            stage.close()

    def process(self, item: Article) -> Article | Reject:
        """Run `item` through every stage; a drop becomes a `Reject`, a bug propagates.

        One clock reading per stage: each stage's end is the next one's start (the runner's
        own overhead per item and stage is most of a cheap stage's time otherwise).
        """
        stats = self.stats
        seconds = stats.seconds
        clock = time.perf_counter
        stats.counters["records/in"] += 1
        start = clock()
        for stage in self.stages:
            try:
                item = stage.process_item(item)
            except DropItem as drop:
                seconds[stage.name] += clock() - start
                stats.inc(f"rejected/{stage.name}/{drop.reason}")
                return Reject(item.doc_id, item.source, stage.name, drop.reason, drop.detail,
                              item.raw, item.file_type)
            except Exception as exc:
                raise StageError(f"stage {stage.name!r} failed on {item.source} "
                                 f"(doc_id {item.doc_id}): {exc!r}") from exc
            end = clock()
            seconds[stage.name] += end - start
            start = end
        stats.counters["records/out"] += 1
        return item
