from __future__ import annotations

import sys

import pytest

from pipeline import settings as defaults
from pipeline.config import SETTINGS_ENV, Settings, load_settings
from pipeline.errors import SettingsError


@pytest.fixture
def override_module(tmp_path, monkeypatch):
    (tmp_path / "my_overrides.py").write_text(
        "ITEM_PIPELINES = {'pipeline.stages.language.DetectLanguage': None,\n"
        "                  'helper_stages.Mark': 450}\n"
        "MAX_RECORD_BYTES = 1000\n"
        "lowercase_is_ignored = 1\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "my_overrides"
    sys.modules.pop("my_overrides", None)


def test_defaults_come_from_the_settings_module(monkeypatch):
    monkeypatch.delenv(SETTINGS_ENV, raising=False)
    settings = load_settings()
    assert settings.getint("MAX_RECORD_BYTES") == defaults.MAX_RECORD_BYTES
    assert settings.getdict("ITEM_PIPELINES") == defaults.ITEM_PIPELINES
    assert settings.source == "pipeline.settings"


def test_override_module_from_environment_merges_stage_table(override_module, monkeypatch):
    monkeypatch.setenv(SETTINGS_ENV, override_module)
    settings = load_settings()
    table = settings.getdict("ITEM_PIPELINES")
    assert "pipeline.stages.language.DetectLanguage" not in table
    assert table["helper_stages.Mark"] == 450
    assert table["pipeline.stages.decode.Decode"] == defaults.ITEM_PIPELINES[
        "pipeline.stages.decode.Decode"]
    assert settings.getint("MAX_RECORD_BYTES") == 1000
    assert "lowercase_is_ignored" not in settings
    assert settings.source == "pipeline.settings + my_overrides"


def test_missing_override_module_is_a_clear_error():
    with pytest.raises(SettingsError, match="no_such_settings_module"):
        load_settings("no_such_settings_module")


def test_unknown_setting_names_the_source():
    with pytest.raises(SettingsError, match="NOPE"):
        Settings({})["NOPE"]
