"""Signing in, and the accounts dialogs: users and roles (administrators), changing a password."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from ..core.app import Actor, App
from ..core.errors import DomainError
from ..core.services import accounts
from ..core.services.setup import install_info
from .generated.ui_password_dialog import Ui_PasswordDialog
from .generated.ui_sign_in_dialog import Ui_SignInDialog
from .generated.ui_user_dialog import Ui_UserDialog
from .generated.ui_users_dialog import Ui_UsersDialog
from .settings import LayoutState
from .widgets import emphasise

ERROR_STYLE = "color: #b00020;"
LAST_USER_KEY = "signin/last_user"


def role_label(role: str) -> str:
    names = {
        "admin": QCoreApplication.translate("Accounts", "Administrator"),
        "operator": QCoreApplication.translate("Accounts", "Operator"),
        "readonly": QCoreApplication.translate("Accounts", "Read only"),
        "system": QCoreApplication.translate("Accounts", "System"),
    }
    return names.get(role, role)


def role_description(role: str) -> str:
    texts = {
        "admin": QCoreApplication.translate(
            "Accounts", "Everything, including users, settings, restoring backups and full-data exports."
        ),
        "operator": QCoreApplication.translate(
            "Accounts", "Keeps the records: roster, activities and sign-ins, photos, visits, service; prints and syncs."
        ),
        "readonly": QCoreApplication.translate(
            "Accounts", "Views and prints; ID numbers, phone numbers and health notes are shown masked."
        ),
    }
    return texts.get(role, "")


def describe_actor(actor: Actor) -> str:
    """ "刘晓燕（管理员）": who is signed in, as the status bar and settings show it."""
    return (
        QCoreApplication.translate("Accounts", "%1 (%2)")
        .replace("%1", actor.name)
        .replace("%2", role_label(actor.role))
    )


def _show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


class SignInDialog(QDialog):
    """Asks for a user name and password; ``actor`` is the signed-in user once accepted."""

    def __init__(
        self, app: App, layout: LayoutState, parent: QWidget | None = None, *, switching: bool = False
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.layout_state = layout
        self.actor: Actor | None = None
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        info = install_info(app)
        self.ui.stationLabel.setText(info.station_name if info else "")
        emphasise(self.ui.stationLabel, 1.3)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.setWordWrap(True)
        _show_error(self.ui.errorLabel, None)
        ok = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Sign in"))
        cancel = self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel") if switching else self.tr("&Quit"))
        if switching:
            self.setWindowTitle(self.tr("Switch user"))
        self.ui.buttons.accepted.connect(self.try_sign_in)
        self.ui.buttons.rejected.connect(self.reject)
        combo = self.ui.userCombo
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for username, display in accounts.sign_in_names(app):
            combo.addItem(username if display == username else f"{username}（{display}）", username)
        last = str(layout.value(LAST_USER_KEY, "") or "")
        index = combo.findData(last)
        combo.setCurrentIndex(index if index >= 0 else 0 if combo.count() == 1 else -1)
        if combo.currentIndex() < 0:
            combo.setEditText("")
        combo.currentTextChanged.connect(lambda _t: _show_error(self.ui.errorLabel, None))
        self.ui.passwordEdit.textChanged.connect(lambda _t: _show_error(self.ui.errorLabel, None))
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 30)))
        (self.ui.passwordEdit if combo.currentIndex() >= 0 else combo).setFocus()

    def username(self) -> str:
        combo = self.ui.userCombo
        index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchExactly)
        return str(combo.itemData(index)) if index >= 0 else combo.currentText().strip()

    def try_sign_in(self) -> None:
        username, password = self.username(), self.ui.passwordEdit.text()
        if not username:
            _show_error(self.ui.errorLabel, self.tr("Please enter your user name."))
            self.ui.userCombo.setFocus()
            return
        try:
            self.actor = accounts.sign_in(self.app, username, password)
        except DomainError as exc:
            self.ui.passwordEdit.clear()  # (clearing hides the last message: show the new one after)
            self.ui.passwordEdit.setFocus()
            _show_error(self.ui.errorLabel, exc.message)
            return
        self.layout_state.set_value(LAST_USER_KEY, username)
        self.accept()


class PasswordDialog(QDialog):
    """The signed-in user changes their password, or (``user`` given) an administrator sets one."""

    def __init__(self, app: App, parent: QWidget | None = None, *, user: accounts.UserInfo | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.ui = Ui_PasswordDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        _show_error(self.ui.errorLabel, None)
        if user is None:
            self.ui.introLabel.setText(
                self.tr("Changing the password of %1. It needs at least %2 characters.")
                .replace("%1", app.actor.name)
                .replace("%2", str(accounts.MIN_PASSWORD_LENGTH))
            )
        else:
            self.setWindowTitle(self.tr("Reset password"))
            self.ui.introLabel.setText(
                self.tr("A new password for %1. Tell it to them in person; the account is unlocked too.").replace(
                    "%1", user.display_name or user.username
                )
            )
            self.ui.oldCaption.hide()
            self.ui.oldEdit.hide()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 34)))

    def save(self) -> None:
        new = self.ui.newEdit.text()
        if new != self.ui.confirmEdit.text():
            _show_error(self.ui.errorLabel, self.tr("The two new passwords are not the same."))
            return
        try:
            if self.user is None:
                accounts.change_password(self.app, self.ui.oldEdit.text(), new)
            else:
                accounts.reset_password(self.app, self.user.id, new)
        except DomainError as exc:
            _show_error(self.ui.errorLabel, exc.message)
            return
        self.accept()


class UserDialog(QDialog):
    """Add a user, or change one's name, role and whether the account is in use."""

    def __init__(self, app: App, parent: QWidget | None = None, *, user: accounts.UserInfo | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.ui = Ui_UserDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        _show_error(self.ui.errorLabel, None)
        for role in ("operator", "readonly", "admin"):
            self.ui.roleCombo.addItem(role_label(role), role)
        self.ui.roleCombo.currentIndexChanged.connect(self._role_chosen)
        if user is None:
            self.setWindowTitle(self.tr("Add user"))
            self.ui.activeCheck.hide()
        else:
            self.setWindowTitle(self.tr("Change user"))
            self.ui.usernameEdit.setText(user.username)
            self.ui.usernameEdit.setReadOnly(True)
            self.ui.displayNameEdit.setText(user.display_name)
            self.ui.roleCombo.setCurrentIndex(self.ui.roleCombo.findData(user.role))
            self.ui.activeCheck.setChecked(user.active)
            for widget in (self.ui.passwordCaption, self.ui.passwordEdit, self.ui.confirmCaption, self.ui.confirmEdit):
                widget.hide()
        self._role_chosen()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 40)))

    def _role_chosen(self) -> None:
        self.ui.roleHint.setText(role_description(str(self.ui.roleCombo.currentData())))

    def save(self) -> None:
        role = str(self.ui.roleCombo.currentData())
        name = self.ui.displayNameEdit.text()
        try:
            if self.user is None:
                if self.ui.passwordEdit.text() != self.ui.confirmEdit.text():
                    raise DomainError(self.tr("The two passwords are not the same."))
                accounts.add_user(self.app, self.ui.usernameEdit.text(), name, role, self.ui.passwordEdit.text())
            else:
                accounts.update_user(
                    self.app, self.user.id, display_name=name, role=role, active=self.ui.activeCheck.isChecked()
                )
        except DomainError as exc:
            _show_error(self.ui.errorLabel, exc.message)
            return
        self.accept()


