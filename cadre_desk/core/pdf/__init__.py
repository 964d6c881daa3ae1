"""Printed paper as PDF (reportlab, no Qt): member QR cards and blank sign-in sheets.

Every generator writes through a temporary file beside the target that replaces it only
when complete (:func:`save_atomically`), so a cancelled or failed run leaves no half PDF.
reportlab is imported only by the modules of this package that draw, when first used.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from ..app import App
from ..errors import DomainError
from ..models import Meta, Station


def _file_error(exc: OSError, path: Path, *, creating: bool) -> DomainError:
    if exc.errno == errno.ENOSPC:
        return DomainError(f"无法保存“{path}”：磁盘空间已满。请清理空间或换一个位置。")
    if exc.errno == errno.EROFS:
        return DomainError(f"无法保存“{path}”：该位置是只读的（如写保护的U盘）。请换一个位置。")
    if isinstance(exc, FileNotFoundError):
        return DomainError(f"无法保存“{path}”：文件夹“{path.parent}”不存在。请换一个位置。")
    if isinstance(exc, PermissionError):
        if creating:
            return DomainError(f"无法保存“{path}”：没有在文件夹“{path.parent}”中写入文件的权限。请换一个位置。")
        return DomainError(
            f"无法写入“{path}”：该文件正被其他程序（如 PDF 阅读器）打开，或是只读的。"
            "请关闭该文件后再试，或换一个文件名。"
        )
    return DomainError(f"无法保存“{path}”：{exc.strerror or exc}。")


def save_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    On any error (including :class:`~cadre_desk.core.jobs.Cancelled`) the temporary file is
    removed and ``path`` is left as it was.  File-system errors become :class:`DomainError`.
    """
    path = Path(path)
    if path.is_dir():
        raise DomainError(f"“{path}”是一个文件夹，请另外指定要保存的文件名。")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.open("xb").close()  # fails now, not after the work, when the folder is not writable
    except OSError as exc:
        raise _file_error(exc, path, creating=True) from None
    try:
        write(tmp)
        with tmp.open("rb+") as fh:  # on disk (a USB stick is pulled out soon) before it replaces anything
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise _file_error(exc, path, creating=False) from None
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def station_name(app: App) -> str:
    """The name of the station this install keeps books for (printed at the top of every paper)."""
    with app.read() as s:
        station_id = s.get(Meta, "station_id")
        station = s.get(Station, station_id.value) if station_id else None
        if station is None:
            raise DomainError("尚未完成初始设置：请先创建驿站信息（cadre-desk init，或在首次启动向导中设置）。")
        return station.name
