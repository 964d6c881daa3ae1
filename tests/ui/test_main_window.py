"""The main window: every area reachable, real figures, status bar, remembered layout."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from cadre_desk.core.app import App
from cadre_desk.core.services.overview import month_figures, sync_status
from cadre_desk.ui.main_window import PAGE_KEYS

NAV_LABELS = ["首页", "人员台账", "活动与签到", "走访慰问", "志愿服务", "报表打印", "数据同步", "操作记录", "设置"]


def settle(shell, qtbot) -> None:
    """Let background jobs finish and deliver their results."""
    qtbot.waitUntil(lambda: shell.runner.active == 0, timeout=10_000)


def test_navigation_reaches_every_area_by_mouse_and_keyboard(shell, qtbot) -> None:
    window = shell.window
    nav = window.ui.navList
    assert [nav.item(i).text() for i in range(nav.count())] == NAV_LABELS
    for row, key in enumerate(PAGE_KEYS):
        nav.setCurrentRow(row)
        assert window.ui.pages.currentWidget() is window.pages[key]
        title = window.pages[key].findChild(QLabel, "titleLabel").text()
        if key != "home":  # the home page is titled with the station's name
            assert title == NAV_LABELS[row]
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "people"
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "settings"


def test_home_page_shows_this_months_figures(shell, qtbot, demo_app: App) -> None:
    import datetime as dt

    window = shell.window
    window.go_to("home")
    home = window.home
    today = dt.date.today()
    f = month_figures(demo_app, today.year, today.month, today=today)
    assert home.ui.titleLabel.text() == "金湖路社区老干部驿站"
    assert home.value_labels["people"].text() == str(f.people)
    assert home.value_labels["activities"].text() == str(f.activities)
    assert home.value_labels["present"].text() == str(f.present)
    assert home.value_labels["visits"].text() == str(f.visits)
    assert home.ui.monthLabel.text() == f"本月工作：{today.year}年{today.month}月"
    settle(shell, qtbot)  # the reminders are worked out in the background
    from cadre_desk.core.services.reminders import home_reminders

    found = home_reminders(demo_app, today)
    groups = home.ui.remindersList.topLevelItemCount()
    assert groups == len({r.kind for r in found.items}) > 0  # one group per kind of reminder


def test_status_bar_shows_station_user_and_changes_not_sent(shell, qtbot, demo_app: App) -> None:
    settle(shell, qtbot)
    window = shell.window
    assert window.station_label.text() == "金湖路社区老干部驿站"
    assert window.user_label.text() == "当前用户：刘晓燕（管理员）"  # the demo's administrator
    status = sync_status(demo_app)
    assert status.pending_changes > 0 and not status.joined  # the demo station joined no district
    assert window.pending_label.text() == "未加入区老干部局"  # not a count nobody can send
    assert window.sync_label.isHidden()
    window._show_sync_status(replace(status, joined=True))  # once joined: what is waiting to go
    assert window.pending_label.text() == f"未发送的更改：{status.pending_changes:,}"
    assert window.sync_label.text() == "上次同步：从未同步" and not window.sync_label.isHidden()
    assert window.windowTitle() == "金湖路社区老干部驿站 — 老干部驿站台账"


@pytest.mark.parametrize("key", ["activities", "visits", "service_records"])
def test_list_pages_search_as_you_type(shell, qtbot, key: str) -> None:
    page = shell.window.go_to(key)
    everything = page.model.total
    assert everything > 0 and page.ui.countLabel.text() == f"共 {everything} 条"
    first_row = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    # search for the text of the first row's first text column that is not a date or a number
    needle = next(v for v in first_row if v and not v[0].isdigit())
    page.ui.searchEdit.setText(needle)
    qtbot.waitUntil(lambda: page.model.search == needle, timeout=2_000)
    assert 0 < page.model.total <= everything
    assert page.ui.countLabel.text() == f"找到 {page.model.total} 条"
    page.ui.searchEdit.setText("不会有这样的内容")
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=2_000)
    assert page.model.rowCount() == 0


def test_people_search_by_pinyin_initials(shell, qtbot, demo_app: App) -> None:
    page = shell.window.go_to("people")
    assert page.ui.countLabel.text() == f"共 {page.model.total} 人"
    name = page.model.index(0, 0).data()
    from cadre_desk.core.pinyin import search_keys

    initials = search_keys(name)[1].split()[0]
    page.ui.searchEdit.setText(initials)
    page.ui.searchEdit.returnPressed.emit()  # Enter searches at once
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert name in names
    assert page.ui.countLabel.text() == f"找到 {page.model.total} 人"


def test_the_list_fetches_a_page_at_a_time(shell, monkeypatch) -> None:
    import cadre_desk.ui.widgets as widgets

    monkeypatch.setattr(widgets, "PAGE_SIZE", 10)
    page = shell.window.go_to("people")
    page.ui.statusCombo.setCurrentIndex(page.ui.statusCombo.count() - 1)  # 全部: the dead and moved too
    page.apply_search()
    model = page.model
    assert model.total == 80 and model.rowCount() == 10
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 20
    ids = [model.record_id(r) for r in range(20)]
    assert len(set(ids)) == 20  # pages do not overlap


def test_window_size_and_page_are_remembered(make_shell, demo_app: App) -> None:
    first = make_shell(demo_app)
    window = first.open_main_window()
    window.resize(700, 540)  # within the offscreen screen (800 × 600)
    window.go_to("visits")
    window.close()
    second = make_shell(demo_app)
    again = second.open_main_window()
    assert again.current_key() == "visits"
    assert (again.width(), again.height()) == (700, 540)


def test_integrity_check_runs_in_the_background_and_reports(shell, qtbot, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    page = shell.window.go_to("settings")
    page.ui.checkButton.click()
    assert not page.ui.checkButton.isEnabled()  # no second check while one runs
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert shown[0].startswith("检查通过：人员 80 人")
    qtbot.waitUntil(page.ui.checkButton.isEnabled)
