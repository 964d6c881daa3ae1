"""Roles in the window: a read-only user (只读) sees personal data masked and is offered no
way to change the books, yet can look everything up and print; an operator sees personal
data in full; only an administrator may print or export it in full."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy import func, select

from cadre_desk.core.app import Actor, App
from cadre_desk.core.models import Activity, Attachment, CheckIn, Person, ServiceRecord, Visit, VolunteerProject
from cadre_desk.core.permissions import RECORDS
from cadre_desk.core.privacy import HIDDEN, mask_id_number, mask_phone
from cadre_desk.core.services.roster import COLUMNS
from cadre_desk.ui.activity_dialog import ActivityDialog
from cadre_desk.ui.checkin_window import CheckInWindow
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.pages.activities import ActivitiesPage
from cadre_desk.ui.pages.base import Context, Page
from cadre_desk.ui.pages.home import HomePage
from cadre_desk.ui.pages.reports import ReportsPage
from cadre_desk.ui.pages.roster import RosterPage
from cadre_desk.ui.pages.visits import VisitsPage
from cadre_desk.ui.pages.volunteer import VolunteerPage
from cadre_desk.ui.pdf_preview import PdfPreviewDialog, print_pages
from cadre_desk.ui.person_dialog import PersonDialog
from cadre_desk.ui.roles import BANNER_NAME, denied_text
from cadre_desk.ui.settings import LayoutState, Settings
from cadre_desk.ui.visit_dialog import VisitDialog
from cadre_desk.ui.volunteer_dialogs import ProjectDialog, ServiceRecordDialog

READER = Actor(None, "只读用户", "readonly")
OPERATOR = Actor(None, "操作员小李", "operator")
ADMIN = Actor(None, "管理员老王", "admin")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_18 = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")

#: the buttons of each page a read-only user may use: looking up, opening to look, printing
VIEW_AND_PRINT = {
    RosterPage: {"filterButton", "clearFiltersButton", "exportButton", "cardsButton"},
    ActivitiesPage: {"openButton", "cardsButton"},
    VisitsPage: {"openButton"},
    VolunteerPage: {"openRecordButton", "exportButton"},
    HomePage: {"openReminderButton"},
    ReportsPage: {"generateButton", "excelButton", "folderButton"},
}
#: the controls of each page that change the books
WRITE_CONTROLS = {
    RosterPage: ("addButton", "importButton"),
    ActivitiesPage: ("newButton", "checkInButton"),
    VisitsPage: ("newButton", "doneButton", "deleteButton"),
    VolunteerPage: (
        "newRecordButton",
        "deleteRecordButton",
        "newProjectButton",
        "editProjectButton",
        "retireProjectButton",
        "deleteProjectButton",
        "recordServiceButton",
    ),
    HomePage: ("visitButton",),
}


def usable(widget: QWidget, top: QWidget) -> bool:
    """What a user can click: shown (in a shown window) and enabled."""
    return widget.isVisibleTo(top) and widget.isEnabled()


@pytest.fixture
def as_role(qtbot, demo_app: App) -> Iterator[Callable[[Actor], Context]]:
    """The books opened by a user of a given role (jobs run inline)."""
    runners: list[JobRunner] = []

    def sign_in(actor: Actor) -> Context:
        demo_app.actor = actor
        runner = JobRunner(inline=True)
        runners.append(runner)
        root = demo_app.layout.root
        return Context(demo_app, runner, Settings(root), LayoutState(root))

    yield sign_in
    for runner in runners:
        runner.wait_for_done()


def shown_page(qtbot, page_class: type[Page], ctx: Context) -> Page:
    page = page_class(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()  # loads on first show
    return page


def someone(app: App) -> Person:
    """A person in the roster with an ID number, a mobile, a home phone and health notes."""
    with app.read() as s:
        return s.scalars(
            select(Person)
            .where(
                Person.deleted.is_(False),
                Person.status == "active",
                Person.id_number.is_not(None),
                Person.phone_mobile != "",
                Person.phone_home != "",
                Person.health_notes != "",
            )
            .order_by(Person.name_pinyin)
            .limit(1)
        ).one()


def first_id(app: App, model: type, *where: object) -> str:
    with app.read() as s:
        return str(s.scalars(select(model.id).where(model.deleted.is_(False), *where).limit(1)).one())


def roster_column(page: RosterPage, name: str) -> list[str]:
    c = COLUMNS.index(name)
    return [page.model.index(r, c).data() for r in range(page.model.rowCount())]


def banner(dialog: QWidget) -> QWidget | None:
    return dialog.findChild(QWidget, BANNER_NAME)


def assert_read_only_form(dialog: QDialog) -> None:
    """Nothing to save or delete, every field read-only, and the form says why."""
    hint = banner(dialog)
    assert hint is not None and hint.isVisibleTo(dialog) and hint.text() == denied_text(RECORDS)
    tabs = getattr(dialog.ui, "tabs", None)
    for tab in range(tabs.count() if tabs is not None else 1):
        if tabs is not None:
            tabs.setCurrentIndex(tab)  # every tab, as the user would look at them
        clickable = [b.text() for b in dialog.findChildren(QAbstractButton) if usable(b, dialog)]
        assert not any(word in t for t in clickable for word in ("保存", "Save", "删除", "Delete")), clickable
    for edit in dialog.findChildren(QLineEdit):
        assert edit.isReadOnly() or not edit.isEnabled() or not edit.isVisibleTo(dialog)
    for text in dialog.findChildren(QPlainTextEdit):
        assert text.isReadOnly()


# -- a read-only user -------------------------------------------------------------------------


def test_a_read_only_user_sees_masked_phones_on_the_roster_and_still_finds_by_number(
    qtbot, as_role, demo_app: App
) -> None:
    person = someone(demo_app)
    page = shown_page(qtbot, RosterPage, as_role(READER))
    assert page.model.rowCount() > 20
    assert not any(MOBILE.search(p or "") for p in roster_column(page, "phone"))
    assert all("*" in n for n in roster_column(page, "id_number") if n)
    page.ui.searchEdit.setText(person.phone_mobile)  # searching by the full number still works
    page.apply_search()
    row = roster_column(page, "name").index(person.name)
    assert roster_column(page, "phone")[row] == mask_phone(person.phone_mobile)


def test_a_read_only_user_sees_the_person_masked_and_read_only(qtbot, as_role, demo_app: App) -> None:
    person = someone(demo_app)
    as_role(READER)
    dialog = PersonDialog(demo_app, person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    assert ui.nameEdit.text() == person.name
    assert ui.idNumberEdit.text() == mask_id_number(person.id_number) != person.id_number
    assert ui.mobileEdit.text() == mask_phone(person.phone_mobile)
    assert ui.homeEdit.text() == mask_phone(person.phone_home)
    assert ui.healthText.toPlainText() == HIDDEN
    assert ui.idInfoLabel.text() == ""  # no complaint about the masked number
    assert_read_only_form(dialog)
    ui.tabs.setCurrentIndex(0)
    assert ui.nameEdit.isVisibleTo(dialog) and not usable(ui.photoButton, dialog)
    assert not usable(ui.deleteButton, dialog)
    assert not ui.categoryCombo.isEnabled() and not ui.careAloneCheck.isEnabled()


def test_a_read_only_user_has_no_way_to_change_the_books_on_any_page(qtbot, as_role) -> None:
    ctx = as_role(READER)
    for page_class, allowed in VIEW_AND_PRINT.items():
        page = shown_page(qtbot, page_class, ctx)
        tabs = getattr(page.ui, "tabs", None)
        for tab in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(tab)
            for name in ("table", "projectTable", "talentTable", "pointsTable"):
                table = getattr(page.ui, name, None)
                if table is not None and table.model().rowCount():
                    table.selectRow(0)  # buttons that wait for a choice are offered now
            reminders = getattr(page.ui, "remindersList", None)
            if reminders is not None and reminders.topLevelItem(0).childCount():
                reminders.setCurrentItem(reminders.topLevelItem(0).child(0))
            for name in WRITE_CONTROLS.get(page_class, ()):
                assert not usable(getattr(page.ui, name), page), f"{page_class.__name__}.{name}"
            clickable = {b.objectName() for b in page.findChildren(QPushButton) if usable(b, page)}
            assert clickable <= allowed, f"{page_class.__name__} offers {clickable - allowed}"
            assert "openButton" not in allowed or "openButton" in clickable or "openRecordButton" in clickable


def test_a_read_only_user_opens_activities_visits_and_service_records_to_look_only(
    qtbot, as_role, demo_app: App
) -> None:
    ctx = as_role(READER)
    with demo_app.read() as s:
        activity_id = s.scalar(
            select(Attachment.owner_id).where(Attachment.owner_type == "activity", Attachment.deleted.is_(False))
        )
    form = ActivityDialog(ctx, activity_id)
    qtbot.addWidget(form)
    form.show()
    assert_read_only_form(form)
    ui = form.ui
    for name in ("duplicateButton", "deleteButton"):
        assert not usable(getattr(ui, name), form), name
    ui.tabs.setCurrentWidget(ui.inviteesTab)
    assert ui.inviteeList.isVisibleTo(form) and ui.inviteeList.count()  # who was expected, to read
    for name in ("applyRuleButton", "removeButton", "addEdit", "addList"):
        assert not usable(getattr(ui, name), form), name
    ui.tabs.setCurrentWidget(ui.bookTab)
    assert ui.bookList.topLevelItemCount()  # the sign-in book, to read
    assert not usable(ui.checkInButton, form) and not usable(ui.paperButton, form)
    assert usable(ui.sheetButton, form)  # the paper sign-in sheet still prints
    ui.tabs.setCurrentWidget(ui.photosTab)
    panel = form.photos
    assert panel.model.items  # the photos are there to look at
    assert not any(usable(b, panel) for b in (panel.add_button, panel.delete_button, panel.trash_button))
    assert not panel.acceptDrops()

    visit = VisitDialog(ctx, first_id(demo_app, Visit))
    qtbot.addWidget(visit)
    visit.show()
    assert_read_only_form(visit)
    visit.ui.tabs.setCurrentWidget(visit.ui.visitTab)
    assert visit.ui.personEdit.text() and not usable(visit.ui.doneCheck, visit)
    visit.ui.tabs.setCurrentWidget(visit.ui.photosTab)
    assert visit.photos.isVisibleTo(visit) and not usable(visit.photos.add_button, visit)

    record = ServiceRecordDialog(ctx, first_id(demo_app, ServiceRecord))
    qtbot.addWidget(record)
    record.show()
    assert_read_only_form(record)
    assert not usable(record.ui.nextButton, record)

    project = ProjectDialog(ctx, first_id(demo_app, VolunteerProject))
    qtbot.addWidget(project)
    project.show()
    assert_read_only_form(project)


def test_the_door_signs_nobody_in_for_a_read_only_user(qtbot, as_role, demo_app: App) -> None:
    ctx = as_role(READER)
    activity_id = first_id(demo_app, Activity)
    door = CheckInWindow(ctx, activity_id)
    qtbot.addWidget(door)
    door.show()
    for name in ("signButton", "leaveButton", "walkInButton", "undoButton", "padGroup", "proxyCheck"):
        assert not usable(getattr(door.ui, name), door), name
    assert banner(door) is not None and banner(door).isVisibleTo(door)
    count = select(func.count()).select_from(CheckIn).where(CheckIn.activity_id == activity_id)
    with demo_app.read() as s:
        before = s.scalar(count)
    person = someone(demo_app)
    door.ui.searchEdit.setText(person.name)
    door.update_candidates()
    assert door.candidates  # looking people up works
    qtbot.keyClick(door.ui.searchEdit, Qt.Key.Key_Return)
    assert door.ui.messageLabel.text() == denied_text(RECORDS)
    with demo_app.read() as s:
        assert s.scalar(count) == before


def test_a_read_only_user_prints_a_masked_ledger_from_the_preview(qtbot, as_role, tmp_path: Path) -> None:
    page = shown_page(qtbot, ReportsPage, as_role(READER))
    assert not page.ui.fullCheck.isVisibleTo(page)
    for i in range(page.ui.ledgerList.topLevelItemCount()):
        item = page.ui.ledgerList.topLevelItem(i)
        wanted = item.data(0, Qt.ItemDataRole.UserRole) == "roster"
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    page.ui.generateButton.click()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "preview", None), PdfPreviewDialog), timeout=30_000)
    preview = page.preview
    text = subprocess.run(["pdftotext", str(page.last_result.path), "-"], capture_output=True, text=True).stdout
    assert "人员信息台账" in text and "已部分隐去" in text and not ID_18.search(text) and not MOBILE.search(text)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(100)
    assert usable(preview.ui.printButton, preview)
    assert print_pages(preview, preview.document, printer, "台账")
    assert (tmp_path / "printed.pdf").stat().st_size > 1000
    preview.reject()


def test_the_roster_export_is_masked_for_a_read_only_user_without_asking(
    qtbot, as_role, demo_app: App, tmp_path: Path, monkeypatch
) -> None:
    person = someone(demo_app)
    page = shown_page(qtbot, RosterPage, as_role(READER))
    target = tmp_path / "名册.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)
    assert page.ask_full_data() is False
    page.ui.exportButton.click()
    qtbot.waitUntil(target.exists, timeout=30_000)
    cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row if c]
    assert mask_id_number(person.id_number) in cells and person.id_number not in cells
    assert person.phone_mobile not in cells and person.health_notes not in cells


# -- an operator -----------------------------------------------------------------------------


def test_an_operator_sees_personal_data_in_full_but_prints_and_exports_masked(qtbot, as_role, demo_app: App) -> None:
    person = someone(demo_app)
    ctx = as_role(OPERATOR)
    roster = shown_page(qtbot, RosterPage, ctx)
    assert person.phone_mobile in roster_column(roster, "phone")
    assert usable(roster.ui.addButton, roster) and usable(roster.ui.importButton, roster)
    assert roster.ask_full_data() is False  # no choice offered: exports are masked

    dialog = PersonDialog(demo_app, person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.idNumberEdit.text() == person.id_number
    assert dialog.ui.mobileEdit.text() == person.phone_mobile
    assert dialog.ui.healthText.toPlainText() == person.health_notes
    assert banner(dialog) is None and not dialog.ui.idNumberEdit.isReadOnly()

    reports = shown_page(qtbot, ReportsPage, ctx)
    assert not reports.ui.fullCheck.isVisibleTo(reports) and not reports.full_data()
    volunteer = shown_page(qtbot, VolunteerPage, ctx)
    assert volunteer.ui.maskCheck.isChecked() and not volunteer.ui.maskCheck.isEnabled()


# -- an administrator ------------------------------------------------------------------------------


def test_an_administrator_may_print_full_data_by_ticking_the_box(qtbot, as_role, demo_app: App) -> None:
    person = someone(demo_app)
    page = shown_page(qtbot, ReportsPage, as_role(ADMIN))
    check = page.ui.fullCheck
    assert usable(check, page) and not check.isChecked()  # masked unless asked
    for i in range(page.ui.ledgerList.topLevelItemCount()):
        item = page.ui.ledgerList.topLevelItem(i)
        wanted = item.data(0, Qt.ItemDataRole.UserRole) == "roster"
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
    check.setChecked(True)
    page.ui.generateButton.click()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "preview", None), PdfPreviewDialog), timeout=30_000)
    text = subprocess.run(["pdftotext", str(page.last_result.path), "-"], capture_output=True, text=True).stdout
    assert person.id_number in text and "完整信息" in page.last_result.path.name
    page.preview.reject()


def test_an_administrator_chooses_full_data_when_exporting_the_roster(
    qtbot, as_role, demo_app: App, tmp_path: Path, monkeypatch
) -> None:
    person = someone(demo_app)
    page = shown_page(qtbot, RosterPage, as_role(ADMIN))
    box = page.export_options()
    assert not box.checkBox().isChecked()  # masked unless the box is ticked
    box.deleteLater()
    target = tmp_path / "full.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *_a, **_k: QMessageBox.StandardButton.Ok)

    def tick_and_continue() -> None:
        asked = QApplication.activeModalWidget()
        assert isinstance(asked, QMessageBox)
        asked.checkBox().setChecked(True)
        asked.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, tick_and_continue)
    page.ui.exportButton.click()
    qtbot.waitUntil(target.exists, timeout=30_000)
    cells = [c for row in load_workbook(target).active.iter_rows(values_only=True) for c in row if c]
    assert person.id_number in cells and person.phone_mobile in cells and person.health_notes in cells
