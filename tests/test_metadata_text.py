"""Authors, publisher, date and dateline read from an article's own metadata lines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import article_from_text
from pipeline.cleaning import credits
from pipeline.cleaning.credits import clean_author_field, read_credit_line
from pipeline.cleaning.dateline import dateline
from pipeline.cleaning.title import strip_site_name
from pipeline.config import load_settings
from pipeline.itempipeline import ItemPipeline

BODY = ("The council voted on Tuesday to approve the new budget after a long debate about "
        "the cost of repairing the river bridge, which has been closed since the spring floods.")


@pytest.mark.parametrize(("line", "rule", "authors", "publisher"), [
    ("By Ann Lee and Bo Chan", "metadata:byline", ["Ann Lee", "Bo Chan"], None),
    ("Sabra Ayres And Tracy Wilkinson, Los Angeles Times on", "metadata:byline",
     ["Sabra Ayres", "Tracy Wilkinson"], "Los Angeles Times"),
    ("By Emily Baron Cadloff· October 10, 2021", "metadata:byline", ["Emily Baron Cadloff"],
     None),
    ("By Kyle Howells 15 min read", "metadata:byline", ["Kyle Howells"], None),
    ("Author: Alec Sills-Trausch", "metadata:byline", ["Alec Sills-Trausch"], None),
    ("• Victor Vladimirov", "metadata:byline", ["Victor Vladimirov"], None),
    ("Meg James is a corporate media reporter for the Los Angeles Times.", "metadata:byline",
     ["Meg James"], None),
    ("The Washington Post logo The Washington Post 5/14/2019 Anton Troianovski",
     "metadata:date", ["Anton Troianovski"], "The Washington Post"),
    ("2019-05-13 06:22:58 GMT (Beijing Time) Sina English", "metadata:date", [],
     "Sina English"),
    ("(c)2019 Los Angeles Times", "copyright_notice", [], "Los Angeles Times"),
    ("© 2024 The Associated Press. All rights reserved.", "copyright_notice", [],
     "The Associated Press"),
    ("More From The Washington Post", "related_marker", [], "The Washington Post"),
    # Not credits: navigation that happens to be capitalised, a teaser headline.
    ("Most Popular Stories", "navigation", [], None),
    ("Pompeo Meets Putin In Sochi", "related_teaser", [], None),
])
def test_credit_lines_name_authors_and_outlets(line, rule, authors, publisher):
    credits = read_credit_line(line, rule)
    assert (credits.authors, credits.publisher) == (authors, publisher)


def test_a_by_line_outranks_a_bare_line_of_names():
    text = "\n".join(["Council approves bridge budget", "", "Contact Us", "",
                      "By Jane Roe", "", BODY, "", BODY.replace("council", "city")])
    article = run_pipeline(text)
    assert article.authors == ["Jane Roe"]


@pytest.mark.parametrize(("value", "names"), [
    ("Author Ashley Biancuzzo", ["Ashley Biancuzzo"]),
    ("Matt Check Head Winemaker; Co-Founder", ["Matt Check"]),
    ("Linda Rosencrance Contributing Writer", ["Linda Rosencrance"]),
    ("Jane Roe | Li Wei & Jane Roe", ["Jane Roe", "Li Wei"]),
])
def test_source_author_fields_lose_labels_and_job_titles(value, names):
    assert clean_author_field(value) == names


@pytest.mark.parametrize(("first_line", "place"), [
    ("SOCHI, Russia —Secretary of State Mike Pompeo is set to meet", "SOCHI, Russia"),
    ("MOSCOW -- As U.S. tensions with Iran simmer", "MOSCOW"),
    ("LONDON (Reuters) - Britain's economy grew", "LONDON"),
    ("WASHINGTON, May 14 (Reuters) - The Senate", "WASHINGTON"),
    ("BEIJING, 14 May 2019 (Xinhua) -- China said", "BEIJING"),
    ("NEW DELHI: The government said", "NEW DELHI"),
    # Not datelines.
    ("The US - China talks resumed", None),
    ("U.S. - China talks resumed", None),
    ("UPDATE: the road has reopened", None),
    ("Secretary of State Mike Pompeo said", None),
])
def test_dateline_is_the_capitalised_place_before_the_dash(first_line, place):
    assert dateline(first_line) == place


@pytest.mark.parametrize(("title", "site", "url", "expected"), [
    ("Top 11 SEO Strategies for 2025 | LuccaAM", None, None, "Top 11 SEO Strategies for 2025"),
    ("HR Shared Services explained - Zalaris", "Zalaris", None, "HR Shared Services explained"),
    ("Leadfeeder | State of SEO in 2026", None, "https://www.leadfeeder.com/blog/x",
     "State of SEO in 2026"),
    ("Tax Law Changes in 2026 - Intuit TurboTax Blog", None, "https://blog.turbotax.intuit.com/",
     "Tax Law Changes in 2026"),
    # A subtitle after " - " is not a site name.
    ("Pompeo to meet Putin - and Lavrov", "The Post", None, "Pompeo to meet Putin - and Lavrov"),
])
def test_site_names_leave_page_titles(title, site, url, expected):
    assert strip_site_name(title, site, url) == expected


def run_pipeline(text: str):
    pipeline = ItemPipeline.from_settings(load_settings())
    pipeline.open()
    return pipeline.process(article_from_text(text))


def test_plain_text_article_gets_every_metadata_field():
    text = "\n".join([
        "Council approves bridge budget", "",
        "By Jane Roe and Li Wei, Riverside Gazette", "",
        "Published March 3, 2021", "",
        "RIVERSIDE, Calif. — " + BODY, "",
        BODY.replace("council", "mayor"), "",
        "© 2021 Riverside Gazette. All rights reserved.",
    ])
    article = run_pipeline(text)
    assert article.authors == ["Jane Roe", "Li Wei"]
    assert article.publisher == "Riverside Gazette"
    assert article.published == dt.date(2021, 3, 3)
    assert article.dateline == "RIVERSIDE, Calif."
    assert article.text.startswith("RIVERSIDE, Calif. — ")


# The reference: the credit readers as they were, before clean_fragment tried each pattern
# only where it can match, dates were found in the lowered line and is_outlet was cached.
def fragment_by_patterns(text: str) -> str:
    text = credits.BULLET.sub("", text.strip())
    return credits.TRAILING_ON.sub("", text.strip(" ,;:|()[]-–—")).strip()


def names_by_patterns(text: str) -> list[str]:
    parts = [fragment_by_patterns(p) for p in credits.NAME_SEPARATOR.split(text)
             if fragment_by_patterns(p)]
    names = [p for p in parts if credits.PERSON_NAME.match(p) and not outlet_by_pattern(p)
             and len(p.split()) <= credits.MAX_NAME_WORDS]
    return names if names and len(names) == len(parts) else []


def outlet_by_pattern(name: str) -> bool:
    return bool(credits.OUTLET_WORD.search(name)) or name.lower().startswith("the ")


def names_and_outlet_by_patterns(text: str) -> credits.Credits:
    text = fragment_by_patterns(credits.READING_TIME.sub("", text))
    cued = bool(credits.BY_CUE.match(text))
    if cued:
        text = credits.BYLINE_PIECES.split(credits.BY_CUE.sub("", text), maxsplit=1)[0]
    text = fragment_by_patterns(credits.EDITING_TAIL.sub("", text))
    names = names_by_patterns(text)
    if names:
        return credits.Credits(authors=names, cued=cued)
    tail = credits.OUTLET_TAIL.match(text)
    if tail:
        names, outlet = names_by_patterns(tail["names"]), fragment_by_patterns(tail["outlet"])
        if names:
            return credits.Credits(authors=names, cued=cued,
                                   publisher=outlet if outlet_by_pattern(outlet) else None)
    if outlet_by_pattern(text) and len(text.split()) <= 6:
        return credits.Credits(publisher=text)
    return credits.Credits()


def date_line_by_patterns(line: str) -> credits.Credits:
    dates = [m.group(0) for m in credits.DATE_PIECES.finditer(line)
             if any(ch.isdigit() for ch in m.group(0))]
    found = credits.Credits(date_text=" ".join(dates) or None)
    logo = credits.LOGO.search(line)
    if logo:
        found.publisher = fragment_by_patterns(logo["outlet"])
    for piece in credits.DATE_PIECES.split(line):
        fragment = fragment_by_patterns(credits.LOGO.sub("", piece))
        if not fragment or (found.publisher and fragment == found.publisher):
            continue
        more = names_and_outlet_by_patterns(fragment)
        found.authors += more.authors
        found.publisher = found.publisher or more.publisher
    return found


def credit_line_by_patterns(line: str, rule: str) -> credits.Credits:
    if not rule.startswith("metadata:"):
        return credits.outlet_line_credits(line, rule)
    bio = credits.BIO.match(line)
    if rule == "metadata:byline" and bio:
        return credits.Credits(authors=names_by_patterns(bio["name"]), cued=True)
    if credits.BY_CUE.match(fragment_by_patterns(line)):
        found = names_and_outlet_by_patterns(line)
        found.date_text = date_line_by_patterns(line).date_text
        return found
    if rule == "metadata:date" or credits.DATE_PIECES.search(line):
        return date_line_by_patterns(line)
    return names_and_outlet_by_patterns(line)


CREDIT_PIECES = ["By", "BY", "by", "Ann", "Lee", "MARIA", "VARGA", "Émile", "Ünal", "İpek",
                 "and", "And", ",", "·", "|", "—", "-", "•", "on", "on\n", "\n", "Published",
                 "Updated", "November 12, 2026", "5/14/2019", "2019-05-13 06:22:58 GMT",
                 "(Beijing Time)", "12:45 pm", "Tuesday", "Sina English", "Los Angeles Times",
                 "The Washington Post", "logo", "©", "2024", "All rights reserved.",
                 "More From", "15 min read", "Writing by", "Photos by", "is a", "reporter",
                 "ſept", "\u212aelvin", "²", "Ⅻ", "Σ", "(", ")", ";"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CREDIT_PIECES), max_size=12),
       st.sampled_from([" ", "", "  "]),
       st.sampled_from(["metadata:byline", "metadata:date", "copyright_notice",
                        "related_marker", "navigation"]))
def test_credit_lines_are_read_as_by_the_patterns_alone(pieces, separator, rule):
    line = separator.join(pieces)
    assert credits.clean_fragment(line) == fragment_by_patterns(line)
    assert credits.date_line_credits(line) == date_line_by_patterns(line)
    assert credits.date_text(line) == date_line_by_patterns(line).date_text
    assert read_credit_line(line, rule) == credit_line_by_patterns(line, rule)
