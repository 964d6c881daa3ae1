"""The log file: rotating, in the data dir, and never holding an ID number, a phone or a password."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from cadre_desk.core import logs
from cadre_desk.core.paths import DataLayout

ID_NUMBER = "37020219520608123X"
MOBILE = "13812345678"
LANDLINE = "0532-85851234"
PASSWORD = "hunter2-secret"


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[logging.Logger, Path]]:
    """The app's logger writing to a data dir's log file (the test run's handlers put back after)."""
    root = logging.getLogger(logs.LOGGER)
    saved = (list(root.handlers), root.level, root.propagate)
    path = logs.setup_logging(DataLayout(tmp_path))
    assert path == tmp_path / "logs" / "cadre_desk.log"
    yield logging.getLogger("cadre_desk.core.services.people"), path
    for handler in root.handlers:
        handler.close()
    root.handlers[:], root.level, root.propagate = saved


def test_the_log_file_rotates_at_a_sensible_size(logged) -> None:
    handler = logging.getLogger(logs.LOGGER).handlers[0]
    assert isinstance(handler, RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)


def test_personal_data_and_passwords_never_reach_the_file(logged) -> None:
    log, path = logged
    log.info("saved person with ID %s, mobile %s, home %s", ID_NUMBER, MOBILE, LANDLINE)
    log.warning("login attempt: password=%s", PASSWORD)
    log.warning("用户密码：%s 已更新", PASSWORD)
    log.info("hash %s", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g")
    try:
        raise ValueError(f"bad ID number {ID_NUMBER.lower()} for 138 1234 5678")
    except ValueError:
        log.exception("import failed at row %d", 12)
    log.info("synced %d records of person %s", 300, "01a20a50-0fd6-7480-b255-4e5d99ea58c1")
    text = path.read_text(encoding="utf-8")
    for secret in (ID_NUMBER, ID_NUMBER.lower(), MOBILE, "138 1234 5678", LANDLINE, "85851234", PASSWORD, "$argon2"):
        assert secret not in text
    assert text.count(logs.ID_MARK) == 2 and text.count(logs.PHONE_MARK) == 4
    assert "Traceback" in text and "import failed at row 12" in text  # the rest stays useful
    assert "synced 300 records of person 01a20a50-0fd6-7480-b255-4e5d99ea58c1" in text


def test_uncaught_exceptions_are_logged(logged, monkeypatch: pytest.MonkeyPatch) -> None:
    _log, path = logged
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: seen.append(str(value)))
    monkeypatch.setattr(threading, "excepthook", lambda args: seen.append(str(args.exc_value)))
    logs.install_excepthook()
    logs.install_excepthook()  # a second time changes nothing: each error is logged once
    try:
        raise RuntimeError(f"boom for {MOBILE}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

    def fail() -> None:
        raise KeyError("worker went wrong")

    worker = threading.Thread(target=fail, name="photo-worker")
    worker.start()
    worker.join()
    text = path.read_text(encoding="utf-8")
    assert text.count("uncaught exception in the main thread") == 1 and "RuntimeError: boom for [电话]" in text
    assert "uncaught exception in photo-worker" in text and "worker went wrong" in text
    assert seen == [f"boom for {MOBILE}", "'worker went wrong'"]  # Python still reports them as usual


def test_redaction_leaves_ordinary_numbers_alone() -> None:
    text = "copied 1234567 bytes in 2026-11-23 10:15:00,123; hlc 01a20a50668a0000101b90a0; 20000 people"
    assert logs.redact(text) == text
    assert logs.redact(f"ID {ID_NUMBER}; tel +86 {MOBILE}; (0532)85851234-12") == "ID [身份证号]; tel [电话]; [电话]"
