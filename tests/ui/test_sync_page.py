"""The 数据同步 page: joining the district, bundles both ways, refusals, conflicts and stations."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import func, select

from cadre_desk.core.app import Actor, App
from cadre_desk.core.models import Person
from cadre_desk.core.services import people, setup, stations, sync
from cadre_desk.core.sync import crypt
from cadre_desk.ui.app import Shell
from cadre_desk.ui.pages.sync import CONFLICTS_TAB, HISTORY_TAB, STATIONS_TAB, SyncPage
from cadre_desk.ui.sync_dialogs import AddStationDialog

from ..core.sync_world import PASSWORD, STATIONS, World, build_world, open_world

PEOPLE = ("王建国", "李秀英", "张德明")
NEWCOMER = STATIONS["B"]  # registered at the district; its data dir "N" has not joined yet


@pytest.fixture(scope="session")
def sync_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """D (the district), A (a station that joined, with a few people) and N (a station not joined yet)."""
    root = build_world(tmp_path_factory.mktemp("sync-page") / "world", ("A",))
    with App.open(root / "A") as a:
        for name in PEOPLE:
            people.create_person(a, {"name": name, "category": "tuixiu", "phone_mobile": "13800001111"})
    with App.open(root / "D") as d:
        stations.add_station(d, NEWCOMER.name, root / "N.cdenrol", community=NEWCOMER.community)
    with App.open(root / "N") as n:
        setup.initialise(n, kind="station", profile=NEWCOMER, admin_username="admin", admin_password=PASSWORD)
    return root


@pytest.fixture
def world(sync_template: Path, tmp_path: Path) -> Iterator[World]:
    yield from open_world(sync_template, tmp_path / "world")


@pytest.fixture
def open_page(make_shell, qtbot) -> Callable[[App], tuple[Shell, SyncPage]]:
    """The sync page of a window over ``app``, loaded."""

    def open_(app: App) -> tuple[Shell, SyncPage]:
        shell = make_shell(app)
        window = shell.open_main_window()
        page = window.go_to("sync")
        assert isinstance(page, SyncPage)
        settle(shell, qtbot)
        assert page.view is not None
        return shell, page

    return open_


def settle(shell: Shell, qtbot) -> None:
    """Wait until every job (the work, then the page reading the books again) has finished."""
    qtbot.waitUntil(lambda: shell.runner.active == 0, timeout=30_000)


def rows(model) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def choose_file(monkeypatch, method: str, path: Path) -> list[tuple]:
    """Answer the file dialog ``method`` with ``path``; returns the calls (to see the suggested name)."""
    calls: list[tuple] = []

    def answer(*args, **kwargs):
        calls.append(args)
        return str(path) if method == "getExistingDirectory" else (str(path), "")

    monkeypatch.setattr(QFileDialog, method, answer)
    return calls


def capture(monkeypatch, kind: str, answer=None) -> list[str]:
    """Record the texts of QMessageBox.<kind> (question answered with ``answer``)."""
    shown: list[str] = []

    def show(_parent, _title, text, *_args, **_kwargs):
        shown.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, kind, show)
    return shown


def people_named(app: App, name: str) -> int:
    with app.read() as s:
        return s.scalar(select(func.count()).select_from(Person).where(Person.name == name)) or 0


def person_id(app: App, name: str) -> str:
    with app.read() as s:
        found = s.scalars(select(Person.id).where(Person.name == name)).first()
    assert found is not None
    return found


# -- a station ------------------------------------------------------------------------------


def test_a_station_exports_a_bundle_and_the_history_lists_it(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    shell, page = open_page(a)
    ui = page.ui
    me, district = sync.identity(a), sync.identity(d)
    assert ui.fingerprintValue.text() == me.fingerprint
    assert ui.districtNameValue.text() == "市南区老干部局"
    assert ui.districtFingerprintValue.text() == district.fingerprint  # to check by phone
    assert not ui.joinButton.isVisibleTo(page)
    assert not page.ui.tabs.isTabVisible(STATIONS_TAB)  # stations are the district's business
    waiting = sync.pending_count(a)
    assert waiting > 0 and page.view.pending == waiting
    assert str(waiting) in ui.pendingValue.text()
    assert ui.lastSentValue.text() == page.tr("Not yet")
    assert ui.historyTable.isHidden() and not ui.historyLabel.isHidden()  # "nothing sent or received yet"

    out = tmp_path / "u盘" / "for-district.cdsync"
    out.parent.mkdir()
    asked = choose_file(monkeypatch, "getSaveFileName", out)
    ui.exportButton.click()
    settle(shell, qtbot)
    suggested = Path(asked[0][2]).name
    assert suggested.startswith("金湖路社区老干部驿站-发往-市南区老干部局-") and suggested.endswith(".cdsync")
    assert out.is_file() and out.stat().st_size > 0
    message = page.message.text()
    assert str(out) in message and "市南区老干部局" in message
    records = sync.history(a)[0].records
    assert records > 0 and str(records) in message
    assert page.tr("Open the folder") in [b.text() for b in page.message.buttons()]
    # the history shows the bundle, and the overview when it went
    ui.tabs.setCurrentIndex(HISTORY_TAB)
    assert ui.historyTable.isVisible()
    first = rows(page.history_model)[0]
    assert first[1:4] == [page.tr("Sent"), "市南区老干部局", page.tr("Done")]
    assert first[4] == f"{records:,}" and first[7] == out.name
    assert ui.lastSentValue.text() not in ("", page.tr("Not yet"))


def test_the_district_imports_a_bundle_and_the_reply_leaves_nothing_waiting_at_the_station(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    bundle = tmp_path / "from-A.cdsync"
    sync.export_bundle(a, bundle)
    assert people_named(d, "王建国") == 0
    shell_d, page_d = open_page(d)
    assert page_d.ui.tabs.isTabVisible(STATIONS_TAB)
    assert not page_d.ui.districtBox.isVisibleTo(page_d)  # the district joins nobody
    choose_file(monkeypatch, "getOpenFileName", bundle)
    page_d.ui.importButton.click()
    settle(shell_d, qtbot)
    # the people arrived, and the message says what came and where the backup is
    assert all(people_named(d, name) == 1 for name in PEOPLE)
    message = page_d.message.text()
    [backup] = d.layout.backups.glob("同步导入前备份-*.db")  # taken before anything was applied
    assert str(backup) in message
    assert "金湖路社区老干部驿站" in message
    received = rows(page_d.history_model)[0]
    assert received[1:4] == [page_d.tr("Received"), "金湖路社区老干部驿站", page_d.tr("Done")]

    # the district sends its reply to the chosen station
    page_d.ui.tabs.setCurrentIndex(STATIONS_TAB)
    station_row = [r[0] for r in rows(page_d.stations_model)].index("金湖路社区老干部驿站")
    assert rows(page_d.stations_model)[station_row][1] == page_d.tr("Joined")
    assert rows(page_d.stations_model)[station_row][2] == sync.identity(a).fingerprint
    page_d.ui.stationsTable.selectRow(station_row)
    assert page_d.ui.exportStationButton.isEnabled() and not page_d.ui.reissueButton.isEnabled()
    reply = tmp_path / "to-A.cdsync"
    choose_file(monkeypatch, "getSaveFileName", reply)
    page_d.ui.exportStationButton.click()
    settle(shell_d, qtbot)
    assert reply.is_file() and str(reply) in page_d.message.text()

    # at the station: changes were waiting; after importing the reply none are
    shell_a, page_a = open_page(a)
    assert page_a.view.pending > 0
    choose_file(monkeypatch, "getOpenFileName", reply)
    page_a.ui.importButton.click()
    settle(shell_a, qtbot)
    assert sync.pending_count(a) == 0
    assert page_a.view.pending == 0
    assert page_a.ui.pendingValue.text() == page_a.tr(
        "None: the district office has confirmed it has everything from here"
    )
    assert page_a.ui.lastReceivedValue.text() != page_a.tr("Not yet")


def test_a_bundle_imported_twice_changes_nothing_the_second_time(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    bundle = tmp_path / "from-A.cdsync"
    sync.export_bundle(a, bundle)
    sync.import_bundle(d, bundle)
    shell, page = open_page(d)
    choose_file(monkeypatch, "getOpenFileName", bundle)
    page.ui.importStationsButton.click()
    settle(shell, qtbot)
    assert page.message.text() == page.tr("This bundle from %1 was imported before; nothing was changed.").replace(
        "%1", "金湖路社区老干部驿站"
    )
    assert people_named(d, "王建国") == 1
    assert rows(page.history_model)[0][3] == page.tr("Already imported")


def test_a_tampered_bundle_is_refused_and_nothing_changes(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    good = tmp_path / "from-A.cdsync"
    sync.export_bundle(a, good)
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "changed.cdsync"
    bad.write_bytes(bytes(data))
    shell, page = open_page(d)
    backups = sorted(d.layout.backups.glob("*.db"))
    warned = capture(monkeypatch, "warning")
    choose_file(monkeypatch, "getOpenFileName", bad)
    page.ui.importButton.click()
    settle(shell, qtbot)
    assert len(warned) == 1
    assert warned[0].startswith(page.tr("The bundle was not imported. Nothing on this computer was changed."))
    assert "未导入任何内容" in warned[0]  # and why, in the words of the check that failed
    assert people_named(d, "王建国") == 0
    assert sorted(d.layout.backups.glob("*.db")) == backups  # refused before anything was touched
    refused = rows(page.history_model)[0]
    assert refused[1] == page.tr("Received") and refused[3] == page.tr("Refused")
    assert refused[7] == "changed.cdsync" and "未导入任何内容" in refused[8]


# -- conflicts ------------------------------------------------------------------------------


def test_a_conflict_shows_both_values_and_settling_it_updates_the_record(
    world: World, open_page, qtbot, monkeypatch
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    world.exchange("A", "D")
    world.exchange("D", "A")  # both sides hold the same people
    wang = person_id(a, "王建国")
    people.update_person(a, wang, {"phone_mobile": "13800002222"})  # at the station
    people.update_person(d, wang, {"phone_mobile": "13900003333"})  # at the district, meanwhile
    world.exchange("A", "D")
    shell, page = open_page(d)
    ui = page.ui
    assert ui.tabs.tabText(CONFLICTS_TAB) == page.tr("Conflicts (%n)", "", 1)
    assert "1" in ui.conflictsValue.text()
    ui.tabs.setCurrentIndex(CONFLICTS_TAB)
    [row] = rows(page.conflicts_model)
    record, item, here, there, in_use, peer, _found = row
    assert "王建国" in record
    assert item == page.tr("Mobile")
    assert (here, there) == ("13900003333", "13800002222")
    with d.read() as s:
        assert s.get(Person, wang).phone_mobile == "13900003333"  # the later edit stands until someone chooses
    assert in_use == page.tr("This computer's")
    assert peer == "金湖路社区老干部驿站"
    assert ui.localText.toPlainText() == "13900003333" and ui.remoteText.toPlainText() == "13800002222"
    assert ui.keepLocalButton.isEnabled() and ui.keepRemoteButton.isEnabled()
    ui.keepRemoteButton.click()  # the station had it right
    settle(shell, qtbot)
    with d.read() as s:
        assert s.get(Person, wang).phone_mobile == "13800002222"
    assert sync.conflicts(d) == []
    assert page.conflicts_model.rowCount() == 0
    assert ui.conflictsLabel.text() == page.tr("There are no conflicts to settle.")
    assert not ui.keepLocalButton.isVisibleTo(page)
    assert ui.tabs.tabText(CONFLICTS_TAB) == page.tr("Conflicts")


# -- stations at the district ---------------------------------------------------------------


def in_modal(action) -> None:
    """Run ``action(dialog)`` on the modal dialog about to be shown."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        action(dialog)

    QTimer.singleShot(0, run)


