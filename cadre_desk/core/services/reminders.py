"""Reminders on the home page: who needs a visit, a birthday call, study brought home, a
follow-up; who has stayed away from every activity.

Only people still in the roster count (never the deceased, the moved away or removed
records), and deleted visits, activities and sign-ins never count as done.  The day counts
are the station's settings (kept in the data dir, changed in 设置, audited).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields

from sqlalchemy import and_, func, or_, select

from ..app import App
from ..errors import DomainError
from ..models import Activity, ActivityInvitee, CheckIn, Meta, Person, Visit
from ..permissions import SETTINGS
from ..vocab import CARE_FLAGS

#: reminder kinds, most pressing first (the order the home page groups them in)
KINDS = (
    "follow_up_overdue",
    "care_not_visited",
    "study_due",
    "follow_up_due",
    "absent",
    "birthday",
    "birthday_next",
)
KIND_LABELS = {
    "follow_up_overdue": "跟进事项已逾期",
    "care_not_visited": "重点关爱对象久未走访",
    "study_due": "应送学上门",
    "follow_up_due": "跟进事项即将到期",
    "absent": "长期未参加活动",
    "birthday": "本月生日",
    "birthday_next": "下月生日",
}


@dataclass(frozen=True)
class ReminderSettings:
    """The station's reminder rules (each a whole number of days or months)."""

    care_visit_days: int = 30  # special-care people should be visited at least this often
    study_days: int = 30  # 免予参加集中活动: study material brought home at least this often
    absent_months: int = 3  # flag people invited but absent from every activity this long
    follow_up_days: int = 7  # a follow-up is "due soon" this many days ahead


#: each setting's lowest and highest value, and its name in messages
SETTING_LIMITS: dict[str, tuple[int, int, str]] = {
    "care_visit_days": (7, 365, "重点关爱对象走访间隔（天）"),
    "study_days": (7, 365, "送学上门间隔（天）"),
    "absent_months": (1, 24, "未参加活动提醒（月）"),
    "follow_up_days": (0, 60, "跟进事项提前提醒（天）"),
}


_META_PREFIX = "reminders."

#: "long absent" needs history: the station's books must go back this many days (its first
#: activity) and the person must have been expected (invited, not on leave) this many times
ABSENT_MIN_BOOK_DAYS = 30
ABSENT_MIN_EXPECTED = 2


def reminder_settings(app: App) -> ReminderSettings:
    """The settings in force (defaults for any never set or unreadable)."""
    values = {}
    with app.read() as s:
        for f in fields(ReminderSettings):
            row = s.get(Meta, _META_PREFIX + f.name)
            if row is not None:
                try:
                    low, high, _ = SETTING_LIMITS[f.name]
                    values[f.name] = min(max(int(row.value), low), high)
                except ValueError:
                    pass
    return ReminderSettings(**values)


