"""A district and its enrolled stations in temporary data dirs, for the sync tests."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.models import AuditEntry
from cadre_desk.core.services import setup, stations, sync
from cadre_desk.core.services.base import own_station_id
from cadre_desk.core.services.sync import STATION_TABLES, _scope
from cadre_desk.core.sync.records import CODECS

PASSWORD = "secret123"
DISTRICT = setup.StationProfile(name="市南区老干部局", district="市南区")
STATIONS = {
    "A": setup.StationProfile(
        name="金湖路社区老干部驿站", district="市南区", street="金湖路街道", community="金湖路社区"
    ),
    "B": setup.StationProfile(
        name="八大峡社区老干部驿站", district="市南区", street="八大峡街道", community="八大峡社区"
    ),
}


def build_world(root: Path, names: tuple[str, ...] = ("A", "B")) -> Path:
    """Data dirs ``root/D`` (district) and ``root/<name>`` (stations, initialised then enrolled)."""
    with App.open(root / "D") as d:
        setup.initialise(d, kind="district", profile=DISTRICT, admin_username="admin", admin_password=PASSWORD)
        for name in names:
            p = STATIONS[name]
            stations.add_station(d, p.name, root / f"{name}.cdenrol", street=p.street, community=p.community)
    for name in names:
        with App.open(root / name) as a:
            setup.initialise(a, kind="station", profile=STATIONS[name], admin_username="admin", admin_password=PASSWORD)
            stations.enrol(a, root / f"{name}.cdenrol")
    return root


@dataclass
class World:
    """Open apps by name ("D" is the district) and a folder for bundles."""

    root: Path
    apps: dict[str, App]
    sent: list[tuple[str, str, Path]] = field(default_factory=list)  # (from, to, file)

    @property
    def station_names(self) -> list[str]:
        return [n for n in self.apps if n != "D"]

    def station_id(self, name: str) -> str:
        with self.apps[name].read() as s:
            return own_station_id(s)

    def export(self, src: str, dst: str, encrypt: bool | None = False) -> Path:
        """Write a bundle from ``src`` for ``dst``; returns its path (not yet delivered).

        Plain unless asked (these tests look inside bundles); None: as the sender's setting says."""
        path = self.root / "bundles" / f"{len(self.sent):04d}-{src}-{dst}.cdsync"
        station = None if src != "D" else self.station_id(dst)
        sync.export_bundle(self.apps[src], path, station_id=station, encrypt=encrypt)
        self.sent.append((src, dst, path))
        return path

    def deliver(self, path: Path, dst: str) -> sync.ImportSummary:
        return sync.import_bundle(self.apps[dst], path)

    def exchange(self, src: str, dst: str, encrypt: bool | None = False) -> sync.ImportSummary:
        return self.deliver(self.export(src, dst, encrypt), dst)

    def settle(self, rounds: int = 3) -> None:
        """Every station and the district exchange bundles until nothing is left in flight."""
        for _ in range(rounds):
            for name in self.station_names:
                self.exchange(name, "D")
            for name in self.station_names:
                self.exchange("D", name)


def open_world(template: Path, dest: Path) -> Iterator[World]:
    shutil.copytree(template, dest)
    with ExitStack() as stack:
        apps = {
            name: stack.enter_context(App.open(dest / name))
            for name in sorted(p.name for p in dest.iterdir() if p.is_dir())
        }
        yield World(dest, apps)


def snapshot(app: App, station_id: str | None = None, own_id: str | None = None) -> dict[str, dict[str, Any]]:
    """Every synced row as its bundle record, by table and id (a district's restricted to a station)."""
    out: dict[str, dict[str, Any]] = {}
    with app.read() as s:
        for name, codec in CODECS.items():
            stmt = select(*codec.select_columns())
            if station_id is not None:
                scope = _scope(codec, station_id, own_id or "")
                if scope is not None:
                    stmt = stmt.where(scope)
            out[name] = {r[0]: codec.encode(r) for r in s.execute(stmt)}
    return out


def station_view(world: World, name: str) -> dict[str, dict[str, Any]]:
    """What the station should hold: its own books and the reference data."""
    return snapshot(world.apps["D"], world.station_id(name), world.station_id("D"))


def audit_ids(app: App) -> set[str]:
    with app.read() as s:
        return set(s.scalars(select(AuditEntry.id)))


def assert_converged(world: World) -> None:
    for name in world.station_names:
        mine, district = snapshot(world.apps[name]), station_view(world, name)
        for table in CODECS:
            if mine[table] != district[table]:
                only_here = sorted(set(mine[table]) - set(district[table]))[:3]
                only_there = sorted(set(district[table]) - set(mine[table]))[:3]
                differ = [k for k in mine[table] if k in district[table] and mine[table][k] != district[table][k]]
                detail = [(mine[table][k], district[table][k]) for k in differ[:1]]
                raise AssertionError(
                    f"{name} {table}: only at station {only_here}, only at district {only_there}, differ {detail}"
                )
        # the station's rows of station tables are exactly its own
        sid = world.station_id(name)
        for table in STATION_TABLES:
            assert all(r["v"]["station_id"] == sid for r in mine[table].values()), table


def photo_bytes(seed: int, size: tuple[int, int] = (800, 600)) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    for _ in range(30):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        img.paste((rng.randrange(256), rng.randrange(256), rng.randrange(256)), (x, y, x + 60, y + 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def today() -> dt.date:
    return dt.date(2026, 11, 20)
