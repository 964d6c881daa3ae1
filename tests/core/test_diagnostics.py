"""Diagnostics for support: the ZIP holds logs, versions and counts — and no secret or personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from cadre_desk.core import diagnostics, logs, migrate
from cadre_desk.core.app import App
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import Meta, UserCredential
from cadre_desk.core.paths import DataLayout
from cadre_desk.core.services import people, setup
from cadre_desk.core.sync import keys
from cadre_desk.core.validators import gb11643_check_digit

ID_NUMBER = "37020219520608123" + gb11643_check_digit("37020219520608123")
MOBILE = "13987654321"
ADMIN_PASSWORD = "secret123"  # the station template's administrator (tests/conftest.py)
HEALTH = "糖尿病，每周透析两次"
ENCRYPTION_KEY = "c3VwZXItc2VjcmV0LWVuY3J5cHRpb24ta2V5LTEyMzQ="


@pytest.fixture
def station(app: App) -> Iterator[App]:
    """A station with a person, a signing key, settings with a key in them, and logs old and new."""
    app.actor = setup.first_admin(app) or app.actor
    people.create_person(
        app,
        {"name": "王建国", "category": "退休", "id_number": ID_NUMBER, "phone_mobile": MOBILE, "health_notes": HEALTH},
    )
    with app.transaction() as tx:
        keys.load_or_create(tx.session)
    (app.layout.root / "ui-settings.ini").write_text(
        f"[ui]\nlanguage=zh_CN\ntext_scale=150\n\n[sync]\nencryption_key={ENCRYPTION_KEY}\nenrol_secret=abc123secret\n",
        encoding="utf-8",
    )
    # a log file written before the redacting filter existed (or by hand)
    (app.layout.logs / "cadre_desk.log.1").write_text(
        f"2026-11-01 ERROR person {ID_NUMBER} phone {MOBILE} password {ADMIN_PASSWORD}\n", encoding="utf-8"
    )
    root = logging.getLogger(logs.LOGGER)
    saved = (list(root.handlers), root.level, root.propagate)
    logs.setup_logging(app.layout)
    logging.getLogger("cadre_desk.test").warning("imported %s with phone %s", ID_NUMBER, MOBILE)
    for handler in root.handlers:
        handler.close()
    root.handlers[:], root.level, root.propagate = saved
    yield app


def secrets_of(app: App) -> list[str]:
    with app.read() as s:
        signing_key = s.get(Meta, keys.META_KEY)
        hashes = list(s.scalars(select(UserCredential.password_hash)))
    assert signing_key is not None and hashes
    return [signing_key.value, *hashes, *(h.split("$")[-1] for h in hashes)]


def zip_text(path: Path) -> bytes:
    """The ZIP file's bytes followed by every member unpacked (what anyone could read from it)."""
    with zipfile.ZipFile(path) as z:
        return path.read_bytes() + b"".join(z.read(name) for name in z.namelist())


def test_the_zip_has_logs_versions_counts_and_the_check(station: App, tmp_path: Path) -> None:
    steps: list[float] = []
    out = diagnostics.export_diagnostics(station, tmp_path / "诊断", progress=lambda f, _m: steps.append(f))
    assert out == tmp_path / "诊断.zip" and out.exists()
    assert steps[0] == 0.0 and steps[-1] == 1.0 and steps == sorted(steps)
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        info = json.loads(z.read("diagnostics.json"))
        settings = z.read("settings/ui-settings.ini").decode()
        old_log = z.read("logs/cadre_desk.log.1").decode()
        new_log = z.read("logs/cadre_desk.log").decode()
    assert {"README.txt", "diagnostics.json", "logs/cadre_desk.log", "logs/cadre_desk.log.1"} <= names
    versions = info["versions"]
    assert versions["python"] == sys.version.split()[0]
    assert {"cadre_desk", "os", "sqlite", "SQLAlchemy", "reportlab", "openpyxl", "Pillow", "Qt"} <= set(versions)
    db = info["database"]
    assert db["schema_revision"] == info["schema_head"] == migrate.head_revision()
    assert db["tables"]["people"] == 1 and db["tables"]["audit_log"] > 0 and db["tables"]["user_credentials"] == 1
    assert {"audit_log_no_update", "audit_log_no_delete"} <= set(db["triggers"])
    assert db["meta"]["install_kind"] == "station" and "signing_key" not in db["meta"]
    assert info["disk"]["free"] > 0
    assert info["check"]["ok"] is True and "人员 1 人" in info["check"]["summary"]
    assert isinstance(info["backups"], list) and info["media"]["files"] >= 0
    assert "language=zh_CN" in settings and "text_scale=150" in settings
    assert "encryption_key=（已略去）" in settings and "enrol_secret" in settings and "abc123" not in settings
    assert "[身份证号]" in old_log and "[电话]" in old_log and "[已隐藏]" in old_log
    assert "imported [身份证号] with phone [电话]" in new_log


def test_no_key_password_hash_id_number_phone_or_health_note_in_the_zip(station: App, tmp_path: Path) -> None:
    out = diagnostics.export_diagnostics(station, tmp_path / "d.zip")
    blob = zip_text(out)
    for secret in [
        *secrets_of(station),
        ENCRYPTION_KEY,
        "abc123secret",
        ADMIN_PASSWORD,
        ID_NUMBER,
        MOBILE,
        HEALTH,
        "王建国",
    ]:
        assert secret.encode() not in blob, secret


def test_names_quoted_in_check_problems_are_left_out() -> None:
    assert diagnostics._clean("身份证号重复：“王建国”与“李四”") == "身份证号重复：“…”与“…”"


def test_a_cancelled_export_leaves_no_file(station: App, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        diagnostics.export_diagnostics(station, tmp_path / "d.zip", cancel=token)
    assert list(tmp_path.glob("d.zip*")) == []


def test_a_data_dir_that_cannot_be_opened_still_gives_diagnostics(tmp_path: Path) -> None:
    layout = DataLayout(tmp_path / "broken")
    layout.logs.mkdir(parents=True)
    (layout.logs / "cadre_desk.log").write_text("2026-11-01 ERROR something failed\n", encoding="utf-8")
    layout.db.write_bytes(b"this is not a database")
    out = diagnostics.export_diagnostics(layout, tmp_path / "d.zip")
    with zipfile.ZipFile(out) as z:
        info = json.loads(z.read("diagnostics.json"))
        assert "something failed" in z.read("logs/cadre_desk.log").decode()
    assert "error" in info["database"] and "error" in info["check"]


def test_the_command_writes_the_zip(station: App, tmp_path: Path) -> None:
    out = tmp_path / "support.zip"
    env = {k: v for k, v in os.environ.items() if k != "CADRE_DESK_DATA_DIR"} | {"QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "cadre_desk", "--data-dir", str(station.layout.root), "diagnostics", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout and "不含密钥" in done.stdout
    blob = zip_text(out)
    assert b"diagnostics.json" in blob and ID_NUMBER.encode() not in blob and MOBILE.encode() not in blob
