"""Hostile and broken files through the real command line: refused in words, in bounded time and memory.

Every case runs ``python -m cadre_desk …`` (or, for photos, which have no command, a small
script calling the same service the window uses) in a fresh process whose address space is
capped at the idle process's plus 300 MB.  Each asserts the Chinese message, an exit code that
is not 0 and never 70 (an internal error), no traceback, that nothing in the data folder
changed (every file hashed before and after; the log and the lock file aside) and that
nothing appeared outside it.  Each case's time and peak memory are recorded;
the worst are printed at the end (and written to ``hostile-files.json`` in pytest's
temporary folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cadre_desk import cli
from tests.hostile import corpus_files as corpus

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "secret123"
HEADROOM = 300 * 1024 * 1024  # what a case may use beyond the idle process
TIMEOUT = 120.0  # a hang ends the case (and fails it); the figures show the real times
IMPORTS = (
    "import cadre_desk.cli, cadre_desk.core.app, cadre_desk.core.roster_import, cadre_desk.core.services.photos, "
    "openpyxl, PIL.Image, PIL.JpegImagePlugin, PIL.PngImagePlugin"
)

PHOTO_SCRIPT = """
import sys
from pathlib import Path
from cadre_desk.core.app import App
from cadre_desk.core.services import photos
with App.open(Path(sys.argv[1])) as app:
    result = photos.import_photos(app, "person", sys.argv[2], [Path(sys.argv[3])])
for _name, why in result.refused:
    print("错误：" + why, file=sys.stderr)
print(result.summary())
sys.exit(1 if result.refused or not result.added else 0)
"""


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


FIGURES: list[tuple[str, float, float]] = []  # (case, seconds, peak MiB)


def env() -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k != "CADRE_DESK_DATA_DIR"}
    return inherited | {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "MALLOC_ARENA_MAX": "2"}


#: runs a command in a child of its own (so that the child's peak memory is its own, not the test
#: process's, which a child made by fork() and exec() would inherit) with its address space capped
WRAPPER = """
import json, os, resource, sys
limit, report, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid = os.fork()
if pid == 0:
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.execv(cmd[0], cmd)
_pid, status, usage = os.wait4(pid, 0)
with open(report, "w") as fh:
    json.dump({"code": os.waitstatus_to_exitcode(status), "rss_kb": usage.ru_maxrss}, fh)
