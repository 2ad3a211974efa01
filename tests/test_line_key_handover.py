"""CleanShard hands the boilerplate stage the line keys CollectLineStats computed.

The stage then hashes only the lines that had no key (too few words); its output is the
same as when it computes every key itself (an older run's shard, or no hand-over).
"""

from __future__ import annotations

import pyarrow as pa
from dump_factory import good_dump

import pipeline.cleaning.segment as segment_module
from conftest import article_from_text
from pipeline.config import load_settings
from pipeline.shards import (
    ARTICLES_FILE,
    LINE_KEYS_FILE,
    clean_shard,
    collect_line_stats,
    shard_file,
    split_dump,
)
from pipeline.stages.boilerplate import RemoveBoilerplate
from pipeline.storage import Storage
from pipeline.templates import TEMPLATE_LINES, document_stats, line_key


def test_each_line_key_is_the_line_key_or_none_for_a_short_line():
    lines = ["One two three four", "Too short", "", "Twelve  words\there and there 12 and 13 "
             "and 14 and 15 more", "Ünïcode Straße ١٢ words ok"]
    keys, long_keys, each = document_stats(lines)
    assert each == [line_key(line) if len(line.split()) >= 4 else None for line in lines]
    assert keys == sorted({k for k in each if k is not None})
    assert long_keys == [line_key(lines[3])]


def run_shard(tmp_path, name, drop_keys):
    dump = tmp_path / "dump"
    if not dump.exists():
        good_dump(dump)
    split = Storage(str(tmp_path / name / "split"))
    split.makedirs()
    # Some template line, so that the stage looks the lines' keys up at all.
    templates = pa.table({"key": [line_key("Sign up for the daily briefing")], "doc_count": [3]},
                         schema=TEMPLATE_LINES)
    split.write_table(templates, "templates.parquet")
    settings = load_settings().with_overrides(
        {"TEMPLATE_LINES_FILE": split.path("templates.parquet")}, source="test")
    split_dump(Storage(str(dump)), split, 1, settings)
    stats = Storage(str(tmp_path / name / "stats"))
    stats.makedirs()
    collect_line_stats([split], shard_file(0), stats, settings)
    if drop_keys:
        stats.delete(LINE_KEYS_FILE)
    out = Storage(str(tmp_path / name / "clean"))
    out.makedirs()
    clean_shard(stats, out, settings)
    return out.read_table(ARTICLES_FILE)


def test_handed_keys_are_used_and_change_nothing(tmp_path, monkeypatch):
    computed: list[str] = []

    def counting_key(line: str) -> int:
        computed.append(line)
        return line_key(line)

    monkeypatch.setattr(segment_module, "line_key", counting_key)
    without = run_shard(tmp_path, "without", drop_keys=True)
    long_lines_without = [line for line in computed if len(line.split()) >= 4]
    computed.clear()
    handed = run_shard(tmp_path, "handed", drop_keys=False)
    assert long_lines_without  # the check means something
    assert [line for line in computed if len(line.split()) >= 4] == []
    assert handed.num_rows > 0
    assert handed.equals(without)


def test_keys_handed_for_another_article_are_not_used():
    stage = RemoveBoilerplate(template_keys=[line_key("Sign up for our daily newsletter")])
    article = article_from_text("")
    article.lines = ["Sign up for our daily newsletter", "A body line."]
    stage.expect_line_keys("some-other-doc", [123, None])
    assert stage.take_line_keys(article) is None
    stage.expect_line_keys(article.doc_id, [123])  # not one key per line
    assert stage.take_line_keys(article) is None
    stage.expect_line_keys(article.doc_id, [123, None])
    assert stage.take_line_keys(article) == [123, None]
    assert stage.take_line_keys(article) is None  # each hand-over serves once
