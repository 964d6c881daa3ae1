"""Starting the Qt application (the full main window comes with the desktop shell)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import DomainError


def run_gui(data_dir: Path) -> int:
    """Open the data dir and show the main window; returns the exit code."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ..core.app import App
    from .fonts import apply_ui_font
    from .main_window import MainWindow

    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setApplicationName("cadre_desk")
    qt_app.setApplicationDisplayName("老干部驿站台账")
    apply_ui_font(qt_app)
    try:
        app = App.open(data_dir)
    except DomainError as exc:
        QMessageBox.critical(None, "无法打开数据", exc.message)
        return 1
    window = MainWindow(app)
    window.show()
    try:
        return qt_app.exec()
    finally:
        app.close()
