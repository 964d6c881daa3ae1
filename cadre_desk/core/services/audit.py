"""The audit trail (操作记录): who changed what and when, with the values before and after.

Every write transaction leaves one :class:`~cadre_desk.core.models.AuditEntry` per changed
row (see :class:`~cadre_desk.core.app.Tx`); entries travel with sync bundles and are never
changed afterwards (the database refuses it, see migration 0005).  This module only reads
them, for administrators (:data:`~cadre_desk.core.permissions.AUDIT`): search by person,
by record, by user and by date, newest first, a page at a time, with field names and
values as a person reads them (Chinese field names, vocabulary labels, names of the
related records instead of their ids).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select
from sqlalchemy.orm import Session

from .. import textindex
from ..app import App
from ..closing import CORRECTION_KEY, correction_months, month_label
from ..models import (
    Activity,
    ActivityInvitee,
    ActivityType,
    Attachment,
    AuditEntry,
    CheckIn,
    OrgUnit,
    Person,
    ServiceRecord,
    Station,
    User,
    Visit,
    VolunteerProject,
)
from ..permissions import AUDIT, SENSITIVE, can, require
from ..validators import mask_address, mask_id_number, mask_phone
from ..vocab import (
    ACTIVITY_CLASSES,
    CATEGORIES,
    CHECKIN_METHODS,
    CHECKIN_STATUSES,
    INSTALL_KINDS,
    ORG_LEVELS,
    PERSON_STATUSES,
    POINTS_KINDS,
    REPORT_STATUSES,
    ROLES,
    SEX,
    VISIT_REASONS,
)
from .activities import ACTIVITY_FIELDS, PersonBrief, PlannedRule
from .care import PROJECT_FIELDS, SERVICE_FIELDS, VISIT_FIELDS
from .people import PERSON_FIELDS
from .reminders import SETTING_LIMITS

#: the user filter's value for changes the app itself made (demo data, imports from the
#: command line, records that arrived by sync without a user)
SYSTEM_USER = "__system__"
PAGE_SIZE = 200
SUMMARY_LENGTH = 120

#: what each action is called
ACTIONS: dict[str, str] = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "restore": "恢复",
    "purge": "彻底删除",
    "enrol": "加入区老干部局",
    "password_change": "修改密码",
    "password_reset": "重置密码",
    "sign_in": "登录",
    "sign_out": "退出登录",
    "backup": "备份",
    "restore_backup": "从备份恢复",
}

#: what a change to a record of a closed month (月结归档) is called, by its action
CORRECTION_ACTIONS: dict[str, str] = {"create": "补录", "update": "更正", "delete": "更正·删除", "restore": "更正·恢复"}

#: what each kind of record is called (the table names of the books)
KINDS: dict[str, str] = {
    "people": "人员",
    "activities": "活动",
    "check_ins": "签到",
    "activity_invitees": "应到人员",
    "visits": "走访",
    "service_records": "志愿服务",
    "volunteer_projects": "志愿服务项目",
    "attachments": "照片",
    "activity_types": "活动类型",
    "points_rules": "积分规则",
    "users": "用户",
    "stations": "驿站",
    "org_units": "组织单位",
    "settings": "设置",
    "media_files": "照片文件",
    "month_closes": "月结归档",
}

_FIELDS: dict[str, Mapping[str, str]] = {
    "people": {**PERSON_FIELDS, "station_id": "所属驿站"},
    "activities": {**ACTIVITY_FIELDS, "station_id": "所属驿站"},
    "visits": {**VISIT_FIELDS, "station_id": "所属驿站"},
    "volunteer_projects": {**PROJECT_FIELDS, "station_id": "所属驿站", "active": "在用"},
    "service_records": {**SERVICE_FIELDS, "station_id": "所属驿站"},
    "check_ins": {
        "activity_id": "活动",
        "person_id": "人员",
        "walk_in_name": "来访者姓名",
        "status": "签到状态",
        "signed_at": "签到时间",
        "method": "签到方式",
        "signature_sha256": "手写签名",
        "proxy_name": "代签人",
        "leave_reason": "请假原因",
    },
    "activity_invitees": {"activity_id": "活动", "person_id": "人员"},
    "attachments": {
        "owner_type": "所属记录类型",
        "owner_id": "所属记录",
        "sha256": "照片文件",
        "kind": "类型",
        "caption": "说明",
        "sort_order": "顺序",
        "is_cover": "封面",
        "taken_at": "拍摄时间",
        "original_name": "原文件名",
    },
    "activity_types": {"name": "名称", "sort_order": "顺序", "active": "在用"},
    "points_rules": {"kind": "积分方式", "target": "对象", "points": "积分"},
    "users": {
        "station_id": "所属驿站",
        "username": "用户名",
        "display_name": "姓名",
        "role": "角色",
        "phone": "电话",
        "active": "启用",
    },
    "stations": {
        "org_unit_id": "所属组织",
        "kind": "类型",
        "name": "名称",
        "address": "地址",
        "contact_person": "联系人",
        "contact_phone": "联系电话",
        "public_key": "签名公钥",
        "status": "状态",
        "district": "区老干部局",
    },
    "org_units": {"parent_id": "上级", "level": "层级", "name": "名称", "code": "代码"},
    "settings": {**{k: v[2] for k, v in SETTING_LIMITS.items()}, "user": "自动登录的用户"},
    "media_files": {"size": "文件大小（字节）"},
    "month_closes": {
        "station_id": "驿站",
        "month": "月份",
        "pdf_sha256": "归档 PDF 的 SHA-256",
        "pdf_size": "PDF 大小（字节）",
        "pages": "页数",
        "xlsx_sha256": "归档 Excel 的 SHA-256",
        "xlsx_size": "Excel 大小（字节）",
        "full_data": "含完整个人信息",
        "closed_by_id": "归档人编号",
        "closed_by": "归档人",
        "closed_at": "归档时间",
        "note": "说明",
        "supersedes": "取代的归档",
    },
}
_COMMON_FIELDS = {"deleted": "记录状态"}

_CODES: dict[tuple[str, str], Mapping[str, str]] = {
    ("people", "sex"): SEX,
    ("people", "category"): CATEGORIES,
    ("people", "activity_class"): ACTIVITY_CLASSES,
    ("people", "report_status"): REPORT_STATUSES,
    ("people", "status"): PERSON_STATUSES,
    ("check_ins", "status"): CHECKIN_STATUSES,
    ("check_ins", "method"): CHECKIN_METHODS,
    ("visits", "reason"): VISIT_REASONS,
    ("users", "role"): ROLES,
    ("org_units", "level"): ORG_LEVELS,
    ("stations", "kind"): INSTALL_KINDS,
    ("stations", "status"): {"active": "正常", "pending": "待加入", "revoked": "已停用"},
    ("points_rules", "kind"): POINTS_KINDS,
    ("attachments", "owner_type"): {"activity": "活动", "visit": "走访", "person": "人员"},
    ("attachments", "kind"): {"photo": "照片", "scan": "扫描件", "signin_sheet": "签到表"},
}

#: fields that hold the id of another record: field -> its table
_REFERENCES: dict[str, str] = {
    "person_id": "people",
    "activity_id": "activities",
    "type_id": "activity_types",
    "project_id": "volunteer_projects",
    "station_id": "stations",
    "org_unit_id": "org_units",
    "parent_id": "org_units",
}
#: how a record of each table is named when another refers to it
_NAME_COLUMNS: dict[str, Any] = {
    "people": Person.name,
    "activities": Activity.title,
    "activity_types": ActivityType.name,
    "volunteer_projects": VolunteerProject.name,
    "stations": Station.name,
    "org_units": OrgUnit.name,
    "users": User.display_name,
    "visits": Visit.household,
}
_OWNER_TABLES = {"activity": "activities", "visit": "visits", "person": "people"}
_MEDIA_FIELDS = frozenset({"sha256", "photo_sha256", "signature_sha256"})
_AMOUNT_UNITS = {("visits", "money"): "元", ("service_records", "hours"): "小时"}
_SENSITIVE_MASKS = {
    "id_number": mask_id_number,
    "phone_mobile": mask_phone,
    "phone_home": mask_phone,
    "emergency_phone": mask_phone,
    "address": mask_address,
}
_HIDDEN_WORDS = ("password", "secret", "hash", "private", "密码")
EMPTY = "（空）"
_RECORD_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


# -- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry: its name, and the values before and after, as shown."""

    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    """One audit entry, ready to show."""

    id: str
    at: dt.datetime
    user_id: str | None
    user: str
    action: str
    action_label: str
    entity: str
    kind_label: str
    entity_id: str
    label: str  # the record's name (worked out from the related records when the entry has none)
    summary: str  # what changed, in one line
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int | None  # None when the count was not asked for
    offset: int
    limit: int


