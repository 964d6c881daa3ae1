"""Paged, searchable lists of the books, for the list pages of the window.

Each listing returns display-ready rows (strings and numbers, the record id first) a page
at a time, so a list over 50,000 people never loads more than one page.  The window turns
column keys into translated headers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..app import App
from ..models import (
    Activity,
    ActivityInvitee,
    ActivityType,
    Attachment,
    CheckIn,
    Person,
    ServiceRecord,
    Station,
    Visit,
    VolunteerProject,
)
from ..validators import normalize_text
from ..vocab import VISIT_REASONS

Row = tuple[Any, ...]


class ListSource(Protocol):
    """Anything a list page can show: counts and pages of display-ready rows (id first)."""

    key: str
    columns: tuple[str, ...]

    def count(self, app: App, text: str = "") -> int: ...

    def rows(self, app: App, text: str = "", offset: int = 0, limit: int = 200) -> list[Row]: ...


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(text: str, *columns: Any) -> Any:
    """Any of ``columns`` contains ``text`` (LIKE wildcards in the text taken literally)."""
    pattern = _like(text)
    return or_(*(column.like(pattern, escape="\\") for column in columns))


def _person_matches(text: str) -> Any:
    """A person's name, full pinyin or pinyin initials contains ``text``."""
    spelled = _like(text.lower())
    return or_(
        Person.name.like(_like(text), escape="\\"),
        Person.name_pinyin.like(spelled, escape="\\"),
        Person.name_initials.like(spelled, escape="\\"),
    )


