"""Language identification with langdetect, deterministic and with an explicit `und`."""

from __future__ import annotations

import functools
import re

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from pipeline.article import Article
from pipeline.config import Settings
from pipeline.stages.base import Stage

UNDETERMINED = "und"
LETTER = re.compile(r"[^\W\d_]")


@functools.cache
def detector_factory(seed: int) -> DetectorFactory:
    """Langdetect's profiles, loaded once per process (about half a second), with a fixed seed.

    langdetect draws random n-gram trials; without a seed the same text can get different
    answers on different runs.
    """
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(seed)
    return factory


def detect_language(text: str, seed: int) -> tuple[str, float]:
    """Langdetect's top (language, probability) for `text`; raises LangDetectException."""
    detector = detector_factory(seed).create()
    detector.append(text)
    best = detector.get_probabilities()[0]
    return best.lang, best.prob


class DetectLanguage(Stage):
    """Set `language` (ISO 639-1, or `und`) and `language_score` from the body text."""

    name = "language"

    def __init__(self, min_letters: int, min_score: float, seed: int) -> None:
        self.min_letters = min_letters
        self.min_score = min_score
        self.seed = seed

    @classmethod
    def from_settings(cls, settings: Settings) -> DetectLanguage:
        """Read the thresholds and the seed."""
        return cls(settings.getint("LANGUAGE_MIN_LETTERS"),
                   settings.getfloat("LANGUAGE_MIN_SCORE"), settings.getint("LANGUAGE_SEED"))

    def open(self) -> None:
        """Load the language profiles before the first article, not inside its timing."""
        detector_factory(self.seed)

    def classify(self, text: str) -> tuple[str, float | None]:
        """(language, score) for `text`, or (`und`, None) when it cannot be told."""
        # Counting in a window keeps this cheap on long texts; any real article passes early.
        if len(LETTER.findall(text, 0, 50 * self.min_letters)) < self.min_letters:
            return UNDETERMINED, None
        try:
            language, score = detect_language(text, self.seed)
        except LangDetectException:
            return UNDETERMINED, None
        if score < self.min_score:
            return UNDETERMINED, None
        # langdetect's Chinese profiles are zh-cn / zh-tw; the column holds ISO 639-1.
        return language.split("-")[0], score

    def process_item(self, item: Article) -> Article:
        """Classify the body (the title alone is too short to be reliable)."""
        item.language, item.language_score = self.classify("\n".join(item.lines))
        return item
