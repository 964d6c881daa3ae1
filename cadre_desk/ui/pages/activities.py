"""活动与签到: the activities as a searchable list and as a month calendar; the door; member cards."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem, QWidget

from ...core.permissions import RECORDS
from ...core.services import activities as acts
from ...core.services import browse
from ..generated.ui_activities_page import Ui_ActivitiesPage
from ..roles import withhold
from ..station_choice import StationChoice
from ..widgets import PagedTableModel, count_text, emphasise, search_as_you_type, show_rows
from .base import Context, Page

SEARCH_DELAY_MS = 150
LIST_TAB, MONTH_TAB = 0, 1


class ActivitiesPage(Page):
    """Activities, with the ways into each one: its form, its check-in at the door."""

    key = "activities"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or dt.date.today()
        self.ui = Ui_ActivitiesPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Activities & check-in"))
        self.ui.searchEdit.setPlaceholderText(self.tr("Title, type, place or host"))
        self.stations = StationChoice(ctx.app, self.ui.stationLabel, self.ui.stationCombo, self.tr("All stations"))
        self.ui.stationCombo.currentIndexChanged.connect(self._station_changed)
        self.model = PagedTableModel(ctx.app, self._listing(), self.headers(), align_right=(6, 7, 8, 9))
        table = self.ui.table
        show_rows(table, self.model, stretch_column=3)
        header = table.horizontalHeader()
        self._sized = ctx.layout.restore_header(header, self.key)
        self._search_timer = search_as_you_type(self.ui.searchEdit, self.apply_search, SEARCH_DELAY_MS)
        table.doubleClicked.connect(self._open_row)
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.ui.monthList.itemDoubleClicked.connect(self._open_month_item)
        self.ui.monthList.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.ui.calendar.currentPageChanged.connect(lambda *_: self.load_month())
        self.ui.calendar.clicked.connect(self._day_clicked)
        self.ui.calendar.activated.connect(self._new_on_day)
        self.ui.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.ui.monthLayout.setStretch(0, 2)
        self.ui.monthLayout.setStretch(1, 3)
        month_header = self.ui.monthList.header()
        month_header.setStretchLastSection(False)
        month_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.ui.views.currentChanged.connect(self._view_changed)
        self.ui.newButton.clicked.connect(lambda: self.open_activity(None))
        self.ui.openButton.clicked.connect(lambda: self.open_activity(self.selected_id()))
        self.ui.checkInButton.clicked.connect(self.check_in)
        self.ui.cardsButton.clicked.connect(self.print_cards)
        self.ui.views.setCurrentIndex(int(ctx.layout.value("activities/view", str(LIST_TAB)) or 0))
        # read-only users open activities to look at them (their books, photos, paper sheet) and print cards
        withhold([self.ui.newButton, self.ui.checkInButton], ctx.can(RECORDS))
        self._update_buttons()

    def headers(self) -> list[str]:
        return [
            self.tr("Date"),
            self.tr("Time"),
            self.tr("Type"),
            self.tr("Title"),
            self.tr("Place"),
            self.tr("Host"),
            self.tr("Invited"),
            self.tr("Present"),
            self.tr("On leave"),
            self.tr("Photos"),
            *([self.tr("Station")] if self.stations.district else []),
        ]

    def _listing(self) -> browse.Listing:
        """The activities of the chosen station (at the district, with a 驿站 column)."""
        return browse.activities_listing(self.stations.station_id(), station_column=self.stations.district)

    def _station_changed(self) -> None:
        self.model.listing = self._listing()
        self.apply_search()
        self.load_month()

    # -- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        self.stations.fill()
        self.model.listing = self._listing()
        self.apply_search()
        self.load_month()

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.ui.searchEdit.text()
        self.model.set_search(text)
        self.ui.countLabel.setText(count_text(self.model.total, bool(text.strip())))
        if not self._sized and self.model.rowCount():
            self.ui.table.resizeColumnsToContents()
            self._sized = True
        self._select_nearest()
        self._update_buttons()

    def _select_nearest(self) -> None:
        """Choose today's activity (or the latest one before it), ready for the door."""
        today = self.today.isoformat()
        for row in range(self.model.rowCount()):
            if str(self.model.index(row, 0).data()) <= today:
                self.ui.table.selectRow(row)
                self.ui.table.scrollTo(self.model.index(row, 0))
                return

    def load_month(self) -> None:
        """The calendar's month: days with activities in bold, the month's activities beside it."""
        cal = self.ui.calendar
        year, month = cal.yearShown(), cal.monthShown()
        items = acts.month_activities(self.ctx.app, year, month, station_id=self.stations.station_id())
        cal.setDateTextFormat(QDate(), QTextCharFormat())  # clear the previous month's marks
        busy = QTextCharFormat()
        busy.setFontWeight(QFont.Weight.Bold)
        busy.setBackground(QBrush(QColor("#dbe9f7")))
        lst = self.ui.monthList
        lst.clear()
        present = invited = 0
        for a in items:
            cal.setDateTextFormat(QDate(a.date.year, a.date.month, a.date.day), busy)
            item = QTreeWidgetItem(
                [
                    a.date.strftime("%m-%d"),
                    a.start_time.strftime("%H:%M") if a.start_time else "",
                    a.type_name,
                    a.title,
                    str(a.invited),
                    str(a.present),
                    str(a.on_leave),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.setData(1, Qt.ItemDataRole.UserRole, a.date.isoformat())
            for column in (4, 5, 6):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            lst.addTopLevelItem(item)
            if a.date <= self.today:
                present += a.present
                invited += a.invited
        for column in (0, 1, 2, 4, 5, 6):
            lst.resizeColumnToContents(column)
        summary = (
            self.tr("%1-%2: %3 activities, %4 person-times present")
            .replace("%1", str(year))
            .replace("%2", f"{month:02d}")
            .replace("%3", str(len(items)))
            .replace("%4", str(present))
        )
        self.ui.monthSummary.setText(summary)
        self._update_buttons()

    # -- choosing --------------------------------------------------------------------------

    def select(self, activity_id: str) -> None:
        """Make this activity the chosen one, in the list and in the month view."""
        for row in range(self.model.rowCount()):
            if self.model.record_id(row) == activity_id:
                self.ui.table.setCurrentIndex(self.model.index(row, 0))
                self.ui.table.scrollTo(self.model.index(row, 0))
                break
        month = self.ui.monthList
        for i in range(month.topLevelItemCount()):
            item = month.topLevelItem(i)
            if str(item.data(0, Qt.ItemDataRole.UserRole)) == activity_id:
                month.setCurrentItem(item)
        self._update_buttons()

    def selected_id(self) -> str | None:
        if self.ui.views.currentIndex() == MONTH_TAB:
            item = self.ui.monthList.currentItem()
            return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None
        index = self.ui.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.ui.openButton.setEnabled(chosen)
        self.ui.checkInButton.setEnabled(chosen)

    def _view_changed(self, index: int) -> None:
        self.ctx.layout.set_value("activities/view", str(index))
        self._update_buttons()

    def _day_clicked(self, day: QDate) -> None:
        lst = self.ui.monthList
        for row in range(lst.topLevelItemCount()):
            item = lst.topLevelItem(row)
            if item.data(1, Qt.ItemDataRole.UserRole) == day.toString("yyyy-MM-dd"):
                lst.setCurrentItem(item)
                return
        lst.setCurrentItem(None)

    def _new_on_day(self, day: QDate) -> None:
        """Double-click (or Enter) on a day without activities: a new activity that day."""
        self._day_clicked(day)
        if self.ui.monthList.currentItem() is None and self.ctx.can(RECORDS):
            self.open_activity(None, day=dt.date(day.year(), day.month(), day.day()))

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_activity(self.model.record_id(index.row()))

    def _open_month_item(self, item: QTreeWidgetItem) -> None:
        self.open_activity(str(item.data(0, Qt.ItemDataRole.UserRole)))

    # -- actions ---------------------------------------------------------------------------

    def open_activity(self, activity_id: str | None, *, day: dt.date | None = None) -> bool:
        """The activity form (a new one when ``activity_id`` is None); True when something was saved."""
        if activity_id is None and day is None and self.ui.views.currentIndex() == MONTH_TAB:
            shown = self.ui.calendar.selectedDate()
            day = dt.date(shown.year(), shown.month(), shown.day())
        from ..activity_dialog import ActivityDialog

        dialog = ActivityDialog(self.ctx, activity_id, self, day=day)
        saved = dialog.exec() == ActivityDialog.DialogCode.Accepted
        if saved or dialog.photos_changed() or dialog.book_changed:
            self.data_changed.emit()
            self.load()
        if saved and activity_id is None and dialog.saved_id:
            self.select(dialog.saved_id)  # the new activity is the chosen one: 现场签到 opens its book
        if saved and activity_id is not None and dialog.saved_id and dialog.saved_id != activity_id:
            # a duplicate made from the form: open it to adjust (a new activity is not reopened)
            return self.open_activity(dialog.saved_id) or True
        return saved

    def check_in(self) -> None:
        activity_id = self.selected_id()
        if activity_id is None or not self.ctx.can(RECORDS):
            return
        from ..checkin_window import CheckInWindow

        window = CheckInWindow(self.ctx, activity_id, self)
        window.exec()
        if window.changed:
            self.data_changed.emit()
            self.load()

    def print_cards(self) -> None:
        """Member cards (QR) for everyone in the roster, as a PDF to print."""
        from .roster import print_member_cards

        print_member_cards(self, self.ctx)

    def save_layout(self) -> None:
        self.ctx.layout.save_header(self.ui.table.horizontalHeader(), self.key)
