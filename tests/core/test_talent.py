"""The talent pool (银色人才库) and its Excel export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cadre_desk.core.app import App
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.services import care, people
from cadre_desk.core.services.talent import HEADER, export_talent_pool, talent_pool, talent_tags_in_use

TODAY = dt.date(2026, 11, 23)


def person(app: App, name: str, tags: list[str], **extra: object) -> str:
    values = {"name": name, "category": "退休", "talent_tags": tags, "phone_mobile": "13812345678", **extra}
    return people.create_person(app, values)


@pytest.fixture
def pool(app: App) -> dict[str, str]:
    ids = {
        "张三": person(app, "张三", ["红色宣讲员", "法律"], birth_date=dt.date(1950, 12, 1), work_unit="市司法局"),
        "李四": person(app, "李四", ["卫生"], address="金湖路12号"),
        "王五": person(app, "王五", []),
        "赵六": person(app, "赵六", ["法律"]),
        "钱七": person(app, "钱七", ["书法"]),  # a tag of the station's own
    }
    people.update_person(app, ids["赵六"], {"status": "deceased", "status_date": dt.date(2026, 5, 1)})
    people.delete_person(app, person(app, "孙八", ["法律"]))
    care.add_service_record(app, ids["张三"], None, dt.date(2025, 6, 1), "3")
    care.add_service_record(app, ids["张三"], None, dt.date(2026, 3, 1), "2.5")
    gone = care.add_service_record(app, ids["张三"], None, dt.date(2026, 3, 2), "8")
    care.delete_service_record(app, gone)
    return ids


def test_the_pool_lists_living_tagged_people_with_their_hours(app: App, pool: dict[str, str]) -> None:
    found = talent_pool(app, today=TODAY)
    assert [t.name for t in found] == ["李四", "钱七", "张三"]  # by pinyin; 王五 has no tag; 赵六, 孙八 left
    zhang = found[-1]
    assert zhang.tags == ("红色宣讲员", "法律") and zhang.age == 75 and zhang.phone_mobile == "13812345678"
    assert (zhang.hours_total, zhang.hours_year) == (Decimal("5.50"), Decimal("2.50"))
    assert found[0].hours_total == Decimal("0.00")


def test_the_pool_by_tag_and_by_text(app: App, pool: dict[str, str]) -> None:
    assert [t.name for t in talent_pool(app, "法律")] == ["张三"]
    assert [t.name for t in talent_pool(app, text="zs")] == ["张三"]  # pinyin initials
    assert [t.name for t in talent_pool(app, text="司法局")] == ["张三"]
    assert [t.name for t in talent_pool(app, text="卫生")] == ["李四"]
    assert talent_tags_in_use(app) == [("红色宣讲员", 1), ("卫生", 1), ("法律", 1), ("书法", 1)]


def test_export_writes_the_pool_as_shown_with_phones_as_text(app: App, pool: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "人才库.xlsx"
    assert export_talent_pool(app, out, today=TODAY) == 3
    ws = load_workbook(out).active
    assert "银色人才库" in ws["A1"].value
    assert [c.value for c in ws[3]] == list(HEADER)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert [r[1] for r in rows] == ["李四", "钱七", "张三"]
    zhang = rows[2]
    assert zhang[5] == "红色宣讲员、法律" and zhang[9] == "13812345678" and ws["J6"].number_format == "@"
    assert zhang[12] == 5.5 and zhang[13] == 2.5
    assert ws.freeze_panes == "C4" and ws.print_title_rows == "$3:$3"

    masked = tmp_path / "masked.xlsx"
    assert export_talent_pool(app, masked, tag="法律", mask=True, today=TODAY) == 1
    ws = load_workbook(masked).active
    assert "（法律）" in ws["A1"].value
    assert ws["J4"].value == "138****5678"


def test_a_cancelled_export_keeps_the_old_file_and_leaves_no_temporary_one(
    app: App, pool: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "人才库.xlsx"
    out.write_bytes(b"old")
    token = CancelToken()
    with pytest.raises(Cancelled):
        export_talent_pool(app, out, today=TODAY, progress=lambda *_: token.cancel(), cancel=token)
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "人才库.xlsx"]  # no temporary file
