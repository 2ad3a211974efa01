"""python -m pipeline.evaluation [--set NAME ...] [--report FILE]."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.evaluation.goldsets import CACHE, GOLD_SETS
from pipeline.evaluation.run import evaluate, format_report, to_json


def main() -> None:
    """Score the pipeline on the chosen gold sets."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation")
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(GOLD_SETS),
                        help="gold set to score (repeatable; default: all)")
    parser.add_argument("--report", type=Path, default=CACHE / "report.json")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--per-doc", type=int, default=25,
                        help="print every document of sets up to this size, else the worst")
    args = parser.parse_args()
    reports = []
    for name in args.sets or list(GOLD_SETS):
        report = evaluate(GOLD_SETS[name](), with_baselines=not args.no_baselines)
        print(format_report(report, args.per_doc), flush=True)
        reports.append(report)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(to_json(reports), encoding="utf-8")
    print(f"report: {args.report}")


main()
