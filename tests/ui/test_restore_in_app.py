"""Restoring a backup from the window: the books are replaced, a copy of them is kept, the window reopens."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from cadre_desk.core import backup
from cadre_desk.core.app import App
from cadre_desk.core.services import accounts, people, setup


def _count_people(app: App) -> int:
    return sqlite3.connect(app.layout.db).execute("select count(*) from people where not deleted").fetchone()[0]


def test_restore_replaces_the_books_keeps_a_copy_and_reopens_the_window(
    qtbot, make_shell, demo_app: App, monkeypatch
) -> None:
    demo_app.actor = setup.first_admin(demo_app)  # type: ignore[assignment]
    saved = backup.make_backup(demo_app, "manual")
    before = _count_people(demo_app)
    people.create_person(demo_app, {"name": "恢复前新增", "category": "退休"})
    assert _count_people(demo_app) == before + 1

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    shell = make_shell(demo_app)
    window = shell.open_main_window()
    window.go_to("settings")
    window.restore_requested.emit(saved)
    qtbot.waitUntil(lambda: shell.window is not window, timeout=20_000)

    restored = shell.app
    assert restored is not demo_app
    assert _count_people(restored) == before  # the person added after the backup is gone
    assert shell.window.current_key() == "settings"  # the same page, for the same user
    assert shell.window.user_label.text() == "当前用户：刘晓燕（管理员）"
    assert shown and "已从备份恢复台账" in shown[0]
    copy = next(p for p in (restored.layout.backups).glob("恢复前备份-*.db"))
    assert sqlite3.connect(copy).execute("select count(*) from people where not deleted").fetchone()[0] == before + 1
    assert str(copy.name) in shown[0]
    assert accounts.sign_in(restored, "admin", "admin123").role == "admin"
    shell.shutdown()  # its jobs done before the reopened books are closed
    restored.close()
