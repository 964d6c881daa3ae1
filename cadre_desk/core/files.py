"""Saving a file the user asked for (an export, a PDF) so that it is complete or not there at all."""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from .errors import DataDirError, DomainError

#: a write failed for want of room (EFBIG: the file would outgrow what the disk allows)
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
#: a write was refused: a read-only disk or folder
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def data_dir_write_error(exc: OSError, what: str) -> DataDirError:
    """A failed write inside the data dir (``what``: e.g. “照片文件”) as a message staff can act on.

    The caller has written nothing that refers to the file, so nothing was saved.
    """
    if exc.errno in NO_SPACE_ERRNOS:
        return DataDirError(f"磁盘空间不足，无法保存{what}。请清理磁盘后再试。本次操作未保存任何内容。")
    if exc.errno in READ_ONLY_ERRNOS:
        return DataDirError(
            f"数据目录是只读的或没有写入权限，无法保存{what}。请检查文件夹权限或是否为只读的U盘。本次操作未保存任何内容。"
        )
    return DataDirError(
        f"无法保存{what}：磁盘出错（{exc.strerror or exc}）。请检查磁盘后再试。本次操作未保存任何内容。"
    )


def fsync_dir(path: Path) -> None:
    """Make what was just created or renamed in the folder ``path`` survive a power cut.

    POSIX only: Windows cannot open a folder, and NTFS journals its renames.  A file system
    that cannot flush a folder (EINVAL) is left as it is.
    """
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:
            raise
    finally:
        os.close(fd)


def file_error(exc: OSError, path: Path, *, creating: bool, opened_by: str = "其他程序") -> DomainError:
    """A message a station's staff can act on, naming the file."""
    if isinstance(exc, IsADirectoryError):
        return DomainError(f"“{path}”是一个文件夹，请另外指定要保存的文件名。")
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return DomainError(f"无法保存“{path}”：文件夹“{path.parent}”不存在。请换一个位置。")
    if exc.errno in NO_SPACE_ERRNOS:
        return DomainError(f"磁盘空间不足，无法保存“{path}”。请清理磁盘或换一个位置后再试。")
    if exc.errno == errno.EROFS:
        return DomainError(f"无法保存“{path}”：该位置是只读的（如写保护的U盘）。请换一个位置。")
    if isinstance(exc, PermissionError):
        if creating:
            return DomainError(f"无法保存“{path}”：没有在文件夹“{path.parent}”中写入文件的权限。请换一个位置。")
        return DomainError(
            f"无法写入“{path}”：该文件正被{opened_by}打开，或是只读的。请关闭该文件后再试，或换一个文件名。"
        )
    return DomainError(f"无法保存“{path}”：{exc.strerror or exc}。")


#: characters Windows refuses in a file name
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]')


def safe_file_name(text: str, replacement: str = "_") -> str:
    """``text`` with the characters no file name may have replaced (or dropped)."""
    return _NOT_IN_FILE_NAMES.sub(replacement, text)


def save_atomically(path: Path, write: Callable[[Path], None], *, opened_by: str = "其他程序") -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then move it into place.

    On any error (including :class:`~cadre_desk.core.jobs.Cancelled`) the temporary file is
    removed and ``path`` is left as it was.  File-system errors become :class:`DomainError`;
    ``opened_by`` names the program that may hold the file open (Excel, a PDF reader).
    """
    path = Path(path)
    if path.is_dir():
        raise DomainError(f"“{path}”是一个文件夹，请另外指定要保存的文件名。")
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.open("xb").close()  # fails now, not after the work, when the folder is not writable
    except OSError as exc:
        raise file_error(exc, path, creating=True, opened_by=opened_by) from None
    try:
        write(tmp)
        with tmp.open("rb+") as fh:  # on disk (a USB stick is pulled out soon) before it replaces anything
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        with suppress(OSError):  # the rename on disk too (best effort: the file is complete either way)
            fsync_dir(path.parent)
    except OSError as exc:
        raise file_error(exc, path, creating=False, opened_by=opened_by) from None
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
