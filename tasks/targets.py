"""A Luigi target on a `pipeline.storage.Storage`, so tasks never touch the filesystem directly."""

from __future__ import annotations

import luigi

from pipeline.storage import Storage


class StorageTarget(luigi.Target):
    """A file or directory under a `Storage` root; it exists once it has been renamed into place.

    Tasks build their output with `Storage.staged_directory`, which renames a finished temporary
    directory to this path, so existence means "complete" (Luigi's atomic-write pattern).
    """

    def __init__(self, storage: Storage, path: str) -> None:
        self.storage = storage
        self.path = path

    def __repr__(self) -> str:
        return f"StorageTarget({self.storage.location!r}, {self.path!r})"

    def exists(self) -> bool:
        """Whether the output has been published."""
        return self.storage.exists(self.path)
