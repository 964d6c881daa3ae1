"""Offline sync by file: enrolment, bundles both ways, trust, merge, conflicts, photos."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cadre_desk.core.app import App
from cadre_desk.core.check import run_check
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import Activity, ActivityType, MediaFile, OrgUnit, Person, PointsRule, Station, SyncBundle
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import media, people, photos, stations, sync
from cadre_desk.core.services.setup import StationProfile, initialise
from cadre_desk.core.sync import bundle as bundle_format
from cadre_desk.core.sync.bundle import BundleError

from .sync_world import (
    PASSWORD,
    World,
    assert_converged,
    audit_ids,
    build_world,
    open_world,
    photo_bytes,
    snapshot,
)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("sync") / "world")


@pytest.fixture
def world(world_template: Path, tmp_path: Path) -> Iterator[World]:
    yield from open_world(world_template, tmp_path / "world")


def add_person(app: App, name: str, **values: object) -> str:
    return people.create_person(app, {"name": name, "category": "tuixiu", **values})


def person(app: App, person_id: str) -> Person:
    with app.read() as s:
        found = s.get(Person, person_id)
        assert found is not None
        return found


def type_id(app: App) -> str:
    return acts.activity_types(app)[0].id


def add_activity_with_photo(app: App, seed: int, person_id: str) -> tuple[str, str]:
    activity = acts.create_activity(
        app, {"title": "重阳节座谈会", "type_id": type_id(app), "date": dt.date(2026, 10, 29)}, [person_id]
    )
    info = media.store_image(app, photo_bytes(seed), "座谈会.jpg")
    with app.transaction() as tx:
        photos.attach_stored(tx, "activity", activity, [("座谈会.jpg", info)])
    acts.check_in(app, activity, person_id=person_id)
    return activity, info.sha256


# -- enrolment --------------------------------------------------------------------------


def test_enrolment_adopts_the_district_reference_data_and_keeps_the_station_books(tmp_path: Path) -> None:
    root = tmp_path / "w"
    with App.open(root / "D") as d:
        initialise(
            d,
            kind="district",
            profile=StationProfile(name="市南区老干部局", district="市南区"),
            admin_username="admin",
            admin_password=PASSWORD,
        )
        made = stations.add_station(d, "金湖路社区老干部驿站", root / "a.cdenrol", community="金湖路社区")
        district_types = {t.name: t.id for t in acts.activity_types(d)}
    with App.open(root / "A") as a:
        initialise(
            a,
            kind="station",
            profile=StationProfile(name="金湖路驿站", district="市南区", community="金湖路社区"),
            admin_username="admin",
            admin_password=PASSWORD,
        )
        someone = add_person(a, "王建国", phone_mobile="13800001111")
        study = next(t.id for t in acts.activity_types(a) if t.name == "学习教育")
        activity = acts.create_activity(a, {"title": "学习会", "type_id": study, "date": dt.date(2026, 11, 5)})
        setup_file = stations.read_setup(root / "a.cdenrol")
        assert setup_file.fingerprint == made.district_fingerprint  # what the person compares by phone
        stations.enrol(a, root / "a.cdenrol")
        with a.read() as s:
            # the district's station record and activity types replace the ones made at setup
            assert {st.id for st in s.scalars(select(Station))} == {
                made.station_id,
                setup_file.body["district"]["station_id"],
            }
            assert person(a, someone).station_id == made.station_id
            assert {t.name: t.id for t in s.scalars(select(ActivityType))} == district_types
            assert s.get(Activity, activity).type_id == district_types["学习教育"]  # type: ignore[union-attr]
            rule_targets = set(s.scalars(select(PointsRule.target).where(PointsRule.kind == "activity_type")))
            assert rule_targets <= set(district_types.values())
            assert s.scalar(select(func.count()).select_from(OrgUnit)) == s.scalar(
                select(func.count()).select_from(OrgUnit).where(OrgUnit.origin != a.install_id)
            )
        with pytest.raises(DomainError, match="已经加入"):
            stations.enrol(a, root / "a.cdenrol")
        assert run_check(a).ok


def test_a_setup_file_that_was_altered_is_refused(tmp_path: Path, world_template: Path) -> None:
    data = json.loads((world_template / "A.cdenrol").read_text(encoding="utf-8"))
    data["station"]["name"] = "别的驿站"
    forged = tmp_path / "forged.cdenrol"
    forged.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DomainError, match="不是有效的入网文件"):
        stations.read_setup(forged)


def test_fingerprints_on_both_sides_match(world: World) -> None:
    district = sync.identity(world.apps["D"])
    station = sync.identity(world.apps["A"])
    world.exchange("A", "D")
    at_station = {p.kind: p for p in sync.peers(world.apps["A"])}
    at_district = {p.name: p for p in sync.peers(world.apps["D"])}
    assert at_station["district"].fingerprint == district.fingerprint
    assert at_district[station.name].fingerprint == station.fingerprint
    assert at_district[station.name].status == "active"
    assert len(station.fingerprint.split()) == 8


# -- the scripted run of the issue ---------------------------------------------------------


def test_edits_on_both_sides_with_duplicates_and_out_of_order_bundles_end_equal(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国", phone_mobile="13800001111")
    li = add_person(a, "李秀英", address="金湖路 8 号")
    activity, _ = add_activity_with_photo(a, 1, wang)
    old_bundle = world.export("A", "D")
    people.update_person(a, wang, {"address": "金湖路 12 号"})
    new_bundle = world.export("A", "D")
    # the newer bundle first, then the older one, then the newer again
    assert world.deliver(new_bundle, "D").result == "ok"
    assert world.deliver(old_bundle, "D").result == "ok"
    assert world.deliver(new_bundle, "D").result == "duplicate"
    assert person(d, wang).address == "金湖路 12 号"

    # the district corrects the roster; the station records a visit meanwhile
    people.update_person(d, li, {"phone_mobile": "13912345678"})
    people.delete_person(d, wang)
    world.exchange("D", "A")
    assert person(a, li).phone_mobile == "13912345678"
    assert person(a, wang).deleted
    acts.undo_check_in(a, acts.check_in_book(a, activity).entries[0].id)
    world.settle()
    assert_converged(world)
    world.exchange("A", "D")  # carries the audit entry of the station's last import too
    assert audit_ids(a) <= audit_ids(d)  # the district holds the whole audit trail
    # nothing is left waiting once both sides have confirmed
    assert sync.pending_count(a) == 0
    assert sync.pending_count(d, world.station_id("A")) == 0


def test_the_district_sends_each_station_only_its_own_books(world: World) -> None:
    add_person(world.apps["A"], "王建国")
    add_person(world.apps["B"], "赵德明")
    world.settle()
    a_names = {r["v"]["name"] for r in snapshot(world.apps["A"])["people"].values()}
    d_names = {r["v"]["name"] for r in snapshot(world.apps["D"])["people"].values()}
    assert a_names == {"王建国"}
    assert d_names == {"王建国", "赵德明"}
    assert_converged(world)


def test_reference_data_from_the_district_reaches_every_station(world: World) -> None:
    new_type = acts.add_activity_type(world.apps["D"], "红色观影")
    world.settle()
    for name in ("A", "B"):
        assert new_type in {t.id for t in acts.activity_types(world.apps[name])}


# -- trust ----------------------------------------------------------------------------------


def test_a_byte_changed_anywhere_or_a_truncated_file_is_refused_and_nothing_changes(
    world: World, tmp_path: Path
) -> None:
    a, d = world.apps["A"], world.apps["D"]
    add_activity_with_photo(a, 2, add_person(a, "王建国"))
    good = world.export("A", "D")
    data = good.read_bytes()
    before = snapshot(d)
    media_before = sorted(p.name for p in (d.layout.media / "originals").rglob("*.jpg"))
    n = len(data)
    positions = sorted({*range(0, 64), *range(n - 200, n), *range(0, n, max(1, n // 150))})
    bad = tmp_path / "bad.cdsync"
    for pos in positions:
        flipped = bytearray(data)
        flipped[pos] ^= 0x01
        bad.write_bytes(bytes(flipped))
        with pytest.raises(BundleError):
            sync.import_bundle(d, bad)
    for length in (0, 10, n // 3, n // 2, n - bundle_format.SIG_LEN, n - 1):
        bad.write_bytes(data[:length])
        with pytest.raises(BundleError):
            sync.import_bundle(d, bad)
    assert snapshot(d) == before
    assert sorted(p.name for p in (d.layout.media / "originals").rglob("*.jpg")) == media_before
    with d.read() as s:
        refused = s.scalar(select(func.count()).select_from(SyncBundle).where(SyncBundle.result == "rejected"))
    assert refused == len(positions) + 6
    # and the good one still goes in
    assert sync.import_bundle(d, good).result == "ok"


def _resign(path: Path, out: Path, app: App, change: dict[str, object]) -> None:
    """A copy of a bundle with its manifest changed and re-signed with ``app``'s own key."""
    from cadre_desk.core.sync import keys

    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
        writer = bundle_format.BundleWriter(out)
        writer.begin_changes()
        writer.write_records([json.loads(line) for line in z.read("changes.jsonl").splitlines() if line])
        writer.end_changes()
        for name in z.namelist():
            if name.startswith("media/"):
                data = z.read(name)
                writer.add_bytes(name, data, hashlib.sha256(data).hexdigest())
    with app.read() as s:
        key = keys.load(s)
    assert key is not None
    manifest.pop("members")
    writer.finish({**manifest, **change}, key)


