"""Crash safety: killed at any moment, on a full disk, in a read-only folder, beside a lock.

The operations run in child processes forked by ``python -m tests.core.crash_driver serve``
(see that module): sign-ins at the door, an Excel roster import of 3000 people, a photo
import of 14 JPEGs and a sync bundle import, each on a copy of a prepared data dir.

* Killed (SIGKILL) at the start, just before the end and after a seeded-random number of
  progress lines, several times over: the database passes SQLite's integrity check, every
  sign-in the child reported as saved is there, an import is there completely or not at
  all, no row refers to a missing or half-written file, ``cadre-desk check`` passes, and
  the same operation then runs to completion.
* A full disk, a read-only data folder and a database held by another program: the user
  is told so in Chinese, nothing already saved is lost, nothing half-done is left, and
  once the condition is gone the same operation succeeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from select import select as wait_readable
from typing import Any

import pytest

if sys.platform == "win32":  # fork, SIGKILL, file size limits and capabilities are POSIX's
    pytest.skip("the crash tests need a POSIX system", allow_module_level=True)

from PIL import Image
from sqlalchemy import select

from cadre_desk.core import roster_import
from cadre_desk.core.app import App
from cadre_desk.core.models import Person
from cadre_desk.core.paths import DB_FILENAME
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import media, photos, sync

from .crash_driver import ACTIVITY_TITLE, signature_png
from .roster_workbooks import random_people, simple_book
from .sync_world import build_world, photo_bytes

REPO = Path(__file__).resolve().parents[2]
SEED = 20261123
KILLS = 8  # per scenario
BASE_PEOPLE = 400  # on the prepared station's roster
IMPORTED_PEOPLE = 3000  # in the roster workbook
PHOTOS = 14  # in the photo folder
RUN_TIMEOUT = 120  # seconds; only reached if a child hangs
HEADER = ["序号", "姓名", "性别", "出生年月", "身份证号", "联系电话", "类别"]
NO_SPACE = "磁盘空间不足"
LOCKED = "数据库正被另一个程序占用"


# -- the driver --------------------------------------------------------------------------------


@dataclass
class Run:
    """What a child printed, and how it ended (a negative status: killed by that signal)."""

    lines: list[str]
    status: int

    def tagged(self, tag: str) -> list[str]:
        return [line[len(tag) + 1 :] for line in self.lines if line.startswith(tag + " ")]

    @property
    def committed(self) -> list[str]:
        return self.tagged("committed")

    @property
    def finished(self) -> bool:
        return bool(self.tagged("done"))

    @property
    def error(self) -> str:
        return "\n".join(self.tagged("error"))

    @property
    def output(self) -> str:
        return "\n".join(self.tagged("out") + self.tagged("err"))

    @property
    def killed(self) -> bool:
        return self.status == -signal.SIGKILL


class Driver:
    """``python -m tests.core.crash_driver serve``: runs scenarios in forked children."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.core.crash_driver", "serve"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin, self._fd, self._buf = self.proc.stdin, self.proc.stdout.fileno(), b""

    def _line(self) -> str:
        while b"\n" not in self._buf:
            ready, _, _ = wait_readable([self._fd], [], [], RUN_TIMEOUT)
            if not ready:
                raise TimeoutError(f"the crash driver said nothing for {RUN_TIMEOUT} s")
            chunk = os.read(self._fd, 65536)
            if not chunk:
                raise RuntimeError(f"the crash driver ended (status {self.proc.wait()})")
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return line.decode()

    def run(
        self,
        scenario: str,
        data_dir: Path,
        arg: str | list[str] = "",
        *,
        kill_after: int | None = None,
        condition: str | None = None,
        busy_timeout_ms: int | None = None,
        on_line: Callable[[str], None] | None = None,
    ) -> Run:
        """Run a scenario; with ``kill_after`` N, SIGKILL the child once it has printed N lines
        (the first is ``start``).  Lines it printed before the kill landed are all collected."""
        request = {
            "scenario": scenario,
            "data_dir": str(data_dir),
            "arg": arg,
            "condition": condition,
            "busy_timeout_ms": busy_timeout_ms,
        }
        self._stdin.write((json.dumps(request) + "\n").encode())
        self._stdin.flush()
        lines: list[str] = []
        pid = None
        try:
            while not (line := self._line()).startswith("exit "):
                if line.startswith("crash "):
                    raise AssertionError("the child failed: " + line.replace(" | ", "\n"))
                lines.append(line)
                if line.startswith("start "):
                    pid = int(line.split()[1])
                if on_line is not None:
                    on_line(line)
                if kill_after is not None and len(lines) == kill_after:
                    assert pid is not None
                    os.kill(pid, signal.SIGKILL)
        except BaseException:  # a failed check: stop the child, so the server can take the next request
            if pid is not None:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                while not self._line().startswith("exit "):
                    pass
            raise
        return Run(lines, os.waitstatus_to_exitcode(int(line.split()[1])))

    def close(self) -> None:
        self._stdin.close()
        try:
            self.proc.wait(timeout=RUN_TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture(scope="session")
def driver() -> Iterator[Driver]:
    served = Driver()
    yield served
    served.close()


# -- the prepared data dirs --------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    station: Path  # 400 people, the activity with 2 photos and 3 signed sign-ins
    district: Path  # a district office with one enrolled station that has not sent anything yet
    workbook: Path  # 3000 new people
    few: Path  # 5 other new people, for the command line
    photos: Path  # 14 JPEGs
    bundle: Path  # the station's first bundle for the district (encrypted): 200 people, activities, photos
    plain_bundle: Path  # the same and one big photo more, not encrypted
    big_photo: Path  # that photo: bigger than the district's database


def roster_book(path: Path, folks: list[dict[str, Any]]) -> Path:
    rows = [
        [i, p["name"], p["sex"], f"{p['birth']:%Y.%m}", p["id_number"], p["phone"], p["category"]]
        for i, p in enumerate(folks, start=1)
    ]
    return simple_book(path, HEADER, rows, text_columns=[5])


def import_roster(app: App, path: Path) -> None:
    roster_import.apply_import(app, roster_import.plan_import(app, path))


def fill_station(app: App, root: Path, folks: list[dict[str, Any]], *, activities: int, seed: int) -> list[str]:
    """People, and activities with two photos and three sign-ins with signatures each; the activity ids."""
    import_roster(app, roster_book(root / f"{seed}.xlsx", folks))
    with app.read() as s:
        people = list(s.scalars(select(Person.id).order_by(Person.id)))
    type_id = acts.activity_types(app)[0].id
    made = []
    for k in range(activities):
        title = ACTIVITY_TITLE if k == 0 else f"学习会{k}"
        aid = acts.create_activity(app, {"title": title, "type_id": type_id, "date": dt.date(2026, 10, 1 + k)}, [])
        folder = root / f"{seed}-photos-{k}"
        folder.mkdir()
        for j in range(2):
            (folder / f"现场{j}.jpg").write_bytes(photo_bytes(seed + 10 * k + j))
        photos.import_photos(app, "activity", aid, sorted(folder.iterdir()))
        for i, pid in enumerate(people[k * 3 : k * 3 + 3]):
            signature = media.store_image(app, signature_png(seed + 10 * k + i), "signature.png", derivatives=False)
            acts.check_in(app, aid, person_id=pid, method="pad", signature=signature)
        made.append(aid)
    return made


def noisy_jpeg(seed: int, size: tuple[int, int]) -> bytes:
    """A photo that does not compress well: a big file, like a phone's."""
    img = Image.frombytes("RGB", size, random.Random(seed).randbytes(size[0] * size[1] * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory, station_template: Path) -> Prepared:
    root = tmp_path_factory.mktemp("crash")
    folks = random_people(random.Random(SEED), BASE_PEOPLE + IMPORTED_PEOPLE)
    station = root / "station"
    shutil.copytree(station_template, station)
    with App.open(station) as app:
        fill_station(app, root, folks[:BASE_PEOPLE], activities=1, seed=SEED)
    workbook = roster_book(root / "花名册.xlsx", folks[BASE_PEOPLE:])
    few = roster_book(root / "新增人员.xlsx", random_people(random.Random(SEED + 2), 5))
    folder = root / "photos"
    folder.mkdir()
    for i in range(PHOTOS):
        (folder / f"活动照片{i:02d}.jpg").write_bytes(photo_bytes(SEED + i, (1280, 960)))

    world = build_world(root / "world", ("A",))
    with App.open(world / "A") as a:
        made = fill_station(a, root, random_people(random.Random(SEED + 1), 200), activities=4, seed=SEED + 1000)
        bundle, plain = root / "A.cdsync", root / "A-plain.cdsync"
        sync.export_bundle(a, bundle)
        big = root / "合影.jpg"
        big.write_bytes(noisy_jpeg(SEED, (1800, 1200)))
        photos.import_photos(a, "activity", made[-1], [big])
        sync.export_bundle(a, plain, encrypt=False)  # nothing was acknowledged: all of the above again
    return Prepared(station, world / "D", workbook, few, folder, bundle, plain, big)


SOURCES = {"checkins": "station", "roster": "station", "photos": "station", "bundle": "district"}


def scenario_arg(prepared: Prepared, scenario: str) -> str:
    return {"checkins": "", "roster": str(prepared.workbook), "photos": str(prepared.photos)}.get(
        scenario, str(prepared.bundle)
    )


def fresh_copy(prepared: Prepared, scenario: str, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(getattr(prepared, SOURCES[scenario]), dest)
    return dest


# -- what must hold ----------------------------------------------------------------------------


@contextmanager
def database(data_dir: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        yield con
    finally:
        con.close()


def counts(data_dir: Path) -> dict[str, int]:
    """Rows in every table."""
    with database(data_dir) as con:
        con.execute("BEGIN")  # one snapshot, while a child may be writing
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"  # the search index (its shadow tables are counted)
            )
        ]
        found = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        con.rollback()
        return found


def check_in_ids(data_dir: Path) -> set[str]:
    with database(data_dir) as con:
        return {r[0] for r in con.execute("SELECT id FROM check_ins WHERE deleted = 0")}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_sound(data_dir: Path, driver: Driver) -> None:
    """The database is intact, every row's file is there and whole, and ``cadre-desk check`` passes."""
    with database(data_dir) as con:
        assert [r[0] for r in con.execute("PRAGMA integrity_check")] == ["ok"]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        indexed = dict(con.execute("SELECT sha256, ext FROM media_files").fetchall())
        referenced = {
            r[0]
            for r in con.execute(
                "SELECT sha256 FROM attachments UNION SELECT signature_sha256 FROM check_ins"
                " WHERE signature_sha256 IS NOT NULL UNION SELECT photo_sha256 FROM people"
                " WHERE photo_sha256 IS NOT NULL"
            )
        }
    assert referenced <= set(indexed), "a row refers to a file missing from the photo index"
    store = data_dir / "media"
    for sha, ext in indexed.items():
        original = store / "originals" / sha[:2] / f"{sha}.{ext}"
        assert original.is_file(), f"a row refers to a missing file {original.name}"
    for path in (store / "originals").glob("*/*"):
        if not path.name.endswith(".part"):  # a file in place is whole: its name is its content's hash
            assert sha256_file(path) == path.name.split(".")[0], f"half-written file {path}"
    for kind in ("print", "thumbs"):
        for path in (store / kind).glob("*/*"):
            if not path.name.endswith(".part"):
                with Image.open(path) as im:
                    im.load()  # a truncated JPEG raises here
    check = driver.run("cli", data_dir, ["check"])
    assert check.status == 0, check.output


def kill_points(rng: random.Random, lines: int) -> list[int]:
    """Where to kill a run that prints ``lines`` lines: right after its start, after the last
    two steps before the end (saving, saved) and after random steps between: KILLS in all."""
    return [1, *rng.sample(range(2, lines - 2), KILLS - 3), lines - 2, lines - 1]


# -- killed at random --------------------------------------------------------------------------


def test_check_ins_killed_at_random_moments_keep_every_saved_one(
    prepared: Prepared, driver: Driver, tmp_path: Path
) -> None:
    data = fresh_copy(prepared, "checkins", tmp_path / "station")
    rng = random.Random(f"{SEED}-checkins")
    burst = 30
    saved = check_in_ids(data)
    points = kill_points(rng, burst + 2)  # start, 30 check-ins, done
    killed = 0
    for point in points:
        run = driver.run("checkins", data, str(burst), kill_after=point)
        killed += run.killed
        assert run.killed or run.finished, run.lines
        now = check_in_ids(data)
        # every sign-in the child reported as saved is there; at most the one it was saving besides
        assert saved | set(run.committed) <= now
        assert len(now) - len(saved) - len(run.committed) in (0, 1)
        assert_sound(data, driver)
        saved = now
    assert killed >= KILLS - 1
    # the burst again, to the end: the people not signed in yet are signed in
    run = driver.run("checkins", data, str(burst))
    assert run.status == 0 and len(run.committed) == burst
    assert check_in_ids(data) == saved | set(run.committed)
    check = driver.run("cli", data, ["check"])
    assert check.status == 0 and "检查通过" in check.output


@pytest.mark.parametrize("scenario", ["roster", "photos", "bundle"])
def test_an_import_killed_at_random_moments_is_there_completely_or_not_at_all(
    prepared: Prepared, driver: Driver, tmp_path: Path, scenario: str
) -> None:
    arg = scenario_arg(prepared, scenario)
    # the whole import once, watched by a reader beside it: never anything half-imported
    reference = fresh_copy(prepared, scenario, tmp_path / "reference")
    before = counts(reference)
    seen: list[dict[str, int]] = []
    run = driver.run(scenario, reference, arg, on_line=lambda _line: seen.append(counts(reference)))
    assert run.status == 0, run.lines
    after = counts(reference)
    assert after != before
    assert all(c in (before, after) for c in seen)
    grew = {t for t in after if after[t] != before[t]}
    if scenario == "roster":
        assert after["people"] == before["people"] + IMPORTED_PEOPLE
    elif scenario == "photos":
        assert after["attachments"] == before["attachments"] + PHOTOS
    else:
        assert {"people", "activities", "attachments", "check_ins", "media_files"} <= grew

    rng = random.Random(f"{SEED}-{scenario}")
    data = fresh_copy(prepared, scenario, tmp_path / "data")
    outcomes = []
    for point in kill_points(rng, len(run.lines)):
        killed = driver.run(scenario, data, arg, kill_after=point)
        assert killed.killed or killed.finished, killed.lines
        state = counts(data)
        assert state in (before, after), f"half an import after a kill at line {point}"
        assert_sound(data, driver)
        outcomes.append((point, killed.killed, state == after))
        if state == after:  # done: the next kill gets the import to do again
            fresh_copy(prepared, scenario, data)
    assert sum(k for _, k, _ in outcomes) >= KILLS - 1, outcomes
    # once more, to the end
    run = driver.run(scenario, data, arg)
    assert run.status == 0, run.lines
    final = counts(data)
    if scenario == "bundle":  # importing a bundle already imported notes it in the history
        final["sync_bundles"] = after["sync_bundles"]
    assert final == after
    assert_sound(data, driver)


# -- a full disk, a read-only folder, a database held by another program --------------------------


def checkpoint(data_dir: Path) -> None:
    """Everything in the main database file: the next write must grow a file."""
    with database(data_dir) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def stored_files(data_dir: Path) -> dict[str, str]:
    """Every file of the photo store (but the temporary folder) with the hash of its content."""
    store = data_dir / "media"
    return {
        str(p.relative_to(store)): sha256_file(p)
        for p in store.rglob("*")
        if p.is_file() and p.relative_to(store).parts[0] != "tmp"
    }


def room_for_the_backup(prepared: Prepared) -> int:
    """A file size limit that lets the district's backup before the import be written, and not
    the bundle's biggest photo."""
    room = (prepared.district / DB_FILENAME).stat().st_size * 2
    assert prepared.big_photo.stat().st_size > room
    return room


FULL_DISK = {
    # case: scenario, its argument, what could not be saved (as the message says)
    "sign-in with a signature": ("checkins", "3", "无法保存照片或签名文件"),  # the signature
    "sign-in": ("checkins", "3 plain", "磁盘空间不足或磁盘出错，无法保存。"),  # the database
    "roster import": ("roster", None, "磁盘空间不足或磁盘出错，无法保存。"),  # the database, half-way
    "photo import": ("photos", None, "无法保存照片或签名文件"),  # the first photo
    # an encrypted bundle is decrypted as it is read (nothing decrypted is written but its
    # photos): the first thing written is the backup made before the import
    "bundle import": ("bundle", None, "无法保存备份"),
    "bundle import, backup": ("bundle", "plain", "无法保存备份"),  # the backup made before the import
    "bundle import, photos": ("bundle", "plain+room", "无法保存数据包中的照片文件"),  # the backup fits, a photo not
}


@pytest.mark.parametrize("case", FULL_DISK)
def test_a_full_disk_stops_the_work_with_a_message_and_loses_nothing(
    prepared: Prepared, driver: Driver, tmp_path: Path, case: str
) -> None:
    scenario, arg, not_saved = FULL_DISK[case]
    condition = "disk-full"
    if arg in ("plain", "plain+room"):
        condition = f"disk-full:{room_for_the_backup(prepared)}" if arg == "plain+room" else condition
        arg = str(prepared.plain_bundle)
    arg = arg or scenario_arg(prepared, scenario)
    data = fresh_copy(prepared, scenario, tmp_path / "data")
    checkpoint(data)
    before, files = counts(data), stored_files(data)
    full = driver.run(scenario, data, arg, condition=condition)
    assert full.status == 1, full.lines
    assert NO_SPACE in full.error and not_saved in full.error and "请清理磁盘" in full.error
    assert counts(data) == before  # nothing half-saved
    assert files.items() <= stored_files(data).items()  # nothing lost
    assert_sound(data, driver)  # and any file written before the disk filled is whole (and unused)
    # room again: the same work succeeds
    again = driver.run(scenario, data, arg)
    assert again.status == 0 and again.finished, again.lines
    assert counts(data) != before


def test_the_command_line_on_a_full_disk_says_so_and_loses_nothing(
    prepared: Prepared, driver: Driver, tmp_path: Path
) -> None:
    data = fresh_copy(prepared, "roster", tmp_path / "data")
    before, files = counts(data), stored_files(data)
    args = ["members", "import", str(prepared.few)]
    full = driver.run("cli", data, args, condition="disk-full")
    assert full.status == 1
    assert NO_SPACE in full.output and "内部错误" not in full.output
    assert counts(data) == before and stored_files(data) == files
    again = driver.run("cli", data, args)
    assert again.status == 0 and "新增 5 人" in again.output


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` and everything in it read-only (for a child run with condition
    ``read-only``, root included), and writable again afterwards."""
    everything = [folder, *folder.rglob("*")]
    for path in everything:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        yield
    finally:
        for path in everything:
            path.chmod(0o755 if path.is_dir() else 0o644)


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha256_file(p) for p in folder.rglob("*") if p.is_file()}


def test_a_read_only_data_folder_is_refused_with_a_message_and_nothing_changes(
    prepared: Prepared, driver: Driver, tmp_path: Path
) -> None:
    data = fresh_copy(prepared, "roster", tmp_path / "data")
    checkpoint(data)
    files = tree(data)
    args = ["members", "import", str(prepared.few)]
    with read_only(data):
        cli = driver.run("cli", data, args, condition="read-only")
        door = driver.run("checkins", data, "3", condition="read-only")
    assert cli.status == 1 and "只读" in cli.output and "内部错误" not in cli.output
    assert door.status == 1 and "只读" in door.error and not door.committed
    assert tree(data) == files
    # writable again
    again = driver.run("cli", data, args)
    assert again.status == 0 and "新增 5 人" in again.output
    assert driver.run("checkins", data, "3").status == 0


def test_a_read_only_photo_folder_stops_photos_and_signatures_with_a_message(
    prepared: Prepared, driver: Driver, tmp_path: Path
) -> None:
    data = fresh_copy(prepared, "photos", tmp_path / "data")
    before, files = counts(data), stored_files(data)
    with read_only(data / "media"):
        imported = driver.run("photos", data, str(prepared.photos), condition="read-only")
        door = driver.run("checkins", data, "3", condition="read-only")  # the first with a signature
    for run in (imported, door):
        assert run.status == 1, run.lines
        assert "只读的或没有写入权限" in run.error and "照片或签名文件" in run.error
    assert counts(data) == before and stored_files(data) == files
    assert driver.run("photos", data, str(prepared.photos)).status == 0
    assert driver.run("checkins", data, "3").status == 0
    assert counts(data)["attachments"] == before["attachments"] + PHOTOS


@contextmanager
def held_by_another_program(data_dir: Path) -> Iterator[None]:
    """The database locked for writing by another program (a plain SQLite connection)."""
    con = sqlite3.connect(data_dir / DB_FILENAME, isolation_level=None)
    con.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        con.rollback()
        con.close()


@pytest.mark.parametrize("scenario", ["checkins", "roster", "photos", "bundle"])
def test_a_database_held_by_another_program_gives_a_message_and_nothing_is_lost(
    prepared: Prepared, driver: Driver, tmp_path: Path, scenario: str
) -> None:
    arg = {"checkins": "3", "roster": str(prepared.few)}.get(scenario) or scenario_arg(prepared, scenario)
    data = fresh_copy(prepared, scenario, tmp_path / "data")
    before = counts(data)
    with held_by_another_program(data):
        held = driver.run(scenario, data, arg, busy_timeout_ms=300)
    assert held.status == 1 and LOCKED in held.error and "请关闭它后再试" in held.error
    assert counts(data) == before
    assert_sound(data, driver)
    again = driver.run(scenario, data, arg)
    assert again.status == 0 and again.finished, again.lines
    assert counts(data) != before


def test_the_command_line_waits_for_another_programs_lock_only_as_long_as_configured(
    prepared: Prepared, tmp_path: Path
) -> None:
    data = fresh_copy(prepared, "roster", tmp_path / "data")
    before = counts(data)
    with held_by_another_program(data):
        done = subprocess.run(
            [sys.executable, "-m", "cadre_desk", "--data-dir", str(data), "members", "import", str(prepared.few)],
            cwd=REPO,
            env={**os.environ, "CADRE_DESK_BUSY_TIMEOUT_MS": "300"},
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    assert done.returncode == 1, done.stdout + done.stderr
    assert LOCKED in done.stderr
    assert counts(data) == before
