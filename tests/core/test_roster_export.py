"""The roster export (人员信息台账 to Excel) and the import template, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from cadre_desk.core import files, roster_export
from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.excel_print import BODY_SIZE, LINE_FACTOR, MARK, wrapped_lines
from cadre_desk.core.jobs import Cancelled, CancelToken, no_progress
from cadre_desk.core.models import Person
from cadre_desk.core.roster_export import HEADER, export_roster, text_width, write_import_template
from cadre_desk.core.services import people
from cadre_desk.core.validators import gb11643_check_digit, mask_id_number, mask_phone

EXPECTED_HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "身份证号",
    "原工作单位",
    "原职务",
    "职级",
    "离退休类别",
    "离退休时间",
    "政治面貌",
    "所在党支部",
    "活动类别",
    "社区报到",
    "报到时间",
    "手机",
    "固定电话",
    "家庭住址",
    "紧急联系人",
    "紧急联系电话",
    "健康状况",
    "身患重病",
    "家庭重大变故",
    "独居",
    "空巢",
    "失能",
    "兴趣爱好",
    "人才标签",
    "人员状态",
    "状态变更日期",
    "迁往",
    "备注",
]
STATUS_RANK = {"active": 0, "deceased": 1, "moved": 2}


def make_id(first17: str) -> str:
    return first17 + gb11643_check_digit(first17)


def live_people(app: App) -> list[Person]:
    with app.read() as s:
        return list(s.scalars(select(Person).where(Person.deleted.is_(False))))


def read_roster(path: Path) -> tuple[Any, list[dict[str, Any]]]:
    """The roster sheet and its data rows as {header label: cell}."""
    ws = openpyxl.load_workbook(path)["人员信息台账"]
    first = header_row(ws)
    header = [c.value for c in ws[first]]
    rows = [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=first + 1)]
    return ws, rows


def header_row(ws: Any) -> int:
    """1, or 2 under the marking of a full-data export (含个人信息 注意保密 …)."""
    return 2 if str(ws["A1"].value or "").startswith(MARK) else 1


def column(label: str) -> str:
    return get_column_letter(HEADER.index(label) + 1)


# -- the export ---------------------------------------------------------------------------


def test_export_writes_every_live_person_in_roster_order_with_text_ids_and_real_dates(
    demo_app: App, tmp_path: Path
) -> None:
    gone = live_people(demo_app)[5]
    people.delete_person(demo_app, gone.id)  # a tombstoned person is never exported
    everyone = live_people(demo_app)
    out = tmp_path / "人员信息台账.xlsx"

    assert export_roster(demo_app, out, full_data=True) == len(everyone) == 79
    ws, rows = read_roster(out)

    # a full-data export is marked above its header: what it holds, who exported it
    assert ws["A1"].value.startswith(MARK) and "导出人：" in ws["A1"].value
    assert [c.value for c in ws[2]] == EXPECTED_HEADER == list(HEADER)
    assert all(c.font.bold for c in ws[2])
    assert ws.max_row == len(everyone) + 2 and len(rows) == len(everyone)
    assert [r["序号"].value for r in rows] == list(range(1, len(everyone) + 1))
    expected_order = sorted(everyone, key=lambda p: (STATUS_RANK[p.status], p.name_pinyin, p.id))
    assert [r["姓名"].value for r in rows] == [p.name for p in expected_order]
    assert gone.id_number not in {r["身份证号"].value for r in rows}

    by_id = {p.id_number: p for p in everyone}
    assert len(by_id) == len(everyone)  # the demo gives everyone an ID number
    for r, person in zip(rows, expected_order, strict=True):
        id_cell = r["身份证号"]
        assert isinstance(id_cell.value, str) and len(id_cell.value) == 18
        assert id_cell.value == person.id_number and id_cell.data_type == "s"
        assert id_cell.number_format == "@"
        for label, field in (("手机", "phone_mobile"), ("固定电话", "phone_home"), ("紧急联系电话", "emergency_phone")):
            cell = r[label]
            assert cell.number_format == "@"
            assert cell.value == (getattr(person, field) or None)
            assert cell.value is None or isinstance(cell.value, str)
        birth = r["出生年月"]
        assert isinstance(birth.value, dt.datetime) and birth.value.date() == person.birth_date
        assert birth.number_format == "yyyy-mm"
        retired = r["离退休时间"]
        assert retired.value is None or retired.value.date() == person.retire_date
        assert retired.value is None or retired.number_format == "yyyy-mm-dd"
        assert r["性别"].value == {"M": "男", "F": "女"}[person.sex]
        assert r["离退休类别"].value == {"lixiu": "离休", "tuixiu": "退休"}[person.category]
        assert r["人员状态"].value == {"active": "在册", "deceased": "已故", "moved": "迁出"}[person.status]
        assert r["独居"].value == ("是" if person.care_living_alone else None)
        assert r["兴趣爱好"].value == ("、".join(person.interests) or None)
        assert r["人才标签"].value == ("、".join(person.talent_tags) or None)
        assert r["家庭住址"].value == (person.address or None)
    assert any(r["人才标签"].value and "、" in r["人才标签"].value for r in rows) or any(
        r["兴趣爱好"].value and "、" in r["兴趣爱好"].value for r in rows
    )

    assert ws.freeze_panes == "C3" and ws.print_title_rows == "$2:$2"
    assert ws.auto_filter.ref == f"A2:AG{len(everyone) + 2}"
    widths = {letter: ws.column_dimensions[letter].width for letter in map(get_column_letter, range(1, 34))}
    assert all(w and 6 <= w <= 50 for w in widths.values())
    assert widths[column("身份证号")] >= 20  # 18 digits fit
    for label in ("身份证号", "手机", "固定电话", "紧急联系电话"):  # a row added at the end keeps text too
        assert ws.column_dimensions[column(label)].number_format == "@"
    assert widths[column("所在党支部")] >= text_width("所在党支部")
    longest_unit = max(text_width(p.work_unit) for p in everyone)
    assert widths[column("原工作单位")] >= min(longest_unit, roster_export._MAX_WIDTH)
    # longer texts wrap: every row is as tall as its most wrapped cell needs
    for n, r in enumerate(rows, start=3):
        lines = max(wrapped_lines(c.value, widths[c.column_letter]) for c in r.values() if isinstance(c.value, str))
        assert ws.row_dimensions[n].height >= lines * LINE_FACTOR * BODY_SIZE


def test_export_sheet_is_well_formed_with_true_dimension_and_print_titles(demo_app: App, tmp_path: Path) -> None:
    out = tmp_path / "roster.xlsx"
    n = export_roster(demo_app, out)
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))  # strict XML parse
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    assert sheet.find("m:dimension", ns).get("ref") == f"A1:AG{n + 1}"
    assert len(sheet.findall("m:sheetData/m:row", ns)) == n + 1
    # read-only mode trusts the dimension: a reader streaming the file sees every row
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["人员信息台账"]
    assert sum(1 for _ in wb["人员信息台账"].iter_rows(values_only=True)) == n + 1
    assert wb["人员信息台账"].max_row == n + 1
    wb.close()
    assert openpyxl.load_workbook(out)["人员信息台账"].print_title_rows == "$1:$1"


def test_the_export_is_masked_by_default_with_no_full_id_or_phone_number(demo_app: App, tmp_path: Path) -> None:
    everyone = live_people(demo_app)
    out = tmp_path / "masked.xlsx"
    assert export_roster(demo_app, out) == len(everyone)
    ws, rows = read_roster(out)
    secrets = {p.id_number for p in everyone} | {
        n for p in everyone for n in (p.phone_mobile, p.phone_home, p.emergency_phone) if n
    }
    cells = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    assert not any(secret in text for secret in secrets for text in cells)
    by_masked = {mask_id_number(p.id_number): p for p in everyone}
    for r in rows:
        person = by_masked[r["身份证号"].value]
        assert r["手机"].value == (mask_phone(person.phone_mobile) or None)
        assert "*" in r["身份证号"].value
        assert r["健康状况"].value == ("（已隐藏）" if person.health_notes else None)
        assert r["家庭住址"].value is None or r["家庭住址"].value.endswith("****")
    assert any(p.health_notes for p in everyone) and any(p.address for p in everyone)
    assert not any(p.health_notes in text for p in everyone if p.health_notes for text in cells)


def test_include_left_false_leaves_out_the_deceased_and_moved(demo_app: App, tmp_path: Path) -> None:
    first, second = live_people(demo_app)[:2]
    people.update_person(demo_app, first.id, {"status": "已故", "status_date": "2025-03-01"})
    people.update_person(demo_app, second.id, {"status": "迁出", "moved_to": "青岛市崂山区"})
    everyone = live_people(demo_app)
    active = [p for p in everyone if p.status == "active"]
    assert len(active) <= len(everyone) - 2

    full = tmp_path / "all.xlsx"
    assert export_roster(demo_app, full, full_data=True) == len(everyone)
    _, rows = read_roster(full)
    statuses = [r["人员状态"].value for r in rows]
    assert statuses == sorted(statuses, key=["在册", "已故", "迁出"].index)  # 在册 first
    moved = next(r for r in rows if r["身份证号"].value == second.id_number)
    assert (moved["人员状态"].value, moved["迁往"].value) == ("迁出", "青岛市崂山区")
    dead = next(r for r in rows if r["身份证号"].value == first.id_number)
    assert dead["状态变更日期"].value == dt.datetime(2025, 3, 1)
    assert dead["状态变更日期"].number_format == "yyyy-mm-dd"

    current = tmp_path / "current.xlsx"
    assert export_roster(demo_app, current, include_left=False, full_data=True) == len(active)
    _, rows = read_roster(current)
    assert {r["人员状态"].value for r in rows} == {"在册"}
    assert {r["身份证号"].value for r in rows} == {p.id_number for p in active}


def test_rare_characters_and_awkward_text_survive_the_round_trip(app: App, tmp_path: Path) -> None:
    made = {
        "阿依古丽·买买提": {"id_number": make_id("65010219450301002"), "ethnicity": "维吾尔族"},
        "王䶮": {"category": "离休", "phone_home": "0532-88881234"},
        "𠮷祥云": {
            "birth_date": "1899.05",  # before Excel's first day: kept as text
            "notes": "=SUM(A1:A3) <b>&amp; 非公式",
            "health_notes": "高血压\n糖尿病，需定期复查",
            "talent_tags": "红色宣讲员、党建指导员",
            "care_living_alone": True,
        },
    }
    for name, values in made.items():
        people.create_person(app, {"name": name, "category": "退休", **values})
    out = tmp_path / "rare.xlsx"
    assert export_roster(app, out, full_data=True) == 3

    _, rows = read_roster(out)
    by_name = {r["姓名"].value: r for r in rows}
    assert set(by_name) == set(made)
    uyghur = by_name["阿依古丽·买买提"]
    assert uyghur["身份证号"].value == made["阿依古丽·买买提"]["id_number"]
    assert uyghur["出生年月"].value == dt.datetime(1945, 3, 1)
    assert uyghur["民族"].value == "维吾尔族"
    assert by_name["王䶮"]["离退休类别"].value == "离休"
    assert by_name["王䶮"]["固定电话"].value == "0532-88881234"
    ji = by_name["𠮷祥云"]
    assert ji["出生年月"].value == "1899-05"
    assert ji["备注"].value == "=SUM(A1:A3) <b>&amp; 非公式" and ji["备注"].data_type == "s"
    assert ji["健康状况"].value == "高血压\n糖尿病，需定期复查"
    assert ji["人才标签"].value == "红色宣讲员、党建指导员"
    assert ji["独居"].value == "是" and ji["空巢"].value is None
    assert ji["身份证号"].value is None and ji["身份证号"].number_format == "@"  # typed later, stays text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=4))
def test_any_text_is_written_as_well_formed_text_cells(tmp_path: Path, texts: list[str]) -> None:
    """The rows are written as XML by hand: every text comes back as text (less what XML cannot hold)."""
    columns = roster_export._columns(mask=False)
    notes = [c.field for c in columns].index("notes")
    rows = [[None] * len(columns) for _ in texts]
    for row, text in zip(rows, texts, strict=True):
        row[notes] = row[0] = roster_export._clean(text)
    out = tmp_path / "texts.xlsx"
    assert roster_export._write_workbook(
        out, columns, len(rows), iter([rows]), progress=no_progress, cancel=CancelToken()
    ) == len(rows)

    _, read = read_roster(out)
    for r, text in zip(read, texts, strict=True):
        kept = "".join(
            ch
            for ch in text
            if ch in "\t\n\r" or not (ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF or ord(ch) in (0xFFFE, 0xFFFF))
        )
        expected = kept.replace("\r\n", "\n").replace("\r", "\n") or None  # XML reads every line end as \n
        assert r["姓名"].value == r["备注"].value == expected
        assert expected is None or r["备注"].data_type == "s"


def test_an_empty_roster_gives_the_header_alone(app: App, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    assert export_roster(app, out) == 0
    ws, rows = read_roster(out)
    assert rows == [] and [c.value for c in ws[1]] == EXPECTED_HEADER
    assert ws.auto_filter.ref == "A1:AG1"


def test_progress_rises_to_one_and_names_the_count(demo_app: App, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(roster_export, "BATCH_SIZE", 25)
    seen: list[tuple[float, str]] = []
    n = export_roster(demo_app, tmp_path / "p.xlsx", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert len(seen) >= 2 + n // 25
    assert any(f"{n}/{n}" in m for _, m in seen)


def test_cancel_leaves_neither_the_file_nor_a_temporary_one(demo_app: App, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(roster_export, "BATCH_SIZE", 10)
    folder = tmp_path / "out"
    folder.mkdir()
    token = CancelToken()
    written: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        if fraction > 0:  # some rows are already written
            written.append(fraction)
            token.cancel()

    with pytest.raises(Cancelled):
        export_roster(demo_app, folder / "roster.xlsx", progress=progress, cancel=token)
    assert written and written[0] < 0.5
    assert list(folder.iterdir()) == []

    # an earlier export at the same place is kept whole
    (folder / "roster.xlsx").write_bytes(b"earlier export")
    with pytest.raises(Cancelled):
        export_roster(demo_app, folder / "roster.xlsx", progress=progress, cancel=token)
    assert list(folder.iterdir()) == [folder / "roster.xlsx"]
    assert (folder / "roster.xlsx").read_bytes() == b"earlier export"


def test_unwritable_places_give_a_domain_error_naming_the_file(demo_app: App, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    missing = folder / "no-such-folder" / "roster.xlsx"
    with pytest.raises(DomainError, match=re.escape(str(missing))) as err:
        export_roster(demo_app, missing)
    assert "不存在" in err.value.message

    a_file = folder / "a-file"
    a_file.write_text("x")
    with pytest.raises(DomainError, match="a-file") as err:
        export_roster(demo_app, a_file / "roster.xlsx")
    assert "不存在" in err.value.message

    # a folder the user may not write to (simulated: the tests may run as root)
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.parent == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(Path, "open", refuse)
        with pytest.raises(DomainError, match=re.escape(str(folder / "no-permission.xlsx"))) as err:
            export_roster(demo_app, folder / "no-permission.xlsx")
    assert "权限" in err.value.message

    with pytest.raises(DomainError, match="文件夹"):
        export_roster(demo_app, folder)

    # the file is open in Excel (Windows refuses to replace it)
    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(files.os, "replace", locked)
    target = folder / "open-in-excel.xlsx"
    with pytest.raises(DomainError, match=re.escape(str(target))) as err:
        export_roster(demo_app, target)
    assert "Excel" in err.value.message
    assert sorted(p.name for p in folder.iterdir()) == ["a-file"]
    with pytest.raises(DomainError, match=re.escape(str(target))):
        write_import_template(target)
    assert sorted(p.name for p in folder.iterdir()) == ["a-file"]


def test_text_width_counts_cjk_as_two() -> None:
    assert text_width("") == 0
    assert text_width("0532-88881234") == 13
    assert text_width("张三") == 4
    assert text_width("𠮷䶮") == 4  # Ext B and Ext A are wide too
    assert text_width("阿依古丽·买买提") == 15  # the middle dot is narrow


def test_importing_the_module_loads_no_spreadsheet_library() -> None:
    code = "import sys, cadre_desk.core.roster_export; print('openpyxl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the template -------------------------------------------------------------------------


def test_template_has_the_export_header_dropdowns_text_columns_and_a_guide(app: App, tmp_path: Path) -> None:
    template = tmp_path / "人员信息台账导入模板.xlsx"
    write_import_template(template)
    export = tmp_path / "export.xlsx"
    people.create_person(app, {"name": "王建国", "category": "退休"})
    export_roster(app, export)

    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == ["人员信息台账", "填写说明"]
    ws = wb["人员信息台账"]
    export_header = [c.value for c in openpyxl.load_workbook(export)["人员信息台账"][1]]
    assert [c.value for c in ws[1]] == export_header == EXPECTED_HEADER
    assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "C2"
    assert all(c.value is None for row in ws.iter_rows(min_row=2) for c in row)  # no 序号, no data

    lists = {
        str(dv.sqref): dv.formula1.strip('"').split(",")
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    expected = {
        "性别": ["男", "女"],
        "离退休类别": ["离休", "退休"],
        "活动类别": ["正常活动", "适当参加集中活动", "免予参加集中活动", "流动在外"],
        "社区报到": ["已报到", "未报到"],
        "人员状态": ["在册", "已故", "迁出"],
        "独居": ["是"],
    }
    for label, choices in expected.items():
        letter = column(label)
        assert lists[f"{letter}2:{letter}5000"] == choices, label
    assert all(dv.showErrorMessage and dv.allow_blank for dv in ws.data_validations.dataValidation)

    for label in ("身份证号", "手机", "固定电话", "紧急联系电话", "出生年月", "离退休时间"):
        letter = column(label)
        assert ws[f"{letter}2"].number_format == "@" and ws[f"{letter}5000"].number_format == "@", label
        assert ws.column_dimensions[letter].number_format == "@", label  # rows past 5000 too
    assert ws[f"{column('姓名')}2"].number_format == "General"

    guide = wb["填写说明"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    explained = {row[0].value for row in guide.iter_rows(min_row=2) if row[1].value}
    assert set(EXPECTED_HEADER) <= explained
    assert "文本" in text and "离休" in text and "1948.03" in text


def test_template_replaces_an_earlier_one(tmp_path: Path) -> None:
    target = tmp_path / "template.xlsx"
    target.write_bytes(b"old")
    write_import_template(target)
    assert openpyxl.load_workbook(target).sheetnames == ["人员信息台账", "填写说明"]
    assert [p.name for p in tmp_path.iterdir()] == ["template.xlsx"]
