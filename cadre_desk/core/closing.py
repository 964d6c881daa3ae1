"""Closed months (月结归档) as every write sees them: a change to a record dated in a closed
month needs an administrator and is audited as a correction (更正) or a late entry (补录).

:meth:`~cadre_desk.core.app.Tx.flush_audit` hands every transaction's audit entries to
:func:`check_corrections` before they are written, so each service that writes dated
records — activities and their invitees, sign-ins and photos, visits, service records —
is held to the rule without a check of its own.  A refused change raises
:class:`ClosedMonthError`, which rolls the whole transaction back.

An allowed change gets the entry ``_correction: [close ids, months]`` in its audit
entry's changes (see :data:`CORRECTION_KEY`); :mod:`.services.months` finds the
corrections of a close by it, and the audit trail shows such entries as 更正 / 补录.

Records that arrive by sync are not written through :class:`~cadre_desk.core.app.Tx`
and are not checked here: the install that wrote them checked them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import DomainError
from .models import Activity, ActivityInvitee, Attachment, CheckIn, MonthClose, ServiceRecord, Visit
from .permissions import MONTH_CLOSE, can, role_name

if TYPE_CHECKING:
    from .app import Actor

#: the key an audit entry's changes carry when the change corrects a closed month:
#: ``[close ids, months]``, each a comma-separated string
CORRECTION_KEY = "_correction"
#: the records that belong to a month (by their own date or their activity's or visit's)
DATED_TABLES: frozenset[str] = frozenset(
    {"activities", "activity_invitees", "check_ins", "attachments", "visits", "service_records"}
)
_CHUNK = 500


class ClosedMonthError(DomainError):
    """A change to a closed month by someone who may not correct it."""


@dataclass(frozen=True)
class LiveClose:
    """The current close of one station's month."""

    id: str
    station_id: str
    month: str  # YYYY-MM
    closed_at: dt.datetime
    closed_by: str


def month_label(month: str) -> str:
    """``2026-10`` as 2026年10月."""
    year, _, m = month.partition("-")
    return f"{year}年{int(m)}月" if m.isdigit() else month


def live_closes(s: Session, station_ids: Iterable[str] | None = None) -> dict[tuple[str, str], LiveClose]:
    """The current close of every closed (station, month): the newest live row of each."""
    stmt = select(
        MonthClose.id,
        MonthClose.station_id,
        MonthClose.month,
        MonthClose.closed_at,
        MonthClose.closed_by,
        MonthClose.hlc_created,
    ).where(MonthClose.deleted.is_(False))
    if station_ids is not None:
        stmt = stmt.where(MonthClose.station_id.in_(list(station_ids)))
    out: dict[tuple[str, str], tuple[Any, LiveClose]] = {}
    for cid, station_id, month, closed_at, closed_by, hlc in s.execute(stmt):
        key = (station_id, month)
        order = (closed_at, hlc)
        if key not in out or order > out[key][0]:
            out[key] = (order, LiveClose(cid, station_id, month, closed_at, closed_by or ""))
    return {k: v[1] for k, v in out.items()}


def _month_of(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return f"{value:%Y-%m}"
    if isinstance(value, str) and len(value) >= 7 and value[4] == "-":
        return value[:7]
    return None


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def _dated(s: Session, wanted: Mapping[str, set[str]]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(table, id) -> the (station, month) pairs the record belongs to, as it is now."""
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}

    def note(table: str, rid: str, station_id: Any, day: Any) -> None:
        month = _month_of(day)
        if station_id and month:
            out.setdefault((table, rid), set()).add((station_id, month))

    queries: dict[str, Any] = {
        "activities": lambda ids: select(Activity.id, Activity.station_id, Activity.date).where(Activity.id.in_(ids)),
        "visits": lambda ids: select(Visit.id, Visit.station_id, Visit.date).where(Visit.id.in_(ids)),
        "service_records": lambda ids: select(ServiceRecord.id, ServiceRecord.station_id, ServiceRecord.date).where(
            ServiceRecord.id.in_(ids)
        ),
        "check_ins": lambda ids: select(CheckIn.id, Activity.station_id, Activity.date)
        .join(Activity, Activity.id == CheckIn.activity_id)
        .where(CheckIn.id.in_(ids)),
        "activity_invitees": lambda ids: select(ActivityInvitee.id, Activity.station_id, Activity.date)
        .join(Activity, Activity.id == ActivityInvitee.activity_id)
        .where(ActivityInvitee.id.in_(ids)),
    }
    for table, ids in wanted.items():
        if table == "attachments":
            continue
        for part in _chunks(sorted(ids)):
            for rid, station_id, day in s.execute(queries[table](part)):
                note(table, rid, station_id, day)
    if wanted.get("attachments"):
        for part in _chunks(sorted(wanted["attachments"])):
            for owner_type, model in (("activity", Activity), ("visit", Visit)):
                stmt = (
                    select(Attachment.id, model.station_id, model.date)
                    .join(model, model.id == Attachment.owner_id)
                    .where(Attachment.id.in_(part), Attachment.owner_type == owner_type)
                )
                for rid, station_id, day in s.execute(stmt):
                    note("attachments", rid, station_id, day)
    return out


def check_corrections(s: Session, actor: Actor, rows: Sequence[dict[str, Any]]) -> None:
    """Hold a transaction's audit entries (about to be written) to the closed-month rule.

    Entries about records dated in a closed month — by the date they have now, or the date
    a change moved them away from — are marked as corrections when ``actor`` may correct
    closed months (:data:`~.permissions.MONTH_CLOSE`); otherwise :class:`ClosedMonthError`
    is raised and nothing of the transaction is kept.
    """
    dated = [r for r in rows if r["entity"] in DATED_TABLES]
    if not dated:
        return
    closes = live_closes(s)
    if not closes:
        return
    wanted: dict[str, set[str]] = {}
    for r in dated:
        wanted.setdefault(r["entity"], set()).add(r["entity_id"])
    now = _dated(s, wanted)
    allowed = can(actor, MONTH_CLOSE)
    for r in dated:
        changes = r["changes"]
        if CORRECTION_KEY in changes:
            continue
        pairs = set(now.get((r["entity"], r["entity_id"]), ()))
        # a record moved out of a closed month (another date or station) changes that month too
        old_month = _month_of((changes.get("date") or [None])[0])
        old_station = (changes.get("station_id") or [None])[0]
        if old_month or old_station:
            for station_id, month in list(pairs):
                pairs.add((old_station or station_id, old_month or month))
        hit = sorted((closes[p] for p in pairs if p in closes), key=lambda c: c.month)
        if not hit:
            continue
        if not allowed:
            months = "、".join(month_label(c.month) for c in hit)
            raise ClosedMonthError(
                f"{months}的台账已月结归档（{hit[0].closed_at:%Y-%m-%d} 由{hit[0].closed_by or '管理员'}归档），"
                f"其中的记录只有管理员可以更正；{actor.name}（{role_name(actor.role)}）不能修改。"
                "请让管理员登录后修改，修改会作为更正记入操作记录。"
            )
        r["changes"] = {
            **changes,
            CORRECTION_KEY: [",".join(c.id for c in hit), ",".join(c.month for c in hit)],
        }


def correction_months(changes: Mapping[str, Any]) -> list[str]:
    """The closed months an audit entry's changes correct ([] for an ordinary change)."""
    pair = changes.get(CORRECTION_KEY)
    if not isinstance(pair, list | tuple) or len(pair) != 2 or not isinstance(pair[1], str):
        return []
    return [m for m in pair[1].split(",") if m]
