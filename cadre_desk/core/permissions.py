"""Who may do what: the three roles of a station's users and what each is allowed.

The core enforces these (every write transaction needs :data:`RECORDS` unless the service
asks for something else), and the interface hides what the signed-in user may not use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import DomainError
from .vocab import ROLES

if TYPE_CHECKING:
    from .app import Actor

#: add, change and delete the books' records: people, activities, sign-ins, visits,
#: service records, photos; import rosters
RECORDS = "records"
#: send and receive sync bundles
SYNC = "sync"
#: see ID numbers, phone numbers and health notes in full
SENSITIVE = "sensitive"
#: print ledgers and export rosters with full ID numbers and phone numbers
FULL_EXPORT = "full_export"
#: the station's settings and reference lists (activity types, points scheme, reminders,
#: stations at a district)
SETTINGS = "settings"
#: add users, change roles, reset passwords, automatic sign-in
USERS = "users"
#: read the audit trail
AUDIT = "audit"
#: make a backup (now, or to a chosen folder)
BACKUP = "backup"
#: replace the books with a backup
RESTORE = "restore"
#: close a month (月结归档) and correct the records of a closed month
MONTH_CLOSE = "month_close"

ALL = frozenset({RECORDS, SYNC, SENSITIVE, FULL_EXPORT, SETTINGS, USERS, AUDIT, BACKUP, RESTORE, MONTH_CLOSE})

#: what each role may do; "system" is the app itself and the command line (which needs
#: access to the data folder, and so has it all)
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": ALL,
    "operator": frozenset({RECORDS, SYNC, SENSITIVE, BACKUP}),
    "readonly": frozenset(),
    "system": ALL,
}

PERMISSION_NAMES = {
    RECORDS: "修改台账记录",
    SYNC: "收发同步数据",
    SENSITIVE: "查看身份证号、电话和健康情况",
    FULL_EXPORT: "导出完整的身份证号和电话",
    SETTINGS: "修改设置",
    USERS: "管理用户",
    AUDIT: "查看操作记录",
    BACKUP: "备份数据",
    RESTORE: "从备份恢复数据",
    MONTH_CLOSE: "月结归档，或更正已归档月份的记录",
}


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow this."""


def role_name(role: str) -> str:
    """The role as the user knows it (管理员, 操作员, 只读)."""
    return ROLES.get(role, "系统" if role == "system" else role)


def can(actor: Actor, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


def require(actor: Actor, permission: str) -> None:
    """Raise :class:`PermissionDenied` (with a message for the user) unless the actor may."""
    if not can(actor, permission):
        raise PermissionDenied(
            f"{actor.name}（{role_name(actor.role)}）没有权限{PERMISSION_NAMES[permission]}。"
            "如需要，请让管理员登录后操作。"
        )
