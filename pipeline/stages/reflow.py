"""Re-join hard-wrapped paragraphs before lines are judged (see pipeline.cleaning.reflow)."""

from __future__ import annotations

from pipeline.article import Article
from pipeline.cleaning.reflow import reflow
from pipeline.stages.base import Stage


class ReflowHardWraps(Stage):
    """Join the pieces of paragraphs that the source broke at a fixed width."""

    name = "reflow"

    def process_item(self, item: Article) -> Article:
        """Replace `lines` with the re-joined lines, recording the fix when any were joined."""
        item.lines, joined = reflow(item.lines)
        if joined:
            item.record_fix("reflowed_hard_wraps")
        return item
