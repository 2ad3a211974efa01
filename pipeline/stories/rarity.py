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
from collections.abc import Sequence
from itertools import repeat

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
    return rarities([term], language)[0]


class FrequencyWeights(dict):
    """Frequency -> rarity weight, each computed on first use.

    wordfreq's frequencies are quantised to centibels (about 560 values per language), so
    there are few logarithms to take.
    """

    def __missing__(self, frequency: float) -> float:
        zipf = math.log10(frequency * 1e9) if frequency > 0 else 0.0
        weight = self[frequency] = max(MIN_WEIGHT, (MAX_ZIPF - zipf) * ZIPF_TO_IDF)
        return weight


FREQUENCY_WEIGHTS = FrequencyWeights()


def special_weight(term: str) -> float | None:
    """The weight of a multi-word name or a number, which do not depend on frequency."""
    if " " in term:
        return NAME_WEIGHT
    if term[0].isdigit():
        return YEAR_WEIGHT if YEAR.match(term) else NUMBER_WEIGHT
    return None


def rarities(terms: Sequence[str], language: str | None) -> list[float]:
    """`rarity` of each of many terms of one language, the per-term work done by `map`."""
    table = frequencies(language or FALLBACK_LANGUAGE) or frequencies(FALLBACK_LANGUAGE)
    weights = list(map(FREQUENCY_WEIGHTS.__getitem__, map(table.get, terms, repeat(0.0))))
    for index in [i for i, term in enumerate(terms) if " " in term or term[0].isdigit()]:
        weights[index] = special_weight(terms[index])
    return weights
