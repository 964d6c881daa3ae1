"""The activities page and the activity form, as staff use them."""

from __future__ import annotations

import datetime as dt

from PIL import Image
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QInputDialog

from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import photos
from cadre_desk.ui import activity_dialog
from cadre_desk.ui.activity_dialog import ActivityDialog
from cadre_desk.ui.activity_types_dialog import ActivityTypesDialog
from cadre_desk.ui.paper_sheet_dialog import LEAVE, PRESENT, REASON, PaperSheetDialog


def page(shell):
    return shell.window.go_to("activities")


def test_a_new_activity_with_invitees_chosen_by_rule_and_by_hand(shell, qtbot) -> None:
    ctx = shell.window.ctx
    dialog = ActivityDialog(ctx, None, day=dt.date(2026, 12, 8))
    qtbot.addWidget(dialog)
    dialog.ui.titleEdit.setText("12月主题党日：学习交流")
    dialog.ui.placeCombo.setCurrentText("驿站活动室")
    dialog.ui.lixiuCheck.setChecked(True)
    dialog.apply_rule()
    lixiu = acts.planned_people(ctx.app, acts.PlannedRule(categories=("lixiu",)))
    assert dialog.ui.inviteeList.count() == len(lixiu) > 0
    assert f"应到 {len(lixiu)} 人" in dialog.ui.inviteeCountLabel.text()
    dialog.ui.addEdit.setFocus()
    qtbot.keyClicks(dialog.ui.addEdit, "wang")  # add someone by hand: the first match, by Enter
    dialog.ui.addEdit.search_now()
    added = dialog.ui.addList.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.ui.addEdit, Qt.Key.Key_Return)
    assert dialog.isVisible() or dialog.result() != ActivityDialog.DialogCode.Accepted  # not saved by Enter
    assert dialog.saved_id is None
    assert "已手动调整" in dialog.ui.inviteeCountLabel.text()
    dialog.save()
    assert dialog.result() == ActivityDialog.DialogCode.Accepted
    detail = acts.get_activity(ctx.app, dialog.saved_id)
    assert detail.values["title"] == "12月主题党日：学习交流"
    assert detail.values["date"] == dt.date(2026, 12, 8) and detail.values["start_time"] == dt.time(9)
    assert set(detail.invitee_ids) == {*lixiu, added}
    assert detail.rule.categories == ("lixiu",) and detail.rule.manual


def test_the_form_refuses_an_end_before_the_start_and_keeps_what_was_typed(shell, qtbot) -> None:
    dialog = ActivityDialog(shell.window.ctx, None)
    qtbot.addWidget(dialog)
    dialog.ui.titleEdit.setText("健康讲座")
    dialog.ui.startEdit.setTime(dialog.ui.startEdit.time().fromString("15:00", "HH:mm"))
    dialog.ui.endEdit.setTime(dialog.ui.endEdit.time().fromString("14:00", "HH:mm"))
    dialog.save()
    assert dialog.saved_id is None
    assert "应晚于" in dialog.ui.errorLabel.text() and not dialog.ui.errorLabel.isHidden()
    assert dialog.ui.titleEdit.text() == "健康讲座"


def test_month_view_marks_days_with_activities_and_lists_them(shell) -> None:
    p = page(shell)
    p.ui.views.setCurrentIndex(1)
    today = dt.date.today()
    p.ui.calendar.setCurrentPage(today.year, today.month)
    month = acts.month_activities(shell.window.ctx.app, today.year, today.month)
    assert p.ui.monthList.topLevelItemCount() == len(month) > 0
    first = month[0].date
    fmt = p.ui.calendar.dateTextFormat(QDate(first.year, first.month, first.day))
    assert fmt.fontWeight() > 400  # bold
    p._day_clicked(QDate(first.year, first.month, first.day))
    assert p.selected_id() == month[0].id
    assert p.ui.openButton.isEnabled() and p.ui.checkInButton.isEnabled()


def test_list_view_chooses_the_latest_held_activity_for_the_door(shell) -> None:
    p = page(shell)
    p.ui.views.setCurrentIndex(0)
    chosen = p.selected_id()
    assert chosen is not None
    assert acts.get_activity(shell.window.ctx.app, chosen).values["date"] <= p.today


def test_activity_types_added_in_settings_are_offered_in_the_form(shell, qtbot, monkeypatch) -> None:
    app = shell.window.ctx.app
    types = ActivityTypesDialog(app)
    qtbot.addWidget(types)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("书画交流", True))
    types.add()
    assert types.changed and "书画交流" in types.ui.typeList.currentItem().text()
    types.move(-1)
    assert types.ui.typeList.item(len(types.types) - 2).text() == "书画交流"
    form = ActivityDialog(shell.window.ctx, None)
    qtbot.addWidget(form)
    assert form.ui.typeCombo.findText("书画交流") >= 0
    types.ui.typeList.setCurrentRow(len(types.types) - 2)
    types.toggle_active()  # retired: no longer offered
    form2 = ActivityDialog(shell.window.ctx, None)
    qtbot.addWidget(form2)
    assert form2.ui.typeCombo.findText("书画交流") < 0


def test_a_signed_paper_sheet_is_entered_by_ticking(shell, qtbot, tmp_path, monkeypatch) -> None:
    ctx = shell.window.ctx
    app = ctx.app
    invited = acts.planned_people(app, acts.PlannedRule())[:5]
    type_id = acts.activity_types(app)[0].id
    activity_id = acts.create_activity(app, {"title": "学习会", "type_id": type_id, "date": dt.date.today()}, invited)
    dialog = PaperSheetDialog(ctx, activity_id)
    qtbot.addWidget(dialog)
    table = dialog.ui.table
    table.item(0, PRESENT).setCheckState(Qt.CheckState.Checked)
    table.item(1, PRESENT).setCheckState(Qt.CheckState.Checked)
    table.item(2, LEAVE).setCheckState(Qt.CheckState.Checked)
    assert dialog.ui.countLabel.text() == "已勾选：出席 2，请假 1"
    dialog.save()  # a leave needs a reason
    assert "请填写请假原因" in dialog.ui.errorLabel.text()
    table.item(2, REASON).setText("外出探亲")
    table.item(1, LEAVE).setCheckState(Qt.CheckState.Checked)  # present or on leave, not both
    assert table.item(1, PRESENT).checkState() == Qt.CheckState.Unchecked
    table.item(1, LEAVE).setCheckState(Qt.CheckState.Unchecked)
    table.item(1, PRESENT).setCheckState(Qt.CheckState.Checked)
    # the scan is checked and stored in the background; a wrong file is named and left out
    scan, wrong = tmp_path / "签到表.jpg", tmp_path / "说明.jpg"
    Image.new("RGB", (1200, 1600), "white").save(scan, "JPEG")
    wrong.write_text("不是图片")
    monkeypatch.setattr(activity_dialog, "choose_files", lambda *a: [scan, wrong])
    dialog.attach_scan()
    qtbot.waitUntil(lambda: bool(dialog.scans))
    assert "说明.jpg" in dialog.ui.errorLabel.text()
    assert dialog.ui.scanLabel.text() == "已附上 1 个文件"
    dialog.save()
    assert dialog.added == 3
    book = acts.check_in_book(app, activity_id)
    assert sorted(e.status for e in book.entries) == ["leave", "signed", "signed"]
    assert {e.method for e in book.entries} == {"paper"}
    [sheet] = photos.list_photos(app, "activity", activity_id)
    assert (sheet.kind, sheet.original_name, sheet.is_cover) == ("signin_sheet", "签到表.jpg", False)
