"""Check-in at the door: keyboard alone, a barcode scanner, the signature pad, leave, visitors, undo."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cadre_desk.core.app import App
from cadre_desk.core.cards import card_code
from cadre_desk.core.models import ActivityType
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import people
from cadre_desk.ui.checkin_window import CheckInWindow
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.pages.base import Context
from cadre_desk.ui.settings import LayoutState, Settings
from cadre_desk.ui.signature_pad import IMAGE_HEIGHT, IMAGE_WIDTH


@pytest.fixture
def door(qtbot, app: App):
    """A check-in window for an activity with four invited people (one not invited)."""
    ids = {}
    for name in ("王建国", "王建华", "李秀英", "张援朝", "周卫国"):
        ids[name] = people.create_person(app, {"name": name, "category": "退休"})
    with app.read() as s:
        type_id = s.query(ActivityType.id).filter(ActivityType.name == "学习教育").scalar()
    invited = [ids[n] for n in ("王建国", "王建华", "李秀英", "张援朝")]
    aid = acts.create_activity(
        app, {"title": "学习会", "type_id": type_id, "date": dt.date.today(), "start_time": dt.time(9)}, invited
    )
    ctx = Context(app, JobRunner(inline=True), Settings(app.layout.root), LayoutState(app.layout.root))
    window = CheckInWindow(ctx, aid)
    qtbot.addWidget(window)
    window.show()
    window.ui.padCheck.setChecked(False)
    window.ids = ids
    return window


def type_and_enter(window: CheckInWindow, text: str) -> None:
    QTest.keyClicks(window.ui.searchEdit, text)
    QTest.keyClick(window.ui.searchEdit, Qt.Key.Key_Return)


def book(window: CheckInWindow) -> acts.CheckInBook:
    return acts.check_in_book(window.app, window.activity_id)


def sign(pad, points: list[tuple[int, int]]) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_keyboard_alone_signs_people_in_and_counts_update(door: CheckInWindow) -> None:
    assert door.ui.invitedLabel.text() == "应到 4"
    assert door.focusWidget() is door.ui.searchEdit
    type_and_enter(door, "lxy")
    assert [(e.name, e.method, e.status) for e in book(door).entries] == [("李秀英", "keyboard", "signed")]
    assert door.ui.presentLabel.text() == "实到 1"
    assert door.ui.missingLabel.text() == "未到 3"
    assert "李秀英" in door.ui.messageLabel.text()
    assert door.ui.searchEdit.text() == ""  # ready for the next person
    # two people share the initials: Down chooses the second offered
    QTest.keyClicks(door.ui.searchEdit, "wj")
    door.update_candidates()
    second = door.candidates[1].person.name
    QTest.keyClick(door.ui.searchEdit, Qt.Key.Key_Down)
    QTest.keyClick(door.ui.searchEdit, Qt.Key.Key_Return)
    assert second in [e.name for e in book(door).entries]
    # the same person again: refused with a message, no second entry
    type_and_enter(door, "lxy")
    assert len(book(door).entries) == 2
    assert "已在签到簿" in door.ui.messageLabel.text()


def test_a_scanned_member_card_signs_in_and_a_broken_scan_does_not(door: CheckInWindow) -> None:
    type_and_enter(door, card_code(door.ids["张援朝"]))
    [entry] = book(door).entries
    assert (entry.name, entry.method) == ("张援朝", "scan")
    type_and_enter(door, card_code(door.ids["周卫国"])[:12])  # the scanner dropped characters
    assert len(book(door).entries) == 1
    assert "重新扫" in door.ui.messageLabel.text()
    type_and_enter(door, card_code(door.ids["周卫国"]))  # came without being invited: still welcome
    assert [e.invited for e in book(door).entries] == [True, False]


def test_signature_pad_captures_a_handwritten_signature_per_sign_in(door: CheckInWindow) -> None:
    door.ui.padCheck.setChecked(True)
    type_and_enter(door, "wjg")
    assert door.pending is not None and door.pending.name == "王建国"
    assert book(door).entries == []  # waiting for the signature
    assert "王建国" in door.ui.padGroup.title()
    sign(door.ui.pad, [(30 + 15 * i, 60 + (i % 4) * 12) for i in range(25)])
    assert not door.ui.pad.is_empty()
    QTest.keyClick(door.ui.searchEdit, Qt.Key.Key_Return)
    [entry] = book(door).entries
    assert (entry.name, entry.method) == ("王建国", "pad")
    stored = door.app.media.original_path(entry.signature_sha256, "png")
    with Image.open(io.BytesIO(stored.read_bytes())) as image:
        assert image.size == (IMAGE_WIDTH, IMAGE_HEIGHT)
        assert image.convert("L").getextrema()[0] < 100  # ink on the page
    assert door.ui.pad.is_empty()  # cleared for the next person
    # a scanner queue: the next card confirms the one waiting (with their signature)
    type_and_enter(door, card_code(door.ids["李秀英"]))
    sign(door.ui.pad, [(40, 40), (200, 90), (300, 50)])
    type_and_enter(door, card_code(door.ids["张援朝"]))
    entries = {e.name: e for e in book(door).entries}
    assert entries["李秀英"].signature_sha256 and entries["李秀英"].method == "scan"
    assert door.pending is not None and door.pending.name == "张援朝"
    QTest.keyClick(door.ui.searchEdit, Qt.Key.Key_Escape)  # cancelled: not signed in
    assert door.pending is None and "张援朝" not in {e.name for e in book(door).entries}


def test_proxy_leave_visitor_and_undo(door: CheckInWindow, monkeypatch) -> None:
    door.ui.proxyCheck.setChecked(True)
    door.ui.proxyEdit.setText("老伴")
    type_and_enter(door, "wjh")
    entry = book(door).entry_for(door.ids["王建华"])
    assert (entry.status, entry.proxy_name) == ("proxy", "老伴")
    assert not door.ui.proxyCheck.isChecked()  # only for that person

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("住院", True))
    QTest.keyClicks(door.ui.searchEdit, "zyc")
    QTest.keyClick(door, Qt.Key.Key_F2)
    entry = book(door).entry_for(door.ids["张援朝"])
    assert (entry.status, entry.leave_reason) == ("leave", "住院")
    assert door.ui.leaveLabel.text() == "请假 1"

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("赵六", True))
    QTest.keyClick(door, Qt.Key.Key_F3)
    assert door.ui.walkInLabel.text() == "来访 1"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    QTest.keyClick(door, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the last one: the visitor
    names = [e.name for e in book(door).entries]
    assert "赵六" not in names and len(names) == 2
    assert door.ui.walkInLabel.text() == "来访 0"
    door.ui.entriesList.setCurrentItem(door.ui.entriesList.topLevelItem(1))  # the oldest: 王建华
    door.undo()
    assert [e.name for e in book(door).entries] == ["张援朝"]
