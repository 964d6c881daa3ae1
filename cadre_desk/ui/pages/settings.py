"""设置: language and text size, the books' reference lists, reminders, the station profile, the data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLineEdit, QMessageBox, QSpinBox, QWidget

from ... import __version__
from ...core.app import App
from ...core.check import CheckReport, run_check
from ...core.errors import DomainError
from ...core.permissions import SETTINGS, USERS, can
from ...core.services.photos import TrashResult
from ...core.services.reminders import ReminderSettings, reminder_settings, set_reminder_settings
from ...core.services.setup import StationProfile
from ...core.services.stations import station_profile, update_station_profile
from ..account_dialogs import describe_actor
from ..generated.ui_settings_page import Ui_SettingsPage
from ..i18n import LANGUAGES
from ..jobs import run_with_progress
from ..settings import LANGUAGE, TEXT_SCALE
from ..widgets import emphasise
from .base import Context, Page


class SettingsPage(Page):
    key = "settings"

    # the user chose another language or text size; the window rebuilds itself
    preferences_changed = Signal()
    # the user asked to let someone else sign in
    switch_user_requested = Signal()
    # the user chose a backup to restore: the shell closes the books, restores and reopens
    restore_requested = Signal(Path)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ui = Ui_SettingsPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Settings"))
        languages = self.ui.languageCombo
        for code, name in LANGUAGES.items():  # each language named in itself
            languages.addItem(name, code)
        languages.setCurrentIndex(max(0, languages.findData(ctx.settings.get(LANGUAGE))))
        sizes = self.ui.textSizeCombo
        names = {100: self.tr("Standard (100%)"), 125: self.tr("Large (125%)"), 150: self.tr("Extra large (150%)")}
        for scale in TEXT_SCALE.choices or ():
            sizes.addItem(names[scale], scale)
        sizes.setCurrentIndex(max(0, sizes.findData(ctx.settings.get(TEXT_SCALE))))
        languages.currentIndexChanged.connect(self._language_chosen)
        sizes.currentIndexChanged.connect(self._size_chosen)
        self.ui.openFolderButton.clicked.connect(self.open_data_folder)
        self.ui.checkButton.clicked.connect(self.check_data)
        self.ui.typesButton.clicked.connect(self.edit_activity_types)
        self.ui.trashButton.clicked.connect(self.empty_photo_trash)
        self.ui.pointsButton.clicked.connect(self.edit_points_scheme)
        self.ui.saveRemindersButton.clicked.connect(self.save_reminder_settings)
        self.ui.saveStationButton.clicked.connect(self.save_station_profile)
        self.ui.stationErrorLabel.setStyleSheet("color: #b00020;")
        self.ui.stationErrorLabel.hide()
        for edit in self._station_edits().values():
            edit.textEdited.connect(self._station_edited)
            edit.returnPressed.connect(self.save_station_profile)
        for spin in self._reminder_spins().values():
            spin.valueChanged.connect(self._reminders_edited)
        self.ui.changePasswordButton.clicked.connect(self.change_password)
        self.ui.switchUserButton.clicked.connect(self.switch_user_requested)
        self.ui.usersButton.clicked.connect(self.manage_users)
        self.ui.backupButton.clicked.connect(self.open_backups)
        self.ui.diagnosticsButton.clicked.connect(self.export_diagnostics)
        self.ui.aboutButton.clicked.connect(self.show_about)
        self._apply_role()

    def _apply_role(self) -> None:
        """Show the signed-in user, and offer only what their role allows."""
        actor = self.ctx.app.actor
        self.ui.userValue.setText(describe_actor(actor))
        self.ui.changePasswordButton.setVisible(actor.user_id is not None)
        self.ui.usersButton.setVisible(can(actor, USERS))
        settings_ok = can(actor, SETTINGS)
        for widget in (self.ui.typesButton, self.ui.pointsButton, self.ui.trashButton, self.ui.remindersBox):
            widget.setEnabled(settings_ok)
            widget.setToolTip("" if settings_ok else self.tr("Only an administrator can change this."))
        for edit in self._station_edits().values():  # the profile is shown to all, changed by an administrator
            edit.setReadOnly(not settings_ok)
            edit.setToolTip("" if settings_ok else self.tr("Only an administrator can change this."))
        self.ui.saveStationButton.setVisible(settings_ok)

    # -- account ---------------------------------------------------------------------------

    def change_password(self) -> None:
        from ..account_dialogs import PasswordDialog

        if PasswordDialog(self.ctx.app, self).exec():
            QMessageBox.information(self, self.tr("Change password"), self.tr("Your password has been changed."))

    def manage_users(self) -> None:
        from ..account_dialogs import UsersDialog

        UsersDialog(self.ctx.app, self).exec()

    def open_backups(self) -> None:
        from ..backup_dialog import BackupDialog

        dialog = BackupDialog(self.ctx, self)
        dialog.restore_requested.connect(self.restore_requested)
        dialog.exec()

    def export_diagnostics(self) -> None:
        from ..diagnostics import export_diagnostics

        export_diagnostics(self.ctx, self)

    def show_about(self) -> None:
        from ..about_dialog import AboutDialog

        AboutDialog(self.ctx.app.layout.root, self).exec()

    def load(self) -> None:
        self._show_station(station_profile(self.ctx.app))
        self.ui.dataDirValue.setText(str(self.ctx.app.layout.root))
        current = reminder_settings(self.ctx.app)
        for name, spin in self._reminder_spins().items():
            spin.blockSignals(True)
            spin.setValue(getattr(current, name))
            spin.blockSignals(False)
        self.ui.saveRemindersButton.setEnabled(False)
        self.ui.versionValue.setText(__version__)

    def _language_chosen(self, index: int) -> None:
        self.ctx.settings.set(LANGUAGE, self.ui.languageCombo.itemData(index))
        self.preferences_changed.emit()

    def _size_chosen(self, index: int) -> None:
        self.ctx.settings.set(TEXT_SCALE, int(self.ui.textSizeCombo.itemData(index)))
        self.preferences_changed.emit()

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.app.layout.root)))

    def check_data(self) -> None:
        """Check the database and photo store in the background, then report."""
        self.ui.checkButton.setEnabled(False)
        title = self.tr("Check data integrity")
        job = run_with_progress(self.ctx.runner, self, title, run_check, self.ctx.app, on_success=self._show_check)
        job.finished.connect(lambda: self.ui.checkButton.setEnabled(True))

    def _show_check(self, report: CheckReport) -> None:
        title = self.tr("Check data integrity")
        if report.ok:
            text = self.tr("All checks passed: %1.").replace("%1", report.summary())
            QMessageBox.information(self, title, "\n".join([text, *report.notes]))
        else:
            text = self.tr("These problems were found:")
            QMessageBox.warning(self, title, "\n".join([text, *report.problems[:30]]))

    def edit_activity_types(self) -> None:
        from ..activity_types_dialog import ActivityTypesDialog

        dialog = ActivityTypesDialog(self.ctx.app, self)
        dialog.exec()
        if dialog.changed:
            self.data_changed.emit()

    def edit_points_scheme(self) -> None:
        from ..points_dialog import PointsDialog

        dialog = PointsDialog(self.ctx.app, self)
        dialog.exec()
        if dialog.changed:
            self.data_changed.emit()

    # -- the station's profile -------------------------------------------------------------

    def _station_edits(self) -> dict[str, QLineEdit]:
        ui = self.ui
        return {
            "name": ui.nameEdit,
            "community": ui.communityEdit,
            "street": ui.streetEdit,
            "district": ui.districtEdit,
            "contact_person": ui.contactEdit,
            "contact_phone": ui.phoneEdit,
            "address": ui.addressEdit,
        }

    def _show_station(self, profile: StationProfile) -> None:
        for name, edit in self._station_edits().items():
            edit.setText(getattr(profile, name))
            edit.setCursorPosition(0)
        self.ui.saveStationButton.setEnabled(False)
        self.ui.stationErrorLabel.hide()

    def _station_edited(self) -> None:
        self.ui.saveStationButton.setEnabled(True)
        self.ui.stationErrorLabel.hide()

    def save_station_profile(self) -> None:
        """Keep the corrected profile (an administrator only); the ledgers print it from now on."""
        if not self.ui.saveStationButton.isVisible() or not self.ui.saveStationButton.isEnabled():
            return
        typed = StationProfile(**{name: edit.text() for name, edit in self._station_edits().items()})
        try:
            saved = update_station_profile(self.ctx.app, typed)
        except DomainError as exc:
            self.ui.stationErrorLabel.setText(exc.message)
            self.ui.stationErrorLabel.show()
            return
        self._show_station(saved)
        self.data_changed.emit()  # the window's title and status bar show the new name

    # -- reminders -------------------------------------------------------------------------

    def _reminder_spins(self) -> dict[str, QSpinBox]:
        return {
            "care_visit_days": self.ui.careDaysSpin,
            "study_days": self.ui.studyDaysSpin,
            "absent_months": self.ui.absentSpin,
            "follow_up_days": self.ui.followUpSpin,
        }

    def _reminders_edited(self) -> None:
        self.ui.saveRemindersButton.setEnabled(True)

    def save_reminder_settings(self) -> None:
        chosen = ReminderSettings(**{name: spin.value() for name, spin in self._reminder_spins().items()})
        try:
            set_reminder_settings(self.ctx.app, chosen)
        except DomainError as exc:
            QMessageBox.warning(self, self.tr("Reminders on the home page"), str(exc))
            return
        self.ui.saveRemindersButton.setEnabled(False)
        self.data_changed.emit()  # the home page reminds by the new rules

    def empty_photo_trash(self) -> None:
        """Delete for good the photo files only deleted records still point to."""
        from ...core.services.photos import trash

        title = self.tr("Photo trash")
        deleted = trash(self.ctx.app)
        if not deleted:
            QMessageBox.information(self, title, self.tr("The photo trash is empty."))
            return
        question = self.tr(
            "The trash holds %1 deleted photos. Emptying it removes their files for good; they can no longer be "
            "restored. Empty the trash?"
        ).replace("%1", str(len(deleted)))
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return

        def done(result: TrashResult) -> None:
            freed = result.bytes_freed / 1048576
            files = result.files_removed
            QMessageBox.information(
                self,
                title,
                self.tr("%1 files removed, %2 MB freed.").replace("%1", str(files)).replace("%2", f"{freed:.1f}"),
            )

        run_with_progress(self.ctx.runner, self, title, _empty, self.ctx.app, on_success=done)


def _empty(app: App, **_job: object) -> TrashResult:
    """The trash emptied as a job (quick: no progress to report)."""
    from ...core.services.photos import empty_trash

    return empty_trash(app)
