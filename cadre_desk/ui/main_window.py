"""The main window: navigation to every area of the station's work, and the status bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QLocale, QSize, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from ..core.permissions import AUDIT, can
from ..core.services.overview import SyncStatus, sync_status
from ..core.services.setup import install_info
from .account_dialogs import describe_actor
from .generated.ui_main_window import Ui_MainWindow
from .pages.activities import ActivitiesPage
from .pages.audit import AuditPage
from .pages.base import Context, Page
from .pages.home import HomePage
from .pages.reports import ReportsPage
from .pages.roster import RosterPage
from .pages.settings import SettingsPage
from .pages.sync import SyncPage
from .pages.visits import VisitsPage
from .pages.volunteer import VolunteerPage
from .widgets import open_maximized_when_small

# the pages, in the order of the navigation list in forms/main_window.ui
PAGE_KEYS = ("home", "people", "activities", "visits", "service_records", "reports", "sync", "audit", "settings")

#: pages only some roles see
PAGE_PERMISSIONS = {"audit": AUDIT}

DEFAULT_SIZE = (1200, 760)


class MainWindow(QMainWindow):
    # language or text size changed: the shell rebuilds the window in the new preferences
    preferences_changed = Signal()
    # the user asked to let someone else sign in: the shell asks and rebuilds the window
    switch_user_requested = Signal()
    # a backup was chosen to restore: the shell closes the books, restores and reopens them
    restore_requested = Signal(Path)

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        info = install_info(ctx.app)
        station = info.station_name if info else ""
        self.setWindowTitle(
            self.tr("%1 — Cadre Station Books").replace("%1", station) if station else self.tr("Cadre Station Books")
        )

        self.home = HomePage(ctx, today=today)
        self.settings_page = SettingsPage(ctx)
        self.settings_page.preferences_changed.connect(self.preferences_changed)
        self.settings_page.switch_user_requested.connect(self.switch_user_requested)
        self.settings_page.restore_requested.connect(self.restore_requested)
        pages: list[Page] = [
            self.home,
            RosterPage(ctx, today=today),
            ActivitiesPage(ctx, today=today),
            VisitsPage(ctx),
            VolunteerPage(ctx),
            ReportsPage(ctx, today=today),
            SyncPage(ctx),
            AuditPage(ctx, today=today),
            self.settings_page,
        ]
        self.pages = dict(zip(PAGE_KEYS, pages, strict=True))
        for page in pages:
            self.ui.pages.addWidget(page)
            page.data_changed.connect(self.books_changed)

        nav = self.ui.navList
        nav.setStyleSheet("QListWidget#navList { outline: 0; } QListWidget#navList::item { padding: 0.55em 1.2em; }")
        widest = max(nav.fontMetrics().horizontalAdvance(nav.item(i).text()) for i in range(nav.count()))
        nav.setFixedWidth(widest + nav.fontMetrics().averageCharWidth() * 6)
        nav.currentRowChanged.connect(self.ui.pages.setCurrentIndex)
        # pages the signed-in user may not use are not offered (the audit trail: administrators)
        self.hidden_keys = {key for key, permission in PAGE_PERMISSIONS.items() if not can(ctx.app.actor, permission)}
        for row, key in enumerate(PAGE_KEYS):
            nav.setRowHidden(row, key in self.hidden_keys)
        for number in range(1, len(PAGE_KEYS) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda key=PAGE_KEYS[number - 1]: self.go_to(key))
            nav.item(number - 1).setToolTip(
                QKeySequence(f"Ctrl+{number}").toString(QKeySequence.SequenceFormat.NativeText)
            )

        self.station_label = QLabel(station)
        self.user_label = QLabel(self.tr("User: %1").replace("%1", describe_actor(ctx.app.actor)))
        self.sync_label = QLabel()
        self.pending_label = QLabel()
        for label in (self.station_label, self.user_label, self.sync_label, self.pending_label):
            self.statusBar().addPermanentWidget(label)
        self.sync_label.setText(self.tr("Last sync: %1").replace("%1", "…"))
        self.pending_label.setText(self.tr("Not yet sent: %1").replace("%1", "…"))

        if not ctx.layout.restore_window(self):
            open_maximized_when_small(self, QSize(*DEFAULT_SIZE))
        last = ctx.layout.value("main/page", "home")
        self.go_to(last if last in PAGE_KEYS else "home")
        self.refresh_status()

    # -- navigation ----------------------------------------------------------------------

    def go_to(self, key: str) -> Page:
        """Show the page with this key (see :data:`PAGE_KEYS`); the home page instead of one
        the signed-in user may not use."""
        if key in self.hidden_keys:
            key = "home"
        self.ui.navList.setCurrentRow(PAGE_KEYS.index(key))
        return self.pages[key]

    def current_key(self) -> str:
        return PAGE_KEYS[self.ui.pages.currentIndex()]

    # -- status --------------------------------------------------------------------------

    def books_changed(self) -> None:
        """Something was written: other pages reload when next shown, the status bar now."""
        for page in self.pages.values():
            page.mark_stale()
        self.show_station_name()
        self.refresh_status()

    def show_station_name(self) -> None:
        """The station's name in the title and the status bar (it may have been corrected)."""
        info = install_info(self.ctx.app)
        station = info.station_name if info else ""
        self.setWindowTitle(
            self.tr("%1 — Cadre Station Books").replace("%1", station) if station else self.tr("Cadre Station Books")
        )
        self.station_label.setText(station)

    def refresh_status(self) -> None:
        job = self.ctx.runner.submit(self.tr("Counting changes"), sync_status, self.ctx.app, uses_db=False)
        job.succeeded.connect(self._show_sync_status)

    def _show_sync_status(self, status: SyncStatus) -> None:
        self.sync_label.setVisible(status.joined)
        if not status.joined:  # a count of changes that cannot be sent anywhere helps nobody
            self.pending_label.setText(self.tr("Not joined to a district office"))
            return
        when = self.pages["sync"].describe_last_sync(status.last_sync)  # type: ignore[attr-defined]
        self.sync_label.setText(self.tr("Last sync: %1").replace("%1", when))
        self.pending_label.setText(
            self.tr("Not yet sent: %1").replace("%1", QLocale().toString(status.pending_changes))
        )

    # -- closing -------------------------------------------------------------------------

    def save_layout(self) -> None:
        layout = self.ctx.layout
        layout.save_window(self)
        layout.set_value("main/page", self.current_key())
        for page in self.pages.values():
            page.save_layout()
        layout.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.ctx.runner.cancel_all()
        self.ctx.runner.wait_for_done()
        super().closeEvent(event)
