"""The data model: every book a station keeps, ready for offline sync and auditing.

Synced tables (everything a station or the district creates) share :class:`SyncedMixin`:

* ``id`` — a UUIDv7 string, so rows made on different stations never collide;
* ``origin`` — the install (station or district) that created the row;
* ``hlc_created`` / ``hlc_updated`` — hybrid logical clock stamps (see :mod:`.hlc`);
* ``field_hlc`` — the stamp of each field changed since creation (per-field merge);
  a field missing from it was last written at ``hlc_created``;
* ``deleted`` — a tombstone; rows are never hard-deleted, so deletions can travel;
* ``tx_seq`` — the local change sequence of the transaction that last wrote the row
  (local only: a bundle carries everything with ``tx_seq`` above what the peer
  acknowledged, including rows that arrived from a third install).

Local tables (``meta``, ``media_files``, ``user_credentials``) never travel.

Closed vocabularies that drive logic are stored as short codes (see :mod:`.vocab` for
the Chinese labels printed on ledgers); open ones (民族, 政治面貌, 职级) as text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)
HLC = String(24)


class ScaledDecimal(TypeDecorator[Decimal]):
    """An exact decimal stored as an integer number of 1/10**scale units.

    Money is kept in fen (scale 2), hours in hundredths: SQL ``SUM`` stays exact and no
    float ever touches an amount.
    """

    impl = Integer
    cache_ok = True

    def __init__(self, scale: int = 2) -> None:
        super().__init__()
        self.scale = scale
        self._factor = Decimal(10) ** scale

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("amounts must be Decimal or str, never float")
        d = Decimal(value) * self._factor
        if d != d.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        return int(d)

    def process_result_value(self, value: Any, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / self._factor).quantize(Decimal(1).scaleb(-self.scale))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncedMixin:
    """Columns every synced row carries."""

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    origin: Mapped[str] = mapped_column(ID)
    hlc_created: Mapped[str] = mapped_column(HLC)
    hlc_updated: Mapped[str] = mapped_column(HLC)
    field_hlc: Mapped[dict[str, str] | None] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    tx_seq: Mapped[int] = mapped_column(Integer, index=True)

    #: columns maintained by the service layer, never edited through ``Tx.update``
    SYNC_COLUMNS: ClassVar[frozenset[str]] = frozenset(
        {"id", "origin", "hlc_created", "hlc_updated", "field_hlc", "deleted", "tx_seq"}
    )
    #: columns that never leave this install (e.g. derived search keys)
    LOCAL_COLUMNS: ClassVar[frozenset[str]] = frozenset()
    #: how a row is named in audit entries and messages
    LABEL_COLUMN: ClassVar[str | None] = None


# ---------------------------------------------------------------------------------------
# Local tables
# ---------------------------------------------------------------------------------------


class Meta(Base):
    """Key/value facts about this install (its id, kind, clock, change sequence)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class MediaFile(Base):
    """The index of the content-addressed media store (photos, signatures, scans)."""

    __tablename__ = "media_files"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(40))
    ext: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    has_derivatives: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class UserCredential(Base):
    """A user's password hash and lockout state; never synced or exported."""

    __tablename__ = "user_credentials"
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id"), primary_key=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SyncPeer(Base):
    """An install this one exchanges bundles with: the district office at a station, each
    enrolled station at the district.  Holds the pinned signing key and the exchange marks."""

    __tablename__ = "sync_peers"
    station_id: Mapped[str] = mapped_column(ID, primary_key=True)  # the peer's Station row
    install_id: Mapped[str | None] = mapped_column(ID, unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # station | district
    name: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str | None] = mapped_column(String(64))  # base64 Ed25519, pinned at enrolment
    #: base64 X25519: bundles for the peer are encrypted with it (learnt from its setup file or bundles)
    encryption_key: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # pending | active | revoked
    enrol_secret: Mapped[str | None] = mapped_column(String(64))  # proves the first bundle's sender
    #: the highest local change sequence in a bundle sent to the peer
    sent_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: the highest local change sequence (and its clock) the peer confirmed it has applied
    acked_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    acked_hlc: Mapped[str] = mapped_column(HLC, default="", server_default="")
    #: the highest change sequence of the peer (and its clock) applied here
    received_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    received_hlc: Mapped[str] = mapped_column(HLC, default="", server_default="")
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SyncBundle(Base):
    """The history of bundles sent and received (and refused)."""

    __tablename__ = "sync_bundles"
    __table_args__ = (Index("ix_sync_bundles_at", "at"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(36), index=True)
    direction: Mapped[str] = mapped_column(String(8))  # sent | received
    peer_station_id: Mapped[str | None] = mapped_column(ID)
    peer_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(260), default="", server_default="")
    covers_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    records: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    photos: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    result: Mapped[str] = mapped_column(String(16))  # ok | duplicate | rejected
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class SyncSource(Base):
    """Change sequences written by applying a peer's bundle: not echoed back to that peer."""

    __tablename__ = "sync_sources"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    peer_station_id: Mapped[str] = mapped_column(ID, index=True)


