"""What story grouping needs to know of one article, computed once, next to its cleaning.

- `terms`: the article's content words and capitalised names with their counts, the
  headline counted several times (an outlet's headline is its own summary of the event).
  The clustering task weighs them against the whole dump (TF-IDF) and compares articles.
- `minhash`: a MinHash signature of the body's word shingles (signatures.py: datasketch's
  permutations over a cheap shingle hash), for near-exact copies: two texts' signatures agree
  in about as many places as their shingle sets overlap. Stored as 128 uint32 values.
- `copy_key`: a hash of the body with case, punctuation and spacing folded, for exact copies.
- `credits_wire`: whether the article credits a wire service (used to pick the canonical copy).

These are computed per article in the cleaning task (in parallel, one shard at a time), so the
whole-dump clustering task reads small features, never the texts. The body is split into
words once (words.py) and the terms, the shingles and the copy key all come from that split.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from pipeline.article import Article
from pipeline.cleaning.stopwords import word_languages
from pipeline.stories.signatures import permutations, signature
from pipeline.stories.words import TOKEN, Words, character_classes, lower_table, words_of

CAPITAL = "A-ZÀ-ÖØ-ÞĀ-Ž"
# Runs of capitalised words: "Vladimir Putin", "Black Sea", "The White House". The run must
# start a word (`\b`); the check sits in a lookbehind after the capital so that the regex
# engine can skip straight to capitals instead of trying `\b` at every character. The
# quantifiers are possessive: giving back a word character could never let `\s` match, nor
# giving back a space let a capital match, and most capitals (a sentence's first word) fail,
# so not trying saves a fifth of the search.
NAME_RUN = re.compile(rf"[{CAPITAL}](?<=\b[{CAPITAL}])[\w'’-]++(?:\s++[{CAPITAL}][\w'’-]++)+")
# Reporting words every news story uses; they say nothing about which event it reports.
NEWS_WORDS = frozenset("""
    said says say told tell according reported reports report added asked statement news
    week weeks day days year years month months today yesterday tomorrow monday tuesday
    wednesday thursday friday saturday sunday time times people percent including former
    new first last one two three four five six seven eight nine ten also would could since
    many much well like just still even back made make get""".split())  # noqa: SIM905
WIRE_SERVICES = re.compile(
    r"\b(?:associated press|reuters|agence france-presse|afp|ap|dpa|xinhua|efe|ansa|"
    r"bloomberg|tass|kyodo|press association|pa media|united press international|upi)\b",
    re.IGNORECASE)
WIRE_CREDIT = re.compile(r"\((?:ap|reuters|afp|dpa|xinhua|efe|upi)\)|©\s*\d{4}\s+(?:the )?"
                         r"(?:associated press|reuters|agence france-presse)", re.IGNORECASE)
TITLE_WEIGHT = 3
MIN_TOKEN_LETTERS = 3
MAX_TERMS = 200
FEW = 8


@functools.cache
def stopwords() -> frozenset[str]:
    """Stop words of every candidate language, plus reporting words."""
    return frozenset(word_languages()) | NEWS_WORDS


def is_number(token: str) -> bool:
    """Digits, with at most one decimal point."""
    return token.isdigit() or token.replace(".", "", 1).isdigit()


@functools.cache
def numeric_stopwords() -> frozenset[str]:
    """Stop words that are numbers of two digits or more: terms whatever the stop lists say."""
    return frozenset(word for word in stopwords() if is_number(word) and len(word) >= 2)


def build_tables() -> None:
    """Build the process-wide tables story features read (about 0.15 s).

    Each is otherwise built on first use: once in every process, i.e. in every task a
    multi-worker run forks. Building them before the fork shares them.
    """
    character_classes()
    lower_table()
    numeric_stopwords()
    permutations()


@dataclass(slots=True)
class StoryFeatures:
    """The features of one article (see the module docstring)."""

    terms: dict[str, int]
    minhash: bytes
    copy_key: str
    credits_wire: bool


def is_term(token: str, stops: frozenset[str]) -> bool:
    """A token worth comparing: a number of two digits or more, or a non-stop word."""
    if is_number(token):
        return len(token) >= 2
    return len(token) >= MIN_TOKEN_LETTERS and token not in stops


def content_counts(tokens: dict[str, int], stops: frozenset[str]) -> dict[str, int]:
    """The token counts of the terms (`is_term`).

    Set difference drops the stop words in C (iterating over the article's few hundred
    tokens, not the 40,000 stop words); of the rest a term has MIN_TOKEN_LETTERS characters
    or is a two-character number. The few stop words that are numbers are terms too.
    """
    minimum = MIN_TOKEN_LETTERS
    counts = {t: tokens[t] for t in set(tokens).difference(stops)
              if len(t) >= minimum or (len(t) == 2 and is_number(t))}
    counts.update((t, tokens[t]) for t in numeric_stopwords() if t in tokens)
    return counts


def top_terms(counts: dict[str, int], size: int = MAX_TERMS) -> dict[str, int]:
    """The `size` most frequent terms, ties broken by the term itself.

    One sort by count (in C); of the terms tied at the cut only those compete as strings.
    """
    if len(counts) <= size:
        return counts
    items = sorted(counts.items(), key=itemgetter(1), reverse=True)
    cut = items[size - 1][1]
    first_tie = bisect.bisect_left(items, -cut, key=negative_count)
    end_of_ties = bisect.bisect_right(items, -cut, key=negative_count)
    kept = dict(items[:first_tie])
    ties = list(map(itemgetter(0), items[first_tie:end_of_ties]))
    kept.update(dict.fromkeys(smallest(ties, size - first_tie), cut))
    return kept


def negative_count(item: tuple[str, int]) -> int:
    """The key that makes (term, count) pairs sorted by falling count ascend (for bisect)."""
    return -item[1]


def smallest(strings: list[str], count: int) -> list[str]:
    """The `count` smallest of distinct strings (in no particular order).

    Usually all but a few are kept: dropping the few largest one by one beats sorting.
    """
    if len(strings) - count > FEW:
        return sorted(strings)[:count]
    kept = list(strings)
    for _ in range(len(strings) - count):
        kept.remove(max(kept))
    return kept


def names(text: str, stops: frozenset[str]) -> list[str]:
    """Multi-word capitalised names, lower-cased, without a leading stop word ("The")."""
    found = []
    for run in NAME_RUN.findall(text):
        words = run.lower().split()
        while words and words[0] in stops:
            words = words[1:]
        if len(words) >= 2:
            found.append(" ".join(words))
    return found


def term_counts(title: str, text: str, words: Words | None = None) -> dict[str, int]:
    """Counts of content words and multi-word names; the headline's count TITLE_WEIGHT times.

    Only the MAX_TERMS most frequent are kept (ties by term): the long tail of one-off words
    of a long article carries little and would make every comparison slower. `words` are the
    body's words if already split.
    """
    stops = stopwords()
    tokens = Counter((words if words is not None else words_of(text)).split())
    counts = content_counts(tokens, stops)
    # Names only from the body: Title Case headlines would read as one long name.
    for name in names(text, stops):
        counts[name] = counts.get(name, 0) + 1
    for token in TOKEN.findall(title.lower()):
        if is_term(token, stops):
            counts[token] = counts.get(token, 0) + TITLE_WEIGHT
    return top_terms(counts)


def signature_bytes(text: str, words: Words | None = None) -> bytes:
    """The body's MinHash signature as bytes (uint32 values), for storing in Parquet."""
    return signature(words if words is not None else words_of(text)).tobytes()


def copy_key(text: str, words: Words | None = None) -> str:
    """sha256 of the body with case, punctuation and spacing folded."""
    folded = words if words is not None else words_of(text)
    return hashlib.sha256(folded.joined.encode()).hexdigest()


def credit_line(article: Article) -> str:
    """What may credit a wire service: the author fields and the metadata-like boilerplate."""
    return " ".join([article.fields.get("author", ""), *article.authors,
                     *(r.line for r in article.boilerplate if r.rule.startswith(
                         ("metadata", "copyright", "syndication")))])


def text_features(text: str, title: str, credit: str, words: Words | None = None,
                  minhash: bytes | None = None) -> StoryFeatures:
    """The story features of a body, its title and its `credit_line`.

    `words` (the body's) and `minhash` (their signature) are given if already computed.
    """
    words = words if words is not None else words_of(text)
    return StoryFeatures(
        terms=term_counts(title, text, words),
        minhash=minhash if minhash is not None else signature_bytes(text, words),
        copy_key=copy_key(text, words),
        credits_wire=bool(WIRE_SERVICES.search(credit) or WIRE_CREDIT.search(text[:300])),
    )
