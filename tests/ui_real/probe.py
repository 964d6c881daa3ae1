"""Open every window, page and dialog of the app in a real window and report what does not fit.

Run by ``tests/ui_real`` as a child process on an X display with a window manager
(``QT_QPA_PLATFORM=xcb``)::

    python -m tests.ui_real.probe --data-dir DIR --scale 150 --report out.json [--shots DIR] [--only main,door]

It copies nothing: the data dir given is used (and changed by nothing but the window
layout file of a throwaway folder).  The report is a JSON object: ``screen`` (the available
area), ``checked`` (every window looked at) and ``problems`` (one sentence each).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QTabBar,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
    QWizard,
)

from cadre_desk.core.app import App
from cadre_desk.core.services import browse, setup
from cadre_desk.ui.app import Shell
from cadre_desk.ui.i18n import use_language_for_system_dates
from cadre_desk.ui.main_window import PAGE_KEYS, MainWindow
from cadre_desk.ui.settings import LayoutState
from cadre_desk.ui.widgets import full_title

MNEMONIC = re.compile(r"&([^&\s])")


# -- waiting for the window manager ------------------------------------------------------------


def settle(shell: Shell) -> None:
    """Let background jobs finish and their results reach the widgets."""
    for _ in range(3):
        QCoreApplication.processEvents()
        shell.runner.wait_for_done()
        QCoreApplication.processEvents()


def wait_placed(window: QWidget, timeout: float = 3.0) -> None:
    """Until the window manager has framed the window and its geometry stopped changing."""
    QTest.qWaitForWindowExposed(window, int(timeout * 1000))
    deadline = time.monotonic() + timeout
    last: tuple[int, ...] = ()
    steady = 0
    while time.monotonic() < deadline:
        QTest.qWait(30)
        frame = window.frameGeometry()
        now = (frame.x(), frame.y(), frame.width(), frame.height(), window.width(), window.height())
        framed = frame.size() != window.size()
        steady = steady + 1 if now == last and framed else 0
        last = now
        if steady >= 3:
            return


# -- what is checked -------------------------------------------------------------------------


def _text_of(w: QWidget) -> str:
    if isinstance(w, QLabel | QAbstractButton):
        return w.text()
    if isinstance(w, QGroupBox):
        return w.title()
    return ""


def _plain(text: str) -> str:
    return re.sub(r"&(.)", r"\1", text)


def _under_scroll_area(w: QWidget) -> bool:
    """A widget inside a scroll area's content: it may be larger than what shows; it scrolls."""
    parent = w.parentWidget()
    return parent is not None and parent.objectName() == "qt_scrollarea_viewport"


def _qt_internal(w: QWidget) -> bool:
    name = w.objectName()
    if name.startswith("qt_") and name not in ("qt_scrollarea_viewport",):
        return True
    p = w.parentWidget()
    while p is not None:  # the inside of Qt's composite widgets (calendar, spin box, tab bar scrollers)
        if p.objectName().startswith("qt_calendar") or type(p).__name__ in ("QCalendarWidget",):
            return True
        p = p.parentWidget()
    return False


def visible_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisible() and not w.isWindow() and w.window() is root]


