"""The Excel roster import benchmark: a district's roster read, checked and written into a new station.

    python bench/run.py                          # runs it with the others (--quick: 5,000 rows)
    python bench/excel.py                        # just this one: build if needed, measure, print the table
    python bench/excel.py --quick                # the small workbook (5,000 rows)
    python bench/excel.py build [--quick]        # make the workbook and the empty station (cached)
    python bench/excel.py app DATA XLSX RESULTS  # child: one import as `members import` does it; appends a JSON line
    python bench/excel.py bare XLSX RESULTS      # child: openpyxl read-only iteration of the file; appends a JSON line
    python bench/excel.py profile [--quick] [--top N] [--pyinstrument]   # one profiled import, in-process

The workbook is the app's own roster export with full data (``cadre-desk members export
--full-data``: every ID number, phone and address whole, so it can be imported again) of the
demo station of 50,000 people that ``run.py`` keeps in ``bench/.data/demo-50000`` (``--quick``:
``demo-5000``, 5,000 people): one sheet 人员信息台账 of 50,000 rows with all 32 person columns
as stations fill them (real-looking names, valid 18-digit ID numbers, phones, addresses,
branches, care flags, dates; about 4 % deceased or moved with their dates).  The empty station
is a data dir made by ``cadre-desk init`` (no people).  Both are made once into
``bench/.data/excel/`` (not committed); ``--fresh`` makes them again.

The app's figure is, in a fresh process on a fresh copy of the empty station, the time of
``roster_import.plan_import`` + ``apply_import`` exactly as ``cadre-desk members import``
calls them (the same progress printer, no ``allow_similar``): opening the workbook, finding
the header, reading and validating every row (ID number check digits, phones, dates,
categories), comparing with the roster (ID numbers and name + birth month), then writing all
50,000 people in one transaction with their sync metadata, search keys and audit entries.
Not timed: the interpreter start, the imports of cadre_desk and opening the data dir (shown
as the whole process beside it).  Each run must report 50,000 new rows, no updates, no
errors or duplicates, and leave 50,000 people and 50,000 audit "create" entries behind.

The bare baseline is openpyxl alone: ``load_workbook(path, read_only=True, data_only=True)``
and ``ws.iter_rows(values_only=True)`` over every row of every sheet of the same file,
touching each value (counting the ones that are not empty) — nothing parsed, checked or
written.  Both timings include importing openpyxl (the app imports it when it first reads a
workbook).  Each figure is the median of three runs, each in a fresh process; peak memory is
the largest resident set of those processes.  The targets (15 s, and at most 3× the
baseline) are for the full workbook; ``--quick`` shows the ratio target only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
CACHE = DATA / "excel"
RUNS = 3
TARGET_SECONDS = 15.0  # the full workbook
TARGET_RATIO = 3.0
ADMIN_PASSWORD = "secret123"
STATION = {
    "--name": "金湖路社区老干部驿站",
    "--district": "清江浦区",
    "--street": "淮海街道",
    "--community": "金湖路社区",
    "--contact": "王晓梅",
    "--phone": "0517-83651234",
}

Log = Callable[[str], None]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class ExcelSpec:
    """Which demo station's roster is exported into the workbook."""

    people: int

    @property
    def workbook(self) -> Path:
        return CACHE / f"roster-{self.people}.xlsx"

    @property
    def demo(self) -> Path:
        return DATA / f"demo-{self.people}"


FULL = ExcelSpec(people=50_000)
QUICK = ExcelSpec(people=5_000)


