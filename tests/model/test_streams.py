"""The bulk-seeded yearly streams draw exactly what ``np.random.default_rng([key, year, mechanism])`` draws."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model.streams import Streams, StreamSeed, int_words, seed_states


@pytest.mark.parametrize("key", [0, 1, 2**32 - 1, 2**32, 2**40 + 3, 2**63 - 1, 6_917_529_027_641_081_857])
def test_streams_equal_default_rng(key: int) -> None:
    streams = Streams(key, 11, 2015, 2035)
    for year in (2015, 2016, 2035, 2036, 1990):  # 2036 and 1990 lie outside the computed years
        for mechanism in (0, 4, 10, 11):  # 11: not a known mechanism
            ours = streams.get(year, mechanism)
            numpy_own = np.random.default_rng([key, year, mechanism])
            assert np.array_equal(ours.random(4), numpy_own.random(4))
            assert np.array_equal(ours.standard_normal(3), numpy_own.standard_normal(3))


def test_seed_states_match_seed_sequence() -> None:
    rng = np.random.default_rng(3)
    rows = [[*int_words(int(k)), int(y), int(m)] for k, y, m in zip(
        rng.integers(2**32, 2**63, 50), rng.integers(1, 3000, 50), rng.integers(0, 20, 50), strict=True)]
    ours = seed_states(np.array(rows, np.uint32))
    for row, state in zip(rows, ours, strict=True):
        assert np.array_equal(state, np.random.SeedSequence(row).generate_state(4, np.uint64))


def test_stream_seed_other_requests_use_numpy() -> None:
    entropy = [12345, 2020, 3]
    seed = StreamSeed(entropy, seed_states(np.array([[*int_words(12345), 2020, 3]], np.uint32))[0])
    assert np.array_equal(seed.generate_state(8), np.random.SeedSequence(entropy).generate_state(8))
    assert int_words(0) == [0] and int_words(2**32 + 5) == [5, 1]