def inspect(root: QWidget, name: str, *, scale: int) -> list[str]:
    """What a person would find cut, off-screen or clashing in this window as it shows now."""
    problems: list[str] = []
    screen = root.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry()
    frame = root.frameGeometry()
    if not available.contains(frame):
        problems.append(
            f"{name}: the window ({frame.width()}×{frame.height()} at {frame.x()},{frame.y()}, with its frame) "
            f"leaves the screen's available area ({available.width()}×{available.height()})"
        )
    if not root.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        title = full_title(root)
        need = root.fontMetrics().horizontalAdvance(title) + root.fontMetrics().height() * 4
        if title and frame.width() < need:
            problems.append(f"{name}: the title {title!r} is cut in the title bar ({frame.width()} < {need})")
    letters: dict[str, list[str]] = {}
    for w in visible_widgets(root):
        if _qt_internal(w):
            continue
        parent = w.parentWidget()
        where = f"{name}/{w.objectName() or type(w).__name__}"
        text = _text_of(w)
        scrolled = _under_scroll_area(w) or isinstance(parent, QAbstractScrollArea)
        if parent is not None and not scrolled and not parent.rect().contains(w.geometry()):
            g = w.geometry()
            problems.append(
                f"{where} {_plain(text)!r}: outside its parent ({g.x()},{g.y()} {g.width()}×{g.height()} "
                f"in {parent.width()}×{parent.height()})"
            )
        if isinstance(w, QLabel) and text and w.pixmap().isNull():
            if w.wordWrap():
                if w.height() < w.heightForWidth(w.width()):
                    problems.append(f"{where}: the text {_plain(text)!r} is cut off at the bottom")
            elif w.width() < w.minimumSizeHint().width() or w.height() < w.minimumSizeHint().height():
                problems.append(
                    f"{where}: the text {_plain(text)!r} is cut ({w.width()} < {w.minimumSizeHint().width()})"
                )
        elif isinstance(w, QAbstractButton | QGroupBox) and text:
            need = _needed(w, text)
            if w.width() < need.width() or w.height() < need.height():
                problems.append(
                    f"{where}: the text {_plain(text)!r} is cut "
                    f"({w.width()}×{w.height()} < {need.width()}×{need.height()})"
                )
        if isinstance(w, QCheckBox | QRadioButton) and text:
            metric = (
                QStyle.PixelMetric.PM_IndicatorWidth
                if isinstance(w, QCheckBox)
                else QStyle.PixelMetric.PM_ExclusiveIndicatorWidth
            )
            indicator = w.style().pixelMetric(metric, None, w)
            if indicator < w.fontMetrics().height() * 0.75:
                problems.append(
                    f"{where}: the box of {_plain(text)!r} ({indicator} px) is small beside its text "
                    f"({w.fontMetrics().height()} px)"
                )
        if isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i) and w.tabRect(i).width() < w.tabSizeHint(i).width() - 1:
                    problems.append(f"{where}: the tab {_plain(w.tabText(i))!r} is cut")
                found = MNEMONIC.search(w.tabText(i))
                if found and w.isTabEnabled(i) and w.isTabVisible(i):
                    letters.setdefault(found.group(1).upper(), []).append(_plain(w.tabText(i)))
        if isinstance(w, QTableView | QTreeView):
            problems += _columns(w, where)
        if (text and isinstance(w, QAbstractButton | QGroupBox)) or (isinstance(w, QLabel) and w.buddy() is not None):
            found = MNEMONIC.search(text)
            if found and w.isEnabled():
                letters.setdefault(found.group(1).upper(), []).append(_plain(text))
    for letter, owners in sorted(letters.items()):
        if len(owners) > 1:
            problems.append(f"{name}: Alt+{letter} is the shortcut of {len(owners)} controls: {', '.join(owners)}")
    return problems


def _needed(w: QWidget, text: str) -> QSize:
    """The room a button's (or group box's) text needs: a push button's text and icon with a
    little padding (the style's minimum width of 75 px for text buttons is not the text's need)."""
    if isinstance(w, QPushButton):
        metrics = w.fontMetrics()
        width = metrics.horizontalAdvance(_plain(text)) + 4  # the text and the button's border
        if not w.icon().isNull():
            width += w.iconSize().width() + 4
        return QSize(width, metrics.height())
    return w.minimumSizeHint()


def _columns(view: QTableView | QTreeView, where: str) -> list[str]:
    """Headers clipped and cells cut in a table: every column shows its texts whole, or at least
    8 characters of them (a long place or remark may end in "…", its whole text in the tooltip)."""
    header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    model = view.model()
    if model is None or not header.isVisible():
        return []
    problems = []
    enough = view.fontMetrics().horizontalAdvance("汉" * 8)
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        size = header.sectionSize(column)
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if title and size < header.sectionSizeHint(column) - 2:
            problems.append(
                f"{where}: the column header {title!r} is clipped ({size} < {header.sectionSizeHint(column)})"
            )
        if model.rowCount():
            need = min(view.sizeHintForColumn(column), enough)
            if size < need - 2:
                problems.append(f"{where}: the column {title!r} cuts its texts ({size} < {need})")
    return problems


# -- driving the app ---------------------------------------------------------------------------


