"""Figures about the open books, for the home page and the status bar."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, or_, select, true
from sqlalchemy.orm import Session

from ..app import App
from ..jobs import CancelToken, Progress, no_progress
from ..models import Activity, ActivityInvitee, Attachment, CheckIn, Meta, Person, ServiceRecord, Visit
from .setup import install_info


@dataclass(frozen=True)
class Overview:
    station_name: str
    people: int
    activities: int
    check_ins: int
    visits: int
    service_records: int

    def lines(self) -> Iterator[str]:
        yield f"在册人员：{self.people} 人"
        yield f"活动：{self.activities} 场，签到 {self.check_ins} 人次"
        yield f"走访慰问：{self.visits} 次"
        yield f"志愿服务记录：{self.service_records} 条"


def _count(s: Session, model: type, *where: object) -> int:
    return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False), *where)) or 0


def station_overview(app: App) -> Overview:
    info = install_info(app)
    with app.read() as s:
        return Overview(
            station_name=info.station_name if info else "尚未设置驿站",
            people=_count(s, Person, Person.status == "active"),
            activities=_count(s, Activity),
            check_ins=_count(s, CheckIn, CheckIn.status.in_(("signed", "proxy"))),
            visits=_count(s, Visit),
            service_records=_count(s, ServiceRecord),
        )


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class MonthFigures:
    """One month of the station's work, as the home page and the monthly statistics show it."""

    year: int
    month: int
    people: int  # in the roster now
    lixiu: int
    tuixiu: int
    special_care: int
    activities: int  # in the month, held or still to come
    held: int  # of those, the ones already held (up to the day the figures are for)
    invited: int  # 应到, summed over the activities held
    present: int  # 实到 (signed in or signed for), person-times
    on_leave: int
    visits: int
    visit_money: Decimal
    service_hours: Decimal
    volunteers: int  # distinct people who served this month
    service_records: int
    photos: int  # photos attached to the month's activities

    @property
    def attendance_rate(self) -> float | None:
        """实到 ÷ 应到 for the month, or None when nobody was invited."""
        return self.present / self.invited if self.invited else None


def month_figures(
    app: App, year: int, month: int, *, today: dt.date | None = None, station_ids: Sequence[str] | None = None
) -> MonthFigures:
    """The month's figures; attendance counts only the activities held by ``today``.

    ``station_ids`` keeps the rows of those stations (the district's books hold many); None
    counts every row."""
    first, last = month_bounds(year, month)

    def at(model: Any) -> Any:
        return model.station_id.in_(list(station_ids)) if station_ids is not None else true()

    held_until = min(last, today or dt.date.today())
    care = or_(
        Person.care_serious_illness,
        Person.care_major_change,
        Person.care_living_alone,
        Person.care_empty_nest,
        Person.care_disabled,
    )
    in_roster: tuple[Any, ...] = (Person.deleted.is_(False), Person.status == "active")
    if station_ids is not None:
        # without planner statistics SQLite would take these for selective and read every live
        # person of the district through ix_people_search: likely() lets the stations' index lead
        in_roster = tuple(func.likely(c) for c in in_roster)
    with app.read() as s:
        people, lixiu, special = s.execute(
            select(
                func.count(),
                func.count(case((Person.category == "lixiu", 1))),
                func.count(case((care, 1))),
            ).where(*in_roster, at(Person))
        ).one()
        month_activities = select(Activity.id).where(
            Activity.deleted.is_(False), Activity.date >= first, Activity.date <= last, at(Activity)
        )
        activities = _count(s, Activity, Activity.date >= first, Activity.date <= last, at(Activity))
        held_activities = select(Activity.id).where(
            Activity.deleted.is_(False), Activity.date >= first, Activity.date <= held_until, at(Activity)
        )
        held = _count(s, Activity, Activity.date >= first, Activity.date <= held_until, at(Activity))
        invited = _count(s, ActivityInvitee, ActivityInvitee.activity_id.in_(held_activities))
        present, on_leave = s.execute(
            select(
                func.count(case((CheckIn.status.in_(("signed", "proxy")), 1))),
                func.count(case((CheckIn.status == "leave", 1))),
            ).where(CheckIn.deleted.is_(False), CheckIn.activity_id.in_(held_activities))
        ).one()
        visits, money = s.execute(
            select(func.count(), func.coalesce(func.sum(Visit.money), 0)).where(
                Visit.deleted.is_(False), Visit.date >= first, Visit.date <= last, at(Visit)
            )
        ).one()
        hours, volunteers, records = s.execute(
            select(
                func.coalesce(func.sum(ServiceRecord.hours), 0),
                func.count(ServiceRecord.person_id.distinct()),
                func.count(),
            ).where(
                ServiceRecord.deleted.is_(False),
                ServiceRecord.date >= first,
                ServiceRecord.date <= last,
                at(ServiceRecord),
            )
        ).one()
        photos = _count(s, Attachment, Attachment.owner_type == "activity", Attachment.owner_id.in_(month_activities))
    return MonthFigures(
        year=year,
        month=month,
        people=people,
        lixiu=lixiu,
        tuixiu=people - lixiu,
        special_care=special,
        activities=activities,
        held=held,
        invited=invited,
        present=present,
        on_leave=on_leave,
        visits=visits,
        visit_money=Decimal(money),  # SUM keeps the column's exact decimal type
        service_hours=Decimal(hours),
        volunteers=volunteers,
        service_records=records,
        photos=photos,
    )


@dataclass(frozen=True)
class Upcoming:
    activity_id: str
    date: dt.date
    start: dt.time | None
    title: str
    place: str


def upcoming_activities(app: App, today: dt.date, *, days: int = 14, limit: int = 50) -> list[Upcoming]:
    """Activities from today to ``days`` ahead, soonest first."""
    with app.read() as s:
        rows = s.execute(
            select(Activity.id, Activity.date, Activity.start_time, Activity.title, Activity.place)
            .where(
                Activity.deleted.is_(False),
                Activity.date >= today,
                Activity.date <= today + dt.timedelta(days=days),
            )
            .order_by(Activity.date, Activity.start_time)
            .limit(limit)
        ).all()
    return [Upcoming(*row) for row in rows]


@dataclass(frozen=True)
class SyncStatus:
    last_sync: str | None  # ISO time of the last bundle sent or received
    pending_changes: int  # records changed here and not yet sent
    joined: bool = True  # a station that has joined a district (nothing to send to before)


def sync_status(app: App, *, progress: Progress = no_progress, cancel: CancelToken | None = None) -> SyncStatus:
    """How many records changed here are not yet confirmed by the other side (a background job).

    At a station: by the district office.  At the district: by its stations, added up.
    """
    from ..models import SyncPeer
    from .sync import pending_count

    with app.read() as s:
        kind = s.get(Meta, "install_kind")
        peers = list(s.scalars(select(SyncPeer.station_id).where(SyncPeer.status != "revoked")))
        district = s.scalars(select(SyncPeer.station_id).where(SyncPeer.kind == "district")).first()
    if kind is not None and kind.value == "district":
        total = 0
        for i, peer in enumerate(peers):
            if cancel is not None:
                cancel.check()
            total += pending_count(app, peer)
            progress((i + 1) / len(peers), "")
    else:
        total = pending_count(app)
    progress(1.0, "")
    joined = (kind is not None and kind.value == "district") or district is not None
    return SyncStatus(last_sync=app.meta("sync_last_at"), pending_changes=total, joined=joined)
