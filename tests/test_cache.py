"""The derived-table cache: a hit gives what a build gives; a change of key, a broken file, a
file of the wrong kind or an unusable directory never gives a wrong or missing value."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY

from conftest import PROJECT_ROOT
from pipeline import cache
from pipeline.cleaning.language_id import Profiles
from pipeline.stages import language


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory for one test."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(directory))
    return directory


class Builder:
    """Builds a dict and counts how often it was asked to."""

    def __init__(self, value: dict) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> dict:
        """A fresh copy of the value."""
        self.calls += 1
        return dict(self.value)


def test_second_call_reads_what_the_first_built(cache_dir):
    build = Builder({"a": 1})
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}
    assert build.calls == 1
    assert [path.name for path in cache_dir.iterdir()] == ["thing-k1.pickle"]


def test_a_new_key_builds_again_and_replaces_the_old_file(cache_dir):
    cache.cached("thing", "k1", Builder({"a": 1}), dict)
    build = Builder({"a": 2})
    assert cache.cached("thing", "k2", build, dict) == {"a": 2}
    assert build.calls == 1
    assert [path.name for path in cache_dir.iterdir()] == ["thing-k2.pickle"]


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])  # last: an int
def test_a_broken_or_foreign_file_is_rebuilt(cache_dir, content):
    cache_dir.mkdir()
    (cache_dir / "thing-k1.pickle").write_bytes(content)
    build = Builder({"a": 1})
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}
    assert build.calls == 1
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}
    assert build.calls == 1


def test_an_unusable_directory_only_costs_a_build(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    build = Builder({"a": 1})
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}
    assert build.calls == 2


def test_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, cache.DISABLED)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = Builder({"a": 1})
    cache.cached("thing", "k1", build, dict)
    cache.cached("thing", "k1", build, dict)
    assert build.calls == 2
    assert list(tmp_path.iterdir()) == []


def test_key_follows_sources_packages_and_data(tmp_path):
    source, data = tmp_path / "code.py", tmp_path / "data"
    source.write_text("A = 1\n")
    data.mkdir()
    (data / "en").write_text("{}")

    def key(packages=("numpy",)):
        return cache.cache_key(sources=[str(source)], packages=packages,
                               data_directory=str(data))

    first = key()
    assert key() == first
    assert key(("numpy", "pyarrow")) != first
    source.write_text("A = 2\n")
    assert key() != first
    source.write_text("A = 1\n")
    (data / "en").write_text("{ }")
    assert key() != first


def test_cached_language_profiles_equal_freshly_derived_ones(cache_dir):
    language.language_profiles.cache_clear()
    try:
        language.language_profiles(0)               # builds and stores
        language.language_profiles.cache_clear()
        from_disk = language.language_profiles(0)   # reads the stored file
    finally:
        language.language_profiles.cache_clear()
    assert any(cache_dir.iterdir())
    fresh = Profiles.from_directory(PROFILES_DIRECTORY)
    for field in dataclasses.fields(Profiles):
        ours, theirs = getattr(from_disk, field.name), getattr(fresh, field.name)
        if isinstance(theirs, np.ndarray):
            assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), field.name
        else:
            assert ours == theirs, field.name


def test_no_home_directory_means_no_cache(monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache.Path, "home", staticmethod(no_home))
    assert cache.cache_directory() is None
    build = Builder({"a": 1})
    assert cache.cached("thing", "k1", build, dict) == {"a": 1}


def test_phrase_rule_literals_read_from_the_cache_equal_a_fresh_analysis(cache_dir):
    check = ("from pipeline.cleaning import phrases; "
             "assert (phrases.RULE_LITERALS, phrases.RULE_CHECKED_LITERALS) "
             "== phrases.rule_literals(); print('same')")
    env = {**os.environ, cache.CACHE_ENV: str(cache_dir)}
    runs = [subprocess.run([sys.executable, "-c", check], env=env, capture_output=True,
                           text=True, check=False, cwd=PROJECT_ROOT) for _ in range(2)]
    # The first import builds and stores the file, the second reads it.
    assert [r.stdout.strip() for r in runs] == ["same", "same"], runs[-1].stderr
    assert [p.name.split("-")[:2] for p in cache_dir.iterdir()] == [["phrase", "literals"]]
