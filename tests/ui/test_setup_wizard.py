"""First run: the wizard checks each page, creates the station and administrator, and offers demo data;
or, on a new PC, restores the old PC's backup instead."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QWizard

from cadre_desk.core import backup
from cadre_desk.core.app import App
from cadre_desk.core.media import MediaStore
from cadre_desk.core.security import verify_password
from cadre_desk.core.services import setup
from cadre_desk.ui.account_dialogs import SignInDialog
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.setup_wizard import SetupWizard


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[App]:
    with App.open(tmp_path / "fresh") as app:
        yield app


def fill_profile(wizard: SetupWizard, **overrides: str) -> None:
    values = {
        "nameEdit": "杏林路社区老干部驿站",
        "communityEdit": "杏林路社区",
        "streetEdit": "湛山街道",
        "districtEdit": "市南区",
        "contactEdit": "王丽",
        "phoneEdit": "13912345678",
    } | overrides
    for name, value in values.items():
        getattr(wizard.ui, name).setText(value)


def fill_admin(wizard: SetupWizard, password: str = "station-2026", confirm: str | None = None) -> None:
    wizard.ui.usernameEdit.setText("wangli")
    wizard.ui.displayNameEdit.setText("王丽")
    wizard.ui.passwordEdit.setText(password)
    wizard.ui.confirmEdit.setText(password if confirm is None else confirm)


def test_each_page_must_be_right_before_going_on(qtbot, fresh_app: App) -> None:
    wizard = SetupWizard(fresh_app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.ui.profilePage
    fill_profile(wizard, communityEdit="")
    wizard.next()
    assert wizard.currentPage() is wizard.ui.profilePage  # refused
    assert wizard.ui.profileError.isVisible()
    assert "社区或村" in wizard.ui.profileError.text()
    fill_profile(wizard, phoneEdit="12345")
    wizard.next()
    assert wizard.currentPage() is wizard.ui.profilePage
    assert wizard.ui.profileError.text().startswith("联系电话：")
    fill_profile(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.ui.adminPage
    fill_admin(wizard, confirm="something-else")
    wizard.next()
    assert wizard.currentPage() is wizard.ui.adminPage
    assert wizard.ui.adminError.text() == "两次输入的密码不一致。"
    fill_admin(wizard, password="123")
    wizard.next()
    assert "至少需要" in wizard.ui.adminError.text()
    assert not setup.is_initialised(fresh_app)  # nothing written while the user is still typing


def test_finish_creates_the_station_and_the_first_administrator(qtbot, fresh_app: App) -> None:
    wizard = SetupWizard(fresh_app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    fill_profile(wizard, phoneEdit="0532 8585 1234")
    wizard.next()
    fill_admin(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.ui.demoPage
    with qtbot.waitSignal(wizard.accepted, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    info = setup.install_info(fresh_app)
    assert info is not None and info.kind == "station"
    assert info.station_name == "杏林路社区老干部驿站"
    assert info.profile.contact_phone == "0532-85851234"  # tidied the way the ledgers print it
    admin = setup.first_admin(fresh_app)
    assert admin is not None and admin.name == "王丽"
    from sqlalchemy import select

    from cadre_desk.core.models import UserCredential

    with fresh_app.read() as s:
        stored = s.scalars(select(UserCredential)).one()
    assert stored.password_hash and "station-2026" not in stored.password_hash
    assert verify_password(stored.password_hash, "station-2026")


def test_a_district_office_needs_no_community_and_gets_no_demo(qtbot, fresh_app: App) -> None:
    wizard = SetupWizard(fresh_app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.ui.kindDistrict.setChecked(True)
    wizard.next()
    assert wizard.ui.nameCaption.text() == "单位名称(&N) *："
    fill_profile(wizard, nameEdit="市南区委老干部局", communityEdit="", streetEdit="")
    wizard.next()
    fill_admin(wizard)
    wizard.next()
    assert not wizard.ui.demoCheck.isEnabled()
    with qtbot.waitSignal(wizard.accepted, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    info = setup.install_info(fresh_app)
    assert info is not None and info.kind == "district"


def test_first_run_with_demo_opens_the_window_on_filled_books(qtbot, make_shell, fresh_app: App, monkeypatch) -> None:
    from cadre_desk.core.services import demo

    real = demo.load_demo
    monkeypatch.setattr(demo, "load_demo", lambda app, **kw: real(app, members=30, months=1, seed=3, **kw))
    shell = make_shell(fresh_app)

    def fill_and_finish() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, SetupWizard)
        wizard.next()
        fill_profile(wizard)
        wizard.next()
        fill_admin(wizard)
        wizard.next()
        wizard.ui.demoCheck.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    QTimer.singleShot(0, fill_and_finish)
    assert shell.run_setup()
    window = shell.open_main_window()
    assert window.windowTitle().startswith("杏林路社区老干部驿站")  # the demo fills the user's own station
    people = window.go_to("people")
    assert 25 <= people.model.total <= 30  # 30 demo people, a few of them died or moved away
    assert people.ui.countLabel.text() == f"共 {people.model.total} 人"


def test_closing_the_wizard_writes_nothing(qtbot, make_shell, fresh_app: App) -> None:
    shell = make_shell(fresh_app)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert shell.run_setup() is False
    assert not setup.is_initialised(fresh_app)


# -- a new PC: restoring the old PC's backup from the wizard's first page --------------------


@pytest.fixture
def stick(demo_app: App, tmp_path: Path) -> Path:
    """A USB stick holding the old PC's folder backup (the small demo station, with photos)."""
    root = tmp_path / "U盘"
    root.mkdir()
    backup.back_up_to_folder(demo_app, root)
    return root


