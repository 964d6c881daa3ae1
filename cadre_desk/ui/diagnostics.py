"""设置 → 导出诊断信息: the ZIP for support (logs, versions, settings without secrets)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core import diagnostics
from .jobs import run_with_progress
from .pages.base import Context
from .sync_dialogs import last_folder, remember_folder, with_suffix


def _tr(text: str) -> str:
    return QCoreApplication.translate("Diagnostics", text)


def export_diagnostics(ctx: Context, parent: QWidget | None) -> None:
    """Ask where to save, write the ZIP behind a progress dialog, then say where it is."""
    title = _tr("Export diagnostics")
    suggested = last_folder(ctx) / diagnostics.default_file_name()
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), _tr("ZIP archive (*.zip)"))
    if not chosen:
        return
    path = with_suffix(chosen, ".zip")
    remember_folder(ctx, path)

    def done(written: Path) -> None:
        QMessageBox.information(
            parent,
            title,
            _tr(
                "The diagnostics were saved to:\n%1\n\n"
                "They hold the log files, version numbers, settings and record counts — no passwords, "
                "keys or personal details. Send the file to your support contact."
            ).replace("%1", str(written)),
        )

    run_with_progress(
        ctx.runner,
        parent,
        title,
        diagnostics.export_diagnostics,
        ctx.app,
        path,
        on_success=done,
        uses_db=False,  # reads only; it never waits behind a long write
    )
