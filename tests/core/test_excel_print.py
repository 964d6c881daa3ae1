"""Every Excel export prints: A4, one page wide, header rows repeated, ruled, named fonts, rows
tall enough for their wrapped text, page numbers, no page holding only a header or a note,
and the marking of personal data on full-data exports (masked ones mask addresses too).

The settings are read back with openpyxl from the saved files; one workbook is printed with
LibreOffice (Debian's ``libreoffice-calc``) and its pages read back with pdftotext.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.excel_print import (
    BODY_FONT,
    BODY_SIZE,
    FOOTER,
    HEADING_FONT,
    LINE_FACTOR,
    MARK,
    paginate,
    wrapped_lines,
)
from cadre_desk.core.ledgers.excel import SIGN_LINE, export_monthly_ledgers_excel, export_year_summary_excel
from cadre_desk.core.models import Person
from cadre_desk.core.privacy import mask_address
from cadre_desk.core.roster_export import export_roster, write_import_template
from cadre_desk.core.services import people
from cadre_desk.core.services.talent import export_talent_pool

TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)  # a month the demo has fully held
YEAR, MONTH = LAST_MONTH.year, LAST_MONTH.month
FONTS = {BODY_FONT, HEADING_FONT}
A4 = 9


# -- measuring and paging -----------------------------------------------------------------------


def test_wrapped_lines_count_cjk_twice_as_wide_and_break_latin_between_words() -> None:
    assert wrapped_lines("", 10) == 1
    assert wrapped_lines("金湖路", 10) == 1
    # a column 10 units wide holds 5 CJK characters of 11 pt a line, about 10 Latin ones
    assert wrapped_lines("金" * 5, 10) == 1
    assert wrapped_lines("金" * 12, 10) == 3
    assert wrapped_lines("金" * 12, 10) > wrapped_lines("a" * 12, 10)
    assert wrapped_lines("第一段\n第二段", 40) == 2  # a line break is a line
    assert wrapped_lines("word " * 6, 12) >= 3  # words are not cut
    assert wrapped_lines("金" * 40, 10, size=9) < wrapped_lines("金" * 40, 10, size=11)


def test_pages_never_start_with_a_note_or_end_with_a_header() -> None:
    # a title, a header, 60 rows, the 合计, a note and the line to sign, at many row heights:
    # wherever the page fills, the closing rows take the last rows of the table along
    header, last_data = 3, 63
    keep_next = {1, 2, header}
    keep_prev = {64, 65, 66, last_data, last_data - 1}  # 合计, note, sign; the last rows go along
    seen = set()
    for tenth in range(100, 400, 7):
        heights = [tenth / 10] * 66
        breaks = paginate(
            heights,
            widths=[10.0],
            landscape=False,
            title_rows=(header, header),
            keep_next=keep_next,
            keep_prev=keep_prev,
        )
        starts = {b + 1 for b in breaks}
        assert not starts & keep_prev and not set(breaks) & keep_next
        assert all(s <= last_data - 2 for s in starts)  # at least three rows with the 合计 and note
        seen.add(len(breaks))
    assert len(seen) > 2  # one, two, three … pages
    # a block that must start a page does
    breaks = paginate([20.0] * 30, widths=[10.0], landscape=False, new_page={10, 20})
    assert {9, 19} <= set(breaks)


def test_a_sheet_with_more_breaks_than_excel_takes_keeps_the_ones_that_start_blocks() -> None:
    from openpyxl import Workbook

    from cadre_desk.core.excel_print import MAX_BREAKS, set_breaks

    ws = Workbook().active
    set_breaks(ws, list(range(10, 30_000, 10)), forced={101, 2001})
    assert [b.id for b in ws.row_breaks.brk] == [100, 2000]  # Excel refuses a file with thousands
    ws = Workbook().active
    set_breaks(ws, [10, 20], forced=set())
    assert [b.id for b in ws.row_breaks.brk] == [10, 20] and MAX_BREAKS <= 1026


def test_long_texts_are_counted_as_short_ones_are() -> None:
    text = "青岛市市南区金湖路十二号" * 40  # 480 characters: longer than the texts whose counts are remembered
    per_line = wrapped_lines("金" * 10, 20) == 1 and wrapped_lines("金" * 11, 20) == 2  # 10 a line
    assert per_line
    assert wrapped_lines(text[:200], 20) == 20 and wrapped_lines(text, 20) == 48


# -- the exports ---------------------------------------------------------------------------------


def _check_print_setup(ws: Any, *, landscape: bool) -> None:
    setup = ws.page_setup
    where = ws.title
    assert int(setup.paperSize) == A4, where
    assert setup.orientation == ("landscape" if landscape else "portrait"), where
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage, where
    assert ws.print_title_rows, where  # header rows repeated on every page
    assert ws.oddFooter.center.text == FOOTER == "第 &P 页 共 &N 页", where


def _check_fonts(wb: Any) -> None:
    """Every font of the workbook — the default and each cell's — is named 宋体 or 黑体."""
    assert all(f.name in FONTS for f in wb._fonts), [f.name for f in wb._fonts]
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    assert c.font.name in FONTS, (ws.title, c.coordinate, c.font.name)
        for item in (ws.oddFooter.center, ws.oddFooter.right, ws.oddHeader.center):
            if item.text:
                assert item.font and item.font.split(",")[0] in FONTS, (ws.title, item.font)


