"""The check-in benchmark: 200 people signed in at the door, one transaction each, against raw SQLite.

    python bench/run.py                        # runs it with the others (--quick: 5,000 people)
    python bench/checkin.py [--quick]          # just this one: measure, print the table
    python bench/checkin.py app DATA RESULTS [--pad N] [--door N]   # child: one app run on DATA; appends a JSON line
    python bench/checkin.py bare DATA RESULTS  # child: the same check-in rows with plain sqlite3
    python bench/checkin.py profile [--quick] [--variant V] [--pyinstrument]   # one profiled app run

The data is the demo station of run.py (``cadre-desk demo --members N`` in
``bench/.data/demo-N/``: 50,000 people, ``--quick`` 5,000, built once and reused).  Every run
works on a fresh copy of its database (``cadre_desk.db`` alone is copied, and flushed to disk
before the run starts, so that no commit waits for the copy's writeback; the media folder
starts empty), so runs do not accumulate.

The app's run opens the data dir with ``App.open`` and, for each of three variants in turn,
creates an activity for today through ``create_activity`` with 200 active people (a fixed
random sample, different for each variant) as its planned attendees (应到), then signs all
200 in through the services exactly as staff at the door do — each sign-in its own write
transaction (``BEGIN IMMEDIATE``, the person and the activity checked live, the duplicate
check, the sync metadata, the audit entry, a commit with ``synchronous=FULL`` in WAL mode).
The variants, in this order:

* ``keyboard`` (the headline figure, target 1 s): 200 × ``check_in(app, activity,
  person_id=…, method="keyboard")``, no signature image;
* ``pad`` (100 people, ``--quick`` 50; the figure is the median per person): what the
  check-in window's ``_save`` does with the signature pad on: the pad's
  600×240 grayscale PNG (a different one per person, made once and cached in
  ``bench/.data/checkin-signatures/``) stored with ``store_image(…, derivatives=False)``
  (checked, written and fsync'ed into the media store), then ``check_in(…, method="pad",
  signature=info)`` (which also adds its ``media_files`` row);
* ``door`` (50 people, ``--quick`` 20; the median per person): the services the check-in
  window calls per person with the pad off: one ``door_candidates`` look-up for the person's
  pinyin initials (the list under the search field), the keyboard ``check_in``, and
  ``check_in_book`` (the window reloads the book after every sign-in).  Qt's own drawing is
  not included.

Each figure is the time of those service calls alone (not the interpreter start, the imports,
opening the data dir or creating the activity), the median of three runs in fresh processes;
beside it the median time of one sign-in, the CPU time of the 200 (the rest of the time is
spent waiting for the commits' fsync, which on some disks takes several milliseconds) and the
whole process; peak memory is the largest resident set of the app's processes.  The rows
written are counted afterwards (a live check-in and an audit entry for every person, or the
run fails).

The bare baseline writes the same 200 rows of the headline into a fresh copy of the same
database with plain ``sqlite3``: the same pragmas as the app's connections
(``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON``), one activity row inserted
beforehand, then one ``INSERT INTO check_ins`` per person with every column the app writes
(a time-ordered UUIDv7 id as the app's, origin, HLC stamps, tx_seq …), each in its own
autocommitted transaction.  No audit, no checks, no change sequence.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
WORK = DATA / "checkin"
SIGNATURES = DATA / "checkin-signatures"
FULL_PEOPLE, QUICK_PEOPLE = 50_000, 5_000
SIGN_INS = 200  # the headline
VARIANTS = ("keyboard", "pad", "door")
SLOTS = {"keyboard": SIGN_INS, "pad": 200, "door": 50}  # people set aside for each variant (the most it signs in)
FULL_COUNTS = {"keyboard": SIGN_INS, "pad": 100, "door": 50}  # people signed in by each variant
QUICK_COUNTS = {"keyboard": SIGN_INS, "pad": 50, "door": 20}
RUNS = 3
TARGET = 1.0  # seconds for the 200 keyboard sign-ins
SEED = 20261031

Log = Callable[[str], None]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- data ------------------------------------------------------------------------------------


def demo_dir(people: int, fresh: bool) -> Path:
    """run.py's demo data dir of ``people`` people (built by run.py's helper when missing)."""
    path = DATA / f"demo-{people}"
    if fresh or not (path / "cadre_desk.db").exists():
        import run  # run.py: no benchmark runs on import

        return run.demo_data(people, fresh)
    return path


def fresh_db(src: Path, dest: Path) -> Path:
    """A data dir at ``dest`` holding a copy of ``src``'s database only."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("cadre_desk.db", "cadre_desk.db-wal"):
        if (src / name).exists():
            shutil.copyfile(src / name, dest / name)
            with open(dest / name, "rb+") as fh:  # on disk now: no run waits for the copy's writeback
                os.fsync(fh.fileno())
    return dest


