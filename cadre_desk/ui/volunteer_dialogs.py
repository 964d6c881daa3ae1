"""The forms of 志愿服务: one service record (服务记录) and one project of the library (项目库)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ..core.errors import DomainError
from ..core.permissions import RECORDS
from ..core.services import care
from ..core.services.browse import plain_number
from ..core.services.points import points_scheme
from ..core.vocab import SERVICE_ROLES, VOLUNTEER_FIELDS
from .closed_month import confirm_closed_month
from .generated.ui_project_dialog import Ui_ProjectDialog
from .generated.ui_service_record_dialog import Ui_ServiceRecordDialog
from .pages.base import Context
from .roles import make_read_only

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: palette(placeholder-text);"
INDENT = "\u2003"  # an em space: projects sit under their field's heading


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class _IndentedProjects(QStyledItemDelegate):
    """The project list: projects indented under their field's heading (the closed combo shows the name alone)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(Qt.ItemDataRole.UserRole) is not None:
            option.text = INDENT + option.text  # type: ignore[attr-defined]

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() * 4 // 3)  # rows as roomy as the usual combo's


class ServiceRecordDialog(QDialog):
    """Records volunteer service (``record_id`` None) or corrects a record.

    Records are append-only: a correction replaces the record with a new one, whose id is
    ``saved_id`` once saved.  A new record can be saved and the form kept for the next
    volunteer of the same service ("Save and add another"); ``saved_ids`` lists them all.
    """

    def __init__(
        self,
        ctx: Context,
        record_id: str | None = None,
        parent: QWidget | None = None,
        *,
        person_id: str | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app = ctx.app
        self.record_id = record_id
        self.today = today or dt.date.today()
        self.saved_id: str | None = None
        # the record's date as saved (a record of a closed month needs a confirmation)
        self.saved_date: dt.date | None = None
        self.saved_ids: list[str] = []
        self.ui = Ui_ServiceRecordDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        self.ui.roleHintLabel.setStyleSheet(HINT_STYLE)
        self.ui.savedLabel.setStyleSheet(HINT_STYLE)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.nextButton.clicked.connect(self.save_and_next)
        self.ui.volunteerEdit.set_app(self.app)
        self.ui.volunteerEdit.person_changed.connect(lambda _id: self._error(None))
        self.ui.dateEdit.setMaximumDate(_qdate(self.today))
        self.ui.dateEdit.setMinimumDate(_qdate(care.EARLIEST))
        self.ui.hoursEdit.setPlaceholderText(self.tr("e.g. 2.5"))
        self.ui.hoursEdit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 12)
        self.ui.contentText.setPlaceholderText(self.tr("What the volunteer did, for whom, anything worth noting"))
        self.ui.roleCombo.lineEdit().setPlaceholderText(self.tr("None"))
        self.ui.roleCombo.currentTextChanged.connect(self._show_role_points)
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 48)))
        self._role_points = dict(points_scheme(self.app).per_role)
        self._fill_choices()
        if record_id is None:
            self.setWindowTitle(self.tr("New service record"))
            self.ui.dateEdit.setDate(_qdate(self.today))
            if person_id:
                self.ui.volunteerEdit.set_person(person_id)
                self.ui.projectCombo.setFocus()
            else:
                self.ui.volunteerEdit.setFocus()
        else:
            self.ui.nextButton.hide()
            self._load(record_id)
            self.ui.hoursEdit.setFocus()
        self._show_role_points(self.ui.roleCombo.currentText())
        if not ctx.can(RECORDS):  # to look at only
            make_read_only(self, self.ui.buttons, hide=[self.ui.nextButton])

    # -- choices ---------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        combo = self.ui.projectCombo
        combo.addItem(self.tr("(no project)"), None)
        model = combo.model()
        assert isinstance(model, QStandardItemModel)
        heading_font = QFont(combo.font())
        heading_font.setBold(True)
        combo.setItemDelegate(_IndentedProjects(combo))
        field = None
        for project in care.list_projects(self.app, include_retired=False):
            if project.field != field:
                field = project.field
                combo.addItem(field, None)
                heading = model.item(combo.count() - 1)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a choice
                heading.setFont(heading_font)
            combo.addItem(project.name, project.id)
            combo.setItemData(combo.count() - 1, f"{project.field} · {project.name}", Qt.ItemDataRole.ToolTipRole)
        roles = self.ui.roleCombo
        roles.addItem("")
        used = care.roles_in_use(self.app)
        roles.addItems([*used, *(r for r in SERVICE_ROLES if r not in used)])

    def _project_index(self, project_id: str | None, name: str) -> int:
        """The combo row of a project; a retired one is added so a record keeps its project."""
        combo = self.ui.projectCombo
        if not project_id:
            return 0
        index = combo.findData(project_id)
        if index < 0:
            combo.addItem(self.tr("%1 (retired)").replace("%1", name or "?"), project_id)
            index = combo.count() - 1
        return index

    def _show_role_points(self, role: str) -> None:
        points = self._role_points.get(role.strip())
        text = self.tr("+%1 points each time").replace("%1", plain_number(points)) if points else ""
        self.ui.roleHintLabel.setText(text)

    # -- loading ---------------------------------------------------------------------------

    def _load(self, record_id: str) -> None:
        detail = care.get_service_record(self.app, record_id)
        v = detail.values
        self.setWindowTitle(self.tr("Service record: %1").replace("%1", detail.person_name))
        self.ui.volunteerEdit.set_person(v["person_id"], detail.person_name)
        self.ui.projectCombo.setCurrentIndex(self._project_index(v["project_id"], detail.project_name))
        day: dt.date = v["date"]
        if day > self.today:  # a record dated later than the form allows (clock changes): keep it
            self.ui.dateEdit.setMaximumDate(_qdate(day))
        self.ui.dateEdit.setDate(_qdate(day))
        self.saved_date = day
        self.ui.hoursEdit.setText(plain_number(v["hours"]))
        self.ui.roleCombo.setCurrentText(v["role"])
        self.ui.contentText.setPlainText(v["content"])

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as SERVICE_FIELDS (hours as typed: the service checks and converts them)."""
        return {
            "person_id": self.ui.volunteerEdit.person_id,
            "project_id": self.ui.projectCombo.currentData(),
            "date": _pydate(self.ui.dateEdit.date()),
            "hours": self.ui.hoursEdit.text().strip(),
            "role": self.ui.roleCombo.currentText(),
            "content": self.ui.contentText.toPlainText(),
        }

    def _error(self, message: str | None) -> None:
        self.ui.errorLabel.setText(message or "")
        self.ui.errorLabel.setVisible(bool(message))

    def _write(self) -> bool:
        v = self.values()
        if not confirm_closed_month(self, self.app, [v["date"], self.saved_date], self.windowTitle()):
            return False
        try:
            if self.record_id is None:
                self.saved_id = care.add_service_record(
                    self.app, v["person_id"], v["project_id"], v["date"], v["hours"], v["content"], v["role"]
                )
            else:
                self.saved_id = care.correct_service_record(self.app, self.record_id, v)
        except DomainError as exc:
            self._error(exc.message)
            return False
        self._error(None)
        self.saved_ids.append(self.saved_id)
        return True

    def save(self) -> None:
        if self._write():
            self.accept()

    def save_and_next(self) -> None:
        """Save, then keep project, date, hours, role and content for the next volunteer."""
        if self.record_id is not None or not self._write():
            return
        person = self.ui.volunteerEdit.person
        self.ui.savedLabel.setText(
            self.tr("Saved: %1 (%2 this time)")
            .replace("%1", person.name if person else "")
            .replace("%2", str(len(self.saved_ids)))
        )
        self.ui.volunteerEdit.set_person(None)
        self.ui.volunteerEdit.setFocus()


class ProjectDialog(QDialog):
    """Adds a project to the library (``project_id`` None) or changes one; accepted once saved."""

    def __init__(self, ctx: Context, project_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app = ctx.app
        self.project_id = project_id
        self.saved_id: str | None = None
        self.ui = Ui_ProjectDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        self.ui.noteLabel.setStyleSheet(HINT_STYLE)
        self.ui.noteLabel.hide()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.fieldCombo.addItems(VOLUNTEER_FIELDS)
        self.ui.fieldCombo.setPlaceholderText(self.tr("Choose a field"))
        self.ui.fieldCombo.setCurrentIndex(-1)
        self.ui.nameEdit.setPlaceholderText(self.tr("e.g. Neighbourhood safety patrol"))
        self.ui.phoneEdit.setPlaceholderText(self.tr("Mobile or landline"))
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 44)))
        if project_id is None:
            self.setWindowTitle(self.tr("New volunteer project"))
        else:
            self._load(project_id)
        if not ctx.can(RECORDS):  # to look at only
            make_read_only(self, self.ui.buttons)
        self.ui.nameEdit.setFocus()

    def _load(self, project_id: str) -> None:
        project = next((p for p in care.list_projects(self.app) if p.id == project_id), None)
        if project is None:
            raise DomainError(self.tr("This project is no longer in the library."))
        self.setWindowTitle(self.tr("Volunteer project: %1").replace("%1", project.name))
        self.ui.nameEdit.setText(project.name)
        index = self.ui.fieldCombo.findText(project.field)
        if index < 0:  # a field from elsewhere (older data): shown, to be chosen anew
            self.ui.fieldCombo.addItem(project.field)
            index = self.ui.fieldCombo.count() - 1
        self.ui.fieldCombo.setCurrentIndex(index)
        self.ui.organiserEdit.setText(project.organiser)
        self.ui.phoneEdit.setText(project.contact_phone)
        self.ui.descriptionText.setPlainText(project.description)
        notes = []
        if project.records:
            notes.append(
                self.tr("%1 service records, %2 volunteers, %3 hours so far.")
                .replace("%1", str(project.records))
                .replace("%2", str(project.people))
                .replace("%3", plain_number(project.hours))
            )
        if project.district:
            notes.append(self.tr("From the district's project library."))
        if not project.active:
            notes.append(self.tr("Retired: no longer offered for new records."))
        self.ui.noteLabel.setText(" ".join(notes))
        self.ui.noteLabel.setVisible(bool(notes))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.ui.nameEdit.text(),
            "field": self.ui.fieldCombo.currentText(),
            "organiser": self.ui.organiserEdit.text(),
            "contact_phone": self.ui.phoneEdit.text(),
            "description": self.ui.descriptionText.toPlainText(),
        }

    def _error(self, message: str | None) -> None:
        self.ui.errorLabel.setText(message or "")
        self.ui.errorLabel.setVisible(bool(message))

    def save(self) -> None:
        try:
            if self.project_id is None:
                self.saved_id = care.create_project(self.app, self.values())
            else:
                care.update_project(self.app, self.project_id, self.values())
                self.saved_id = self.project_id
        except DomainError as exc:
            self._error(exc.message)
            return
        self.accept()
