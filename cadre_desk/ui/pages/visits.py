"""走访慰问: the visits book — search, follow-ups still open or overdue, and the visit form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.errors import DomainError
from ...core.permissions import RECORDS
from ...core.services import browse, care
from ..generated.ui_visits_page import Ui_VisitsPage
from ..jobs import show_error
from ..roles import withhold
from ..station_choice import StationChoice
from ..widgets import PagedTableModel, count_text, emphasise, search_as_you_type, show_rows
from .base import Context, Page

SEARCH_DELAY_MS = 150
#: the columns of browse.VISITS shown (after the id)
DATE, WHO, REASON, VISITORS, GIFTS, MONEY, DUE, STATE = range(8)
#: the filter combo's choices: everything, follow-ups not done yet, follow-ups past their date
ALL, OPEN, OVERDUE = "", "open", "overdue"
OVERDUE_COLOUR = QColor("#a00000")

Index = QModelIndex | QPersistentModelIndex


class VisitsTableModel(PagedTableModel):
    """The visits: overdue follow-ups in dark red; each row's follow-up state at hand."""

    def follow_up_state(self, row: int) -> str:
        return str(self._rows[row][STATE + 1]) if 0 <= row < len(self._rows) else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() in (DUE, STATE)
            and self.follow_up_state(index.row()) == OVERDUE
        ):
            return QBrush(OVERDUE_COLOUR)
        return super().data(index, role)