def _people(app: App) -> int:
    con = sqlite3.connect(f"file:{app.layout.db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM people WHERE deleted = 0").fetchone()[0]
    finally:
        con.close()


def _open_wizard(qtbot, app: App) -> SetupWizard:
    wizard = SetupWizard(app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


@pytest.fixture
def when_shown() -> Iterator:
    """``when_shown(kind, answer)``: call ``answer(dialog)`` each time a modal dialog of ``kind`` is up."""
    timers: list[QTimer] = []

    def watch(kind: type, answer) -> None:
        timer = QTimer()
        seen: list[object] = []

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, kind) and dialog not in seen:
                seen.append(dialog)
                answer(dialog)

        timer.timeout.connect(poll)
        timer.start(10)
        timers.append(timer)

    yield watch
    for timer in timers:
        timer.stop()


def _sign_in(dialog: SignInDialog, username: str = "admin", password: str = "admin123") -> None:
    dialog.ui.userCombo.setEditText(username)
    dialog.ui.passwordEdit.setText(password)
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_first_page_offers_a_restore_that_checks_the_backup_and_asks(
    qtbot, fresh_app: App, demo_app: App, tmp_path: Path, monkeypatch, answers
) -> None:
    saved = backup.make_backup(demo_app, "manual", dest=tmp_path / "旧电脑的备份.db")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    wizard = _open_wizard(qtbot, fresh_app)
    ui = wizard.ui
    assert ui.restoreButton.isVisible() and ui.restoreButton.text() == "从备份恢复（换新电脑）(&R)…"
    assert "数据备份" in ui.restoreLabel.text()
    assert [a.text() for a in ui.restoreButton.menu().actions()] == ["备份文件夹或U盘(&F)…", "备份文件(&I)…"]
    with qtbot.waitSignal(wizard.finished, timeout=20_000) as finished:
        wizard.file_action.trigger()
    assert finished.args == [SetupWizard.RESTORE] and wizard.result() == SetupWizard.RESTORE
    assert wizard.restore_path == saved
    [question] = answers["question"]
    assert question.startswith("把这个备份恢复到这台电脑上吗？")
    assert "金湖路社区老干部驿站" in question and "人员 80 人" in question and "照片文件：不含" in question
    assert not answers["warning"] and not answers["critical"]
    assert not setup.is_initialised(fresh_app)  # the wizard only asks; the shell restores


def test_a_folder_that_is_not_a_backup_is_refused_and_nothing_changes(
    qtbot, fresh_app: App, tmp_path: Path, monkeypatch, answers
) -> None:
    empty_stick = tmp_path / "空U盘"
    (empty_stick / "照片").mkdir(parents=True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(empty_stick))
    wizard = _open_wizard(qtbot, fresh_app)
    wizard.folder_action.trigger()
    qtbot.waitUntil(lambda: bool(answers["warning"]), timeout=20_000)
    assert "数据备份" in answers["warning"][0]  # the reason: no backup folder on this stick
    assert not answers["question"] and wizard.isVisible() and wizard.restore_path is None
    assert wizard.ui.restoreButton.isEnabled()  # free again for another try
    assert not setup.is_initialised(fresh_app) and _people(fresh_app) == 0
    assert not list(fresh_app.layout.backups.glob("*.db"))


