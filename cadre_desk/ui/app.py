"""Starting the Qt application (the full main window comes with the desktop shell)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import DomainError


def run_gui(data_dir: Path, *, exit_when_ready: bool = False) -> int:
    """Open the data dir and show the main window; returns the exit code.

    With ``exit_when_ready`` the app quits with 0 as soon as the window is shown and the
    event loop is idle (used to measure start-up).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..core.app import App
    from ..core.instance import InstanceLock
    from ..core.paths import DataLayout
    from .fonts import apply_ui_font
    from .main_window import MainWindow

    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setApplicationName("cadre_desk")
    qt_app.setApplicationDisplayName("老干部驿站台账")
    apply_ui_font(qt_app)
    lock = InstanceLock(DataLayout(data_dir).lock)
    try:
        lock.acquire()  # before anything opens, migrates or writes
        app = App.open(data_dir)
    except DomainError as exc:
        lock.release()
        QMessageBox.critical(None, "无法打开数据", exc.message)
        return 1
    try:
        window = MainWindow(app)
        window.show()
        if exit_when_ready:
            QTimer.singleShot(0, qt_app.quit)  # runs once the shown window has been painted
        return qt_app.exec()
    finally:
        app.close()
        lock.release()
