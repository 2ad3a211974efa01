"""`python -m tasks ingest ...`: the command `make ingest` runs.

It resolves paths and defaults, refuses to clobber a date that holds another dump, runs the
Luigi DAG through Luigi's own command line (so the `[retcode]` section of luigi.cfg decides the
exit code), and prints the run summary from the `runs` row it published.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
import time
from pathlib import Path

import luigi.configuration
import luigi.retcodes

from pipeline.config import load_settings
from pipeline.errors import SettingsError
from pipeline.ids import make_run_id
from pipeline.itempipeline import ItemPipeline
from pipeline.readers import may_hold_pages
from pipeline.stages.html import load_extractor
from pipeline.storage import Storage, absolute_location, is_uri
from pipeline.stories.features import build_tables as build_story_tables
from pipeline.summary import format_summary
from pipeline.templates import character_flags
from pipeline.warehouse import DateAlreadyIngested, check_date_is_free, published_run
from tasks.params import listed_dump
from tasks.timeline import append_event

PROJECT_CONFIG = Path(__file__).resolve().parent.parent / "luigi.cfg"
EXIT_USAGE = 2
EXIT_DATE_TAKEN = 3
# Cyclic garbage collection after start-up: a young generation this large is collected a
# seventieth as often (each article makes thousands of short-lived containers, which
# reference counting frees anyway), and full collections wait for more pending objects.
GC_THRESHOLDS = (50_000, 20, 100)


def iso_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD for argparse, with a readable error."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date of the form YYYY-MM-DD") from None


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The `ingest` command line."""
    parser = argparse.ArgumentParser(prog="python -m tasks", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    ingest = sub.add_parser("ingest", help="ingest one dump for one date")
    ingest.add_argument("--dump", default="seeds", help="dump directory (default: seeds)")
    ingest.add_argument("--warehouse", default="warehouse", help="warehouse root")
    ingest.add_argument("--date", type=iso_date, default=None,
                        help="ingest date YYYY-MM-DD (default: today, local time)")
    ingest.add_argument("--workers", type=int, default=2, help="parallel Luigi workers")
    ingest.add_argument("--shards", type=int, default=0, help="shard count; 0 = automatic")
    ingest.add_argument("--overwrite", action="store_true",
                        help="redo the date even if published, replacing its partitions")
    ingest.add_argument("--scheduler-url", default="",
                        help="central luigid URL; default is Luigi's local scheduler")
    args = parser.parse_args(argv)
    args.date = args.date or dt.date.today()
    if args.workers < 1 or args.shards < 0:
        parser.error("--workers must be at least 1 and --shards at least 0")
    return args


def check_dump(location: str) -> None:
    """Fail early, in plain words, when the dump directory is missing."""
    if not is_uri(location) and not os.path.isdir(location):
        raise SystemExit(f"error: dump directory {location} does not exist or is not a directory")


def luigi_argv(args: argparse.Namespace, dump: str, warehouse: str, run_id: str) -> list[str]:
    """The Luigi command line for the Publish task of this ingest."""
    argv = ["--module", "tasks", "Publish", "--dump", dump, "--warehouse", warehouse,
            "--date", args.date.isoformat(), "--shards", str(args.shards),
            "--run-id", run_id, "--workers", str(args.workers)]
    argv += ["--scheduler-url", args.scheduler_url] if args.scheduler_url else ["--local-scheduler"]
    return [*argv, "--overwrite"] if args.overwrite else argv


def preload_stages(html_pages: bool) -> None:
    """Load heavy resources (language profiles, story tables, line-key flags) before Luigi forks.

    `html_pages`: import the HTML stage's trafilatura too. A dump without HTML pages never
    needs it, and a single worker imports it with the first page, but several workers would
    each import it again.

    They live as long as the process, so they are frozen out of the garbage collector's
    generations: every full collection would otherwise walk them again (and a forked worker
    would copy the pages it touched doing so).
    """
    pipeline = ItemPipeline.from_settings(load_settings())
    pipeline.open()
    pipeline.close()
    build_story_tables()  # CleanShard computes story features outside the stages
    character_flags()  # CollectLineStats' line keys, also outside the stages
    if html_pages:
        load_extractor()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def run_luigi(argv: list[str]) -> int:
    """Run Luigi's command line and return the exit code its `[retcode]` section gives."""
    try:
        luigi.retcodes.run_with_retcodes(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def ingest(args: argparse.Namespace) -> int:
    """Run one ingest; returns the process exit code."""
    started = time.perf_counter()
    dump, warehouse_location = absolute_location(args.dump), absolute_location(args.warehouse)
    check_dump(dump)
    warehouse = Storage(warehouse_location)
    listed = listed_dump(dump, args.date)
    fingerprint = listed.fingerprint
    try:
        current = check_date_is_free(warehouse, args.date, fingerprint, args.overwrite)
    except DateAlreadyIngested as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATE_TAKEN
    run_id = make_run_id()
    if current and current.dump_fingerprint == fingerprint and not args.overwrite:
        note = f": ingest_date={args.date} was already published from this dump; nothing to do"
        print_summary(warehouse, args.date, None, note)
        return 0
    preload_stages(html_pages=args.workers > 1 and may_hold_pages(listed.listing))
    luigi_started = time.time()
    code = run_luigi(luigi_argv(args, dump, warehouse_location, run_id))
    append_event({"kind": "luigi", "start": luigi_started, "end": time.time(), "exit": code})
    if code != 0:
        print(f"error: the ingest failed (Luigi exit code {code}); see the log above. "
              f"Nothing new was published for ingest_date={args.date}.", file=sys.stderr)
        return code
    print_summary(warehouse, args.date, time.perf_counter() - started, "")
    return 0


def print_summary(warehouse: Storage, date: dt.date, wall: float | None, note: str) -> None:
    """Print the summary of the run recorded for `date`."""
    run = published_run(warehouse, date)
    location = warehouse.location + f"/articles/ingest_date={date}"
    print(format_summary(run.row, location, wall, note))


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    if "LUIGI_CONFIG_PATH" not in os.environ and PROJECT_CONFIG.exists():
        luigi.configuration.add_config_path(str(PROJECT_CONFIG))
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return ingest(args)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
