"""The 志愿服务 page: service records, the project library, the points ranking and the talent pool."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import Person
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import browse, care, points, talent
from cadre_desk.core.services.browse import plain_number
from cadre_desk.core.vocab import SERVICE_ROLES, VOLUNTEER_FIELDS
from cadre_desk.ui.pages.volunteer import POINTS_TAB, PROJECTS_TAB, RECORDS_TAB, TALENT_TAB, VolunteerPage
from cadre_desk.ui.volunteer_dialogs import ProjectDialog, ServiceRecordDialog


def volunteer_page(shell) -> VolunteerPage:
    page = shell.window.go_to("service_records")
    assert isinstance(page, VolunteerPage)
    return page


def table_rows(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def record_ids(page: VolunteerPage) -> list[str]:
    return [page.model.record_id(r) for r in range(page.model.rowCount())]


def findable_person(app: App) -> tuple[str, str]:
    """An active person whom their full pinyin finds first: (id, pinyin)."""
    with app.read() as s:
        people = s.query(Person).filter_by(deleted=False, status="active").order_by(Person.name_pinyin).all()
        candidates = [(p.id, p.name_pinyin) for p in people]
    for person_id, pinyin in candidates:
        found = acts.find_people(app, pinyin, limit=5)
        if found and found[0].id == person_id:
            return person_id, pinyin
    raise AssertionError("no person to find by pinyin")


def in_modal(action) -> None:
    """Run ``action(dialog)`` on the modal dialog about to be shown."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        action(dialog)

    QTimer.singleShot(0, run)


def test_the_page_has_four_tabs_and_lists_the_records(shell, demo_app: App) -> None:
    page = volunteer_page(shell)
    assert page.ui.tabs.count() == 4
    assert page.model.total == browse.SERVICE_RECORDS.count(demo_app) > 0
    assert page.ui.countLabel.text() == f"共 {page.model.total} 条"
    assert not page.ui.openRecordButton.isEnabled()  # nothing chosen yet
    page.ui.table.selectRow(0)
    assert page.ui.openRecordButton.isEnabled() and page.ui.deleteRecordButton.isEnabled()


def test_adding_a_service_record_through_the_form(shell, qtbot, demo_app: App) -> None:
    page = volunteer_page(shell)
    before = page.model.total
    person_id, pinyin = findable_person(demo_app)
    project = care.list_projects(demo_app, include_retired=False)[0]
    day = dt.date.today() - dt.timedelta(days=3)
    seen: list[ServiceRecordDialog] = []

    def fill(dialog) -> None:
        assert isinstance(dialog, ServiceRecordDialog)
        seen.append(dialog)
        combo = dialog.ui.projectCombo
        assert combo.currentData() is None  # "no project" until chosen
        roles = [dialog.ui.roleCombo.itemText(i) for i in range(dialog.ui.roleCombo.count())]
        assert set(SERVICE_ROLES) <= set(roles) and roles[0] == ""
        assert dialog.ui.dateEdit.maximumDate().toPython() == dt.date.today()
        qtbot.keyClicks(dialog.ui.volunteerEdit, pinyin)
        assert dialog.ui.volunteerEdit.choose_first()
        assert dialog.ui.volunteerEdit.person_id == person_id
        combo.setCurrentIndex(combo.findData(project.id))
        dialog.ui.dateEdit.setDate(day)
        dialog.ui.hoursEdit.setText("2.5")
        dialog.ui.roleCombo.setCurrentText("法律咨询")
        assert dialog.ui.roleHintLabel.text()  # the role earns points in the demo's scheme
        dialog.ui.contentText.setPlainText("为居民解答赡养纠纷的法律问题。")
        dialog.ui.buttons.button(dialog.ui.buttons.StandardButton.Save).click()

    in_modal(fill)
    assert page.open_record(None)
    saved_id = seen[0].saved_id
    assert saved_id is not None and seen[0].result() == ServiceRecordDialog.DialogCode.Accepted
    detail = care.get_service_record(demo_app, saved_id)
    assert detail.values["hours"] == Decimal("2.50") and str(detail.values["hours"]) == "2.50"
    assert (detail.values["person_id"], detail.values["project_id"], detail.values["date"]) == (
        person_id,
        project.id,
        day,
    )
    assert (detail.values["role"], detail.values["content"]) == ("法律咨询", "为居民解答赡养纠纷的法律问题。")
    assert page.model.total == before + 1
    assert page.selected_record() == saved_id  # the new record is chosen in the list
    row = record_ids(page).index(saved_id)
    assert page.model.index(row, 4).data() == "2.5"
    assert page.model.index(row, 2).data() == project.name


