"""First-time setup of an install: its station (or district office) and first administrator."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from decimal import Decimal

from sqlalchemy import select

from ..app import Actor, App
from ..errors import DomainError
from ..models import ActivityType, Meta, OrgUnit, PointsRule, Station, User, UserCredential
from ..security import MIN_PASSWORD_LENGTH, hash_password
from ..validators import ValidationError, normalize_phone, normalize_text
from ..vocab import (
    DEFAULT_ACTIVITY_TYPES,
    DEFAULT_POINTS_PER_ACTIVITY,
    DEFAULT_POINTS_PER_HOUR,
    DEFAULT_POINTS_PER_ROLE,
    INSTALL_KINDS,
)


@dataclass(frozen=True)
class StationProfile:
    """What the first-run wizard and ``cadre-desk init`` ask for."""

    name: str
    district: str
    street: str = ""
    community: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class InstallInfo:
    kind: str
    station_id: str
    station_name: str
    install_id: str
    profile: StationProfile


def is_initialised(app: App) -> bool:
    return app.meta("station_id") is not None


def check_profile(kind: str, profile: StationProfile) -> StationProfile:
    """The profile tidied (spaces, phone format), or DomainError naming what to fix."""
    if kind not in INSTALL_KINDS:
        raise DomainError(f"安装类型只能是 station（驿站）或 district（区老干部局），而不是 {kind}。")
    tidy = StationProfile(**{k: normalize_text(v) for k, v in asdict(profile).items()})
    if not tidy.name:
        raise DomainError("请填写驿站名称。")
    if kind == "station" and not tidy.community:
        raise DomainError("请填写驿站所在的社区或村。")
    if not tidy.district:
        raise DomainError("请填写所属区（县、市）。")
    phone = ""
    if tidy.contact_phone:
        try:
            phone, _ = normalize_phone(tidy.contact_phone)
        except ValidationError as exc:
            raise DomainError(f"联系电话：{exc.message}") from None
    return replace(tidy, contact_phone=phone)


def check_admin(username: str, password: str) -> str:
    """The administrator's user name tidied, or DomainError when it or the password will not do."""
    username = username.strip()
    if not username:
        raise DomainError("请填写管理员用户名。")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"管理员密码至少需要 {MIN_PASSWORD_LENGTH} 位。")
    return username


def first_admin(app: App) -> Actor | None:
    """The first active administrator (who has just set up this PC in the wizard)."""
    with app.read() as s:
        user = s.scalars(
            select(User)
            .where(User.role == "admin", User.active.is_(True), User.deleted.is_(False))
            .order_by(User.hlc_created)
            .limit(1)
        ).first()
        return Actor(user.id, user.display_name or user.username, "admin") if user else None


def initialise(
    app: App,
    *,
    kind: str,
    profile: StationProfile,
    admin_username: str,
    admin_password: str,
    admin_display_name: str = "",
) -> InstallInfo:
    """Create the station profile, the organisation chain and the first administrator."""
    profile = check_profile(kind, profile)
    username = check_admin(admin_username, admin_password)
    name, district, phone = profile.name, profile.district, profile.contact_phone
    if is_initialised(app):
        raise DomainError("这个数据目录已经设置过驿站信息，不能重复初始化。")
    password_hash = hash_password(admin_password)  # slow on purpose: outside the transaction

    with app.transaction() as tx:
        s = tx.session
        parent = tx.add(OrgUnit(level="district", name=district, parent_id=None))
        for level, unit in (("street", profile.street), ("community", profile.community)):
            unit = normalize_text(unit)
            if unit:
                parent = tx.add(OrgUnit(level=level, name=unit, parent_id=parent.id))
        station = tx.add(
            Station(
                org_unit_id=parent.id,
                kind=kind,
                name=name,
                address=normalize_text(profile.address),
                contact_person=normalize_text(profile.contact_person),
                contact_phone=phone,
            )
        )
        existing = set(s.scalars(select(ActivityType.name).where(ActivityType.deleted.is_(False))))
        type_ids = {}
        for order, type_name in enumerate(DEFAULT_ACTIVITY_TYPES):
            if type_name not in existing:
                type_ids[type_name] = tx.add(ActivityType(name=type_name, sort_order=order)).id
        if not s.scalar(select(PointsRule.id).where(PointsRule.deleted.is_(False)).limit(1)):
            tx.add(PointsRule(kind="hour", target="", points=Decimal(DEFAULT_POINTS_PER_HOUR)))
            for type_name, points in DEFAULT_POINTS_PER_ACTIVITY.items():
                if type_name in type_ids:
                    tx.add(PointsRule(kind="activity_type", target=type_ids[type_name], points=Decimal(points)))
            for role, points in DEFAULT_POINTS_PER_ROLE.items():
                tx.add(PointsRule(kind="role", target=role, points=Decimal(points)))
        admin = tx.add(
            User(
                station_id=station.id,
                username=username,
                display_name=normalize_text(admin_display_name) or username,
                role="admin",
            )
        )
        s.add(UserCredential(user_id=admin.id, password_hash=password_hash, changed_at=dt.datetime.now()))
        s.merge(Meta(key="install_kind", value=kind))
        s.merge(Meta(key="station_id", value=station.id))
        s.merge(Meta(key="profile", value=_profile_json(profile)))
    info = install_info(app)
    assert info is not None
    return info


def _profile_json(profile: StationProfile) -> str:
    import json

    return json.dumps(asdict(profile), ensure_ascii=False)


def install_info(app: App) -> InstallInfo | None:
    """This install's kind and station, or None before setup."""
    import json

    with app.read() as s:
        meta = {m.key: m.value for m in s.scalars(select(Meta))}
        if "station_id" not in meta:
            return None
        station = s.get(Station, meta["station_id"])
        profile = StationProfile(**json.loads(meta.get("profile", "{}")))
        return InstallInfo(
            kind=meta.get("install_kind", "station"),
            station_id=meta["station_id"],
            station_name=station.name if station else profile.name,
            install_id=meta["install_id"],
            profile=profile,
        )
