"""An open data dir: database engines, media store, clock, and the write transaction.

Everything that writes the books does so through :meth:`App.transaction`, which gives a
:class:`Tx`: one SQLite transaction in which every created, changed or deleted row gets
its sync metadata (id, origin, HLC stamps, change sequence) and an audit entry.  Service
functions in :mod:`cadre_desk.core.services` are the only callers.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, insert, inspect, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from .closing import check_corrections
from .db import make_engine
from .errors import DataDirError
from .files import os_error_text
from .hlc import HybridLogicalClock, node_from_install_id
from .ids import uuid7
from .media import MediaStore
from .migrate import MigrationResult, upgrade_database
from .models import AuditEntry, Meta, SyncedMixin
from .paths import DataLayout
from .permissions import RECORDS, require

T = TypeVar("T", bound=SyncedMixin)


@dataclass(frozen=True)
class Actor:
    """Who is making a change: a signed-in user, or the system itself."""

    user_id: str | None
    name: str
    role: str = "system"  # vocab.ROLES, or "system" for the app itself and the command line


SYSTEM = Actor(None, "系统")


_PLAIN = frozenset({str, int, bool, float, type(None)})


def json_safe(value: Any) -> Any:
    """A value as it is written into audit entries and bundles."""
    kind = type(value)
    if kind in _PLAIN:  # most values: as they are
        return value
    if kind is dict:  # an audit entry's changes: {field: [before, after]}, mostly plain values
        return {k: v if type(v) in _PLAIN else json_safe(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _PLAIN else json_safe(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    return value


def _looks_like_sqlite(path: Path) -> bool:
    """Does the file start as an SQLite database does (a damaged one kept aside does not)?"""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def missing_database(layout: DataLayout) -> DataDirError | None:
    """Why a data dir whose database is missing or empty must not get a new, empty one (None: it may)."""
    try:
        size = layout.db.stat().st_size if layout.db.exists() else None
    except (OSError, ValueError):
        return None  # (App.open says what is wrong with the path)
    if size:
        return None
    left = books_left_behind(layout)
    if not left:
        return None
    what = "变成了空文件（0 字节）" if size == 0 else "不见了"
    return DataDirError(
        f"数据库文件 {layout.db} {what}，但数据目录中还有以前的数据（{'、'.join(left)}）。"
        f"为免用空白数据代替原有台账，程序没有新建数据库。{_newest_backup(layout)}"
    )


def _newest_backup(layout: DataLayout | None) -> str:
    """“最新的备份是 …” with how to restore it, for a message about a lost or damaged database."""
    if layout is None:
        return "请从备份恢复。"
    try:
        from .backup import list_backups  # (imports this module)

        entries = [e for e in list_backups(layout) if _looks_like_sqlite(e.path)]
    except Exception:  # listing must never hide the message it serves
        entries = []
    if not entries:
        return (
            "数据目录的 backups 文件夹中没有备份。如有U盘上的文件夹备份（…-数据备份），请用它恢复："
            f'运行命令 cadre-desk --data-dir "{layout.root}" restore "备份文件夹"；'
            "或把数据目录改名后重新启动程序，在首次设置中选择恢复备份。"
        )
    newest = entries[0]
    return (
        f"请从备份恢复，最新的备份是 {newest.path}（{newest.created:%Y-%m-%d %H:%M}，{newest.kind_name}）。"
        f'恢复方法：运行命令 cadre-desk --data-dir "{layout.root}" restore "{newest.path}"；'
        "或把这个备份文件复制到别处、把数据目录改名，再启动程序，在首次设置中选择恢复备份并选中它。"
    )


def explain_operational_error(exc: DatabaseError | sqlite3.Error, layout: DataLayout | None = None) -> DataDirError:
    """Turn SQLite's low-level failures into messages a station's staff can act on."""
    orig = getattr(exc, "orig", None)
    text = str(orig).lower() if orig is not None else str(exc).lower()
    if "locked" in text or "busy" in text:
        return DataDirError(
            "数据库正被另一个程序占用（可能是另一个窗口或备份程序），请关闭它后再试。本次操作未保存任何内容。"
        )
    if "readonly" in text or "read-only" in text:
        return DataDirError("数据目录是只读的，无法保存。请检查文件夹权限或是否为只读的U盘。本次操作未保存任何内容。")
    if "full" in text or "disk i/o" in text:
        return DataDirError("磁盘空间不足或磁盘出错，无法保存。请清理磁盘后再试。本次操作未保存任何内容。")
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        where = f"（{layout.db}）" if layout is not None else ""
        return DataDirError(f"数据库文件已损坏或不是本程序的数据库{where}，无法打开。{_newest_backup(layout)}")
    if "unable to open database" in text or "cannot open" in text:
        where = f"“{layout.db}”" if layout is not None else ""
        return DataDirError(
            f"无法打开数据库文件{where}：文件夹不存在、没有读写权限，或路径太长。请检查数据目录后再试。"
        )
    return DataDirError(f"数据库出错：{orig or exc}。本次操作未保存任何内容。")


def is_database_damage(exc: BaseException) -> bool:
    """Is this SQLite error about the file itself (damaged, unreadable), not about a statement?"""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).lower()
    return isinstance(exc, DatabaseError | sqlite3.DatabaseError) and any(
        word in text
        for word in ("malformed", "not a database", "file is encrypted", "disk i/o", "unable to open database")
    )


def books_left_behind(layout: DataLayout) -> list[str]:
    """What in a data dir shows that it held books (backups, photos, printed ledgers), in words."""
    found = []
    try:
        backups = sum(1 for p in layout.backups.glob("*.db") if p.is_file())
        if backups:
            found.append(f"{backups} 个备份")
        originals = layout.media / "originals"
        if originals.is_dir() and any(p.is_file() for p in originals.glob("*/*")):
            found.append("照片库中的照片")
        if layout.reports.is_dir() and any(layout.reports.iterdir()):
            found.append("打印过的台账")
        for extra in ("-wal", "-journal"):
            side = layout.db.with_name(layout.db.name + extra)
            if side.is_file() and side.stat().st_size:
                found.append(f"数据库的日志文件 {side.name}")
    except OSError:
        pass
    return found


def _column_names(model: type[SyncedMixin]) -> list[str]:
    return [c.key for c in inspect(model).column_attrs]


@functools.cache
def _required_columns(model: type[SyncedMixin]) -> frozenset[str]:
    """The NOT NULL columns: a None given for one must go through the ORM, which leaves it
    out so that the column's default applies."""
    return frozenset(c.name for c in model.__table__.columns if not c.nullable)  # type: ignore[attr-defined]


