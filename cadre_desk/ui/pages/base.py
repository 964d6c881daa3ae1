"""What every page shares: the open books, the job runner and the remembered layout."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ...core.app import App
from ...core.permissions import can
from ..jobs import JobRunner
from ..settings import LayoutState, Settings


@dataclass
class Context:
    """The open data dir and the services the window's pages use."""

    app: App
    runner: JobRunner
    settings: Settings
    layout: LayoutState

    def can(self, permission: str) -> bool:
        """Whether the signed-in user's role allows this (a permission of core.permissions)."""
        return can(self.app.actor, permission)


class Page(QWidget):
    """A page loads its data the first time it is shown, and again after :meth:`refresh`."""

    # the page changed something the rest of the window shows (figures, status bar)
    data_changed = Signal()

    key = ""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Read the page's data again from the books."""
        self._loaded = True
        self.load()

    def mark_stale(self) -> None:
        """Reload next time the page is shown (or now, if it is showing)."""
        self._loaded = False
        if self.isVisible():
            self.refresh()

    def load(self) -> None:
        raise NotImplementedError

    def save_layout(self) -> None:
        """Remember column widths and splitters (called when the window closes)."""
