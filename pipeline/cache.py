"""A disk cache for tables derived from installed libraries' data, so a run starts at once.

The language stage's profile arrays take about 0.6 s of CPU to derive from langdetect's
profile files, and every run (and, with several workers, the step before any task starts)
paid it. They depend only on those files, the code that derives them and the libraries'
versions, so the derived object is pickled under a key made of all of these: any change
builds it again, and a file that cannot be read is rebuilt and replaced.

Where: `SYNDICATED_INGEST_CACHE` (a directory, or `off`), else `$XDG_CACHE_HOME` or
`~/.cache`, under `syndicated-ingest/`. A cache that cannot be written is only a slower start.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CACHE_ENV = "SYNDICATED_INGEST_CACHE"
DISABLED = "off"
LOG = logging.getLogger(__name__)


def cache_directory() -> Path | None:
    """Where cached files live; None when the cache is switched off."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return None if configured == DISABLED else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no home directory (a bare service account)
            return None
    return Path(base) / "syndicated-ingest"


def cache_key(*, sources: Iterable[str], packages: Iterable[str],
              data_directory: str | None = None) -> str:
    """A digest of what a derived object depends on.

    `sources`: the files of our code that derive it (their bytes); `packages`: installed
    distributions whose versions matter; `data_directory`: data files it is read from (names,
    sizes and modification times).
    """
    digest = hashlib.sha256(f"{sys.version_info[:2]} {pickle.HIGHEST_PROTOCOL}".encode())
    for package in sorted(packages):
        digest.update(f"{package}={metadata.version(package)}\n".encode())
    for source in sources:
        digest.update(Path(source).read_bytes())
    if data_directory is not None:
        for entry in sorted(os.scandir(data_directory), key=lambda entry: entry.name):
            info = entry.stat()
            digest.update(f"{entry.name} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def load(path: Path) -> object | None:
    """The object pickled at `path`, or None when there is none or it cannot be read."""
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as error:  # a truncated or foreign file: rebuild it
        LOG.warning("rebuilding unreadable cache file %s: %s", path, error)
        return None


def store(path: Path, value: object) -> None:
    """Pickle `value` at `path` atomically; a failure only logs (the cache is optional)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as error:
        LOG.info("not caching %s: %s", path, error)
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as error:
        LOG.info("not caching %s: %s", path, error)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def remove_other_versions(path: Path, name: str) -> None:
    """Delete the files an older key of `name` left (each is tens of megabytes)."""
    for old in path.parent.glob(f"{name}-*.pickle"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


def cached(name: str, key: str, build: Callable[[], T], kind: type[T]) -> T:
    """The object `build()` returns, from the cache when one of this `key` is there.

    `kind` checks what was read: a file that holds something else is rebuilt.
    """
    directory = cache_directory()
    if directory is None:
        return build()
    path = directory / f"{name}-{key}.pickle"
    value = load(path)
    if isinstance(value, kind):
        return value
    value = build()
    remove_other_versions(path, name)
    store(path, value)
    return value
