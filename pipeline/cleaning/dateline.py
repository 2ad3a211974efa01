"""The dateline that opens a news story: "SOCHI, Russia —", "MOSCOW --", "LONDON (Reuters) -".

The place is written in capitals (at least its first part), may be followed by a region or
country, a date and the wire service in brackets, and ends with a dash. The dateline stays in
the text; `dateline()` returns only the place.
"""

from __future__ import annotations

import re

from pipeline.cleaning.metadata_lines import MONTHS

PLACE = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+(?:\s+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\-]+){0,3}"
REGION = r"[A-ZÀ-ÖØ-Þ][\w'’.\-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.\-]*){0,2}"
DATE = rf"(?i:{MONTHS})\s+\d{{1,2}}(?:,\s*\d{{4}})?|\d{{1,2}}\s+(?i:{MONTHS})(?:\s+\d{{4}})?"
DATELINE = re.compile(
    rf"^(?P<place>{PLACE}(?:,\s+{REGION})?)"
    rf"(?:,\s+(?:{DATE}))?"
    r"(?:\s*\((?:[A-Z][\w.&' -]{0,30})\))?"
    r"\s*(?:—|–|--|-|:)(?=\s*\S)")
MIN_PLACE_LETTERS = 3
# Capitalised labels that open a paragraph the way a place does: not places.
LABELS = frozenset({"UPDATE", "UPDATED", "BREAKING", "BREAKING NEWS", "EXCLUSIVE", "WATCH",
                    "VIDEO", "PHOTOS", "ANALYSIS", "OPINION", "EDITORIAL", "LIVE", "CORRECTION",
                    "NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "FILE", "FACTBOX", "EXPLAINER",
                    "COMMENT", "REVIEW", "Q&A", "FAQ", "ADVERTISEMENT", "WARNING", "SPOILER"})


def dateline(first_line: str) -> str | None:
    """The place of the dateline that opens `first_line`, or None."""
    found = DATELINE.match(first_line.strip())
    if not found:
        return None
    place = found["place"].strip()
    capitals = place.split(",")[0]
    # A lone capitalised word ("A -", "OK -") or a shouted sentence start is not a place.
    if sum(map(str.isalpha, capitals)) < MIN_PLACE_LETTERS or not capitals.isupper()\
            or capitals.strip() in LABELS:
        return None
    return place
