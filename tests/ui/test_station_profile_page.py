"""设置 → 驿站信息: shown to everyone (the address typed in the wizard too), corrected by an administrator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cadre_desk.core.app import Actor, App
from cadre_desk.core.ledgers.data import read_month
from cadre_desk.core.services.stations import station_profile


def settings_page(shell):
    page = shell.window.go_to("settings")
    page.load()
    return page


def test_an_administrator_corrects_a_typo_by_keyboard_and_it_is_shown_everywhere(shell, qtbot, demo_app: App) -> None:
    page = settings_page(shell)
    ui = page.ui
    before = station_profile(demo_app)
    assert ui.nameEdit.text() == before.name and ui.communityEdit.text() == before.community
    assert not ui.nameEdit.isReadOnly() and not ui.saveStationButton.isEnabled()  # nothing to save yet
    ui.nameEdit.setFocus()
    ui.nameEdit.selectAll()
    qtbot.keyClicks(ui.nameEdit, "Jinhu Road Station")
    assert before.address  # the address typed when the station was set up is shown
    assert ui.addressEdit.text() == before.address
    ui.addressEdit.setFocus()
    ui.addressEdit.selectAll()
    qtbot.keyClicks(ui.addressEdit, "Jinhu Road 87")
    assert ui.saveStationButton.isEnabled()
    qtbot.keyClick(QApplication.focusWidget() or ui.addressEdit, Qt.Key.Key_Return)  # Enter saves
    after = station_profile(demo_app)
    assert (after.name, after.address) == ("Jinhu Road Station", "Jinhu Road 87")
    assert not ui.saveStationButton.isEnabled() and ui.stationErrorLabel.isHidden()
    assert shell.window.station_label.text() == "Jinhu Road Station"
    assert shell.window.windowTitle().startswith("Jinhu Road Station")
    book = read_month(demo_app, 2026, 1, ["activities"])
    assert book.station == "Jinhu Road Station"  # printed on the ledgers from now on


def test_a_wrong_value_is_explained_and_nothing_is_saved(shell, qtbot, demo_app: App) -> None:
    page = settings_page(shell)
    before = station_profile(demo_app)
    page.ui.nameEdit.clear()
    page.ui.nameEdit.textEdited.emit("")
    page.save_station_profile()
    assert "驿站名称" in page.ui.stationErrorLabel.text() and not page.ui.stationErrorLabel.isHidden()
    assert station_profile(demo_app) == before


def test_the_address_from_the_wizard_is_shown_and_others_cannot_change_the_profile(
    make_shell, demo_app: App
) -> None:
    from dataclasses import replace

    from cadre_desk.core.services.stations import update_station_profile

    update_station_profile(demo_app, replace(station_profile(demo_app), address="金湖路 81 号"))
    demo_app.actor = Actor(None, "操作员小李", "operator")
    shell = make_shell(demo_app)
    shell.open_main_window()
    page = settings_page(shell)
    assert page.ui.addressEdit.text() == "金湖路 81 号"
    assert all(e.isReadOnly() for e in page._station_edits().values())
    assert not page.ui.saveStationButton.isVisibleTo(page)
