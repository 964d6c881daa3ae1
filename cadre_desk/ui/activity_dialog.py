"""The activity form: what, when, where, who is expected (应到), the record, photos, sign-ins."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QSize, Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QListWidgetItem,
    QMessageBox,
    QTreeWidgetItem,
    QWidget,
)

from ..core.errors import DomainError
from ..core.files import safe_file_name
from ..core.permissions import RECORDS
from ..core.services import activities as acts
from ..core.services.roster import roster_options
from ..core.vocab import ACTIVITY_CLASSES
from .checkin_window import BOOK_SIGNATURE, CheckInWindow, book_item
from .closed_month import confirm_closed_month
from .generated.ui_activity_dialog import Ui_ActivityDialog
from .jobs import run_with_progress
from .pages.base import Context
from .roles import make_read_only

ERROR_STYLE = "color: #b00020;"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _checked(widget: Any) -> list[str]:
    """The data of the ticked items of a checkable list."""
    out = []
    for row in range(widget.count()):
        item = widget.item(row)
        if item.checkState() == Qt.CheckState.Checked:
            out.append(str(item.data(Qt.ItemDataRole.UserRole)))
    return out


class ActivityDialog(QDialog):
    """Adds an activity (``activity_id`` None) or changes one; accepted once saved or deleted.

    A user who may not change records sees the activity read-only: its sign-in book and
    photos to look at, the paper sign-in sheet to print."""

    def __init__(
        self, ctx: Context, activity_id: str | None = None, parent: QWidget | None = None, *, day: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app = ctx.app
        self.activity_id = activity_id
        self.saved_id: str | None = None
        # the record's date as saved (a record of a closed month needs a confirmation)
        self.saved_date: dt.date | None = None
        self.manual = False  # the 应到 list was changed by hand after the rule
        self.book_changed = False  # sign-ins were made from this form (the door, a paper sheet)
        self._photos_changed = False
        self.invitees: list[acts.PersonBrief] = []
        self.ui = Ui_ActivityDialog()
        self.ui.setupUi(self)
        self.ui.tabs.setUsesScrollButtons(False)
        self.ui.tabs.currentChanged.connect(self._tab_shown)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.deleteButton.clicked.connect(self.delete)
        self.ui.duplicateButton.clicked.connect(self.duplicate)
        self.ui.timeCheck.toggled.connect(self.ui.startEdit.setEnabled)
        self.ui.timeCheck.toggled.connect(self.ui.endEdit.setEnabled)
        self.ui.applyRuleButton.clicked.connect(self.apply_rule)
        self.ui.removeButton.clicked.connect(self.remove_invitees)
        picker = self.ui.addEdit  # Enter adds the highlighted person; it never saves the form
        picker.set_app(self.app)
        picker.attach_list(self.ui.addList)
        picker.keep_choice = False
        picker.exclude = lambda: {p.id for p in self.invitees}
        picker.describer = lambda p: self._describe(p) + (f" · …{p.id_tail}" if p.id_tail else "")
        picker.picked.connect(self._add_person)
        self.ui.checkInButton.clicked.connect(self.open_check_in)
        self.ui.sheetButton.clicked.connect(self.print_sheet)
        self.ui.paperButton.clicked.connect(self.enter_paper_sheet)
        self._fill_choices()
        self.photos = self._photo_panel()
        if activity_id is None:
            self.setWindowTitle(self.tr("New activity"))
            self.ui.deleteButton.hide()
            self.ui.duplicateButton.hide()
            self.ui.tabs.setTabEnabled(self.ui.tabs.indexOf(self.ui.bookTab), False)
            self.ui.dateEdit.setDate(_qdate(day or dt.date.today()))
            self.ui.startEdit.setTime(QTime(9, 0))
            self.ui.endEdit.setTime(QTime(10, 30))
            self.apply_rule()  # 应到 starts as the rule shown says (everyone), to narrow or add to
        else:
            self._load(activity_id)
        self.read_only = not ctx.can(RECORDS)
        if self.read_only:
            ui = self.ui
            make_read_only(
                self,
                ui.buttons,
                hide=[
                    ui.deleteButton,
                    ui.duplicateButton,
                    ui.applyRuleButton,
                    ui.removeButton,
                    ui.addLabel,
                    ui.addEdit,
                    ui.addList,
                    ui.checkInButton,
                    ui.paperButton,
                ],
                keep=[self.photos],
            )
        self.ui.titleEdit.setFocus()

    def _tab_shown(self, _index: int) -> None:
        """The cursor goes where the tab's typing is: the record's text, the person to add."""
        shown = self.ui.tabs.currentWidget()
        if shown is self.ui.recordTab and not self.ui.recordText.isReadOnly():
            self.ui.recordText.setFocus()
        elif self.ui.addEdit.isVisibleTo(self) and shown.isAncestorOf(self.ui.addEdit):
            self.ui.addEdit.setFocus()

    # -- choices ---------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        for t in acts.activity_types(self.app):
            self.ui.typeCombo.addItem(t.name, t.id)
        self.ui.placeCombo.addItems(["", *acts.recent_places(self.app)])
        for branch in roster_options(self.app).party_branches:
            item = QListWidgetItem(branch)
            item.setData(Qt.ItemDataRole.UserRole, branch)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.ui.branchList.addItem(item)
        for code, label in ACTIVITY_CLASSES.items():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.ui.classList.addItem(item)
        # every class shows without scrolling, at any text size (the dialog grows for them)
        classes = self.ui.classList
        classes.setFixedHeight(classes.sizeHintForRow(0) * classes.count() + 2 * classes.frameWidth() + 2)

    def _photo_panel(self) -> Any:
        from .photo_panel import PhotoPanel

        panel = PhotoPanel(self.ctx, "activity", self.ui.photosTab)
        self.ui.photosLayout.addWidget(panel)
        panel.set_owner(self.activity_id)
        panel.changed.connect(self._photo_changed)
        return panel

    def _photo_changed(self) -> None:
        self._photos_changed = True

    def photos_changed(self) -> bool:
        """Photos were added, changed or deleted (saved at once, whatever the form's outcome)."""
        return self._photos_changed

    # -- loading ---------------------------------------------------------------------------

    def _load(self, activity_id: str) -> None:
        detail = acts.get_activity(self.app, activity_id)
        v = detail.values
        self.setWindowTitle(self.tr("Activity: %1").replace("%1", v["title"]))
        self.ui.titleEdit.setText(v["title"])
        index = self.ui.typeCombo.findData(v["type_id"])
        if index < 0:  # a retired type: still shown for this activity
            self.ui.typeCombo.addItem(detail.type_name, v["type_id"])
            index = self.ui.typeCombo.count() - 1
        self.ui.typeCombo.setCurrentIndex(index)
        self.ui.dateEdit.setDate(_qdate(v["date"]))
        self.saved_date = v["date"]
        has_time = v["start_time"] is not None
        self.ui.timeCheck.setChecked(has_time)
        start = v["start_time"] or dt.time(9, 0)
        end = v["end_time"] or (dt.datetime.combine(v["date"], start) + dt.timedelta(minutes=90)).time()
        self.ui.startEdit.setTime(QTime(start.hour, start.minute))
        self.ui.endEdit.setTime(QTime(end.hour, end.minute))
        self.ui.placeCombo.setCurrentText(v["place"])
        self.ui.organiserEdit.setText(v["organiser"])
        self.ui.hostEdit.setText(v["host"])
        self.ui.notesText.setPlainText(v["notes"])
        self.ui.recordText.setPlainText(v["record"])
        rule = detail.rule
        self.ui.lixiuCheck.setChecked("lixiu" in rule.categories)
        self.ui.tuixiuCheck.setChecked("tuixiu" in rule.categories)
        for lst, wanted in ((self.ui.branchList, rule.party_branches), (self.ui.classList, rule.activity_classes)):
            for row in range(lst.count()):
                item = lst.item(row)
                on = item.data(Qt.ItemDataRole.UserRole) in wanted
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.manual = rule.manual
        self.invitees = acts.people_briefs(self.app, detail.invitee_ids)
        self._show_invitees()
        self._load_book()

    def _load_book(self) -> None:
        if self.activity_id is None:
            return
        book = acts.check_in_book(self.app, self.activity_id)
        self.ui.bookSummary.setText(
            self.tr("Invited %1 · present %2 (of whom %3 visitors) · on leave %4 · not here %5")
            .replace("%1", str(book.invited))
            .replace("%2", str(book.present))
            .replace("%3", str(book.walk_ins))
            .replace("%4", str(book.on_leave))
            .replace("%5", str(len(book.expected)))
        )
        tree = self.ui.bookList
        tree.clear()
        tree.setIconSize(QSize(72, 28))
        items = [book_item(self.app, e, "%m-%d %H:%M") for e in book.entries]
        for person in book.expected:
            items.append(QTreeWidgetItem(["", person.name, self.tr("Absent"), "", "", ""]))
        tree.addTopLevelItems(items)
        for column in range(BOOK_SIGNATURE + 1):
            tree.resizeColumnToContents(column)

    # -- the 应到 list -----------------------------------------------------------------------

    def current_rule(self) -> acts.PlannedRule:
        categories = tuple(
            c for c, box in (("lixiu", self.ui.lixiuCheck), ("tuixiu", self.ui.tuixiuCheck)) if box.isChecked()
        )
        return acts.PlannedRule(
            categories=categories if len(categories) == 1 else (),
            party_branches=tuple(_checked(self.ui.branchList)),
            activity_classes=tuple(_checked(self.ui.classList)),
            manual=self.manual,
        )

    def apply_rule(self) -> None:
        rule = self.current_rule()
        self.manual = False
        self.invitees = acts.people_briefs(self.app, acts.planned_people(self.app, rule))
        self._show_invitees()

    def _show_invitees(self) -> None:
        lst = self.ui.inviteeList
        lst.clear()
        for person in self.invitees:
            item = QListWidgetItem(self._describe(person))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            lst.addItem(item)
        self.ui.inviteeCountLabel.setText(
            self.tr("Invited: %1 people").replace("%1", str(len(self.invitees)))
            + "  ·  "
            + self.current_rule().describe()
        )

    def _describe(self, person: acts.PersonBrief) -> str:
        parts = [person.category, person.party_branch]
        return f"{person.name}    " + " · ".join(p for p in parts if p)

    def remove_invitees(self) -> None:
        chosen = {str(i.data(Qt.ItemDataRole.UserRole)) for i in self.ui.inviteeList.selectedItems()}
        if chosen:
            self.invitees = [p for p in self.invitees if p.id not in chosen]
            self.manual = True
            self._show_invitees()

    def _add_person(self, person: acts.PersonBrief) -> None:
        if all(p.id != person.id for p in self.invitees):
            self.invitees.append(person)
            self.manual = True
            self._show_invitees()
        self.ui.addEdit.setFocus()

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        timed = self.ui.timeCheck.isChecked()
        start, end = self.ui.startEdit.time(), self.ui.endEdit.time()
        return {
            "title": self.ui.titleEdit.text(),
            "type_id": self.ui.typeCombo.currentData(),
            "date": _pydate(self.ui.dateEdit.date()),
            "start_time": dt.time(start.hour(), start.minute()) if timed else None,
            "end_time": dt.time(end.hour(), end.minute()) if timed else None,
            "place": self.ui.placeCombo.currentText(),
            "organiser": self.ui.organiserEdit.text(),
            "host": self.ui.hostEdit.text(),
            "planned_rule": self.current_rule().to_json(),
            "record": self.ui.recordText.toPlainText(),
            "notes": self.ui.notesText.toPlainText(),
        }

    def _error(self, message: str | None) -> None:
        self.ui.errorLabel.setText(message or "")
        self.ui.errorLabel.setVisible(bool(message))

    def save(self) -> None:
        values = self.values()
        ids = [p.id for p in self.invitees]
        days = [values["date"], self.saved_date]
        if not confirm_closed_month(self, self.app, days, self.windowTitle()):
            return
        try:
            if self.activity_id is None:
                self.saved_id = acts.create_activity(self.app, values, ids)
            else:
                acts.update_activity(self.app, self.activity_id, values, ids)
                self.saved_id = self.activity_id
        except DomainError as exc:
            self._error(exc.message)
            return
        self.accept()

    def delete(self) -> None:
        if self.activity_id is None:
            return
        book = acts.check_in_book(self.app, self.activity_id)
        question = self.tr("Delete the activity “%1”?").replace("%1", book.title)
        if book.entries:
            question += "\n" + self.tr("Its sign-in book has %1 entries; they stay in the history.").replace(
                "%1", str(len(book.entries))
            )
        if QMessageBox.question(self, self.tr("Delete activity"), question) != QMessageBox.StandardButton.Yes:
            return
        if not confirm_closed_month(self, self.app, [self.saved_date], self.tr("Delete activity")):
            return
        try:
            acts.delete_activity(self.app, self.activity_id)
        except DomainError as exc:
            self._error(exc.message)
            return
        self.saved_id = None
        self.done(QDialog.DialogCode.Accepted)

    def duplicate(self) -> None:
        """Copy this activity to another day (a recurring activity), then open the copy."""
        if self.activity_id is None:
            return
        day = ask_date(self, self.tr("Duplicate activity"), self.tr("Date of the new activity:"), self._next_date())
        if day is None:
            return
        try:
            self.saved_id = acts.duplicate_activity(self.app, self.activity_id, day)
        except DomainError as exc:
            self._error(exc.message)
            return
        self.done(QDialog.DialogCode.Accepted)

    def _next_date(self) -> dt.date:
        return _pydate(self.ui.dateEdit.date()) + dt.timedelta(days=7)

    # -- the sign-in book --------------------------------------------------------------------

    def open_check_in(self) -> None:
        if self.activity_id is None:
            return
        window = CheckInWindow(self.ctx, self.activity_id, self)
        window.exec()
        self.book_changed |= window.changed
        self._load_book()

    def print_sheet(self) -> None:
        """Make the blank paper sign-in sheet as PDF and open it (to print or save)."""
        if self.activity_id is None:
            return
        from ..core.pdf.signin_sheet import make_signin_sheet

        folder = Path(tempfile.gettempdir()) / "cadre_desk"
        folder.mkdir(exist_ok=True)
        title = self.ui.titleEdit.text().strip() or "activity"
        safe = safe_file_name(title, "")[:40]
        path = folder / f"签到表-{safe}-{_pydate(self.ui.dateEdit.date()):%Y%m%d}.pdf"
        open_pdf(self, self.ctx, self.tr("Paper sign-in sheet"), path, make_signin_sheet, self.app, self.activity_id)

    def enter_paper_sheet(self) -> None:
        if self.activity_id is None:
            return
        from .paper_sheet_dialog import PaperSheetDialog

        dialog = PaperSheetDialog(self.ctx, self.activity_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.book_changed = True
            self._load_book()
            self.photos.set_owner(self.activity_id)


def open_pdf(parent: QWidget, ctx: Context, title: str, path: Path, make: Any, *args: Any, **kwargs: Any) -> None:
    """Run ``make(*args, path, **kwargs)`` in the job runner, then open the PDF in the system's viewer."""

    def done(_result: object) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            saved = QCoreApplication.translate("ActivityDialog", "The PDF was saved to %1. Open it to print.")
            QMessageBox.information(parent, title, saved.replace("%1", str(path)))

    run_with_progress(ctx.runner, parent, title, make, *args, path, on_success=done, **kwargs)


def ask_date(parent: QWidget, title: str, label: str, initial: dt.date) -> dt.date | None:
    """A small dialog asking for one date (calendar pop-up); None when cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    form = QFormLayout(dialog)
    edit = QDateEdit(_qdate(initial), dialog)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    form.addRow(label, edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return _pydate(edit.date())


def choose_files(parent: QWidget, title: str) -> list[Path]:
    images = QCoreApplication.translate("ActivityDialog", "Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)")
    names, _ = QFileDialog.getOpenFileNames(parent, title, "", images)
    return [Path(n) for n in names]
