"""Visits, the volunteer project library and service records, through their services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError, NotFoundError
from cadre_desk.core.models import AuditEntry, ServiceRecord, Visit
from cadre_desk.core.services import care, people

DAY = dt.date(2026, 11, 3)


def person(app: App, name: str = "王建国", **extra: object) -> str:
    return people.create_person(app, {"name": name, "category": "退休", **extra})


def visit_values(pid: str | None, **extra: object) -> dict[str, object]:
    return {"date": DAY, "person_id": pid, "reason": "生病住院看望", **extra}


def test_a_visit_keeps_what_was_given_exactly_and_its_chinese_punctuation(app: App) -> None:
    pid = person(app)
    vid = care.create_visit(
        app,
        visit_values(
            pid,
            visitors="李书记，王主任",
            gifts="牛奶（2箱）、水果",
            money="１,２００.５",
            situation="术后恢复良好。\n家属陪护。",
            needs="希望协助办理慢病报销",
            follow_up="联系社区卫生站",
            follow_up_due=dt.date(2026, 11, 20),
        ),
    )
    v = care.get_visit(app, vid)
    assert v.person_name == "王建国" and v.person_status == "active"
    assert v.values["reason"] == "hospital"
    assert v.values["money"] == Decimal("1200.50")
    assert v.values["visitors"] == "李书记，王主任" and v.values["gifts"] == "牛奶（2箱）、水果"
    assert v.values["situation"] == "术后恢复良好。\n家属陪护。"  # lines kept
    assert v.values["follow_up_done"] is False


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"money": "abc"}, "不是有效的数字"),
        ({"money": "-5"}, "不能为负数"),
        ({"money": "1.005"}, "小数"),
        ({"money": "2000000"}, "超出合理范围"),
        ({"money": "NaN"}, "不是有效的数字"),
        ({"reason": "串门"}, "走访原因"),
        ({"person_id": None}, "被走访的人员"),
        ({"follow_up": "再去一次"}, "跟进期限"),
        ({"follow_up_due": dt.date(2026, 11, 1)}, "不能早于走访日期"),
        ({"date": dt.date(2062, 11, 3)}, "不在合理范围"),
        ({"date": None}, "走访日期"),
    ],
)
def test_a_bad_visit_is_refused_with_a_clear_message_and_nothing_written(app: App, extra, message) -> None:
    pid = person(app)
    with pytest.raises(DomainError, match=message):
        care.create_visit(app, visit_values(pid, **extra))
    with pytest.raises(TypeError):
        care.create_visit(app, visit_values(pid, money=12.5))  # a float never reaches the books
    with app.read() as s:
        assert s.scalars(select(Visit)).all() == []


def test_a_household_visit_needs_no_person(app: App) -> None:
    vid = care.create_visit(app, visit_values(None, household="张家（金湖路12号）", reason="困难帮扶"))
    assert care.get_visit(app, vid).values["household"] == "张家（金湖路12号）"


def test_editing_a_visit_changes_only_what_changed_and_is_audited(app: App) -> None:
    pid = person(app)
    vid = care.create_visit(app, visit_values(pid, money="100"))
    values = dict(care.get_visit(app, vid).values)
    values.update(money="150", gifts="慰问品一份")
    changed = care.update_visit(app, vid, values)
    assert set(changed) == {"money", "gifts"}
    assert care.update_visit(app, vid, values) == {}  # nothing new: nothing written
    with app.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == vid, AuditEntry.action == "update")).one()
    assert audit.changes["money"] == ["100.00", "150.00"]


def test_follow_up_done_and_deleted_visits(app: App) -> None:
    pid = person(app)
    plain = care.create_visit(app, visit_values(pid))
    with pytest.raises(DomainError, match="没有需要跟进"):
        care.set_follow_up_done(app, plain)
    vid = care.create_visit(app, visit_values(pid, follow_up="送药", follow_up_due=dt.date(2026, 11, 10)))
    care.set_follow_up_done(app, vid)
    assert care.get_visit(app, vid).values["follow_up_done"] is True
    care.set_follow_up_done(app, vid, False)
    assert care.get_visit(app, vid).values["follow_up_done"] is False
    care.delete_visit(app, vid)
    with pytest.raises(NotFoundError):
        care.get_visit(app, vid)
    with app.read() as s:
        assert s.get(Visit, vid).deleted  # a tombstone, so the deletion can travel


def test_a_visit_to_a_removed_person_is_refused(app: App) -> None:
    pid = person(app)
    people.delete_person(app, pid)
    with pytest.raises(NotFoundError):
        care.create_visit(app, visit_values(pid))


def test_recent_visitors_most_frequent_first(app: App) -> None:
    pid = person(app)
    for who in ("李书记", "王主任", "李书记"):
        care.create_visit(app, visit_values(pid, visitors=who))
    assert care.recent_visitors(app) == ["李书记", "王主任"]


# -- the project library ---------------------------------------------------------------------


def test_projects_are_unique_by_name_and_can_be_retired_but_not_deleted_once_used(app: App) -> None:
    proj = care.create_project(app, {"name": "银龄议事会", "field": "社会治理", "contact_phone": "13812345678"})
    with pytest.raises(DomainError, match="已有"):
        care.create_project(app, {"name": "银龄议事会", "field": "社区服务"})
    with pytest.raises(DomainError, match="项目领域"):
        care.create_project(app, {"name": "新项目", "field": "打牌"})
    pid = person(app)
    care.add_service_record(app, pid, proj, DAY, "2", "议事")
    with pytest.raises(DomainError, match="不能删除"):
        care.delete_project(app, proj)
    care.set_project_active(app, proj, False)
    [item] = care.list_projects(app)
    assert (item.active, item.records, item.people, item.hours) == (False, 1, 1, Decimal("2.00"))
    assert care.list_projects(app, include_retired=False) == []
    unused = care.create_project(app, {"name": "环境整治", "field": "环境美化"})
    care.delete_project(app, unused)
    assert [p.name for p in care.list_projects(app)] == ["银龄议事会"]


def test_updating_a_project(app: App) -> None:
    proj = care.create_project(app, {"name": "文明劝导", "field": "公共文明"})
    values = {
        "name": "文明交通劝导",
        "field": "公共文明",
        "description": "路口劝导",
        "organiser": "",
        "contact_phone": "",
    }
    assert set(care.update_project(app, proj, values)) == {"name", "description"}
    assert care.list_projects(app)[0].name == "文明交通劝导"


# -- service records --------------------------------------------------------------------------


def test_service_hours_are_exact_and_checked(app: App) -> None:
    pid = person(app)
    rid = care.add_service_record(app, pid, None, DAY, "2.5", "协助议事", role="银龄议事")
    assert care.get_service_record(app, rid).values["hours"] == Decimal("2.50")
    for bad, message in (("0", "大于 0"), ("30", "超出合理范围"), ("abc", "不是有效的数字"), ("1.234", "小数")):
        with pytest.raises(DomainError, match=message):
            care.add_service_record(app, pid, None, DAY, bad)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(DomainError, match="还没到"):
        care.add_service_record(app, pid, None, tomorrow, "1")


def test_correcting_a_service_record_replaces_it_in_one_transaction(app: App) -> None:
    pid = person(app)
    rid = care.add_service_record(app, pid, None, DAY, "2", "议事")
    values = dict(care.get_service_record(app, rid).values)
    assert care.correct_service_record(app, rid, values) == rid  # unchanged: kept as it is
    new = care.correct_service_record(app, rid, values | {"hours": "3"})
    assert new != rid
    with app.read() as s:
        old, fresh = s.get(ServiceRecord, rid), s.get(ServiceRecord, new)
        assert old.deleted and not fresh.deleted and fresh.hours == Decimal("3.00")
        assert old.tx_seq == fresh.tx_seq  # one change set
    care.delete_service_record(app, new)
    with pytest.raises(NotFoundError):
        care.get_service_record(app, new)


def test_roles_in_use_most_used_first(app: App) -> None:
    pid = person(app)
    for role in ("民事调解", "银龄议事", "民事调解", ""):
        care.add_service_record(app, pid, None, DAY, "1", role=role)
    assert care.roles_in_use(app) == ["民事调解", "银龄议事"]


def test_a_visit_shows_what_became_of_the_person(app: App) -> None:
    pid = person(app)
    vid = care.create_visit(app, visit_values(pid))
    people.update_person(app, pid, {"status": "deceased", "status_date": dt.date(2026, 11, 20)})
    assert care.get_visit(app, vid).person_status == "deceased"
    people.delete_person(app, pid)
    detail = care.get_visit(app, vid)
    assert (detail.person_name, detail.person_status) == ("王建国", "removed")
