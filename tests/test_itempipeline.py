from __future__ import annotations

import pytest

from pipeline.article import Article, Reject
from pipeline.config import Settings, load_settings
from pipeline.errors import SettingsError, StageError
from pipeline.itempipeline import ItemPipeline, build_component_list
from tests_support import article_with_lines

H = "helper_stages."


def pipeline_of(table: dict[str, int | None]) -> ItemPipeline:
    return ItemPipeline.from_settings(Settings({"ITEM_PIPELINES": table}))


def test_stages_run_in_order_of_their_numbers_not_of_the_table():
    order = build_component_list({H + "Mark": 300, H + "Upper": 100, H + "DropShort": 200})
    assert order == [H + "Upper", H + "DropShort", H + "Mark"]


def test_none_switches_a_stage_off():
    assert build_component_list({H + "Mark": 300, H + "Upper": None}) == [H + "Mark"]


def test_the_same_class_twice_is_an_error():
    with pytest.raises(SettingsError, match="same stage"):
        build_component_list({H + "Mark": 100, "tests_support.MarkAlias": 200})


@pytest.mark.parametrize("order", ["100", 1.5, True])
def test_orders_must_be_integers(order):
    with pytest.raises(SettingsError, match="must be an int"):
        build_component_list({H + "Mark": order})


def test_unknown_stage_path_is_a_settings_error():
    with pytest.raises(SettingsError, match="cannot load stage"):
        build_component_list({"helper_stages.NoSuchStage": 100})


def test_a_drop_becomes_a_reject_with_the_stage_and_reason():
    pipeline = pipeline_of({H + "DropShort": 100, H + "Mark": 200})
    result = pipeline.process(article_with_lines(["tiny"]))
    assert isinstance(result, Reject)
    assert (result.stage, result.reason, result.detail) == ("drop_short", "too_short",
                                                            "1 short lines")
    assert result.raw == b"tiny"
    assert pipeline.stats.counters["rejected/drop_short/too_short"] == 1
    assert pipeline.stats.counters["records/out"] == 0


def test_a_kept_item_passes_every_stage_and_is_timed_per_stage():
    pipeline = pipeline_of({H + "Upper": 100, H + "Mark": 200})
    result = pipeline.process(article_with_lines(["a long enough line"]))
    assert isinstance(result, Article)
    assert result.lines == ["A LONG ENOUGH LINE"]
    assert result.fixes == ["marked"]
    assert set(pipeline.stats.seconds) == {"upper", "mark"}
    assert pipeline.stats.counters["records/in"] == pipeline.stats.counters["records/out"] == 1


def test_a_bug_in_a_stage_is_not_a_drop():
    pipeline = pipeline_of({H + "Explode": 100})
    with pytest.raises(StageError, match="explode") as info:
        pipeline.process(article_with_lines(["anything at all"]))
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_not_configured_stage_is_left_out_with_its_reason():
    pipeline = pipeline_of({H + "SwitchedOff": 100, H + "Mark": 200})
    assert [stage.name for stage in pipeline.stages] == ["mark"]
    assert pipeline.disabled == {H + "SwitchedOff": "no model configured"}


def test_open_and_close_reach_every_stage():
    from helper_stages import Opened

    Opened.events.clear()
    pipeline = pipeline_of({H + "Opened": 100})
    pipeline.open()
    pipeline.close()
    assert Opened.events == ["open", "close"]


def test_default_settings_build_a_working_pipeline():
    pipeline = ItemPipeline.from_settings(load_settings())
    names = [stage.name for stage in pipeline.stages]
    assert names[0] == "decode"
    assert names[-1] == "finalise"
    assert len(names) == len(set(names))


@pytest.mark.parametrize("cut", ["boilerplate", "language", "decode", "no_such_stage"])
def test_prefix_and_suffix_split_the_stages_between_them(cut):
    pipeline = ItemPipeline.from_settings(load_settings())
    names = [stage.name for stage in pipeline.stages]
    before = [s.name for s in pipeline.prefix(cut).stages]
    after = [s.name for s in pipeline.suffix(cut).stages]
    assert before + after == names
    assert cut not in before
    assert after[:1] == ([cut] if cut in names else [])
