"""The points scheme (量化积分) and each person's points by month and year, with a ranking.

Points are worked out from the books whenever they are asked for — hours of volunteer
service, activities attended by type, and service records in a rewarded role — using the
scheme as it stands, so a corrected record or rule shows at once everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select

from ..app import App
from ..errors import DomainError
from ..models import Activity, ActivityType, CheckIn, Person, PointsRule, ServiceRecord
from ..permissions import SETTINGS
from ..validators import normalize_prose
from .base import get_live
from .care import parse_amount
from .overview import month_bounds

MAX_POINTS = Decimal("1000")
CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    """Points to two places (hours × points per hour can have four), half up as on paper."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PointsScheme:
    """Points per hour of service, per activity attended (by type id), per service role."""

    per_hour: Decimal = Decimal("0")
    per_activity_type: Mapping[str, Decimal] = field(default_factory=dict)
    per_role: Mapping[str, Decimal] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.per_hour and not any(self.per_activity_type.values()) and not any(self.per_role.values())


def points_scheme(app: App) -> PointsScheme:
    with app.read() as s:
        rules = s.scalars(select(PointsRule).where(PointsRule.deleted.is_(False))).all()
    per_hour = Decimal("0")
    per_type: dict[str, Decimal] = {}
    per_role: dict[str, Decimal] = {}
    for r in rules:
        if r.kind == "hour":
            per_hour = r.points
        elif r.kind == "activity_type":
            per_type[r.target] = r.points
        elif r.kind == "role":
            per_role[r.target] = r.points
    return PointsScheme(per_hour, per_type, per_role)


def set_points_scheme(
    app: App, per_hour: Any, per_activity_type: Mapping[str, Any], per_role: Mapping[str, Any]
) -> int:
    """Replace the scheme in one transaction; returns how many rules changed.

    Zero or missing entries are removed.  Activity types must exist; role names are tidied
    (a role written twice is refused).
    """
    wanted: dict[tuple[str, str], Decimal] = {}
    hour = parse_amount(per_hour, "每小时积分", maximum=MAX_POINTS)
    if hour:
        wanted[("hour", "")] = hour
    for type_id, value in per_activity_type.items():
        points = parse_amount(value, "活动积分", maximum=MAX_POINTS)
        if points:
            wanted[("activity_type", type_id)] = points
    for raw_role, value in per_role.items():
        role = normalize_prose(raw_role)
        if not role:
            raise DomainError("请填写服务角色的名称。")
        if ("role", role) in wanted:
            raise DomainError(f"服务角色“{role}”写了两次。")
        points = parse_amount(value, f"“{role}”的积分", maximum=MAX_POINTS)
        if points:
            wanted[("role", role)] = points
    changed = 0
    with app.transaction(needs=SETTINGS) as tx:
        for kind, target in wanted:
            if kind == "activity_type":
                get_live(tx.session, ActivityType, target)
        existing = {
            (r.kind, r.target): r for r in tx.session.scalars(select(PointsRule).where(PointsRule.deleted.is_(False)))
        }
        for key, rule in existing.items():
            if key not in wanted:
                tx.delete(rule)
                changed += 1
            elif rule.points != wanted[key]:
                tx.update(rule, {"points": wanted[key]})
                changed += 1
        for (kind, target), points in wanted.items():
            if (kind, target) not in existing:
                tx.add(PointsRule(kind=kind, target=target, points=points))
                changed += 1
    return changed


@dataclass
class PersonPoints:
    """One person's points over a period, and where they stand."""

    person_id: str
    name: str
    party_branch: str
    hours: Decimal = Decimal("0")
    activities: int = 0
    service_points: Decimal = Decimal("0")
    activity_points: Decimal = Decimal("0")
    role_points: Decimal = Decimal("0")
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return self.service_points + self.activity_points + self.role_points


