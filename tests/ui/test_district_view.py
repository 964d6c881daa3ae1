"""The district's pages: a station combo on 报表打印, the roster, the activities and the visits,
feeding the ledgers and narrowing the lists; hidden at a station."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from cadre_desk.core.app import App
from cadre_desk.core.services.roster import COLUMNS
from cadre_desk.core.services.scope import ALL_STATIONS
from cadre_desk.ui.pages.activities import ActivitiesPage
from cadre_desk.ui.pages.reports import ReportsPage
from cadre_desk.ui.pages.roster import RosterPage
from cadre_desk.ui.pages.visits import VisitsPage

from ..core.test_district_view import BA, JIN, ORDER, YUN, build_district
from .test_reports import generated, set_checked

STATION_PAGES = ("reports", "people", "activities", "visits")


@pytest.fixture(scope="session")
def district_ui_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("district-ui") / "data"
    build_district(root)
    return root


@pytest.fixture
def district_shell(make_shell, district_ui_template: Path, tmp_path: Path) -> Iterator:
    data = tmp_path / "district"
    shutil.copytree(district_ui_template, data)
    with App.open(data) as app:
        shell = make_shell(app)
        shell.open_main_window()
        yield shell


def combo_items(combo) -> list[tuple[str, str]]:
    return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_the_reports_page_offers_every_station_and_all_of_them(district_shell, qtbot) -> None:
    page = district_shell.window.go_to("reports")
    assert isinstance(page, ReportsPage)
    page.ui.monthEdit.setDate(QDate(2026, 10, 1))
    combo = page.ui.stationCombo
    assert not combo.isHidden() and not page.ui.stationLabel.isHidden()
    assert combo_items(combo)[0] == (page.tr("All stations"), ALL_STATIONS)  # 全部驿站
    assert [text for text, _ in combo_items(combo)[1:]] == ORDER
    assert page.station() == ALL_STATIONS
    tree = page.ui.ledgerList

    def this_month(key: str) -> int:
        """The first figure of a ledger's 本月 column (活动 3 场 → 3)."""
        for i in range(tree.topLevelItemCount()):
            if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == key:
                return int(re.search(r"\d+", tree.topLevelItem(i).text(2)).group())
        raise AssertionError(key)

    assert (this_month("activities"), this_month("roster"), this_month("visits")) == (3, 5, 3)
    choose(combo, BA)
    assert (this_month("activities"), this_month("roster"), this_month("visits")) == (1, 2, 1)
    assert page.station() not in (None, ALL_STATIONS)
    assert f"{BA} 月度台账" in page.output_path().name

    choose(combo, page.tr("All stations"))
    assert "各驿站" in page.output_path().name
    set_checked(page, {"activities"})
    preview = generated(page, qtbot)
    titles = [title for title, _ in page.last_result.parts]
    assert titles == ["市南区 2026年10月 各驿站汇总", *(f"{st} 2026年10月 活动台账" for st in ORDER)]
    preview.reject()

    page.ui.yearRadio.setChecked(True)
    page.ui.yearSpin.setValue(2026)
    assert page.output_path().name == "2026年 各驿站 年度统计.pdf"
    page.preview = None
    preview = generated(page, qtbot)
    assert page.last_result.parts[0][0] == "市南区 2026年 各驿站汇总"
    preview.reject()


def test_the_lists_narrow_to_a_station_and_name_each_rows_station(district_shell) -> None:
    window = district_shell.window
    roster = window.go_to("people")
    assert isinstance(roster, RosterPage)
    assert roster.model.total == 5
    station = roster.tr("Station")  # 驿站
    assert roster.model.headerData(roster.model.columnCount() - 1, Qt.Orientation.Horizontal) == station
    choose(roster.ui.stationCombo, JIN)
    assert roster.model.total == 2
    assert {roster.model.index(r, roster.model.columnCount() - 1).data() for r in range(2)} == {JIN}
    assert roster.ui.countLabel.text() == roster.tr("In the roster: %1 people").replace("%1", "2")  # not "found"

    activities = window.go_to("activities")
    assert isinstance(activities, ActivitiesPage)
    assert activities.model.total == 4
    choose(activities.ui.stationCombo, BA)
    assert activities.model.total == 1
    assert activities.model.index(0, 3).data() == "八大湖健康讲座"
    assert activities.model.index(0, activities.model.columnCount() - 1).data() == BA
    activities.ui.calendar.setCurrentPage(2026, 10)
    assert activities.ui.monthList.topLevelItemCount() == 1
    choose(activities.ui.stationCombo, activities.tr("All stations"))
    assert activities.ui.monthList.topLevelItemCount() == 3

    visits = window.go_to("visits")
    assert isinstance(visits, VisitsPage)
    assert visits.model.total == 3
    choose(visits.ui.stationCombo, YUN)
    assert visits.model.total == 1
    assert visits.model.index(0, 1).data() == "陈云一"
    assert visits.model.headerData(visits.model.columnCount() - 1, Qt.Orientation.Horizontal) == visits.tr("Station")


def test_a_station_sees_no_station_combo_nor_column(shell) -> None:
    for key in STATION_PAGES:
        page = shell.window.go_to(key)
        assert page.ui.stationCombo.isHidden() and page.ui.stationLabel.isHidden(), key
    roster = shell.window.go_to("people")
    headers = [roster.model.headerData(c, Qt.Orientation.Horizontal) for c in range(roster.model.columnCount())]
    assert roster.tr("Station") not in headers and roster.model.columnCount() == len(COLUMNS)
    reports = shell.window.go_to("reports")
    assert reports.station() is None and "驿站" not in reports.output_path().name
