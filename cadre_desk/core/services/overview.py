"""Figures about the open books, for the home page and the status bar."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select

from ..app import App
from ..models import Activity, CheckIn, Person, ServiceRecord, Visit
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


def station_overview(app: App) -> Overview:
    info = install_info(app)

    def count(model: type, *where: object) -> int:
        return s.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False), *where)) or 0

    with app.read() as s:
        return Overview(
            station_name=info.station_name if info else "尚未设置驿站",
            people=count(Person, Person.status == "active"),
            activities=count(Activity),
            check_ins=count(CheckIn, CheckIn.status.in_(("signed", "proxy"))),
            visits=count(Visit),
            service_records=count(ServiceRecord),
        )
