"""Settings for the bench's skeleton run: the ingest DAG with its cleaning switched off.

The run reads and splits the dump, collects line statistics, learns templates, cleans each
shard through the stages kept here, computes story features, groups stories and publishes,
all as usual. Only encoding repair, reflow, boilerplate removal and metadata are switched
off, and the language stage gives every article `und`. (Pages still become text, and lines
still come from the whitespace stage: the rest of the DAG reads them.)

Its articles per second, against the naive composition on the same records, is the most
any cleaning, however fast, could let the whole run reach: what the DAG's own structure
costs (processes, imports, Luigi, Parquet in and out, story features and grouping). Story
features and grouping read uncleaned text here, so the figure is approximate.

Use: `INGEST_SETTINGS=pipeline.benchmark.skeleton python -m tasks ingest ...`.
"""

from __future__ import annotations

from pipeline.article import Article
from pipeline.stages.base import Stage
from pipeline.stages.language import UNDETERMINED

ITEM_PIPELINES = {
    "pipeline.stages.repair.RepairEncoding": None,
    "pipeline.stages.reflow.ReflowHardWraps": None,
    "pipeline.stages.boilerplate.RemoveBoilerplate": None,
    "pipeline.stages.language.DetectLanguage": None,
    "pipeline.benchmark.skeleton.UndeterminedLanguage": 500,
    "pipeline.stages.metadata.ExtractMetadata": None,
}


class UndeterminedLanguage(Stage):
    """The language stage's place without its work: `und` for every article.

    (The warehouse requires a language; `und` is the stage's own "cannot tell".)
    """

    name = "language"

    def process_item(self, item: Article) -> Article:
        """Set `und`, with no score."""
        item.language, item.language_score = UNDETERMINED, None
        return item
