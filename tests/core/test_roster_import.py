"""Importing station rosters (花名册) from messy real-world .xlsx workbooks."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from cadre_desk.core import roster_import as ri
from cadre_desk.core.app import App, Tx
from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import AuditEntry, Person
from cadre_desk.core.roster_import import FIELD_SYNONYMS, ImportPlan, RowOutcome, match_header
from cadre_desk.core.services import people
from cadre_desk.core.validators import gb11643_check_digit, normalize_name

from .roster_workbooks import (
    TODAY,
    fullwidth,
    make_id,
    messy_roster,
    put_rows,
    random_people,
    simple_book,
    text_cells,
)

HEADER = ["序号", "姓名", "性别", "出生年月", "身份证号", "联系电话", "类别"]


def plan(app: App, path: Path, layouts: list[ri.SheetLayout] | None = None, **kw: Any) -> ImportPlan:
    return ri.plan_import(app, path, layouts, today=TODAY, **kw)


def outcome(p: ImportPlan, row: int, sheet: str | None = None) -> RowOutcome:
    found = [r for r in p.rows if r.row == row and (sheet is None or r.sheet == sheet)]
    assert len(found) == 1, (row, [(r.sheet, r.row, r.kind, r.reason) for r in p.rows])
    return found[0]


def roster(app: App) -> dict[str | None, Person]:
    with app.read() as s:
        rows = list(s.scalars(select(Person).where(Person.deleted.is_(False))))
    return {p.id_number or p.name: p for p in rows}


def count(app: App, model: type) -> int:
    with app.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


# ---------------------------------------------------------------------------------------
# The whole thing: a messy multi-sheet workbook
# ---------------------------------------------------------------------------------------


def test_messy_workbook_imports_every_valid_person_once_and_reports_bad_rows(app: App, tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    exp = messy_roster(path)
    before_audit = count(app, AuditEntry)

    p = plan(app, path)
    assert count(app, Person) == 0 and count(app, AuditEntry) == before_audit  # planning writes nothing
    assert [lay.sheet for lay in p.layouts] == ["离休干部", "退休干部"]
    assert p.ignored_sheets == ["说明"]

    # Exactly the person rows are reported: no title, filing, blank, total or note row.
    expected_rows = {tuple(x["at"]) for x in exp.people} | {(s, r) for s, r, _c, _w in exp.errors} | set(exp.duplicates)
    assert {(r.sheet, r.row) for r in p.rows} == expected_rows
    for r in p.rows:
        assert not any(word in r.name or word in r.reason for word in exp.never), r
    for sheet, row, cell, words in exp.errors:
        o = outcome(p, row, sheet)
        assert o.kind == "error" and o.cell == cell and o.reason.startswith(f"{cell}：") and words in o.reason, o
    for sheet, row in exp.duplicates:
        o = outcome(p, row, sheet)
        assert o.kind == "duplicate" and "离休干部" in o.reason and "第 5 行" in o.reason
    assert p.counts == {"new": len(exp.people), "update": 0, "duplicate": 1, "error": len(exp.errors), "skipped": 0}
    assert "新增 9 人" in p.summary() and "有错误 6 行" in p.summary()
    assert len(p.importable) == 9 and len(p.errors) == 6 and len(p.duplicates) == 1

    result = ri.apply_import(app, p)
    assert (result.created, result.updated) == (len(exp.people), 0)
    stored = roster(app)
    assert len(stored) == len(exp.people) == count(app, Person)
    for want in exp.people:
        got = stored[want["id_number"] or want["name"]]
        assert got.name == want["name"]
        assert got.id_number == want["id_number"]
        assert got.sex == want["sex"]
        assert (got.birth_date.year, got.birth_date.month) == want["birth"]
        assert got.category == want["category"]
        assert got.status == "active" and got.name_pinyin
    names = {p.name for p in stored.values()}
    assert not names & {"错性别", "错生日", "数字号", "校验错", "缺区号", "吴海", "合计", "总计"}
    zhang = stored[exp.people[0]["id_number"]]
    assert (zhang.phone_mobile, zhang.phone_home, zhang.address) == ("13812345678", "0532-85851234", "金湖路1号")
    li = stored[exp.people[4]["id_number"]]
    assert (li.phone_mobile, li.phone_home) == ("13912345678", "0532-82871234")  # one cell, two numbers

    # Importing the same file again changes nothing.
    again = plan(app, path)
    assert again.counts["new"] == 0 and again.counts["skipped"] == len(exp.people) - 1  # 郑无号 has no ID number
    assert outcome(again, 7, "退休干部").kind == "duplicate"  # same name and birth month, no ID number


# ---------------------------------------------------------------------------------------
# Headers and layout
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("姓名", "name"),
        ("姓 名", "name"),
        ("姓\n名", "name"),
        ("*姓名", "name"),
        ("身份证号", "id_number"),
        ("身份证号码（18位）", "id_number"),
        ("公民身份号码", "id_number"),
        ("身 份 证 号\n(必填)", "id_number"),
        ("联系电话", "phone_mobile"),
        ("联系方式", "phone_mobile"),
        ("手机号码", "phone_mobile"),
        ("固定电话", "phone_home"),
        ("联系电话（座机）", "phone_home"),
        ("出生年月", "birth_date"),
        ("出生日期", "birth_date"),
        ("出生年月\n（年.月）", "birth_date"),
        ("性　别", "sex"),
        ("离/退休", "category"),
        ("离／退休", "category"),
        ("类别", "category"),
        ("离退休类别", "category"),
        ("现家庭住址", "address"),
        ("【备注】", "notes"),
        ("紧急联系人电话", "emergency_phone"),
        ("家属姓名", "emergency_contact"),
        ("原工作单位及职务", "work_unit"),
        ("是否独居", "care_living_alone"),
        ("序号", None),
        ("年龄", None),
        ("XX社区离退休干部花名册", None),
        ("填报日期：2024年3月15日", None),
        (1, None),
        (None, None),
    ],
)
def test_header_spellings(text: Any, field: str | None) -> None:
    assert match_header(text) == field


def test_every_synonym_and_every_person_label_is_recognised() -> None:
    for field, words in FIELD_SYNONYMS.items():
        assert field in people.PERSON_FIELDS
        for word in words:
            assert match_header(word) == field, word
            assert match_header(" ".join(word)) == field, word  # 姓 名
    for field, label in people.PERSON_FIELDS.items():
        if field != "photo_sha256":
            assert match_header(label) == field, label


def test_title_and_filing_rows_above_a_header_with_other_spellings(tmp_path: Path) -> None:
    path = simple_book(
        tmp_path / "r.xlsx",
        ["序 号", "姓  名", "性别", "出生日期", "公民身份号码", "联系方式", "离退休类别", "年龄"],
        [[1, "孙丽", "女", "1950.02", make_id(dt.date(1950, 2, 3), "女"), "13700001111", "退休", 76]],
        before=[
            ["金湖路社区退休干部花名册"],
            ["填报单位：金湖路社区", None, None, None, "填报日期：2024年3月15日"],
            [],
        ],
        merges=["A1:H1", "A2:D2", "E2:H2"],
        text_columns=[5],
    )
    [layout] = ri.read_layouts(path)
    assert layout.header_row == 4 and layout.first_data_row == 5
    assert layout.columns == {
        "name": 2,
        "sex": 3,
        "birth_date": 4,
        "id_number": 5,
        "phone_mobile": 6,
        "category": 7,
    }
    assert layout.headers[1] == "序 号" and layout.headers[8] == "年龄"  # shown in the mapping dialog
    assert layout.category_from_sheet is None  # there is a category column


@pytest.mark.parametrize("merged", [True, False])
def test_a_header_over_two_rows_with_merged_group_cells(app: App, tmp_path: Path, merged: bool) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "离休干部"
    ws["A1"] = "离休干部花名册"
    put_rows(ws, 2, [["序号", "基本情况", None, None, None, "联系方式", None, "备注"]])
    put_rows(ws, 3, [[None, "姓名", "性别", "出生年月", "身份证号", "手机", "固定电话", None]])
    if merged:
        ws.merge_cells("A1:H1")
        ws.merge_cells("B2:E2")
        ws.merge_cells("F2:G2")
        ws.merge_cells("A2:A3")
        ws.merge_cells("H2:H3")
    id1 = make_id(dt.date(1928, 3, 15), "男")
    put_rows(ws, 4, [[1, "张三", "男", "1928.03", id1, "13812345678", "0532-85851234", "老红军"]])
    text_cells(ws, [5])
    path = tmp_path / "two-rows.xlsx"
    wb.save(path)

    [layout] = ri.read_layouts(path)
    assert layout.header_row == 2 and layout.first_data_row == 4
    assert layout.columns == {
        "name": 2,
        "sex": 3,
        "birth_date": 4,
        "id_number": 5,
        "phone_mobile": 6,
        "phone_home": 7,
        "notes": 8,
    }
    assert layout.headers[6] == "联系方式/手机" and layout.headers[7] == "联系方式/固定电话"
    assert layout.category_from_sheet == "lixiu"
    [row] = plan(app, path).rows
    assert row.kind == "new" and row.values["phone_home"] == "0532-85851234" and row.values["category"] == "lixiu"


def test_a_row_of_column_numbers_and_a_repeated_header_are_not_data(app: App, tmp_path: Path) -> None:
    header = ["序号", "姓名", "身份证号", "类别"]
    a, b = make_id(dt.date(1950, 1, 2), "男", seq=1), make_id(dt.date(1951, 1, 2), "女", seq=2)
    path = simple_book(
        tmp_path / "r.xlsx",
        header,
        [[1, 2, 3, 4], [1, "甲一", a, "退休"], header, [2, "乙二", b, "退休"]],
        text_columns=[3],
    )
    [layout] = ri.read_layouts(path)
    assert layout.first_data_row == 3
    p = plan(app, path)
    assert [(r.row, r.kind) for r in p.rows] == [(3, "new"), (5, "new")]


def test_sheets_per_category_and_a_sheet_that_is_not_a_roster(app: App, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "本表共两个工作表：离休干部、退休干部。姓名、身份证号为必填。"
    ids = {}
    for title, birth in (("离休干部", dt.date(1927, 5, 5)), ("退休干部(含退职)", dt.date(1952, 5, 5))):
        ws = wb.create_sheet(title)
        ids[title] = make_id(birth, "男")
        put_rows(ws, 1, [["姓名", "身份证号码"], [f"{title[:2]}人", ids[title]]])
    ws = wb.create_sheet("Sheet3")
    put_rows(ws, 1, [["姓名", "身份证号码"], ["无类别", make_id(dt.date(1940, 1, 1), "女")]])
    wb.create_sheet("空表")
    path = tmp_path / "r.xlsx"
    wb.save(path)

    layouts = ri.read_layouts(path)
    assert [(lay.sheet, lay.category_from_sheet) for lay in layouts] == [
        ("离休干部", "lixiu"),
        ("退休干部(含退职)", "tuixiu"),
        ("Sheet3", None),
    ]
    p = plan(app, path)
    assert p.ignored_sheets == ["说明", "空表"]
    assert outcome(p, 2, "离休干部").values["category"] == "lixiu"
    assert outcome(p, 2, "退休干部(含退职)").values["category"] == "tuixiu"
    missing = outcome(p, 2, "Sheet3")
    assert missing.kind == "error" and missing.cell == "A2" and "离退休类别" in missing.reason


def test_section_rows_inside_one_sheet_give_the_category(app: App, tmp_path: Path) -> None:
    a, b = make_id(dt.date(1927, 5, 5), "男", seq=1), make_id(dt.date(1955, 5, 5), "女", seq=2)
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "原工作单位"],
        [["一、离休干部"], ["甲", a, "市委"], ["二、退休干部（1人）"], ["乙", b, "市政府"]],
        title="花名册",
        text_columns=[2],
    )
    p = plan(app, path)
    assert [(r.row, r.kind, r.values.get("category")) for r in p.rows] == [(3, "new", "lixiu"), (5, "new", "tuixiu")]


def test_category_cells_merged_down_a_block_of_people(app: App, tmp_path: Path) -> None:
    ids = [make_id(dt.date(1950 + i, 1, 2), "男", seq=i) for i in range(4)]
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "类别", "备注"],
        [["甲", ids[0], "离休", "合并单元格"], ["乙", ids[1]], ["丙", ids[2]], ["丁", ids[3], "退休"]],
        merges=["C2:C4"],
        text_columns=[2],
    )
    p = plan(app, path)
    assert [r.values["category"] for r in p.rows] == ["lixiu", "lixiu", "lixiu", "tuixiu"]
    assert [r.values.get("notes") for r in p.rows] == ["合并单元格", None, None, None]


def test_the_user_may_correct_the_mapping(app: App, tmp_path: Path) -> None:
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "住处", "类别"],
        [["甲", make_id(dt.date(1950, 1, 2), "男"), "金湖路1号", "退休"]],
        text_columns=[2],
    )
    [layout] = ri.read_layouts(path)
    assert "address" not in layout.columns and layout.headers[3] == "住处"
    layout.columns["address"] = 3
    [row] = plan(app, path, [layout]).rows
    assert row.values["address"] == "金湖路1号"

    del layout.columns["name"]
    with pytest.raises(DomainError, match="姓名"):
        plan(app, path, [layout])
    layout.columns.update(name=1, notes=1)
    with pytest.raises(DomainError, match="一列只能对应一个栏目"):
        plan(app, path, [layout])


# ---------------------------------------------------------------------------------------
# Rows that are not people
# ---------------------------------------------------------------------------------------


def test_blank_total_and_note_rows_are_never_rows_nor_errors(app: App, tmp_path: Path) -> None:
    a, b = make_id(dt.date(1950, 1, 2), "男", seq=1), make_id(dt.date(1951, 1, 2), "女", seq=2)
    path = simple_book(
        tmp_path / "r.xlsx",
        HEADER,
        [[1, "甲", "男", None, a, None, "退休"], [], [None, "   "], [2, "乙", "女", None, b, None, "退休"], []],
        after=[
            ["合计", None, None, None, None, None, "2人"],
            [None, "共计 2 人"],
            [None, "合  计"],
            ["小计：2"],
            ["注：1.本表一式两份；", None, None, None, None, None, None],
            ["注", "出生年月以身份证为准"],
            ["说明：类别填离休或退休"],
            ["备注：无"],
            ["填表人：王芳", None, None, "审核人：李明", None, "填报日期：2024.3.15"],
            [None, None, None, None, None, None, "2024年3月15日"],
            ["（以下空白）"],
            ["第 1 页 共 1 页"],
        ],
        text_columns=[5],
    )
    p = plan(app, path)
    assert [(r.row, r.kind) for r in p.rows] == [(2, "new"), (5, "new")]


def test_a_row_with_data_but_no_name_is_an_error_a_stray_cell_is_not(app: App, tmp_path: Path) -> None:
    path = simple_book(
        tmp_path / "r.xlsx",
        HEADER,
        [
            [1, None, "男", "1950.01", make_id(dt.date(1950, 1, 2), "男"), None, "退休"],
            [2, None, "女", "1951.01", None, "13812345678", "退休"],
            [None, None, None, "2024.03.15"],
        ],
        text_columns=[5],
    )
    p = plan(app, path)
    assert [(r.row, r.kind, r.cell) for r in p.rows] == [(2, "error", "B2"), (3, "error", "B3")]
    assert all("姓名" in r.reason for r in p.rows)


# ---------------------------------------------------------------------------------------
# Cell values
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("1948.03", (1948, 3)),
        ("1948.3", (1948, 3)),
        ("1948年3月", (1948, 3)),
        ("1948年03月15日", (1948, 3)),
        ("1948-3", (1948, 3)),
        ("1948/03", (1948, 3)),
        ("19480315", (1948, 3)),
        ("194803", (1948, 3)),
        (19480315, (1948, 3)),
        ("1948.3.15", (1948, 3)),
        (" 1948 . 3 ", (1948, 3)),
        (fullwidth("1948.03"), (1948, 3)),
        (dt.datetime(1948, 3, 15), (1948, 3)),
        (1948.03, (1948, 3)),  # Excel turned the typed 1948.03 into a number
        (1948.11, (1948, 11)),
        (17607, (1948, 3)),  # a date serial without a date format
    ],
)
def test_birth_dates_written_many_ways(app: App, tmp_path: Path, written: Any, month: tuple[int, int]) -> None:
    path = simple_book(tmp_path / "r.xlsx", ["姓名", "出生年月", "类别"], [["甲", written, "退休"]])
    [row] = plan(app, path).rows
    assert row.kind == "new", row.reason
    birth = row.values["birth_date"]
    assert (birth.year, birth.month) == month


def test_a_typed_1948_10_that_excel_made_1948_1_is_resolved_by_the_id_number(app: App, tmp_path: Path) -> None:
    october = make_id(dt.date(1948, 10, 9), "男", seq=1)
    january = make_id(dt.date(1948, 1, 9), "男", seq=3)
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "出生年月", "身份证号", "类别"],
        [["甲", 1948.1, october, "退休"], ["乙", 1948.1, january, "退休"], ["丙", 1948.1, None, "退休"]],
        text_columns=[3],
    )
    p = plan(app, path)
    assert outcome(p, 2).values["birth_date"] == dt.date(1948, 10, 9)
    assert outcome(p, 3).values["birth_date"] == dt.date(1948, 1, 9)
    ambiguous = outcome(p, 4)
    assert ambiguous.kind == "error" and ambiguous.cell == "B4" and "10 月" in ambiguous.reason


def test_names_padded_with_dots_and_rare_characters(app: App, tmp_path: Path) -> None:
    names = ["张  三", " 李四 ", "王\u3000五", "阿依古丽·买买提", "阿依古丽.艾力", "王䶮", "\U00020bb7祥", "欧阳 修远"]
    ids = [make_id(dt.date(1950, 1, 1 + i), "男", seq=i) for i in range(len(names))]
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "类别"],
        [[n, i, "退休"] for n, i in zip(names, ids, strict=True)],
        text_columns=[2],
    )
    p = plan(app, path)
    assert [r.name for r in p.rows] == [
        "张三",
        "李四",
        "王五",
        "阿依古丽·买买提",
        "阿依古丽·艾力",
        "王䶮",
        "\U00020bb7祥",
        "欧阳修远",
    ]
    ri.apply_import(app, p)
    assert roster(app)[ids[6]].name == "\U00020bb7祥"


def test_id_numbers_with_spaces_full_width_digits_and_lower_case_x(app: App, tmp_path: Path) -> None:
    x_id = next(i for s in range(1, 99, 2) if (i := make_id(dt.date(1949, 2, 3), "男", seq=s)).endswith("X"))
    plain = make_id(dt.date(1950, 6, 7), "女", seq=4)
    written = [x_id.lower(), f" {plain[:6]} {plain[6:14]} {plain[14:]} ", fullwidth(make_id(dt.date(1951, 1, 1), "男"))]
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "类别"],
        [["甲", written[0], "退休"], ["乙", written[1], "退休"], ["丙", written[2], "退休"]],
    )
    p = plan(app, path)
    assert [r.kind for r in p.rows] == ["new"] * 3
    assert [r.values["id_number"] for r in p.rows] == [x_id, plain, make_id(dt.date(1951, 1, 1), "男")]
    assert [r.values["sex"] for r in p.rows] == ["M", "F", "M"]


def test_an_id_number_excel_stored_as_a_number_is_an_error_never_stored(app: App, tmp_path: Path) -> None:
    full = make_id(dt.date(1952, 6, 8), "男", seq=12)
    truncated = int(full[:15] + "000")
    legacy = 370202520608123  # a 15-digit legacy number fits a number exactly
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "类别"],
        [
            ["甲", float(full), "退休"],
            ["乙", truncated, "退休"],
            ["丙", "3.70202195206081E+17", "退休"],
            ["丁", legacy, "退休"],
        ],
    )
    p = plan(app, path)
    for row in (2, 3, 4):
        o = outcome(p, row)
        assert o.kind == "error" and o.cell == f"B{row}" and o.values == {}
        assert "Excel" in o.reason and "数字" in o.reason and "文本" in o.reason
    assert "身份证号被 Excel 存成了数字（显示为 3.70202195206081E+17），末几位已丢失" in outcome(p, 2).reason
    legacy_row = outcome(p, 5)
    upgraded = "37020219520608123" + gb11643_check_digit("37020219520608123")
    assert legacy_row.kind == "new" and legacy_row.values["id_number"] == upgraded
    assert legacy_row.values["sex"] == "M" and legacy_row.values["birth_date"] == dt.date(1952, 6, 8)
    ri.apply_import(app, p)
    assert set(roster(app)) == {upgraded}


def test_only_an_integer_that_cannot_have_lost_digits_is_taken_as_an_id_number() -> None:
    """Excel keeps 15 significant digits: its rounding leaves 000 at the end of an 18-digit number."""
    exact = make_id(dt.date(1953, 6, 8), "男", seq=13)
    assert ri._prep_id(int(exact)) == exact  # e.g. written by a program that kept every digit
    for bad in (int(exact[:15] + "000"), int(exact[:16]), 3.70202195306081e17, float(exact)):
        with pytest.raises(ri._CellError, match="存成了数字"):
            ri._prep_id(bad)
    assert ri._prep_id(370202520608123.0) == "370202520608123"


def test_contradictions_are_errors_naming_the_cell(app: App, tmp_path: Path) -> None:
    male = make_id(dt.date(1950, 3, 4), "男", seq=1)
    female = make_id(dt.date(1951, 3, 4), "女", seq=2)
    path = simple_book(
        tmp_path / "r.xlsx",
        ["序号", "姓名", "性别", "出生年月", "身份证号", "类别"],
        [
            [1, "甲", "女", "1950.03", male, "退休"],
            [2, "乙", "女", "1951.04", female, "退休"],
            [3, "丙", "男性", "1950.03", make_id(dt.date(1950, 3, 5), "男", seq=3), "退休"],
            [4, "丁", "女", "1951.3", make_id(dt.date(1951, 3, 6), "女", seq=4), "离退休"],
            [5, "戊", "不详", "1951-03", make_id(dt.date(1951, 3, 7), "女", seq=6), "退休"],
            [6, "己", "女", "1950.05", male, "退休干部"],
        ],
        text_columns=[5],
    )
    p = plan(app, path)
    sex = outcome(p, 2)
    assert (sex.kind, sex.cell) == ("error", "C2") and "性别“女”与身份证号不符" in sex.reason
    birth = outcome(p, 3)
    assert (birth.kind, birth.cell) == ("error", "D3") and "1951年04月" in birth.reason
    assert outcome(p, 4).kind == "new"
    category = outcome(p, 5)
    assert (category.kind, category.cell) == ("error", "F5") and "离退休类别" in category.reason
    unknown_sex = outcome(p, 6)  # 不详 is no answer: the sex comes from the ID number
    assert unknown_sex.kind == "new" and unknown_sex.values["sex"] == "F"
    both = outcome(p, 7)  # every bad cell of a row is named
    assert both.kind == "error" and both.cell == "C7" and "C7：" in both.reason and "D7：" in both.reason


def test_category_missing_is_an_error(app: App, tmp_path: Path) -> None:
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "类别"],
        [["甲", make_id(dt.date(1950, 1, 1), "男"), None], ["乙", make_id(dt.date(1950, 1, 2), "男"), "退休"]],
        title="名单",
        text_columns=[2],
    )
    p = plan(app, path)
    missing = outcome(p, 2)
    assert (missing.kind, missing.cell) == ("error", "C2") and "缺少离退休类别" in missing.reason
    assert outcome(p, 3).kind == "new"


def test_phone_cells_with_a_landline_or_two_numbers(app: App, tmp_path: Path) -> None:
    ids = [make_id(dt.date(1950, 1, 1 + i), "男", seq=i) for i in range(4)]
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "联系电话", "类别"],
        [
            ["甲", ids[0], "0532-85851234", "退休"],
            ["乙", ids[1], "13812345678、13912345678", "退休"],
            ["丙", ids[2], 13812345678, "退休"],
            ["丁", ids[3], "无", "退休"],
        ],
        text_columns=[2],
    )
    p = plan(app, path)
    assert outcome(p, 2).values["phone_home"] == "0532-85851234" and "phone_mobile" not in outcome(p, 2).values
    two = outcome(p, 3).values
    assert two["phone_mobile"] == "13812345678" and two["notes"] == "其他电话:13912345678"
    assert outcome(p, 4).values["phone_mobile"] == "13812345678"
    assert "phone_mobile" not in outcome(p, 5).values


def test_care_flags_and_closed_lists_in_roster_words(app: App, tmp_path: Path) -> None:
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "出生年月", "类别", "是否独居", "空巢", "政治面貌", "活动类别", "民族", "人员状态"],
        [
            ["甲", "1950.01", "退", "是", "√", "党员", "正常", "汉", "健在"],
            ["乙", "1950.02", "离休干部", "否", None, "群众", "免于参加", "回族", "在册"],
            ["丙", "1950.03", "退休", "也许", None, None, None, None, None],
        ],
    )
    p = plan(app, path)
    a, b = outcome(p, 2).values, outcome(p, 3).values
    assert (a["category"], a["care_living_alone"], a["care_empty_nest"]) == ("tuixiu", True, True)
    assert (a["political_status"], a["activity_class"], a["ethnicity"], a["status"]) == (
        "中共党员",
        "normal",
        "汉族",
        "active",
    )
    assert (b["category"], b["care_living_alone"], b["activity_class"]) == ("lixiu", False, "exempt")
    bad = outcome(p, 4)
    assert (bad.kind, bad.cell) == ("error", "D4") and "是" in bad.reason


# ---------------------------------------------------------------------------------------
# Duplicates and people already on the roster
# ---------------------------------------------------------------------------------------


def test_the_same_id_number_twice_in_the_file(app: App, tmp_path: Path) -> None:
    same = make_id(dt.date(1950, 1, 1), "男")
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "类别"],
        [["甲", same, "退休"], ["乙", make_id(dt.date(1950, 1, 2), "男"), "退休"], ["甲", same.lower(), "退休"]],
        text_columns=[2],
    )
    p = plan(app, path)
    dup = outcome(p, 4)
    assert (dup.kind, dup.cell) == ("duplicate", "B4") and "第 2 行" in dup.reason and "甲" in dup.reason
    assert ri.apply_import(app, p).created == 2


def test_an_id_number_on_the_roster_updates_only_filled_cells(app: App, tmp_path: Path) -> None:
    known = make_id(dt.date(1950, 5, 6), "女", seq=1)
    pid = people.create_person(
        app,
        {"name": "孙丽", "id_number": known, "category": "退休", "address": "金湖路1号", "phone_mobile": "13700001111"},
    )
    same = make_id(dt.date(1951, 5, 6), "女", seq=2)
    people.create_person(app, {"name": "周敏", "id_number": same, "category": "退休", "address": "香港中路9号"})
    taken = make_id(dt.date(1952, 5, 6), "男", seq=3)
    people.create_person(app, {"name": "钱七", "id_number": taken, "category": "退休"})
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "身份证号", "家庭住址", "联系电话", "原工作单位"],
        [
            ["孙 丽", known, None, "13911112222", "市南区财政局"],
            ["周敏", same, "香港中路9号", None, None],
            ["李冒名", taken, None, None, None],
        ],
        title="离休干部",  # the category a sheet title implies is not forced onto people on the roster
        text_columns=[2],
    )
    p = plan(app, path)
    upd = outcome(p, 2)
    assert (upd.kind, upd.person_id) == ("update", pid)
    assert upd.changes == {"phone_mobile": ("13700001111", "13911112222"), "work_unit": ("", "市南区财政局")}
    assert "手机" in upd.reason and "原工作单位" in upd.reason
    assert outcome(p, 3).kind == "skipped"
    wrong_name = outcome(p, 4)
    assert wrong_name.kind == "error" and "钱七" in wrong_name.reason and wrong_name.cell == "B4"

    result = ri.apply_import(app, p)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    sun = roster(app)[known]
    assert (sun.address, sun.phone_mobile, sun.work_unit, sun.category) == (
        "金湖路1号",
        "13911112222",
        "市南区财政局",
        "tuixiu",
    )
    assert roster(app)[taken].name == "钱七"


def test_same_name_and_birth_month_without_id_is_held_back_unless_allowed(app: App, tmp_path: Path) -> None:
    people.create_person(app, {"name": "王五", "birth_date": "1950.03", "category": "退休"})
    path = simple_book(
        tmp_path / "r.xlsx",
        ["姓名", "出生年月", "身份证号", "类别"],
        [
            ["王五", "1950.03.09", None, "退休"],
            ["王五", "1950.03", make_id(dt.date(1950, 3, 9), "男"), "退休"],
            ["赵六", "1949.12", None, "退休"],
            ["赵六", "1949-12", None, "退休"],
            ["王五", "1950.04", None, "退休"],
        ],
        text_columns=[3],
    )
    p = plan(app, path)
    for row in (2, 3):
        o = outcome(p, row)
        assert o.kind == "duplicate" and "同名同出生年月" in o.reason and "王五" in o.reason and o.cell == f"A{row}"
    assert outcome(p, 4).kind == "new"
    twin = outcome(p, 5)
    assert twin.kind == "duplicate" and "第 4 行" in twin.reason
    assert outcome(p, 6).kind == "new"

    allowed = plan(app, path, allow_similar=True)
    assert [r.kind for r in allowed.rows] == ["new"] * 5


# ---------------------------------------------------------------------------------------
# Writing: one transaction
# ---------------------------------------------------------------------------------------


def _plan_with_new_and_update(app: App, tmp_path: Path, n_new: int = 7) -> tuple[ImportPlan, str]:
    known = make_id(dt.date(1950, 5, 6), "女", seq=99)
    pid = people.create_person(app, {"name": "孙丽", "id_number": known, "category": "退休"})
    rows = [["孙丽", known, "13911112222", "退休"]]
    rows += [
        [f"人员{chr(0x4E00 + i)}", make_id(dt.date(1950, 1, 1 + i), "男", seq=i), None, "退休"] for i in range(n_new)
    ]
    path = simple_book(tmp_path / "r.xlsx", ["姓名", "身份证号", "联系电话", "类别"], rows, text_columns=[2])
    p = plan(app, path)
    assert p.counts["new"] == n_new and p.counts["update"] == 1
    return p, pid


def _snapshot(app: App) -> tuple[int, int, str]:
    with app.read() as s:
        phones = "".join(sorted(p.phone_mobile for p in s.scalars(select(Person))))
    return count(app, Person), count(app, AuditEntry), phones


def test_apply_is_atomic_when_a_batch_fails_half_way(app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p, _pid = _plan_with_new_and_update(app, tmp_path)
    before = _snapshot(app)
    monkeypatch.setattr(ri, "_BATCH", 2)
    real = Tx.bulk_add
    calls = []

    def failing(self: Tx, model: type, rows: list[dict[str, Any]]) -> list[str]:
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(self, model, rows)

    monkeypatch.setattr(Tx, "bulk_add", failing)
    with pytest.raises(RuntimeError):
        ri.apply_import(app, p)
    assert calls == [2, 2, 2]
    assert _snapshot(app) == before


def test_apply_is_atomic_when_an_update_fails(app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p, _pid = _plan_with_new_and_update(app, tmp_path)
    before = _snapshot(app)

    def failing(self: Tx, obj: Any, values: Any) -> Any:
        raise DomainError("模拟失败")

    monkeypatch.setattr(Tx, "update", failing)  # the updates come after every new row was added
    with pytest.raises(DomainError, match="模拟失败"):
        ri.apply_import(app, p)
    assert _snapshot(app) == before


def test_cancelling_apply_half_way_writes_nothing(app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p, _pid = _plan_with_new_and_update(app, tmp_path)
    before = _snapshot(app)
    monkeypatch.setattr(ri, "_BATCH", 2)
    token = CancelToken()
    seen: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        if fraction > 0.2:
            token.cancel()

    with pytest.raises(Cancelled):
        ri.apply_import(app, p, progress=progress, cancel=token)
    assert any(f > 0.2 for f in seen)
    assert _snapshot(app) == before


def test_apply_checks_id_numbers_again_inside_the_transaction(app: App, tmp_path: Path) -> None:
    p, _pid = _plan_with_new_and_update(app, tmp_path)
    newcomer = next(r for r in p.rows if r.kind == "new")
    people.create_person(app, {"name": "抢先", "id_number": newcomer.values["id_number"], "category": "退休"})
    before = _snapshot(app)
    with pytest.raises(DomainError, match="名册有了变化") as err:
        ri.apply_import(app, p)
    assert newcomer.name in str(err.value)
    assert _snapshot(app) == before


def test_apply_writes_audit_entries_and_the_station(app: App, tmp_path: Path) -> None:
    p, pid = _plan_with_new_and_update(app, tmp_path, n_new=3)
    audit_before = count(app, AuditEntry)
    result = ri.apply_import(app, p)
    assert (result.created, result.updated) == (3, 1) and "新增 3 人" in result.summary()
    assert count(app, AuditEntry) == audit_before + 4
    with app.read() as s:
        stations = set(s.scalars(select(Person.station_id)))
        assert len(stations) == 1
        assert s.get(Person, pid).phone_mobile == "13911112222"


def test_planning_reports_progress_and_can_be_cancelled(app: App, tmp_path: Path) -> None:
    day = dt.date(1950, 1, 1)
    rows = [[f"人{chr(0x4E00 + i)}", make_id(day + dt.timedelta(days=i), "男", seq=i), "退休"] for i in range(2500)]
    path = simple_book(tmp_path / "r.xlsx", ["姓名", "身份证号", "类别"], rows, text_columns=[2])
    seen: list[tuple[float, str]] = []
    p = ri.plan_import(app, path, progress=lambda f, m: seen.append((f, m)), today=TODAY)
    assert p.counts["new"] == 2500
    assert seen[-1][0] == 1.0 and any("第 2000 行" in m for _f, m in seen)
    assert [f for f, _m in seen] == sorted(f for f, _m in seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        ri.plan_import(app, path, cancel=token)


# ---------------------------------------------------------------------------------------
# Files that are not a readable roster
# ---------------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    out: dict[str, tuple[Path, str]] = {}
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    (xls := tmp_path / "旧名册.xls").write_bytes(ole + "Workbook".encode("utf-16-le") + b"\0" * 1000)
    out["xls"] = (xls, "另存为")
    (enc := tmp_path / "加密.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000)
    out["encrypted"] = (enc, "密码")
    (csv := tmp_path / "名册.csv").write_text("姓名,性别\n张三,男\n", encoding="utf-8")
    out["csv"] = (csv, "CSV")
    (html := tmp_path / "导出.xls").write_text("<html><table><tr><td>姓名</td></tr></table></html>", encoding="utf-8")
    out["html"] = (html, "网页")
    (txt := tmp_path / "名册.xlsx").write_text("这不是表格", encoding="utf-8")
    out["not a workbook"] = (txt, "不是 Excel 工作簿")
    good = simple_book(tmp_path / "good.xlsx", ["姓名", "类别"], [["甲", "退休"]] * 50)
    data = good.read_bytes()
    (cut := tmp_path / "截断.xlsx").write_bytes(data[: len(data) // 2])
    out["truncated"] = (cut, "损坏")
    with zipfile.ZipFile(other := tmp_path / "别的.xlsx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    out["other zip"] = (other, "损坏")
    (xlsb := tmp_path / "二进制.xlsb").write_bytes(data)
    out["xlsb"] = (xlsb, ".xlsb")
    (empty := tmp_path / "空.xlsx").write_bytes(b"")
    out["zero bytes"] = (empty, "空文件")
    Workbook().save(blank := tmp_path / "空白.xlsx")
    out["empty workbook"] = (blank, "空的工作簿")
    out["no header"] = (
        simple_book(tmp_path / "无表头.xlsx", ["张三", "男", "1950.03"], [["李四", "女", "1951.04"]]),
        "找不到表头",
    )
    out["missing"] = (tmp_path / "不存在.xlsx", "找不到文件")
    out["folder"] = (tmp_path, "文件夹")
    return out


@pytest.mark.parametrize(
    "case",
    [
        "xls",
        "encrypted",
        "csv",
        "html",
        "not a workbook",
        "truncated",
        "other zip",
        "xlsb",
        "zero bytes",
        "empty workbook",
        "no header",
        "missing",
        "folder",
    ],
)
def test_unreadable_files_get_a_clear_chinese_message(app: App, tmp_path: Path, case: str) -> None:
    path, words = _bad_files(tmp_path)[case]
    for call in (lambda: ri.read_layouts(path), lambda: plan(app, path)):
        with pytest.raises(DomainError) as err:
            call()
        assert type(err.value) is DomainError
        assert words in err.value.message, err.value.message
    if case == "no header":
        assert "姓名" in err.value.message and "身份证号" in err.value.message
    if case == "xls":
        assert ".xlsx" in err.value.message


def test_the_file_is_judged_by_its_content_not_its_name(app: App, tmp_path: Path) -> None:
    path = simple_book(tmp_path / "r.xlsx", ["姓名", "出生年月", "类别"], [["甲", "1950.01", "退休"]])
    renamed = path.rename(tmp_path / "名册.xls")
    assert plan(app, renamed).counts["new"] == 1


def test_importing_the_module_does_not_load_openpyxl() -> None:
    code = "import sys, cadre_desk.core.roster_import; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------
# Property: random valid people in random roster spellings come back exactly
# ---------------------------------------------------------------------------------------

_ID_HEADERS = ["身份证号", "身份证号码", "公民身份号码", "身 份 证 号", "身份证号码\n（18位）"]
_NAME_HEADERS = ["姓名", "姓 名", "姓  名", "*姓名"]
_BIRTH_HEADERS = ["出生年月", "出生日期", "出生\n年月", "出生年月（年.月）"]
_CATEGORY_HEADERS = ["类别", "离退休类别", "离/退休", "离（退）休"]
_SEX_HEADERS = ["性别", "性 别"]


def _date_forms(birth: dt.date) -> list[Any]:
    y, m, d = birth.year, birth.month, birth.day
    return [
        f"{y}.{m:02d}",
        f"{y}年{m}月",
        f"{y}-{m}",
        int(f"{y}{m:02d}{d:02d}"),
        dt.datetime(y, m, d),
        f"{y}.{m}.{d}",
        float(f"{y}.{m:02d}"),  # 1948.10 becomes 1948.1: the ID number settles it
        f"{y}{m:02d}{d:02d}",
        f"{y}年{m:02d}月{d:02d}日",
    ]


def _pad_name(name: str, how: int) -> str:
    if how == 0:
        return name
    if how == 1:
        return f" {name}  "
    if how == 2:
        return "  ".join(name)
    return "\u3000".join(name)


def _id_form(number: str, how: int) -> str:
    if how == 0:
        return number
    if how == 1:
        return number.lower()
    if how == 2:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    return fullwidth(number)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_people_in_random_spellings_are_recovered(app: App, data: st.DataObject) -> None:
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    n = data.draw(st.integers(1, 12), label="people")
    folks = random_people(random.Random(seed), n)
    by_sheet = data.draw(st.booleans(), label="one sheet per category")
    with_sex = data.draw(st.booleans(), label="sex column")
    fields = ["name", "id_number", "birth_date", *(["sex"] if with_sex else []), *([] if by_sheet else ["category"])]
    order = data.draw(st.permutations(fields), label="column order")
    spelling = {
        "name": data.draw(st.sampled_from(_NAME_HEADERS)),
        "id_number": data.draw(st.sampled_from(_ID_HEADERS)),
        "birth_date": data.draw(st.sampled_from(_BIRTH_HEADERS)),
        "sex": data.draw(st.sampled_from(_SEX_HEADERS)),
        "category": data.draw(st.sampled_from(_CATEGORY_HEADERS)),
    }
    titles = data.draw(st.integers(0, 3), label="title rows")

    def cells(person: dict[str, Any]) -> list[Any]:
        value = {
            "name": _pad_name(person["name"], data.draw(st.integers(0, 3))),
            "id_number": _id_form(person["id_number"], data.draw(st.integers(0, 3))),
            "birth_date": data.draw(st.sampled_from(_date_forms(person["birth"]))),
            "sex": data.draw(st.sampled_from([person["sex"], person["sex"] + "性", f" {person['sex']} "])),
            "category": data.draw(st.sampled_from([person["category"], person["category"] + "干部"])),
        }
        return [value[f] for f in order]

    wb = Workbook()
    sheets = {"离休": "离休干部", "退休": "退休干部"} if by_sheet else {"离休": "花名册", "退休": "花名册"}
    wb.active.title = "说明"
    wb.active["A1"] = "填表说明：姓名、身份证号必填。"
    for title in dict.fromkeys(sheets.values()):
        ws = wb.create_sheet(title)
        members = [p for p in folks if sheets[p["category"]] == title]
        top = [["XX社区离退休干部花名册"], ["填报单位：XX社区", None, "填报日期：2024年3月"], [None]][:titles]
        r = put_rows(ws, 1, top)
        r = put_rows(ws, r, [["序号", *[spelling[f] for f in order]]])
        r = put_rows(ws, r, [[i, *cells(p)] for i, p in enumerate(members, start=1)])
        put_rows(ws, r, [[None], ["合计", f"共 {len(members)} 人"], ["注：以上信息由本人核对。"]])
        text_cells(ws, [order.index("id_number") + 2])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "花名册.xlsx"
        wb.save(path)
        p = ri.plan_import(app, path, today=TODAY)

    assert p.counts == {"new": n, "update": 0, "duplicate": 0, "error": 0, "skipped": 0}, [r.reason for r in p.rows]
    got = {
        r.values["id_number"]: (
            r.name,
            r.values["sex"],
            (r.values["birth_date"].year, r.values["birth_date"].month),
            r.values["category"],
        )
        for r in p.rows
    }
    want = {
        x["id_number"]: (
            normalize_name(x["name"]),
            "M" if x["sex"] == "男" else "F",
            (x["birth"].year, x["birth"].month),
            "lixiu" if x["category"] == "离休" else "tuixiu",
        )
        for x in folks
    }
    assert got == want


# -- what a file leaves out, formulas without results, hidden characters --------------------------


def test_rows_are_numbered_as_the_file_numbers_them_and_missing_ones_are_not_made_up(app: App, tmp_path: Path) -> None:
    from tests.hostile import corpus_files as corpus

    rows = [
        corpus.row_xml(1, corpus.HEADER),
        corpus.row_xml(5, corpus.person(21)),
        corpus.row_xml(1_048_576, corpus.person(22)),
    ]
    path = corpus.workbook(tmp_path / "名册.xlsx", corpus.sheet_xml(rows, dimension="A1:XFD1048576"))
    p = plan(app, path)
    assert [(r.row, r.kind) for r in p.rows] == [(5, "new"), (1_048_576, "new")]


def test_a_formula_without_its_result_is_a_row_error_never_a_blank(app: App, tmp_path: Path) -> None:
    from tests.hostile import corpus_files as corpus

    p = plan(app, corpus.formula_ids(tmp_path / "名册.xlsx"))
    assert [r.kind for r in p.rows] == ["error"] * 3
    assert all(r.cell == f"D{r.row}" and "公式且没有计算结果" in r.reason for r in p.rows)


def test_hidden_characters_in_names_are_removed_with_a_note_or_refused(app: App, tmp_path: Path) -> None:
    from tests.hostile import corpus_files as corpus

    p = plan(app, corpus.hidden_characters(tmp_path / "名册.xlsx"))
    bidi, cleaned, isolate = p.rows
    assert bidi.kind == "error" and "U+202E" in bidi.reason and bidi.cell == "A2"
    assert isolate.kind == "error" and "U+2066" in isolate.reason
    assert cleaned.kind == "new" and cleaned.values["name"] == "李四"
    assert "姓名中的不可见字符（零宽空格、零宽不换行空格（BOM））已去除" in cleaned.reason


@pytest.mark.parametrize(
    ("build", "words"),
    [
        ("zip_bomb_sheet", "超过了"),
        ("row_number_jump", "行号"),
        ("many_rows", "200,000 行"),
        ("merges_bomb", "合并单元格"),
    ],
)
def test_hostile_workbooks_are_refused_before_anything_is_read(
    app: App, tmp_path: Path, build: str, words: str
) -> None:
    from tests.hostile import corpus_files as corpus

    path = getattr(corpus, build)(tmp_path / "名册.xlsx")
    for read in (lambda: plan(app, path), lambda: ri.read_layouts(path)):
        with pytest.raises(DomainError) as caught:
            read()
        assert words in caught.value.message and "已损坏" not in caught.value.message