@dataclass(frozen=True)
class AuditUser:
    """A choice of the user filter: ``user_id`` is :data:`SYSTEM_USER` for the app itself."""

    user_id: str
    name: str


@dataclass(frozen=True)
class AuditFilter:
    """What the trail shows; empty fields do not narrow it."""

    person_id: str | None = None
    text: str = ""
    user_id: str | None = None
    entity: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


# -- searching -----------------------------------------------------------------------------


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _person_condition(person_id: str) -> ColumnElement[bool]:
    """Entries about the person's record and about the records that belong to the person."""
    e = AuditEntry
    own_visits = select(Visit.id).where(Visit.person_id == person_id)
    attached = select(Attachment.id).where(
        or_(
            and_(Attachment.owner_type == "person", Attachment.owner_id == person_id),
            and_(Attachment.owner_type == "visit", Attachment.owner_id.in_(own_visits)),
        )
    )
    belongs = {
        "check_ins": select(CheckIn.id).where(CheckIn.person_id == person_id),
        "visits": own_visits,
        "service_records": select(ServiceRecord.id).where(ServiceRecord.person_id == person_id),
        "activity_invitees": select(ActivityInvitee.id).where(ActivityInvitee.person_id == person_id),
        "attachments": attached,
    }
    return or_(
        and_(e.entity == "people", e.entity_id == person_id),
        *(and_(e.entity == table, e.entity_id.in_(ids)) for table, ids in belongs.items()),
    )