def age_on(born: dt.date | None, today: dt.date) -> int | None:
    """Whole years of age on ``today`` (None when the birth date is not known)."""
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def plain_number(value: Decimal) -> str:
    """A Decimal as people write it: ``12.50`` → ``12.5``, ``3.00`` → ``3``, ``10`` stays ``10``."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def money_text(value: Decimal | None) -> str:
    """An amount as lists and forms show it: two places, empty for none."""
    return f"{value:.2f}" if value else ""


def _hours(value: Decimal | None) -> str:
    return plain_number(value) if value is not None else ""


@dataclass(frozen=True)
class Listing:
    """One browsable book: its columns and how to count and fetch a page of it."""

    key: str
    columns: tuple[str, ...]
    _query: Callable[[str], Select[Any]]
    _order: Callable[[], tuple[Any, ...]]
    _row: Callable[[Session, Any], Row]
    _page_columns: Callable[[Select[Any]], Select[Any]] = lambda stmt: stmt

    def count(self, app: App, text: str = "") -> int:
        stmt = self._query(normalize_text(text))
        with app.read() as s:
            return s.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    def rows(self, app: App, text: str = "", offset: int = 0, limit: int = 200) -> list[Row]:
        stmt = self._page_columns(self._query(normalize_text(text)))
        stmt = stmt.order_by(*self._order()).offset(offset).limit(limit)
        with app.read() as s:
            return [self._row(s, r) for r in s.execute(stmt).all()]


def station_name_of(station_id: Any) -> Any:
    """The name of the station a row belongs to, as a column (for the district's lists)."""
    return select(Station.name).where(Station.id == station_id).scalar_subquery()


# -- activities ---------------------------------------------------------------------------


def _activities_query(text: str, station_id: str | None = None) -> Select[Any]:
    type_ = aliased(ActivityType)
    stmt = select(Activity, type_.name).join(type_, type_.id == Activity.type_id).where(Activity.deleted.is_(False))
    if station_id is not None:
        stmt = stmt.where(Activity.station_id == station_id)
    if text:
        stmt = stmt.where(_contains(text, Activity.title, Activity.place, Activity.host, type_.name))
    return stmt


def activity_figures(stmt: Select[Any]) -> Select[Any]:
    """Add 应到, 实到, 请假 and photo counts to a page of activities (correlated, per row)."""
    live_check_in = (CheckIn.activity_id == Activity.id) & CheckIn.deleted.is_(False)
    invited = (
        select(func.count())
        .where(ActivityInvitee.activity_id == Activity.id, ActivityInvitee.deleted.is_(False))
        .scalar_subquery()
    )
    present = select(func.count()).where(live_check_in, CheckIn.status.in_(("signed", "proxy"))).scalar_subquery()
    leave = select(func.count()).where(live_check_in, CheckIn.status == "leave").scalar_subquery()
    photos = (
        select(func.count())
        .where(
            Attachment.owner_type == "activity",
            Attachment.owner_id == Activity.id,
            Attachment.deleted.is_(False),
        )
        .scalar_subquery()
    )
    return stmt.add_columns(invited, present, leave, photos)


def _activity_row(_s: Session, r: Any) -> Row:
    a: Activity = r[0]
    when = a.start_time.strftime("%H:%M") if a.start_time else ""
    return (a.id, a.date.isoformat(), when, r[1], a.title, a.place, a.host, *r[2:6])


ACTIVITY_COLUMNS = ("date", "time", "type", "title", "place", "host", "invited", "present", "leave", "photos")


def activities_listing(station_id: str | None = None, *, station_column: bool = False) -> Listing:
    """The activities, newest first: every station's (``station_id`` None) or one station's.
    ``station_column`` adds the station's name as the last column (for the district)."""

    def with_station(stmt: Select[Any]) -> Select[Any]:
        return activity_figures(stmt).add_columns(station_name_of(Activity.station_id))

    return Listing(
        key="activities",
        columns=(*ACTIVITY_COLUMNS, "station") if station_column else ACTIVITY_COLUMNS,
        _query=lambda text: _activities_query(text, station_id),
        _order=lambda: (Activity.date.desc(), Activity.start_time.desc(), Activity.id),
        _row=(lambda s, r: (*_activity_row(s, r), r[6])) if station_column else _activity_row,
        _page_columns=with_station if station_column else activity_figures,
    )


ACTIVITIES = activities_listing()


# -- visits -------------------------------------------------------------------------------


FOLLOW_UP_FILTERS = ("", "open", "overdue")


def _visits_query(text: str, station_id: str | None = None) -> Select[Any]:
    stmt = select(Visit, Person.name).outerjoin(Person, Person.id == Visit.person_id).where(Visit.deleted.is_(False))
    if station_id is not None:
        stmt = stmt.where(Visit.station_id == station_id)
    if text:
        stmt = stmt.where(or_(_person_matches(text), _contains(text, Visit.household, Visit.visitors, Visit.gifts)))
    return stmt


def _follow_up_state(v: Visit, today: dt.date) -> str:
    if not v.follow_up_due and not v.follow_up.strip():
        return ""
    if v.follow_up_done:
        return "done"
    if v.follow_up_due and v.follow_up_due < today:
        return "overdue"
    return "open"


def visits_listing(
    show: str = "",
    today: dt.date | None = None,
    *,
    station_id: str | None = None,
    station_column: bool = False,
) -> Listing:
    """The visits book.  ``show`` "open" keeps follow-ups not yet done, "overdue" those past
    their date (both soonest due first); the follow-up state is judged on ``today``
    (the day it is asked, when not given).  ``station_id`` keeps one station's visits (None:
    every station's); ``station_column`` adds the station's name as the last column."""
    if show not in FOLLOW_UP_FILTERS:
        raise ValueError(f"unknown follow-up filter {show!r}")

    def query(text: str) -> Select[Any]:
        stmt = _visits_query(text, station_id)
        if show:
            has_follow_up = or_(Visit.follow_up != "", Visit.follow_up_due.is_not(None))
            stmt = stmt.where(Visit.follow_up_done.is_(False), has_follow_up)
        if show == "overdue":
            stmt = stmt.where(Visit.follow_up_due < (today or dt.date.today()))
        return stmt

    def order() -> tuple[Any, ...]:
        if show:
            return (Visit.follow_up_due.is_(None), Visit.follow_up_due, Visit.date.desc(), Visit.id)
        return (Visit.date.desc(), Visit.id)

    def row(_s: Session, r: Any) -> Row:
        v: Visit = r[0]
        who = r[1] or v.household
        due = v.follow_up_due.isoformat() if v.follow_up_due else ""
        reason = VISIT_REASONS.get(v.reason, v.reason)
        state = _follow_up_state(v, today or dt.date.today())
        out = (v.id, v.date.isoformat(), who, reason, v.visitors, v.gifts, money_text(v.money), due, state)
        return (*out, r[2]) if station_column else out

    def with_station(stmt: Select[Any]) -> Select[Any]:
        return stmt.add_columns(station_name_of(Visit.station_id)) if station_column else stmt

    columns = ("date", "person", "reason", "visitors", "gifts", "money", "follow_up_due", "follow_up")
    return Listing(
        key="visits",
        columns=(*columns, "station") if station_column else columns,
        _query=query,
        _order=order,
        _row=row,
        _page_columns=with_station,
    )


VISITS = visits_listing()


# -- volunteer service --------------------------------------------------------------------


def _service_query(text: str) -> Select[Any]:
    stmt = (
        select(ServiceRecord, Person.name, VolunteerProject.name, VolunteerProject.field)
        .join(Person, Person.id == ServiceRecord.person_id)
        .outerjoin(VolunteerProject, VolunteerProject.id == ServiceRecord.project_id)
        .where(ServiceRecord.deleted.is_(False))
    )
    if text:
        columns = (VolunteerProject.name, VolunteerProject.field, ServiceRecord.role, ServiceRecord.content)
        stmt = stmt.where(or_(_person_matches(text), _contains(text, *columns)))
    return stmt


def _service_row(_s: Session, r: Any) -> Row:
    rec: ServiceRecord = r[0]
    return (rec.id, rec.date.isoformat(), r[1], r[2] or "", r[3] or "", _hours(rec.hours), rec.role, rec.content)


SERVICE_RECORDS = Listing(
    key="service_records",
    columns=("date", "person", "project", "field", "hours", "role", "content"),
    _query=_service_query,
    _order=lambda: (ServiceRecord.date.desc(), ServiceRecord.id),
    _row=_service_row,
)

LISTINGS = {listing.key: listing for listing in (ACTIVITIES, VISITS, SERVICE_RECORDS)}