class Probe:
    def __init__(self, data_dir: Path, scale: int, shots: Path | None, layout: Path | None = None) -> None:
        self.app = App.open(data_dir)
        self.app.actor = setup.first_admin(self.app) or self.app.actor
        self.scale = scale
        self.shots = shots
        self.tmp = tempfile.TemporaryDirectory()
        self.shell = Shell(self.app, layout=LayoutState(layout or Path(self.tmp.name)), scale=scale)
        self.shell.apply_preferences()
        self.checked: list[str] = []
        self.problems: list[str] = []
        self.window: MainWindow | None = None

    def look(self, root: QWidget, name: str) -> None:
        settle(self.shell)
        QTest.qWait(30)
        QCoreApplication.processEvents()
        self.checked.append(name)
        self.problems += inspect(root, name, scale=self.scale)

    def shoot(self, name: str) -> None:
        if self.shots is None:
            return
        self.shots.mkdir(parents=True, exist_ok=True)
        QGuiApplication.primaryScreen().grabWindow(0).save(str(self.shots / f"{name}-{self.scale}.png"), "PNG")

    def close(self) -> None:
        self.shell.shutdown()
        QCoreApplication.processEvents()
        self.app.close()
        self.tmp.cleanup()

    # -- the main window and the door ------------------------------------------------------

    def main_window(self) -> MainWindow:
        window = self.shell.open_main_window()
        wait_placed(window)
        self.window = window
        for key in PAGE_KEYS:
            if key in window.hidden_keys:
                continue
            window.go_to(key)
            self.look(window, f"main/{key}")
            if key in ("home", "people", "activities", "reports", "service_records"):
                self.shoot(f"main-{key}")
        window.go_to("home")
        return window

    def activity_id(self) -> str:
        rows = browse.ACTIVITIES.rows(self.app, "", 0, 200)
        held = [row for row in rows if row[8]]
        return str((held or rows)[0][0])

    def door(self) -> None:
        from cadre_desk.ui.checkin_window import CheckInWindow

        assert self.window is not None
        door = CheckInWindow(self.window.ctx, self.activity_id(), self.window)
        door.show()
        wait_placed(door)
        self.look(door, "door")
        self.shoot("door")
        if not door.isMaximized():
            self.problems.append("door: the window does not open maximized")
        QTest.keyClick(door, Qt.Key.Key_F11)
        _wait_for(lambda: door.isFullScreen() and door.geometry() == door.screen().geometry())
        if not (door.isFullScreen() and door.geometry() == door.screen().geometry()):
            self.problems.append("door: F11 does not show the window on the whole screen")
        else:
            self.look(door, "door/full-screen")
        QTest.keyClick(door, Qt.Key.Key_F11)
        _wait_for(lambda: door.isMaximized())
        if not door.isMaximized():
            self.problems.append("door: F11 again does not bring the window back")
        # 请假: the small question about the reason
        if door.book.expected:
            door.ui.searchEdit.setText(door.book.expected[0].name)
            door.update_candidates()
            self.through_modal("door/leave", door.mark_leave)
        door.done(0)
        door.deleteLater()

    # -- dialogs ---------------------------------------------------------------------------

    def dialog(self, name: str, make: Callable[[QWidget], QDialog]) -> None:
        assert self.window is not None
        dialog = make(self.window)
        dialog.show()
        wait_placed(dialog)
        tabs = dialog.findChildren(QTabWidget)
        self.look(dialog, name)
        if name in ("activity", "activity-new", "person", "visit", "pdf-preview", "import", "sign-in"):
            self.shoot(name)
        for tab_widget in tabs:
            if not tab_widget.isVisible():
                continue
            for index in range(1, tab_widget.count()):
                if tab_widget.isTabEnabled(index) and tab_widget.isTabVisible(index):
                    tab_widget.setCurrentIndex(index)
                    self.look(dialog, f"{name}/{_plain(tab_widget.tabText(index))}")
                    if name == "activity-new" and index == 1:
                        self.shoot("activity-invited")
        if isinstance(dialog, QWizard):
            self.shoot(f"{name}-1")
            for number in range(2, len(dialog.pageIds()) + 1):
                dialog.next()
                self.look(dialog, f"{name}/page{number}")
                self.shoot(f"{name}-{number}")
        dialog.done(0)
        dialog.deleteLater()
        QCoreApplication.processEvents()

    def through_modal(
        self, name: str, trigger: Callable[[], Any], *, extra: Callable[[QWidget], list[str]] | None = None
    ) -> None:
        """Run ``trigger`` (which opens a dialog with exec()), look at that dialog and cancel it."""
        seen: list[bool] = []
        attempts = [0]

        def looked() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                attempts[0] += 1
                if attempts[0] < 200:
                    QTimer.singleShot(20, looked)
                return
            wait_placed(modal)
            self.look(modal, name)
            self.shoot(name.replace("/", "-"))
            if extra is not None:
                self.problems += extra(modal)
            seen.append(True)
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

        QTimer.singleShot(0, looked)
        trigger()
        if not seen:
            self.problems.append(f"{name}: the dialog did not open")

    def every_dialog(self) -> None:
        from cadre_desk.ui.about_dialog import AboutDialog
        from cadre_desk.ui.account_dialogs import PasswordDialog, SignInDialog, UserDialog, UsersDialog
        from cadre_desk.ui.activity_dialog import ActivityDialog, ask_date
        from cadre_desk.ui.activity_types_dialog import ActivityTypesDialog
        from cadre_desk.ui.backup_dialog import BackupDialog
        from cadre_desk.ui.import_dialog import ImportDialog
        from cadre_desk.ui.jobs import run_with_progress
        from cadre_desk.ui.paper_sheet_dialog import PaperSheetDialog
        from cadre_desk.ui.pdf_preview import PdfPreviewDialog
        from cadre_desk.ui.person_dialog import PersonDialog
        from cadre_desk.ui.photo_panel import PhotoTrashDialog
        from cadre_desk.ui.points_dialog import PointsDialog
        from cadre_desk.ui.setup_wizard import SetupWizard
        from cadre_desk.ui.sync_dialogs import AddStationDialog
        from cadre_desk.ui.visit_dialog import VisitDialog
        from cadre_desk.ui.volunteer_dialogs import ProjectDialog, ServiceRecordDialog

        assert self.window is not None
        ctx = self.window.ctx
        app = self.app
        activity = self.activity_id()
        person = _first_person(app)
        visit = browse.VISITS.rows(app, "", 0, 1)
        record = browse.SERVICE_RECORDS.rows(app, "", 0, 1)
        pdf = Path(self.tmp.name) / "预览.pdf"
        _write_pdf(pdf)
        dialogs: list[tuple[str, Callable[[QWidget], QDialog]]] = [
            ("sign-in", lambda p: SignInDialog(app, self.shell.layout, p)),
            ("password", lambda p: PasswordDialog(app, p)),
            ("user", lambda p: UserDialog(app, p)),
            ("users", lambda p: UsersDialog(app, p)),
            ("about", lambda p: AboutDialog(app.layout.root, p)),
            ("activity", lambda p: ActivityDialog(ctx, activity, p)),
            ("activity-new", lambda p: ActivityDialog(ctx, None, p)),
            ("activity-types", lambda p: ActivityTypesDialog(app, p)),
            ("backup", lambda p: BackupDialog(ctx, p)),
            ("import", lambda p: ImportDialog(app, ctx.runner, p)),
            ("paper-sheet", lambda p: PaperSheetDialog(ctx, activity, p)),
            ("pdf-preview", lambda p: PdfPreviewDialog(pdf, pdf.stem, p)),
            ("person", lambda p: PersonDialog(app, person, p)),
            ("person-new", lambda p: PersonDialog(app, None, p)),
            ("photo-trash", lambda p: PhotoTrashDialog(ctx, "activity", activity, p)),
            ("points", lambda p: PointsDialog(app, p)),
            ("setup-wizard", lambda p: SetupWizard(app, ctx.runner, p)),
            ("add-station", lambda p: AddStationDialog(ctx, p)),
            ("visit-new", lambda p: VisitDialog(ctx, None, p)),
            ("service-record-new", lambda p: ServiceRecordDialog(ctx, None, p)),
            ("project-new", lambda p: ProjectDialog(ctx, None, p)),
        ]
        if visit:
            dialogs.append(("visit", lambda p: VisitDialog(ctx, str(visit[0][0]), p)))
        if record:
            dialogs.append(("service-record", lambda p: ServiceRecordDialog(ctx, str(record[0][0]), p)))
        for name, make in dialogs:
            self.dialog(name, make)
        import datetime as dt

        window = self.window
        self.through_modal("ask-date", lambda: ask_date(window, "日期", "活动日期：", dt.date(2026, 12, 7)))
        self.through_modal(
            "file-dialog",
            lambda: QFileDialog.getOpenFileName(window, "选择文件", str(app.layout.root), "Excel (*.xlsx)"),
            extra=_file_dialog_in_chinese,
        )
        # the progress of a long job (shown at once here; normally after 0.4 s)
        release = threading.Event()

        def long_job(*, progress: Any, cancel: Any) -> None:
            release.wait(10)

        title = QCoreApplication.translate("ReportsPage", "Generating the monthly ledgers")
        job = run_with_progress(self.shell.runner, window, title, long_job, uses_db=False)
        job.dialog.show()  # type: ignore[attr-defined]
        wait_placed(job.dialog)  # type: ignore[attr-defined]
        self.checked.append("progress")
        self.problems += inspect(job.dialog, "progress", scale=self.scale)  # type: ignore[attr-defined]
        self.shoot("progress")
        release.set()
        settle(self.shell)


