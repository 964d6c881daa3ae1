"""Migrations: one path for new and old databases, backups first, newer databases refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cadre_desk.core import migrate
from cadre_desk.core.app import App
from cadre_desk.core.db import make_engine
from cadre_desk.core.errors import DataDirError
from cadre_desk.core.models import Base
from cadre_desk.core.services import people


def test_fresh_database_goes_through_migrations_to_head(tmp_path: Path) -> None:
    with App.open(tmp_path / "d") as app:
        assert app.migration.before is None
        assert app.migration.after == migrate.head_revision()
        assert app.migration.backup is None  # nothing to back up yet
    assert migrate.current_revision(tmp_path / "d" / "cadre_desk.db") == migrate.head_revision()


def test_migrated_schema_matches_the_orm_metadata(tmp_path: Path) -> None:
    with App.open(tmp_path / "d") as app, app.write_engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": migrate.in_models})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"migrations and models disagree: {diff}"


def test_every_connection_has_foreign_keys_wal_and_busy_timeout(app: App) -> None:
    for engine in (app.write_engine, app.read_engine):
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "d"
    App.open(data).close()
    db = data / "cadre_desk.db"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = db.read_bytes()
    with pytest.raises(DataDirError, match="更新版本"):
        App.open(data)
    assert db.read_bytes() == before
    assert not list((data / "backups").iterdir())


def test_existing_database_is_backed_up_before_a_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add a second revision in a copy of the scripts: opening an old database migrates it after a backup."""
    data = tmp_path / "d"
    with App.open(data) as app:
        from cadre_desk.core.services import setup

        setup.initialise(
            app,
            kind="station",
            profile=setup.StationProfile(name="甲驿站", district="市南区", community="甲社区"),
            admin_username="admin",
            admin_password="secret123",
        )
        people.create_person(app, {"name": "王建国", "category": "退休"})
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "0999_test_extra.py").write_text(
        f'''revision = "0999"
down_revision = "{head}"
branch_labels = None
depends_on = None

import sqlalchemy as sa
from alembic import op


def upgrade():
    op.create_table("test_extra", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("test_extra")
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    with App.open(data) as app:
        assert (app.migration.before, app.migration.after) == (head, "0999")
        backup = app.migration.backup
    assert backup is not None and backup.exists()
    with sqlite3.connect(backup) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT name FROM people").fetchall() == [("王建国",)]
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    engine = make_engine(data / "cadre_desk.db", write=False, pooled=False)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM test_extra").scalar() == 0
        assert conn.exec_driver_sql("SELECT name FROM people").scalar() == "王建国"
    engine.dispose()
