"""Builders of messy roster workbooks (花名册) for the roster-import tests.

Everything is built with openpyxl at test time; no binary fixtures are committed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cadre_desk.core.fakedata import fake_id_number, fake_mobile, fake_name
from cadre_desk.core.validators import gb11643_check_digit

TODAY = dt.date(2026, 11, 1)


def make_id(birth: dt.date, sex: str, region: str = "370202", seq: int = 12) -> str:
    """A valid 18-digit ID number for a birth date and sex (男/女)."""
    last = seq % 10
    if (last % 2 == 1) != (sex == "男"):
        last = (last + 1) % 10
    first17 = f"{region}{birth:%Y%m%d}{seq % 100:02d}{last}"
    return first17 + gb11643_check_digit(first17)


def bad_check_digit(id_number: str) -> str:
    wrong = "0" if id_number[-1] != "0" else "1"
    return id_number[:-1] + wrong


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@dataclass
class Expected:
    """What a correct import of a built workbook finds."""

    people: list[dict[str, Any]] = field(default_factory=list)  # name, id_number, sex, birth (y, m), category
    errors: list[tuple[str, int, str, str]] = field(default_factory=list)  # sheet, row, cell, words in the reason
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    never: list[str] = field(default_factory=list)  # texts that must not show up in any outcome


def put_rows(ws: Worksheet, start: int, rows: Iterable[Sequence[Any]]) -> int:
    """Write rows from row ``start``; returns the next free row number."""
    r = start
    for row in rows:
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
        r += 1
    return r


def text_cells(ws: Worksheet, columns: Iterable[int]) -> None:
    """Format columns as text (@), the way careful staff set the ID number column."""
    for col in columns:
        for row in ws.iter_rows(min_col=col, max_col=col):
            for cell in row:
                cell.number_format = "@"


def messy_roster(path: Path) -> Expected:
    """A two-roster-sheet workbook with every quirk of real rosters, plus a 说明 sheet."""
    exp = Expected()
    wb = Workbook()
    notes = wb.active
    notes.title = "说明"
    put_rows(
        notes,
        1,
        [
            ["填表说明"],
            ["1. 姓名、身份证号必须填写；"],
            ["2. 出生年月按“1948.03”格式填写。"],
            ["姓名：请填写户籍上的姓名"],
        ],
    )

    # --- Sheet 1: 离休干部, title + filing row, two-row merged header, no category column ---------
    ws = wb.create_sheet("离休干部")
    ws["A1"] = "金湖路社区离休干部花名册"
    ws.merge_cells("A1:I1")
    ws["A2"] = "填报单位：金湖路社区老干部驿站"
    ws["F2"] = "填报日期：2024年3月15日"
    ws.merge_cells("A2:E2")
    ws.merge_cells("F2:I2")
    for col, text in enumerate(
        ["序号", "姓  名", "性别", "出生\n年月", "公民身份号码", None, None, "家庭住址", "备注"], 1
    ):
        if text:
            ws.cell(row=3, column=col, value=text)
    ws["F3"] = "联系方式"
    ws.merge_cells("F3:G3")
    ws["F4"] = "手机"
    ws["G4"] = "固定电话"
    for col in "ABCDEHI":
        ws.merge_cells(f"{col}3:{col}4")

    b1, b2, b3, b4, b5 = (
        dt.date(1928, 3, 15),
        dt.date(1930, 10, 2),
        dt.date(1927, 12, 30),
        dt.date(1929, 1, 8),
        dt.date(1931, 6, 1),
    )
    id1, id2, id3 = make_id(b1, "男", seq=11), make_id(b2, "女", seq=22), make_id(b3, "女", seq=33)
    id4, id5 = make_id(b4, "男", seq=44), make_id(b5, "男", seq=55)
    id_x = next(
        make_id(dt.date(1926, 5, d), "男", seq=s)
        for d in range(1, 29)
        for s in range(1, 99, 2)
        if make_id(dt.date(1926, 5, d), "男", seq=s).endswith("X")
    )
    id_bad_sex = make_id(dt.date(1929, 4, 4), "男", seq=66)
    id_bad_birth = make_id(dt.date(1930, 7, 7), "女", seq=78)
    id_float = make_id(dt.date(1928, 8, 8), "男", seq=81)
    id_bad_check = bad_check_digit(make_id(dt.date(1930, 3, 3), "男", seq=91))
    id_no_area = make_id(dt.date(1929, 9, 19), "女", seq=12)
    lixiu = [
        # 序号, 姓名, 性别, 出生年月, 身份证号, 手机, 固定电话, 家庭住址, 备注
        (5, [1, "张  三", "男", dt.datetime(1928, 3, 1), id1, "13812345678", "0532-85851234", "金湖路1号", None]),
        (6, [2, " 阿依古丽·买买提 ", "女", 1930.1, f"{id2[:6]} {id2[6:14]} {id2[14:]}", None, None, None, "维吾尔族"]),
        (7, [3, "王䶮", None, "1927年12月", fullwidth(id3), "138 1234 5679", None, None, None]),
        (8, [None] * 9),  # a blank row in the middle
        (9, [4, "\U00020bb7祥", "男", "1929-1", id4, None, None, None, None]),
        (10, [5, "李\u3000四", "男", 19310601, id5, "13912345678/0532-82871234", None, None, None]),
        (11, [6, "赵小五", "男", "1926.5", id_x.lower(), None, None, None, None]),
        (12, [7, "错性别", "女", None, id_bad_sex, None, None, None, None]),
        (13, [8, "错生日", None, "1930.08", id_bad_birth, None, None, None, None]),
        (14, [9, "数字号", "男", None, float(id_float), None, None, None, None]),
        (15, [10, "校验错", None, None, id_bad_check, None, None, None, None]),
        (16, [11, "缺区号", "女", "1929.09", id_no_area, None, "85851234", None, None]),
        (17, [None] * 9),
        (18, ["合计", None, None, None, "共 11 人", None, None, None, None]),
        (19, ["注：1. 本表由社区老干部驿站填报；2. 出生年月以身份证为准。"]),
        (20, ["填表人：王芳", None, None, None, "审核人：李明", None, None, None, None]),
    ]
    for r, values in lixiu:
        put_rows(ws, r, [values])
    ws.merge_cells("A19:I19")
    text_cells(ws, [5])
    p = exp.people
    p.append(
        {"at": ("离休干部", 5), "name": "张三", "id_number": id1, "sex": "M", "birth": (1928, 3), "category": "lixiu"}
    )
    p.append(
        {
            "at": ("离休干部", 6),
            "name": "阿依古丽·买买提",
            "id_number": id2,
            "sex": "F",
            "birth": (1930, 10),
            "category": "lixiu",
        }
    )
    p.append(
        {"at": ("离休干部", 7), "name": "王䶮", "id_number": id3, "sex": "F", "birth": (1927, 12), "category": "lixiu"}
    )
    p.append(
        {
            "at": ("离休干部", 9),
            "name": "\U00020bb7祥",
            "id_number": id4,
            "sex": "M",
            "birth": (1929, 1),
            "category": "lixiu",
        }
    )
    p.append(
        {"at": ("离休干部", 10), "name": "李四", "id_number": id5, "sex": "M", "birth": (1931, 6), "category": "lixiu"}
    )
    p.append(
        {
            "at": ("离休干部", 11),
            "name": "赵小五",
            "id_number": id_x,
            "sex": "M",
            "birth": (1926, 5),
            "category": "lixiu",
        }
    )
    exp.errors += [
        ("离休干部", 12, "C12", "性别"),
        ("离休干部", 13, "D13", "出生年月"),
        ("离休干部", 14, "E14", "存成了数字"),
        ("离休干部", 15, "E15", "校验位"),
        ("离休干部", 16, "G16", "区号"),
    ]

    # --- Sheet 2: 退休干部, one header row with other spellings and a category column ---------------
    ws2 = wb.create_sheet("退休干部")
    ws2["A1"] = "退休干部花名册（2024年）"
    put_rows(ws2, 2, [["序号", "姓名", "性 别", "出生日期", "身份证号码", "联系电话", "离/退休", "原工作单位"]])
    c1 = dt.date(1950, 2, 3)
    c2 = dt.date(1955, 11, 20)
    c3 = dt.date(1958, 9, 9)
    jd1 = make_id(c1, "女", seq=10)
    jd2 = make_id(c2, "男", seq=21)
    jd3 = make_id(c3, "男", seq=31)
    rows2 = [
        [1, "孙丽", "女", "1950.02", jd1, "13700001111", "退休", "青岛市第一中学"],
        [2, "周 建 国", "男", "1955.11.20", jd2, None, "退休干部", "市南区财政局"],
        [3, "吴海", None, dt.datetime(1958, 9, 9), jd3, None, None, "市南区教育局"],  # category blank → error
        [4, "张三", "男", None, id1, None, "离休", None],  # same ID as 离休干部!B5 → duplicate
        [5, "郑无号", "男", "1949.07", None, None, "退休", None],  # no ID: fine, new
        [6, None, None, None, None, None, None, None],
        ["总计", None, None, None, None, None, None, None],
        ["说明：以上人员信息经本人核对。"],
        [None, None, None, None, None, None, None, "2024年3月15日"],
    ]
    put_rows(ws2, 3, rows2)
    text_cells(ws2, [5])
    exp.people += [
        {
            "name": "孙丽",
            "id_number": jd1,
            "sex": "F",
            "birth": (1950, 2),
            "category": "tuixiu",
            "at": ("退休干部", 3),
        },
        {
            "name": "周建国",
            "id_number": jd2,
            "sex": "M",
            "birth": (1955, 11),
            "category": "tuixiu",
            "at": ("退休干部", 4),
        },
        {
            "name": "郑无号",
            "id_number": None,
            "sex": "M",
            "birth": (1949, 7),
            "category": "tuixiu",
            "at": ("退休干部", 7),
        },
    ]
    exp.errors.append(("退休干部", 5, "G5", "离退休类别"))
    exp.duplicates.append(("退休干部", 6))
    exp.never += ["合计", "总计", "注：", "说明：", "填表人", "审核人", "填报单位", "金湖路社区离休干部花名册"]
    wb.save(path)
    return exp


def random_people(rng: random.Random, n: int) -> list[dict[str, Any]]:
    """n valid people with distinct ID numbers: name, sex (男/女), birth, id_number, category (离休/退休)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    while len(out) < n:
        sex = rng.choice("男女")
        category = rng.choice(("离休", "退休"))
        year = rng.randint(1920, 1931) if category == "离休" else rng.randint(1935, 1966)
        birth = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        id_number = fake_id_number(rng, birth, sex, rng.choice(["370202", "370203", "320602", "110101"]))
        if id_number in seen:
            continue
        seen.add(id_number)
        out.append(
            {
                "name": fake_name(rng, sex),
                "sex": sex,
                "birth": birth,
                "id_number": id_number,
                "category": category,
                "phone": fake_mobile(rng),
            }
        )
    return out


def simple_book(
    path: Path,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "退休干部",
    before: Iterable[Sequence[Any]] = (),
    after: Iterable[Sequence[Any]] = (),
    merges: Iterable[str] = (),
    text_columns: Iterable[int] = (),
) -> Path:
    """One sheet: ``before`` rows (titles), the header, the data rows, ``after`` rows (totals, notes)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    r = put_rows(ws, 1, before)
    r = put_rows(ws, r, [header])
    r = put_rows(ws, r, rows)
    put_rows(ws, r, after)
    for ref in merges:
        ws.merge_cells(ref)
    text_cells(ws, text_columns)
    wb.save(path)
    return path
