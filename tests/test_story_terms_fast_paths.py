"""A batch's term counts on real pages: the same answers as the old functions.

The old `first_by_string` (kept here as the reference) sorted every distinct string of the
batch; on long real texts only about half of them are tied at some text's cut. The old
`counted_strings` copied the batch's words without their spaces before the dictionary
encoding; now the words keep their space and only the distinct strings are stripped.
"""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stories import features
from pipeline.stories.features import (
    MAX_TERMS,
    SPACE_BYTE,
    TITLE,
    TITLE_WEIGHT,
    TermColumns,
    extra_terms,
    first_by_string,
    joined_bytes,
    most_frequent,
    summed_by_key,
    term_mask,
    texts_term_counts,
    top_terms,
)
from pipeline.stories.words import TextsWords, words_of_texts


def old_first_by_string(entries: np.ndarray, owners: np.ndarray, ids: np.ndarray,
                        strings: pa.Array, room: np.ndarray) -> np.ndarray:
    """Of `entries` (sorted by owner), each owner's `room` first in string order (old)."""
    if not len(entries):
        return entries
    ranks = np.empty(len(strings), dtype=np.int64)
    ranks[pc.sort_indices(strings).to_numpy()] = np.arange(len(strings))
    entry_owners = owners[entries]
    order = np.argsort(entry_owners * len(strings) + ranks[ids[entries]], kind="stable")
    firsts = np.flatnonzero(np.diff(entry_owners, prepend=-1))
    starts = np.repeat(firsts, np.diff(np.append(firsts, len(entries))))
    return entries[order[np.arange(len(order)) - starts < room[entry_owners]]]


WORD = st.one_of(st.text(min_size=1, max_size=6),
                 st.sampled_from(["a", "b", "ab", "é", "z", "\U0001f600", "中", "12"]))


@st.composite
def owners_entries(draw):
    """Distinct strings, each owner's distinct ids with counts, some entries picked."""
    strings = draw(st.lists(WORD, min_size=1, max_size=60, unique=True))
    owners, ids = [], []
    for owner in range(draw(st.integers(1, 5))):
        mine = draw(st.lists(st.integers(0, len(strings) - 1), unique=True, max_size=40))
        owners += [owner] * len(mine)
        ids += sorted(mine)
    owners, ids = np.array(owners, dtype=np.int64), np.array(ids, dtype=np.int64)
    picked = np.flatnonzero(np.array(draw(st.lists(st.booleans(), min_size=len(ids),
                                                   max_size=len(ids))), dtype=bool))
    room = np.array(draw(st.lists(st.integers(0, 40), min_size=5, max_size=5)),
                    dtype=np.int64)
    return picked, owners, ids, pa.array(strings, pa.string()), room


@settings(max_examples=500, deadline=None)
@given(owners_entries())
def test_first_by_string_equals_the_old_function(case):
    assert first_by_string(*case).tolist() == old_first_by_string(*case).tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.text(min_size=1, max_size=4), st.integers(1, 4)),
                         max_size=3 * MAX_TERMS // 2), min_size=1, max_size=3))
def test_most_frequent_keeps_what_top_terms_keeps(texts):
    counts = [dict(pairs) for pairs in texts]
    strings = sorted({term for text in counts for term in text})
    index = {term: i for i, term in enumerate(strings)}
    owners = np.array([o for o, text in enumerate(counts) for _ in text], dtype=np.int64)
    ids = np.array([index[t] for text in counts for t in text], dtype=np.int64)
    values = np.array([c for text in counts for c in text.values()], dtype=np.int64)
    kept = most_frequent(owners, ids, values, pa.array(strings, pa.string()))
    for owner, text in enumerate(counts):
        mine = [strings[ids[k]] for k in kept if owners[k] == owner]
        assert sorted(mine) == sorted(top_terms(text))


