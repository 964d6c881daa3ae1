"""One way to pick a person everywhere: type, ↓/↑, Enter picks and never saves or closes the form.

Keys go where a keyboard sends them: to the widget that has the focus (the list of people
offered never takes it), so these tests see what a person at the keyboard sees."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from cadre_desk.core.pinyin import search_keys
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import people
from cadre_desk.ui.activity_dialog import ActivityDialog
from cadre_desk.ui.person_picker import PersonPicker
from cadre_desk.ui.visit_dialog import VisitDialog
from cadre_desk.ui.volunteer_dialogs import ServiceRecordDialog


def keys(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def key(k: Qt.Key) -> None:
    QTest.keyClick(QApplication.focusWidget(), k)


def initials(name: str) -> str:
    return "".join(syllable[0] for syllable in search_keys(name)[0].split())


def someone_found_first_by_initials(app) -> tuple[acts.PersonBrief, str]:
    for person in acts.find_people(app, "", limit=80):
        typed = initials(person.name)
        found = acts.find_people(app, typed, limit=5)
        if found and found[0].id == person.id:
            return person, typed
    raise AssertionError("nobody in the demo roster comes first by initials")


def show(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def test_visit_form_initials_then_enter_picks_the_person_offered_and_keeps_the_form_open(shell, qtbot) -> None:
    ctx = shell.window.ctx
    person, typed = someone_found_first_by_initials(ctx.app)
    dialog = show(qtbot, VisitDialog(ctx, None))
    picker: PersonPicker = dialog.ui.personEdit
    assert QApplication.focusWidget() is picker
    keys(typed)
    qtbot.waitUntil(lambda: picker._list.isVisible())  # the list shows the people found
    key(Qt.Key.Key_Return)
    assert picker.person_id == person.id and person.name in picker.text()
    assert dialog.isVisible() and dialog.saved_id is None  # Enter did not save the visit
    assert not picker._list.isVisible()


def test_down_reopens_the_list_and_moves_and_enter_takes_the_highlighted(shell, qtbot) -> None:
    ctx = shell.window.ctx
    dialog = show(qtbot, VisitDialog(ctx, None))
    picker: PersonPicker = dialog.ui.personEdit
    keys("w")  # many people: 王, 吴, 魏 …
    picker.search_now()
    offered = picker.offered
    assert len(offered) >= 3
    key(Qt.Key.Key_Escape)  # the list closes, the form stays
    assert not picker._list.isVisible() and dialog.isVisible()
    key(Qt.Key.Key_Down)  # opens it again
    assert picker._list.isVisible()
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Up)
    key(Qt.Key.Key_Return)
    assert picker.person_id == offered[1].id
    assert dialog.isVisible() and dialog.saved_id is None


def test_enter_on_a_chosen_person_moves_on_and_enter_with_nobody_found_chooses_nobody(shell, qtbot) -> None:
    ctx = shell.window.ctx
    person, typed = someone_found_first_by_initials(ctx.app)
    dialog = show(qtbot, VisitDialog(ctx, None))
    picker: PersonPicker = dialog.ui.personEdit
    keys("qqqxz")
    key(Qt.Key.Key_Return)
    assert picker.person_id is None and dialog.isVisible()
    picker.clear()
    keys(typed)
    key(Qt.Key.Key_Return)  # before the pause is over: looks up at once
    assert picker.person_id == person.id
    key(Qt.Key.Key_Return)  # chosen: Enter goes on to the next field, the form stays open
    assert QApplication.focusWidget() is not picker and dialog.isVisible() and dialog.saved_id is None


def test_service_record_volunteer_is_picked_by_enter_without_saving(shell, qtbot) -> None:
    ctx = shell.window.ctx
    person, typed = someone_found_first_by_initials(ctx.app)
    dialog = show(qtbot, ServiceRecordDialog(ctx))
    assert QApplication.focusWidget() is dialog.ui.volunteerEdit
    keys(typed)
    key(Qt.Key.Key_Return)
    assert dialog.ui.volunteerEdit.person_id == person.id
    assert dialog.isVisible() and not dialog.saved_ids


def test_add_to_invited_by_enter_neither_saves_nor_closes_nor_changes_tab(shell, qtbot) -> None:
    ctx = shell.window.ctx
    person, typed = someone_found_first_by_initials(ctx.app)
    others = [p.id for p in acts.find_people(ctx.app, "", limit=5) if p.id != person.id][:3]
    aid = acts.create_activity(
        ctx.app, {"title": "读书会", "type_id": acts.activity_types(ctx.app)[0].id, "date": dt.date.today()}, others
    )
    for activity_id in (None, aid):  # a new activity, and the edit form
        dialog = show(qtbot, ActivityDialog(ctx, activity_id))
        if activity_id is None:  # a new activity starts with everyone invited: take the person out
            dialog.ui.titleEdit.setText("学习会")
            assert person.id in {p.id for p in dialog.invitees}
            dialog.invitees = [p for p in dialog.invitees if p.id != person.id]
            dialog._show_invitees()
        dialog.ui.tabs.setCurrentWidget(dialog.ui.addEdit.parentWidget())
        tab = dialog.ui.tabs.currentIndex()
        dialog.ui.addEdit.setFocus()
        keys(typed)
        qtbot.waitUntil(lambda d=dialog: d.ui.addList.count() > 0)
        key(Qt.Key.Key_Return)
        assert person.id in {p.id for p in dialog.invitees}
        assert dialog.isVisible() and dialog.saved_id is None and dialog.result() == 0
        assert dialog.ui.tabs.currentIndex() == tab
        assert dialog.ui.addEdit.text() == "" and QApplication.focusWidget() is dialog.ui.addEdit  # the next one
        keys(typed)  # already invited: not offered again
        dialog.ui.addEdit.search_now()
        assert person.id not in {p.id for p in dialog.ui.addEdit.offered}
        dialog.reject()
    assert person.id not in acts.get_activity(ctx.app, aid).invitee_ids  # nothing saved by Enter


def test_the_door_and_a_namesake(shell, qtbot) -> None:
    """At the door the same field: ↓ then Enter signs the second namesake in."""
    from cadre_desk.ui.checkin_window import CheckInWindow

    ctx = shell.window.ctx
    a = people.create_person(ctx.app, {"name": "龙永康", "category": "退休"})
    b = people.create_person(ctx.app, {"name": "龙永康", "category": "离休"})
    aid = acts.create_activity(
        ctx.app, {"title": "茶话会", "type_id": acts.activity_types(ctx.app)[0].id, "date": dt.date.today()}, [a, b]
    )
    door = CheckInWindow(ctx, aid)
    show(qtbot, door)
    door.ui.padCheck.setChecked(False)
    assert isinstance(door.ui.searchEdit, PersonPicker)
    keys("lyk")
    qtbot.waitUntil(lambda: door.ui.candidateList.count() >= 2)
    second = door.candidates[1].person.id
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Return)
    assert [e.person_id for e in acts.check_in_book(ctx.app, aid).entries] == [second]
    assert door.isVisible() and door.ui.searchEdit.text() == ""


def test_ticking_proxy_puts_the_cursor_in_proxy_name_and_enter_there_signs_in(shell, qtbot) -> None:
    from cadre_desk.ui.checkin_window import CheckInWindow

    ctx = shell.window.ctx
    pid = people.create_person(ctx.app, {"name": "龙永康", "category": "退休"})
    aid = acts.create_activity(
        ctx.app, {"title": "茶话会", "type_id": acts.activity_types(ctx.app)[0].id, "date": dt.date.today()}, [pid]
    )
    door = CheckInWindow(ctx, aid)
    show(qtbot, door)
    for pad in (False, True):
        door.ui.padCheck.setChecked(pad)
        keys("lyk")
        if pad:
            key(Qt.Key.Key_Return)  # chosen; the signature is awaited
        qtbot.mouseClick(door.ui.proxyCheck, Qt.MouseButton.LeftButton)
        assert door.ui.proxyCheck.isChecked() and QApplication.focusWidget() is door.ui.proxyEdit
        keys("lxm")
        key(Qt.Key.Key_Return)
        entries = acts.check_in_book(ctx.app, aid).entries
        assert [(e.person_id, e.status, e.proxy_name) for e in entries] == [(pid, "proxy", "lxm")]
        assert door.isVisible() and QApplication.focusWidget() is door.ui.searchEdit
        assert not door.ui.proxyCheck.isChecked()
        acts.undo_check_in(ctx.app, entries[0].id)
        door.reload()
