"""Enrolment: the district office registers a station and hands it a setup file; the station
joins with it.

The setup file (``.cdenrol``, JSON) carries the district's identity, its signing key and
the key stations encrypt their bundles for it with, the
station's record as the district made it, the reference data (organisation units,
activity types, points rules, the volunteer project library) and a one-time secret.  It
is signed by the district.  The station's first bundle proves it holds the secret, and
the district then pins the station's own public key; from then on only that key is
accepted.  Both sides show key fingerprints so that a person can compare them by phone.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from .. import inbound
from ..app import Actor, App
from ..errors import DomainError, NotFoundError
from ..files import save_atomically
from ..models import (
    ActivityType,
    Base,
    Meta,
    OrgUnit,
    PointsRule,
    Station,
    SyncPeer,
    SyncPeerMedia,
    SyncSource,
    VolunteerProject,
)
from ..permissions import SETTINGS
from ..sync import crypt, keys
from ..sync.bundle import record_problem
from ..sync.records import CODECS
from ..validators import normalize_text
from .base import get_live, own_station_id
from .setup import StationProfile, check_profile, initialise, install_info, is_initialised

log = logging.getLogger(__name__)

ENROL_FORMAT = "cadre-desk-enrol"
ENROL_VERSION = 1
ENROL_SUFFIX = ".cdenrol"


@dataclass(frozen=True)
class Enrolment:
    station_id: str
    name: str
    path: Path
    district_fingerprint: str


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _require_district(s: Session) -> None:
    kind = s.get(Meta, "install_kind")
    if kind is None or kind.value != "district":
        raise DomainError("只有区老干部局的安装才能登记驿站（cadre-desk init --kind district）。")


def _records(s: Session, model: type[Any], where: Any = None) -> list[dict[str, Any]]:
    codec = CODECS[model.__tablename__]
    stmt = select(*codec.select_columns()).order_by(codec.table.c.hlc_created)
    if where is not None:
        stmt = stmt.where(where)
    return [codec.encode(r) for r in s.execute(stmt)]


def _org_unit(s: Session, tx: Any, parent_id: str, level: str, name: str) -> str:
    found = s.scalars(
        select(OrgUnit).where(
            OrgUnit.parent_id == parent_id, OrgUnit.name == name, OrgUnit.level == level, OrgUnit.deleted.is_(False)
        )
    ).first()
    return found.id if found else tx.add(OrgUnit(parent_id=parent_id, level=level, name=name)).id


def add_station(
    app: App,
    name: str,
    out: Path,
    *,
    street: str = "",
    community: str = "",
    contact_person: str = "",
    contact_phone: str = "",
) -> Enrolment:
    """At the district: register a station and write its setup file to ``out``."""
    name = normalize_text(name)
    if not name:
        raise DomainError("请填写驿站名称。")
    with app.transaction(needs=SETTINGS) as tx:
        s = tx.session
        _require_district(s)
        taken = s.scalars(select(Station).where(Station.name == name, Station.deleted.is_(False))).first()
        if taken is not None:
            raise DomainError(f"已经有名为“{name}”的驿站。如需重新生成它的入网文件，请用“重新生成入网文件”。")
        own = s.get(Station, own_station_id(s))
        assert own is not None
        parent = own.org_unit_id
        for level, unit in (("street", street), ("community", community)):
            unit = normalize_text(unit)
            if unit and parent:
                parent = _org_unit(s, tx, parent, level, unit)
        station = tx.add(
            Station(
                kind="station",
                name=name,
                org_unit_id=parent,
                contact_person=normalize_text(contact_person),
                contact_phone=normalize_text(contact_phone),
                status="pending",
            )
        )
        s.add(
            SyncPeer(
                station_id=station.id,
                kind="station",
                name=name,
                status="pending",
                enrol_secret=keys.new_secret(),
                # the setup file carries everything up to now: the station knows those values
                acked_hlc=tx.hlc,
                added_at=tx.at,
            )
        )
        s.flush()
        fingerprint = _write_setup(s, station.id, out)
    return Enrolment(station.id, name, out, fingerprint)


def reissue_setup(app: App, station_id: str, out: Path) -> Enrolment:
    """A new setup file for a station that has not joined yet (the old file stops working), or
    for a stopped station moving to a new PC: the new PC joins with it and the district's
    next bundle brings it all the station's books."""
    with app.transaction(needs=SETTINGS) as tx:
        s = tx.session
        _require_district(s)
        peer = s.get(SyncPeer, station_id)
        if peer is None:
            raise NotFoundError("找不到这个驿站。")
        if peer.public_key is not None and peer.status != "revoked":
            raise DomainError(
                f"驿站“{peer.name}”已经加入，不能再生成入网文件。如果它换了电脑，请先停用它，再重新生成入网文件。"
            )
        if peer.status == "revoked":  # a fresh start with a new PC: it holds nothing yet
            peer.public_key = peer.install_id = peer.encryption_key = None
            peer.sent_seq = peer.acked_seq = peer.received_seq = 0
            peer.received_hlc = ""
            s.execute(delete(SyncSource).where(SyncSource.peer_station_id == station_id))
            s.execute(delete(SyncPeerMedia).where(SyncPeerMedia.peer_station_id == station_id))
            tx.update(get_live(s, Station, station_id), {"status": "pending"})
        peer.status = "pending"
        peer.enrol_secret = keys.new_secret()
        peer.acked_hlc = tx.hlc
        s.flush()
        fingerprint = _write_setup(s, station_id, out)
        return Enrolment(station_id, peer.name, out, fingerprint)