def _period(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return month_bounds(year, month)


def points_ranking(
    app: App,
    year: int,
    month: int | None = None,
    *,
    person_id: str | None = None,
    scheme: PointsScheme | None = None,
    in_roster_now: bool = True,
) -> list[PersonPoints]:
    """Everyone in the roster who earned points in the year (or one month of it), highest
    first, ranked 1, 2, 2, 4 … (equal totals share a rank).  People no longer in the
    roster (deceased, moved away, removed) are left out — unless ``in_roster_now`` is False
    (a past month's ledger: what they earned then stays theirs)."""
    scheme = scheme or points_scheme(app)
    first, last = _period(year, month)
    people: dict[str, PersonPoints] = {}
    # likely(): true of nearly everyone, so the month's records lead the plan, not the roster
    person_filter: list[Any] = (
        [func.likely(Person.deleted.is_(False)), func.likely(Person.status == "active")] if in_roster_now else []
    )
    if person_id is not None:
        person_filter.append(Person.id == person_id)

    def entry(pid: str, name: str, branch: str) -> PersonPoints:
        if pid not in people:
            people[pid] = PersonPoints(pid, name, branch)
        return people[pid]

    with app.read() as s:
        who = (Person.id, Person.name, Person.party_branch)
        service = s.execute(
            select(*who, ServiceRecord.role, func.sum(ServiceRecord.hours), func.count())
            .join(Person, Person.id == ServiceRecord.person_id)
            .where(
                ServiceRecord.deleted.is_(False),
                ServiceRecord.date >= first,
                ServiceRecord.date <= last,
                *person_filter,
            )
            .group_by(Person.id, ServiceRecord.role)
        ).all()
        attended = s.execute(
            select(*who, Activity.type_id, func.count(CheckIn.activity_id.distinct()))
            .join(CheckIn, CheckIn.person_id == Person.id)
            .join(Activity, Activity.id == CheckIn.activity_id)
            .where(
                CheckIn.deleted.is_(False),
                CheckIn.status.in_(("signed", "proxy")),
                Activity.deleted.is_(False),
                Activity.date >= first,
                Activity.date <= last,
                *person_filter,
            )
            .group_by(Person.id, Activity.type_id)
        ).all()
    for pid, name, branch, role, hours, count in service:
        e = entry(pid, name, branch)
        hours = Decimal(hours or 0)
        e.hours += hours
        e.service_points += _cents(hours * scheme.per_hour)
        e.role_points += _cents(scheme.per_role.get(role, Decimal("0")) * count)
    for pid, name, branch, type_id, count in attended:
        e = entry(pid, name, branch)
        e.activities += count
        e.activity_points += _cents(scheme.per_activity_type.get(type_id, Decimal("0")) * count)
    ranked = sorted(people.values(), key=lambda p: (-p.total, -p.hours, p.name))
    previous: Decimal | None = None
    for position, p in enumerate(ranked, start=1):
        if p.total != previous:
            p.rank = position
            previous = p.total
        else:
            p.rank = ranked[position - 2].rank
    return ranked


@dataclass(frozen=True)
class PointsYear:
    """One person's points in each month of a year, and the year's total and rank."""

    person_id: str
    year: int
    by_month: tuple[Decimal, ...]  # 12 values, January first
    total: Decimal
    rank: int | None  # among everyone who earned points that year; None if they earned none
    ranked_people: int


def person_points_year(app: App, person_id: str, year: int) -> PointsYear:
    scheme = points_scheme(app)
    by_month = []
    for month in range(1, 13):
        lines = points_ranking(app, year, month, person_id=person_id, scheme=scheme)
        by_month.append(lines[0].total if lines else Decimal("0"))
    ranking = points_ranking(app, year, scheme=scheme)
    mine = next((p for p in ranking if p.person_id == person_id), None)
    total = mine.total if mine else Decimal("0")
    return PointsYear(person_id, year, tuple(by_month), total, mine.rank if mine and mine.total else None, len(ranking))
