"""Encoding repair: entities, invisible characters, then ftfy where text can need it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import ftfy
from ftfy import ExplanationStep

from pipeline.article import Article
from pipeline.cleaning.characters import remove_invisible
from pipeline.cleaning.entities import repair_entities
from pipeline.cleaning.ftfy_gate import (
    FIXER_CHARACTERS,
    SPACING,
    UNUSUAL_BIT,
    code_unit_flags,
    may_be_mojibake,
    needs_ftfy,
    needy_lines,
    suspect_lines,
)
from pipeline.stages.base import Stage

# ftfy's defaults turn curly quotes into straight ones; news text keeps its typography.
# Entities are handled before ftfy (repair_entities), so ftfy's own guessing is off.
# Line breaks are the whitespace stage's job, so that each kind is recorded once, by name.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False,
                                   fix_line_breaks=False, explain=True)

# ftfy explains a mojibake repair as a chain of encode/decode steps; one fix name covers them.
MOJIBAKE_STEPS = frozenset({"encode", "decode", "transcode"})

MAX_FTFY_PASSES = 3
# ftfy's own one step of decoding, which fix_encoding repeats as ftfy does. (Private: the
# property tests check the whole against ftfy's public fix_and_explain.)
fix_encoding_one_step = ftfy._fix_encoding_one_step_and_explain
# The fixers ftfy.fix_and_explain applies after fix_encoding, in its order (ftfy 6), those
# FTFY_CONFIG turns on. Each changes only text with one of ftfy_gate's fixers' characters.
CHARACTER_FIXERS = [(name, ftfy.FIXERS[name]) for name in (
    "fix_c1_controls", "fix_latin_ligatures", "fix_character_width", "uncurl_quotes",
    "fix_line_breaks", "fix_surrogates", "remove_terminal_escapes", "remove_control_chars")
    if getattr(FTFY_CONFIG, name)]
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
        fixed, steps, settled = fix_and_explain(text)
        names.extend(map(fix_name, steps))
        if fixed == text or settled:   # another pass would change nothing
            text = fixed
            break
        text = fixed
    return text, list(dict.fromkeys(names))


def fix_and_explain(text: str) -> tuple[str, list[ExplanationStep], bool]:
    """`ftfy.fix_and_explain(text, config=FTFY_CONFIG)`, without the work that finds nothing.

    The text, the steps, and whether ftfy is known to leave the text as it is now. ftfy
    repeats its round of fixes until the text stops changing: a round of a text needs_ftfy
    says it leaves alone is not run (it would change nothing and explain nothing). Within a
    round, the character fixers (ftfy_gate) run only on text with a fixer's character. That
    makes a line of mojibake cost one round, not two. (Tested against ftfy itself.)
    """
    steps: list[ExplanationStep] = []
    while True:
        before = text
        text = fix_encoding(text, steps)
        if FIXER_CHARACTERS.search(text):
            text = apply_fixers(text, steps)
        if FTFY_CONFIG.normalization is not None:
            normal = unicodedata.normalize(FTFY_CONFIG.normalization, text)
            if normal != text:
                steps.append(ExplanationStep("normalize", FTFY_CONFIG.normalization))
            text = normal
        if text == before:
            return text, steps, False
        if not needs_ftfy(text):
            return text, steps, True


def fix_encoding(text: str, steps: list[ExplanationStep]) -> str:
    """`ftfy.fix_encoding_and_explain(text, config=FTFY_CONFIG)`, its steps added to `steps`.

    ftfy repeats its one step of decoding until the text stops changing, and the step first
    searches the whole text for a badness match (ftfy.badness.is_bad): a text without one
    comes back unchanged and unexplained. That search is made here in the windows around the
    hints instead (ftfy_gate.may_be_mojibake, the same answer), so the step that finds a
    repaired line clean costs a few small searches rather than ftfy's whole one.
    """
    while not text.isascii() and may_be_mojibake(text):
        fixed, plan = fix_encoding_one_step(text, FTFY_CONFIG)
        steps.extend(plan or ())
        if fixed == text:
            break
        text = fixed
    return text


def apply_fixers(text: str, steps: list[ExplanationStep]) -> str:
    """ftfy's character fixers FTFY_CONFIG turns on, in ftfy's order, each change explained."""
    for name, fixer in CHARACTER_FIXERS:
        fixed = fixer(text)
        if fixed != text:
            steps.append(ExplanationStep("apply", name))
        text = fixed
    return text


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


def lines_to_settle(text: str) -> Sequence[int]:
    """Indexes of the lines of `text` (split at line feeds) that `settled_fix` may change.

    The suspect_lines, which are the lines near a badness match, or every line (a text with
    a fixer's character, or not NFC). Of every line, settled_fix changes only those ftfy
    may change (needy_lines) and those it re-reads in their final spacing (respaced_lines):
    ftfy_fix leaves any other line alone, and settled_fix then returns it as it is.
    """
    suspects = suspect_lines(text)
    if not isinstance(suspects, range):   # a list: the lines near a badness match
        return suspects
    needy = needy_lines(text)
    if isinstance(needy, range):
        return needy
    return sorted({*needy, *respaced_lines(text)})


def respaced_lines(text: str) -> list[int]:
    """Indexes of the lines of `text` the whitespace stage would change (see settled_fix)."""
    if not (code_unit_flags(text) & SPACING or "  " in text or "\n " in text or " \n" in text
            or text.startswith(" ") or text.endswith(" ")):
        return []
    return [number for number, line in enumerate(text.split("\n"))
            if " ".join(line.split()) != line]


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
    suspects = lines_to_settle(text)  # the other lines settled_fix would leave as they are
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
