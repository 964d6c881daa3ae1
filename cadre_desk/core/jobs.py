"""What long-running core work takes: a progress callback and a cancel flag.

A job is a plain function ``f(..., progress=..., cancel=...)``.  The GUI's job runner
runs it on a worker thread and repaints progress; the CLI prints it; tests call it
directly.  Cancelling raises :class:`Cancelled` inside the job, which rolls back its
transaction, so a cancelled job leaves nothing half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import DomainError

Progress = Callable[[float, str], None]


class Cancelled(DomainError):
    """The user cancelled the job; nothing it was writing has been kept."""

    def __init__(self) -> None:
        super().__init__("操作已取消，未保存任何改动。")


class CancelToken:
    """A thread-safe cancel flag."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()


def no_progress(_fraction: float, _message: str) -> None:
    """A progress callback that ignores progress."""
