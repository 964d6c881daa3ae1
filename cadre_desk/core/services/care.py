"""Visits (走访慰问) and volunteer service (志愿服务)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..app import App
from ..errors import DomainError
from ..models import Person, ServiceRecord, Visit, VolunteerProject
from ..validators import ValidationError, normalize_phone, normalize_text
from ..vocab import VISIT_REASONS, VOLUNTEER_FIELDS, code_for
from .base import get_live, own_station_id


def _decimal(value: Any, label: str, *, places: int = 2, maximum: Decimal | None = None) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    try:
        d = Decimal(str(value if value not in (None, "") else "0").replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是有效的数字。") from None
    if d < 0:
        raise DomainError(f"{label}不能为负数。")
    if d != d.quantize(Decimal(1).scaleb(-places)):
        raise DomainError(f"{label}最多保留 {places} 位小数。")
    if maximum is not None and d > maximum:
        raise DomainError(f"{label} {d} 超出合理范围（不超过 {maximum}）。")
    return d.quantize(Decimal(1).scaleb(-places))


def create_visit(app: App, values: Mapping[str, Any]) -> str:
    """Record a visit; needs a person visited or a household name."""
    data = {k: values[k] for k in values}
    day = data.get("date")
    if not isinstance(day, dt.date):
        raise DomainError("请填写走访日期。")
    reason = code_for(VISIT_REASONS, str(data.get("reason") or ""))
    if reason is None:
        raise DomainError("请选择走访原因：" + "、".join(VISIT_REASONS.values()) + "。")
    data["reason"] = reason
    data["money"] = _decimal(data.get("money"), "慰问金", maximum=Decimal("1000000"))
    for key in ("household", "visitors", "gifts"):
        data[key] = normalize_text(str(data.get(key) or ""))
    if not data.get("person_id") and not data["household"]:
        raise DomainError("请选择被走访的人员，或填写走访的户。")
    if data.get("follow_up") and not data.get("follow_up_due"):
        raise DomainError("有需要跟进的事项时，请填写跟进期限。")
    with app.transaction() as tx:
        if data.get("person_id"):
            get_live(tx.session, Person, data["person_id"])
        return tx.add(Visit(station_id=own_station_id(tx.session), **data)).id


def create_project(app: App, values: Mapping[str, Any], *, station_wide: bool = True) -> str:
    """Add a project to the volunteer project library (项目库)."""
    name = normalize_text(str(values.get("name") or ""))
    if not name:
        raise DomainError("请填写项目名称。")
    field = str(values.get("field") or "")
    if field not in VOLUNTEER_FIELDS:
        raise DomainError("请选择项目领域：" + "、".join(VOLUNTEER_FIELDS) + "。")
    phone = normalize_text(str(values.get("contact_phone") or ""))
    if phone:
        try:
            phone, _ = normalize_phone(phone)
        except ValidationError as exc:
            raise DomainError(f"联系电话：{exc.message}") from None
    with app.transaction() as tx:
        project = VolunteerProject(
            station_id=own_station_id(tx.session) if station_wide else None,
            name=name,
            field=field,
            description=str(values.get("description") or "").strip(),
            organiser=normalize_text(str(values.get("organiser") or "")),
            contact_phone=phone,
        )
        return tx.add(project).id


def add_service_record(
    app: App, person_id: str, project_id: str | None, day: dt.date, hours: Any, content: str = "", role: str = ""
) -> str:
    """Record hours of volunteer service by one person."""
    h = _decimal(hours, "服务时长", maximum=Decimal("24"))
    if h == 0:
        raise DomainError("服务时长应大于 0 小时。")
    with app.transaction() as tx:
        get_live(tx.session, Person, person_id)
        if project_id:
            get_live(tx.session, VolunteerProject, project_id)
        record = ServiceRecord(
            station_id=own_station_id(tx.session),
            person_id=person_id,
            project_id=project_id,
            date=day,
            hours=h,
            role=normalize_text(role),
            content=content.strip(),
        )
        return tx.add(record).id
