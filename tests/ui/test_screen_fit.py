"""Windows that fit the screen, columns that follow the text size, Qt's own dialogs in Chinese.

What only a real window manager can show (frames, title bars, maximizing) is checked in
``tests/ui_real``; these are the rules themselves, offscreen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QLabel, QMainWindow, QStyle, QTableView

from cadre_desk.core.services import browse
from cadre_desk.ui.settings import LayoutState
from cadre_desk.ui.widgets import fit_to_screen, install_screen_fit, show_rows

ROOT = Path(__file__).resolve().parents[2]


def available() -> QSize:
    return QGuiApplication.primaryScreen().availableGeometry().size()


def test_a_dialog_larger_than_the_screen_is_made_to_fit_when_shown(qapp, qtbot) -> None:
    install_screen_fit(qapp)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.resize(available().width() * 2, available().height() * 2)
    dialog.show()
    assert dialog.width() <= available().width() and dialog.height() <= available().height()
    assert QGuiApplication.primaryScreen().availableGeometry().contains(dialog.frameGeometry())


def test_a_small_dialog_is_as_wide_as_its_title(qapp, qtbot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("正在生成月度台账")
    dialog.resize(120, 80)
    fit_to_screen(dialog)
    assert dialog.width() > dialog.fontMetrics().horizontalAdvance("正在生成月度台账")


def test_a_remembered_window_size_is_restored_only_when_it_still_fits(qapp, qtbot, tmp_path: Path) -> None:
    layout = LayoutState(tmp_path)
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(0, 0, available().width() + 400, available().height() + 300)  # from a larger screen
    layout.save_window(big)
    again = QMainWindow()
    qtbot.addWidget(again)
    layout.restore_window(again)  # not restored, or made smaller: it fits the screen it opens on
    assert QGuiApplication.primaryScreen().availableGeometry().contains(again.geometry())

    small = QMainWindow()
    qtbot.addWidget(small)
    small.setGeometry(20, 20, available().width() // 2, available().height() // 2)
    layout.save_window(small)
    restored = QMainWindow()
    qtbot.addWidget(restored)
    assert layout.restore_window(restored)
    assert restored.size() == small.size()


def test_column_widths_are_remembered_for_the_text_size_they_were_set_at(qapp, qtbot, tmp_path: Path) -> None:
    layout = LayoutState(tmp_path)
    table = QTableView()
    qtbot.addWidget(table)
    model = QStandardItemModel(1, 3, table)
    table.setModel(model)
    table.horizontalHeader().resizeSection(1, 40)
    layout.save_header(table.horizontalHeader(), "t")

    same = QTableView()
    qtbot.addWidget(same)
    same.setModel(QStandardItemModel(1, 3, same))
    assert layout.restore_header(same.horizontalHeader(), "t")
    assert same.horizontalHeader().sectionSize(1) == 40

    base = QFont(qapp.font())
    larger_text = QFont(base)
    larger_text.setPointSizeF(base.pointSizeF() * 1.5)  # the text-size setting: the whole program's font
    qapp.setFont(larger_text)
    try:
        larger = QTableView()
        qtbot.addWidget(larger)
        larger.setModel(QStandardItemModel(1, 3, larger))
        assert not layout.restore_header(larger.horizontalHeader(), "t")  # sized from its texts instead
    finally:
        qapp.setFont(base)


def test_the_text_column_takes_the_spare_width_but_is_never_squeezed(qapp, qtbot) -> None:
    table = QTableView()
    qtbot.addWidget(table)
    model = QStandardItemModel(1, 3, table)
    model.setHorizontalHeaderLabels(["状态", "活动名称", "地点"])
    for column, text in enumerate(["在册", "12月主题党日：观看警示教育片", "驿站阅览室"]):
        model.setItem(0, column, QStandardItem(text))
    show_rows(table, model, stretch_column=1)
    table.resizeColumnsToContents()
    table.resize(1200, 300)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(3))
    assert used == table.viewport().width()  # no gap at the right
    assert header.sectionSize(1) > header.sectionSize(0) + header.sectionSize(2)  # the title has it, not 状态
    need = table.sizeHintForColumn(1)
    table.resize(200, 300)  # narrower than the columns need: the table scrolls, the title stays whole
    qapp.processEvents()
    assert header.sectionSize(1) >= need


def test_qt_file_dialog_speaks_chinese(qapp, qtbot) -> None:
    dialog = QFileDialog(None, "选择文件", str(ROOT), "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    texts = {name: dialog.findChild(QLabel, name).text() for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")}
    assert texts == {
        "lookInLabel": "查找范围(&L)：",
        "fileNameLabel": "文件名称(&N)：",
        "fileTypeLabel": "文件类型(&T)：",
    }


@pytest.mark.parametrize(("language", "expected"), [("zh_CN", "2026/12/7"), ("en", "7 12 2026")])
def test_dates_in_qt_dialogs_follow_the_interface_language(language: str, expected: str) -> None:
    """The file dialog writes dates in the system's format: on Linux with LANG=C that was "7 12 2026"."""
    script = (
        "from cadre_desk.ui.i18n import use_language_for_system_dates as use\n"
        f"use({language!r})\n"
        "from PySide6.QtCore import QDate, QLocale\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "print(QLocale.system().toString(QDate(2026, 12, 7), QLocale.FormatType.ShortFormat))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update({"LANG": "C", "LC_ALL": "C", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == expected


def test_the_door_opens_maximized_and_toggles_full_screen(shell, qtbot) -> None:
    """(The F11 key itself is pressed in the real-window test, tests/ui_real.)"""
    from cadre_desk.ui.checkin_window import CheckInWindow

    rows = browse.ACTIVITIES.rows(shell.app, "", 0, 1)
    door = CheckInWindow(shell.window.ctx, str(rows[0][0]), shell.window)
    qtbot.addWidget(door)
    door.show()
    assert door.isMaximized()
    door.toggle_full_screen()
    assert door.isFullScreen()
    door.toggle_full_screen()
    assert door.isMaximized() and not door.isFullScreen()
    door.done(0)


def test_check_boxes_grow_with_the_text_size(make_shell, demo_app, qtbot) -> None:
    sizes = {}
    for scale in (100, 150):
        make_shell(demo_app, scale=scale)
        box = QCheckBox("离休")
        qtbot.addWidget(box)
        box.show()
        sizes[scale] = box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
        assert sizes[scale] >= box.fontMetrics().height() * 0.75
    assert sizes[150] > sizes[100]
