"""How telling a term is: its rarity in the language at large, from wordfreq's word lists.

Story grouping weighs terms the way IDF does, but a dump's own document frequencies are
useless when the dump is small (five articles that all say "Pompeo" make "Pompeo" look
common) and noisy when one story dominates a day. wordfreq (by the author of ftfy) gives each
word's frequency in a broad multilingual corpus, so "earthquake" weighs more than "said" and
"Sochi" more than "earthquake" in any dump. The weight is an IDF read from that frequency:
-log10 of the word's frequency per billion words mapped onto the usual IDF range.

Multi-word names ("Vladimir Putin") are as telling as the rarest word. Numbers are not in the
word lists: years weigh like a fairly common word, other numbers like a rarer one.
"""

from __future__ import annotations

import functools
import math
import re

import wordfreq

FALLBACK_LANGUAGE = "en"
# Zipf scale: log10 of frequency per billion words; "the" is about 7.7, a rare word about 1.
MAX_ZIPF = 9.0
ZIPF_TO_IDF = math.log(10) / 3
MIN_WEIGHT = 1.0
NAME_WEIGHT = MAX_ZIPF * ZIPF_TO_IDF
YEAR = re.compile(r"^(?:1[89]|2\d)\d\d$")
YEAR_WEIGHT = 3.0
NUMBER_WEIGHT = 4.0


@functools.cache
def frequencies(language: str) -> dict[str, float]:
    """wordfreq's word -> frequency table for a language (empty if it has none)."""
    if language not in wordfreq.available_languages("best"):
        return {}
    return wordfreq.get_frequency_dict(language, "best")


def rarity(term: str, language: str | None) -> float:
    """The term's weight: high for rare words and names, low for everyday words."""
    if " " in term:
        return NAME_WEIGHT
    if term[0].isdigit():
        return YEAR_WEIGHT if YEAR.match(term) else NUMBER_WEIGHT
    table = frequencies(language or FALLBACK_LANGUAGE) or frequencies(FALLBACK_LANGUAGE)
    frequency = table.get(term, 0.0)
    zipf = math.log10(frequency * 1e9) if frequency > 0 else 0.0
    return max(MIN_WEIGHT, (MAX_ZIPF - zipf) * ZIPF_TO_IDF)
