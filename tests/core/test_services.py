"""Service functions: validation, one transaction, audit entries and sync metadata."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from cadre_desk.core.app import Actor, App
from cadre_desk.core.errors import DomainError, NotFoundError
from cadre_desk.core.hlc import decode
from cadre_desk.core.ids import uuid7_time_ms
from cadre_desk.core.models import AuditEntry, CheckIn, Person, Visit
from cadre_desk.core.services import activities, care, people
from cadre_desk.core.services.setup import install_info
from cadre_desk.core.validators import gb11643_check_digit


def make_id(first17: str = "37020219520608123") -> str:
    return first17 + gb11643_check_digit(first17)


def audit_entries(app: App, entity_id: str) -> list[AuditEntry]:
    with app.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.hlc)))


def count(app: App, model: type) -> int:
    with app.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_create_person_normalises_derives_and_stamps_sync_metadata(app: App) -> None:
    app.actor = Actor("u-1", "刘晓燕")
    pid = people.create_person(
        app,
        {"name": "单  晓明", "id_number": make_id().lower(), "category": "退休", "phone_mobile": "+86 138-1234-1234"},
    )
    with app.read() as s:
        p = s.get(Person, pid)
    assert p.name == "单晓明"
    assert (p.sex, p.birth_date) == ("M", dt.date(1952, 6, 8))  # from the ID number
    assert p.phone_mobile == "13812341234"
    assert "shanxiaoming" in p.name_pinyin and "sxm" in p.name_initials.split()
    # sync metadata: a UUIDv7 made now, this install as origin, HLC stamps, no deletion
    assert abs(uuid7_time_ms(p.id) / 1000 - dt.datetime.now().timestamp()) < 60
    assert p.origin == app.install_id
    assert p.hlc_created == p.hlc_updated and decode(p.hlc_created)[0] > 0
    assert p.deleted is False and p.tx_seq > 0
    [entry] = audit_entries(app, pid)
    assert (entry.action, entry.entity, entry.label) == ("create", "people", "单晓明")
    assert (entry.user_id, entry.user_name) == ("u-1", "刘晓燕")
    assert entry.changes["id_number"] == [None, make_id()]
    assert entry.tx_seq == p.tx_seq and entry.hlc == p.hlc_created


def test_update_records_before_after_and_per_field_clock(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "category": "退休", "address": "金湖路1号"})
    changes = people.update_person(app, pid, {"address": "金湖路2号", "category": "退休"})
    assert changes == {"address": ("金湖路1号", "金湖路2号")}  # unchanged category not recorded
    with app.read() as s:
        p = s.get(Person, pid)
    assert set(p.field_hlc) == {"address"}
    assert p.field_hlc["address"] == p.hlc_updated > p.hlc_created
    create, update = audit_entries(app, pid)
    assert update.action == "update" and update.changes == {"address": ["金湖路1号", "金湖路2号"]}
    assert update.tx_seq > create.tx_seq


def test_update_that_changes_nothing_writes_no_audit_entry(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "category": "退休"})
    assert people.update_person(app, pid, {"name": "王建国"}) == {}
    assert len(audit_entries(app, pid)) == 1


def test_delete_is_a_tombstone_with_an_audit_entry(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "category": "退休"})
    people.delete_person(app, pid)
    with app.read() as s:
        p = s.get(Person, pid)
    assert p.deleted is True and "deleted" in p.field_hlc
    assert [e.action for e in audit_entries(app, pid)] == ["create", "delete"]
    with pytest.raises(NotFoundError, match="已被删除"):
        people.update_person(app, pid, {"address": "x"})


def test_same_id_number_is_refused_and_nothing_is_written(app: App) -> None:
    people.create_person(app, {"name": "王建国", "id_number": make_id(), "category": "退休"})
    audits = count(app, AuditEntry)
    with pytest.raises(DomainError, match="不能重复登记"):
        people.create_person(app, {"name": "李四", "id_number": make_id(), "category": "离休"})
    assert count(app, Person) == 1 and count(app, AuditEntry) == audits


def test_same_name_and_birth_month_warns_unless_confirmed(app: App) -> None:
    people.create_person(app, {"name": "王建国", "birth_date": "1950.03", "category": "退休"})
    with pytest.raises(DomainError, match="同名同出生年月"):
        people.create_person(app, {"name": "王建国", "birth_date": "1950年3月", "category": "退休"})
    people.create_person(app, {"name": "王建国", "birth_date": "1950年3月", "category": "退休"}, allow_similar=True)
    assert count(app, Person) == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": "王芳", "id_number": make_id(), "sex": "女", "category": "退休"}, "与身份证号不符"),
        ({"name": "王芳", "id_number": make_id(), "birth_date": "1953.01", "category": "退休"}, "不符"),
        ({"name": "王芳", "id_number": make_id()[:-1] + "9", "category": "退休"}, "校验位"),
        ({"name": "王芳", "id_number": "3.70202195206081E+17", "category": "退休"}, "Excel"),
        ({"name": "王芳", "category": "在职"}, "离退休类别"),
        ({"name": "王芳", "category": "退休", "phone_mobile": "88881234"}, "区号"),
        ({"name": "", "category": "退休"}, "姓名"),
    ],
)
def test_bad_person_input_gets_a_clear_chinese_message(app: App, values: dict, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        people.create_person(app, values)
    assert count(app, Person) == 0


def test_a_failing_transaction_leaves_nothing_behind(app: App) -> None:
    before = (count(app, Person), count(app, AuditEntry))
    with pytest.raises(RuntimeError), app.transaction() as tx:
        tx.add(Person(station_id=install_info(app).station_id, name="半途", category="tuixiu"))
        raise RuntimeError("power cut")
    assert (count(app, Person), count(app, AuditEntry)) == before


def test_each_transaction_gets_a_new_sequence_number_and_later_clock(app: App) -> None:
    a = people.create_person(app, {"name": "甲", "category": "退休"})
    b = people.create_person(app, {"name": "乙", "category": "退休"})
    with app.read() as s:
        pa, pb = s.get(Person, a), s.get(Person, b)
    assert pb.tx_seq == pa.tx_seq + 1
    assert pb.hlc_created > pa.hlc_created
    assert pb.id > pa.id  # UUIDv7 ids sort by creation time


def _activity(app: App) -> str:
    with app.read() as s:
        from cadre_desk.core.models import ActivityType

        type_id = s.scalars(select(ActivityType.id).where(ActivityType.name == "学习教育")).one()
    return activities.create_activity(app, {"title": "学习会", "type_id": type_id, "date": dt.date(2026, 11, 5)})


def test_check_in_once_undo_and_leave_needs_a_reason(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "category": "退休"})
    aid = _activity(app)
    entry = activities.check_in(app, aid, person_id=pid)
    with pytest.raises(DomainError, match="无需重复"):
        activities.check_in(app, aid, person_id=pid)
    activities.undo_check_in(app, entry)
    with app.read() as s:
        assert s.get(CheckIn, entry).deleted is True
    with pytest.raises(DomainError, match="请假原因"):
        activities.check_in(app, aid, person_id=pid, status="leave")
    activities.check_in(app, aid, person_id=pid, status="leave", leave_reason="住院")
    activities.check_in(app, aid, walk_in_name="张 三")
    with app.read() as s:
        live = s.scalars(select(CheckIn).where(CheckIn.deleted.is_(False))).all()
    assert sorted((c.status, c.walk_in_name) for c in live) == [("leave", ""), ("signed", "张三")]


def test_visit_money_is_exact_and_floats_are_never_stored(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "category": "退休"})
    for amount in ("0.10", "0.20", "1000.05"):
        care.create_visit(app, {"date": dt.date(2026, 11, 1), "person_id": pid, "reason": "节日慰问", "money": amount})
    with app.read() as s:
        total = sum(s.scalars(select(Visit.money)), Decimal(0))
        sql_sum = s.scalar(select(func.sum(Visit.money)))
        raw_sum = s.connection().exec_driver_sql("SELECT sum(money) FROM visits").scalar()
    assert total == sql_sum == Decimal("1000.35")
    assert raw_sum == 100035  # stored as whole fen, so SQL sums are exact
    with pytest.raises(DomainError, match="小数"):
        care.create_visit(app, {"date": dt.date(2026, 11, 1), "person_id": pid, "reason": "节日慰问", "money": "1.005"})


def test_service_record_hours_validated(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "category": "退休"})
    proj = care.create_project(app, {"name": "银龄议事会", "field": "社会治理"})
    care.add_service_record(app, pid, proj, dt.date(2026, 11, 2), "2.5", "参加议事")
    with pytest.raises(DomainError, match="服务时长"):
        care.add_service_record(app, pid, proj, dt.date(2026, 11, 2), "30")


def test_two_processes_on_one_data_dir_never_reuse_a_clock_stamp(app: App) -> None:
    """A second App on the same folder (e.g. the CLI beside the window) keeps stamps increasing."""
    other = App.open(app.layout.root)
    try:
        a = people.create_person(app, {"name": "甲", "category": "退休"})
        b = people.create_person(other, {"name": "乙", "category": "退休"})
        c = people.create_person(app, {"name": "丙", "category": "退休"})
    finally:
        other.close()
    with app.read() as s:
        stamps = [s.get(Person, pid).hlc_created for pid in (a, b, c)]
        seqs = [s.get(Person, pid).tx_seq for pid in (a, b, c)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_editing_sex_or_birth_month_is_checked_against_the_stored_id_number(app: App) -> None:
    pid = people.create_person(app, {"name": "王建国", "id_number": make_id(), "category": "退休"})
    with pytest.raises(DomainError, match="与身份证号不符"):
        people.update_person(app, pid, {"sex": "女"})
    with pytest.raises(DomainError, match="不符"):
        people.update_person(app, pid, {"birth_date": "1960.01"})
    assert people.update_person(app, pid, {"sex": "男", "address": "金湖路3号"}) == {"address": ("", "金湖路3号")}
