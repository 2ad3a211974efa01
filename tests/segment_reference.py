"""The boilerplate stage's per-article logic as first written: the reference for faster forms.

Copies of what was rewritten for speed, as it was before: the segmenter's line classes and
article stretch (jusText's shape classes, the numbered-list revision, the maximum-sum
stretch with its opening bonus, the promotion of borderline lines and the revision of short
ones by their neighbours, each a pass of its own), segment() after describe and
RemoveBoilerplate.process_item, and measure_line (the facts of one line). What was not rewritten, or only gained an early return
(numbered_items, strip_site_name), is imported; test_segment_shortcuts holds
numbered_items to its plain definition. The property tests compare the two on generated
pages.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from pipeline.article import HTML, Article
from pipeline.cleaning.lines import (
    SPACE_OR_X,
    LineInfo,
    ends_sentence,
    piece_count,
    wide_characters,
)
from pipeline.cleaning.metadata_lines import metadata_kind
from pipeline.cleaning.phrases import match_line
from pipeline.cleaning.segment import (
    CERTAIN_METADATA,
    METADATA_REACH,
    OPENING_BONUS,
    LineFacts,
    Segmentation,
    cut_at_comments,
    describe,
    drop_repeats,
    line_facts,
    mark_teasers,
    numbered_items,
    removal_reason,
    repeats_headline,
    segment_weight,
    shape_class,
    trim_metadata_tail,
    trim_short_edges,
)
from pipeline.cleaning.stopwords import (
    decode_single_byte,
    encode_single_byte,
    guess_language,
    letter_tables,
    split_words,
    stoplist,
)
from pipeline.cleaning.title import (
    choose_title,
    same_headline,
    strip_site_name,
)
from pipeline.stages.whitespace import normalise_lines


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


def measure_line(line: str) -> LineFacts:
    """The facts of one line (segment.measure_line) before single_byte_words and lines_facts."""
    lowered = line.lower()
    encoded = encode_single_byte(lowered)
    if encoded is None:
        tokens = split_words(lowered, None)
        pieces = piece_count(line)
        words = pieces + wide_characters(line) // 2
    else:
        codec, data = encoded
        tokens = split_words(lowered, encoded) if b"'" in data or b"\x92" in data else \
            tuple(decode_single_byte(codec, data.translate(letter_tables()[codec])).split())
        pieces = words = (b" " + data.translate(SPACE_OR_X)).count(b" x")
    match = match_line(line, words, lowered)
    meta = None if match else metadata_kind(line, words, tokens)
    return LineFacts(pieces, words, match, meta, ends_sentence(line), tokens)
