"""A run's fixed costs: what it imports only when it needs it, and the same answers either way.

trafilatura is imported with the first HTML page (or before a multi-worker run forks, when the
dump may hold pages), the grouping reads wordfreq's lists without importing wordfreq, and the
tasks derive the dump's fingerprint and size once.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import wordfreq

from pipeline.readers import DumpListing, dump_fingerprint, list_dump, may_hold_pages
from pipeline.storage import FILE, Storage
from pipeline.stories.rarity import centibel_frequency, frequency_bands, listed_languages
from tasks.params import listed_dump

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFERRED = ("trafilatura", "courlan", "htmldate", "wordfreq", "langcodes")


def modules_after(code: str) -> set[str]:
    """The DEFERRED modules a fresh interpreter has imported after running `code`."""
    probe = textwrap.dedent(code) + textwrap.dedent(f"""
        import sys
        print(" ".join(name for name in {DEFERRED!r} if name in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=PROJECT_ROOT, check=True)
    return set(result.stdout.split())


def test_the_command_line_and_its_stages_load_without_trafilatura_or_wordfreq():
    loaded = modules_after("""
        import tasks.cli
        from pipeline.config import load_settings
        from pipeline.itempipeline import ItemPipeline
        ItemPipeline.from_settings(load_settings())
        from pipeline.stories.rarity import WordLists
        WordLists(["en"]).close()
    """)
    assert loaded == set()


def test_load_extractor_imports_trafilatura():
    loaded = modules_after("""
        from pipeline.stages.html import load_extractor
        load_extractor()
    """)
    assert {"trafilatura", "courlan", "htmldate"} <= loaded


def test_the_html_stage_imports_trafilatura_with_its_first_page():
    loaded = modules_after("""
        from pipeline.article import HTML, Article
        from pipeline.stages.html import ExtractHtml
        page = "<html><head><title>T</title></head><body><article><p>" + "Words here. " * 40
        article = Article(doc_id="d", source="a.html", raw=b"", decoded=page + "</p></article>"
                          "</body></html>", media=HTML)
        assert "Words here." in ExtractHtml().process_item(article).decoded
    """)
    assert "trafilatura" in loaded


def test_listed_languages_are_wordfreqs_best_lists():
    assert listed_languages() == wordfreq.available_languages("best")


def test_centibel_frequency_is_wordfreqs():
    deepest = max(len(frequency_bands(language)) for language in ("en", "de", "ja"))
    for band in range(deepest + 100):
        assert centibel_frequency(band) == wordfreq.cB_to_freq(-band)


def listing(*names: str, kind: str = FILE) -> DumpListing:
    """A listing of files of these names."""
    return DumpListing(tuple((name, 10, 0, kind) for name in names), hidden=0)


@pytest.mark.parametrize(("names", "expected"), [
    ((), False),
    (("a.txt", "b.txt.gz", "notes.md"), False),
    (("a.txt", "b.html"), True),
    (("feed.jsonl",), True),
    (("feed.json.gz",), True),
    (("crawl.warc.gz",), True),
    (("PAGE.HTM",), True),
])
def test_may_hold_pages(names, expected):
    assert may_hold_pages(listing(*names)) is expected


def test_a_page_that_cannot_be_read_holds_no_page():
    assert not may_hold_pages(listing("a.html", kind="directory"))


def test_a_listed_dump_is_listed_and_fingerprinted_once_per_process(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"Headline\n\nBody.\n")
    (tmp_path / "b.jsonl").write_bytes(b'{"text": "x"}\n')
    date = dt.date(2026, 11, 23)
    listed = listed_dump(str(tmp_path), date)
    assert listed is listed_dump(str(tmp_path), date)
    assert listed.listing == list_dump(Storage(str(tmp_path)))
    assert listed.fingerprint == dump_fingerprint(listed.listing)
    assert listed.total_bytes == sum(size for _, size, _, _ in listed.listing.files) == 30
