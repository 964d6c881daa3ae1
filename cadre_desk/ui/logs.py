"""Qt's own warnings and errors into the app's log file (see :mod:`cadre_desk.core.logs`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("cadre_desk.qt")

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = _LEVELS.get(kind, logging.WARNING)
    if level >= logging.WARNING:
        where = f" ({context.category})" if context.category and context.category != "default" else ""
        log.log(level, "Qt%s: %s", where, message)


def install_qt_message_handler() -> None:
    """Send Qt's warnings, criticals and fatal messages to the log file (the rest is noise)."""
    qInstallMessageHandler(_handle)