def _check_row_heights(ws: Any) -> None:
    """A row holding wrapped text is at least as tall as its lines need (merged cells measured
    across their columns): the text never runs into the rows below."""
    widths = {i: ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(1, ws.max_column + 1)}
    spans = {(r.min_row, r.min_col): r.max_col for r in ws.merged_cells.ranges}
    checked = 0
    for row in ws.iter_rows():
        for c in row:
            if not isinstance(c.value, str) or not c.alignment.wrap_text:
                continue
            width = sum(widths[i] for i in range(c.column, spans.get((c.row, c.column), c.column) + 1))
            size = c.font.sz or BODY_SIZE
            lines = wrapped_lines(c.value, width, size)
            height = ws.row_dimensions[c.row].height
            assert height and height >= lines * size * LINE_FACTOR, (ws.title, c.coordinate, c.value, lines, height)
            checked += 1
    assert checked, ws.title


def _check_header_ruled(ws: Any, row: int) -> None:
    cells = [c for c in ws[row] if c.value is not None]
    assert cells and all(c.border.top.style == "thin" and c.border.left.style == "thin" for c in cells), ws.title


def _texts(ws: Any) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def _check_marking(ws: Any, *, marked: bool, who: str = "") -> None:
    top = " ".join(str(ws.cell(r, 1).value or "") for r in range(1, 4))
    header = ws.oddHeader.center.text or ""
    if marked:
        assert MARK in top and MARK in header and f"导出人：{who}" in header, ws.title
    else:
        assert MARK not in _texts(ws) and MARK not in header, ws.title


@pytest.fixture(scope="module")
def ledgers(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Last month's ledgers masked and in full, and the year summary, from the demo station."""
    data = tmp_path_factory.mktemp("excel-print") / "data"
    shutil.copytree(demo_template, data)
    out: dict[str, Any] = {}
    with App.open(data) as app:
        masked, full, year = (data.parent / n for n in ("masked.xlsx", "full.xlsx", "year.xlsx"))
        export_monthly_ledgers_excel(app, YEAR, MONTH, masked, today=TODAY)
        export_monthly_ledgers_excel(app, YEAR, MONTH, full, full_data=True, today=TODAY)
        export_year_summary_excel(app, YEAR, year, today=TODAY)
        out["actor"] = app.actor.name
        with app.read() as s:
            out["addresses"] = {a for (a,) in s.execute(select(Person.address)) if a}
    out.update(masked=masked, full=full, year=year)
    return out


def test_every_ledger_sheet_prints_on_a4_one_page_wide_with_named_fonts_and_tall_enough_rows(
    ledgers: dict[str, Any],
) -> None:
    from cadre_desk.core.ledgers import LEDGERS

    landscape = {k.title: k.landscape for k in LEDGERS.values()}
    for name in ("masked", "full", "year"):
        wb = load_workbook(ledgers[name])
        _check_fonts(wb)
        for ws in wb:
            _check_print_setup(ws, landscape=landscape.get(ws.title, False))
            _check_row_heights(ws)
            last = int(re.findall(r"\d+", ws.print_title_rows)[-1])
            _check_header_ruled(ws, last) if ws.cell(last, 1).value == "序号" else None
            # every row's height is set, so the pages break where the workbook says
            assert all(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)), ws.title


