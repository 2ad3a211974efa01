"""Baselines measured the same way as the pipeline: what a simpler cleaner would keep.

- `keep_all`: every line of the input (the score of doing nothing).
- `justext_lines`: jusText's paragraph classifier (context-free classification, then its
  context-sensitive revision) applied to the text's lines; kept lines are those it calls good.
"""

from __future__ import annotations

import justext
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


BASELINES = {"keep_all": keep_all, "justext_lines": justext_lines}
