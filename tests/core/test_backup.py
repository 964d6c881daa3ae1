"""Backups and restore: round trips, folder backups with photos, rotation, and refusing what is not a backup."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from cadre_desk import __version__
from cadre_desk.core import backup, migrate
from cadre_desk.core.app import Actor, App
from cadre_desk.core.check import run_check
from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.paths import DataLayout
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.services import people, photos
from cadre_desk.core.services.activities import delete_activity

from .test_photos import make_jpeg

#: the tables whose rows are the books (what a restore must bring back exactly)
BOOKS = ("people", "activities", "check_ins", "attachments", "visits", "service_records", "media_files", "users")


def books(db: Path) -> dict[str, list[tuple]]:
    """Every row of the books' tables, in a fixed order."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in BOOKS}
    finally:
        con.close()


def names(db: Path) -> set[str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT name FROM people WHERE deleted = 0")}
    finally:
        con.close()


def first_activity(app: App) -> str:
    con = sqlite3.connect(f"file:{app.layout.db}?mode=ro", uri=True)
    try:
        return con.execute(
            "SELECT a.id FROM activities a JOIN attachments t ON t.owner_id = a.id WHERE a.deleted = 0 LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()


# -- round trips --------------------------------------------------------------------------


def test_backup_then_restore_brings_back_the_books_and_keeps_what_was_there(demo_app: App) -> None:
    layout = demo_app.layout
    made = backup.make_backup(demo_app, "manual")
    assert made.parent == layout.backups and made.name.startswith("手动备份-") and made.suffix == ".db"
    at_backup = books(made)
    assert at_backup == books(layout.db)  # the copy is the books as they were

    side = json.loads(backup.sidecar_path(made).read_text(encoding="utf-8"))
    assert side["station"] == "金湖路社区老干部驿站" and side["app_version"] == __version__
    assert side["schema"] == migrate.head_revision() and side["install_id"] == demo_app.install_id
    assert side["counts"]["people"] == 80 and side["counts"]["photos"] > 0

    # work goes on after the backup: a new person, an activity deleted
    people.create_person(demo_app, {"name": "备份后新来的", "category": "tuixiu"})
    delete_activity(demo_app, first_activity(demo_app))
    before_restore = books(layout.db)
    assert before_restore != at_backup
    demo_app.close()

    result = backup.restore_backup(layout, made)
    assert books(layout.db) == at_backup
    assert "备份后新来的" not in names(layout.db)
    assert result.previous_copy is not None and result.previous_copy.name.startswith("恢复前备份-")
    assert books(result.previous_copy) == before_restore  # the data as it was is kept, complete
    assert result.missing_photos == 0  # the photo store still has every photo
    assert not list(layout.root.glob("*.restoring*"))

    with App.open(layout.root) as reopened:
        assert run_check(reopened).ok
        people.create_person(reopened, {"name": "恢复后新来的", "category": "tuixiu"})  # the books work on
        assert reopened.migration.backup is None  # same schema: nothing to migrate


def test_restore_keeps_the_change_sequence_moving_forward(demo_app: App) -> None:
    """Changes made after the backup may have gone to the district already under their numbers."""
    made = backup.make_backup(demo_app, "manual")
    for name in ("甲已发出", "乙已发出", "丙已发出"):
        people.create_person(demo_app, {"name": name, "category": "tuixiu"})
    seq_before = int(demo_app.meta("tx_seq") or 0)
    layout = demo_app.layout
    demo_app.close()
    backup.restore_backup(layout, made)
    with App.open(layout.root) as reopened:
        assert int(reopened.meta("tx_seq") or 0) == seq_before
        people.create_person(reopened, {"name": "恢复后", "category": "tuixiu"})
        assert int(reopened.meta("tx_seq") or 0) > seq_before


def test_folder_backup_with_photos_restores_onto_an_empty_data_dir(demo_app: App, tmp_path: Path) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    done = backup.back_up_to_folder(demo_app, stick)
    assert done.folder == stick / "金湖路社区老干部驿站-数据备份"
    assert (done.folder / "备份信息.json").exists() and (done.folder / "cadre_desk.db").exists()
    assert done.photos > 0 and done.copied_files >= done.photos  # originals, print copies, thumbnails
    assert not list(done.folder.rglob("*.part"))

    info = backup.inspect_backup(stick)  # the stick itself: its one backup folder is found
    assert info.folder and info.photos_in_backup == len(info.media) == done.photos
    assert info.counts["people"] == 80

    fresh = DataLayout(tmp_path / "新电脑")
    result = backup.restore_backup(fresh, done.folder)
    assert result.previous_copy is None  # nothing was there to keep
    assert result.photos_copied >= done.photos and result.missing_photos == 0 and result.photos_damaged == 0
    assert books(fresh.db) == books(demo_app.layout.db)
    with App.open(fresh.root) as restored:
        report = run_check(restored)
        assert report.ok, report.problems


def test_a_second_folder_backup_copies_only_new_photos(demo_app: App, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    first = backup.back_up_to_folder(demo_app, stick)
    again = backup.back_up_to_folder(demo_app, stick)
    assert again.copied_files == 0 and again.unchanged_files == first.copied_files

    photo = tmp_path / "新照片.jpg"
    photo.write_bytes(make_jpeg(4242))
    photos.import_photos(demo_app, "activity", first_activity(demo_app), [photo])
    third = backup.back_up_to_folder(demo_app, stick)
    assert third.copied_files == 3  # the new photo, its print copy and its thumbnail
    assert backup.inspect_backup(third.folder).photos_in_backup == third.photos == first.photos + 1


def test_a_cancelled_folder_backup_leaves_the_previous_one_complete(demo_app: App, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    first = backup.back_up_to_folder(demo_app, stick)
    people.create_person(demo_app, {"name": "后来的", "category": "tuixiu"})
    shutil.rmtree(first.folder / "media" / "thumbs")  # so that the next backup has photos to copy

    token = CancelToken()
    calls = []

    def progress(fraction: float, message: str) -> None:
        calls.append(message)
        if "复制照片" in message and len(calls) > 3:
            token.cancel()

    with pytest.raises(Cancelled):
        backup.back_up_to_folder(demo_app, stick, progress=progress, cancel=token)
    assert not list(first.folder.rglob("*.part"))
    info = backup.inspect_backup(first.folder)  # still the first backup, whole
    assert info.counts["people"] == 80 and "后来的" not in names(info.db_path)


def test_an_interrupted_first_folder_backup_is_not_taken_for_a_backup(demo_app: App, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    token = CancelToken()

    def progress(fraction: float, message: str) -> None:
        if "复制照片" in message:
            token.cancel()

    with pytest.raises(Cancelled):
        backup.back_up_to_folder(demo_app, stick, progress=progress, cancel=token)
    [folder] = stick.iterdir()
    assert not (folder / "备份信息.json").exists()
    with pytest.raises(DomainError, match="不完整"):
        backup.inspect_backup(folder)


def test_a_full_stick_gives_a_clear_message_and_no_half_backup(
    demo_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    copied: list[Path] = []
    real_copy = backup._copy_file

    def copy_until_full(src: Path, dest: Path, **kwargs: object) -> int:
        if len(copied) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(dest))
        copied.append(dest)
        return real_copy(src, dest, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(backup, "_copy_file", copy_until_full)
    with pytest.raises(DomainError, match="磁盘空间不足"):
        backup.back_up_to_folder(demo_app, stick)
    [folder] = stick.iterdir()
    assert not (folder / "备份信息.json").exists() and not list(folder.rglob("*.part"))
    assert not (folder / "cadre_desk.db").exists()


def test_too_little_free_space_is_said_before_anything_is_written(
    demo_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(DomainError, match=r"空间不足.*只剩"):
        backup.back_up_to_folder(demo_app, stick)
    with pytest.raises(DomainError, match="空间不足"):
        backup.make_backup(demo_app, "manual")
    assert not list(demo_app.layout.backups.glob("*.db*"))


# -- a consistent copy while the books are being written ------------------------------------


def test_a_backup_during_a_write_transaction_elsewhere_is_consistent(demo_app: App) -> None:
    db = demo_app.layout.db
    committed = sqlite3.connect(db, isolation_level=None)
    committed.execute("PRAGMA wal_autocheckpoint=0")  # the committed change stays in the -wal file
    committed.execute("UPDATE people SET name = '已提交的改名' WHERE id = (SELECT min(id) FROM people)")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE people SET name = '未提交的改名' WHERE deleted = 0")
    writer.execute("INSERT INTO meta (key, value) VALUES ('half_done', '1')")
    try:
        made = backup.make_backup(demo_app, "manual")  # does not wait for the writer
    finally:
        writer.execute("ROLLBACK")
        writer.close()
        committed.close()
    copy = names(made)
    assert "已提交的改名" in copy and "未提交的改名" not in copy
    assert len(copy) == 80
    con = sqlite3.connect(made)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM meta WHERE key = 'half_done'").fetchone()[0] == 0
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    con.close()
    assert not made.with_name(made.name + "-wal").exists()


# -- daily backups and rotation -------------------------------------------------------------


def test_rotation_keeps_seven_days_four_weeks_and_twelve_months() -> None:
    start = dt.datetime(2025, 1, 1, 8, 30)
    stamps = [start + dt.timedelta(days=d, hours=h) for d in range(400) for h in (0, 3)]  # twice a day
    kept = backup.rotation_keep(stamps)
    newest = max(stamps)
    days = sorted({t.date() for t in kept}, reverse=True)
    assert newest in kept
    # the 7 most recent days, each by its latest backup of the day
    last_week = [newest.date() - dt.timedelta(days=i) for i in range(7)]
    for day in last_week:
        assert dt.datetime.combine(day, dt.time(11, 30)) in kept
        assert dt.datetime.combine(day, dt.time(8, 30)) not in kept
    weeks = {tuple(t.isocalendar())[:2] for t in kept}
    months = {(t.year, t.month) for t in kept}
    assert len(months) == 12 and len(weeks) >= 4
    assert len(kept) <= 7 + 4 + 12 and len(days) == len(kept)
    assert min(kept) > newest - dt.timedelta(days=366)


def test_rotation_counts_days_that_have_a_backup_so_a_holiday_loses_nothing() -> None:
    before_holiday = [dt.datetime(2026, 1, d, 9) for d in range(1, 8)]  # seven working days
    after = [dt.datetime(2026, 2, 20, 9)]  # back after the spring festival
    kept = backup.rotation_keep(before_holiday + after)
    assert set(before_holiday[1:]) <= kept  # six of the old days are still the newest days
    assert after[0] in kept


def test_rotation_of_a_few_backups_keeps_them_all() -> None:
    stamps = [dt.datetime(2026, 11, 23, 8), dt.datetime(2026, 11, 22, 8), dt.datetime(2026, 10, 1, 8)]
    assert backup.rotation_keep(stamps) == set(stamps)
    assert backup.rotation_keep([]) == set()


def _fake_backup(folder: Path, kind: str, when: dt.datetime, label: str = "") -> Path:
    name = f"{backup.KIND_NAMES[kind]}-{when:%Y%m%d-%H%M%S}" + (f"-{label}" if label else "") + ".db"
    path = folder / name
    path.write_bytes(b"old")
    backup.sidecar_path(path).write_text("{}", encoding="utf-8")
    return path


def test_daily_backup_once_a_day_then_old_ones_rotated_and_manual_ones_kept(app: App) -> None:
    folder = app.layout.backups
    today = dt.date.today()
    old_autos = [
        _fake_backup(folder, "auto", dt.datetime.combine(today, dt.time(7)) - dt.timedelta(days=d))
        for d in range(1, 60)
    ]
    manual = _fake_backup(folder, "manual", dt.datetime(2020, 1, 1, 9))
    upgrades = [_fake_backup(folder, "migration", dt.datetime(2026, 1, d, 9), "0003") for d in range(1, 9)]

    made = backup.daily_backup_if_due(app, today)
    assert made is not None and made.name.startswith("自动备份-") and made.exists()
    assert backup.daily_backup_if_due(app, today) is None  # one a day
    autos = [e for e in backup.list_backups(app.layout) if e.kind == "auto"]
    assert len(autos) == len(backup.rotation_keep(e.created for e in autos)) <= 7 + 4 + 12
    assert {e.created.date() for e in autos} >= {today - dt.timedelta(days=d) for d in range(7)}
    assert not old_autos[-1].exists() and not backup.sidecar_path(old_autos[-1]).exists()
    assert manual.exists()  # never deleted automatically
    assert all(p.exists() for p in upgrades)  # other kinds rotate on their own schedule

    backup.rotate_backups(folder, "migration")
    assert [p.exists() for p in upgrades] == [False] * 3 + [True] * 5  # the newest five


def test_sync_import_backups_keep_the_newest_five(app: App) -> None:
    from cadre_desk.core.services.sync import _backup_before_import

    folder = app.layout.backups
    old = [_fake_backup(folder, "sync", dt.datetime(2026, 1, d, 9)) for d in range(1, 7)]
    made = _backup_before_import(app)
    assert made.name.startswith("同步导入前备份-") and made.exists()
    assert sum(p.exists() for p in old) == 4  # with the new one, five


def test_list_backups_newest_first_with_what_they_hold(demo_app: App) -> None:
    first = backup.make_backup(demo_app, "manual")
    second = backup.make_backup(demo_app, "auto")
    listed = backup.list_backups(demo_app.layout)
    assert [e.path for e in listed[:2]] == [second, first]
    assert listed[0].kind_name == "自动备份" and listed[0].counts["people"] == 80 and listed[0].size > 0


def test_a_migration_backs_up_first_and_keeps_five(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "d"
    App.open(data).close()
    backups = data / "backups"
    for d in range(1, 8):
        _fake_backup(backups, "migration", dt.datetime(2026, 1, d, 9), "0001")
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "0999_test_extra.py").write_text(
        f'revision = "0999"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n'
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    with App.open(data) as app:
        made = app.migration.backup
    assert made is not None and made.name.startswith("升级前备份-") and made.name.endswith(f"-{head}.db")
    kept = [e for e in backup.list_backups(DataLayout(data)) if e.kind == "migration"]
    assert len(kept) == 5 and kept[0].path == made


# -- what is not a backup -------------------------------------------------------------------


@pytest.fixture
def one_backup(app: App) -> Path:
    return backup.make_backup(app, "manual")


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buf, "JPEG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("what", "make", "reason"),
    [
        ("a text file", lambda good, p: p.write_text("备份清单\n", encoding="utf-8"), "不是本程序的备份文件"),
        ("an empty file", lambda good, p: p.write_bytes(b""), "不是本程序的备份文件"),
        ("a JPEG renamed .db", lambda good, p: p.write_bytes(_jpeg()), "不是本程序的备份文件"),
        ("a truncated backup", lambda good, p: p.write_bytes(good.read_bytes()[: good.stat().st_size // 2]), "截断"),
        ("a header only", lambda good, p: p.write_bytes(good.read_bytes()[:60]), "截断"),
        (
            "another program's database",
            lambda good, p: sqlite3.connect(p).execute("CREATE TABLE notes (x)").connection.commit(),
            "不是本程序的数据",
        ),
    ],
)
def test_inspect_refuses_what_is_not_a_backup(one_backup: Path, tmp_path: Path, what: str, make, reason: str) -> None:
    bad = tmp_path / "备份.db"
    make(one_backup, bad)
    with pytest.raises(DomainError, match=reason):
        backup.inspect_backup(bad)


def test_a_damaged_backup_is_refused(one_backup: Path, tmp_path: Path) -> None:
    data = bytearray(one_backup.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for n in range(2, len(data) // page, 3):  # scribble over the headers of some of the tables' pages
        data[n * page : n * page + 8] = b"\x5a" * 8
    bad = tmp_path / "damaged.db"
    bad.write_bytes(bytes(data))
    with pytest.raises(DomainError, match="损坏"):
        backup.inspect_backup(bad)


def test_a_backup_from_a_newer_version_is_refused_and_nothing_changes(app: App, one_backup: Path) -> None:
    with sqlite3.connect(one_backup) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    layout = app.layout
    app.close()
    before = layout.db.read_bytes()
    with pytest.raises(DomainError, match="更新版本"):
        backup.restore_backup(layout, one_backup)
    assert layout.db.read_bytes() == before
    assert not [e for e in backup.list_backups(layout) if e.kind == "restore"]  # refused before anything


def test_a_backup_with_an_older_schema_is_restored_and_migrated(
    demo_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = backup.make_backup(demo_app, "manual")
    layout = demo_app.layout
    demo_app.close()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "0999_test_extra.py").write_text(
        f'revision = "0999"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n'
        "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    App.open(layout.root).close()  # the current books move on to the newer schema
    info = backup.inspect_backup(made)
    assert info.schema == head and not info.schema_current
    backup.restore_backup(layout, made)
    with App.open(layout.root) as reopened:
        assert (reopened.migration.before, reopened.migration.after) == (head, "0999")
        assert len(names(layout.db)) == 80


def test_an_unfinished_or_altered_folder_backup_is_refused(demo_app: App, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    done = backup.back_up_to_folder(demo_app, stick)
    with open(done.folder / "cadre_desk.db", "r+b") as fh:  # changed after the backup was made
        fh.seek(200)
        fh.write(b"x")
    with pytest.raises(DomainError, match="不符"):
        backup.inspect_backup(done.folder)
    (done.folder / "备份信息.json").unlink()
    with pytest.raises(DomainError, match="数据目录"):  # a copy of a data folder looks like this
        backup.inspect_backup(done.folder)
    with pytest.raises(DomainError, match="没有本程序的备份"):
        backup.inspect_backup(tmp_path)


def test_an_older_style_backup_in_wal_mode_is_read_without_leaving_files_beside_it(app: App, one_backup: Path) -> None:
    """Backups made before this version kept the live database's WAL mode in the file."""
    con = sqlite3.connect(one_backup)
    assert con.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    con.close()
    layout = app.layout
    app.close()
    assert backup.inspect_backup(one_backup).counts["people"] == 0
    backup.restore_backup(layout, one_backup)
    assert sorted(p.name for p in one_backup.parent.glob(one_backup.name + "*")) == [one_backup.name]
    with App.open(layout.root) as reopened:
        assert run_check(reopened).ok


def test_restoring_the_current_database_onto_itself_is_refused(app: App) -> None:
    layout = app.layout
    app.close()
    with pytest.raises(DomainError, match="当前正在使用的数据库"):
        backup.restore_backup(layout, layout.db)


def test_a_damaged_current_database_is_kept_as_its_raw_files(app: App, one_backup: Path) -> None:
    layout = app.layout
    app.close()
    damaged = bytearray(layout.db.read_bytes())
    damaged[4096 * 2 : 4096 * 2 + 500] = b"\xff" * 500
    layout.db.write_bytes(bytes(damaged))
    result = backup.restore_backup(layout, one_backup)
    assert result.previous_copy is not None and result.previous_copy.read_bytes() == bytes(damaged)
    with App.open(layout.root) as reopened:
        assert run_check(reopened).ok


# -- who may ------------------------------------------------------------------------------


def test_backing_up_and_restoring_need_their_permissions(app: App, one_backup: Path, tmp_path: Path) -> None:
    app.actor = Actor("u1", "小李", "readonly")
    with pytest.raises(PermissionDenied, match="备份数据"):
        backup.make_backup(app, "manual")
    with pytest.raises(PermissionDenied):
        backup.back_up_to_folder(app, tmp_path)
    assert backup.daily_backup_if_due(app) is not None  # the app's own backup needs nobody's permission
    operator = Actor("u2", "小王", "operator")
    app.actor = operator
    assert backup.make_backup(app, "manual").exists()
    layout = app.layout
    app.close()
    with pytest.raises(PermissionDenied, match="从备份恢复数据"):
        backup.restore_backup(layout, one_backup, actor=operator)
