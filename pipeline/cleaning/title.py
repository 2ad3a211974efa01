"""Choosing the headline among the lines just before the article body.

In a page's visible text the headline is rarely the first line (menus come first), but it is
close above the body, short, not a sentence, and its words are the body's topic words: they
recur through the text. It is also often repeated (breadcrumb, heading, share text).
Candidates are scored on those signals; a plain-text article whose first line is its
headline scores that line highest too.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Collection

from pipeline.cleaning.lines import LineInfo

SEARCH_LINES = 60
MIN_WORDS, MAX_WORDS = 2, 30
MIN_SCORE = 1.0
# A body word seen this often counts fully as a topic word.
TOPIC_COUNT = 3
SPACES = re.compile(r"\s+")
NEVER_TITLE_META = ("byline", "date", "reading_time")
METADATA_REACH = 3
METADATA_BONUS = 0.8
MAX_LEAD_LINES = 3


def same_headline(line: str, title: str) -> bool:
    """Whether `line` repeats the headline (case and spacing aside)."""
    return headline_form(line) == headline_form(title)


@functools.lru_cache(maxsize=1024)
def headline_form(text: str) -> str:
    """`text` single-spaced, stripped and case-folded (the headline is compared many times)."""
    return SPACES.sub(" ", text).strip().casefold()


def content_words(info: LineInfo, stops: Collection[str]) -> list[str]:
    """The line's lower-cased words of three letters or more that are not stop words."""
    return [word for word in info.tokens if len(word) >= 3 and word not in stops]


def body_word_counts(infos: list[LineInfo], start: int, end: int,
                     wanted: Collection[str]) -> Counter[str]:
    """How often each of the `wanted` content words occurs in the body's prose lines.

    Only the candidates' words are ever looked up, so only they are counted.
    """
    return Counter(filter(wanted.__contains__, itertools.chain.from_iterable(
        info.tokens for info in infos[start:end] if info.cls == "good" and not info.rule)))


def followed_by_metadata(infos: list[LineInfo], index: int) -> bool:
    """A byline or date within the next few lines: the news layout headline, byline, body."""
    return any(info.meta in NEVER_TITLE_META or info.meta == "names"
               for info in infos[index + 1:index + 1 + METADATA_REACH])


def may_be_headline(info: LineInfo) -> bool:
    """Whether the line's kind and shape allow it to be a headline at all."""
    if info.rule or info.meta in NEVER_TITLE_META or not MIN_WORDS <= info.words <= MAX_WORDS:
        return False
    # Headlines do not end with a full stop; first sentences do.
    return not (info.sentence_like and not info.text.endswith(("?", "!")))


def candidate_score(info: LineInfo, distance: int, repeats: int, topic: Counter[str],
                    stops: Collection[str]) -> float | None:
    """How much `info` looks like the headline of the body; None if it cannot be one."""
    if not may_be_headline(info):
        return None
    return headline_score(info, set(content_words(info, stops)), distance, repeats, topic)


def headline_score(info: LineInfo, own: Collection[str], distance: int, repeats: int,
                   topic: Counter[str]) -> float | None:
    """candidate_score of a line that may be a headline, its content words `own` found."""
    if not own:
        return None
    strength = sum(min(topic[word], TOPIC_COUNT) for word in own) / TOPIC_COUNT
    score = 0.6 * min(strength, 5) + strength / len(own) - 0.05 * distance
    score += 0.3 * (repeats > 1) + 0.2 * (4 <= info.words <= 20)
    if info.text.isupper():
        score -= 0.3  # a shouted copy of the headline (a banner) loses to the real one
    return score


