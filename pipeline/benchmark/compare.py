"""Checks `make bench` makes on published output.

The same rows whatever the worker count, and the language column against langdetect on
each whole text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from pipeline.warehouse import partition_path

# Columns that name the run rather than describe the data: they differ between any two runs.
RUN_COLUMNS = ("run_id", "ingested_at", "ingest_date")
# The key each compared table is sorted by before comparing.
TABLE_KEYS = {"articles": "doc_id", "rejects": "doc_id", "stories": "story_id"}


def read_partition(warehouse: Path, table: str, date: dt.date) -> pa.Table:
    """One table's partition for `date`, every file of it, without the run columns."""
    directory = warehouse / partition_path(table, date)
    # Articles sit in language=xx/ folders: the hive partitioning puts the column back.
    whole = ds.dataset(directory, format="parquet", partitioning="hive").to_table()
    kept = [name for name in whole.column_names if name not in RUN_COLUMNS]
    return whole.select(kept).sort_by(TABLE_KEYS[table])


@dataclass(frozen=True)
class TableComparison:
    """Whether one table holds the same rows in two warehouses."""

    table: str
    rows: tuple[int, int]
    identical: bool
    differing_columns: tuple[str, ...]


def compare_table(first: Path, second: Path, table: str, date: dt.date) -> TableComparison:
    """Compare `table` for `date` between two warehouses, row for row after sorting."""
    left, right = read_partition(first, table, date), read_partition(second, table, date)
    rows = (left.num_rows, right.num_rows)
    if left.schema != right.schema or rows[0] != rows[1]:
        return TableComparison(table, rows, False, ("<schema or row count>",))
    differing = tuple(name for name in left.column_names
                      if not left[name].equals(right[name]))
    return TableComparison(table, rows, not differing, differing)


def compare_warehouses(first: Path, second: Path, date: dt.date) -> list[TableComparison]:
    """Every data table (not `runs`, whose timings differ by nature) compared."""
    return [compare_table(first, second, table, date) for table in TABLE_KEYS]


Classifier = Callable[[str], str]
LETTER = re.compile(r"[^\W\d_]")


def whole_text_language(min_letters: int, min_score: float, seed: int) -> Classifier:
    """The reference: langdetect (seeded) on the whole text, with the stage's `und` rules.

    Built on langdetect's API directly, not on the stage, so it checks the stage's shortcuts
    rather than repeating them.
    """
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(seed)

    def classify(text: str) -> str:
        if len(LETTER.findall(text)) < min_letters:
            return "und"
        detector = factory.create()
        detector.append(text)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return "und"
        return best.lang.split("-")[0] if best.prob >= min_score else "und"

    return classify


@dataclass(frozen=True)
class Agreement:
    """How often the language column equals the reference classifier on the same text."""

    agreeing: int
    total: int
    disagreements: tuple[tuple[str, str, str], ...]  # (doc_id, ours, reference)

    @property
    def rate(self) -> float:
        """Share of articles that agree (1.0 for none)."""
        return self.agreeing / self.total if self.total else 1.0


def language_agreement(warehouse: Path, date: dt.date, sample: int,
                       reference: Classifier) -> Agreement:
    """Compare the published `language` with `reference` on an evenly spread sample of texts."""
    articles = read_partition(warehouse, "articles", date)
    step = max(1, articles.num_rows // max(1, sample))
    picked = articles.take(pa.array(range(0, articles.num_rows, step))[:sample])
    ours = pc.fill_null(picked["language"], "und").to_pylist()
    agreeing, differing = 0, []
    for doc_id, text, language in zip(picked["doc_id"].to_pylist(),
                                      picked["text"].to_pylist(), ours, strict=True):
        expected = reference(text)
        if expected == language:
            agreeing += 1
        else:
            differing.append((doc_id, language, expected))
    return Agreement(agreeing, len(ours), tuple(differing))
