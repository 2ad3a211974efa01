"""Encoding repair: entities, invisible characters, then ftfy where text can need it."""

from __future__ import annotations

import re

import ftfy

from pipeline.article import Article
from pipeline.cleaning.characters import remove_invisible
from pipeline.cleaning.entities import repair_entities
from pipeline.cleaning.ftfy_gate import UNUSUAL_BIT, code_unit_flags, needs_ftfy, suspect_lines
from pipeline.stages.base import Stage

# ftfy's defaults turn curly quotes into straight ones; news text keeps its typography.
# Entities are handled before ftfy (repair_entities), so ftfy's own guessing is off.
# Line breaks are the whitespace stage's job, so that each kind is recorded once, by name.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False,
                                   fix_line_breaks=False, explain=True)

# ftfy explains a mojibake repair as a chain of encode/decode steps; one fix name covers them.
MOJIBAKE_STEPS = frozenset({"encode", "decode", "transcode"})

MAX_FTFY_PASSES = 3
# Runs of the spaces the whitespace stage folds to one: every whitespace character (all lie
# below U+3001) but those it turns into line breaks (CR, VT, FF, NEL, U+2028, U+2029).
PARAGRAPH_BREAK = re.compile("(\r\n?|[\x0b\x0c\u2028\u2029])")  # NEL is C1: ftfy's to fix
SPACE_RUN = re.compile("[" + re.escape("".join(
    c for c in map(chr, range(0x3001))
    if c.isspace() and c not in "\n\r\x0b\x0c\x85\u2028\u2029")) + "]+")


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


def settled_fix(line: str) -> tuple[str, list[str]]:
    r"""`ftfy_fix` of a line, re-applied to it as the whitespace stage will leave it.

    ftfy judges a text as a whole: "\xa0Ü\x86", "ð\t\x80\x81" or "\x83ß\r\x80" are read one
    way as they stand and another once the whitespace stage has trimmed, folded and split
    them ("Ü\x86" is mojibake), so cleaning the cleaned text would change it again. When ftfy
    would change any paragraph in its final spacing, that second reading is taken now.
    (Spacing cannot be folded before ftfy: "Ã\xa0" is the mojibake of "à", "Ã " is not.)
    """
    fixed, names = ftfy_fix(line)
    if fixed == line and not names and " ".join(line.split()) == line:
        return line, []   # ftfy leaves it, and the whitespace stage would too: settled
    return settle(fixed, names)


def settle(fixed: str, names: list[str]) -> tuple[str, list[str]]:
    """ftfy's output `fixed` (with the fixes' `names`) re-read in its final spacing."""
    for _ in range(MAX_FTFY_PASSES):
        parts = PARAGRAPH_BREAK.split(fixed)  # odd items are the breaks themselves
        final = [SPACE_RUN.sub(" ", part).strip(" ") for part in parts[::2]]
        refixed = [ftfy_fix(paragraph) for paragraph in final]
        if all(text == paragraph for (text, _), paragraph in zip(refixed, final, strict=True)):
            break
        parts[::2] = [text for text, _ in refixed]
        fixed = "".join(parts)
        names += [name for _, more in refixed for name in more]
    return fixed, list(dict.fromkeys(names))


def repair_text(text: str) -> tuple[str, list[str]]:
    """All encoding repairs of one text, in order, with the names of those applied.

    ftfy runs line by line: its guess about one line must not depend on other lines, which
    cleaning may later remove (that would make cleaning the output give another answer).
    """
    text, fixes = repair_entities(text)
    if code_unit_flags(text) & UNUSUAL_BIT:  # else it has no invisible character either
        text, removed = remove_invisible(text)
        if removed:
            fixes.append("invisible_characters")
    suspects = suspect_lines(text)  # the other lines ftfy would leave as they are
    if not suspects:
        return text, fixes
    lines = text.split("\n")
    for i in suspects:
        lines[i], line_fixes = settled_fix(lines[i])
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
