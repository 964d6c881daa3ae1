"""The visits page (走访慰问) and the visit form, as station staff use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PIL import Image
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from cadre_desk.core.errors import NotFoundError
from cadre_desk.core.pinyin import search_keys
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import browse, care, people, photos
from cadre_desk.ui.pages.visits import ALL, OPEN, OVERDUE, OVERDUE_COLOUR, STATE, VisitsPage
from cadre_desk.ui.visit_dialog import VisitDialog

TODAY = dt.date.today()


def visits_page(shell) -> VisitsPage:
    page = shell.window.go_to("visits")
    assert isinstance(page, VisitsPage)
    page.load()
    return page


def shown_ids(page: VisitsPage) -> list[str]:
    while page.model.canFetchMore():
        page.model.fetchMore()
    return [page.model.record_id(row) for row in range(page.model.rowCount())]


def set_filter(page: VisitsPage, show: str) -> None:
    page.ui.filterCombo.setCurrentIndex(page.ui.filterCombo.findData(show))


def first_found_by_pinyin(app) -> tuple[acts.PersonBrief, str]:
    """Someone in the roster who comes first when their full pinyin is typed."""
    for person in acts.find_people(app, "", limit=80):
        spelled = search_keys(person.name)[0].split()[0]
        found = acts.find_people(app, spelled, limit=5)
        if found and found[0].id == person.id:
            return person, spelled
    raise AssertionError("no one in the demo roster is found first by pinyin")


def a_visit(app, **values) -> str:
    person = acts.find_people(app, "", limit=1)[0]
    base = {"date": TODAY - dt.timedelta(days=3), "person_id": person.id, "reason": "routine"}
    return care.create_visit(app, base | values)


def test_a_new_visit_with_the_person_found_by_pinyin_and_money_kept_exactly(shell, qtbot) -> None:
    ctx = shell.window.ctx
    person, spelled = first_found_by_pinyin(ctx.app)
    day = TODAY - dt.timedelta(days=1)
    dialog = VisitDialog(ctx, None, day=day)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.deleteButton.isHidden() and dialog.ui.dateEdit.date() == QDate(day.year, day.month, day.day)
    assert dialog.ui.reasonCombo.currentData() == "routine"
    dialog.ui.personEdit.setFocus()
    qtbot.keyClicks(dialog.ui.personEdit, spelled)
    qtbot.keyClick(dialog.ui.personEdit, Qt.Key.Key_Return)  # takes the first match, does not save
    assert dialog.ui.personEdit.person_id == person.id
    assert dialog.isVisible() and dialog.saved_id is None
    dialog.ui.reasonCombo.setCurrentIndex(dialog.ui.reasonCombo.findData("hospital"))
    dialog.ui.visitorsCombo.setCurrentText("书记王芳、社工李明")
    dialog.ui.giftsEdit.setText("水果、牛奶")
    dialog.ui.moneyEdit.setText("1,200.50")
    dialog.ui.situationText.setPlainText("住院治疗，病情稳定。")
    dialog.save()
    assert dialog.result() == VisitDialog.DialogCode.Accepted
    v = care.get_visit(ctx.app, dialog.saved_id).values
    assert v["money"] == Decimal("1200.50")
    assert (v["person_id"], v["reason"], v["date"]) == (person.id, "hospital", day)
    assert (v["visitors"], v["gifts"], v["situation"]) == ("书记王芳、社工李明", "水果、牛奶", "住院治疗，病情稳定。")
    assert v["follow_up_due"] is None and not v["follow_up_done"]


@pytest.mark.parametrize("amount", ["abc", "-5", "12.345"])
def test_a_bad_amount_is_refused_and_the_form_keeps_what_was_typed(shell, qtbot, amount) -> None:
    ctx = shell.window.ctx
    before = browse.VISITS.count(ctx.app)
    dialog = VisitDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ui.householdEdit.setText("张家（金湖路12号）")
    dialog.ui.giftsEdit.setText("米、油各一份")
    dialog.ui.moneyEdit.setText(amount)
    dialog.save()
    assert dialog.saved_id is None and dialog.visit_id is None
    assert dialog.isVisible() and dialog.result() != VisitDialog.DialogCode.Accepted
    assert not dialog.ui.errorLabel.isHidden() and "慰问金" in dialog.ui.errorLabel.text()
    assert dialog.ui.moneyEdit.text() == amount and dialog.ui.giftsEdit.text() == "米、油各一份"
    assert browse.VISITS.count(ctx.app) == before
    dialog.ui.moneyEdit.setText("200")  # corrected: saved, the error gone
    dialog.save()
    assert dialog.result() == VisitDialog.DialogCode.Accepted
    assert care.get_visit(ctx.app, dialog.saved_id).values["money"] == Decimal("200.00")


def test_a_household_visit_needs_no_person(shell, qtbot) -> None:
    ctx = shell.window.ctx
    dialog = VisitDialog(ctx, None, reason="festival")
    qtbot.addWidget(dialog)
    dialog.save()  # neither a person nor a household
    assert dialog.saved_id is None and not dialog.ui.errorLabel.isHidden()
    dialog.ui.householdEdit.setText("张家（金湖路12号）")
    dialog.save()
    assert dialog.result() == VisitDialog.DialogCode.Accepted
    detail = care.get_visit(ctx.app, dialog.saved_id)
    assert detail.values["person_id"] is None and detail.person_name == ""
    assert (detail.values["household"], detail.values["reason"]) == ("张家（金湖路12号）", "festival")
    assert detail.values["money"] == Decimal("0")


def test_a_name_typed_but_not_chosen_is_not_saved_as_nobody(shell, qtbot) -> None:
    dialog = VisitDialog(shell.window.ctx, None)
    qtbot.addWidget(dialog)
    dialog.ui.householdEdit.setText("李家")
    dialog.ui.personEdit.setText("zzzz-nobody")
    dialog.save()
    assert dialog.saved_id is None and not dialog.ui.errorLabel.isHidden()


def test_editing_a_visit_shows_it_and_saves_the_changes(shell, qtbot) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app, money="300", gifts="月饼一盒", visitors="社工李明", reason="festival")
    dialog = VisitDialog(ctx, visit_id)
    qtbot.addWidget(dialog)
    ui = dialog.ui
    assert not ui.deleteButton.isHidden() and ui.photosButton.isHidden()
    assert ui.moneyEdit.text() == "300.00" and ui.giftsEdit.text() == "月饼一盒"
    assert ui.reasonCombo.currentData() == "festival" and ui.visitorsCombo.currentText() == "社工李明"
    assert ui.personEdit.person_id == care.get_visit(ctx.app, visit_id).values["person_id"]
    assert not ui.dueCheck.isChecked() and not ui.dueEdit.isEnabled() and not ui.doneCheck.isEnabled()
    assert dialog.photos.owner_id == visit_id
    ui.giftsEdit.setText("月饼两盒")
    ui.needsText.setPlainText("希望社区帮助联系上门体检。")
    ui.followUpText.setPlainText("联系社区卫生服务中心安排上门体检")
    assert ui.doneCheck.isEnabled()
    ui.dueCheck.setChecked(True)
    due = TODAY + dt.timedelta(days=10)
    ui.dueEdit.setDate(QDate(due.year, due.month, due.day))
    dialog.save()
    assert dialog.result() == VisitDialog.DialogCode.Accepted and dialog.saved_id == visit_id
    v = care.get_visit(ctx.app, visit_id).values
    assert (v["gifts"], v["needs"], v["follow_up_due"]) == ("月饼两盒", "希望社区帮助联系上门体检。", due)
    assert v["money"] == Decimal("300.00") and not v["follow_up_done"]


def test_a_follow_up_without_a_due_date_is_refused(shell, qtbot) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app)
    dialog = VisitDialog(ctx, visit_id)
    qtbot.addWidget(dialog)
    dialog.ui.followUpText.setPlainText("帮助申请居家养老服务")
    dialog.save()
    assert dialog.result() != VisitDialog.DialogCode.Accepted and "跟进期限" in dialog.ui.errorLabel.text()
    assert care.get_visit(ctx.app, visit_id).values["follow_up"] == ""


def test_a_visit_to_someone_who_has_since_died_says_so(shell, qtbot) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app)
    person_id = care.get_visit(ctx.app, visit_id).values["person_id"]
    people.update_person(ctx.app, person_id, {"status": "deceased"})
    dialog = VisitDialog(ctx, visit_id)
    qtbot.addWidget(dialog)
    name = care.get_visit(ctx.app, visit_id).person_name
    assert not dialog.ui.personNote.isHidden() and name in dialog.ui.personNote.text()
    assert dialog.ui.personEdit.person_id == person_id and name in dialog.ui.personEdit.text()
    dialog.ui.giftsEdit.setText("鲜花一束")
    dialog.save()  # still saved against the same person
    assert dialog.result() == VisitDialog.DialogCode.Accepted
    assert care.get_visit(ctx.app, visit_id).values["person_id"] == person_id


def test_save_and_add_photos_keeps_the_form_open_on_the_photos(shell, qtbot, tmp_path) -> None:
    ctx = shell.window.ctx
    dialog = VisitDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.photos.owner_id is None and not dialog.photos.add_button.isEnabled()
    dialog.ui.householdEdit.setText("王家")
    dialog.ui.photosButton.click()
    assert dialog.saved_id is not None and dialog.isVisible()
    assert dialog.photos.owner_id == dialog.saved_id and dialog.photos.add_button.isEnabled()
    assert dialog.ui.tabs.currentWidget() is dialog.ui.photosTab
    assert dialog.ui.photosButton.isHidden() and not dialog.ui.deleteButton.isHidden()
    picture = tmp_path / "走访.jpg"
    Image.new("RGB", (640, 480), "orange").save(picture, "JPEG")
    dialog.photos.add_files([picture])
    qtbot.waitUntil(dialog.photos_changed)
    assert [p.original_name for p in photos.list_photos(ctx.app, "visit", dialog.saved_id)] == ["走访.jpg"]
    assert "1" in dialog.ui.tabs.tabText(dialog.ui.tabs.indexOf(dialog.ui.photosTab))
    dialog.ui.giftsEdit.setText("慰问品一份")
    dialog.save()  # the same visit, changed
    assert dialog.result() == VisitDialog.DialogCode.Accepted
    assert care.get_visit(ctx.app, dialog.saved_id).values["gifts"] == "慰问品一份"
    assert browse.VISITS.count(ctx.app, "王家") == 1


def test_closing_after_save_and_add_photos_counts_as_saved(shell, qtbot) -> None:
    dialog = VisitDialog(shell.window.ctx, None)
    qtbot.addWidget(dialog)
    dialog.ui.householdEdit.setText("赵家")
    dialog.save_and_add_photos()
    dialog.reject()
    assert dialog.result() == VisitDialog.DialogCode.Accepted and dialog.saved_id is not None


def test_the_form_deletes_a_visit_after_asking(shell, qtbot, monkeypatch) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app)
    dialog = VisitDialog(ctx, visit_id)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.delete()
    assert dialog.result() != VisitDialog.DialogCode.Accepted
    care.get_visit(ctx.app, visit_id)  # still there
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete()
    assert dialog.result() == VisitDialog.DialogCode.Accepted and dialog.saved_id is None
    with pytest.raises(NotFoundError):
        care.get_visit(ctx.app, visit_id)


def test_the_page_lists_visits_and_finds_them(shell) -> None:
    ctx = shell.window.ctx
    page = visits_page(shell)
    assert page.model.total == browse.VISITS.count(ctx.app) > 0
    assert page.model.columnCount() == 8
    assert not page.ui.openButton.isEnabled() and not page.ui.deleteButton.isEnabled()
    visit_id = a_visit(ctx.app, household="孙家（金湖路8号）", person_id=None)
    page.ui.searchEdit.setText("金湖路8号")
    page.apply_search()
    assert shown_ids(page) == [visit_id]
    assert page.model.index(0, 1).data() == "孙家（金湖路8号）"


def test_follow_up_done_from_the_page(shell, qtbot) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app, follow_up="帮助联系维修", follow_up_due=TODAY + dt.timedelta(days=5))
    page = visits_page(shell)
    assert page.select(visit_id)
    assert page.model.follow_up_state(page.selected_row()) == OPEN
    assert page.ui.doneButton.isEnabled() and page.ui.openButton.isEnabled()
    with qtbot.waitSignal(page.data_changed):
        page.ui.doneButton.click()
    assert care.get_visit(ctx.app, visit_id).values["follow_up_done"]
    assert page.selected_id() == visit_id  # still chosen, now done
    assert page.model.follow_up_state(page.selected_row()) == "done"
    assert not page.ui.doneButton.isEnabled()


def test_the_overdue_filter_shows_only_overdue_follow_ups(shell) -> None:
    ctx = shell.window.ctx
    ten_days_ago = TODAY - dt.timedelta(days=10)
    late = a_visit(ctx.app, date=ten_days_ago, follow_up="送轮椅", follow_up_due=TODAY - dt.timedelta(days=1))
    coming = a_visit(ctx.app, follow_up="回访", follow_up_due=TODAY + dt.timedelta(days=3))
    finished = a_visit(
        ctx.app, date=ten_days_ago, follow_up="送药", follow_up_due=TODAY - dt.timedelta(days=2), follow_up_done=True
    )
    page = visits_page(shell)
    everything = page.model.total
    set_filter(page, OVERDUE)
    ids = shown_ids(page)
    assert late in ids and coming not in ids and finished not in ids
    assert page.model.total == len(ids) < everything
    states = {page.model.follow_up_state(row) for row in range(page.model.rowCount())}
    assert states == {OVERDUE}
    row = ids.index(late)
    colour = page.model.index(row, STATE).data(Qt.ItemDataRole.ForegroundRole).color()
    assert colour == OVERDUE_COLOUR
    dues = [page.model.index(r, 6).data() for r in range(page.model.rowCount())]
    assert dues == sorted(dues)  # the longest overdue first
    set_filter(page, OPEN)
    ids = shown_ids(page)
    assert {late, coming} <= set(ids) and finished not in ids
    assert {page.model.follow_up_state(r) for r in range(page.model.rowCount())} <= {OPEN, OVERDUE}
    set_filter(page, ALL)
    assert page.model.total == everything


def test_deleting_from_the_page_asks_and_removes_the_row(shell, qtbot, monkeypatch) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app, household="周家（湖滨路3号）", person_id=None)
    page = visits_page(shell)
    total = page.model.total
    asked: list[str] = []

    def answer(_parent, _title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert page.select(visit_id)
    page.ui.deleteButton.click()
    assert "周家（湖滨路3号）" in asked[0] and visit_id in shown_ids(page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert page.select(visit_id)
    with qtbot.waitSignal(page.data_changed):
        page.ui.deleteButton.click()
    assert visit_id not in shown_ids(page) and page.model.total == total - 1
    with pytest.raises(NotFoundError):
        care.get_visit(ctx.app, visit_id)


def test_ctrl_n_records_a_new_visit_from_the_page(shell, qtbot) -> None:
    page = visits_page(shell)
    assert page.new_shortcut.key() == QKeySequence(QKeySequence.StandardKey.New)
    total = page.model.total

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VisitDialog)
        dialog.ui.householdEdit.setText("钱家（解放路21号）")
        dialog.ui.moneyEdit.setText("500")
        dialog.save()

    QTimer.singleShot(0, fill_in)
    with qtbot.waitSignal(page.data_changed):
        page.new_shortcut.activated.emit()
    assert page.model.total == total + 1
    saved = page.selected_id()
    assert saved is not None and page.model.index(page.selected_row(), 1).data() == "钱家（解放路21号）"
    assert care.get_visit(shell.window.ctx.app, saved).values["money"] == Decimal("500.00")


def test_opening_a_row_by_double_click_and_cancelling_changes_nothing(shell, qtbot) -> None:
    ctx = shell.window.ctx
    visit_id = a_visit(ctx.app, gifts="水果")
    page = visits_page(shell)
    assert page.select(visit_id)
    seen: list[str] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, VisitDialog)
        seen.append(dialog.ui.giftsEdit.text())
        dialog.ui.giftsEdit.setText("改了但不保存")
        dialog.reject()

    QTimer.singleShot(0, cancel)
    page.ui.table.doubleClicked.emit(page.model.index(page.selected_row(), 0))
    assert seen == ["水果"]
    assert care.get_visit(ctx.app, visit_id).values["gifts"] == "水果"


def test_ctrl_n_is_the_visits_pages_own(shell, qtbot, monkeypatch) -> None:
    calls: list[tuple] = []
    monkeypatch.setattr(VisitsPage, "open_visit", lambda self, *a, **k: calls.append(a) or False)
    window = shell.window
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    page = visits_page(shell)
    page.ui.searchEdit.setFocus()
    qtbot.keyClick(page.ui.searchEdit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert calls == [(None,)]
    other = window.go_to("activities")
    qtbot.keyClick(other, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # not on another page
    assert calls == [(None,)]
