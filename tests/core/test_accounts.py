"""Accounts: signing in, lockout, roles and what each may do, passwords, the last administrator."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import sys

import pytest

from cadre_desk import cli
from cadre_desk.core.app import Actor, App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import AuditEntry, UserCredential
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.services import accounts, people, setup
from cadre_desk.core.services.reminders import ReminderSettings, set_reminder_settings

NOW = dt.datetime(2026, 11, 23, 9, 0)


def _admin(app: App) -> Actor:
    admin = setup.first_admin(app)
    assert admin is not None and admin.role == "admin"
    app.actor = admin
    return admin


def test_the_right_password_signs_in_and_names_are_not_case_sensitive(app: App) -> None:
    actor = accounts.sign_in(app, " ADMIN ", "secret123", now=NOW)
    assert actor.role == "admin" and actor.user_id is not None
    assert accounts.sign_in_names(app) == [("admin", "admin")]


def test_wrong_password_and_unknown_name_get_the_same_message(app: App) -> None:
    with pytest.raises(accounts.SignInError) as wrong:
        accounts.sign_in(app, "admin", "nope-nope", now=NOW)
    with pytest.raises(accounts.SignInError) as unknown:
        accounts.sign_in(app, "nobody", "nope-nope", now=NOW)
    assert wrong.value.message.startswith("用户名或密码不对")
    assert unknown.value.message == "用户名或密码不对，请重新输入。"


def test_five_wrong_passwords_lock_the_account_for_a_while(app: App) -> None:
    for _ in range(accounts.FAILURES_BEFORE_LOCK - 1):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in(app, "admin", "wrong-one", now=NOW)
    with pytest.raises(accounts.SignInError) as fifth:
        accounts.sign_in(app, "admin", "wrong-one", now=NOW)
    assert fifth.value.locked_for == dt.timedelta(minutes=1)
    assert "锁定" in fifth.value.message
    # while locked even the right password is refused, and says how long to wait
    with pytest.raises(accounts.SignInError) as locked:
        accounts.sign_in(app, "admin", "secret123", now=NOW + dt.timedelta(seconds=20))
    assert "40 秒" in locked.value.message
    # after the wait the right password works and clears the count
    assert accounts.sign_in(app, "admin", "secret123", now=NOW + dt.timedelta(minutes=1, seconds=1)).role == "admin"
    with app.read() as s:
        cred = s.get(UserCredential, setup.first_admin(app).user_id)  # type: ignore[union-attr]
        assert cred is not None and cred.failed_attempts == 0 and cred.locked_until is None


def test_each_further_failure_doubles_the_lock_up_to_half_an_hour() -> None:
    assert accounts.lock_duration(4) is None
    assert [accounts.lock_duration(n) for n in (5, 6, 7)] == [dt.timedelta(minutes=m) for m in (1, 2, 4)]
    assert accounts.lock_duration(40) == dt.timedelta(minutes=30)


def test_roles_decide_what_a_user_may_change(app: App) -> None:
    _admin(app)
    op_id = accounts.add_user(app, "zhang", "张丽", "operator", "op-pass-1")
    ro_id = accounts.add_user(app, "wang", "王强", "readonly", "ro-pass-1")
    operator = accounts.sign_in(app, "zhang", "op-pass-1")
    readonly = accounts.sign_in(app, "wang", "ro-pass-1")
    assert (operator.user_id, readonly.user_id) == (op_id, ro_id)

    app.actor = operator
    person_id = people.create_person(app, {"name": "李建国", "category": "退休"})
    with pytest.raises(PermissionDenied, match="没有权限修改设置"):
        set_reminder_settings(app, ReminderSettings(care_visit_days=20))
    with pytest.raises(PermissionDenied, match="没有权限管理用户"):
        accounts.add_user(app, "li", "李", "operator", "whatever1")

    app.actor = readonly
    with pytest.raises(PermissionDenied, match="王强（只读）没有权限修改台账记录"):
        people.update_person(app, person_id, {"name": "李建军"})
    with app.read() as s:
        entry = s.query(AuditEntry).filter(AuditEntry.entity_id == person_id).one()
        assert entry.user_name == "张丽"  # every change names who made it


def test_the_last_administrator_cannot_be_demoted_or_stopped(app: App) -> None:
    admin = _admin(app)
    assert admin.user_id is not None
    with pytest.raises(DomainError, match="唯一的管理员"):
        accounts.update_user(app, admin.user_id, display_name="管理员", role="operator", active=True)
    second = accounts.add_user(app, "admin2", "第二管理员", "admin", "second-pass")
    accounts.update_user(app, admin.user_id, display_name="管理员", role="operator", active=True)
    app.actor = accounts.sign_in(app, "admin2", "second-pass")
    with pytest.raises(DomainError, match="不能停用自己"):
        accounts.update_user(app, second, display_name="第二管理员", role="admin", active=False)


def test_a_stopped_account_cannot_sign_in(app: App) -> None:
    _admin(app)
    uid = accounts.add_user(app, "zhao", "赵", "operator", "zhao-pass")
    accounts.update_user(app, uid, display_name="赵", role="operator", active=False)
    with pytest.raises(accounts.SignInError, match="已停用"):
        accounts.sign_in(app, "zhao", "zhao-pass")
    assert ("zhao", "赵") not in accounts.sign_in_names(app)


def test_user_names_are_unique_and_passwords_long_enough(app: App) -> None:
    _admin(app)
    with pytest.raises(DomainError, match="已经有人用了"):
        accounts.add_user(app, "Admin", "", "operator", "long-enough")
    with pytest.raises(DomainError, match="至少需要 6 位"):
        accounts.add_user(app, "new", "", "operator", "short")


def test_admin_reset_unlocks_and_the_old_password_stops_working(app: App) -> None:
    _admin(app)
    uid = accounts.add_user(app, "sun", "孙", "operator", "first-pass")
    for _ in range(accounts.FAILURES_BEFORE_LOCK):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in(app, "sun", "bad-guess")
    accounts.reset_password(app, uid, "second-pass")
    assert accounts.sign_in(app, "sun", "second-pass").user_id == uid
    with pytest.raises(accounts.SignInError):
        accounts.sign_in(app, "sun", "first-pass")


def test_users_change_their_own_password_even_when_read_only(app: App) -> None:
    _admin(app)
    accounts.add_user(app, "qian", "钱", "readonly", "old-pass-1")
    app.actor = accounts.sign_in(app, "qian", "old-pass-1")
    with pytest.raises(DomainError, match="原密码不对"):
        accounts.change_password(app, "not-it", "new-pass-1")
    accounts.change_password(app, "old-pass-1", "new-pass-1")
    assert accounts.sign_in(app, "qian", "new-pass-1").role == "readonly"


def test_automatic_sign_in_is_chosen_by_an_administrator(app: App) -> None:
    admin = _admin(app)
    assert accounts.auto_sign_in(app) is None
    uid = accounts.add_user(app, "desk", "前台", "operator", "desk-pass")
    accounts.set_auto_sign_in(app, uid)
    assert accounts.auto_sign_in(app) == Actor(uid, "前台", "operator")
    assert [u.auto_sign_in for u in accounts.list_users(app)] == [False, True]
    # stopping the account ends its automatic sign-in
    accounts.update_user(app, uid, display_name="前台", role="operator", active=False)
    assert accounts.auto_sign_in(app) is None
    app.actor = Actor(uid, "前台", "operator")
    with pytest.raises(PermissionDenied):
        accounts.set_auto_sign_in(app, admin.user_id)


def test_no_password_or_hash_in_the_audit_trail(app: App) -> None:
    _admin(app)
    uid = accounts.add_user(app, "zhou", "周", "operator", "zhou-secret-1")
    accounts.reset_password(app, uid, "zhou-secret-2")
    with app.read() as s:
        hashes = [c.password_hash for c in s.query(UserCredential)]
    raw = sqlite3.connect(app.layout.db).execute("select group_concat(changes, '|') from audit_log").fetchone()[0]
    assert "zhou-secret" not in raw
    assert not any(h and h in raw for h in hashes)
    assert "$argon2id$" not in raw


def test_recovery_from_the_command_line_resets_a_forgotten_admin_password(
    app: App, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = app.layout.root
    for _ in range(accounts.FAILURES_BEFORE_LOCK):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in(app, "admin", "forgotten")
    app.close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("recovered-1\n"))
    assert cli.main(["--data-dir", str(data_dir), "users", "reset-password", "admin", "--password-stdin"]) == 0
    assert "已重设“admin”的密码" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("operator-1\n"))
    assert (
        cli.main(
            [
                "--data-dir",
                str(data_dir),
                "users",
                "add",
                "li",
                "--name",
                "李",
                "--role",
                "operator",
                "--password-stdin",
            ]
        )
        == 0
    )
    assert cli.main(["--data-dir", str(data_dir), "users", "list"]) == 0
    listing = capsys.readouterr().out
    assert "admin\tadmin\t管理员\t正常" in listing and "li\t李\t操作员\t正常" in listing
    with App.open(data_dir) as reopened:
        assert accounts.sign_in(reopened, "admin", "recovered-1").role == "admin"
    assert cli.main(["--data-dir", str(data_dir), "users", "reset-password", "ghost", "--password-stdin"]) == 1
