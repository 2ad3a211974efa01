"""An optional timeline of the run, for `make bench`: when each task ran, and the Luigi span.

Set SYNDICATED_INGEST_TIMELINE to a file path and every task appends one JSON line when it
finishes (its family, end time and Luigi's own processing time for it), and the command line
appends the start and end of the whole Luigi run. Scheduling time is the Luigi span not
covered by any task. Lines are appended with one write each, so forked workers can share
the file. Unset, nothing is written.
"""

from __future__ import annotations

import json
import os
import time

import luigi

TIMELINE_ENV = "SYNDICATED_INGEST_TIMELINE"


def append_event(event: dict) -> None:
    """Append one event to the timeline file, if one is set."""
    path = os.environ.get(TIMELINE_ENV)
    if not path:
        return
    line = (json.dumps(event, sort_keys=True) + "\n").encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


@luigi.Task.event_handler(luigi.Event.PROCESSING_TIME)
def record_task_time(task: luigi.Task, seconds: float) -> None:
    """Luigi fires this in the process that ran the task, right after `run()` returns."""
    end = time.time()
    append_event({"kind": "task", "family": task.task_family, "task_id": task.task_id,
                  "start": end - seconds, "end": end, "pid": os.getpid()})
