"""Saving a file the user asked for (an export, a PDF) so that it is complete or not there at all."""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from .errors import DataDirError, DomainError

#: a write failed for want of room (EFBIG: the file would outgrow what the disk allows)
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
#: a write was refused: a read-only disk or folder
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


#: what the operating system's error numbers mean, in the words staff read (never English system text)
_OS_ERROR_TEXTS: dict[int, str] = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "同名的文件已经存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EROFS: "该位置是只读的（如写保护的U盘）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件太大",
    errno.ENAMETOOLONG: "路径或文件名太长",
    errno.ELOOP: "符号链接层数过多（可能是循环的快捷方式）",
    errno.EIO: "磁盘读写出错（磁盘或U盘可能已损坏或被拔出）",
    errno.EBUSY: "文件正被其他程序使用",
    errno.ETXTBSY: "文件正被其他程序使用",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.ENXIO: "设备不存在或未连接",
    errno.ENODEV: "设备不存在或未连接",
    errno.EINVAL: "路径或参数无效",
    errno.EAGAIN: "资源暂时不可用",
    errno.ENOMEM: "内存不足",
}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Chinese, for an :class:`OSError` (never the system's English text)."""
    text = _OS_ERROR_TEXTS.get(exc.errno or 0)
    if text:
        return text
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "文件正被其他程序使用"
    return f"系统错误（错误代码 {exc.errno or winerror or '未知'}）"


def require_regular_file(path: Path, what: str) -> int:
    """The size of ``path`` when it is an ordinary file (a symbolic link to one is fine).

    A folder, a device (``/dev/zero``), a pipe or a socket is refused with a message naming
    ``what`` (e.g. “照片”, “花名册”), before anything reads it: reading those would hang or
    never end.
    """
    path = Path(path)
    try:
        info = os.stat(path)
    except ValueError:  # an embedded NUL
        raise DomainError(f"无法打开{what}：文件名无效。") from None
    except OSError as exc:
        raise DomainError(f"无法打开{what}“{path.name}”：{os_error_text(exc)}。") from None
    if stat.S_ISDIR(info.st_mode):
        raise DomainError(f"“{path.name}”是一个文件夹，不是{what}文件。")
    if not stat.S_ISREG(info.st_mode):
        raise DomainError(f"“{path.name}”不是普通文件（可能是设备或管道），不能作为{what}读取。")
    return info.st_size


def open_regular_file(path: Path, what: str) -> BinaryIO:
    """``path`` opened for reading in binary, when it is an ordinary file (see :func:`require_regular_file`).

    The check is made on the opened file itself, so a file swapped for a pipe or a device
    between a check and the open is refused too; opening never blocks on a pipe.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except ValueError:
        raise DomainError(f"无法打开{what}：文件名无效。") from None
    except OSError as exc:
        if exc.errno == errno.EISDIR:
            raise DomainError(f"“{path.name}”是一个文件夹，不是{what}文件。") from None
        raise DomainError(f"无法打开{what}“{path.name}”：{os_error_text(exc)}。") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DomainError(f"“{path.name}”是一个文件夹，不是{what}文件。")
        if not stat.S_ISREG(info.st_mode):
            raise DomainError(f"“{path.name}”不是普通文件（可能是设备或管道），不能作为{what}读取。")
        if getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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
        f"无法保存{what}：磁盘出错（{os_error_text(exc)}）。请检查磁盘后再试。本次操作未保存任何内容。"
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
    return DomainError(f"无法保存“{path}”：{os_error_text(exc)}。")


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
