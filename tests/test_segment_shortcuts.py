"""Faster ways the segmenter decides give the answers of the plain definitions they replace.

Each test keeps the plain definition as the reference and compares on generated input.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from segment_reference import opening_paragraph, revise_short

from pipeline.cleaning.lines import LineInfo
from pipeline.cleaning.segment import (
    CERTAIN_METADATA,
    ENUMERATOR,
    METADATA_REACH,
    describe,
    line_facts,
    numbered_items,
)
from pipeline.cleaning.stopwords import (
    GUESS_SAMPLE_WORDS,
    MIN_COVERAGE,
    guess_language,
    language_counts,
    line_words,
    stoplist,
    word_languages,
)

CLASSES = st.lists(st.sampled_from(["good", "bad", "neargood", "short"]), max_size=40)


def reference_neighbour(infos: list[LineInfo], i: int, step: int, skip_neargood: bool) -> str:
    """Class of the nearest line before (step -1) or after (+1) that is good or bad."""
    i += step
    while 0 <= i < len(infos):
        cls = infos[i].cls
        if cls in ("good", "bad") or (cls == "neargood" and not skip_neargood):
            return cls
        i += step
    return "bad"


def reference_revise_short(infos: list[LineInfo]) -> None:
    """Short lines between prose become prose; between boilerplate, boilerplate."""
    decided = {}
    for i, info in enumerate(infos):
        if info.cls != "short":
            continue
        before = reference_neighbour(infos, i, -1, True)
        after = reference_neighbour(infos, i, 1, True)
        if before == after:
            decided[i] = before
        elif "neargood" in (reference_neighbour(infos, i, -1, False),
                            reference_neighbour(infos, i, 1, False)):
            decided[i] = "good"
        else:
            decided[i] = "bad"
    for i, cls in decided.items():
        infos[i].cls = cls


def lines_of(classes: list[str]) -> list[LineInfo]:
    return [LineInfo(f"line {i}", 2, 0.0, 2, cls=cls) for i, cls in enumerate(classes)]


@settings(max_examples=1000, deadline=None)
@given(CLASSES)
def test_revise_short_is_the_neighbour_by_neighbour_revision(classes):
    fast, slow = lines_of(classes), lines_of(classes)
    revise_short(fast)
    reference_revise_short(slow)
    assert [info.cls for info in fast] == [info.cls for info in slow]


def reference_opens_after_metadata(infos: list[LineInfo], index: int) -> bool:
    """Prose right after a byline or date line: where a news article's body starts."""
    before = infos[max(0, index - METADATA_REACH):index]
    return any(info.meta in CERTAIN_METADATA for info in before)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["good", "bad", "neargood", "short"]),
                          st.sampled_from([None, "byline", "date", "reading_time", "names"])),
                max_size=30))
def test_opening_paragraph_is_the_first_prose_line_after_metadata(rows):
    infos = [LineInfo(f"line {i}", 2, 0.0, 2, meta=meta) for i, (_, meta) in enumerate(rows)]
    classes = [cls for cls, _ in rows]
    expected = next((i for i, cls in enumerate(classes) if cls in ("good", "neargood")
                     and reference_opens_after_metadata(infos, i)), None)
    assert opening_paragraph(infos, classes) == expected


# Lines of stop words from several languages (and other words), so that the guess meets
# ties, mixed languages and lines without any stop word.
WORDS = st.sampled_from(["the", "of", "and", "die", "der", "und", "le", "la", "et", "de",
                         "el", "los", "y", "и", "в", "не", "que", "a", "in", "è", "il",
                         "cat", "Berlin", "report", "2024", "don't", "l’homme", "—", "中文"])
PAGE = st.lists(st.lists(WORDS, max_size=30).map(" ".join), max_size=12)


def reference_guess(lines: list[str]) -> frozenset[str]:
    """The guess from the sample's words, one by one (stopwords.language_counts)."""
    sample: list[str] = []
    for line in sorted(lines, key=len, reverse=True):
        sample.extend(line_words(line))
        if len(sample) >= GUESS_SAMPLE_WORDS:
            break
    counts = language_counts(sample)
    best = max(counts.values(), default=0)
    if not best:
        return frozenset()
    tied = {language for language, count in counts.items() if count == best}
    language = next(language for word in sample for language in word_languages().get(word, ())
                    if language in tied) if len(tied) > 1 else tied.pop()
    return stoplist(language) if best / len(sample) >= MIN_COVERAGE else frozenset()


@settings(max_examples=500, deadline=None)
@given(PAGE)
def test_guess_from_the_lines_words_is_the_guess_from_their_words(lines):
    facts = [line_facts(line) for line in lines]
    language = guess_language(lines, [f.tokens for f in facts])
    assert (stoplist(language) if language else frozenset()) == reference_guess(lines)
    alone = guess_language(lines)   # the words found and counted here
    assert (stoplist(alone) if alone else frozenset()) == reference_guess(lines)


@settings(max_examples=300, deadline=None)
@given(PAGE)
def test_densities_from_the_guess_counters_are_the_counted_densities(lines):
    facts = [line_facts(line) for line in lines]
    counters: dict[int, int] = {}
    language = guess_language(lines, [f.tokens for f in facts], counters)
    stops = stoplist(language) if language else frozenset()
    counted = describe(lines, stops, facts=facts)
    packed = describe(lines, stops, facts=facts, language=language, counters=counters)
    assert [info.stop_density for info in packed] == [info.stop_density for info in counted]


def reference_numbered_items(infos: list[LineInfo]) -> set[int]:
    """Indexes of lines in a numbered list, every line tried with the pattern."""
    numbers = {}
    for i, info in enumerate(infos):
        found = ENUMERATOR.match(info.text)
        if found and not info.rule:
            numbers[i] = int(found.group(1))
    return {i for i, number in numbers.items()
            if any(numbers.get(j) in (number - 1, number + 1) for j in range(i - 2, i + 3))}


ITEM_STARTS = st.sampled_from(["1. ", "2) ", "(3) ", "٣. ", "٤) ", "12. ", " 1. ", "x. ", "", "(",
                               "¹. ", "²) ", "1.", "3)\t"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(ITEM_STARTS, st.text(max_size=6), st.booleans()), max_size=12))
def test_numbered_items_are_the_lines_the_pattern_numbers(rows):
    infos = [LineInfo(start + rest, 2, 0.0, 2, rule="navigation" if ruled else None)
             for start, rest, ruled in rows]
    assert numbered_items(infos) == reference_numbered_items(infos)
