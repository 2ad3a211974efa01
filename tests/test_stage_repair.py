from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.article import Article
from pipeline.stages.repair import RepairEncoding


def repair(text: str) -> Article:
    item = Article(doc_id="0" * 16, source="x.txt", raw=b"", decoded=text)
    return RepairEncoding().process_item(item)


def test_mojibake_is_repaired_and_recorded():
    item = repair("The cafÃ© said it wasnâ€™t open on Sunday.")
    assert item.decoded == "The café said it wasn’t open on Sunday."
    assert item.fixes == ["ftfy:mojibake"]


def test_curly_quotes_are_kept():
    text = "“We are concerned,” the official said, citing Russia’s actions."
    item = repair(text)
    assert item.decoded == text
    assert item.fixes == []


def test_control_characters_are_removed():
    item = repair("Moscow\x00 talks\x07 resumed.")
    assert item.decoded == "Moscow talks resumed."
    assert "ftfy:remove_control_chars" in item.fixes


def test_clean_text_is_untouched():
    text = "Pompeo arrived in Sochi on Tuesday morning."
    assert repair(text).decoded == text


@given(st.text(max_size=300))
def test_repair_never_raises_and_is_stable(text):
    once = repair(text).decoded
    assert repair(once).decoded == once
