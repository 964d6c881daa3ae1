"""Property: whatever the edits and however the bundles travel, every copy ends equal.

A district and two stations make random creates, edits, deletes, sign-ins and undone
sign-ins; bundles are written at random moments and delivered at random — twice, out of
order, or never (lost).  Then everyone exchanges fresh bundles, as staff do when a file
went missing, and every station must hold exactly what the district holds for it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadre_desk.core.errors import DomainError
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import people

from ..conftest import examples
from .sync_world import World, assert_converged, build_world, open_world, snapshot

PLACES = ("A", "B", "D")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = ("建国", "秀英", "援朝", "桂兰", "德明", "玉珍")
FIELDS = {
    "phone_mobile": [f"1380000{n:04d}" for n in range(6)],
    "address": [f"金湖路 {n} 号" for n in range(1, 6)],
    "notes": ["腿脚不便", "喜欢书法", "子女在外地", ""],
    "party_branch": ["第一党支部", "第二党支部"],
}

create = st.tuples(st.just("create"), st.sampled_from(("A", "B")), st.integers(0, 95))
edit = st.tuples(
    st.just("edit"), st.sampled_from(PLACES), st.integers(0, 50), st.sampled_from(sorted(FIELDS)), st.integers(0, 5)
)
remove = st.tuples(st.just("delete"), st.sampled_from(PLACES), st.integers(0, 50))
sign = st.tuples(st.just("sign"), st.sampled_from(("A", "B")), st.integers(0, 50))
unsign = st.tuples(st.just("unsign"), st.sampled_from(("A", "B")), st.integers(0, 50))
send = st.tuples(st.just("send"), st.sampled_from((("A", "D"), ("B", "D"), ("D", "A"), ("D", "B"))))
deliver = st.tuples(st.just("deliver"), st.integers(0, 50))
operation = st.one_of(create, create, edit, edit, edit, remove, sign, unsign, send, send, deliver, deliver, deliver)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_world(tmp_path_factory.mktemp("convergence") / "world")
    from cadre_desk.core.app import App

    for name in ("A", "B"):
        with App.open(root / name) as app:
            type_id = acts.activity_types(app)[0].id
            acts.create_activity(app, {"title": "学习会", "type_id": type_id, "date": dt.date(2026, 11, 5)})
    return root


_counter = itertools.count()


def _live_people(world: World, place: str) -> list[str]:
    rows = snapshot(world.apps[place])["people"]
    return sorted(pid for pid, r in rows.items() if not r["d"])


def _activity(world: World, place: str) -> str:
    return next(iter(snapshot(world.apps[place])["activities"]))


def _run(world: World, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    in_flight: list[tuple[str, Path]] = []
    for op in ops:
        kind, place = op[0], op[1]
        try:
            if kind == "create":
                n = op[2]
                name = SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)]
                people.create_person(world.apps[place], {"name": name, "category": "tuixiu"}, allow_similar=True)
            elif kind in ("edit", "delete"):
                live = _live_people(world, place)
                if not live:
                    continue
                pid = live[op[2] % len(live)]
                if kind == "delete":
                    people.delete_person(world.apps[place], pid)
                else:
                    field, values = op[3], FIELDS[op[3]]
                    people.update_person(
                        world.apps[place], pid, {field: values[op[4] % len(values)]}, allow_similar=True
                    )
            elif kind == "sign":
                live = _live_people(world, place)
                if live:
                    acts.check_in(world.apps[place], _activity(world, place), person_id=live[op[2] % len(live)])
            elif kind == "unsign":
                book = acts.check_in_book(world.apps[place], _activity(world, place)).entries
                if book:
                    acts.undo_check_in(world.apps[place], book[op[2] % len(book)].id)
            elif kind == "send":
                src, dst = place
                in_flight.append((dst, world.export(src, dst)))
            elif kind == "deliver" and in_flight:
                dst, path = in_flight[place % len(in_flight)]  # may be delivered again, or out of order
                world.deliver(path, dst)
        except DomainError:
            pass  # e.g. a person already signed in: the app refuses, as it would for staff
    world.settle()


@settings(max_examples=examples(20))  # the profile sets the rest (tests/conftest.py)
@given(ops=st.lists(operation, min_size=4, max_size=24))
def test_every_copy_ends_equal(template: Path, tmp_path: Path, ops: list[tuple]) -> None:  # type: ignore[type-arg]
    dest = tmp_path / f"run{next(_counter)}"
    for world in open_world(template, dest):
        _run(world, ops)
        assert_converged(world)
    shutil.rmtree(dest, ignore_errors=True)
