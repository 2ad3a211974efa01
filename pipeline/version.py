"""The code version recorded in every `runs` row: package version plus git commit if known."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from pipeline import __version__

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def git_describe(directory: Path) -> str | None:
    """Short commit of `directory`'s checkout, with `-dirty` for uncommitted changes."""
    try:
        result = subprocess.run(
            ["git", "-C", str(directory), "describe", "--always", "--dirty", "--abbrev=12"],
            capture_output=True, text=True, timeout=10, check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


@functools.cache
def code_version() -> str:
    """``0.1.0+abc123def456`` in a git checkout, plain ``0.1.0`` in an installed copy."""
    commit = git_describe(PROJECT_ROOT) if (PROJECT_ROOT / ".git").exists() else None
    return f"{__version__}+{commit}" if commit else __version__
