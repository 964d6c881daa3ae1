"""The audit trail page (操作记录) as an administrator uses it, and what others see instead."""

from __future__ import annotations

import datetime as dt
import gc

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QAbstractItemView

from cadre_desk.core.app import Actor
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import audit, people
from cadre_desk.ui.pages.audit import ACTION, AFTER, BEFORE, BETWEEN, FIELD, KIND, RECORD, TODAY, USER, AuditPage

DENIED = (
    "Only an administrator can see the audit trail.\n\nIt lists every change made to the books, with the values "
    "before and after — including ID numbers, phone numbers and health notes. Ask an administrator to sign in if "
    "you need to look something up."
)


@pytest.fixture(autouse=True)
def no_windows_left_to_collect() -> None:
    """Windows an earlier (failed) test left behind are destroyed now, not by a garbage collection
    that happens to run while a search is on its worker thread (PySide then crashes)."""
    gc.collect()


def audit_page(shell, qtbot) -> AuditPage:
    page = shell.window.go_to("audit")
    assert isinstance(page, AuditPage)
    wait(page, qtbot)
    return page


def wait(page: AuditPage, qtbot) -> None:
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def shown(page: AuditPage, column: int) -> list[str]:
    return [page.model.text(page.model.entry(r), column) for r in range(page.model.rowCount())]  # type: ignore[arg-type]