def _wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QTest.qWait(30)


def self_check() -> list[str]:
    """A window with what the checks must find: too tall for the screen, a cut label, a clipped
    column header, two controls with Alt+F and a small check box beside large text."""
    from PySide6.QtGui import QFont, QStandardItemModel
    from PySide6.QtWidgets import QVBoxLayout

    window = QDialog()
    layout = QVBoxLayout(window)
    label = QLabel("一段很长很长的说明文字")
    label.setFixedWidth(40)
    layout.addWidget(label)
    table = QTableView()
    model = QStandardItemModel(1, 2, table)
    model.setHorizontalHeaderLabels(["姓名", "慰问金（元）"])
    table.setModel(model)
    table.horizontalHeader().resizeSection(1, 20)
    table.horizontalHeader().setStretchLastSection(False)
    layout.addWidget(table)
    layout.addWidget(QPushButton("打开(&F)"))
    layout.addWidget(QPushButton("文件夹(&F)"))
    box = QCheckBox("大字的选项")
    font = QFont(box.font())
    font.setPointSizeF(font.pointSizeF() * 2.5)
    box.setFont(font)
    layout.addWidget(box)
    window.setMinimumHeight(QGuiApplication.primaryScreen().availableGeometry().height() + 100)
    window.show()
    wait_placed(window)
    return inspect(window, "self-check", scale=100)


