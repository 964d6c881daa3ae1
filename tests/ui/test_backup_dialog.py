"""设置 → 备份与恢复: who may do what, backing up now or to a USB stick, and asking for a restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from cadre_desk.core import backup
from cadre_desk.core.app import Actor, App
from cadre_desk.core.errors import DomainError
from cadre_desk.ui import backup_dialog
from cadre_desk.ui.backup_dialog import BackupDialog, start_daily_backup
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.pages.base import Context
from cadre_desk.ui.settings import LayoutState, Settings

ADMIN = Actor("u-admin", "张管理", "admin")
OPERATOR = Actor("u-op", "李操作", "operator")
READONLY = Actor("u-ro", "王只读", "readonly")


@pytest.fixture
def ctx(demo_app: App) -> Context:
    demo_app.actor = ADMIN
    return Context(demo_app, JobRunner(inline=True), Settings(demo_app.layout.root), LayoutState(demo_app.layout.root))


@pytest.fixture
def open_dialog(qtbot, ctx: Context):
    def open_(actor: Actor = ADMIN) -> BackupDialog:
        ctx.app.actor = actor
        dialog = BackupDialog(ctx, None)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return open_


def test_buttons_follow_the_users_role(open_dialog) -> None:
    admin = open_dialog(ADMIN)
    ui = admin.ui
    assert ui.backUpButton.isEnabled() and ui.folderButton.isEnabled()
    assert ui.restoreFileButton.isEnabled() and ui.restoreFolderButton.isEnabled()
    assert not ui.restoreButton.isEnabled()  # nothing chosen in the list yet

    operator = open_dialog(OPERATOR)
    ui = operator.ui
    assert ui.backUpButton.isEnabled() and ui.folderButton.isEnabled()
    for button in (ui.restoreButton, ui.restoreFileButton, ui.restoreFolderButton):
        assert not button.isEnabled() and "操作员" in button.toolTip()

    readonly = open_dialog(READONLY)
    ui = readonly.ui
    for button in (ui.backUpButton, ui.folderButton, ui.restoreButton, ui.restoreFileButton):
        assert not button.isEnabled() and button.toolTip()


def test_back_up_now_makes_a_backup_and_lists_it(qtbot, open_dialog, ctx: Context) -> None:
    dialog = open_dialog(OPERATOR)
    assert dialog.ui.backupsTable.rowCount() == 0
    dialog.ui.backUpButton.click()
    qtbot.waitUntil(lambda: dialog.ui.backupsTable.rowCount() == 1, timeout=20_000)
    [made] = ctx.app.layout.backups.glob("手动备份-*.db")
    assert dialog.chosen() is not None and dialog.chosen().path == made  # the new one is chosen
    row = [dialog.ui.backupsTable.item(0, c).text() for c in range(4)]
    assert row[1] == dialog._kind_text("manual") and row[2].endswith("MB") and "80" in row[3]
    assert made.name in dialog.ui.statusLabel.text()


def test_back_up_to_a_usb_stick(qtbot, open_dialog, ctx: Context, tmp_path: Path, monkeypatch, answers) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    dialog = open_dialog()
    dialog.ui.folderButton.click()
    qtbot.waitUntil(lambda: bool(answers["information"]), timeout=30_000)
    folder = stick / "金湖路社区老干部驿站-数据备份"
    assert str(folder) in answers["information"][0]
    assert backup.inspect_backup(folder).photos_in_backup > 0
    assert ctx.layout.value(backup_dialog.FOLDER_KEY) == str(stick)  # offered again next time


def test_restore_the_chosen_backup_after_checking_and_asking(qtbot, open_dialog, ctx: Context, answers) -> None:
    made = backup.make_backup(ctx.app, "manual")
    dialog = open_dialog()
    dialog.ui.backupsTable.selectRow(0)
    assert dialog.ui.restoreButton.isEnabled()
    with qtbot.waitSignal(dialog.restore_requested, timeout=20_000) as requested:
        dialog.ui.restoreButton.click()
    assert requested.args == [made]
    assert dialog.result() == QDialog.DialogCode.Accepted
    [question] = answers["question"]
    assert "金湖路社区老干部驿站" in question and "80" in question
    assert dialog.keep_copy_note() in question  # the user is told the current books are kept


def test_saying_no_restores_nothing(qtbot, open_dialog, ctx: Context, monkeypatch) -> None:
    backup.make_backup(ctx.app, "manual")
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No
    )
    dialog = open_dialog()
    requested: list[Path] = []
    dialog.restore_requested.connect(requested.append)
    dialog.ui.backupsTable.selectRow(0)
    dialog.ui.restoreButton.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    assert requested == [] and dialog.isVisible()


def test_a_file_that_is_not_a_backup_is_refused_with_the_reason(
    qtbot, open_dialog, tmp_path: Path, monkeypatch, answers
) -> None:
    junk = tmp_path / "照片.db"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 500)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    dialog = open_dialog()
    requested: list[Path] = []
    dialog.restore_requested.connect(requested.append)
    dialog.ui.restoreFileButton.click()
    qtbot.waitUntil(lambda: bool(answers["warning"]), timeout=20_000)
    assert "不是本程序的备份文件" in answers["warning"][0]
    assert requested == [] and not answers["question"]


def test_restore_from_a_folder_backup_on_a_stick(
    qtbot, open_dialog, ctx: Context, tmp_path: Path, monkeypatch, answers
):
    stick = tmp_path / "stick"
    stick.mkdir()
    done = backup.back_up_to_folder(ctx.app, stick)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    dialog = open_dialog()
    with qtbot.waitSignal(dialog.restore_requested, timeout=20_000) as requested:
        dialog.ui.restoreFolderButton.click()
    assert requested.args == [done.folder]
    assert str(done.photos) in answers["question"][0]


def test_the_daily_backup_runs_quietly_and_a_failure_shows_in_the_dialog(
    qtbot, ctx: Context, open_dialog, monkeypatch, answers
) -> None:
    start_daily_backup(ctx)
    qtbot.waitUntil(lambda: ctx.runner.active == 0, timeout=20_000)
    assert len(list(ctx.app.layout.backups.glob("自动备份-*.db"))) == 1
    dialog = open_dialog()
    assert dialog.ui.statusLabel.styleSheet() == ""
    dialog.close()

    def full_disk(*_args, **_kwargs):
        raise DomainError("磁盘空间不足，无法保存备份。")

    monkeypatch.setattr(backup, "daily_backup_if_due", full_disk)
    start_daily_backup(ctx)
    qtbot.waitUntil(lambda: ctx.runner.active == 0, timeout=20_000)
    assert not any(answers.values())  # no popup
    dialog = open_dialog()
    assert "磁盘空间不足" in dialog.ui.statusLabel.text()
    assert "b00020" in dialog.ui.statusLabel.styleSheet()
    monkeypatch.undo()
    backup_dialog._daily_failures.clear()
