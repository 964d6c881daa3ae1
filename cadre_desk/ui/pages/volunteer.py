"""志愿服务: service records, the project library, the points ranking and the talent pool."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableView, QWidget

from ...core.errors import DomainError
from ...core.permissions import FULL_EXPORT, RECORDS
from ...core.services import activities as acts
from ...core.services import browse, care, points, talent
from ...core.services.browse import plain_number
from ..generated.ui_volunteer_page import Ui_VolunteerPage
from ..jobs import run_with_progress, show_error
from ..roles import denied_text, shown, withhold
from ..widgets import PagedTableModel, RowsModel, count_text, emphasise, search_as_you_type, show_rows
from .base import Context, Page

SEARCH_DELAY_MS = 150
RECORDS_TAB, PROJECTS_TAB, POINTS_TAB, TALENT_TAB = range(4)
TAB_KEY = "volunteer/tab"
MASK_KEY = "volunteer/mask_phones"
# the remembered column widths of each table
HEADER_KEYS = {
    "table": "service_records",
    "projectTable": "volunteer_projects",
    "pointsTable": "volunteer_points",
    "talentTable": "volunteer_talent",
}

Index = QModelIndex | QPersistentModelIndex


class VolunteerPage(Page):
    """Volunteer service: who served where and how long, the projects, points and the talent pool."""

    key = "service_records"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self._today = today  # None: the real date, read each time (the app may stay open past midnight)
        self._stale: set[int] = set()
        self._loads = 0  # how many times load() ran (to tell whether the window reloaded us)
        self.ui = Ui_VolunteerPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Volunteer service"))
        self.ui.tabs.setUsesScrollButtons(False)
        self._setup_records()
        self._setup_projects()
        self._setup_points()
        self._setup_talent()
        self._sized = {
            name: ctx.layout.restore_header(self._table(name).horizontalHeader(), key)
            for name, key in HEADER_KEYS.items()
        }
        new = QShortcut(QKeySequence.StandardKey.New, self, self.new_item)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ui = self.ui
        # read-only users look records, projects, points and talents up and open them to look at
        withhold(
            [
                ui.newRecordButton,
                ui.deleteRecordButton,
                ui.newProjectButton,
                ui.editProjectButton,
                ui.retireProjectButton,
                ui.deleteProjectButton,
                ui.recordServiceButton,
                new,
                self.delete_shortcut,
            ],
            ctx.can(RECORDS),
        )
        remembered = ctx.layout.value(TAB_KEY, str(RECORDS_TAB))
        tab = int(remembered) if remembered.isdigit() else RECORDS_TAB
        self.ui.tabs.setCurrentIndex(tab if 0 <= tab < self.ui.tabs.count() else RECORDS_TAB)
        self.ui.tabs.currentChanged.connect(self._tab_changed)
        self._update_buttons()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _table(self, name: str) -> QTableView:
        return getattr(self.ui, name)

    # -- set-up ----------------------------------------------------------------------------

    def _setup_records(self) -> None:
        self.ui.searchEdit.setPlaceholderText(self.tr("Volunteer, project, field or what was done"))
        self.model = PagedTableModel(self.ctx.app, browse.SERVICE_RECORDS, self.record_headers(), align_right=(4,))
        table = self.ui.table
        show_rows(table, self.model, stretch_column=6)
        self._search_timer = search_as_you_type(self.ui.searchEdit, self.apply_search, SEARCH_DELAY_MS)
        table.doubleClicked.connect(self._open_record_at)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.delete_shortcut = QShortcut(QKeySequence.StandardKey.Delete, table, self.delete_record)
        self.delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.ui.newRecordButton.clicked.connect(lambda: self.open_record(None))
        self.ui.openRecordButton.clicked.connect(lambda: self.open_record(self.selected_record()))
        self.ui.deleteRecordButton.clicked.connect(self.delete_record)

    def _setup_projects(self) -> None:
        self.projects_model = RowsModel(self.project_headers(), align_right=(4, 5, 6), parent=self)
        table = self.ui.projectTable
        show_rows(table, self.projects_model, stretch_column=0)
        table.doubleClicked.connect(self._open_project_at)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._projects: dict[str, care.ProjectItem] = {}
        self.ui.newProjectButton.clicked.connect(lambda: self.open_project(None))
        self.ui.editProjectButton.clicked.connect(lambda: self.open_project(self.selected_project()))
        self.ui.retireProjectButton.clicked.connect(self.toggle_project)
        self.ui.deleteProjectButton.clicked.connect(self.delete_project)
        self.ui.projectDetail.setStyleSheet("color: palette(placeholder-text);")

    def _setup_points(self) -> None:
        self.points_model = RowsModel(self.points_headers(), align_right=(0, 3, 4, 5, 6, 7, 8), parent=self)
        table = self.ui.pointsTable
        show_rows(table, self.points_model, stretch_column=2)  # the branch takes the room, the totals stay by the name
        table.doubleClicked.connect(self._open_person_at)
        spin = self.ui.yearSpin
        spin.setMaximum(self.today.year)
        spin.setValue(self.today.year)
        spin.setAccelerated(True)
        combo = self.ui.periodCombo
        combo.addItem(self.tr("Whole year"), 0)
        for month in range(1, 13):
            combo.addItem(self.tr("Month %1").replace("%1", str(month)), month)
        spin.valueChanged.connect(lambda _v: self.load_points())
        combo.currentIndexChanged.connect(lambda _i: self.load_points())
        self.ui.schemeLabel.setTextFormat(Qt.TextFormat.PlainText)

    def _setup_talent(self) -> None:
        self.talent_model = RowsModel(self.talent_headers(), align_right=(2, 8, 9), parent=self)
        table = self.ui.talentTable
        show_rows(table, self.talent_model, stretch_column=7)
        table.doubleClicked.connect(self._open_person_at)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.ui.talentSearchEdit.setPlaceholderText(self.tr("Name, pinyin initials, talent or former work unit"))
        self._talent_timer = search_as_you_type(self.ui.talentSearchEdit, self.load_talent, SEARCH_DELAY_MS)
        self.ui.tagCombo.currentIndexChanged.connect(lambda _i: self.load_talent())
        self.ui.maskCheck.setChecked(self.ctx.layout.value(MASK_KEY, "1") == "1")
        if not self.ctx.can(FULL_EXPORT):  # full phone numbers in an export are the administrator's
            self.ui.maskCheck.setChecked(True)
            self.ui.maskCheck.setEnabled(False)
            self.ui.maskCheck.setToolTip(denied_text(FULL_EXPORT))
        self.ui.recordServiceButton.clicked.connect(self.record_for_selected_person)
        self.ui.exportButton.clicked.connect(self.export_talent)

    # -- headers ---------------------------------------------------------------------------

    def record_headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Volunteer"),
            self.tr("Project"),
            self.tr("Field"),
            self.tr("Hours"),
            self.tr("Role"),
            self.tr("What was done"),
        ]

    def project_headers(self) -> list[str]:
        return [
            self.tr("Project"),
            self.tr("Field"),
            self.tr("Organised by"),
            self.tr("Contact phone"),
            self.tr("Records"),
            self.tr("Volunteers"),
            self.tr("Hours"),
            self.tr("Status"),
        ]

    def points_headers(self) -> list[str]:
        return [
            self.tr("Rank"),
            self.tr("Name"),
            self.tr("Party branch"),
            self.tr("Hours"),
            self.tr("Activities attended"),
            self.tr("Service points"),
            self.tr("Activity points"),
            self.tr("Role points"),
            self.tr("Total points"),
        ]

    def talent_headers(self) -> list[str]:
        return [
            self.tr("Name"),
            self.tr("Sex"),
            self.tr("Age"),
            self.tr("Talents"),
            self.tr("Party branch"),
            self.tr("Mobile"),
            self.tr("Home phone"),
            self.tr("Address"),
            self.tr("Hours in all"),
            self.tr("Hours this year"),
        ]

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read everything again: the records now, the other tabs when they are next shown."""
        self._loads += 1
        self.apply_search()
        self._stale = {PROJECTS_TAB, POINTS_TAB, TALENT_TAB}
        self._load_tab(self.ui.tabs.currentIndex())

    def _load_tab(self, tab: int) -> None:
        if tab not in self._stale:
            return
        self._stale.discard(tab)
        if tab == PROJECTS_TAB:
            self.load_projects()
        elif tab == POINTS_TAB:
            self.load_points()
        elif tab == TALENT_TAB:
            self.load_tags()
            self.load_talent()

    def _tab_changed(self, tab: int) -> None:
        self.ctx.layout.set_value(TAB_KEY, str(tab))
        self._load_tab(tab)
        self._update_buttons()

    def _size_once(self, name: str) -> None:
        table = self._table(name)
        if not self._sized[name] and table.model().rowCount():
            table.resizeColumnsToContents()
            self._sized[name] = True

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.ui.searchEdit.text()
        self.model.set_search(text)
        self.ui.countLabel.setText(count_text(self.model.total, bool(text.strip())))
        self._size_once("table")
        self._update_buttons()

    def load_projects(self, select_id: str | None = None) -> None:
        select_id = select_id or self.selected_project()
        items = care.list_projects(self.ctx.app)
        self._projects = {p.id: p for p in items}
        rows = []
        greyed = []
        tips = {}
        for row, p in enumerate(items):
            status = self.tr("In use") if p.active else self.tr("Retired")
            if p.district:
                status += self.tr(" · district")
            rows.append(
                (
                    p.id,
                    (
                        p.name,
                        p.field,
                        p.organiser,
                        p.contact_phone,
                        str(p.records),
                        str(p.people),
                        plain_number(p.hours),
                        status,
                    ),
                )
            )
            if not p.active:
                greyed.append(row)
            if p.description:
                tips[row] = p.description
        self.projects_model.set_rows(rows, greyed=greyed, tips=tips)
        retired = len(greyed)
        summary = self.tr("%1 projects in the library").replace("%1", str(len(items)))
        if retired:
            summary += self.tr(", %1 of them retired").replace("%1", str(retired))
        self.ui.projectsCountLabel.setText(summary)
        self._size_once("projectTable")
        row = self.projects_model.row_of(select_id)
        if row >= 0:
            self.ui.projectTable.selectRow(row)
        self._update_buttons()

    def period(self) -> tuple[int, int | None]:
        """The ranking's year and month (None for the whole year)."""
        month = int(self.ui.periodCombo.currentData() or 0)
        return self.ui.yearSpin.value(), month or None

    def load_points(self) -> None:
        year, month = self.period()
        ranking = points.points_ranking(self.ctx.app, year, month)
        rows = [
            (
                p.person_id,
                (
                    str(p.rank),
                    p.name,
                    p.party_branch,
                    plain_number(p.hours),
                    str(p.activities),
                    plain_number(p.service_points),
                    plain_number(p.activity_points),
                    plain_number(p.role_points),
                    plain_number(p.total),
                ),
            )
            for p in ranking
        ]
        self.points_model.set_rows(rows)
        self.ui.pointsCountLabel.setText(self.tr("%1 people earned points").replace("%1", str(len(rows))))
        self.ui.schemeLabel.setText(self.scheme_text())
        self._size_once("pointsTable")

    def scheme_text(self) -> str:
        """The scheme in force, in one paragraph, and where it is changed."""
        scheme = points.points_scheme(self.ctx.app)
        names = {t.id: t.name for t in acts.activity_types(self.ctx.app, include_inactive=True)}
        items = self.tr(", ")
        parts = []
        if scheme.per_hour:
            parts.append(self.tr("%1 per hour of service").replace("%1", plain_number(scheme.per_hour)))
        by_type = [
            f"{names.get(type_id, '?')} {plain_number(value)}"
            for type_id, value in scheme.per_activity_type.items()
            if value
        ]
        if by_type:
            parts.append(self.tr("per activity attended: %1").replace("%1", items.join(by_type)))
        by_role = [f"{role} {plain_number(value)}" for role, value in scheme.per_role.items() if value]
        if by_role:
            parts.append(self.tr("per service in a role: %1").replace("%1", items.join(by_role)))
        if parts:
            text = self.tr("Points scheme in force: %1.").replace("%1", self.tr("; ").join(parts))
        else:
            text = self.tr("No points scheme has been set, so nobody earns points yet.")
        return text + " " + self.tr("An administrator changes the scheme under Settings.")

    def load_tags(self) -> None:
        combo = self.ui.tagCombo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All talents"), None)
        for tag, count in talent.talent_tags_in_use(self.ctx.app):
            combo.addItem(self.tr("%1 (%2)").replace("%1", tag).replace("%2", str(count)), tag)
        index = combo.findData(chosen) if chosen else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def talent_filter(self) -> tuple[str | None, str]:
        """The chosen tag (None for all) and the search text."""
        return self.ui.tagCombo.currentData(), self.ui.talentSearchEdit.text()

    def load_talent(self) -> None:
        self._talent_timer.stop()
        tag, text = self.talent_filter()
        chosen = self.selected_person()
        people = talent.talent_pool(self.ctx.app, tag, text, today=self.today)
        personal = shown(self.ctx.app)  # phones masked for users who may not see them
        rows = [
            (
                t.person_id,
                (
                    t.name,
                    t.sex,
                    "" if t.age is None else str(t.age),
                    "、".join(t.tags),
                    t.party_branch,
                    personal.phone(t.phone_mobile),
                    personal.phone(t.phone_home),
                    t.address,
                    plain_number(t.hours_total),
                    plain_number(t.hours_year),
                ),
            )
            for t in people
        ]
        self.talent_model.set_rows(rows)
        searching = bool(tag) or bool(text.strip())
        label = self.tr("Found: %1 people") if searching else self.tr("In all: %1 people")
        self.ui.talentCountLabel.setText(label.replace("%1", str(len(rows))))
        self._size_once("talentTable")
        row = self.talent_model.row_of(chosen)
        if row >= 0:
            self.ui.talentTable.selectRow(row)
        self._update_buttons()

    # -- choosing --------------------------------------------------------------------------

    def _record_at(self, index: QModelIndex) -> str | None:
        return self.model.record_id(index.row()) if index.isValid() else None

    def selected_record(self) -> str | None:
        return self._record_at(self.ui.table.currentIndex())

    def selected_project(self) -> str | None:
        index = self.ui.projectTable.currentIndex()
        return self.projects_model.record_id(index.row()) if index.isValid() else None

    def selected_person(self) -> str | None:
        """The person chosen in the talent pool."""
        index = self.ui.talentTable.currentIndex()
        return self.talent_model.record_id(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        has_record = self.selected_record() is not None
        self.ui.openRecordButton.setEnabled(has_record)
        self.ui.deleteRecordButton.setEnabled(has_record)
        project = self._projects.get(self.selected_project() or "")
        for button in (self.ui.editProjectButton, self.ui.retireProjectButton, self.ui.deleteProjectButton):
            button.setEnabled(project is not None)
        retired = project is not None and not project.active
        self.ui.retireProjectButton.setText(self.tr("Re&activate") if retired else self.tr("&Retire"))
        if project is None:
            self.ui.projectDetail.setText("")
        else:
            self.ui.projectDetail.setText(f"{project.name}: {project.description}" if project.description else "")
        self.ui.recordServiceButton.setEnabled(self.selected_person() is not None)

    def _select_record(self, record_id: str | None) -> None:
        if record_id is None:
            return
        for row in range(self.model.rowCount()):
            if self.model.record_id(row) == record_id:
                self.ui.table.selectRow(row)
                self.ui.table.scrollTo(self.model.index(row, 0))
                return

    def _select_project(self, project_id: str | None) -> None:
        self._load_tab(PROJECTS_TAB)
        row = self.projects_model.row_of(project_id)
        if row >= 0:
            self.ui.projectTable.selectRow(row)
            self.ui.projectTable.scrollTo(self.projects_model.index(row, 0))
        self._update_buttons()

    # -- actions ---------------------------------------------------------------------------

    def _changed(self) -> None:
        """Something was saved: tell the window (which reloads the pages it shows), and read again."""
        loads = self._loads
        self.data_changed.emit()
        if self._loads == loads:  # not reloaded by the window (hidden, or outside one)
            self.load()

    def new_item(self) -> None:
        """Ctrl+N: a new project on the project tab, a new service record elsewhere."""
        if not self.ctx.can(RECORDS):
            return
        if self.ui.tabs.currentIndex() == PROJECTS_TAB:
            self.open_project(None)
        else:
            self.open_record(None)

    def open_record(self, record_id: str | None, *, person_id: str | None = None) -> bool:
        """The service record form (a new record when ``record_id`` is None); True when saved."""
        from ..volunteer_dialogs import ServiceRecordDialog

        try:
            dialog = ServiceRecordDialog(self.ctx, record_id, self, person_id=person_id, today=self._today)
        except DomainError as exc:  # deleted meanwhile (e.g. by a sync)
            show_error(self, self.tr("Service record"), exc.message)
            self.load()
            return False
        dialog.exec()
        if not dialog.saved_ids:
            return False
        self._changed()
        self._select_record(dialog.saved_id)
        return True

    def record_for_selected_person(self) -> None:
        person_id = self.selected_person()
        if person_id is not None:
            self.open_record(None, person_id=person_id)

    def delete_record(self) -> None:
        record_id = self.selected_record()
        if record_id is None:
            return
        row = self.ui.table.currentIndex().row()
        day, who, project, hours = (self.model.index(row, c).data() for c in (0, 1, 2, 4))
        question = (
            self.tr("Delete the service record of %1 on %2 (%3 hours)?")
            .replace("%1", who)
            .replace("%2", day)
            .replace("%3", hours)
        )
        if project:
            question += "\n" + self.tr("Project: %1").replace("%1", project)
        title = self.tr("Delete service record")
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        try:
            care.delete_service_record(self.ctx.app, record_id)
        except DomainError as exc:
            show_error(self, title, exc.message)
            return
        self._changed()

    def open_project(self, project_id: str | None) -> bool:
        from ..volunteer_dialogs import ProjectDialog

        try:
            dialog = ProjectDialog(self.ctx, project_id, self)
        except DomainError as exc:
            show_error(self, self.tr("Volunteer project"), exc.message)
            self.load()
            return False
        if dialog.exec() != ProjectDialog.DialogCode.Accepted:
            return False
        self._changed()
        self._select_project(dialog.saved_id)
        return True

    def toggle_project(self) -> None:
        """Retire the chosen project (kept for its records, no longer offered) or bring it back."""
        project = self._projects.get(self.selected_project() or "")
        if project is None:
            return
        try:
            care.set_project_active(self.ctx.app, project.id, not project.active)
        except DomainError as exc:
            show_error(self, self.tr("Volunteer project"), exc.message)
            return
        self._changed()
        self._select_project(project.id)

    def delete_project(self) -> None:
        project = self._projects.get(self.selected_project() or "")
        if project is None:
            return
        title = self.tr("Delete project")
        question = self.tr("Delete the project “%1” from the library?").replace("%1", project.name)
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        try:
            care.delete_project(self.ctx.app, project.id)
        except DomainError as exc:  # it has records: it can only be retired
            show_error(self, title, exc.message)
            return
        self._changed()

    def _open_record_at(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_record(self._record_at(index))

    def _open_project_at(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_project(self.projects_model.record_id(index.row()))

    def _open_person_at(self, index: QModelIndex) -> None:
        """Double-click in the ranking or the talent pool: the person's form."""
        if not index.isValid():
            return
        model = index.model()
        assert isinstance(model, RowsModel)
        from ..person_dialog import PersonDialog

        try:
            dialog = PersonDialog(self.ctx.app, model.record_id(index.row()), self)
        except DomainError as exc:
            show_error(self, self.tr("Volunteer service"), exc.message)
            return
        if dialog.exec() == PersonDialog.DialogCode.Accepted:
            self._changed()

    def export_talent(self) -> None:
        """The talent pool as the tab shows it (talent and search applied) to an Excel workbook."""
        tag, text = self.talent_filter()
        stamp = f"{tag}_{self.today.isoformat()}" if tag else self.today.isoformat()
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the talent pool"),
            self.tr("Talent pool_%1.xlsx").replace("%1", stamp),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        mask = self.ui.maskCheck.isChecked() or not self.ctx.can(FULL_EXPORT)
        if self.ctx.can(FULL_EXPORT):  # the administrator's choice; others always export masked
            self.ctx.layout.set_value(MASK_KEY, "1" if mask else "0")
        title = self.tr("Export to Excel")

        def done(count: int) -> None:
            QMessageBox.information(
                self, title, self.tr("%1 people exported to %2").replace("%1", str(count)).replace("%2", str(path))
            )

        run_with_progress(
            self.ctx.runner,
            self,
            title,
            talent.export_talent_pool,
            self.ctx.app,
            path,
            tag=tag,
            text=text,
            mask=mask,
            today=self.today,
            on_success=done,
        )

    def save_layout(self) -> None:
        for name, key in HEADER_KEYS.items():
            self.ctx.layout.save_header(self._table(name).horizontalHeader(), key)
        self.ctx.layout.set_value(TAB_KEY, str(self.ui.tabs.currentIndex()))
        if self.ctx.can(FULL_EXPORT):
            self.ctx.layout.set_value(MASK_KEY, "1" if self.ui.maskCheck.isChecked() else "0")
