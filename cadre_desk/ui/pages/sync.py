"""数据同步: who this install is, and what is waiting to go to the district office."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale
from PySide6.QtWidgets import QWidget

from ...core.services.overview import SyncStatus, sync_status
from ...core.services.setup import install_info
from ..generated.ui_sync_page import Ui_SyncPage
from ..widgets import emphasise
from .base import Context, Page


class SyncPage(Page):
    key = "sync"

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ui = Ui_SyncPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Data sync"))

    def load(self) -> None:
        info = install_info(self.ctx.app)
        if info is not None:
            kind = self.tr("District office") if info.kind == "district" else self.tr("Station")
            self.ui.kindValue.setText(kind)
            self.ui.stationValue.setText(info.station_name)
        self.ui.installValue.setText(self.ctx.app.install_id)
        self.ui.pendingValue.setText(self.tr("Counting…"))
        job = self.ctx.runner.submit(self.tr("Counting changes"), sync_status, self.ctx.app, uses_db=False)
        job.succeeded.connect(self.show_status)

    def describe_last_sync(self, when: str | None) -> str:
        if not when:
            return self.tr("Never")
        stamp = QDateTime.fromString(when, "yyyy-MM-ddTHH:mm:ss")
        return QLocale().toString(stamp, QLocale.FormatType.ShortFormat) if stamp.isValid() else when

    def show_status(self, status: SyncStatus) -> None:
        self.ui.lastSyncValue.setText(self.describe_last_sync(status.last_sync))
        self.ui.pendingValue.setText(QLocale().toString(status.pending_changes))
