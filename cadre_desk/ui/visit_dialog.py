"""The visit form (走访慰问记录): who was visited, by whom and why, what was given, what was
found and asked for, what is to be followed up, and the visit's photos."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from ..core.errors import DomainError
from ..core.permissions import RECORDS
from ..core.services import care
from ..core.services.browse import money_text
from ..core.vocab import VISIT_REASONS
from .closed_month import confirm_closed_month
from .generated.ui_visit_dialog import Ui_VisitDialog
from .pages.base import Context
from .roles import make_read_only

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #8a5a00;"
DEFAULT_REASON = "routine"
#: a new follow-up is due this long after the visit unless changed
FOLLOW_UP_DAYS = 14


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class VisitDialog(QDialog):
    """Adds a visit (``visit_id`` None, prefilled with ``person_id``, ``day``, ``reason``) or
    changes one; accepted once saved or deleted (``saved_id`` is then the visit, or None)."""

    def __init__(
        self,
        ctx: Context,
        visit_id: str | None = None,
        parent: QWidget | None = None,
        *,
        person_id: str | None = None,
        day: dt.date | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app = ctx.app
        self.visit_id = visit_id
        self.saved_id: str | None = None
        # the record's date as saved (a record of a closed month needs a confirmation)
        self.saved_date: dt.date | None = None
        self._photos_changed = False
        self.ui = Ui_VisitDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.tabs.setUsesScrollButtons(False)
        ui.errorLabel.setStyleSheet(ERROR_STYLE)
        ui.errorLabel.hide()
        ui.personNote.setStyleSheet(NOTE_STYLE)
        ui.personNote.hide()
        self.save_button = ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = ui.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setText(self.tr("&Save"))
        self.cancel_button.setText(self.tr("Cancel"))
        ui.personEdit.set_app(self.app)
        ui.personEdit.person_changed.connect(self._person_changed)
        ui.householdEdit.setPlaceholderText(self.tr("A family visited together, e.g. the Zhang family (12 Jinhu Road)"))
        ui.visitorsCombo.lineEdit().setPlaceholderText(self.tr("Who went, e.g. the secretary and a social worker"))
        ui.giftsEdit.setPlaceholderText(self.tr("e.g. rice and oil"))
        ui.moneyEdit.setPlaceholderText("0.00")
        ui.situationText.setPlaceholderText(self.tr("How the person is: health, living conditions, spirits"))
        ui.needsText.setPlaceholderText(self.tr("What the person or the family asked for"))
        ui.followUpText.setPlaceholderText(self.tr("What the station will do next, and who"))
        ui.moneyEdit.setMaximumWidth(ui.moneyEdit.fontMetrics().horizontalAdvance("0" * 14) + 16)
        for text in (ui.situationText, ui.needsText, ui.followUpText):
            text.setMinimumHeight(text.fontMetrics().lineSpacing() * 3 + 12)
        ui.buttons.accepted.connect(self.save)
        ui.buttons.rejected.connect(self.reject)
        ui.photosButton.clicked.connect(self.save_and_add_photos)
        ui.deleteButton.clicked.connect(self.delete)
        ui.dueCheck.toggled.connect(self._due_toggled)
        ui.followUpText.textChanged.connect(self._update_done)
        self._fill_choices()
        self.photos = self._photo_panel()
        if visit_id is None:
            self.setWindowTitle(self.tr("New visit"))
            ui.deleteButton.hide()
            start = day or dt.date.today()
            ui.dateEdit.setDate(_qdate(start))
            ui.dueEdit.setDate(_qdate(start + dt.timedelta(days=FOLLOW_UP_DAYS)))
            self._set_reason(reason or DEFAULT_REASON)
            if person_id:
                ui.personEdit.set_person(person_id)
        else:
            ui.photosButton.hide()
            self._load(visit_id)
        self._due_toggled(ui.dueCheck.isChecked())
        self._show_photo_count()
        self.read_only = not ctx.can(RECORDS)
        if self.read_only:  # to look at (and its photos): nothing to save, delete or add
            make_read_only(self, ui.buttons, hide=[ui.deleteButton, ui.photosButton], keep=[self.photos])
        ui.tabs.setCurrentWidget(ui.visitTab)
        if visit_id is not None:
            ui.situationText.setFocus()
        elif ui.personEdit.person_id:
            ui.visitorsCombo.setFocus()
        else:
            ui.personEdit.setFocus()

    # -- choices ---------------------------------------------------------------------------

    def _fill_choices(self) -> None:
        for code, label in VISIT_REASONS.items():
            self.ui.reasonCombo.addItem(label, code)
        self.ui.visitorsCombo.addItems(care.recent_visitors(self.app))
        self.ui.visitorsCombo.setCurrentIndex(-1)
        self.ui.visitorsCombo.setCurrentText("")

    def _set_reason(self, code: str) -> None:
        index = self.ui.reasonCombo.findData(code)
        if index < 0 and code:  # a reason no longer offered: still shown for this visit
            self.ui.reasonCombo.addItem(VISIT_REASONS.get(code, code), code)
            index = self.ui.reasonCombo.count() - 1
        self.ui.reasonCombo.setCurrentIndex(index)

    def _photo_panel(self) -> Any:
        from .photo_panel import PhotoPanel

        panel = PhotoPanel(self.ctx, "visit", self.ui.photosTab)
        self.ui.photosLayout.addWidget(panel)
        panel.set_owner(self.visit_id)
        panel.changed.connect(self._photo_changed)
        return panel

    def _photo_changed(self) -> None:
        self._photos_changed = True
        self._show_photo_count()

    def _show_photo_count(self) -> None:
        count = len(self.photos.model.items)
        text = self.tr("Photos (%1)").replace("%1", str(count)) if count else self.tr("Photos")
        self.ui.tabs.setTabText(self.ui.tabs.indexOf(self.ui.photosTab), text)

    def photos_changed(self) -> bool:
        """Photos were added, changed or deleted (saved at once, whatever the form's outcome)."""
        return self._photos_changed

    # -- loading ---------------------------------------------------------------------------

    def _load(self, visit_id: str) -> None:
        detail = care.get_visit(self.app, visit_id)
        v = detail.values
        ui = self.ui
        who = detail.person_name or v["household"]
        self.setWindowTitle(self.tr("Visit: %1, %2").replace("%1", who).replace("%2", v["date"].isoformat()))
        ui.dateEdit.setDate(_qdate(v["date"]))
        self.saved_date = v["date"]
        self._set_reason(v["reason"])
        if v["person_id"]:
            ui.personEdit.set_person(v["person_id"], detail.person_name)
        self._show_status(detail.person_name, detail.person_status)
        ui.householdEdit.setText(v["household"])
        ui.visitorsCombo.setCurrentText(v["visitors"])
        ui.giftsEdit.setText(v["gifts"])
        ui.moneyEdit.setText(money_text(v["money"]))
        ui.situationText.setPlainText(v["situation"])
        ui.needsText.setPlainText(v["needs"])
        ui.followUpText.setPlainText(v["follow_up"])
        due = v["follow_up_due"]
        ui.dueCheck.setChecked(due is not None)
        ui.dueEdit.setDate(_qdate(due or v["date"] + dt.timedelta(days=FOLLOW_UP_DAYS)))
        ui.doneCheck.setChecked(bool(v["follow_up_done"]))

    def _show_status(self, name: str, status: str) -> None:
        """A note under the person's name when they have died or moved away since."""
        notes = {
            "deceased": self.tr("%1 has since died. The visit stays in the records as it was."),
            "moved": self.tr("%1 has since moved away. The visit stays in the records as it was."),
            "removed": self.tr("%1 has since been removed from the roster. The visit stays in the records as it was."),
        }
        note = notes.get(status, "").replace("%1", name)
        self.ui.personNote.setText(note)
        self.ui.personNote.setVisible(bool(note))

    def _person_changed(self, person_id: str | None) -> None:
        if person_id is None:  # a new choice: the note was about the one before
            self.ui.personNote.hide()
        self._error(None)

    def _due_toggled(self, on: bool) -> None:
        self.ui.dueEdit.setEnabled(on)
        if on and self.ui.dueEdit.date() < self.ui.dateEdit.date():
            self.ui.dueEdit.setDate(self.ui.dateEdit.date().addDays(FOLLOW_UP_DAYS))
        self._update_done()

    def _update_done(self) -> None:
        """ "Done" only means something when there is a follow-up."""
        has_follow_up = self.ui.dueCheck.isChecked() or bool(self.ui.followUpText.toPlainText().strip())
        self.ui.doneCheck.setEnabled(has_follow_up)

    # -- saving ----------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as the service takes it (money as the text typed: the service parses it)."""
        ui = self.ui
        has_follow_up = ui.dueCheck.isChecked() or bool(ui.followUpText.toPlainText().strip())
        return {
            "date": _pydate(ui.dateEdit.date()),
            "person_id": ui.personEdit.person_id,
            "household": ui.householdEdit.text(),
            "visitors": ui.visitorsCombo.currentText(),
            "reason": ui.reasonCombo.currentData() or "",
            "gifts": ui.giftsEdit.text(),
            "money": ui.moneyEdit.text(),
            "situation": ui.situationText.toPlainText(),
            "needs": ui.needsText.toPlainText(),
            "follow_up": ui.followUpText.toPlainText(),
            "follow_up_due": _pydate(ui.dueEdit.date()) if ui.dueCheck.isChecked() else None,
            "follow_up_done": has_follow_up and ui.doneCheck.isChecked(),
        }

    def _error(self, message: str | None) -> None:
        self.ui.errorLabel.setText(message or "")
        self.ui.errorLabel.setVisible(bool(message))

    def _check_person(self) -> bool:
        """Text typed in the person field but nobody chosen: say so rather than save a household."""
        picker = self.ui.personEdit
        if picker.person_id is None and picker.text().strip():
            self._error(self.tr("Choose the person from the list (type, then press Enter or click a name)."))
            self.ui.tabs.setCurrentWidget(self.ui.visitTab)
            picker.setFocus()
            return False
        return True

    def _write(self) -> bool:
        """Save the form; False (with the message shown, the form kept) when refused."""
        if not self._check_person():
            return False
        values = self.values()
        if not confirm_closed_month(self, self.app, [values["date"], self.saved_date], self.windowTitle()):
            return False
        try:
            if self.visit_id is None:
                self.visit_id = care.create_visit(self.app, values)
            else:
                care.update_visit(self.app, self.visit_id, values)
        except DomainError as exc:
            self._error(exc.message)
            self.ui.tabs.setCurrentWidget(self.ui.visitTab)
            return False
        self.saved_id = self.visit_id
        self._error(None)
        return True

    def save(self) -> None:
        if self._write():
            self.accept()

    def save_and_add_photos(self) -> None:
        """Save a new visit and stay, on the photos tab: photos need a saved visit."""
        if not self._write():
            return
        ui = self.ui
        self.photos.set_owner(self.visit_id)
        self._show_photo_count()
        ui.photosButton.hide()
        ui.deleteButton.show()
        self.cancel_button.setText(self.tr("Close"))
        values = self.values()
        who = ui.personEdit.person.name if ui.personEdit.person else values["household"].strip()
        self.setWindowTitle(self.tr("Visit: %1, %2").replace("%1", who).replace("%2", values["date"].isoformat()))
        ui.tabs.setCurrentWidget(ui.photosTab)

    def reject(self) -> None:
        """Cancel; after "save and add photos" the visit is saved, so the form closes as accepted."""
        if self.saved_id is not None:
            self.accept()
        else:
            super().reject()

    def delete(self) -> None:
        if self.visit_id is None:
            return
        ui = self.ui
        who = ui.personEdit.person.name if ui.personEdit.person else ui.householdEdit.text().strip()
        day = _pydate(ui.dateEdit.date()).isoformat()
        question = self.tr("Delete the visit to %1 on %2?").replace("%1", who).replace("%2", day)
        if self.photos.model.items:
            question += "\n" + self.tr("Its %1 photos stay with it in the history.").replace(
                "%1", str(len(self.photos.model.items))
            )
        if QMessageBox.question(self, self.tr("Delete visit"), question) != QMessageBox.StandardButton.Yes:
            return
        if not confirm_closed_month(self, self.app, [self.saved_date], self.tr("Delete visit")):
            return
        try:
            care.delete_visit(self.app, self.visit_id)
        except DomainError as exc:
            self._error(exc.message)
            return
        self.saved_id = None
        self.done(QDialog.DialogCode.Accepted)
