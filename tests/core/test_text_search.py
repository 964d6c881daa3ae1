"""Search as you type through the trigram index: what staff type finds the right people,
and the index follows every change to the roster in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from cadre_desk.core import textindex
from cadre_desk.core.app import App
from cadre_desk.core.services import people
from cadre_desk.core.services.activities import find_people
from cadre_desk.core.services.roster import RosterFilter, RosterListing
from cadre_desk.core.validators import gb11643_check_digit


def id_number(first17: str) -> str:
    return first17 + gb11643_check_digit(first17)


def names(app: App, text: str) -> list[str]:
    listing = RosterListing(RosterFilter())
    listing.count(app, text)
    return [row[1] for row in listing.rows(app, text, 0, 200)]


@pytest.fixture
def roster(app: App) -> dict[str, str]:
    made = {}
    for name, first17, phone in (
        ("张三丰", "37020219520608123", "13812345678"),
        ("赵顺", "37020219480101234", "13956781234"),
        ("曾红华", "37020219551111345", "15000004821"),
        ("王志胜", "37020219600202456", ""),
    ):
        made[name] = people.create_person(
            app, {"name": name, "category": "退休", "id_number": id_number(first17), "phone_mobile": phone}
        )
    return made


def test_this_sqlite_has_the_trigram_index() -> None:
    """The app's SQLite (Python's own, and the packaged one) has FTS5 trigrams; without them
    search still works, by scanning, and this test says so instead of passing quietly."""
    assert textindex.available()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        # one or two characters: the start of the initials, pinyin, ID number or phone …
        ("zs", {"张三丰", "赵顺"}),
        ("ZS", {"张三丰", "赵顺"}),
        ("zh", {"张三丰", "赵顺", "曾红华"}),  # 曾 reads zeng (and ceng): initials zhh
        ("z", {"张三丰", "赵顺", "曾红华"}),  # not 王志胜 (wzs)
        ("sf", set()),  # not in the middle
        ("13", {"张三丰", "赵顺"}),  # phones 138…, 139…
        # … or any character of the name
        ("三", {"张三丰"}),
        ("华", {"曾红华"}),
        ("三丰", {"张三丰"}),
        # three or more: anywhere
        ("zsf", {"张三丰"}),
        ("zhangsan", {"张三丰"}),
        ("sanfeng", {"张三丰"}),
        ("zhisheng", {"王志胜"}),
        ("4821", {"曾红华"}),  # the end of a phone number
        ("0608", {"张三丰"}),  # digits inside an ID number
        ("ceng", {"曾红华"}),  # every reading of a surname
        ("zeng", {"曾红华"}),
        ("张三丰", {"张三丰"}),
        ("xyz", set()),
    ],
)
def test_what_staff_type_finds(app: App, roster: dict[str, str], typed: str, found: set[str]) -> None:
    assert set(names(app, typed)) == found


def test_the_index_follows_renames_deletions_and_new_people(app: App, roster: dict[str, str]) -> None:
    people.update_person(app, roster["王志胜"], {"name": "王志强", "phone_mobile": "18600001111"})
    assert names(app, "志强") == ["王志强"]
    assert names(app, "志胜") == []
    assert names(app, "0000111") == ["王志强"]
    people.delete_person(app, roster["赵顺"])
    assert names(app, "赵") == []
    assert [p.name for p in find_people(app, "zs")] == ["张三丰"]
    people.create_person(app, {"name": "赵顺", "category": "离休"})
    assert names(app, "赵顺") == ["赵顺"]


def test_a_failed_write_leaves_the_index_as_the_roster(app: App, roster: dict[str, str]) -> None:
    with pytest.raises(RuntimeError), app.transaction() as tx:
        tx.session.execute(
            people.Person.__table__.update()  # type: ignore[attr-defined]
            .where(people.Person.id == roster["张三丰"])
            .values(name="李四")
        )
        raise RuntimeError("cut short")
    assert names(app, "张三丰") == ["张三丰"]
    assert names(app, "李四") == []


def test_check_finds_an_index_out_of_step_with_the_roster(app: App, roster: dict[str, str]) -> None:
    """VACUUM (by an outside tool) renumbers the rows the index points at: the check says so."""
    from cadre_desk.core.check import run_check

    assert run_check(app).ok
    with app.transaction() as tx:  # the index loses its rows, as after a renumbering
        tx.session.execute(text("INSERT INTO people_fts(people_fts) VALUES ('delete-all')"))
    report = run_check(app)
    assert any("搜索索引与名册不一致" in p and "张三丰" in p for p in report.problems), report.problems
