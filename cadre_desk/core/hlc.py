"""Hybrid logical clock (HLC) timestamps for sync.

A timestamp is a 24-character string ``MMMMMMMMMMMMCCCCNNNNNNNN``: 12 hex digits of
physical milliseconds, 4 hex digits of logical counter, 8 hex digits of the node (the
install).  Strings compare in the same order as the clock values, so SQL ``max()`` and
``>`` work on them directly.  The clock never goes backwards, even when the office PC's
wall clock does, and it moves past any timestamp it has seen from another install.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

HLC_LENGTH = 24
_MAX_COUNTER = 0xFFFF


def encode(ms: int, counter: int, node: str) -> str:
    """Encode clock parts as a sortable string."""
    return f"{ms:012x}{counter:04x}{node[:8]:0>8}"


def decode(stamp: str) -> tuple[int, int, str]:
    """Split a timestamp into (milliseconds, counter, node)."""
    if len(stamp) != HLC_LENGTH:
        raise ValueError(f"not an HLC timestamp: {stamp!r}")
    return int(stamp[:12], 16), int(stamp[12:16], 16), stamp[16:]


def node_from_install_id(install_id: str) -> str:
    """The 8 hex digits of an install id used as the clock's node part."""
    return install_id.replace("-", "")[-8:]


class HybridLogicalClock:
    """A thread-safe hybrid logical clock for one install."""

    def __init__(self, node: str, last: str | None = None, wall_ms: Callable[[], int] | None = None) -> None:
        self.node = node[:8]
        self._wall_ms = wall_ms or (lambda: time.time_ns() // 1_000_000)
        self._lock = threading.Lock()
        self._ms, self._counter = 0, 0
        if last:
            self._ms, self._counter, _ = decode(last)

    def now(self) -> str:
        """A new timestamp, greater than every one this clock has issued or seen."""
        with self._lock:
            wall = self._wall_ms()
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._bump()
            return encode(self._ms, self._counter, self.node)

    def observe(self, remote: str) -> None:
        """Move the clock past a timestamp received from another install."""
        r_ms, r_counter, _ = decode(remote)
        with self._lock:
            if (r_ms, r_counter) > (self._ms, self._counter):
                self._ms, self._counter = r_ms, r_counter

    def _bump(self) -> None:
        if self._counter >= _MAX_COUNTER:
            self._ms, self._counter = self._ms + 1, 0
        else:
            self._counter += 1
