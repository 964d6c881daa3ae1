"""A closed month (月结归档) travels to the district with the next bundle: the close, the
archived PDF and Excel files, and later the corrections."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadre_desk.core.app import Actor
from cadre_desk.core.check import run_check
from cadre_desk.core.errors import DomainError
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import media, months, people, photos

from .sync_world import World, assert_converged, build_world, open_world, photo_bytes

ADMIN = Actor("admin-id", "王管理", "admin")
TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="session")
def close_world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("close-sync") / "world", ("A",))


@pytest.fixture
def world(close_world_template: Path, tmp_path: Path) -> Iterator[World]:
    yield from open_world(close_world_template, tmp_path / "world")


def test_a_closed_month_and_its_archive_reach_the_district_and_the_district_lists_it(
    world: World, tmp_path: Path
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = people.create_person(a, {"name": "王建国", "category": "tuixiu"})
    type_id = acts.activity_types(a)[0].id
    values = {"title": "重阳节座谈会", "type_id": type_id, "date": dt.date(2026, 10, 29)}
    activity = acts.create_activity(a, values, [wang])
    info = media.store_image(a, photo_bytes(3), "座谈会.jpg")
    with a.transaction() as tx:
        photos.attach_stored(tx, "activity", activity, [("座谈会.jpg", info)])
    acts.check_in(a, activity, person_id=wang)
    a.actor = ADMIN
    closed = months.close_month(a, 2026, 10, today=TODAY).close

    bundle = world.export("A", "D")
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
    assert f"media/originals/{closed.pdf_sha256}.pdf" in names
    assert f"media/originals/{closed.xlsx_sha256}.xlsx" in names
    assert not [n for n in names if closed.pdf_sha256 in n and "originals" not in n]  # no thumbnails of a PDF
    world.deliver(bundle, "D")

    (listed,) = months.closed_months(d)
    assert (listed.station, listed.month, listed.label) == ("金湖路社区老干部驿站", "2026-10", "已归档")
    assert listed.close is not None and listed.close.closed_by == "王管理" and listed.close.pages == closed.pages
    a_id = world.station_id("A")
    copy = tmp_path / "区里收到的.pdf"
    months.copy_archived(d, 2026, 10, copy, station_id=a_id)
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == closed.pdf_sha256
    book = tmp_path / "区里收到的.xlsx"
    months.copy_archived(d, 2026, 10, book, station_id=a_id)
    assert hashlib.sha256(book.read_bytes()).hexdigest() == closed.xlsx_sha256
    assert run_check(d).ok

    # a correction at the station reaches the district as one
    acts.update_activity(a, activity, {"place": "社区党群服务中心"})
    world.exchange("A", "D")
    (listed,) = months.closed_months(d)
    assert (listed.label, listed.corrections) == ("归档后有更正", 1)
    world.settle()
    assert_converged(world)


def test_the_district_does_not_close_months_itself(world: World) -> None:
    d = world.apps["D"]
    d.actor = ADMIN
    with pytest.raises(DomainError, match="月结归档由各驿站做"):
        months.close_month(d, 2026, 10, today=TODAY)