def _write_setup(s: Session, station_id: str, out: Path) -> str:
    key = keys.load_or_create(s)
    encryption = crypt.load_or_create(s)
    meta = {m.key: m.value for m in s.scalars(select(Meta))}
    own_id = meta["station_id"]
    peer = s.get(SyncPeer, station_id)
    assert peer is not None and peer.enrol_secret
    profile = json.loads(meta.get("profile", "{}"))
    body = {
        "format": ENROL_FORMAT,
        "version": ENROL_VERSION,
        "created_at": dt.datetime.now().isoformat(timespec="seconds"),
        "district": {
            "install_id": meta["install_id"],
            "station_id": own_id,
            "name": s.get(Station, own_id).name,  # type: ignore[union-attr]
            "district": profile.get("district", ""),
            "public_key": key.public_key,
            "encryption_key": encryption.public_key,
        },
        "station": {"id": station_id, "name": peer.name},
        "secret": peer.enrol_secret,
        "records": (
            _records(s, OrgUnit, OrgUnit.deleted.is_(False))
            + _records(s, Station, Station.id.in_((own_id, station_id)))
            + _records(s, ActivityType)
            + _records(s, PointsRule)
            + _records(s, VolunteerProject, VolunteerProject.station_id.is_(None))
        ),
    }
    signature = base64.b64encode(key.sign(_canonical(body))).decode("ascii")
    data = json.dumps({**body, "signature": signature}, ensure_ascii=False, indent=1).encode("utf-8")
    save_atomically(out, lambda tmp: tmp.write_bytes(data))
    return key.fingerprint


@dataclass(frozen=True)
class SetupFile:
    body: dict[str, Any]

    @property
    def district_name(self) -> str:
        return str(self.body["district"]["name"])

    @property
    def station_name(self) -> str:
        return str(self.body["station"]["name"])

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.body["district"]["public_key"])


#: the largest setup file read (ours are a few hundred KB: the district's reference data)
MAX_SETUP_BYTES = 32 << 20
#: the kinds of record a setup file carries
SETUP_TABLES = frozenset({"org_units", "stations", "activity_types", "points_rules", "volunteer_projects"})