def _conditions(f: AuditFilter) -> list[ColumnElement[bool]]:
    e = AuditEntry
    where: list[ColumnElement[bool]] = []
    if f.person_id:
        where.append(_person_condition(f.person_id))
    text = f.text.strip()
    if _RECORD_ID.fullmatch(text):  # a record's id (from 记录编号): straight to its entries
        where.append(e.entity_id == text.lower())
    elif text:
        where.append(or_(e.label.like(_like(text), escape="\\"), e.entity_id == text.lower()))
    if f.user_id == SYSTEM_USER:
        where.append(e.user_id.is_(None))
    elif f.user_id:
        where.append(e.user_id == f.user_id)
    if f.entity:
        where.append(e.entity == f.entity)
    if f.date_from:
        where.append(e.at >= dt.datetime.combine(f.date_from, dt.time()))
    if f.date_to:
        where.append(e.at < dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time()))
    return where


def count_audit(app: App, f: AuditFilter | None = None) -> int:
    """How many entries match."""
    require(app.actor, AUDIT)
    with app.read() as s:
        return _count(s, f or AuditFilter())


def _count(s: Session, f: AuditFilter) -> int:
    return int(s.scalar(select(func.count()).select_from(AuditEntry).where(*_conditions(f))) or 0)


def search_audit(
    app: App,
    *,
    person_id: str | None = None,
    text: str = "",
    user_id: str | None = None,
    entity: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
    count: bool = True,
) -> AuditPage:
    """The entries that match every filter given, newest first, ``limit`` from ``offset``.

    ``person_id``: the entries about that person's record and about the records that
    belong to them (sign-ins, visits, service records, being invited, photos);
    ``text``: part of the record's name, or a record's id; ``user_id``: one user's changes
    (:data:`SYSTEM_USER` for the app's own); ``entity``: one kind of record (a key of
    :data:`KINDS`); ``date_from`` / ``date_to``: days, both included.  ``count=False``
    leaves the total out (the next page of a list already counted).
    """
    f = AuditFilter(person_id, text, user_id, entity, date_from, date_to)
    return search(app, f, limit=limit, offset=offset, count=count)


