"""The HTML stage's lean metadata pass agrees with trafilatura's full `extract_metadata`.

`page_metadata` calls trafilatura's own metadata functions for the fields we keep and skips
the rest (pipeline/stages/html.py says why). On real pages (WCXB, read in place from
../shared) every kept field must equal what `extract_metadata` finds with the same date
settings, so a trafilatura upgrade that changes its composition shows up here.
"""

from __future__ import annotations

import gzip
import json

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from conftest import SHARED
from pipeline.stages.html import date_params, page_metadata

WCXB = SHARED / "eval" / "wcxb-dev-articles"
KEPT = ("title", "author", "url", "date", "sitename")
PAGES = 60

pytestmark = pytest.mark.skipif(not WCXB.exists(), reason="../shared is not beside the project")


def wcxb_pages(count: int) -> list[tuple[str, str]]:
    """(html, url) of `count` pages spread over the set."""
    with (WCXB / "gold.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    step = max(1, len(rows) // count)
    return [(gzip.decompress((WCXB / row["file"]).read_bytes()).decode("utf-8", "replace"),
             row["url"]) for row in rows[::step][:count]]


def test_kept_fields_equal_trafilatura_extract_metadata():
    differences = []
    for html, url in wcxb_pages(PAGES):
        ours = page_metadata(load_html(html), url, extensive_dates=False)
        theirs = extract_metadata(load_html(html), url, date_params(None, extensive=False))
        differences += [(url, name, getattr(ours, name), getattr(theirs, name))
                        for name in KEPT if getattr(ours, name) != getattr(theirs, name)]
    assert differences == []


def test_extensive_date_search_runs_only_where_the_fast_one_finds_nothing():
    checked = 0
    for html, url in wcxb_pages(PAGES):
        fast = page_metadata(load_html(html), url, extensive_dates=False).date
        both = page_metadata(load_html(html), url, extensive_dates=True).date
        if fast is not None:
            assert both == fast
            continue
        checked += 1
        assert both == extract_metadata(load_html(html), url, date_params(None, True)).date
    assert checked > 0, "no sampled page lacks a fast date: sample more pages"
