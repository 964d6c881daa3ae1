"""Temporary ``.part`` files inside a data dir: found by ``check``, removed at start-up.

Every file the app writes in its data dir is first written under a temporary name ending
in ``.part`` and renamed into place when complete (backups, their descriptions, photos,
photos taken from a bundle or a folder backup).  A process killed mid-write leaves that
temporary behind; it is never read, only wasted room.  Start-up removes the ones in the
places the app writes them, when this process has the data dir to itself (it holds the
instance lock, or can take it for a moment): a ``.part`` another running window is still
writing is never touched.
"""

from __future__ import annotations

import logging
import re
from contextlib import suppress
from pathlib import Path

from .errors import DataDirError
from .paths import DataLayout

log = logging.getLogger(__name__)

#: backups and their descriptions being written (``手动备份-20261123-150210.db.part``)
_BACKUP_PART = re.compile(r"(自动备份|手动备份|升级前备份|同步导入前备份|恢复前备份)-.*\.part")
_MEDIA_KINDS = ("originals", "print", "thumbs")


def find_part_files(layout: DataLayout, *, everywhere: bool = False) -> list[Path]:
    """The ``.part`` files the app may have left in ``layout``: in the backups folder and the
    photo store's ``tmp`` folder; with ``everywhere`` also beside the photos and in the data
    dir itself (a slower walk, for ``check``)."""
    found: list[Path] = []

    def scan(folder: Path, pattern: str, keep: re.Pattern[str] | None = None) -> None:
        with suppress(OSError):
            for p in folder.glob(pattern):
                if (keep is None or keep.fullmatch(p.name)) and p.is_file() and not p.is_symlink():
                    found.append(p)

    scan(layout.backups, "*.part", _BACKUP_PART)
    scan(layout.media / "tmp", "*.part")
    if everywhere:
        scan(layout.root, "*.part")
        for kind in _MEDIA_KINDS:
            scan(layout.media / kind, "*/*.part")
    return sorted(found)


def remove_stale_part_files(layout: DataLayout) -> tuple[Path, ...]:
    """Remove the ``.part`` files of :func:`find_part_files` (not ``everywhere``) when this
    process has the data dir to itself; returns those removed."""
    from .instance import InstanceLock, holds

    if holds(layout.lock):
        return _remove(find_part_files(layout))
    lock = InstanceLock(layout.lock)
    try:
        lock.acquire()
    except DataDirError:
        return ()  # another window has the data dir open: its .part files may be in use
    try:
        return _remove(find_part_files(layout))
    finally:
        lock.release()


def _remove(paths: list[Path]) -> tuple[Path, ...]:
    removed: list[Path] = []
    for p in paths:
        try:
            p.unlink()
            removed.append(p)
        except OSError as exc:
            log.warning("could not remove the stale temporary file %s: %s", p, exc)
    if removed:
        log.info("removed %d stale temporary files (.part) left by an interrupted write", len(removed))
    return tuple(removed)
