"""The audit trail (操作记录): searching it as an administrator does, and its entries staying as written."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from cadre_desk.core.app import Actor, App
from cadre_desk.core.ids import uuid7
from cadre_desk.core.models import AuditEntry, CheckIn, UserCredential
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.services import accounts, audit, care, people, setup
from cadre_desk.core.services import activities as acts
from cadre_desk.core.validators import gb11643_check_digit

DAY = dt.date(2026, 11, 3)


def make_id(first17: str = "37020219520608123") -> str:
    return first17 + gb11643_check_digit(first17)


@pytest.fixture
def books(app: App) -> dict[str, str]:
    """A small station's books: two people, an activity both attend, a visit and service hours;
    the administrator edits one person, an operator the other."""
    admin = setup.first_admin(app)
    assert admin is not None
    app.actor = admin
    operator_id = accounts.add_user(app, "xiaoli", "李晓丽", "operator", "op-secret-99")
    wang = people.create_person(
        app, {"name": "王建国", "category": "退休", "id_number": make_id(), "phone_mobile": "13812341234"}
    )
    zhao = people.create_person(app, {"name": "赵淑华", "category": "离休"})
    type_id = acts.activity_types(app)[0].id
    activity = acts.create_activity(app, {"title": "重阳节座谈会", "type_id": type_id, "date": DAY}, [wang, zhao])
    acts.check_in(app, activity, person_id=wang)
    acts.check_in(app, activity, person_id=zhao)
    visit = care.create_visit(app, {"date": DAY, "person_id": wang, "reason": "生病住院看望", "money": "200"})
    project = care.create_project(app, {"name": "法律咨询", "field": "社区服务"})
    care.add_service_record(app, wang, project, DAY, "2.5", "解答邻里纠纷")
    people.update_person(app, wang, {"phone_mobile": "13987654321", "category": "离休"})
    with app.read() as s:
        operator = s.get(accounts.User, operator_id)
    app.actor = accounts.actor_for(operator)
    people.update_person(app, zhao, {"health_notes": "高血压"})
    app.actor = admin
    return {
        "wang": wang,
        "zhao": zhao,
        "activity": activity,
        "visit": visit,
        "admin": str(admin.user_id),
        "admin_name": admin.name,
        "operator": operator_id,
    }


def test_by_person_finds_their_edits_sign_ins_visits_and_service_not_others(app: App, books) -> None:
    page = audit.search_audit(app, person_id=books["wang"])
    kinds = {(r.kind_label, r.action_label) for r in page.rows}
    assert kinds == {
        ("人员", "新增"),
        ("人员", "修改"),
        ("应到人员", "新增"),
        ("签到", "新增"),
        ("走访", "新增"),
        ("志愿服务", "新增"),
    }
    assert page.total == len(page.rows) == 6
    assert all("王建国" in r.label for r in page.rows)  # sign-ins etc. named after the person
    sign_in = next(r for r in page.rows if r.entity == "check_ins")
    assert sign_in.label == "王建国 · 重阳节座谈会"
    assert {"活动": "重阳节座谈会", "人员": "王建国"}.items() <= {c.label: c.after for c in sign_in.changes}.items()
    assert not any("赵淑华" in r.label for r in page.rows)
    assert [r.at for r in page.rows] == sorted((r.at for r in page.rows), reverse=True)  # newest first


def test_an_edit_shows_each_field_before_and_after_in_words(app: App, books) -> None:
    edit = next(r for r in audit.search_audit(app, person_id=books["wang"]).rows if r.action == "update")
    fields = {c.label: (c.before, c.after) for c in edit.changes}
    assert fields == {"手机": ("13812341234", "13987654321"), "离退休类别": ("退休", "离休")}
    assert (edit.user_id, edit.user) == (books["admin"], books["admin_name"])  # who, as they signed in
    assert "手机：13812341234 → 13987654321" in edit.summary
    again = audit.get_entry(app, edit.id)
    assert again is not None and again.changes == edit.changes


def test_a_new_record_and_a_withdrawn_sign_in_read_as_a_person_would(app: App, books) -> None:
    visit = audit.search_audit(app, entity="visits").rows[0]
    assert (visit.action_label, visit.label) == ("新增", f"王建国 · {DAY.isoformat()}")
    values = {c.label: c.after for c in visit.changes}
    assert values["走访原因"] == "生病住院看望" and values["慰问金"] == "200.00 元"
    assert values["被走访人员"] == "王建国"
    assert all(c.before == "" for c in visit.changes)
    with app.read() as s:
        check_in = s.scalars(select(CheckIn.id).where(CheckIn.person_id == books["zhao"])).one()
    acts.undo_check_in(app, check_in)
    withdrawn = audit.search_audit(app, person_id=books["zhao"], entity="check_ins").rows[0]
    assert withdrawn.action_label == "删除" and withdrawn.summary == "删除了这条记录"
    assert [(c.label, c.before, c.after) for c in withdrawn.changes] == [("记录状态", "有效", "已删除")]


def test_by_user_and_the_apps_own_changes(app: App, books) -> None:
    mine = audit.search_audit(app, user_id=books["operator"])
    assert [(r.label, r.action) for r in mine.rows] == [("赵淑华", "update")]
    assert mine.rows[0].user == "李晓丽"
    admins = audit.search_audit(app, user_id=books["admin"])
    assert admins.total and all(r.user_id == books["admin"] for r in admins.rows)
    system = audit.search_audit(app, user_id=audit.SYSTEM_USER)
    assert system.total and all(r.user_id is None and r.user == "系统" for r in system.rows)  # setup
    users = audit.audit_users(app)
    assert [u.user_id for u in users][-1] == audit.SYSTEM_USER
    assert {books["admin"], books["operator"]} <= {u.user_id for u in users}
    assert any(u.name.startswith("李晓丽") for u in users)


def _old_entry(app: App, at: dt.datetime, label: str) -> str:
    """An entry written long ago (as one arrives by sync from another PC)."""
    entry_id = uuid7()
    with app.transaction() as tx:
        tx.session.execute(
            insert(AuditEntry).values(
                id=entry_id,
                origin="elsewhere",
                hlc="0" * 24,
                at=at,
                user_id=None,
                user_name="张站长",
                action="update",
                entity="people",
                entity_id=uuid7(),
                label=label,
                changes={"notes": ["", "旧备注"]},
                tx_seq=tx.seq,
            )
        )
    return entry_id


def test_by_date_both_days_included(app: App, books) -> None:
    march = _old_entry(app, dt.datetime(2025, 3, 1, 0, 0, 5), "孙立平")
    end_of_march = _old_entry(app, dt.datetime(2025, 3, 31, 23, 59, 59), "孙立平")
    _old_entry(app, dt.datetime(2025, 4, 1, 0, 0, 0), "孙立平")
    found = audit.search_audit(app, date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 3, 31))
    assert [r.id for r in found.rows] == [end_of_march, march] and found.total == 2
    today = dt.date.today()
    recent = audit.search_audit(app, date_from=today, date_to=today)
    assert recent.total == audit.count_audit(app) - 3  # everything but the three old ones
    assert audit.search_audit(app, date_from=dt.date(2025, 4, 2), date_to=today - dt.timedelta(days=1)).total == 0


def test_text_finds_a_record_by_its_name_or_id_and_takes_wildcards_literally(app: App, books) -> None:
    found = audit.search_audit(app, text="座谈")
    assert {r.label for r in found.rows} == {"重阳节座谈会"}
    by_id = audit.search_audit(app, text=books["zhao"].upper())
    assert {r.entity_id for r in by_id.rows} == {books["zhao"]} and by_id.total == 2
    assert audit.search_audit(app, text="%").total == 0
    assert audit.search_audit(app, text="王建国", user_id=books["operator"]).total == 0  # filters combine


def test_pages_follow_on_and_the_count_can_be_left_out(app: App, books) -> None:
    everything = audit.search_audit(app, limit=1000)
    first = audit.search_audit(app, limit=5)
    second = audit.search_audit(app, limit=5, offset=5, count=False)
    assert first.total == everything.total and second.total is None
    assert [r.id for r in first.rows + second.rows] == [r.id for r in everything.rows[:10]]


def test_people_who_left_can_be_found_for_the_trail(app: App, books) -> None:
    people.update_person(app, books["zhao"], {"status": "deceased", "status_date": DAY})
    people.delete_person(app, books["wang"])
    found = {p.name: p.category for p in audit.find_people(app, "")}
    assert found == {"赵淑华": "离休（已故）", "王建国": "离休（已删除）"}
    assert audit.search_audit(app, person_id=books["wang"]).rows[0].action_label == "删除"


def test_only_those_allowed_to_read_the_trail_can(app: App, books) -> None:
    app.actor = Actor("someone", "王小明", "operator")
    for call in (
        lambda: audit.search_audit(app),
        lambda: audit.audit_users(app),
        lambda: audit.count_audit(app),
        lambda: audit.find_people(app, "王"),
    ):
        with pytest.raises(PermissionDenied, match="查看操作记录"):
            call()


def test_no_password_or_hash_in_any_entry(app: App, books) -> None:
    accounts.reset_password(app, books["operator"], "brand-new-pass-1")
    with app.read() as s:
        hashes = list(s.scalars(select(UserCredential.password_hash)))
        raw = [json.dumps(c, ensure_ascii=False) for c in s.scalars(select(AuditEntry.changes))]
    assert hashes and all(h and not any(h in text for text in raw) for h in hashes)
    assert not any("$argon2" in text or "brand-new-pass-1" in text or "op-secret-99" in text for text in raw)
    reset = audit.search_audit(app, user_id=books["admin"]).rows[0]
    assert reset.action_label == "重置密码"


# -- the entries cannot be changed --------------------------------------------------------


def test_the_database_refuses_to_change_or_delete_an_entry(app: App, books) -> None:
    before = audit.count_audit(app)
    entry = audit.search_audit(app, limit=1).rows[0]
    con = sqlite3.connect(app.layout.db)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="只能追加，不能修改"):
            con.execute("UPDATE audit_log SET label = '改过的' WHERE id = ?", (entry.id,))
        with pytest.raises(sqlite3.DatabaseError, match="只能追加，不能删除"):
            con.execute("DELETE FROM audit_log")
        con.rollback()
    finally:
        con.close()
    with pytest.raises(IntegrityError, match="append-only"), app.transaction() as tx:  # nor through the app
        tx.session.execute(update(AuditEntry).where(AuditEntry.id == entry.id).values(user_name="别人"))
    with pytest.raises(IntegrityError, match="append-only"), app.transaction() as tx:
        tx.session.execute(delete(AuditEntry).where(AuditEntry.id == entry.id))
    assert audit.count_audit(app) == before
    assert audit.get_entry(app, entry.id) == entry


def test_entries_can_still_be_added_and_a_repeated_one_is_ignored(app: App, books) -> None:
    entry_id = _old_entry(app, dt.datetime(2025, 1, 1), "孙立平")
    before = audit.count_audit(app)
    with sqlite3.connect(app.layout.db) as con:  # as a sync bundle brings an entry again
        con.execute(
            "INSERT OR IGNORE INTO audit_log (id, origin, hlc, at, user_id, user_name, action, entity, entity_id,"
            " label, changes, tx_seq) VALUES (?, 'x', 'x', '2025-01-01 00:00:00.000000', NULL, '别人', 'update',"
            " 'people', 'x', '改过的', '{}', 1)",
            (entry_id,),
        )
    assert audit.count_audit(app) == before
    assert audit.get_entry(app, entry_id).label == "孙立平"  # type: ignore[union-attr]