"""


def run_capped(cmd: list[str], cwd: Path, limit: int | None, timeout: float = TIMEOUT) -> Ran:
    """Run ``cmd`` with its address space capped at ``limit`` bytes; its time and peak resident memory."""
    out_path, err_path = cwd.parent / f"{cwd.name}.out", cwd.parent / f"{cwd.name}.err"
    report = cwd.parent / f"{cwd.name}.json"
    wrapped = [sys.executable, "-c", WRAPPER, str(limit or 0), str(report), *cmd]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            wrapped, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env(), start_new_session=True
        )
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            proc.wait()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    stderr = err_path.read_text(encoding="utf-8", errors="replace")
    facts = json.loads(report.read_text()) if report.exists() else {"code": proc.returncode, "rss_kb": 0}
    for path in (out_path, err_path, report):
        path.unlink(missing_ok=True)
    return Ran(facts["code"], stdout, stderr, seconds, facts["rss_kb"] / 1024)


def cadre(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "cadre_desk", "--data-dir", str(data), *args]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with its content hash (the log and the lock aside)."""
    out: dict[str, str] = {}
    if not folder.exists():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == "logs" or rel.startswith("logs/") or rel == "cadre_desk.lock":
            continue
        if path.is_symlink() or not path.is_file():
            out[rel] = "dir" if path.is_dir() else "other"
        else:
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A station with two people, a photo, and a backup; and the id of one person."""
    base = tmp_path_factory.mktemp("hostile-station")
    data = base / "data"
    e = env() | {"CADRE_DESK_ADMIN_PASSWORD": ADMIN_PASSWORD}
    args = ["init", "--name", "金湖路社区老干部驿站", "--district", "清江浦区", "--community", "金湖路社区"]
    done = subprocess.run(cadre(data, *args), capture_output=True, text=True, env=e, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    good = corpus.roster(base / "good.xlsx", [corpus.person(1), corpus.person(2)])
    done = subprocess.run(
        cadre(data, "members", "import", str(good)), capture_output=True, text=True, env=env(), timeout=300
    )
    assert done.returncode == 0 and "新增 2 人" in done.stdout, done.stdout + done.stderr
    con = sqlite3.connect(data / "cadre_desk.db")
    person_id = con.execute("SELECT id FROM people ORDER BY name LIMIT 1").fetchone()[0]
    con.close()
    photo = base / "photo.jpg"
    photo.write_bytes(corpus.jpeg((640, 480)))
    done = subprocess.run(
        [sys.executable, "-c", PHOTO_SCRIPT, str(data), person_id, str(photo)],
        capture_output=True,
        text=True,
        env=env(),
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(cadre(data, "backup"), capture_output=True, text=True, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    (data / "cadre_desk.lock").unlink(missing_ok=True)
    con = sqlite3.connect(data / "cadre_desk.db")  # the write-ahead log into the file, as a closed app leaves it
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert not (data / "cadre_desk.db-wal").exists()
    yield data, person_id
    if FIGURES:
        worst_time = max(FIGURES, key=lambda f: f[1])
        worst_mem = max(FIGURES, key=lambda f: f[2])
        report = {"cases": len(FIGURES), "worst_time": worst_time, "worst_memory": worst_mem, "all": FIGURES}
        (tmp_path_factory.getbasetemp() / "hostile-files.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1)
        )
        print(
            f"\nhostile file cases: {len(FIGURES)}; slowest {worst_time[1]:.1f} s ({worst_time[0]}); "
            f"most memory {worst_mem[2]:.0f} MiB ({worst_mem[0]})",
            file=sys.__stderr__,
        )


@pytest.fixture(scope="module")
def memory_limit(station: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> int:
    """The idle process's address space (the modules a case loads, the data folder open) + 300 MB."""
    data, _person = station
    probe = tmp_path_factory.mktemp("probe")
    shutil.copytree(data, probe / "data")
    code = (
        f"{IMPORTS}\nfrom pathlib import Path\nfrom cadre_desk.core.app import App\n"
        f"App.open(Path({str(probe / 'data')!r})).close()\n"
        "print(open('/proc/self/status').read().split('VmPeak:')[1].split()[0])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip()) * 1024 + HEADROOM


def fresh_station(station: tuple[Path, str], where: Path) -> Path:
    data = where / "data"
    shutil.copytree(station[0], data, symlinks=True)
    return data


def check_refusal(name: str, ran: Ran, words: tuple[str, ...], *, code: int = 1) -> None:
    FIGURES.append((name, round(ran.seconds, 2), round(ran.peak_mib, 1)))
    text = ran.stderr + ran.stdout
    assert ran.returncode == code, f"{name}: exit {ran.returncode}\n{text[-3000:]}"
    assert "Traceback" not in text and "内部错误" not in text, text[-3000:]
    for word in words:
        assert word in text, f"{name}: “{word}” not in\n{text[-3000:]}"
    assert "Errno" not in text and "No such file" not in text and "Permission denied" not in text


# -- rosters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "build", "file_name", "words"), corpus.ROSTER_CASES, ids=[c[0] for c in corpus.ROSTER_CASES]
)
def test_hostile_roster_is_refused_in_words(
    what: str,
    build: object,
    file_name: str,
    words: tuple[str, ...],
    station: tuple[Path, str],
    memory_limit: int,
    tmp_path: Path,
) -> None:
    data = fresh_station(station, tmp_path)
    inputs, cwd = tmp_path / "inputs", tmp_path / "cwd"
    inputs.mkdir()
    cwd.mkdir()
    path = build(inputs / file_name)  # type: ignore[operator]
    before, inputs_before = snapshot(data), listing(inputs)
    ran = run_capped(cadre(data, "members", "import", str(path)), cwd, memory_limit)
    check_refusal(f"roster: {what}", ran, words)
    assert snapshot(data) == before  # nothing written: not a person, not a file
    assert listing(inputs) == inputs_before and listing(cwd) == []
    if what == "3,000 bad rows":
        assert len(ran.stdout.splitlines()) < 220  # 200 rows listed, the rest counted


