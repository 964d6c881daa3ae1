"""Record ids never collide and sort by time; the clock never goes backwards."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from cadre_desk.core.hlc import HybridLogicalClock, decode, encode
from cadre_desk.core.ids import uuid7


def test_uuid7_is_version_7_unique_and_increasing() -> None:
    ids = [uuid7() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    u = uuid.UUID(ids[0])
    assert u.version == 7 and u.variant == uuid.RFC_4122


def test_clock_survives_the_wall_clock_going_backwards() -> None:
    wall = [1_700_000_000_000]
    clock = HybridLogicalClock("abcd1234", wall_ms=lambda: wall[0])
    a = clock.now()
    wall[0] -= 3_600_000  # the office PC's clock is set back an hour
    b = clock.now()
    assert b > a
    assert decode(b)[0] == decode(a)[0] and decode(b)[1] == decode(a)[1] + 1


def test_clock_moves_past_remote_stamps_and_restarts_from_the_last_one() -> None:
    clock = HybridLogicalClock("00000001", wall_ms=lambda: 1000)
    remote = encode(5000, 7, "00000002")
    clock.observe(remote)
    after = clock.now()
    assert after > remote
    restarted = HybridLogicalClock("00000001", last=after, wall_ms=lambda: 10)
    assert restarted.now() > after


@given(st.lists(st.tuples(st.integers(0, 2**40), st.integers(0, 0xFFFF)), min_size=2, max_size=20))
def test_stamp_strings_sort_like_the_clock_values(parts: list[tuple[int, int]]) -> None:
    stamps = [encode(ms, c, "0000abcd") for ms, c in parts]
    assert sorted(stamps) == [encode(ms, c, "0000abcd") for ms, c in sorted(parts)]
