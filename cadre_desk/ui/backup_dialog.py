"""设置 → 备份与恢复: the backups in the data dir, backing up now or to a USB stick, and restoring.

The dialog checks a backup before offering to restore it, and then only asks for the
restore (:attr:`BackupDialog.restore_requested`): replacing the books needs them closed,
which the window's owner does.  :func:`start_daily_backup` makes the day's automatic
backup in the background at start-up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from ..core import backup
from ..core.backup import BackupEntry, BackupInfo, FolderBackupResult
from ..core.permissions import BACKUP, RESTORE, can, role_name
from .generated.ui_backup_dialog import Ui_BackupDialog
from .jobs import Job, JobRunner, run_with_progress
from .pages.base import Context

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #b00020;"
FOLDER_KEY = "backup/folder"

#: the last automatic backup's failure, by data dir (shown in the dialog, never as a popup)
_daily_failures: dict[str, str] = {}


def start_daily_backup(ctx: Context) -> None:
    """Make the day's automatic backup in the background if it is due (quietly: a failure is
    logged and shown in the backup dialog's status the next time it opens)."""
    root = str(ctx.app.layout.root)
    job = ctx.runner.submit(
        QCoreApplication.translate("BackupDialog", "Daily backup"), backup.daily_backup_if_due, ctx.app, uses_db=False
    )

    def failed(message: str, _internal: bool) -> None:
        log.warning("the daily backup failed: %s", message)
        _daily_failures[root] = message

    def succeeded(path: Path | None) -> None:
        _daily_failures.pop(root, None)
        if path is not None:
            log.info("daily backup made: %s", path)

    job.failed.connect(failed)
    job.succeeded.connect(succeeded)


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


# -- choosing and checking a backup (this dialog, and the first-run wizard on a new PC) ----


def choose_backup_folder(parent: QWidget | None, start: str) -> Path | None:
    """Ask for a folder backup (“…-数据备份”) or the USB stick holding one; None if cancelled."""
    chosen = QFileDialog.getExistingDirectory(
        parent,
        QCoreApplication.translate("BackupDialog", "Choose the backup folder (…-数据备份) or the USB stick"),
        start,
    )
    return Path(chosen) if chosen else None


