"""Literal strings a regular expression cannot match without.

`required_literals(pattern)` returns a set of strings such that every match of the pattern
contains at least one of them (or None when no such set is known). A line that contains none
of a rule's strings cannot match the rule, so one multi-string search over a line (see
phrases.py) rules out most of the phrase table before any regular expression runs. This is
the prefilter idea of RE2 and codesearch, on Python's own parse of the pattern.
`required_literal_sets(pattern)` gives the sets of the pattern's top-level items separately:
a match holds a string of each (a link and a spam word), so a line may be ruled out by a set
the index does not search for.

The analysis is conservative: anything it does not understand (classes, lookarounds,
inline flags, repeats that may be empty) counts as "any string", which only weakens the
filter, never makes it reject a line the pattern matches.
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Callable, Iterable
from typing import Any

try:  # the parser Python's `re` compiles with (a private module since 3.11)
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

Strings = frozenset[str]
# A node's facts: every string it can match (None if unknown or too many), and strings one of
# which every match contains (None if nothing is known).
Facts = tuple[Strings | None, Strings | None]

MAX_EXACT = 64
# Character classes of up to this many characters are known sets of one-character strings.
MAX_CLASS = 4096
# Short strings ("ad", "com") occur in most lines; a set is judged by its shortest string up
# to this length, then by how few strings it has.
SPECIFIC_LENGTH = 8
REPEATS = tuple(op for op in (sre.MAX_REPEAT, sre.MIN_REPEAT,
                              getattr(sre, "POSSESSIVE_REPEAT", None)) if op is not None)
UNKNOWN: Facts = (None, None)


def minimal(strings: Iterable[str]) -> Strings:
    """`strings` without those that contain another member (the shorter one implies them).

    Classes give sets of thousands of one-character strings, so those are kept in a set and
    looked up, not compared pairwise (distinct strings of one length never contain each other).
    """
    unique = set(strings)
    if "" in unique:
        return frozenset({""})
    characters = {string for string in unique if len(string) == 1}
    kept: list[str] = []
    for string in sorted(unique - characters, key=len):
        if characters.isdisjoint(string) and not any(shorter in string for shorter in kept):
            kept.append(string)
    return frozenset(characters.union(kept))


def selectivity(strings: Strings | None) -> tuple[int, int]:
    """How well a set filters lines (higher is better): long strings, then few of them."""
    if strings is None:
        return (-1, 0)
    shortest = min(len(s.strip()) for s in strings)
    return (min(shortest, SPECIFIC_LENGTH), -len(minimal(strings)))


# How a caller ranks two required sets (higher is better); see `required_literals`.
RANK: contextvars.ContextVar[Callable[[Strings], Any]] = contextvars.ContextVar(
    "RANK", default=selectivity)


def better(a: Strings | None, b: Strings | None) -> Strings | None:
    """The better of two sets that are both required, by the caller's ranking."""
    if a is None or b is None:
        return b if a is None else a
    rank = RANK.get()
    return a if rank(a) >= rank(b) else b


def required_of(facts: Facts) -> Strings | None:
    """A node's required strings, using its exact strings when none is empty."""
    exact, required = facts
    if exact is not None and "" not in exact:
        return better(exact, required)
    return required


def branch_facts(alternatives: list[list]) -> Facts:
    """An alternation: one alternative's strings occur; exact strings are the union."""
    facts = [sequence_facts(alternative) for alternative in alternatives]
    exacts = [exact for exact, _ in facts]
    exact = None
    if all(e is not None for e in exacts):
        exact = frozenset().union(*exacts)
        exact = exact if len(exact) <= MAX_EXACT else None
    required = [required_of(f) for f in facts]
    if any(r is None for r in required):
        return exact, None
    return exact, frozenset().union(*required)


def repeat_facts(low: int, high: int, body: list) -> Facts:
    """A repeat: required strings only if it repeats at least once."""
    exact, required = sequence_facts(body)
    if low == 0:
        return (exact | {""}, None) if high == 1 and exact is not None else UNKNOWN
    if low == high == 1:
        return exact, required
    return None, required_of((exact, required))


