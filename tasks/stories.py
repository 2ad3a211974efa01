"""ClusterStories: copies and story clusters over the whole dump, one task after the cleaning."""

from __future__ import annotations

import luigi

from pipeline.shards import group_dump
from pipeline.stories.history import recent_stories
from tasks.clean import CleanShard, clean_dir
from tasks.params import IngestParameters
from tasks.targets import StorageTarget

STORIES_DIR = "stories"


class ClusterStories(IngestParameters, luigi.Task):
    """Find copies and group articles into stories, matching the recent days' stories too."""

    def requires(self) -> list[CleanShard]:
        """Every cleaned shard (their story features)."""
        return [CleanShard(shard_index=i, **self.ingest_kwargs())
                for i in range(self.shard_count)]

    def output(self) -> StorageTarget:
        """The story map and stories directory."""
        return StorageTarget(self.work_storage(), STORIES_DIR)

    def run(self) -> None:
        """Group into a temporary directory, then rename it into place."""
        work = self.work_storage()
        earlier = recent_stories(self.warehouse_storage(), self.date,
                                 self.settings.getint("STORY_LOOKBACK_DAYS"))
        cleaned = [work.child(clean_dir(i)) for i in range(self.shard_count)]
        self.write_output(STORIES_DIR, lambda out: group_dump(
            cleaned, out, earlier, self.settings))
