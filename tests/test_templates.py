"""Cross-document learning: one site's repeated lines are templates; shared stories are not."""

from __future__ import annotations

from unittest.mock import patch

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import templates
from pipeline.templates import document_keys, learn_templates, line_key, line_stats_batch

SITE_A = ["Sign up for the Riverside Gazette daily briefing", "Riverside Gazette local news since 1921",
          "Contact the Riverside Gazette newsroom today", "Send us your community events and photos"]
SITE_B = ["Harbor Times reporters cover the waterfront", "Support the Harbor Times with a donation",
          "Harbor Times is an independent nonprofit newsroom", "Tips and corrections go to our editors"]
WIRE_STORY = [
    "The central bank raised its main interest rate by a quarter point on Wednesday, its third increase this year.",
    "Policymakers said inflation remained too high and signalled that further increases could follow in the autumn.",
    "Markets had expected the move, and the currency rose slightly against the dollar after the announcement.",
    "Economists said the decision would raise mortgage payments for millions of households within months.",
]
GENERIC = "Here is what you need to know"


def own_story(site: str, n: int) -> list[str]:
    """Paragraphs no other document shares."""
    return [f"{site} story {n}: paragraph {p} describes a local event in words of its own "
            f"with details about topic {n * 10 + p} that nobody else reports." for p in range(5)]


def learn(docs: list[list[str]]):
    rows = [(f"d{i}", *document_keys(lines)) for i, lines in enumerate(docs)]
    table = learn_templates(pa.Table.from_batches([line_stats_batch(rows)]))
    return set(table["key"].to_pylist())


def dump() -> list[list[str]]:
    docs = [SITE_A + own_story("A", n) for n in range(4)]
    docs += [SITE_B + own_story("B", n) for n in range(4)]
    # The same wire story run by three sites, each page inside its own site's template.
    docs += [SITE_A + WIRE_STORY, SITE_B + WIRE_STORY, ["Lone blog header line here", *WIRE_STORY]]
    # A generic line used by three unrelated sites that share nothing else.
    docs += [[GENERIC, *own_story(f"C{n}", n)] for n in range(3)]
    return docs


def test_lines_one_site_repeats_across_its_stories_are_templates():
    templates = learn(dump())
    assert {line_key(line) for line in SITE_A + SITE_B} <= templates


def test_a_syndicated_story_shared_by_different_sites_is_not_a_template():
    templates = learn(dump())
    assert not {line_key(line) for line in WIRE_STORY} & templates


def test_a_generic_line_shared_by_unrelated_sites_is_not_a_template():
    assert line_key(GENERIC) not in learn(dump())


def test_lines_seen_in_too_few_documents_are_not_templates():
    docs = [SITE_A + own_story("A", n) for n in range(2)]
    assert learn(docs) == set()


def test_line_keys_ignore_case_digits_and_spacing():
    assert line_key("12 Comments") == line_key("3  comments")
    assert line_key("12 Comments") != line_key("12 Replies")


def reference_templates(rows, min_docs=3, sample=20, pair_docs=10, *, min_long=2, site_lines=2,
                        story_share=0.5):
    """The reduce's definition, written plainly with Python sets (no arrays, no caches):
    the template keys with their document counts."""
    import itertools
    import statistics
    from collections import Counter
    counts = Counter(k for _, keys, _ in rows for k in keys)
    candidates = {k for k, n in counts.items() if n >= min_docs}
    template = {}
    for key in candidates:
        docs = [i for i, (_, keys, _) in enumerate(rows) if key in keys][:sample]
        repeated = {i: set(rows[i][1]) & candidates for i in docs}
        overlaps = [len((repeated[a] & repeated[b]) - {key})
                    for a, b in itertools.combinations(docs[:pair_docs], 2)]
        site = bool(overlaps) and statistics.median(overlaps) >= site_lines
        shares = []
        for i in docs:
            own = set(rows[i][2]) - {key}
            if len(own) >= min_long:
                others = set().union(*(set(rows[j][2]) for j in docs if j != i)) - {key}
                shares.append(len(own & others) / len(own))
        story = not shares or statistics.median(shares) >= story_share
        if site and not story:
            template[key] = counts[key]
    return template


# Keys are 64-bit hashes: the generated documents draw theirs from these, extremes included.
SOME_KEYS = [-2**63, 2**63 - 1, -1, 0, 1, *(((i * 0x9E3779B97F4A7C15) % 2**64) - 2**63
                                            for i in range(2, 30))]
PLAIN_DOCS = st.lists(st.tuples(st.sets(st.sampled_from(SOME_KEYS), max_size=14),
                                st.sets(st.sampled_from(SOME_KEYS[:20]), max_size=9)),
                      max_size=45)


def learned(docs, min_docs=3):
    """The reduce's template table for generated (keys, long keys) documents, and its rows."""
    # Long lines are lines too: a document's long keys are among its keys.
    rows = [(f"d{i}", sorted(keys | long), sorted(long)) for i, (keys, long) in enumerate(docs)]
    return learn_templates(pa.Table.from_batches([line_stats_batch(rows)]), min_docs), rows


def as_dict(table):
    """A template table as {key: doc_count}."""
    return dict(zip(table["key"].to_pylist(), table["doc_count"].to_pylist(), strict=True))


@settings(max_examples=150, deadline=None)
@given(PLAIN_DOCS)
def test_the_array_reduce_equals_the_plain_definition(docs):
    table, rows = learned(docs)
    assert table["key"].to_pylist() == sorted(table["key"].to_pylist())
    assert as_dict(table) == reference_templates(rows)


@settings(max_examples=300, deadline=None)
@given(PLAIN_DOCS, st.fixed_dictionaries({
    "SAMPLE_DOCS": st.integers(1, 8), "PAIR_DOCS": st.integers(1, 6),
    "MIN_LONG_LINES": st.integers(1, 3), "SITE_SHARED_LINES": st.integers(0, 3),
    "STORY_SHARE": st.sampled_from([0.25, 1 / 3, 0.5, 2 / 3, 0.75]),
    "CHUNK_CANDIDATES": st.integers(1, 5)}), st.integers(1, 4))
def test_the_array_reduce_equals_the_plain_definition_whatever_its_constants(
        docs, constants, min_docs):
    # Small samples and pair sets: most candidates have more documents than either, so an
    # off-by-one in a sample, a pair list or a median shows; small chunks split candidates.
    with patch.multiple(templates, **constants):
        table, rows = learned(docs, min_docs)
    expected = reference_templates(
        rows, min_docs, constants["SAMPLE_DOCS"], constants["PAIR_DOCS"],
        min_long=constants["MIN_LONG_LINES"], site_lines=constants["SITE_SHARED_LINES"],
        story_share=constants["STORY_SHARE"])
    assert as_dict(table) == expected


def test_an_empty_dump_has_no_templates():
    assert learned([])[0].num_rows == 0
