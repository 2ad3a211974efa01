"""The story grouping's fast paths give what the plain code they replaced gave, to the bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
import wordfreq
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.article import Article, RawRecord
from pipeline.evaluation.stories import read_corpus
from pipeline.stories import vectors as vectors_module
from pipeline.stories.candidates import sequential_dots
from pipeline.stories.clustering import Cluster, cluster_vectors, dot
from pipeline.stories.features import (
    MAX_TERMS,
    count_cuts,
    is_term,
    sorted_count_cuts,
    spaced_counted_strings,
    stopwords,
    term_mask,
)
from pipeline.stories.lookup import StringIndex
from pipeline.stories.rarity import DumpRarity, rarities, special_terms
from pipeline.stories.records import StoryInput
from pipeline.stories.signatures import (
    MINHASH_PERMUTATIONS,
    signature,
    signatures_of,
    signatures_of_texts,
)
from pipeline.stories.tables import (
    PendingStory,
    ShardTerms,
    features_batch,
    language_terms,
    pending_story_input,
    story_input_of,
)
from pipeline.stories.vectors import (
    VECTOR_TERMS,
    ArticleVectors,
    DumpTerms,
    LanguageTerms,
    distinct_by_language,
    heaviest_per_owner,
    heaviest_terms,
    log_counts,
    row_norms,
)
from pipeline.stories.words import code_points, words_of, words_of_texts

CORPORA = sorted((Path(__file__).parent / "cases" / "stories").glob("*.jsonl"))
LANGUAGES = ["en", "fr", "ru", None, "xx"]  # "xx" has no word list: English weighs it
COMMON = [word for language in ("en", "fr", "ru")
          for word in wordfreq.top_n_list(language, 300)]
ODD_TERMS = ["1999", "2024", "12", "3.5", "²3", "٣٣", "1٩٩٩", "new york", "vladimir putin",
             "élysée", "ｆｕｌｌ", "don't", "e-mail", "u.s", "zzzqx", "a", "", "x y"]
TERM = st.one_of(st.sampled_from(COMMON), st.sampled_from(ODD_TERMS), st.text(max_size=12))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(LANGUAGES), st.lists(TERM, max_size=30, unique=True),
                       max_size=4))
def test_dump_rarity_weighs_terms_as_rarities_does(terms_of):
    terms_of = {language: [t for t in terms if t] for language, terms in terms_of.items()}
    rarity = DumpRarity.of({language: pa.array(terms, pa.string())
                            for language, terms in terms_of.items()})
    runs, flat = [], []
    for language, terms in terms_of.items():
        runs.append((len(flat), language))
        flat += terms
    runs = [(start, language) for start, language in runs if start < len(flat)]
    found = rarity.term_rarities(pa.array(flat, pa.string()), runs) if flat else []
    expected = [w for language, terms in terms_of.items() for w in rarities(terms, language)]
    assert list(found) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(TERM, max_size=40))
def test_special_terms_holds_every_name_and_number(terms):
    found = set(special_terms(pa.array(terms, pa.string())).tolist())
    for index, term in enumerate(terms):
        if " " in term or (term and term[0].isdigit()):
            assert index in found, term


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9)), max_size=60))
def test_language_terms_are_the_sorted_distinct_pairs(entries):
    dictionary = pa.array([f"t{i}" for i in range(10)])
    languages = ["en", None, "fr", "de"]
    language_of = np.array([language for language, _ in entries], dtype=np.int64)
    term_index = np.array([term for _, term in entries], dtype=np.int64)
    pairs = LanguageTerms.of(dictionary, term_index, languages, language_of)
    distinct, inverse = np.unique(language_of * 10 + term_index, return_inverse=True)
    assert pairs.terms.to_pylist() == [f"t{i}" for i in (distinct % 10).tolist()]
    assert pairs.inverse.tolist() == inverse.ravel().tolist()
    starts = [i for i in range(len(distinct))
              if i == 0 or distinct[i] // 10 != distinct[i - 1] // 10]
    assert pairs.runs == [(i, languages[distinct[i] // 10]) for i in starts]


def test_pending_stories_get_the_features_of_eager_ones():
    rows = [row for corpus in CORPORA for row in read_corpus(corpus)]
    articles = []
    for index, row in enumerate(rows):
        article = Article.from_raw(RawRecord(row["id"], row["id"], b"", "text"))
        article.text, article.title = row.get("text"), row.get("title")
        if index % 3 == 0:
            article.fields["author"] = "By Jane Roe (Reuters)"
        articles.append(article)
    eager = features_batch([story_input_of(article) for article in articles])
    pending = features_batch([pending_story_input(article) for article in articles])
    assert eager.drop_columns(["terms"]).equals(pending.drop_columns(["terms"]))
    assert [dict(t) for t in eager["terms"].to_pylist()] == \
        [dict(t) for t in pending["terms"].to_pylist()]


# Texts for the batch path: odd characters (İ and Σ lower by str.lower, curly quotes make a
# text non-ASCII), names, and long texts of many distinct words so that the MAX_TERMS cut
# falls among ties.
FRAGMENTS = [*"abcXYZ éÉß_'’.-,;İΣσ\u0301\u00a0\n\t12", "İstanbul", "ΟΔΟΣ", "u.s.", "don't",
             "3.5", "New York", "The ", "², ", " (AP) ", "Reuters", "😀", "42", "07"]
MANY_WORDS = [f"{stem}{n}" for stem in ("wor", "Ter", "élan", "x") for n in range(90)]
BODY = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join),
    st.lists(st.sampled_from(MANY_WORDS + COMMON[:60] + ODD_TERMS[:8] + ["Vladimir Putin"]),
             min_size=300, max_size=1500).map(" ".join))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(BODY, st.one_of(st.none(), st.text(max_size=30),
                                          st.sampled_from(["New York wor1 wor1", "12 ab"])),
                          st.sampled_from(["", "By Jo (Reuters)", "AP"])), max_size=7))
def test_a_batch_of_pending_stories_gets_each_storys_own_features(rows):
    pending = [PendingStory(f"d{i}", text, title, credit, None, None, 0, LANGUAGES[i % 3])
               for i, (text, title, credit) in enumerate(rows)]
    seen, seen_eager = ShardTerms(), ShardTerms()
    batch = features_batch(pending, seen)
    eager = [story.story_input() for story in pending]
    features_batch(eager, seen_eager)
    assert [(language, sorted(terms.to_pylist()))
            for language, terms in language_terms(seen.table())] == \
        [(language, sorted(terms.to_pylist()))
         for language, terms in language_terms(seen_eager.table())]
    assert [dict(t) for t in batch["terms"].to_pylist()] == [s.terms for s in eager]
    assert batch["minhash"].to_pylist() == [s.minhash for s in eager]
    assert batch["copy_key"].to_pylist() == [s.copy_key for s in eager]
    assert batch["credits_wire"].to_pylist() == [s.credits_wire for s in eager]


def split_counted_strings(joined_all: str, words: int, extras: list[str]) -> pa.Array:
    """The body words then the extras as texts_term_counts once made them (the reference)."""
    split = pc.split_pattern(pa.array([joined_all], pa.string()), " ").flatten()[:words]
    return pa.concat_arrays([split, pa.array(extras, pa.string())])


@settings(max_examples=100, deadline=None)
@given(st.lists(BODY, max_size=6), st.lists(st.one_of(st.text(max_size=12),
                                                       st.sampled_from(ODD_TERMS)), max_size=8))
def test_counted_strings_are_the_split_words_and_the_extras(texts, extras):
    words = words_of_texts(texts)
    # texts_term_counts strips each distinct string's trailing space after encoding.
    found = pc.utf8_slice_codeunits(spaced_counted_strings(words, extras), 0, -1)
    found.validate(full=True)
    assert found.equals(split_counted_strings(words.joined_all, len(words.starts), extras))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 400), st.integers(1, 5), st.integers(1, 50)),
                min_size=1, max_size=4))
def test_count_cuts_from_a_histogram_are_those_of_a_sort(owners_spec):
    # Each owner: (entries, largest count, spread); counts repeat so that cuts fall on ties.
    rng = np.random.default_rng(len(owners_spec))
    owners = np.concatenate([np.full(n, o) for o, (n, _, _) in enumerate(owners_spec)])
    counts = np.concatenate([rng.integers(1, top * spread + 1, n) // spread + 1
                             for n, top, spread in owners_spec]).astype(np.int64)
    sizes = np.bincount(owners, minlength=len(owners_spec))
    histogram, sorted_ = count_cuts(owners, counts, sizes), sorted_count_cuts(owners, counts, sizes)
    assert histogram[0].tolist() == sorted_[0].tolist()
    assert histogram[1].tolist() == sorted_[1].tolist()
    for owner in range(len(sizes)):
        mine = np.sort(counts[owners == owner])[::-1]
        if len(mine) > MAX_TERMS:
            assert histogram[0][owner] == mine[MAX_TERMS - 1]
            assert histogram[1][owner] == (mine > mine[MAX_TERMS - 1]).sum()


@settings(max_examples=100, deadline=None)
@given(st.lists(TERM, max_size=40))
def test_term_mask_is_is_term(strings):
    strings = [s for s in strings if s] + COMMON[:50] + ["١٢", "²²", "ab", "a", "1", "12"]
    assert term_mask(pa.array(strings, pa.string())).tolist() == \
        [is_term(s, stopwords()) for s in strings]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet="\x00a\ud800😀").map(str)))
def test_code_points_are_the_utf32_codecs(text):
    expected = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    assert code_points(text).tolist() == expected.tolist()


@settings(max_examples=100, deadline=None)
@given(st.lists(BODY, max_size=6))
def test_words_of_many_texts_are_each_texts_words(texts):
    together = words_of_texts(texts)
    for index, text in enumerate(texts):
        alone = words_of(text)
        first, end = together.offsets[index], together.offsets[index + 1]
        assert together.joined(index) == alone.joined
        assert end - first == len(alone)
        starts, ends = together.starts[first:end], together.ends[first:end]
        assert (together.hashes(starts, ends) == alone.hashes(alone.starts, alone.ends)).all()
        assert (together.hashes(starts[:-2], ends[2:]) ==
                alone.hashes(alone.starts[:-2], alone.ends[2:])).all()
    assert (signatures_of_texts(together) == signatures_of([words_of(t) for t in texts])).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(COMMON), max_size=900)
                          .map(" ".join)), max_size=12))
def test_signatures_of_many_texts_are_each_texts_signature(texts):
    words = [words_of(text) for text in texts]
    rows = signatures_of(words)
    assert rows.shape == (len(texts), MINHASH_PERMUTATIONS)
    for row, text_words in zip(rows, words, strict=True):
        assert (row == signature(text_words)).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LANGUAGES),
                          st.dictionaries(st.sampled_from(COMMON[:40] + ODD_TERMS[:9]),
                                          st.integers(1, 5), max_size=8)), max_size=10))
def test_dump_terms_weigh_each_term_in_its_articles_language(articles):
    offsets = np.cumsum([0, *(len(terms) for _, terms in articles)], dtype=np.int32)
    terms = pa.MapArray.from_arrays(
        pa.array(offsets), pa.array([t for _, ts in articles for t in ts], pa.string()),
        pa.array([c for _, ts in articles for c in ts.values()], pa.int32()))
    languages = [language for language, _ in articles]
    dump = DumpTerms.gather([(terms, languages)])
    keys = [t for _, ts in articles for t in ts]
    ids = dump.index.find(pa.array(keys, pa.string()))
    assert dump.terms.take(pa.array(ids)).to_pylist() == keys
    codes = np.array([dump.languages[language] for language, ts in articles for _ in ts],
                     dtype=np.int64)
    expected = [rarities([t], language)[0] for language, ts in articles for t in ts]
    assert dump.rarities_of(ids, codes).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=10), unique=True, max_size=30), st.lists(st.text(max_size=10),
                                                                         max_size=30))
def test_string_index_finds_what_index_in_finds(strings, queries):
    index = StringIndex.of(pa.array(strings, pa.string()))
    queries = pa.array(queries + strings[:5], pa.string())
    expected = pc.index_in(queries, value_set=pa.array(strings, pa.string()))
    assert index.find(queries).tolist() == expected.fill_null(-1).to_pylist()


def plain_heaviest_terms(ranks, counts, owners, rarities, articles):
    """heaviest_terms as it was: one lexsort of every entry (the reference)."""
    weight = log_counts(int(counts.max()))[counts] * rarities
    order = np.lexsort((ranks, -weight, owners))
    first = np.searchsorted(owners[order], np.arange(articles))
    position = np.arange(len(order)) - first[owners[order]]
    keep = position < VECTOR_TERMS
    kept, kept_owners = order[keep], owners[order][keep]
    norms = row_norms(weight[kept], kept_owners, position[keep], articles)
    return kept, weight[kept] / norms[kept_owners]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.integers(1, 6), st.sampled_from([1.0, 2.5, 3.0, 6.9])),
                         max_size=90), min_size=1, max_size=8), st.randoms())
def test_heaviest_terms_sort_only_the_entries_at_the_cut_and_agree(articles, rng):
    lengths = [len(entries) for entries in articles]
    assume(sum(lengths))  # a batch without terms is never weighed
    owners = np.repeat(np.arange(len(articles)), lengths)
    counts = np.array([c for entries in articles for c, _ in entries], np.int64)
    rarities = np.array([r for entries in articles for _, r in entries], np.float64)
    ranks = np.array(rng.sample(range(len(owners)), len(owners)), np.int64)
    found = heaviest_terms(ranks, counts, owners, rarities, len(articles))
    expected = plain_heaviest_terms(ranks, counts, owners, rarities, len(articles))
    assert found[0].tolist() == expected[0].tolist()
    assert found[1].tolist() == expected[1].tolist()


def clusters_by_row(batches):
    """Each cluster of ClusterBatches as comparable values, in order."""
    found = []
    for batch in batches:
        members = np.split(batch.members, np.cumsum(batch.member_counts)[:-1])
        terms = np.split(batch.terms, np.cumsum(batch.term_counts)[:-1])
        totals = np.split(batch.totals, np.cumsum(batch.term_counts)[:-1])
        for k in range(len(batch)):
            found.append((int(batch.group[k]), sorted(members[k].tolist()), int(batch.size[k]),
                          int(batch.story[k]),
                          dict(zip(terms[k].tolist(), totals[k].tolist(), strict=True))))
    return found


VECTOR_ROW = st.dictionaries(st.integers(0, 14), st.sampled_from([0.1, 0.2, 0.3, 0.5, 0.9]),
                             min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(VECTOR_ROW, st.sampled_from([None, 738000, 738001, 738009, 738030])),
                min_size=2, max_size=40),
       st.lists(st.tuples(VECTOR_ROW, st.integers(1, 5), st.sampled_from([None, 738000])),
                max_size=3),
       st.sampled_from([0.05, 0.2, 0.5]), st.randoms())
def test_lockstep_agglomeration_is_the_python_agglomeration(rows, stories, threshold, rng):
    rows = rows + [rows[k] for k in rng.choices(range(len(rows)), k=len(rows) // 3)]  # ties
    norms = [sum(w * w for w in row.values()) ** 0.5 for row, _ in rows]
    vectors = ArticleVectors(
        np.concatenate([[0], np.cumsum([len(row) for row, _ in rows])]).astype(np.int64),
        np.array([t for row, _ in rows for t in row], dtype=np.int32),
        np.array([w / norm for (row, _), norm in zip(rows, norms, strict=True)
                  for w in row.values()], dtype=np.float64),
        pa.array([f"t{t:02d}" for t in range(15)]))
    dates = [date for _, date in rows]
    earlier = [Cluster(total={t: w * size for t, w in row.items()}, size=size, first=date,
                       last=date and date + 2, story_id=f"st{k}")
               for k, (row, size, date) in enumerate(stories)]
    plain = list(cluster_vectors(vectors, dates, threshold, 3, earlier, lockstep_slots=0))
    lockstep = list(cluster_vectors(vectors, dates, threshold, 3, earlier))
    assert clusters_by_row(lockstep) == clusters_by_row(plain)
    mixed = list(cluster_vectors(vectors, dates, threshold, 3, earlier, lockstep_slots=3))
    assert clusters_by_row(mixed) == clusters_by_row(plain)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LANGUAGES), st.lists(TERM, max_size=12)), max_size=12))
def test_distinct_terms_by_language_are_made_distinct_in_steps_as_at_once(pieces):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vectors_module, "COMPACT_TERMS", 3)
        found = distinct_by_language((language, pa.array(terms, pa.string()))
                                     for language, terms in pieces)
    expected: dict = {}
    for language, terms in pieces:
        expected.setdefault(language, []).extend(terms)
    assert {language: terms.to_pylist() for language, terms in found.items()} == \
        {language: list(dict.fromkeys(terms)) for language, terms in expected.items()}


def test_shard_terms_hold_each_languages_distinct_terms_first_seen_first():
    shard = ShardTerms()
    shard.add(features_batch([
        StoryInput("a", {"b": 1, "a": 2}, bytes(512), "", None, None, False, 1, language="en"),
        StoryInput("b", {"c": 1, "a": 1}, bytes(512), "", None, None, False, 1, language="en"),
        StoryInput("c", {"z": 1}, bytes(512), "", None, None, False, 1, language=None)]))
    shard.add(features_batch([
        StoryInput("d", {}, bytes(512), "", None, None, False, 1, language="fr"),
        StoryInput("e", {"b": 1, "d": 1}, bytes(512), "", None, None, False, 1, language="en"),
        StoryInput("f", {"a": 1}, bytes(512), "", None, None, False, 1, language="fr")]))
    assert [(language, terms.to_pylist()) for language, terms in language_terms(shard.table())] \
        == [(None, ["z"]), ("en", ["b", "a", "c", "d"]), ("fr", ["a"])]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from([0.5, 1.0, 2.0, 3.5]), st.integers(0, 30)),
                         max_size=70), min_size=1, max_size=6), st.booleans())
def test_heaviest_per_owner_is_a_sort_by_owner_weight_and_rank(owners_entries, in_rows):
    owners = np.repeat(np.arange(len(owners_entries)), [len(e) for e in owners_entries])
    weight = np.array([w for e in owners_entries for w, _ in e], np.float64)
    ranks = np.array([r for e in owners_entries for _, r in e], np.int64)
    with pytest.MonkeyPatch.context() as patch:
        if not in_rows:
            patch.setattr(vectors_module, "TABLE_SLACK", -(1 << 20))  # never a table
        kept, places = heaviest_per_owner(weight, ranks, owners, len(owners_entries))
    order = np.lexsort((np.arange(len(owners)), ranks, -weight, owners))
    first = np.searchsorted(owners[order], np.arange(len(owners_entries)))
    position = np.arange(len(order)) - first[owners[order]]
    expected = order[position < VECTOR_TERMS]
    # Entries equal in owner, weight and rank may come in either order.
    key = list(zip(owners[kept].tolist(), weight[kept].tolist(), ranks[kept].tolist(),
                   strict=True))
    assert key == list(zip(owners[expected].tolist(), weight[expected].tolist(),
                           ranks[expected].tolist(), strict=True))
    assert places.tolist() == position[position < VECTOR_TERMS].tolist()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.dictionaries(st.integers(0, 50), st.floats(1e-3, 1.0), max_size=VECTOR_TERMS),
                min_size=1, max_size=12), st.randoms())
def test_sequential_dots_of_many_pairs_are_the_dict_dots(rows, rng):
    vectors = ArticleVectors(
        np.concatenate([[0], np.cumsum([len(r) for r in rows])]).astype(np.int64),
        np.array([t for r in rows for t in r], dtype=np.int32),
        np.array([w for r in rows for w in r.values()], dtype=np.float64),
        pa.array([str(t) for t in range(51)]))
    i = np.array([rng.randrange(len(rows)) for _ in range(30)])
    j = np.array([rng.randrange(len(rows)) for _ in range(30)])
    assert sequential_dots(vectors, i, j).tolist() == [
        dot(rows[a], rows[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)]