def choose_title(infos: list[LineInfo], start: int, end: int,
                 stops: Collection[str]) -> int | None:
    """Index of the headline line, or None when no line near the body looks like one."""
    # The body's own first line is a candidate when it is not a sentence (a long headline).
    last = start + 1 if start < end and not infos[start].sentence_like else start
    window = range(last - 1, max(0, start - SEARCH_LINES) - 1, -1)
    # The content words of each line that may be a headline, found once; the others (and
    # those without content words) get no score.
    owns = {i: own for i in window if may_be_headline(infos[i])
            for own in [set(content_words(infos[i], stops))] if own}
    if not owns:  # no candidate has a content word, so none gets a score
        return leading_headline(infos, start, end)
    topic = body_word_counts(infos, start, end, set().union(*owns.values()))
    # Case folding keeps the whitespace-separated pieces, so only lines of as many pieces
    # as a candidate (at most MAX_WORDS words, so as many pieces) can repeat it.
    sizes = {infos[i].pieces for i in owns}
    repeats = Counter([info.text.casefold() for info in infos if info.pieces in sizes])
    best, best_score = None, MIN_SCORE
    distance = 0
    for i in window:
        info = infos[i]
        own = owns.get(i)
        if own is not None:
            own_topic = topic - Counter(content_words(info, stops)) if i >= start else topic
            score = headline_score(info, own, distance, repeats[info.text.casefold()],
                                   own_topic)
            if followed_by_metadata(infos, i):
                score += METADATA_BONUS
            if score > best_score:
                best, best_score = i, score
        if not (info.rule or info.meta):
            distance += 1
    return best if best is not None else leading_headline(infos, start, end)


def leading_headline(infos: list[LineInfo], start: int, end: int) -> int | None:
    """The first line that can be a headline, when the body starts within the first lines.

    In a plain-text article that line is the headline even if its words are not the body's
    topic words.
    """
    unexplained = sum(1 for info in infos[:start] if not (info.rule or info.meta))
    if unexplained > MAX_LEAD_LINES:
        return None
    # A long headline can open the body stretch itself; it needs a body after it.
    last = start + 1 if end - start > 1 else start
    for i in range(last):
        info = infos[i]
        if not (info.rule or info.meta in NEVER_TITLE_META) and \
                MIN_WORDS <= info.words <= MAX_WORDS and not info.sentence_like:
            return i
    return None


# "Headline | Site", "Site - Headline", "Headline – Section – Site": how <title> adds the site.
TITLE_PARTS_KEPT = re.compile(r"(\s+(?:\||-|–|—|::|»|·|•)\s+)")
MIN_HEADLINE_WORDS = 3
NOT_LETTER = re.compile(r"[\W_]+")
URL_START = re.compile(r"^[a-z]+://(?:www\d?\.)?")
MAX_BRAND_WORDS = 4


def site_keys(site: str | None, url: str | None) -> set[str]:
    """Letters-only forms of the site's name and of its domain's main label."""
    keys = {NOT_LETTER.sub("", (site or "").casefold())}
    host = URL_START.sub("", (url or "").casefold()).split("/")[0]
    labels = [label for label in host.split(".")[:-1] if len(label) > 2]
    keys.update(NOT_LETTER.sub("", label) for label in labels)
    return {key for key in keys if len(key) >= 3}


def names_site(part: str, keys: set[str]) -> bool:
    """Whether a title part is the site's name (or contains its domain's name)."""
    key = NOT_LETTER.sub("", part.casefold())
    return bool(key) and len(part.split()) <= MAX_BRAND_WORDS + 2 and any(
        key == site or site in key or (len(key) >= 4 and key in site) for site in keys)


def strip_site_name(title: str, site: str | None = None, url: str | None = None) -> str:
    """The page title without the site name a CMS added before or after the headline.

    A part is dropped when it names the site (its name or domain); without that evidence,
    only a short brand after a final " | " goes, since " - " also separates real subtitles.
    """
    if not title:
        return title
    pieces = TITLE_PARTS_KEPT.split(title)  # part, separator, part, ...
    if len(pieces) == 1:  # no separator: nothing to drop (and no site name to look up)
        return title
    keys = site_keys(site, url)
    while len(pieces) > 1 and names_site(pieces[-1], keys):
        del pieces[-2:]
    if len(pieces) > 1 and names_site(pieces[0], keys):
        del pieces[:2]
    if len(pieces) > 1 and pieces[-2].strip() == "|" and \
            len(pieces[-1].split()) <= MAX_BRAND_WORDS and \
            len("".join(pieces[:-2]).split()) >= MIN_HEADLINE_WORDS:
        del pieces[-2:]
    return "".join(pieces)
