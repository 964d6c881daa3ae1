"""报表打印 and month close (月结归档): each month's state, the close button, the archive."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from cadre_desk.core.app import Actor, App
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import months, people
from cadre_desk.core.services.scope import ALL_STATIONS
from cadre_desk.ui.jobs import JobRunner
from cadre_desk.ui.pages.base import Context
from cadre_desk.ui.pages.reports import ReportsPage
from cadre_desk.ui.pdf_preview import PdfPreviewDialog
from cadre_desk.ui.settings import LayoutState, Settings

from ..core.sync_world import build_world, open_world

TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)


def page_for(qtbot, app: App, actor: Actor, *, today: dt.date | None = None) -> ReportsPage:
    app.actor = actor
    root = app.layout.root
    page = ReportsPage(Context(app, JobRunner(inline=True), Settings(root), LayoutState(root)), today=today)
    qtbot.addWidget(page)
    page.show()
    page.load()
    return page


def rows(page: ReportsPage) -> dict[str, str]:
    tree = page.ui.monthList
    return {tree.topLevelItem(i).text(0): tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}


def test_an_administrator_closes_last_month_and_it_then_previews_as_archived(
    qtbot, demo_app: App, answers: dict[str, list[str]]
) -> None:
    page = page_for(qtbot, demo_app, Actor("admin-id", "王管理", "admin"))
    page.ui.monthEdit.setDate(QDate(LAST_MONTH.year, LAST_MONTH.month, 1))
    key = f"{LAST_MONTH:%Y-%m}"
    assert rows(page)[key] == "未归档"
    assert "未归档" in page.ui.monthStateLabel.text()
    assert page.ui.closeButton.isVisible() and page.ui.closeButton.isEnabled()
    assert page.ui.closeButton.text() == "月结归档(&C)…"
    assert not page.ui.archiveButton.isEnabled() and not page.ui.regenerateCheck.isVisible()

    page.ui.closeButton.click()
    qtbot.waitUntil(lambda: page.state is not None and page.state.state == months.CLOSED, timeout=60_000)
    assert key in answers["question"][0] and "月结归档" in answers["question"][0]
    assert rows(page)[key] == "已归档"
    assert "由王管理月结归档" in page.ui.monthStateLabel.text()
    assert not page.ui.closeButton.isEnabled()  # closed, nothing corrected since
    assert page.ui.archiveButton.isEnabled() and page.ui.regenerateCheck.isVisible()
    assert page.ui.generateButton.text() == "预览归档文件(&P)"

    page.ui.generateButton.click()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "preview", None), PdfPreviewDialog))
    shown = Path(page.preview.path)
    assert "归档原件" in shown.name and shown.parent == demo_app.layout.reports
    close = page.state.close  # type: ignore[union-attr]
    assert hashlib.sha256(shown.read_bytes()).hexdigest() == close.pdf_sha256
    page.preview.reject()

    # a correction shows; closing again is offered; regenerating is the 更正记录 print
    first = next(a for a in acts.month_activities(demo_app, LAST_MONTH.year, LAST_MONTH.month))
    acts.update_activity(demo_app, first.id, {"place": "社区会议室（更正）"})
    page.refresh()
    page.load()
    assert rows(page)[key].startswith("归档后有更正")
    assert page.ui.closeButton.isEnabled() and page.ui.closeButton.text() == "重新归档(&C)…"
    page.ui.regenerateCheck.setChecked(True)
    assert page.ui.generateButton.text() != "预览归档文件(&P)"
    page.preview = None
    page.ui.generateButton.click()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "preview", None), PdfPreviewDialog), timeout=60_000)
    assert page.last_result.parts[0][0].endswith("更正记录（重新生成，含更正）")
    page.preview.reject()


def test_the_current_month_cannot_be_closed_and_operators_see_no_close_button(qtbot, demo_app: App) -> None:
    admin = page_for(qtbot, demo_app, Actor("admin-id", "王管理", "admin"))
    assert admin.month() == (TODAY.year, TODAY.month)
    assert not admin.ui.closeButton.isEnabled()
    operator = page_for(qtbot, demo_app, Actor("op-id", "张丽", "operator"))
    assert operator.ui.closeButton.isHidden()
    assert set(rows(operator).values()) == {"未归档"}


@pytest.fixture
def district_with_a_closed_month(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[App]:
    template = build_world(tmp_path_factory.mktemp("close-ui") / "world", ("A",))
    for world in open_world(template, tmp_path / "world"):
        a = world.apps["A"]
        wang = people.create_person(a, {"name": "王建国", "category": "tuixiu"})
        values = {"title": "重阳节座谈会", "type_id": acts.activity_types(a)[0].id, "date": dt.date(2026, 10, 29)}
        acts.create_activity(a, values, [wang])
        a.actor = Actor("admin-id", "王管理", "admin")
        months.close_month(a, 2026, 10, today=dt.date(2026, 12, 7))
        world.exchange("A", "D")
        yield world.apps["D"]
    shutil.rmtree(tmp_path / "world", ignore_errors=True)


def test_the_district_sees_which_stations_closed_which_months(qtbot, district_with_a_closed_month: App) -> None:
    page = page_for(qtbot, district_with_a_closed_month, Actor("d-admin", "区管理员", "admin"))
    combo = page.ui.stationCombo
    combo.setCurrentIndex(combo.findData(ALL_STATIONS))
    page.load()
    assert rows(page) == {"金湖路社区老干部驿站 · 2026-10": "已归档"}
    assert page.ui.monthList.topLevelItem(0).text(2).endswith("王管理")
    assert page.ui.closeButton.isHidden()  # stations close their months, the district does not


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_the_activity_form_says_before_saving_that_the_month_is_closed(
    qtbot, demo_app: App, answers: dict[str, list[str]], role: str
) -> None:
    from cadre_desk.ui.activity_dialog import ActivityDialog

    demo_app.actor = Actor("admin-id", "王管理", "admin")
    months.close_month(demo_app, LAST_MONTH.year, LAST_MONTH.month)
    activity = next(iter(acts.month_activities(demo_app, LAST_MONTH.year, LAST_MONTH.month)))
    page = page_for(qtbot, demo_app, Actor(f"{role}-id", "张丽", role))
    dialog = ActivityDialog(page.ctx, activity.id)
    qtbot.addWidget(dialog)
    dialog.ui.placeCombo.setCurrentText("社区会议室（更正）")
    dialog.save()
    period = f"{LAST_MONTH.year}年{LAST_MONTH.month}月"
    state = months.month_state(demo_app, LAST_MONTH.year, LAST_MONTH.month)
    if role == "admin":
        (asked,) = answers["question"]
        assert f"{period}的台账已于" in asked and "作为对已归档月份的更正" in asked
        assert dialog.result() == dialog.DialogCode.Accepted
        assert state.state == months.CORRECTED
    else:
        (told,) = answers["warning"]
        assert f"{period}的台账已于" in told and "只有管理员可以更正" in told
        assert dialog.result() != dialog.DialogCode.Accepted
        assert state.state == months.CLOSED
