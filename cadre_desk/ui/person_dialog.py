"""The person form: every roster field, the ID number checked as it is typed, photo, history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTreeWidgetItem,
    QWidget,
)

from ..core.app import App
from ..core.errors import DomainError
from ..core.media import MediaInfo, read_image_file
from ..core.models import Person
from ..core.permissions import RECORDS
from ..core.services import people
from ..core.services.browse import plain_number
from ..core.services.media import store_image
from ..core.services.points import person_points_year
from ..core.services.roster import person_history, roster_options
from ..core.validators import ValidationError, parse_id_number
from ..core.vocab import ACTIVITY_CLASSES, CATEGORIES, PERSON_STATUSES, REPORT_STATUSES, SEX
from .generated.ui_person_dialog import Ui_PersonDialog
from .points_dialog import points_text
from .roles import can, make_read_only, shown

#: the fields a user without the right to see personal data sees masked (and never saves back)
SENSITIVE_FIELDS = ("id_number", "phone_mobile", "phone_home", "emergency_phone", "health_notes")
POLITICAL_STATUSES = ("中共党员", "中共预备党员", "群众", "民主党派", "无党派人士")
CARE_CHECKS = {
    "care_serious_illness": "careIllnessCheck",
    "care_major_change": "careChangeCheck",
    "care_living_alone": "careAloneCheck",
    "care_empty_nest": "careEmptyNestCheck",
    "care_disabled": "careDisabledCheck",
}
TEXT_FIELDS = {
    "name": "nameEdit",
    "id_number": "idNumberEdit",
    "ethnicity": "ethnicityEdit",
    "work_unit": "workUnitEdit",
    "position": "positionEdit",
    "rank": "rankEdit",
    "phone_mobile": "mobileEdit",
    "phone_home": "homeEdit",
    "address": "addressEdit",
    "emergency_contact": "emergencyEdit",
    "emergency_phone": "emergencyPhoneEdit",
    "moved_to": "movedToEdit",
}
DATE_FIELDS = {
    "birth_date": ("birthEdit", "%Y.%m"),
    "retire_date": ("retireEdit", "%Y.%m"),
    "report_date": ("reportDateEdit", "%Y.%m.%d"),
    "status_date": ("statusDateEdit", "%Y.%m.%d"),
}
CODE_FIELDS = {
    "sex": ("sexCombo", SEX),
    "category": ("categoryCombo", CATEGORIES),
    "activity_class": ("activityClassCombo", ACTIVITY_CLASSES),
    "report_status": ("reportCombo", REPORT_STATUSES),
    "status": ("statusCombo", PERSON_STATUSES),
}


def _split_tags(text: str) -> list[str]:
    for sep in ("，", ",", "；", ";", " "):
        text = text.replace(sep, "、")
    return [t for t in (part.strip() for part in text.split("、")) if t]


class PersonDialog(QDialog):
    """Adds a person (``person_id`` None) or changes one; accepted once saved.

    A user who may not change records sees the person read-only; one who may not see
    personal data sees the ID number, phones and health notes masked."""

    def __init__(self, app: App, person_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.person_id = person_id
        self.shown = shown(app)
        self.read_only = not can(app, RECORDS)
        self.saved_id: str | None = None
        self.photo: MediaInfo | None = None
        self.ui = Ui_PersonDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet("color: #b00020;")
        self.ui.errorLabel.hide()
        self.ui.tabs.setUsesScrollButtons(False)  # every tab visible: the dialog is as wide as they need
        for combo_name, vocab in CODE_FIELDS.values():
            combo: QComboBox = getattr(self.ui, combo_name)
            if combo_name not in ("categoryCombo", "statusCombo"):
                combo.addItem("", None)  # not recorded
            for code, label in vocab.items():
                combo.addItem(label, code)
        self.ui.politicalCombo.addItems(["", *POLITICAL_STATUSES])
        self.ui.branchCombo.addItems(["", *roster_options(app).party_branches])
        self.ui.idNumberEdit.textChanged.connect(self._id_typed)
        self.ui.photoButton.clicked.connect(self.choose_photo)
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.deleteButton.clicked.connect(self.delete)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        if person_id is None:
            self.setWindowTitle(self.tr("Add person"))
            self.ui.deleteButton.hide()
            self.ui.tabs.removeTab(self.ui.tabs.indexOf(self.ui.historyTab))
            self.ui.statusCombo.setCurrentIndex(0)
        else:
            self._load(person_id)
        if self.read_only:
            make_read_only(self, self.ui.buttons, hide=[self.ui.deleteButton, self.ui.photoButton])
        self.ui.nameEdit.setFocus()

    # -- reading and showing -------------------------------------------------------------

    def _load(self, person_id: str) -> None:
        with self.app.read() as s:
            p = s.get(Person, person_id)
            if p is None or p.deleted:
                raise DomainError("找不到这位人员，可能已被删除。")
        self.setWindowTitle(self.tr("Person: %1").replace("%1", p.name))
        masked = {
            "id_number": self.shown.id_number,
            "phone_mobile": self.shown.phone,
            "phone_home": self.shown.phone,
            "emergency_phone": self.shown.phone,
        }
        for key, widget in TEXT_FIELDS.items():
            value = getattr(p, key) or ""
            getattr(self.ui, widget).setText(masked[key](value) if key in masked else value)
        for key, (widget, fmt) in DATE_FIELDS.items():
            value: dt.date | None = getattr(p, key)
            getattr(self.ui, widget).setText(value.strftime(fmt) if value else "")
        for key, (widget, _vocab) in CODE_FIELDS.items():
            combo: QComboBox = getattr(self.ui, widget)
            combo.setCurrentIndex(max(0, combo.findData(getattr(p, key))))
        self.ui.politicalCombo.setCurrentText(p.political_status)
        self.ui.branchCombo.setCurrentText(p.party_branch)
        for flag, widget in CARE_CHECKS.items():
            getattr(self.ui, widget).setChecked(bool(getattr(p, flag)))
        self.ui.interestsEdit.setText("、".join(p.interests or []))
        self.ui.talentsEdit.setText("、".join(p.talent_tags or []))
        self.ui.healthText.setPlainText(self.shown.health(p.health_notes))
        if not self.shown.full:  # masked values are for reading, never for saving back
            for widget in (
                self.ui.idNumberEdit,
                self.ui.mobileEdit,
                self.ui.homeEdit,
                self.ui.emergencyPhoneEdit,
                self.ui.healthText,
            ):
                widget.setReadOnly(True)
        self.ui.notesText.setPlainText(p.notes)
        if p.photo_sha256:
            self._show_photo(p.photo_sha256)
        self._load_history(person_id)

    def _show_photo(self, sha256: str) -> None:
        path = self.app.media.thumb_path(sha256)
        pixmap = QPixmap(str(path)) if path.exists() else QPixmap()
        if pixmap.isNull():
            self.ui.photoLabel.setText(self.tr("Photo saved"))
            return
        size = self.ui.photoLabel.size()
        mode = Qt.TransformationMode.SmoothTransformation
        self.ui.photoLabel.setPixmap(pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode))

    def _load_history(self, person_id: str) -> None:
        h = person_history(self.app, person_id)
        self.ui.historySummary.setText(
            self.tr("Took part in %1 activities (on leave %2 times); visited %3 times; %4 hours of volunteer service.")
            .replace("%1", str(h.activities_attended))
            .replace("%2", str(h.activities_on_leave))
            .replace("%3", str(h.visits))
            .replace("%4", plain_number(h.service_hours))
        )
        if h.attendance_rate is not None:
            self.ui.historySummary.setText(
                self.ui.historySummary.text()
                + "\n"
                + self.tr("Attendance rate %1 % (came to %2 of the %3 activities they were expected at).")
                .replace("%1", f"{h.attendance_rate * 100:.0f}")
                .replace("%2", str(h.came_when_expected))
                .replace("%3", str(h.activities_expected))
            )
        year = dt.date.today().year
        earned = person_points_year(self.app, person_id, year)
        if earned.total:
            line = (
                self.tr("Points in %1: %2 (rank %3 of %4 at the station).")
                .replace("%1", str(year))
                .replace("%2", points_text(earned.total))
                .replace("%3", str(earned.rank))
                .replace("%4", str(earned.ranked_people))
            )
            self.ui.historySummary.setText(self.ui.historySummary.text() + "\n" + line)
        kinds = {"check_in": self.tr("Activity"), "visit": self.tr("Visit"), "service": self.tr("Volunteer service")}
        tree = self.ui.historyList
        tree.addTopLevelItems(
            [QTreeWidgetItem([e.date.isoformat(), kinds[e.kind], e.what, e.detail]) for e in h.entries]
        )
        for column in range(3):
            tree.resizeColumnToContents(column)

    def _id_typed(self, text: str) -> None:
        """Show what the ID number says (or what is wrong with it) as it is typed."""
        label = self.ui.idInfoLabel
        if len(text.strip()) < 15 or "*" in text:  # a masked number says nothing
            label.setText("")
            return
        try:
            info = parse_id_number(text)
        except ValidationError as exc:
            label.setStyleSheet("color: #b00020;")
            label.setText(exc.message)
            return
        label.setStyleSheet("")
        label.setText(
            self.tr("%1, born %2").replace("%1", info.sex).replace("%2", info.birth_date.strftime("%Y.%m.%d"))
        )

    # -- saving --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in TEXT_FIELDS.items():
            out[key] = getattr(self.ui, widget).text()
        for key, (widget, _fmt) in DATE_FIELDS.items():
            out[key] = getattr(self.ui, widget).text().strip() or None
        for key, (widget, _vocab) in CODE_FIELDS.items():
            out[key] = getattr(self.ui, widget).currentData()
        out["political_status"] = self.ui.politicalCombo.currentText()
        out["party_branch"] = self.ui.branchCombo.currentText()
        for flag, widget in CARE_CHECKS.items():
            out[flag] = getattr(self.ui, widget).isChecked()
        out["interests"] = _split_tags(self.ui.interestsEdit.text())
        out["talent_tags"] = _split_tags(self.ui.talentsEdit.text())
        out["health_notes"] = self.ui.healthText.toPlainText()
        out["notes"] = self.ui.notesText.toPlainText()
        if out["sex"] is None:
            out.pop("sex")  # the ID number decides it
        if not self.shown.full and self.person_id is not None:
            for key in SENSITIVE_FIELDS:  # shown masked: the stored values stay as they are
                out.pop(key)
        return out

    def _error(self, message: str | None) -> None:
        self.ui.errorLabel.setText(message or "")
        self.ui.errorLabel.setVisible(bool(message))

    def save(self, *, allow_similar: bool = False) -> None:
        values = self.values()
        try:
            if self.person_id is None:
                self.saved_id = people.create_person(self.app, values, allow_similar=allow_similar, photo=self.photo)
            else:
                people.update_person(self.app, self.person_id, values, allow_similar=allow_similar, photo=self.photo)
                self.saved_id = self.person_id
        except DomainError as exc:
            if not allow_similar and "仍然保存" in exc.message:
                answer = QMessageBox.question(self, self.tr("Possible duplicate"), exc.message)
                if answer == QMessageBox.StandardButton.Yes:
                    self.save(allow_similar=True)
                return
            self._error(exc.message)
            return
        self._error(None)
        self.accept()

    def choose_photo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a photo"), "", self.tr("Images (*.jpg *.jpeg *.png *.bmp *.gif *.webp)")
        )
        if not path:
            return
        try:
            self.photo = store_image(self.app, read_image_file(Path(path)), Path(path).name)
        except (DomainError, OSError) as exc:
            self._error(exc.message if isinstance(exc, DomainError) else str(exc))
            return
        self._show_photo(self.photo.sha256)

    def delete(self) -> None:
        if self.person_id is None:
            return
        name = self.ui.nameEdit.text()
        answer = QMessageBox.question(
            self,
            self.tr("Remove from the roster"),
            self.tr("Remove %1 from the roster? Their sign-ins, visits and service records are kept.").replace(
                "%1", name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            people.delete_person(self.app, self.person_id)
        except DomainError as exc:
            self._error(exc.message)
            return
        self.saved_id = None
        self.done(QDialog.DialogCode.Accepted)