def test_bundles_from_strangers_other_districts_revoked_stations_or_new_versions_are_refused(
    world: World, tmp_path: Path
) -> None:
    a, b, d = world.apps["A"], world.apps["B"], world.apps["D"]
    world.exchange("A", "D")  # the district has pinned A's key
    add_person(a, "王建国")
    good = world.export("A", "D")
    before = snapshot(d)
    # signed by another station's key, claiming to be A
    forged = tmp_path / "forged.cdsync"
    _resign(good, forged, b, {})
    with pytest.raises(BundleError, match="签名不对"):
        sync.import_bundle(d, forged)
    # meant for another district
    other = tmp_path / "other.cdsync"
    _resign(good, other, a, {"district_id": "0190c0de-0000-7000-8000-000000000000"})
    with pytest.raises(BundleError, match="另一个区"):
        sync.import_bundle(d, other)
    # a format this version does not know
    newer = tmp_path / "newer.cdsync"
    _resign(good, newer, a, {"version": bundle_format.VERSION + 1})
    with pytest.raises(BundleError, match="版本"):
        sync.import_bundle(d, newer)
    # meant for another station (whose key this one does not know: refused before it is read)
    with pytest.raises(BundleError, match=r"签名不对.*发给其他单位"):
        sync.import_bundle(b, good)
    # a station that was revoked
    stations.revoke_station(d, world.station_id("A"))
    with pytest.raises(BundleError, match="停用"):
        sync.import_bundle(d, good)
    assert snapshot(d)["people"] == before["people"]
    # not a bundle at all
    junk = tmp_path / "junk.cdsync"
    junk.write_bytes(b"hello")
    with pytest.raises(BundleError, match="不是本程序的同步数据包"):
        sync.import_bundle(d, junk)


