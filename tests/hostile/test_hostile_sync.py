"""Hostile bundles, setup files and backups through the real command line.

Every case of :mod:`.corpus_sync` runs as ``python -m cadre_desk …`` in its own process,
under a memory cap (the idle command's address space + 300 MB) and a timeout, against a
fresh copy of a real data dir placed deep inside a sandbox folder.  Each must end in its
Chinese message and exit 1 (never 0, never 70 — an internal error), leave the books, the
photo store and every other file of the data dir as they were, and write nothing anywhere
else in the sandbox.  The time and peak memory of every case are written to
``hostile_sync.json`` in pytest's base temporary folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from .corpus_sync import CASES, Base, Case, build_base

MB = 1 << 20
HEADROOM = 300 * MB  # what a case may cost over the idle command
TIMEOUT = 60  # seconds: a guard against hangs (the cases take a few seconds)
RESULTS: list[dict[str, object]] = []
KEYS = ("signing_key", "encryption_key")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_rss: int  # bytes


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CADRE_DESK_DATA_DIR"}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["MALLOC_ARENA_MAX"] = "2"  # threads' malloc arenas would reserve address space the cap counts
    return env


#: started in place of the command: caps its address space, runs it as a child of its own and
#: reports that child's peak RSS (a child forked from pytest itself would inherit pytest's
#: peak: Linux keeps the high-water mark across exec)
LAUNCHER = """
import os, resource, sys
cap, report, argv = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
pid = os.fork()
if pid == 0:
    os.execv(argv[0], argv)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def run_cli(data: Path, args: list[str], *, cap: int | None, cwd: Path) -> Run:
    """The CLI in a process of its own under the address-space ``cap``: its exit code, output,
    time and peak RSS (killed after TIMEOUT seconds)."""
    out_path, err_path, rss_path = cwd / ".out", cwd / ".err", cwd / ".rss"
    command = [sys.executable, "-m", "cadre_desk", "--data-dir", str(data), *args]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(cap or 0), str(rss_path), *command],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=_env(),
            cwd=cwd,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            code = proc.wait()
        seconds = time.monotonic() - start
    return Run(
        code,
        out_path.read_text(encoding="utf-8", errors="replace"),
        err_path.read_text(encoding="utf-8", errors="replace"),
        seconds,
        int(rss_path.read_text()) * 1024 if rss_path.exists() else 0,
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    return build_base(tmp_path_factory.mktemp("hostile-sync"))


@dataclass(frozen=True)
class Idle:
    rss: int  # the idle command's peak RSS
    cap: int  # the address-space cap for the cases


@pytest.fixture(scope="module")
def idle(base: Base, tmp_path_factory: pytest.TempPathFactory) -> Idle:
    """What an ordinary command costs: ``sync status`` on the district (its peak RSS, and its
    peak address space read from /proc at exit)."""
    folder = tmp_path_factory.mktemp("idle")
    data = folder / "data"
    shutil.copytree(base.dirs["D"], data)
    status = folder / "status.txt"
    code = (
        "import atexit, runpy, sys\n"
        f"atexit.register(lambda: open({str(status)!r}, 'w').write(open('/proc/self/status').read()))\n"
        f"sys.argv = ['cadre_desk', '--data-dir', {str(data)!r}, 'sync', 'status']\n"
        "runpy.run_module('cadre_desk', run_name='__main__')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    vm_peak = int(fields["VmPeak"].split()[0]) * 1024
    rss = run_cli(data, ["sync", "status"], cap=None, cwd=folder).peak_rss
    return Idle(rss, vm_peak + HEADROOM)


@pytest.fixture(scope="module", autouse=True)
def report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield
    if RESULTS:
        out = tmp_path_factory.getbasetemp() / "hostile_sync.json"
        out.write_text(json.dumps(RESULTS, ensure_ascii=False, indent=1), encoding="utf-8")


def books(db: Path, *, bundle: bool) -> str:
    """A digest of every table's rows; for a refused bundle, without its line in the sync
    history and the clock that line moved (the refusal is recorded on purpose)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
            )
        ]
        for table in tables:
            if bundle and table == "sync_bundles":
                continue
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            if table == "meta" and bundle:
                # (and this install's keys, made on first use of the sync page or command)
                rows = [r for r in rows if r[0] not in ("tx_seq", "hlc_last", "sync_last_at", *KEYS)]
            h.update(table.encode())
            h.update(repr(sorted(rows, key=repr)).encode())
        return h.hexdigest()
    finally:
        con.close()


def files(root: Path, *, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """Every file under ``root`` (but ``skip``) with a digest of its content (links: their target)."""
    found: dict[str, str] = {}
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in [*names, *(d for d in dirs if (here / d).is_symlink())]:
            p = here / name
            if p in skip:
                continue
            if p.is_symlink():
                found[str(p.relative_to(root))] = "-> " + os.readlink(p)
            elif p.is_file():
                found[str(p.relative_to(root))] = _digest(p)
            else:
                found[str(p.relative_to(root))] = "special"
    return found


def _digest(path: Path) -> str:
    """A file's content digest (of a huge one, such as a sparse 1 GB input: its size and ends)."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        if size <= 64 * MB:
            return hashlib.sha256(fh.read()).hexdigest()
        head = fh.read(MB)
        fh.seek(size - MB)
        return f"{size}:" + hashlib.sha256(head + fh.read()).hexdigest()


def data_state(data: Path, case: Case) -> tuple[str, dict[str, str]]:
    bundle = case.command[0] == "sync"
    skip = (data / "logs", data / "cadre_desk.lock", *(data / f"cadre_desk.db{s}" for s in ("", "-wal", "-shm")))
    if case.late:
        skip += (data / "backups",)  # the import's own backup, made before the records were read
    return books(data / "cadre_desk.db", bundle=bundle), files(data, skip=skip)


@dataclass
class Outcome:
    """What one case did: its run (exit code, output, time, memory) and the state around it."""

    case: Case
    data: Path
    sandbox: Path
    before: tuple[str, dict[str, str]]
    around: dict[str, str]
    code: int = 0
    out: str = ""
    err: str = ""
    seconds: float = 0.0
    peak_rss: int | None = None  # bytes (processes only)


def prepare(case: Case, base: Base, folder: Path) -> tuple[Outcome, Path]:
    sandbox = folder / "sandbox"
    data = sandbox / "x" / "y" / "data"  # deep enough that ../ from inside lands in the sandbox
    shutil.copytree(base.dirs[case.target], data, symlinks=True)
    inputs = sandbox / "in"
    inputs.mkdir()
    path = case.make(base, inputs)
    return Outcome(case, data, sandbox, data_state(data, case), files(sandbox, skip=(data,))), path


def run_service(outcome: Outcome, path: Path) -> None:
    """The case through the service the command calls (in this process)."""
    from cadre_desk.core import backup
    from cadre_desk.core.app import App
    from cadre_desk.core.errors import DomainError
    from cadre_desk.core.paths import DataLayout
    from cadre_desk.core.services import stations, sync

    command = outcome.case.command[0]
    start = time.monotonic()
    try:
        if command == "restore":
            backup.restore_backup(DataLayout(outcome.data), path)
        else:
            with App.open(outcome.data) as app:
                if command == "sync":
                    sync.import_bundle(app, path)
                else:
                    stations.enrol(app, path)
    except DomainError as exc:
        outcome.code, outcome.err = 1, f"错误：{exc.message}"
    outcome.seconds = time.monotonic() - start


@pytest.fixture(scope="module")
def cli_outcomes(
    base: Base, idle: Idle, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Outcome]:
    """Every process case selected, run two at a time (each in its own sandbox)."""
    selected = {getattr(item, "callspec", None) and item.callspec.id for item in request.session.items}
    prepared = []
    for case in CASES:
        if case.cli and case.name in selected:
            folder = tmp_path_factory.mktemp(case.name)
            prepared.append((*prepare(case, base, folder), folder))

    def go(item: tuple[Outcome, Path, Path]) -> Outcome:
        outcome, path, folder = item
        run = run_cli(outcome.data, [*outcome.case.command, str(path)], cap=idle.cap, cwd=folder)
        outcome.code, outcome.out, outcome.err = run.code, run.out, run.err
        outcome.seconds, outcome.peak_rss = run.seconds, run.peak_rss
        return outcome

    with ThreadPoolExecutor(max_workers=2) as pool:
        return {o.case.name: o for o in pool.map(go, prepared)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_input_is_refused_in_chinese_and_changes_nothing(
    case: Case, base: Base, idle: Idle, cli_outcomes: dict[str, Outcome], tmp_path: Path
) -> None:
    if case.cli:
        outcome = cli_outcomes[case.name]
    else:
        outcome, path = prepare(case, base, tmp_path)
        run_service(outcome, path)
    over = None if outcome.peak_rss is None else outcome.peak_rss - idle.rss
    RESULTS.append(
        {
            "case": case.name,
            "via": "cli" if case.cli else "service",
            "exit": outcome.code,
            "seconds": round(outcome.seconds, 2),
            "peak_rss_mb": None if outcome.peak_rss is None else round(outcome.peak_rss / MB, 1),
            "over_idle_mb": None if over is None else round(over / MB, 1),
            "message": outcome.err.strip()[-300:],
        }
    )
    assert outcome.code == 1, (outcome.code, outcome.out, outcome.err)
    assert "Traceback" not in outcome.err + outcome.out
    assert re.search(case.message, outcome.err), outcome.err
    assert re.search(r"[\u4e00-\u9fff]", outcome.err) and not re.search(r"Errno|Error:|denied|No such", outcome.err)
    assert data_state(outcome.data, case) == outcome.before
    assert files(outcome.sandbox, skip=(outcome.data,)) == outcome.around, "a file appeared outside the data folder"
    if over is not None:
        assert over <= HEADROOM
