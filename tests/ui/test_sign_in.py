"""Signing in at start, switching user, and the administrator's users dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cadre_desk.core.app import App
from cadre_desk.core.services import accounts, setup
from cadre_desk.ui.account_dialogs import PasswordDialog, SignInDialog, UserDialog, UsersDialog
from cadre_desk.ui.main_window import PAGE_KEYS
from cadre_desk.ui.settings import LayoutState


def _sign_in_with(dialog: SignInDialog, username: str, password: str) -> None:
    dialog.ui.userCombo.setEditText(username)
    dialog.ui.passwordEdit.setText(password)
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _when_a_dialog_is_shown(answer) -> None:
    """Call ``answer`` once a modal dialog is up (the switch request reaches the shell queued)."""
    timer = QTimer()

    def poll() -> None:
        if QApplication.activeModalWidget() is not None:
            timer.stop()
            answer()

    timer.timeout.connect(poll)
    timer.start(5)
    _timers.append(timer)


_timers: list[QTimer] = []


@pytest.fixture
def station(demo_app: App) -> App:
    demo_app.actor = setup.first_admin(demo_app)  # type: ignore[assignment]
    accounts.add_user(demo_app, "zhang", "张丽", "operator", "zhang-pass")
    accounts.add_user(demo_app, "wang", "王强", "readonly", "wang-pass")
    return demo_app


def test_wrong_password_keeps_the_dialog_open_with_a_message(qtbot, station: App) -> None:
    dialog = SignInDialog(station, LayoutState(station.layout.root))
    qtbot.addWidget(dialog)
    assert dialog.ui.stationLabel.text() == "金湖路社区老干部驿站"
    _sign_in_with(dialog, "zhang", "not-her-password")
    assert dialog.actor is None and not dialog.ui.errorLabel.isHidden()
    assert dialog.ui.errorLabel.text().startswith("用户名或密码不对")
    assert dialog.ui.passwordEdit.text() == ""  # typed again, never kept
    for _ in range(accounts.FAILURES_BEFORE_LOCK - 1):
        _sign_in_with(dialog, "zhang", "not-her-password")
    assert "已锁定 1 分钟" in dialog.ui.errorLabel.text()
    _sign_in_with(dialog, "zhang", "zhang-pass")  # the right one, but too soon
    assert dialog.actor is None and "后再试" in dialog.ui.errorLabel.text()


def test_the_right_password_signs_in_and_the_name_is_remembered(qtbot, station: App) -> None:
    layout = LayoutState(station.layout.root)
    dialog = SignInDialog(station, layout)
    qtbot.addWidget(dialog)
    combo = dialog.ui.userCombo
    assert [combo.itemData(i) for i in range(combo.count())] == ["admin", "zhang", "wang"]
    combo.setCurrentIndex(combo.findData("zhang"))
    dialog.ui.passwordEdit.setText("zhang-pass")
    dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.actor is not None and (dialog.actor.name, dialog.actor.role) == ("张丽", "operator")
    again = SignInDialog(station, layout)
    qtbot.addWidget(again)
    assert again.ui.userCombo.currentData() == "zhang"  # the last user, ready for their password


def test_start_asks_unless_an_administrator_chose_automatic_sign_in(qtbot, make_shell, station: App) -> None:
    shell = make_shell(station)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        _sign_in_with(dialog, "wang", "wang-pass")

    QTimer.singleShot(0, answer)
    assert shell.sign_in()
    assert station.actor.name == "王强" and station.actor.role == "readonly"

    station.actor = setup.first_admin(station)  # type: ignore[assignment]
    zhang = next(u for u in accounts.list_users(station) if u.username == "zhang")
    accounts.set_auto_sign_in(station, zhang.id)
    assert make_shell(station).sign_in()  # no dialog this time
    assert station.actor.name == "张丽"


def test_quitting_the_sign_in_opens_nothing(qtbot, make_shell, station: App) -> None:
    shell = make_shell(station)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert shell.sign_in() is False
    assert shell.window is None


def test_switching_user_reopens_the_window_for_the_new_role(qtbot, make_shell, station: App) -> None:
    shell = make_shell(station)
    window = shell.open_main_window()
    settings = window.go_to("settings")
    assert settings.ui.userValue.text() == "刘晓燕（管理员）"
    assert settings.ui.usersButton.isVisible() and settings.ui.typesButton.isEnabled()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignInDialog)
        assert dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
        _sign_in_with(dialog, "wang", "wang-pass")

    _when_a_dialog_is_shown(answer)
    settings.ui.switchUserButton.click()
    qtbot.waitUntil(lambda: shell.window is not window)
    new = shell.window
    assert new.current_key() == "settings"
    assert new.user_label.text() == "当前用户：王强（只读）"
    page = new.pages["settings"]
    assert not page.ui.usersButton.isVisible()
    assert not page.ui.typesButton.isEnabled() and not page.ui.remindersBox.isEnabled()
    assert page.ui.changePasswordButton.isVisible()  # everyone may change their own password
    # the audit trail is for administrators: not offered, not reachable by shortcut or memory
    assert new.ui.navList.isRowHidden(PAGE_KEYS.index("audit"))
    assert new.go_to("audit") is new.pages["home"]


def test_administrator_adds_a_user_resets_a_password_and_sets_automatic_sign_in(qtbot, station: App) -> None:
    dialog = UsersDialog(station)
    qtbot.addWidget(dialog)
    assert dialog.ui.usersTable.rowCount() == 3
    assert dialog.ui.usersTable.item(1, 2).text() == "操作员"

    add = UserDialog(station, dialog)
    qtbot.addWidget(add)
    add.ui.usernameEdit.setText("zhao")
    add.ui.displayNameEdit.setText("赵敏")
    add.ui.roleCombo.setCurrentIndex(add.ui.roleCombo.findData("operator"))
    add.ui.passwordEdit.setText("zhao-pass")
    add.ui.confirmEdit.setText("zhao-pass2")
    add.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert add.ui.errorLabel.text() == "两次输入的密码不一致。"
    add.ui.confirmEdit.setText("zhao-pass")
    add.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert accounts.sign_in(station, "zhao", "zhao-pass").name == "赵敏"

    dialog.load()
    assert dialog.ui.usersTable.rowCount() == 4
    zhao = next(u for u in accounts.list_users(station) if u.username == "zhao")
    reset = PasswordDialog(station, dialog, user=zhao)
    qtbot.addWidget(reset)
    assert reset.ui.oldEdit.isHidden()
    reset.ui.newEdit.setText("fresh-pass")
    reset.ui.confirmEdit.setText("fresh-pass")
    reset.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert accounts.sign_in(station, "zhao", "fresh-pass").role == "operator"

    combo = dialog.ui.autoCombo
    combo.setCurrentIndex(combo.findData(zhao.id))
    combo.activated.emit(combo.currentIndex())
    assert accounts.auto_sign_in(station).user_id == zhao.id  # type: ignore[union-attr]
    assert "自动登录" in dialog.ui.usersTable.item(3, 3).text()


def test_the_last_administrator_cannot_be_demoted_in_the_dialog(qtbot, station: App) -> None:
    admin = next(u for u in accounts.list_users(station) if u.role == "admin")
    edit = UserDialog(station, user=admin)
    qtbot.addWidget(edit)
    assert edit.ui.usernameEdit.isReadOnly() and edit.ui.passwordEdit.isHidden()
    edit.ui.roleCombo.setCurrentIndex(edit.ui.roleCombo.findData("readonly"))
    edit.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "唯一的管理员" in edit.ui.errorLabel.text()
