"""What the signed-in user's role allows, as the window shows it.

Pages and forms ask :func:`can` (or ``ctx.can``), pass the controls a role may not use to
:func:`withhold` (hidden, so a read-only user is offered only what they can do), open a form
for viewing with :func:`make_read_only`, and show personal data as :func:`shown` says.  The
core refuses writes anyway (every write transaction needs
:data:`~cadre_desk.core.permissions.RECORDS`): this keeps the window from offering them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QTextEdit,
    QWidget,
)

from ..core.app import App
from ..core.permissions import FULL_EXPORT, RECORDS
from ..core.permissions import can as role_can
from ..core.privacy import Disclosure

BANNER_NAME = "readOnlyBanner"
BANNER_STYLE = "QLabel#readOnlyBanner { background: #fff4d6; color: #5c4400; padding: 6px 10px; border-radius: 4px; }"


class Switchable(Protocol):
    """A control that can be turned off: a widget, an action, a shortcut."""

    def setEnabled(self, enabled: bool) -> None: ...


def can(app: App, permission: str) -> bool:
    """Whether the signed-in user's role allows ``permission`` (see :mod:`cadre_desk.core.permissions`)."""
    return role_can(app.actor, permission)


def shown(app: App) -> Disclosure:
    """How personal data is shown to the signed-in user: in full, or masked (只读)."""
    return Disclosure.for_screen(app.actor)


def denied_text(permission: str = RECORDS) -> str:
    """Why a control is not offered, for a tooltip or a message."""
    if permission == RECORDS:
        return QCoreApplication.translate(
            "Roles", "Read only: your role can view and print the books, but not change them."
        )
    if permission == FULL_EXPORT:
        return QCoreApplication.translate(
            "Roles", "Only an administrator can print or export full ID numbers and phone numbers."
        )
    return QCoreApplication.translate("Roles", "Your role does not allow this. Ask an administrator.")


def withhold(controls: Iterable[Switchable], allowed: bool, *, permission: str = RECORDS, hide: bool = True) -> bool:
    """Take away the controls a role may not use: hidden (or, with ``hide=False``, disabled
    with the reason as tooltip); actions and shortcuts are disabled.  Does nothing when
    ``allowed``; returns ``allowed``."""
    if allowed:
        return True
    reason = denied_text(permission)
    for control in controls:
        control.setEnabled(False)
        if isinstance(control, QWidget):
            if hide:
                control.hide()
            else:
                control.setToolTip(reason)
    return False


def _inside(widget: QWidget, containers: Iterable[QWidget]) -> bool:
    return any(c is widget or c.isAncestorOf(widget) for c in containers)


def make_read_only(
    dialog: QDialog,
    buttons: QDialogButtonBox | None = None,
    *,
    hide: Iterable[QWidget] = (),
    keep: Iterable[QWidget] = (),
) -> QLabel:
    """Open a form for viewing only: every field read-only (text can still be selected and
    copied), choices fixed, ``hide`` hidden, Save gone and Cancel called Close, the title
    marked and a "read only" banner on top.  Widgets inside ``keep`` are left as they are
    (a photo panel that looks after itself).  Returns the banner."""
    kept = list(keep)
    for widget in dialog.findChildren(QWidget):
        if _inside(widget, kept):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
            widget.setReadOnly(True)
        elif isinstance(widget, QComboBox | QCheckBox | QRadioButton):
            widget.setEnabled(False)
        elif isinstance(widget, QListWidget):
            for row in range(widget.count()):  # ticks stay visible, the list still scrolls
                item = widget.item(row)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
    for widget in hide:
        widget.setEnabled(False)
        widget.hide()
    if buttons is not None:
        for button in buttons.buttons():
            role = buttons.buttonRole(button)
            if role in (
                QDialogButtonBox.ButtonRole.AcceptRole,
                QDialogButtonBox.ButtonRole.YesRole,
                QDialogButtonBox.ButtonRole.ApplyRole,
                QDialogButtonBox.ButtonRole.DestructiveRole,
            ):
                button.setEnabled(False)
                button.hide()
            elif role == QDialogButtonBox.ButtonRole.RejectRole and isinstance(button, QAbstractButton):
                button.setText(QCoreApplication.translate("Roles", "Close"))
    dialog.setWindowTitle(QCoreApplication.translate("Roles", "%1 (read only)").replace("%1", dialog.windowTitle()))
    return add_banner(dialog, denied_text(RECORDS))


def add_banner(widget: QWidget, text: str) -> QLabel:
    """A pale yellow note on top of a form or window (placed first in its box layout)."""
    banner = QLabel(text, widget)
    banner.setObjectName(BANNER_NAME)
    banner.setWordWrap(True)
    banner.setStyleSheet(BANNER_STYLE)
    banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # never takes the spare height
    layout = widget.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(0, banner)
    return banner