def cadre_desk(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadre_desk", *args]


# -- the workbook and the empty station ---------------------------------------------------------


def _run_cli(cmd: list[str], what: str, *, env: dict[str, str] | None = None) -> str:
    """Run a cadre-desk command; wait and retry while another process holds the data dir's lock."""
    for _ in range(30):
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if done.returncode == 0:
            return done.stdout
        if "已经在另一个程序窗口中打开" not in done.stderr:
            break
        time.sleep(2)
    sys.exit(f"{what} failed:\n{done.stderr or done.stdout}")


def _sheet_rows(path: Path) -> dict[str, int]:
    """Rows under the header (the row naming 姓名) of every sheet, as plain openpyxl counts them;
    a full-data export's 含个人信息 marking row stands above the header."""
    from openpyxl import load_workbook

    def under_header(rows: Any) -> int:
        seen_header, count = False, 0
        for row in rows:
            if seen_header:
                count += any(row)
            elif "姓名" in row:
                seen_header = True
        return count

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: under_header(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


def workbook(spec: ExcelSpec, fresh: bool = False, log: Log = _log) -> tuple[Path, dict[str, Any]]:
    """The roster workbook of ``spec`` (exported once from its demo station, then reused) and its facts."""
    path, marker = spec.workbook, spec.workbook.with_suffix(".json")
    if fresh:
        path.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)
    if not path.exists() or not marker.exists():
        if not (spec.demo / "cadre_desk.db").exists():
            import run  # builds the demo station the other benchmarks use (about 25 min for 50,000)

            run.demo_data(spec.people, False)
        CACHE.mkdir(parents=True, exist_ok=True)
        log(f"exporting the roster of {spec.demo.name} to {path} …")
        started = time.perf_counter()
        _run_cli(
            cadre_desk("--data-dir", str(spec.demo), "members", "export", "--full-data", str(path)),
            "cadre-desk members export",
        )
        rows = _sheet_rows(path)
        if sum(rows.values()) != spec.people:
            path.unlink()
            sys.exit(f"the export of {spec.demo} has {rows} rows, not {spec.people:,}")
        facts = {"people": spec.people, "sheets": rows, "size": path.stat().st_size, "source": spec.demo.name}
        marker.write_text(json.dumps(facts, ensure_ascii=False, indent=1))
        log(f"  exported in {time.perf_counter() - started:.1f} s ({facts['size'] / 1e6:.1f} MB)")
    facts: dict[str, Any] = json.loads(marker.read_text())
    return path, facts


def empty_station(fresh: bool = False, log: Log = _log) -> Path:
    """A data dir initialised as a station, with no people (made once, migrated, then copied for each run)."""
    path = CACHE / "station"
    marker = path / "built.json"
    if fresh and path.exists():
        shutil.rmtree(path)
    if not marker.exists():
        shutil.rmtree(path, ignore_errors=True)
        log(f"initialising an empty station in {path} …")
        args = [a for kv in STATION.items() for a in kv]
        env = os.environ | {"CADRE_DESK_ADMIN_PASSWORD": ADMIN_PASSWORD}
        _run_cli(cadre_desk("--data-dir", str(path), "init", *args), "cadre-desk init", env=env)
        (path / "cadre_desk.lock").unlink(missing_ok=True)
        marker.write_text(json.dumps({"station": STATION["--name"]}, ensure_ascii=False))
    # at this version's schema (opening migrates it), so that no run migrates its copy
    opener = "import sys, pathlib; from cadre_desk.core.app import App; App.open(pathlib.Path(sys.argv[1])).close()"
    _run_cli([sys.executable, "-c", opener, str(path)], "opening the empty station")
    return path


def fresh_copy(src: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest)
    return dest


# -- the app's run --------------------------------------------------------------------------------


def _check_written(data: Path, expected: int) -> dict[str, int]:
    """People, and audit "create" entries of people, in the data dir after the import (not timed)."""
    import sqlite3

    con = sqlite3.connect(f"file:{data / 'cadre_desk.db'}?mode=ro", uri=True)
    try:
        people, valid_ids, with_keys, stamped = con.execute(
            "SELECT count(*), count(id_number), sum(name_pinyin != ''), sum(tx_seq > 0) FROM people WHERE NOT deleted"
        ).fetchone()
        audit = con.execute("SELECT count(*) FROM audit_log WHERE entity = 'people' AND action = 'create'").fetchone()
    finally:
        con.close()
    got = {"people": people, "id_numbers": valid_ids, "search_keys": with_keys, "sync_stamped": stamped}
    got["audit_creates"] = audit[0]
    if any(v != expected for v in got.values()):
        sys.exit(f"the import left {got}, not {expected:,} of each")
    return got


def run_app(data: Path, xlsx: Path, results: Path) -> dict[str, Any]:
    """One import of ``xlsx`` into ``data`` as ``cadre-desk members import`` does it; appends its figures."""
    started = time.perf_counter()
    from cadre_desk.cli import _progress_printer
    from cadre_desk.core import roster_import
    from cadre_desk.core.app import App
    from cadre_desk.core.instance import InstanceLock
    from cadre_desk.core.paths import DataLayout

    with InstanceLock(DataLayout(data).lock), App.open(data) as app:
        opened = time.perf_counter()
        plan = roster_import.plan_import(app, xlsx, allow_similar=False, progress=_progress_printer())
        planned = time.perf_counter()
        counts = plan.counts
        if counts["new"] == 0 or counts["new"] != len(plan.rows):
            sys.exit(f"the plan is not all new rows: {plan.summary()}")
        result = roster_import.apply_import(app, plan, progress=_progress_printer())
        done = time.perf_counter()
    written = _check_written(data, counts["new"])
    figures = {
        "seconds": done - opened,
        "plan_seconds": planned - opened,
        "write_seconds": done - planned,
        "startup_seconds": opened - started,
        "rows": len(plan.rows),
        "new": counts["new"],
        "updated": result.updated,
        "errors": counts["error"],
        "duplicates": counts["duplicate"],
        "skipped": counts["skipped"],
        "created": result.created,
        "written": written,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- the bare baseline ----------------------------------------------------------------------------


def run_bare(xlsx: Path, results: Path) -> dict[str, Any]:
    """openpyxl read-only iteration of every row of every sheet, each value touched; appends its figures."""
    started = time.perf_counter()
    from openpyxl import load_workbook

    rows = values = 0
    wb = load_workbook(xlsx, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            rows += 1
            for value in row:
                if value is not None:
                    values += 1
    wb.close()
    figures = {
        "seconds": time.perf_counter() - started,
        "rows": rows,
        "values": values,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- measuring (for run.py) -----------------------------------------------------------------------


def command(who: str, data: Path, xlsx: Path, results: Path) -> list[str]:
    """The command line of one child run (``who`` is "app" or "bare"; the bare run has no data dir)."""
    where = [str(data)] if who == "app" else []
    return [sys.executable, str(Path(__file__)), who, *where, str(xlsx), str(results)]


def _median_results(results: Path) -> dict[str, Any]:
    runs = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    figures = dict(runs[-1])
    for key in ("seconds", "plan_seconds", "write_seconds", "startup_seconds"):
        if key in figures:
            figures[key] = statistics.median(r[key] for r in runs)
    figures["peak_mib"] = max(r["peak_kib"] for r in runs) / 1024
    figures["all_seconds"] = [r["seconds"] for r in runs]
    return figures


def measure_runs(spec: ExcelSpec, fresh: bool, measure: Callable[[list[str], int], tuple[float, float]]) -> dict:
    """RUNS app imports (each into a fresh copy of the empty station) and RUNS bare readings."""
    xlsx, facts = workbook(spec, fresh)
    station = empty_station(fresh)
    work = CACHE / "runs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    xlsx.read_bytes()  # warm the disk cache
    out: dict[str, Any] = {"facts": facts}
    for who in ("app", "bare"):
        log = work / f"{who}.jsonl"
        walls, peaks = [], []
        for _ in range(RUNS):
            data = fresh_copy(station, work / "station") if who == "app" else work
            wall, peak = measure(command(who, data, xlsx, log), 1)
            walls.append(wall)
            peaks.append(peak)
            if who == "app":
                shutil.rmtree(data)
        figures = _median_results(log)
        figures["process_seconds"] = statistics.median(walls)  # the child's whole life, interpreter start included
        figures["peak_mib"] = max(peaks)
        _log(f"  excel {who}: " + ", ".join(f"{s:.2f}" for s in figures["all_seconds"]) + " s")
        out[who] = figures
    return out


def bench(
    row: Callable[..., Any], measure: Callable[[list[str], int], tuple[float, float]], *, quick: bool, fresh: bool
) -> list[Any]:
    """The rows of run.py's table (``row`` is run.py's Row, ``measure`` its measure)."""
    spec = QUICK if quick else FULL
    got = measure_runs(spec, fresh, measure)
    app, bare = got["app"], got["bare"]
    _log(
        f"excel import: {app['rows']:,} rows read — new {app['new']:,}, updated {app['updated']}, "
        f"errors {app['errors']}, duplicates {app['duplicates']}; written {app['written']}; "
        f"bare read {bare['rows']:,} rows, {bare['values']:,} values"
    )
    full = spec == FULL
    return [
        row(
            f"Excel roster import, {app['rows']:,} rows (plan + write)",
            app["seconds"],
            "s",
            TARGET_SECONDS if full else None,
            bare["seconds"],
            app["peak_mib"],
        ),
        row("  Excel import: app ÷ bare openpyxl read-only", app["seconds"] / bare["seconds"], "×", TARGET_RATIO),
        row("  Excel import: plan (read, check, compare with the roster)", app["plan_seconds"], "s"),
        row("  Excel import: write (one transaction, sync metadata, audit)", app["write_seconds"], "s"),
        row(
            "  Excel import: peak memory (bare: whole baseline process)", app["peak_mib"], "MiB", None, bare["peak_mib"]
        ),
        row(
            "  Excel import: whole process (start, imports, open, import)",
            app["process_seconds"],
            "s",
            None,
            bare["process_seconds"],
        ),
    ]


# -- profiling ------------------------------------------------------------------------------------


def profile(spec: ExcelSpec, top: int, pyinstrument: bool) -> None:
    """One import (plan + write) in this process under cProfile (or pyinstrument), on a fresh station."""
    from cadre_desk.core import roster_import
    from cadre_desk.core.app import App

    xlsx, _ = workbook(spec)
    data = fresh_copy(empty_station(), CACHE / "profile")

    def run() -> Any:
        plan = roster_import.plan_import(app, xlsx)
        return plan.summary(), roster_import.apply_import(app, plan).summary()

    with App.open(data) as app:
        started = time.perf_counter()
        if pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.001)
            profiler.start()
            result = run()
            profiler.stop()
            print(f"{result}\n{time.perf_counter() - started:.2f} s under pyinstrument")
            print(profiler.output_text(unicode=True, color=False))
        else:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            result = run()
            prof.disable()
            print(f"{result}\n{time.perf_counter() - started:.2f} s under cProfile")
            stats = pstats.Stats(prof).sort_stats("cumulative")
            stats.print_stats("cadre_desk", top)
            stats.sort_stats("tottime").print_stats(top)
    shutil.rmtree(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the small workbook (5,000 rows)")
    parser.add_argument("--fresh", action="store_true", help="make the workbook and the empty station again")
    sub = parser.add_subparsers(dest="cmd")
    p = sub.add_parser("build", help="make the workbook and the empty station (cached)")
    p.add_argument("--quick", action="store_true", help="the small workbook")
    p = sub.add_parser("app", help="one app import; appends a JSON line to RESULTS")
    p.add_argument("data", type=Path)
    p.add_argument("xlsx", type=Path)
    p.add_argument("results", type=Path)
    p = sub.add_parser("bare", help="one openpyxl read-only iteration; appends a JSON line to RESULTS")
    p.add_argument("xlsx", type=Path)
    p.add_argument("results", type=Path)
    p = sub.add_parser("profile", help="profile one import in-process")
    p.add_argument("--quick", action="store_true", help="the small workbook")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--pyinstrument", action="store_true", help="pyinstrument instead of cProfile")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    spec = QUICK if args.quick else FULL
    if args.cmd == "build":
        path, facts = workbook(spec, args.fresh)
        empty_station(args.fresh)
        _log(f"  {path}: {json.dumps(facts, ensure_ascii=False)}")
    elif args.cmd == "app":
        run_app(args.data, args.xlsx, args.results)
    elif args.cmd == "bare":
        run_bare(args.xlsx, args.results)
    elif args.cmd == "profile":
        profile(spec, args.top, args.pyinstrument)
    else:  # the benchmark alone, with run.py's table
        import run

        rows = bench(run.Row, run.measure, quick=args.quick, fresh=args.fresh)
        run.print_table(rows)
        return 0 if all(r.ok is not False for r in rows) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