def test_full_data_ledgers_are_marked_on_every_sheet_and_page_and_masked_ones_are_not(ledgers: dict[str, Any]) -> None:
    for ws in load_workbook(ledgers["full"]):
        _check_marking(ws, marked=True, who=ledgers["actor"])
    masked = load_workbook(ledgers["masked"])
    for ws in masked:
        _check_marking(ws, marked=False)
    # the masked roster shows no home address in full
    text = _texts(masked["人员信息台账"])
    assert not [a for a in ledgers["addresses"] if a in text]
    assert any(mask_address(a) in text for a in ledgers["addresses"])


def test_the_signin_book_repeats_its_column_header_and_prints_each_activity_on_its_own_pages(
    ledgers: dict[str, Any],
) -> None:
    ws = load_workbook(ledgers["masked"])["签到簿"]
    assert ws.print_title_rows == "$1:$3" and ws.cell(3, 1).value == "序号"
    areas = str(ws.print_area).split(",")
    starts = [r for r in range(4, ws.max_row + 1) if re.match(r"\d+\. ", str(ws.cell(r, 1).value or ""))]
    assert len(areas) == len(starts) > 1
    breaks = {b.id for b in ws.row_breaks.brk}
    assert {s - 1 for s in starts[1:]} <= breaks


def test_no_page_of_a_ledger_starts_with_its_closing_rows(ledgers: dict[str, Any]) -> None:
    """The line to sign, a note or a 合计 row never open a page: they go with rows of their table."""
    for ws in (*load_workbook(ledgers["masked"]), *load_workbook(ledgers["full"])):
        starts = {b.id + 1 for b in ws.row_breaks.brk}
        for r in starts:
            first = str(ws.cell(r, 1).value or "")
            assert first not in (SIGN_LINE, "合计") and not first.startswith("注："), (ws.title, r, first)
            assert ws.cell(r - 1, 1).value != "序号", (ws.title, r)  # a header never ends a page
        # and no page between two breaks is blank
        bounds = [0, *sorted(b.id for b in ws.row_breaks.brk), ws.max_row]
        for first, last in itertools.pairwise(bounds):
            assert any(ws.cell(r, 1).value is not None for r in range(first + 1, last + 1)), (ws.title, first, last)


def test_roster_export_and_template_print(demo_app: App, tmp_path: Path) -> None:
    masked, full, template = tmp_path / "m.xlsx", tmp_path / "f.xlsx", tmp_path / "t.xlsx"
    export_roster(demo_app, masked)
    export_roster(demo_app, full, full_data=True)
    write_import_template(template)
    with demo_app.read() as s:
        addresses = {a for (a,) in s.execute(select(Person.address)) if a}
    for path in (masked, full, template):
        wb = load_workbook(path)
        _check_fonts(wb)
        ws = wb["人员信息台账"]
        _check_print_setup(ws, landscape=True)
        header = 2 if path == full else 1
        assert ws.print_title_rows == f"${header}:${header}" and ws.cell(header, 1).value == "序号"
        _check_header_ruled(ws, header)
        _check_marking(ws, marked=path == full, who=demo_app.actor.name)
        if path != template:
            _check_row_heights(ws)
            assert all(c.border.left.style == "thin" for c in ws[header + 1])  # data rows ruled
    text = _texts(load_workbook(masked)["人员信息台账"])
    assert not [a for a in addresses if a in text]  # masked: no home address in full
    ws = load_workbook(template)["人员信息台账"]
    assert ws.print_area == "'人员信息台账'!$A$1:$AG$21"  # the header and ruled rows to fill by hand
    guide = load_workbook(template)["填写说明"]
    _check_print_setup(guide, landscape=False)
    _check_row_heights(guide)