def read_setup(path: Path) -> SetupFile:
    """Read and check a setup file; DomainError with a clear message when it will not do.

    Only an ordinary file of bounded size is read, parsed with bounded nesting, and every
    field the enrolment uses is checked before the signature is."""
    path = Path(path)
    raw = inbound.read_limited(path, "入网文件", MAX_SETUP_BYTES)
    invalid = f"“{path.name}”不是有效的入网文件，或文件已损坏、被改动。请向区老干部局重新索取。"
    try:
        data = inbound.load_json(raw, "入网文件", max_values=MAX_SETUP_BYTES // 16)
    except DomainError as exc:
        raise DomainError(f"{exc.message}{invalid}") from None
    ok = False
    if isinstance(data, dict) and data.get("format") == ENROL_FORMAT:
        version = data.get("version", 0)
        if isinstance(version, int) and not isinstance(version, bool) and version > ENROL_VERSION:
            raise DomainError("这个入网文件由更新版本的程序生成，请先升级本程序。")
        try:
            signature = base64.b64decode(data.pop("signature"), validate=True)
            ok = _setup_problem(data) is None and keys.verify(
                data["district"]["public_key"], signature, _canonical(data)
            )
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
            ok = False
    if not ok:
        raise DomainError(invalid)
    return SetupFile(data)


def _setup_problem(body: dict[str, Any]) -> str | None:
    """What is wrong with the fields of a setup file's body, or None."""
    district, station, records = body.get("district"), body.get("station"), body.get("records")
    if not isinstance(district, dict) or not all(
        isinstance(district.get(k), str) for k in ("install_id", "station_id", "name", "public_key")
    ):
        return "district"
    if not all(isinstance(district.get(k, ""), str | None) for k in ("district", "encryption_key")):
        return "district"
    if not isinstance(station, dict) or not all(isinstance(station.get(k), str) for k in ("id", "name")):
        return "station"
    if not isinstance(body.get("version"), int) or isinstance(body.get("version"), bool):
        return "version"
    if not isinstance(body.get("secret"), str) or not isinstance(records, list):
        return "secret"
    for r in records:
        if record_problem(r) or r["t"] not in SETUP_TABLES:
            return "records"
    if not any(r["t"] == "stations" and r["id"] == station["id"] for r in records):
        return "records"
    for r in records:  # every value decodes (dates, amounts) before anything is written
        CODECS[r["t"]].to_row(r, 0)
    return None


def enrol(
    app: App,
    path: Path,
    *,
    admin_username: str = "",
    admin_password: str = "",
    actor: Actor | None = None,
) -> SetupFile:
    """At a station: join the district with its setup file.

    A data dir that is not set up yet is set up from the file (the administrator's name and
    password are then needed).  An existing station keeps all its books: its station
    record, organisation units and the default activity types and points rules made at
    setup are replaced by the district's, and every record that pointed at them follows.
    Only allowed before the station's first exchange.
    """
    setup = read_setup(path)
    body = setup.body
    if not is_initialised(app):
        if not admin_username:
            raise DomainError("这台电脑还没有设置过驿站。请同时提供管理员用户名和密码，用入网文件完成设置。")
        units = {r["id"]: r for r in body["records"] if r["t"] == "org_units"}
        station_rec = next(r for r in body["records"] if r["t"] == "stations" and r["id"] == body["station"]["id"])
        unit = units.get(str(station_rec["v"].get("org_unit_id") or ""))
        name = unit["v"].get("name") if unit and unit["v"].get("level") == "community" else None
        community = name if isinstance(name, str) and name else setup.station_name
        initialise(
            app,
            kind="station",
            profile=StationProfile(
                name=setup.station_name,
                district=body["district"].get("district") or setup.district_name,
                community=community,
            ),
            admin_username=admin_username,
            admin_password=admin_password,
        )
    info = install_info(app)
    assert info is not None
    if info.kind != "station":
        raise DomainError("区老干部局的安装不能用入网文件加入；入网文件是给驿站用的。")
    try:
        _join(app, setup, actor)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, StatementError):
        # values that do not fit their fields: not a file the district's program wrote
        log.warning("setup file %s refused: a record does not fit", path, exc_info=True)
        raise DomainError(
            f"入网文件“{Path(path).name}”中有内容不符合格式的资料，可能已损坏或被改动，本站没有加入。"
            "请向区老干部局重新索取。"
        ) from None
    return setup


