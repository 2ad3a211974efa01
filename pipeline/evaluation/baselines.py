"""Baselines measured the same way as the pipeline: what a simpler cleaner would keep.

Plain-text dumps:
- `keep_all`: every line of the input (the score of doing nothing).
- `justext_lines`: jusText's paragraph classifier (context-free classification, then its
  context-sensitive revision) applied to the text's lines; kept lines are those it calls good.

HTML dumps:
- `trafilatura`: bare `trafilatura.extract(page)` plus the title trafilatura finds.

Each baseline takes a dump file's bytes and returns the predicted (title, text); plain-text
baselines have no title of their own (their text keeps or drops the headline line).
"""

from __future__ import annotations

import gzip

import justext
import trafilatura
from justext.core import classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph


class _LinePath:
    """The minimal stand-in for jusText's DOM path: every line is a plain <p>."""

    dom = "body.p"
    xpath = "/body/p"


def text_lines(text: str) -> list[str]:
    """Non-empty, stripped lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def keep_all(text: str) -> str:
    """The whole input, one line per paragraph."""
    return "\n".join(text_lines(text))


def justext_lines(text: str, stoplist_language: str = "English") -> str:
    """The lines jusText's classifier keeps, with its default thresholds."""
    paragraphs = []
    for line in text_lines(text):
        paragraph = Paragraph(_LinePath())
        paragraph.append_text(line)
        paragraphs.append(paragraph)
    classify_paragraphs(paragraphs, justext.get_stoplist(stoplist_language))
    revise_paragraph_classification(paragraphs)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def page_bytes(data: bytes, name: str) -> bytes:
    """A dump file's bytes, gunzipped when its name ends in .gz."""
    return gzip.decompress(data) if name.endswith(".gz") else data


def trafilatura_alone(html: bytes) -> tuple[str, str]:
    """What bare trafilatura gives for a page: its title and `extract`'s text."""
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title if metadata else None) or ""
    return title, trafilatura.extract(html) or ""


def as_text(data: bytes) -> str:
    """A text dump file's bytes as text."""
    return data.decode("utf-8", errors="replace")


TEXT_BASELINES = {"keep_all": lambda data: ("", keep_all(as_text(data))),
                  "justext_lines": lambda data: ("", justext_lines(as_text(data)))}
HTML_BASELINES = {"trafilatura": trafilatura_alone}
