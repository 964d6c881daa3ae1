"""The window opens on a data dir and shows the station and its figures."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from cadre_desk.core.app import App
from cadre_desk.ui.main_window import MainWindow


def test_window_shows_station_name_and_counts(qtbot, demo_app: App) -> None:
    window = MainWindow(demo_app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "测试路社区老干部驿站" not in window.windowTitle()  # the demo made its own station
    assert "金湖路社区老干部驿站" in window.windowTitle()
    figures = window.findChild(QLabel, "figures").text()
    assert "在册人员：" in figures and "签到" in figures
    active = int(figures.split("在册人员：")[1].split(" 人")[0])
    assert 60 <= active <= 80  # 80 demo people, a few deceased or moved away
