"""设置 → 导出诊断信息: the ZIP is written in the background and the user told where it is."""

from __future__ import annotations

import gc
import zipfile
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox


def test_diagnostics_are_saved_where_chosen_and_the_path_shown(shell, qtbot, tmp_path: Path, monkeypatch) -> None:
    gc.collect()  # nothing left by earlier tests is destroyed while the export runs on its thread
    chosen = tmp_path / "给技术支持"  # the suffix is added when left out
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(chosen), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    page = shell.window.go_to("settings")
    page.ui.diagnosticsButton.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    written = tmp_path / "给技术支持.zip"
    assert str(written) in shown[0]
    with zipfile.ZipFile(written) as z:
        assert {"diagnostics.json", "README.txt"} <= set(z.namelist())


def test_choosing_no_file_writes_nothing(shell, qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    page = shell.window.go_to("settings")
    running = shell.runner.active
    page.ui.diagnosticsButton.click()
    assert shell.runner.active == running and not list(tmp_path.rglob("*.zip"))  # no job, no file
