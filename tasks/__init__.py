"""Luigi tasks that wire `pipeline` into the ingest DAG.

SplitDump -> CollectLineStats x N -> LearnTemplates -> CleanShard x N -> ClusterStories
-> Publish.

Importing this package registers the tasks, so ``luigi --module tasks Publish ...`` works.
"""

from tasks.clean import CleanShard
from tasks.publish import Publish
from tasks.split import SplitDump
from tasks.templates import CollectLineStats, LearnTemplates
from tasks.timeline import record_task_time

__all__ = [
    "CleanShard", "CollectLineStats", "LearnTemplates", "Publish", "SplitDump", "record_task_time",
]