def _first_person(app: App) -> str:
    from cadre_desk.core.models import Person

    with app.read() as s:
        return str(s.query(Person.id).order_by(Person.name).first()[0])


def _write_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for number in range(2):
        c.drawString(72, 760, f"page {number + 1}")
        c.showPage()
    c.save()


def _file_dialog_in_chinese(dialog: QWidget) -> list[str]:
    """Qt's own file dialog: its labels and the dates of its list in Chinese."""
    problems = []
    for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel"):
        label = dialog.findChild(QLabel, name)
        if label is not None and re.search(r"[A-Za-z]{2,}", label.text()):
            problems.append(f"file-dialog: {label.text()!r} is not in Chinese")
    view = dialog.findChild(QAbstractItemView, "treeView")
    if view is not None and view.model() is not None:
        model = view.model()
        root = view.rootIndex()
        for row in range(min(model.rowCount(root), 5)):
            text = str(model.index(row, 3, root).data() or "")
            if text and not re.search(r"\d{4}[/年-]\d{1,2}", text):
                problems.append(f"file-dialog: the date {text!r} is not a Chinese date")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--layout", type=Path, help="the window layout folder (kept between runs)")
    parser.add_argument("--only", default="", help="main,door: only these windows")
    args = parser.parse_args(argv)
    use_language_for_system_dates("zh_CN")  # as cadre_desk.ui.app.run_gui does before Qt starts
    qt = QApplication(sys.argv[:1])
    if qt.platformName() != "xcb":
        print(f"needs a real X display, not {qt.platformName()}", file=sys.stderr)
        return 2
    available = QGuiApplication.primaryScreen().availableGeometry()
    if args.only == "self-check":
        report = {
            "screen": [available.width(), available.height()],
            "checked": ["self-check"],
            "problems": self_check(),
        }
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    probe = Probe(args.data_dir, args.scale, args.shots, args.layout)
    try:
        probe.main_window()
        probe.door()
        if not args.only:
            probe.every_dialog()
    finally:
        report = {
            "screen": [available.width(), available.height()],
            "scale": args.scale,
            "checked": probe.checked,
            "problems": probe.problems,
        }
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        probe.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
