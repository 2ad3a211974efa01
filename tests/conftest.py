"""Shared fixtures: paths, small article factories, and a runner for the real command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.article import Article
from pipeline.ids import make_doc_id

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT_ROOT / "seeds"
SHARED = PROJECT_ROOT.parent / "shared"
TEST_CACHE = tempfile.mkdtemp(prefix="syndicated-ingest-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    """Derived-table caches (pipeline/cache.py) go to a directory of this test session."""
    os.environ.setdefault("SYNDICATED_INGEST_CACHE", TEST_CACHE)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the session's cache directory."""
    shutil.rmtree(TEST_CACHE, ignore_errors=True)


def article_from_text(text: str, source: str = "doc.txt") -> Article:
    """An article whose raw bytes are `text` in UTF-8."""
    raw = text.encode("utf-8")
    return Article(doc_id=make_doc_id(source, raw), source=source, raw=raw)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/, safe to modify."""
    target = tmp_path / "dump"
    shutil.copytree(SEEDS, target)
    return target


CliRunner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture
def run_ingest() -> CliRunner:
    """Run `python -m tasks ingest` (what `make ingest` runs) and return the finished process."""

    def run(*args: str, env: dict[str, str] | None = None,
            cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
        full_env = {**os.environ, **(env or {})}
        full_env.pop("LUIGI_CONFIG_PATH", None)
        return subprocess.run(
            [sys.executable, "-m", "tasks", "ingest", *args],
            cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300, check=False,
        )

    return run
