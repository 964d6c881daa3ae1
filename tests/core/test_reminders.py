"""The home page's reminder rules, checked against hand-made books."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import ActivityType, AuditEntry
from cadre_desk.core.services import activities, care, people
from cadre_desk.core.services.reminders import (
    ReminderSettings,
    birthday_in,
    home_reminders,
    months_before,
    reminder_settings,
    set_reminder_settings,
)

TODAY = dt.date(2026, 11, 23)


def person(app: App, name: str, born: dt.date | None = None, **extra: object) -> str:
    return people.create_person(app, {"name": name, "category": "退休", "birth_date": born, **extra})


def gone(app: App, pid: str, how: str = "deceased") -> None:
    people.update_person(app, pid, {"status": how, "status_date": dt.date(2026, 3, 1), "moved_to": "北京"})


def visit(app: App, pid: str | None, day: dt.date, reason: str = "日常走访", **extra: object) -> str:
    return care.create_visit(app, {"date": day, "person_id": pid, "reason": reason, **extra})


def kinds(app: App, kind: str, today: dt.date = TODAY, **settings: int) -> list[tuple[str, str]]:
    found = home_reminders(app, today, settings=ReminderSettings(**settings) if settings else None)
    return [(r.name, r.detail) for r in found.of(kind)]


# -- birthdays ------------------------------------------------------------------------------


def test_birthdays_this_month_and_next_for_living_people_in_the_roster_only(app: App) -> None:
    person(app, "张三", dt.date(1950, 11, 5))
    person(app, "李四", dt.date(1948, 11, 30))
    person(app, "王五", dt.date(1950, 12, 5))  # next month
    person(app, "周九", dt.date(1950, 1, 5))  # later
    gone(app, person(app, "赵六", dt.date(1940, 11, 9)))
    gone(app, person(app, "吴十", dt.date(1941, 12, 9)), "moved")
    people.delete_person(app, person(app, "钱七", dt.date(1945, 11, 11)))
    found = home_reminders(app, TODAY)
    assert [(r.name, r.date, r.detail) for r in found.of("birthday")] == [
        ("张三", dt.date(2026, 11, 5), "76"),
        ("李四", dt.date(2026, 11, 30), "78"),
    ]
    assert [(r.name, r.date, r.detail) for r in found.of("birthday_next")] == [("王五", dt.date(2026, 12, 5), "76")]


def test_in_december_next_month_is_january_of_the_next_year(app: App) -> None:
    person(app, "周九", dt.date(1950, 1, 5))
    [r] = home_reminders(app, dt.date(2026, 12, 10)).of("birthday_next")
    assert (r.date, r.detail) == (dt.date(2027, 1, 5), "77")


def test_a_29_february_birthday_is_kept_on_28_february_in_other_years(app: App) -> None:
    person(app, "孙八", dt.date(1948, 2, 29))
    [r] = home_reminders(app, dt.date(2027, 2, 10)).of("birthday")
    assert r.date == dt.date(2027, 2, 28)
    [r] = home_reminders(app, dt.date(2028, 2, 10)).of("birthday")
    assert r.date == dt.date(2028, 2, 29)
    [r] = home_reminders(app, dt.date(2027, 1, 10)).of("birthday_next")
    assert r.date == dt.date(2027, 2, 28)
    assert birthday_in(dt.date(1948, 2, 29), 2100) == dt.date(2100, 2, 28)  # 2100 is not a leap year


def test_months_before_keeps_the_day_or_the_months_last() -> None:
    assert months_before(dt.date(2026, 11, 23), 3) == dt.date(2026, 8, 23)
    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2028, 5, 29), 3) == dt.date(2028, 2, 29)
    assert months_before(dt.date(2026, 2, 10), 3) == dt.date(2025, 11, 10)


# -- special care -----------------------------------------------------------------------------


def test_special_care_people_not_visited_for_n_days(app: App) -> None:
    person(app, "张三", care_living_alone=True, care_empty_nest=True)
    long_ago = person(app, "李四", care_serious_illness=True)
    visit(app, long_ago, dt.date(2026, 10, 1))
    recent = person(app, "王五", care_disabled=True)
    visit(app, recent, dt.date(2026, 11, 1))
    deleted_visit = person(app, "赵六", care_major_change=True)
    care.delete_visit(app, visit(app, deleted_visit, dt.date(2026, 11, 20)))  # a deleted visit is no visit
    person(app, "钱七")  # not in special care
    gone(app, person(app, "孙八", care_living_alone=True))
    gone(app, person(app, "周九", care_living_alone=True), "moved")
    people.delete_person(app, person(app, "吴十", care_living_alone=True))
    assert kinds(app, "care_not_visited") == [
        ("张三", "独居、空巢：从未走访"),
        ("赵六", "家庭重大变故：从未走访"),
        ("李四", "身患重病：53 天未走访"),
    ]
    assert [n for n, _ in kinds(app, "care_not_visited", care_visit_days=60)] == ["张三", "赵六"]


def test_a_visit_on_the_last_allowed_day_is_enough(app: App) -> None:
    pid = person(app, "张三", care_living_alone=True)
    visit(app, pid, TODAY - dt.timedelta(days=30))
    assert kinds(app, "care_not_visited") == []
    assert [n for n, _ in kinds(app, "care_not_visited", care_visit_days=29)] == ["张三"]


# -- 送学上门 ----------------------------------------------------------------------------------


def test_exempt_members_are_due_study_brought_home(app: App) -> None:
    never = person(app, "张三", activity_class="免予参加集中活动")
    brought = person(app, "李四", activity_class="免予参加集中活动")
    visit(app, brought, dt.date(2026, 11, 10), reason="送学上门")
    other_visit = person(app, "王五", activity_class="免予参加集中活动")
    visit(app, other_visit, dt.date(2026, 11, 10), reason="节日慰问")  # not a study visit
    old = person(app, "赵六", activity_class="免予参加集中活动")
    visit(app, old, dt.date(2026, 9, 1), reason="送学上门")
    person(app, "钱七", activity_class="正常活动")
    gone(app, person(app, "孙八", activity_class="免予参加集中活动"))
    assert kinds(app, "study_due") == [
        ("王五", "从未送学上门"),
        ("张三", "从未送学上门"),
        ("赵六", "83 天未送学"),
    ]
    assert never and other_visit


# -- absent from every activity ----------------------------------------------------------------


def test_people_invited_but_absent_from_every_activity_for_n_months(app: App) -> None:
    with app.read() as s:
        party_day = s.scalars(select(ActivityType.id).where(ActivityType.name == "主题党日")).one()
    came = person(app, "张三")
    away = person(app, "李四")
    leave = person(app, "王五")
    exempt = person(app, "赵六", activity_class="免予参加集中活动")
    outside = person(app, "钱七", activity_class="流动在外")
    dead = person(app, "孙八")
    not_invited = person(app, "周九")
    invited = [came, away, leave, exempt, outside, dead]
    for day in (dt.date(2026, 9, 8), dt.date(2026, 10, 8), dt.date(2026, 11, 8)):
        aid = activities.create_activity(app, {"title": "主题党日", "type_id": party_day, "date": day}, invited)
        activities.check_in(app, aid, person_id=leave, status="leave", leave_reason="住院")
    activities.check_in(app, aid, person_id=came)
    old = activities.create_activity(
        app, {"title": "早些的", "type_id": party_day, "date": dt.date(2026, 6, 8)}, invited
    )
    activities.check_in(app, old, person_id=away)  # came, but before the window
    future = activities.create_activity(
        app, {"title": "下周的", "type_id": party_day, "date": dt.date(2026, 11, 30)}, invited
    )
    gone(app, dead)
    # 王五 was on approved leave (请假) every time: not absent
    assert kinds(app, "absent") == [("李四", "近 3 个月应到 3 场，均未参加")]
    assert kinds(app, "absent", absent_months=6) == []  # 李四 came in June
    # a sign-in that was undone does not count as coming
    entry = activities.check_in(app, aid, person_id=away)
    assert kinds(app, "absent") == []
    activities.undo_check_in(app, entry)
    assert [n for n, _ in kinds(app, "absent")] == ["李四"]
    assert not_invited and future and leave


def test_no_absence_reminder_before_the_books_have_history(app: App) -> None:
    """After the station's first activity nobody is "long absent"; it takes 30 days of books
    and 2 activities a person was expected at (a leave taken back counts again)."""
    with app.read() as s:
        party_day = s.scalars(select(ActivityType.id).where(ActivityType.name == "主题党日")).one()
    stayed = person(app, "李四")
    ill = person(app, "王五")
    first = activities.create_activity(
        app, {"title": "第一次", "type_id": party_day, "date": dt.date(2026, 11, 20)}, [stayed, ill]
    )
    leave = activities.check_in(app, first, person_id=ill, status="leave", leave_reason="住院")
    assert kinds(app, "absent") == []  # the first activity, three days ago
    assert kinds(app, "absent", today=dt.date(2026, 12, 22)) == []  # a month on: still expected only once
    second = {"title": "第二次", "type_id": party_day, "date": dt.date(2026, 12, 20)}
    activities.create_activity(app, second, [stayed, ill])
    assert kinds(app, "absent", today=dt.date(2026, 12, 22)) == [("李四", "近 3 个月应到 2 场，均未参加")]
    activities.undo_check_in(app, leave)  # the leave was a mistake: 王五 missed both too
    assert [n for n, _ in kinds(app, "absent", today=dt.date(2026, 12, 22))] == ["李四", "王五"]


def test_two_activities_missed_are_not_enough_until_the_books_span_30_days(app: App) -> None:
    with app.read() as s:
        party_day = s.scalars(select(ActivityType.id).where(ActivityType.name == "主题党日")).one()
    stayed = person(app, "李四")
    for day in (dt.date(2026, 11, 2), dt.date(2026, 11, 9)):
        activities.create_activity(app, {"title": "学习", "type_id": party_day, "date": day}, [stayed])
    assert kinds(app, "absent", today=dt.date(2026, 12, 1)) == []  # 29 days of books
    assert [n for n, _ in kinds(app, "absent", today=dt.date(2026, 12, 2))] == ["李四"]  # 30 days


# -- follow-ups ---------------------------------------------------------------------------------


def test_follow_ups_overdue_or_due_soon_open_their_visit(app: App) -> None:
    pid = person(app, "张三")
    moved = person(app, "李四")
    gone(app, moved, "moved")

    def follow(due: dt.date, what: str, done: bool = False, who: str | None = pid) -> str:
        extra = {"follow_up": what, "follow_up_due": due, "follow_up_done": done}
        if who is None:
            extra["household"] = "张家（金湖路12号）"
        return visit(app, who, dt.date(2026, 10, 1), **extra)

    overdue = follow(dt.date(2026, 11, 20), "逾期的")
    follow(dt.date(2026, 11, 30), "将到期的")
    follow(dt.date(2026, 12, 15), "还早的")
    follow(dt.date(2026, 11, 1), "已办完的", done=True)
    follow(dt.date(2026, 11, 1), "迁出人员的", who=moved)
    care.delete_visit(app, follow(dt.date(2026, 11, 1), "删掉的"))
    household = follow(dt.date(2026, 11, 22), "户的", who=None)
    found = home_reminders(app, TODAY)
    assert [(r.name, r.detail, r.visit_id) for r in found.of("follow_up_overdue")] == [
        ("张三", "逾期的", overdue),
        ("张家（金湖路12号）", "户的", household),
    ]
    assert [r.detail for r in found.of("follow_up_due")] == ["将到期的"]
    assert [
        r.detail for r in home_reminders(app, TODAY, settings=ReminderSettings(follow_up_days=30)).of("follow_up_due")
    ] == [
        "将到期的",
        "还早的",
    ]


# -- order, limits, settings ---------------------------------------------------------------------


def test_most_pressing_kinds_come_first_and_long_lists_are_capped_with_totals(app: App) -> None:
    for i in range(5):
        person(app, "甲乙丙丁戊"[i] + "某", dt.date(1950, 11, 1 + i), care_living_alone=True)
    found = home_reminders(app, TODAY, limit=2)
    assert [r.kind for r in found.items] == ["care_not_visited"] * 2 + ["birthday"] * 2
    assert found.totals["care_not_visited"] == found.totals["birthday"] == 5


def test_reminder_settings_are_kept_checked_and_audited(app: App) -> None:
    assert reminder_settings(app) == ReminderSettings()
    set_reminder_settings(app, ReminderSettings(care_visit_days=45, absent_months=6))
    assert reminder_settings(app) == ReminderSettings(care_visit_days=45, absent_months=6)
    with app.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "settings")).one()
    assert audit.changes == {"care_visit_days": [30, 45], "absent_months": [3, 6]}
    for bad in (ReminderSettings(care_visit_days=0), ReminderSettings(absent_months=100)):
        with pytest.raises(DomainError, match="之间"):
            set_reminder_settings(app, bad)
    assert reminder_settings(app).care_visit_days == 45