def signature_files(count: int = SIGN_INS) -> list[Path]:
    """``count`` pad signatures (600×240 grayscale PNG, each different), made once and cached."""
    SIGNATURES.mkdir(parents=True, exist_ok=True)
    files = [SIGNATURES / f"sig-{n:03d}.png" for n in range(count)]
    missing = [n for n, f in enumerate(files) if not f.exists()]
    if missing:
        import ledgers  # its signature is the pad's

        from cadre_desk.core import fakedata

        for n in missing:
            rng = random.Random(SEED + n)
            tmp = files[n].with_suffix(".part")
            tmp.write_bytes(ledgers.signature_png(rng, fakedata.fake_name(rng)))
            tmp.replace(files[n])
    return files


def _people(con: sqlite3.Connection, count: int) -> list[tuple[str, str]]:
    """A fixed random sample of active people: (id, pinyin initials); the app and bare pick the same."""
    rows = con.execute(
        "SELECT id, name_initials FROM people WHERE deleted = 0 AND status = 'active' ORDER BY id"
    ).fetchall()
    if len(rows) < count:
        sys.exit(f"the data has only {len(rows)} active people, {count} are needed")
    return random.Random(SEED).sample(rows, count)


# -- the app's run ---------------------------------------------------------------------------


def run_app(data: Path, results: Path, counts: dict[str, int] = FULL_COUNTS) -> dict[str, Any]:
    """The sign-ins of each variant (``counts`` people) as the app makes them; appends the figures to ``results``."""
    started = time.perf_counter()
    from sqlalchemy import func, select

    from cadre_desk.core.app import App
    from cadre_desk.core.models import ActivityType, AuditEntry, CheckIn
    from cadre_desk.core.services import activities as acts
    from cadre_desk.core.services.media import store_image

    con = sqlite3.connect(f"file:{data / 'cadre_desk.db'}?mode=ro", uri=True)
    people = _people(con, sum(SLOTS.values()))
    con.close()
    sigs = [f.read_bytes() for f in signature_files()] if counts.get("pad") else []
    figures: dict[str, Any] = {}
    with App.open(data) as app:
        opened = time.perf_counter()
        with app.read() as s:
            type_id = s.scalars(select(ActivityType.id).where(ActivityType.deleted.is_(False))).first()
        offset = 0
        for variant in VARIANTS:
            batch = people[offset : offset + counts.get(variant, 0)]
            offset += SLOTS[variant]
            if not batch:
                continue
            activity_id = acts.create_activity(
                app,
                {
                    "title": f"基准测试·重阳节座谈会（{variant}）",
                    "type_id": type_id,
                    "date": dt.date.today(),
                    "start_time": dt.time(9, 0),
                    "end_time": dt.time(11, 0),
                    "place": "社区党群服务中心多功能厅",
                },
                [pid for pid, _ in batch],
            )
            times: list[float] = []
            parts: dict[str, list[float]] = {"lookup": [], "sign_in": [], "book": []}
            begin, cpu = time.perf_counter(), time.process_time()
            for n, (pid, initials) in enumerate(batch):
                t0 = time.perf_counter()
                if variant == "keyboard":
                    acts.check_in(app, activity_id, person_id=pid, method="keyboard")
                elif variant == "pad":
                    info = store_image(app, sigs[n], "signature.png", derivatives=False)
                    acts.check_in(app, activity_id, person_id=pid, method="pad", signature=info)
                else:
                    acts.door_candidates(app, activity_id, initials or "x")
                    t1 = time.perf_counter()
                    acts.check_in(app, activity_id, person_id=pid, method="keyboard")
                    t2 = time.perf_counter()
                    acts.check_in_book(app, activity_id)
                    t3 = time.perf_counter()
                    for part, took in zip(parts, (t1 - t0, t2 - t1, t3 - t2), strict=True):
                        parts[part].append(took)
                times.append(time.perf_counter() - t0)
            seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
            with app.read() as s:  # what was written: every sign-in with its audit entry
                ids = list(
                    s.scalars(
                        select(CheckIn.id).where(
                            CheckIn.activity_id == activity_id,
                            CheckIn.person_id.in_([pid for pid, _ in batch]),
                            CheckIn.deleted.is_(False),
                        )
                    )
                )
                audited = s.scalar(
                    select(func.count()).where(AuditEntry.entity == "check_ins", AuditEntry.entity_id.in_(ids))
                )
            if len(ids) != len(batch) or audited != len(batch):
                sys.exit(f"{variant}: {len(ids)} check-ins and {audited} audit entries written, not {len(batch)}")
            figures[variant] = {
                "count": len(batch),
                "seconds": seconds,
                "cpu_seconds": cpu,
                "median_ms": statistics.median(times) * 1000,
                "max_ms": max(times) * 1000,
            }
            figures[variant] |= {f"{k}_ms": statistics.median(v) * 1000 for k, v in parts.items() if v}
    figures |= {
        "startup_seconds": opened - started,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- the bare baseline -----------------------------------------------------------------------


def _uuid7() -> str:
    """A time-ordered id like the app's (new rows go to the end of the primary-key index)."""
    ms, rand = time.time_ns() // 1_000_000, random.getrandbits(74)
    return str(uuid.UUID(int=(ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & (1 << 62) - 1)))


def _hlc() -> str:
    """A 24-character stamp shaped like the app's (no clock logic)."""
    return f"{time.time_ns() // 1_000_000:012x}0000{random.getrandbits(32):08x}"


def run_bare(data: Path, results: Path) -> dict[str, Any]:
    """The headline's 200 check-in rows with plain sqlite3, one autocommitted INSERT each."""
    con = sqlite3.connect(data / "cadre_desk.db", isolation_level=None)
    for pragma in ("busy_timeout=10000", "journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    people = _people(con, sum(SLOTS.values()))[:SIGN_INS]  # the headline's
    origin = con.execute("SELECT value FROM meta WHERE key = 'install_id'").fetchone()[0]
    station_id, type_id = con.execute("SELECT station_id, type_id FROM activities LIMIT 1").fetchone()
    activity_id = _uuid7()
    con.execute(
        "INSERT INTO activities (station_id, type_id, title, date, start_time, end_time, place, planned_rule,"
        " id, origin, hlc_created, hlc_updated, deleted, tx_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1)",
        (
            station_id,
            type_id,
            "基准测试·重阳节座谈会",
            dt.date.today().isoformat(),
            "09:00:00.000000",
            "11:00:00.000000",
            "社区党群服务中心多功能厅",
            "null",
            activity_id,
            origin,
            _hlc(),
            _hlc(),
        ),
    )
    sql = (
        "INSERT INTO check_ins (activity_id, person_id, walk_in_name, status, signed_at, method, signature_sha256,"
        " proxy_name, leave_reason, id, origin, hlc_created, hlc_updated, field_hlc, deleted, tx_seq)"
        " VALUES (?, ?, '', 'signed', ?, 'keyboard', NULL, '', '', ?, ?, ?, ?, 'null', 0, ?)"
    )
    times = []
    begin, cpu = time.perf_counter(), time.process_time()
    for n, (pid, _) in enumerate(people):
        t0 = time.perf_counter()
        stamp = _hlc()
        signed = dt.datetime.now().replace(microsecond=0).isoformat(" ", "microseconds")
        con.execute(sql, (activity_id, pid, signed, _uuid7(), origin, stamp, stamp, n + 2))
        times.append(time.perf_counter() - t0)
    seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
    written = con.execute("SELECT count(*) FROM check_ins WHERE activity_id = ?", (activity_id,)).fetchone()[0]
    con.close()
    if written != SIGN_INS:
        sys.exit(f"bare: {written} rows written, not {SIGN_INS}")
    figures = {
        "keyboard": {
            "seconds": seconds,
            "cpu_seconds": cpu,
            "median_ms": statistics.median(times) * 1000,
            "max_ms": max(times) * 1000,
        },
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- measuring (for run.py) --------------------------------------------------------------------


def command(who: str, data: Path, results: Path, counts: dict[str, int] = FULL_COUNTS) -> list[str]:
    """The command line of one child run (``who`` is "app" or "bare")."""
    cmd = [sys.executable, str(Path(__file__)), who, str(data), str(results)]
    return [*cmd, "--pad", str(counts["pad"]), "--door", str(counts["door"])] if who == "app" else cmd


def measure_runs(
    people: int,
    counts: dict[str, int],
    fresh: bool,
    measure: Callable[[list[str], int], tuple[float, float]],
    log: Log = _log,
) -> dict[str, Any]:
    """RUNS app runs and RUNS bare runs, each on a fresh copy of the database; the median figures."""
    source = demo_dir(people, fresh)
    signature_files()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    out: dict[str, Any] = {}
    for who in ("app", "bare"):
        log_file = WORK / f"{who}.jsonl"
        walls, peaks = [], []
        for _ in range(RUNS):
            data = fresh_db(source, WORK / who)
            wall, peak = measure(command(who, data, log_file, counts), 1)
            walls.append(wall)
            peaks.append(peak)
            shutil.rmtree(data)
        runs = [json.loads(line) for line in log_file.read_text().splitlines() if line.strip()]
        figures: dict[str, Any] = {"process_seconds": statistics.median(walls), "peak_mib": max(peaks)}
        for variant in VARIANTS:
            if variant in runs[0]:
                figures[variant] = {k: statistics.median(r[variant][k] for r in runs) for k in runs[0][variant]}
        log(
            f"  check-in {who}: "
            + "; ".join(
                f"{v} " + ", ".join(f"{r[v]['seconds']:.3f}" for r in runs) + " s" for v in VARIANTS if v in runs[0]
            )
        )
        out[who] = figures
    return out


def bench(
    row: Callable[..., Any], measure: Callable[[list[str], int], tuple[float, float]], *, quick: bool, fresh: bool
) -> list[Any]:
    """The rows of run.py's table (``row`` is run.py's Row, ``measure`` its measure)."""
    people, counts = (QUICK_PEOPLE, QUICK_COUNTS) if quick else (FULL_PEOPLE, FULL_COUNTS)
    got = measure_runs(people, counts, fresh, measure)
    app, bare = got["app"], got["bare"]
    pad, door = app["pad"], app["door"]
    return [
        row(
            f"{SIGN_INS} sign-ins through the service (one transaction each), {people:,}",
            app["keyboard"]["seconds"],
            "s",
            TARGET,
            bare["keyboard"]["seconds"],
            app["peak_mib"],
        ),
        row("  check-in: one sign-in, median", app["keyboard"]["median_ms"], "ms", None, bare["keyboard"]["median_ms"]),
        row(
            f"  check-in: CPU time of the {SIGN_INS} (the rest waits for fsync)",
            app["keyboard"]["cpu_seconds"],
            "s",
            None,
            bare["keyboard"]["cpu_seconds"],
        ),
        row(
            f"  check-in: one with a pad signature (store_image + check_in), median of {pad['count']:.0f}",
            pad["median_ms"],
            "ms",
        ),
        row(
            f"  check-in: one person as the window does (look-up + sign-in + book), median of {door['count']:.0f}",
            door["median_ms"],
            "ms",
        ),
        row(
            f"  check-in: … of which door_candidates {door['lookup_ms']:.1f} ms, check_in_book",
            door["book_ms"],
            "ms",
        ),
        row("  check-in: whole process (start, imports, open, all variants)", app["process_seconds"], "s"),
    ]


# -- profiling ---------------------------------------------------------------------------------


def profile(people: int, variant: str, top: int, pyinstrument: bool) -> None:
    """One app run of ``variant`` in this process under cProfile (or pyinstrument), on a fresh copy."""
    data = fresh_db(demo_dir(people, False), WORK / "profile")
    counts = {variant: SLOTS[variant]}
    results = WORK / "profile.jsonl"
    if pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        run_app(data, results, counts)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False))
    else:
        import cProfile
        import pstats

        cp = cProfile.Profile()
        cp.enable()
        run_app(data, results, counts)
        cp.disable()
        stats = pstats.Stats(cp).sort_stats("cumulative")
        stats.print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
    print(results.read_text())
    shutil.rmtree(data)
    results.unlink()


# -- command line ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the demo of 5,000 people")
    parser.add_argument("--fresh", action="store_true", help="rebuild the demo data first")
    sub = parser.add_subparsers(dest="cmd")
    for who in ("app", "bare"):
        p = sub.add_parser(who, help=f"one {who} run; appends a JSON line to RESULTS")
        p.add_argument("data", type=Path)
        p.add_argument("results", type=Path)
        if who == "app":
            p.add_argument("--pad", type=int, default=FULL_COUNTS["pad"], help="people signed in with the pad")
            p.add_argument("--door", type=int, default=FULL_COUNTS["door"], help="people signed in as the window does")
    p = sub.add_parser("profile", help="profile one app run in-process")
    p.add_argument("--quick", action="store_true", help="the demo of 5,000 people")
    p.add_argument("--variant", choices=VARIANTS, default="keyboard")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--pyinstrument", action="store_true", help="pyinstrument instead of cProfile")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.cmd == "app":
        run_app(args.data, args.results, {"keyboard": SIGN_INS, "pad": args.pad, "door": args.door})
    elif args.cmd == "bare":
        run_bare(args.data, args.results)
    elif args.cmd == "profile":
        profile(QUICK_PEOPLE if args.quick else FULL_PEOPLE, args.variant, args.top, args.pyinstrument)
    else:  # the benchmark alone, with run.py's table
        import run

        started = time.perf_counter()
        rows = bench(run.Row, run.measure, quick=args.quick, fresh=args.fresh)
        run.print_table(rows)
        _log(f"(check-in benchmark: {time.perf_counter() - started:.0f} s in all)")
        return 0 if all(r.ok is not False for r in rows) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
