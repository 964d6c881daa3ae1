"""What a roster import leaves out: named in the summary, saved to correct, imported again;
a second row of the same person with different values is a choice, not "相同"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.import_problems import PROBLEM_HEADER, export_problem_rows, take_duplicate_row
from cadre_desk.core.models import Person
from cadre_desk.core.roster_import import apply_import, plan_import
from tests.core.roster_workbooks import bad_check_digit, make_id, simple_book

HEADER = ["序号", "姓名", "性别", "身份证号", "离退休类别", "家庭住址", "手机"]
ID_A = make_id(dt.date(1950, 3, 1), "男", seq=11)
ID_B = make_id(dt.date(1951, 4, 2), "女", seq=22)
ID_C = make_id(dt.date(1949, 5, 3), "男", seq=33)
ID_D = make_id(dt.date(1948, 6, 4), "女", seq=44)


def messy(path: Path) -> Path:
    rows = [
        [1, "张建国", "男", ID_A, "退休", "金湖路 81 号", "13912345678"],
        [2, "李秀英", "女", ID_B, "退休", "东海路 5 号", ""],
        [3, "王援朝", "男", bad_check_digit(ID_C), "离休", "香港路 9 号", ""],  # a typo in the ID number
        [4, "李秀英", "女", ID_B, "退休", "东海路 5 号", ""],  # the same row twice
        [5, "张建国", "男", ID_A, "退休", "金湖路 87 号", "13912345678"],  # same ID, another address
        [6, "赵淑芬", "女", ID_D, "退休", "", ""],
    ]
    return simple_book(path, HEADER, rows, text_columns=[4, 7])


def addresses(app: App) -> dict[str, str]:
    with app.read() as s:
        return dict(s.execute(select(Person.name, Person.address).where(Person.deleted.is_(False))).all())


def test_a_duplicate_with_other_values_says_what_differs_and_can_be_taken(app: App, tmp_path: Path) -> None:
    plan = plan_import(app, messy(tmp_path / "名册.xlsx"))
    same, other = (r for r in plan.rows if r.kind == "duplicate")
    assert "内容也相同" in same.reason and not same.changes
    assert other.changes == {"address": ("金湖路 81 号", "金湖路 87 号")}
    assert "不同" in other.reason and "金湖路 81 号" in other.reason and "金湖路 87 号" in other.reason
    assert "内容也相同" not in other.reason
    with pytest.raises(DomainError):
        take_duplicate_row(plan, same)  # nothing to choose
    first = take_duplicate_row(plan, other)
    assert first.row == 2 and first.values["address"] == "金湖路 87 号"
    assert "已采用本行的家庭住址" in other.reason
    apply_import(app, plan)
    assert addresses(app)["张建国"] == "金湖路 87 号"


def test_the_summary_names_what_was_left_out(app: App, tmp_path: Path) -> None:
    plan = plan_import(app, messy(tmp_path / "名册.xlsx"))
    result = apply_import(app, plan)
    assert result.summary() == "已导入：新增 3 人；1 行有错误未导入，2 行与已有人员重复已跳过。"


def test_problem_rows_are_saved_with_their_columns_and_import_again_once_fixed(app: App, tmp_path: Path) -> None:
    plan = plan_import(app, messy(tmp_path / "名册.xlsx"))
    apply_import(app, plan)  # the keeper row of 张建国 (81 号) is in
    out = tmp_path / "问题行.xlsx"
    assert export_problem_rows(plan, out) == 3
    ws = load_workbook(out).active
    assert ws.title == "退休干部"
    header = [c.value for c in ws[1]]
    assert header == [*HEADER, PROBLEM_HEADER]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["王援朝", "李秀英", "张建国"]
    assert rows[0][3] == bad_check_digit(ID_C)  # the value as it was, to correct
    assert "原第 4 行" in rows[0][-1] and "身份证" in rows[0][-1]
    assert "金湖路 87 号" in rows[2][-1]
    # corrected in Excel: the ID number fixed; the rest kept as it is
    ws.cell(row=2, column=4, value=ID_C)
    ws.parent.save(out)
    again = plan_import(app, out)
    assert {r.name: r.kind for r in again.rows} == {"王援朝": "new", "李秀英": "skipped", "张建国": "update"}
    result = apply_import(app, again)
    assert (result.created, result.updated, result.errors, result.duplicates) == (1, 1, 0, 0)
    assert addresses(app) == {"张建国": "金湖路 87 号", "李秀英": "东海路 5 号", "王援朝": "香港路 9 号", "赵淑芬": ""}


def test_nothing_to_export_is_said_plainly(app: App, tmp_path: Path) -> None:
    good = simple_book(tmp_path / "好.xlsx", HEADER, [[1, "赵淑芬", "女", ID_D, "退休", "", ""]], text_columns=[4])
    with pytest.raises(DomainError, match="没有需要导出的问题行"):
        export_problem_rows(plan_import(app, good), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
