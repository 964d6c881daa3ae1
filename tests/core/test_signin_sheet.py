"""The blank paper sign-in sheet (签到表) as PDF, read back with poppler."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cadre_desk.core.app import App
from cadre_desk.core.errors import NotFoundError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import Activity, ActivityInvitee, Person
from cadre_desk.core.pdf import station_name
from cadre_desk.core.pdf.signin_sheet import WALK_IN_ROWS, make_signin_sheet
from cadre_desk.core.services.activities import activity_types, create_activity
from cadre_desk.core.services.people import create_person

from .test_member_cards import embedded_fonts, pdf_text, squashed, tool


def invitees(app: App, activity_id: str) -> list[Person]:
    with app.read() as s:
        stmt = (
            select(Person)
            .join(ActivityInvitee, ActivityInvitee.person_id == Person.id)
            .where(ActivityInvitee.activity_id == activity_id, ActivityInvitee.deleted.is_(False))
            .where(Person.deleted.is_(False))
            .order_by(Person.name_pinyin, Person.id)
        )
        return list(s.scalars(stmt))


def busiest_activity(app: App) -> Activity:
    with app.read() as s:
        stmt = (
            select(Activity)
            .join(ActivityInvitee, ActivityInvitee.activity_id == Activity.id)
            .where(Activity.deleted.is_(False), ActivityInvitee.deleted.is_(False))
            .group_by(Activity.id)
            .order_by(func.count().desc(), Activity.id)
            .limit(1)
        )
        activity = s.scalar(stmt)
    assert activity is not None
    return activity


def new_activity(app: App, invitee_ids: list[str], title: str = "学习党的二十届四中全会精神") -> str:
    values = {
        "title": title,
        "type_id": activity_types(app)[0].id,
        "date": dt.date(2026, 12, 1),
        "start_time": dt.time(9, 0),
        "end_time": dt.time(10, 30),
        "place": "驿站活动室",
        "host": "王主任",
    }
    return create_activity(app, values, invitee_ids)


def test_the_sheet_lists_every_invitee_under_the_activity_particulars(demo_app: App, tmp_path: Path) -> None:
    activity = busiest_activity(demo_app)
    people = invitees(demo_app, activity.id)
    out = tmp_path / "sheet.pdf"

    result = make_signin_sheet(demo_app, activity.id, out)

    assert (result.invitees, result.rows, result.path) == (len(people), len(people) + WALK_IN_ROWS, out)
    text = pdf_text(out)
    flat = squashed(text)
    assert squashed(f"{station_name(demo_app)} 签到表") in flat
    assert squashed(activity.title) in flat
    assert f"应到{len(people)}人" in flat
    assert "实到______人" in flat and "请假______人" in flat
    assert "记录人：" in flat and "审核人：" in flat
    for person in people:
        assert squashed(person.name) in flat
        if person.id_number:
            assert person.id_number not in flat
    assert f"第1页共{result.pages}页" in flat
    # in roster order
    positions = [flat.index(squashed(p.name)) for p in people if flat.count(squashed(p.name)) == 1]
    assert positions == sorted(positions)
    fonts = embedded_fonts(out)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts


def test_a_long_list_runs_over_pages_with_the_header_on_each(demo_app: App, tmp_path: Path) -> None:
    with demo_app.read() as s:
        ids = list(s.scalars(select(Person.id).where(Person.deleted.is_(False)).order_by(Person.name_pinyin).limit(60)))
    assert len(ids) == 60
    activity_id = new_activity(demo_app, ids)

    result = make_signin_sheet(demo_app, activity_id, tmp_path / "long.pdf")

    assert result.invitees == 60
    assert result.pages >= 2
    out = subprocess.run([tool("pdfinfo"), str(result.path)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{result.pages}$", out, re.M), out
    for page in range(1, result.pages + 1):
        flat = squashed(pdf_text(result.path, page))
        for heading in ("序号", "姓名", "类别", "党支部", "签名", "备注"):
            assert heading in flat, (page, heading)
        assert f"第{page}页共{result.pages}页" in flat
    assert "应到60人" in squashed(pdf_text(result.path, 1))


def test_an_activity_without_invitees_gets_a_page_of_empty_rows(app: App, tmp_path: Path) -> None:
    activity_id = new_activity(app, [], title="临时座谈会")

    result = make_signin_sheet(app, activity_id, tmp_path / "blank.pdf")

    assert (result.invitees, result.pages) == (0, 1)
    assert result.rows >= 12
    flat = squashed(pdf_text(result.path))
    assert "应到—人" in flat
    assert "临时座谈会" in flat and "驿站活动室" in flat and "王主任" in flat
    assert "2026年12月1日（星期二）09:00–10:30" in flat
    assert f"{result.rows}" in flat and "第1页共1页" in flat


def test_names_the_font_lacks_are_reported(app: App, tmp_path: Path) -> None:
    rare = create_person(app, {"name": "吉\U00031350祥", "category": "tuixiu"})
    plain = create_person(app, {"name": "张三", "category": "lixiu"})
    activity_id = new_activity(app, [rare, plain])

    result = make_signin_sheet(app, activity_id, tmp_path / "sheet.pdf")

    assert result.missing_chars == {"吉\U00031350祥": "\U00031350"}
    assert "张三" in squashed(pdf_text(result.path))


def test_it_runs_as_a_job_and_a_cancelled_one_writes_nothing(demo_app: App, tmp_path: Path) -> None:
    activity = busiest_activity(demo_app)
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[float] = []
    result = make_signin_sheet(demo_app, activity.id, folder / "a.pdf", progress=lambda f, _m: seen.append(f))
    assert result.path.exists() and seen[0] == 0.0 and seen[-1] == 1.0

    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        make_signin_sheet(demo_app, activity.id, folder / "b.pdf", cancel=token)
    assert sorted(p.name for p in folder.iterdir()) == ["a.pdf"]


def test_an_unknown_activity_is_not_found(app: App, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        make_signin_sheet(app, "0192f3a4-7b2c-7d4e-8f90-12ab34cd56ef", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
