"""设置 → 驿站信息: the station's profile corrected by an administrator, audited and synced."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from cadre_desk.core.app import Actor, App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import AuditEntry, OrgUnit, Station
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.services import stations
from cadre_desk.core.services.setup import install_info
from tests.conftest import PROFILE
from tests.core.sync_world import build_world, open_world


def audit_of(app: App, entity: str) -> list[AuditEntry]:
    with app.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.hlc)))


def test_every_wizard_field_is_shown_and_can_be_corrected(app: App) -> None:
    shown = stations.station_profile(app)
    assert (shown.name, shown.district, shown.street, shown.community) == (
        PROFILE.name,
        PROFILE.district,
        PROFILE.street,
        PROFILE.community,
    )
    with app.read() as s:
        before_seq = s.get(Station, install_info(app).station_id).tx_seq
    fixed = replace(
        shown,
        name=" 测试路社区老干部驿站二站 ",
        street="测试路街道",
        community="新测试路社区",
        address="测试路 81 号",
        contact_person="刘晓燕",
        contact_phone="0532-8288 1234",
    )
    after = stations.update_station_profile(app, fixed)
    assert after.name == "测试路社区老干部驿站二站"  # tidied
    assert (after.street, after.community, after.address) == ("测试路街道", "新测试路社区", "测试路 81 号")
    assert after.contact_person == "刘晓燕" and after.contact_phone
    assert stations.station_profile(app) == after  # read back from the books
    info = install_info(app)
    assert info is not None and info.station_name == after.name and info.profile.address == "测试路 81 号"
    changes = audit_of(app, "stations")[-1].changes
    assert changes["name"] == [PROFILE.name, after.name] and changes["address"] == ["", "测试路 81 号"]
    with app.read() as s:  # stamped, so the change travels with the next bundle and wins there
        station = s.get(Station, info.station_id)
        assert station.tx_seq > before_seq and set(station.field_hlc) >= {"name", "address", "contact_phone"}
    with app.read() as s:
        units = {u.level: u.name for u in s.scalars(select(OrgUnit).where(OrgUnit.deleted.is_(False)))}
    assert units == {"district": "市南区", "street": "测试路街道", "community": "新测试路社区"}  # renamed, not added


def test_nothing_changed_writes_nothing(app: App) -> None:
    before = len(audit_of(app, "stations"))
    stations.update_station_profile(app, stations.station_profile(app))
    assert len(audit_of(app, "stations")) == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "  ", "驿站名称"),
        ("community", "", "社区"),
        ("district", "", "所属区"),
        ("contact_phone", "12", "联系电话"),
    ],
)
def test_a_profile_that_will_not_do_is_refused_and_nothing_changes(
    app: App, field: str, value: str, message: str
) -> None:
    before = stations.station_profile(app)
    with pytest.raises(DomainError, match=message):
        stations.update_station_profile(app, replace(before, **{field: value}))
    assert stations.station_profile(app) == before


def test_only_an_administrator_may_change_it(app: App) -> None:
    before = stations.station_profile(app)
    operator = Actor("u1", "操作员小王", "operator")
    with pytest.raises(PermissionDenied):
        stations.update_station_profile(app, replace(before, name="别的名字"), operator)
    assert stations.station_profile(app) == before


def test_a_joined_station_renames_itself_and_the_district_receives_it(tmp_path: Path) -> None:
    root = build_world(tmp_path / "template", ("A",))
    for world in open_world(root, tmp_path / "world"):
        a = world.apps["A"]
        profile = stations.station_profile(a)
        with pytest.raises(DomainError, match="由区老干部局设定"):
            stations.update_station_profile(a, replace(profile, district="崂山区"))
        with a.read() as s:
            shared_before = {u.id: u.name for u in s.scalars(select(OrgUnit))}
        moved = replace(profile, name=profile.name + "新址", community="金湖新村")
        fixed = stations.update_station_profile(a, moved)
        with a.read() as s:
            for unit_id, name in shared_before.items():  # units shared with other stations are not renamed
                assert s.get(OrgUnit, unit_id).name == name
        world.exchange("A", "D")
        with world.apps["D"].read() as s:
            station = s.get(Station, world.station_id("A"))
            assert station.name == fixed.name
            assert s.get(OrgUnit, station.org_unit_id).name == "金湖新村"
