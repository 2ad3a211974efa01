"""`make eval`: ingest a gold set's dump with the real DAG, score it, print and save a report."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow.dataset as ds

from pipeline.evaluation.baselines import page_bytes
from pipeline.evaluation.goldsets import PROJECT_ROOT, GoldDoc, GoldSet, doc_key
from pipeline.evaluation.metadata import QUOTES, FieldScore, format_metadata, score_metadata
from pipeline.evaluation.metric import TOKEN, PageCounts, Scores, corpus_scores, page_counts
from pipeline.schema import partitioning

EVAL_DATE = "2000-01-01"
SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace folded to single spaces, for containment checks."""
    return SPACES.sub(" ", text or "").strip()


def same_title(predicted: str, gold: str) -> bool:
    """Exact title match, up to whitespace, case and quote style."""
    return squash(predicted).translate(QUOTES).casefold() == \
        squash(gold).translate(QUOTES).casefold()


def tokens(text: str) -> str:
    """Lower-cased word tokens joined by spaces.

    Containment on these ignores punctuation and line breaks, as the shingle metric does.
    """
    return " ".join(TOKEN.findall((text or "").lower()))


@dataclass
class DocResult:
    """Scores of one document."""

    key: str
    f1: float
    precision: float | None
    recall: float | None
    title_exact: bool
    leaked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    rejected: str | None = None


def leaked_lines(gold: GoldDoc, text: str) -> list[str]:
    """Boilerplate or metadata lines of the gold (or its `without` snippets) found in `text`."""
    paragraphs = {squash(p) for p in text.split("\n\n")}
    flat, body = squash(text), squash(gold.body)
    leaked = []
    for line in [*gold.boilerplate, *gold.metadata_lines, *gold.without_snippets]:
        needle = squash(line)
        if needle and (needle in paragraphs or (needle in flat and needle not in body)):
            leaked.append(line)
    return leaked


def missing_lines(gold: GoldDoc, text: str) -> list[str]:
    """Gold body paragraphs (and `with` snippets) that `text` does not contain."""
    flat = tokens(text)
    wanted = [p for p in gold.body.split("\n\n") if p.strip()] + gold.with_snippets
    return [p for p in wanted if tokens(p) not in flat]


def score_doc(gold: GoldDoc, title: str, text: str,
              rejected: str | None = None) -> tuple[DocResult, PageCounts]:
    """Score one predicted title + text against its gold."""
    # A gold set without titles (some benchmarks label only the body) scores the text alone.
    counts = (page_counts(f"{gold.title}\n{gold.body}", f"{title}\n{text}") if gold.title
              else page_counts(gold.body, text))
    return DocResult(
        key=gold.key, f1=counts.f1, precision=counts.precision, recall=counts.recall,
        title_exact=same_title(title, gold.title),
        leaked=leaked_lines(gold, text), missing=missing_lines(gold, text), rejected=rejected,
    ), counts


def ingest(dump: Path, warehouse: Path) -> None:
    """Run the same command `make ingest` runs."""
    command = [sys.executable, "-m", "tasks", "ingest", "--dump", str(dump), "--warehouse",
               str(warehouse), "--date", EVAL_DATE, "--workers", "2"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"ingest failed ({result.returncode}):\n{result.stderr[-4000:]}")


def read_outputs(warehouse: Path) -> tuple[dict[str, dict], dict[str, str]]:
    """Articles by document key, and reject reasons by document key."""
    articles = ds.dataset(warehouse / "articles", partitioning=partitioning("articles"))
    rows = articles.to_table(columns=["source", "title", "text", "authors", "publisher",
                                      "published", "dateline"]).to_pylist()
    rejects: dict[str, str] = {}
    if (warehouse / "rejects").exists():
        table = ds.dataset(warehouse / "rejects", partitioning=partitioning("rejects"))
        for row in table.to_table(columns=["source", "stage", "reason"]).to_pylist():
            rejects[doc_key(row["source"])] = f"{row['stage']}/{row['reason']}"
    return {doc_key(r["source"]): r for r in rows}, rejects


@dataclass
class SetReport:
    """Everything measured on one gold set."""

    name: str
    pipeline: Scores
    title_exact_rate: float
    leaked_total: int
    missing_total: int
    rejected: int
    baselines: dict[str, Scores]
    docs: list[DocResult]
    metadata: dict[str, FieldScore] = field(default_factory=dict)