def test_the_district_adds_a_station_and_saves_its_setup_file(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    d = world.apps["D"]
    shell, page = open_page(d)
    page.ui.tabs.setCurrentIndex(STATIONS_TAB)
    before = page.stations_model.rowCount()
    out = tmp_path / "湛山.cdenrol"
    choose_file(monkeypatch, "getSaveFileName", out)
    seen: list[str] = []

    def fill(dialog) -> None:
        assert isinstance(dialog, AddStationDialog)
        save = dialog.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.click()  # no name yet: refused in the form, nothing saved
        seen.append(dialog.ui.errorLabel.text())
        assert dialog.isVisible() and not out.exists()
        dialog.ui.nameEdit.setText("湛山社区老干部驿站")
        dialog.ui.streetEdit.setText("湛山街道")
        dialog.ui.communityEdit.setText("湛山社区")
        dialog.ui.contactEdit.setText("赵丽")
        dialog.ui.phoneEdit.setText("0532-83861234")
        save.click()

    in_modal(fill)
    assert page.add_station()
    settle(shell, qtbot)
    assert seen == [QCoreApplication.translate("AddStationDialog", "Please enter the station's name.")]
    setup_file = stations.read_setup(out)
    assert setup_file.station_name == "湛山社区老干部驿站"
    district = sync.identity(d)
    assert setup_file.fingerprint == district.fingerprint
    message = page.message.text()
    assert str(out) in message and district.fingerprint in message  # for the station to check by phone
    assert page.stations_model.rowCount() == before + 1
    new = next(r for r in rows(page.stations_model) if r[0] == "湛山社区老干部驿站")
    assert new[1] == page.tr("Waiting to join")
    # a station that has not joined may get a new setup file (the old one stops working)
    page.ui.stationsTable.selectRow(page.stations_model.row_of(stations.find_station(d, "湛山社区老干部驿站")))
    assert page.ui.reissueButton.isEnabled()
    again = tmp_path / "湛山-2.cdenrol"
    choose_file(monkeypatch, "getSaveFileName", again)
    page.ui.reissueButton.click()
    settle(shell, qtbot)
    assert stations.read_setup(again).station_name == "湛山社区老干部驿站"
    assert str(again) in page.message.text()


def test_the_district_stops_a_station_after_asking(world: World, open_page, qtbot, monkeypatch) -> None:
    d = world.apps["D"]
    shell, page = open_page(d)
    page.ui.tabs.setCurrentIndex(STATIONS_TAB)
    row = [r[0] for r in rows(page.stations_model)].index("金湖路社区老干部驿站")
    page.ui.stationsTable.selectRow(row)
    status = {p.name: p.status for p in sync.peers(d)}
    asked = capture(monkeypatch, "question", QMessageBox.StandardButton.No)
    page.ui.revokeButton.click()
    assert "金湖路社区老干部驿站" in asked[0]
    assert {p.name: p.status for p in sync.peers(d)} == status  # said no: nothing changed
    assert status["金湖路社区老干部驿站"] != "revoked"
    capture(monkeypatch, "question", QMessageBox.StandardButton.Yes)
    page.ui.revokeButton.click()
    settle(shell, qtbot)
    assert {p.name: p.status for p in sync.peers(d)}["金湖路社区老干部驿站"] == "revoked"
    row = [r[0] for r in rows(page.stations_model)].index("金湖路社区老干部驿站")
    assert rows(page.stations_model)[row][1] == page.tr("Stopped")
    page.ui.stationsTable.selectRow(row)
    assert not page.ui.exportStationButton.isEnabled() and not page.ui.revokeButton.isEnabled()


def test_the_district_exports_for_every_station_into_a_folder(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    d = world.apps["D"]
    shell, page = open_page(d)
    folder = tmp_path / "发往驿站"
    folder.mkdir()
    choose_file(monkeypatch, "getExistingDirectory", folder)
    page.ui.exportButton.click()  # on the overview, the district's export is for every station
    settle(shell, qtbot)
    written = sorted(p.name for p in folder.glob("*.cdsync"))
    assert len(written) == 2  # the joined station and the one still to join
    assert all(name in page.message.text() for name in written)


# -- joining at a station -------------------------------------------------------------------


def test_a_station_joins_the_district_from_the_page(
    world: World, open_page, qtbot, monkeypatch, sync_template: Path
) -> None:
    n, d = world.apps["N"], world.apps["D"]
    shell, page = open_page(n)
    ui = page.ui
    assert ui.joinButton.isVisibleTo(page) and ui.notJoinedLabel.isVisibleTo(page)
    assert not ui.exportButton.isEnabled() and not ui.importButton.isEnabled()  # nothing to exchange with yet
    district = sync.identity(d)
    choose_file(monkeypatch, "getOpenFileName", world.root / "N.cdenrol")
    asked = capture(monkeypatch, "question", QMessageBox.StandardButton.Yes)
    ui.joinButton.click()
    settle(shell, qtbot)
    # the confirmation named the district and showed its fingerprint to check
    assert "市南区老干部局" in asked[0] and district.fingerprint in asked[0]
    assert sync.identity(n).district_id == district.install_id
    assert ui.districtNameValue.text() == "市南区老干部局"
    assert ui.districtFingerprintValue.text() == district.fingerprint
    assert not ui.joinButton.isVisibleTo(page)
    assert ui.exportButton.isEnabled() and ui.importButton.isEnabled()
    assert "市南区老干部局" in page.message.text()


def test_a_station_that_says_no_does_not_join(world: World, open_page, qtbot, monkeypatch) -> None:
    n = world.apps["N"]
    shell, page = open_page(n)
    choose_file(monkeypatch, "getOpenFileName", world.root / "N.cdenrol")
    capture(monkeypatch, "question", QMessageBox.StandardButton.No)
    page.ui.joinButton.click()
    settle(shell, qtbot)
    assert sync.identity(n).district_id is None
    assert page.ui.joinButton.isVisibleTo(page)


# -- encryption and who may do what ------------------------------------------------------------


def test_the_encryption_setting_is_shown_saved_and_followed_by_exports(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    a = world.apps["A"]
    shell, page = open_page(a)
    check = page.ui.encryptCheck
    assert check.isVisibleTo(page) and check.isEnabled() and check.isChecked()  # on by default
    assert check.text() == page.tr("Encrypt bundles (only the addressee can open them)")
    locked = tmp_path / "locked.cdsync"
    choose_file(monkeypatch, "getSaveFileName", locked)
    page.ui.exportButton.click()
    settle(shell, qtbot)
    assert locked.read_bytes().startswith(crypt.MAGIC)
    assert page.tr("It is encrypted: only %1 can open it.").replace("%1", "市南区老干部局") in page.message.text()
    assert rows(page.history_model)[0][-1] == page.tr("Yes")

    check.click()  # the user switches it off: saved at once, and the next bundle is plain
    assert not check.isChecked() and not sync.encrypt_by_default(a)
    plain = tmp_path / "plain.cdsync"
    choose_file(monkeypatch, "getSaveFileName", plain)
    page.ui.exportButton.click()
    settle(shell, qtbot)
    assert plain.read_bytes().startswith(b"PK")
    assert page.tr("It is not encrypted: anyone who has the file can read it.") in page.message.text()
    assert [r[-1] for r in rows(page.history_model)[:2]] == [page.tr("No"), page.tr("Yes")]

    _shell2, again = open_page(a)  # a new window shows the saved setting
    assert not again.ui.encryptCheck.isChecked()


def test_the_district_is_told_which_stations_key_has_not_arrived(
    world: World, open_page, qtbot, monkeypatch, tmp_path: Path
) -> None:
    d = world.apps["D"]
    shell, page = open_page(d)  # station A joined but has sent nothing yet
    assert "金湖路社区老干部驿站" in page.ui.encryptCheck.toolTip()
    folder = tmp_path / "out"
    folder.mkdir()
    choose_file(monkeypatch, "getExistingDirectory", folder)
    page.ui.exportButton.click()
    settle(shell, qtbot)
    assert page.tr(", not encrypted") in page.message.text()


@pytest.mark.parametrize("role", ["operator", "readonly"])
def test_the_page_offers_each_role_only_what_it_may_do(world: World, open_page, role: str) -> None:
    d, n = world.apps["D"], world.apps["N"]
    d.actor = Actor(None, "张丽", role)
    _shell, page = open_page(d)
    ui = page.ui
    page.ui.tabs.setCurrentIndex(STATIONS_TAB)
    ui.stationsTable.selectRow([r[0] for r in rows(page.stations_model)].index(NEWCOMER.name))  # waiting to join
    may_sync = role == "operator"
    for button in (ui.exportButton, ui.importButton, ui.exportStationButton, ui.importStationsButton):
        assert button.isEnabled() == may_sync, button.objectName()
        if not may_sync:
            assert button.toolTip().startswith(
                page.tr("Your role does not allow sending or receiving bundles. Please ask an administrator.")
            )
    only_admin = page.tr("Only an administrator can change this (it needs the settings permission).")
    for control in (ui.addStationButton, ui.reissueButton, ui.revokeButton, ui.encryptCheck):
        assert not control.isEnabled(), control.objectName()
        assert control.toolTip().startswith(only_admin)
    assert ui.encryptCheck.isChecked()  # still shows the setting

    n.actor = Actor(None, "张丽", role)  # a station not joined yet: joining is an administrator's job
    _shell_n, page_n = open_page(n)
    assert page_n.ui.joinButton.isVisibleTo(page_n) and not page_n.ui.joinButton.isEnabled()
    assert page_n.ui.joinButton.toolTip().startswith(only_admin)


def test_an_administrator_may_do_everything_on_the_page(world: World, open_page) -> None:
    d = world.apps["D"]
    d.actor = Actor(None, "管理员", "admin")
    _shell, page = open_page(d)
    ui = page.ui
    assert ui.exportButton.isEnabled() and ui.importButton.isEnabled() and ui.addStationButton.isEnabled()
    assert ui.encryptCheck.isEnabled()
    assert ui.exportButton.toolTip() == page.tr("One bundle for each station that has not been stopped, into a folder")
