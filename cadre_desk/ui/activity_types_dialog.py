"""The list of activity types an administrator keeps: add, rename, reorder, retire."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QInputDialog, QListWidgetItem, QWidget

from ..core.app import App
from ..core.errors import DomainError
from ..core.services import activities as acts
from .generated.ui_activity_types_dialog import Ui_ActivityTypesDialog


class ActivityTypesDialog(QDialog):
    """Every change is saved at once (each is one audited change)."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.changed = False
        self.ui = Ui_ActivityTypesDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet("color: #b00020;")
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.addButton.clicked.connect(self.add)
        self.ui.renameButton.clicked.connect(self.rename)
        self.ui.upButton.clicked.connect(lambda: self.move(-1))
        self.ui.downButton.clicked.connect(lambda: self.move(1))
        self.ui.retireButton.clicked.connect(self.toggle_active)
        self.ui.typeList.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.ui.typeList.itemDoubleClicked.connect(lambda _item: self.rename())
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.types = acts.activity_types(self.app, include_inactive=True)
        lst = self.ui.typeList
        lst.clear()
        for t in self.types:
            label = t.name if t.active else self.tr("%1 (retired)").replace("%1", t.name)
            if t.used:
                label += "  " + self.tr("· %1 activities").replace("%1", str(t.used))
            item = QListWidgetItem(label)
            if not t.active:
                item.setForeground(QBrush(QColor("gray")))
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            lst.addItem(item)
        rows = [i for i, t in enumerate(self.types) if t.id == select]
        lst.setCurrentRow(rows[0] if rows else 0)
        self._update_buttons()

    def current(self) -> acts.TypeItem | None:
        row = self.ui.typeList.currentRow()
        return self.types[row] if 0 <= row < len(self.types) else None

    def _update_buttons(self) -> None:
        t = self.current()
        row = self.ui.typeList.currentRow()
        for button in (self.ui.renameButton, self.ui.retireButton):
            button.setEnabled(t is not None)
        self.ui.upButton.setEnabled(t is not None and row > 0)
        self.ui.downButton.setEnabled(t is not None and row < len(self.types) - 1)
        self.ui.retireButton.setText(self.tr("Re&tire") if t is None or t.active else self.tr("Bring &back"))

    def _run(self, change: object, select: str | None) -> None:
        try:
            result = change()  # type: ignore[operator]
        except DomainError as exc:
            self.ui.errorLabel.setText(exc.message)
            return
        self.ui.errorLabel.clear()
        self.changed = True
        self.reload(select or (result if isinstance(result, str) else None))

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("New activity type"), self.tr("Name:"))
        if ok:
            self._run(lambda: acts.add_activity_type(self.app, name), None)

    def rename(self) -> None:
        t = self.current()
        if t is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename activity type"), self.tr("Name:"), text=t.name)
        if ok:
            self._run(lambda: acts.rename_activity_type(self.app, t.id, name), t.id)

    def move(self, step: int) -> None:
        t = self.current()
        if t is not None:
            row = self.ui.typeList.currentRow()
            self._run(lambda: acts.move_activity_type(self.app, t.id, row + step), t.id)

    def toggle_active(self) -> None:
        t = self.current()
        if t is not None:
            self._run(lambda: acts.set_activity_type_active(self.app, t.id, not t.active), t.id)
