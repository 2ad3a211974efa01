"""Encoding repair: entities, invisible characters, then ftfy where text can need it."""

from __future__ import annotations

import ftfy

from pipeline.article import Article
from pipeline.cleaning.characters import remove_invisible
from pipeline.cleaning.entities import repair_entities
from pipeline.cleaning.ftfy_gate import needs_ftfy, suspect_lines
from pipeline.stages.base import Stage

# ftfy's defaults turn curly quotes into straight ones; news text keeps its typography.
# Entities are handled before ftfy (repair_entities), so ftfy's own guessing is off.
# Line breaks are the whitespace stage's job, so that each kind is recorded once, by name.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False,
                                   fix_line_breaks=False, explain=True)

# ftfy explains a mojibake repair as a chain of encode/decode steps; one fix name covers them.
MOJIBAKE_STEPS = frozenset({"encode", "decode", "transcode"})

MAX_FTFY_PASSES = 3


def fix_name(step: tuple[str, str]) -> str:
    """A stable name for one step of ftfy's explanation, for the `fixes` column."""
    action, argument = step
    if action in MOJIBAKE_STEPS:
        return "ftfy:mojibake"
    if action == "normalize":
        return f"ftfy:normalize_{argument}"
    return f"ftfy:{argument}"


def ftfy_fix(text: str) -> tuple[str, list[str]]:
    """ftfy's repair of `text` and the names of the fixes it made (none when it is not needed).

    ftfy judges a text as a whole, so removing one bad character can make it see another
    repair; it is re-applied until the text stops changing, which makes repair idempotent.
    """
    names: list[str] = []
    for _ in range(MAX_FTFY_PASSES):
        if not needs_ftfy(text):  # ftfy would change nothing (see ftfy_gate)
            break
        fixed = ftfy.fix_and_explain(text, config=FTFY_CONFIG)
        names.extend(fix_name(step) for step in fixed.explanation or ())
        if fixed.text == text:
            break
        text = fixed.text
    return text, list(dict.fromkeys(names))


def repair_text(text: str) -> tuple[str, list[str]]:
    """All encoding repairs of one text, in order, with the names of those applied.

    ftfy runs line by line: its guess about one line must not depend on other lines, which
    cleaning may later remove (that would make cleaning the output give another answer).
    """
    text, fixes = repair_entities(text)
    text, removed = remove_invisible(text)
    if removed:
        fixes.append("invisible_characters")
    suspects = suspect_lines(text)  # the other lines ftfy would leave as they are
    if not suspects:
        return text, fixes
    lines = text.split("\n")
    for i in suspects:
        lines[i], line_fixes = ftfy_fix(lines[i])
        fixes.extend(fix for fix in line_fixes if fix not in fixes)
    return "\n".join(lines), fixes


class RepairEncoding(Stage):
    """Repair broken entities, invisible characters, mojibake and control characters."""

    name = "repair"

    def process_item(self, item: Article) -> Article:
        """Replace `decoded` with its repair and record each kind of fix applied."""
        item.decoded, fixes = repair_text(item.decoded or "")
        for fix in fixes:
            item.record_fix(fix)
        return item
