"""Qt's own warnings and errors into the app's log file (see :mod:`cadre_desk.core.logs`)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("cadre_desk.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


_log_path: Path | None = None
#: Qt's latest warnings: a fatal message is explained by what came before it
_recent: list[str] = []


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if level >= logging.WARNING:
        where = f" ({context.category})" if context.category and context.category != "default" else ""
        log.log(level, "Qt%s: %s", where, message)
        _recent[:] = [*_recent[-9:], message]
    if kind == QtMsgType.QtFatalMsg:  # Qt ends the process next: say why where the user sees it
        from .startup import qt_fatal_message, report_startup_failure

        report_startup_failure(qt_fatal_message(message, _recent), _log_path)


def install_qt_message_handler(log_path: Path | None = None) -> None:
    """Send Qt's warnings, criticals and fatal messages to the log file (the rest is noise);
    a fatal one is also explained in Chinese on stderr (and in a message box on Windows)."""
    global _log_path
    _log_path = log_path
    qInstallMessageHandler(_handle)
