"""The boilerplate stage's per-article logic as first written: the reference for faster forms.

A copy of pipeline.cleaning.segment (after describe), pipeline.cleaning.title's headline
choice and site-name stripping, and RemoveBoilerplate.process_item, before they were made
faster; the property tests compare the two on generated pages.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Collection, Sequence

from pipeline.article import HTML, Article
from pipeline.cleaning.lines import LineInfo
from pipeline.cleaning.phrases import COMMENTS_MARKER, RELATED_MARKER
from pipeline.cleaning.segment import (
    BAD_BASE_WEIGHT,
    CERTAIN_METADATA,
    EDGE_METADATA,
    ENUMERATOR,
    LENGTH_HIGH,
    LENGTH_LOW,
    MAX_GOOD_WEIGHT,
    METADATA_REACH,
    METADATA_WINDOW,
    MIN_DUPLICATE_WORDS,
    NAMES_STOPWORDS_LOW,
    OPENING_BONUS,
    SHORT_WEIGHT,
    STOPWORDS_HIGH,
    STOPWORDS_LOW,
    TRUNCATED,
    Segmentation,
    describe,
    line_facts,
)
from pipeline.cleaning.stopwords import guess_language, stoplist
from pipeline.cleaning.title import (
    MAX_LEAD_LINES,
    MAX_WORDS,
    METADATA_BONUS,
    MIN_SCORE,
    MIN_WORDS,
    NEVER_TITLE_META,
    SEARCH_LINES,
    SPACES,
    TOPIC_COUNT,
)
from pipeline.cleaning.title import METADATA_REACH as TITLE_METADATA_REACH
from pipeline.stages.whitespace import normalise_lines


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
               for info in infos[index + 1:index + 1 + TITLE_METADATA_REACH])


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
    repeats = Counter(info.text.casefold() for info in infos if info.pieces in sizes)
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


def nearest_classes(classes: Sequence[str], counted: Collection[str]) -> tuple[list[str],
                                                                             list[str]]:
    """For every line, the class of the nearest line before it and after it in `counted`.

    "bad" where there is none (the page's edges count as boilerplate). Two passes, rather
    than a search from every line, which is quadratic on a page of many short lines.
    """
    before, last = [], "bad"
    for cls in classes:
        before.append(last)
        if cls in counted:
            last = cls
    after, last = [], "bad"
    for cls in reversed(classes):
        after.append(last)
        if cls in counted:
            last = cls
    after.reverse()
    return before, after


def revise_short(infos: list[LineInfo]) -> None:
    """Short lines between prose become prose; between boilerplate, boilerplate."""
    classes = [info.cls for info in infos]
    if "short" not in classes:
        return
    before, after = nearest_classes(classes, ("good", "bad"))
    near_before, near_after = nearest_classes(classes, ("good", "bad", "neargood"))
    for i, cls in enumerate(classes):
        if cls != "short":
            continue
        if before[i] == after[i]:
            infos[i].cls = before[i]
        elif "neargood" in (near_before[i], near_after[i]):
            infos[i].cls = "good"
        else:
            infos[i].cls = "bad"


def promote_body_neargood(infos: list[LineInfo], start: int, end: int) -> None:
    """Borderline lines inside the article stretch are prose; outside it, boilerplate.

    (jusText decides borderline lines by their neighbours, but a wire story of short
    paragraphs has no long "good" line at all: the stretch they form is the better evidence.)
    """
    for i, info in enumerate(infos):
        if info.cls == "neargood":
            info.cls = "good" if start <= i < end else "bad"


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


def best_segment(weights: Sequence[float]) -> tuple[int, int]:
    """[start, end) of the maximum-sum run of `weights` (Kadane); (0, 0) if all are negative."""
    best, best_span = 0.0, (0, 0)
    running, start = 0.0, 0
    for i, weight in enumerate(weights):
        if running <= 0:
            running, start = 0.0, i
        running += weight
        if running > best:
            best, best_span = running, (start, i + 1)
    return best_span


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


def opening_paragraph(infos: list[LineInfo], classes: list[str]) -> int | None:
    """The first prose line within METADATA_REACH lines after a byline or date line.

    That is where a news article's body starts. One pass, counting the lines since the
    last such metadata line.
    """
    since = METADATA_REACH + 1
    for i, (info, cls) in enumerate(zip(infos, classes, strict=True)):
        if since <= METADATA_REACH and cls in ("good", "neargood"):
            return i
        since = 1 if info.meta in CERTAIN_METADATA else since + 1
    return None


def segment_weights(infos: list[LineInfo], classes: list[str]) -> list[float]:
    """Per-line weights for the maximum-sum segment, with the news-layout bonus."""
    weights = [segment_weight(info, cls) for info, cls in zip(infos, classes, strict=True)]
    # Only the first such paragraph: lists of teasers repeat headline, byline, date, snippet.
    opening = opening_paragraph(infos, classes)
    if opening is not None:
        weights[opening] += OPENING_BONUS
    return weights


def numbered_items(infos: list[LineInfo]) -> set[int]:
    """Indexes of lines in a numbered list ("1) ...", "2. ..."), found by consecutive numbers.

    A list of products or steps has few stop words per item, but the numbering shows it is
    one piece of writing.
    """
    numbers = {}
    for i, info in enumerate(infos):
        # ENUMERATOR's first character is "(" or a digit (\d: a decimal character).
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
    """
    classes = [shape_class(info, has_stoplist) for info in infos]
    for i in numbered_items(infos):
        if classes[i] == "bad" and not infos[i].meta:
            classes[i] = "short"
    for info, cls in zip(infos, classes, strict=True):
        info.cls = info.shape = cls
    if extracted:  # the extractor left comments out already
        start, end = 0, len(infos)
        for info in infos:
            info.cls = "bad" if info.rule or info.meta in CERTAIN_METADATA else "good"
    else:
        start, end = best_segment(segment_weights(infos, classes))
        promote_body_neargood(infos, start, end)
        revise_short(infos)
        end = cut_at_comments(infos, start, end)
    mark_teasers(infos, start, end)
    return start, end


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


def segment_lines(infos: list[LineInfo], stops: Collection[str],
                  extracted: bool = False) -> Segmentation:
    """segment() after describe, as it was written first."""
    start, end = find_body(infos, bool(stops), extracted)
    title = choose_title(infos, start, end, stops)
    body = []
    # Only a line of as many pieces as the headline can repeat it (same_headline).
    title_pieces = -1 if title is None else infos[title].pieces
    for i in range(start, end):
        info = infos[i]
        if i == title:
            continue
        if info.pieces == title_pieces and repeats_headline(info, title, infos):
            info.removed_by = "repeated_headline"
        elif info.cls == "good" and not (info.rule or info.removed_by
                                         or info.meta in CERTAIN_METADATA):
            body.append(i)
    body = drop_repeats(infos, trim_metadata_tail(infos, body))
    if not extracted:  # an extractor's text has no page furniture left at its edges
        body = trim_short_edges(infos, body)
    head, kept = (start if title is None else title), set(body)
    kept_span = (body[0], body[-1]) if body else (start, end - 1)
    for i, info in enumerate(infos):
        if i in kept or i == title:
            continue
        if info.pieces == title_pieces and repeats_headline(info, title, infos):
            info.removed_by = "repeated_headline"
        info.removed_by = removal_reason(info, i, head, (start, end), kept_span)
    return Segmentation(infos, title, body)


def process_item(item: Article) -> Article:
    """RemoveBoilerplate.process_item (no template lines, no handed keys) as first written."""
    facts = [line_facts(line) for line in item.lines]
    language = guess_language(item.lines, [fact.tokens for fact in facts])
    stops = stoplist(language) if language else frozenset()
    infos = describe(item.lines, stops, facts=facts)
    result = segment_lines(infos, stops, extracted=item.media == HTML)
    named = strip_site_name(" ".join(normalise_lines(item.fields.get("title", ""))),
                            item.fields.get("publisher"), item.url)
    found = result.lines[result.title].text if result.title is not None else None
    item.title = named or found
    removed = result.removed()
    if named and found is not None:
        removed.append((found, "repeated_headline"))
    for line, rule in removed:
        item.remove_line(line, rule)
    body = [result.lines[i] for i in result.body]
    if item.title:
        pieces = len(item.title.split())
        repeated = [info.pieces == pieces and same_headline(info.text, item.title)
                    for info in body]
        for info, repeats in zip(body, repeated, strict=True):
            if repeats:
                item.remove_line(info.text, "repeated_headline")
        body = [info for info, repeats in zip(body, repeated, strict=True) if not repeats]
    item.lines = [info.text for info in body]
    return item


# "Headline | Site", "Site - Headline", "Headline – Section – Site": how <title> adds the site.
TITLE_PARTS_KEPT = re.compile(r"(\s+(?:\||-|–|—|::|»|·|•)\s+)")
MIN_HEADLINE_WORDS = 3
NOT_LETTER = re.compile(r"[\W_]+")
MAX_BRAND_WORDS = 4


def site_keys(site: str | None, url: str | None) -> set[str]:
    """Letters-only forms of the site's name and of its domain's main label."""
    keys = {NOT_LETTER.sub("", (site or "").casefold())}
    host = re.sub(r"^[a-z]+://(?:www\d?\.)?", "", (url or "").casefold()).split("/")[0]
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