class VisitsPage(Page):
    """The visits book: find a visit, see which follow-ups are open or late, record new visits."""

    key = "visits"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or dt.date.today()
        self.ui = Ui_VisitsPage()
        self.ui.setupUi(self)
        ui = self.ui
        emphasise(ui.titleLabel, 1.4)
        ui.titleLabel.setText(self.tr("Visits & care"))
        ui.searchEdit.setPlaceholderText(self.tr("Person or household visited, visitors, gifts"))
        for text, show in ((self.tr("All"), ALL), (self.tr("Follow-up open"), OPEN), (self.tr("Overdue"), OVERDUE)):
            ui.filterCombo.addItem(text, show)
        self.stations = StationChoice(ctx.app, ui.stationLabel, ui.stationCombo, self.tr("All stations"))
        self.model = VisitsTableModel(
            ctx.app, self._listing(), self.headers(), align_right=(MONEY,), display=self.display
        )
        show_rows(ui.table, self.model, stretch_column=VISITORS)
        self._sized = ctx.layout.restore_header(ui.table.horizontalHeader(), self.key)
        self._search_timer = search_as_you_type(ui.searchEdit, self.apply_search, SEARCH_DELAY_MS)
        ui.filterCombo.currentIndexChanged.connect(self._filter_changed)
        ui.stationCombo.currentIndexChanged.connect(self._filter_changed)
        ui.table.doubleClicked.connect(self._open_row)
        ui.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        ui.newButton.clicked.connect(self.new_visit)
        ui.openButton.clicked.connect(lambda: self.open_visit(self.selected_id()))
        ui.doneButton.clicked.connect(self.mark_follow_up_done)
        ui.deleteButton.clicked.connect(self.delete_selected)
        shortcut = QKeySequence(QKeySequence.StandardKey.New)
        self.new_shortcut = QShortcut(shortcut, self, self.new_visit)
        ui.newButton.setToolTip(
            self.tr("New visit (%1)").replace("%1", shortcut.toString(QKeySequence.SequenceFormat.NativeText))
        )
        # read-only users find visits and open them to look at
        withhold([ui.newButton, ui.doneButton, ui.deleteButton, self.new_shortcut], ctx.can(RECORDS))
        self._update_buttons()

    def headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Person or household"),
            self.tr("Reason"),
            self.tr("Visitors"),
            self.tr("Gifts"),
            self.tr("Money (yuan)"),
            self.tr("Follow-up due"),
            self.tr("Follow-up"),
            *([self.tr("Station")] if self.stations.district else []),
        ]

    def display(self, column: int, value: Any) -> str:
        if column == STATE:
            return {
                "done": self.tr("Done"),
                OVERDUE: self.tr("Overdue"),
                OPEN: self.tr("To do"),
            }.get(value, "")
        return "" if value is None else str(value)

    # -- loading ---------------------------------------------------------------------------

    def _listing(self) -> browse.Listing:
        return browse.visits_listing(
            str(self.ui.filterCombo.currentData() or ALL),
            self.today,
            station_id=self.stations.station_id(),
            station_column=self.stations.district,
        )

    def load(self) -> None:
        self.stations.fill()
        self.model.listing = self._listing()
        self.apply_search()

    def apply_search(self, keep: str | None = None) -> None:
        """Show the visits matching the search and the filter (keeping the chosen one if still shown)."""
        self._search_timer.stop()
        keep = keep or self.selected_id()
        text = self.ui.searchEdit.text()
        self.model.set_search(text)
        filtered = (
            bool(text.strip()) or self.ui.filterCombo.currentData() != ALL or self.stations.station_id() is not None
        )
        self.ui.countLabel.setText(count_text(self.model.total, filtered))
        if not self._sized and self.model.rowCount():
            self.ui.table.resizeColumnsToContents()
            self._sized = True
        if keep is not None:
            self.select(keep)
        self._update_buttons()

    def _filter_changed(self) -> None:
        self.model.listing = self._listing()
        self.apply_search()

    def select(self, visit_id: str) -> bool:
        """Make the visit the current row (among the rows loaded so far); False when not shown."""
        for row in range(self.model.rowCount()):
            if self.model.record_id(row) == visit_id:
                self.ui.table.selectRow(row)
                self.ui.table.scrollTo(self.model.index(row, 0))
                return True
        return False

    # -- choosing --------------------------------------------------------------------------

    def selected_row(self) -> int:
        index = self.ui.table.currentIndex()
        return index.row() if index.isValid() and self.ui.table.selectionModel().isRowSelected(index.row()) else -1

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return self.model.record_id(row) if row >= 0 else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        chosen = row >= 0
        self.ui.openButton.setEnabled(chosen)
        self.ui.deleteButton.setEnabled(chosen)
        self.ui.doneButton.setEnabled(chosen and self.model.follow_up_state(row) in (OPEN, OVERDUE))

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_visit(self.model.record_id(index.row()))

    # -- actions ---------------------------------------------------------------------------

    def new_visit(self) -> bool:
        """Ctrl+N or the button: the form for a new visit."""
        return self.ctx.can(RECORDS) and self.open_visit(None)

    def open_visit(
        self,
        visit_id: str | None,
        *,
        person_id: str | None = None,
        day: dt.date | None = None,
        reason: str | None = None,
    ) -> bool:
        """The visit form (a new visit when ``visit_id`` is None); True when something was saved."""
        from ..visit_dialog import VisitDialog

        dialog = VisitDialog(self.ctx, visit_id, self, person_id=person_id, day=day, reason=reason)
        saved = dialog.exec() == VisitDialog.DialogCode.Accepted
        if saved or dialog.photos_changed():
            self.data_changed.emit()
            self.apply_search(keep=dialog.saved_id)
        return saved

    def mark_follow_up_done(self) -> None:
        visit_id = self.selected_id()
        if visit_id is None:
            return
        try:
            care.set_follow_up_done(self.ctx.app, visit_id, True)
        except DomainError as exc:
            show_error(self, self.tr("Mark follow-up done"), exc.message)
            return
        self.data_changed.emit()
        self.apply_search(keep=visit_id)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        visit_id = self.model.record_id(row)
        who = str(self.model.index(row, WHO).data())
        day = str(self.model.index(row, DATE).data())
        question = self.tr("Delete the visit to %1 on %2?").replace("%1", who).replace("%2", day)
        if QMessageBox.question(self, self.tr("Delete visit"), question) != QMessageBox.StandardButton.Yes:
            return
        try:
            care.delete_visit(self.ctx.app, visit_id)
        except DomainError as exc:
            show_error(self, self.tr("Delete visit"), exc.message)
            return
        self.data_changed.emit()
        self.apply_search()
        if self.model.rowCount():
            self.ui.table.selectRow(min(row, self.model.rowCount() - 1))

    def save_layout(self) -> None:
        self.ctx.layout.save_header(self.ui.table.horizontalHeader(), self.key)
