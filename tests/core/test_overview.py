"""The figures, reminders and lists the window shows, checked against hand-made books."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.models import ActivityType
from cadre_desk.core.services import activities, browse, care, overview, people
from cadre_desk.core.services.roster import RosterFilter, RosterListing

TODAY = dt.date(2026, 11, 23)


def person(app: App, name: str, born: dt.date | None = None, **extra: object) -> str:
    return people.create_person(app, {"name": name, "category": "退休", "birth_date": born, **extra})


def activity(app: App, day: dt.date, invitees: list[str], title: str = "主题党日") -> str:
    with app.read() as s:
        type_id = s.scalars(select(ActivityType.id).where(ActivityType.name == "主题党日")).one()
    return activities.create_activity(app, {"title": title, "type_id": type_id, "date": day}, invitees)


def test_month_figures_count_only_this_month_and_only_held_activities_for_attendance(app: App) -> None:
    ids = [person(app, n) for n in ("张三", "李四", "王五", "赵六")]
    held = activity(app, dt.date(2026, 11, 10), ids)
    activities.check_in(app, held, person_id=ids[0])
    activities.check_in(app, held, person_id=ids[1], status="proxy", proxy_name="张三")
    activities.check_in(app, held, person_id=ids[2], status="leave", leave_reason="住院")
    activity(app, dt.date(2026, 11, 28), ids)  # still to come: counted, but not in attendance
    other = activity(app, dt.date(2026, 10, 31), ids)  # last month
    activities.check_in(app, other, person_id=ids[0])
    care.create_visit(app, {"date": dt.date(2026, 11, 3), "person_id": ids[3], "reason": "生日慰问", "money": "200"})
    care.create_visit(app, {"date": dt.date(2026, 11, 30), "person_id": ids[3], "reason": "节日慰问", "money": "0.50"})
    care.create_visit(app, {"date": dt.date(2026, 12, 1), "person_id": ids[3], "reason": "节日慰问", "money": "999"})
    f = overview.month_figures(app, 2026, 11, today=TODAY)
    assert (f.people, f.activities, f.held) == (4, 2, 1)
    assert (f.invited, f.present, f.on_leave) == (4, 2, 1)
    assert f.attendance_rate == pytest.approx(0.5)
    assert (f.visits, f.visit_money) == (2, Decimal("200.50"))  # exact, from whole fen


def test_attendance_rate_is_none_when_nobody_was_invited(app: App) -> None:
    assert overview.month_figures(app, 2026, 11, today=TODAY).attendance_rate is None


def test_changes_not_yet_sent_count_every_changed_record(app: App) -> None:
    before = overview.sync_status(app).pending_changes
    person(app, "张三")
    pid = person(app, "李四")
    people.update_person(app, pid, {"phone_mobile": "13912345678"})
    status = overview.sync_status(app)
    assert status.pending_changes == before + 2  # two people, however often changed
    assert status.last_sync is None


def test_people_list_searches_name_pinyin_initials_id_and_phone(app: App) -> None:
    person(app, "张三", id_number="370202195001011239", phone_mobile="13912345678")
    person(app, "单雄信")
    person(app, "曾国强")
    listing = RosterListing(RosterFilter())

    def names(text: str) -> list[str]:
        listing.count(app, text)
        return [row[1] for row in listing.rows(app, text)]

    assert names("zs") == ["张三"]
    assert names("zhangsan") == ["张三"]
    assert names("shanx") == ["单雄信"]  # 单 as a surname reads shàn
    assert names("zgq") == ["曾国强"]  # 曾 as a surname reads zēng
    assert names("1239") == ["张三"]
    assert names("1391234") == ["张三"]
    assert listing.count(app, "三") == 1
    assert listing.count(app, "%") == 0  # no wildcards: what is typed is what is looked for
    [row] = listing.rows(app, "zs")
    assert row[9] == "370202********1239"  # the list never shows a whole ID number


def test_activity_list_shows_invited_present_and_leave(app: App) -> None:
    ids = [person(app, n) for n in ("张三", "李四", "王五")]
    aid = activity(app, dt.date(2026, 11, 10), ids, title="学习党章")
    activities.check_in(app, aid, person_id=ids[0])
    activities.check_in(app, aid, person_id=ids[1], status="leave", leave_reason="看病")
    activities.check_in(app, aid, walk_in_name="来访群众")
    [row] = browse.ACTIVITIES.rows(app, "党章")
    assert row[4] == "学习党章" and row[7:11] == (3, 2, 1, 0)


def test_the_status_knows_whether_the_station_has_joined_a_district(app: App, tmp_path) -> None:
    from tests.core.sync_world import build_world

    assert overview.sync_status(app).joined is False  # set up, joined nothing: nowhere to send to
    world = build_world(tmp_path / "world", ("A",))
    with App.open(world / "A") as joined, App.open(world / "D") as district:
        assert overview.sync_status(joined).joined is True
        assert overview.sync_status(district).joined is True
