"""The one rule for every name that comes from outside: a bundle, a backup, a manifest, a row.

A name that arrives in a file someone handed us (a sync bundle, a USB backup folder, a
backup's database rows, a setup file) never becomes a path unchecked:

* a content hash is exactly 64 lowercase hex digits (SHA-256);
* an extension comes from a closed list: the photo store's image formats and the
  documents the month-close archive keeps (``pdf``, ``xlsx``);
* a relative path is made of plain names (no ``..``, no absolute or drive or UNC path, no
  backslash, no NUL or control character, no reserved Windows device name, none too
  long) and, resolved with every symbolic link followed, stays inside its store root.

Every importer (backup restore, bundle import, the media store's paths, ``check``) uses the
functions here, so that the rule is the same everywhere.  A name that breaks it raises
:class:`InboundError` (a :class:`DomainError`) naming what it was.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import DomainError
from .files import open_regular_file

#: the photo store's image formats (``core.media._FORMATS``; a test keeps the two equal)
IMAGE_EXTS: frozenset[str] = frozenset({"jpg", "png", "webp", "bmp", "tif"})
#: documents kept as media files (the month-close archive)
DOCUMENT_EXTS: frozenset[str] = frozenset({"pdf", "xlsx"})
MEDIA_EXTS: frozenset[str] = IMAGE_EXTS | DOCUMENT_EXTS

#: the longest file name (in UTF-8 bytes) and relative path (in characters) accepted
MAX_NAME_BYTES = 255
MAX_PATH_CHARS = 1024

_SHA256 = re.compile(r"[0-9a-f]{64}")
#: names Windows keeps for devices, with or without an extension (``CON``, ``nul.txt``, ``COM1.jpg``)
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³]|CONIN\$|CONOUT\$)(\..*)?", re.IGNORECASE)
#: characters no name from outside may hold: Windows' forbidden ones and every control character
_FORBIDDEN = re.compile(r'[\\:*?"<>|\x00-\x1f\x7f]')


class InboundError(DomainError):
    """A name from outside that breaks the rule; nothing was read or written with it."""


def is_sha256(value: object) -> bool:
    """Whether ``value`` is a SHA-256 as the store names files: 64 lowercase hex digits."""
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def is_media_ext(value: object) -> bool:
    """Whether ``value`` is an extension the media store keeps (``jpg`` …, ``pdf``, ``xlsx``)."""
    return isinstance(value, str) and value in MEDIA_EXTS


def check_sha256(value: object, what: str = "文件") -> str:
    """``value`` when it is a valid SHA-256, else :class:`InboundError`."""
    if not is_sha256(value):
        raise InboundError(f"{what}的校验值无效（{shown(value)}），应为 64 位十六进制数字。")
    return value  # type: ignore[return-value]


def check_ext(value: object, what: str = "文件") -> str:
    """``value`` when it is an extension from the closed list, else :class:`InboundError`."""
    if not is_media_ext(value):
        raise InboundError(f"{what}的扩展名无效（{shown(value)}），只接受 {'、'.join(sorted(MEDIA_EXTS))}。")
    return value  # type: ignore[return-value]


def media_file_name(sha256: object, ext: object, what: str = "文件") -> str:
    """``<sha256>.<ext>`` once both parts pass the rule."""
    return f"{check_sha256(sha256, what)}.{check_ext(ext, what)}"


def name_problem(name: object) -> str | None:
    """Why ``name`` (a relative path with ``/`` between its parts) may not be used, or None."""
    if not isinstance(name, str) or not name:
        return "名称为空"
    if len(name) > MAX_PATH_CHARS:
        return "路径太长"
    if "\x00" in name:
        return "含有空字符（NUL）"
    if "\\" in name:
        return "含有反斜杠"
    if name.startswith("/"):
        return "是绝对路径"
    if re.match(r"[A-Za-z]:", name):
        return "含有盘符"
    bad = _FORBIDDEN.search(name)
    if bad:
        return f"含有不允许的字符（{bad.group()!r}）"
    for part in name.split("/"):
        if part in ("", ".", ".."):
            return "含有“..”或空的路径部分" if part == ".." else "含有空的路径部分"
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            return "文件名太长"
        if part[-1] in ". ":
            return "文件名以点或空格结尾"
        if _RESERVED.fullmatch(part):
            return f"使用了 Windows 的保留名称（{part}）"
    return None


def check_relative_name(name: object, what: str = "文件") -> str:
    """``name`` when it is a plain relative path (see :func:`name_problem`), else :class:`InboundError`."""
    problem = name_problem(name)
    if problem:
        raise InboundError(f"{what}的名称无效（{shown(name)}：{problem}），可能已被改动，已拒绝。")
    return name  # type: ignore[return-value]


def inside(root: Path, name: str, what: str = "文件") -> Path:
    """``root / name`` once ``name`` passes :func:`check_relative_name` and, resolved with
    every symbolic link followed, stays inside ``root`` (resolved too); else :class:`InboundError`."""
    check_relative_name(name, what)
    path = Path(root).joinpath(*PurePosixPath(name).parts)
    ensure_inside(root, path, what)
    return path


def ensure_inside(root: Path, path: Path, what: str = "文件") -> Path:
    """``path`` when, resolved, it lies inside ``root`` resolved (a symbolic link out of the
    store is refused); else :class:`InboundError`."""
    try:
        base = os.path.normcase(os.path.realpath(root))  # (Windows: one case for comparing)
        real = os.path.normcase(os.path.realpath(path))
    except (OSError, ValueError):
        raise InboundError(f"{what}的路径无效，已拒绝。") from None
    if real != base and not real.startswith(base.rstrip(os.sep) + os.sep):
        raise InboundError(f"{what}的路径指向存储文件夹之外（可能是符号链接），已拒绝。")
    return path


# -- files and JSON from outside ----------------------------------------------------------

#: how deep JSON from outside may nest (our own files nest 4 or 5 levels)
MAX_JSON_DEPTH = 32


def read_limited(path: Path, what: str, limit: int) -> bytes:
    """The bytes of the ordinary file ``path`` (no folder, device or pipe: see
    :func:`~.files.open_regular_file`), refused with a message naming ``what`` when it holds
    more than ``limit`` bytes: a huge file is never read whole."""
    with open_regular_file(Path(path), what) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            from .files import os_error_text

            raise DomainError(f"无法读取{what}“{Path(path).name}”：{os_error_text(exc)}。") from None
    if len(data) > limit:
        raise DomainError(
            f"{what}“{Path(path).name}”太大（超过 {_size(limit)}），不是本程序生成的文件，或已损坏，已拒绝。"
        )
    return data


def load_json(data: bytes, what: str, *, max_values: int, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """``data`` parsed as JSON, in memory bounded by its size: at most ``max_values`` values
    (counted before parsing, from its commas and brackets) and ``max_depth`` levels of
    nesting; anything else raises :class:`DomainError` naming ``what``."""
    values = data.count(b",") + data.count(b"[") + data.count(b"{")
    if values > max_values:
        raise DomainError(f"{what}中的内容条目过多（约 {values} 项），不是本程序生成的文件，或已损坏，已拒绝。")
    try:
        parsed = json.loads(data)
    except RecursionError:
        raise DomainError(f"{what}的嵌套层数过多，不是本程序生成的文件，或已损坏，已拒绝。") from None
    except (ValueError, UnicodeDecodeError):
        raise DomainError(f"{what}不是有效的 JSON 文本（文件已损坏或被改动），已拒绝。") from None
    if json_depth(parsed) > max_depth:
        raise DomainError(f"{what}的嵌套层数过多，不是本程序生成的文件，或已损坏，已拒绝。")
    return parsed


def json_depth(value: Any) -> int:
    """How deep a parsed JSON value nests (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in item if isinstance(child, dict | list))
    return deepest


def _size(n: int) -> str:
    return f"{n / 1048576:.0f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def shown(value: object) -> str:
    """A value from outside, short and printable, for a message."""
    text = value if isinstance(value, str) else repr(value)
    text = "".join(ch if ch.isprintable() else "�" for ch in text)
    return text if len(text) <= 40 else text[:37] + "…"
