"""Find the article among the lines of a page's text.

Evidence, combined in this order:

1. What a line says: the phrase table (phrases.py), metadata shapes (metadata_lines.py) and
   lines the dump repeats across different stories (cross-document learning).
2. What a line looks like: length and stop-word density classify it as prose (`good`),
   borderline (`neargood`), `short` or `bad`, with jusText's thresholds (Pomikálek 2011:
   70/200 characters, stop-word density 0.30/0.32).
3. Context: short and borderline lines take the class of their neighbours (jusText's
   context-sensitive revision), so a heading or list item between paragraphs stays.
4. Position: the article is one stretch of the page. The stretch with the largest balance of
   prose over boilerplate (a maximum-sum segment) is the body; lines outside it are page
   furniture. Inside it, a comments marker ends the article and a related-articles marker
   starts a run of teasers.
5. The headline is chosen among the lines just before the body (title.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.cleaning.lines import (
    SENTENCE_END,
    SPACE_OR_X,
    LineInfo,
    piece_count,
    wide_characters,
)
from pipeline.cleaning.metadata_lines import metadata_kind
from pipeline.cleaning.phrases import COMMENTS_MARKER, RELATED_MARKER, Match, match_line
from pipeline.cleaning.stopwords import (
    CANDIDATES,
    COUNTER_BITS,
    COUNTER_MASK,
    encode_single_byte,
    single_byte_words,
    split_words,
    stoplist,
)
from pipeline.cleaning.title import choose_title, same_headline
from pipeline.templates import line_key

# jusText defaults (Pomikálek 2011, section 3.2.3), which also hold for lines of plain text.
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
TRUNCATED = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
ENUMERATOR = re.compile(r"^\(?(\d{1,3})[.)]\s+\S")
NUMBERED_START = re.compile(r"[(\d]")  # ENUMERATOR's first character (\d: str.isdecimal)
# A sentence below this stop-word density is a list of words, however it ends.
NAMES_STOPWORDS_LOW = 0.12
# Maximum-sum segment weights: prose adds its length, boilerplate subtracts.
MAX_GOOD_WEIGHT = 100
# Metadata a line's shape proves; "names" and "credit" lines count only next to the body.
CERTAIN_METADATA = ("byline", "date", "reading_time")
METADATA_WINDOW = 6
EDGE_METADATA = ("names", "credit", "bio")
MIN_DUPLICATE_WORDS = 6
# Headline, byline or date, then prose: the first paragraph after metadata counts extra,
# so a short article is not outweighed by a long prose footer elsewhere on the page.
METADATA_REACH = 3
OPENING_BONUS = 25.0
SHORT_WEIGHT = -1.0
BAD_BASE_WEIGHT = -3.0


@dataclass
class Segmentation:
    """The outcome: which line is the headline, which lines are kept, why others went."""

    lines: list[LineInfo]
    title: int | None = None
    body: list[int] = field(default_factory=list)

    def removed(self) -> list[tuple[str, str]]:
        """(line, rule) for every line that is neither the headline nor kept in the body."""
        kept = set(self.body)
        return [(info.text, info.removed_by or "outside_article")
                for i, info in enumerate(self.lines) if i not in kept and i != self.title]


class LineFacts(NamedTuple):
    """What a line is, whatever the article: counts, phrase rule, metadata shape, words.

    (A named tuple: one is made for every distinct line, and a tuple is made fastest.)
    """

    pieces: int
    words: int
    match: Match | None
    meta: str | None
    sentence_like: bool
    tokens: tuple[str, ...]


# Lines this long are mostly paragraphs met once: kept in line_facts' cache, they would only
# push out the page furniture (short lines, which repeat across a dump's pages).
CACHED_LENGTH = 200
# Short lines' facts kept (at most some 40 MB). A dump's furniture recurs further apart than
# stopwords.LINE_CACHE_SIZE lines: 16384 finds a fifth more of it (d20k: 11% faster).
FACTS_CACHE_SIZE = 16384


def line_facts(line: str) -> LineFacts:
    """The facts of `line` (measure_line), computed once per distinct short line."""
    return cached_line_facts(line) if len(line) < CACHED_LENGTH else measure_line(line)


def lines_facts(lines: Sequence[str]) -> list[LineFacts]:
    """`[line_facts(line) for line in lines]`, without a call of line_facts per line."""
    cached, measure = cached_line_facts, measure_line
    return [cached(line) if len(line) < CACHED_LENGTH else measure(line) for line in lines]


# A LineFacts made by tuple.__new__ itself: the named tuple's own __new__ is a Python
# function, a third of a microsecond per distinct line more.
_new_facts = tuple.__new__


def measure_line(line: str) -> LineFacts:
    """The facts of `line`: pieces, words, phrase rule, metadata shape, ending and tokens.

    Most lines fit a single-byte code page (stopwords.encode_single_byte); their bytes give
    the words and the pieces, and such a line has no character of a script without spaces.
    (Lower-casing keeps every character white space or not, and wide or not.) The words are
    stopwords.single_byte_words and the pieces lines.encoded_piece_count, written out here:
    this runs for every distinct line of the dump.
    """
    lowered = line.lower()
    encoded = ("ascii", lowered.encode("ascii")) if lowered.isascii() else \
        encode_single_byte(lowered)
    if encoded is None:
        tokens = split_words(lowered, None)
        pieces = piece_count(line)
        words = pieces + wide_characters(line) // 2
    else:
        data = encoded[1]
        tokens = single_byte_words(lowered, encoded)
        spaced = data.translate(SPACE_OR_X)  # a piece is a run of "x"
        pieces = words = spaced.count(b" x") + spaced.startswith(b"x")
    match = match_line(line, words, lowered)
    meta = None if match else metadata_kind(line, words, tokens)
    return _new_facts(LineFacts, (pieces, words, match, meta,
                                  SENTENCE_END.search(line[-3:]) is not None, tokens))


cached_line_facts = functools.lru_cache(maxsize=FACTS_CACHE_SIZE)(measure_line)


def describe(lines: Sequence[str], stops: Collection[str], templates: Collection[int] = (),
             *, line_keys: Sequence[int | None] | None = None,
             facts: Sequence[LineFacts] | None = None, language: str | None = None,
             counters: dict[int, int] | None = None) -> list[LineInfo]:
    """Measure every line and apply the rules that need no context.

    `templates` holds the keys (pipeline.templates.line_key) of lines the dump repeats
    across different stories. `line_keys`, when given, are the lines' keys as
    pipeline.templates.document_stats computed them (None where it did not); `facts`, the
    lines' line_facts. When `stops` is `language`'s stoplist, `counters` may hold some
    lines' packed stop-word counts (stopwords.guess_language's sampled lines).

    Stop-word density is measured only where shape_class reads it (a long line that no rule
    or certain metadata shape already decides); elsewhere it stays 0. It is counted for the
    article's stop list only, rather than for every language with the line's facts.
    """
    infos: list[LineInfo] = []
    add = infos.append
    is_stop = stops.__contains__
    # Where the language's count sits in a packed counter (None: count the words).
    shift = COUNTER_BITS * CANDIDATES.index(language) \
        if counters and language in CANDIDATES and stops is stoplist(language) else None
    if facts is None:
        facts = lines_facts(lines)
    # A handed-over None is a line too short to be a template line (templates.py): no key.
    # (Without templates no key is looked up: None is in no collection of keys.)
    if line_keys is None:
        line_keys = [line_key(line) for line in lines] if templates else [None] * len(lines)
    for i, (line, (pieces, words, match, meta, sentence_like, tokens), key) in \
            enumerate(zip(lines, facts, line_keys, strict=True)):
        if match:
            add(LineInfo(line, words, 0.0, pieces, sentence_like, tokens, match.category,
                         match.marker))
        elif templates and key in templates:
            add(LineInfo(line, words, 0.0, pieces, sentence_like, tokens, "template_line"))
        elif len(line) < LENGTH_LOW or not tokens or not stops or meta in CERTAIN_METADATA:
            add(LineInfo(line, words, 0.0, pieces, sentence_like, tokens, None, None, meta))
        else:
            counter = None if shift is None else counters.get(i)
            count = sum(map(is_stop, tokens)) if counter is None else \
                counter >> shift & COUNTER_MASK
            add(LineInfo(line, words, count / len(tokens), pieces, sentence_like, tokens,
                         None, None, meta))
    return infos


def shape_class(info: LineInfo, has_stoplist: bool) -> str:
    """jusText's context-free class from length and stop-word density.

    One change for news: a full sentence crowded with names ("Lavrov asked Pompeo ... after
    Lavrov's talks with Iranian Foreign Minister Mohammad Javad Zarif") has a low stop-word
    density, so a long line that ends like a sentence is borderline rather than boilerplate.
    """
    if info.rule or info.meta in CERTAIN_METADATA:
        return "bad"
    if len(info.text) < LENGTH_LOW:
        return "short"
    density = info.stop_density if has_stoplist else (0.4 if info.sentence_like else 0.2)
    if density >= STOPWORDS_HIGH:
        return "good" if info.chars > LENGTH_HIGH else "neargood"
    if density >= STOPWORDS_LOW or (info.sentence_like and density >= NAMES_STOPWORDS_LOW):
        return "neargood"
    # Plain-text lines are single blocks: a long line with few stop words is a heading or a
    # list item as often as a link list, so its neighbours decide, as for a short line.
    return "short" if density >= NAMES_STOPWORDS_LOW else "bad"


def segment_weight(info: LineInfo, cf_class: str) -> float:
    """How much a line pulls the article segment towards itself (prose) or away (boilerplate)."""
    if cf_class == "good":
        return float(min(info.words, MAX_GOOD_WEIGHT))
    if cf_class == "neargood":
        return info.words / 2
    if info.rule:
        return BAD_BASE_WEIGHT - info.words / 2
    if cf_class == "bad":
        return -1.0 - info.words / 4
    return SHORT_WEIGHT


def cut_at_comments(infos: list[LineInfo], start: int, end: int) -> int:
    """End the body at a comments marker that follows some prose, or at an author's bio.

    A bio in the second half of the body closes the article: what follows is the page.
    """
    prose = 0
    for i in range(start, end):
        if infos[i].marker == COMMENTS_MARKER and prose >= 1:
            return i
        if infos[i].meta == "bio" and i - start >= (end - start) / 2:
            return i
        prose += infos[i].cls == "good"
    return end


def resumes_article(info: LineInfo) -> bool:
    """A full paragraph of prose: the kind of line that ends a teaser block."""
    return (info.cls == "good" and not info.rule and info.sentence_like
            and info.chars >= LENGTH_LOW and not TRUNCATED.search(info.text))


def mark_teasers(infos: list[LineInfo], start: int, end: int) -> None:
    """After a related-articles marker, lines are teasers until two paragraphs in a row.

    Teasers are headlines and one-sentence snippets (often cut off with an ellipsis); the
    article resumes with consecutive full paragraphs.
    """
    in_block = False
    for i in range(start, end):
        info = infos[i]
        if info.marker == RELATED_MARKER:
            in_block = True
            continue
        if not in_block or info.rule:
            continue
        if resumes_article(info) and i + 1 < end and resumes_article(infos[i + 1]):
            in_block = False
            continue
        info.removed_by = "related_teaser"


def removal_reason(info: LineInfo, index: int, head: int, span: tuple[int, int],
                   kept: tuple[int, int]) -> str:
    """Why a line that is not kept was removed, most specific evidence first.

    `head` is where the article begins (its headline, or the body start); `span` is the
    article stretch and `kept` the first and last kept body lines. Names and credit lines
    count as metadata between the headline and the first kept line, or just after the last.
    """
    start, end = span
    if info.rule:
        return info.rule
    if info.meta in CERTAIN_METADATA:
        return f"metadata:{info.meta}"
    if info.removed_by:
        return info.removed_by
    near = head < index < end + METADATA_WINDOW and not kept[0] < index < kept[1]
    if info.meta and near:
        return "metadata:byline" if info.meta in ("names", "bio") else f"metadata:{info.meta}"
    return "low_content" if start <= index < end else "outside_article"


def numbered_items(infos: list[LineInfo]) -> set[int]:
    """Indexes of lines in a numbered list ("1) ...", "2. ..."), found by consecutive numbers.

    A list of products or steps has few stop words per item, but the numbering shows it is
    one piece of writing.
    """
    # Most pages have no line that starts like an item: one search of the first characters.
    firsts = "".join([info.text[:1] for info in infos])
    if not NUMBERED_START.search(firsts):
        return set()
    # With no empty line, the first characters' places are the lines' indexes: only the lines
    # starting with "(" or a digit (ENUMERATOR's first character; \d: a decimal one) are tried.
    tried = range(len(infos)) if len(firsts) != len(infos) else \
        [found.start() for found in NUMBERED_START.finditer(firsts)]
    numbers = {}
    for i in tried:
        info = infos[i]
        first = info.text[:1]
        found = ENUMERATOR.match(info.text) if first == "(" or first.isdecimal() else None
        if found and not info.rule:
            numbers[i] = int(found.group(1))
    items = set()
    for i, number in numbers.items():
        if any(numbers.get(j) in (number - 1, number + 1) for j in range(i - 2, i + 3)):
            items.add(i)
    return items


def find_body(infos: list[LineInfo], has_stoplist: bool,
              extracted: bool = False) -> tuple[int, int]:
    """Classify every line and return the [start, end) stretch that holds the article.

    `extracted` text comes from an HTML extractor that already chose the article's region
    and left comments out: then every line is kept unless a rule or metadata shape names it.
    (jusText's classes, the numbered-list revision, the maximum-sum stretch, then the
    borderline and short lines settled: three passes over the lines. The steps one by one
    are in tests/segment_reference.py, which the property tests compare with these.)
    """
    span = classify(infos, has_stoplist)
    if extracted:  # the extractor left comments out already
        start, end = 0, len(infos)
        for info in infos:
            info.cls = "bad" if info.rule or info.meta in CERTAIN_METADATA else "good"
    else:
        start, end = span
        settle_classes(infos, start, end)
        end = cut_at_comments(infos, start, end)
    mark_teasers(infos, start, end)
    return start, end


def classify(infos: list[LineInfo], has_stoplist: bool) -> tuple[int, int]:
    """Set every line's context-free class; return the article stretch those classes give.

    One pass classifies (shape_class; a numbered item is "short" rather than "bad"),
    weighs (segment_weight; the first prose line within METADATA_REACH lines after a byline
    or date gets OPENING_BONUS, so a short article is not outweighed by a long prose footer)
    and finds the maximum-sum stretch (Kadane) as the weights come.
    """
    numbered = numbered_items(infos)
    best, best_span = 0.0, (0, 0)
    running, start = 0.0, 0
    since, opened = METADATA_REACH + 1, False  # lines since a byline or date; bonus given
    for i, info in enumerate(infos):
        # line_class written out for its two commonest answers (a rule's or certain
        # metadata's "bad", a short line's "short").
        if info.rule or info.meta in CERTAIN_METADATA:
            cls = "bad"
        elif len(info.text) < LENGTH_LOW:
            cls = "short"
        else:
            cls = line_class(info, has_stoplist, i in numbered)
        info.cls = info.shape = cls
        # segment_weight's common cases written out (the loop runs for every line).
        weight = float(min(info.words, MAX_GOOD_WEIGHT)) if cls == "good" else \
            SHORT_WEIGHT if cls == "short" else segment_weight(info, cls)
        if not opened and since <= METADATA_REACH and cls in ("good", "neargood"):
            weight += OPENING_BONUS
            opened = True
        since = 1 if info.meta in CERTAIN_METADATA else since + 1
        if running <= 0:
            running, start = 0.0, i
        running += weight
        if running > best:
            best, best_span = running, (start, i + 1)
    return best_span


def line_class(info: LineInfo, has_stoplist: bool, numbered: bool) -> str:
    """shape_class, with a numbered list item ("bad" by its shape) counted as "short".

    The two commonest answers, a rule's or certain metadata's "bad" and a short line's
    "short", are decided here before shape_class reads the stop-word density.
    """
    if info.rule or info.meta in CERTAIN_METADATA:
        return "bad"
    if len(info.text) < LENGTH_LOW:
        return "short"
    cls = shape_class(info, has_stoplist)
    return "short" if cls == "bad" and numbered and not info.meta else cls


def settle_classes(infos: list[LineInfo], start: int, end: int) -> None:
    """Settle the borderline and short lines: every line ends "good" or "bad".

    Borderline lines are prose inside the stretch and boilerplate outside (jusText decides
    them by their neighbours, but a wire story of short paragraphs has no long "good" line
    at all: the stretch is the better evidence). Short lines then take their neighbours'
    class (jusText's context-sensitive revision); with no borderline line left, a short line
    is prose exactly when the nearest decided lines on both sides are prose. A backward pass
    promotes and notes, for each line, the class of the nearest decided line after it; a
    forward pass revises.
    """
    after = [""] * len(infos)
    last = "bad"  # the page's edges count as boilerplate
    for i in range(len(infos) - 1, -1, -1):
        info = infos[i]
        cls = info.cls
        if cls == "neargood":
            cls = info.cls = "good" if start <= i < end else "bad"
        after[i] = last
        if cls != "short":
            last = cls
    before = "bad"
    for info, following in zip(infos, after, strict=True):
        if info.cls == "short":
            info.cls = "good" if before == "good" == following else "bad"
        else:
            before = info.cls


def trim_metadata_tail(infos: list[LineInfo], body: list[int]) -> list[int]:
    """Drop author bios, names and credit lines from the end of the body."""
    while body and infos[body[-1]].meta in EDGE_METADATA:
        kind = infos[body[-1]].meta
        infos[body[-1]].removed_by = "metadata:byline" if kind in ("names", "bio") else \
            f"metadata:{kind}"
        body = body[:-1]
    return body


def trim_short_edges(infos: list[LineInfo], body: list[int]) -> list[int]:
    """Drop short lines left at either end of the body once other lines were removed.

    A short line is kept for the prose around it; without prose on one side it is a label,
    and cleaning the output again would drop it, so it goes now (this keeps cleaning
    idempotent).
    """
    while body and infos[body[-1]].shape == "short":
        infos[body.pop()].removed_by = "low_content"
    while body and infos[body[0]].shape == "short":
        infos[body.pop(0)].removed_by = "low_content"
    return body


def drop_repeats(infos: list[LineInfo], body: list[int]) -> list[int]:
    """Keep only the first copy of a long line the body repeats.

    A teaser's headline often appears twice (image link and text link); an article says a
    sentence once. Short repeated lines ("Pros", "Price") are table and list structure, kept.
    """
    seen: set[str] = set()
    kept = []
    for i in body:
        text = infos[i].text
        if text in seen and infos[i].words >= MIN_DUPLICATE_WORDS:
            infos[i].removed_by = "duplicate_line"
        else:
            kept.append(i)
        seen.add(text)
    return kept


def repeats_headline(info: LineInfo, title: int | None, infos: list[LineInfo]) -> bool:
    """Whether the line repeats the headline (lines of another length in pieces never do)."""
    return title is not None and info.pieces == infos[title].pieces and \
        same_headline(info.text, infos[title].text)


def segment(lines: Sequence[str], stops: Collection[str], templates: Collection[int] = (),
            extracted: bool = False, *, line_keys: Sequence[int | None] | None = None,
            facts: Sequence[LineFacts] | None = None, language: str | None = None,
            counters: dict[int, int] | None = None) -> Segmentation:
    """Split a page's lines into headline, body and removed lines (with reasons).

    `line_keys`, `facts`, `language` and `counters` are what describe can be told.
    """
    infos = describe(lines, stops, templates, line_keys=line_keys, facts=facts,
                     language=language, counters=counters)
    return segment_lines(infos, stops, extracted)


def segment_lines(infos: list[LineInfo], stops: Collection[str],
                  extracted: bool = False) -> Segmentation:
    """segment() once describe measured the lines: find the body, the headline, the reasons."""
    start, end = find_body(infos, bool(stops), extracted)
    title = choose_title(infos, start, end, stops)
    # Only a line of as many pieces as the headline can repeat it (same_headline).
    title_pieces = -1 if title is None else infos[title].pieces
    body = []
    for i in range(start, end):
        info = infos[i]
        if i == title:
            continue
        if info.pieces == title_pieces and repeats_headline(info, title, infos):
            info.removed_by = "repeated_headline"
        # find_body leaves every line a rule or certain metadata names "bad".
        elif info.cls == "good" and not info.removed_by:
            body.append(i)
    body = drop_repeats(infos, trim_metadata_tail(infos, body))
    if not extracted:  # an extractor's text has no page furniture left at its edges
        body = trim_short_edges(infos, body)
    head, kept = (start if title is None else title), set(body)
    span, kept_span = (start, end), ((body[0], body[-1]) if body else (start, end - 1))
    for i, info in enumerate(infos):
        if i in kept or i == title:
            continue
        if info.rule:  # removal_reason's first answer, whatever else holds
            info.removed_by = info.rule
            continue
        # The stretch's lines were compared with the headline above.
        if info.pieces == title_pieces and not start <= i < end and \
                repeats_headline(info, title, infos):
            info.removed_by = "repeated_headline"
        info.removed_by = removal_reason(info, i, head, span, kept_span)
    return Segmentation(infos, title, body)
