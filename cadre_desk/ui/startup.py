"""Why the window cannot start, said in Chinese where the user sees it — never a silent exit.

Qt ends the process (``abort``, exit code 134) when it cannot load its platform plugin, and its
own message blames ``libxcb-cursor0`` whichever library is missing.  So before Qt is imported,
on Linux with the X11 (xcb) platform, :func:`display_problem` loads the plugin itself and, when
that fails, names every library it lacks (``ldd``) with the Debian package that brings it.
:func:`report_startup_failure` prints the explanation and the log's path on stderr and, on
Windows (where the window program has no console), shows it in a message box.

Nothing here imports Qt: it runs before Qt, and when Qt is what fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

#: the Debian package of each library the X11 platform plugin links (Debian 12 / Ubuntu 22.04+)
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

#: every system package a Linux desktop needs to open the window (the README lists the same)
DESKTOP_PACKAGES = (
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libx11-xcb1",
)

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_FAILED_LIB = re.compile(
    r"([^\s:/]+\.so(?:\.\d+)*): (?:cannot open shared object file|file too short|invalid ELF header)"
)


def _platform_name() -> str:
    """The Qt platform of the window: ``QT_QPA_PLATFORM``'s first name, else xcb (wayland in a Wayland session)."""
    requested = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if requested:
        return requested
    if os.environ.get("WAYLAND_DISPLAY") and os.environ.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"  # Qt picks its Wayland plugin in a Wayland session
    return "xcb"


def xcb_plugin() -> Path | None:
    """The X11 platform plugin of the installed (or packaged) PySide6, or None when not found."""
    roots: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        roots.append(Path(frozen) / "PySide6")
    spec = importlib.util.find_spec("PySide6")  # finds the package without importing Qt
    if spec and spec.submodule_search_locations:
        roots += [Path(p) for p in spec.submodule_search_locations]
    for root in roots:
        for plugins in (root / "Qt" / "plugins", root / "plugins"):
            plugin = plugins / "platforms" / "libqxcb.so"
            if plugin.is_file():
                return plugin
    return None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` links that the system cannot find (by ``ldd``), in its order."""
    ldd = shutil.which("ldd")
    if not ldd:
        return []
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return list(dict.fromkeys(_NOT_FOUND.findall(out.stdout + out.stderr)))


def libraries_message(missing: list[str]) -> str:
    """The explanation for a plugin that lacks ``missing`` (sonames), with the packages to install."""
    names = "、".join(missing)
    packages = " ".join(dict.fromkeys(DEBIAN_PACKAGES.get(lib, lib) for lib in missing))
    return (
        f"无法打开程序窗口：系统缺少图形界面所需的库 {names}。\n"
        f"在 Debian 或 Ubuntu 上，请让电脑管理员安装：sudo apt-get install {packages}\n"
        "然后重新打开程序。"
    )


def display_problem() -> str | None:
    """Why Qt's window could not start on this machine, in Chinese; None when nothing is known to be wrong.

    Only Linux's X11 platform is checked (Windows and macOS carry what they need; the
    offscreen and other platforms need no display).
    """
    if not sys.platform.startswith("linux") or _platform_name() != "xcb":
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "无法打开程序窗口：没有可用的图形显示（环境变量 DISPLAY 未设置）。"
            "请在桌面环境中打开程序；在远程终端中只能使用命令行功能（见 cadre-desk --help）。"
        )
    plugin = xcb_plugin()
    if plugin is None:
        return None  # Qt will say what is wrong; the fatal-message handler shows it
    try:
        ctypes.CDLL(str(plugin))  # loads what the plugin links, as Qt would
    except OSError as exc:
        missing = missing_libraries(plugin)
        log.error("the X11 platform plugin %s cannot be loaded: %s (missing: %s)", plugin, exc, missing)
        if missing:
            return libraries_message(missing)
        broken = _FAILED_LIB.search(str(exc))
        if broken and broken.group(1) != plugin.name:
            lib = broken.group(1)
            return (
                f"无法打开程序窗口：系统的图形界面库 {lib} 已损坏或不完整，无法加载。\n"
                f"在 Debian 或 Ubuntu 上，请让电脑管理员重新安装：sudo apt-get install --reinstall "
                f"{DEBIAN_PACKAGES.get(lib, lib)}\n然后重新打开程序。"
            )
        return f"无法打开程序窗口：程序自带的图形界面组件无法加载（{exc}）。请重新安装程序。"
    return None


def qt_fatal_message(message: str, earlier: list[str] | None = None) -> str:
    """Qt's fatal ``message`` (English) as an explanation in Chinese; ``earlier``: Qt's warnings before it."""
    first = message.strip().split("\n")[0]
    if "platform plugin" in message:
        if any("could not connect to display" in w for w in earlier or ()):
            return (
                f"无法打开程序窗口：无法连接到图形显示“{os.environ.get('DISPLAY', '')}”。"
                "请在桌面环境中打开程序；在远程终端中只能使用命令行功能（见 cadre-desk --help）。"
            )
        plugin = xcb_plugin()
        missing = missing_libraries(plugin) if plugin and sys.platform.startswith("linux") else []
        if missing:
            return libraries_message(missing)
        return f"无法打开程序窗口：图形界面平台无法启动。请重新安装程序。（Qt：{first}）"
    return f"程序窗口遇到无法继续的错误，已退出。（Qt：{first}）"


def report_startup_failure(message: str, log_path: Path | None, *, message_box: bool = True) -> None:
    """Say why the window cannot start: on stderr and, with ``message_box``, in a message box on
    Windows (where the window program has no console to print to)."""
    where = f"详情已记录在日志文件：{log_path}" if log_path else "（日志文件无法写入）"
    text = f"{message}\n{where}"
    if logging.getLogger().handlers:  # else the log could not be opened: stderr below says it once
        log.error("start-up failed: %s", message)
    stream = sys.stderr
    if stream is not None:
        with contextlib.suppress(OSError, ValueError):
            print(f"错误：{text}", file=stream, flush=True)
    if message_box and sys.platform == "win32":
        with contextlib.suppress(AttributeError, OSError):
            ctypes.windll.user32.MessageBoxW(None, text, "老干部驿站台账", 0x10)  # type: ignore[attr-defined]
