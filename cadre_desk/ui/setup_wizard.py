"""The first-run wizard: station profile, first administrator, and an offer of demo data.

On a new PC its first page offers instead to restore the old PC's backup (a folder backup
on the USB stick, or a .db file): the wizard checks the backup and asks, then closes with
:attr:`SetupWizard.RESTORE`; its owner (:meth:`cadre_desk.ui.app.Shell.run_setup`)
replaces the books, which needs them closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox, QWidget, QWizard

from ..core.app import App
from ..core.backup import BackupInfo
from ..core.errors import DomainError
from ..core.services import setup
from .backup_dialog import check_backup, choose_backup_file, choose_backup_folder, describe_backup
from .generated.ui_setup_wizard import Ui_SetupWizard
from .jobs import JobRunner
from .widgets import fit_to_screen


class SetupWizard(QWizard):
    """Asks for what ``cadre-desk init`` takes; Finish creates the station in the background.

    ``exec()`` returns ``Accepted`` once the station is set up, or :attr:`RESTORE` when the
    user chose to restore a backup instead (its path in :attr:`restore_path`).
    """

    RESTORE = 2  # the result when the user asked to restore a backup rather than set up

    def __init__(self, app: App, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.ui = Ui_SetupWizard()
        self.ui.setupUi(self)
        self.info: setup.InstallInfo | None = None
        self.restore_path: Path | None = None
        self._saving = False
        menu = QMenu(self.ui.restoreButton)
        self.folder_action = menu.addAction(self.tr("Backup &folder or USB stick…"))
        self.folder_action.triggered.connect(self.restore_from_folder)
        self.file_action = menu.addAction(self.tr("Backup f&ile (.db)…"))
        self.file_action.triggered.connect(self.restore_from_file)
        self.ui.restoreButton.setMenu(menu)
        for label in (self.ui.profileError, self.ui.adminError):
            label.setStyleSheet("color: #b00020;")
            label.hide()
        self.ui.kindStation.toggled.connect(self._kind_changed)
        self.setMinimumSize(self.sizeHint())
        self._grown = False

    def showEvent(self, event: QShowEvent) -> None:
        """Room for the largest page from the start (Qt sizes the wizard for the first page only, so
        at a large text size the station's form would be squeezed), within the screen."""
        super().showEvent(event)
        page = self.currentPage()
        if self._grown or page is None:
            return
        self._grown = True
        needed = QSize(0, 0)
        for page_id in self.pageIds():
            needed = needed.expandedTo(self.page(page_id).minimumSizeHint())
        grow = QSize(max(0, needed.width() - page.width()), max(0, needed.height() - page.height()))
        if not grow.isNull():
            fit_to_screen(self, self.size() + grow)

    # -- what was entered ----------------------------------------------------------------

    @property
    def kind(self) -> str:
        return "station" if self.ui.kindStation.isChecked() else "district"

    def profile(self) -> setup.StationProfile:
        ui = self.ui
        return setup.StationProfile(
            name=ui.nameEdit.text(),
            district=ui.districtEdit.text(),
            street=ui.streetEdit.text(),
            community=ui.communityEdit.text(),
            contact_person=ui.contactEdit.text(),
            contact_phone=ui.phoneEdit.text(),
            address=ui.addressEdit.text(),
        )

    @property
    def load_demo(self) -> bool:
        return self.kind == "station" and self.ui.demoCheck.isChecked()

    def _kind_changed(self, station: bool) -> None:
        caption = self.tr("Station &name *:") if station else self.tr("Office &name *:")
        self.ui.nameCaption.setText(caption)
        self.ui.communityCaption.setText(
            self.tr("&Community / village *:") if station else self.tr("&Community / village:")
        )
        self.ui.demoCheck.setEnabled(station)
        if not station:
            self.ui.demoCheck.setChecked(False)

    # -- checking each page --------------------------------------------------------------

    def _show_error(self, label: QLabel, message: str | None) -> bool:
        label.setText(message or "")
        label.setVisible(bool(message))
        return message is None

    def validateCurrentPage(self) -> bool:
        page = self.currentPage()
        if page is self.ui.profilePage:
            try:
                setup.check_profile(self.kind, self.profile())
            except DomainError as exc:
                return self._show_error(self.ui.profileError, exc.message)
            return self._show_error(self.ui.profileError, None)
        if page is self.ui.adminPage:
            try:
                setup.check_admin(self.ui.usernameEdit.text(), self.ui.passwordEdit.text())
            except DomainError as exc:
                return self._show_error(self.ui.adminError, exc.message)
            if self.ui.passwordEdit.text() != self.ui.confirmEdit.text():
                return self._show_error(self.ui.adminError, self.tr("The two passwords are not the same."))
            return self._show_error(self.ui.adminError, None)
        return True

    # -- restoring the old computer's backup instead ---------------------------------------

    def restore_from_folder(self) -> None:
        chosen = choose_backup_folder(self, str(Path.home()))
        if chosen is not None:
            self.check_backup(chosen)

    def restore_from_file(self) -> None:
        chosen = choose_backup_file(self, str(Path.home()))
        if chosen is not None:
            self.check_backup(chosen)

    def check_backup(self, path: Path) -> None:
        """Check the backup in the background (a bad one shows why), then ask."""
        self.ui.restoreButton.setEnabled(False)
        job = check_backup(self.runner, self, path, self.confirm_restore)
        job.finished.connect(lambda: self.ui.restoreButton.setEnabled(True))

    def confirm_restore(self, info: BackupInfo) -> None:
        title = self.tr("Restore from a backup")
        if not info.station:
            QMessageBox.warning(
                self,
                title,
                self.tr(
                    "This backup holds no station's books: it was made before the station was set up. "
                    "Please choose another backup."
                ),
            )
            return
        question = "\n\n".join(
            [
                self.tr("Restore this backup onto this computer?"),
                describe_backup(info, self.app.install_id),
                self.tr("Afterwards, sign in with a user name and password from the old computer."),
            ]
        )
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore_path = info.path
        self.done(self.RESTORE)

    # -- finishing -----------------------------------------------------------------------

    def accept(self) -> None:
        """Create the station on the database worker; close once it is saved."""
        if self._saving:
            return
        self._saving = True
        self._set_busy(True)
        job = self.runner.submit(
            self.tr("Setting up"),
            _initialise,
            self.app,
            self.kind,
            self.profile(),
            self.ui.usernameEdit.text(),
            self.ui.passwordEdit.text(),
            self.ui.displayNameEdit.text(),
        )
        job.succeeded.connect(self._saved)
        job.failed.connect(self._not_saved)

    def _set_busy(self, busy: bool) -> None:
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(which).setEnabled(not busy)

    def _saved(self, info: setup.InstallInfo) -> None:
        self.info = info
        super().accept()

    def _not_saved(self, message: str, _internal: bool) -> None:
        self._saving = False
        self._set_busy(False)
        self.restart()
        self.next()  # back to the profile page, where most problems are
        self._show_error(self.ui.profileError, message)


def _initialise(
    app: App,
    kind: str,
    profile: setup.StationProfile,
    username: str,
    password: str,
    display_name: str,
    *,
    progress: object = None,
    cancel: object = None,
) -> setup.InstallInfo:
    return setup.initialise(
        app,
        kind=kind,
        profile=profile,
        admin_username=username,
        admin_password=password,
        admin_display_name=display_name,
    )
