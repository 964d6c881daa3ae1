"""人员台账: the roster — search as you type, filters, sorting, chosen columns."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QMenu, QMessageBox, QWidget

from ...core.permissions import FULL_EXPORT, RECORDS
from ...core.services.roster import COLUMNS, RosterFilter, RosterListing, roster_options
from ...core.vocab import ACTIVITY_CLASSES, CARE_FLAGS, CATEGORIES, PERSON_STATUSES, REPORT_STATUSES
from ..generated.ui_roster_page import Ui_RosterPage
from ..jobs import run_with_progress
from ..roles import withhold
from ..station_choice import StationChoice
from ..widgets import PagedTableModel, emphasise, search_as_you_type, show_rows
from .base import Context, Page

SEARCH_DELAY_MS = 120
AGE_BANDS: dict[str, tuple[int | None, int | None]] = {
    "under60": (None, 59),
    "60s": (60, 69),
    "70s": (70, 79),
    "80s": (80, 89),
    "90plus": (90, None),
}
# columns shown until the user chooses otherwise
HIDDEN_BY_DEFAULT = ("political_status", "work_unit", "care", "talent_tags")


class RosterPage(Page):
    key = "people"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or dt.date.today()
        self.ui = Ui_RosterPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Roster"))
        self.ui.searchEdit.setPlaceholderText(
            self.tr("Name, pinyin initials (e.g. zs), full pinyin, part of the ID number, or phone")
        )
        self.stations = StationChoice(ctx.app, self.ui.stationLabel, self.ui.stationCombo, self.tr("All stations"))
        self.ui.stationCombo.currentIndexChanged.connect(self.apply_filters)
        self.filter = RosterFilter(today=self.today)
        self.model = PagedTableModel(ctx.app, self._listing(self.filter), self.headers(), align_right=(2,))
        self.model.resort = self._resorted
        table = self.ui.table
        show_rows(table, self.model, stretch_column=COLUMNS.index("party_branch"))  # not the short status
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = table.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._sized = ctx.layout.restore_header(header, self.key)
        if not self._sized:
            for name in HIDDEN_BY_DEFAULT:
                header.setSectionHidden(COLUMNS.index(name), True)
        self._lists_filled = False  # the filter lists are read on first show, not at start-up
        self.ui.filterFrame.setVisible(ctx.layout.value("roster/filters", "0") == "1")
        self.ui.filterButton.setCheckable(True)
        self.ui.filterButton.setChecked(self.ui.filterFrame.isVisible())
        self.ui.filterButton.toggled.connect(self.ui.filterFrame.setVisible)
        self.ui.clearFiltersButton.clicked.connect(self.clear_filters)
        self._search_timer = search_as_you_type(self.ui.searchEdit, self.apply_search, SEARCH_DELAY_MS)
        table.doubleClicked.connect(self._open_row)
        table.activated.connect(self._open_row)  # Enter on a row opens it too
        self.ui.addButton.clicked.connect(lambda: self.open_person(None))
        self.ui.importButton.clicked.connect(self.import_excel)
        self.ui.exportButton.clicked.connect(self.export_excel)
        self.ui.cardsButton.clicked.connect(self.print_cards)
        # read-only users look people up, open them (read-only), export masked and print cards
        withhold([self.ui.addButton, self.ui.importButton], ctx.can(RECORDS))

    # -- texts ---------------------------------------------------------------------------

    def headers(self) -> list[str]:
        names = {
            "name": self.tr("Name"),
            "sex": self.tr("Sex"),
            "age": self.tr("Age"),
            "category": self.tr("Category"),
            "political_status": self.tr("Political status"),
            "party_branch": self.tr("Party branch"),
            "activity_class": self.tr("Activity class"),
            "phone": self.tr("Phone"),
            "id_number": self.tr("ID number"),
            "work_unit": self.tr("Former work unit"),
            "care": self.tr("Special care"),
            "talent_tags": self.tr("Talents"),
            "status": self.tr("Status"),
            "station": self.tr("Station"),
        }
        return [names[c] for c in self._columns()]

    def _columns(self) -> tuple[str, ...]:
        """The list's columns: at the district, the person's station last."""
        return (*COLUMNS, "station") if self.stations.district else COLUMNS

    def _listing(self, roster_filter: RosterFilter, sort: str = "name", descending: bool = False) -> RosterListing:
        return RosterListing(roster_filter, sort, descending, station_column=self.stations.district)

    # -- filters -------------------------------------------------------------------------

    def _fill_filter_lists(self) -> None:
        options = roster_options(self.ctx.app)
        every = self.tr("All")
        lists: list[tuple[QComboBox, list[tuple[str, Any]]]] = [
            (self.ui.categoryCombo, [(label, code) for code, label in CATEGORIES.items()]),
            (self.ui.partyCombo, [(self.tr("Party members"), "member"), (self.tr("Not Party members"), "non_member")]),
            (self.ui.branchCombo, [(b, b) for b in options.party_branches]),
            (self.ui.activityClassCombo, [(label, code) for code, label in ACTIVITY_CLASSES.items()]),
            (
                self.ui.careCombo,
                [(self.tr("Any special care"), "any")] + [(label, flag) for flag, label in CARE_FLAGS.items()],
            ),
            (self.ui.talentCombo, [(t, t) for t in options.talent_tags]),
            (self.ui.interestCombo, [(t, t) for t in options.interests]),
            (
                self.ui.reportCombo,
                [(label, code) for code, label in REPORT_STATUSES.items()] + [(self.tr("Not recorded"), "none")],
            ),
            (
                self.ui.ageCombo,
                [
                    (self.tr("Under 60"), "under60"),
                    (self.tr("60–69"), "60s"),
                    (self.tr("70–79"), "70s"),
                    (self.tr("80–89"), "80s"),
                    (self.tr("90 and over"), "90plus"),
                ],
            ),
        ]
        for combo, items in lists:
            combo.addItem(every, None)
            for text, data in items:
                combo.addItem(text, data)
            combo.currentIndexChanged.connect(self.apply_filters)
        status = self.ui.statusCombo
        for code, label in PERSON_STATUSES.items():
            status.addItem(label, frozenset({code}))
        status.addItem(every, frozenset())
        status.currentIndexChanged.connect(self.apply_filters)

    def current_filter(self) -> RosterFilter:
        ui = self.ui

        def data(combo: QComboBox) -> Any:
            return combo.currentData()

        care = data(ui.careCombo)
        band = AGE_BANDS.get(data(ui.ageCombo) or "", (None, None))
        return RosterFilter(
            text=self.ui.searchEdit.text(),
            statuses=data(ui.statusCombo) if data(ui.statusCombo) is not None else frozenset({"active"}),
            categories=frozenset({data(ui.categoryCombo)}) if data(ui.categoryCombo) else frozenset(),
            party=data(ui.partyCombo) or "",
            party_branch=data(ui.branchCombo) or "",
            activity_classes=frozenset({data(ui.activityClassCombo)}) if data(ui.activityClassCombo) else frozenset(),
            care=frozenset(CARE_FLAGS) if care == "any" else frozenset({care}) if care else frozenset(),
            talent_tag=data(ui.talentCombo) or "",
            interest=data(ui.interestCombo) or "",
            report_status=data(ui.reportCombo) or "",
            age_min=band[0],
            age_max=band[1],
            station_id=self.stations.station_id() or "",
            today=self.today,
        )

    def apply_filters(self) -> None:
        self.filter = self.current_filter()
        listing = self.model.listing
        assert isinstance(listing, RosterListing)
        self.model.set_listing(self._listing(self.filter, listing.sort, listing.descending))
        self._show_count()
        narrowed = self.filter.active
        self.ui.filterButton.setText(self.tr("&Filters (on)") if narrowed else self.tr("&Filters"))

    def clear_filters(self) -> None:
        combos = self.ui.filterFrame.findChildren(QComboBox)
        for combo in combos:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filters()

    def _resorted(self, column: int, descending: bool) -> RosterListing:
        return self._listing(self.filter, self._columns()[column], descending)

    # -- search --------------------------------------------------------------------------

    def load(self) -> None:
        if not self._lists_filled:
            self._lists_filled = True
            self._fill_filter_lists()
        self.stations.fill()
        if (self.stations.station_id() or "") != self.filter.station_id:  # the chosen station is gone
            self.apply_filters()
        self.apply_search()

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.filter = replace(self.filter, text=self.ui.searchEdit.text())
        self.model.set_search(self.ui.searchEdit.text())
        self._show_count()
        if not self._sized and self.model.rowCount():
            self.ui.table.resizeColumnsToContents()
            self._sized = True

    def _show_count(self) -> None:
        total = self.model.total
        if self.ui.searchEdit.text().strip() or self.filter.active:
            text = self.tr("Found: %1 people").replace("%1", str(total))
        else:
            text = self.tr("In the roster: %1 people").replace("%1", str(total))
        self.ui.countLabel.setText(text)

    # -- columns -------------------------------------------------------------------------

    def _column_menu(self, pos: QPoint) -> None:
        header = self.ui.table.horizontalHeader()
        menu = QMenu(self)
        for column, title in enumerate(self.headers()):
            action = QAction(title, menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column != 0)  # the name always shows
            action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
            menu.addAction(action)
        menu.exec(header.mapToGlobal(pos))

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_person(self.model.record_id(index.row()))

    def open_person(self, person_id: str | None) -> bool:
        """Show the person form (a new person when ``person_id`` is None); True when saved."""
        from ..person_dialog import PersonDialog

        dialog = PersonDialog(self.ctx.app, person_id, self)
        if dialog.exec() != PersonDialog.DialogCode.Accepted:
            return False
        self.data_changed.emit()
        self.apply_search()
        return True

    def import_excel(self) -> None:
        from ..import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx.app, self.ctx.runner, self)
        if dialog.exec() != ImportDialog.DialogCode.Accepted or dialog.result is None:
            return
        self.data_changed.emit()
        self.apply_search()
        QMessageBox.information(self, self.tr("Import from Excel"), dialog.result.summary())

    def export_options(self) -> QMessageBox:
        """What an administrator is asked before exporting: masked (the default) or full data."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Export the roster"),
            self.tr(
                "The workbook hides part of each ID number and phone number, the addresses and the "
                "health notes. Tick the box for the full data (for the district office's files; "
                "a full export can be imported again)."
            ),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Continue…"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        check = QCheckBox(self.tr("Include full ID and phone numbers"), box)
        check.setObjectName("fullDataCheck")
        box.setCheckBox(check)
        return box

    def ask_full_data(self) -> bool | None:
        """Full data in the export? False without asking for anyone but an administrator; None when cancelled."""
        if not self.ctx.can(FULL_EXPORT):
            return False
        box = self.export_options()
        box.exec()
        if box.clickedButton() is not box.button(QMessageBox.StandardButton.Ok):
            return None
        return box.checkBox().isChecked()

    def export_excel(self) -> None:
        from ...core.roster_export import export_roster

        full_data = self.ask_full_data()
        if full_data is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the roster"), self.tr("Roster.xlsx"), self.tr("Excel workbooks (*.xlsx)")
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        title = self.tr("Export to Excel")

        def done(count: int) -> None:
            QMessageBox.information(
                self, title, self.tr("%1 people exported to %2").replace("%1", str(count)).replace("%2", str(path))
            )

        run_with_progress(
            self.ctx.runner, self, title, export_roster, self.ctx.app, path, full_data=full_data, on_success=done
        )

    def print_cards(self) -> None:
        """Member cards (QR, for the door) of the people the list shows (search and filters applied)."""
        print_member_cards(self, self.ctx, self.current_filter().with_text(self.ui.searchEdit.text()))

    def save_layout(self) -> None:
        self.ctx.layout.save_header(self.ui.table.horizontalHeader(), self.key)
        self.ctx.layout.set_value("roster/filters", "1" if self.ui.filterFrame.isVisible() else "0")


def print_member_cards(parent: QWidget, ctx: Context, roster_filter: RosterFilter | None = None) -> None:
    """Ask where to save, then make the member cards (all 在册 people, or those of a filter) and open them."""
    from ...core.pdf.cards import make_member_cards
    from ..activity_dialog import open_pdf

    title = QCoreApplication.translate("RosterPage", "Member cards")
    name, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        QCoreApplication.translate("RosterPage", "Member cards.pdf"),
        QCoreApplication.translate("RosterPage", "PDF files (*.pdf)"),
    )
    if name:
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        open_pdf(parent, ctx, title, path, make_member_cards, ctx.app, roster_filter=roster_filter)
