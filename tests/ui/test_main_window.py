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


def test_check_runs_in_the_background_and_reports(qtbot, demo_app: App, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window = MainWindow(demo_app)
    qtbot.addWidget(window)
    window.show()
    window.check_button.click()
    assert not window.check_button.isEnabled()  # no second check while one runs
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].startswith("检查通过：人员 80 人")
    qtbot.waitUntil(window.check_button.isEnabled)
