"""Accounts on this PC: signing in, lockout, users and roles, passwords.

A user's public data (name, role) is a synced :class:`User` row; the password hash and
the lockout state are in the local :class:`UserCredential` table, which is never synced,
exported or logged.  Only users with a credential on this PC can sign in here.

Repeated wrong passwords lock the account for a while (1 minute after 5 failures in a row,
doubling with each further failure up to 30 minutes); the right password resets the count.
A forgotten password is reset by an administrator, or, for the last administrator, with
``cadre-desk users reset-password NAME`` on the PC itself (see the README): whoever can run
that can already read the data folder.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..app import Actor, App
from ..errors import DomainError, NotFoundError
from ..models import Meta, User, UserCredential
from ..permissions import USERS, require, role_name
from ..security import MIN_PASSWORD_LENGTH, hash_password, verify_password
from ..validators import normalize_text
from ..vocab import ROLES
from .base import own_station_id

log = logging.getLogger(__name__)

FAILURES_BEFORE_LOCK = 5
FIRST_LOCK = dt.timedelta(minutes=1)
LONGEST_LOCK = dt.timedelta(minutes=30)
AUTO_SIGN_IN_KEY = "auto_sign_in_user"
MAX_USERNAME = 50


class SignInError(DomainError):
    """Wrong user name or password, a locked or stopped account."""

    def __init__(self, message: str, locked_for: dt.timedelta | None = None) -> None:
        super().__init__(message)
        self.locked_for = locked_for


@dataclass(frozen=True)
class UserInfo:
    id: str
    username: str
    display_name: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    auto_sign_in: bool

    @property
    def role_name(self) -> str:
        return role_name(self.role)


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.display_name or user.username, user.role)


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash to verify against for unknown names, so they take as long as known ones."""
    return hash_password("not a password of anyone")


def lock_duration(failures: int) -> dt.timedelta | None:
    """How long an account stays locked after this many failures in a row."""
    if failures < FAILURES_BEFORE_LOCK:
        return None
    return min(LONGEST_LOCK, FIRST_LOCK * 2 ** (failures - FAILURES_BEFORE_LOCK))


