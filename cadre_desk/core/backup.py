"""Backups of the books and their restore: one module for every backup the app makes.

Kinds of backup, each a single SQLite file in ``<data dir>/backups/`` named by kind and time::

    自动备份-20261123-081502.db       daily, at the first start of a day (rotated: 7 days, 4 weeks, 12 months)
    手动备份-20261123-150210.db       “back up now” and ``cadre-desk backup`` (never deleted automatically)
    升级前备份-20261123-081500-0004.db before a migration (newest 5 kept)
    同步导入前备份-20261123-093000.db  before a sync bundle is imported (newest 5 kept)
    恢复前备份-20261123-160000.db     the data as it was before a restore (never deleted automatically)

Each is made with SQLite's online backup API (a consistent snapshot even while the window
writes, in WAL mode), written to ``.part``, checked with ``PRAGMA integrity_check`` and only
then renamed into place.  Beside it a small JSON sidecar (``<name>.json``) says which app
version and schema made it, for which install and station, when, and what it holds.  The
photo store's index is the ``media_files`` table inside the copy itself.

A folder backup (for a USB stick) is ``<folder>/<station>-数据备份/`` with the database copy,
a mirror of the photo store (originals, print copies, thumbnails; only new files are
copied) and ``备份信息.json``, written last: a folder without it, or whose database does not
match it, is an unfinished backup and is refused by :func:`inspect_backup`.

:func:`restore_backup` runs with the books closed; see its docstring for the order of steps
that keeps a crash at any moment from losing both the current data and the backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from . import inbound
from .errors import DataDirError, DomainError
from .files import file_error, open_regular_file, os_error_text, require_regular_file, safe_file_name
from .jobs import CancelToken, Progress, no_progress
from .paths import DB_FILENAME, DataLayout
from .permissions import BACKUP, RESTORE, require

if TYPE_CHECKING:
    from .app import Actor, App

log = logging.getLogger(__name__)

#: kinds of backup and the word their file names start with
KIND_NAMES: dict[str, str] = {
    "auto": "自动备份",
    "manual": "手动备份",
    "migration": "升级前备份",
    "sync": "同步导入前备份",
    "restore": "恢复前备份",
}
#: how many of a kind are kept (the newest); kinds not listed are never deleted automatically
#: (automatic backups are rotated by :func:`rotation_keep` instead)
KEEP_NEWEST: dict[str, int] = {"migration": 5, "sync": 5}
DAILY, WEEKLY, MONTHLY = 7, 4, 12

FORMAT = "cadre_desk-backup"
FORMAT_VERSION = 1
FOLDER_SUFFIX = "-数据备份"
MANIFEST = "备份信息.json"
FOLDER_README = "说明.txt"
MEDIA_KINDS = ("originals", "print", "thumbs")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<kind>[^-]+)-(?P<date>\d{8})-(?P<time>\d{6})(?:-(?P<extra>.+))?\.db$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_MB = 1048576
#: the largest print copy or thumbnail taken from a folder backup (ours are well under 2 MB)
MAX_DERIVATIVE_BYTES = 32 * _MB
#: the largest backup description read (a folder backup's lists its photos: ~90 bytes each)
MAX_MANIFEST_BYTES = 64 * _MB


# ---------------------------------------------------------------------------------------
# What a backup holds
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaRef:
    """One file of the photo store as the database indexes it."""

    sha256: str
    ext: str
    size: int


@dataclass(frozen=True)
class BackupInfo:
    """What :func:`inspect_backup` found in a backup (checked: it can be restored)."""

    path: Path  # what was chosen: the .db file, or the folder backup's folder
    db_path: Path  # the SQLite file inside it
    folder: bool  # a folder backup, with photos
    kind: str  # auto / manual / migration / sync / restore / folder / file
    station: str
    install_id: str
    install_kind: str  # station | district
    created: dt.datetime
    schema: str
    schema_current: bool  # False: an older schema, migrated when the books are opened
    app_version: str | None
    counts: dict[str, int]
    size: int  # bytes of the database file
    media: tuple[MediaRef, ...]
    photos_in_backup: int  # files of the index present in a folder backup (0 for a single file)

    @property
    def media_bytes(self) -> int:
        return sum(m.size for m in self.media)

    def summary_lines(self) -> list[str]:
        """The backup described for the command line."""
        c = self.counts
        lines = [
            f"驿站：{self.station or '（未设置）'}",
            f"备份时间：{self.created:%Y-%m-%d %H:%M}",
            f"内容：人员 {c.get('people', 0)} 人，活动 {c.get('activities', 0)} 场，"
            f"签到记录 {c.get('check_ins', 0)} 条，照片 {c.get('photos', 0)} 张",
            f"数据库：{self.size / _MB:.1f} MB，结构版本 {self.schema}"
            + ("" if self.schema_current else "（较旧，恢复后打开时会自动升级）"),
        ]
        if self.folder:
            lines.append(f"照片文件：备份中有 {self.photos_in_backup} / {len(self.media)} 个")
        else:
            lines.append("照片文件：不含（照片库中已有的照片保持不变）")
        return lines


@dataclass(frozen=True)
class BackupEntry:
    """A backup in the data dir's backups folder, as listed (read from its name and sidecar)."""

    path: Path
    kind: str
    created: dt.datetime
    size: int
    station: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, "备份")