def class_facts(items: list) -> Facts:
    """A character class: its characters, when it lists characters and short ranges."""
    characters: set[str] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            characters.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] < MAX_CLASS:
            characters.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return UNKNOWN  # negated, categories (\w, \s), long ranges
    return (frozenset(characters), None) if len(characters) <= MAX_CLASS else UNKNOWN


def group_facts(arg: tuple) -> Facts:
    """A group: its body's facts, unless it changes case sensitivity inside."""
    _group, add_flags, del_flags, body = arg
    if (add_flags | del_flags) & sre.SRE_FLAG_IGNORECASE:
        return UNKNOWN  # its literals would not be the strings searched for
    return sequence_facts(body)


NODE_FACTS = {
    sre.LITERAL: lambda code: (frozenset({chr(code)}), None),
    sre.AT: lambda _: (frozenset({""}), None),  # anchors and boundaries match ""
    sre.IN: class_facts,
    sre.SUBPATTERN: group_facts,
    sre.BRANCH: lambda arg: branch_facts(arg[1]),
    **{op: lambda arg: repeat_facts(*arg) for op in REPEATS},
}


def node_facts(op: object, arg: object) -> Facts:
    """Facts of one parsed node.

    Other kinds (any character, categories, lookarounds, group references) are unknown.
    """
    handler = NODE_FACTS.get(op)
    return handler(arg) if handler else UNKNOWN


def sequence_facts(items: Iterable) -> Facts:
    """A concatenation: exact strings multiply out while few; every run is a candidate.

    Candidates for the required set are each item's own, each run of single-string items
    (a literal such as " may not be "), and each run of items whose exact strings multiply
    out; the most selective wins.
    """
    product: Strings = frozenset({""})
    exact_so_far, best, run = True, None, ""
    for op, arg in items:
        exact, required = node_facts(op, arg)
        if exact is not None and len(exact) == 1:
            run += next(iter(exact))
        elif run:
            best, run = better(best, frozenset({run})), ""
        if exact is not None:
            grown = frozenset(a + b for a, b in itertools.product(product, exact))
            if len(grown) <= MAX_EXACT:
                product = grown
                continue
        best = better(better(best, required_of((product, None))),
                      required_of((exact, required)))
        exact_so_far = False
        product = exact if exact is not None else frozenset({""})
    if run:
        best = better(best, frozenset({run}))
    best = better(best, required_of((product, None)))
    return (product if exact_so_far else None), best


def required_literals(pattern: str, flags: int = 0,
                      rank: Callable[[Strings], Any] = selectivity) -> Strings | None:
    """Strings one of which every match of `pattern` contains; None if none are known.

    Where several sets are required (each item of a sequence), the one `rank` puts highest
    is kept: by default long strings, then few (`selectivity`); a caller that knows which
    characters are common in its text can rank by that instead. Patterns with a global
    IGNORECASE flag get None: their literals may match in any case.
    """
    parsed = sre_parse.parse(pattern, flags)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return None
    token = RANK.set(rank)
    try:
        required = required_of(sequence_facts(parsed))
    finally:
        RANK.reset(token)
    return None if required is None else minimal(required)


def required_literal_sets(pattern: str, flags: int = 0) -> list[Strings]:
    """Sets of strings, one string of each of which every match of `pattern` contains.

    One set for each item of the pattern's top-level sequence that has required strings
    (`required_literals` keeps the most selective set of all only). Empty for patterns
    with a global IGNORECASE flag, like `required_literals`.
    """
    parsed = sre_parse.parse(pattern, flags)
    if parsed.state.flags & sre.SRE_FLAG_IGNORECASE:
        return []
    found = (required_of(node_facts(op, arg)) for op, arg in parsed)
    return [minimal(required) for required in found if required is not None]


def character_class(characters: Iterable[str]) -> str:
    """A regular-expression class matching exactly `characters`, as ranges of code points."""
    codes = sorted({ord(c) for c in characters})
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}"
                         for a, b in ranges) + "]"
