"""The roster page and the person form, as staff use them."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cadre_desk.core.app import App
from cadre_desk.core.fakedata import fake_id_number
from cadre_desk.core.services import people
from cadre_desk.ui.person_dialog import PersonDialog


def roster(shell):
    return shell.window.go_to("people")


def column(page, name: str) -> list[str]:
    from cadre_desk.core.services.roster import COLUMNS

    c = COLUMNS.index(name)
    return [page.model.index(r, c).data() for r in range(page.model.rowCount())]


def test_filters_narrow_the_list_and_say_so(shell) -> None:
    page = roster(shell)
    everyone = page.model.total
    page.ui.categoryCombo.setCurrentIndex(page.ui.categoryCombo.findText("离休"))
    assert 0 < page.model.total < everyone
    assert set(column(page, "category")) == {"离休"}
    assert page.ui.countLabel.text() == f"找到 {page.model.total} 人"
    assert page.ui.filterButton.text() == "筛选中(&F)"
    page.ui.ageCombo.setCurrentIndex(page.ui.ageCombo.findText("90 岁及以上"))
    assert all(int(age) >= 90 for age in column(page, "age"))
    page.clear_filters()
    assert page.model.total == everyone
    page.ui.statusCombo.setCurrentIndex(page.ui.statusCombo.findText("已故"))
    assert page.model.total > 0 and set(column(page, "status")) == {"已故"}


def test_sorting_by_a_column_header(shell) -> None:
    page = roster(shell)
    page.ui.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # age, oldest first
    ages = [int(a) for a in column(page, "age") if a]
    assert ages == sorted(ages, reverse=True)
    page.ui.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # back to pinyin order
    assert column(page, "name")[0] == page.model.index(0, 0).data()


def test_adding_a_person_through_the_form(shell, qtbot, demo_app: App) -> None:
    page = roster(shell)
    before = page.model.total
    number = fake_id_number(random.Random(5), dt.date(1950, 3, 8), "女", "370202")

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PersonDialog)
        dialog.ui.nameEdit.setText("  欧阳  秀兰 ")
        dialog.ui.idNumberEdit.setText(number.lower())
        assert dialog.ui.idInfoLabel.text() == "女，出生于 1950.03.08"
        dialog.ui.categoryCombo.setCurrentIndex(dialog.ui.categoryCombo.findText("退休"))
        dialog.ui.mobileEdit.setText("139 1234 5678")
        dialog.ui.interestsEdit.setText("书法，太极拳")
        dialog.save()

    QTimer.singleShot(0, fill)
    assert page.open_person(None)
    assert page.model.total == before + 1
    page.ui.searchEdit.setText("oyxl")
    page.apply_search()
    assert column(page, "name") == ["欧阳秀兰"]
    with demo_app.read() as s:
        from cadre_desk.core.models import Person

        p = s.query(Person).filter_by(name="欧阳秀兰").one()
    assert (p.sex, p.birth_date.isoformat(), p.id_number) == ("F", "1950-03-08", number.upper())
    assert p.phone_mobile == "13912345678" and p.interests == ["书法", "太极拳"]


def test_a_wrong_id_number_is_explained_and_nothing_is_saved(qtbot, demo_app: App) -> None:
    dialog = PersonDialog(demo_app)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("张三")
    dialog.ui.idNumberEdit.setText("370202195001011230")
    assert "校验位" in dialog.ui.idInfoLabel.text()
    dialog.ui.categoryCombo.setCurrentIndex(1)
    dialog.save()
    assert dialog.result() != PersonDialog.DialogCode.Accepted
    assert "校验位" in dialog.ui.errorLabel.text() and not dialog.ui.errorLabel.isHidden()
    with demo_app.read() as s:  # the roster is unchanged
        assert people.find_by_id_number(s, "370202195001011230") is None


def test_same_name_and_birth_month_asks_before_saving(qtbot, demo_app: App, monkeypatch) -> None:
    people.create_person(demo_app, {"name": "李建国", "category": "退休", "birth_date": dt.date(1949, 10, 1)})
    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog = PersonDialog(demo_app)
    qtbot.addWidget(dialog)
    dialog.ui.nameEdit.setText("李建国")
    dialog.ui.birthEdit.setText("1949.10")
    dialog.ui.categoryCombo.setCurrentIndex(1)
    dialog.save()
    assert asked and "同名同出生年月" in asked[0]
    assert dialog.saved_id is not None


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_person_form_shows_every_tab_and_history(qtbot, shell, demo_app: App, scale: float) -> None:
    from cadre_desk.ui.fonts import apply_ui_font

    apply_ui_font(QApplication.instance(), scale)
    page = roster(shell)
    person_id = page.model.record_id(0)
    dialog = PersonDialog(demo_app, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = dialog.ui.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "基本信息",
        "党组织与联系方式",
        "关爱与特长",
        "状态与备注",
        "参与记录",
    ]
    bar = tabs.tabBar()
    assert all(bar.tabRect(i).right() <= bar.width() for i in range(tabs.count()))  # none hidden or cut
    assert dialog.ui.historySummary.text().startswith("参加活动")
    apply_ui_font(QApplication.instance(), 1.0)
