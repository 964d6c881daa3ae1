"""设置 → 积分规则: points per hour of service, per activity type attended, per service role."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from ..core.app import App
from ..core.errors import DomainError
from ..core.services import activities as acts
from ..core.services import care, points
from ..core.services.browse import plain_number
from ..core.vocab import SERVICE_ROLES
from .generated.ui_points_dialog import Ui_PointsDialog

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def points_text(value: Decimal | None) -> str:
    """Points as written by hand: 2, 1.5, 0.25 (never 2.00 or 1E+1)."""
    return plain_number(value) if value else ""


class PointsDialog(QDialog):
    """Edits the whole scheme and saves it in one go (``changed`` tells whether anything did)."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.changed = False
        self.ui = Ui_PointsDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet("color: #b00020;")
        self.ui.errorLabel.hide()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.addRoleButton.clicked.connect(self.add_role)
        self.ui.removeRoleButton.clicked.connect(self.remove_role)
        self.ui.roleCombo.lineEdit().returnPressed.connect(self.add_role)
        for table in (self.ui.typesTable, self.ui.rolesTable):
            header = table.horizontalHeader()
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            table.verticalHeader().hide()
        metrics = self.fontMetrics()
        self.ui.hourEdit.setMaximumWidth(metrics.horizontalAdvance("0" * 10) + 16)
        self.ui.roleCombo.setMinimumContentsLength(8)
        self.ui.roleButtons.setStretch(0, 1)  # the role name gets the room, not the buttons
        self.ui.roleCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._load()
        self.resize(860, 520)

    def _load(self) -> None:
        scheme = points.points_scheme(self.app)
        self.ui.hourEdit.setText(points_text(scheme.per_hour))
        types = self.ui.typesTable
        shown = acts.activity_types(self.app, include_inactive=True)  # retired ones keep past points
        types.setRowCount(len(shown))
        for row, t in enumerate(shown):
            name = QTableWidgetItem(t.name if t.active else self.tr("%1 (retired)").replace("%1", t.name))
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setData(Qt.ItemDataRole.UserRole, t.id)
            types.setItem(row, 0, name)
            types.setItem(row, 1, self._points_item(scheme.per_activity_type.get(t.id)))
        roles = self.ui.rolesTable
        roles.setRowCount(0)
        for role, value in sorted(scheme.per_role.items(), key=lambda kv: (-kv[1], kv[0])):
            self._append_role(role, value)
        suggestions = list(dict.fromkeys([*care.roles_in_use(self.app), *SERVICE_ROLES]))
        self.ui.roleCombo.addItems([r for r in suggestions if r not in scheme.per_role])
        self.ui.roleCombo.setCurrentText("")

    @staticmethod
    def _points_item(value: Decimal | None) -> QTableWidgetItem:
        item = QTableWidgetItem(points_text(value))
        item.setTextAlignment(RIGHT)
        return item

    def _append_role(self, role: str, value: Decimal | None) -> int:
        roles = self.ui.rolesTable
        row = roles.rowCount()
        roles.insertRow(row)
        roles.setItem(row, 0, QTableWidgetItem(role))
        roles.setItem(row, 1, self._points_item(value))
        return row

    def add_role(self) -> None:
        role = self.ui.roleCombo.currentText().strip()
        if not role:
            return
        roles = self.ui.rolesTable
        for row in range(roles.rowCount()):
            if roles.item(row, 0).text().strip() == role:
                roles.setCurrentCell(row, 1)
                roles.editItem(roles.item(row, 1))
                return
        row = self._append_role(role, None)
        index = self.ui.roleCombo.findText(role)
        if index >= 0:
            self.ui.roleCombo.removeItem(index)
        self.ui.roleCombo.setCurrentText("")
        roles.setCurrentCell(row, 1)
        roles.editItem(roles.item(row, 1))

    def remove_role(self) -> None:
        row = self.ui.rolesTable.currentRow()
        if row >= 0:
            self.ui.roleCombo.addItem(self.ui.rolesTable.item(row, 0).text())
            self.ui.rolesTable.removeRow(row)

    def values(self) -> tuple[str, dict[str, str], dict[str, str]]:
        types = self.ui.typesTable
        per_type = {
            str(types.item(row, 0).data(Qt.ItemDataRole.UserRole)): types.item(row, 1).text().strip()
            for row in range(types.rowCount())
        }
        roles = self.ui.rolesTable
        per_role: dict[str, str] = {}
        for row in range(roles.rowCount()):
            role = roles.item(row, 0).text().strip()
            value = roles.item(row, 1).text().strip()
            if not role and not value:
                continue
            if role in per_role:
                raise DomainError(self.tr("The role “%1” is listed twice.").replace("%1", role))
            per_role[role] = value
        return self.ui.hourEdit.text().strip(), per_type, per_role

    def save(self) -> None:
        for table in (self.ui.typesTable, self.ui.rolesTable):  # take a cell still being typed in
            table.setCurrentCell(-1, -1)
        try:
            per_hour, per_type, per_role = self.values()
            self.changed = points.set_points_scheme(self.app, per_hour, per_type, per_role) > 0
        except DomainError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.errorLabel.show()
            return
        self.accept()