def test_rows_the_file_leaves_out_are_not_read(station: tuple[Path, str], memory_limit: int, tmp_path: Path) -> None:
    """A person on row 1,048,576 (Excel's last) and a dimension of the whole sheet: read at once, not row by row."""
    data = fresh_station(station, tmp_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    rows = [
        corpus.row_xml(1, corpus.HEADER),
        corpus.row_xml(2, corpus.person(3)),
        corpus.row_xml(1_048_576, corpus.person(4)),
    ]
    path = corpus.workbook(tmp_path / "名册.xlsx", corpus.sheet_xml(rows, dimension="A1:XFD1048576"))
    before = snapshot(data)
    ran = run_capped(cadre(data, "members", "import", "--dry-run", str(path)), cwd, memory_limit)
    FIGURES.append(("roster: row 1,048,576 and a whole-sheet dimension", round(ran.seconds, 2), round(ran.peak_mib, 1)))
    assert ran.returncode == 0, ran.stderr
    assert "新增 2 人" in ran.stdout and "试运行" in ran.stdout
    assert snapshot(data) == before


def test_hidden_characters_in_names_are_refused_or_removed_and_said(
    station: tuple[Path, str], memory_limit: int, tmp_path: Path
) -> None:
    data = fresh_station(station, tmp_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    path = corpus.hidden_characters(tmp_path / "名册.xlsx")
    ran = run_capped(cadre(data, "members", "import", str(path)), cwd, memory_limit)
    FIGURES.append(("roster: bidi and zero-width characters in names", round(ran.seconds, 2), round(ran.peak_mib, 1)))
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    bidi = [line for line in lines if "第 2 行" in line]
    assert bidi and "错误" in bidi[0] and "U+202E" in bidi[0]
    isolate = [line for line in lines if "第 4 行" in line]
    assert isolate and "错误" in isolate[0] and "U+2066" in isolate[0]
    cleaned = [line for line in lines if "第 3 行" in line]
    assert cleaned and "零宽空格" in cleaned[0] and "已去除" in cleaned[0]
    con = sqlite3.connect(data / "cadre_desk.db")
    names = {r[0] for r in con.execute("SELECT name FROM people")}
    con.close()
    assert "李四" in names
    assert not any(ch in "".join(names) for ch in "\u202e\u200b\ufeff\u2066\u2069")


# -- photos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("what", "build", "file_name", "words"), corpus.PHOTO_CASES, ids=[c[0] for c in corpus.PHOTO_CASES]
)
def test_hostile_photo_is_refused_in_words(
    what: str,
    build: object,
    file_name: str,
    words: tuple[str, ...],
    station: tuple[Path, str],
    memory_limit: int,
    tmp_path: Path,
) -> None:
    data = fresh_station(station, tmp_path)
    inputs, cwd = tmp_path / "inputs", tmp_path / "cwd"
    inputs.mkdir()
    cwd.mkdir()
    path = build(inputs / file_name)  # type: ignore[operator]
    before, inputs_before = snapshot(data), listing(inputs)
    ran = run_capped([sys.executable, "-c", PHOTO_SCRIPT, str(data), station[1], str(path)], cwd, memory_limit)
    check_refusal(f"photo: {what}", ran, words)
    assert snapshot(data) == before
    assert listing(inputs) == inputs_before and listing(cwd) == []


# -- databases and data folders ---------------------------------------------------------------------


def _newest_backup(data: Path) -> Path:
    return max((data / "backups").glob("*.db"))


def _random_bytes(data: Path) -> None:
    (data / "cadre_desk.db").write_bytes(os.urandom(200_000))


def _truncated(data: Path) -> None:
    db = data / "cadre_desk.db"
    db.write_bytes(db.read_bytes()[:20_000])


def _empty(data: Path) -> None:
    (data / "cadre_desk.db").write_bytes(b"")


def _vanished(data: Path) -> None:
    (data / "cadre_desk.db").unlink()


def _vanished_no_backup(data: Path) -> None:
    (data / "cadre_desk.db").unlink()
    shutil.rmtree(data / "backups")
    (data / "backups").mkdir()


def _db_folder(data: Path) -> None:
    db = data / "cadre_desk.db"
    db.unlink()
    db.mkdir()


DB_CASES = [
    ("database of random bytes", _random_bytes, ("数据库文件已损坏", "最新的备份是", "restore")),
    ("database truncated", _truncated, ("数据库文件已损坏", "最新的备份是")),
    ("database of 0 bytes", _empty, ("空文件（0 字节）", "没有新建数据库", "最新的备份是")),
    ("database vanished", _vanished, ("不见了", "1 个备份", "最新的备份是")),
    ("database vanished, no backup, photos left", _vanished_no_backup, ("不见了", "照片库中的照片", "没有备份")),
    ("database is a folder", _db_folder, ("不是普通文件",)),
]


DB_COMMANDS = [
    *((*case, ("check",)) for case in DB_CASES),
    (*DB_CASES[0], ("members", "export", "名册.xlsx")),
    (*DB_CASES[2], ("users", "list")),
    (*DB_CASES[3], ("members", "import", "名册.xlsx")),
]


@pytest.mark.parametrize(
    ("what", "damage", "words", "command"), DB_COMMANDS, ids=[f"{c[0]} ({c[3][0]})" for c in DB_COMMANDS]
)
def test_damaged_or_vanished_database_is_refused_with_the_backup(
    what: str,
    damage: object,
    words: tuple[str, ...],
    command: tuple[str, ...],
    station: tuple[Path, str],
    memory_limit: int,
    tmp_path: Path,
) -> None:
    data = fresh_station(station, tmp_path)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    damage(data)  # type: ignore[operator]
    before = snapshot(data)
    ran = run_capped(cadre(data, *command), cwd, memory_limit)
    check_refusal(f"database: {what} ({command[0]})", ran, words)
    assert "检查通过" not in ran.stdout
    assert snapshot(data) == before  # not rebuilt, not migrated, nothing added
    assert listing(cwd) == []


def test_the_named_backup_restores_an_emptied_database(station: tuple[Path, str], tmp_path: Path) -> None:
    data = fresh_station(station, tmp_path)
    _empty(data)
    refused = run_capped(cadre(data, "check"), tmp_path, None)
    backup = _newest_backup(data)
    assert str(backup) in refused.stderr
    restored = run_capped(cadre(data, "restore", str(backup), "--yes"), tmp_path, None)
    assert restored.returncode == 0, restored.stderr
    checked = run_capped(cadre(data, "check"), tmp_path, None)
    assert checked.returncode == 0 and "人员 2 人" in checked.stdout, checked.stdout + checked.stderr


def test_a_new_data_folder_still_starts_empty(tmp_path: Path) -> None:
    e = env() | {"CADRE_DESK_ADMIN_PASSWORD": ADMIN_PASSWORD}
    args = ["init", "--name", "新驿站", "--district", "清江浦区", "--community", "金湖路社区"]
    done = subprocess.run(cadre(tmp_path / "new", *args), capture_output=True, text=True, env=e, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "cadre_desk.db").stat().st_size > 0


def _long(tmp: Path) -> str:
    return str(tmp / ("a" * 6000))


def _deep(tmp: Path) -> str:
    return str(tmp / "/".join(["b"] * 1000))


def _long_name(tmp: Path) -> str:
    return str(tmp / ("档" * 100))


def _file(tmp: Path) -> str:
    (tmp / "not-a-folder").write_text("x")
    return str(tmp / "not-a-folder")


def _loop(tmp: Path) -> str:
    (tmp / "loop").symlink_to("loop")
    return str(tmp / "loop")


def _dev_null(_tmp: Path) -> str:
    return "/dev/null"


DIR_CASES = [
    ("a 6,000-character path", _long, ("路径太长",)),
    ("a path 1,000 folders deep", _deep, ("层级太多",)),
    ("a folder name of 300 bytes", _long_name, ("名字太长",)),
    ("a file as the data folder", _file, ("是一个文件，不是文件夹",)),
    ("a symbolic link loop as the data folder", _loop, ("循环",)),
    ("/dev/null as the data folder", _dev_null, ("不是文件夹",)),
]


DIR_COMMANDS = [*((*case, ("check",)) for case in DIR_CASES), (*DIR_CASES[0], ("demo", "--members", "3"))]


@pytest.mark.parametrize(
    ("what", "make", "words", "command"), DIR_COMMANDS, ids=[f"{c[0]} ({c[3][0]})" for c in DIR_COMMANDS]
)
def test_impossible_data_folder_is_refused_in_words(
    what: str, make: object, words: tuple[str, ...], command: tuple[str, ...], memory_limit: int, tmp_path: Path
) -> None:
    where = tmp_path / "where"
    where.mkdir()
    given = make(where)  # type: ignore[operator]
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before = listing(where)
    ran = run_capped([sys.executable, "-m", "cadre_desk", "--data-dir", given, *command], cwd, memory_limit)
    check_refusal(f"data folder: {what} ({command[0]})", ran, words)
    assert listing(where) == before and listing(cwd) == []


def test_a_nul_in_the_data_folder_is_refused_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """No program can pass a NUL on a command line; the entry point called with one says so."""
    assert cli.main(["--data-dir", "a\x00b", "check"]) == cli.EXIT_USER
    assert "不允许的字符" in capsys.readouterr().err
