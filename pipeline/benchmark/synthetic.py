"""A reproducible synthetic dump for `make bench`: N scraped news articles of about 5 KB.

What a nightly scrape looks like, at any size, from one seed:
- stories: groups of articles about one event (shared names, places and topic words, dates
  within a few days), in eight languages, most in English;
- syndicated copies: a wire text re-published by other outlets, each wrapped in its own
  outlet's page furniture, sometimes trimmed or lightly edited;
- page furniture of every kind the cleaner removes: browser warnings, navigation, repeated
  headlines, bylines, photo captions and credits, related-article teasers, newsletter
  promos, comment widgets, copyright and distribution notices, spam footers;
- encoding damage: mojibake, broken and spaced entities (`&# 171;`), control characters;
- a few bad records (empty text, a broken JSON line), which must end up as rejects.

Records go to JSON-lines feed files (every fourth one gzipped) with a scraper's fields
(`url`, `title`, `text`, sometimes `author`, `date`, `publisher`); a few articles are
standalone `.txt` pages like the seeds. Prose is drawn from wordfreq's word lists with their
real frequencies, so every language has its own letters, stop words and n-grams.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from wordfreq import top_n_list

# Share of articles per language (langdetect codes); the rest of the mix is English.
LANGUAGES = {"en": 0.68, "de": 0.07, "fr": 0.07, "es": 0.06, "it": 0.04, "pt": 0.03,
             "nl": 0.03, "ru": 0.02}
COMMON_WORDS = 4000          # prose vocabulary per language, drawn by Zipf frequency
TOPIC_WORDS = (4000, 30000)  # rank range of a story's topic words (rarer, so telling)
TARGET_BYTES = 5000
RECORDS_PER_FILE = 500
TEXT_PAGE_SHARE = 0.03       # articles written as standalone .txt pages
COPY_SHARE = 0.15            # articles that re-publish another outlet's text
MOJIBAKE_SHARE = 0.04
ENTITY_SHARE = 0.03
CONTROL_SHARE = 0.02
BAD_RECORD_EVERY = 500      # one bad record after every this many articles
EPOCH = dt.date(2026, 11, 10)


def names(text: str) -> tuple[str, ...]:
    """The words of `text`: long name lists stay readable in the source."""
    return tuple(text.split())


FIRST = names(
    "Anna Maria James Olga Pedro Lucia Tom Sofia Henrik Amara Kenji Fatima David "
    "Elena Marco Chloe Ivan Ruth Omar Greta Paul Ines Samuel Leila Victor Nadia"
)
LAST = names(
    "Keller Moreau Okafor Lindqvist Tanaka Rossi Novak Haddad Fischer Alvarez Brennan "
    "Kowalski Duarte Petrov Nakamura Osei Laurent Weber Santos Varga Holm Rahman "
    "Castillo Marsh"
)
PLACE_PARTS = names(
    "Nor Vel Ash Bran Cor Dun Esk Fal Gal Hal Iver Kar Lor Mar Ost Pel Rav Sel Tor "
    "Wen"
)
PLACE_ENDS = names(
    "ford grad ville burg haven mouth stad polis field heim"
)
ONSETS = names(
    "b d f g k l m n p r s t v z br dr kr st tr"
)
VOWELS = names(
    "a e i o u ai ei ou"
)
MASTHEADS = names("Times Post Herald Daily Courier News Observer Tribune Gazette Journal")
WIRES = ("Reuters", "AP", "AFP", "dpa", "EFE", "ANSA")
SECTIONS = names(
    "World Politics Business Markets Sport Science Health Culture Opinion Local"
)


@dataclass
class Outlet:
    """A publisher and its page furniture."""

    name: str
    domain: str
    language: str
    nav: str
    footer: list[str]
    browser_warning: bool


@dataclass
class Story:
    """One event: the names, places and words its articles share, and when it happened."""

    language: str
    people: list[str]
    places: list[str]
    topic: list[str]
    day: dt.date
    headline_words: list[str] = field(default_factory=list)


class Prose:
    """Sentences in one language, words drawn by their real frequency."""

    def __init__(self, language: str) -> None:
        words = top_n_list(language, TOPIC_WORDS[1])
        self.common = [w for w in words[:COMMON_WORDS] if w.isalpha()]
        self.rare = [w for w in words[TOPIC_WORDS[0]:] if w.isalpha() and len(w) > 3]
        weights = [1 / (rank + 2) for rank in range(len(self.common))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def words(self, rng: random.Random, count: int) -> list[str]:
        """`count` common words, Zipf-distributed."""
        return rng.choices(self.common, cum_weights=self.cumulative, k=count)

    def sentence(self, rng: random.Random, story: Story) -> str:
        """One sentence, with a story name or topic word in most of them."""
        words = self.words(rng, rng.randint(9, 26))
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            pool = rng.choice((story.people, story.places, story.topic, story.topic))
            words.insert(rng.randrange(1, len(words)), rng.choice(pool))
        if rng.random() < 0.15:
            words.insert(rng.randrange(1, len(words)), str(rng.randint(2, 2000)))
        if rng.random() < 0.2 and len(words) > 6:
            cut = rng.randrange(3, len(words) - 2)
            words[cut] = f"{words[cut]},"
        if rng.random() < 0.12 and story.language == "en":
            start = rng.randrange(0, len(words) - 2)
            words[start] = f"“{words[start]}"
            words[start + 2] = f"{words[start + 2]}”"
        if rng.random() < 0.08:
            words.insert(rng.randrange(2, len(words)), "—")
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice(".....?!")

    def paragraph(self, rng: random.Random, story: Story) -> str:
        """Two to six sentences."""
        return " ".join(self.sentence(rng, story) for _ in range(rng.randint(2, 6)))


def invented_word(rng: random.Random, syllables: int) -> str:
    """A pronounceable invented name, from a space large enough that stories rarely share one."""
    word = rng.choice(PLACE_PARTS) + "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables - 1))
    return word.capitalize()


def place_name(rng: random.Random) -> str:
    """An invented town, so story names never collide with real ones."""
    return invented_word(rng, 2) + rng.choice(PLACE_ENDS)


def person_name(rng: random.Random) -> str:
    """A first name and an invented surname."""
    return f"{rng.choice(FIRST)} {invented_word(rng, 3)}"


def make_outlets(rng: random.Random, count: int) -> list[Outlet]:
    """Publishers, each with its own navigation and footer lines."""
    outlets = []
    for index in range(count):
        language = pick_language(rng)
        base = f"{place_name(rng)} {rng.choice(MASTHEADS)}"
        name = base if index % 7 else f"The {base}"
        domain = base.lower().replace(" ", "") + rng.choice((".com", ".net", ".co.uk", ".de"))
        nav = " | ".join(["Home", *rng.sample(SECTIONS, 6), "Subscribe"])
        footer = [
            f"© {EPOCH.year} {name}. All rights reserved.",
            rng.choice((f"This material may not be published, broadcast, rewritten or "
                        f"redistributed without permission of {name}.",
                        "Distributed by Tribune Content Agency, LLC.",
                        f"Copyright {EPOCH.year} {name}. Reproduction in whole or in part "
                        "without permission is prohibited.")),
            rng.choice(("Sign up for our daily newsletter to get the latest headlines "
                        "delivered to your inbox.",
                        f"Subscribe to the {name} newsletter",
                        "Get our free morning briefing. Sign up now!")),
            rng.choice(("blog comments powered by Disqus", "Leave a comment",
                        "Comments are closed.", "24 Comments")),
            rng.choice(("Privacy Policy", "Terms of Use", "Contact us | Advertise | Careers",
                        "Follow us on Facebook, Twitter and Instagram")),
        ]
        outlets.append(Outlet(name, domain, language, nav, footer, rng.random() < 0.3))
    return outlets


def pick_language(rng: random.Random) -> str:
    """A language by its share of the mix."""
    return rng.choices(list(LANGUAGES), weights=list(LANGUAGES.values()))[0]


def make_story(rng: random.Random, prose: Prose, language: str) -> Story:
    """An event: two or three people, one or two places, four topic words, a day."""
    people = [person_name(rng) for _ in range(rng.randint(2, 3))]
    places = [place_name(rng) for _ in range(rng.randint(1, 2))]
    topic = rng.sample(prose.rare, 4)
    day = EPOCH + dt.timedelta(days=rng.randint(0, 12))
    headline = [*rng.sample(topic, 2), people[0].split()[1], places[0]]
    return Story(language, people, places, topic, day, headline)


def headline(rng: random.Random, prose: Prose, story: Story) -> str:
    """A headline: story words among a few common ones, title-cased."""
    words = [*story.headline_words, *prose.words(rng, rng.randint(3, 7))]
    rng.shuffle(words)
    return " ".join(w.capitalize() if rng.random() < 0.6 else w for w in words)


def body(rng: random.Random, prose: Prose, story: Story) -> list[str]:
    """Paragraphs adding up to about TARGET_BYTES, the first with a dateline."""
    paragraphs: list[str] = []
    size = 0
    target = rng.randint(TARGET_BYTES - 1500, TARGET_BYTES + 1500)
    while size < target:
        paragraph = prose.paragraph(rng, story)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    if rng.random() < 0.5:
        wire = f" ({rng.choice(WIRES)})" if rng.random() < 0.5 else ""
        paragraphs[0] = f"{story.places[0].upper()}{wire} — {paragraphs[0]}"
    return paragraphs


def edit_copy(rng: random.Random, paragraphs: list[str]) -> list[str]:
    """A re-publication: sometimes the last paragraph dropped or one word changed."""
    copy = list(paragraphs)
    if rng.random() < 0.3 and len(copy) > 4:
        copy.pop()
    if rng.random() < 0.3:
        index = rng.randrange(len(copy))
        words = copy[index].split(" ")
        words[rng.randrange(len(words))] = "reportedly"
        copy[index] = " ".join(words)
    return copy


def damage(rng: random.Random, text: str) -> str:
    """Encoding damage of one kind, or none."""
    roll = rng.random()
    if roll < MOJIBAKE_SHARE:
        start = text.find("\n\n", len(text) // 3)
        part = text[start:start + 800]
        broken = part.encode("utf-8").decode("cp1252", errors="replace")
        return text[:start] + broken + text[start + 800:]
    roll -= MOJIBAKE_SHARE
    if roll < ENTITY_SHARE:
        return text.replace(" “", " &# 171;", 2).replace("” ", "&# 187; ", 2) \
            .replace(" — ", " &mdash; ", 1).replace(", ", " &amp;amp; ", 1)
    roll -= ENTITY_SHARE
    if roll < CONTROL_SHARE:
        cut = rng.randrange(len(text) // 2, len(text))
        return text[:cut] + rng.choice(("\x00", "\x1b", "\u200b", "\x08")) + text[cut:]
    return text


def page_text(rng: random.Random, outlet: Outlet, *, title: str, byline: str,
              paragraphs: list[str], teasers: list[str], caption: str) -> str:
    """What a scraper keeps of a page: the article amid its outlet's furniture."""
    lines = []
    if outlet.browser_warning:
        lines.append("You are using an older browser version. Please use a supported version "
                     "for the best experience.")
    lines += [outlet.nav, title]
    if rng.random() < 0.3:
        lines.append(title)
    lines.append(byline)
    if rng.random() < 0.5:
        lines.append(caption)
    middle = len(paragraphs) // 2
    lines += paragraphs[:middle]
    if rng.random() < 0.4:
        lines.append(f"Read more: {teasers[0]}")
    lines += paragraphs[middle:]
    lines.append(rng.choice(("Related articles", "More from " + outlet.name, "You may also like")))
    lines += teasers
    lines += outlet.footer
    if rng.random() < 0.1:
        lines.append("Buy cheap replica watches online!!! Best prices, free shipping, click here")
    return "\n\n".join(lines)