def test_a_station_cannot_send_another_stations_books(world: World, tmp_path: Path) -> None:
    a, d = world.apps["A"], world.apps["D"]
    add_person(a, "王建国")
    good = world.export("A", "D")
    with zipfile.ZipFile(good) as z:
        records = [json.loads(line) for line in z.read("changes.jsonl").splitlines() if line]
    for r in records:
        if r["t"] == "people":
            r["v"]["station_id"] = world.station_id("B")
    from cadre_desk.core.sync import keys

    out = tmp_path / "sly.cdsync"
    writer = bundle_format.BundleWriter(out)
    writer.begin_changes()
    writer.write_records(records)
    writer.end_changes()
    with zipfile.ZipFile(good) as z:
        manifest = json.loads(z.read("manifest.json"))
    manifest.pop("members")
    with a.read() as s:
        writer.finish(manifest, keys.load(s))  # type: ignore[arg-type]
    with pytest.raises(BundleError, match="不属于"):
        sync.import_bundle(d, out)
    assert snapshot(d)["people"] == {}


def test_a_new_stations_first_bundle_must_prove_it_holds_the_setup_file(world_template: Path, tmp_path: Path) -> None:
    with App.open(tmp_path / "D2") as d2:
        initialise(
            d2,
            kind="district",
            profile=StationProfile(name="崂山区老干部局", district="崂山区"),
            admin_username="admin",
            admin_password=PASSWORD,
        )
    # a copy of the world where A's setup secret was replaced before A sent anything
    root = tmp_path / "w"
    from shutil import copytree

    copytree(world_template, root)
    with App.open(root / "D") as d:
        a_id = stations.find_station(d, "金湖路社区老干部驿站")
        stations.reissue_setup(d, a_id, tmp_path / "again.cdenrol")
        with App.open(root / "A") as a:
            add_person(a, "王建国")
            bundle = tmp_path / "a.cdsync"
            sync.export_bundle(a, bundle)
        with pytest.raises(BundleError, match="入网文件"):
            sync.import_bundle(d, bundle)
        assert snapshot(d)["people"] == {}