def search(app: App, f: AuditFilter, *, limit: int = PAGE_SIZE, offset: int = 0, count: bool = True) -> AuditPage:
    """:func:`search_audit` with the filters in one value."""
    require(app.actor, AUDIT)
    e = AuditEntry
    stmt = (
        select(e.id, e.at, e.user_id, e.user_name, e.action, e.entity, e.entity_id, e.label, e.changes)
        .where(*_conditions(f))
        .order_by(e.at.desc(), literal_column("audit_log.rowid").desc())
        .limit(max(0, limit))
        .offset(max(0, offset))
    )
    with app.read() as s:
        raw = list(s.execute(stmt))
        total = _count(s, f) if count else None
        rows = _present(s, raw, full=can(app.actor, SENSITIVE))
    return AuditPage(rows, total, offset, limit)


def get_entry(app: App, entry_id: str) -> AuditRow | None:
    """One entry, as :func:`search_audit` shows it (None if there is none with this id)."""
    require(app.actor, AUDIT)
    e = AuditEntry
    stmt = select(e.id, e.at, e.user_id, e.user_name, e.action, e.entity, e.entity_id, e.label, e.changes).where(
        e.id == entry_id
    )
    with app.read() as s:
        raw = list(s.execute(stmt))
        rows = _present(s, raw, full=can(app.actor, SENSITIVE))
    return rows[0] if rows else None


def audit_users(app: App) -> list[AuditUser]:
    """The choices of the user filter: every user (by name), then the app itself."""
    require(app.actor, AUDIT)
    with app.read() as s:
        users = list(s.execute(select(User.id, User.display_name, User.username, User.deleted)))
    users.sort(key=lambda u: (bool(u.deleted), u.display_name or u.username))
    names = [u.display_name or u.username for u in users]
    out = []
    for u, name in zip(users, names, strict=True):
        if names.count(name) > 1 or (u.display_name and u.display_name != u.username):
            name = f"{name}（{u.username}）"
        out.append(AuditUser(u.id, name + ("（已删除）" if u.deleted else "")))
    out.append(AuditUser(SYSTEM_USER, "系统"))
    return out


def find_people(app: App, text: str, *, limit: int = 30) -> list[PersonBrief]:
    """Everyone whose name, pinyin, initials, ID number or phone contains ``text`` — those who
    died, moved away or were deleted too (their changes are in the trail as well), people in
    the roster first."""
    from .roster import search_key

    require(app.actor, AUDIT)
    key = search_key(text)
    stmt = select(
        Person.id, Person.name, Person.category, Person.party_branch, Person.id_number, Person.status, Person.deleted
    )
    if key:
        stmt = stmt.where(textindex.person_has_text(key))
    stmt = stmt.order_by(Person.deleted, Person.status != "active", Person.name_pinyin, Person.id).limit(limit)
    with app.read() as s:
        rows = s.execute(stmt).all()
    out = []
    for pid, name, category, branch, id_number, status, deleted in rows:
        kind = CATEGORIES.get(category or "", "")
        state = "已删除" if deleted else ("" if status == "active" else PERSON_STATUSES.get(status, status))
        out.append(
            PersonBrief(pid, name, f"{kind}（{state}）" if state else kind, branch or "", (id_number or "")[-4:])
        )
    return out


def kind_choices() -> list[tuple[str, str]]:
    """(table, name) of the kinds of record the trail can be narrowed to."""
    return list(KINDS.items())


# -- presenting ----------------------------------------------------------------------------


def _parse_changes(raw: Any) -> dict[str, list[Any]]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, list[Any]] = {}
    for key, pair in raw.items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            out[str(key)] = list(pair)
        else:
            out[str(key)] = [None, pair]
    return out


