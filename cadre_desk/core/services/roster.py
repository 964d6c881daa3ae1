"""Finding people in the roster: search as you type, filters, sorting, a page at a time.

Search looks up the trigram index of each person's name, full pinyin and initials of
every reading of the surname, ID number and phones (:mod:`cadre_desk.core.textindex`):
three characters or more are found anywhere, one or two at the start of a field or in the
name.  The list itself is read in roster order through a covering index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from .. import textindex
from ..app import App
from ..models import Person
from ..privacy import FULL, Disclosure, mask_id_number
from ..validators import normalize_text
from ..vocab import ACTIVITY_CLASSES, CARE_FLAGS, CATEGORIES, PARTY_MEMBER_STATUSES, PERSON_STATUSES, SEX
from .browse import Row, age_on, plain_number, station_name_of

#: the columns of the roster list, in order (the window names them)
COLUMNS = (
    "name",
    "sex",
    "age",
    "category",
    "political_status",
    "party_branch",
    "activity_class",
    "phone",
    "id_number",
    "work_unit",
    "care",
    "talent_tags",
    "status",
)


@dataclass(frozen=True)
class RosterFilter:
    """What the roster list shows.  Empty fields do not filter."""

    text: str = ""
    statuses: frozenset[str] = frozenset({"active"})  # 在册 only, unless asked
    categories: frozenset[str] = frozenset()  # lixiu / tuixiu
    party: str = ""  # "member" | "non_member"
    party_branch: str = ""
    activity_classes: frozenset[str] = frozenset()
    care: frozenset[str] = frozenset()  # any of these special-care flags
    talent_tag: str = ""
    interest: str = ""
    report_status: str = ""  # reported | not_reported | none (not recorded)
    age_min: int | None = None
    age_max: int | None = None
    station_id: str = ""  # one station's people (the district's books hold many stations')
    today: dt.date = field(default_factory=dt.date.today)

    def with_text(self, text: str) -> RosterFilter:
        return replace(self, text=text)

    @property
    def active(self) -> bool:
        """True when anything beyond the search text and the station narrows the list."""
        plain = RosterFilter(text=self.text, station_id=self.station_id, today=self.today)
        return replace(self, text=self.text) != plain


def search_key(text: str) -> str:
    """The typed text as it is looked for in ``search_text`` and the text index."""
    return normalize_text(text).replace("|", "").replace("^", "").replace(" ", "").lower()


def _has_tag(column: Any, tag: str) -> ColumnElement[bool]:
    each = func.json_each(column).table_valued("value")
    return exists(select(1).select_from(each).where(each.c.value == tag))


def _born_between(f: RosterFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if f.age_min is not None:  # at least age_min: born on or before today minus age_min years
        out.append(Person.birth_date <= _years_before(f.today, f.age_min))
    if f.age_max is not None:  # at most age_max: born after today minus (age_max + 1) years
        out.append(Person.birth_date > _years_before(f.today, f.age_max + 1))
    # an age band holds a good part of the roster: read through ix_people_filters, which has
    # the birth date, rather than look every row of ix_people_birth_date up in the table
    return [func.likely(c) for c in out]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def conditions(f: RosterFilter) -> list[ColumnElement[bool]]:
    # "deleted = 0" and "status = ?" (not IS / IN) let SQLite walk ix_people_search in roster order
    where: list[ColumnElement[bool]] = [Person.deleted == False]  # noqa: E712
    if len(f.statuses) == 1:
        where.append(Person.status == next(iter(f.statuses)))
    elif f.statuses:
        where.append(Person.status.in_(sorted(f.statuses)))
    if f.station_id:
        where.append(Person.station_id == f.station_id)
    key = search_key(f.text)
    if key:
        where.append(textindex.person_has_text(key))
    if f.categories:
        where.append(Person.category.in_(sorted(f.categories)))
    if f.party == "member":
        where.append(Person.political_status.in_(sorted(PARTY_MEMBER_STATUSES)))
    elif f.party == "non_member":
        where.append(Person.political_status.not_in(sorted(PARTY_MEMBER_STATUSES)))
    if f.party_branch:
        where.append(Person.party_branch == f.party_branch)
    if f.activity_classes:
        where.append(Person.activity_class.in_(sorted(f.activity_classes)))
    if f.care:
        where.append(or_(*(getattr(Person, flag).is_(True) for flag in sorted(f.care))))
    if f.talent_tag:
        where.append(_has_tag(Person.talent_tags, f.talent_tag))
    if f.interest:
        where.append(_has_tag(Person.interests, f.interest))
    if f.report_status == "none":
        where.append(Person.report_status.is_(None))
    elif f.report_status:
        where.append(Person.report_status == f.report_status)
    where += _born_between(f)
    return where


#: how each sortable column orders (name order is pinyin order, the way rosters are kept)
SORT_KEYS: dict[str, Any] = {
    "name": Person.name_pinyin,
    "sex": Person.sex,
    "age": Person.birth_date,  # ascending age is descending birth date: flipped below
    "category": Person.category,
    "political_status": Person.political_status,
    "party_branch": Person.party_branch,
    "activity_class": Person.activity_class,
    "phone": Person.phone_mobile,
    "id_number": Person.id_number,
    "work_unit": Person.work_unit,
    "status": Person.status,
    "station": station_name_of(Person.station_id),
}


def _order(sort: str, descending: bool) -> tuple[Any, ...]:
    column = SORT_KEYS.get(sort, Person.name_pinyin)
    if sort == "age":
        descending = not descending
    first = column.desc() if descending else column.asc()
    if column is Person.name_pinyin:
        return (first, Person.id)
    return (first, Person.name_pinyin, Person.id)


#: the columns a list row is made from (plain columns: no ORM objects for a page of rows)
ROW_COLUMNS = (
    Person.id,
    Person.name,
    Person.sex,
    Person.birth_date,
    Person.category,
    Person.political_status,
    Person.party_branch,
    Person.activity_class,
    Person.phone_mobile,
    Person.phone_home,
    Person.id_number,
    Person.work_unit,
    *(getattr(Person, flag) for flag in CARE_FLAGS),
    Person.talent_tags,
    Person.status,
)


def person_row(p: Any, today: dt.date, shown: Disclosure = FULL) -> Row:
    """A list row from a person (an ORM object or a row of :data:`ROW_COLUMNS`).

    The ID number is always masked in the list (the person's form shows it); the phone as
    ``shown`` allows."""
    care = "、".join(label for flag, label in CARE_FLAGS.items() if getattr(p, flag))
    return (
        p.id,
        p.name,
        SEX.get(p.sex or "", ""),
        age_on(p.birth_date, today),
        CATEGORIES.get(p.category, p.category),
        p.political_status,
        p.party_branch,
        ACTIVITY_CLASSES.get(p.activity_class or "", ""),
        shown.phone(p.phone_mobile or p.phone_home),
        mask_id_number(p.id_number),
        p.work_unit,
        care,
        "、".join(p.talent_tags or []),
        PERSON_STATUSES.get(p.status, p.status),
    )


class RosterListing:
    """The roster as the list shows it: filtered, sorted, a page of rows at a time.

    :meth:`count` starts a search: one pass over the index collects the ids of the first
    :data:`ID_WINDOW` matches in order, which then serve the first pages without another
    query; only when there are more matches than that is a separate count needed.

    With ``station_column`` (at the district) each row ends with the name of the person's
    station, and the list can be sorted by it (``sort="station"``).
    """

    key = "people"
    ID_WINDOW = 1000

    def __init__(
        self,
        roster_filter: RosterFilter,
        sort: str = "name",
        descending: bool = False,
        *,
        station_column: bool = False,
    ) -> None:
        self.filter = roster_filter
        self.sort = sort
        self.descending = descending
        self.station_column = station_column
        self.columns: tuple[str, ...] = (*COLUMNS, "station") if station_column else COLUMNS
        self._ids_for: tuple[str, list[str]] | None = None

    def _ids(self, s: Session, text: str) -> Select[Any]:
        """The ids of the matching people, in the list's order.

        A search that the text index narrows to a few thousand people starts from those
        (found by the index, then sorted); one that matches a good part of the roster walks
        the roster in order and stops once a page is full.
        """
        order = _order(self.sort, self.descending)
        key = search_key(text)
        if key and self._few(s, key):
            return self._found(key, select(Person.id)).order_by(*order)
        return select(Person.id).where(*conditions(self.filter.with_text(text))).order_by(*order)

    #: up to this many index matches, a search starts from them
    FEW = 20_000

    def _few(self, s: Session, key: str) -> bool:
        if not textindex.available():
            return False
        found = select(func.count()).select_from(textindex.PEOPLE_FTS).where(textindex.matches(key))
        return (s.scalar(found) or 0) <= self.FEW

    def _found(self, key: str, stmt: Select[Any]) -> Select[Any]:
        """``stmt`` over the people the index finds for ``key`` (the index leads the plan)."""
        return (
            stmt.select_from(textindex.PEOPLE_FTS)
            .join(Person, textindex.PEOPLE_FTS.c.rowid == textindex.PERSON_ROWID)
            # likely(): the other conditions hold for most people, so the index leads the plan
            .where(textindex.matches(key), *(func.likely(c) for c in conditions(self.filter.with_text(""))))
        )

    def count(self, app: App, text: str = "") -> int:
        with app.read() as s:
            ids = list(s.scalars(self._ids(s, text).limit(self.ID_WINDOW)))
            self._ids_for = (text, ids)
            if len(ids) < self.ID_WINDOW:
                return len(ids)
            key = search_key(text)
            if key and textindex.available():
                stmt = self._found(key, select(func.count()))
            else:
                stmt = select(func.count()).select_from(Person).where(*conditions(self.filter.with_text(text)))
            return s.scalar(stmt) or 0

    def rows(self, app: App, text: str = "", offset: int = 0, limit: int = 200) -> list[Row]:
        cached = self._ids_for
        with app.read() as s:
            if cached is not None and cached[0] == text and offset + limit <= len(cached[1]):
                ids = cached[1][offset : offset + limit]
            elif cached is not None and cached[0] == text and len(cached[1]) < self.ID_WINDOW:
                ids = cached[1][offset:]  # the search found fewer than a window: that is all there is
            else:
                ids = list(s.scalars(self._ids(s, text).offset(offset).limit(limit)))
            columns = (
                [*ROW_COLUMNS, station_name_of(Person.station_id).label("station")]
                if self.station_column
                else ROW_COLUMNS
            )
            found = s.execute(select(*columns).where(Person.id.in_(ids))).all() if ids else []
        by_id = {r.id: r for r in found}
        shown = Disclosure.for_screen(app.actor)  # phones masked for users who may not see them
        if self.station_column:
            return [(*person_row(by_id[i], self.filter.today, shown), by_id[i].station) for i in ids if i in by_id]
        return [person_row(by_id[i], self.filter.today, shown) for i in ids if i in by_id]


@dataclass(frozen=True)
class RosterOptions:
    """The values the filter lists offer, taken from the roster itself."""

    party_branches: list[str]
    talent_tags: list[str]
    interests: list[str]


def roster_options(app: App) -> RosterOptions:
    live = and_(Person.deleted.is_(False), Person.status == "active")
    with app.read() as s:
        branches = list(
            s.scalars(
                select(Person.party_branch)
                .where(live, Person.party_branch != "")
                .group_by(Person.party_branch)
                .order_by(Person.party_branch)
            )
        )
        return RosterOptions(branches, _tags(s, "talent_tags"), _tags(s, "interests"))


def _tags(s: Session, column: str) -> list[str]:
    sql = text(
        f"SELECT DISTINCT j.value FROM people, json_each(people.{column}) AS j "
        "WHERE people.deleted = 0 AND people.status = 'active' ORDER BY j.value"
    )
    return [v for (v,) in s.execute(sql) if v]


@dataclass(frozen=True)
class HistoryEntry:
    date: dt.date
    kind: str  # check_in | visit | service
    what: str
    detail: str


@dataclass(frozen=True)
class PersonHistory:
    entries: list[HistoryEntry]  # newest first
    activities_attended: int
    activities_on_leave: int
    visits: int
    visit_money: Decimal
    service_hours: Decimal
    activities_expected: int = 0  # held activities they were invited to
    came_when_expected: int = 0  # of those, how many they came to

    @property
    def attendance_rate(self) -> float | None:
        return self.came_when_expected / self.activities_expected if self.activities_expected else None


def person_history(app: App, person_id: str) -> PersonHistory:
    """What this person took part in: sign-ins, visits received and volunteer service."""
    from ..models import ServiceRecord, Visit, VolunteerProject
    from ..vocab import CHECKIN_STATUSES, VISIT_REASONS
    from .activities import person_attendance

    attendance = person_attendance(app, person_id)
    statuses = CHECKIN_STATUSES | {"absent": "缺席（应到未到）", "upcoming": "将参加"}
    entries: list[HistoryEntry] = [
        HistoryEntry(line.date, "check_in", line.title, statuses.get(line.status, line.status))
        for line in attendance.lines
    ]
    money_total = hours_total = Decimal(0)
    with app.read() as s:
        for day, why, gifts, money in s.execute(
            select(Visit.date, Visit.reason, Visit.gifts, Visit.money).where(
                Visit.person_id == person_id, Visit.deleted.is_(False)
            )
        ):
            money_total += money or 0
            given = "、".join(x for x in (gifts, f"{money:.2f} 元" if money else "") if x)
            entries.append(HistoryEntry(day, "visit", VISIT_REASONS.get(why, why), given))
        for day, project, hours, content in s.execute(
            select(ServiceRecord.date, VolunteerProject.name, ServiceRecord.hours, ServiceRecord.content)
            .outerjoin(VolunteerProject, VolunteerProject.id == ServiceRecord.project_id)
            .where(ServiceRecord.person_id == person_id, ServiceRecord.deleted.is_(False))
        ):
            hours_total += hours
            entries.append(HistoryEntry(day, "service", project or content, f"{plain_number(hours)} 小时"))
    entries.sort(key=lambda e: e.date, reverse=True)
    visits = sum(e.kind == "visit" for e in entries)
    return PersonHistory(
        entries,
        attendance.attended,
        attendance.on_leave,
        visits,
        money_total,
        hours_total,
        attendance.invited_held,
        attendance.attended_invited,
    )
