"""A second instance on the same data dir is refused with a clear message and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from cadre_desk.core.errors import DataDirError
from cadre_desk.core.instance import InstanceLock
from cadre_desk.ui.app import run_gui

HOLD = (
    "import sys; from pathlib import Path; from cadre_desk.core.instance import InstanceLock; "
    "lock = InstanceLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True); sys.stdin.read()"
)


@pytest.fixture
def held_by_another_process(tmp_path: Path):
    data = tmp_path / "d"
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(data / "cadre_desk.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    yield data
    proc.stdin.close()
    proc.wait(timeout=30)


def test_second_window_is_refused_and_opens_nothing(qapp, held_by_another_process: Path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    assert run_gui(held_by_another_process) == 1
    assert len(shown) == 1 and "已经在另一个程序窗口中打开" in shown[0] and "未做任何改动" in shown[0]
    assert not (held_by_another_process / "cadre_desk.db").exists()


def test_writing_command_is_refused_while_a_window_is_open(held_by_another_process: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cadre_desk",
            "--data-dir",
            str(held_by_another_process),
            "demo",
            "--members",
            "5",
            "--months",
            "1",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 1
    assert "已经在另一个程序窗口中打开" in result.stderr and "Traceback" not in result.stderr
    assert not (held_by_another_process / "cadre_desk.db").exists()


def test_lock_is_free_again_after_the_holder_ends(tmp_path: Path) -> None:
    path = tmp_path / "cadre_desk.lock"
    with InstanceLock(path), pytest.raises(DataDirError):
        InstanceLock(path).acquire()
    with InstanceLock(path):
        pass  # released: a new holder gets it


def test_exit_when_ready_opens_the_window_and_exits_zero(tmp_path: Path) -> None:
    data = tmp_path / "d"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    base = [sys.executable, "-m", "cadre_desk", "--data-dir", str(data)]
    assert (
        subprocess.run([*base, "demo", "--members", "20", "--months", "1"], env=env, capture_output=True).returncode
        == 0
    )
    result = subprocess.run([*base, "--exit-when-ready"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with InstanceLock(data / "cadre_desk.lock"):
        pass  # the window released its lock on exit
