from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.stats import Stats

keys = st.sampled_from(["records/read", "rejected/decode/undecodable", "records/out", "x"])
counter_maps = st.dictionaries(keys, st.integers(min_value=0, max_value=10**6))


def stats_of(counters: dict[str, int]) -> Stats:
    stats = Stats()
    for key, value in counters.items():
        stats.inc(key, value)
        stats.add_time(key, value / 1000)
    return stats


@given(st.lists(counter_maps, max_size=6))
def test_merged_shard_stats_equal_the_sum_of_their_counts(shards):
    merged = Stats()
    for counters in shards:
        merged.merge(stats_of(counters))
    for key in {k for counters in shards for k in counters}:
        assert merged.counters[key] == sum(c.get(key, 0) for c in shards)


@given(counter_maps)
def test_json_round_trip_keeps_everything(counters):
    stats = stats_of(counters)
    again = Stats.from_json(stats.to_json())
    assert again.counters == stats.counters
    assert again.seconds == stats.seconds


def test_with_prefix_strips_the_namespace():
    stats = stats_of({"rejected/decode/undecodable": 2, "records/read": 5})
    assert stats.with_prefix("rejected") == {"decode/undecodable": 2}


def test_timer_accumulates_into_one_key():
    stats = Stats()
    for _ in range(3):
        with stats.timer("stage"):
            pass
    assert list(stats.seconds) == ["stage"]
    assert stats.seconds["stage"] >= 0
