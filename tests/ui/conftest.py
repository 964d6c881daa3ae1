"""Fixtures for the window: a shell over a demo station, reset to Chinese at 100 % afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from cadre_desk.core.app import App
from cadre_desk.core.services import setup
from cadre_desk.ui.app import Shell
from cadre_desk.ui.fonts import apply_ui_font
from cadre_desk.ui.i18n import install_language


@pytest.fixture(autouse=True, scope="session")
def chinese_interface(qapp) -> None:
    """The app's default: Chinese, with a font that has the glyphs."""
    install_language("zh_CN")
    apply_ui_font(qapp, 1.0)


@pytest.fixture
def make_shell(qapp, request: pytest.FixtureRequest) -> Iterator:
    """Build shells over open data dirs; all are shut down, and the language reset, afterwards."""
    shells: list[Shell] = []

    def make(app: App, **kwargs: object) -> Shell:
        shell = Shell(app, **kwargs)  # type: ignore[arg-type]
        shell.apply_preferences()
        shells.append(shell)
        # shut down (its jobs finished) before the books it works on are closed: a finaliser
        # added now runs before the teardown of the data dir fixture set up earlier
        request.node.addfinalizer(shell.shutdown)
        return shell

    yield make
    for shell in shells:
        shell.shutdown()
    install_language("zh_CN")
    apply_ui_font(qapp, 1.0)


@pytest.fixture
def shell(make_shell, demo_app: App) -> Shell:
    """A shell with its main window open on the small demo station."""
    demo_app.actor = setup.first_admin(demo_app) or demo_app.actor  # the demo's administrator signed in
    opened = make_shell(demo_app)
    opened.open_main_window()
    return opened


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every message box shown (by kind), answering questions with Yes."""
    shown: dict[str, list[str]] = {"question": [], "information": [], "warning": [], "critical": []}

    def record(kind: str, reply=QMessageBox.StandardButton.Ok):
        def box(_parent, _title, text, *args, **kwargs):
            shown[kind].append(text)
            return reply

        return box

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return shown
