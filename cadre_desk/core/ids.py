"""Globally unique, time-ordered record ids (UUIDv7, RFC 9562).

Rows are created on many stations while offline, so ids must never collide; an
autoincrement integer would. UUIDv7 sorts by creation time, which keeps B-tree inserts
local and makes ids readable in order.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def uuid7() -> str:
    """Return a new UUIDv7 as a 36-character lower-case string.

    Within one millisecond the 74 random bits are incremented (RFC 9562, method 2), so
    ids made in a tight loop are still strictly increasing.
    """
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            rand = _last_rand + 1
            if rand >= 1 << 74:  # counter overflow: borrow the next millisecond
                ms += 1
                rand = int.from_bytes(os.urandom(10), "big") >> 6
        else:
            rand = int.from_bytes(os.urandom(10), "big") >> 6  # 74 bits
        _last_ms, _last_rand = ms, rand
    rand_a = rand >> 62  # 12 bits
    rand_b = rand & ((1 << 62) - 1)  # 62 bits
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return str(uuid.UUID(int=value))


def uuid7_time_ms(value: str) -> int:
    """The Unix time in milliseconds embedded in a UUIDv7."""
    return uuid.UUID(value).int >> 80
