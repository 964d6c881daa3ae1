"""Activities, their planned attendees, the sign-in book and attached photos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from .. import textindex
from ..app import App, Tx
from ..cards import parse_card_code
from ..errors import DomainError
from ..media import MediaInfo
from ..models import Activity, ActivityInvitee, ActivityType, CheckIn, Person
from ..permissions import SETTINGS
from ..validators import normalize_name, normalize_prose
from ..vocab import ACTIVITY_CLASSES, CATEGORIES, CHECKIN_METHODS, CHECKIN_STATUSES
from .base import get_live, own_station_id
from .media import register_media
from .photos import attach_stored

ACTIVITY_FIELDS = {
    "title": "活动名称",
    "type_id": "活动类型",
    "date": "活动日期",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "place": "活动地点",
    "organiser": "组织者",
    "host": "主持人",
    "planned_rule": "应到人员范围",
    "record": "活动记录",
    "notes": "备注",
}


def clean_activity(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise KeyError(f"unknown activity fields: {sorted(unknown)}")
    out = dict(values)
    for key in ("title", "place", "organiser", "host"):
        if key in out:
            out[key] = normalize_prose(str(out[key] or ""))
    if "title" in out and not out["title"]:
        raise DomainError("请填写活动名称。")
    if "date" in out and not isinstance(out["date"], dt.date):
        raise DomainError("请填写活动日期。")
    start, end = out.get("start_time"), out.get("end_time")
    if start and end and end <= start:
        raise DomainError(f"结束时间 {end:%H:%M} 应晚于开始时间 {start:%H:%M}。")
    return out


@dataclass(frozen=True)
class PlannedRule:
    """How an activity's planned attendees (应到) were chosen.

    Empty fields do not narrow.  ``manual`` means the list was picked by hand (or adjusted
    after choosing by rule); duplicating such an activity copies the list as it is.
    """

    categories: tuple[str, ...] = ()
    party_branches: tuple[str, ...] = ()
    activity_classes: tuple[str, ...] = ()
    manual: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.categories:
            out["categories"] = list(self.categories)
        if self.party_branches:
            out["party_branches"] = list(self.party_branches)
        if self.activity_classes:
            out["activity_classes"] = list(self.activity_classes)
        if self.manual:
            out["manual"] = True
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> PlannedRule:
        """Read a stored rule (older rows used ``party_branch`` / ``activity_class``)."""
        data = data or {}

        def many(*keys: str) -> tuple[str, ...]:
            for key in keys:
                value = data.get(key)
                if value:
                    return tuple([value] if isinstance(value, str) else value)
            return ()

        return cls(
            categories=many("categories", "category"),
            party_branches=many("party_branches", "party_branch"),
            activity_classes=many("activity_classes", "activity_class"),
            manual=bool(data.get("manual") or data.get("picked")),
        )

    def describe(self) -> str:
        """The rule in words, as printed on the sign-in sheet and shown in the form."""
        parts = []
        if self.categories:
            parts.append("、".join(CATEGORIES.get(c, c) for c in self.categories))
        if self.party_branches:
            parts.append("、".join(self.party_branches))
        if self.activity_classes:
            parts.append("、".join(ACTIVITY_CLASSES.get(c, c) for c in self.activity_classes))
        text = "；".join(parts) if parts else "全体在册人员"
        return text + ("（已手动调整）" if self.manual else "")


def planned_people(app: App, rule: PlannedRule) -> list[str]:
    """Ids of the people in the roster (在册) who match ``rule``, in roster (pinyin) order."""
    stmt = select(Person.id).where(Person.deleted.is_(False), Person.status == "active")
    if rule.categories:
        stmt = stmt.where(Person.category.in_(rule.categories))
    if rule.party_branches:
        stmt = stmt.where(Person.party_branch.in_(rule.party_branches))
    if rule.activity_classes:
        stmt = stmt.where(Person.activity_class.in_(rule.activity_classes))
    with app.read() as s:
        return list(s.scalars(stmt.order_by(Person.name_pinyin, Person.id)))


def create_activity(app: App, values: Mapping[str, Any], invitee_ids: Iterable[str] = ()) -> str:
    """Create an activity and its planned attendees (应到); returns its id."""
    data = clean_activity(values)
    for key in ("title", "type_id", "date"):
        if key not in data:
            raise DomainError(f"请填写{ACTIVITY_FIELDS[key]}。")
    with app.transaction() as tx:
        get_live(tx.session, ActivityType, data["type_id"])
        activity = tx.add(Activity(station_id=own_station_id(tx.session), **data))
        _add_invitees(tx, activity.id, invitee_ids)
        return activity.id


def update_activity(
    app: App, activity_id: str, values: Mapping[str, Any], invitee_ids: Iterable[str] | None = None
) -> dict[str, tuple[Any, Any]]:
    """Change an activity's fields and (when given) its planned attendees; returns what changed.

    People removed from the 应到 list keep any sign-in they already made.
    """
    data = clean_activity(values)
    with app.transaction() as tx:
        activity = get_live(tx.session, Activity, activity_id)
        start = data.get("start_time", activity.start_time)
        end = data.get("end_time", activity.end_time)
        if start and end and end <= start:
            raise DomainError(f"结束时间 {end:%H:%M} 应晚于开始时间 {start:%H:%M}。")
        if "type_id" in data:
            get_live(tx.session, ActivityType, data["type_id"])
        changed = tx.update(activity, data)
        if invitee_ids is not None:
            wanted = list(dict.fromkeys(invitee_ids))
            rows = tx.session.scalars(
                select(ActivityInvitee).where(
                    ActivityInvitee.activity_id == activity_id, ActivityInvitee.deleted.is_(False)
                )
            ).all()
            keep = set(wanted)
            removed = [row for row in rows if row.person_id not in keep]
            for row in removed:
                tx.delete(row)
            added = _add_invitees(tx, activity_id, wanted)
            if added or removed:
                changed["invitees"] = (len(rows), len(rows) - len(removed) + added)
        return changed


def delete_activity(app: App, activity_id: str) -> None:
    """Remove an activity (a tombstone: its sign-ins and photos stay in the books' history)."""
    with app.transaction() as tx:
        tx.delete(get_live(tx.session, Activity, activity_id))


def _invited(s: Any, activity_id: str, *, in_roster: bool = False) -> list[str]:
    """Ids of an activity's planned attendees (not deleted; only 在册 ones if ``in_roster``), in roster order."""
    stmt = (
        select(ActivityInvitee.person_id)
        .join(Person, Person.id == ActivityInvitee.person_id)
        .where(
            ActivityInvitee.activity_id == activity_id,
            ActivityInvitee.deleted.is_(False),
            Person.deleted.is_(False),
        )
    )
    if in_roster:
        stmt = stmt.where(Person.status == "active")
    return list(s.scalars(stmt.order_by(Person.name_pinyin, Person.id)))


def duplicate_activity(app: App, activity_id: str, day: dt.date) -> str:
    """A copy of an activity on another day, for a recurring one; returns the new id.

    Title, type, times, place, organiser, host, notes and the 应到 rule are copied; the
    written record, sign-ins and photos are not.  A rule-based 应到 list is chosen again
    from today's roster; a hand-picked one is copied (people since removed are left out).
    """
    with app.read() as s:
        source = get_live(s, Activity, activity_id)
        invited = _invited(s, activity_id, in_roster=True)
    rule = PlannedRule.from_json(source.planned_rule)
    people = invited if rule.manual or not source.planned_rule else planned_people(app, rule)
    values = {key: getattr(source, key) for key in ACTIVITY_FIELDS if key not in ("record", "date")}
    values["date"] = day
    return create_activity(app, values, people)


def _add_invitees(tx: Tx, activity_id: str, person_ids: Iterable[str]) -> int:
    existing = set(
        tx.session.scalars(
            select(ActivityInvitee.person_id).where(
                ActivityInvitee.activity_id == activity_id, ActivityInvitee.deleted.is_(False)
            )
        )
    )
    new = [pid for pid in dict.fromkeys(person_ids) if pid not in existing]
    tx.bulk_add(ActivityInvitee, [{"activity_id": activity_id, "person_id": pid} for pid in new])
    return len(new)


class AlreadyCheckedIn(DomainError):
    """The person already has an entry in this activity's sign-in book."""


def _check_in(
    tx: Tx,
    activity_id: str,
    *,
    person_id: str | None,
    walk_in_name: str,
    status: str,
    method: str,
    signature: MediaInfo | None,
    proxy_name: str,
    leave_reason: str,
    at: dt.datetime | None,
) -> CheckIn:
    if status not in CHECKIN_STATUSES:
        raise DomainError(f"签到状态“{status}”无效。")
    if method not in CHECKIN_METHODS:
        raise DomainError(f"签到方式“{method}”无效。")
    if status == "leave" and not leave_reason.strip():
        raise DomainError("请假需要填写请假原因。")
    if status == "proxy" and not proxy_name.strip():
        raise DomainError("代签需要注明代签人。")
    if not person_id:
        if not walk_in_name.strip():
            raise DomainError("请选择签到人员，或填写来访人员姓名。")
        walk_in_name = normalize_name(walk_in_name)
    s = tx.session
    if person_id:
        person = get_live(s, Person, person_id)
        already = s.scalars(
            select(CheckIn).where(
                CheckIn.activity_id == activity_id,
                CheckIn.person_id == person_id,
                CheckIn.deleted.is_(False),
            )
        ).first()
        if already is not None:
            raise AlreadyCheckedIn(
                f"{person.name} 已登记为“{CHECKIN_STATUSES[already.status]}”"
                f"（{already.signed_at:%H:%M}），无需重复登记。"
                if already.signed_at
                else f"{person.name} 已登记为“{CHECKIN_STATUSES[already.status]}”，无需重复登记。"
            )
    if signature is not None:
        register_media(tx, signature)
    return tx.add(
        CheckIn(
            activity_id=activity_id,
            person_id=person_id,
            walk_in_name=walk_in_name,
            status=status,
            signed_at=at or dt.datetime.now().replace(microsecond=0),
            method=method,
            signature_sha256=signature.sha256 if signature else None,
            proxy_name=normalize_prose(proxy_name),
            leave_reason=normalize_prose(leave_reason),
        )
    )


def check_in(
    app: App,
    activity_id: str,
    *,
    person_id: str | None = None,
    walk_in_name: str = "",
    status: str = "signed",
    method: str = "keyboard",
    signature: MediaInfo | None = None,
    proxy_name: str = "",
    leave_reason: str = "",
    at: dt.datetime | None = None,
) -> str:
    """Record one sign-in (or leave) in an activity's sign-in book; returns the entry id.

    ``signature`` is a signature image already put in the media store
    (:func:`cadre_desk.core.services.media.store_image` makes one).  Signing a person in
    twice raises :class:`AlreadyCheckedIn`.
    """
    with app.transaction() as tx:
        get_live(tx.session, Activity, activity_id)
        entry = _check_in(
            tx,
            activity_id,
            person_id=person_id,
            walk_in_name=walk_in_name,
            status=status,
            method=method,
            signature=signature,
            proxy_name=proxy_name,
            leave_reason=leave_reason,
            at=at,
        )
        return entry.id


def check_in_by_card(
    app: App, activity_id: str, code: str, *, signature: MediaInfo | None = None, at: dt.datetime | None = None
) -> str:
    """Sign in the person a scanned member card names; returns the entry id."""
    person_id = parse_card_code(code)
    if person_id is None:
        raise DomainError("扫到的内容不是本系统的会员卡。请确认扫的是会员卡上的二维码。")
    with app.read() as s:
        person = s.get(Person, person_id)
        if person is None or person.deleted:
            raise DomainError("这张会员卡对应的人员不在名册中（可能已被删除，或是其他驿站的卡）。")
    return check_in(app, activity_id, person_id=person_id, method="scan", signature=signature, at=at)


def undo_check_in(app: App, check_in_id: str) -> None:
    """Take back a wrong sign-in (tombstoned: the book keeps its history)."""
    with app.transaction() as tx:
        tx.delete(get_live(tx.session, CheckIn, check_in_id))


# -- activity types (reference data an administrator keeps) ---------------------------


@dataclass(frozen=True)
class TypeItem:
    id: str
    name: str
    active: bool
    used: int  # live activities of this type


def activity_types(app: App, *, include_inactive: bool = False) -> list[TypeItem]:
    """The activity types in their display order (only those in use unless asked)."""
    used = (
        select(func.count()).where(Activity.type_id == ActivityType.id, Activity.deleted.is_(False)).scalar_subquery()
    )
    stmt = select(ActivityType.id, ActivityType.name, ActivityType.active, used).where(ActivityType.deleted.is_(False))
    if not include_inactive:
        stmt = stmt.where(ActivityType.active.is_(True))
    with app.read() as s:
        rows = s.execute(stmt.order_by(ActivityType.sort_order, ActivityType.name)).all()
    return [TypeItem(*row) for row in rows]


def _clean_type_name(s: Any, name: str, exclude: str | None = None) -> str:
    name = normalize_prose(name)
    if not name:
        raise DomainError("请填写活动类型名称。")
    if len(name) > 30:
        raise DomainError("活动类型名称不能超过 30 个字。")
    clash = s.scalars(
        select(ActivityType.id).where(
            ActivityType.name == name, ActivityType.deleted.is_(False), ActivityType.id != (exclude or "")
        )
    ).first()
    if clash:
        raise DomainError(f"已有名为“{name}”的活动类型。")
    return name


def add_activity_type(app: App, name: str) -> str:
    """Add an activity type at the end of the list; returns its id."""
    with app.transaction(needs=SETTINGS) as tx:
        name = _clean_type_name(tx.session, name)
        last = tx.session.scalar(select(func.max(ActivityType.sort_order))) or 0
        return tx.add(ActivityType(name=name, sort_order=last + 1, active=True)).id


def rename_activity_type(app: App, type_id: str, name: str) -> None:
    """Rename a type (activities of this type show the new name everywhere)."""
    with app.transaction(needs=SETTINGS) as tx:
        row = get_live(tx.session, ActivityType, type_id)
        tx.update(row, {"name": _clean_type_name(tx.session, name, exclude=type_id)})


def set_activity_type_active(app: App, type_id: str, active: bool) -> None:
    """Retire a type from the choices (its activities keep it), or bring it back."""
    with app.transaction(needs=SETTINGS) as tx:
        row = get_live(tx.session, ActivityType, type_id)
        if not active:
            others = tx.session.scalar(
                select(func.count()).where(
                    ActivityType.deleted.is_(False), ActivityType.active.is_(True), ActivityType.id != type_id
                )
            )
            if not others:
                raise DomainError("至少要保留一个可用的活动类型。")
        tx.update(row, {"active": active})


def move_activity_type(app: App, type_id: str, new_index: int) -> None:
    """Put a type at ``new_index`` in the list (0 = first)."""
    with app.transaction(needs=SETTINGS) as tx:
        rows = list(
            tx.session.scalars(
                select(ActivityType)
                .where(ActivityType.deleted.is_(False))
                .order_by(ActivityType.sort_order, ActivityType.name)
            )
        )
        moving = next((r for r in rows if r.id == type_id), None)
        if moving is None:
            get_live(tx.session, ActivityType, type_id)  # raises the usual message
            return
        rows.remove(moving)
        rows.insert(max(0, min(new_index, len(rows))), moving)
        for order, row in enumerate(rows):
            tx.update(row, {"sort_order": order})


# -- reading an activity ------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityDetail:
    """An activity as its form shows it."""

    id: str
    values: dict[str, Any]  # the ACTIVITY_FIELDS
    type_name: str
    rule: PlannedRule
    invitee_ids: list[str]


def get_activity(app: App, activity_id: str) -> ActivityDetail:
    with app.read() as s:
        a = get_live(s, Activity, activity_id)
        type_name = s.scalar(select(ActivityType.name).where(ActivityType.id == a.type_id)) or ""
        invited = _invited(s, activity_id)
    values = {key: getattr(a, key) for key in ACTIVITY_FIELDS}
    return ActivityDetail(a.id, values, type_name, PlannedRule.from_json(a.planned_rule), invited)


@dataclass(frozen=True)
class PersonBrief:
    """A person as pickers and the check-in list show them."""

    id: str
    name: str
    category: str  # 离休 / 退休
    party_branch: str
    id_tail: str  # last four characters of the ID number (to tell namesakes apart)


def _brief(row: Any) -> PersonBrief:
    pid, name, category, branch, id_number = row
    return PersonBrief(pid, name, CATEGORIES.get(category or "", ""), branch or "", (id_number or "")[-4:])


_BRIEF_COLUMNS = (Person.id, Person.name, Person.category, Person.party_branch, Person.id_number)


def people_briefs(app: App, person_ids: Iterable[str]) -> list[PersonBrief]:
    """The given people (live ones), in the order given."""
    ids = list(dict.fromkeys(person_ids))
    found: dict[str, PersonBrief] = {}
    with app.read() as s:
        for i in range(0, len(ids), 500):
            # by primary key; "deleted" is checked here, not in SQL: with it in the WHERE clause
            # SQLite walks the roster's search index over every live person instead
            stmt = select(*_BRIEF_COLUMNS, Person.deleted).where(Person.id.in_(ids[i : i + 500]))
            found.update((row[0], _brief(row[:5])) for row in s.execute(stmt) if not row[5])
    return [found[pid] for pid in ids if pid in found]


def find_people(app: App, text: str, *, limit: int = 50) -> list[PersonBrief]:
    """People in the roster whose name, pinyin, initials, ID number or phone contains ``text``."""
    from .roster import search_key

    key = search_key(text)
    stmt = select(*_BRIEF_COLUMNS).where(Person.deleted == False, Person.status == "active")  # noqa: E712
    if key:
        stmt = stmt.where(textindex.person_has_text(key))
    with app.read() as s:
        rows = s.execute(stmt.order_by(Person.name_pinyin, Person.id).limit(limit)).all()
    return [_brief(r) for r in rows]


# -- the sign-in book at the door -----------------------------------------------------------


@dataclass(frozen=True)
class BookEntry:
    """One line of an activity's sign-in book."""

    id: str
    person_id: str | None
    name: str
    status: str  # vocab.CHECKIN_STATUSES
    signed_at: dt.datetime | None
    method: str
    signature_sha256: str | None
    proxy_name: str
    leave_reason: str
    invited: bool

    @property
    def walk_in(self) -> bool:
        return self.person_id is None

    @property
    def present(self) -> bool:
        return self.status in PRESENT


PRESENT = ("signed", "proxy")


@dataclass(frozen=True)
class CheckInBook:
    """An activity's sign-in book as the door screen shows it: who came, who is still expected."""

    activity_id: str
    title: str
    type_name: str
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    place: str
    host: str
    entries: list[BookEntry]  # in the order people signed in
    expected: list[PersonBrief]  # invited and not yet in the book

    @property
    def invited(self) -> int:
        return len(self.expected) + sum(e.invited for e in self.entries)

    @property
    def present(self) -> int:
        return sum(e.present for e in self.entries)

    @property
    def on_leave(self) -> int:
        return sum(e.status == "leave" for e in self.entries)

    @property
    def walk_ins(self) -> int:
        return sum(e.walk_in and e.present for e in self.entries)

    def entry_for(self, person_id: str) -> BookEntry | None:
        return next((e for e in self.entries if e.person_id == person_id), None)


def check_in_book(app: App, activity_id: str) -> CheckInBook:
    with app.read() as s:
        a = get_live(s, Activity, activity_id)
        type_name = s.scalar(select(ActivityType.name).where(ActivityType.id == a.type_id)) or ""
        invited = set(
            s.scalars(
                select(ActivityInvitee.person_id).where(
                    ActivityInvitee.activity_id == activity_id, ActivityInvitee.deleted.is_(False)
                )
            )
        )
        rows = s.execute(
            select(CheckIn, Person.name)
            .outerjoin(Person, Person.id == CheckIn.person_id)
            .where(CheckIn.activity_id == activity_id, CheckIn.deleted.is_(False))
            .order_by(CheckIn.signed_at, CheckIn.id)
        ).all()
    entries = [
        BookEntry(
            c.id,
            c.person_id,
            name or c.walk_in_name,
            c.status,
            c.signed_at,
            c.method,
            c.signature_sha256,
            c.proxy_name,
            c.leave_reason,
            c.person_id in invited,
        )
        for c, name in rows
    ]
    seen = {e.person_id for e in entries}
    expected = [b for b in people_briefs(app, invited - seen)]
    expected.sort(key=lambda b: b.name)
    return CheckInBook(a.id, a.title, type_name, a.date, a.start_time, a.end_time, a.place, a.host, entries, expected)


@dataclass(frozen=True)
class DoorCandidate:
    """A person offered at the door for what was typed."""

    person: PersonBrief
    invited: bool
    status: str | None  # their entry in this book, if any


def door_candidates(app: App, activity_id: str, text: str, *, limit: int = 8) -> list[DoorCandidate]:
    """Who the typed letters (pinyin initials, name, ID or phone digits) could mean at the door.

    Invited people not yet signed in come first, then closer matches (initials or name
    starting with the text), then roster order.
    """
    from .roster import search_key

    key = search_key(text)
    if not key:
        return []
    with app.read() as s:
        invited = set(
            s.scalars(
                select(ActivityInvitee.person_id).where(
                    ActivityInvitee.activity_id == activity_id, ActivityInvitee.deleted.is_(False)
                )
            )
        )
        status = dict(
            s.execute(
                select(CheckIn.person_id, CheckIn.status).where(
                    CheckIn.activity_id == activity_id, CheckIn.deleted.is_(False), CheckIn.person_id.is_not(None)
                )
            ).all()
        )
        rows = s.execute(
            select(*_BRIEF_COLUMNS, Person.name_initials, Person.name_pinyin)
            .where(Person.deleted == False, Person.status == "active")  # noqa: E712
            .where(textindex.person_has_text(key))
            .order_by(Person.name_pinyin, Person.id)
            .limit(200)
        ).all()

    def rank(row: Any) -> tuple[bool, bool, int, str]:
        pid, name, _cat, _branch, _id, initials, pinyin = row
        starts = name.startswith(key) or initials.startswith(key) or pinyin.replace(" ", "").startswith(key)
        exact = name == key or initials == key
        return (pid in status, pid not in invited, 0 if exact else 1 if starts else 2, pinyin)

    rows.sort(key=rank)
    return [DoorCandidate(_brief(r[:5]), r[0] in invited, status.get(r[0])) for r in rows[:limit]]


def record_paper_sheet(
    app: App,
    activity_id: str,
    present_ids: Iterable[str],
    *,
    leave: Mapping[str, str] | None = None,
    scans: Iterable[tuple[str, MediaInfo]] = (),
) -> int:
    """Enter attendance ticked from a signed paper sheet, with photos or scans of the sheet.

    ``scans`` are (file name, image) pairs already in the media store
    (:func:`cadre_desk.core.services.photos.prepare_images` puts them there).

    People already in the book are left as they are.  Returns the number of new entries.
    """
    leave = dict(leave or {})
    with app.transaction() as tx:
        a = get_live(tx.session, Activity, activity_id)
        at = dt.datetime.combine(a.date, a.start_time) if a.start_time else dt.datetime.combine(a.date, dt.time())
        existing = set(
            tx.session.scalars(
                select(CheckIn.person_id).where(
                    CheckIn.activity_id == activity_id, CheckIn.deleted.is_(False), CheckIn.person_id.is_not(None)
                )
            )
        )
        added = 0
        for pid in dict.fromkeys([*present_ids, *leave]):
            if pid in existing:
                continue
            status = "leave" if pid in leave else "signed"
            _check_in(
                tx,
                activity_id,
                person_id=pid,
                walk_in_name="",
                status=status,
                method="paper",
                signature=None,
                proxy_name="",
                leave_reason=leave.get(pid, ""),
                at=at,
            )
            added += 1
        attach_stored(tx, "activity", activity_id, list(scans), kind="signin_sheet", caption="签到表")
        return added


# -- participation --------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    date: dt.date
    title: str
    type_name: str
    invited: bool
    status: str  # signed | proxy | leave | absent | upcoming


@dataclass(frozen=True)
class Attendance:
    """A person's part in the station's activities."""

    lines: list[AttendanceLine]  # newest first
    invited_held: int  # activities held so far they were expected at
    attended_invited: int  # of those, how many they came to
    attended: int  # every activity they came to (invited or not)
    on_leave: int

    @property
    def rate(self) -> float | None:
        """Share of the activities they were expected at that they came to (None: none yet)."""
        return self.attended_invited / self.invited_held if self.invited_held else None


def person_attendance(app: App, person_id: str, *, today: dt.date | None = None) -> Attendance:
    today = today or dt.date.today()
    with app.read() as s:
        get_live(s, Person, person_id)
        invited = {
            row[0]: row[1:]
            for row in s.execute(
                select(Activity.id, Activity.date, Activity.title, ActivityType.name)
                .join(ActivityInvitee, ActivityInvitee.activity_id == Activity.id)
                .join(ActivityType, ActivityType.id == Activity.type_id)
                .where(
                    ActivityInvitee.person_id == person_id,
                    ActivityInvitee.deleted.is_(False),
                    Activity.deleted.is_(False),
                )
            )
        }
        came = {
            row[0]: row[1:]
            for row in s.execute(
                select(Activity.id, Activity.date, Activity.title, ActivityType.name, CheckIn.status)
                .join(CheckIn, CheckIn.activity_id == Activity.id)
                .join(ActivityType, ActivityType.id == Activity.type_id)
                .where(CheckIn.person_id == person_id, CheckIn.deleted.is_(False), Activity.deleted.is_(False))
            )
        }
    lines = []
    for aid in invited.keys() | came.keys():
        if aid in came:
            day, title, type_name, status = came[aid]
        else:
            day, title, type_name = invited[aid]
            status = "upcoming" if day >= today else "absent"
        lines.append(AttendanceLine(day, title, type_name, aid in invited, status))
    lines.sort(key=lambda line: (line.date, line.title), reverse=True)
    held = [line for line in lines if line.invited and line.status != "upcoming"]
    return Attendance(
        lines,
        invited_held=len(held),
        attended_invited=sum(line.status in PRESENT for line in held),
        attended=sum(line.status in PRESENT for line in lines),
        on_leave=sum(line.status == "leave" for line in lines),
    )


def recent_places(app: App, *, limit: int = 30) -> list[str]:
    """Places of past activities, most used first (the form offers them)."""
    with app.read() as s:
        rows = s.execute(
            select(Activity.place, func.count())
            .where(Activity.deleted.is_(False), Activity.place != "")
            .group_by(Activity.place)
            .order_by(func.count().desc(), Activity.place)
            .limit(limit)
        ).all()
    return [place for place, _n in rows]


@dataclass(frozen=True)
class MonthActivity:
    """An activity in the month view, with its figures."""

    id: str
    date: dt.date
    start_time: dt.time | None
    title: str
    type_name: str
    invited: int
    present: int
    on_leave: int


def month_activities(app: App, year: int, month: int, *, station_id: str | None = None) -> list[MonthActivity]:
    """The activities of one month, in date and time order, with 应到 / 实到 / 请假; every
    station's, or (at the district) those of the station ``station_id``."""
    from .browse import activity_figures
    from .overview import month_bounds

    first, last = month_bounds(year, month)
    stmt = (
        select(Activity.id, Activity.date, Activity.start_time, Activity.title, ActivityType.name)
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .where(Activity.deleted.is_(False), Activity.date >= first, Activity.date <= last)
    )
    if station_id is not None:
        stmt = stmt.where(Activity.station_id == station_id)
    stmt = activity_figures(stmt).order_by(Activity.date, Activity.start_time, Activity.id)
    with app.read() as s:
        return [MonthActivity(*row[:8]) for row in s.execute(stmt)]
