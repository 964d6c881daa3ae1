"""首页: this month's figures, reminders and the coming activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from ...core.app import App
from ...core.permissions import RECORDS
from ...core.services.overview import month_figures, upcoming_activities
from ...core.services.reminders import KINDS, Reminder, Reminders, home_reminders
from ...core.services.setup import install_info
from ..generated.ui_home_page import Ui_HomePage
from ..roles import withhold
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


FOLDED_OVER = 10  # a reminder group with more people than this starts folded


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
        reminders = self.ui.remindersList
        reminders.itemDoubleClicked.connect(lambda item, _column: self._reminder_activated(item))
        reminders.itemActivated.connect(lambda item, _column: self._reminder_activated(item))
        reminders.currentItemChanged.connect(lambda *_: self._update_reminder_buttons())
        self.ui.openReminderButton.clicked.connect(lambda: self.open_reminder())
        self.ui.visitButton.clicked.connect(lambda: self.record_visit())
        upcoming = self.ui.upcomingList.header()  # the title takes the room; the place gets what is left
        upcoming.setStretchLastSection(False)
        upcoming.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ui.splitter.setStretchFactor(0, 1)
        self.ui.splitter.setStretchFactor(1, 1)
        ctx.layout.restore_splitter(self.ui.splitter, "home")
        withhold([self.ui.visitButton], ctx.can(RECORDS))  # read-only users open what a reminder is about
        self._reminders_wanted = 0  # only the latest request's answer is shown

    def reminder_kind(self, kind: str) -> str:
        return {
            "follow_up_overdue": self.tr("Follow-ups overdue"),
            "care_not_visited": self.tr("Special care: not visited lately"),
            "study_due": self.tr("Study material to bring home (送学上门)"),
            "follow_up_due": self.tr("Follow-ups due soon"),
            "absent": self.tr("Absent from every activity"),
            "birthday": self.tr("Birthdays this month"),
            "birthday_next": self.tr("Birthdays next month"),
        }.get(kind, kind)

    def _reminder_detail(self, r: Reminder) -> str:
        if r.kind in ("birthday", "birthday_next"):
            return self.tr("Turns %1").replace("%1", r.detail)
        return r.detail

    def load_reminders(self, today: dt.date) -> None:
        """The reminders grouped by kind, most pressing first; each group says how many.

        Worked out in the background: over a district's roster it takes a moment."""
        self._reminders_wanted += 1
        wanted = self._reminders_wanted
        if self.ui.remindersList.topLevelItemCount() == 0:
            _add_note(self.ui.remindersList, self.tr("Working out the reminders…"))
        job = self.ctx.runner.submit(self.tr("Reminders"), _reminders, self.ctx.app, today, uses_db=False)
        job.succeeded.connect(lambda found: self._show_reminders(found) if wanted == self._reminders_wanted else None)

    def _show_reminders(self, found: Reminders) -> None:
        tree = self.ui.remindersList
        tree.clear()
        bold = QFont(tree.font())
        bold.setBold(True)
        for kind in KINDS:
            items = found.of(kind)
            if not items:
                continue
            total = found.totals[kind]
            title = self.tr("%1 (%2)").replace("%1", self.reminder_kind(kind)).replace("%2", str(total))
            if total > len(items):
                title += " " + self.tr("— first %1 shown").replace("%1", str(len(items)))
            group = QTreeWidgetItem([title])
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if kind == "follow_up_overdue":
                group.setForeground(0, QBrush(QColor("#b00020")))
            tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for r in items:
                detail = self._reminder_detail(r)
                item = QTreeWidgetItem([r.name, format_date(r.date) if r.date else "", detail])
                item.setData(0, Qt.ItemDataRole.UserRole, r)
                item.setToolTip(2, detail)
                group.addChild(item)
            # short groups open; long ones stay folded so every group's heading shows at once
            group.setExpanded(len(items) <= FOLDED_OVER)
        if tree.topLevelItemCount() == 0:
            _add_note(tree, self.tr("Nothing needs attention"))
        metrics = tree.fontMetrics()
        names = [metrics.horizontalAdvance(r.name) for r in found.items] or [0]
        pad = tree.indentation() + metrics.averageCharWidth() * 3
        tree.setColumnWidth(0, min(max(names), metrics.horizontalAdvance("欧阳建国同志") * 2) + pad)
        tree.setColumnWidth(1, metrics.horizontalAdvance("2026-11-23") + metrics.averageCharWidth() * 3)
        self._update_reminder_buttons()

    # -- acting on a reminder -------------------------------------------------------------

    def selected_reminder(self) -> Reminder | None:
        item = self.ui.remindersList.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, Reminder) else None

    def _update_reminder_buttons(self) -> None:
        r = self.selected_reminder()
        self.ui.openReminderButton.setEnabled(r is not None)
        self.ui.visitButton.setEnabled(r is not None and r.person_id is not None)

    def open_reminder(self, r: Reminder | None = None) -> bool:
        """Open what a reminder is about: the visit for a follow-up, else the person."""
        r = r or self.selected_reminder()
        if r is None:
            return False
        if r.visit_id is not None:
            from ..visit_dialog import VisitDialog

            dialog = VisitDialog(self.ctx, r.visit_id, self)
            changed = dialog.exec() == VisitDialog.DialogCode.Accepted or dialog.photos_changed()
        elif r.person_id is not None:
            from ..person_dialog import PersonDialog

            dialog = PersonDialog(self.ctx.app, r.person_id, self)
            changed = dialog.exec() == PersonDialog.DialogCode.Accepted
        else:
            return False
        if changed:
            self.data_changed.emit()
            self.refresh()
        return changed

    def record_visit(self, r: Reminder | None = None) -> bool:
        """A new visit to the reminder's person, its reason chosen from the reminder."""
        r = r or self.selected_reminder()
        if r is None or r.person_id is None or not self.ctx.can(RECORDS):
            return False
        from ..visit_dialog import VisitDialog

        reason = {"study_due": "study", "birthday": "birthday", "birthday_next": "birthday"}.get(r.kind, "routine")
        today = self.today or dt.date.today()
        dialog = VisitDialog(self.ctx, None, self, person_id=r.person_id, day=today, reason=reason)
        saved = dialog.exec() == VisitDialog.DialogCode.Accepted
        if saved or dialog.photos_changed():
            self.data_changed.emit()
            self.refresh()
        return saved

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

        self.load_reminders(today)

        upcoming = self.ui.upcomingList
        upcoming.clear()
        rows = [
            QTreeWidgetItem([a.date.strftime("%m-%d"), a.start.strftime("%H:%M") if a.start else "", a.title, a.place])
            for a in upcoming_activities(app, today)
        ]
        upcoming.addTopLevelItems(rows)
        if not rows:
            _add_note(upcoming, self.tr("No activities planned in the next two weeks"))
        for column in (0, 1, 3):
            upcoming.resizeColumnToContents(column)
        # the title takes the room (the next two weeks: the month and day are enough); where there
        # is not room for both, the place is cut first (to no less than 8 characters), its whole
        # text in the tooltip
        room = upcoming.viewport().width() - upcoming.columnWidth(0) - upcoming.columnWidth(1)
        place = max(room - upcoming.sizeHintForColumn(2), upcoming.fontMetrics().horizontalAdvance("汉" * 8))
        upcoming.setColumnWidth(3, min(upcoming.columnWidth(3), place))
        for row in rows:
            row.setToolTip(2, row.text(2))
            row.setToolTip(3, row.text(3))

    def _reminder_activated(self, item: QTreeWidgetItem) -> None:
        value = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(value, Reminder):
            self.open_reminder(value)

    def save_layout(self) -> None:
        self.ctx.layout.save_splitter(self.ui.splitter, "home")


def _add_note(tree: QTreeWidget, text: str) -> None:
    """A line saying the list is empty (or not yet read), across all the columns, not cut to the first."""
    item = QTreeWidgetItem([text])
    tree.addTopLevelItem(item)
    item.setFirstColumnSpanned(True)


def _reminders(app: App, today: dt.date, **_job: object) -> Reminders:
    """The reminders as a background job (quick: no progress to report)."""
    return home_reminders(app, today)
