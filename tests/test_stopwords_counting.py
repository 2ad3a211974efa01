"""The stop-word counts and the language guess give the answers of their plain definitions.

The references below are the definitions the faster code replaced: the languages of a word
from jusText's lists themselves, the packed counters built from them word by word, a sample
counted through a set and the dictionary, a long sample counted (language, word) by
(language, word), and ties broken through each word's list of languages. They are compared
on generated pages: stop words of several languages (many listed by more than one), other
words, unicode, empty and blank lines.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import justext
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.cleaning import stopwords
from pipeline.cleaning.segment import describe, line_facts
from pipeline.cleaning.stopwords import (
    CANDIDATES,
    COUNTER_BITS,
    COUNTER_MASK,
    GUESS_SAMPLE_WORDS,
    MIN_COVERAGE,
    WORD,
    guess_language,
    language_counts,
    line_words,
    packed_languages,
    stop_counter,
    stop_words,
    stoplist,
    unpacked,
)


def reference_stoplist(language: str) -> frozenset[str]:
    """jusText's list, lower-cased, read from its file."""
    return frozenset(word.lower() for word in justext.get_stoplist(language))


def reference_word_languages() -> dict[str, tuple[str, ...]]:
    """For every stop word of the candidates, the languages listing it, in CANDIDATES order."""
    index: dict[str, list[str]] = {}
    for language in CANDIDATES:
        for word in reference_stoplist(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


WORD_LANGUAGES = reference_word_languages()


def reference_packed() -> dict[str, int]:
    """Each stop word a word can be, with 1 in the field of each language listing it."""
    position = {language: i for i, language in enumerate(CANDIDATES)}
    return {word: sum(1 << COUNTER_BITS * position[language] for language in languages)
            for word, languages in WORD_LANGUAGES.items() if WORD.fullmatch(word)}


def reference_counts(sample: list[str]) -> dict[str, int]:
    """How many words of `sample` each language lists, counted pair by pair."""
    return {language: sum(language in WORD_LANGUAGES.get(word, ()) for word in sample)
            for language in CANDIDATES}


PACKED = reference_packed()
PACKED_WORDS = frozenset(PACKED)


def reference_stop_counter(sample: list[str]) -> int:
    """The packed counts, through the set of stop words and then the dictionary."""
    return sum(map(PACKED.__getitem__, filter(PACKED_WORDS.__contains__, sample)))


def reference_guess(lines: list[str]) -> tuple[str | None, dict[int, int]]:
    """The guess and the sampled lines' packed counters, as guess_language made them before.

    Ties go to the first language, in the word's list, of the first word a tied one lists.
    """
    tokens = [line_words(line) for line in lines]
    sampled, size = [], 0
    for i in sorted(range(len(lines)), key=lambda i: len(lines[i]), reverse=True):
        sampled.append(i)
        size += len(tokens[i])
        if size >= GUESS_SAMPLE_WORDS:
            break
    counters = {i: reference_stop_counter(list(tokens[i])) for i in sampled} \
        if size <= COUNTER_MASK else {}
    counts = reference_counts([word for i in sampled for word in tokens[i]])
    best = max(counts.values(), default=0)
    if not best:
        return None, counters
    tied = {language for language, count in counts.items() if count == best}
    language = next(language for i in sampled for word in tokens[i]
                    for language in WORD_LANGUAGES.get(word, ()) if language in tied) \
        if len(tied) > 1 else tied.pop()
    return (language if best / size >= MIN_COVERAGE else None), counters


def stop_word_sample(language: str, size: int) -> list[str]:
    """Some of a language's stop words that a text's word can be, in a fixed order."""
    return sorted(word for word in reference_stoplist(language) if WORD.fullmatch(word))[:size]


# Stop words of several languages, the words most lists share (ties), other words and
# characters the word pattern splits on or keeps.
STOP_WORDS = sorted({word for language in ("English", "German", "French", "Spanish", "Russian",
                                           "Italian", "Dutch", "Portuguese", "Polish", "Turkish",
                                           "Greek", "Arabic", "Hindi", "Swedish", "Danish")
                     for word in stop_word_sample(language, 40)})
SHARED = sorted(word for word, languages in WORD_LANGUAGES.items()
                if len(languages) >= 4 and WORD.fullmatch(word))[:60]
WORDS = st.one_of(st.sampled_from(STOP_WORDS), st.sampled_from(SHARED),
                  st.sampled_from(["Berlin", "report", "2024", "don't", "l’homme", "—", "中文",
                                   "THE", "Der", "ÉTÉ", "naïve", "", " ", "\t"]),
                  st.text(max_size=8))
LINE = st.lists(WORDS, max_size=40).map(" ".join)
PAGE = st.lists(LINE, max_size=12)


def test_tables_are_the_lists_words_and_their_languages():
    assert packed_languages() == PACKED
    assert stop_words() == PACKED_WORDS
    for language in CANDIDATES:
        assert stoplist(language) == reference_stoplist(language)
    assert stoplist("Latin") == reference_stoplist("Latin")  # not a candidate: read directly
    assert stopwords.word_languages() == WORD_LANGUAGES


def test_built_tables_do_not_depend_on_the_hash_seed():
    built = stopwords.build_stop_tables()
    assert pickle.loads(pickle.dumps(built)) == built
    assert list(built.rows) == sorted(built.rows)
    assert list(built.counters) == sorted(built.counters)
    digest = ("import hashlib; from pipeline.cleaning.stopwords import build_stop_tables; "
              "t = build_stop_tables(); "
              "print(hashlib.sha256(repr((list(t.rows.items()), t.counters)).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", digest], check=True, capture_output=True,
                              text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(digests) == 1


def test_tables_come_back_from_the_disk_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNDICATED_INGEST_CACHE", str(tmp_path))
    first = stopwords.stop_tables.__wrapped__()
    assert list(tmp_path.glob("stop-words-*.pickle"))
    assert stopwords.stop_tables.__wrapped__() == first == stopwords.build_stop_tables()
    letters = stopwords.bmp_word.__wrapped__()
    assert list(tmp_path.glob("bmp-letters-*.pickle"))
    assert stopwords.bmp_word.__wrapped__().pattern == letters.pattern
    assert letters.pattern == stopwords.bmp_word().pattern


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(STOP_WORDS), st.sampled_from(SHARED),
                          st.text(max_size=6)), max_size=200))
