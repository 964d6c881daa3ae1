"""Starting the desktop app: preferences, first-run wizard, main window."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from ..core.app import Actor, App
from ..core.errors import DomainError
from ..core.jobs import CancelToken, Progress
from ..core.paths import DataLayout
from ..core.services import accounts, setup
from ..resources import app_icon_path
from .account_dialogs import SignInDialog
from .fonts import apply_ui_font
from .i18n import app_title, install_language, use_language_for_system_dates
from .jobs import JobRunner, run_with_progress
from .main_window import MainWindow
from .pages.base import Context
from .settings import LANGUAGE, TEXT_SCALE, LayoutState, Settings
from .setup_wizard import SetupWizard
from .startup import report_startup_failure
from .widgets import install_screen_fit, scale_controls

if TYPE_CHECKING:
    from ..core.backup import RestoreResult


class Shell(QObject):
    """Owns the open books, the job runner and the main window, and rebuilds the window when
    the language or text size changes."""

    def __init__(
        self,
        app: App,
        runner: JobRunner | None = None,
        *,
        layout: LayoutState | None = None,
        language: str | None = None,
        scale: int | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.runner = runner or JobRunner(self)
        self.settings = Settings(app.layout.root)
        self.layout = layout or LayoutState(app.layout.root)
        self.language_override = language
        self.scale_override = scale
        self.today = today
        self.window: MainWindow | None = None

    def language(self) -> str:
        return self.language_override or self.settings.get(LANGUAGE)

    def scale(self) -> int:
        return self.scale_override or self.settings.get(TEXT_SCALE)

    def apply_preferences(self) -> None:
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        install_language(self.language())
        apply_ui_font(qt_app, self.scale() / 100)
        scale_controls(qt_app)
        install_screen_fit(qt_app)
        qt_app.setApplicationDisplayName(app_title())

    # -- first run -----------------------------------------------------------------------

    def run_setup(self) -> bool:
        """Show the first-run wizard; False when the user closed it without finishing.

        On a new PC the wizard may ask instead to restore the old PC's backup: the books
        are replaced with it and the user signs in with an account of the old PC (True once
        signed in).  A restore that fails leaves the data folder as it was and shows the
        wizard again.
        """
        while True:
            wizard = SetupWizard(self.app, self.runner)
            result = wizard.exec()
            if result != SetupWizard.RESTORE or wizard.restore_path is None:
                break
            restored = self.restore_at_first_run(wizard.restore_path)
            if restored is not None:
                return restored
        if result != QDialog.DialogCode.Accepted:
            return False
        admin = setup.first_admin(self.app)
        if admin is not None:
            self.app.actor = admin  # who has just set the PC up, with their new password
        if wizard.load_demo:
            self.load_demo()
        return True

    def load_demo(self) -> None:
        from ..core.services.demo import load_demo

        loop = QEventLoop()
        title = QCoreApplication.translate("Shell", "Loading demo data")
        job = run_with_progress(self.runner, None, title, load_demo, self.app)
        job.finished.connect(loop.quit)
        if not job.done.is_set():
            loop.exec()

    # -- signing in ----------------------------------------------------------------------

    def sign_in(self) -> bool:
        """Sign in automatically (when an administrator chose so) or ask; False when the user quit."""
        actor = accounts.auto_sign_in(self.app)
        if actor is None:
            dialog = SignInDialog(self.app, self.layout)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
                return False
            actor = dialog.actor
        self.app.actor = actor
        return True

    def switch_user(self) -> None:
        """Another user signs in at this PC; the window re-opens for them (on the same page)."""
        old = self.window
        if old is None:
            return
        dialog = SignInDialog(self.app, self.layout, old, switching=True)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
            return
        self.app.actor = dialog.actor
        self.rebuild()

    # -- the window ----------------------------------------------------------------------

    def open_main_window(self) -> MainWindow:
        ctx = Context(self.app, self.runner, self.settings, self.layout)
        window = MainWindow(ctx, today=self.today)
        window.preferences_changed.connect(self.rebuild, Qt.ConnectionType.QueuedConnection)
        window.switch_user_requested.connect(self.switch_user, Qt.ConnectionType.QueuedConnection)
        window.restore_requested.connect(self.restore, Qt.ConnectionType.QueuedConnection)
        window.show()
        self.window = window
        return window

    def rebuild(self) -> None:
        """Re-create the window in the newly chosen language and text size, on the same page."""
        old = self.window
        if old is None:
            return
        key = old.current_key()
        old.save_layout()
        self.apply_preferences()
        new = self.open_main_window()
        new.go_to(key)
        old.hide()
        old.deleteLater()

    # -- restoring a backup --------------------------------------------------------------

    def restore(self, path: Path) -> None:
        """Close the books, replace them with a backup (a copy of the current data is kept), reopen."""
        old = self.window
        key = old.current_key() if old is not None else "home"
        if old is not None:
            old.save_layout()
            old.setEnabled(False)  # its books are closed until the new window replaces it
        actor = self.app.actor
        title = QCoreApplication.translate("Shell", "Restore from a backup")
        try:
            outcome = self._replace_books(path, old, title)
        except DomainError as exc:
            QMessageBox.critical(old, title, exc.message)
            QApplication.quit()
            return
        same = self._same_user_or_none(actor)
        if same is not None:
            self.app.actor = same
        elif not self.sign_in():
            QApplication.quit()
            return
        new = self.open_main_window()
        new.go_to(key)
        if old is not None:
            old.hide()
            old.deleteLater()
        if outcome is not None:
            QMessageBox.information(new, title, describe_restore(outcome))

    def restore_at_first_run(self, path: Path) -> bool | None:
        """Restore the old PC's backup onto the empty books of a new PC, then sign in.

        True once signed in; False when the user quit at the sign-in (or the books cannot be
        opened again); None when the restore failed or was cancelled (its error shown; the
        books are as they were, so the wizard can be shown again).
        """
        title = QCoreApplication.translate("Shell", "Restore from a backup")
        try:
            outcome = self._replace_books(path, None, title)
        except DomainError as exc:
            QMessageBox.critical(None, title, exc.message)
            return False
        if outcome is None or not setup.is_initialised(self.app):
            return None
        if not self.sign_in():
            return False
        QMessageBox.information(None, title, describe_restore(outcome, first_run=True))
        return True

    def _replace_books(self, path: Path, parent: QWidget | None, title: str) -> RestoreResult | None:
        """Close the books, restore the backup at ``path`` over them (with progress), open them again.

        None when the restore failed (its error was shown) or was cancelled: the books are then
        as they were, as the core restore replaces the database only as its very last step
        (a copy of the current data and photos the PC lacks may have been added).  Raises
        :class:`DomainError` when the books cannot be opened again.
        """
        self.runner.cancel_all()
        self.runner.wait_for_done()
        layout = self.app.layout
        self.app.close()
        outcome: list[RestoreResult] = []
        loop = QEventLoop()
        job = run_with_progress(
            self.runner, parent, title, _restore, layout, path, uses_db=False, on_success=outcome.append
        )
        job.finished.connect(loop.quit)
        if not job.done.is_set():
            loop.exec()
        self.app = App.open(layout.root)  # migrates a backup made by an older version
        return outcome[0] if outcome else None

    def _same_user_or_none(self, actor: Actor) -> Actor | None:
        """The signed-in user as the restored books know them (None: not there, or stopped)."""
        if actor.user_id is None:
            return None
        return next(
            (
                Actor(u.id, u.display_name or u.username, u.role)
                for u in accounts.list_users(self.app)
                if u.id == actor.user_id and u.active
            ),
            None,
        )

    def shutdown(self) -> None:
        if self.window is not None:
            self.window.close()
        self.runner.cancel_all()
        self.runner.wait_for_done()
        if self.window is not None:
            self.window.deleteLater()  # destroyed by Qt on the GUI thread, not by a collector
            self.window = None


def _restore(layout: DataLayout, path: Path, *, progress: Progress, cancel: CancelToken) -> RestoreResult:
    from ..core.backup import restore_backup

    cancel.check()
    return restore_backup(layout, path, progress=progress, cancel=cancel)  # stops before replacing anything


def describe_restore(result: RestoreResult, *, first_run: bool = False) -> str:
    """What a finished restore did; ``first_run``: onto the empty books of a new PC (whose
    copy, kept by the restore, is of no interest)."""
    if first_run:
        text = QCoreApplication.translate(
            "Shell", "The books of %1 were restored from the backup onto this computer."
        ).replace("%1", result.info.station)
    else:
        text = QCoreApplication.translate(
            "Shell", "The books were restored from the backup. A copy of the data as it was before is kept in %1."
        ).replace("%1", str(result.previous_copy))
    if result.missing_photos:
        text += "\n" + QCoreApplication.translate(
            "Shell",
            "%n photo files named in the backup are not on this PC; restore them from a backup with photos.",
            "",
            result.missing_photos,
        )
    return text


def run_gui(data_dir: Path, *, exit_when_ready: bool = False, log_path: Path | None = None) -> int:
    """Open the data dir and show the main window (or the first-run wizard); returns the exit code.

    With ``exit_when_ready`` the app quits with 0 as soon as the first window is shown and
    the event loop is idle (used to measure start-up).
    """
    from ..core.instance import InstanceLock

    use_language_for_system_dates(Settings(data_dir).get(LANGUAGE))  # read when Qt starts
    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("cadre_desk")
    qt_app.setWindowIcon(QIcon(str(app_icon_path())))
    lock = InstanceLock(DataLayout(data_dir).lock)
    try:
        lock.acquire()  # before anything opens, migrates or writes
        app = App.open(data_dir)
    except DomainError as exc:
        lock.release()
        report_startup_failure(exc.message, log_path, message_box=False)  # the dialog below shows it
        if not exit_when_ready:  # nobody to close a dialog when only the start is being checked
            install_language(Settings(data_dir).get(LANGUAGE))
            apply_ui_font(qt_app)
            QMessageBox.critical(None, QCoreApplication.translate("Shell", "Cannot open the data"), exc.message)
        return 1
    shell = Shell(app)
    try:
        shell.apply_preferences()
        first: QWidget | None = None  # with exit_when_ready: the first window the user would see
        if not setup.is_initialised(app):
            if exit_when_ready:
                first = SetupWizard(app, shell.runner)
            elif not shell.run_setup():
                return 0
        elif accounts.auto_sign_in(app) is None and exit_when_ready:
            first = SignInDialog(app, shell.layout)
        elif not shell.sign_in():
            return 0
        if first is not None:
            first.show()
        else:
            window = shell.open_main_window()
            if not exit_when_ready:
                from .backup_dialog import start_daily_backup

                start_daily_backup(window.ctx)  # the first start of a day backs the books up, quietly
        if exit_when_ready:
            QTimer.singleShot(0, qt_app.quit)  # runs once the shown window has been painted
        return qt_app.exec()
    finally:
        shell.shutdown()
        shell.app.close()  # the books open now (a restore reopens them)
        lock.release()
