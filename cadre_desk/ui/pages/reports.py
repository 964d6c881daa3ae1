"""报表打印: the monthly ledgers and what each holds for the chosen month."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem, QWidget

from ...core.services.overview import month_figures
from ..generated.ui_reports_page import Ui_ReportsPage
from ..widgets import emphasise
from .base import Context, Page
from .home import format_hours, format_money


class ReportsPage(Page):
    key = "reports"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.ui = Ui_ReportsPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Reports & printing"))
        self.today = today
        today = today or dt.date.today()
        edit = self.ui.monthEdit
        edit.setDisplayFormat(self.tr("MMMM yyyy"))
        edit.setDate(QDate(today.year, today.month, 1))
        edit.setMaximumDate(QDate(today.year + 1, 12, 31))
        edit.dateChanged.connect(lambda _date: self.refresh())
        header = self.ui.ledgerList.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def month(self) -> tuple[int, int]:
        date = self.ui.monthEdit.date()
        return date.year(), date.month()

    def load(self) -> None:
        year, month = self.month()
        f = month_figures(self.ctx.app, year, month, today=self.today)
        n = QLocale().toString
        portrait, landscape = self.tr("A4 portrait"), self.tr("A4 landscape")
        ledgers = [
            (self.tr("Activity ledger"), portrait, self.tr("%n activities", "", f.activities)),
            (
                self.tr("Check-in books"),
                portrait,
                self.tr("One per activity; %1 signed in, %2 on leave, of %3 invited")
                .replace("%1", n(f.present))
                .replace("%2", n(f.on_leave))
                .replace("%3", n(f.invited)),
            ),
            (
                self.tr("Activity records with photos"),
                portrait,
                self.tr("One per activity; %n photos", "", f.photos),
            ),
            (self.tr("Roster"), landscape, self.tr("%n people in the roster", "", f.people)),
            (
                self.tr("Visits and care ledger"),
                landscape,
                self.tr("%n visits", "", f.visits)
                + self.tr("; %1 yuan given").replace("%1", format_money(f.visit_money)),
            ),
            (
                self.tr("Volunteer service ledger"),
                landscape,
                self.tr("%n service records", "", f.service_records)
                + self.tr("; %1 hours by %2 volunteers")
                .replace("%1", format_hours(f.service_hours))
                .replace("%2", n(f.volunteers)),
            ),
            (
                self.tr("Monthly statistics"),
                portrait,
                self.tr("Activities by type, person-times, attendance rate, visits and volunteer hours, with a chart"),
            ),
        ]
        tree = self.ui.ledgerList
        tree.clear()
        tree.addTopLevelItems([QTreeWidgetItem(list(row)) for row in ledgers])
