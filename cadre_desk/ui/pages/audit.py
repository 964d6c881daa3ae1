"""操作记录: the audit trail — who changed what and when, with the values before and after.

Read-only, for administrators.  Filters narrow the trail by person (their record and the
records that belong to them), by a record's name, by user, by kind of record and by date;
the list loads a page at a time on a worker thread as it scrolls, and the pane below shows
the chosen entry field by field.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QWidget

from ...core.app import App
from ...core.jobs import CancelToken, Progress
from ...core.permissions import AUDIT, can
from ...core.services import audit
from ..generated.ui_audit_page import Ui_AuditPage
from ..jobs import Job, show_error
from ..widgets import TextTableModel, count_text, emphasise, search_as_you_type, show_rows
from .base import Context, Page

SEARCH_DELAY_MS = 300
#: the list's columns
TIME, USER, ACTION, KIND, RECORD, CHANGES = range(6)
#: the detail table's columns
FIELD, BEFORE, AFTER = range(3)
#: the period combo's choices
ANY, TODAY, WEEK, MONTH, YEAR, BETWEEN = "any", "today", "week", "month", "year", "between"

Index = QModelIndex | QPersistentModelIndex


def fetch_page(
    app: App, f: audit.AuditFilter, offset: int, count: bool, *, progress: Progress, cancel: CancelToken
) -> audit.AuditPage:
    """One page of the trail (a job on the worker thread)."""
    cancel.check()
    return audit.search(app, f, offset=offset, count=count)


class AuditTableModel(TextTableModel):
    """The loaded entries; asks the page for the next page as the view scrolls to the end."""

    def __init__(self, headers: list[str], more: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(headers, parent=parent)
        self._more = more  # asks for the next page (a weak reference: the page owns the model)
        self.loading = False
        self.total = 0
        self._rows: list[audit.AuditRow] = []

    def reset(self, rows: list[audit.AuditRow], total: int) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.total = total
        self.endResetModel()

    def append(self, rows: list[audit.AuditRow]) -> None:
        if not rows:
            self.total = len(self._rows)  # the trail changed under us; stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def entry(self, row: int) -> audit.AuditRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, entry_id: str | None) -> int:
        for i, r in enumerate(self._rows):
            if r.id == entry_id:
                return i
        return -1

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self.total and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid():
            self._more()

    @staticmethod
    def text(entry: audit.AuditRow, column: int) -> str:
        if column == TIME:
            return entry.at.strftime("%Y-%m-%d %H:%M")
        if column == USER:
            return entry.user
        if column == ACTION:
            return entry.action_label
        if column == KIND:
            return entry.kind_label
        if column == RECORD:
            return entry.label
        return entry.summary

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(entry, index.column())
        return None


class AuditPage(Page):
    """The audit trail, searched by person, record, user, kind and date."""

    key = "audit"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or dt.date.today()
        self.ui = Ui_AuditPage()
        self.ui.setupUi(self)
        ui = self.ui
        emphasise(ui.titleLabel, 1.4)
        ui.titleLabel.setText(self.tr("Audit trail"))
        ui.personEdit.set_app(ctx.app)
        ui.personEdit.finder = audit.find_people  # the moved away, the dead and the deleted too
        ui.textEdit.setPlaceholderText(self.tr("Name of the record, or its id"))
        ui.kindCombo.addItem(self.tr("All kinds"), "")
        for table, name in audit.kind_choices():
            ui.kindCombo.addItem(name, table)
        for text, period in (
            (self.tr("Any time"), ANY),
            (self.tr("Today"), TODAY),
            (self.tr("Last 7 days"), WEEK),
            (self.tr("Last 30 days"), MONTH),
            (self.tr("This year"), YEAR),
            (self.tr("Between dates"), BETWEEN),
        ):
            ui.periodCombo.addItem(text, period)
        q_today = QDate(self.today.year, self.today.month, self.today.day)
        for edit, day in ((ui.fromEdit, q_today.addDays(-30)), (ui.toEdit, q_today)):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(day)
        self._period_changed()

        more = weakref.WeakMethod(self.load_more)
        self.model = AuditTableModel(self.headers(), lambda: (m := more()) is not None and m(), self)
        show_rows(ui.table, self.model, stretch_column=CHANGES)
        self._sized = ctx.layout.restore_header(ui.table.horizontalHeader(), self.key)
        detail = ui.detailTable
        detail.setColumnCount(3)
        detail.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Before"), self.tr("After")])
        header = detail.horizontalHeader()
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BEFORE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AFTER, QHeaderView.ResizeMode.Stretch)
        detail.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 2)
        ctx.layout.restore_splitter(ui.splitter, self.key)

        self._generation = 0
        self._job: Job | None = None
        self.error = ""
        self._text_timer = search_as_you_type(ui.textEdit, self.search, SEARCH_DELAY_MS)
        ui.personEdit.person_changed.connect(self._person_chosen)
        ui.userCombo.currentIndexChanged.connect(lambda _i: self.search())
        ui.kindCombo.currentIndexChanged.connect(lambda _i: self.search())
        ui.periodCombo.currentIndexChanged.connect(self._period_chosen)
        ui.fromEdit.dateChanged.connect(lambda _d: self._dates_edited())
        ui.toEdit.dateChanged.connect(lambda _d: self._dates_edited())
        ui.clearButton.clicked.connect(self.clear_filters)
        ui.table.selectionModel().currentRowChanged.connect(lambda current, _old: self.show_entry(current.row()))
        self.model.modelReset.connect(lambda: self.show_entry(ui.table.currentIndex().row()))
        self.show_entry(-1)

    @property
    def loading(self) -> bool:
        """A page of the trail is on its way."""
        return self.model.loading

    @loading.setter
    def loading(self, value: bool) -> None:
        self.model.loading = value

    def headers(self) -> list[str]:
        return [
            self.tr("Time"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Kind"),
            self.tr("Record"),
            self.tr("What changed"),
        ]

    # -- filters ---------------------------------------------------------------------------

    def allowed(self) -> bool:
        return can(self.ctx.app.actor, AUDIT)

    def current_filter(self) -> audit.AuditFilter:
        ui = self.ui
        date_from, date_to = self._period()
        return audit.AuditFilter(
            person_id=ui.personEdit.person_id,
            text=ui.textEdit.text().strip(),
            user_id=str(ui.userCombo.currentData() or "") or None,
            entity=str(ui.kindCombo.currentData() or "") or None,
            date_from=date_from,
            date_to=date_to,
        )

    def _period(self) -> tuple[dt.date | None, dt.date | None]:
        period = self.ui.periodCombo.currentData()
        today = self.today
        if period == TODAY:
            return today, today
        if period == WEEK:
            return today - dt.timedelta(days=6), today
        if period == MONTH:
            return today - dt.timedelta(days=29), today
        if period == YEAR:
            return dt.date(today.year, 1, 1), today
        if period == BETWEEN:
            first = self.ui.fromEdit.date().toPython()
            last = self.ui.toEdit.date().toPython()
            return (first, last) if first <= last else (last, first)
        return None, None

    def _person_chosen(self, person_id: str | None) -> None:
        if person_id:
            self.ui.personEdit.home(False)  # the name first, not the end of a long description
        self.search()

    def _period_changed(self) -> None:
        between = self.ui.periodCombo.currentData() == BETWEEN
        for widget in (self.ui.fromEdit, self.ui.toLabel, self.ui.toEdit):
            widget.setVisible(between)  # hidden, they leave the page narrow enough for a small window

    def _period_chosen(self) -> None:
        self._period_changed()
        self.search()

    def _dates_edited(self) -> None:
        if self.ui.periodCombo.currentData() == BETWEEN:
            self.search()

    def clear_filters(self) -> None:
        ui = self.ui
        widgets = (ui.personEdit, ui.textEdit, ui.userCombo, ui.kindCombo, ui.periodCombo)
        for w in widgets:
            w.blockSignals(True)
        ui.personEdit.set_person(None)
        ui.textEdit.clear()
        for combo in (ui.userCombo, ui.kindCombo, ui.periodCombo):
            combo.setCurrentIndex(0)
        for w in widgets:
            w.blockSignals(False)
        self._period_changed()
        self.search()

    def _fill_users(self) -> None:
        combo = self.ui.userCombo
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All users"), "")
        for user in audit.audit_users(self.ctx.app):
            combo.addItem(user.name, user.user_id)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)
        # many users at a district: the closed combo keeps its size, the list shows whole names
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width())

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        allowed = self.allowed()
        self.ui.clearButton.setVisible(allowed)
        if not allowed:
            self.ui.stack.setCurrentWidget(self.ui.deniedPage)
            self.ui.countLabel.clear()
            self._generation += 1  # anything still loading is not shown
            self.model.reset([], 0)
            return
        self.ui.stack.setCurrentWidget(self.ui.dataPage)
        self._fill_users()
        self.search()

    def search(self) -> None:
        """Load the first page of the entries the filters ask for (on a worker thread)."""
        self._text_timer.stop()
        if not self.allowed():
            return
        self._submit(0, count=True)

    def load_more(self) -> None:
        """Load the next page (the view scrolled to the end)."""
        if self.loading or self.model.rowCount() >= self.model.total:
            return
        self._submit(self.model.rowCount(), count=False)

    def _submit(self, offset: int, *, count: bool) -> None:
        if self._job is not None and offset == 0:
            self._job.cancel()  # a newer search replaces it
        self._generation += 1
        generation = self._generation
        self.loading = True
        self.error = ""
        if offset == 0:
            self.ui.countLabel.setText(self.tr("Searching…"))
        job = self.ctx.runner.submit(
            self.tr("Searching the audit trail"),
            fetch_page,
            self.ctx.app,
            self.current_filter(),
            offset,
            count,
            uses_db=False,  # reads only: never queued behind a long write
        )
        self._job = job
        job.succeeded.connect(lambda page: self._arrived(generation, page))
        job.failed.connect(lambda message, internal: self._failed(generation, message, internal))
        job.cancelled.connect(lambda: self._cancelled(generation))

    def _arrived(self, generation: int, page: audit.AuditPage) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self._job = None
        if page.offset == 0:
            keep = self.selected_id()
            self.model.reset(page.rows, page.total or 0)
            f = self.current_filter()
            self.ui.countLabel.setText(count_text(self.model.total, f != audit.AuditFilter()))
            if not self._sized and self.model.rowCount():
                table = self.ui.table
                table.resizeColumnsToContents()
                # a long record name must leave room for what changed
                widest = table.fontMetrics().horizontalAdvance("汉" * 18)
                table.setColumnWidth(RECORD, min(table.columnWidth(RECORD), widest))
                self._sized = True
            row = self.model.row_of(keep)
            if row >= 0:
                self.ui.table.selectRow(row)
            elif self.model.rowCount():
                self.ui.table.selectRow(0)
            else:
                self.show_entry(-1)
        else:
            self.model.append(page.rows)

    def _failed(self, generation: int, message: str, internal: bool) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self._job = None
        self.error = message
        self.ui.countLabel.setText(self.tr("The search failed."))
        show_error(self, self.tr("Audit trail"), message, internal=internal)

    def _cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self.loading = False
            self._job = None

    # -- the chosen entry ------------------------------------------------------------------

    def selected_id(self) -> str | None:
        entry = self.model.entry(self.ui.table.currentIndex().row())
        return entry.id if entry else None

    def show_entry(self, row: int) -> None:
        """Show an entry's fields with their values before and after (nothing for -1)."""
        entry = self.model.entry(row)
        table = self.ui.detailTable
        table.setRowCount(0)
        if entry is None:
            self.ui.detailLabel.setText(self.tr("Choose an entry to see what it changed."))
            return
        record = f"{entry.kind_label}“{entry.label}”" if entry.label else entry.kind_label
        self.ui.detailLabel.setText(
            self.tr("%1 · %2 · %3 %4")
            .replace("%1", entry.at.strftime("%Y-%m-%d %H:%M:%S"))
            .replace("%2", entry.user)
            .replace("%3", entry.action_label)
            .replace("%4", record)
            + "\n"
            + self.tr("Record id: %1").replace("%1", entry.entity_id)
        )
        table.setRowCount(len(entry.changes))
        for i, change in enumerate(entry.changes):
            for column, text in ((FIELD, change.label), (BEFORE, change.before), (AFTER, change.after)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(i, column, item)

    def save_layout(self) -> None:
        self.ctx.layout.save_header(self.ui.table.horizontalHeader(), self.key)
        self.ctx.layout.save_splitter(self.ui.splitter, self.key)