def test_answering_no_changes_nothing(qtbot, fresh_app: App, stick: Path, monkeypatch, answers) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *a, **k: answers["question"].append(text) or QMessageBox.StandardButton.No,
    )
    wizard = _open_wizard(qtbot, fresh_app)
    wizard.folder_action.trigger()
    qtbot.waitUntil(lambda: bool(answers["question"]), timeout=20_000)
    assert "照片文件：包含" in answers["question"][0]
    assert wizard.isVisible() and wizard.restore_path is None and wizard.currentPage() is wizard.ui.welcomePage
    assert not setup.is_initialised(fresh_app) and _people(fresh_app) == 0
    wizard.next()  # the normal way on is still open
    assert wizard.currentPage() is wizard.ui.profilePage


def test_first_run_restores_the_old_computers_folder_backup_and_signs_in(
    qtbot, make_shell, fresh_app: App, demo_app: App, stick: Path, monkeypatch, answers, when_shown
) -> None:
    old_people = _people(demo_app)
    media = backup.inspect_backup(stick).media
    assert media  # the old PC's photos are on the stick
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    shell = make_shell(fresh_app)
    when_shown(SetupWizard, lambda wizard: wizard.folder_action.trigger())
    when_shown(SignInDialog, _sign_in)
    assert shell.run_setup()

    restored = shell.app
    assert restored is not fresh_app and restored.layout.root == fresh_app.layout.root
    info = setup.install_info(restored)
    assert setup.is_initialised(restored) and info is not None and info.station_name == "金湖路社区老干部驿站"
    assert _people(restored) == old_people
    store = MediaStore(restored.layout.media)
    assert all(store.original_path(ref.sha256, ref.ext).exists() for ref in media)
    assert restored.actor.name == "刘晓燕" and restored.actor.role == "admin"  # the old PC's account
    [question] = answers["question"]
    assert "金湖路社区老干部驿站" in question and "照片文件：包含" in question
    [told] = answers["information"]
    assert "金湖路社区老干部驿站" in told and "恢复" in told
    assert not answers["warning"] and not answers["critical"]
    window = shell.open_main_window()
    assert window.windowTitle().startswith("金湖路社区老干部驿站")
    assert 0 < window.go_to("people").model.total <= old_people  # the roster leaves out who died or moved away
    shell.shutdown()  # its jobs done before the reopened books are closed
    restored.close()


def test_a_restore_that_fails_shows_why_and_the_wizard_again(
    qtbot, make_shell, fresh_app: App, stick: Path, monkeypatch, answers, when_shown
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    [folder] = stick.iterdir()

    def yes_but_the_stick_is_pulled_out(_p, _t, text, *a, **k):
        answers["question"].append(text)
        shutil.rmtree(folder)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes_but_the_stick_is_pulled_out)
    wizards: list[SetupWizard] = []

    def answer(wizard: SetupWizard) -> None:
        wizards.append(wizard)
        if len(wizards) == 1:
            wizard.folder_action.trigger()
        else:
            wizard.reject()  # shown again; the user gives up this time

    shell = make_shell(fresh_app)
    when_shown(SetupWizard, answer)
    assert shell.run_setup() is False
    assert len(wizards) == 2
    assert answers["warning"] and "找不到" in answers["warning"][0]
    assert not setup.is_initialised(shell.app) and _people(shell.app) == 0
    assert not answers["information"]
    shell.shutdown()
    shell.app.close()


def test_run_gui_opens_the_window_on_the_restored_books_and_a_quit_sign_in_quits_cleanly(
    qtbot, tmp_path: Path, stick: Path, monkeypatch, answers, when_shown
) -> None:
    from cadre_desk.ui import app as app_module

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(stick))
    titles: list[str] = []
    real_open = app_module.Shell.open_main_window

    def open_main_window(shell):
        window = real_open(shell)
        titles.append(window.windowTitle())
        return window

    monkeypatch.setattr(app_module.Shell, "open_main_window", open_main_window)
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))  # the window is up: quit at once

    new_pc = tmp_path / "新电脑"
    sign_ins: list[SignInDialog] = []

    def quit_then_sign_in(dialog: SignInDialog) -> None:
        sign_ins.append(dialog)
        if len(sign_ins) == 1:
            dialog.reject()  # the first start: the user quits at the sign-in
        else:
            _sign_in(dialog)

    when_shown(SetupWizard, lambda wizard: wizard.folder_action.trigger())
    when_shown(SignInDialog, quit_then_sign_in)
    assert app_module.run_gui(new_pc) == 0
    assert titles == []  # quit at the sign-in: no window

    with App.open(new_pc) as restored:  # the backup is restored; the next start asks to sign in
        assert setup.is_initialised(restored)
    assert app_module.run_gui(new_pc) == 0  # the next start: no wizard, the user signs in
    assert len(sign_ins) == 2 and len(titles) == 1 and titles[0].startswith("金湖路社区老干部驿站")