class SyncPeerMedia(Base):
    """Media files a peer holds (received from it, or in a bundle it confirmed)."""

    __tablename__ = "sync_peer_media"
    peer_station_id: Mapped[str] = mapped_column(ID, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: the sequence of the bundle that carried it there; 0 = the peer surely has it
    pending_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SyncConflict(Base):
    """The same field edited at two places before they exchanged bundles."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_entity", "entity", "entity_id", "field"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(ID)
    field: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="", server_default="")
    peer_station_id: Mapped[str | None] = mapped_column(ID)
    peer_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    local_value: Mapped[Any] = mapped_column(JSON)
    local_hlc: Mapped[str] = mapped_column(HLC)
    remote_value: Mapped[Any] = mapped_column(JSON)
    remote_hlc: Mapped[str] = mapped_column(HLC)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str] = mapped_column(String(16), default="", server_default="")  # local|remote|later


# ---------------------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------------------


class OrgUnit(SyncedMixin, Base):
    """区 → 街道/镇 → 社区/村 (→ 片区网格)."""

    __tablename__ = "org_units"
    LABEL_COLUMN = "name"
    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("org_units.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))  # vocab.ORG_LEVELS
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(20), default="", server_default="")


class Station(SyncedMixin, Base):
    """A station (驿站) or the district office itself."""

    __tablename__ = "stations"
    LABEL_COLUMN = "name"
    org_unit_id: Mapped[str | None] = mapped_column(ID, ForeignKey("org_units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="station")  # station | district
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    public_key: Mapped[str | None] = mapped_column(Text)  # signing key, filled by enrolment
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")


class User(SyncedMixin, Base):
    """A person who signs in to the app (public data only; see UserCredential)."""

    __tablename__ = "users"
    LABEL_COLUMN = "username"
    station_id: Mapped[str | None] = mapped_column(ID, ForeignKey("stations.id"), index=True)
    username: Mapped[str] = mapped_column(String(50), index=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))  # vocab.ROLES
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


# ---------------------------------------------------------------------------------------
# Roster
# ---------------------------------------------------------------------------------------


PERSON_SEARCH_TEXT = (
    "lower(name || '|' || name_pinyin || '|' || name_initials || '|' || coalesce(id_number, '') || '|' "
    "|| phone_mobile || '|' || phone_home)"
)


#: the columns the roster's filters look at (after the two every filter has), for ix_people_filters
PERSON_FILTER_COLUMNS = (
    "deleted",
    "status",
    "station_id",
    "category",
    "political_status",
    "party_branch",
    "activity_class",
    "report_status",
    "care_serious_illness",
    "care_major_change",
    "care_living_alone",
    "care_empty_nest",
    "care_disabled",
    "birth_date",
    "talent_tags",
    "interests",
)


class Person(SyncedMixin, Base):
    """One retired cadre on the roster (人员信息台账)."""

    __tablename__ = "people"
    #: the roster list walks the first index in roster order, never the wide rows (it holds the
    #: search text and every filtered column); the roster's counts and one station's people
    #: read the second
    __table_args__ = (
        Index("ix_people_search", "deleted", "status", "name_pinyin", "id", "search_text", *PERSON_FILTER_COLUMNS[2:]),
        Index("ix_people_filters", *PERSON_FILTER_COLUMNS),
    )
    LABEL_COLUMN = "name"
    LOCAL_COLUMNS = frozenset({"name_pinyin", "name_initials", "search_text"})

    station_id: Mapped[str] = mapped_column(ID, ForeignKey("stations.id"), index=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    name_pinyin: Mapped[str] = mapped_column(String(200), default="", server_default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(100), default="", server_default="", index=True)
    sex: Mapped[str | None] = mapped_column(String(1))  # M | F
    ethnicity: Mapped[str] = mapped_column(String(20), default="", server_default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    work_unit: Mapped[str] = mapped_column(String(100), default="", server_default="")
    position: Mapped[str] = mapped_column(String(50), default="", server_default="")
    rank: Mapped[str] = mapped_column(String(30), default="", server_default="")
    category: Mapped[str] = mapped_column(String(8))  # lixiu | tuixiu
    retire_date: Mapped[dt.date | None] = mapped_column(Date)
    political_status: Mapped[str] = mapped_column(String(20), default="", server_default="")
    party_branch: Mapped[str] = mapped_column(String(100), default="", server_default="", index=True)
    activity_class: Mapped[str | None] = mapped_column(String(8))  # vocab.ACTIVITY_CLASSES
    report_status: Mapped[str | None] = mapped_column(String(16))  # reported | not_reported
    report_date: Mapped[dt.date | None] = mapped_column(Date)
    phone_mobile: Mapped[str] = mapped_column(String(20), default="", server_default="", index=True)
    phone_home: Mapped[str] = mapped_column(String(30), default="", server_default="")
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    emergency_contact: Mapped[str] = mapped_column(String(50), default="", server_default="")
    emergency_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    health_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    care_serious_illness: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    care_major_change: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    care_living_alone: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    care_empty_nest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    care_disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    talent_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active", index=True)
    status_date: Mapped[dt.date | None] = mapped_column(Date)
    moved_to: Mapped[str] = mapped_column(String(100), default="", server_default="")
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: what search-as-you-type looks in, kept by SQLite itself (lower case, "|" between fields)
    search_text: Mapped[str] = mapped_column(String(400), Computed(PERSON_SEARCH_TEXT, persisted=False))


# ---------------------------------------------------------------------------------------
# Activities and check-in
# ---------------------------------------------------------------------------------------


class ActivityType(SyncedMixin, Base):
    """An activity type (学习教育, 主题党日 …); the list is reference data."""

    __tablename__ = "activity_types"
    LABEL_COLUMN = "name"
    name: Mapped[str] = mapped_column(String(30))
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class Activity(SyncedMixin, Base):
    """An activity with its written record (写实)."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_station_date", "station_id", "date"),)
    LABEL_COLUMN = "title"
    station_id: Mapped[str] = mapped_column(ID, ForeignKey("stations.id"))
    type_id: Mapped[str] = mapped_column(ID, ForeignKey("activity_types.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str] = mapped_column(String(100), default="", server_default="")
    organiser: Mapped[str] = mapped_column(String(100), default="", server_default="")
    host: Mapped[str] = mapped_column(String(50), default="", server_default="")
    #: how the planned attendees were chosen, e.g. {"category": "tuixiu", "branch": "…"}
    planned_rule: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    record: Mapped[str] = mapped_column(Text, default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")


class ActivityInvitee(SyncedMixin, Base):
    """A person expected at an activity (the 应到 list)."""

    __tablename__ = "activity_invitees"
    __table_args__ = (Index("ix_activity_invitees_activity_person", "activity_id", "person_id"),)
    activity_id: Mapped[str] = mapped_column(ID, ForeignKey("activities.id"))
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("people.id"), index=True)


class CheckIn(SyncedMixin, Base):
    """One entry in the sign-in book (签到簿).  Append-only: a wrong one is tombstoned."""

    __tablename__ = "check_ins"
    __table_args__ = (Index("ix_check_ins_activity_person", "activity_id", "person_id"),)
    activity_id: Mapped[str] = mapped_column(ID, ForeignKey("activities.id"))
    person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("people.id"), index=True)
    walk_in_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    status: Mapped[str] = mapped_column(String(8))  # vocab.CHECKIN_STATUSES
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    method: Mapped[str] = mapped_column(String(10), default="keyboard", server_default="keyboard")
    signature_sha256: Mapped[str | None] = mapped_column(String(64))
    proxy_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    leave_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")


class Attachment(SyncedMixin, Base):
    """A photo or scanned document attached to an activity, visit or person."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_type", "owner_id"),)
    owner_type: Mapped[str] = mapped_column(String(16))  # activity | visit | person
    owner_id: Mapped[str] = mapped_column(ID)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="photo", server_default="photo")
    caption: Mapped[str] = mapped_column(String(200), default="", server_default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    is_cover: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    original_name: Mapped[str] = mapped_column(String(200), default="", server_default="")


# ---------------------------------------------------------------------------------------
# Care and volunteering
# ---------------------------------------------------------------------------------------


class Visit(SyncedMixin, Base):
    """A visit or condolence call (走访慰问)."""

    __tablename__ = "visits"
    __table_args__ = (
        Index("ix_visits_station_date", "station_id", "date"),
        Index("ix_visits_person_date", "person_id", "date"),
    )
    station_id: Mapped[str] = mapped_column(ID, ForeignKey("stations.id"))
    date: Mapped[dt.date] = mapped_column(Date, index=True)  # the month over every station
    person_id: Mapped[str | None] = mapped_column(ID, ForeignKey("people.id"), index=True)
    household: Mapped[str] = mapped_column(String(100), default="", server_default="")
    visitors: Mapped[str] = mapped_column(String(200), default="", server_default="")
    reason: Mapped[str] = mapped_column(String(16))  # vocab.VISIT_REASONS
    gifts: Mapped[str] = mapped_column(String(200), default="", server_default="")
    money: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal("0"), server_default="0")
    situation: Mapped[str] = mapped_column(Text, default="", server_default="")
    needs: Mapped[str] = mapped_column(Text, default="", server_default="")
    follow_up: Mapped[str] = mapped_column(Text, default="", server_default="")
    follow_up_due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    follow_up_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class VolunteerProject(SyncedMixin, Base):
    """A project in the volunteer project library (项目库)."""

    __tablename__ = "volunteer_projects"
    LABEL_COLUMN = "name"
    station_id: Mapped[str | None] = mapped_column(ID, ForeignKey("stations.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(16))  # 志愿先锋 … 环境美化
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    organiser: Mapped[str] = mapped_column(String(100), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="1")


class ServiceRecord(SyncedMixin, Base):
    """Hours of volunteer service one person gave (append-only like check-ins)."""

    __tablename__ = "service_records"
    __table_args__ = (Index("ix_service_records_station_date", "station_id", "date"),)
    station_id: Mapped[str] = mapped_column(ID, ForeignKey("stations.id"))
    person_id: Mapped[str] = mapped_column(ID, ForeignKey("people.id"), index=True)
    project_id: Mapped[str | None] = mapped_column(ID, ForeignKey("volunteer_projects.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)  # the month over every station
    hours: Mapped[Decimal] = mapped_column(ScaledDecimal(2))
    role: Mapped[str] = mapped_column(String(30), default="", server_default="")
    content: Mapped[str] = mapped_column(Text, default="", server_default="")


class PointsRule(SyncedMixin, Base):
    """One line of the points scheme (量化积分): points per hour of service, per activity of a
    type attended, or per service record in a role (银龄议事, 民事调解 …).  Reference data."""

    __tablename__ = "points_rules"
    __table_args__ = (Index("ix_points_rules_kind_target", "kind", "target"),)
    LABEL_COLUMN = "target"
    kind: Mapped[str] = mapped_column(String(16))  # hour | activity_type | role
    #: the activity type's id, the role's name, or "" for the points per hour
    target: Mapped[str] = mapped_column(String(100), default="", server_default="")
    points: Mapped[Decimal] = mapped_column(ScaledDecimal(2), default=Decimal("0"), server_default="0")


# ---------------------------------------------------------------------------------------
# Month close
# ---------------------------------------------------------------------------------------


class MonthClose(SyncedMixin, Base):
    """A month's ledgers closed (月结归档): the exact PDF and Excel files as printed, kept in
    the media store by their SHA-256, with who closed them and when.

    Closing again after corrections writes a new row that ``supersedes`` the previous one;
    the month's archive is the newest live row.  A record dated in a closed month can only
    be changed by an administrator, and the change is audited as a correction of this
    close (see :mod:`.closing`).
    """

    __tablename__ = "month_closes"
    __table_args__ = (Index("ix_month_closes_station_month", "station_id", "month"),)
    LABEL_COLUMN = "month"
    station_id: Mapped[str] = mapped_column(ID, ForeignKey("stations.id"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf_size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    xlsx_sha256: Mapped[str | None] = mapped_column(String(64))
    xlsx_size: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: whether the archived files show ID numbers, phones and addresses in full
    full_data: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    closed_by_id: Mapped[str | None] = mapped_column(ID)
    closed_by: Mapped[str] = mapped_column(String(50), default="", server_default="")
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: the close this one replaces (closing again after corrections)
    supersedes: Mapped[str | None] = mapped_column(ID)


# ---------------------------------------------------------------------------------------
# Audit
# ---------------------------------------------------------------------------------------


class AuditEntry(Base):
    """Who changed what, when, with the values before and after.  Append-only (the database
    refuses UPDATE and DELETE); synced."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        # the audit page's searches, newest first (see migration 0006, which also adds the
        # triggers that refuse any UPDATE or DELETE of an entry)
        Index("ix_audit_log_at_label", "at", "label", "entity_id"),
        Index("ix_audit_log_user_at", "user_id", "at"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    origin: Mapped[str] = mapped_column(ID)
    hlc: Mapped[str] = mapped_column(HLC, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user_id: Mapped[str | None] = mapped_column(ID)
    user_name: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(16))  # create | update | delete | restore
    entity: Mapped[str] = mapped_column(String(32))  # table name
    entity_id: Mapped[str] = mapped_column(ID)
    label: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: {field: [before, after]} as JSON-safe values
    changes: Mapped[dict[str, list[Any]]] = mapped_column(JSON)
    tx_seq: Mapped[int] = mapped_column(Integer, index=True)


SYNCED_MODELS: tuple[type[SyncedMixin], ...] = (
    OrgUnit,
    Station,
    User,
    Person,
    ActivityType,
    Activity,
    ActivityInvitee,
    CheckIn,
    Attachment,
    Visit,
    VolunteerProject,
    ServiceRecord,
    PointsRule,
    MonthClose,
)