def test_stop_counter_is_the_set_and_dictionary_count(sample):
    assert stop_counter(sample) == reference_stop_counter(sample)
    assert language_counts(sample) == reference_counts(sample)
    assert unpacked(stop_counter(sample)) == reference_counts(sample)


def test_a_sample_longer_than_a_field_is_counted_in_pieces():
    sample = ["the", "de", "und", "cat"] * (COUNTER_MASK // 3) + ["la"] * 5
    assert len(sample) > COUNTER_MASK
    assert language_counts(sample) == reference_counts(sample)


@settings(max_examples=1000, deadline=None)
@given(PAGE)
def test_guess_is_the_pair_by_pair_guess(lines):
    expected, expected_counters = reference_guess(lines)
    assert guess_language(lines) == expected
    counters: dict[int, int] = {}
    facts = [line_facts(line) for line in lines]
    assert guess_language(lines, [fact.tokens for fact in facts], counters) == expected
    assert counters == expected_counters


def test_a_guess_over_a_very_long_line_counts_it_in_pieces():
    lines = [" ".join(["the", "the", "of", "und", "x"] * 14000), "short line"]
    assert guess_language(lines) == reference_guess(lines)[0] is not None


@settings(max_examples=300, deadline=None)
@given(PAGE)
def test_densities_from_the_guess_are_the_counted_densities(lines):
    facts = [line_facts(line) for line in lines]
    counters: dict[int, int] = {}
    language = guess_language(lines, [fact.tokens for fact in facts], counters)
    stops = stoplist(language) if language else frozenset()
    infos = describe(lines, stops, facts=facts, language=language, counters=counters)
    counted = describe(lines, stops, facts=facts)
    assert [info.stop_density for info in infos] == [info.stop_density for info in counted]
    for line, info in zip(lines, infos, strict=True):
        if info.stop_density:
            tokens = line_words(line)
            assert info.stop_density == sum(word in stops for word in tokens) / len(tokens)