def test_talent_export_prints_masks_addresses_and_is_marked_in_full(demo_app: App, tmp_path: Path) -> None:
    with demo_app.read() as s:
        talented = list(s.scalars(select(Person).where(Person.deleted.is_(False))))
    someone = next(p for p in talented if p.status == "active")
    people.update_person(demo_app, someone.id, {"talent_tags": ["法律"], "address": "金湖路12号3单元401室"})
    masked, full = tmp_path / "m.xlsx", tmp_path / "f.xlsx"
    n = export_talent_pool(demo_app, masked, mask=True)
    assert export_talent_pool(demo_app, full) == n > 0
    for path in (masked, full):
        wb = load_workbook(path)
        _check_fonts(wb)
        ws = wb.active
        _check_print_setup(ws, landscape=True)
        assert ws.print_title_rows == "$3:$3"
        _check_header_ruled(ws, 3)
        _check_row_heights(ws)
        _check_marking(ws, marked=path == full, who=demo_app.actor.name)
        # the hours' header is on one line: never "累计服务时长（ / 小时）"
        width = ws.column_dimensions["M"].width
        assert wrapped_lines("累计服务时长（小时）", width, 11) == 1
    addresses = {r[11] for r in load_workbook(masked).active.iter_rows(min_row=4, values_only=True) if r[11]}
    assert "金湖路****" in addresses and all(a.endswith("****") for a in addresses)
    full_addresses = {r[11] for r in load_workbook(full).active.iter_rows(min_row=4, values_only=True)}
    assert "金湖路12号3单元401室" in full_addresses


# -- printed by LibreOffice ----------------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice is needed to print the Excel exports in this test: "
            "apt-get install -y libreoffice-calc (and poppler-utils for pdftotext)"
        )
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is needed to read the printed pages: apt-get install -y poppler-utils")
    return found


def test_without_libreoffice_the_print_test_fails_and_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y libreoffice-calc"):
        _soffice()


def test_libreoffice_prints_the_ledgers_on_the_pages_the_workbook_sets(demo_app: App, tmp_path: Path) -> None:
    """The full-data 签到簿 and 志愿服务台账 printed by LibreOffice: A4, as many pages as the
    workbook's page breaks make (no page the program had to add), the column header and the
    marking on every page, each activity starting a page, page numbers, and no page holding
    only a header, a note or the line to sign."""
    soffice = _soffice()
    book = tmp_path / "ledgers.xlsx"
    export_monthly_ledgers_excel(demo_app, YEAR, MONTH, book, ledgers=["signin", "volunteer"], full_data=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "ledgers.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]

    wb = load_workbook(book)
    signin, volunteer = wb["签到簿"], wb["志愿服务台账"]
    expected = {ws.title: len(ws.row_breaks.brk) + 1 for ws in wb}
    assert len(pages) == sum(expected.values()), (len(pages), expected)
    for n, page in enumerate(pages, start=1):
        assert f"第{n}页共{len(pages)}页" in page.replace(" ", "")
        assert MARK in page  # in the page header
        # rows of a table on every page: never only a header, a note or the line to sign
        assert re.search(r"^\s*\d+\.? +\S", page, re.M), page
    signin_pages = pages[: expected["签到簿"]]
    assert all("序号" in page and "签到方式" in page for page in signin_pages)  # the column header, repeated
    headings = [str(signin.cell(r, 1).value) for r in range(4, signin.max_row + 1)]
    headings = [h.split("　")[0] for h in headings if re.match(r"\d+\. ", h)]
    # each activity begins a page: its heading is the first line under the repeated header
    firsts = []
    for page in signin_pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        below = lines[lines.index(next(x for x in lines if x.startswith("序号"))) + 1]
        firsts.append(below)
    assert [f for f in firsts if re.match(r"\d+\. ", f)] and all(any(f.startswith(h) for f in firsts) for h in headings)
    assert "填表人" in pages[-1] and volunteer.max_row > 3


def test_a_name_with_an_ampersand_is_printed_as_written_in_the_page_header(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from cadre_desk.core.excel_print import marking_text, setup_page

    wb = Workbook()
    marking = marking_text("张&B", dt.datetime(2026, 12, 7, 9, 30))
    setup_page(wb.active, landscape=False, title_rows=(1, 1), marking=marking)
    wb.save(tmp_path / "x.xlsx")
    header = load_workbook(tmp_path / "x.xlsx").active.oddHeader.center.text
    assert header == "含个人信息 注意保密　导出人：张&&B　导出时间：2026-12-07 09:30"  # "&&" prints one "&"
