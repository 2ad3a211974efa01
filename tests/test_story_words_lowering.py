"""A writer batch's words on real pages: the fast paths must equal the old functions.

On real pages one text of a batch with an emoji (past the lower-case table) or a final
sigma sent every text of the batch through `str.lower`; now only the texts that need it
go. The old function is kept here as the reference.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stories.words import (
    CODEC,
    ERRORS,
    NOT_A_CODE,
    TABLE_SIZE,
    TEXT_SEPARATOR,
    code_points,
    lower_codes,
    lower_table,
    lower_texts,
    words_of,
    words_of_texts,
)


def old_lower_text(text: str) -> str:
    """The text as `lower_codes` lowers it, as a string (the old helper)."""
    return lower_codes(text).tobytes().decode(CODEC, ERRORS)


def old_lower_texts(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """lower_texts as it was: every text through `str.lower` if any one needs it."""
    codes = code_points(TEXT_SEPARATOR.join(texts) + TEXT_SEPARATOR)
    lowered = np.take(lower_table(), codes) if codes.max() < TABLE_SIZE else None
    if lowered is None or lowered.max() == NOT_A_CODE:
        texts = [old_lower_text(text) for text in texts]
        lowered = code_points(TEXT_SEPARATOR.join(texts) + TEXT_SEPARATOR)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
    return lowered, np.cumsum(lengths) - lengths


# Characters `str.lower` treats unlike the table: İ (two characters), Σ (final sigma),
# characters past the BMP (emoji, Deseret capitals that lower), lone surrogates.
ODD = "İΣσςΑ\U0001f600\U00010400\U0001d400\ud800\udfff"
PIECE = st.one_of(st.text(max_size=8), st.sampled_from(list(ODD)),
                  st.sampled_from(["The ΟΔΟΣ", "İstanbul", "Don’t STOP", "e-mail U.S. 12.5",
                                   "ΣΑΣ ΣΑΣ.", "a\nb", ""]))
TEXT = st.lists(PIECE, max_size=12).map(" ".join)


@settings(max_examples=1000, deadline=None)
@given(st.lists(TEXT, max_size=8))
def test_lower_texts_equals_the_old_function(texts):
    new_codes, new_begins = lower_texts(texts)
    old_codes, old_begins = old_lower_texts(texts)
    assert new_codes.dtype == old_codes.dtype
    assert new_codes.tolist() == old_codes.tolist()
    assert new_begins.tolist() == old_begins.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, max_size=6))
def test_words_of_texts_with_odd_texts_are_each_texts_words(texts):
    together = words_of_texts(texts)
    for index, text in enumerate(texts):
        assert together.joined(index) == words_of(text).joined