@dataclass(frozen=True)
class FolderBackupResult:
    """What :func:`back_up_to_folder` wrote."""

    folder: Path
    db_size: int
    photos: int  # files in the photo store's index
    copied_files: int
    copied_bytes: int
    unchanged_files: int
    removed_files: int


@dataclass(frozen=True)
class RestoreResult:
    """What :func:`restore_backup` did."""

    info: BackupInfo
    previous_copy: Path | None  # the copy of the data as it was before (None: there was none)
    photos_copied: int  # photo files copied from a folder backup into the photo store
    missing_photos: int  # files of the restored index not in the photo store
    photos_damaged: int  # files in the folder backup whose content did not match their hash


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / _MB:.1f} MB" if n < 1024 * _MB else f"{n / 1024 / _MB:.1f} GB"


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory to flush it; its renames are journalled
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_all() -> None:
    """Flush every written file to disk (before a manifest or database that refers to them)."""
    if hasattr(os, "sync"):
        os.sync()


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _ensure_space(folder: Path, needed: int, what: str) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < needed + 8 * _MB:
        raise DomainError(
            f"“{folder}”所在的磁盘空间不足：{what}需要约 {_mb(needed)}，只剩 {_mb(free)}。"
            "请清理磁盘或换一个位置（U盘）后再试。"
        )


def _db_size(db: Path) -> int:
    wal = db.with_name(db.name + "-wal")
    return db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def _known_revisions() -> tuple[set[str], str]:
    from alembic.script import ScriptDirectory

    from .migrate import alembic_config, head_revision

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}, head_revision()


# ---------------------------------------------------------------------------------------
# Reading a database copy (raw SQL: a backup may have an older schema than the models)
# ---------------------------------------------------------------------------------------


def _connect_ro(db: Path) -> sqlite3.Connection:
    """A read-only connection that leaves no ``-wal``/``-shm`` files beside a closed backup.

    A file in WAL mode without its ``-wal`` file (a copy of a closed database) is opened as
    immutable: there is nothing in a write-ahead log to read, and SQLite would otherwise
    create one next to it (on the user's USB stick).
    """
    uri = f"{db.resolve().as_uri()}?mode=ro"
    try:
        with open(db, "rb") as fh:
            head = fh.read(20)
    except OSError:
        head = b""
    if len(head) == 20 and head[18] == 2 and not db.with_name(db.name + "-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=10)


def _scalar(con: sqlite3.Connection, sql: str, *args: Any) -> Any:
    try:
        row = con.execute(sql, args).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _read_contents(con: sqlite3.Connection) -> dict[str, Any]:
    """Who and what a database copy holds (missing tables count as empty)."""
    meta: dict[str, str] = {}
    with contextlib.suppress(sqlite3.Error):
        meta = {k: v for k, v in con.execute("SELECT key, value FROM meta")}
    station = ""
    if meta.get("station_id"):
        station = _scalar(con, "SELECT name FROM stations WHERE id = ?", meta["station_id"]) or ""
    if not station and meta.get("profile"):
        try:
            station = str(json.loads(meta["profile"]).get("name") or "")
        except (ValueError, AttributeError, TypeError, RecursionError):  # a backup from outside: anything
            station = ""
    counts = {
        "people": _scalar(con, "SELECT count(*) FROM people WHERE deleted = 0") or 0,
        "activities": _scalar(con, "SELECT count(*) FROM activities WHERE deleted = 0") or 0,
        "check_ins": _scalar(con, "SELECT count(*) FROM check_ins WHERE deleted = 0") or 0,
        "photos": _scalar(con, "SELECT count(*) FROM attachments WHERE deleted = 0") or 0,
        "visits": _scalar(con, "SELECT count(*) FROM visits WHERE deleted = 0") or 0,
    }
    media: list[MediaRef] = []
    with contextlib.suppress(sqlite3.Error):
        # as they are: a backup from outside may hold anything here (inspect_backup checks them)
        rows = con.execute("SELECT sha256, ext, size FROM media_files")
        media = [MediaRef(sha, ext, size) for sha, ext, size in rows]
    counts["media_files"] = len(media)
    return {
        "schema": _scalar(con, "SELECT version_num FROM alembic_version"),
        "install_id": meta.get("install_id"),
        "install_kind": meta.get("install_kind", "station"),
        "station": station,
        "counts": counts,
        "media": media,
    }


def _describe(contents: dict[str, Any], created: dt.datetime, kind: str, db: Path, sha256: str) -> dict[str, Any]:
    """The sidecar (or manifest, without the index) of a backup."""
    media: list[MediaRef] = contents["media"]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kind": kind,
        "app_version": __version__,
        "schema": contents["schema"],
        "install_id": contents["install_id"],
        "install_kind": contents["install_kind"],
        "station": contents["station"],
        "created": created.isoformat(timespec="seconds"),
        "counts": contents["counts"],
        "media_bytes": sum(m.size for m in media),
        "db": {"file": db.name, "size": db.stat().st_size, "sha256": sha256},
    }