def _python_default(model: type[SyncedMixin], key: str) -> Any:
    """The value a missing column gets in a bulk insert (so every row has the same keys)."""
    column = model.__table__.c[key]  # type: ignore[attr-defined]
    default = column.default
    if default is None:
        return None
    if default.is_scalar:
        return default.arg
    return default.arg(None)


class Tx:
    """One write transaction with sync metadata and audit entries.

    All rows written in one transaction share one HLC stamp and one change sequence
    number: together they are one change set.
    """

    def __init__(self, app: App, session: Session, actor: Actor) -> None:
        self.app = app
        self.session = session
        self.actor = actor
        self.origin = app.install_id
        # BEGIN IMMEDIATE holds the write lock here: moving past the last stored stamp keeps
        # stamps strictly increasing even when another process (the CLI beside the window)
        # writes to the same data dir with the same node id.
        last = session.get(Meta, "hlc_last")
        if last is not None:
            app.clock.observe(last.value)
        self.hlc = app.clock.now()
        self.at = dt.datetime.now().replace(microsecond=0)
        seq_row = session.get(Meta, "tx_seq")
        self.seq = int(seq_row.value) + 1 if seq_row else 1
        session.merge(Meta(key="tx_seq", value=str(self.seq)))
        session.merge(Meta(key="hlc_last", value=self.hlc))
        self._audit_rows: list[dict[str, Any]] = []

    # -- audit ---------------------------------------------------------------------
    def audit(self, action: str, entity: str, entity_id: str, label: str, changes: Mapping[str, Any]) -> None:
        """Queue an audit entry (flushed with the transaction)."""
        self._audit_rows.append(
            {
                "id": uuid7(),
                "origin": self.origin,
                "hlc": self.hlc,
                "at": self.at,
                "user_id": self.actor.user_id,
                "user_name": self.actor.name,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "label": (label or "")[:200],
                "changes": json_safe(dict(changes)),
                "tx_seq": self.seq,
            }
        )

    def flush_audit(self) -> None:
        if self._audit_rows:
            check_corrections(self.session, self.actor, self._audit_rows)  # closed months (月结归档)
            self.session.execute(insert(AuditEntry), self._audit_rows)
            self._audit_rows.clear()

    @staticmethod
    def _label(obj_or_row: Any, model: type[SyncedMixin]) -> str:
        col = model.LABEL_COLUMN
        if col is None:
            return ""
        value = obj_or_row.get(col) if isinstance(obj_or_row, dict) else getattr(obj_or_row, col, "")
        return str(value or "")

    def _stamp_new(self, values: dict[str, Any]) -> None:
        values.setdefault("id", uuid7())
        values["origin"] = self.origin
        values["hlc_created"] = self.hlc
        values["hlc_updated"] = self.hlc
        values["field_hlc"] = None
        values["deleted"] = False
        values["tx_seq"] = self.seq

    # -- writes --------------------------------------------------------------------
    def add(self, obj: T) -> T:
        """Insert a new synced row, with its metadata and a 'create' audit entry."""
        model = type(obj)
        meta: dict[str, Any] = {"id": obj.id} if obj.id else {}
        self._stamp_new(meta)
        for key, value in meta.items():
            setattr(obj, key, value)
        self.session.add(obj)
        self.session.flush()
        after = {
            c: getattr(obj, c)
            for c in _column_names(model)
            if c not in SyncedMixin.SYNC_COLUMNS and c not in model.LOCAL_COLUMNS
        }
        self.audit(
            "create", model.__tablename__, obj.id, self._label(obj, model), {k: [None, v] for k, v in after.items()}
        )
        return obj

    def bulk_add(self, model: type[SyncedMixin], rows: Sequence[dict[str, Any]]) -> list[str]:
        """Insert many new rows of one model at once (same metadata and audit as :meth:`add`)."""
        if not rows:
            return []
        columns = set(_column_names(model))
        keys = set().union(*rows)
        unknown = keys - columns
        if unknown:
            raise KeyError(f"unknown columns for {model.__tablename__}: {sorted(unknown)}")
        fill = {k: _python_default(model, k) for k in keys}
        prepared = []
        for row in rows:
            values = fill | dict(row) if len(row) != len(keys) else dict(row)
            self._stamp_new(values)
            prepared.append(values)
            self.audit(
                "create",
                model.__tablename__,
                values["id"],
                self._label(values, model),
                {
                    k: [None, v]
                    for k, v in values.items()
                    if k not in SyncedMixin.SYNC_COLUMNS and k not in model.LOCAL_COLUMNS
                },
            )
        stmt = insert(model)
        required = _required_columns(model)
        if not any(row[k] is None for row in prepared for k in required & keys):
            # every row has the same keys: NULLs sent as they are keep them in one executemany
            # (by default the ORM leaves a row's None values out and splits the batch by them)
            stmt = stmt.execution_options(render_nulls=True)
        self.session.execute(stmt, prepared)
        if len(self._audit_rows) >= 2000:
            self.flush_audit()
        return [r["id"] for r in prepared]

    def update(self, obj: SyncedMixin, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Change fields of a row; records per-field HLC stamps and an 'update' audit entry.

        Fields whose value does not change are ignored; returns {field: (before, after)}.
        """
        model = type(obj)
        allowed = set(_column_names(model)) - SyncedMixin.SYNC_COLUMNS
        changed: dict[str, tuple[Any, Any]] = {}
        for key, new in values.items():
            if key not in allowed:
                raise KeyError(f"{model.__tablename__}.{key} cannot be updated")
            old = getattr(obj, key)
            if old != new:
                changed[key] = (old, new)
                setattr(obj, key, new)
        if not changed:
            return changed
        stamps = dict(obj.field_hlc or {})
        for key in changed:
            if key not in model.LOCAL_COLUMNS:
                stamps[key] = self.hlc
        obj.field_hlc = stamps
        obj.hlc_updated = self.hlc
        obj.tx_seq = self.seq
        audited = {k: list(v) for k, v in changed.items() if k not in model.LOCAL_COLUMNS}
        if audited:
            self.audit("update", model.__tablename__, obj.id, self._label(obj, model), audited)
        return changed

    def restamp(self, obj: SyncedMixin, name: str) -> None:
        """Write a field's current value again, so that it wins over older edits elsewhere
        (settling a sync conflict in favour of the value the row already holds)."""
        model = type(obj)
        value = getattr(obj, name)
        obj.field_hlc = {**(obj.field_hlc or {}), name: self.hlc}
        obj.hlc_updated = self.hlc
        obj.tx_seq = self.seq
        self.audit("update", model.__tablename__, obj.id, self._label(obj, model), {name: [value, value]})

    def delete(self, obj: SyncedMixin) -> None:
        """Tombstone a row (never a hard delete, so the deletion can travel)."""
        if obj.deleted:
            return
        model = type(obj)
        obj.deleted = True
        obj.field_hlc = {**(obj.field_hlc or {}), "deleted": self.hlc}
        obj.hlc_updated = self.hlc
        obj.tx_seq = self.seq
        self.audit("delete", model.__tablename__, obj.id, self._label(obj, model), {"deleted": [False, True]})

    def restore(self, obj: SyncedMixin) -> None:
        """Undo a tombstone."""
        if not obj.deleted:
            return
        model = type(obj)
        obj.deleted = False
        obj.field_hlc = {**(obj.field_hlc or {}), "deleted": self.hlc}
        obj.hlc_updated = self.hlc
        obj.tx_seq = self.seq
        self.audit("restore", model.__tablename__, obj.id, self._label(obj, model), {"deleted": [True, False]})


class App:
    """One open data dir.  Create with :meth:`open`; close when done."""

    #: stale ``.part`` files :meth:`open` removed (see :mod:`.partfiles`)
    removed_part_files: tuple[Path, ...] = ()

    def __init__(self, layout: DataLayout, migration: MigrationResult) -> None:
        self.layout = layout
        self.migration = migration
        self.write_engine: Engine = make_engine(layout.db, write=True)
        self.read_engine: Engine = make_engine(layout.db, write=False)
        self.media = MediaStore(layout.media)
        self.actor: Actor = SYSTEM
        with Session(self.read_engine) as s:
            meta = {m.key: m.value for m in s.scalars(select(Meta))}
        if "install_id" not in meta:  # a new database: give it the id it keeps for life
            meta |= {
                "install_id": uuid7(),
                "created_at": dt.datetime.now().isoformat(timespec="seconds"),
                "tx_seq": "0",
            }
            with Session(self.write_engine) as s, s.begin():
                s.add_all(Meta(key=k, value=meta[k]) for k in ("install_id", "created_at", "tx_seq"))
        self.install_id = meta["install_id"]
        self.clock = HybridLogicalClock(node_from_install_id(self.install_id), meta.get("hlc_last"))

    @classmethod
    def open(cls, data_dir: Path) -> App:
        """Open (creating if needed) a data dir, migrating its database to this version."""
        layout = DataLayout(Path(data_dir))
        try:
            if layout.root.exists() and not layout.root.is_dir():
                raise DataDirError(f"“{layout.root}”是一个文件，不是文件夹。请指定一个文件夹作为数据目录。")
            if layout.db.exists() and not layout.db.is_file():
                raise DataDirError(f"数据库“{layout.db}”不是普通文件（可能是文件夹或设备），程序无法使用。")
            vanished = missing_database(layout)  # missing or empty: a new data dir, or books that vanished?
            if vanished is not None:
                raise vanished
            layout.root.mkdir(parents=True, exist_ok=True)
            for sub in (layout.media, layout.backups, layout.logs):
                sub.mkdir(exist_ok=True)
        except ValueError:  # a NUL in the path
            raise DataDirError("数据目录的路径无效（含有不允许的字符），请换一个文件夹。") from None
        except OSError as exc:
            raise DataDirError(f"无法创建或使用数据目录 {layout.root}：{os_error_text(exc)}。") from None
        if not os.access(layout.root, os.W_OK) or (layout.db.exists() and not os.access(layout.db, os.W_OK)):
            raise DataDirError(f"数据目录 {layout.root} 是只读的，程序无法保存任何内容。请检查文件夹权限。")
        from .partfiles import remove_stale_part_files

        removed = remove_stale_part_files(layout)  # temporaries left by a process killed mid-write
        try:
            migration = upgrade_database(layout.db, layout.backups)
            app = cls(layout, migration)
            app.removed_part_files = removed
            return app
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise explain_operational_error(exc, layout) from None

    def close(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (deferred transaction; never blocks writers in WAL mode)."""
        with Session(self.read_engine, expire_on_commit=False) as session:
            yield session  # closing ends the transaction and keeps loaded objects usable

    @contextmanager
    def transaction(self, actor: Actor | None = None, *, needs: str | None = RECORDS) -> Iterator[Tx]:
        """One write transaction: commits on success, rolls back everything on any error.

        The acting user must hold the permission ``needs`` (see :mod:`.permissions`); pass
        ``None`` only for the app's own bookkeeping that any signed-in user may cause.
        """
        if needs is not None:
            require(actor or self.actor, needs)
        try:
            with Session(self.write_engine, expire_on_commit=False) as session, session.begin():
                tx = Tx(self, session, actor or self.actor)
                yield tx
                tx.flush_audit()
        except OperationalError as exc:
            raise explain_operational_error(exc, self.layout) from None
        except DatabaseError as exc:
            if is_database_damage(exc):
                raise explain_operational_error(exc, self.layout) from None
            raise

    def meta(self, key: str) -> str | None:
        with self.read() as s:
            row = s.get(Meta, key)
            return row.value if row else None
