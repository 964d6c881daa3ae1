"""The check-in window when the database is held by another program or the disk is full:
the staff at the door read why, nobody signed in before is lost, and once the trouble is
gone the same Enter signs the person in."""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

if sys.platform == "win32":  # a full disk is made with a POSIX file size limit
    pytest.skip("needs a POSIX system", allow_module_level=True)

import resource

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from cadre_desk.core import db
from cadre_desk.core.app import App
from cadre_desk.core.models import ActivityType
from cadre_desk.core.paths import DB_FILENAME
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import people
from cadre_desk.ui.checkin_window import CheckInWindow
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.pages.base import Context
from cadre_desk.ui.settings import LayoutState, Settings

LOCKED = "数据库正被另一个程序占用"
NO_SPACE = "磁盘空间不足"


@pytest.fixture
def door(qtbot, station_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CheckInWindow]:
    """The check-in window of an activity with three people invited; writes give up on a lock
    after 0.3 s (not the app's 10 s)."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    app = App.open(shutil.copytree(station_template, tmp_path / "data"))
    ids = [people.create_person(app, {"name": name, "category": "退休"}) for name in ("王建国", "李秀英", "张援朝")]
    with app.read() as s:
        type_id = s.query(ActivityType.id).filter(ActivityType.name == "学习教育").scalar()
    aid = acts.create_activity(app, {"title": "学习会", "type_id": type_id, "date": dt.date.today()}, ids)
    ctx = Context(app, JobRunner(inline=True), Settings(app.layout.root), LayoutState(app.layout.root))
    window = CheckInWindow(ctx, aid)
    qtbot.addWidget(window)
    window.show()
    window.ui.padCheck.setChecked(False)
    yield window
    app.close()


def type_and_enter(window: CheckInWindow, text: str) -> None:
    QTest.keyClicks(window.ui.searchEdit, text)
    QTest.keyClick(window.ui.searchEdit, Qt.Key.Key_Return)


def sign(window: CheckInWindow) -> None:
    pad = window.ui.pad
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 40))
    for x, y in ((60, 70), (110, 30), (160, 80)):
        QTest.mouseMove(pad, QPoint(x, y))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(160, 80))


def signed_in(window: CheckInWindow) -> list[str]:
    return [e.name for e in acts.check_in_book(window.app, window.activity_id).entries]


@contextmanager
def held_by_another_program(data_dir: Path) -> Iterator[None]:
    """The database locked for writing by another program (a plain SQLite connection)."""
    con = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        con.rollback()
        con.close()


@contextmanager
def disk_full(data_dir: Path) -> Iterator[None]:
    """No file may grow while inside (writes fail as on a full disk: EFBIG)."""
    con = sqlite3.connect(data_dir / DB_FILENAME)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the next write must grow the log
    con.close()
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)


def test_a_database_held_by_another_program_is_explained_at_the_door(door: CheckInWindow) -> None:
    type_and_enter(door, "wjg")
    with held_by_another_program(door.app.layout.root):
        type_and_enter(door, "lxy")
        assert LOCKED in door.ui.messageLabel.text()
        assert signed_in(door) == ["王建国"]  # the book can still be read
    type_and_enter(door, "lxy")
    assert "李秀英" in door.ui.messageLabel.text() and LOCKED not in door.ui.messageLabel.text()
    assert sorted(signed_in(door)) == sorted(["王建国", "李秀英"])


@pytest.mark.parametrize("with_signature", [False, True])
def test_a_full_disk_is_explained_at_the_door(door: CheckInWindow, with_signature: bool) -> None:
    type_and_enter(door, "wjg")
    door.ui.padCheck.setChecked(with_signature)

    def sign_in_lxy() -> None:
        type_and_enter(door, "lxy")
        if with_signature:
            sign(door)
            QTest.keyClick(door.ui.searchEdit, Qt.Key.Key_Return)  # confirms the signature

    with disk_full(door.app.layout.root):
        sign_in_lxy()
        message = door.ui.messageLabel.text()
    assert NO_SPACE in message and "请清理磁盘" in message
    assert signed_in(door) == ["王建国"]
    sign_in_lxy()
    assert "李秀英" in door.ui.messageLabel.text() and NO_SPACE not in door.ui.messageLabel.text()
    book = acts.check_in_book(door.app, door.activity_id)
    assert sorted(e.name for e in book.entries) == sorted(["王建国", "李秀英"])
    lxy = next(e for e in book.entries if e.name == "李秀英")
    assert (lxy.signature_sha256 is not None) == with_signature
    if with_signature:  # the signature that the full disk refused was signed again, and saved whole
        assert door.app.media.verify(lxy.signature_sha256 or "", "png") is None