def describe_wait(delta: dt.timedelta) -> str:
    seconds = max(1, int(delta.total_seconds() + 0.999))
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{(seconds + 59) // 60} 分钟"


def _local_users(s: Session) -> list[tuple[User, UserCredential]]:
    rows = s.execute(
        select(User, UserCredential)
        .join(UserCredential, UserCredential.user_id == User.id)
        .where(User.deleted.is_(False))
        .order_by(User.hlc_created)
    )
    return [(u, c) for u, c in rows]


def _find_local(s: Session, username: str) -> tuple[User, UserCredential] | None:
    wanted = username.strip().casefold()
    for user, cred in _local_users(s):
        if user.username.casefold() == wanted:
            return user, cred
    return None


def sign_in_names(app: App) -> list[tuple[str, str]]:
    """(user name, display name) of everyone who can sign in on this PC, oldest first."""
    with app.read() as s:
        return [(u.username, u.display_name or u.username) for u, _ in _local_users(s) if u.active]


def sign_in(app: App, username: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """Check a user name and password; the signed-in user, or SignInError with the reason."""
    now = now or dt.datetime.now()
    with app.read() as s:
        found = _find_local(s, username)
    if found is None:
        verify_password(_decoy_hash(), password)
        raise SignInError("用户名或密码不对，请重新输入。")
    user, cred = found
    if cred.locked_until is not None and cred.locked_until > now:
        wait = cred.locked_until - now
        raise SignInError(f"密码连续输错次数太多，账号已暂时锁定，请 {describe_wait(wait)}后再试。", wait)
    ok = cred.password_hash is not None and verify_password(cred.password_hash, password)
    if ok and not user.active:
        raise SignInError("这个账号已停用。请联系管理员。")
    with app.transaction(needs=None) as tx:  # lockout bookkeeping only (a local table)
        row = tx.session.get(UserCredential, user.id)
        assert row is not None
        if ok:
            row.failed_attempts = 0
            row.locked_until = None
        else:
            row.failed_attempts += 1
            lock = lock_duration(row.failed_attempts)
            row.locked_until = now + lock if lock else None
        failures = row.failed_attempts
    if not ok:
        log.info("sign-in failed for user %s (%d in a row)", user.id, failures)
        lock = lock_duration(failures)
        if lock is not None:
            raise SignInError(f"密码连续输错 {failures} 次，账号已锁定 {describe_wait(lock)}。", lock)
        left = FAILURES_BEFORE_LOCK - failures
        raise SignInError(f"用户名或密码不对，请重新输入。再错 {left} 次账号将被暂时锁定。")
    log.info("user %s signed in", user.id)
    return actor_for(user)


def auto_sign_in(app: App) -> Actor | None:
    """The user this PC signs in automatically, if an administrator chose one (and they may)."""
    user_id = app.meta(AUTO_SIGN_IN_KEY)
    if not user_id:
        return None
    with app.read() as s:
        user = s.get(User, user_id)
        if user is None or user.deleted or not user.active or s.get(UserCredential, user_id) is None:
            return None
        return actor_for(user)


def set_auto_sign_in(app: App, user_id: str | None) -> None:
    """Sign this user in automatically at start (None: always ask)."""
    with app.transaction(needs=USERS) as tx:
        s = tx.session
        before = s.get(Meta, AUTO_SIGN_IN_KEY)
        old = before.value if before else None
        label = ""
        if user_id is not None:
            user = s.get(User, user_id)
            if user is None or user.deleted or s.get(UserCredential, user_id) is None:
                raise NotFoundError("找不到这个用户。")
            if not user.active:
                raise DomainError("已停用的账号不能设为自动登录。")
            label = user.display_name or user.username
            s.merge(Meta(key=AUTO_SIGN_IN_KEY, value=user_id))
        elif before is not None:
            s.delete(before)
        if old != user_id:
            tx.audit("update", "settings", AUTO_SIGN_IN_KEY, "自动登录", {"user": [old, label or None]})


def list_users(app: App) -> list[UserInfo]:
    """Everyone with an account on this PC."""
    auto = app.meta(AUTO_SIGN_IN_KEY)
    with app.read() as s:
        return [
            UserInfo(
                id=u.id,
                username=u.username,
                display_name=u.display_name,
                role=u.role,
                active=u.active,
                locked_until=c.locked_until,
                auto_sign_in=u.id == auto,
            )
            for u, c in _local_users(s)
        ]


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 位。")
    if password.strip() != password:
        raise DomainError("密码的开头和结尾不能是空格。")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise DomainError("请选择角色：管理员、操作员或只读。")


def add_user(app: App, username: str, display_name: str, role: str, password: str) -> str:
    """Add an account on this PC; its id."""
    require(app.actor, USERS)
    username = normalize_text(username)
    if not username:
        raise DomainError("请填写用户名。")
    if len(username) > MAX_USERNAME:
        raise DomainError(f"用户名最多 {MAX_USERNAME} 个字。")
    _check_role(role)
    check_password(password)
    password_hash = hash_password(password)  # slow on purpose: outside the transaction
    with app.transaction(needs=USERS) as tx:
        s = tx.session
        if _find_local(s, username) is not None:
            raise DomainError(f"用户名“{username}”已经有人用了，请换一个。")
        user = tx.add(
            User(
                station_id=own_station_id(s),
                username=username,
                display_name=normalize_text(display_name)[:50] or username,
                role=role,
            )
        )
        s.add(UserCredential(user_id=user.id, password_hash=password_hash, changed_at=tx.at))
        return user.id


def _active_admins(s: Session) -> set[str]:
    return {u.id for u, _ in _local_users(s) if u.active and u.role == "admin"}


def update_user(app: App, user_id: str, *, display_name: str, role: str, active: bool) -> None:
    """Change a user's name, role or whether they may sign in.  The last administrator stays one."""
    _check_role(role)
    with app.transaction(needs=USERS) as tx:
        s = tx.session
        user = s.get(User, user_id)
        if user is None or user.deleted or s.get(UserCredential, user_id) is None:
            raise NotFoundError("找不到这个用户。")
        if user_id == app.actor.user_id and not active:
            raise DomainError("不能停用自己正在使用的账号。")
        if _active_admins(s) == {user_id} and (role != "admin" or not active):
            raise DomainError("这是本机唯一的管理员，不能停用或改为其他角色。请先把另一个用户设为管理员。")
        tx.update(
            user, {"display_name": normalize_text(display_name)[:50] or user.username, "role": role, "active": active}
        )
        if not active and app.meta(AUTO_SIGN_IN_KEY) == user_id:
            row = s.get(Meta, AUTO_SIGN_IN_KEY)
            if row is not None:
                s.delete(row)


def _set_password(tx_session: Session, user_id: str, password_hash: str, at: dt.datetime) -> None:
    cred = tx_session.get(UserCredential, user_id)
    assert cred is not None
    cred.password_hash = password_hash
    cred.failed_attempts = 0
    cred.locked_until = None
    cred.changed_at = at


def reset_password(app: App, user_id: str, new_password: str) -> None:
    """An administrator (or the command line) sets a new password; this also unlocks the account."""
    require(app.actor, USERS)
    check_password(new_password)
    password_hash = hash_password(new_password)
    with app.transaction(needs=USERS) as tx:
        s = tx.session
        user = s.get(User, user_id)
        if user is None or user.deleted or s.get(UserCredential, user_id) is None:
            raise NotFoundError("找不到这个用户。")
        _set_password(s, user_id, password_hash, tx.at)
        tx.audit("password_reset", "users", user_id, user.username, {})


def change_password(app: App, old_password: str, new_password: str) -> None:
    """The signed-in user changes their own password."""
    user_id = app.actor.user_id
    if user_id is None:
        raise DomainError("请先登录。")
    with app.read() as s:
        cred = s.get(UserCredential, user_id)
        current = cred.password_hash if cred else None
    if current is None or not verify_password(current, old_password):
        raise DomainError("原密码不对。")
    check_password(new_password)
    if new_password == old_password:
        raise DomainError("新密码不能和原密码相同。")
    password_hash = hash_password(new_password)
    with app.transaction(needs=None) as tx:  # every user may change their own password
        user = tx.session.get(User, user_id)
        assert user is not None
        _set_password(tx.session, user_id, password_hash, tx.at)
        tx.audit("password_change", "users", user_id, user.username, {})


def find_user(app: App, username: str) -> UserInfo:
    """A local account by user name (for the command line)."""
    wanted = username.strip().casefold()
    for info in list_users(app):
        if info.username.casefold() == wanted:
            return info
    raise NotFoundError(f"本机没有用户名为“{username.strip()}”的账号。")
