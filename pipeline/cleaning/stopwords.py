"""Stop-word lists (jusText's, for 100 languages) and a cheap guess of which one fits a text.

Stop-word density is the best single signal of running prose: sentences are full of "the",
"of", "und", "de"; menus, buttons and teaser headlines are not (Pomikálek 2011, the jusText
thesis). The list must match the text's language, so it is chosen by which list covers the
most of the document's words, which needs no language detector and works before cleaning.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

import justext

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Languages whose lists are tried; the rest of jusText's 100 rarely appear in news dumps and
# would only slow the guess. Covers the major news languages written with spaces.
CANDIDATES = (
    "English", "German", "French", "Spanish", "Portuguese", "Italian", "Dutch", "Russian",
    "Ukrainian", "Polish", "Czech", "Slovak", "Swedish", "Danish", "Norwegian_Bokmal",
    "Finnish", "Hungarian", "Romanian", "Turkish", "Greek", "Indonesian", "Malay",
    "Vietnamese", "Croatian", "Serbian", "Bulgarian", "Catalan", "Arabic", "Persian", "Hindi",
)
GUESS_SAMPLE_WORDS = 400
# Below this share of stop words even the best list does not describe the text (CJK, Thai,
# code, lists of names); density is then not used as evidence.
MIN_COVERAGE = 0.15


@functools.cache
def stoplist(language: str) -> frozenset[str]:
    """jusText's stop words for a language name such as "English", lower-cased."""
    return frozenset(word.lower() for word in justext.get_stoplist(language))


@functools.cache
def word_languages() -> dict[str, tuple[str, ...]]:
    """For every stop word of the candidate languages, the languages that list it."""
    index: dict[str, list[str]] = {}
    for language in CANDIDATES:
        for word in stoplist(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


def words(text: str) -> list[str]:
    """Lower-cased words of `text` (letters, with an inner apostrophe)."""
    return WORD.findall(text.lower())


def guess_stoplist(lines: Sequence[str]) -> frozenset[str]:
    """The stop-word list that covers most words of the longest lines; empty if none fits."""
    sample: list[str] = []
    for line in sorted(lines, key=len, reverse=True):
        sample.extend(words(line))
        if len(sample) >= GUESS_SAMPLE_WORDS:
            break
    if not sample:
        return frozenset()
    index = word_languages()
    hits: Counter[str] = Counter()
    for word in sample:
        hits.update(index.get(word, ()))
    if not hits:
        return frozenset()
    language, count = hits.most_common(1)[0]
    return stoplist(language) if count / len(sample) >= MIN_COVERAGE else frozenset()
