"""Gold sets: what a correct clean of each document is, and the dump each set is scored on.

- `seeds`: ../shared/gold/seeds.jsonl against the project's seeds/ (plain text).
- `wcxb-text`: ../shared/eval/wcxb-dev-articles/ pages turned into their full visible text
  (see visible_text.py), ingested as a dump of `.txt` files: the text-only case.
- `wcxb-html`: the same pages ingested as they are, through trafilatura and the text stages.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.evaluation import visible_text
from pipeline.evaluation.baselines import HTML_BASELINES, TEXT_BASELINES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHARED = PROJECT_ROOT.parent / "shared"
CACHE = PROJECT_ROOT / "build" / "eval"


@dataclass
class GoldDoc:
    """The expected clean of one document."""

    key: str
    title: str
    body: str
    boilerplate: list[str] = field(default_factory=list)
    metadata_lines: list[str] = field(default_factory=list)
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    metadata: dict[str, object] = field(default_factory=dict)


@dataclass
class GoldSet:
    """A named set of gold documents and a function that builds (or finds) its dump."""

    name: str
    docs: dict[str, GoldDoc]
    build_dump: Callable[[], Path]
    # Baselines scored on the same dump files: name -> (file bytes -> (title, text)).
    baselines: dict[str, Callable[[bytes], tuple[str, str]]] = field(default_factory=dict)


def doc_key(name: str) -> str:
    """Key shared by a gold entry and the article ingested from its file: the bare stem."""
    return Path(name).name.split(".", 1)[0]


def read_jsonl(path: Path) -> list[dict]:
    """The objects of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n")
            if line.strip()]


METADATA_FIELDS = ("authors", "author", "publisher", "published", "dateline", "language", "url")


def seeds_set(gold_file: Path = SHARED / "gold" / "seeds.jsonl",
              dump: Path = PROJECT_ROOT / "seeds") -> GoldSet:
    """The five seeds and their gold."""
    docs = {}
    for row in read_jsonl(gold_file):
        key = doc_key(row["file"])
        docs[key] = GoldDoc(
            key=key, title=row["title"], body=row["body"],
            boilerplate=row.get("boilerplate", []), metadata_lines=row.get("metadata_lines", []),
            metadata={k: row[k] for k in METADATA_FIELDS if k in row},
        )
    return GoldSet("seeds", docs, lambda: dump, TEXT_BASELINES)


def wcxb_docs(directory: Path) -> dict[str, GoldDoc]:
    """The WCXB article pages' gold."""
    docs = {}
    for row in read_jsonl(directory / "gold.jsonl"):
        key = doc_key(row["file"])
        docs[key] = GoldDoc(
            key=key, title=row.get("title") or "", body=row.get("body") or "",
            with_snippets=row.get("with") or [], without_snippets=row.get("without") or [],
            metadata={k: row[k] for k in METADATA_FIELDS if row.get(k)},
        )
    return docs


def converter_version() -> str:
    """Hash of the visible-text converter, so a changed converter rebuilds cached dumps."""
    return hashlib.sha256(Path(visible_text.__file__).read_bytes()).hexdigest()[:12]


def build_text_dump(pages: list[Path], name: str) -> Path:
    """Convert pages to visible-text files once per converter version; return the directory."""
    out = CACHE / f"{name}-{converter_version()}"
    stamp = out / ".complete"
    if not stamp.exists():
        out.mkdir(parents=True, exist_ok=True)
        for page in pages:
            text = visible_text.visible_text(visible_text.read_page(page))
            (out / visible_text.text_name(page)).write_text(text, encoding="utf-8")
        stamp.write_text("")
    return out


def text_set_from_pages(directory: Path, name: str) -> GoldSet:
    """A directory in WCXB's layout (gold.jsonl + html/) scored as a plain-text dump.

    Use it for your own labelled pages: `python -m pipeline.evaluation --gold-dir DIR`.
    """
    docs = wcxb_docs(directory)
    pages = sorted((directory / "html").glob("*.htm*"))
    return GoldSet(name, docs, lambda: build_text_dump(pages, name), TEXT_BASELINES)


def html_set_from_pages(directory: Path, name: str) -> GoldSet:
    """A directory in WCXB's layout scored through the HTML path: html/ is the dump itself."""
    return GoldSet(name, wcxb_docs(directory), lambda: directory / "html", HTML_BASELINES)


WCXB = SHARED / "eval" / "wcxb-dev-articles"


def wcxb_text_set(directory: Path = WCXB) -> GoldSet:
    """WCXB dev articles as a plain-text dump."""
    return text_set_from_pages(directory, "wcxb-text")


def wcxb_html_set(directory: Path = WCXB) -> GoldSet:
    """WCXB dev articles as a dump of HTML pages."""
    return html_set_from_pages(directory, "wcxb-html")


GOLD_SETS: dict[str, Callable[[], GoldSet]] = {
    "seeds": seeds_set,
    "wcxb-text": wcxb_text_set,
    "wcxb-html": wcxb_html_set,
}