def old_counted_strings(words: TextsWords, extras: list[str]) -> pa.Array:
    """Every body word, then the `extras`, as one Arrow string array (the old function)."""
    joined = pa.array([words.joined_all], pa.string())
    extra = pa.array(extras, pa.string())
    if not len(words.starts):
        return extra
    data = np.frombuffer(joined.buffers()[2], dtype=np.uint8)[:joined_bytes(joined)]
    spaces = np.flatnonzero(data == SPACE_BYTE)
    ends = spaces - np.arange(len(spaces))
    extra_offsets = np.frombuffer(extra.buffers()[1], dtype=np.int32)[:len(extra) + 1]
    extra_data = np.frombuffer(extra.buffers()[2], dtype=np.uint8) if extra.buffers()[2] \
        else np.zeros(0, np.uint8)
    offsets = np.concatenate([[0], ends, ends[-1] + extra_offsets[1:]]).astype(np.int32)
    packed = np.concatenate([data[data != SPACE_BYTE], extra_data[:extra_offsets[-1]]])
    return pa.StringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets),
                                       pa.py_buffer(packed))


def old_texts_term_counts(titles: list[str], texts: list[str],
                          words: TextsWords) -> TermColumns:
    """texts_term_counts as it was (old counted strings, old first_by_string)."""
    extras, extra_owners, extra_kinds = extra_terms(titles, texts)
    encoded = old_counted_strings(words, extras).dictionary_encode()
    strings = encoded.dictionary
    ids = encoded.indices.to_numpy()
    is_term = term_mask(strings)
    size = max(len(strings), 1)
    body_words = len(words.starts)
    body_ids = ids[:body_words]
    body_keys = np.repeat(np.arange(len(texts), dtype=np.int64) * size,
                          np.diff(words.offsets)) + body_ids
    body_keys = np.sort(body_keys[is_term[body_ids]], kind="stable")
    firsts = np.flatnonzero(np.diff(body_keys, prepend=-1))
    body_counts = np.diff(np.append(firsts, len(body_keys)))
    extra_ids = ids[body_words:]
    extra_kinds = np.array(extra_kinds, dtype=np.int8)
    extra_weights = np.where(extra_kinds == TITLE, TITLE_WEIGHT, 1)
    extra_weights[(extra_kinds == TITLE) & ~is_term[extra_ids]] = 0
    keys, counts = summed_by_key(
        np.concatenate([body_keys[firsts],
                        np.array(extra_owners, dtype=np.int64) * size + extra_ids]),
        np.concatenate([body_counts, extra_weights]))
    counts_any = counts > 0
    keys, counts = keys[counts_any], counts[counts_any]
    owners, ids = np.divmod(keys, size)
    with patch.object(features, "first_by_string", old_first_by_string):
        kept = most_frequent(owners, ids, counts, strings)
    sizes = np.bincount(owners[kept], minlength=len(texts))
    return TermColumns(np.append(0, np.cumsum(sizes)).astype(np.int32),
                       strings.take(pa.array(ids[kept])), counts[kept].astype(np.int32),
                       strings, ids[kept])


# Words, names (capitalised runs, across lines too), numbers, other scripts, emoji; texts
# long enough that the MAX_TERMS cut falls on ties.
TOKEN = st.one_of(
    st.sampled_from(["the", "said", "Vladimir Putin", "New York", "The White House", "12",
                     "3.5", "1999", "e-mail", "don’t", "U.S.", "ΟΔΟΣ", "Straße", "İstanbul",
                     "中国", "\U0001f600", "Ab\nCd", "x_y", "A", "an"]),
    st.text(min_size=1, max_size=7))


@st.composite
def long_text(draw) -> str:
    """A text of up to a few hundred distinct-ish words."""
    tokens = draw(st.lists(TOKEN, max_size=30))
    numbered = [f"w{draw(st.integers(0, 400))}" for _ in range(draw(st.integers(0, 500)))]
    return " ".join(tokens + numbered + tokens)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), long_text()), max_size=5))
def test_texts_term_counts_equals_the_old_function(rows):
    titles, texts = [r[0] for r in rows], [r[1] for r in rows]
    words = words_of_texts(texts)
    new, old = texts_term_counts(titles, texts, words), old_texts_term_counts(titles, texts, words)
    assert new.offsets.tolist() == old.offsets.tolist()
    assert new.terms.equals(old.terms)
    assert new.counts.tolist() == old.counts.tolist()
    assert new.distinct.equals(old.distinct)
    assert new.ids.tolist() == old.ids.tolist()
