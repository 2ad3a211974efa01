"""Language identification: langdetect's answer, deterministic and with an explicit `und`.

Langdetect on a whole 5 KB text costs 15-40 ms, mostly Python per character and per random
trial. The stage gets the same answer in closed form from langdetect's own profiles
(pipeline.cleaning.language_id), from n-grams sampled over the text, and runs langdetect
itself only on texts the closed form cannot be sure of (short or mixed ones, close
languages), so the answers stay langdetect's. An exact copy of a text already classified in
the process (syndicated copies: about one article in ten) gets the answer given then.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from pipeline.article import Article
from pipeline.cache import cache_key, cached
from pipeline.cleaning import language_id
from pipeline.cleaning.language_id import Profiles, closed_form_language
from pipeline.config import Settings, load_settings
from pipeline.stages.base import Stage

UNDETERMINED = "und"
# Answers kept per process, by text digest (see `known_answers`): past this many, forgotten.
ANSWERS_KEPT = 200_000
# Letters are counted in the first LETTER_WINDOW * min_letters characters only: any real
# article passes early, and a long text of digits and symbols is not scanned to its end.
LETTER_WINDOW = 50


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


@functools.cache
def language_profiles(seed: int) -> Profiles:
    """The same profiles as arrays for the closed form, once per process.

    Read from langdetect's profile files directly: langdetect's own factory is loaded only
    when a text needs langdetect itself. (The seed plays no part in the arrays.) Deriving
    them takes about 0.6 s, so they are kept in the disk cache (pipeline/cache.py), keyed by
    the profile files, the code that derives them and the libraries' versions.
    """
    key = cache_key(sources=[language_id.__file__], packages=["langdetect", "numpy"],
                    data_directory=PROFILES_DIRECTORY)
    return cached("language-profiles", key,
                  lambda: Profiles.from_directory(PROFILES_DIRECTORY), Profiles)


@functools.cache
def enough_letters(min_letters: int) -> re.Pattern[str]:
    """A pattern that matches from the start when there are `min_letters` letters or more."""
    return re.compile(rf"(?:[\W\d_]*[^\W\d_]){{{min_letters}}}")


@functools.cache
def known_answers(min_letters: int, min_score: float, seed: int) -> dict[bytes, tuple]:
    """Answers already given with these settings, by `text_digest`, for the process's life.

    Syndicated copies: about one article in ten repeats another's body exactly, often in
    another shard, so the answers outlive a stage (one per shard). The answer is a function
    of the text and the settings alone (langdetect's trials are seeded per text).
    """
    return {}


def text_digest(text: str) -> bytes:
    """SHA-256 of the text (UTF-8, lone surrogates kept): equal digests, equal texts."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def has_letters(text: str, min_letters: int) -> bool:
    """Whether `text` has `min_letters` letters within its first characters."""
    return enough_letters(min_letters).match(text, 0, LETTER_WINDOW * min_letters) is not None


def detect_language(text: str, seed: int) -> tuple[str, float]:
    """Langdetect's top (language, probability) for `text`; raises LangDetectException."""
    detector = detector_factory(seed).create()
    detector.append(text)
    best = detector.get_probabilities()[0]
    return best.lang, best.prob


def answer(language: str, score: float, min_score: float) -> tuple[str, float | None]:
    """The column values: `und` below `min_score`, else the language's ISO 639-1 code.

    (Langdetect's Chinese profiles are zh-cn and zh-tw.)
    """
    if score < min_score:
        return UNDETERMINED, None
    return language.split("-", maxsplit=1)[0], score


def classify_whole_text(text: str, min_letters: int, min_score: float,
                        seed: int) -> tuple[str, float | None]:
    """The reference answer: langdetect on the whole text, with the `und` rules."""
    if not has_letters(text, min_letters):
        return UNDETERMINED, None
    try:
        language, score = detect_language(text, seed)
    except LangDetectException:
        return UNDETERMINED, None
    return answer(language, score, min_score)


class DetectLanguage(Stage):
    """Set `language` (ISO 639-1, or `und`) and `language_score` from the body text.

    `language_score` is langdetect's probability of the language: the share of its random
    trials that settle on it. When the closed form answers, it is that share's expected
    value, computed rather than drawn (langdetect's 0.999995 for a clear text becomes, say,
    0.9997: both say every trial agrees).
    """

    name = "language"

    def __init__(self, min_letters: int, min_score: float, seed: int) -> None:
        self.min_letters = min_letters
        self.min_score = min_score
        self.seed = seed
        self.answers = known_answers(min_letters, min_score, seed)

    @classmethod
    def from_settings(cls, settings: Settings) -> DetectLanguage:
        """Read the thresholds and the seed."""
        return cls(settings.getint("LANGUAGE_MIN_LETTERS"),
                   settings.getfloat("LANGUAGE_MIN_SCORE"), settings.getint("LANGUAGE_SEED"))

    def open(self) -> None:
        """Load the language profiles before the first article, not inside its timing."""
        language_profiles(self.seed)

    def classify(self, text: str) -> tuple[str, float | None]:
        """(language, score) for `text`, or (`und`, None) when it cannot be told.

        An exact copy of a text seen before gets the answer given then.
        """
        if not has_letters(text, self.min_letters):
            return UNDETERMINED, None
        key = text_digest(text)
        known = self.answers.get(key)
        if known is None:
            known = self.classify_afresh(text)
            if len(self.answers) >= ANSWERS_KEPT:
                self.answers.clear()
            self.answers[key] = known
        return known

    def classify_afresh(self, text: str) -> tuple[str, float | None]:
        """`classify` without the answers kept (for a text with enough letters)."""
        verdict = closed_form_language(language_profiles(self.seed), text, self.min_score)
        if verdict is None:   # too close to call without langdetect's own trials
            return classify_whole_text(text, self.min_letters, self.min_score, self.seed)
        return answer(verdict.language, verdict.score, self.min_score)

    def classify_whole_text(self, text: str) -> tuple[str, float | None]:
        """The reference answer with this stage's settings: langdetect on the whole text."""
        return classify_whole_text(text, self.min_letters, self.min_score, self.seed)

    def process_item(self, item: Article) -> Article:
        """Classify the body (the title alone is too short to be reliable)."""
        item.language, item.language_score = self.classify("\n".join(item.lines))
        return item


def language_agreement(texts: Iterable[str],
                       stage: DetectLanguage | None = None) -> tuple[int, int]:
    """(agreeing, total): how many of `texts` get langdetect's language on the whole text.

    `und` counts as a language. For benchmarks: it runs langdetect on every text.
    """
    stage = stage or DetectLanguage.from_settings(load_settings())
    stage.open()
    agreeing = total = 0
    for text in texts:
        total += 1
        agreeing += stage.classify(text)[0] == stage.classify_whole_text(text)[0]
    return agreeing, total
