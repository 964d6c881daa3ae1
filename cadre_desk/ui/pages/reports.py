"""报表打印: the monthly ledgers (or the year summary), generated, previewed, printed, exported.

The page lists the ledgers with what each holds for the chosen month; the ticked ones are
printed to one PDF in the job runner (progress, cancel), kept in the data dir's
``reports`` folder, and opened in the preview to print, save elsewhere or open.  The same
ledgers export to Excel for people who adjust them before printing.

Beside the ledgers, each month's state (月结归档): not closed, closed, corrected since.  An
administrator closes a month after printing it (a job); a closed month then previews and
exports as archived, byte for byte, unless "regenerate with corrections" is ticked.  At the
district the list shows which stations closed which months.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QTreeWidgetItem, QWidget

from ...core.errors import DomainError
from ...core.files import safe_file_name
from ...core.ledgers import LEDGERS, MONTHLY
from ...core.permissions import FULL_EXPORT, MONTH_CLOSE
from ...core.services import months
from ...core.services.overview import month_figures
from ...core.services.scope import ALL_STATIONS
from ..generated.ui_reports_page import Ui_ReportsPage
from ..jobs import run_with_progress
from ..pdf_preview import PdfPreviewDialog, open_folder
from ..roles import withhold
from ..station_choice import StationChoice
from ..widgets import emphasise
from .base import Context, Page
from .home import format_hours, format_money


class ReportsPage(Page):
    key = "reports"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.ui = Ui_ReportsPage()
        self.ui.setupUi(self)
        # the chosen month's state (None for all stations at the district)
        self.state: months.MonthState | None = None
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Reports & printing"))
        self.today = today
        today = today or dt.date.today()
        edit = self.ui.monthEdit
        edit.setDisplayFormat(self.tr("MMMM yyyy"))
        edit.setDate(QDate(today.year, today.month, 1))
        edit.setMaximumDate(QDate(today.year + 1, 12, 31))
        edit.dateChanged.connect(lambda _date: self.refresh())
        self.ui.yearSpin.setValue(today.year)
        self.ui.yearSpin.setMaximum(today.year + 1)
        self.ui.monthRadio.toggled.connect(self._mode_changed)
        self.stations = StationChoice(ctx.app, self.ui.stationLabel, self.ui.stationCombo, self.tr("All stations"))
        self.ui.stationCombo.setToolTip(
            self.tr(
                "All stations: a summary table with one row per station first, then each station's ledgers "
                "in turn (the year summary: the summary table, then the figures of all stations added up)."
            )
        )
        self.ui.stationCombo.currentIndexChanged.connect(lambda _index: self.refresh())
        header = self.ui.ledgerList.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.ui.ledgerList.itemChanged.connect(lambda _item, _column: self._update_buttons())
        for column in range(3):
            self.ui.monthList.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.ui.monthList.itemDoubleClicked.connect(self._month_chosen)
        self.ui.closeButton.clicked.connect(self.close_month)
        self.ui.archiveButton.clicked.connect(self.open_archived)
        self.ui.regenerateCheck.toggled.connect(lambda _on: self._update_buttons())
        self._generate_text = self.ui.generateButton.text()
        self.ui.generateButton.clicked.connect(self.generate)
        self.ui.excelButton.clicked.connect(self.export_excel)
        self.ui.folderButton.clicked.connect(self.open_reports_folder)
        self.ui.fullCheck.setToolTip(
            self.tr(
                "For the district office's files. Printed ledgers normally hide part of each ID number, phone "
                "and address."
            )
        )
        self.ui.fullCheck.setChecked(False)
        withhold([self.ui.fullCheck], ctx.can(FULL_EXPORT), permission=FULL_EXPORT)  # administrators only
        withhold([self.ui.closeButton], ctx.can(MONTH_CLOSE), permission=MONTH_CLOSE)
        self._checked: dict[str, bool] = dict.fromkeys(MONTHLY, True)
        self.last_result: Any = None
        self._mode_changed(True)

    # -- what is chosen ------------------------------------------------------------------------

    def month(self) -> tuple[int, int]:
        date = self.ui.monthEdit.date()
        return date.year(), date.month()

    def yearly(self) -> bool:
        return self.ui.yearRadio.isChecked()

    def full_data(self) -> bool:
        """Full ID numbers and phones asked for (an administrator's choice; masked for everyone else)."""
        return self.ui.fullCheck.isChecked() and self.ctx.can(FULL_EXPORT)

    def chosen_ledgers(self) -> list[str]:
        tree = self.ui.ledgerList
        return [
            tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(tree.topLevelItemCount())
            if tree.topLevelItem(i).checkState(0) == Qt.CheckState.Checked
        ]

    def _mode_changed(self, _checked: bool) -> None:
        monthly = not self.yearly()
        self.ui.monthEdit.setEnabled(monthly)
        self.ui.yearSpin.setEnabled(not monthly)
        self.ui.ledgerList.setEnabled(monthly)
        self._show_state()
        self.ui.fullCheck.setEnabled(monthly)
        self._update_buttons()

    def _update_buttons(self) -> None:
        tree = self.ui.ledgerList
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            self._checked[item.data(0, Qt.ItemDataRole.UserRole)] = item.checkState(0) == Qt.CheckState.Checked
        ready = self.yearly() or bool(self.chosen_ledgers())
        self.ui.generateButton.setEnabled(ready)
        self.ui.excelButton.setEnabled(ready)
        state = None if self.yearly() else self.state
        closed = state is not None and state.close is not None
        self.ui.regenerateCheck.setVisible(closed)
        self.ui.archiveButton.setEnabled(closed)
        self.ui.generateButton.setText(
            self.tr("&Preview the archived file") if self.archived_wanted() else self._generate_text
        )
        if self.ctx.can(MONTH_CLOSE):
            today = self.today or dt.date.today()
            over = state is not None and state.month < f"{today:%Y-%m}"
            self.ui.closeButton.setVisible(not self.stations.district)
            self.ui.closeButton.setEnabled(over and state is not None and state.state != months.CLOSED)
            again = state is not None and state.close is not None
            self.ui.closeButton.setText(self.tr("&Close again…") if again else self.tr("&Close the month…"))

    # -- the list ------------------------------------------------------------------------------

    def station(self) -> str | None:
        """The station chosen for the ledgers: None (this station) at a station; at the district
        ``ALL_STATIONS`` or a station's id."""
        return self.stations.choice()

    def _station_ids(self) -> list[str] | None:
        choice = self.station()
        if choice is None:
            return None
        return [s.id for s in self.stations.stations] if choice == ALL_STATIONS else [choice]

    def load(self) -> None:
        self.stations.fill()
        year, month = self.month()
        f = month_figures(self.ctx.app, year, month, today=self.today, station_ids=self._station_ids())
        n = QLocale().toString
        portrait, landscape = self.tr("A4 portrait"), self.tr("A4 landscape")
        ledgers = {
            "activities": (self.tr("Activity ledger"), portrait, self.tr("%n activities", "", f.activities)),
            "signin": (
                self.tr("Check-in books"),
                portrait,
                self.tr("One per activity; %1 signed in, %2 on leave, of %3 invited")
                .replace("%1", n(f.present))
                .replace("%2", n(f.on_leave))
                .replace("%3", n(f.invited)),
            ),
            "records": (
                self.tr("Activity records with photos"),
                portrait,
                self.tr("One per activity; %n photos", "", f.photos),
            ),
            "roster": (self.tr("Roster"), landscape, self.tr("%n people in the roster", "", f.people)),
            "visits": (
                self.tr("Visits and care ledger"),
                landscape,
                self.tr("%n visits", "", f.visits)
                + self.tr("; %1 yuan given").replace("%1", format_money(f.visit_money)),
            ),
            "volunteer": (
                self.tr("Volunteer service ledger"),
                landscape,
                self.tr("%n service records", "", f.service_records)
                + self.tr("; %1 hours by %2 volunteers")
                .replace("%1", format_hours(f.service_hours))
                .replace("%2", n(f.volunteers)),
            ),
            "stats": (
                self.tr("Monthly statistics"),
                portrait,
                self.tr("Activities by type, person-times, attendance rate, visits and volunteer hours, with a chart"),
            ),
        }
        tree = self.ui.ledgerList
        tree.blockSignals(True)
        tree.clear()
        for key in MONTHLY:
            item = QTreeWidgetItem(list(ledgers[key]))
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if self._checked.get(key, True) else Qt.CheckState.Unchecked)
            item.setToolTip(0, LEDGERS[key].title)
            tree.addTopLevelItem(item)
        tree.blockSignals(False)
        self._load_months()
        self._update_buttons()

    # -- month close (月结归档) ------------------------------------------------------------------

    def state_text(self, state: months.MonthState) -> str:
        return {
            months.OPEN: self.tr("Not closed"),
            months.CLOSED: self.tr("Closed"),
            months.CORRECTED: self.tr("Corrected since closing"),
        }[state.state]

    def _single_station(self) -> str | None:
        """The station whose months are shown one by one (None: this station; at the district
        a station's id, or "" for all stations)."""
        choice = self.station()
        return "" if choice == ALL_STATIONS else choice

    def _load_months(self) -> None:
        year, month = self.month()
        station = self._single_station()
        tree = self.ui.monthList
        tree.clear()
        self.state = None
        if station == "":
            states = months.closed_months(self.ctx.app, station_ids=self._station_ids())
            tree.setHeaderLabels([self.tr("Station · month"), self.tr("Status"), self.tr("Closed on / by")])
        else:
            states = months.month_states(self.ctx.app, year, station_id=station, today=self.today)
            tree.setHeaderLabels([self.tr("Month"), self.tr("Status"), self.tr("Closed on / by")])
            self.state = months.month_state(self.ctx.app, year, month, station_id=station)
        for st in reversed(states) if station != "" else states:
            when = ""
            if st.close is not None:
                when = f"{st.close.closed_at:%Y-%m-%d} {st.close.closed_by}"
            name = f"{st.station} · {st.month}" if station == "" else st.month
            status = self.state_text(st)
            if st.corrections:
                status += self.tr(" (%n correction(s))", "", st.corrections)
            item = QTreeWidgetItem([name, status, when])
            for column, text in enumerate((name, status, when)):
                item.setToolTip(column, text)  # the whole text where the column is narrow
            item.setData(0, Qt.ItemDataRole.UserRole, st.month)
            tree.addTopLevelItem(item)
            if self.state is not None and st.month == self.state.month:
                tree.setCurrentItem(item)
        self._show_state()

    def _show_state(self) -> None:
        st = self.state
        label = self.ui.monthStateLabel
        label.setVisible(st is not None and not self.yearly())  # no empty line for all stations or a year
        if st is None or self.yearly():
            label.setText("")
            return
        if st.close is None:
            label.setText(self.tr("%1: not closed.").replace("%1", self._period(st)))
            return
        text = (
            self.tr("%1: closed on %2 by %3 (%n page(s)); it prints as archived.", "", st.close.pages)
            .replace("%1", self._period(st))
            .replace("%2", f"{st.close.closed_at:%Y-%m-%d %H:%M}")
            .replace("%3", st.close.closed_by)
        )
        if st.corrections:
            text += " " + self.tr("Corrected since: %n change(s).", "", st.corrections)
        label.setText(text)

    def _period(self, st: months.MonthState) -> str:
        """The month as the language writes it (2026年10月, October 2026)."""
        return QLocale().toString(QDate(int(st.month[:4]), int(st.month[5:7]), 1), self.tr("MMMM yyyy"))

    def _month_chosen(self, item: QTreeWidgetItem, _column: int) -> None:
        text = item.data(0, Qt.ItemDataRole.UserRole)
        if text:
            self.ui.monthRadio.setChecked(True)
            self.ui.monthEdit.setDate(QDate(int(text[:4]), int(text[5:7]), 1))

    def archived_wanted(self) -> bool:
        """Whether printing now means the archived file: a closed month, every ledger, the
        archive's masking, and no regeneration asked for."""
        st = self.state
        return (
            not self.yearly()
            and st is not None
            and st.close is not None
            and not self.ui.regenerateCheck.isChecked()
            and len(self.chosen_ledgers()) == len(MONTHLY)
            and self.full_data() == st.close.full_data
        )

    def _archived_copy(self, kind: str) -> Path | None:
        """The archived file copied into the reports folder (the store's own is never handed out)."""
        st = self.state
        assert st is not None and st.close is not None
        year, month = self.month()
        station = f"{safe_file_name(st.station)} " if self.stations.district else ""
        path = self.ctx.app.layout.reports / f"{year}年{month:02d}月 {station}月度台账（归档原件）.{kind}"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            months.copy_archived(self.ctx.app, year, month, path, station_id=self._single_station() or None)
        except (DomainError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Archived file"), getattr(exc, "message", None) or str(exc))
            return None
        return path

    def open_archived(self) -> None:
        path = self._archived_copy("pdf")
        if path is None:
            return
        st = self.state
        assert st is not None and st.close is not None
        self.ui.statusLabel.setText(
            self.tr("The archived file of %1, as it was closed (SHA-256 %2…): %3")
            .replace("%1", st.month)
            .replace("%2", st.close.pdf_sha256[:16])
            .replace("%3", path.name)
        )
        dialog = PdfPreviewDialog(path, path.stem, self)
        dialog.open()
        self.preview = dialog

    def close_month(self) -> None:
        st = self.state
        if st is None or self.yearly():
            return
        question = self.tr(
            "Close %1 and archive its ledgers?\n\nThe PDF and the Excel file are made now and kept exactly as "
            "they are; the month then prints as archived. Later changes to records of %1 need an administrator "
            "and are recorded as corrections."
        ).replace("%1", st.month)
        answer = QMessageBox.question(self, self.tr("Close the month"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        year, month = self.month()

        def done(result: Any) -> None:
            self.ui.statusLabel.setText(
                self.tr("%1 closed: %n page(s), archived in the data folder.", "", result.close.pages).replace(
                    "%1", result.close.month
                )
            )
            self.refresh()

        run_with_progress(
            self.ctx.runner,
            self,
            self.tr("Closing the month"),
            months.close_month,
            self.ctx.app,
            year,
            month,
            on_success=done,
            full_data=self.full_data(),
            today=self.today,
        )

    # -- generating ----------------------------------------------------------------------------

    def output_path(self) -> Path:
        folder = self.ctx.app.layout.reports
        station = ""
        if self.stations.district:
            station = "各驿站 " if self.station() == ALL_STATIONS else f"{self.stations.chosen_name()} "
            station = safe_file_name(station)
        if self.yearly():
            return folder / f"{self.ui.yearSpin.value()}年 {station}年度统计.pdf"
        year, month = self.month()
        chosen = self.chosen_ledgers()
        what = "月度台账" if len(chosen) == len(MONTHLY) else "、".join(LEDGERS[k].title for k in chosen)
        full = "（完整信息）" if self.full_data() else ""
        return folder / f"{year}年{month:02d}月 {station}{what}{full}.pdf"

    def _job(self, excel: bool) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
        """The function, arguments and options that make what is chosen."""
        if self.yearly():
            if excel:
                from ...core.ledgers.excel import export_year_summary_excel as fn
            else:
                from ...core.ledgers.pdf import make_year_summary as fn
            return fn, (self.ctx.app, self.ui.yearSpin.value()), {"today": self.today, "station": self.station()}
        options = {
            "ledgers": self.chosen_ledgers(),
            "full_data": self.full_data(),
            "today": self.today,
            "station": self.station(),
        }
        if excel:
            from ...core.ledgers.excel import export_monthly_ledgers_excel as fn
        elif self.state is not None and self.state.close is not None and self.ui.regenerateCheck.isChecked():
            fn = months.print_with_corrections  # the 更正记录 first
            options["station_id"] = options.pop("station")
        else:
            from ...core.ledgers.pdf import make_monthly_ledgers as fn
        return fn, (self.ctx.app, *self.month()), options

    def generate(self) -> None:
        if self.archived_wanted():
            self.open_archived()
            return
        path = self.output_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Print ledgers"), str(exc))
            return
        title = self.tr("Generating the year summary") if self.yearly() else self.tr("Generating the monthly ledgers")
        fn, args, options = self._job(excel=False)
        run_with_progress(self.ctx.runner, self, title, fn, *args, path, on_success=self._generated, **options)

    def _generated(self, result: Any) -> None:
        self.last_result = result
        size = f"{result.size / 1_048_576:.1f} MB"
        self.ui.statusLabel.setText(
            self.tr("Saved %1: %n page(s), %2.", "", result.pages).replace("%1", result.path.name).replace("%2", size)
        )
        warning = ""
        if result.missing_chars:
            lines = [f"“{text}”：{chars}" for text, chars in result.missing_chars.items()]
            warning = self.tr(
                "These characters are in no font on this computer and are missing from the paper; "
                "write them in by hand: %1"
            ).replace("%1", "；".join(lines[:12]) + ("……" if len(lines) > 12 else ""))
        dialog = PdfPreviewDialog(result.path, result.path.stem, self, warning=warning)
        dialog.open()
        self.preview = dialog

    def export_excel(self) -> None:
        archived = self.archived_wanted()
        suggested = self.output_path().with_suffix(".xlsx").name
        if archived:
            suggested = suggested.replace(".xlsx", "（归档原件）.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to Excel"), str(Path.home() / suggested), self.tr("Excel workbooks (*.xlsx)")
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        title = self.tr("Export to Excel")
        if archived:
            try:
                months.copy_archived(self.ctx.app, *self.month(), path, station_id=self._single_station() or None)
            except DomainError as exc:
                QMessageBox.warning(self, title, exc.message)
                return
            self.ui.statusLabel.setText(self.tr("Saved the archived workbook as %1.").replace("%1", str(path)))
            return
        fn, args, options = self._job(excel=True)

        def done(result: Any) -> None:
            self.ui.statusLabel.setText(
                self.tr("Exported to %1 (%n sheet(s)).", "", len(result.sheets)).replace("%1", str(result.path))
            )

        run_with_progress(self.ctx.runner, self, title, fn, *args, path, on_success=done, **options)

    def open_reports_folder(self) -> None:
        folder = self.ctx.app.layout.reports
        folder.mkdir(parents=True, exist_ok=True)
        open_folder(folder / "x")
