"""Default settings. Override them with a module named by ``INGEST_SETTINGS`` (see config.py).

Upper-case names only. `ITEM_PIPELINES` is the one place that says which stages run and in
which order: lower numbers run first, gaps leave room for stages added later, and an override
module can add a stage or switch one off by mapping it to None (as in Scrapy).
"""

ITEM_PIPELINES = {
    "pipeline.stages.decode.Decode": 100,
    "pipeline.stages.html.ExtractHtml": 150,
    "pipeline.stages.repair.RepairEncoding": 200,
    "pipeline.stages.whitespace.NormaliseWhitespace": 300,
    "pipeline.stages.reflow.ReflowHardWraps": 350,
    "pipeline.stages.boilerplate.RemoveBoilerplate": 400,
    "pipeline.stages.language.DetectLanguage": 500,
    "pipeline.stages.metadata.ExtractMetadata": 800,
    "pipeline.stages.finalise.Finalise": 900,
}

# A record larger than this is rejected as `oversized_record` instead of being cleaned:
# news articles are a few KB to a few hundred KB; multi-MB records are archives or binaries.
MAX_RECORD_BYTES = 4 * 1024 * 1024

# Shards are sized by raw input bytes, so the DAG has enough CleanShard tasks to keep every
# worker busy on large dumps while small dumps stay one task.
SHARD_TARGET_BYTES = 4 * 1024 * 1024
MAX_SHARDS = 4096
# The dump is read by this many SplitDump tasks (at most one per shard), each over a
# consecutive share of its files, so reading is not a serial step before all the others.
SPLIT_TASKS = 8

# Cross-document learning (pipeline.templates) runs the stages before this one to see each
# document's lines as the boilerplate stage will. The LearnTemplates task sets
# TEMPLATE_LINES_FILE for the cleaning tasks; empty means no template lines.
TEMPLATE_STAGE = "boilerplate"
TEMPLATE_LINES_FILE = ""

# Feed exports (JSON lines, JSON arrays): which item fields fill which of our fields. The
# first name with a value wins. Override the whole mapping, or one entry, in your settings.
FEED_FIELDS = {
    "url": ("url", "link", "canonical_url", "source_url", "page_url"),
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "article", "article_text", "articleBody", "body_text"),
    "html": ("html", "raw_html", "page", "body_html", "content_html", "html_content"),
    "author": ("author", "authors", "byline", "creator"),
    "date": ("date", "published", "pubdate", "published_at", "date_published",
             "datePublished", "publication_date", "time"),
    "publisher": ("publisher", "site_name", "source", "site", "outlet"),
}

# HTML pages: when htmldate's fast search finds no date, also run its extensive search
# (dateparser on the page's free text). On the WCXB pages it gets 2.6% more dates right and
# costs about 30 ms on each page without a fast date (15% of them), and a second or two of
# dateparser start-up per process (README, "HTML pages").
HTML_EXTENSIVE_DATE_SEARCH = False

# Rows per Arrow record batch when streaming shards in and out.
BATCH_SIZE = 512

# Language detection: below this many letters the text is `und` (langdetect guesses wildly on
# a few words); a top probability below LANGUAGE_MIN_SCORE means too mixed to tell.
LANGUAGE_MIN_LETTERS = 20
LANGUAGE_MIN_SCORE = 0.70
LANGUAGE_SEED = 0

# Copies and stories (pipeline.stories). Two bodies whose word 5-shingle sets overlap at
# least COPY_SIMILARITY (Jaccard, estimated by MinHash) are copies of one text. Articles
# whose average weighted cosine reaches STORY_SIMILARITY report one story; past
# STORY_WINDOW_DAYS between their publication dates the similarity decays (clustering.py).
# A daily run also matches today's articles against the stories of the
# STORY_LOOKBACK_DAYS ingest dates before it.
COPY_SIMILARITY = 0.8
STORY_SIMILARITY = 0.12
STORY_WINDOW_DAYS = 3
STORY_LOOKBACK_DAYS = 3
