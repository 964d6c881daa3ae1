"""Render every page of the window (and the first-run wizard) to PNG, offscreen.

Used by ``cadre-desk screenshots`` to look at the screens as a person would, at any text
size and in either language, with the data dir's real data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from ..core.app import App
from ..core.services import setup
from ..resources import app_icon_path
from .app import Shell
from .main_window import PAGE_KEYS, MainWindow
from .settings import LayoutState
from .setup_wizard import SetupWizard

# a typical old office screen, less the taskbar (windows are sized after they are shown: on
# showing, a window is fitted to its screen, and the offscreen platform's is only 800×600)
WINDOW_SIZE = (1280, 720)


def settle(shell: Shell) -> None:
    """Let background jobs finish and their results reach the widgets."""
    for _ in range(3):
        QCoreApplication.processEvents()
        shell.runner.wait_for_done()
        QCoreApplication.processEvents()


def _save(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def _fill_example(wizard: SetupWizard) -> None:
    """Fill the wizard as a station would, so the pictures show a filled-in form."""
    from ..core.services.demo import DEMO_PROFILE

    ui = wizard.ui
    for edit, value in (
        (ui.nameEdit, DEMO_PROFILE.name),
        (ui.communityEdit, DEMO_PROFILE.community),
        (ui.streetEdit, DEMO_PROFILE.street),
        (ui.districtEdit, DEMO_PROFILE.district),
        (ui.contactEdit, DEMO_PROFILE.contact_person),
        (ui.phoneEdit, DEMO_PROFILE.contact_phone),
        (ui.addressEdit, DEMO_PROFILE.address),
        (ui.usernameEdit, "admin"),
        (ui.displayNameEdit, DEMO_PROFILE.contact_person),
        (ui.passwordEdit, "example-password"),
        (ui.confirmEdit, "example-password"),
    ):
        edit.setText(value)


def take_screenshots(app: App, out_dir: Path, *, scale: int | None = None, language: str | None = None) -> list[Path]:
    """Write one PNG per main-window page and per wizard page into ``out_dir``; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    QApplication.setWindowIcon(QIcon(str(app_icon_path())))
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        # a throwaway layout: screenshots neither use nor disturb the user's window layout
        shell = Shell(app, layout=LayoutState(Path(tmp)), language=language, scale=scale)
        shell.apply_preferences()
        try:
            wizard = SetupWizard(app, shell.runner)
            _fill_example(wizard)
            wizard.show()  # then sized: shown windows fit the (small) offscreen screen
            wizard.resize(max(wizard.sizeHint().width(), 760), max(wizard.sizeHint().height(), 560))
            for number in range(1, len(wizard.pageIds()) + 1):
                settle(shell)
                written.append(_save(wizard, out_dir / f"wizard-{number}.png"))
                wizard.next()
            wizard.reject()  # nothing entered, nothing saved
            if setup.is_initialised(app):
                if app.actor.user_id is None:  # pictured as the station's administrator sees it
                    app.actor = setup.first_admin(app) or app.actor
                window = shell.open_main_window()
                window.showNormal()  # the offscreen screen is small: the window would open maximized
                window.resize(*WINDOW_SIZE)
                for number, key in enumerate(PAGE_KEYS, start=1):
                    window.go_to(key)
                    settle(shell)
                    written.append(_save(window, out_dir / f"{number}-{key}.png"))
                written += _activity_screens(window, shell, out_dir)
                written.append(_about_screen(window, shell, out_dir))
        finally:
            shell.shutdown()
            QApplication.processEvents()
    return written


def _activity_screens(window: MainWindow, shell: Shell, out_dir: Path) -> list[Path]:
    """The door (check-in at the most recent activity with sign-ins) and that activity's form."""
    from ..core.services import browse
    from .activity_dialog import ActivityDialog
    from .checkin_window import CheckInWindow

    rows = browse.ACTIVITIES.rows(window.ctx.app, "", 0, 200)
    held = [row for row in rows if row[8]]  # someone present
    if not held:
        return []
    activity_id = str(held[0][0])
    written = []
    door = CheckInWindow(window.ctx, activity_id, window)
    door.setWindowState(Qt.WindowState.WindowNoState)  # opens maximized: at an office PC's size instead
    door.show()
    door.resize(*WINDOW_SIZE)
    # a few typed letters and the people they could mean (someone still expected, or any Wang)
    typed = _initials(window.ctx.app, door.book.expected[0].id)[:2] if door.book.expected else "w"
    door.ui.searchEdit.setText(typed)
    door.update_candidates()
    settle(shell)
    written.append(_save(door, out_dir / "checkin.png"))
    door.ui.searchEdit.clear()
    door.done(0)
    form = ActivityDialog(window.ctx, activity_id, window)
    form.show()
    form.resize(960, 640)
    for tab, name in ((0, "activity"), (4, "activity-book"), (3, "activity-photos")):
        form.ui.tabs.setCurrentIndex(tab)
        settle(shell)
        written.append(_save(form, out_dir / f"{name}.png"))
    form.reject()
    return written


def _about_screen(window: MainWindow, shell: Shell, out_dir: Path) -> Path:
    """The About dialog, with the first component's licence shown."""
    from .about_dialog import AboutDialog

    about = AboutDialog(window.ctx.app.layout.root, window)
    grow = shell.scale() / 100  # the offscreen screen is smaller than an office PC's: as the window
    about.show()
    about.resize(min(round(960 * grow), WINDOW_SIZE[0]), min(round(700 * grow), WINDOW_SIZE[1]))
    about.ui.componentsTable.selectRow(0)
    settle(shell)
    path = _save(about, out_dir / "about.png")
    about.reject()
    return path


def _initials(app: App, person_id: str) -> str:
    from ..core.models import Person

    with app.read() as s:
        person = s.get(Person, person_id)
        return (person.name_initials.split() or [""])[0] if person else ""