class UsersDialog(QDialog):
    """Administrators: the accounts on this PC, their roles, passwords, and automatic sign-in."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.users: list[accounts.UserInfo] = []
        self.ui = Ui_UsersDialog()
        self.ui.setupUi(self)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.autoHint.setEnabled(False)  # greyed: an explanation, not a control
        table = self.ui.usersTable
        headers = [self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("State")]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.itemSelectionChanged.connect(self._selection_changed)
        table.doubleClicked.connect(lambda _i: self.edit_user())
        self.ui.addButton.clicked.connect(self.add_user)
        self.ui.editButton.clicked.connect(self.edit_user)
        self.ui.resetButton.clicked.connect(self.reset_password)
        self.ui.autoCombo.activated.connect(self._auto_chosen)
        self.load()
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 56)))

    def load(self, select_id: str | None = None) -> None:
        self.users = accounts.list_users(self.app)
        now = dt.datetime.now()
        table = self.ui.usersTable
        table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            if not u.active:
                state = self.tr("Not in use")
            elif u.locked_until and u.locked_until > now:
                state = self.tr("Locked after wrong passwords")
            else:
                state = self.tr("In use")
            if u.auto_sign_in:
                state += self.tr(", signs in automatically")
            for col, text in enumerate((u.username, u.display_name, role_label(u.role), state)):
                item = QTableWidgetItem(text)
                if not u.active:
                    item.setForeground(self.palette().placeholderText())
                table.setItem(row, col, item)
            if u.id == select_id:
                table.selectRow(row)
        combo = self.ui.autoCombo
        combo.clear()
        combo.addItem(self.tr("Nobody (always ask for a password)"), None)
        for u in self.users:
            if u.active:
                combo.addItem(f"{u.display_name}（{u.username}）", u.id)
                if u.auto_sign_in:
                    combo.setCurrentIndex(combo.count() - 1)
        self._selection_changed()

    def selected(self) -> accounts.UserInfo | None:
        rows = self.ui.usersTable.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        self.ui.editButton.setEnabled(chosen)
        self.ui.resetButton.setEnabled(chosen)

    def add_user(self) -> None:
        if UserDialog(self.app, self).exec() == QDialog.DialogCode.Accepted:
            self.load()

    def edit_user(self) -> None:
        user = self.selected()
        if user is not None and UserDialog(self.app, self, user=user).exec() == QDialog.DialogCode.Accepted:
            self.load(user.id)

    def reset_password(self) -> None:
        user = self.selected()
        if user is not None and PasswordDialog(self.app, self, user=user).exec() == QDialog.DialogCode.Accepted:
            self.load(user.id)

    def _auto_chosen(self, index: int) -> None:
        user_id = self.ui.autoCombo.itemData(index)
        try:
            accounts.set_auto_sign_in(self.app, user_id)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Automatic sign-in"), exc.message)
        self.load()
