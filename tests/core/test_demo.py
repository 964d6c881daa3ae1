"""Demo loading: cancelling leaves the books as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cadre_desk.core.app import App
from cadre_desk.core.check import run_check
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import Activity, AuditEntry, CheckIn, Person
from cadre_desk.core.services import demo


def test_cancel_during_image_generation_writes_no_rows(app: App) -> None:
    token = CancelToken()
    messages: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        messages.append(message)
        if "签名和照片" in message:
            token.cancel()

    with app.read() as s:
        audits_before = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(Cancelled):
        demo.load_demo(app, members=40, months=3, progress=progress, cancel=token)
    assert any("签名和照片" in m for m in messages)
    with app.read() as s:
        for model in (Person, Activity, CheckIn):
            assert s.scalar(select(func.count()).select_from(model)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits_before
    report = run_check(app)
    assert report.ok, report.problems  # images already written are only unreferenced files
