"""报表打印: choose the month and ledgers, generate in the background, preview, print, export."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from cadre_desk.core.app import App
from cadre_desk.core.ledgers import MONTHLY
from cadre_desk.ui.pages.reports import ReportsPage
from cadre_desk.ui.pdf_preview import PdfPreviewDialog, print_pages

TODAY = dt.date.today()


def reports_page(shell) -> ReportsPage:
    page = shell.window.go_to("reports")
    assert isinstance(page, ReportsPage)
    page.load()
    return page


def set_checked(page: ReportsPage, keys: set[str]) -> None:
    tree = page.ui.ledgerList
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        wanted = item.data(0, Qt.ItemDataRole.UserRole) in keys
        item.setCheckState(0, Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


def generated(page: ReportsPage, qtbot) -> PdfPreviewDialog:
    page.ui.generateButton.click()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "preview", None), PdfPreviewDialog), timeout=30_000)
    return page.preview


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))


def test_the_page_lists_every_ledger_ticked_with_this_months_figures(shell) -> None:
    page = reports_page(shell)
    tree = page.ui.ledgerList
    assert [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(tree.topLevelItemCount())] == list(
        MONTHLY
    )
    assert page.chosen_ledgers() == list(MONTHLY)
    assert "签到簿" in tree.topLevelItem(1).text(0) and "A4" in tree.topLevelItem(3).text(1)
    set_checked(page, set())
    assert not page.ui.generateButton.isEnabled() and not page.ui.excelButton.isEnabled()
    page.ui.yearRadio.setChecked(True)
    assert page.ui.generateButton.isEnabled() and not page.ui.ledgerList.isEnabled()


def test_generating_opens_a_preview_of_the_chosen_ledgers_kept_in_the_data_dir(shell, qtbot, demo_app: App) -> None:
    page = reports_page(shell)
    set_checked(page, {"activities", "stats"})
    preview = generated(page, qtbot)
    result = page.last_result
    assert result.path.parent == demo_app.layout.reports and result.path.exists()
    assert f"{TODAY.month:02d}月" in result.path.name and "活动台账" in result.path.name
    assert len(preview.pages) == result.pages == pdf_pages(result.path)
    qtbot.waitUntil(lambda: preview.pages[0].pixmap() is not None and not preview.pages[0].pixmap().isNull())
    image = preview.pages[0].pixmap().toImage()
    assert image.width() > 500  # a page at its paper size on screen
    assert not preview.ui.warningLabel.isVisible()
    assert str(result.pages) in page.ui.statusLabel.text()
    zoom = preview.zoom
    preview.ui.zoomInButton.click()
    assert preview.zoom > zoom and preview.pages[0].width() > image.width() / image.devicePixelRatio()
    preview.reject()


def test_printing_draws_every_page_on_the_printer(shell, qtbot, tmp_path: Path) -> None:
    page = reports_page(shell)
    set_checked(page, {"activities", "visits"})
    preview = generated(page, qtbot)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    assert print_pages(preview, preview.document, printer, "台账")
    assert pdf_pages(tmp_path / "printed.pdf") == len(preview.pages)
    preview.reject()


def test_characters_no_font_has_are_listed_before_printing(shell, qtbot, demo_app: App) -> None:
    from cadre_desk.core.services.people import create_person

    create_person(demo_app, {"name": "刘\U00031350", "category": "tuixiu"})
    page = reports_page(shell)
    set_checked(page, {"roster"})
    preview = generated(page, qtbot)
    assert not preview.ui.warningLabel.isHidden()
    assert "刘\U00031350" in preview.ui.warningLabel.text() and "手写" in preview.ui.warningLabel.text()
    preview.reject()


def test_the_year_summary_and_full_data_name_their_files(shell, qtbot) -> None:
    page = reports_page(shell)
    page.ui.fullCheck.setChecked(True)
    assert "完整信息" in page.output_path().name
    page.ui.yearRadio.setChecked(True)
    assert page.output_path().name == f"{TODAY.year}年 年度统计.pdf"
    preview = generated(page, qtbot)
    assert page.last_result.path.name.endswith("年度统计.pdf")
    preview.reject()


def test_exporting_the_ledgers_to_excel(shell, qtbot, tmp_path: Path, monkeypatch) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "台账"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    page = reports_page(shell)
    set_checked(page, {"activities", "visits"})
    page.ui.excelButton.click()
    qtbot.waitUntil(lambda: "xlsx" in page.ui.statusLabel.text(), timeout=30_000)
    book = load_workbook(target.with_name("台账.xlsx"))
    assert book.sheetnames == ["活动台账", "走访慰问台账"]
