"""The monthly ledgers and the year summary as an Excel workbook, read back as station staff would."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.ledgers import LEDGERS, MONTHLY
from cadre_desk.core.ledgers.data import MonthBook, read_month
from cadre_desk.core.ledgers.excel import (
    SIGN_LINE,
    ExcelResult,
    export_monthly_ledgers_excel,
    export_year_summary_excel,
)

TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)  # a month the demo has fully held
YEAR, MONTH = LAST_MONTH.year, LAST_MONTH.month
MASKED_ID = re.compile(r"^\d{6}\*+\d{3}[\dX]$")
FULL_ID = re.compile(r"^\d{17}[\dX]$")
ID_18 = re.compile(r"\d{17}[\dX]")

HEADERS = {
    "活动台账": ("序号", "日期", "时间", "活动类型", "活动名称", "活动地点", "主持人", "应到", "实到", "请假"),
    "人员信息台账": (
        "序号",
        "姓名",
        "性别",
        "民族",
        "出生年月",
        "身份证号",
        "原工作单位",
        "原职务/职级",
        "类别",
        "离退休时间",
        "政治面貌",
        "所在党支部",
        "联系电话",
        "家庭住址",
    ),
    "走访慰问台账": (
        "序号",
        "日期",
        "走访对象",
        "走访人",
        "事由",
        "慰问品",
        "慰问金（元）",
        "走访情况",
        "诉求与跟进",
    ),
    "志愿服务台账": ("序号", "日期", "姓名", "服务项目", "服务角色", "服务内容", "时长（小时）", "积分"),
}
LEDGERS_BY_TITLE = {k.title: k for k in LEDGERS.values()}
SIGNIN_HEADER = ("序号", "姓名", "类别", "签到时间", "签名", "签到方式", "备注")


def values(ws: Worksheet, row: int) -> list[Any]:
    return [c.value for c in ws[row]]


def rows_with(ws: Worksheet, first: str) -> list[int]:
    """The rows whose first cell reads ``first``."""
    return [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == first]


def data_rows(ws: Worksheet, header: int) -> list[int]:
    """The rows of the table under ``header``: those numbered in 序号, up to the 合计 row."""
    out = []
    for r in range(header + 1, ws.max_row + 1):
        if not isinstance(ws.cell(r, 1).value, int):
            break
        out.append(r)
    return out


def num(value: Any) -> Decimal:
    return Decimal(str(value))


@pytest.fixture(scope="module")
def month(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, ExcelResult, MonthBook]]:
    """Every ledger of last month (fully held) from the demo station, exported once for the module."""
    data = tmp_path_factory.mktemp("ledger-excel") / "data"
    shutil.copytree(demo_template, data)
    with App.open(data) as app:
        out = data.parent / "台账.xlsx"
        progress: list[tuple[float, str]] = []
        result = export_monthly_ledgers_excel(
            app, YEAR, MONTH, out, today=TODAY, progress=lambda f, m: progress.append((f, m))
        )
        book = read_month(app, YEAR, MONTH, MONTHLY, today=TODAY)
    assert [f for f, _ in progress] == sorted(f for f, _ in progress) and progress[-1][0] == 1.0
    assert all(any(LEDGERS[k].title in m for _, m in progress) for k in MONTHLY)  # a message per sheet
    yield load_workbook(out), result, book


def test_every_ledger_is_a_sheet_in_print_order_with_title_particulars_and_header(month: Any) -> None:
    wb, result, book = month
    titles = [LEDGERS[k].title for k in MONTHLY]
    assert wb.sheetnames == result.sheets == titles
    assert result.path.name == "台账.xlsx"
    for ws in wb:
        assert ws["A1"].value == f"{book.station} {YEAR}年{MONTH}月 {ws.title}"
        assert ws["A1"].font.b and "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}
        assert ws["A2"].value.startswith("统计期间：" if ws.title != "人员信息台账" else "在册 ")
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.orientation == ("landscape" if LEDGERS_BY_TITLE[ws.title].landscape else "portrait")
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        last = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value is not None)
        assert ws.cell(last, 1).value == SIGN_LINE and ws.cell(last - 1, 1).value is None
        assert "填表人：" in SIGN_LINE and "审核人：" in SIGN_LINE and "填报日期：" in SIGN_LINE
    for title, header in HEADERS.items():
        ws = wb[title]
        assert tuple(values(ws, 3)) == header
        assert all(c.font.b and c.fill.fgColor.rgb.endswith("E8E8E8") and c.border.top.style == "thin" for c in ws[3])
        assert ws.freeze_panes in ("A4", "C4") and ws.print_title_rows == "$3:$3"
        assert ws.auto_filter.ref.startswith("A3:")


def test_the_rows_are_the_books_rows_with_numbers_as_numbers(month: Any) -> None:
    wb, result, book = month
    ws = wb["活动台账"]
    rows = data_rows(ws, 3)
    assert len(rows) == len(book.activities) > 0
    for r, a in zip(rows, book.activities, strict=True):
        date, title, invited = ws.cell(r, 2), ws.cell(r, 5), ws.cell(r, 8)
        assert date.value.date() == a.date and date.number_format == "mm-dd"
        assert title.value == a.title and title.alignment.wrap_text and title.border.left.style == "thin"
        assert invited.value == a.invited and invited.data_type == "n"
    ws = wb["志愿服务台账"]
    hours = [ws.cell(r, 7) for r in data_rows(ws, 3)]
    assert [num(c.value) for c in hours] == [s.hours for s in book.service]
    assert all(c.number_format == "General" for c in hours)
    ws = wb["走访慰问台账"]
    money = [ws.cell(r, 7) for r in data_rows(ws, 3)]
    assert [num(c.value) for c in money] == [v.money for v in book.visits]
    assert all(c.data_type == "n" and c.number_format.startswith("0.00") for c in money)
    expected = (
        len(book.activities)
        + sum(len(b.entries) for b in book.signin)
        + len(book.records)
        + len(book.roster)
        + len(book.visits)
        + len(book.service)
        + len(book.service_totals)
        + len(book.stats.by_type)
        + len(book.stats.visits_by_reason)
    )
    assert result.rows == expected


def test_totals_rows_are_the_sums_of_the_rows(month: Any) -> None:
    wb, _, book = month
    ws = wb["活动台账"]
    rows = data_rows(ws, 3)
    total = rows[-1] + 1
    assert ws.cell(total, 1).value == "合计" and ws.cell(total, 5).value == f"{len(rows)} 场"
    assert all(ws.cell(total, c).font.b for c in (1, *range(5, 11)))
    for col in (8, 9, 10):
        assert ws.cell(total, col).value == sum(ws.cell(r, col).value for r in rows)

    ws = wb["走访慰问台账"]
    rows = data_rows(ws, 3)
    total = rows[-1] + 1
    assert ws.cell(total, 1).value == "合计" and ws.cell(total, 5).value == f"{len(rows)} 次"
    assert num(ws.cell(total, 7).value) == sum((num(ws.cell(r, 7).value) for r in rows), Decimal("0"))

    ws = wb["志愿服务台账"]
    for header in rows_with(ws, "序号"):
        rows = data_rows(ws, header)
        total = rows[-1] + 1
        assert ws.cell(total, 1).value == "合计"
        for col in range(4, 9):
            if isinstance(ws.cell(rows[0], col).value, int | float):
                assert num(ws.cell(total, col).value) == sum((num(ws.cell(r, col).value) for r in rows), Decimal(0))
    assert len(rows_with(ws, "序号")) == 2  # the records, and 按人汇总

    ws = wb["月度统计"]
    for header in (*rows_with(ws, "活动类型"), *rows_with(ws, "走访事由")):
        rows = []
        r = header + 1
        while ws.cell(r, 1).value != "合计":
            rows.append(r)
            r += 1
        assert ws.cell(r, 2).value == sum(ws.cell(x, 2).value for x in rows)
        assert num(ws.cell(r, 3).value) == sum((num(ws.cell(x, 3).value) for x in rows), Decimal(0))
    figures = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(4, 15)}
    assert figures["活动场次"].value == len(book.activities)
    assert figures["出勤率"].number_format == "0.0%"
    rate = f"{Decimal(str(figures['出勤率'].value)) * 100:.1f}%"
    assert rate == book.stats.month.rate


def test_the_signin_book_has_a_block_per_activity_and_a_row_per_entry(month: Any) -> None:
    wb, _, book = month
    ws = wb["签到簿"]
    # one column header under the title, repeated on every page above each activity's block
    assert rows_with(ws, "序号") == [3] and tuple(values(ws, 3)) == SIGNIN_HEADER
    starts = [r for r in range(4, ws.max_row + 1) if re.match(r"\d+\. ", str(ws.cell(r, 1).value or ""))]
    assert len(starts) == len(book.signin) > 0
    entries = [r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert len(entries) == sum(len(b.entries) for b in book.signin)
    for start, b in zip(starts, book.signin, strict=True):
        a = b.activity
        title = ws.cell(start, 1).value
        assert ws.cell(start, 1).font.b and a.title in title and a.when in title and (a.place or "—") in title
        assert ws.cell(start + 1, 1).value.startswith(f"应到 {a.invited} 人")
        h = start + 1
        rows = data_rows(ws, h)
        assert [ws.cell(r, 2).value for r in rows] == [e.name for e in b.entries]
        signs = [ws.cell(r, 5).value for r in rows]
        assert signs == ["请假" if e.status == "leave" else "已手写签名" if e.signature else "—" for e in b.entries]
        for r, e in zip(rows, b.entries, strict=True):
            note = ws.cell(r, 7).value or ""
            assert (e.status == "proxy") == note.startswith("代签")
            assert e.walk_in == ("临时参加（不在应到名单）" in note)
        after = ws.cell(rows[-1] + 1, 1).value if rows else None
        if b.absent:
            assert after == f"未到人员（{len(b.absent)} 人）：" + "、".join(b.absent)
    assert not ws._images  # no signatures embedded
    assert ws.print_title_rows == "$1:$3"
    # each activity prints on pages of its own: one print area and a page break before each
    areas = str(ws.print_area).split(",")
    assert [int(re.search(r"\$A\$(\d+)", a).group(1)) for a in areas] == [1, *starts[1:]]
    assert {s - 1 for s in starts[1:]} <= {b.id for b in ws.row_breaks.brk}


def test_the_record_book_has_particulars_record_and_photo_captions(month: Any) -> None:
    wb, _, book = month
    ws = wb["写实册"]
    starts = rows_with(ws, "活动名称")
    assert len(starts) == len(book.records) > 0
    for start, r in zip(starts, book.records, strict=True):
        a = r.activity
        assert ws.cell(start, 2).value == a.title
        assert values(ws, start + 1) == ["活动类型", a.type_name, "活动时间", a.when]
        assert ws.cell(start + 2, 1).value == "活动地点" and ws.cell(start + 2, 3).value == "主持人"
        assert ws.cell(start + 3, 1).value == "参加人员"
        assert ws.cell(start + 3, 2).value.startswith(f"实到 {len(r.participants)} 人")
        assert ws.cell(start + 4, 1).value == "活动记录"
        body = ws.cell(start + 5, 1)
        first = next(line.strip() for line in a.record.splitlines() if line.strip())
        assert first in body.value and body.alignment.wrap_text
        assert ws.row_dimensions[start + 5].height and ws.row_dimensions[start + 5].height > 15
        assert ws.cell(start + 6, 1).value == "活动照片"
        captions = [ws.cell(start + 7 + n, 1).value for n in range(len(r.photos))]
        assert captions == [f"图 {n}：{p.caption}" if p.caption else f"图 {n}" for n, p in enumerate(r.photos, 1)]
    assert not ws._images


def test_id_numbers_are_masked_text_unless_full_data_is_asked_for(demo_app: App, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    export_monthly_ledgers_excel(demo_app, YEAR, MONTH, out, today=TODAY)  # every sheet, default masking
    wb = load_workbook(out)
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not ID_18.search(str(v or "")), f"unmasked ID number in {ws.title}: {v}"
    ws = wb["人员信息台账"]
    rows = data_rows(ws, 3)
    ids = [ws.cell(r, 6) for r in rows]
    phones = [ws.cell(r, 13) for r in rows if ws.cell(r, 13).value]
    assert ids and all(MASKED_ID.match(c.value) for c in ids if c.value)
    assert all(c.data_type == "s" and c.number_format == "@" for c in [*ids, *phones])
    assert "已部分隐去" in ws.cell(rows[-1] + 1, 1).value

    full = tmp_path / "full.xlsx"
    export_monthly_ledgers_excel(demo_app, YEAR, MONTH, full, ledgers=["roster"], full_data=True, today=TODAY)
    ws = load_workbook(full)["人员信息台账"]
    (header,) = rows_with(ws, "序号")  # under the title, the marking and the particulars
    ids = [ws.cell(r, 6) for r in data_rows(ws, header) if ws.cell(r, 6).value]
    assert ids and all(FULL_ID.match(c.value) and c.data_type == "s" and c.number_format == "@" for c in ids)
    assert "隐去" not in str(ws.cell(data_rows(ws, header)[-1] + 1, 1).value)


def test_a_subset_of_ledgers_gives_only_those_sheets_in_print_order(demo_app: App, tmp_path: Path) -> None:
    out = tmp_path / "some.XLSX"
    result = export_monthly_ledgers_excel(demo_app, YEAR, MONTH, out, ledgers=["人员信息台账", "signin"], today=TODAY)
    assert result.sheets == ["签到簿", "人员信息台账"] == load_workbook(out).sheetnames
    one = export_monthly_ledgers_excel(demo_app, YEAR, MONTH, tmp_path / "one.xlsx", ledgers="visits", today=TODAY)
    assert one.sheets == ["走访慰问台账"]


def test_totals_count_only_activities_already_held_and_the_planned_are_listed_apart(
    demo_app: App, tmp_path: Path
) -> None:
    mid = LAST_MONTH.replace(day=15)
    book = read_month(demo_app, YEAR, MONTH, ["activities"], today=mid)
    assert book.held and book.planned  # the demo's month has activities on both sides of the 15th
    out = tmp_path / "mid.xlsx"
    export_monthly_ledgers_excel(demo_app, YEAR, MONTH, out, ledgers=["activities"], today=mid)
    ws = load_workbook(out)["活动台账"]
    rows = data_rows(ws, 3)
    assert len(rows) == len(book.held)
    assert all(isinstance(ws.cell(r, 9).value, int) for r in rows)
    total = rows[-1] + 1
    assert ws.cell(total, 5).value == f"{len(book.held)} 场"  # the 合计 counts the set it sums
    for col in (8, 9, 10):
        assert ws.cell(total, col).value == sum(ws.cell(r, col).value for r in rows)
    assert f"另有计划 {len(book.planned)} 场尚未开展" in ws.cell(total + 1, 1).value
    texts = [str(ws.cell(r, 1).value or "") for r in range(total + 1, ws.max_row + 1)]
    plan_at = next(n for n, t in enumerate(texts) if t.startswith("尚未开展的活动"))
    header = total + 1 + plan_at + 1
    planned_rows = data_rows(ws, header)
    assert [ws.cell(r, 5).value for r in planned_rows] == [a.title for a in book.planned]
    assert all(ws.cell(r, 9).value == "未开展" for r in planned_rows)


def test_cancelling_leaves_no_file_and_keeps_an_old_one(demo_app: App, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    out = tmp_path / "gone.xlsx"
    with pytest.raises(Cancelled):
        export_monthly_ledgers_excel(demo_app, YEAR, MONTH, out, cancel=token, today=TODAY)
    with pytest.raises(Cancelled):
        export_year_summary_excel(demo_app, YEAR, out, cancel=token, today=TODAY)
    assert not out.exists()

    old = tmp_path / "old.xlsx"
    old.write_bytes(b"the old workbook")
    token = CancelToken()

    def progress(_fraction: float, message: str) -> None:
        if "写实册" in message:  # half-way through the workbook
            token.cancel()

    with pytest.raises(Cancelled):
        export_monthly_ledgers_excel(demo_app, YEAR, MONTH, old, progress=progress, cancel=token, today=TODAY)
    assert old.read_bytes() == b"the old workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo", "old.xlsx"]  # no temporary file left


def test_the_year_summary_has_twelve_months_and_the_year(demo_app: App, tmp_path: Path) -> None:
    out = tmp_path / "year.xlsx"
    result = export_year_summary_excel(demo_app, YEAR, out, today=TODAY)
    assert result.sheets == ["年度统计"]
    ws = load_workbook(out)["年度统计"]
    assert ws["A1"].value.endswith(f"{YEAR}年 年度统计")
    (header,) = rows_with(ws, "月份")
    assert [ws.cell(header + n, 1).value for n in range(1, 14)] == [f"{m}月" for m in range(1, 13)] + ["全年"]
    year = header + 13
    assert ws.cell(year, 1).font.b
    for col in (2, 3, 4, 6, 7, 8, 9):  # 场次, 应到, 实到, 走访, 慰问金, 服务次数, 时长
        months = sum((num(ws.cell(header + n, col).value) for n in range(1, 13)), Decimal(0))
        assert num(ws.cell(year, col).value) == months
    assert ws.cell(year, 2).value > 0
    assert ws.cell(year, 7).number_format.startswith("0.00") and ws.cell(year, 9).number_format == "General"
    assert result.rows >= 12


def test_bad_input_is_refused_with_a_message(demo_app: App, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="没有名为"):
        export_monthly_ledgers_excel(demo_app, YEAR, MONTH, tmp_path / "a.xlsx", ledgers=["工资表"])
    with pytest.raises(DomainError, match="月份不正确"):
        export_monthly_ledgers_excel(demo_app, YEAR, 13, tmp_path / "a.xlsx")
    with pytest.raises(DomainError, match=r"\.xlsx"):
        export_monthly_ledgers_excel(demo_app, YEAR, MONTH, tmp_path / "a.pdf")
    with pytest.raises(DomainError, match="年份不正确"):
        export_year_summary_excel(demo_app, 0, tmp_path / "a.xlsx")
    with pytest.raises(DomainError, match="文件夹"):
        export_monthly_ledgers_excel(demo_app, YEAR, MONTH, tmp_path / "missing" / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()


def test_an_empty_month_still_gives_every_sheet_with_a_note(app: App, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    result = export_monthly_ledgers_excel(app, 2026, 1, out, today=dt.date(2026, 2, 1))
    assert result.rows == 0
    wb = load_workbook(out)
    text = {ws.title: "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c) for ws in wb}
    assert "本月没有活动记录。" in text["活动台账"]
    assert "本月没有已开展的活动，无签到簿。" in text["签到簿"]
    assert "本月没有已开展的活动，无写实记录。" in text["写实册"]
    assert "截至 2026年1月31日，名册中没有在册人员。" in text["人员信息台账"]
    assert "本月没有走访慰问记录。" in text["走访慰问台账"]
    assert "本月没有志愿服务记录。" in text["志愿服务台账"]
    assert "没有活动。" in text["月度统计"] and SIGN_LINE in text["月度统计"]