def _join(app: App, setup: SetupFile, actor: Actor | None) -> None:
    """Enrolment's one transaction: the district as peer, its records, this station adopted."""
    from .sync import _Applier

    body = setup.body
    with app.transaction(actor, needs=SETTINGS) as tx:
        s = tx.session
        if s.scalars(select(SyncPeer)).first() is not None:
            raise DomainError("本站已经加入区老干部局，不需要再次加入。")
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
        keys.load_or_create(s)  # the station signs its bundles from now on
        crypt.load_or_create(s)  # and the district may encrypt bundles for it
        district = body["district"]
        encryption_key = district.get("encryption_key")  # not in setup files of older versions
        peer = SyncPeer(
            station_id=district["station_id"],
            install_id=district["install_id"],
            kind="district",
            name=district["name"],
            public_key=district["public_key"],
            encryption_key=encryption_key if crypt.valid_public_key(encryption_key) else None,
            status="active",
            enrol_secret=body["secret"],
            # the district's values in the setup file are known here from now on
            received_hlc=max((r["u"] for r in body["records"]), default=""),
            added_at=tx.at,
        )
        s.add(peer)
        s.flush()
        old_station = own_station_id(s)
        new_station = body["station"]["id"]
        applier = _Applier(tx, peer, "")
        by_table: dict[str, list[dict[str, Any]]] = {}
        for record in body["records"]:
            by_table.setdefault(record["t"], []).append(record)
        for table, records in by_table.items():
            applier.apply(CODECS[table], records)
        _adopt(s, tx, app.install_id, old_station, new_station, by_table)
        profile = json.loads((s.get(Meta, "profile") or Meta(value="{}")).value)
        profile.update(name=setup.station_name, district=district.get("district") or profile.get("district", ""))
        s.merge(Meta(key="profile", value=json.dumps(profile, ensure_ascii=False)))
        s.merge(Meta(key="station_id", value=new_station))
        tx.audit("enrol", "stations", new_station, setup.station_name, {"district": [None, setup.district_name]})


def _fk_columns(target: str) -> list[tuple[str, str]]:
    """(table, column) pairs that refer to ``target``.id."""
    out = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == target:
                out.append((table.name, fk.parent.name))
    return out


def _repoint(s: Session, target: str, old: str, new: str) -> None:
    for table, column in _fk_columns(target):
        s.execute(text(f'UPDATE "{table}" SET "{column}" = :new WHERE "{column}" = :old'), {"new": new, "old": old})


def _adopt(
    s: Session, tx: Any, install_id: str, old_station: str, new_station: str, by_table: dict[str, list[dict[str, Any]]]
) -> None:
    """Replace what setup made locally with the district's records (none of it has left this PC)."""
    old = s.get(Station, old_station)
    new = s.get(Station, new_station)
    assert old is not None and new is not None
    if old_station != new_station:
        # keep the contact details typed in at setup where the district left them empty
        carry = {
            k: getattr(old, k)
            for k in ("address", "contact_person", "contact_phone")
            if getattr(old, k) and not getattr(new, k)
        }
        if new.status == "pending":
            carry["status"] = "active"
        _repoint(s, "stations", old_station, new_station)
        s.execute(delete(Station).where(Station.id == old_station))
        tx.update(new, carry)
    # the default activity types: the district's list replaces the local one of the same name
    district_types = {r["v"]["name"]: r["id"] for r in by_table.get("activity_types", [])}
    for local in s.scalars(select(ActivityType).where(ActivityType.origin == install_id)).all():
        target = district_types.get(local.name)
        if target and target != local.id:
            _repoint(s, "activity_types", local.id, target)
            s.execute(
                update(PointsRule)
                .where(PointsRule.kind == "activity_type", PointsRule.target == local.id)
                .values(target=target)
            )
            s.execute(delete(ActivityType).where(ActivityType.id == local.id))
    # the default points rules: the district's scheme stands
    district_rules = {(r["v"]["kind"], r["v"]["target"]) for r in by_table.get("points_rules", [])}
    for rule in s.scalars(select(PointsRule).where(PointsRule.origin == install_id)).all():
        if (rule.kind, rule.target) in district_rules:
            s.execute(delete(PointsRule).where(PointsRule.id == rule.id))
    # organisation units made at setup that nothing refers to any more
    while True:
        used = set(s.scalars(select(Station.org_unit_id))) | set(s.scalars(select(OrgUnit.parent_id)))
        doomed = [u.id for u in s.scalars(select(OrgUnit).where(OrgUnit.origin == install_id)) if u.id not in used]
        if not doomed:
            break
        s.execute(delete(OrgUnit).where(OrgUnit.id.in_(doomed)))


def revoke_station(app: App, station_id: str, actor: Actor | None = None) -> None:
    """At the district: stop accepting a station's bundles (a lost or replaced PC)."""
    with app.transaction(actor, needs=SETTINGS) as tx:
        s = tx.session
        _require_district(s)
        peer = s.get(SyncPeer, station_id)
        if peer is None:
            raise NotFoundError("找不到这个驿站。")
        peer.status = "revoked"
        tx.update(get_live(s, Station, station_id), {"status": "revoked"})


