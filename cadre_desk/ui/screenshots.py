"""Render every page of the window (and the first-run wizard) to PNG, offscreen.

Used by ``cadre-desk screenshots`` to look at the screens as a person would, at any text
size and in either language, with the data dir's real data.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from ..core.app import App
from ..core.services import setup
from .app import Shell
from .main_window import PAGE_KEYS
from .settings import LayoutState
from .setup_wizard import SetupWizard

# a typical old office screen, less the taskbar
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
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        # a throwaway layout: screenshots neither use nor disturb the user's window layout
        shell = Shell(app, layout=LayoutState(Path(tmp)), language=language, scale=scale)
        shell.apply_preferences()
        try:
            wizard = SetupWizard(app, shell.runner)
            _fill_example(wizard)
            wizard.resize(max(wizard.sizeHint().width(), 760), max(wizard.sizeHint().height(), 560))
            wizard.show()
            for number in range(1, len(wizard.pageIds()) + 1):
                settle(shell)
                written.append(_save(wizard, out_dir / f"wizard-{number}.png"))
                wizard.next()
            wizard.reject()  # nothing entered, nothing saved
            if setup.is_initialised(app):
                window = shell.open_main_window()
                window.resize(*WINDOW_SIZE)
                for number, key in enumerate(PAGE_KEYS, start=1):
                    window.go_to(key)
                    settle(shell)
                    written.append(_save(window, out_dir / f"{number}-{key}.png"))
        finally:
            shell.shutdown()
            QApplication.processEvents()
    return written
