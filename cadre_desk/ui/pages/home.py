"""首页: this month's figures, reminders and the coming activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidgetItem, QWidget

from ...core.services.overview import home_reminders, month_figures, upcoming_activities
from ...core.services.setup import install_info
from ..generated.ui_home_page import Ui_HomePage
from ..widgets import emphasise
from .base import Context, Page


def qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def format_date(value: dt.date) -> str:
    """A date as staff write it (2026-11-23 in both languages: short and unambiguous)."""
    return value.isoformat()


def format_money(value: Decimal) -> str:
    return f"{value:,.2f}"


def format_hours(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


class HomePage(Page):
    key = "home"

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today
        self.ui = Ui_HomePage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.6)
        emphasise(self.ui.monthLabel, 1.15)
        self.value_labels = {
            name: getattr(self.ui, f"{name}Value")
            for name in ("people", "activities", "present", "attendance", "visits", "money", "hours", "care")
        }
        for label in self.value_labels.values():
            emphasise(label, 1.8)
        for tree in (self.ui.remindersList, self.ui.upcomingList):
            tree.header().setStretchLastSection(True)
            tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        upcoming = self.ui.upcomingList.header()  # the title takes the room; the place gets what is left
        upcoming.setStretchLastSection(False)
        upcoming.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        ctx.layout.restore_splitter(self.ui.splitter, "home")

    def reminder_kind(self, kind: str) -> str:
        return {
            "birthday": self.tr("Birthday this month"),
            "follow_up_overdue": self.tr("Follow-up overdue"),
            "follow_up_due": self.tr("Follow-up due soon"),
        }.get(kind, kind)

    def load(self) -> None:
        today = self.today or dt.date.today()
        app = self.ctx.app
        info = install_info(app)
        self.ui.titleLabel.setText(info.station_name if info else "")
        locale = QLocale()
        month_text = locale.toString(qdate(today), self.tr("MMMM yyyy"))
        self.ui.monthLabel.setText(self.tr("This month: %1").replace("%1", month_text))

        f = month_figures(app, today.year, today.month, today=today)
        rate = f.attendance_rate
        values = {
            "people": locale.toString(f.people),
            "activities": locale.toString(f.activities),
            "present": locale.toString(f.present),
            "attendance": f"{rate * 100:.1f}%" if rate is not None else "—",
            "visits": locale.toString(f.visits),
            "money": format_money(f.visit_money),
            "hours": format_hours(f.service_hours),
            "care": locale.toString(f.special_care),
        }
        for name, text in values.items():
            self.value_labels[name].setText(text)
        self.ui.attendanceCard.setToolTip(
            self.tr("Signed in %1 of %2 invited; %3 on leave")
            .replace("%1", str(f.present))
            .replace("%2", str(f.invited))
            .replace("%3", str(f.on_leave))
        )

        reminders = self.ui.remindersList
        reminders.clear()
        items = []
        for r in home_reminders(app, today):
            detail = self.tr("Turns %1").replace("%1", r.detail) if r.kind == "birthday" else r.detail
            item = QTreeWidgetItem([self.reminder_kind(r.kind), r.name, format_date(r.date), detail])
            item.setData(0, Qt.ItemDataRole.UserRole, r.person_id)
            item.setToolTip(3, detail)
            if r.kind == "follow_up_overdue":
                item.setForeground(0, Qt.GlobalColor.darkRed)
            items.append(item)
        reminders.addTopLevelItems(items)
        if not items:
            reminders.addTopLevelItem(QTreeWidgetItem([self.tr("Nothing needs attention")]))
        for column in range(3):
            reminders.resizeColumnToContents(column)

        upcoming = self.ui.upcomingList
        upcoming.clear()
        rows = [
            QTreeWidgetItem([format_date(a.date), a.start.strftime("%H:%M") if a.start else "", a.title, a.place])
            for a in upcoming_activities(app, today)
        ]
        upcoming.addTopLevelItems(rows)
        if not rows:
            upcoming.addTopLevelItem(QTreeWidgetItem([self.tr("No activities planned in the next two weeks")]))
        for column in (0, 1, 3):
            upcoming.resizeColumnToContents(column)
        upcoming.setColumnWidth(3, min(upcoming.columnWidth(3), upcoming.fontMetrics().averageCharWidth() * 16))

    def save_layout(self) -> None:
        self.ctx.layout.save_splitter(self.ui.splitter, "home")
