"""The run summary printed at the end of `make ingest`, from the run's `runs` row."""

from __future__ import annotations

from collections.abc import Iterable


def format_pairs(pairs: Iterable[tuple[str, float]], unit: str = "") -> str:
    """``a 2  b 1`` from key/value pairs, largest value first; ``(none)`` when there are none."""
    ordered = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))
    parts = [f"{key} {value:.3f}{unit}" if isinstance(value, float) else f"{key} {value}"
             for key, value in ordered]
    return "  ".join(parts) if parts else "(none)"


def format_types(row: dict) -> str:
    """Records of each file type as articles plus rejects (they always add up)."""
    articles, rejects = dict(row["articles_by_type"]), dict(row["rejects_by_type"])
    parts = [f"{kind} {count} = {articles.get(kind, 0)} articles + {rejects.get(kind, 0)} rejects"
             for kind, count in sorted(row["records_by_type"])]
    return "  ".join(parts) if parts else "(none)"


def format_summary(row: dict, articles_location: str, wall_seconds: float | None,
                   note: str = "") -> str:
    """A few aligned lines: counts, rejects per reason, time per stage, where the output is."""
    lines = [
        f"syndicated-ingest run {row['run_id']}{note}",
        f"  dump        {row['dump']} (fingerprint {row['dump_fingerprint'][:12]})",
        f"  records     {row['records_read']} read = {row['articles_written']} articles"
        f" + {row['rejects_written']} rejects",
        f"  by type     {format_types(row)}",
        *([f"  skipped     {row['hidden_files_skipped']} hidden files (names starting with .)"]
          if row.get("hidden_files_skipped") else []),
        f"  languages   {format_pairs(row['articles_by_language'])}",
        f"  stories     {row['stories_written']} ({row['stories_continued']} continued from "
        f"earlier dates); {row['copies_found']} articles are copies of another",
        f"  rejects     {format_pairs(row['rejects_by_reason'])}",
        f"  stages      {format_pairs(row['stage_seconds'], 's')}",
        f"  tasks       {format_pairs(row['task_seconds'], 's')}",
    ]
    if wall_seconds is not None:
        lines.append(f"  wall time   {wall_seconds:.2f}s")
    lines.append(f"  output      {articles_location}")
    return "\n".join(lines)
