"""Faster ways the segmenter decides give the answers of the plain definitions they replace.

Each test keeps the plain definition as the reference and compares on generated input.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning.lines import LineInfo
from pipeline.cleaning.segment import (
    CERTAIN_METADATA,
    METADATA_REACH,
    opening_paragraph,
    revise_short,
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