def _read_json(path: Path) -> dict[str, Any] | None:
    """A backup's description, or None when it is missing or is not one (an ordinary file of
    bounded size, parsed with bounded nesting: it may come from a USB stick)."""
    try:
        raw = inbound.read_limited(path, "备份信息文件", MAX_MANIFEST_BYTES)
        data = inbound.load_json(raw, "备份信息文件", max_values=MAX_MANIFEST_BYTES // 16)
    except DomainError:
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _valid_ref(ref: MediaRef) -> bool:
    """Whether an index row names a file by the rule for names from outside (:mod:`.inbound`)."""
    return (
        inbound.is_sha256(ref.sha256)
        and inbound.is_media_ext(ref.ext)
        and isinstance(ref.size, int)
        and not isinstance(ref.size, bool)
        and ref.size >= 0
    )


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------
# The online copy
# ---------------------------------------------------------------------------------------


def copy_database(
    src: Path,
    dest: Path,
    *,
    cancel: CancelToken | None = None,
    live: bool = True,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Copy a (possibly live) SQLite database with the online backup API, verified.

    The copy is written to ``dest.part`` in rollback-journal mode (one self-contained file),
    flushed to disk, checked with ``PRAGMA integrity_check`` on a fresh connection, and only
    then renamed to ``dest``.  Returns what the copy holds (see :func:`_read_contents`).
    ``live=False`` reads ``src`` as a closed backup file (read-only, nothing written beside it).
    """
    src, dest = Path(src), Path(dest)
    if not src.exists():
        raise DataDirError(f"没有找到数据库文件 {src}，无法备份。")
    tmp = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.unlink(missing_ok=True)
        if cancel is not None:
            cancel.check()
        source = sqlite3.connect(src, timeout=10) if live else _connect_ro(src)
        try:
            target = sqlite3.connect(tmp)
            try:
                # one step: a consistent snapshot that a writer elsewhere never restarts
                source.backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        _fsync_file(tmp)
        if cancel is not None:
            cancel.check()
        progress(0.5, "正在检查备份的完整性…")
        con = _connect_ro(tmp)
        try:
            ok = [r[0] for r in con.execute("PRAGMA integrity_check")]
            contents = _read_contents(con)
        finally:
            con.close()
        if ok != ["ok"]:
            raise DataDirError(
                f"备份文件 {dest.name} 未通过完整性检查（{ok[0]}），已放弃这次备份。"
                "被备份的数据库可能已损坏，请在“设置”中点“检查数据完整性”。"
            )
        if cancel is not None:
            cancel.check()
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        text = str(exc).lower()
        if "full" in text or "disk i/o" in text:  # SQLite says "disk I/O error" when a write fails with EFBIG
            raise DomainError(f"磁盘空间不足或磁盘出错，无法保存备份“{dest}”。请清理磁盘或换一个位置后再试。") from None
        if "malformed" in text or "not a database" in text:
            raise DataDirError(
                "数据库文件已损坏，无法用常规方式备份。请在“设置”中点“检查数据完整性”，并联系技术支持。"
            ) from None
        raise DataDirError(f"无法备份数据库：{exc}。") from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise file_error(exc, dest, creating=True) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return contents


# ---------------------------------------------------------------------------------------
# Backups in the data dir
# ---------------------------------------------------------------------------------------


def _unique_name(folder: Path, kind: str, now: dt.datetime, label: str = "") -> Path:
    base = f"{KIND_NAMES[kind]}-{now.strftime(_STAMP)}" + (f"-{label}" if label else "")
    path = folder / f"{base}.db"
    n = 2
    while path.exists():
        path = folder / f"{base}-{n}.db"
        n += 1
    return path


def sidecar_path(db: Path) -> Path:
    return db.with_suffix(".json")


def backup_database(
    db: Path,
    backups: Path,
    kind: str,
    *,
    label: str = "",
    dest: Path | None = None,
    cancel: CancelToken | None = None,
    progress: Progress = no_progress,
) -> Path:
    """Back up the database ``db`` into the folder ``backups`` (or to ``dest``) and rotate that kind.

    The layer under :func:`make_backup`, for callers that have no open books (a migration).
    """
    now = dt.datetime.now().replace(microsecond=0)
    if dest is None:
        try:
            backups.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise file_error(exc, backups, creating=True) from None
        _ensure_space(backups, _db_size(db), "备份")
        target = _unique_name(backups, kind, now, label)
    else:
        target = Path(dest)
        if target.is_dir():
            raise DomainError(f"“{target}”是一个文件夹，请另外指定备份文件名（如 数据备份.db）。")
        if not target.parent.is_dir():
            raise DomainError(f"无法保存“{target}”：文件夹“{target.parent}”不存在。请换一个位置。")
        _ensure_space(target.parent, _db_size(db), "备份")
    contents = copy_database(db, target, cancel=cancel, progress=progress)
    if dest is None:
        try:
            _write_json(sidecar_path(target), _describe(contents, now, kind, target, _sha256_file(target)))
        except OSError as exc:  # the backup itself is complete; only its description is missing
            log.warning("could not write the sidecar of %s: %s", target, exc)
        rotate_backups(backups, kind)
    log.info("backup (%s) written: %s", kind, target)
    return target


def make_backup(
    app_or_layout: App | DataLayout,
    kind: str = "manual",
    *,
    dest: Path | None = None,
    label: str = "",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Back up the books now: into the data dir's backups folder by ``kind``, or to ``dest``.

    A manual backup made with open books needs the signed-in user's :data:`BACKUP` permission;
    the automatic kinds are the app's own doing.
    """
    if kind not in KIND_NAMES:
        raise ValueError(f"unknown kind of backup: {kind}")
    layout = app_or_layout if isinstance(app_or_layout, DataLayout) else app_or_layout.layout
    if kind == "manual" and not isinstance(app_or_layout, DataLayout):
        require(app_or_layout.actor, BACKUP)
    progress(0.0, "正在备份数据库…")
    path = backup_database(layout.db, layout.backups, kind, label=label, dest=dest, cancel=cancel, progress=progress)
    progress(1.0, "备份完成")
    return path


def parse_backup_name(path: Path) -> tuple[str, dt.datetime] | None:
    """(kind, time) from a backup's file name, or None for files not named like a backup."""
    m = _NAME.match(path.name)
    if not m:
        return None
    kind = next((k for k, word in KIND_NAMES.items() if word == m["kind"]), "other")
    try:
        when = dt.datetime.strptime(f"{m['date']}-{m['time']}", _STAMP)
    except ValueError:
        return None
    return kind, when


def list_backups(layout: DataLayout) -> list[BackupEntry]:
    """The backups in the data dir's backups folder, newest first."""
    return _list_folder(layout.backups)


def _list_folder(folder: Path) -> list[BackupEntry]:
    entries = []
    try:
        files = [p for p in folder.glob("*.db") if p.is_file()]
    except OSError:
        return []
    for path in files:
        parsed = parse_backup_name(path)
        try:
            stat = path.stat()
        except OSError:
            continue
        kind, when = parsed if parsed else ("other", dt.datetime.fromtimestamp(stat.st_mtime).replace(microsecond=0))
        side = _read_json(sidecar_path(path)) or {}
        counts = side.get("counts") if isinstance(side.get("counts"), dict) else {}
        entries.append(BackupEntry(path, kind, when, stat.st_size, side.get("station"), dict(counts)))
    entries.sort(key=lambda e: (e.created, e.path.name), reverse=True)
    return entries


def rotation_keep(
    stamps: Iterable[dt.datetime], *, daily: int = DAILY, weekly: int = WEEKLY, monthly: int = MONTHLY
) -> set[dt.datetime]:
    """Which automatic backups to keep (grandfather-father-son).

    The newest backup of each of the ``daily`` most recent days that have one, of each of the
    ``weekly`` most recent ISO weeks that have one, and of each of the ``monthly`` most recent
    months that have one.  Counting days *with* a backup (like restic's ``--keep-daily``)
    means a PC switched off over a holiday does not lose its older backups.
    """
    ordered = sorted(set(stamps), reverse=True)
    keep: set[dt.datetime] = set()
    rules: list[tuple[int, Callable[[dt.datetime], object]]] = [
        (daily, lambda t: t.date()),
        (weekly, lambda t: tuple(t.isocalendar())[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ]
    for count, bucket in rules:
        seen: set[object] = set()
        for t in ordered:  # newest first: the first of a bucket is its newest
            b = bucket(t)
            if b in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(b)
            keep.add(t)
    return keep


def _delete_backup(path: Path) -> None:
    for p in (path, sidecar_path(path)):
        try:
            p.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete old backup %s: %s", p, exc)


def rotate_backups(backups: Path, kind: str) -> list[Path]:
    """Delete the backups of ``kind`` no longer kept; returns what was deleted."""
    entries = [e for e in _list_folder(backups) if e.kind == kind]
    if kind == "auto":
        kept = rotation_keep(e.created for e in entries)
        doomed = [e.path for e in entries if e.created not in kept]
    elif kind in KEEP_NEWEST:
        doomed = [e.path for e in entries[KEEP_NEWEST[kind] :]]  # entries are newest first
    else:
        return []
    for path in doomed:
        _delete_backup(path)
    return doomed


def daily_backup_if_due(
    app: App, today: dt.date | None = None, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> Path | None:
    """The day's automatic backup, made at the first start of a day; None when one exists already."""
    day = today or dt.date.today()
    if any(e.kind == "auto" and e.created.date() == day for e in list_backups(app.layout)):
        return None
    return make_backup(app, "auto", progress=progress, cancel=cancel)


# ---------------------------------------------------------------------------------------
# Folder backups (USB stick)
# ---------------------------------------------------------------------------------------


def _media_files(root: Path, ref: MediaRef) -> list[tuple[str, Path]]:
    """(relative name, path) of an indexed file's original and derivatives under a ``media`` folder
    (:class:`~.inbound.InboundError` for a row whose hash or extension breaks the rule)."""
    name = inbound.media_file_name(ref.sha256, ref.ext, "照片文件")
    sub = ref.sha256[:2]
    names = [
        f"originals/{sub}/{name}",
        f"print/{sub}/{ref.sha256}.jpg",
        f"thumbs/{sub}/{ref.sha256}.jpg",
    ]
    return [(name, root / name) for name in names]


def _copy_file(src: Path, dest: Path, *, fsync: bool = False) -> int:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        with open(src, "rb") as fi, open(tmp, "wb") as fo:
            shutil.copyfileobj(fi, fo, 1 << 20)
            if fsync:
                fo.flush()
                os.fsync(fo.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest.stat().st_size


def folder_backup_name(station: str) -> str:
    return f"{safe_file_name(station or 'cadre_desk').strip() or 'cadre_desk'}{FOLDER_SUFFIX}"


def _station_of(app: App) -> str:
    from .services.setup import install_info

    info = install_info(app)
    return info.station_name if info else ""


def back_up_to_folder(
    app: App, folder: Path, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> FolderBackupResult:
    """Back up the books and the photos into ``<folder>/<station>-数据备份/`` (a USB stick).

    Photos already there with the same name and size are not copied again.  The database goes
    to ``.part`` first and the manifest is written last, so until the very end the previous
    backup in that folder stays complete, and an interrupted first backup is never taken for
    a complete one.
    """
    require(app.actor, BACKUP)
    token = cancel or CancelToken()
    folder = Path(folder)
    if not folder.is_dir():
        raise DomainError(f"文件夹“{folder}”不存在（U盘是否已拔出？）。请重新选择。")
    target = folder / folder_backup_name(_station_of(app))
    probe = target / ".写入测试"
    try:
        target.mkdir(exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise file_error(exc, probe, creating=True) from None
    db_size = _db_size(app.layout.db)
    _ensure_space(target, db_size, "备份数据库")
    db_part = target / f"{DB_FILENAME}.part"
    manifest = target / MANIFEST
    manifest_part = manifest.with_name(manifest.name + ".part")
    try:
        progress(0.0, "正在备份数据库…")
        contents = copy_database(app.layout.db, db_part, cancel=token, progress=lambda f, m: progress(0.0, m))
        media: list[MediaRef] = contents["media"]
        plan, unchanged = _mirror_plan(app.layout.media, target / "media", media)
        needed = sum(size for _, _, size in plan)
        _ensure_space(target, needed, f"{len(plan)} 个照片文件")
        total = max(1, needed + db_size)
        done = db_size
        progress(done / total, "正在复制照片…")
        copied_bytes = 0
        for i, (src, dest, _size) in enumerate(plan):
            token.check()
            n = _copy_file(src, dest)
            copied_bytes += n
            done += n
            if i % 20 == 0 or i == len(plan) - 1:
                progress(min(0.99, done / total), f"正在复制照片 {i + 1}/{len(plan)}…")
        token.check()
        progress(0.99, "正在写入备份信息…")
        now = dt.datetime.now().replace(microsecond=0)
        info = _describe(contents, now, "folder", db_part, _sha256_file(db_part))
        info["db"]["file"] = DB_FILENAME
        info["media"] = [[m.sha256, m.ext, m.size] for m in media]
        _sync_all()  # the photos are on the stick before a manifest says they are
        _write_json(manifest_part, info)
        # the swap: from here on the folder holds the new backup
        manifest.unlink(missing_ok=True)
        os.replace(db_part, target / DB_FILENAME)
        os.replace(manifest_part, manifest)
        _fsync_dir(target)
        (target / FOLDER_README).write_text(_readme(contents["station"], now), encoding="utf-8")
    except OSError as exc:
        _remove_parts(db_part, manifest_part)
        where = Path(exc.filename) if isinstance(exc.filename, str) else target
        raise file_error(exc, where, creating=True) from None
    except BaseException:
        _remove_parts(db_part, manifest_part)
        raise
    removed = _prune_mirror(target, media)
    progress(1.0, "备份完成")
    log.info("folder backup written: %s (%d files copied)", target, len(plan))
    return FolderBackupResult(
        target, (target / DB_FILENAME).stat().st_size, len(media), len(plan), copied_bytes, unchanged, removed
    )


def _remove_parts(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)


def _mirror_plan(store: Path, mirror: Path, media: Sequence[MediaRef]) -> tuple[list[tuple[Path, Path, int]], int]:
    """The store's files to copy into the mirror (new, or of another size), and how many are there already."""
    plan: list[tuple[Path, Path, int]] = []
    unchanged = 0
    for ref in media:
        if not _valid_ref(ref):
            continue  # a row naming no file of the store (check reports it)
        for (_name, src), (_, dest) in zip(_media_files(store, ref), _media_files(mirror, ref), strict=True):
            try:
                size = src.stat().st_size
            except OSError:
                continue  # a derivative not made yet, or a file missing from the store (check reports it)
            try:
                if dest.stat().st_size == size:
                    unchanged += 1
                    continue
            except OSError:
                pass
            plan.append((src, dest, size))
    return plan, unchanged


def _readme(station: str, when: dt.datetime) -> str:
    return (
        f"这是“{station or '本驿站'}”的台账数据备份，制作于 {when:%Y-%m-%d %H:%M}。\n"
        f"{DB_FILENAME} 是数据库，media 文件夹是照片，{MANIFEST} 记录备份的内容（最后写入；没有它的备份不完整）。\n"
        "恢复：在程序中打开 设置 → 备份与恢复 → 从文件或文件夹恢复，选择这个文件夹；\n"
        "或运行 cadre-desk restore 加这个文件夹的路径。请不要修改这里的文件。\n"
    )


def _prune_mirror(target: Path, media: Sequence[MediaRef]) -> int:
    """Remove files of the mirror no longer in the index (photos deleted for good since)."""
    wanted = {name for ref in media if _valid_ref(ref) for name, _ in _media_files(Path(), ref)}
    removed = 0
    for kind in MEDIA_KINDS:
        base = target / "media" / kind
        if not base.is_dir():
            continue
        for p in base.glob("*/*"):
            name = f"{kind}/{p.parent.name}/{p.name}"
            if p.is_file() and name not in wanted and (_HEX64.match(p.name.split(".", 1)[0]) or p.suffix == ".part"):
                try:
                    p.unlink()
                    removed += 1
                except OSError:
                    pass
    return removed


# ---------------------------------------------------------------------------------------
# Checking a backup
# ---------------------------------------------------------------------------------------


def _find_folder_backup(path: Path) -> Path:
    if (path / MANIFEST).is_file():
        return path
    inside = sorted(p for p in path.glob(f"*{FOLDER_SUFFIX}") if (p / MANIFEST).is_file())
    if len(inside) == 1:
        return inside[0]
    if len(inside) > 1:
        names = "、".join(p.name for p in inside)
        raise DomainError(f"文件夹“{path}”中有多个备份（{names}），请选择其中一个。")
    has_db = (path / DB_FILENAME).exists()
    if (path / f"{DB_FILENAME}.part").exists() or (
        not has_db and ((path / "media").is_dir() or path.name.endswith(FOLDER_SUFFIX))
    ):
        raise DomainError(f"文件夹“{path}”中的备份不完整（备份过程可能被中断），不能用来恢复。请重新备份。")
    if has_db:
        raise DomainError(
            f"文件夹“{path}”像是程序的数据目录，而不是用“备份到文件夹”做的备份。"
            f"如要从它恢复，请选择其中的 {DB_FILENAME} 文件（照片不会一起恢复）。"
        )
    raise DomainError(f"文件夹“{path}”中没有本程序的备份。请选择备份文件（.db）或“…{FOLDER_SUFFIX}”文件夹。")


def inspect_backup(path: Path, *, progress: Progress = no_progress, cancel: CancelToken | None = None) -> BackupInfo:
    """Check that ``path`` (a backup .db file or a folder backup) can be restored, and describe it.

    Raises :class:`DomainError` with the reason for anything else: a file that is not an
    SQLite database, a truncated or damaged one, another program's database, an unfinished
    folder backup, or a backup made by a newer version of the app.
    """
    path = Path(path)
    if not path.exists():
        raise DomainError(f"找不到“{path}”。")
    manifest: dict[str, Any] | None = None
    folder = path.is_dir()
    if folder:
        root = _find_folder_backup(path)
        manifest = _read_json(root / MANIFEST)
        if manifest is None:
            raise DomainError(f"“{root / MANIFEST}”已损坏，无法确认这个备份是否完整。")
        db = root / DB_FILENAME
        expected = manifest.get("db") if isinstance(manifest.get("db"), dict) else {}
        if not db.is_file() or db.stat().st_size != expected.get("size"):
            raise DomainError(f"文件夹“{root}”中的备份不完整（数据库文件缺失或大小不对），不能用来恢复。")
        progress(0.1, "正在核对备份文件…")
        try:
            with open_regular_file(db, "备份") as fh:
                h = hashlib.sha256()
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        except OSError as exc:
            raise DomainError(f"无法读取“{db}”：{os_error_text(exc)}。") from None
        if h.hexdigest() != expected.get("sha256"):
            raise DomainError(f"文件夹“{root}”中的数据库文件与备份记录不符（可能已损坏或被改动），不能用来恢复。")
    else:
        root, db = path, path
        require_regular_file(path, "备份")  # a pipe or a device would hang the checks below
        manifest = _read_json(sidecar_path(path))
    label = f"“{path.name}”"
    try:
        with open_regular_file(db, "备份") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise DomainError(f"无法读取{label}：{os_error_text(exc)}。") from None
    if not head.startswith(_SQLITE_MAGIC):
        raise DomainError(f"{label}不是本程序的备份文件（它不是数据库文件）。")
    if len(head) < 100:
        raise DomainError(f"{label}不完整（文件被截断了），不能用来恢复。")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if pages and page_size and db.stat().st_size < pages * page_size:
        raise DomainError(f"{label}不完整（文件被截断了），不能用来恢复。")
    if cancel is not None:
        cancel.check()
    progress(0.3, "正在检查备份的完整性…")
    try:
        con = _connect_ro(db)
        try:
            result = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                raise DomainError(f"{label}已损坏（完整性检查未通过：{result[0]}），不能用来恢复。")
            contents = _read_contents(con)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DomainError(f"{label}已损坏或不完整，无法读取（{exc}），不能用来恢复。") from None
    schema, install_id = contents["schema"], contents["install_id"]
    if not schema or not install_id:
        raise DomainError(f"{label}是一个数据库，但不是本程序的数据（缺少版本或本机标识），不能用来恢复。")
    known, head_rev = _known_revisions()
    if schema not in known:
        raise DomainError(
            f"{label}是由更新版本的程序制作的（数据库版本 {schema}），当前程序无法恢复它。"
            "请先安装最新版本的程序，再恢复这个备份。"
        )
    parsed = parse_backup_name(db) if not folder else None
    created = None
    if manifest and manifest.get("created"):
        try:
            created = dt.datetime.fromisoformat(str(manifest["created"]))
        except ValueError:
            created = None
    if created is None:
        created = parsed[1] if parsed else dt.datetime.fromtimestamp(db.stat().st_mtime).replace(microsecond=0)
    media: list[MediaRef] = contents["media"]
    bad = [ref for ref in media if not _valid_ref(ref)]
    if bad:  # restoring it would write (or later read) files by names from outside the store
        raise DomainError(
            f"{label}的照片索引中有 {len(bad)} 个文件名无效的记录（如扩展名“{inbound.shown(bad[0].ext)}”），"
            "备份可能已被改动，不能用来恢复。本次没有做任何改动。"
        )
    in_backup = 0
    if folder:
        progress(0.8, "正在清点备份中的照片…")
        for ref in media:
            original = _media_files(root / "media", ref)[0][1]
            try:
                if original.stat().st_size == ref.size:
                    in_backup += 1
            except OSError:
                pass
    kind = "folder" if folder else (parsed[0] if parsed and parsed[0] != "other" else "file")
    progress(1.0, "检查完成")
    return BackupInfo(
        path=root,
        db_path=db,
        folder=folder,
        kind=kind,
        station=contents["station"],
        install_id=install_id,
        install_kind=contents["install_kind"],
        created=created,
        schema=schema,
        schema_current=schema == head_rev,
        app_version=(manifest or {}).get("app_version"),
        counts=contents["counts"],
        size=db.stat().st_size,
        media=tuple(media),
        photos_in_backup=in_backup,
    )


# ---------------------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------------------


def _keep_current(layout: DataLayout) -> Path | None:
    """Copy the current database to ``backups/恢复前备份-….db`` (its raw files if it is damaged)."""
    db = layout.db
    if not db.exists():
        return None
    try:
        con = sqlite3.connect(db, timeout=10)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        return backup_database(db, layout.backups, "restore")
    except (sqlite3.DatabaseError, DataDirError) as exc:
        log.warning("current database not backed up normally before a restore (%s); copying its files", exc)
    dest = _unique_name(layout.backups, "restore", dt.datetime.now().replace(microsecond=0))
    try:
        for suffix in ("", "-wal", "-shm"):
            src = db.with_name(db.name + suffix)
            if src.exists():
                _copy_file(src, dest.with_name(dest.name + suffix), fsync=True)
    except OSError as exc:
        raise file_error(exc, dest, creating=True) from None
    return dest


def _copy_media_back(
    info: BackupInfo, layout: DataLayout, token: CancelToken, progress: Callable[[float, str], None]
) -> tuple[int, int]:
    """Copy the folder backup's photo files the photo store lacks; (copied, damaged)."""
    store = layout.media
    tmp_dir = store / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    copied = damaged = 0
    total = max(1, len(info.media))
    for i, ref in enumerate(info.media):
        if i % 50 == 0:
            token.check()
            progress(i / total, f"正在复制照片 {i + 1}/{len(info.media)}…")
        for n, (name, src) in enumerate(_media_files(info.path / "media", ref)):
            dest = inbound.inside(store, name, "照片文件")  # the names passed inspect_backup's check
            if dest.exists() or not src.is_file():
                continue
            limit = ref.size if n == 0 else MAX_DERIVATIVE_BYTES
            try:  # a file of the backup that links out of it, or is no ordinary file, is not taken
                inbound.inside(info.path, f"media/{name}", "备份中的照片文件")
                fi = open_regular_file(src, "备份中的照片文件")
            except DomainError:
                if n == 0:
                    damaged += 1
                    break
                continue
            tmp = tmp_dir / f"{dest.name}.{os.getpid()}.restore.part"
            h = hashlib.sha256()
            try:
                with fi, open(tmp, "wb") as fo:
                    left = limit + 1
                    while left > 0 and (chunk := fi.read(min(1 << 20, left))):
                        h.update(chunk)
                        fo.write(chunk)
                        left -= len(chunk)
                if left <= 0 or (n == 0 and h.hexdigest() != ref.sha256):
                    damaged += 1
                    tmp.unlink(missing_ok=True)
                    break  # a damaged original: its derivatives are not wanted either
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, dest)
                copied += 1
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise file_error(exc, dest, creating=True) from None
    return copied, damaged


def _carry_clock(tmp: Path, current: dict[str, str]) -> None:
    """Keep this install's change sequence and clock moving forward across a restore.

    Changes made after the backup may have reached the district already under sequence
    numbers the restored books would hand out again; the district would then take new
    changes for ones it has seen.
    """
    con = sqlite3.connect(tmp)
    try:
        meta = {
            k: v for k, v in con.execute("SELECT key, value FROM meta WHERE key IN ('install_id','tx_seq','hlc_last')")
        }
        if meta.get("install_id") != current.get("install_id"):
            return
        seq = max(int(meta.get("tx_seq") or 0), int(current.get("tx_seq") or 0))
        hlc = max(meta.get("hlc_last") or "", current.get("hlc_last") or "")
        with con:
            con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('tx_seq', ?)", (str(seq),))
            if hlc:
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('hlc_last', ?)", (hlc,))
    finally:
        con.close()


def _current_meta(db: Path) -> dict[str, str]:
    if not db.exists():
        return {}
    try:
        con = _connect_ro(db)
        try:
            return {
                k: v
                for k, v in con.execute("SELECT key, value FROM meta WHERE key IN ('install_id','tx_seq','hlc_last')")
            }
        finally:
            con.close()
    except sqlite3.Error:
        return {}


def restore_backup(
    layout: DataLayout,
    path: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    actor: Actor | None = None,
) -> RestoreResult:
    """Replace the books in ``layout`` with the backup at ``path``.  The books must be closed
    (the caller holds the :class:`~cadre_desk.core.instance.InstanceLock`).

    In this order, so that a crash at any step leaves either the old data or the new:

    1. check the backup (:func:`inspect_backup`);
    2. checkpoint the current database and copy it to ``backups/恢复前备份-….db`` (its raw
       files when it is too damaged for that);
    3. from a folder backup, copy the photos the photo store lacks (content-addressed: an
       extra file harms nothing);
    4. write the backup's database to a temporary file in the data dir, check it, flush it;
    5. remove the current ``-wal``/``-shm`` (checkpointed in 2) and move the new file into place.

    Opening the books afterwards migrates a backup with an older schema as usual.
    """
    if actor is not None:
        require(actor, RESTORE)
    token = cancel or CancelToken()
    progress(0.0, "正在检查备份…")
    info = inspect_backup(path, progress=lambda f, m: progress(0.2 * f, m), cancel=token)
    if info.db_path.resolve() == layout.db.resolve():
        raise DomainError("选择的是当前正在使用的数据库本身，不是备份。请选择备份文件或备份文件夹。")
    try:
        for sub in (layout.root, layout.media, layout.backups):
            sub.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise file_error(exc, layout.root, creating=True) from None
    _ensure_space(layout.root, info.size * 2 + (layout.db.stat().st_size if layout.db.exists() else 0), "恢复")
    token.check()
    progress(0.2, "正在保存当前数据的副本…")
    current = _current_meta(layout.db)
    previous = _keep_current(layout)
    copied = damaged = 0
    if info.folder:
        copied, damaged = _copy_media_back(info, layout, token, lambda f, m: progress(0.4 + 0.4 * f, m))
        _sync_all()
    token.check()
    progress(0.8, "正在写入恢复的数据库…")
    tmp = layout.root / f"{DB_FILENAME}.restoring"
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        leftover.unlink(missing_ok=True)
    copy_database(info.db_path, tmp, cancel=token, live=False)
    try:
        _carry_clock(tmp, current)
        _fsync_file(tmp)
        token.check()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # the point of no return: the copy of the current data is safe, the new file complete
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            layout.db.with_name(layout.db.name + suffix).unlink(missing_ok=True)
        os.replace(tmp, layout.db)
        _fsync_dir(layout.root)
    except OSError as exc:
        raise DataDirError(
            f"无法替换数据库文件：{os_error_text(exc)}。请确认程序的其他窗口都已关闭后再试。"
            + (f"原来的数据已另存为 {previous}。" if previous else "")
        ) from None
    from .media import MediaStore

    store = MediaStore(layout.media)
    missing = sum(1 for ref in info.media if not store.original_path(ref.sha256, ref.ext).exists())
    progress(1.0, "恢复完成")
    log.info("restored %s (previous data kept as %s; %d photos missing)", info.path, previous, missing)
    return RestoreResult(info, previous, copied, missing, damaged)
