"""Visits (走访慰问) and volunteer service (志愿服务): projects and service records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from ..app import App, Tx
from ..errors import DomainError
from ..models import Person, ServiceRecord, Visit, VolunteerProject
from ..validators import ValidationError, normalize_phone, normalize_prose
from ..vocab import VISIT_REASONS, VOLUNTEER_FIELDS, code_for
from .base import get_live, own_station_id

MAX_MONEY = Decimal("1000000")
MAX_HOURS = Decimal("24")
EARLIEST = dt.date(1949, 10, 1)
#: how far ahead a record may be dated (a typo such as 2062 is refused)
LATEST_AHEAD = dt.timedelta(days=366)


def parse_amount(value: Any, label: str, *, places: int = 2, maximum: Decimal | None = None) -> Decimal:
    """An exact, non-negative decimal from what a person typed (``"1,200.5"``, ``"２００"``)."""
    if isinstance(value, float):
        raise TypeError(f"{label}: amounts are Decimal or str, never float")
    text = str(value if value not in (None, "") else "0").strip()
    text = text.translate({ord("，"): None, ord(","): None, ord("．"): "."})
    text = normalize_prose(text).replace(" ", "")
    for suffix in ("元", "小时", "分"):
        text = text.removesuffix(suffix)
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是有效的数字。") from None
    if not d.is_finite():
        raise DomainError(f"{label}“{value}”不是有效的数字。")
    if d < 0:
        raise DomainError(f"{label}不能为负数。")
    if d != d.quantize(Decimal(1).scaleb(-places)):
        raise DomainError(f"{label}最多保留 {places} 位小数。")
    if maximum is not None and d > maximum:
        raise DomainError(f"{label} {d} 超出合理范围（不超过 {maximum}）。")
    return d.quantize(Decimal(1).scaleb(-places))


def _check_day(day: Any, label: str) -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise DomainError(f"请填写{label}。")
    if day < EARLIEST or day > dt.date.today() + LATEST_AHEAD:
        raise DomainError(f"{label} {day.isoformat()} 不在合理范围内，请检查年份。")
    return day


# -- visits -------------------------------------------------------------------------------

VISIT_FIELDS = {
    "date": "走访日期",
    "person_id": "被走访人员",
    "household": "走访的户",
    "visitors": "走访人",
    "reason": "走访原因",
    "gifts": "慰问品",
    "money": "慰问金",
    "situation": "走访情况",
    "needs": "反映的诉求",
    "follow_up": "跟进事项",
    "follow_up_due": "跟进期限",
    "follow_up_done": "跟进已完成",
}


def clean_visit(values: Mapping[str, Any]) -> dict[str, Any]:
    """Check and tidy a whole visit as the form gives it (every field of VISIT_FIELDS)."""
    unknown = set(values) - set(VISIT_FIELDS)
    if unknown:
        raise KeyError(f"unknown visit fields: {sorted(unknown)}")
    out: dict[str, Any] = {key: values.get(key) for key in VISIT_FIELDS}
    out["date"] = _check_day(out["date"], "走访日期")
    reason = code_for(VISIT_REASONS, str(out["reason"] or ""))
    if reason is None:
        raise DomainError("请选择走访原因：" + "、".join(VISIT_REASONS.values()) + "。")
    out["reason"] = reason
    out["money"] = parse_amount(out["money"], "慰问金", maximum=MAX_MONEY)
    out["person_id"] = out["person_id"] or None
    for key in ("household", "visitors", "gifts"):
        out[key] = normalize_prose(str(out[key] or ""))
    for key in ("situation", "needs", "follow_up"):
        out[key] = str(out[key] or "").strip()
    if not out["person_id"] and not out["household"]:
        raise DomainError("请选择被走访的人员，或填写走访的户。")
    due = out["follow_up_due"]
    if due is not None:
        out["follow_up_due"] = _check_day(due, "跟进期限")
        if due < out["date"]:
            raise DomainError(f"跟进期限 {due.isoformat()} 不能早于走访日期 {out['date'].isoformat()}。")
    if out["follow_up"] and due is None:
        raise DomainError("有需要跟进的事项时，请填写跟进期限。")
    out["follow_up_done"] = bool(out["follow_up_done"])
    if out["follow_up_done"] and not out["follow_up"] and due is None:
        out["follow_up_done"] = False
    return out


def _visit_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Fill the fields a caller left out with the empty form's values."""
    empty = {
        "person_id": None,
        "household": "",
        "visitors": "",
        "gifts": "",
        "money": "0",
        "situation": "",
        "needs": "",
        "follow_up": "",
        "follow_up_due": None,
        "follow_up_done": False,
    }
    return clean_visit(empty | dict(values))


