"""Demo loading: cancelling leaves the books as they were."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cadre_desk.core.app import App
from cadre_desk.core.check import run_check
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import Activity, AuditEntry, CheckIn, Person
from cadre_desk.core.services import demo, setup


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


def test_demo_district_holds_each_stations_books(tmp_path) -> None:
    """``demo --stations``: a district office holding the books of its stations, as their
    bundles would bring them; every record is in the books of its person's station."""
    import datetime as dt

    from cadre_desk.core.errors import DomainError
    from cadre_desk.core.ledgers.data import read_district_summary
    from cadre_desk.core.models import ActivityInvitee, Visit
    from cadre_desk.core.services import sync
    from cadre_desk.core.services.scope import is_district, report_stations

    today = dt.date(2026, 11, 15)
    with App.open(tmp_path / "district") as app:
        summary = demo.load_demo(app, members=600, months=3, stations=3, images=False, today=today)
        assert is_district(app)
        assert summary.stations == 3 and summary.people == 600
        assert summary.signatures == summary.photos == 0
        names = [s.name for s in report_stations(app)]
        assert sorted(names) == sorted(n for n, *_ in demo.DEMO_STATIONS[:3])
        with app.read() as s:
            per_station = dict(s.execute(select(Person.station_id, func.count()).group_by(Person.station_id)).all())
            assert len(per_station) == 3 and sum(per_station.values()) == 600
            assert min(per_station.values()) > 100  # spread over the stations, unevenly
            # no sign-in, invitation or visit crosses from one station's books to another's
            crossing = (
                select(func.count())
                .select_from(CheckIn)
                .join(Activity, Activity.id == CheckIn.activity_id)
                .join(Person, Person.id == CheckIn.person_id)
                .where(Person.station_id != Activity.station_id)
            )
            assert s.scalar(crossing) == 0
            invited = (
                select(func.count())
                .select_from(ActivityInvitee)
                .join(Activity, Activity.id == ActivityInvitee.activity_id)
                .join(Person, Person.id == ActivityInvitee.person_id)
                .where(Person.station_id != Activity.station_id)
            )
            assert s.scalar(invited) == 0
            visits = select(func.count()).select_from(Visit).join(Person).where(Person.station_id != Visit.station_id)
            assert s.scalar(visits) == 0
            ids = s.scalars(select(Person.id_number)).all()
            assert len(set(ids)) == len(ids)  # one ID number, one person, across the district
        # the stations are enrolled, and what came from them is not waiting to go back
        stations = [p for p in sync.peers(app) if p.kind == "station"]
        assert len(stations) == 3 and all(p.status == "active" and p.pending == 0 for p in stations)
        year = read_district_summary(app, 2026, today=today)
        assert len(year.rows) == 3 and 0 < year.total.roster.people <= 600  # those in the books now
        assert year.total.figures.activities > 0
        assert run_check(app).ok
        with pytest.raises(DomainError, match="已有名册"):
            demo.load_demo(app, members=10, stations=2)
    with App.open(tmp_path / "station") as app:
        setup.initialise(app, kind="station", profile=demo.DEMO_PROFILE, admin_username="a", admin_password="secret123")
        with pytest.raises(DomainError, match="这个数据目录是驿站"):
            demo.load_demo(app, members=20, stations=2)
        demo.load_demo(app, members=20, months=1, images=False, today=today)  # a station's demo still loads


def test_demo_texts_agree_with_its_data(tmp_path) -> None:
    """Each record's head count is the sign-in's 实到; titles are quoted once; everyone in the
    talent pool has served (hours show in the talent export); activities after today are plans
    with no sign-in; the demo's people are on the books of every demo month."""
    import datetime as dt
    import re

    from cadre_desk.core.ledgers.data import read_month
    from cadre_desk.core.services.talent import talent_pool

    today = dt.date(2026, 11, 18)
    with App.open(tmp_path / "station") as app:
        demo.load_demo(app, members=120, months=3, images=False, today=today, seed=11)
        with app.read() as s:
            activities = s.scalars(select(Activity).where(Activity.deleted.is_(False))).all()
            present = dict(
                s.execute(
                    select(CheckIn.activity_id, func.count())
                    .where(CheckIn.status.in_(("signed", "proxy")), CheckIn.deleted.is_(False))
                    .group_by(CheckIn.activity_id)
                ).all()
            )
            signed_later = s.scalar(
                select(func.count()).select_from(CheckIn).join(Activity).where(Activity.date > today)
            )
        assert signed_later == 0
        for a in activities:
            assert "““" not in a.record and "””" not in a.record and "““" not in a.title
            counts = [int(n) for n in re.findall(r"(\d+)名", a.record)]
            if a.date > today:
                assert counts == [] and a.record == ""
            else:
                assert counts and all(n == present.get(a.id, 0) for n in counts), (a.title, a.record)
        pool = talent_pool(app, today=today)
        assert len(pool) >= 10
        assert all(t.hours_total > 0 for t in pool), [t.name for t in pool if not t.hours_total]
        for month in (9, 10, 11):
            book = read_month(app, 2026, month, ["roster", "activities"], today=today)
            assert len(book.roster) >= 80
            assert all(a.held == (a.date <= today) for a in book.activities)
