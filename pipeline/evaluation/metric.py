r"""The article-extraction-benchmark metric (Scrapinghub, also used by WCXB).

Text is split into `\w+` tokens; 4-token shingles are counted with multiplicity; per page
the true-positive, false-positive and false-negative counts are normalised to sum to 1 (so a
long page weighs no more than a short one); precision and recall are the means of the
per-page ratios, and F1 is the harmonic mean of those two means.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Token shingles of `text` with their counts; a text shorter than `size` is one shingle."""
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i:i + size]) for i in range(count))


@dataclass(frozen=True)
class PageCounts:
    """Normalised true-positive, false-positive and false-negative shares of one page."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp), or None when nothing was predicted (left out of the mean)."""
        return None if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn), or None when the gold is empty (left out of the mean)."""
        return None if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of this page's precision and recall (0 when either is missing)."""
        p, r = self.precision or 0.0, self.recall or 0.0
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def page_counts(gold: str, predicted: str) -> PageCounts:
    """Compare one predicted text with its gold text."""
    true, pred = shingles(gold), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return PageCounts(0.0, 0.0, 0.0)
    return PageCounts(tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Scores:
    """Corpus-level precision, recall and F1 as the benchmark defines them."""

    precision: float
    recall: float
    f1: float
    pages: int


def corpus_scores(pages: Sequence[PageCounts]) -> Scores:
    """Mean precision and recall over pages (each where defined) and their harmonic mean."""
    precisions = [p.precision for p in pages if p.precision is not None]
    recalls = [p.recall for p in pages if p.recall is not None]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return Scores(precision, recall, f1, len(pages))
