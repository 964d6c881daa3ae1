"""A new station's first month, walked through the real widgets as a new user would, counting
the actions: a click, a key or key chord, a typed string (one stretch of typing) = 1 action.

Set up the station in the wizard, import a messy roster, one activity with 20 entries at the
door (one signature drawn on the pad, one 代签, one 请假), 3 photos and the record, one visit,
the month's ledgers.  Keys go where a keyboard sends them (the focused widget of the active
window), so a focus in the wrong place shows up as a wrong book at the end.  The goal:
at most 120 actions.

A dialog opened by a key chord from QTest (Alt+N, F2) gets no further QTest keys offscreen (the
shortcut dispatch is still under way), so the walk opens dialogs with a click on the same
button instead: the same count.  Dialogs opened with exec() block the caller, so the walk is
a generator stepped by a timer: every action is posted to the event loop, and the walk goes on inside whatever (nested)
event loop runs next.  The native file dialogs are the only thing answered for the user
(two actions each: type the name, Enter), as are the message boxes (one action: OK).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QWidget
from shiboken6 import isValid
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.models import Attachment, CheckIn, Person, Station, Visit
from cadre_desk.core.services import activities as acts
from tests.core.roster_workbooks import bad_check_digit, make_id, simple_book

GOAL = 120

#: names with distinct pinyin initials (the door finds people by them), no surnames read two ways
NAMES = [
    "张建国", "李秀英", "王援朝", "赵淑芬", "刘德华", "陈志强", "杨丽华", "黄振华", "周卫国", "吴桂兰",
    "徐明亮", "孙玉梅", "马国庆", "朱红英", "胡建军", "郭秀珍", "何立新", "高玉兰", "林海涛", "罗美玲",
    "郑国华", "梁淑英", "谢文林", "宋桂芝", "唐志远", "韩凤英", "冯建平", "龙永康",
]  # fmt: skip
INITIALS = {
    "张建国": "zjg", "李秀英": "lxy", "王援朝": "wyc", "赵淑芬": "zsf", "刘德华": "ldh", "陈志强": "czq",
    "杨丽华": "ylh", "黄振华": "hzh", "周卫国": "zwg", "吴桂兰": "wgl", "徐明亮": "xml", "孙玉梅": "sym",
    "马国庆": "mgq", "朱红英": "zhy", "胡建军": "hjj", "郭秀珍": "gxz", "何立新": "hlx", "高玉兰": "gyl",
    "林海涛": "lht", "罗美玲": "lml", "郑国华": "zgh", "梁淑英": "lsy", "谢文林": "xwl", "宋桂芝": "sgz",
    "唐志远": "tzy", "韩凤英": "hfy", "冯建平": "fjp", "龙永康": "lyk",
}  # fmt: skip
HEADER = ["序号", "姓名", "性别", "身份证号", "离退休类别", "家庭住址", "手机"]


def messy_roster(path: Path) -> Path:
    """28 people as a community writes them, 2 rows with errors, a row twice and a person twice
    with another house number (81 号 / 87 号)."""
    rows: list[list[Any]] = []
    for i, name in enumerate(NAMES):
        sex = "女" if i % 3 == 1 else "男"
        born = dt.date(1940 + i % 15, 1 + i % 12, 1 + i % 27)
        rows.append([i + 1, name, sex, make_id(born, sex, seq=i + 10), "离休" if i % 7 == 0 else "退休",
                     f"金湖路 {i + 1} 号", f"139{i:08d}"])  # fmt: skip
    rows[0][5] = "金湖路 81 号"
    rows.append([29, "钱多多", "男", bad_check_digit(make_id(dt.date(1950, 1, 1), "男", seq=3)), "退休", "", ""])
    rows.append([30, "孔繁森", "男", make_id(dt.date(1951, 2, 2), "男", seq=5), "", "", ""])  # no category
    rows.append(list(rows[1]))  # the same row twice
    rows.append([*rows[0][:5], "金湖路 87 号", rows[0][6]])  # the same person, another house number
    return simple_book(path, HEADER, rows, title="退休干部名册", text_columns=[4, 7])


class Walk:
    """Steps a generator of actions from a timer, counting actions by step."""

    def __init__(self) -> None:
        self.count = 0
        self.by_step: Counter[str] = Counter()
        self.step = ""
        self.finished = False
        self.error: str | None = None
        self._gen: Iterator[Any] | None = None
        self._wait: Callable[[], bool] | None = None
        self._wait_since = 0.0
        self._busy = False
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def start(self, gen: Iterator[Any]) -> None:
        self._gen = gen
        self._timer.start()

    def _tick(self) -> None:
        if self._busy or self.finished or self._gen is None:
            return
        if self._wait is not None:
            if not self._wait():
                if time.monotonic() - self._wait_since > 20:
                    self.error = (
                        f"step {self.step!r}: waited 20 s in vain after action {self.count} (modal: "
                        f"{QApplication.activeModalWidget()}, active: {QApplication.activeWindow()}, "
                        f"focus: {QApplication.focusWidget()})"
                    )
                    self._stop()
                return
            self._wait = None
        self._busy = True
        try:
            self._wait = next(self._gen)
            self._wait_since = time.monotonic()
        except StopIteration:
            self._stop()
        except Exception as exc:
            self.error = f"step {self.step!r}, action {self.count}: {type(exc).__name__}: {exc}"
            self._stop()
        finally:
            self._busy = False

    def _stop(self) -> None:
        self.finished = True
        self._timer.stop()
        if self.error:  # let the test see it: close what is open (each exec() returns)
            self._closer = QTimer()
            self._closer.setInterval(50)
            self._closer.timeout.connect(self._close_modal)
            self._closer.start()

    @staticmethod
    def _close_modal() -> None:
        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if widget is not None:
            widget.close()

    # -- actions (each a generator: post the event, then wait until it has run) -------------

    def act(self, fn: Callable[[], None], actions: int = 1) -> Iterator[Callable[[], bool]]:
        self.count += actions
        self.by_step[self.step] += actions
        started: list[int] = []

        step, count = self.step, self.count

        def run() -> None:
            started.append(1)
            try:
                fn()
            except Exception as exc:
                self.error = self.error or f"step {step!r}, action {count}: {type(exc).__name__}: {exc}"
                self._stop()

        QTimer.singleShot(0, run)
        yield lambda: bool(started)
        yield lambda: True  # one more turn of the event loop

    @staticmethod
    def target() -> QWidget:
        """Where a key goes.  When a progress window closes, the offscreen platform activates
        no window (a window manager gives the activation back): do what it would."""
        modal_ = QApplication.activeModalWidget()
        if modal_ is not None and QApplication.activeWindow() is not modal_:
            modal_.activateWindow()  # a window manager activates the dialog that opens
            QApplication.processEvents()
        widget = QApplication.focusWidget()
        if widget is None:
            window = QApplication.activeModalWidget() or QApplication.activeWindow()
            if window is None:
                shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
                window = shown[-1] if shown else None
            assert window is not None, "no window to type into"
            window.activateWindow()
            QApplication.processEvents()
            widget = window.focusWidget() or window
        return widget

    def keys(self, text: str) -> Iterator[Callable[[], bool]]:
        """One stretch of typing into the focused widget (Chinese arrives as the IME commits it)."""

        def type_() -> None:
            widget = self.target()
            if text.isascii():
                QTest.keyClicks(widget, text)
            else:
                event = QInputMethodEvent()
                event.setCommitString(text)
                QApplication.sendEvent(widget, event)

        yield from self.act(type_)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> Iterator[Any]:
        def click() -> None:
            target = self.target()
            # the key comes up even when its press opens a dialog (exec() returns only when
            # it closes): as with a real keyboard, the release is not held up by the dialog
            QTimer.singleShot(0, lambda: isValid(target) and QTest.keyRelease(target, key, modifier))
            QTest.keyPress(target, key, modifier)

        yield from self.act(click)

    def click(self, widget: QWidget | Callable[[], QWidget]) -> Iterator[Any]:
        def press() -> None:
            w = widget() if callable(widget) and not isinstance(widget, QWidget) else widget
            assert w.isVisible() and w.isEnabled(), f"{w.objectName()} cannot be clicked"
            QTest.mouseClick(w, Qt.MouseButton.LeftButton, pos=w.rect().center())

        yield from self.act(press)

    def draw(self, pad: QWidget) -> Iterator[Any]:
        def stroke() -> None:
            points = [(30, 60), (60, 30), (90, 70), (130, 35), (170, 65)]
            QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
            for x, y in points[1:]:
                QTest.mouseMove(pad, QPoint(x, y))
            QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))

        yield from self.act(stroke)

    def answered(self, actions: int) -> None:
        """A native dialog answered for the user (counted as they would do it)."""
        self.count += actions
        self.by_step[self.step] += actions


def tab_click(tabs: Any, page: QWidget) -> None:
    bar = tabs.tabBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tabs.indexOf(page)).center())


def save_button(dialog: Any) -> QWidget:
    return dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save)


def until(predicate: Callable[[], bool]) -> Iterator[Callable[[], bool]]:
    yield predicate


def modal(kind: type) -> Callable[[], bool]:
    return lambda: isinstance(QApplication.activeModalWidget(), kind)


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    out = []
    for i, colour in enumerate(("red", "green", "blue")):
        path = tmp_path / f"IMG_{i + 1:04d}.jpg"
        Image.new("RGB", (1200, 900), colour).save(path, quality=85)
        out.append(path)
    return out


def test_a_new_users_month_in_at_most_120_actions(
    qtbot, make_shell, tmp_path: Path, photos, monkeypatch, request: pytest.FixtureRequest
) -> None:
    from cadre_desk.ui.activity_dialog import ActivityDialog
    from cadre_desk.ui.checkin_window import CheckInWindow
    from cadre_desk.ui.import_dialog import ImportDialog
    from cadre_desk.ui.pdf_preview import PdfPreviewDialog
    from cadre_desk.ui.setup_wizard import SetupWizard
    from cadre_desk.ui.visit_dialog import VisitDialog

    book = messy_roster(tmp_path / "金湖路社区退休干部花名册.xlsx")
    walk = Walk()
    messages: list[str] = []

    def open_file(*_a: Any, **_k: Any) -> tuple[str, str]:
        walk.answered(2)  # the file's name typed, Enter
        return str(book), ""

    def open_files(*_a: Any, **_k: Any) -> tuple[list[str], str]:
        walk.answered(2)  # the three photos chosen (Ctrl+A), Enter
        return [str(p) for p in photos], ""

    def information(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        walk.answered(1)  # read, Enter
        messages.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QFileDialog, "getOpenFileName", open_file)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", open_files)
    monkeypatch.setattr(QMessageBox, "information", information)

    app = App.open(tmp_path / "books")
    request.addfinalizer(app.close)  # after the shell has shut down
    shell = make_shell(app)
    state: dict[str, Any] = {}

    def month() -> Iterator[Any]:
        ui: Any
        # -- 1. the wizard ----------------------------------------------------------------
        walk.step = "set up the station"
        QTimer.singleShot(0, lambda: state.setdefault("setup", shell.run_setup()))
        yield modal(SetupWizard)
        wizard = QApplication.activeModalWidget()
        yield from walk.key(Qt.Key.Key_Return)  # 驿站 is chosen: next
        yield lambda: wizard.currentPage() is wizard.ui.profilePage
        for text in ("金湖路社区老干部驿站", "金湖路社区", "湛山街道", "市南区", "王丽", "13912345678"):
            yield from walk.keys(text)
            yield from walk.key(Qt.Key.Key_Tab)
        yield from walk.keys("青岛市市南区金湖路 18 号")
        yield from walk.key(Qt.Key.Key_Return)
        yield lambda: wizard.currentPage() is wizard.ui.adminPage
        for text in ("wangli", "王丽", "station-2026"):
            yield from walk.keys(text)
            yield from walk.key(Qt.Key.Key_Tab)
        yield from walk.keys("station-2026")
        yield from walk.key(Qt.Key.Key_Return)
        yield lambda: wizard.currentPage() is wizard.ui.demoPage
        yield from walk.key(Qt.Key.Key_Return)  # Finish (no demo data)
        yield lambda: "setup" in state
        assert state["setup"] is True
        window = shell.open_main_window()
        with qtbot.waitActive(window):
            window.activateWindow()
        state["window"] = window

        # -- 2. the roster --------------------------------------------------------------
        walk.step = "import the roster"
        yield from walk.key(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        roster = window.pages["people"]
        yield lambda: window.current_key() == "people"
        yield from walk.click(roster.ui.importButton)
        yield modal(ImportDialog)
        dialog = QApplication.activeModalWidget()
        yield from walk.key(Qt.Key.Key_Return)  # 选择文件… (the default button)
        yield lambda: dialog.plan is not None
        differs = next(i for i, r in enumerate(dialog.model.rows) if r.kind == "duplicate" and r.changes)
        table = dialog.ui.previewTable
        cell = table.visualRect(dialog.model.index(differs, 2)).center()
        yield from walk.act(lambda: QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell))
        yield from walk.click(dialog.ui.takeRowButton)  # the file's later row has the right house number
        yield from walk.key(Qt.Key.Key_Return)  # 导入 28 人
        yield lambda: QApplication.activeModalWidget() is None and bool(messages)

        # -- 3. the activity --------------------------------------------------------------
        walk.step = "plan the activity"
        yield from walk.key(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        page = window.pages["activities"]
        yield lambda: window.current_key() == "activities"
        yield from walk.click(page.ui.newButton)  # 新建活动
        yield modal(ActivityDialog)
        form = QApplication.activeModalWidget()
        yield from walk.keys("12月主题党日：学习二十届四中全会精神")
        yield from walk.key(Qt.Key.Key_Return)  # 保存 (the default button)
        yield lambda: QApplication.activeModalWidget() is None or form.ui.errorLabel.isVisible()
        assert QApplication.activeModalWidget() is None, form.ui.errorLabel.text()
        assert page.selected_id() is not None, "the new activity is not the chosen one"
        state["activity"] = page.selected_id()

        # -- 4. the door ---------------------------------------------------------------
        walk.step = "sign-ins at the door"
        yield from walk.click(page.ui.checkInButton)
        yield modal(CheckInWindow)
        door = QApplication.activeModalWidget()
        state["door"] = door
        people = list(INITIALS.items())
        plain = [p for p in people if p[0] not in ("张建国", "李秀英", "王援朝", "龙永康")][:17]

        def sign(initials: str) -> Iterator[Any]:
            yield from walk.keys(initials)
            yield from walk.key(Qt.Key.Key_Return)

        for _name, initials in plain[:8]:
            yield from sign(initials)
        yield from sign("zjg")  # 张建国 signs on the pad
        yield from walk.draw(door.ui.pad)
        for _name, initials in plain[8:13]:
            yield from sign(initials)
        yield from walk.keys("lxy")  # 李秀英 cannot hold the pen: her husband signs for her
        yield from walk.click(door.ui.proxyCheck)
        yield from walk.keys("丈夫 王建设")
        yield from walk.key(Qt.Key.Key_Return)
        for _name, initials in plain[13:17]:
            yield from sign(initials)
        yield from walk.keys("lyk")  # 龙永康 is in hospital
        yield from walk.click(door.ui.leaveButton)  # 请假 (F2)
        yield modal(QWidget)  # the reason asked for
        yield lambda: QApplication.activeModalWidget() is not door
        yield from walk.keys("住院")
        yield from walk.key(Qt.Key.Key_Return)
        yield lambda: QApplication.activeModalWidget() is door
        yield from walk.key(Qt.Key.Key_Escape)  # nobody waiting: Esc closes the door window
        yield lambda: QApplication.activeModalWidget() is None

        # -- 5. photos and the record -------------------------------------------------------
        walk.step = "record and photos"
        yield from walk.click(page.ui.openButton)  # 打开
        yield modal(ActivityDialog)
        form = QApplication.activeModalWidget()
        ui = form.ui
        yield from walk.act(lambda: tab_click(ui.tabs, ui.recordTab))
        yield from walk.keys("学习了全会精神，张建国同志领学，大家结合社区工作谈了体会。")
        yield from walk.act(lambda: tab_click(ui.tabs, ui.photosTab))
        yield from walk.click(lambda: form.photos.add_button)
        yield lambda: not form.photos.importing and form.photos.model.rowCount() == 3
        yield from walk.click(save_button(form))  # 保存
        yield lambda: QApplication.activeModalWidget() is None

        # -- 6. the visit ---------------------------------------------------------------
        walk.step = "visit"
        yield from walk.key(Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        yield lambda: window.current_key() == "visits"
        yield from walk.click(window.pages["visits"].ui.newButton)
        yield modal(VisitDialog)
        visit = QApplication.activeModalWidget()
        yield from walk.keys("lyk")
        yield from walk.key(Qt.Key.Key_Return)  # 龙永康, found as at the door
        yield lambda: visit.ui.personEdit.person_id is not None
        yield from walk.click(save_button(visit))
        yield lambda: QApplication.activeModalWidget() is None

        # -- 7. the month's ledgers ----------------------------------------------------------
        walk.step = "month's ledgers"
        yield from walk.key(Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
        reports = window.pages["reports"]
        yield lambda: window.current_key() == "reports"
        yield from walk.click(reports.ui.generateButton)
        yield lambda: isinstance(getattr(reports, "preview", None), PdfPreviewDialog)
        state["ledgers"] = reports.last_result.path
        yield from walk.key(Qt.Key.Key_Escape)
        yield lambda: not reports.preview.isVisible()

    walk.start(month())
    qtbot.waitUntil(lambda: walk.finished, timeout=180_000)
    breakdown = ", ".join(f"{step} {n}" for step, n in walk.by_step.items())
    print(f"\nscripted month: {walk.count} actions ({breakdown}); error: {walk.error}")
    assert walk.error is None, walk.error

    try:
        check_books(app, state, messages)
    except AssertionError as exc:
        print(f"the books: {exc}")
        raise
    assert walk.count <= GOAL, breakdown


def check_books(app: App, state: dict[str, Any], messages: list[str]) -> None:
    # -- the books at the end ---------------------------------------------------------------
    with app.read() as s:
        station = s.scalars(select(Station)).one()
        assert (station.name, station.address) == ("金湖路社区老干部驿站", "青岛市市南区金湖路 18 号")
        people = {p.name: p for p in s.scalars(select(Person).where(Person.deleted.is_(False)))}
        assert set(people) == set(NAMES)  # 28 in; the 2 rows with errors and the 2 repeats are not
        assert people["张建国"].address == "金湖路 87 号"  # the row chosen
        entries = {
            people_by_id.name: c
            for c in s.scalars(select(CheckIn).where(CheckIn.deleted.is_(False)))
            for people_by_id in [s.get(Person, c.person_id)]
        }
        photos_saved = s.scalars(select(Attachment).where(Attachment.deleted.is_(False))).all()
        visits = s.scalars(select(Visit).where(Visit.deleted.is_(False))).all()
    assert "新增 28 人" in messages[0] and "2 行有错误未导入" in messages[0]
    assert "2 行与已有人员重复已跳过" in messages[0]
    book_ = acts.check_in_book(app, state["activity"])
    assert (book_.invited, book_.present, book_.on_leave) == (28, 19, 1)
    assert len(entries) == 20
    assert entries["张建国"].signature_sha256 and entries["张建国"].status == "signed"
    assert entries["李秀英"].status == "proxy" and entries["李秀英"].proxy_name == "丈夫 王建设"
    assert entries["龙永康"].status == "leave" and entries["龙永康"].leave_reason == "住院"
    assert sum(1 for e in entries.values() if e.status == "signed") == 18
    detail = acts.get_activity(app, state["activity"])
    assert detail.values["date"] == dt.date.today() and "全会精神" in detail.values["record"]
    assert len(photos_saved) == 3
    assert [(v.person_id, v.date) for v in visits] == [(people["龙永康"].id, dt.date.today())]
    assert state["ledgers"].exists() and state["ledgers"].stat().st_size > 10_000
