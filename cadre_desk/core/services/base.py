"""Helpers shared by service functions."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from ..errors import DomainError, NotFoundError
from ..models import Meta, SyncedMixin

T = TypeVar("T", bound=SyncedMixin)

_KIND_NAMES = {
    "people": "人员",
    "activities": "活动",
    "check_ins": "签到记录",
    "attachments": "照片",
    "visits": "走访记录",
    "volunteer_projects": "志愿服务项目",
    "service_records": "服务记录",
    "users": "用户",
    "stations": "驿站",
    "activity_types": "活动类型",
    "month_closes": "月结归档",
}


def get_live(session: Session, model: type[T], record_id: str) -> T:
    """The row with this id, or NotFoundError when it does not exist or was deleted."""
    obj = session.get(model, record_id)
    if obj is None or obj.deleted:
        kind = _KIND_NAMES.get(model.__tablename__, "记录")  # type: ignore[attr-defined]
        raise NotFoundError(f"找不到这条{kind}，它可能已被删除。")
    return obj


def own_station_id(session: Session) -> str:
    """The station this install keeps books for (the district's own office at a district)."""
    row = session.get(Meta, "station_id")
    if row is None:
        raise DomainError("尚未完成初始设置：请先创建驿站信息（cadre-desk init，或在首次启动向导中设置）。")
    return row.value
