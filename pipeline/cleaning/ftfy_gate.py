"""Which lines ftfy can change: a precise gate, so that ftfy runs only where it may act.

`ftfy.fix_and_explain` with the repair stage's configuration applies, in order:

1. `fix_encoding`, which leaves a text alone when it is ASCII or `ftfy.badness.is_bad` finds
   no mojibake-like sequence in it;
2. fixers that each replace characters from a fixed table or pattern (C1 controls,
   ligatures, full-width forms, surrogates, terminal escapes, control characters);
3. NFC normalisation.

So a line that is NFC, holds none of the fixers' characters and is not `is_bad` comes back
unchanged with an empty explanation (the property tests check this against ftfy itself).
The fixers' characters are read from ftfy's own tables. `is_bad` is one large regular
expression that costs about as much as the rest of ftfy; every match of it contains one of a
few hint strings (found by pipeline.cleaning.literals, preferring symbols to letters, which
valid text is full of) and is at most a few characters long, so it is searched only in small
windows around the hints a line contains.

Every match also holds an "unusual" character: neither ASCII nor one of the typography news
is full of (curly quotes, dashes, ...: TYPOGRAPHIC, checked at import). So a text without
one has nothing to search, and a typographic hint needs a window only with an unusual
character in reach. Whether a text has fixers' or unusual characters, or can be other than
NFC, is read from its UTF-16 code units in one numpy lookup (UNIT_FLAGS).

The characters read from ftfy are kept in the disk cache (pipeline.cache), keyed by ftfy's
version and this code, so a run does not weigh the badness pattern again at every start.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from ftfy import chardata, fixes
from ftfy.badness import BADNESS_RE

from pipeline.cache import cache_key, cached
from pipeline.cleaning import literals
from pipeline.cleaning.characters import INVISIBLE_CHARACTERS, remember_last, utf16_units
from pipeline.cleaning.literals import Strings, character_class, required_literals

try:
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]


def fixer_characters() -> set[str]:
    """Characters one of which a line holds if one of ftfy's character fixers can change it.

    (A required string stands for its first character: one class is one fast scan.)
    """
    strings: set[str] = set()
    for table in (chardata.LIGATURES, chardata.WIDTH_MAP, chardata.CONTROL_CHARS):
        strings.update(map(chr, table))
    for pattern in (chardata.C1_CONTROL_RE, fixes.SURROGATE_RE, fixes.ANSI_RE):
        required = (class_characters(pattern.pattern, pattern.flags)
                    or required_literals(pattern.pattern, pattern.flags))
        if required is None:
            raise ValueError(f"no required strings for ftfy's pattern {pattern.pattern!r}")
        strings.update(string[0] for string in required)
    return strings


def class_characters(pattern: str, flags: int) -> set[str] | None:
    """The characters of a pattern that is one character class of literals and ranges.

    (What required_literals finds for it too, without weighing thousands of one-character
    strings against each other: the surrogates' class took a quarter of a second at import.)
    None for any other pattern.
    """
    parsed = sre_parse.parse(pattern, flags)
    if flags & re.IGNORECASE or len(parsed) != 1 or parsed[0][0] is not sre.IN:
        return None
    characters: set[str] = set()
    for op, argument in parsed[0][1]:
        if op is sre.LITERAL:
            characters.add(chr(argument))
        elif op is sre.RANGE:
            characters.update(map(chr, range(argument[0], argument[1] + 1)))
        else:
            return None
    return characters


def frequency(string: str) -> float:
    """A rough guess of how often valid text holds `string`.

    ASCII is everywhere, then lower-case letters of other scripts, then capitals, then
    symbols; characters are taken as independent.
    """
    guess = 1.0
    for character in string:
        guess *= (1.0 if character.isascii() else 0.02 if character.islower()
                  else 0.004 if character.isalpha() else 0.001)
    return guess


def commonness(strings: Strings) -> tuple[float]:
    """Rank for hint sets (higher is better): the rarer in valid text, the better."""
    return (-sum(map(frequency, strings)),)


def mojibake_hints() -> set[str]:
    """Characters one of which every match of ftfy's badness pattern contains.

    Of a required string, its rarest character stands for it (one class is one fast scan).
    """
    hints = required_literals(BADNESS_RE.pattern, BADNESS_RE.flags, rank=commonness)
    if hints is None or any(hint.isascii() for hint in hints):
        raise ValueError("ftfy's badness pattern has no non-ASCII hint strings")
    return {min(hint, key=frequency) for hint in hints}


# A badness match is at most this long: around a hint, the window reaches this far.
_, REACH = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()
if REACH >= sre_parse.MAXREPEAT:  # pragma: no cover - a future ftfy may change it
    raise ValueError("ftfy's badness pattern has unbounded matches")
BADNESS_BY_LINE = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)


def typographic_characters(candidates: str) -> frozenset[str]:
    """The candidates, if every badness match holds a character neither ASCII nor one of them.

    (Found with required_literals ranking sets of such "usual" strings last: if the strings
    one of which every match holds are all unusual, so is every match.) Empty otherwise.
    """
    def usual(string: str) -> bool:
        return all(character.isascii() or character in candidates for character in string)

    def rank(strings: Strings) -> tuple[float]:
        return (-sum(1e9 if usual(string) else 1.0 for string in strings),)

    required = required_literals(BADNESS_RE.pattern, BADNESS_RE.flags, rank=rank)
    if required is None or any(map(usual, required)):
        return frozenset()
    return frozenset(candidates)


# Typography valid text is full of: curly quotes, dashes, the ellipsis, guillemets, (c).
TYPOGRAPHIC_CANDIDATES = "“”‘’—–…«»©°•·"


def derive_characters() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The fixers' characters, the hints and the TYPOGRAPHIC characters, read from ftfy."""
    return (frozenset(fixer_characters()), frozenset(mojibake_hints()),
            typographic_characters(TYPOGRAPHIC_CANDIDATES))


def derived_characters() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """`derive_characters()`, from the disk cache when it holds them (pipeline.cache).

    (Weighing the badness pattern's required strings took a tenth of a second at every
    start; the answer depends only on ftfy's version and this code.)
    """
    key = cache_key(sources=[__file__, literals.__file__], packages=["ftfy"])
    return cached("ftfy-gate-characters", key, derive_characters, tuple)


FIXER_SET, HINT_SET, TYPOGRAPHIC = derived_characters()
FIXER_CHARACTERS = re.compile(character_class(FIXER_SET))
HINT_CHARACTERS = re.compile(character_class(HINT_SET))
# One scan finds both kinds of character in a whole text.
ATTENTION = re.compile(character_class(FIXER_SET | HINT_SET))
UNUSUAL = re.compile(r"[^\x00-\x7f" + "".join(map(re.escape, sorted(TYPOGRAPHIC))) + "]")

# What a UTF-16 code unit tells `suspect_lines`, as bits. A character below U+0300 or a
# TYPOGRAPHIC one is NFC on its own, combines with nothing (no canonical composition ends
# with it) and has combining class 0, so a text of such characters only is NFC (Unicode's
# quick check); others leave NFC to be checked.
# HINT marks the hint characters (all in the BMP), so that they are found in the same pass.
# SPACING marks the whitespace the whitespace stage changes wherever it stands (all but the
# space and the line feed), for the repair stage (pipeline.stages.repair.respaced_lines).
FIXER, UNUSUAL_BIT, UNCHECKED_NFC, SURROGATE, HINT, SPACING = 1, 2, 4, 8, 16, 32
BMP = 0x10000
WHITESPACE_END = 0x3001   # every whitespace character lies below (tested)


def nfc_safe(character: str) -> bool:
    """A character below U+0300 or TYPOGRAPHIC that is NFC alone, of combining class 0."""
    return ((character < "\u0300" or character in TYPOGRAPHIC)
            and unicodedata.combining(character) == 0
            and unicodedata.is_normalized("NFC", character))


def unit_flags() -> np.ndarray:
    """The bits of each UTF-16 code unit.

    A surrogate stands for a character past the BMP, or is a lone one, which ftfy fixes:
    either way `suspect_lines` scans such text.
    """
    flags = np.zeros(BMP, dtype=np.uint8)
    flags[[ord(ch) for ch in FIXER_SET if ord(ch) < BMP]] |= FIXER
    flags[0x80:] |= UNUSUAL_BIT
    flags[[ord(ch) for ch in TYPOGRAPHIC]] &= ~np.uint8(UNUSUAL_BIT)
    flags |= UNCHECKED_NFC
    safe = [point for point in [*range(0x300), *map(ord, TYPOGRAPHIC)] if nfc_safe(chr(point))]
    flags[safe] &= ~np.uint8(UNCHECKED_NFC)
    flags[0xD800:0xE000] |= SURROGATE
    flags[[ord(ch) for ch in HINT_SET]] |= HINT
    flags[[point for point in range(WHITESPACE_END)
           if chr(point).isspace() and chr(point) not in " \n"]] |= SPACING
    return flags


UNIT_FLAGS = unit_flags()
if any(ord(ch) >= BMP for ch in HINT_SET) or not all(
        UNIT_FLAGS[ord(ch)] & UNUSUAL_BIT for ch in INVISIBLE_CHARACTERS):  # pragma: no cover
    raise ValueError("a hint past the BMP, or an invisible character that is not unusual")


def hint_windows(line: str) -> list[tuple[int, int]]:
    """Merged spans of `line` within REACH of a hint string: every badness match lies in one."""
    windows: list[tuple[int, int]] = []
    for hint in HINT_CHARACTERS.finditer(line):
        start, end = max(0, hint.start() - REACH), min(len(line), hint.end() + REACH)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def may_be_mojibake(line: str) -> bool:
    """`ftfy.badness.is_bad(line)`, searched only near the line's hint strings.

    `pattern.search(line, start, end)` sees the whole line (`^` only at its real start) but
    only matches within the window, which holds every match that contains the hint.
    """
    return any(BADNESS_RE.search(line, start, end) for start, end in hint_windows(line))


def needs_ftfy(line: str) -> bool:
    """Whether ftfy (as the repair stage configures it) may change `line` or explain a fix.

    Told by the code units' flags (see suspect_lines): without an unusual character there
    is no badness match to look for.
    """
    if line.isascii():
        return bool(FIXER_CHARACTERS.search(line))  # ASCII is NFC, and never mojibake
    flags = code_unit_flags(line)
    if flags & SURROGATE:
        return bool(FIXER_CHARACTERS.search(line)) or scanned_need(line)
    if flags & FIXER or (flags & UNCHECKED_NFC and not unicodedata.is_normalized("NFC", line)):
        return True
    return bool(flags & UNUSUAL_BIT) and may_be_mojibake(line)


def scanned_need(line: str) -> bool:
    """`needs_ftfy` of a non-ASCII line without a fixer's character, by scanning it."""
    return not unicodedata.is_normalized("NFC", line) or may_be_mojibake(line)


@remember_last
def code_unit_flags(text: str) -> int:
    """The UNIT_FLAGS of the text's UTF-16 code units, OR-ed together (one numpy pass).

    Every invisible character (pipeline.cleaning.characters) is unusual (checked at import),
    so a text without UNUSUAL_BIT has none.
    """
    bits = unit_bits(text)
    return int(np.bitwise_or.reduce(bits)) if len(bits) else 0


@remember_last
def unit_bits(text: str) -> np.ndarray:
    """The UNIT_FLAGS of each UTF-16 code unit of `text`."""
    return UNIT_FLAGS.take(utf16_units(text))


def suspect_lines(text: str) -> Sequence[int]:
    """Indexes of the lines of `text` (split at line feeds) that may need ftfy.

    With no fixer's character and NFC throughout (a line break never composes with its
    neighbours, so a text is NFC exactly when its lines are), only lines with a badness
    match near a hint can need ftfy, and only if the text has an unusual character at all
    (see TYPOGRAPHIC). Otherwise every line is a suspect (ftfy_fix checks each with
    needs_ftfy). Lines that are not suspects come back from ftfy unchanged. All that is
    first told by the code units' flags (UNIT_FLAGS), in one numpy pass. (`needy_lines` are
    fewer in a text with a fixer's character.)
    """
    flags = code_unit_flags(text)
    if flags & SURROGATE:
        return scanned_suspects(text)
    if flags & FIXER or (flags & UNCHECKED_NFC and not unicodedata.is_normalized("NFC", text)):
        return range(text.count("\n") + 1)
    if not flags & UNUSUAL_BIT:
        return []
    # No surrogate: each code unit is one character, so the hints' places are the text's.
    return hinted_suspects(text, np.flatnonzero(unit_bits(text) & HINT).tolist())


def scanned_suspects(text: str) -> Sequence[int]:
    """`suspect_lines` by one scan of the whole text for fixers' characters and hints."""
    if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return range(text.count("\n") + 1)
    if FIXER_CHARACTERS.search(text):
        return range(text.count("\n") + 1)
    return hinted_suspects(text, [found.start() for found in HINT_CHARACTERS.finditer(text)])


def hinted_suspects(text: str, hints: list[int]) -> list[int]:
    """The lines of a text (NFC, without fixers' characters) with a badness match near a hint.

    `hints` are the places of the text's hint characters, in order. The windows stay inside
    their line, and MULTILINE makes `^` match at each line's start, as on the line alone. A
    curly quote, dash or other TYPOGRAPHIC hint needs no window when no unusual character
    is within reach of it. Once a line is a suspect, its later hints need no search, and
    line numbers are counted on from the last suspect (not from the start each time).
    """
    suspects: list[int] = []
    suspect_end = -1       # where the last suspect line ends
    counted = number = 0   # `number` line feeds lie before place `counted`
    for place in hints:
        if place < suspect_end or (text[place] in TYPOGRAPHIC and not UNUSUAL.search(
                text, max(0, place - REACH), place + 1 + REACH)):
            continue   # a match holding a TYPOGRAPHIC hint would hold an unusual character
        line_start = text.rfind("\n", 0, place) + 1
        line_end = text.find("\n", place + 1)
        line_end = len(text) if line_end < 0 else line_end
        if BADNESS_BY_LINE.search(text, max(line_start, place - REACH),
                                  min(line_end, place + 1 + REACH)):
            number += text.count("\n", counted, line_start)
            counted, suspect_end = line_start, line_end
            suspects.append(number)
    return suspects



def needy_lines(text: str) -> Sequence[int]:
    """Indexes of the lines of `text` (split at line feeds) of which `needs_ftfy` may be true.

    suspect_lines takes every line of a text with a fixer's character (a page of mojibake
    holds a C1 control or two, and a few hundred lines ftfy leaves alone); these are only
    the lines that hold one or have a badness match near a hint (NFC throughout, as in
    suspect_lines), so a mojibake page costs a scan rather than a check of every line.
    """
    flags = code_unit_flags(text)
    if flags & SURROGATE:   # places in the text are not those of its code units: scan it
        if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
            return range(text.count("\n") + 1)
        fixers = [found.start() for found in FIXER_CHARACTERS.finditer(text)]
        hints = [found.start() for found in HINT_CHARACTERS.finditer(text)]
    else:
        if flags & UNCHECKED_NFC and not unicodedata.is_normalized("NFC", text):
            return range(text.count("\n") + 1)
        bits = unit_bits(text)
        fixers = np.flatnonzero(bits & FIXER).tolist()
        hints = np.flatnonzero(bits & HINT).tolist()
    return sorted({*line_numbers(text, fixers), *hinted_suspects(text, hints)})


def line_numbers(text: str, places: list[int]) -> list[int]:
    """The number of the line (split at line feeds) holding each of the ordered `places`."""
    numbers: list[int] = []
    counted = number = 0   # `number` line feeds lie before place `counted`
    for place in places:
        number += text.count("\n", counted, place)
        counted = place
        numbers.append(number)
    return numbers