def set_reminder_settings(app: App, settings: ReminderSettings) -> ReminderSettings:
    """Keep new reminder settings (checked against their limits); audited as a settings change."""
    for name, (low, high, label) in SETTING_LIMITS.items():
        value = getattr(settings, name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise DomainError(f"{label}应在 {low} 到 {high} 之间。")
    before = reminder_settings(app)
    changes = {
        name: [getattr(before, name), getattr(settings, name)]
        for name in SETTING_LIMITS
        if getattr(before, name) != getattr(settings, name)
    }
    if not changes:
        return settings
    with app.transaction(needs=SETTINGS) as tx:
        for name in changes:
            tx.session.merge(Meta(key=_META_PREFIX + name, value=str(getattr(settings, name))))
        tx.audit("update", "settings", "reminders", "提醒设置", changes)
    return settings


@dataclass(frozen=True)
class Reminder:
    """Something the staff should act on, about one person (or a household's visit)."""

    kind: str  # one of KINDS
    person_id: str | None
    name: str
    date: dt.date | None  # the birthday, the due date, the last visit (None: never)
    detail: str = ""
    visit_id: str | None = None  # for follow-ups: the visit to open


@dataclass
class Reminders:
    """The reminders by kind, each kind capped, with how many there are in all."""

    items: list[Reminder] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def of(self, kind: str) -> list[Reminder]:
        return [r for r in self.items if r.kind == kind]


_LIVE_PERSON = (Person.deleted.is_(False), Person.status == "active")
_CARE = or_(*(getattr(Person, flag) for flag in CARE_FLAGS))


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def birthday_in(born: dt.date, year: int) -> dt.date:
    """The day a birthday is kept in ``year`` (29 February on 28 February in other years)."""
    return dt.date(year, born.month, min(born.day, calendar.monthrange(year, born.month)[1]))


def _waited(last: dt.date | None, today: dt.date, never: str, days: str) -> str:
    """How long since the last visit of its kind (its date is in the reminder's date)."""
    return never if last is None else days.replace("N", str((today - last).days))


def home_reminders(
    app: App, today: dt.date, *, settings: ReminderSettings | None = None, limit: int = 300
) -> Reminders:
    """Every reminder for ``today``, most pressing kinds first; at most ``limit`` of each kind."""
    cfg = settings or reminder_settings(app)
    out = Reminders()

    def add(r: Reminder) -> None:
        out.totals[r.kind] += 1
        if out.totals[r.kind] <= limit:
            out.items.append(r)

    with app.read() as s:
        # follow-ups overdue or due soon ---------------------------------------------------
        horizon = today + dt.timedelta(days=cfg.follow_up_days)
        follow_ups = s.execute(
            select(Visit.id, Visit.follow_up_due, Visit.follow_up, Visit.household, Person.id, Person.name)
            .outerjoin(Person, Person.id == Visit.person_id)
            .where(
                Visit.deleted.is_(False),
                Visit.follow_up_done.is_(False),
                Visit.follow_up_due.is_not(None),
                Visit.follow_up_due <= horizon,
                or_(Visit.person_id.is_(None), and_(*_LIVE_PERSON)),
            )
            .order_by(Visit.follow_up_due, Visit.date)
        ).all()

        # special care, and study brought home, by each person's latest visit ----------------
        def last_visits(*where: object) -> dict[str, dt.date]:
            return dict(
                s.execute(
                    select(Visit.person_id, func.max(Visit.date))
                    .where(Visit.deleted.is_(False), Visit.person_id.is_not(None), Visit.date <= today, *where)
                    .group_by(Visit.person_id)
                ).all()
            )

        person_columns = (Person.id, Person.name, *(getattr(Person, f) for f in CARE_FLAGS))
        cared = s.execute(select(*person_columns).where(*_LIVE_PERSON, _CARE).order_by(Person.name_pinyin)).all()
        exempt = s.execute(
            select(Person.id, Person.name)
            .where(*_LIVE_PERSON, Person.activity_class == "exempt")
            .order_by(Person.name_pinyin)
        ).all()
        any_visit = last_visits() if cared else {}
        study_visit = last_visits(Visit.reason == "study") if exempt else {}

        # invited to activities in the window and came to none (leave is not absence), once
        # the books have enough history to tell ----------------------------------------------
        window_start = months_before(today, cfg.absent_months)
        first_held = s.scalar(select(func.min(Activity.date)).where(Activity.deleted.is_(False)))
        enough_history = first_held is not None and (today - first_held).days >= ABSENT_MIN_BOOK_DAYS
        held = select(Activity.id).where(
            Activity.deleted.is_(False), Activity.date >= window_start, Activity.date <= today
        )
        came = (
            select(CheckIn.person_id)
            .where(
                CheckIn.deleted.is_(False),
                CheckIn.person_id.is_not(None),
                CheckIn.status.in_(("signed", "proxy")),
                CheckIn.activity_id.in_(held),
            )
            .distinct()
        )
        on_leave = (
            select(CheckIn.id)
            .where(
                CheckIn.activity_id == ActivityInvitee.activity_id,
                CheckIn.person_id == ActivityInvitee.person_id,
                CheckIn.status == "leave",
                CheckIn.deleted.is_(False),
            )
            .exists()
        )
        expected = func.count(ActivityInvitee.activity_id.distinct())
        absent = (
            s.execute(
                select(Person.id, Person.name, expected)
                .join(ActivityInvitee, ActivityInvitee.person_id == Person.id)
                .where(
                    *_LIVE_PERSON,
                    or_(Person.activity_class.is_(None), Person.activity_class.not_in(("exempt", "away"))),
                    ActivityInvitee.deleted.is_(False),
                    ActivityInvitee.activity_id.in_(held),
                    ~on_leave,
                    Person.id.not_in(came),
                )
                .group_by(Person.id)
                .having(expected >= ABSENT_MIN_EXPECTED)
                .order_by(expected.desc(), Person.name_pinyin)
            ).all()
            if enough_history
            else []
        )

        # birthdays this month and next ---------------------------------------------------
        next_month = dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
        born = s.execute(
            select(Person.id, Person.name, Person.birth_date)
            .where(
                *_LIVE_PERSON,
                func.strftime("%m", Person.birth_date).in_((f"{today.month:02d}", f"{next_month.month:02d}")),
            )
            .order_by(func.strftime("%d", Person.birth_date), Person.name_pinyin)
        ).all()

    for visit_id, due, what, household, person_id, name in follow_ups:
        kind = "follow_up_overdue" if due < today else "follow_up_due"
        add(Reminder(kind, person_id, name or household, due, what.strip(), visit_id))

    care_due = today - dt.timedelta(days=cfg.care_visit_days)
    waiting = []
    for row in cared:
        last = any_visit.get(row.id)
        if last is None or last < care_due:
            flags = "、".join(label for flag, label in CARE_FLAGS.items() if getattr(row, flag))
            since = _waited(last, today, "从未走访", "N 天未走访")
            waiting.append(Reminder("care_not_visited", row.id, row.name, last, f"{flags}：{since}"))
    for r in sorted(waiting, key=lambda r: (r.date is not None, r.date or today)):  # never visited first
        add(r)

    study_due = today - dt.timedelta(days=cfg.study_days)
    waiting = []
    for pid, name in exempt:
        last = study_visit.get(pid)
        if last is None or last < study_due:
            waiting.append(Reminder("study_due", pid, name, last, _waited(last, today, "从未送学上门", "N 天未送学")))
    for r in sorted(waiting, key=lambda r: (r.date is not None, r.date or today)):
        add(r)

    for pid, name, invited in absent:
        add(Reminder("absent", pid, name, None, f"近 {cfg.absent_months} 个月应到 {invited} 场，均未参加"))

    this_month, later = [], []
    for pid, name, birth_date in born:
        year = today.year if birth_date.month == today.month else next_month.year
        day = birthday_in(birth_date, year)
        kind = "birthday" if birth_date.month == today.month else "birthday_next"
        reminder = Reminder(kind, pid, name, day, str(year - birth_date.year))
        (this_month if kind == "birthday" else later).append(reminder)
    for r in this_month + later:
        add(r)

    out.items.sort(key=lambda r: KINDS.index(r.kind))  # stable: each kind keeps its order
    return out