def choose_backup_file(parent: QWidget | None, start: str) -> Path | None:
    """Ask for a backup .db file; None if cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("BackupDialog", "Choose the backup file"),
        start,
        QCoreApplication.translate("BackupDialog", "Backups (*.db);;All files (*)"),
    )
    return Path(chosen) if chosen else None


def check_backup(
    runner: JobRunner, parent: QWidget | None, path: Path, on_checked: Callable[[BackupInfo], None]
) -> Job:
    """Check the backup at ``path`` in the background (:func:`backup.inspect_backup`, with
    progress); ``on_checked`` gets what it holds, and a bad backup shows why it is refused."""
    return run_with_progress(
        runner,
        parent,
        QCoreApplication.translate("BackupDialog", "Checking the backup"),
        backup.inspect_backup,
        path,
        uses_db=False,
        on_success=on_checked,
    )


def describe_backup(info: BackupInfo, install_id: str | None) -> str:
    """What a checked backup holds, line by line, for the question before restoring it over
    the books of the install ``install_id``."""
    c = info.counts
    lines = [
        QCoreApplication.translate("BackupDialog", "Station: %1").replace(
            "%1", info.station or QCoreApplication.translate("BackupDialog", "(not set up)")
        ),
        QCoreApplication.translate("BackupDialog", "Made: %1").replace("%1", info.created.strftime("%Y-%m-%d %H:%M")),
        QCoreApplication.translate("BackupDialog", "Holds: %1 people, %2 activities, %3 sign-ins, %4 photos")
        .replace("%1", str(c.get("people", 0)))
        .replace("%2", str(c.get("activities", 0)))
        .replace("%3", str(c.get("check_ins", 0)))
        .replace("%4", str(c.get("photos", 0))),
    ]
    if info.folder:
        lines.append(
            QCoreApplication.translate("BackupDialog", "Photo files: included (%1 of %2)")
            .replace("%1", str(info.photos_in_backup))
            .replace("%2", str(len(info.media)))
        )
    else:
        lines.append(
            QCoreApplication.translate(
                "BackupDialog", "Photo files: not included (the photos on this computer are kept)"
            )
        )
    if not info.schema_current:
        lines.append(
            QCoreApplication.translate(
                "BackupDialog", "Made by an older version: it is brought up to date when the books are opened."
            )
        )
    if info.install_id != install_id:
        lines.append(
            QCoreApplication.translate(
                "BackupDialog",
                "Note: this backup comes from another computer. After the restore this computer takes its place.",
            )
        )
    return "\n".join(lines)


class BackupDialog(QDialog):
    """Lists the backups and backs up or (after checking and asking) requests a restore."""

    #: the user confirmed restoring the backup at this path (a .db file or a folder backup)
    restore_requested = Signal(Path)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_BackupDialog()
        self.ui.setupUi(self)
        self.entries: list[BackupEntry] = []
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.folderLabel.setText(
            self.tr("Backups on this computer are kept in: %1").replace("%1", str(ctx.app.layout.backups))
        )
        self.ui.backUpButton.clicked.connect(self.back_up_now)
        self.ui.folderButton.clicked.connect(self.back_up_to_folder)
        self.ui.restoreButton.clicked.connect(self.restore_chosen)
        self.ui.restoreFileButton.clicked.connect(self.restore_from_file)
        self.ui.restoreFolderButton.clicked.connect(self.restore_from_folder)
        self.ui.openFolderButton.clicked.connect(self.open_backups_folder)
        table = self.ui.backupsTable
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._update_buttons)
        self.can_back_up = can(ctx.app.actor, BACKUP)
        self.can_restore = can(ctx.app.actor, RESTORE)
        role = role_name(ctx.app.actor.role)
        if not self.can_back_up:
            tip = self.tr("Your role (%1) may not make backups. Please ask an administrator.").replace("%1", role)
            for button in (self.ui.backUpButton, self.ui.folderButton):
                button.setEnabled(False)
                button.setToolTip(tip)
        tip = self.tr("Only an administrator may restore the books from a backup (your role: %1).").replace("%1", role)
        for button in (self.ui.restoreButton, self.ui.restoreFileButton, self.ui.restoreFolderButton):
            if not self.can_restore:
                button.setToolTip(tip)
        self.reload()
        self._show_status()
        self._fit_table()
        metrics = self.fontMetrics()
        self.resize(self.sizeHint().expandedTo(metrics.size(0, "M" * 62)).expandedTo(metrics.size(0, "M\n" * 22)))

    # -- the list --------------------------------------------------------------------------

    def _kind_text(self, kind: str) -> str:
        return {
            "auto": self.tr("Automatic"),
            "manual": self.tr("Made by hand"),
            "migration": self.tr("Before an upgrade"),
            "sync": self.tr("Before a sync import"),
            "restore": self.tr("The books before a restore"),
        }.get(kind, self.tr("Other"))

    def _contents_text(self, entry: BackupEntry) -> str:
        if not entry.counts:
            return ""
        return (
            self.tr("%1 people, %2 activities, %3 photos")
            .replace("%1", str(entry.counts.get("people", 0)))
            .replace("%2", str(entry.counts.get("activities", 0)))
            .replace("%3", str(entry.counts.get("photos", 0)))
        )

    def reload(self, select: Path | None = None) -> None:
        """Read the backups folder again (a few small files), newest first."""
        self.entries = backup.list_backups(self.ctx.app.layout)
        table = self.ui.backupsTable
        table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = [
                entry.created.strftime("%Y-%m-%d %H:%M"),
                self._kind_text(entry.kind),
                _mb(entry.size),
                self._contents_text(entry),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.path.name)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)
            if entry.path == select:
                table.selectRow(row)
        self._update_buttons()

    def _fit_table(self) -> None:
        """Wide enough to show every column of the list without cutting its text short."""
        table = self.ui.backupsTable
        header = table.horizontalHeader()
        width = sum(max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(table.columnCount()))
        width += table.verticalScrollBar().sizeHint().width() + 2 * table.frameWidth() + 8
        table.setMinimumWidth(min(width, 1600))

    def chosen(self) -> BackupEntry | None:
        rows = self.ui.backupsTable.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        self.ui.restoreButton.setEnabled(self.can_restore and self.chosen() is not None)
        self.ui.restoreFileButton.setEnabled(self.can_restore)
        self.ui.restoreFolderButton.setEnabled(self.can_restore)

    def _show_status(self, message: str | None = None, *, error: bool = False) -> None:
        failure = _daily_failures.get(str(self.ctx.app.layout.root))
        if message is None and failure is not None:
            message, error = self.tr("The automatic backup at start-up failed: %1").replace("%1", failure), True
        if message is None:
            autos = [e for e in self.entries if e.kind == "auto"]
            message = (
                self.tr("Last automatic backup: %1").replace("%1", autos[0].created.strftime("%Y-%m-%d %H:%M"))
                if autos
                else self.tr("No automatic backup yet.")
            )
        self.ui.statusLabel.setStyleSheet(ERROR_STYLE if error else "")
        self.ui.statusLabel.setText(message)

    def open_backups_folder(self) -> None:
        self.ctx.app.layout.backups.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.app.layout.backups)))

    # -- backing up ------------------------------------------------------------------------

    def back_up_now(self) -> None:
        self.ui.backUpButton.setEnabled(False)
        job = run_with_progress(
            self.ctx.runner,
            self,
            self.tr("Backing up"),
            backup.make_backup,
            self.ctx.app,
            "manual",
            uses_db=False,
            on_success=self._backed_up,
        )
        job.finished.connect(lambda: self.ui.backUpButton.setEnabled(self.can_back_up))

    def _backed_up(self, path: Path) -> None:
        self.reload(select=path)
        self._show_status(self.tr("Backed up: %1").replace("%1", path.name))

    def _last_folder(self) -> str:
        remembered = self.ctx.layout.value(FOLDER_KEY, "")
        return remembered if remembered and Path(remembered).is_dir() else str(Path.home())

    def back_up_to_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder or USB stick to back up to"), self._last_folder()
        )
        if not chosen:
            return
        folder = Path(chosen)
        self.ctx.layout.set_value(FOLDER_KEY, str(folder))
        run_with_progress(
            self.ctx.runner,
            self,
            self.tr("Backing up to %1").replace("%1", folder.name or str(folder)),
            backup.back_up_to_folder,
            self.ctx.app,
            folder,
            uses_db=False,
            on_success=self._backed_up_to_folder,
        )

    def _backed_up_to_folder(self, result: FolderBackupResult) -> None:
        text = (
            self.tr(
                "The books and %1 photo files were backed up to:\n%2\n\n%3 files copied (%4); %5 were there already."
            )
            .replace("%1", str(result.photos))
            .replace("%2", str(result.folder))
            .replace("%3", str(result.copied_files))
            .replace("%4", _mb(result.copied_bytes))
            .replace("%5", str(result.unchanged_files))
        )
        self._show_status(self.tr("Backed up to %1").replace("%1", str(result.folder)))
        QMessageBox.information(self, self.tr("Backup to a folder"), text)

    # -- restoring -------------------------------------------------------------------------

    def restore_chosen(self) -> None:
        entry = self.chosen()
        if entry is not None:
            self.check_backup(entry.path)

    def restore_from_file(self) -> None:
        chosen = choose_backup_file(self, str(self.ctx.app.layout.backups))
        if chosen is not None:
            self.check_backup(chosen)

    def restore_from_folder(self) -> None:
        chosen = choose_backup_folder(self, self._last_folder())
        if chosen is not None:
            self.check_backup(chosen)

    def check_backup(self, path: Path) -> None:
        """Check the backup in the background, then ask whether to restore it."""
        check_backup(self.ctx.runner, self, path, self.confirm_restore)

    def describe(self, info: BackupInfo) -> str:
        return describe_backup(info, self.ctx.app.install_id)

    def keep_copy_note(self) -> str:
        return self.tr(
            "The books as they are now are first kept as a copy in the backups folder, so the restore can be "
            "undone. The books are closed for the restore and opened again."
        )

    def confirm_restore(self, info: BackupInfo) -> None:
        question = "\n\n".join(
            [
                self.tr("Replace the books on this computer with this backup?"),
                self.describe(info),
                self.keep_copy_note(),
            ]
        )
        answer = QMessageBox.question(
            self,
            self.tr("Restore from a backup"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.restore_requested.emit(info.path)
        self.accept()