# -- merge and conflicts ----------------------------------------------------------------------


def test_concurrent_edits_of_one_field_become_a_conflict_that_a_person_settles(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国", phone_mobile="13800001111", address="金湖路 1 号")
    world.settle()
    people.update_person(a, wang, {"phone_mobile": "13800002222"})  # at the station
    people.update_person(d, wang, {"phone_mobile": "13900003333", "address": "金湖路 2 号"})  # at the district
    world.exchange("A", "D")
    found = sync.conflicts(d)
    assert [(c.field, c.local_value, c.remote_value) for c in found] == [("phone_mobile", "13900003333", "13800002222")]
    assert found[0].label == "王建国"
    # the later edit (the district's) stands meanwhile; the other field merged without a conflict
    assert found[0].current == "local"
    assert person(d, wang).phone_mobile == "13900003333"
    assert person(d, wang).address == "金湖路 2 号"
    # the officer phones the station and keeps the station's number
    sync.resolve_conflict(d, found[0].seq, "remote")
    assert person(d, wang).phone_mobile == "13800002222"
    assert sync.conflicts(d) == []
    world.settle()
    assert person(a, wang).phone_mobile == "13800002222"
    assert person(a, wang).address == "金湖路 2 号"
    assert sync.conflicts(a) == []  # the station's copy of the conflict was settled by the choice
    assert_converged(world)


def test_sequential_edits_are_not_conflicts(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国", phone_mobile="13800001111")
    world.settle()
    people.update_person(d, wang, {"phone_mobile": "13900003333"})
    world.exchange("D", "A")
    people.update_person(a, wang, {"phone_mobile": "13800002222"})
    world.settle()
    assert sync.conflicts(a) == [] and sync.conflicts(d) == []
    assert person(d, wang).phone_mobile == "13800002222"


def test_a_deleted_sign_in_stays_deleted_and_sign_ins_are_never_rewritten(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国")
    activity, _ = add_activity_with_photo(a, 3, wang)
    world.settle()
    acts.undo_check_in(a, acts.check_in_book(a, activity).entries[0].id)
    world.settle()
    assert acts.check_in_book(d, activity).entries == []
    assert_converged(world)


# -- photos ----------------------------------------------------------------------------------


def test_a_photo_travels_once_and_only_once(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国")
    activity, sha = add_activity_with_photo(a, 4, wang)
    first = world.export("A", "D")
    with zipfile.ZipFile(first) as z:
        carried = [n for n in z.namelist() if sha in n]
    assert sorted(carried) == sorted([f"media/originals/{sha}.jpg", f"media/print/{sha}.jpg", f"media/thumb/{sha}.jpg"])
    world.deliver(first, "D")
    assert d.media.verify(sha, "jpg") is None
    assert d.media.thumb_path(sha).exists() and d.media.print_path(sha).exists()
    with d.read() as s:
        assert s.get(MediaFile, sha) is not None
    # the district confirms; the station's next bundles carry the record changes, not the photo
    world.exchange("D", "A")
    photo = photos.list_photos(a, "activity", activity)[0]
    photos.set_caption(a, photo.id, "重阳节座谈会现场")
    second = world.export("A", "D")
    with zipfile.ZipFile(second) as z:
        assert not [n for n in z.namelist() if n.startswith("media/")]
    world.deliver(second, "D")
    assert photos.list_photos(d, "activity", activity)[0].caption == "重阳节座谈会现场"
    # the district does not send the station its own photo back
    back = world.export("D", "A")
    with zipfile.ZipFile(back) as z:
        assert not [n for n in z.namelist() if n.startswith("media/")]
    assert run_check(d).ok


def test_an_unacknowledged_bundle_is_repeated_until_confirmed(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    add_person(a, "王建国")
    lost = world.export("A", "D")  # never delivered
    add_person(a, "李秀英")
    resent = world.export("A", "D")
    with zipfile.ZipFile(lost) as z1, zipfile.ZipFile(resent) as z2:
        assert json.loads(z2.read("manifest.json"))["counts"]["people"] == 2
        assert json.loads(z1.read("manifest.json"))["counts"]["people"] == 1
    world.deliver(resent, "D")
    world.exchange("D", "A")  # carries D's acknowledgement
    after_ack = world.export("A", "D")
    with zipfile.ZipFile(after_ack) as z:
        # only the note that the station imported the district's bundle
        assert json.loads(z.read("manifest.json"))["counts"] == {"audit_log": 1}
    assert {r["v"]["name"] for r in snapshot(d)["people"].values()} == {"王建国", "李秀英"}


# -- interrupted import ------------------------------------------------------------------------

KILLER = """
import os, signal, sys
from pathlib import Path
from cadre_desk.core.app import App
from cadre_desk.core.services import sync
from cadre_desk.core.sync import bundle

where, data_dir, path = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
calls = {"n": 0}
def die_after(real, n):
    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > n:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapper
sync.BATCH = 3
if where == "records":
    sync._Applier.apply = die_after(sync._Applier.apply, 4)
else:
    bundle.BundleReader.extract = die_after(bundle.BundleReader.extract, 2)
with App.open(data_dir) as app:
    sync.import_bundle(app, path)
print("not killed")
"""


@pytest.mark.slow
@pytest.mark.parametrize("where", ["records", "photos"])
def test_an_import_killed_half_way_leaves_nothing_half_applied(world: World, where: str) -> None:
    a, d = world.apps["A"], world.apps["D"]
    names = "赵钱孙李周吴郑王冯陈褚卫"
    for ch in names:
        add_person(a, f"{ch}建国")
    for seed, ch in enumerate("甲乙丙"):
        add_activity_with_photo(a, 10 + seed, add_person(a, f"摄影{ch}"))
    bundle = world.export("A", "D")
    before, audit_before = snapshot(d), audit_ids(d)
    d.close()
    done = subprocess.run(
        [sys.executable, "-c", KILLER, where, str(world.root / "D"), str(bundle)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=120,
    )
    assert done.returncode == -9, done.stdout + done.stderr
    with App.open(world.root / "D") as again:
        assert snapshot(again) == before
        assert audit_ids(again) == audit_before
        report = run_check(again)
        assert report.ok, report.problems
        assert sync.import_bundle(again, bundle).result == "ok"
        world.apps["D"] = again
        assert {r["v"]["name"] for r in snapshot(again)["people"].values()} >= {"赵建国", "卫建国", "摄影丙"}
        assert run_check(again).ok


def test_cli_round_trip_and_a_clear_refusal(
    world_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shutil import copytree

    from cadre_desk.cli import main

    root = tmp_path / "w"
    copytree(world_template, root)
    with App.open(root / "A") as a:
        add_person(a, "王建国")
    out = tmp_path / "a.cdsync"
    assert main(["--data-dir", str(root / "A"), "sync", "export", "--out", str(out)]) == 0
    assert main(["--data-dir", str(root / "D"), "sync", "import", str(out)]) == 0
    assert "已导入来自“金湖路社区老干部驿站”" in capsys.readouterr().out
    assert main(["--data-dir", str(root / "D"), "sync", "import", str(out)]) == 0
    assert "以前已经导入过" in capsys.readouterr().out
    raw = bytearray(out.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    out.write_bytes(bytes(raw))
    assert main(["--data-dir", str(root / "D"), "sync", "import", str(out)]) == 1
    assert "未导入任何内容" in capsys.readouterr().err
    assert main(["--data-dir", str(root / "D"), "stations", "list"]) == 0
    listing = capsys.readouterr().out
    assert "金湖路社区老干部驿站\t已加入" in listing and "八大峡社区老干部驿站\t待加入" in listing


def test_a_stopped_station_moves_to_a_new_pc_and_gets_its_books_back(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国", phone_mobile="13800001111")
    add_activity_with_photo(a, 5, wang)
    world.settle()
    station_id = world.station_id("A")
    old_pc_bundle = world.export("A", "D")
    stations.revoke_station(d, station_id)
    world.exchange("B", "D")
    with pytest.raises(DomainError, match="换了电脑"):  # a station that has joined needs stopping first
        stations.reissue_setup(d, world.station_id("B"), world.root / "b2.cdenrol")
    made = stations.reissue_setup(d, station_id, world.root / "a2.cdenrol")
    with App.open(world.root / "A2") as new_pc:
        stations.enrol(new_pc, made.path, admin_username="admin", admin_password=PASSWORD)
        assert sync.identity(new_pc).station_id == station_id
        world.apps["A2"] = new_pc
        world.exchange("A2", "D")  # pins the new PC's key
        world.exchange("D", "A2")
        assert person(new_pc, wang).phone_mobile == "13800001111"
        assert run_check(new_pc).ok  # its photos and signatures came along
        with pytest.raises(BundleError, match="签名不对"):
            sync.import_bundle(d, old_pc_bundle)  # the old PC is no longer trusted
        del world.apps["A2"]
