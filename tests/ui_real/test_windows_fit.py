"""Every window, page and dialog in a real window (Xvfb + openbox) at an office PC's screen size.

The suite itself runs offscreen; each check runs ``tests/ui_real/probe.py`` in a child
process on the X display and reads its report: a window (with its title bar) leaving the
screen's available area, a control outside its parent, a cut label, button, tab, column
header or column, a small check box beside large text, or two controls with one Alt key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cadre_desk.ui.main_window import PAGE_KEYS

pytestmark = pytest.mark.slow

#: the dialogs the probe must have opened (a new dialog in ui/ belongs in tests/ui_real/probe.py)
DIALOGS = {
    "door",
    "door/leave",
    "sign-in",
    "password",
    "user",
    "users",
    "about",
    "activity",
    "activity-new",
    "activity-types",
    "backup",
    "import",
    "paper-sheet",
    "pdf-preview",
    "person",
    "person-new",
    "photo-trash",
    "points",
    "setup-wizard",
    "add-station",
    "visit",
    "visit-new",
    "service-record",
    "service-record-new",
    "project-new",
    "ask-date",
    "file-dialog",
    "progress",
}


@pytest.mark.parametrize("scale", [100, 150])
def test_every_window_fits_a_1366x768_screen(display, demo_copy: Path, remembered_layout: Path, scale: int) -> None:
    """At 150 % after a day at 100 % (or the other way): remembered column widths do not cut."""
    report = display.probe(demo_copy, scale, layout=remembered_layout)
    assert report["screen"] == [1366, 768]
    checked = set(report["checked"])
    assert {f"main/{key}" for key in PAGE_KEYS} <= checked
    assert checked >= DIALOGS
    assert report["problems"] == []


@pytest.mark.parametrize("display", [(1280, 720)], indirect=True)
@pytest.mark.parametrize("scale", [100, 150])
def test_the_main_window_and_the_door_fit_a_1280x720_screen(display, demo_copy: Path, scale: int) -> None:
    report = display.probe(demo_copy, scale, only="main,door")
    assert report["screen"] == [1280, 720]
    assert {"main/home", "main/people", "door"} <= set(report["checked"])
    assert report["problems"] == []


def test_the_checks_see_what_is_wrong(display, tmp_path: Path) -> None:
    """The probe itself: a window taller than the screen, a cut label, a clipped header and
    two controls sharing Alt+F are all reported."""
    report = display.probe(tmp_path / "unused", 100, only="self-check")
    problems = "\n".join(report["problems"])
    assert "leaves the screen's available area" in problems
    assert "'一段很长很长的说明文字' is cut" in problems
    assert "the column header '慰问金（元）' is clipped" in problems
    assert "Alt+F is the shortcut of 2 controls" in problems
    assert "is small beside its text" in problems
