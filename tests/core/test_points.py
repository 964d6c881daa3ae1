"""The points scheme (量化积分) and the ranking, checked against hand-made books."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError, NotFoundError
from cadre_desk.core.models import ActivityType, AuditEntry, PointsRule
from cadre_desk.core.services import activities, care, people, points


def type_id(app: App, name: str) -> str:
    with app.read() as s:
        return s.scalars(select(ActivityType.id).where(ActivityType.name == name)).one()


def person(app: App, name: str, **extra: object) -> str:
    return people.create_person(app, {"name": name, "category": "退休", **extra})


def test_a_new_station_starts_with_a_usable_scheme(app: App) -> None:
    scheme = points.points_scheme(app)
    assert scheme.per_hour == Decimal("1.00")
    assert scheme.per_activity_type[type_id(app, "主题党日")] == Decimal("2.00")
    assert scheme.per_role["银龄议事"] == Decimal("3.00")


def test_changing_the_scheme_writes_only_what_changed_and_is_audited(app: App) -> None:
    party_day, study = type_id(app, "主题党日"), type_id(app, "学习教育")
    changed = points.set_points_scheme(
        app, "0.5", {party_day: "3", study: "2"}, {"银龄议事": "3", "民事调解": "3", "红色宣讲": "0"}
    )
    assert changed > 0
    scheme = points.points_scheme(app)
    assert scheme.per_hour == Decimal("0.50")
    assert scheme.per_role == {"银龄议事": Decimal("3.00"), "民事调解": Decimal("3.00")}  # zero removes
    assert points.set_points_scheme(app, "0.5", {party_day: "3", study: "2"}, {"银龄议事": "3", "民事调解": "3"}) == 0
    with app.read() as s:
        rule = s.scalars(select(PointsRule).where(PointsRule.target == party_day, PointsRule.deleted.is_(False))).one()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == rule.id, AuditEntry.action == "update"))
        assert [a.changes["points"] for a in audit] == [["2.00", "3.00"]]


@pytest.mark.parametrize(
    ("per_hour", "per_role", "message"),
    [
        ("-1", {}, "不能为负数"),
        ("abc", {}, "不是有效的数字"),
        ("1", {"": "2"}, "角色的名称"),
        ("1", {"议事": "5000"}, "超出"),
    ],
)
def test_a_bad_scheme_is_refused_and_the_old_one_kept(app: App, per_hour, per_role, message) -> None:
    before = points.points_scheme(app)
    with pytest.raises(DomainError, match=message):
        points.set_points_scheme(app, per_hour, {}, per_role)
    assert points.points_scheme(app) == before


def test_a_deleted_activity_type_cannot_earn_points(app: App) -> None:
    with pytest.raises(NotFoundError):
        points.set_points_scheme(app, "1", {"no-such-type": "2"}, {})


def test_ranking_by_month_and_year_with_shared_ranks(app: App) -> None:
    party_day = type_id(app, "主题党日")
    points.set_points_scheme(app, "1", {party_day: "2"}, {"民事调解": "5"})
    zhang, li, wang, zhao = (person(app, n) for n in ("张三", "李四", "王五", "赵六"))
    oct_day = activities.create_activity(
        app, {"title": "10月主题党日", "type_id": party_day, "date": dt.date(2026, 10, 8)}
    )
    nov_day = activities.create_activity(
        app, {"title": "11月主题党日", "type_id": party_day, "date": dt.date(2026, 11, 8)}
    )
    activities.check_in(app, oct_day, person_id=zhang)
    activities.check_in(app, nov_day, person_id=zhang, status="proxy", proxy_name="家属")  # 代签 counts
    activities.check_in(app, nov_day, person_id=li, status="leave", leave_reason="住院")  # 请假 does not
    care.add_service_record(app, li, None, dt.date(2026, 11, 2), "2.5", role="民事调解")  # 2.5 + 5
    care.add_service_record(app, wang, None, dt.date(2026, 11, 3), "1.5")  # 1.5
    care.add_service_record(app, zhao, None, dt.date(2026, 11, 3), "4")  # 4, then gone
    people.update_person(app, zhao, {"status": "deceased", "status_date": dt.date(2026, 11, 10)})
    deleted = care.add_service_record(app, wang, None, dt.date(2026, 11, 4), "8")
    care.delete_service_record(app, deleted)

    november = points.points_ranking(app, 2026, 11)
    assert [(p.name, p.total, p.rank) for p in november] == [
        ("李四", Decimal("7.50"), 1),
        ("张三", Decimal("2.00"), 2),
        ("王五", Decimal("1.50"), 3),
    ]
    li_line = november[0]
    assert (li_line.hours, li_line.service_points, li_line.role_points) == (Decimal("2.50"), Decimal("2.50"), 5)
    year = points.points_ranking(app, 2026)
    assert [(p.name, p.total, p.rank) for p in year] == [
        ("李四", Decimal("7.50"), 1),
        ("张三", Decimal("4.00"), 2),
        ("王五", Decimal("1.50"), 3),
    ]
    care.add_service_record(app, wang, None, dt.date(2026, 11, 5), "2.5")  # 王五 now 4, level with 张三
    year = points.points_ranking(app, 2026)
    assert [(p.name, p.rank) for p in year] == [("李四", 1), ("王五", 2), ("张三", 2)]  # more hours first

    mine = points.person_points_year(app, zhang, 2026)
    assert mine.by_month[9] == Decimal("2.00") and mine.by_month[10] == Decimal("2.00")
    assert (mine.total, mine.rank, mine.ranked_people) == (Decimal("4.00"), 2, 3)
    assert points.person_points_year(app, zhao, 2026).rank is None  # deceased: out of the ranking


def test_a_deleted_activity_or_sign_in_earns_nothing(app: App) -> None:
    party_day = type_id(app, "主题党日")
    pid = person(app, "张三")
    aid = activities.create_activity(app, {"title": "主题党日", "type_id": party_day, "date": dt.date(2026, 11, 8)})
    entry = activities.check_in(app, aid, person_id=pid)
    assert points.points_ranking(app, 2026, 11)[0].activity_points == Decimal("2.00")
    activities.undo_check_in(app, entry)
    assert points.points_ranking(app, 2026, 11) == []
    activities.check_in(app, aid, person_id=pid)
    activities.delete_activity(app, aid)
    assert points.points_ranking(app, 2026, 11) == []
