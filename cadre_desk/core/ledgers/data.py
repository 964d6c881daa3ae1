"""What each ledger shows, read from the books in one pass per ledger (no reportlab, no Qt).

Every row is plain text and numbers, ready to print or to put in a workbook.  ID numbers,
phones and addresses are masked here (by :mod:`..privacy`) unless full data is asked for —
which needs the administrator's :data:`~..permissions.FULL_EXPORT` — so neither the PDF nor
the workbook can leak them by mistake.  Deleted records never count; people who died or
moved away still appear in the books of the months they took part in.

A month's ledgers read the books as they stood at the month's end (:class:`BooksAt`): the
roster is the people whose record existed by then and who had not died or moved away, with
their fields (status, category, Party standing, branch, name) as they were, undone from the
audit trail; so a past month reprints the same after later imports and edits.  People are
counted by record, never by name.  Activities not yet held are listed apart, with their plan.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, func, literal_column, select
from sqlalchemy.orm import Session

from .. import hlc
from ..app import App
from ..errors import DomainError
from ..models import (
    Activity,
    ActivityInvitee,
    ActivityType,
    Attachment,
    AuditEntry,
    CheckIn,
    MediaFile,
    Person,
    ServiceRecord,
    Visit,
    VolunteerProject,
)
from ..pinyin import search_keys
from ..privacy import MASKED, Disclosure
from ..services.overview import month_bounds as overview_month_bounds
from ..services.points import PointsScheme, points_ranking, points_scheme
from ..services.scope import ALL_STATIONS, StationRef, district_name, stations_for
from ..vocab import CATEGORIES, CHECKIN_METHODS, PERSON_STATUSES, SEX, VISIT_REASONS

WEEKDAYS = "一二三四五六日"
#: photos printed per activity in the 写实册 (cover first, then in the order set)
MAX_PHOTOS = 6
PRESENT = ("signed", "proxy")
CENT = Decimal("0.01")


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month; a clear message for a month that does not exist."""
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        raise DomainError(f"月份不正确：{year}年{month}月。")
    return overview_month_bounds(year, month)


