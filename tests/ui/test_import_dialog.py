"""Importing a messy roster through the dialog: preview first, corrected columns, then one import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.models import Person
from cadre_desk.ui.import_dialog import ImportDialog
from cadre_desk.ui.jobs import JobRunner


@pytest.fixture
def messy_workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "退休干部"
    ws.append(["金湖路社区退休干部花名册"])
    ws.merge_cells("A1:F1")
    ws.append(["填报单位：金湖路社区", None, None, "填报日期：2026年11月"])
    ws.append(["序号", "姓 名", "性别", "出生年月", "身份证号码", "联系方式"])
    ws.append([1, "张  三", "男", "1950.01", "370202195001011239", "13912345678"])
    ws.append([2, "李四", "女", 1948.03, 3.70202194803081e17, "0532-85851234"])
    ws.append([3, "阿依古丽·买买提", "女", "1952年3月", "370202 19520301 0023", ""])
    ws.append([])
    ws.append(["合计", "3人"])
    ws.append(["注：以上信息截至2026年11月"])
    path = tmp_path / "花名册.xlsx"
    wb.save(path)
    return path


def names_in_roster(app: App) -> set[str]:
    with app.read() as s:
        return set(s.scalars(select(Person.name).where(Person.deleted.is_(False))))


def test_preview_then_import_writes_only_the_good_rows(qtbot, demo_app: App, messy_workbook: Path) -> None:
    before = names_in_roster(demo_app)
    dialog = ImportDialog(demo_app, JobRunner(), path=messy_workbook)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert names_in_roster(demo_app) == before  # checking writes nothing
    summary = dialog.ui.summaryLabel.text()
    assert "新增 2 人" in summary and "有错误 1 行" in summary
    assert dialog.model.rowCount() == 3  # title, filing, total and note rows are not rows
    dialog.ui.showCombo.setCurrentIndex(dialog.ui.showCombo.findText("仅错误和重复"))
    assert dialog.model.rowCount() == 1
    reason = dialog.model.index(0, 4).data()
    assert reason.startswith("E5") and "数字" in reason
    assert dialog.ui.importButton.text() == "导入 2 人(&I)"

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.ui.importButton.click()
    added = names_in_roster(demo_app) - before
    assert added == {"张三", "阿依古丽·买买提"}
    assert dialog.result is not None and dialog.result.created == 2


def test_a_column_can_be_left_out_and_checked_again(qtbot, demo_app: App, messy_workbook: Path) -> None:
    dialog = ImportDialog(demo_app, JobRunner(), path=messy_workbook)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    first = dialog.plan
    phone_row = next(
        i for i, (_lay, _col, combo) in enumerate(dialog._mapping) if combo.currentData() == "phone_mobile"
    )
    dialog._mapping[phone_row][2].setCurrentIndex(0)  # （不导入）
    dialog.ui.recheckButton.click()
    qtbot.waitUntil(lambda: dialog.plan is not first, timeout=20_000)
    new_rows = [r for r in dialog.plan.rows if r.kind == "new"]
    assert new_rows and all(not r.values.get("phone_mobile") for r in new_rows)


def test_a_legacy_xls_file_gets_a_clear_message(qtbot, demo_app: App, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    dialog = ImportDialog(demo_app, JobRunner(), path=legacy)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert "另存为" in shown[0]
    assert not dialog.ui.importButton.isEnabled()


def test_enter_chooses_a_file_and_what_is_left_out_can_be_chosen_saved_and_is_named(
    qtbot, app: App, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QFileDialog

    from tests.core.test_import_problems import messy

    book = messy(tmp_path / "名册.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    saved_to = tmp_path / "问题行.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved_to), ""))
    dialog = ImportDialog(app, JobRunner(inline=True))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.ui.chooseButton.isDefault() and not dialog.ui.templateButton.isDefault()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter: 选择文件…, not 保存空白模板
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20_000)
    assert not saved_to.exists()
    rows = dialog.model.rows
    differs = next(i for i, r in enumerate(rows) if r.kind == "duplicate" and r.changes)
    assert dialog.model.index(differs, 3).data() == "身份证号相同，内容不同"
    table = dialog.ui.previewTable
    assert table.rowHeight(differs) > 1.8 * table.fontMetrics().height()  # the long reason wraps, not cut
    table.setCurrentIndex(dialog.model.index(differs, 0))
    assert dialog.ui.takeRowButton.isEnabled()
    dialog.ui.takeRowButton.click()
    assert "已采用本行" in dialog.model.index(differs, 4).data()
    assert not dialog.ui.takeRowButton.isEnabled()
    assert dialog.ui.exportProblemsButton.text() == "导出 3 个问题行(&E)…"
    dialog.ui.exportProblemsButton.click()
    assert saved_to.exists() and "已保存" in dialog.ui.summaryLabel.text()
    assert dialog.ui.importButton.isDefault()
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # checked: Enter imports
    assert dialog.result.summary() == "已导入：新增 3 人；1 行有错误未导入，2 行与已有人员重复已跳过。"
    with app.read() as s:
        assert s.scalar(select(Person.address).where(Person.name == "张建国")) == "金湖路 87 号"
