"""Settings: defaults from `pipeline.settings`, overridden by the module named in INGEST_SETTINGS.

Configuration flows one way: settings -> a component's `from_settings` -> plain constructor
arguments, so stages can also be built by hand in tests and notebooks.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

from pipeline import settings as default_settings
from pipeline.errors import SettingsError

SETTINGS_ENV = "INGEST_SETTINGS"

# Dict-valued settings that an override merges into rather than replaces.
MERGED_DICTS = ("ITEM_PIPELINES", "FEED_FIELDS")


def module_values(module: ModuleType) -> dict[str, Any]:
    """The upper-case names of a settings module."""
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


class Settings(Mapping[str, Any]):
    """An immutable mapping of setting names to values, with typed getters."""

    def __init__(self, values: Mapping[str, Any], source: str = "pipeline.settings") -> None:
        self._values = dict(values)
        self.source = source

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise SettingsError(f"unknown setting {key!r} (settings from {self.source})") from None

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def getint(self, key: str) -> int:
        """The setting as an int."""
        return int(self[key])

    def getfloat(self, key: str) -> float:
        """The setting as a float."""
        return float(self[key])

    def getbool(self, key: str) -> bool:
        """The setting as a bool (a Python settings module holds real booleans)."""
        return bool(self[key])

    def getdict(self, key: str) -> dict[str, Any]:
        """The setting as a new dict."""
        return dict(self[key])

    def with_overrides(self, overrides: Mapping[str, Any], source: str) -> Settings:
        """New settings with `overrides` applied; ITEM_PIPELINES entries merge, None removes."""
        values = dict(self._values)
        for key, value in overrides.items():
            if key in MERGED_DICTS:
                merged = {**values.get(key, {}), **value}
                values[key] = {k: v for k, v in merged.items() if v is not None}
            else:
                values[key] = value
        return Settings(values, source=f"{self.source} + {source}")


def load_settings(module_name: str | None = None) -> Settings:
    """Defaults, plus the override module given or named by the INGEST_SETTINGS variable."""
    settings = Settings(module_values(default_settings))
    module_name = module_name or os.environ.get(SETTINGS_ENV) or None
    if module_name:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise SettingsError(f"cannot import settings module {module_name!r}: {exc}") from exc
        settings = settings.with_overrides(module_values(module), source=module_name)
    return settings