class DumpWriter:
    """Spreads records over feed files and a few standalone pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "feeds").mkdir(parents=True, exist_ok=True)
        (root / "pages").mkdir(exist_ok=True)
        self.buffer: list[str] = []
        self.files = 0
        self.pages = 0

    def add_record(self, record: dict) -> None:
        """One feed item."""
        self.buffer.append(json.dumps(record, ensure_ascii=False))
        if len(self.buffer) >= RECORDS_PER_FILE:
            self.flush()

    def add_broken_line(self, record: dict) -> None:
        """A JSON line cut off mid-record, as a crashed scraper leaves it."""
        self.buffer.append(json.dumps(record, ensure_ascii=False)[:300])

    def add_page(self, text: str) -> None:
        """A standalone text page."""
        path = self.root / "pages" / f"page-{self.pages:06d}.txt"
        path.write_text(text, encoding="utf-8")
        self.pages += 1

    def flush(self) -> None:
        """Write the buffered items as one feed file; every fourth is gzipped."""
        if not self.buffer:
            return
        data = ("\n".join(self.buffer) + "\n").encode("utf-8")
        name = f"part-{self.files:05d}.jsonl"
        if self.files % 4 == 3:
            (self.root / "feeds" / f"{name}.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (self.root / "feeds" / name).write_bytes(data)
        self.files += 1
        self.buffer = []


class Generator:
    """Builds the articles of a dump, story by story."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.prose = {language: Prose(language) for language in LANGUAGES}
        self.outlets = make_outlets(self.rng, 120)
        self.by_language = {language: [o for o in self.outlets if o.language == language]
                            or self.outlets[:3] for language in LANGUAGES}
        self.serial = 0

    def story_articles(self, story: Story) -> list[tuple[Outlet, str, list[str], dt.date]]:
        """The articles of one story: originals, and copies of a wire text."""
        rng, prose = self.rng, self.prose[story.language]
        count = rng.choice((1, 1, 2, 3, 4, 6, 8))
        wire_text = body(rng, prose, story)
        articles = []
        for _ in range(count):
            outlet = rng.choice(self.by_language[story.language])
            day = story.day + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            if rng.random() < COPY_SHARE * 2 and len(articles) > 0:
                paragraphs = edit_copy(rng, wire_text)
            else:
                paragraphs = body(rng, prose, story) if articles else wire_text
            articles.append((outlet, headline(rng, prose, story), paragraphs, day))
        return articles

    def record(self, story: Story, outlet: Outlet, *, title: str, paragraphs: list[str],
               day: dt.date, teasers: list[str]) -> tuple[dict, str]:
        """The feed item of one article, and its page text."""
        rng = self.rng
        self.serial += 1
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        stamp = dt.datetime.combine(day, dt.time(rng.randint(0, 23), rng.randint(0, 59)))
        byline = rng.choice((f"By {author}", f"By {author} | {outlet.name}",
                             f"{author}, {outlet.name} {stamp:%m/%d/%Y}",
                             f"By {author.upper()} Published {stamp:%B %d, %Y}"))
        caption = (f"{story.people[0]} speaks in {story.places[0]} on Monday. "
                   f"(Photo: {rng.choice(FIRST)} {rng.choice(LAST)}/{rng.choice(WIRES)})")
        text = damage(rng, page_text(rng, outlet, title=title, byline=byline, paragraphs=paragraphs,
                                     teasers=teasers, caption=caption))
        item: dict = {"url": f"https://www.{outlet.domain}/{stamp:%Y/%m/%d}/story-{self.serial}",
                      "text": text}
        if rng.random() < 0.7:
            item["title"] = title
        if rng.random() < 0.5:
            item["author"] = author
        if rng.random() < 0.8:
            item["date"] = stamp.isoformat()
        if rng.random() < 0.8:
            item["publisher"] = outlet.name
        return item, text

    def write(self, count: int, root: Path) -> int:
        """Write `count` articles (plus a few bad records) under `root`; returns records."""
        writer = DumpWriter(root)
        written = 0
        # Teasers link to other recent stories of the same language.
        recent_titles: dict[str, list[str]] = {language: [] for language in LANGUAGES}
        while written < count:
            language = pick_language(self.rng)
            story = make_story(self.rng, self.prose[language], language)
            for outlet, title, paragraphs, day in self.story_articles(story):
                if written >= count:
                    break
                recent = recent_titles[language] or [title]
                teasers = self.rng.sample(recent, min(3, len(recent)))
                item, text = self.record(story, outlet, title=title, paragraphs=paragraphs,
                                         day=day, teasers=teasers)
                written += 1 + self.add(writer, item, text)
                recent_titles[language] = [*recent[-40:], title]
        writer.flush()
        return written

    def add(self, writer: DumpWriter, item: dict, text: str) -> int:
        """Write one article as a feed item or a page; sometimes add a bad record too."""
        roll = self.rng.random()
        if roll < TEXT_PAGE_SHARE:
            writer.add_page(text)
        else:
            writer.add_record(item)
        if self.serial % BAD_RECORD_EVERY == BAD_RECORD_EVERY // 2:
            if self.serial % (2 * BAD_RECORD_EVERY) < BAD_RECORD_EVERY:
                writer.add_broken_line(item)
            else:
                writer.add_record({**item, "text": "", "url": item["url"] + "-empty"})
            return 1
        return 0


def generate(root: Path, count: int, seed: int = 7) -> int:
    """Write a dump of about `count` records to `root` (created); returns the record count."""
    return Generator(seed).write(count, Path(root))


def main(argv: list[str] | None = None) -> None:
    """`python -m pipeline.benchmark.synthetic OUT --articles N [--seed S]`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    records = generate(args.out, args.articles, args.seed)
    print(f"wrote {records} records to {args.out}")


if __name__ == "__main__":
    main()
