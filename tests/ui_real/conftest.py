"""A real X display with a window manager, for what offscreen windows cannot show.

Each screen size gets its own ``Xvfb`` (on a display number it picks itself) with ``openbox``
on it, started once per run and stopped after.  Both come from Debian
(``apt-get install xvfb openbox``); without them these tests fail, they do not skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL_HINT = "apt-get install -y xvfb openbox"
#: what Qt's xcb platform plugin loads (PySide6 from PyPI does not bring them)
XCB_HINT = (
    "apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 "
    "libxkbcommon-x11-0 libx11-xcb1 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1"
)
START_TIMEOUT = 20.0


class Display:
    """One running Xvfb with openbox on it."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.processes: list[subprocess.Popen[bytes]] = []
        self.name = ""

    def start(self) -> None:
        for tool in ("Xvfb", "openbox"):
            if shutil.which(tool) is None:
                pytest.fail(f"{tool} is needed for the real-window tests: {INSTALL_HINT}", pytrace=False)
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{self.width}x{self.height}x24", "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(write_fd)
        self.processes.append(xvfb)
        number = b""
        with os.fdopen(read_fd, "rb") as pipe:
            while not number.endswith(b"\n"):
                chunk = pipe.read(1)
                if not chunk:
                    break
                number += chunk
        if not number.strip():
            error = xvfb.stderr.read().decode(errors="replace") if xvfb.stderr else ""
            self.stop()
            pytest.fail(f"Xvfb did not start: {error[-500:]}", pytrace=False)
        self.name = f":{int(number)}"
        with tempfile.TemporaryDirectory() as tmp:
            ready = Path(tmp) / "ready"
            openbox = subprocess.Popen(
                ["openbox", "--startup", f"touch {ready}"],
                env={**os.environ, "DISPLAY": self.name},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.processes.append(openbox)
            deadline = time.monotonic() + START_TIMEOUT
            while not ready.exists():  # openbox runs its start-up command once it manages windows
                if openbox.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("openbox did not start on the Xvfb display", pytrace=False)
                time.sleep(0.05)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()

    def probe(
        self, data_dir: Path, scale: int, *, only: str = "", shots: Path | None = None, layout: Path | None = None
    ) -> dict:
        """Run ``tests.ui_real.probe`` on this display; its JSON report.  ``layout``: the window
        layout folder (what a previous run remembered: sizes, column widths)."""
        report = data_dir.parent / f"report-{scale}-{self.width}x{self.height}.json"
        command = [sys.executable, "-m", "tests.ui_real.probe", "--data-dir", str(data_dir), "--scale", str(scale)]
        command += ["--report", str(report)]
        if only:
            command += ["--only", only]
        if shots is not None:
            command += ["--shots", str(shots)]
        if layout is not None:
            command += ["--layout", str(layout)]
        env = {**os.environ, "DISPLAY": self.name, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False)
        if "could not load the Qt platform plugin" in done.stderr.lower():
            pytest.fail(f"Qt cannot open a window on X: {XCB_HINT}\n{done.stderr[-2000:]}", pytrace=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def displays() -> Iterator[dict[tuple[int, int], Display]]:
    """Started on first use, one per screen size; all stopped at the end of the run."""
    started: dict[tuple[int, int], Display] = {}
    yield started
    for display in started.values():
        display.stop()


@pytest.fixture
def display(displays: dict[tuple[int, int], Display], request: pytest.FixtureRequest) -> Display:
    width, height = getattr(request, "param", (1366, 768))
    if (width, height) not in displays:
        shown = Display(width, height)
        shown.start()
        displays[(width, height)] = shown
    return displays[(width, height)]


@pytest.fixture(scope="session")
def remembered_layout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One window layout folder for the run: each text size opens with what the other left."""
    return tmp_path_factory.mktemp("layout")


@pytest.fixture
def demo_copy(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the small demo station's data dir (the probe opens it in its own process)."""
    return Path(shutil.copytree(demo_template, tmp_path / "demo"))
