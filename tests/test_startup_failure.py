"""A window that cannot start says why, in Chinese, with the log's path — never a silent exit.

The library cases hide a system library from one process only: a private mount namespace
(``unshare -m``, root) lays an overlay on the library folder and deletes the file there, or
binds an empty file over it — the machine itself is not changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cadre_desk.ui import startup

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _library(soname: str) -> Path:
    plugin = startup.xcb_plugin()
    assert plugin is not None, "PySide6's X11 platform plugin (libqxcb.so) is not installed"
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    found = re.search(rf"{re.escape(soname)} => (\S+)", out)
    assert found and found.group(1) != "not", (
        f"{soname} is needed by the window and missing here: apt-get install {' '.join(startup.DESKTOP_PACKAGES)}"
    )
    return Path(found.group(1)).resolve()


def _namespace_tools() -> None:
    assert os.geteuid() == 0 and shutil.which("unshare"), (
        "these tests hide a library in a private mount namespace: run them as root with unshare (util-linux)"
    )


def _window(tmp_path: Path, prepare: str = "") -> subprocess.CompletedProcess[str]:
    """Start the window program (X11, a display that does not exist) after the shell commands ``prepare``."""
    env = {**os.environ, "DISPLAY": ":93", "PYTHONPATH": str(ROOT)}
    env.pop("QT_QPA_PLATFORM", None)
    program = f"{sys.executable} -m cadre_desk --data-dir {tmp_path / 'data'} --exit-when-ready"
    cmd = ["unshare", "-m", "sh", "-ec", f"{prepare}\nexec {program}"] if prepare else program.split()
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)


def _says_where_the_log_is(result: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    assert f"详情已记录在日志文件：{tmp_path / 'data' / 'logs'}" in result.stderr, result.stderr


def test_a_missing_xcb_library_is_named_with_its_package(tmp_path: Path) -> None:
    _namespace_tools()
    lib = _library("libxcb-icccm.so.4")
    (tmp_path / "upper").mkdir()
    (tmp_path / "work").mkdir()
    folder = lib.parent
    hide = (
        f"mount -t overlay overlay -o lowerdir={folder},upperdir={tmp_path / 'upper'},workdir={tmp_path / 'work'} "
        f"{folder}\nrm -f {folder}/libxcb-icccm.so.4*"
    )
    result = _window(tmp_path, hide)
    assert result.returncode == 1, result.stderr
    assert "系统缺少图形界面所需的库 libxcb-icccm.so.4" in result.stderr
    assert "sudo apt-get install libxcb-icccm4" in result.stderr
    assert "libxcb-cursor" not in result.stderr  # Qt's own message blames the wrong library
    _says_where_the_log_is(result, tmp_path)
    assert lib.exists()  # only that process saw it gone


def test_a_damaged_xcb_library_is_named(tmp_path: Path) -> None:
    _namespace_tools()
    lib = _library("libxcb-keysyms.so.1")
    empty = tmp_path / "empty.so"
    empty.touch()
    result = _window(tmp_path, f"mount --bind {empty} {lib}")
    assert result.returncode == 1, result.stderr
    assert "图形界面库 libxcb-keysyms.so.1 已损坏或不完整" in result.stderr
    assert "--reinstall libxcb-keysyms1" in result.stderr
    _says_where_the_log_is(result, tmp_path)


def test_no_display_server_is_explained_not_aborted_in_silence(tmp_path: Path) -> None:
    _library("libxcb-icccm.so.4")  # every library present: Qt itself finds no display and gives up
    result = _window(tmp_path)
    assert result.returncode != 0
    assert "无法打开程序窗口：无法连接到图形显示“:93”" in result.stderr, result.stderr
    _says_where_the_log_is(result, tmp_path)


def test_without_display_variable_the_window_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "cadre_desk", "--data-dir", str(tmp_path / "data"), "--exit-when-ready"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "没有可用的图形显示" in result.stderr
    _says_where_the_log_is(result, tmp_path)


def test_a_data_folder_that_cannot_be_opened_is_explained_on_the_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "cadre_desk.db").mkdir(parents=True)  # a folder where the database should be
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "cadre_desk", "--data-dir", str(data), "--exit-when-ready"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("错误："), result.stderr
    assert re.search(r"[\u4e00-\u9fff]", result.stderr.splitlines()[0])
    _says_where_the_log_is(result, tmp_path)


def test_libraries_message_names_each_library_and_package_once() -> None:
    text = startup.libraries_message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libfoo.so.2"])
    assert "libxcb-icccm.so.4、libxcb-keysyms.so.1、libfoo.so.2" in text
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libfoo.so.2" in text