@pytest.mark.parametrize("hours", ["0", "abc", "30", "-1", "1.255", ""])
def test_wrong_hours_are_refused_with_the_form_kept(qtbot, shell, demo_app: App, hours: str) -> None:
    ctx = shell.window.ctx
    before = browse.SERVICE_RECORDS.count(demo_app)
    person_id, _ = findable_person(demo_app)
    dialog = ServiceRecordDialog(ctx, person_id=person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.ui.volunteerEdit.person_id == person_id
    dialog.ui.hoursEdit.setText(hours)
    dialog.ui.contentText.setPlainText("写了一半的内容")
    dialog.save()
    assert dialog.isVisible() and dialog.result() != ServiceRecordDialog.DialogCode.Accepted
    assert dialog.ui.errorLabel.isVisible() and "服务时长" in dialog.ui.errorLabel.text()
    assert dialog.ui.hoursEdit.text() == hours and dialog.ui.contentText.toPlainText() == "写了一半的内容"
    assert dialog.saved_id is None and dialog.saved_ids == []
    assert browse.SERVICE_RECORDS.count(demo_app) == before
    dialog.ui.hoursEdit.setText("1.5")  # put right, it saves
    dialog.save()
    assert dialog.result() == ServiceRecordDialog.DialogCode.Accepted
    assert browse.SERVICE_RECORDS.count(demo_app) == before + 1


def test_a_record_without_a_volunteer_is_refused(qtbot, shell, demo_app: App) -> None:
    dialog = ServiceRecordDialog(shell.window.ctx)
    qtbot.addWidget(dialog)
    dialog.ui.volunteerEdit.setText("不存在的人")  # typed, never chosen
    dialog.ui.hoursEdit.setText("2")
    dialog.save()
    assert dialog.saved_id is None and not dialog.ui.errorLabel.isHidden()
    assert dialog.ui.errorLabel.text() == "请选择提供服务的志愿者。"


def test_save_and_add_another_keeps_the_service_for_the_next_volunteer(qtbot, shell, demo_app: App) -> None:
    ctx = shell.window.ctx
    project = care.list_projects(demo_app, include_retired=False)[1]
    briefs = acts.find_people(demo_app, "", limit=2)
    dialog = ServiceRecordDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.ui.volunteerEdit.set_person(briefs[0].id)
    dialog.ui.projectCombo.setCurrentIndex(dialog.ui.projectCombo.findData(project.id))
    dialog.ui.hoursEdit.setText("3")
    dialog.save_and_next()
    assert len(dialog.saved_ids) == 1 and dialog.ui.volunteerEdit.person_id is None
    assert dialog.ui.projectCombo.currentData() == project.id and dialog.ui.hoursEdit.text() == "3"
    dialog.ui.volunteerEdit.set_person(briefs[1].id)
    dialog.save()
    assert dialog.result() == ServiceRecordDialog.DialogCode.Accepted and len(dialog.saved_ids) == 2
    saved = [care.get_service_record(demo_app, i).values for i in dialog.saved_ids]
    assert [v["person_id"] for v in saved] == [briefs[0].id, briefs[1].id]
    assert all(v["project_id"] == project.id and v["hours"] == Decimal("3.00") for v in saved)


def test_correcting_a_record_replaces_it_in_the_list(shell, demo_app: App) -> None:
    page = volunteer_page(shell)
    total = page.model.total
    old_id = page.model.record_id(0)
    old = care.get_service_record(demo_app, old_id)
    seen: list[ServiceRecordDialog] = []

    def correct(dialog) -> None:
        assert isinstance(dialog, ServiceRecordDialog)
        seen.append(dialog)
        assert dialog.ui.volunteerEdit.person_id == old.values["person_id"]
        assert dialog.ui.hoursEdit.text() == plain_number(old.values["hours"])
        assert dialog.ui.projectCombo.currentData() == old.values["project_id"]
        assert dialog.ui.nextButton.isHidden()  # one record is corrected at a time
        dialog.ui.hoursEdit.setText("3.25")
        dialog.ui.contentText.setPlainText("更正：实际服务 3 小时 15 分。")
        dialog.save()

    page.ui.table.selectRow(0)
    in_modal(correct)
    page.ui.openRecordButton.click()
    new_id = seen[0].saved_id
    assert new_id is not None and new_id != old_id
    ids = record_ids(page)
    assert old_id not in ids and new_id in ids and page.model.total == total
    row = ids.index(new_id)
    assert page.model.index(row, 4).data() == "3.25"
    assert page.model.index(row, 6).data() == "更正：实际服务 3 小时 15 分。"
    assert page.model.index(row, 1).data() == old.person_name
    with pytest.raises(DomainError):
        care.get_service_record(demo_app, old_id)


def test_deleting_a_record_asks_first(shell, demo_app: App, monkeypatch) -> None:
    page = volunteer_page(shell)
    total = page.model.total
    record_id = page.model.record_id(2)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    page.ui.table.selectRow(2)
    page.ui.deleteRecordButton.click()
    assert page.model.total == total and record_id in record_ids(page)
    page.ui.deleteRecordButton.click()
    assert len(asked) == 2
    assert page.model.total == total - 1 and record_id not in record_ids(page)
    assert browse.SERVICE_RECORDS.count(demo_app) == total - 1


def test_ctrl_n_opens_a_new_record(shell, qtbot) -> None:
    page = volunteer_page(shell)
    shell.window.activateWindow()
    page.ui.table.setFocus()
    shown: list[object] = []

    def close(dialog) -> None:
        shown.append(dialog)
        dialog.reject()

    in_modal(close)
    qtbot.keyClick(page.ui.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1 and isinstance(shown[0], ServiceRecordDialog)
    assert shown[0].record_id is None


def test_adding_and_retiring_a_project(shell, demo_app: App) -> None:
    page = volunteer_page(shell)
    page.ui.tabs.setCurrentIndex(PROJECTS_TAB)
    before = page.projects_model.rowCount()
    assert before == len(care.list_projects(demo_app))

    def fill(dialog) -> None:
        assert isinstance(dialog, ProjectDialog)
        fields = [dialog.ui.fieldCombo.itemText(i) for i in range(dialog.ui.fieldCombo.count())]
        assert fields == VOLUNTEER_FIELDS and dialog.ui.fieldCombo.currentIndex() == -1
        dialog.ui.nameEdit.setText("  银龄  护河队 ")
        dialog.save()  # no field yet: refused, kept open
        assert dialog.saved_id is None and dialog.ui.errorLabel.isVisible()
        assert dialog.ui.nameEdit.text() == "  银龄  护河队 "
        dialog.ui.fieldCombo.setCurrentIndex(dialog.ui.fieldCombo.findText("环境美化"))
        dialog.ui.organiserEdit.setText("金湖路社区居委会")
        dialog.ui.phoneEdit.setText("0532 8287 1099")
        dialog.ui.descriptionText.setPlainText("沿河巡查，劝阻乱扔垃圾。")
        dialog.save()

    in_modal(fill)
    page.ui.newProjectButton.click()
    assert page.projects_model.rowCount() == before + 1
    project_id = page.selected_project()
    assert project_id is not None
    item = next(p for p in care.list_projects(demo_app) if p.id == project_id)
    assert (item.name, item.field, item.organiser, item.active) == ("银龄 护河队", "环境美化", "金湖路社区居委会", True)
    row = page.projects_model.row_of(project_id)
    assert page.projects_model.text(row, 0) == "银龄 护河队"
    assert page.projects_model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is None

    offered = ServiceRecordDialog(shell.window.ctx)
    assert offered.ui.projectCombo.findData(project_id) >= 0
    offered.deleteLater()

    page.ui.retireProjectButton.click()
    item = next(p for p in care.list_projects(demo_app) if p.id == project_id)
    assert not item.active
    row = page.projects_model.row_of(project_id)
    assert page.selected_project() == project_id
    assert page.projects_model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    retired = ServiceRecordDialog(shell.window.ctx)
    assert retired.ui.projectCombo.findData(project_id) < 0  # no longer offered
    retired.deleteLater()

    page.ui.retireProjectButton.click()  # and back again
    assert next(p for p in care.list_projects(demo_app) if p.id == project_id).active


def test_a_retired_project_stays_on_its_old_records(qtbot, shell, demo_app: App) -> None:
    record_id = browse.SERVICE_RECORDS.rows(demo_app, "", 0, 1)[0][0]
    detail = care.get_service_record(demo_app, record_id)
    care.set_project_active(demo_app, detail.values["project_id"], False)
    dialog = ServiceRecordDialog(shell.window.ctx, record_id)
    qtbot.addWidget(dialog)
    assert dialog.ui.projectCombo.currentData() == detail.values["project_id"]
    assert detail.project_name in dialog.ui.projectCombo.currentText()


def test_deleting_a_project_with_records_is_refused(shell, demo_app: App, monkeypatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    page = volunteer_page(shell)
    page.ui.tabs.setCurrentIndex(PROJECTS_TAB)
    used = next(p for p in care.list_projects(demo_app) if p.records)
    page.ui.projectTable.selectRow(page.projects_model.row_of(used.id))
    assert page.ui.deleteProjectButton.isEnabled()
    page.ui.deleteProjectButton.click()
    assert len(warned) == 1 and used.name in warned[0] and "不能删除" in warned[0]
    assert any(p.id == used.id for p in care.list_projects(demo_app))
    assert page.projects_model.row_of(used.id) >= 0

    unused = care.create_project(demo_app, {"name": "临时项目", "field": VOLUNTEER_FIELDS[0]})
    page.load()
    page.ui.projectTable.selectRow(page.projects_model.row_of(unused))
    page.ui.deleteProjectButton.click()
    assert len(warned) == 1
    assert all(p.id != unused for p in care.list_projects(demo_app))
    assert page.projects_model.row_of(unused) < 0


def test_points_ranking_agrees_with_the_books(shell, demo_app: App) -> None:
    page = volunteer_page(shell)
    page.ui.tabs.setCurrentIndex(POINTS_TAB)
    latest = dt.date.fromisoformat(page.model.index(0, 0).data())  # the newest service record
    page.ui.yearSpin.setValue(latest.year)
    page.ui.periodCombo.setCurrentIndex(page.ui.periodCombo.findData(latest.month))
    assert page.period() == (latest.year, latest.month)
    ranking = points.points_ranking(demo_app, latest.year, latest.month)
    assert ranking and page.points_model.rowCount() == len(ranking)
    rows = table_rows(page.points_model)
    for p, row in zip(ranking, rows, strict=True):
        assert row[0] == str(p.rank) and row[1] == p.name and row[2] == p.party_branch
        assert Decimal(row[3]) == p.hours and Decimal(row[8]) == p.total
        assert row[4] == str(p.activities)
        assert Decimal(row[5]) + Decimal(row[6]) + Decimal(row[7]) == p.total
        assert all("E" not in text and not text.endswith(".0") for text in row[3:])  # no float artefacts
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert page.points_model.index(0, 8).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert page.ui.schemeLabel.text()

    page.ui.periodCombo.setCurrentIndex(0)  # the whole year
    assert page.period() == (latest.year, None)
    year = points.points_ranking(demo_app, latest.year)
    assert [r[1] for r in table_rows(page.points_model)] == [p.name for p in year]
    assert [r[8] for r in table_rows(page.points_model)] == [plain_number(p.total) for p in year]


def test_plain_numbers() -> None:
    assert [plain_number(Decimal(t)) for t in ("12.50", "3.00", "10", "0.0000", "14.5000", "0.25")] == [
        "12.5",
        "3",
        "10",
        "0",
        "14.5",
        "0.25",
    ]


def test_talent_pool_filtered_by_a_tag(shell, qtbot, demo_app: App) -> None:
    page = volunteer_page(shell)
    page.ui.tabs.setCurrentIndex(TALENT_TAB)
    everyone = talent.talent_pool(demo_app)
    assert page.talent_model.rowCount() == len(everyone)
    tags = dict(talent.talent_tags_in_use(demo_app))
    tag = max(tags, key=lambda t: tags[t])
    combo = page.ui.tagCombo
    assert combo.count() == len(tags) + 1 and combo.itemData(0) is None
    combo.setCurrentIndex(combo.findData(tag))
    expected = talent.talent_pool(demo_app, tag)
    assert 0 < len(expected) < len(everyone)
    rows = table_rows(page.talent_model)
    assert [r[0] for r in rows] == [t.name for t in expected]
    assert all(tag in row[3].split("、") for row in rows)
    assert [page.talent_model.record_id(r) for r in range(len(rows))] == [t.person_id for t in expected]
    # a search within the tag
    page.ui.talentSearchEdit.setText(expected[0].name)
    qtbot.waitUntil(lambda: page.talent_model.rowCount() == len(talent.talent_pool(demo_app, tag, expected[0].name)))
    assert page.talent_model.text(0, 0) == expected[0].name
    page.ui.talentTable.selectRow(0)
    assert page.ui.recordServiceButton.isEnabled()


@pytest.mark.parametrize("mask", [False, True])
def test_exporting_the_talent_pool(shell, qtbot, demo_app: App, tmp_path: Path, monkeypatch, mask: bool) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "人才库"
    asked: list[str] = []
    shown: list[str] = []

    def save_name(_parent, _title, name, _filter, *args, **kwargs):
        asked.append(name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: shown.append(text))
    page = volunteer_page(shell)
    page.ui.tabs.setCurrentIndex(TALENT_TAB)
    tag = talent.talent_tags_in_use(demo_app)[0][0]
    page.ui.tagCombo.setCurrentIndex(page.ui.tagCombo.findData(tag))
    page.ui.maskCheck.setChecked(mask)
    page.ui.exportButton.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    qtbot.waitUntil(lambda: shell.runner.active == 0, timeout=10_000)
    assert asked[0].endswith(f"{tag}_{dt.date.today().isoformat()}.xlsx")
    path = target.with_name("人才库.xlsx")
    assert path.exists() and str(page.talent_model.rowCount()) in shown[0]
    sheet = load_workbook(path).active
    exported = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    table = table_rows(page.talent_model)
    assert len(exported) == len(table) > 0
    for got, row in zip(exported, table, strict=True):
        assert got[1] == row[0]  # name
        assert (got[2] or "") == row[1] and (got[6] or "") == row[4]  # sex, Party branch
        assert (got[5] or "") == row[3]  # talents
        if mask:
            assert got[9] is None or "****" in got[9]
        else:
            assert (got[9] or "") == row[5] and (got[10] or "") == row[6]
        assert Decimal(str(got[12])) == Decimal(row[8])
    assert shell.window.ctx.layout.value("volunteer/mask_phones") == ("1" if mask else "0")


def test_the_tab_and_columns_are_remembered(shell, qtbot) -> None:
    page = volunteer_page(shell)
    page.ui.tabs.setCurrentIndex(POINTS_TAB)
    page.ui.table.horizontalHeader().resizeSection(1, 211)
    page.save_layout()
    again = VolunteerPage(shell.window.ctx)
    qtbot.addWidget(again)
    assert again.ui.tabs.currentIndex() == POINTS_TAB
    assert again.ui.table.horizontalHeader().sectionSize(1) == 211
    again.ui.tabs.setCurrentIndex(RECORDS_TAB)
    assert shell.window.ctx.layout.value("volunteer/tab") == str(RECORDS_TAB)
