"""An HTML page as its full visible text: one text block per line, boilerplate included.

This is how the plain-text evaluation dumps are made (and how many scraped "text" dumps look
in the wild): every block-level element starts a new line, inline elements run together,
nothing the browser would not show (scripts, styles, hidden elements, the <head>) is kept.
Blocks are separated by a blank line, as in seeds/.

    python -m pipeline.evaluation.visible_text page.html[.gz] ... --out DIR
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
from lxml import etree

INVISIBLE = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "embed", "canvas", "select", "option", "datalist", "audio", "video", "map", "title",
    "meta", "link",
})
BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", "center", "button",
})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
SPACES = re.compile(r"\s+")


def is_hidden(element: etree._Element) -> bool:
    """True for elements a browser does not render.

    The `hidden` attribute is not enough: streaming frameworks (Next.js, React server
    components) deliver the whole article inside `<div hidden>` and reveal it with script, so
    what a reader sees includes it.
    """
    if not isinstance(element.tag, str):
        return True  # comments and processing instructions
    tag = element.tag.lower()
    if tag in INVISIBLE or element.get("type") == "hidden":
        return True
    return bool(HIDDEN_STYLE.search(element.get("style", "")))


def walk(element: etree._Element, line: list[str]) -> Iterator[str]:
    """Yield finished lines; `line` collects the inline text of the block being built."""
    block = element.tag.lower() in BLOCKS or element.tag.lower() == "br"
    if block:
        yield from flush(line)
    if element.text:
        line.append(element.text)
    for child in element:
        if not is_hidden(child):
            yield from walk(child, line)
        if child.tail:
            line.append(child.tail)
    if block:
        yield from flush(line)


def flush(line: list[str]) -> Iterator[str]:
    """Emit the collected inline text as one line, if it has any."""
    text = SPACES.sub(" ", "".join(line)).strip()
    line.clear()
    if text:
        yield text


def visible_lines(html: bytes | str) -> list[str]:
    """The visible text blocks of a page, in document order."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    body = root.find("body")
    start = body if body is not None else root
    line: list[str] = []
    return [*walk(start, line), *flush(line)]


def visible_text(html: bytes | str) -> str:
    """The page's visible text, one block per line, blocks separated by a blank line."""
    return "\n\n".join(visible_lines(html)) + "\n"


def read_page(path: Path) -> bytes:
    """The bytes of a page file, gunzipped when its name ends in .gz."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def text_name(path: Path) -> str:
    """`0001.html.gz` -> `0001.txt`."""
    return path.name.split(".", 1)[0] + ".txt"


def main() -> None:
    """Convert pages to visible-text files."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for page in args.pages:
        (args.out / text_name(page)).write_text(visible_text(read_page(page)), encoding="utf-8")


if __name__ == "__main__":
    main()
