"""python -m pipeline.evaluation [--set NAME ...] [--report FILE]."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.evaluation.goldsets import (
    CACHE,
    GOLD_SETS,
    html_set_from_pages,
    text_set_from_pages,
)
from pipeline.evaluation.run import evaluate, format_report, to_json


def main() -> None:
    """Score the pipeline on the chosen gold sets."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation")
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(GOLD_SETS),
                        help="gold set to score (repeatable; default: all)")
    parser.add_argument("--gold-dir", type=Path, action="append", default=[],
                        help="extra gold set in WCXB's layout (gold.jsonl + html/), as text")
    parser.add_argument("--gold-html-dir", type=Path, action="append", default=[],
                        help="extra gold set in WCXB's layout, ingested as HTML pages")
    parser.add_argument("--report", type=Path, default=CACHE / "report.json")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--per-doc", type=int, default=25,
                        help="print every document of sets up to this size, else the worst")
    args = parser.parse_args()
    reports = []
    extra = args.gold_dir or args.gold_html_dir
    gold_sets = [GOLD_SETS[name] for name in args.sets or ([] if extra else GOLD_SETS)]
    gold_sets += [lambda d=d: text_set_from_pages(d, d.name) for d in args.gold_dir]
    gold_sets += [lambda d=d: html_set_from_pages(d, f"{d.name}-html") for d in args.gold_html_dir]
    for make_set in gold_sets:
        report = evaluate(make_set(), with_baselines=not args.no_baselines)
        print(format_report(report, args.per_doc), flush=True)
        reports.append(report)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(to_json(reports), encoding="utf-8")
    print(f"report: {args.report}")


main()