def create_visit(app: App, values: Mapping[str, Any]) -> str:
    """Record a visit; needs a person visited or a household name."""
    data = _visit_values(values)
    with app.transaction() as tx:
        if data["person_id"]:
            get_live(tx.session, Person, data["person_id"])
        return tx.add(Visit(station_id=own_station_id(tx.session), **data)).id


def update_visit(app: App, visit_id: str, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Change a visit (the whole form); returns {field: (before, after)} of what changed."""
    data = _visit_values(values)
    with app.transaction() as tx:
        visit = get_live(tx.session, Visit, visit_id)
        if data["person_id"] and data["person_id"] != visit.person_id:
            get_live(tx.session, Person, data["person_id"])
        return tx.update(visit, data)


def set_follow_up_done(app: App, visit_id: str, done: bool = True) -> None:
    """Tick a visit's follow-up as done (or open it again)."""
    with app.transaction() as tx:
        visit = get_live(tx.session, Visit, visit_id)
        if done and not visit.follow_up and visit.follow_up_due is None:
            raise DomainError("这条走访记录没有需要跟进的事项。")
        tx.update(visit, {"follow_up_done": done})


def delete_visit(app: App, visit_id: str) -> None:
    """Remove a visit (a tombstone; its photos stay with it in the books' history)."""
    with app.transaction() as tx:
        tx.delete(get_live(tx.session, Visit, visit_id))


@dataclass(frozen=True)
class VisitDetail:
    """A visit as its form shows it."""

    id: str
    values: dict[str, Any]  # the VISIT_FIELDS
    person_name: str  # "" for a household visit
    person_status: str  # active | deceased | moved | removed (from the roster); "" for a household


def get_visit(app: App, visit_id: str) -> VisitDetail:
    with app.read() as s:
        v = get_live(s, Visit, visit_id)
        row = s.execute(select(Person.name, Person.status, Person.deleted).where(Person.id == v.person_id)).first()
    values = {key: getattr(v, key) for key in VISIT_FIELDS}
    if row is None:
        return VisitDetail(v.id, values, "", "")
    name, status, deleted = row
    return VisitDetail(v.id, values, name, "removed" if deleted else status)


def recent_visitors(app: App, limit: int = 30) -> list[str]:
    """Who visited lately, most frequent first (for the form's suggestions)."""
    with app.read() as s:
        rows = s.execute(
            select(Visit.visitors, func.count())
            .where(Visit.deleted.is_(False), Visit.visitors != "")
            .group_by(Visit.visitors)
            .order_by(func.count().desc(), func.max(Visit.date).desc())
            .limit(limit)
        ).all()
    return [r[0] for r in rows]


# -- the project library ------------------------------------------------------------------

PROJECT_FIELDS = {
    "name": "项目名称",
    "field": "项目领域",
    "description": "项目简介",
    "organiser": "组织单位",
    "contact_phone": "联系电话",
}


def clean_project(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise KeyError(f"unknown project fields: {sorted(unknown)}")
    out = {key: values.get(key) for key in PROJECT_FIELDS}
    out["name"] = normalize_prose(str(out["name"] or ""))
    if not out["name"]:
        raise DomainError("请填写项目名称。")
    if out["field"] not in VOLUNTEER_FIELDS:
        raise DomainError("请选择项目领域：" + "、".join(VOLUNTEER_FIELDS) + "。")
    out["organiser"] = normalize_prose(str(out["organiser"] or ""))
    out["description"] = str(out["description"] or "").strip()
    phone = normalize_prose(str(out["contact_phone"] or ""))
    if phone:
        try:
            phone, _ = normalize_phone(phone)
        except ValidationError as exc:
            raise DomainError(f"联系电话：{exc.message}") from None
    out["contact_phone"] = phone
    return out


def _same_name_project(tx: Tx, name: str, except_id: str | None = None) -> None:
    clash = tx.session.scalar(
        select(VolunteerProject.id).where(
            VolunteerProject.deleted.is_(False), VolunteerProject.name == name, VolunteerProject.id != (except_id or "")
        )
    )
    if clash:
        raise DomainError(f"项目库里已有“{name}”。")


def create_project(app: App, values: Mapping[str, Any], *, station_wide: bool = True) -> str:
    """Add a project to the volunteer project library (项目库).

    ``station_wide`` False makes a district-wide project (no station), as the district
    office sends down in its reference data.
    """
    data = clean_project({"description": "", "organiser": "", "contact_phone": ""} | dict(values))
    with app.transaction() as tx:
        _same_name_project(tx, data["name"])
        station = own_station_id(tx.session) if station_wide else None
        return tx.add(VolunteerProject(station_id=station, **data)).id


def update_project(app: App, project_id: str, values: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    data = clean_project(values)
    with app.transaction() as tx:
        project = get_live(tx.session, VolunteerProject, project_id)
        _same_name_project(tx, data["name"], project_id)
        return tx.update(project, data)


def set_project_active(app: App, project_id: str, active: bool) -> None:
    """Retire a project (kept for its records, no longer offered) or bring it back."""
    with app.transaction() as tx:
        tx.update(get_live(tx.session, VolunteerProject, project_id), {"active": active})


def delete_project(app: App, project_id: str) -> None:
    """Remove a project that has no service records; one with records can only be retired."""
    with app.transaction() as tx:
        project = get_live(tx.session, VolunteerProject, project_id)
        used = tx.session.scalar(
            select(func.count()).where(ServiceRecord.project_id == project_id, ServiceRecord.deleted.is_(False))
        )
        if used:
            raise DomainError(f"“{project.name}”已有 {used} 条服务记录，不能删除；可以把它停用。")
        tx.delete(project)


@dataclass(frozen=True)
class ProjectItem:
    id: str
    name: str
    field: str
    organiser: str
    contact_phone: str
    description: str
    active: bool
    district: bool  # from the district's library (no station)
    records: int
    people: int
    hours: Decimal


def list_projects(app: App, *, include_retired: bool = True) -> list[ProjectItem]:
    """The project library with what has been done in each project."""
    live = ServiceRecord.deleted.is_(False)
    with app.read() as s:
        stmt = (
            select(
                VolunteerProject,
                func.count(ServiceRecord.id),
                func.count(ServiceRecord.person_id.distinct()),
                func.coalesce(func.sum(ServiceRecord.hours), 0),
            )
            .outerjoin(ServiceRecord, (ServiceRecord.project_id == VolunteerProject.id) & live)
            .where(VolunteerProject.deleted.is_(False))
            .group_by(VolunteerProject.id)
            .order_by(VolunteerProject.active.desc(), VolunteerProject.field, VolunteerProject.name)
        )
        if not include_retired:
            stmt = stmt.where(VolunteerProject.active.is_(True))
        rows = s.execute(stmt).all()
    return [
        ProjectItem(
            p.id,
            p.name,
            p.field,
            p.organiser,
            p.contact_phone,
            p.description,
            p.active,
            p.station_id is None,
            records,
            people,
            Decimal(hours),  # SUM keeps the column's exact decimal type
        )
        for p, records, people, hours in rows
    ]


# -- service records ----------------------------------------------------------------------

SERVICE_FIELDS = {
    "person_id": "志愿者",
    "project_id": "服务项目",
    "date": "服务日期",
    "hours": "服务时长",
    "role": "服务角色",
    "content": "服务内容",
}


def clean_service(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(SERVICE_FIELDS)
    if unknown:
        raise KeyError(f"unknown service record fields: {sorted(unknown)}")
    out = {key: values.get(key) for key in SERVICE_FIELDS}
    if not out["person_id"]:
        raise DomainError("请选择提供服务的志愿者。")
    out["project_id"] = out["project_id"] or None
    out["date"] = _check_day(out["date"], "服务日期")
    if out["date"] > dt.date.today():
        raise DomainError(f"服务日期 {out['date'].isoformat()} 还没到，只能登记已完成的服务。")
    hours = parse_amount(out["hours"], "服务时长", maximum=MAX_HOURS)
    if hours == 0:
        raise DomainError("服务时长应大于 0 小时。")
    out["hours"] = hours
    out["role"] = normalize_prose(str(out["role"] or ""))
    out["content"] = str(out["content"] or "").strip()
    return out


def _check_service_refs(tx: Tx, data: Mapping[str, Any]) -> None:
    get_live(tx.session, Person, data["person_id"])
    if data["project_id"]:
        get_live(tx.session, VolunteerProject, data["project_id"])


def add_service_record(
    app: App, person_id: str, project_id: str | None, day: dt.date, hours: Any, content: str = "", role: str = ""
) -> str:
    """Record hours of volunteer service by one person."""
    values = {"person_id": person_id, "project_id": project_id, "date": day, "hours": hours}
    data = clean_service(values | {"content": content, "role": role})
    with app.transaction() as tx:
        _check_service_refs(tx, data)
        return tx.add(ServiceRecord(station_id=own_station_id(tx.session), **data)).id


def correct_service_record(app: App, record_id: str, values: Mapping[str, Any]) -> str:
    """Correct a service record.  Records are append-only (they merge like sign-ins): the old
    one is tombstoned and the corrected one added, in one transaction.  Returns the new id."""
    data = clean_service(values)
    with app.transaction() as tx:
        old = get_live(tx.session, ServiceRecord, record_id)
        if all(getattr(old, key) == value for key, value in data.items()):
            return old.id
        _check_service_refs(tx, data)
        tx.delete(old)
        return tx.add(ServiceRecord(station_id=old.station_id, **data)).id


def delete_service_record(app: App, record_id: str) -> None:
    with app.transaction() as tx:
        tx.delete(get_live(tx.session, ServiceRecord, record_id))


@dataclass(frozen=True)
class ServiceDetail:
    id: str
    values: dict[str, Any]  # the SERVICE_FIELDS
    person_name: str
    project_name: str


def get_service_record(app: App, record_id: str) -> ServiceDetail:
    with app.read() as s:
        r = get_live(s, ServiceRecord, record_id)
        name = s.scalar(select(Person.name).where(Person.id == r.person_id)) or ""
        project = s.scalar(select(VolunteerProject.name).where(VolunteerProject.id == r.project_id)) or ""
    return ServiceDetail(r.id, {key: getattr(r, key) for key in SERVICE_FIELDS}, name, project)


def roles_in_use(app: App) -> list[str]:
    """The service roles written so far, most used first."""
    with app.read() as s:
        rows = s.execute(
            select(ServiceRecord.role)
            .where(ServiceRecord.deleted.is_(False), ServiceRecord.role != "")
            .group_by(ServiceRecord.role)
            .order_by(func.count().desc())
        ).all()
    return [r[0] for r in rows]