class _Names:
    """Names of the records an entry refers to, fetched a table at a time for a whole page."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.wanted: dict[str, set[str]] = {}
        self.names: dict[tuple[str, str], str] = {}

    def want(self, table: str, record_id: Any) -> None:
        if isinstance(record_id, str) and record_id and table in _NAME_COLUMNS:
            self.wanted.setdefault(table, set()).add(record_id)

    def fetch(self) -> None:
        for table, ids in self.wanted.items():
            column = _NAME_COLUMNS[table]
            model = column.class_
            todo = [i for i in ids if (table, i) not in self.names]
            for i in range(0, len(todo), 500):
                for rid, name in self.s.execute(select(model.id, column).where(model.id.in_(todo[i : i + 500]))):
                    self.names[(table, rid)] = name or ""
        self.wanted.clear()

    def get(self, table: str, record_id: Any) -> str | None:
        return self.names.get((table, record_id)) if isinstance(record_id, str) else None


def _hidden(field: str) -> bool:
    low = field.lower()
    return any(word in low for word in _HIDDEN_WORDS) and field not in _MEDIA_FIELDS


def _format(entity: str, field: str, value: Any, names: _Names, *, full: bool, owner_type: Any = None) -> str:
    """A stored value as a person reads it ("" for nothing)."""
    if value is None or value == "":
        return ""
    if _hidden(field):
        return "（已隐藏）"
    if field == "deleted":
        return "已删除" if value else "有效"
    if field in _MEDIA_FIELDS:
        return "有" if value else ""
    if isinstance(value, bool):
        return "是" if value else "否"
    codes = _CODES.get((entity, field))
    if codes is not None and isinstance(value, str):
        return codes.get(value, value)
    table = _REFERENCES.get(field)
    if field == "owner_id" and entity == "attachments":
        table = _OWNER_TABLES.get(str(owner_type or ""))
    if entity == "points_rules" and field == "target" and owner_type == "activity_type":
        table = "activity_types"
    if table is not None and isinstance(value, str):
        name = names.get(table, value)
        return name if name else f"（编号 {value[-8:]}）"
    if entity == "activities" and field == "planned_rule" and isinstance(value, dict):
        return PlannedRule.from_json(value).describe()
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    if not full and field in _SENSITIVE_MASKS and entity in ("people", "users", "stations"):
        return _SENSITIVE_MASKS[field](text)
    if not full and field == "health_notes":
        return "（已隐藏）"
    unit = _AMOUNT_UNITS.get((entity, field))
    if unit:
        return f"{text} {unit}"
    if field.endswith("_at") or field in ("signed_at", "taken_at"):
        return text.replace("T", " ")[:16]
    if field in ("start_time", "end_time") and len(text) >= 5:
        return text[:5]
    return text


def field_label(entity: str, field: str) -> str:
    """A field's name as the forms call it (the column name when the app has none)."""
    return _FIELDS.get(entity, {}).get(field) or _COMMON_FIELDS.get(field) or field


