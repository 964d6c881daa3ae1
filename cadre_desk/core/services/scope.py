"""Which stations an install reports on: its own at a station, every station at the district.

Through sync, the district office's books hold the rows of many stations.  The ledgers and
the lists take a station *choice*: ``None`` for the install's own station (what a station
always means), a station's id, or :data:`ALL_STATIONS` at the district for every station
together.  :func:`report_stations` lists the stations offered, :func:`stations_for` turns a
choice into the stations to read, and :func:`find_report_station` a name typed on the
command line into a choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..app import App
from ..errors import DomainError, NotFoundError
from ..models import Meta, Station
from .base import own_station_id

#: the choice "every station" (district only)
ALL_STATIONS = "all"
#: the names that mean every station on the command line
ALL_NAMES = frozenset({ALL_STATIONS, "全部", "全部驿站"})


@dataclass(frozen=True)
class StationRef:
    """A station a report can be made for."""

    id: str
    name: str


def _pinyin_key(name: str) -> tuple[str, str]:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(name)).lower(), name


def install_kind(s: Session) -> str:
    """``station`` or ``district``: what this install is."""
    row = s.get(Meta, "install_kind")
    return row.value if row is not None else "station"


def is_district(app: App) -> bool:
    """True at the district office (区老干部局), which reports on every station."""
    with app.read() as s:
        return install_kind(s) == "district"


def _own(s: Session) -> StationRef:
    station_id = own_station_id(s)
    station = s.get(Station, station_id)
    if station is None:
        raise DomainError("尚未完成初始设置：请先创建驿站信息（cadre-desk init，或在首次启动向导中设置）。")
    return StationRef(station.id, station.name)


def _district_stations(s: Session) -> list[StationRef]:
    rows = s.execute(
        select(Station.id, Station.name).where(Station.deleted.is_(False), Station.kind == "station")
    ).all()
    return sorted((StationRef(i, n) for i, n in rows), key=lambda r: (*_pinyin_key(r.name), r.id))


def report_stations(app: App) -> list[StationRef]:
    """The stations this install can report on: its own at a station; at the district every
    station whose books it holds (not deleted), in pinyin order of their names."""
    with app.read() as s:
        if install_kind(s) != "district":
            return [_own(s)]
        return _district_stations(s)


def own_station(app: App) -> StationRef:
    """The install's own station (the district office's own row at a district)."""
    with app.read() as s:
        return _own(s)


def stations_for(app: App, choice: str | None) -> list[StationRef]:
    """The stations a choice stands for: ``None`` the install's own, :data:`ALL_STATIONS`
    every station (district only), or one station by id.

    Raises :class:`DomainError` when a station install asks for another station or for all,
    when the district has no station yet, or for an id that is no station here.
    """
    with app.read() as s:
        own = _own(s)
        if choice is None or choice == own.id:
            return [own]
        if install_kind(s) != "district":
            raise DomainError(f"本机是驿站“{own.name}”，只能打印本驿站的台账。")
        stations = _district_stations(s)
    if choice == ALL_STATIONS:
        if not stations:
            raise DomainError("还没有任何驿站的数据：请先登记驿站并导入它们的数据包。")
        return stations
    for station in stations:
        if station.id == choice:
            return [station]
    raise NotFoundError("没有这个驿站，它可能已被删除。")


def find_report_station(app: App, name: str) -> str | None:
    """The choice for a station named on the command line: ``all`` (or 全部驿站) for every
    station, a station's name for that station; None for the install's own station.

    Raises :class:`DomainError` with the names to choose from for an unknown name, and at a
    station for any name but its own.
    """
    wanted = name.strip()
    with app.read() as s:
        own = _own(s)
        district = install_kind(s) == "district"
        stations = _district_stations(s) if district else []
    if not district:
        if wanted == own.name:
            return None
        raise DomainError(
            f"本机是驿站“{own.name}”，只能打印本驿站的台账（不用 --station，或写 --station {own.name}）。"
        )
    if wanted.lower() in ALL_NAMES:
        return ALL_STATIONS
    for station in stations:
        if station.name == wanted:
            return station.id
    if wanted == own.name:
        return None
    names = "、".join(st.name for st in stations) or "（还没有任何驿站的数据）"
    raise DomainError(f"没有名为“{wanted}”的驿站。可选：all（全部驿站）、{names}。")


def district_name(app: App) -> str:
    """The district the install belongs to (市南区), for the titles of district-wide books."""
    import json

    with app.read() as s:
        profile = s.get(Meta, "profile")
        own = _own(s)
    district = str(json.loads(profile.value).get("district", "")) if profile is not None else ""
    return district or own.name
