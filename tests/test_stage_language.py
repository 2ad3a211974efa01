from __future__ import annotations

import pytest

from conftest import SEEDS
from pipeline.config import load_settings
from pipeline.stages.language import DetectLanguage
from tests_support import article_with_lines

SAMPLES = {
    "en": "The secretary of state arrived in the Black Sea resort on Tuesday for talks with "
          "his Russian counterpart about arms control, Iran and Venezuela.",
    "de": "Der Außenminister ist am Dienstag in dem Kurort am Schwarzen Meer eingetroffen, um "
          "mit seinem russischen Amtskollegen über Rüstungskontrolle zu sprechen.",
    "fr": "Le secrétaire d'État est arrivé mardi dans la station balnéaire de la mer Noire "
          "pour des entretiens avec son homologue russe sur le contrôle des armements.",
    "es": "El secretario de Estado llegó el martes al balneario del mar Negro para conversar "
          "con su homólogo ruso sobre el control de armas, Irán y Venezuela.",
    "ru": "Государственный секретарь прибыл во вторник на черноморский курорт для переговоров "
          "со своим российским коллегой о контроле над вооружениями.",
    "zh": "国务卿星期二抵达黑海度假胜地，与俄罗斯外长就军备控制、伊朗和委内瑞拉问题举行会谈。",
}


@pytest.fixture(scope="module")
def stage() -> DetectLanguage:
    detector = DetectLanguage.from_settings(load_settings())
    detector.open()
    return detector


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_language_of_a_paragraph(stage, language):
    item = stage.process_item(article_with_lines([SAMPLES[language]]))
    assert item.language == language
    assert item.language_score > 0.9


def test_every_seed_is_english_with_high_confidence(stage):
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [line for line in path.read_text().splitlines() if line.strip()]
        item = stage.process_item(article_with_lines(lines))
        assert (item.language, item.language_score >= 0.9) == ("en", True), path.name


@pytest.mark.parametrize("text", ["Add Comment", "12:45 — 3/4/2019", "", "  ", "Sochi 2019"])
def test_too_little_text_is_undetermined_not_a_guess(stage, text):
    item = stage.process_item(article_with_lines([text]))
    assert (item.language, item.language_score) == ("und", None)


def test_detection_is_deterministic(stage):
    text = "Pompeo Lavrov Sochi Putin Moscow Kremlin Venezuela Maduro Iran"  # names only
    answers = {stage.classify(text) for _ in range(5)}
    assert len(answers) == 1