def evaluate_pipeline(gold_set: GoldSet, dump: Path) -> tuple[list[DocResult], list[PageCounts],
                                                              dict[str, FieldScore]]:
    """Ingest `dump` into a temporary warehouse and score every gold document."""
    with tempfile.TemporaryDirectory(prefix="eval-wh-") as tmp:
        ingest(dump, Path(tmp))
        articles, rejects = read_outputs(Path(tmp))
    results, counts = [], []
    for key, gold in sorted(gold_set.docs.items()):
        row = articles.get(key, {})
        result, count = score_doc(gold, row.get("title") or "", row.get("text") or "",
                                  rejects.get(key))
        results.append(result)
        counts.append(count)
    return results, counts, score_metadata(gold_set.docs, articles)


def evaluate_baselines(gold_set: GoldSet, dump: Path) -> dict[str, Scores]:
    """Score each of the set's baselines on the dump's files, as the pipeline is scored."""
    files = {doc_key(p.name): page_bytes(p.read_bytes(), p.name)
             for p in sorted(dump.iterdir()) if p.is_file()}
    scores = {}
    for name, baseline in gold_set.baselines.items():
        counts = []
        for key, gold in sorted(gold_set.docs.items()):
            title, text = baseline(files[key]) if key in files else ("", "")
            counts.append(score_doc(gold, title, text)[1])
        scores[name] = corpus_scores(counts)
    return scores


def evaluate(gold_set: GoldSet, with_baselines: bool = True) -> SetReport:
    """Score the pipeline (and the baselines) on one gold set."""
    dump = gold_set.build_dump()
    results, counts, metadata = evaluate_pipeline(gold_set, dump)
    return SetReport(
        name=gold_set.name, pipeline=corpus_scores(counts),
        title_exact_rate=sum(r.title_exact for r in results) / max(len(results), 1),
        leaked_total=sum(len(r.leaked) for r in results),
        missing_total=sum(len(r.missing) for r in results),
        rejected=sum(r.rejected is not None for r in results),
        baselines=evaluate_baselines(gold_set, dump) if with_baselines else {},
        docs=results, metadata=metadata,
    )


def format_scores(name: str, scores: Scores) -> str:
    """One aligned line of F1, precision and recall."""
    return (f"  {name:<16} F1 {scores.f1:.3f}   precision {scores.precision:.3f}   "
            f"recall {scores.recall:.3f}   ({scores.pages} pages)")


def format_doc(result: DocResult) -> str:
    """One line per document."""
    flag = f"  REJECTED {result.rejected}" if result.rejected else ""
    precision = "  -  " if result.precision is None else f"{result.precision:.3f}"
    recall = "  -  " if result.recall is None else f"{result.recall:.3f}"
    return (f"  {result.key:<24} F1 {result.f1:.3f}  P {precision}  R {recall}  "
            f"title {'ok ' if result.title_exact else 'NO '} leaked {len(result.leaked):>2}  "
            f"missing {len(result.missing):>2}{flag}")


def format_report(report: SetReport, per_doc_limit: int) -> str:
    """The printed report of one set: documents (worst first when many), totals, baselines."""
    lines = [f"== {report.name} =="]
    docs = report.docs
    if len(docs) > per_doc_limit:
        lines.append(f"  (worst {per_doc_limit} of {len(docs)} documents; all are in the JSON)")
        docs = sorted(docs, key=lambda r: r.f1)[:per_doc_limit]
    lines += [format_doc(r) for r in docs]
    lines.append(format_scores("pipeline", report.pipeline))
    lines += [format_scores(name, scores) for name, scores in report.baselines.items()]
    lines.append(f"  title exact {report.title_exact_rate:.1%}   boilerplate lines leaked "
                 f"{report.leaked_total}   gold body lines missing {report.missing_total}   "
                 f"rejected {report.rejected}")
    lines.append(format_metadata(report.metadata))
    return "\n".join(lines)


def to_json(reports: list[SetReport]) -> str:
    """The machine-readable report."""
    payload = {"generated_at": dt.datetime.now(dt.timezone.utc).isoformat(),
               "sets": [asdict(report) for report in reports]}
    return json.dumps(payload, indent=1, ensure_ascii=False)
