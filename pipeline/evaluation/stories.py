"""Story clustering scored against labelled events: B-cubed precision, recall and F1.

B-cubed (Bagga and Baldwin 1998) scores each article: precision is the share of its predicted
cluster that shares its gold event, recall the share of its gold event that shares its
predicted cluster; both are averaged over articles. Unlike pair counting it does not let the
largest events dominate.

    python -m pipeline.evaluation.stories corpus.jsonl [--threshold T] [--window DAYS]

reads one JSON object a line with `id`, `event`, `title`, `text` and optionally `published`
(YYYY-MM-DD), clusters the articles as the ClusterStories task does, and prints the scores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import load_settings
from pipeline.evaluation.goldsets import SHARED, read_jsonl
from pipeline.stories.grouping import StoryInput, group_stories


@dataclass(frozen=True)
class BCubed:
    """B-cubed precision, recall and F1 of a clustering."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """B-cubed scores of `predicted` (item -> cluster) against `gold` (item -> event)."""
    items = sorted(gold)
    pair_counts = Counter((predicted[i], gold[i]) for i in items)
    cluster_sizes = Counter(predicted[i] for i in items)
    event_sizes = Counter(gold[i] for i in items)
    precision = sum(pair_counts[predicted[i], gold[i]] / cluster_sizes[predicted[i]]
                    for i in items) / len(items)
    recall = sum(pair_counts[predicted[i], gold[i]] / event_sizes[gold[i]]
                 for i in items) / len(items)
    return BCubed(precision, recall)


def seed_rows(gold_file: Path = SHARED / "gold" / "seeds.jsonl") -> list[dict]:
    """The five seeds' gold bodies as one labelled story (the shared gold says they are)."""
    rows = []
    for gold in read_jsonl(gold_file):
        rows.append({"id": gold["file"], "event": "seeds", "title": gold["title"],
                     "text": gold["body"], "published": gold.get("published")})
    return rows


def read_corpus(path: Path) -> list[dict]:
    """The labelled articles of a JSON-lines corpus."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def story_inputs(rows: list[dict]) -> list[StoryInput]:
    """Corpus rows as clustering inputs (the texts are taken as already clean)."""
    return [StoryInput.from_text(
        doc_id=row["id"], title=row.get("title") or "", text=row.get("text") or "",
        published=dt.date.fromisoformat(row["published"]) if row.get("published") else None,
        publisher=row.get("publisher"), credits_wire=False,
        language=row.get("language")) for row in rows]


def score_corpus(rows: list[dict], threshold: float | None = None,
                 window_days: int | None = None) -> BCubed:
    """Cluster the corpus and score the story ids against its events."""
    settings = load_settings()
    result = group_stories(
        story_inputs(rows),
        threshold=settings.getfloat("STORY_SIMILARITY") if threshold is None else threshold,
        window_days=settings.getint("STORY_WINDOW_DAYS") if window_days is None
        else window_days,
        copy_threshold=settings.getfloat("COPY_SIMILARITY"))
    return bcubed(result.story_of, {row["id"]: row["event"] for row in rows})


def main() -> None:
    """Score one or more corpora, optionally over a range of thresholds."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path, nargs="*")
    parser.add_argument("--seeds", action="store_true",
                        help="also score the five seeds (one story) from the shared gold")
    parser.add_argument("--threshold", type=float, nargs="*")
    parser.add_argument("--window", type=int)
    args = parser.parse_args()
    corpora = [(path.name, read_corpus(path)) for path in args.corpus]
    if args.seeds:
        corpora.insert(0, ("seeds", seed_rows()))
    for name, rows in corpora:
        for threshold in args.threshold or [None]:
            scores = score_corpus(rows, threshold, args.window)
            print(f"{name}: {len(rows)} articles, {len({r['event'] for r in rows})} "
                  f"events, threshold {threshold}: B-cubed P {scores.precision:.3f} "
                  f"R {scores.recall:.3f} F1 {scores.f1:.3f}")


if __name__ == "__main__":
    main()