def find_station(app: App, name: str) -> str:
    """The id of the enrolled station with this name; NotFoundError listing the names otherwise."""
    with app.read() as s:
        rows = list(s.scalars(select(SyncPeer).where(SyncPeer.kind == "station")))
    for p in rows:
        if p.name == name.strip():
            return p.station_id
    names = "、".join(p.name for p in rows) or "（还没有登记任何驿站）"
    raise NotFoundError(f"没有名为“{name}”的驿站。已登记的驿站：{names}")


__all__ = [
    "ENROL_SUFFIX",
    "Enrolment",
    "SetupFile",
    "add_station",
    "enrol",
    "find_station",
    "read_setup",
    "reissue_setup",
    "revoke_station",
]


# -- the station's own profile (设置 → 驿站信息) ------------------------------------------------


def _org_chain(s: Session, unit_id: str | None) -> dict[str, OrgUnit]:
    """The organisation units above a station, by level (district, street, community …)."""
    chain: dict[str, OrgUnit] = {}
    seen: set[str] = set()
    while unit_id and unit_id not in seen:
        seen.add(unit_id)
        unit = s.get(OrgUnit, unit_id)
        if unit is None or unit.deleted:
            break
        chain.setdefault(unit.level, unit)
        unit_id = unit.parent_id
    return chain


def station_profile(app: App) -> StationProfile:
    """The station's profile as the books hold it now (its record and the units above it)."""
    with app.read() as s:
        saved = json.loads((s.get(Meta, "profile") or Meta(value="{}")).value)
        profile = StationProfile(**{"name": "", "district": "", **saved})
        station = s.get(Station, own_station_id(s))
        if station is None:
            return profile
        chain = _org_chain(s, station.org_unit_id)
        return StationProfile(
            name=station.name,
            district=chain["district"].name if "district" in chain else profile.district,
            street=chain["street"].name if "street" in chain else "",
            community=chain["community"].name if "community" in chain else profile.community,
            address=station.address,
            contact_person=station.contact_person,
            contact_phone=station.contact_phone,
        )


def update_station_profile(app: App, profile: StationProfile, actor: Actor | None = None) -> StationProfile:
    """An administrator corrects the station's profile (every field the setup wizard asked for).

    One transaction: the station's record and the organisation units above it, audited and
    stamped, so the change travels to the district office with the next sync; the names are
    printed on the ledgers from now on.  Before the station joins a district its own units
    are renamed; after, the district's units are shared with other stations, so a different
    street or community is looked up (or added) rather than renamed, and the district itself
    is the district office's to change."""
    info = install_info(app)
    if info is None:
        raise DomainError("尚未完成初始设置：请先创建驿站信息。")
    profile = check_profile(info.kind, profile)
    with app.transaction(actor, needs=SETTINGS) as tx:
        s = tx.session
        station = get_live(s, Station, own_station_id(s))
        joined = info.kind == "station" and s.scalars(select(SyncPeer).where(SyncPeer.kind == "district")).first()
        chain = _org_chain(s, station.org_unit_id)
        district = chain.get("district")
        if district is None:
            district = tx.add(OrgUnit(level="district", name=profile.district, parent_id=None))
        elif district.name != profile.district:
            if joined:
                raise DomainError(
                    f"本站已加入区老干部局，所属区（{district.name}）由区老干部局设定，不能在这里修改。"
                )
            tx.update(district, {"name": profile.district})
        parent = district
        for level, name in (("street", profile.street), ("community", profile.community)):
            if not name:
                continue
            unit = chain.get(level)
            if unit is not None and not joined and unit.parent_id == parent.id:
                tx.update(unit, {"name": name})
            else:
                unit = s.get(OrgUnit, _org_unit(s, tx, parent.id, level, name))
            parent = unit
        tx.update(
            station,
            {
                "name": profile.name,
                "address": profile.address,
                "contact_person": profile.contact_person,
                "contact_phone": profile.contact_phone,
                "org_unit_id": parent.id,
            },
        )
        s.merge(Meta(key="profile", value=json.dumps(asdict(profile), ensure_ascii=False)))
    return station_profile(app)
