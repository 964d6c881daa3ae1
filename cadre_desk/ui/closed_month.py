"""Before a record dated in a closed month (月结归档) is saved: an administrator confirms the
correction, anyone else is told it cannot be saved (the core refuses it either way)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from PySide6.QtWidgets import QMessageBox, QWidget

from ..core.app import App
from ..core.errors import DomainError
from ..core.permissions import MONTH_CLOSE, can
from ..core.services.months import closed_month_notice

log = logging.getLogger(__name__)


def confirm_closed_month(parent: QWidget, app: App, days: Iterable[dt.date | None], title: str) -> bool:
    """True to go on saving a record dated on ``days`` (its date now and as it was): always
    when none is in a closed month; for an administrator when they confirm the correction
    (the question names the month).  For anyone else it says why not, and returns False."""
    try:
        notice = closed_month_notice(app, list(days))
    except DomainError:  # no station of its own yet: nothing is closed
        log.debug("closed months not checked", exc_info=True)
        return True
    if notice is None:
        return True
    if can(app.actor, MONTH_CLOSE):
        return QMessageBox.question(parent, title, notice) == QMessageBox.StandardButton.Yes
    QMessageBox.warning(parent, title, notice)
    return False
