"""Bring a database to the schema this version of the app expects.

One code path for every database: a fresh file goes through the same migrations as an
old one.  An existing database is backed up (SQLite online backup, safe in WAL mode)
before any migration runs.  A database written by a newer version is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError

from .db import make_engine
from .errors import DataDirError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def in_models(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether a schema object is the models' business (for comparing schema and models):
    not the search index, a virtual table SQLite keeps with its shadow tables."""
    return not (type_ == "table" and name is not None and name.startswith("people_fts"))


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest schema revision this app knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db_path: Path) -> str | None:
    """The schema revision stored in a database, or None for a new/empty one."""
    if not db_path.exists():
        return None
    engine = make_engine(db_path, write=False, pooled=False)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None


def upgrade_database(db_path: Path, backups_dir: Path) -> MigrationResult:
    """Migrate ``db_path`` to head, backing it up first when it already holds data."""
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    before = current_revision(db_path)
    if before == head:
        return MigrationResult(before, head, None)
    if before is not None:
        try:
            script.get_revision(before)
        except CommandError:
            raise DataDirError(
                "这个数据库是由更新版本的程序创建的（数据库版本 "
                f"{before}），当前程序无法打开。请安装最新版本后再试，数据未做任何改动。"
            ) from None
    backup: Path | None = None
    if before is not None:
        from .backup import backup_database  # (imports this module)

        # 升级前备份-<time>-<revision>.db; the newest 5 are kept
        backup = backup_database(db_path, backups_dir, "migration", label=before)
    cfg = alembic_config()
    engine = make_engine(db_path, write=True, foreign_keys=False, pooled=False)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DataDirError(f"数据库升级后外键检查失败（{len(problems)} 处），升级已撤销。")
    finally:
        engine.dispose()
    return MigrationResult(before, head, backup)
