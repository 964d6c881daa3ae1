"""The home page's reminders, the reminder settings and the points scheme, as staff use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTreeWidgetItem

from cadre_desk.core.app import App
from cadre_desk.core.services import care, people, points
from cadre_desk.core.services.reminders import Reminder, ReminderSettings, reminder_settings
from cadre_desk.ui.points_dialog import PointsDialog, points_text

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def books(app: App) -> dict[str, str]:
    def person(name: str, **extra: object) -> str:
        return people.create_person(app, {"name": name, "category": "退休", **extra})

    ids = {
        "张三": person("张三", care_living_alone=True),
        "李四": person("李四", birth_date=dt.date(1950, 11, 30)),
        "王五": person("王五", activity_class="免予参加集中活动"),
    }
    ids["visit"] = care.create_visit(
        app,
        {
            "date": dt.date(2026, 11, 1),
            "person_id": ids["李四"],
            "reason": "日常走访",
            "follow_up": "协助办理报销",
            "follow_up_due": dt.date(2026, 11, 10),
        },
    )
    return ids


@pytest.fixture
def home(make_shell, app: App, books, qtbot):
    shell = make_shell(app, today=TODAY)
    window = shell.open_main_window()
    page = window.go_to("home")
    settle(page, qtbot)
    return page


def settle(home, qtbot) -> None:
    """Wait for the reminders, worked out in the background."""
    qtbot.waitUntil(lambda: home.ctx.runner.active == 0, timeout=10_000)


def groups(home) -> dict[str, list[str]]:
    tree = home.ui.remindersList
    out = {}
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        kinds = {group.child(j).data(0, Qt.ItemDataRole.UserRole).kind for j in range(group.childCount())}
        (kind,) = kinds
        out[kind] = [group.child(j).text(0) for j in range(group.childCount())]
    return out


def test_reminders_are_grouped_most_pressing_first_with_counts(home) -> None:
    assert list(groups(home).items()) == [
        ("follow_up_overdue", ["李四"]),
        ("care_not_visited", ["张三"]),
        ("study_due", ["王五"]),
        ("birthday", ["李四"]),
    ]
    first = home.ui.remindersList.topLevelItem(0)
    assert first.text(0).endswith("(1)") or first.text(0).endswith("（1）")
    assert first.isExpanded() and first.isFirstColumnSpanned()


def item_for(home, kind: str) -> QTreeWidgetItem:
    tree = home.ui.remindersList
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        if group.child(0).data(0, Qt.ItemDataRole.UserRole).kind == kind:
            return group.child(0)
    raise AssertionError(kind)


def test_a_follow_up_opens_its_visit_and_a_person_reminder_opens_the_person(home, books, monkeypatch) -> None:
    from cadre_desk.ui import person_dialog, visit_dialog

    opened: list[tuple[str, str | None]] = []

    def visit_exec(dialog: QDialog) -> int:
        opened.append(("visit", dialog.visit_id))
        return QDialog.DialogCode.Rejected

    def person_exec(dialog: QDialog) -> int:
        opened.append(("person", dialog.person_id))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(visit_dialog.VisitDialog, "exec", visit_exec)
    monkeypatch.setattr(person_dialog.PersonDialog, "exec", person_exec)
    tree = home.ui.remindersList
    tree.itemDoubleClicked.emit(item_for(home, "follow_up_overdue"), 0)
    tree.setCurrentItem(item_for(home, "care_not_visited"))
    assert home.ui.openReminderButton.isEnabled() and home.ui.visitButton.isEnabled()
    home.ui.openReminderButton.click()
    assert opened == [("visit", books["visit"]), ("person", books["张三"])]


def test_recording_a_visit_from_a_reminder_clears_it(home, books, app: App, monkeypatch, qtbot) -> None:
    from cadre_desk.ui import visit_dialog

    def save_at_once(dialog: QDialog) -> int:
        assert dialog.ui.personEdit.person_id == books["王五"]
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(visit_dialog.VisitDialog, "exec", save_at_once)
    reminder: Reminder = item_for(home, "study_due").data(0, Qt.ItemDataRole.UserRole)
    assert home.record_visit(reminder)
    [visit] = [r for r in care_visits(app) if r.values["person_id"] == books["王五"]]
    assert visit.values["reason"] == "study" and visit.values["date"] == TODAY
    settle(home, qtbot)
    assert "study_due" not in groups(home)  # the page reloaded by the new visit


def care_visits(app: App) -> list[care.VisitDetail]:
    from sqlalchemy import select

    from cadre_desk.core.models import Visit

    with app.read() as s:
        ids = s.scalars(select(Visit.id).where(Visit.deleted.is_(False))).all()
    return [care.get_visit(app, vid) for vid in ids]


def test_reminder_settings_saved_from_the_settings_page(make_shell, app: App, books) -> None:
    window = make_shell(app, today=TODAY).open_main_window()
    page = window.go_to("settings")
    assert page.ui.careDaysSpin.value() == 30 and not page.ui.saveRemindersButton.isEnabled()
    page.ui.careDaysSpin.setValue(60)
    page.ui.absentSpin.setValue(6)
    assert page.ui.saveRemindersButton.isEnabled()
    page.ui.saveRemindersButton.click()
    assert reminder_settings(app) == ReminderSettings(care_visit_days=60, absent_months=6)
    assert not page.ui.saveRemindersButton.isEnabled()


def test_the_points_scheme_edited_in_its_dialog(app: App, qtbot) -> None:
    dialog = PointsDialog(app)
    qtbot.addWidget(dialog)
    assert dialog.ui.hourEdit.text() == "1"
    types = dialog.ui.typesTable
    names = [types.item(r, 0).text() for r in range(types.rowCount())]
    party_day = names.index("主题党日")
    assert types.item(party_day, 1).text() == "2"
    types.item(party_day, 1).setText("2.5")
    dialog.ui.hourEdit.setText("0.5")
    dialog.ui.roleCombo.setCurrentText("结对帮扶")
    dialog.add_role()
    roles = dialog.ui.rolesTable
    roles.item(roles.rowCount() - 1, 1).setText("4")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.changed
    scheme = points.points_scheme(app)
    assert scheme.per_hour == Decimal("0.50") and scheme.per_role["结对帮扶"] == Decimal("4.00")
    party_day_id = types.item(party_day, 0).data(Qt.ItemDataRole.UserRole)
    assert scheme.per_activity_type[party_day_id] == Decimal("2.50")


def test_a_bad_points_value_keeps_the_dialog_open_and_the_old_scheme(app: App, qtbot) -> None:
    before = points.points_scheme(app)
    dialog = PointsDialog(app)
    qtbot.addWidget(dialog)
    dialog.ui.hourEdit.setText("-1")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.ui.errorLabel.isHidden() and "负数" in dialog.ui.errorLabel.text()
    assert points.points_scheme(app) == before


def test_points_are_written_as_by_hand() -> None:
    assert [points_text(Decimal(v)) for v in ("2.00", "1.50", "0.25", "10", "0")] == ["2", "1.5", "0.25", "10", ""]