def date_text(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


def month_text(day: dt.date | None) -> str:
    return f"{day.year}.{day.month:02d}" if day else ""


def labelled(fields: Iterable[tuple[str, str]]) -> str:
    """Sub-fields in one cell, each after its label: "诉求：……；跟进：……" (empty ones left out)."""
    parts = [f"{label}：{text.strip().rstrip('。；;，,')}" for label, text in fields if text and text.strip()]
    return "；".join(parts)


def rate_text(part: int, whole: int) -> str:
    """``93.5%`` (one decimal, half up), or ``—`` when there is nothing to divide by."""
    if not whole:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def when_text(day: dt.date, start: dt.time | None, end: dt.time | None) -> str:
    """``2026年11月23日（星期一）09:00–11:00`` — the date, and the time as far as it is known."""
    out = f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"
    if start and end:
        return f"{out} {start:%H:%M}–{end:%H:%M}"
    if start:
        return f"{out} {start:%H:%M} 开始"
    return out


# -- the rows ---------------------------------------------------------------------------


@dataclass
class ActivityRow:
    activity_id: str
    date: dt.date
    start: dt.time | None
    end: dt.time | None
    type_name: str
    title: str
    place: str
    host: str
    organiser: str
    record: str
    invited: int = 0
    present: int = 0  # 实到: signed in or signed for
    present_invited: int = 0  # of those, people on the 应到 list
    proxy: int = 0
    leave: int = 0
    photos: int = 0
    held: bool = True  # False for an activity still to come (no attendance yet)

    @property
    def time(self) -> str:
        """09:00–11:00, 09:00, or "" when the time is not known."""
        if self.start and self.end:
            return f"{self.start:%H:%M}–{self.end:%H:%M}"
        return f"{self.start:%H:%M}" if self.start else ""

    @property
    def when(self) -> str:
        return when_text(self.date, self.start, self.end)


@dataclass(frozen=True)
class SigninEntry:
    name: str
    category: str  # 离休 / 退休, "" for a walk-in
    status: str  # signed | proxy | leave
    time: str  # HH:MM
    method: str  # 扫码, 手写板 …
    proxy_name: str
    leave_reason: str
    signature: Path | None  # the handwritten signature image, when there is one
    walk_in: bool


@dataclass
class SigninBook:
    activity: ActivityRow
    entries: list[SigninEntry] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # invited, no sign-in and no leave

    @property
    def signed(self) -> int:
        return sum(e.status == "signed" for e in self.entries)

    @property
    def proxy(self) -> int:
        return sum(e.status == "proxy" for e in self.entries)

    @property
    def leave(self) -> int:
        return sum(e.status == "leave" for e in self.entries)


@dataclass(frozen=True)
class PhotoItem:
    path: Path  # the print-size image (or the original when it has none)
    caption: str
    width: int
    height: int


@dataclass
class RecordBook:
    activity: ActivityRow
    participants: list[str] = field(default_factory=list)
    photos: list[PhotoItem] = field(default_factory=list)
    more_photos: int = 0  # attached but not printed (more than MAX_PHOTOS)
    missing_photos: int = 0  # attached, but the file is not in the photo store


@dataclass(frozen=True)
class PersonRow:
    name: str
    sex: str
    ethnicity: str
    birth: str
    id_number: str
    work_unit: str
    position: str
    category: str
    retired: str
    political_status: str
    party_branch: str
    phone: str
    address: str
    notes: str


@dataclass(frozen=True)
class VisitRow:
    date: dt.date
    person: str
    visitors: str
    reason: str
    gifts: str
    money: Decimal
    situation: str
    needs: str
    key: str = ""  # who was visited: the person's record id, or the household for one not in the books


def visited_count(rows: Iterable[VisitRow]) -> int:
    """How many people (households) the visits went to — by record, never by name: two people
    called 陈林 are two."""
    return len({v.key or f"行:{n}" for n, v in enumerate(rows)})


@dataclass(frozen=True)
class ServiceRow:
    date: dt.date
    name: str
    project: str
    role: str
    content: str
    hours: Decimal
    points: Decimal


@dataclass
class ServiceTotal:
    name: str
    party_branch: str
    records: int = 0
    hours: Decimal = Decimal("0")
    service_points: Decimal = Decimal("0")
    activity_points: Decimal = Decimal("0")

    @property
    def total_points(self) -> Decimal:
        return self.service_points + self.activity_points


@dataclass(frozen=True)
class TypeFigures:
    """Activities of one type; the attendance figures count the activities already held."""

    type_name: str
    activities: int
    held: int
    invited: int
    present: int
    present_invited: int
    leave: int

    @property
    def rate(self) -> str:
        return rate_text(self.present_invited, self.invited)


@dataclass(frozen=True)
class PeriodFigures:
    """One month's (or a year's) figures, for 月度统计 and 年度统计."""

    label: str
    activities: int
    held: int  # of the activities, those already held; the attendance figures count only these
    invited: int
    present: int
    present_invited: int
    leave: int
    visits: int
    visit_money: Decimal
    people_visited: int
    service_records: int
    service_hours: Decimal
    volunteers: int

    @property
    def rate(self) -> str:
        return rate_text(self.present_invited, self.invited)


@dataclass(frozen=True)
class RosterFigures:
    people: int
    lixiu: int
    tuixiu: int
    party_members: int


@dataclass
class MonthStats:
    month: PeriodFigures
    roster: RosterFigures
    by_type: list[TypeFigures]
    visits_by_reason: list[tuple[str, int, Decimal]]
    photos: int


@dataclass
class YearStats:
    year: int
    months: list[PeriodFigures]
    total: PeriodFigures
    by_type: list[TypeFigures]
    visits_by_reason: list[tuple[str, int, Decimal]]
    roster: RosterFigures


@dataclass
class MonthBook:
    """Everything the chosen ledgers of one month show."""

    station: str
    year: int
    month: int
    full: bool
    today: dt.date  # attendance counts the activities held by this day
    printed_by: str = ""
    #: the roster is the books as they stood at the end of this day (the month's last day, or
    #: the print's day in a month not yet over)
    as_of: dt.date | None = None  # who asked for the print (marked on full-data prints and exports)
    activities: list[ActivityRow] = field(default_factory=list)
    signin: list[SigninBook] = field(default_factory=list)
    records: list[RecordBook] = field(default_factory=list)
    roster: list[PersonRow] = field(default_factory=list)
    visits: list[VisitRow] = field(default_factory=list)
    service: list[ServiceRow] = field(default_factory=list)
    service_totals: list[ServiceTotal] = field(default_factory=list)
    stats: MonthStats | None = None

    @property
    def period(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def as_of_text(self) -> str:
        """截至 2026年10月31日 — the day the roster is as of."""
        day = self.as_of or self.today
        return f"截至 {day.year}年{day.month}月{day.day}日"

    @property
    def planned(self) -> list[ActivityRow]:
        """The month's activities not yet held (dated after the print's day, or today and no one
        signed in yet): listed once, with their plan."""
        return [a for a in self.activities if not a.held]

    @property
    def held(self) -> list[ActivityRow]:
        return [a for a in self.activities if a.held]

    @property
    def span(self) -> str:
        """统计期间：2026年11月1日至30日"""
        return f"统计期间：{self.year}年{self.month}月1日至{month_bounds(self.year, self.month)[1].day}日"


# -- reading ------------------------------------------------------------------------------


#: the station (an id) or stations (ids) a reading covers
Stations = str | Sequence[str]


def _at(column: Any, stations: Stations) -> Any:
    """``column`` is the station, or one of the stations."""
    return column == stations if isinstance(stations, str) else column.in_(list(stations))


# -- the books as they stood at a moment -------------------------------------------------------


def on_books(status: str | None, status_date: dt.date | None, deleted: bool, day: dt.date) -> bool:
    """Whether a person with these fields (as they stood then) was on the roster at the end of
    ``day``: not deleted, and active — or died / moved away only after that day."""
    if deleted:
        return False
    return status == "active" or (status_date is not None and status_date > day)


@dataclass
class BooksAt:
    """The people's records as they stood at the end of ``day`` (a month's last day).

    A person was in the books if the record was made before the moment (its ``hlc_created``);
    ``then`` holds, for the people changed since, each changed field's value at the moment
    (undone from the audit trail); everyone else's fields are as they are now.
    """

    day: dt.date
    moment: dt.datetime  # the next day's 00:00, local time, as the audit trail's ``at``
    stamp: str  # records with an earlier ``hlc_created`` existed at the moment
    then: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: people whose record was made later, but who have records dated by then (signed in,
    #: invited, visited, served — the books of those days were filled in afterwards)
    entered: set[str] = field(default_factory=set)

    def existed(self, person_id: str, hlc_created: str) -> bool:
        """Whether the person was in the books then."""
        return hlc_created < self.stamp or person_id in self.entered

    def value(self, person_id: str | None, name: str, now: Any) -> Any:
        """A field of a person as it stood then (``now``: its value today)."""
        if person_id is None:
            return now
        changed = self.then.get(person_id)
        return changed.get(name, now) if changed else now

    def on_books(self, person_id: str, status: str, status_date: dt.date | None, deleted: bool) -> bool:
        """:func:`on_books` with the fields as they stood then (today's values given)."""
        return on_books(
            self.value(person_id, "status", status),
            self.value(person_id, "status_date", status_date),
            bool(self.value(person_id, "deleted", deleted)),
            self.day,
        )


def _stored(name: str, value: Any) -> Any:
    """A person's field as an audit entry keeps it (JSON) turned back into the column's value."""
    column = Person.__table__.c.get(name)
    if value is None or column is None:
        return value
    if isinstance(column.type, Date) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(column.type, Boolean):
        return bool(value)
    return value


def books_at(s: Session, stations: Stations, day: dt.date) -> BooksAt:
    """The station's people's records as they stood at the end of ``day``.

    One query reads the audit entries made after the moment about the station's people
    (through the entries' ``(entity, entity_id)`` index, person by person); for each changed
    field the value before the earliest of them is the value then.  Creations are not undone:
    whether a person existed then is the record's own ``hlc_created``.
    """
    return books_at_days(s, stations, [day])[day]


def _moment(day: dt.date) -> tuple[dt.datetime, str]:
    moment = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    return moment, hlc.encode(int(moment.timestamp() * 1000), 0, "0" * 8)


def books_at_days(s: Session, stations: Stations, days: Sequence[dt.date]) -> dict[dt.date, BooksAt]:
    """:func:`books_at` for several days (the months of a year) from one query of the audit trail."""
    out = {day: BooksAt(day, *_moment(day)) for day in days}
    if not out:
        return out
    earliest = min(b.moment for b in out.values())
    e = AuditEntry
    station_people = select(Person.id).where(_at(Person.station_id, stations))
    rows = s.execute(
        select(e.entity_id, e.at, e.changes)
        .where(e.entity == "people", e.entity_id.in_(station_people), e.at >= earliest, e.action != "create")
        .order_by(e.hlc, literal_column("audit_log.rowid"))
    )
    ordered = sorted(out.values(), key=lambda b: b.moment)
    _entered_later(s, stations, ordered)
    for person_id, at, changes in rows:
        if not isinstance(changes, dict):
            continue
        for books in ordered:
            if at < books.moment:
                break
            fields = books.then.setdefault(person_id, {})
            for name, pair in changes.items():
                if name not in fields and isinstance(pair, list | tuple) and len(pair) == 2:
                    fields[name] = _stored(name, pair[0])
                    if name == "name" and isinstance(pair[0], str):  # sorted by the name it had then
                        fields["name_pinyin"] = search_keys(pair[0])[0]
    return out


def _entered_later(s: Session, stations: Stations, ordered: list[BooksAt]) -> None:
    """Fill each ``entered``: the people made after its moment with records dated by its day.

    Usually nobody (the people were entered before the months printed); else their sign-ins,
    invitations, visits and service are looked up by person, a few hundred at a time.
    """
    latest = ordered[-1]
    late = list(
        s.scalars(select(Person.id).where(_at(Person.station_id, stations), Person.hlc_created >= ordered[0].stamp))
    )
    if not late:
        return
    a = Activity
    first: dict[str, dt.date] = {}
    for chunk in _chunks(late):
        dated = (
            select(CheckIn.person_id, func.min(a.date))
            .join(a, a.id == CheckIn.activity_id)
            .where(CheckIn.person_id.in_(chunk), CheckIn.deleted.is_(False), a.deleted.is_(False), a.date <= latest.day)
            .group_by(CheckIn.person_id)
            .union_all(
                select(ActivityInvitee.person_id, func.min(a.date))
                .join(a, a.id == ActivityInvitee.activity_id)
                .where(
                    ActivityInvitee.person_id.in_(chunk),
                    ActivityInvitee.deleted.is_(False),
                    a.deleted.is_(False),
                    a.date <= latest.day,
                )
                .group_by(ActivityInvitee.person_id),
                select(Visit.person_id, func.min(Visit.date))
                .where(Visit.person_id.in_(chunk), Visit.deleted.is_(False), Visit.date <= latest.day)
                .group_by(Visit.person_id),
                select(ServiceRecord.person_id, func.min(ServiceRecord.date))
                .where(
                    ServiceRecord.person_id.in_(chunk),
                    ServiceRecord.deleted.is_(False),
                    ServiceRecord.date <= latest.day,
                )
                .group_by(ServiceRecord.person_id),
            )
        )
        for person_id, day in s.execute(dated):
            if person_id and day is not None:
                day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
                first[person_id] = min(day, first.get(person_id, day))
    for books in ordered:
        books.entered = {pid for pid, day in first.items() if day <= books.day}


def now_books(day: dt.date | None = None) -> BooksAt:
    """The books as they are (nothing undone): every record made so far."""
    day = day or dt.date.today()
    return BooksAt(day, dt.datetime.max, "f" * hlc.HLC_LENGTH)


def _people_then(s: Session, stations: Stations, books: BooksAt, *columns: Any) -> list[dict[str, Any]]:
    """The people on the books at ``books``' moment, with ``columns`` as they stood then."""
    wanted = {"id", "status", "status_date", "deleted", *(c.key for c in columns)}
    cols = [Person.__table__.c[name] for name in sorted(wanted | {"hlc_created"})]
    stmt = select(*cols).where(_at(Person.station_id, stations))
    if not books.entered:
        stmt = stmt.where(Person.hlc_created < books.stamp)
    out = []
    for row in s.execute(stmt).mappings():
        if not books.existed(row["id"], row["hlc_created"]):
            continue
        values = dict(row)
        changed = books.then.get(values["id"])
        if changed:
            values.update((k, v) for k, v in changed.items() if k in wanted)
        if on_books(values["status"], values["status_date"], bool(values["deleted"]), books.day):
            out.append(values)
    return out


def read_activities(
    s: Session,
    station_id: Stations,
    first: dt.date,
    last: dt.date,
    today: dt.date | None = None,
    books: BooksAt | None = None,
) -> list[ActivityRow]:
    """The activities dated in [first, last], oldest first, with their 应到/实到/请假 and photo counts.

    Those dated after ``today`` (default: the real today), and today's with no sign-in yet,
    are marked as not yet held.  People deleted from the books count as invited while they
    were still in the books at ``books``' moment (default: now).
    """
    today = today or dt.date.today()
    rows = s.execute(
        select(Activity, ActivityType.name)
        .join(ActivityType, ActivityType.id == Activity.type_id)
        .where(
            Activity.deleted.is_(False),
            _at(Activity.station_id, station_id),
            Activity.date >= first,
            Activity.date <= last,
        )
        .order_by(Activity.date, Activity.start_time, Activity.title, Activity.id)
    ).all()
    out: dict[str, ActivityRow] = {}
    for a, type_name in rows:
        row = ActivityRow(
            activity_id=a.id,
            date=a.date,
            start=a.start_time,
            end=a.end_time,
            type_name=type_name,
            title=a.title,
            place=a.place,
            host=a.host,
            organiser=a.organiser,
            record=a.record,
            held=a.date <= today,
        )
        out[a.id] = row
    if not out:
        return []
    ids = list(out)
    for chunk in _chunks(ids):
        invitees: dict[str, set[str]] = defaultdict(set)
        for activity_id, person_id, gone in s.execute(_invitees_of(chunk, ActivityInvitee.person_id)):
            if not (gone and (books is None or books.value(person_id, "deleted", gone))):
                invitees[activity_id].add(person_id)
        for activity_id, people in invitees.items():
            out[activity_id].invited = len(people)
        seen: set[tuple[str, str]] = set()
        for activity_id, person_id, status, walk_in in s.execute(
            select(CheckIn.activity_id, CheckIn.person_id, CheckIn.status, CheckIn.walk_in_name)
            .where(CheckIn.activity_id.in_(chunk), CheckIn.deleted.is_(False))
            .order_by(CheckIn.activity_id, CheckIn.signed_at)
        ):
            key = (activity_id, person_id or f"walk-in:{walk_in}")
            if key in seen:  # one line per person, as in the book
                continue
            seen.add(key)
            row = out[activity_id]
            if status in PRESENT:
                row.present += 1
                row.proxy += status == "proxy"
                row.present_invited += person_id in invitees[activity_id]
            elif status == "leave":
                row.leave += 1
        for activity_id, count in s.execute(
            select(Attachment.owner_id, func.count())
            .where(
                Attachment.owner_type == "activity",
                Attachment.owner_id.in_(chunk),
                Attachment.deleted.is_(False),
                Attachment.kind == "photo",
            )
            .group_by(Attachment.owner_id)
        ):
            out[activity_id].photos = count
    for row in out.values():
        if row.date == today and not (row.present or row.leave):
            row.held = False  # today's, and nobody has signed in yet: still to be held
    return list(out.values())


def _invitees_of(activity_ids: list[str], *columns: Any) -> Any:
    """The invitations of these activities with ``columns`` of the person and, last, whether
    the person was deleted (skip those).

    Deleted people are left out in Python, not in SQL: with ``people.deleted`` in the WHERE
    clause and hundreds of activity ids, SQLite walks every live person of the district
    through an index and probes the invitations of each (seconds at 50,000 people),
    instead of reading the invitations of those activities and looking each person up.
    """
    return (
        select(ActivityInvitee.activity_id, *columns, Person.deleted)
        .join(Person, Person.id == ActivityInvitee.person_id)
        .where(ActivityInvitee.activity_id.in_(activity_ids), ActivityInvitee.deleted.is_(False))
    )


def _chunks(values: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def read_signin(
    app: App, s: Session, activities: list[ActivityRow], then: BooksAt | None = None
) -> list[SigninBook]:
    """The sign-in book of each activity: who signed, when, how, the signature; who was on leave
    (names and categories as the books stood at ``then``'s moment, default now)."""
    then = then or now_books()
    books = {a.activity_id: SigninBook(a) for a in activities}
    if not books:
        return []
    media = app.media
    ids = list(books)
    for chunk in _chunks(ids):
        invited: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for activity_id, person_id, name, pinyin, gone in s.execute(
            _invitees_of(chunk, Person.id, Person.name, Person.name_pinyin)
        ):
            if not (gone and then.value(person_id, "deleted", gone)):
                invited[activity_id][person_id] = (
                    then.value(person_id, "name", name),
                    then.value(person_id, "name_pinyin", pinyin),
                )
        seen: set[tuple[str, str]] = set()
        for c, name, category in s.execute(
            select(CheckIn, Person.name, Person.category)
            .outerjoin(Person, Person.id == CheckIn.person_id)
            .where(CheckIn.activity_id.in_(chunk), CheckIn.deleted.is_(False))
            .order_by(CheckIn.activity_id, CheckIn.signed_at, CheckIn.id)
        ):
            key = (c.activity_id, c.person_id or f"walk-in:{c.walk_in_name}")
            if key in seen:
                continue
            seen.add(key)
            signature = None
            if c.signature_sha256:
                path = media.original_path(c.signature_sha256, "png")
                signature = path if path.is_file() else None
            books[c.activity_id].entries.append(
                SigninEntry(
                    name=then.value(c.person_id, "name", name) or c.walk_in_name,
                    category=CATEGORIES.get(then.value(c.person_id, "category", category) or "", ""),
                    status=c.status,
                    time=f"{c.signed_at:%H:%M}" if c.signed_at and c.status in PRESENT else "",
                    method=CHECKIN_METHODS.get(c.method, c.method),
                    proxy_name=c.proxy_name,
                    leave_reason=c.leave_reason,
                    signature=signature,
                    walk_in=c.person_id is None,
                )
            )
        for activity_id, people in invited.items():
            answered = {pid for (aid, pid) in seen if aid == activity_id}
            missing = sorted((v for pid, v in people.items() if pid not in answered), key=lambda v: (v[1], v[0]))
            books[activity_id].absent = [name for name, _ in missing]
    for book in books.values():
        # signed in or signed for first, in the order they came; then those on leave
        book.entries.sort(key=lambda e: (e.status == "leave", e.time == "", e.time))
    return list(books.values())


def read_records(
    app: App, s: Session, activities: list[ActivityRow], then: BooksAt | None = None
) -> list[RecordBook]:
    """The written record of each activity, who took part (names as the books stood at
    ``then``'s moment, default now), and up to :data:`MAX_PHOTOS` photos."""
    then = then or now_books()
    books = {a.activity_id: RecordBook(a) for a in activities}
    if not books:
        return []
    media = app.media
    ids = list(books)
    for chunk in _chunks(ids):
        seen: set[tuple[str, str]] = set()
        for activity_id, person_id, name, walk_in in s.execute(
            select(CheckIn.activity_id, CheckIn.person_id, Person.name, CheckIn.walk_in_name)
            .outerjoin(Person, Person.id == CheckIn.person_id)
            .where(CheckIn.activity_id.in_(chunk), CheckIn.deleted.is_(False), CheckIn.status.in_(PRESENT))
            .order_by(CheckIn.activity_id, CheckIn.signed_at, CheckIn.id)
        ):
            key = (activity_id, person_id or f"walk-in:{walk_in}")
            if key not in seen:
                seen.add(key)
                books[activity_id].participants.append(then.value(person_id, "name", name) or walk_in)
        for att, mf in s.execute(
            select(Attachment, MediaFile)
            .outerjoin(MediaFile, MediaFile.sha256 == Attachment.sha256)
            .where(
                Attachment.owner_type == "activity",
                Attachment.owner_id.in_(chunk),
                Attachment.deleted.is_(False),
                Attachment.kind == "photo",
            )
            .order_by(Attachment.owner_id, Attachment.is_cover.desc(), Attachment.sort_order, Attachment.id)
        ):
            book = books[att.owner_id]
            if len(book.photos) >= MAX_PHOTOS:
                book.more_photos += 1
                continue
            path = media.print_path(att.sha256)
            if not path.is_file() and mf is not None:
                path = media.original_path(att.sha256, mf.ext)
            if mf is None or not path.is_file():
                book.missing_photos += 1
                continue
            book.photos.append(PhotoItem(path, att.caption, mf.width or 4, mf.height or 3))
    return list(books.values())


def read_roster(
    s: Session, station_id: Stations, masking: Disclosure = MASKED, books: BooksAt | None = None
) -> list[PersonRow]:
    """The people in the roster (在册) as the books stood at ``books``' moment (default: now),
    with their fields as they were then, in roster order: 离休 first, then by pinyin."""
    books = books or now_books()
    c = Person.__table__.c
    people = _people_then(
        s,
        station_id,
        books,
        *(
            c.name,
            c.name_pinyin,
            c.sex,
            c.ethnicity,
            c.birth_date,
            c.id_number,
            c.work_unit,
            c.position,
            c.rank,
            c.category,
            c.retire_date,
            c.political_status,
            c.party_branch,
            c.phone_mobile,
            c.phone_home,
            c.address,
            c.notes,
        ),
    )
    people.sort(key=lambda p: (p["category"] or "", p["name_pinyin"] or "", p["id"]))
    out = []
    for p in people:
        out.append(
            PersonRow(
                name=p["name"] or "",
                sex=SEX.get(p["sex"] or "", ""),
                ethnicity=p["ethnicity"] or "",
                birth=month_text(p["birth_date"]),
                id_number=masking.id_number(p["id_number"]),
                work_unit=p["work_unit"] or "",
                position=" ".join(x for x in (p["position"], p["rank"]) if x),
                category=CATEGORIES.get(p["category"] or "", p["category"] or ""),
                retired=month_text(p["retire_date"]),
                political_status=p["political_status"] or "",
                party_branch=p["party_branch"] or "",
                phone=masking.phone(p["phone_mobile"] or p["phone_home"]),
                address=masking.address(p["address"]),
                notes=(p["notes"] or "") if masking.full else "",
            )
        )
    return out


def read_visits(
    s: Session, station_id: Stations, first: dt.date, last: dt.date, books: BooksAt | None = None
) -> list[VisitRow]:
    """The visits dated in [first, last]; each person as the books stood at ``books``' moment
    (default: now), marked 已故 / 迁出 if they were no longer on the roster then."""
    books = books or now_books()
    rows = s.execute(
        select(Visit, Person.name, Person.status, Person.status_date, Person.deleted)
        .outerjoin(Person, Person.id == Visit.person_id)
        .where(
            Visit.deleted.is_(False),
            _at(Visit.station_id, station_id),
            Visit.date >= first,
            Visit.date <= last,
        )
        .order_by(Visit.date, Visit.hlc_created, Visit.id)
    ).all()
    out = []
    for v, name, status, status_date, deleted in rows:
        pid = v.person_id
        name = books.value(pid, "name", name)
        who = name or v.household
        if name and v.household:
            who = f"{name}（{v.household}）"
        if pid and status and not books.on_books(pid, status, status_date, bool(deleted)):
            status = books.value(pid, "status", status)
            if status != "active":
                who += f"（{PERSON_STATUSES.get(status, status)}）"
        follow = v.follow_up
        if follow and v.follow_up_due:
            follow += f"（{v.follow_up_due:%m-%d} 前{'，已完成' if v.follow_up_done else ''}）"
        out.append(
            VisitRow(
                date=v.date,
                person=who,
                key=pid or f"户:{v.household}",
                visitors=v.visitors,
                reason=VISIT_REASONS.get(v.reason, v.reason),
                gifts=v.gifts,
                money=v.money or Decimal("0"),
                situation=v.situation,
                needs=labelled((("诉求", v.needs), ("跟进", follow))),
            )
        )
    return out


def record_points(scheme: PointsScheme, hours: Decimal, role: str) -> Decimal:
    """The points one service record earns: its hours, and its role if the scheme rewards it."""
    return cents(hours * scheme.per_hour) + cents(scheme.per_role.get(role, Decimal("0")))


def read_service(
    app: App, s: Session, station_id: Stations, year: int, month: int, books: BooksAt | None = None
) -> tuple[list[ServiceRow], list[ServiceTotal]]:
    """The month's service records, and per person: records, hours and points (names and Party
    branches as the books stood at ``books``' moment, default now)."""
    first, last = month_bounds(year, month)
    books = books or now_books()
    scheme = points_scheme(app)
    rows = s.execute(
        select(ServiceRecord, Person.name, Person.party_branch, VolunteerProject.name)
        .join(Person, Person.id == ServiceRecord.person_id)
        .outerjoin(VolunteerProject, VolunteerProject.id == ServiceRecord.project_id)
        .where(
            ServiceRecord.deleted.is_(False),
            _at(ServiceRecord.station_id, station_id),
            ServiceRecord.date >= first,
            ServiceRecord.date <= last,
        )
        .order_by(ServiceRecord.date, Person.name_pinyin, ServiceRecord.id)
    ).all()
    out: list[ServiceRow] = []
    totals: dict[str, ServiceTotal] = {}
    for rec, name, branch, project in rows:
        name = books.value(rec.person_id, "name", name)
        branch = books.value(rec.person_id, "party_branch", branch)
        points = record_points(scheme, rec.hours, rec.role)
        out.append(ServiceRow(rec.date, name, project or "", rec.role, rec.content, rec.hours, points))
        t = totals.setdefault(rec.person_id, ServiceTotal(name, branch))
        t.records += 1
        t.hours += rec.hours
        t.service_points += points
    ranking = {p.person_id: p for p in points_ranking(app, year, month, scheme=scheme, in_roster_now=False)}
    for person_id, t in totals.items():
        if person_id in ranking:
            t.activity_points = ranking[person_id].activity_points
    ordered = sorted(totals.values(), key=lambda t: (-t.hours, -t.total_points, t.name))
    return out, ordered


def _period_figures(
    s: Session,
    station_id: Stations,
    first: dt.date,
    last: dt.date,
    label: str,
    today: dt.date,
    books: BooksAt | None = None,
) -> PeriodFigures:
    activities = read_activities(s, station_id, first, last, today, books or books_at(s, station_id, last))
    held = [a for a in activities if a.held]
    visited = func.coalesce(Visit.person_id, "户:" + func.coalesce(Visit.household, ""))
    visits, money, people = s.execute(
        select(func.count(), func.coalesce(func.sum(Visit.money), 0), func.count(visited.distinct())).where(
            Visit.deleted.is_(False), _at(Visit.station_id, station_id), Visit.date >= first, Visit.date <= last
        )
    ).one()
    hours, volunteers, records = s.execute(
        select(
            func.coalesce(func.sum(ServiceRecord.hours), 0),
            func.count(ServiceRecord.person_id.distinct()),
            func.count(),
        ).where(
            ServiceRecord.deleted.is_(False),
            _at(ServiceRecord.station_id, station_id),
            ServiceRecord.date >= first,
            ServiceRecord.date <= last,
        )
    ).one()
    return PeriodFigures(
        label=label,
        activities=len(activities),
        held=len(held),
        invited=sum(a.invited for a in held),
        present=sum(a.present for a in held),
        present_invited=sum(a.present_invited for a in held),
        leave=sum(a.leave for a in held),
        visits=visits,
        visit_money=Decimal(money),
        people_visited=people,
        service_records=records,
        service_hours=Decimal(hours),
        volunteers=volunteers,
    )


def _by_type(activities: list[ActivityRow]) -> list[TypeFigures]:
    groups: dict[str, list[ActivityRow]] = defaultdict(list)
    for a in activities:
        groups[a.type_name].append(a)
    out = []
    for name, rows in groups.items():
        held = [a for a in rows if a.held]
        out.append(
            TypeFigures(
                type_name=name,
                activities=len(rows),
                held=len(held),
                invited=sum(a.invited for a in held),
                present=sum(a.present for a in held),
                present_invited=sum(a.present_invited for a in held),
                leave=sum(a.leave for a in held),
            )
        )
    return sorted(out, key=lambda t: (-t.activities, -t.present, t.type_name))


def _visits_by_reason(
    s: Session, station_id: Stations, first: dt.date, last: dt.date
) -> list[tuple[str, int, Decimal]]:
    rows = s.execute(
        select(Visit.reason, func.count(), func.coalesce(func.sum(Visit.money), 0))
        .where(Visit.deleted.is_(False), _at(Visit.station_id, station_id), Visit.date >= first, Visit.date <= last)
        .group_by(Visit.reason)
    ).all()
    order = list(VISIT_REASONS)
    rows = sorted(rows, key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    return [(VISIT_REASONS.get(reason, reason), count, Decimal(money)) for reason, count, money in rows]


def _roster_figures(s: Session, station_id: Stations, books: BooksAt | None = None) -> RosterFigures:
    """在册 / 离休 / 退休 / 党员 as the books stood at ``books``' moment (default: now)."""
    from ..vocab import PARTY_MEMBER_STATUSES

    c = Person.__table__.c
    people = _people_then(s, station_id, books or now_books(), c.category, c.political_status)
    lixiu = sum(p["category"] == "lixiu" for p in people)
    members = sum(p["political_status"] in PARTY_MEMBER_STATUSES for p in people)
    return RosterFigures(len(people), lixiu, len(people) - lixiu, members)


def read_month_stats(
    s: Session,
    station_id: Stations,
    year: int,
    month: int,
    activities: list[ActivityRow],
    today: dt.date,
    books: BooksAt | None = None,
) -> MonthStats:
    """The month's figures; the roster's as the books stood at ``books``' moment (default: the
    month's end)."""
    first, last = month_bounds(year, month)
    books = books or books_at(s, station_id, last)
    figures = _period_figures(s, station_id, first, last, f"{year}年{month}月", today, books)
    return MonthStats(
        month=figures,
        roster=_roster_figures(s, station_id, books),
        by_type=_by_type(activities),
        visits_by_reason=_visits_by_reason(s, station_id, first, last),
        photos=sum(a.photos for a in activities),
    )


def _one_station(app: App, station: str | None) -> StationRef:
    if station == ALL_STATIONS:
        raise ValueError("one station's books: read each station, and the summary with read_district_summary")
    return stations_for(app, station)[0]


def read_month(
    app: App,
    year: int,
    month: int,
    ledgers: Iterable[str],
    *,
    full_data: bool = False,
    today: dt.date | None = None,
    station: str | None = None,
) -> MonthBook:
    """Read what the chosen ledgers of a month show (attendance as of ``today``), for the
    install's own station or, at the district, for the station with id ``station``.

    Personal data is masked unless ``full_data``, which raises
    :class:`~..permissions.PermissionDenied` unless the signed-in user may export it in full.
    """
    masking = Disclosure.for_export(app.actor, full_data)
    first, last = month_bounds(year, month)
    today = today or dt.date.today()
    wanted = set(ledgers)
    chosen = _one_station(app, station)
    station_id = chosen.id
    with app.read() as s:
        book = MonthBook(
            station=chosen.name,
            year=year,
            month=month,
            full=masking.full,
            today=today,
            printed_by=app.actor.name,
            as_of=min(last, today),
        )
        books = books_at(s, station_id, last)
        if wanted & {"activities", "signin", "records", "stats"}:
            book.activities = read_activities(s, station_id, first, last, today, books)
        if "signin" in wanted:
            book.signin = read_signin(app, s, book.held, books)
        if "records" in wanted:
            book.records = read_records(app, s, book.held, books)
        if "roster" in wanted:
            book.roster = read_roster(s, station_id, masking, books)
        if "visits" in wanted:
            book.visits = read_visits(s, station_id, first, last, books)
        if "volunteer" in wanted:
            book.service, book.service_totals = read_service(app, s, station_id, year, month, books)
        if "stats" in wanted:
            book.stats = read_month_stats(s, station_id, year, month, book.activities, today, books)
    return book


def read_year(
    app: App, year: int, *, today: dt.date | None = None, station: str | None = None
) -> tuple[str, YearStats]:
    """The station's name and its figures for each month of a year, the year's total, and by type.

    ``station`` is a station's id at the district; :data:`ALL_STATIONS` there adds up every
    station (the name is then the district's, e.g. 市南区).
    """
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    today = today or dt.date.today()
    if not 1900 <= year <= 2200:
        raise DomainError(f"年份不正确：{year}。")
    stations = stations_for(app, station)
    name = district_name(app) if station == ALL_STATIONS else stations[0].name
    ids: Stations = [st.id for st in stations] if station == ALL_STATIONS else stations[0].id
    with app.read() as s:
        ends = [month_bounds(year, m) for m in range(1, 13)]
        books = books_at_days(s, ids, [end for _, end in ends])
        months = [
            _period_figures(s, ids, first_day, end, f"{n}月", today, books[end])
            for n, (first_day, end) in enumerate(ends, start=1)
        ]
        year_end = books[last]
        activities = read_activities(s, ids, first, last, today, year_end)
        total = _period_figures(s, ids, first, last, "全年", today, year_end)
        stats = YearStats(
            year=year,
            months=months,
            total=total,
            by_type=_by_type(activities),
            visits_by_reason=_visits_by_reason(s, ids, first, last),
            roster=_roster_figures(s, ids, year_end),
        )
    return name, stats


# -- the district: every station side by side -----------------------------------------------


@dataclass(frozen=True)
class StationFigures:
    """One station's figures for a period, and its roster at the period's end (a row of 各驿站汇总)."""

    station: str
    figures: PeriodFigures
    roster: RosterFigures


@dataclass
class DistrictSummary:
    """Every station's figures for a month or a year, in station order, and their sum."""

    district: str  # 市南区
    period: str  # 2026年11月, or 2026年
    span: str  # 统计期间：2026年11月1日至30日
    today: dt.date
    rows: list[StationFigures] = field(default_factory=list)
    as_of: dt.date | None = None  # the rosters are as the books stood at the end of this day

    @property
    def total(self) -> StationFigures:
        """The 合计 row: every figure added up over the stations."""
        return StationFigures("合计", add_figures("合计", [r.figures for r in self.rows]), add_roster(self.rows))


def add_figures(label: str, figures: Sequence[PeriodFigures]) -> PeriodFigures:
    """Figures of several stations added up (a person belongs to one station, so the counts of
    people add up too)."""
    return PeriodFigures(
        label=label,
        activities=sum(f.activities for f in figures),
        held=sum(f.held for f in figures),
        invited=sum(f.invited for f in figures),
        present=sum(f.present for f in figures),
        present_invited=sum(f.present_invited for f in figures),
        leave=sum(f.leave for f in figures),
        visits=sum(f.visits for f in figures),
        visit_money=sum((f.visit_money for f in figures), Decimal("0")),
        people_visited=sum(f.people_visited for f in figures),
        service_records=sum(f.service_records for f in figures),
        service_hours=sum((f.service_hours for f in figures), Decimal("0")),
        volunteers=sum(f.volunteers for f in figures),
    )


def add_roster(rows: Sequence[StationFigures]) -> RosterFigures:
    return RosterFigures(
        people=sum(r.roster.people for r in rows),
        lixiu=sum(r.roster.lixiu for r in rows),
        tuixiu=sum(r.roster.tuixiu for r in rows),
        party_members=sum(r.roster.party_members for r in rows),
    )


def read_district_summary(
    app: App, year: int, month: int | None = None, *, today: dt.date | None = None
) -> DistrictSummary:
    """Every station's figures for a month (or, without ``month``, for the whole year), at the
    district.  Raises :class:`DomainError` at a station, or when the district has no station."""
    today = today or dt.date.today()
    if month is None:
        if not 1900 <= year <= 2200:
            raise DomainError(f"年份不正确：{year}。")
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        period, span = f"{year}年", f"统计期间：{year}年1月1日至12月31日"
    else:
        first, last = month_bounds(year, month)
        period, span = f"{year}年{month}月", f"统计期间：{year}年{month}月1日至{last.day}日"
    stations = stations_for(app, ALL_STATIONS)
    summary = DistrictSummary(
        district=district_name(app), period=period, span=span, today=today, as_of=min(last, today)
    )
    with app.read() as s:
        for st in stations:
            books = books_at(s, st.id, last)
            figures = _period_figures(s, st.id, first, last, st.name, today, books)
            summary.rows.append(StationFigures(st.name, figures, _roster_figures(s, st.id, books)))
    return summary