def choose(page: AuditPage, qtbot, combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    wait(page, qtbot)


@pytest.fixture
def edited(shell) -> dict[str, str]:
    """The administrator changes one person's phone and category (before the page is opened)."""
    app = shell.window.ctx.app
    person = acts.find_people(app, "", limit=1)[0]
    people.update_person(app, person.id, {"phone_mobile": "13900001111", "notes": "搬到女儿家附近"})
    return {"id": person.id, "name": person.name}


def test_the_newest_change_comes_first_with_its_fields_before_and_after(shell, qtbot, edited) -> None:
    page = audit_page(shell, qtbot)
    assert page.ui.stack.currentWidget() is page.ui.dataPage
    total = audit.count_audit(shell.window.ctx.app)
    assert page.model.total == total and page.model.rowCount() == min(total, 200)
    assert str(total) in page.ui.countLabel.text()
    first = page.model.entry(0)
    assert first is not None
    assert (shown(page, ACTION)[0], shown(page, KIND)[0], shown(page, RECORD)[0]) == ("修改", "人员", edited["name"])
    assert shown(page, USER)[0] == shell.window.ctx.app.actor.name
    # the first entry is chosen: the pane shows it field by field
    assert page.ui.table.currentIndex().row() == 0
    detail = page.ui.detailTable
    rows = {
        detail.item(r, FIELD).text(): (detail.item(r, BEFORE).text(), detail.item(r, AFTER).text())
        for r in range(detail.rowCount())
    }
    assert rows["手机"][1] == "13900001111" and rows["手机"][0] != "13900001111"
    assert rows["备注"] == ("", "搬到女儿家附近")
    assert edited["name"] in page.ui.detailLabel.text() and "修改" in page.ui.detailLabel.text()
    # another entry: the pane follows the choice
    page.ui.table.selectRow(1)
    assert page.ui.detailTable.rowCount() == len(page.model.entry(1).changes)  # type: ignore[union-attr]


def test_the_trail_is_read_only(shell, qtbot, edited) -> None:
    page = audit_page(shell, qtbot)
    assert page.ui.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    detail = page.ui.detailTable
    assert detail.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert all(
        not (detail.item(r, c).flags() & Qt.ItemFlag.ItemIsEditable) for r in range(detail.rowCount()) for c in range(3)
    )
    assert not (page.model.flags(page.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable)


def test_by_person_picked_as_you_type(shell, qtbot, edited) -> None:
    page = audit_page(shell, qtbot)
    page.ui.personEdit.setText(edited["name"])
    assert page.ui.personEdit.choose_first()
    wait(page, qtbot)
    assert page.ui.personEdit.person_id == edited["id"]
    expected = audit.search_audit(shell.window.ctx.app, person_id=edited["id"])
    assert page.model.total == expected.total and page.model.total >= 2  # added, edited, and their sign-ins…
    assert all(edited["name"] in label for label in shown(page, RECORD))
    assert "找到" in page.ui.countLabel.text()


def test_by_record_text_user_kind_and_date(shell, qtbot, edited) -> None:
    page = audit_page(shell, qtbot)
    app = shell.window.ctx.app
    page.ui.textEdit.setText(edited["name"])
    qtbot.keyClick(page.ui.textEdit, Qt.Key.Key_Return)  # at once, without waiting for the pause
    wait(page, qtbot)
    assert page.model.total == audit.search_audit(app, text=edited["name"]).total
    assert set(shown(page, RECORD)) == {edited["name"]}
    page.ui.textEdit.clear()
    page.search()
    wait(page, qtbot)
    # the administrator's changes only
    choose(page, qtbot, page.ui.userCombo, app.actor.user_id)
    assert page.model.total == 1 and shown(page, RECORD) == [edited["name"]]
    # the app's own: the demo data
    choose(page, qtbot, page.ui.userCombo, audit.SYSTEM_USER)
    assert set(shown(page, USER)) == {"系统"}
    choose(page, qtbot, page.ui.kindCombo, "check_ins")
    assert (
        set(shown(page, KIND)) == {"签到"}
        and page.model.total == audit.search_audit(app, user_id=audit.SYSTEM_USER, entity="check_ins").total
    )
    # nothing in a past range; all of it on the day it was written, and today's entries under 今天
    choose(page, qtbot, page.ui.periodCombo, BETWEEN)
    assert page.ui.fromEdit.isVisibleTo(page) and page.ui.toEdit.isVisibleTo(page)
    past = QDate.currentDate().addDays(-40)
    page.ui.toEdit.setDate(past)
    page.ui.fromEdit.setDate(past.addDays(-30))
    wait(page, qtbot)
    assert page.model.total == 0 and page.model.rowCount() == 0
    assert page.ui.detailTable.rowCount() == 0
    # the day the entries were written (the fixture may have run just before midnight)
    written = audit.search_audit(app, user_id=audit.SYSTEM_USER, entity="check_ins").rows[0].at.date()
    page.ui.toEdit.setDate(QDate(written.year, written.month, written.day))
    page.ui.fromEdit.setDate(QDate(written.year, written.month, written.day))
    wait(page, qtbot)
    on_the_day = audit.search_audit(
        app, user_id=audit.SYSTEM_USER, entity="check_ins", date_from=written, date_to=written
    ).total
    assert page.model.total == on_the_day > 0
    choose(page, qtbot, page.ui.periodCombo, TODAY)
    assert not page.ui.fromEdit.isVisibleTo(page)
    today = dt.date.today()
    assert (
        page.model.total
        == audit.search_audit(app, user_id=audit.SYSTEM_USER, entity="check_ins", date_from=today, date_to=today).total
    )
    page.ui.clearButton.click()
    wait(page, qtbot)
    assert page.model.total == audit.count_audit(app)
    assert (page.ui.userCombo.currentIndex(), page.ui.kindCombo.currentIndex()) == (0, 0)


def test_more_entries_load_as_the_list_scrolls(shell, qtbot, edited) -> None:
    page = audit_page(shell, qtbot)
    assert page.model.total > 200 and page.model.rowCount() == 200
    assert page.model.canFetchMore()
    page.model.fetchMore()  # as the view asks when scrolled to the end
    assert not page.model.canFetchMore()  # one page at a time
    wait(page, qtbot)
    assert page.model.rowCount() == min(400, page.model.total)
    ids = [page.model.entry(r).id for r in range(page.model.rowCount())]  # type: ignore[union-attr]
    assert ids == [r.id for r in audit.search_audit(shell.window.ctx.app, limit=len(ids)).rows]


@pytest.mark.parametrize("role", ["operator", "readonly"])
def test_others_see_a_short_explanation_and_no_entries(shell, qtbot, role) -> None:
    app = shell.window.ctx.app
    app.actor = Actor("someone", "王小明", role)
    page = shell.window.pages["audit"]
    assert isinstance(page, AuditPage)
    page.refresh()
    assert page.ui.stack.currentWidget() is page.ui.deniedPage
    assert page.ui.deniedLabel.text() == QCoreApplication.translate("AuditPage", DENIED)  # 只有管理员可以查看…
    assert page.ui.deniedLabel.isVisibleTo(page)
    assert page.model.rowCount() == 0 and not page.loading
    assert page.ui.countLabel.text() == "" and page.ui.clearButton.isHidden()
