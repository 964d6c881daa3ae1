"""The first-run wizard: station profile, first administrator, and an offer of demo data."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget, QWizard

from ..core.app import App
from ..core.errors import DomainError
from ..core.services import setup
from .generated.ui_setup_wizard import Ui_SetupWizard
from .jobs import JobRunner


class SetupWizard(QWizard):
    """Asks for what ``cadre-desk init`` takes; Finish creates the station in the background."""

    def __init__(self, app: App, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.ui = Ui_SetupWizard()
        self.ui.setupUi(self)
        self.info: setup.InstallInfo | None = None
        self._saving = False
        for label in (self.ui.profileError, self.ui.adminError):
            label.setStyleSheet("color: #b00020;")
            label.hide()
        self.ui.kindStation.toggled.connect(self._kind_changed)
        self.setMinimumSize(self.sizeHint())

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
