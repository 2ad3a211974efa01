from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa

from conftest import PROJECT_ROOT
from pipeline.article import Article, RawRecord, Reject, Removed
from pipeline.schema import (
    CLEANED_ARTICLES,
    NOT_PREPARED,
    PREPARED_ARTICLES,
    REMOVED_LINE,
    TABLES,
    file_schema,
    markdown_table,
)
from pipeline.tables import (
    articles_batch,
    prepared_batch,
    prepared_from_batch,
    rejects_batch,
    removed_lines_array,
)


def test_readme_documents_every_table_exactly_as_the_schema_says():
    readme = (PROJECT_ROOT / "README.md").read_text()
    for name, schema in TABLES.items():
        assert markdown_table(schema) in readme, f"README table for {name} is out of date; " \
            "regenerate it with `python -m pipeline.schema`"


def test_every_column_has_a_description():
    for schema in TABLES.values():
        for field in schema:
            assert field.metadata[b"description"].strip(), field.name


def test_partition_columns_are_not_stored_in_files():
    assert "language" not in file_schema("articles").names
    assert "ingest_date" not in file_schema("rejects").names
    assert [*file_schema("articles").names, "ingest_date", "language"] == TABLES[
        "articles"].names


def test_an_article_with_every_field_set_survives_the_batch_conversion():
    article = Article(
        doc_id="abcdef0123456789", source="a/b.txt", raw=b"raw", url="https://x.test/a",
        title="T", authors=["A One", "B Two"], publisher="P", published=dt.date(2019, 5, 14),
        dateline="SOCHI, Russia", language="en", language_score=0.99, text="Body.",
        word_count=1, story_id="s1", duplicate_of="d1",
        boilerplate=[Removed("Add Comment", "comment_widget")], fixes=["ftfy:mojibake"],
        content_sha256="f" * 64,
    )
    (row,) = articles_batch([article]).to_pylist()
    assert row["boilerplate"] == [{"line": "Add Comment", "rule": "comment_widget"}]
    assert row["published"] == dt.date(2019, 5, 14)
    assert row["authors"] == ["A One", "B Two"]
    expected = {name: getattr(article, name) for name in CLEANED_ARTICLES.names
                if name != "boilerplate"}
    assert {k: v for k, v in row.items() if k != "boilerplate"} == expected


def test_removed_lines_are_the_array_of_one_dict_per_line():
    removed = [[], [Removed("Add Comment", "comment_widget"), Removed("", "é")], [],
               [Removed("Share", "share")]]
    expected = pa.array([[{"line": r.line, "rule": r.rule} for r in lines] for lines in removed],
                        pa.list_(REMOVED_LINE))
    assert removed_lines_array(removed).equals(expected)
    assert removed_lines_array([]).equals(pa.array([], pa.list_(REMOVED_LINE)))


def test_a_prepared_article_comes_back_whole_except_the_text_before_lines():
    article = Article(
        doc_id="abcdef0123456789", source="a/b.jsonl", raw=b"raw", file_type="jsonl",
        url="https://x.test/a", fields={"title": "T", "publisher": "P"}, media="html",
        content="<p>Body.</p>", decoded="Body.", encoding="utf-8", lines=["Body.", "Two."],
        title="T", authors=["A One"], publisher="P", published=dt.date(2019, 5, 14),
        dateline="SOCHI", language="en", language_score=0.5, text="Body.", word_count=1,
        story_id="s1", duplicate_of="d1", boilerplate=[Removed("Menu", "navigation")],
        fixes=["invisible_characters"], content_sha256="f" * 64,
    )
    (back,) = prepared_from_batch(prepared_batch([article]))
    # Every Article field is either carried over or named as deliberately left behind, so a
    # field added to Article later cannot silently vanish between the two tasks.
    assert set(PREPARED_ARTICLES.names) | set(NOT_PREPARED) == set(Article.__dataclass_fields__)
    for name in NOT_PREPARED:
        setattr(article, name, None)
    assert back == article


def test_reject_batches_keep_raw_bytes():
    reject = Reject("abcdef0123456789", "x.bin", "decode", "binary_content", "why", b"\x00\x01")
    (row,) = rejects_batch([reject]).to_pylist()
    assert row == {"doc_id": "abcdef0123456789", "source": "x.bin", "stage": "decode",
                   "reason": "binary_content", "detail": "why", "raw": b"\x00\x01"}


def test_readme_table_types_are_arrow_type_names():
    readme = (PROJECT_ROOT / "README.md").read_text()
    assert re.search(r"\| `published` \| `date32\[day\]` \|", readme)


def test_an_article_from_a_raw_record_takes_each_field_by_name():
    record = RawRecord("abcdef0123456789", "a/b.jsonl#L3", b"raw", "jsonl", "https://x.test/a",
                       {"title": "T"}, "html", "<p>Body.</p>")
    article = Article.from_raw(record)
    for name in RawRecord.__dataclass_fields__:
        assert getattr(article, name) == getattr(record, name)
    assert article.fields is not record.fields