def _summary(action: str, changes: Sequence[FieldChange]) -> str:
    if action == "delete" and [c.field for c in changes] == ["deleted"]:
        return "删除了这条记录"
    if action == "restore" and [c.field for c in changes] == ["deleted"]:
        return "恢复了这条记录"
    if action == "create":
        parts = [f"{c.label}：{c.after}" for c in changes if c.after]
    else:
        parts = [f"{c.label}：{c.before or EMPTY} → {c.after or EMPTY}" for c in changes]
    text = "；".join(parts)
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _row_facts(s: Session, entity: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """What a derived label needs of rows that have no name of their own."""
    ids = list(ids)
    columns: dict[str, tuple[Any, ...]] = {
        "check_ins": (CheckIn.id, CheckIn.person_id, CheckIn.activity_id, CheckIn.walk_in_name),
        "activity_invitees": (ActivityInvitee.id, ActivityInvitee.person_id, ActivityInvitee.activity_id),
        "visits": (Visit.id, Visit.person_id, Visit.household, Visit.date),
        "service_records": (ServiceRecord.id, ServiceRecord.person_id, ServiceRecord.date),
        "attachments": (Attachment.id, Attachment.owner_type, Attachment.owner_id, Attachment.caption),
    }
    if entity not in columns or not ids:
        return {}
    cols = columns[entity]
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        for row in s.execute(select(*cols).where(cols[0].in_(ids[i : i + 500]))):
            out[row[0]] = dict(row._mapping)
    return out


def _derived_label(entity: str, facts: Mapping[str, Any], names: _Names) -> str:
    person = names.get("people", facts.get("person_id")) or ""
    if entity in ("check_ins", "activity_invitees"):
        who = person or str(facts.get("walk_in_name") or "")
        title = names.get("activities", facts.get("activity_id")) or ""
        return " · ".join(p for p in (who, title) if p)
    if entity == "visits":
        who = person or str(facts.get("household") or "")
        day = facts.get("date")
        return " · ".join(p for p in (who, str(day)[:10] if day else "") if p)
    if entity == "service_records":
        day = facts.get("date")
        return " · ".join(p for p in (person, str(day)[:10] if day else "") if p)
    if entity == "attachments":
        table = _OWNER_TABLES.get(str(facts.get("owner_type") or ""))
        owner = names.get(table, facts.get("owner_id")) if table else None
        return " · ".join(p for p in (str(facts.get("caption") or ""), owner or "") if p)
    return ""


def _present(s: Session, raw: Sequence[Any], *, full: bool) -> list[AuditRow]:
    names = _Names(s)
    parsed = [_parse_changes(r.changes) for r in raw]
    # rows without a name of their own: what they are about, from the changes or the row itself
    unnamed: dict[str, set[str]] = {}
    for r in raw:
        if not r.label and r.entity in ("check_ins", "activity_invitees", "visits", "service_records", "attachments"):
            unnamed.setdefault(r.entity, set()).add(r.entity_id)
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, ids in unnamed.items():
        for rid, values in _row_facts(s, entity, ids).items():
            facts[(entity, rid)] = values
    for r, changes in zip(raw, parsed, strict=True):
        owner_type = _owner_type(r.entity, changes, facts.get((r.entity, r.entity_id)))
        for field, pair in changes.items():
            table = _REFERENCES.get(field)
            if r.entity == "attachments" and field == "owner_id":
                table = _OWNER_TABLES.get(str(owner_type or ""))
            if r.entity == "points_rules" and field == "target" and owner_type == "activity_type":
                table = "activity_types"
            if table:
                for value in pair:
                    names.want(table, value)
    for (entity, _rid), values in facts.items():
        names.want("people", values.get("person_id"))
        names.want("activities", values.get("activity_id"))
        if entity == "attachments":
            table = _OWNER_TABLES.get(str(values.get("owner_type") or ""))
            if table:
                names.want(table, values.get("owner_id"))
    names.fetch()

    out = []
    for r, changes in zip(raw, parsed, strict=True):
        corrects = correction_months(changes)  # a change to a closed month (月结归档)
        changes.pop(CORRECTION_KEY, None)
        row_facts = facts.get((r.entity, r.entity_id))
        owner_type = _owner_type(r.entity, changes, row_facts)
        order = {name: i for i, name in enumerate(_FIELDS.get(r.entity, {}))}  # as the forms list them
        shown = tuple(
            FieldChange(
                field,
                field_label(r.entity, field),
                _format(r.entity, field, pair[0], names, full=full, owner_type=owner_type),
                _format(r.entity, field, pair[1], names, full=full, owner_type=owner_type),
            )
            for field, pair in sorted(changes.items(), key=lambda item: order.get(item[0], len(order)))
        )
        label = r.label or (_derived_label(r.entity, row_facts, names) if row_facts else "")
        out.append(
            AuditRow(
                id=r.id,
                at=r.at,
                user_id=r.user_id,
                user=r.user_name or "",
                action=r.action,
                action_label=(
                    CORRECTION_ACTIONS.get(r.action, "更正") if corrects else ACTIONS.get(r.action, r.action)
                ),
                entity=r.entity,
                kind_label=KINDS.get(r.entity, r.entity),
                entity_id=r.entity_id,
                label=label,
                summary=(
                    "（" + "、".join(month_label(m) for m in corrects) + "已归档）" if corrects else ""
                )
                + _summary(r.action, shown),
                changes=shown,
            )
        )
    return out


def _owner_type(entity: str, changes: Mapping[str, list[Any]], facts: Mapping[str, Any] | None) -> Any:
    """What an attachment belongs to, or what a points rule is for (from the entry or the row)."""
    key = {"attachments": "owner_type", "points_rules": "kind"}.get(entity)
    if key is None:
        return None
    if key in changes:
        return changes[key][1] or changes[key][0]
    return (facts or {}).get(key)
