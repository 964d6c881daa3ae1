"""First run: the wizard checks each page, creates the station and administrator, and offers demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from cadre_desk.core.app import App
from cadre_desk.core.security import verify_password
from cadre_desk.core.services import setup
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.setup_wizard import SetupWizard


@pytest.fixture
def fresh_app(tmp_path: Path) -> Iterator[App]:
    with App.open(tmp_path / "fresh") as app:
        yield app


def fill_profile(wizard: SetupWizard, **overrides: str) -> None:
    values = {
        "nameEdit": "杏林路社区老干部驿站",
        "communityEdit": "杏林路社区",
        "streetEdit": "湛山街道",
        "districtEdit": "市南区",
        "contactEdit": "王丽",
        "phoneEdit": "13912345678",
    } | overrides
    for name, value in values.items():
        getattr(wizard.ui, name).setText(value)


def fill_admin(wizard: SetupWizard, password: str = "station-2026", confirm: str | None = None) -> None:
    wizard.ui.usernameEdit.setText("wangli")
    wizard.ui.displayNameEdit.setText("王丽")
    wizard.ui.passwordEdit.setText(password)
    wizard.ui.confirmEdit.setText(password if confirm is None else confirm)


def test_each_page_must_be_right_before_going_on(qtbot, fresh_app: App) -> None:
    wizard = SetupWizard(fresh_app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.ui.profilePage
    fill_profile(wizard, communityEdit="")
    wizard.next()
    assert wizard.currentPage() is wizard.ui.profilePage  # refused
    assert wizard.ui.profileError.isVisible()
    assert "社区或村" in wizard.ui.profileError.text()
    fill_profile(wizard, phoneEdit="12345")
    wizard.next()
    assert wizard.currentPage() is wizard.ui.profilePage
    assert wizard.ui.profileError.text().startswith("联系电话：")
    fill_profile(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.ui.adminPage
    fill_admin(wizard, confirm="something-else")
    wizard.next()
    assert wizard.currentPage() is wizard.ui.adminPage
    assert wizard.ui.adminError.text() == "两次输入的密码不一致。"
    fill_admin(wizard, password="123")
    wizard.next()
    assert "至少需要" in wizard.ui.adminError.text()
    assert not setup.is_initialised(fresh_app)  # nothing written while the user is still typing


def test_finish_creates_the_station_and_the_first_administrator(qtbot, fresh_app: App) -> None:
    wizard = SetupWizard(fresh_app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    fill_profile(wizard, phoneEdit="0532 8585 1234")
    wizard.next()
    fill_admin(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.ui.demoPage
    with qtbot.waitSignal(wizard.accepted, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    info = setup.install_info(fresh_app)
    assert info is not None and info.kind == "station"
    assert info.station_name == "杏林路社区老干部驿站"
    assert info.profile.contact_phone == "0532-85851234"  # tidied the way the ledgers print it
    admin = setup.first_admin(fresh_app)
    assert admin is not None and admin.name == "王丽"
    from sqlalchemy import select

    from cadre_desk.core.models import UserCredential

    with fresh_app.read() as s:
        stored = s.scalars(select(UserCredential)).one()
    assert stored.password_hash and "station-2026" not in stored.password_hash
    assert verify_password(stored.password_hash, "station-2026")


def test_a_district_office_needs_no_community_and_gets_no_demo(qtbot, fresh_app: App) -> None:
    wizard = SetupWizard(fresh_app, JobRunner(inline=True))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.ui.kindDistrict.setChecked(True)
    wizard.next()
    assert wizard.ui.nameCaption.text() == "单位名称(&N) *："
    fill_profile(wizard, nameEdit="市南区委老干部局", communityEdit="", streetEdit="")
    wizard.next()
    fill_admin(wizard)
    wizard.next()
    assert not wizard.ui.demoCheck.isEnabled()
    with qtbot.waitSignal(wizard.accepted, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    info = setup.install_info(fresh_app)
    assert info is not None and info.kind == "district"


def test_first_run_with_demo_opens_the_window_on_filled_books(qtbot, make_shell, fresh_app: App, monkeypatch) -> None:
    from cadre_desk.core.services import demo

    real = demo.load_demo
    monkeypatch.setattr(demo, "load_demo", lambda app, **kw: real(app, members=30, months=1, seed=3, **kw))
    shell = make_shell(fresh_app)

    def fill_and_finish() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, SetupWizard)
        wizard.next()
        fill_profile(wizard)
        wizard.next()
        fill_admin(wizard)
        wizard.next()
        wizard.ui.demoCheck.setChecked(True)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    QTimer.singleShot(0, fill_and_finish)
    assert shell.run_setup()
    window = shell.open_main_window()
    assert window.windowTitle().startswith("杏林路社区老干部驿站")  # the demo fills the user's own station
    people = window.go_to("people")
    assert 25 <= people.model.total <= 30  # 30 demo people, a few of them died or moved away
    assert people.ui.countLabel.text() == f"共 {people.model.total} 人"


def test_closing_the_wizard_writes_nothing(qtbot, make_shell, fresh_app: App) -> None:
    shell = make_shell(fresh_app)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert shell.run_setup() is False
    assert not setup.is_initialised(fresh_app)
