"""Metadata lines (bylines, dates, credits) are recognised by their shape."""

from __future__ import annotations

import pytest

from pipeline.cleaning.metadata_lines import metadata_kind
from pipeline.cleaning.reflow import reflow


def kind(line: str) -> str | None:
    return metadata_kind(line, len(line.split()))


@pytest.mark.parametrize(("line", "expected"), [
    ("By Elaine Chen", "byline"),
    ("Written by Tom O'Neil and Ana Silva", "byline"),
    ("(Reporting by Ana Silva in Lisbon; Editing by Mark Potter and Peter Graff)", "byline"),
    ("Von Anna Schmidt", "byline"),
    ("Dec. 18, 2025", "date"),
    ("Updated 10:01 pm PST, Tuesday, November 19, 2019", "date"),
    ("2019-05-13 06:22:58 GMT", "date"),
    ("14.05.2019, 18:03 Uhr", "date"),
    ("The Herald logo The Herald 5/14/2019 Jane Doe", "date"),
    ("5 min read", "reading_time"),
    ("Sabra Ayres And Tracy Wilkinson, Los Angeles Times on", "names"),
    ("• Victor Vladimirov", "names"),
    ("• News Service « Voices of america»", "credit"),
    ("Meg James is a corporate media reporter for the Los Angeles Times.", "bio"),
])
def test_metadata_line_kinds(line, expected):
    assert kind(line) == expected


@pytest.mark.parametrize("line", [
    "The council met on May 14, 2019, to vote on the budget, which passed narrowly after a long debate.",
    "On Monday, May 13 the talks began in Sochi.",
    "Pompeo to meet in Sochi with Putin and Lavrov on Tuesday",
    "Whelan was accused of espionage, a charge he denies.",
])
def test_article_text_is_not_metadata(line):
    assert kind(line) is None


def test_hard_wrapped_paragraphs_are_joined_and_separate_paragraphs_are_not():
    wrapped = [
        "The agency said on Thursday that watering will be limited to two days",
        "a week from June, citing reservoir levels that are well below the",
        "seasonal average for this time of the year in the whole region.",
        "Households that exceed their allocation will pay a surcharge, and the",
        "agency will offer rebates for residents who replace grass with plants",
        "that need less water, officials said at a news conference on Friday.",
        "Officials said the rules could be lifted early if spring rainfall is",
        "above normal.",
    ]
    lines, joined = reflow(wrapped)
    assert joined
    assert lines == [" ".join(wrapped[0:3]), " ".join(wrapped[3:6]), " ".join(wrapped[6:8])]


def test_text_that_is_not_hard_wrapped_is_left_alone():
    lines = ["Headline of the story", "First paragraph ends here.", "second line in lower case"]
    assert reflow(lines) == (lines, False)
