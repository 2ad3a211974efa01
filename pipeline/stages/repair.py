"""Encoding repair with ftfy, recording every fix ftfy explains."""

from __future__ import annotations

import ftfy

from pipeline.article import Article
from pipeline.stages.base import Stage

# ftfy's defaults turn curly quotes into straight ones; news text keeps its typography.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, explain=True)

# ftfy explains a mojibake repair as a chain of encode/decode steps; one fix name covers them.
MOJIBAKE_STEPS = frozenset({"encode", "decode", "transcode"})


def fix_name(step: tuple[str, str]) -> str:
    """A stable name for one step of ftfy's explanation, for the `fixes` column."""
    action, argument = step
    if action in MOJIBAKE_STEPS:
        return "ftfy:mojibake"
    if action == "normalize":
        return f"ftfy:normalize_{argument}"
    return f"ftfy:{argument}"


class RepairEncoding(Stage):
    """Repair mojibake, HTML escapes, control characters and the like in the decoded text."""

    name = "repair"

    def process_item(self, item: Article) -> Article:
        """Replace `decoded` with ftfy's repair of it and record the fixes applied."""
        fixed = ftfy.fix_and_explain(item.decoded, config=FTFY_CONFIG)
        item.decoded = fixed.text
        for step in fixed.explanation or ():
            item.record_fix(fix_name(step))
        return item
