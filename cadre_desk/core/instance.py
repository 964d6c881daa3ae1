"""One running instance per data dir, enforced with an OS file lock.

The lock belongs to the process: the operating system releases it when the process
ends, even by a crash or a kill, so a stale lock can never keep staff out.
"""

from __future__ import annotations

import os
import socket
import sys
from contextlib import suppress
from pathlib import Path
from typing import IO

from .errors import DataDirError
from .files import READ_ONLY_ERRNOS, os_error_text
from .paths import APP_MUTEX

#: the lock files this process holds (so that start-up work needing the data dir to itself
#: knows it has it; see :func:`holds`)
_HELD: set[str] = set()


def holds(path: Path) -> bool:
    """Whether this process holds the instance lock ``path``."""
    return os.path.abspath(path) in _HELD


class InstanceLock:
    """An exclusive, non-blocking lock on ``<data dir>/cadre_desk.lock``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DataDirError naming who holds it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while locked
        except OSError as exc:
            if exc.errno in READ_ONLY_ERRNOS:
                raise DataDirError(
                    f"数据目录 {self.path.parent} 是只读的或没有写入权限，程序无法保存任何内容。"
                    "请检查文件夹权限或是否为只读的U盘。"
                ) from None
            raise DataDirError(
                f"无法使用数据目录 {self.path.parent}：{os_error_text(exc)}。请检查路径和文件夹权限。"
            ) from None
        try:
            _lock(fh)
        except OSError:
            try:
                fh.seek(0)
                holder = fh.read().strip()
            except OSError:  # Windows refuses reads of a locked region
                holder = ""
            fh.close()
            where = f"（{holder}）" if holder else ""
            raise DataDirError(
                f"这个数据目录已经在另一个程序窗口中打开{where}。请切换到那个窗口继续工作；"
                "同一份数据同时只能由一个程序使用，本次未做任何改动。"
            ) from None
        self._fh = fh
        _HELD.add(os.path.abspath(self.path))
        # who holds the lock, for the message above: only a note, so a full disk must not stop
        # the lock (written unbuffered, so that nothing is left to fail again at close)
        with suppress(OSError):
            os.ftruncate(fh.fileno(), 0)
            os.write(fh.fileno(), f"进程 {os.getpid()}，计算机 {socket.gethostname()}".encode())

    def release(self) -> None:
        if self._fh is not None:
            try:
                _unlock(self._fh)
            finally:
                self._fh.close()
                self._fh = None
                _HELD.discard(os.path.abspath(self.path))

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh: IO[str]) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh: IO[str]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def hold_app_mutex(name: str = APP_MUTEX) -> int | None:
    """On Windows, create the named mutex that tells the installer the window is open, so an
    upgrade or uninstall first asks the user to close it (Inno Setup's ``AppMutex``).

    Held until the process ends; returns the handle, or None on other systems or on failure
    (the installer then falls back to finding the program's files in use).
    """
    if sys.platform != "win32":
        return None
    import ctypes

    handle = ctypes.windll.kernel32.CreateMutexW(None, False, name)  # type: ignore[attr-defined]
    return int(handle) or None
