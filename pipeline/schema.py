"""The warehouse contract: every table's pyarrow schema, declared once, with each column's meaning.

Partition columns (`ingest_date`, `language`) are part of the documented schema but live in
the hive directory names, not inside the files, as Spark, DuckDB and `pyarrow.dataset` expect;
they come last, where those readers put them.
README.md's column tables are generated from the descriptions here (`python -m pipeline.schema`)
and a test keeps the two in sync.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.dataset as ds


def _field(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


REMOVED_LINE = pa.struct([("line", pa.string()), ("rule", pa.string())])

ARTICLES = pa.schema([
    _field("doc_id", pa.string(), "Stable id of the input record: first 16 hex digits of "
           "sha256(source + raw bytes); the same record always gets the same id.", False),
    _field("source", pa.string(), "Where the record came from: path relative to the dump root "
           "(plus `#N` for the N-th record of a multi-record file).", False),
    _field("url", pa.string(), "The page's URL when the input names it."),
    _field("publisher", pa.string(), "Outlet that published the article."),
    _field("title", pa.string(), "Headline, whitespace-normalised."),
    _field("authors", pa.list_(pa.string()), "Author names, in byline order."),
    _field("published", pa.date32(), "Publication date of the article."),
    _field("dateline", pa.string(), "Place named at the start of the body (\"MOSCOW\"); the "
           "dateline also stays in `text`."),
    _field("language_score", pa.float64(), "langdetect's probability for `language` (0-1); null "
           "for `und`."),
    _field("text", pa.string(), "Clean body: one paragraph per line of the source, paragraphs "
           "separated by a blank line.", False),
    _field("word_count", pa.int32(), "Words in `text`: whitespace-separated tokens with a "
           "letter or digit.", False),
    _field("story_id", pa.string(), "Id shared by every article that reports the same event."),
    _field("duplicate_of", pa.string(), "`doc_id` of the canonical copy when this article "
           "repeats another one's text, else null."),
    _field("boilerplate", pa.list_(REMOVED_LINE), "Lines removed from the body, each with the "
           "rule or category that removed it."),
    _field("fixes", pa.list_(pa.string()), "Encoding and normalisation repairs applied, in "
           "order (e.g. `ftfy:mojibake`, `nbsp_to_space`)."),
    _field("content_sha256", pa.string(), "sha256 of `text`, hex: equal for byte-identical "
           "bodies.", False),
    _field("run_id", pa.string(), "The ingest run that wrote the row (see `runs`).", False),
    _field("ingested_at", pa.timestamp("us", tz="UTC"), "When the run published the row.",
           False),
    _field("ingest_date", pa.date32(), "The ingest date the run was given. Hive partition "
           "column.", False),
    _field("language", pa.string(), "ISO 639-1 code of the body's language, `und` when too short "
           "or too mixed to tell. Hive partition column.", False),
])

REJECTS = pa.schema([
    _field("doc_id", pa.string(), "Id of the rejected record (same rule as `articles.doc_id`).",
           False),
    _field("source", pa.string(), "Where the record came from, as in `articles.source`.", False),
    _field("stage", pa.string(), "Stage that rejected it: `read` or a pipeline stage name.", False),
    _field("reason", pa.string(), "Machine-readable reason code (e.g. `undecodable`).", False),
    _field("detail", pa.string(), "Human-readable explanation.", False),
    _field("raw", pa.binary(), "The record's raw bytes, as read (empty if unreadable).", False),
    _field("run_id", pa.string(), "The ingest run that wrote the row.", False),
    _field("ingest_date", pa.date32(), "The ingest date. Hive partition column.", False),
])

COUNTS = pa.map_(pa.string(), pa.int64())
SECONDS = pa.map_(pa.string(), pa.float64())

RUNS = pa.schema([
    _field("run_id", pa.string(), "Unique id of the run: UTC start time plus a random suffix.",
           False),
    _field("dump", pa.string(), "Absolute path or URI of the dump that was read.", False),
    _field("dump_fingerprint", pa.string(), "sha256 over the dump's file names, sizes and "
           "modification times: a changed dump gets a new fingerprint.", False),
    _field("started_at", pa.timestamp("us", tz="UTC"), "When the run started.",
           False),
    _field("finished_at", pa.timestamp("us", tz="UTC"), "When the run published.", False),
    _field("records_read", pa.int64(), "Input records seen (articles + rejects).", False),
    _field("hidden_files_skipped", pa.int64(), "Hidden files (a name starting with `.`) the "
           "run did not read, such as `.DS_Store`.", False),
    _field("articles_written", pa.int64(), "Rows written to `articles`.", False),
    _field("rejects_written", pa.int64(), "Rows written to `rejects`.", False),
    _field("stories_written", pa.int64(), "Rows written to `stories`: stories with articles on "
           "this date.", False),
    _field("stories_continued", pa.int64(), "Of those, stories carried over from an earlier "
           "ingest date (same `story_id`).", False),
    _field("copies_found", pa.int64(), "Articles whose `duplicate_of` is set.", False),
    _field("rejects_by_reason", COUNTS, "Rejects per `stage/reason`.", False),
    _field("records_by_type", COUNTS, "Input records per file type (`txt`, `html`, `jsonl`, "
           "`json`, `warc`, `unknown`).", False),
    _field("articles_by_type", COUNTS, "Articles per file type.", False),
    _field("rejects_by_type", COUNTS, "Rejects per file type: with `articles_by_type` it adds "
           "up to `records_by_type`.", False),
    _field("articles_by_language", COUNTS, "Articles per `language`.", False),
    _field("stage_seconds", SECONDS, "Time spent in each pipeline stage, summed over shards.",
           False),
    _field("task_seconds", SECONDS, "Time spent in each Luigi task, summed over its instances.",
           False),
    _field("parameters", pa.map_(pa.string(), pa.string()), "Parameters of the run (shards, "
           "workers, settings module, overwrite, ...).", False),
    _field("code_version", pa.string(), "Package version and git commit of the code that ran.",
           False),
    _field("ingest_date", pa.date32(), "The ingest date. Hive partition column.", False),
])

STORY_TERM = pa.struct([("term", pa.string()), ("weight", pa.float64())])

STORIES = pa.schema([
    _field("story_id", pa.string(), "Id of the story, as in `articles.story_id`; a story that "
           "continues from an earlier ingest date keeps its id.", False),
    _field("first_seen", pa.date32(), "Earliest `published` date of the story's articles, "
           "over this and earlier ingest dates (null when no article is dated)."),
    _field("last_seen", pa.date32(), "Latest `published` date of the story's articles."),
    _field("article_count", pa.int64(), "Articles of this ingest date in the story, copies "
           "included.", False),
    _field("publishers", pa.list_(pa.string()), "Distinct publishers that ran the story on "
           "this ingest date, sorted.", False),
    _field("canonical_doc_id", pa.string(), "`doc_id` of the story's canonical article "
           "(earliest, then crediting a wire service, then longest).", False),
    _field("title", pa.string(), "Representative title: the canonical article's."),
    _field("total_articles", pa.int64(), "Articles in the story over every ingest date so "
           "far; the weight of `terms` when later dates are matched against it.", False),
    _field("terms", pa.list_(STORY_TERM), "The story's heaviest terms with their mean weight: "
           "what later ingest dates match their articles against.", False),
    _field("run_id", pa.string(), "The ingest run that wrote the row.", False),
    _field("ingest_date", pa.date32(), "The ingest date. Hive partition column.", False),
])

PARTITION_COLUMNS = {"articles": ("ingest_date", "language"), "rejects": ("ingest_date",),
                     "stories": ("ingest_date",), "runs": ("ingest_date",)}
TABLES = {"articles": ARTICLES, "rejects": REJECTS, "stories": STORIES, "runs": RUNS}

# Per-shard intermediate files: what the reader produced, before any cleaning.
RAW_RECORDS = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("file_type", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("fields", pa.map_(pa.string(), pa.string())),
    pa.field("media", pa.string(), nullable=False),
    pa.field("content", pa.large_string()),
    pa.field("raw", pa.binary(), nullable=False),
])


def without(schema: pa.Schema, names: tuple[str, ...]) -> pa.Schema:
    """`schema` minus the columns in `names` (used to drop partition columns from files)."""
    for name in names:
        schema = schema.remove(schema.get_field_index(name))
    return schema


def file_schema(table: str) -> pa.Schema:
    """Columns stored inside the Parquet files of `table`: all but its partition columns."""
    return without(TABLES[table], PARTITION_COLUMNS[table])


# What the cleaning task records of each article for copy detection and story grouping.
STORY_FEATURES = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("title", pa.string()),
    pa.field("publisher", pa.string()),
    pa.field("published", pa.date32()),
    pa.field("language", pa.string()),
    pa.field("word_count", pa.int32(), nullable=False),
    pa.field("credits_wire", pa.bool_(), nullable=False),
    pa.field("copy_key", pa.string(), nullable=False),
    pa.field("minhash", pa.binary(), nullable=False),
    pa.field("terms", pa.map_(pa.string(), pa.int32()), nullable=False),
])

# An article as the stages before TEMPLATE_STAGE leave it: CollectLineStats writes it and
# CleanShard runs the remaining stages on it, so no stage runs twice. Every Article field is
# kept except the text before line splitting (`content`, `decoded`): the stages from
# TEMPLATE_STAGE on work on `lines`.
PREPARED_ARTICLES = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("raw", pa.binary(), nullable=False),
    pa.field("file_type", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("fields", pa.map_(pa.string(), pa.string())),
    pa.field("media", pa.string(), nullable=False),
    pa.field("encoding", pa.string()),
    pa.field("lines", pa.list_(pa.string()), nullable=False),
    pa.field("title", pa.string()),
    pa.field("authors", pa.list_(pa.string()), nullable=False),
    pa.field("publisher", pa.string()),
    pa.field("published", pa.date32()),
    pa.field("dateline", pa.string()),
    pa.field("language", pa.string()),
    pa.field("language_score", pa.float64()),
    pa.field("text", pa.string()),
    pa.field("word_count", pa.int64()),
    pa.field("story_id", pa.string()),
    pa.field("duplicate_of", pa.string()),
    pa.field("boilerplate", pa.list_(REMOVED_LINE), nullable=False),
    pa.field("fixes", pa.list_(pa.string()), nullable=False),
    pa.field("content_sha256", pa.string()),
])
NOT_PREPARED = ("content", "decoded")

# The grouping task's answer for every article.
STORY_MAP = pa.schema([
    pa.field("doc_id", pa.string(), nullable=False),
    pa.field("story_id", pa.string(), nullable=False),
    pa.field("duplicate_of", pa.string()),
])

# Cleaned shards keep `language` (needed to partition at publish); run columns come later.
CLEANED_ARTICLES = without(ARTICLES, ("ingest_date", "run_id", "ingested_at"))
STAGED_REJECTS = without(REJECTS, ("ingest_date", "run_id"))


def partitioning(table: str) -> ds.Partitioning:
    """The hive partitioning of `table`, typed, for `pyarrow.dataset.dataset(...)`."""
    fields = [TABLES[table].field(name) for name in PARTITION_COLUMNS[table]]
    return ds.partitioning(pa.schema(fields), flavor="hive")


def markdown_table(schema: pa.Schema) -> str:
    """A README table (column, type, meaning) for `schema`."""
    rows = ["| column | type | meaning |", "| --- | --- | --- |"]
    for field in schema:
        meaning = field.metadata[b"description"].decode()
        rows.append(f"| `{field.name}` | `{field.type}` | {meaning} |")
    return "\n".join(rows)


def main() -> None:
    """Print the README's schema tables."""
    for name, schema in TABLES.items():
        print(f"#### `{name}`\n\n{markdown_table(schema)}\n")


if __name__ == "__main__":
    main()
