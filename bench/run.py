"""Benchmarks at district scale: one table of figures, targets, and the bare-library baseline.

    python bench/run.py            # full run (data for 50,000 people is built once and kept)
    python bench/run.py --quick    # a small version, for a quick look
    python bench/run.py --fresh    # rebuild the benchmark data first
    python bench/run.py --only roster,sync   # some of them (names as below)
    python bench/run.py --no-save  # compare with the saved results without replacing them

Each run prints, beside every figure, its change since the previous run of the same kind
(``bench/results/full.json`` or ``quick.json``, committed: app ÷ bare where there is a bare
figure, so a slower machine does not read as a regression), lists what moved by more than 10 %,
and saves its own figures there.

What is measured (each module's docstring says exactly how, and what its bare baseline does):

    startup    the window ready with 50,000 people (--exit-when-ready) / an empty PySide6 window
    roster     search as you type at 50,000 and 500,000 people, in the core and in the window
    checkin    200 sign-ins through the service, one transaction each / raw SQLite inserts
    photos     100 twelve-megapixel photos imported (print copy + thumbnail) / a Pillow loop
    excel      a roster of 50,000 rows imported from Excel / openpyxl read-only iteration
    ledgers    a station month's ledgers as one PDF (40 activities, 1,200 sign-ins, 120 photos)
               / bare reportlab
    district   the year summary of a district of 20 stations and 50,000 people
    sync       a station's bundle of 100,000 changes and 500 photos: export, import, re-import
               / sqlite3 + json + zipfile

The data is made with ``cadre-desk demo`` into ``bench/.data/`` (not committed) and kept;
the ledger month and the sync pair are built through the app's services (bench/ledgers.py,
bench/sync.py).  Each figure is the median of several runs in fresh processes; peak memory
is the largest resident set of those processes.  Runs on Linux (``resource`` for peak
memory).  ``--quick`` uses 5,000 people and the small variants; its figures carry the
targets only where the target is not about scale.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
#: each kind of run's latest figures (committed): the next run compares itself with them
RESULTS = HERE / "results"
#: a change of a figure (its app ÷ bare ratio where it has one) beyond this is called out
NOTABLE = 0.10
FULL_PEOPLE = 50_000  # the district a full run is measured at; --quick uses 5,000

# A child that runs a command and reports its wall time and peak memory (KiB) as JSON.
_MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr or done.stdout or f"exit {done.returncode}")
    print(json.dumps({"seconds": elapsed, "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
    """
)

_BARE_WINDOW = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1200, 760)
    window.show()
    QTimer.singleShot(0, app.quit)
    sys.exit(app.exec())
    """
)


@dataclass
class Row:
    figure: str
    value: float
    unit: str
    target: float | None = None
    bare: float | None = None
    peak_mib: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.bare if self.bare else None

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.value <= self.target


def measure(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median seconds and peak MiB of ``cmd`` over ``runs`` fresh processes."""
    env = os.environ | {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, env=env, check=False
        )
        if out.returncode != 0:
            sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{out.stderr}")
        result = json.loads(out.stdout)
        times.append(result["seconds"])
        peaks.append(result["peak_kib"] / 1024)
    return statistics.median(times), max(peaks)


def cadre_desk(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadre_desk", *args]


def demo_data(people: int, fresh: bool, *, extra: tuple[str, ...] = (), name: str = "") -> Path:
    """A data dir made by ``cadre-desk demo --members people [extra]`` (built once, then reused)."""
    path = DATA / (name or f"demo-{people}")
    if fresh and path.exists():
        shutil.rmtree(path)
    if not (path / "cadre_desk.db").exists():
        shutil.rmtree(path, ignore_errors=True)  # a build cut short
        print(f"building demo data for {people:,} people in {path} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        made = cadre_desk("--data-dir", str(path), "demo", "--members", str(people), *extra)
        if subprocess.run(made, check=False, stdout=subprocess.DEVNULL).returncode != 0:
            shutil.rmtree(path, ignore_errors=True)
            sys.exit("cadre-desk demo failed")
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # the window opens for the demo's administrator without the sign-in dialog
    subprocess.run(
        cadre_desk("--data-dir", str(path), "users", "auto-sign-in", "admin"), check=True, capture_output=True
    )
    return path


def bench_startup(people: int, runs: int, fresh: bool) -> list[Row]:
    data = demo_data(people, fresh)
    measure(cadre_desk("--data-dir", str(data), "--exit-when-ready"), 1)  # warm the disk cache
    seconds, peak = measure(cadre_desk("--data-dir", str(data), "--exit-when-ready"), runs)
    bare, _ = measure([sys.executable, "-c", _BARE_WINDOW], runs)
    return [Row(f"startup to a usable window, {people:,} people", seconds, "s", 1.5, bare, peak)]


def bench_roster_search(people: int, runs: int, fresh: bool) -> list[Row]:
    """Search as you type in the core and in the window (see bench/roster.py)."""
    import roster

    return roster.bench(Row, measure, quick=people < FULL_PEOPLE, fresh=fresh)


def bench_district_year(people: int, runs: int, fresh: bool) -> list[Row]:
    """The year summary of every station of a district (各驿站汇总 + the district's 年度统计).

    The district is ``cadre-desk demo --stations 20 --members N --months 36 --no-images``:
    20 stations' books of three years (people spread unevenly over the stations, their
    activities, sign-ins, visits and volunteer service, as the stations' bundles bring
    them), no images (the summary counts, it shows no photo).  The figure is the whole
    ``cadre-desk report yearly --station all`` process for the latest year, as PDF and as
    Excel (start, imports, open, read, lay out, write).
    """
    stations = 20 if people >= FULL_PEOPLE else 5
    data = demo_data(
        people,
        fresh,
        extra=("--stations", str(stations), "--months", "36", "--no-images"),
        name=f"district-{people}",
    )
    year = _latest_year(data)
    rows = []
    for suffix, label in ((".pdf", "PDF"), (".xlsx", "Excel")):
        out = data / f"year-summary{suffix}"
        report = cadre_desk("--data-dir", str(data), "report", "yearly", "--year", str(year), "--station", "all")
        measure([*report, "--out", str(out)], 1)  # warm the disk cache
        seconds, peak = measure([*report, "--out", str(out)], runs)
        figure = f"district year summary ({label}), {stations} stations, {people:,} people"
        rows.append(Row(figure if label == "PDF" else "  " + figure, seconds, "s", 10, None, peak))
    return rows


def _latest_year(data: Path) -> int:
    import sqlite3

    with sqlite3.connect(f"file:{data / 'cadre_desk.db'}?mode=ro", uri=True) as db:
        (latest,) = db.execute("SELECT max(signed_at) FROM check_ins").fetchone()
    return int(str(latest)[:4])


def bench_ledgers(people: int, runs: int, fresh: bool) -> list[Row]:
    """All monthly ledgers of one station month as one PDF, against plain reportlab.

    The month does not grow with ``people`` (a station is a station): a full run prints the
    month of 40 activities, 1,200 signed check-ins and 120 phone photos, ``--quick`` one of
    10 / 300 / 30.  The figure is the time of ``make_monthly_ledgers`` in a fresh process
    (reading, photo sizing, layout, writing; not the interpreter start or the imports); the
    baseline builds the same pages with bare reportlab from photos sized beforehand.
    """
    import ledgers

    spec = ledgers.FULL if people >= FULL_PEOPLE else ledgers.QUICK
    data, counts = ledgers.month_data(spec, fresh)
    print(
        "ledger month: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items()),
        file=sys.stderr,
        flush=True,
    )
    work = DATA / "ledger-month" / "runs"
    work.mkdir(parents=True, exist_ok=True)
    logs = {kind: work / f"{kind}.jsonl" for kind in ("app", "bare")}
    for log in logs.values():
        log.unlink(missing_ok=True)
    measure(ledgers.command("app", data, work / "app.pdf", logs["app"]), 1)  # warm the disk cache
    logs["app"].unlink()
    process, peak = measure(ledgers.command("app", data, work / "app.pdf", logs["app"]), runs)
    _, bare_peak = measure(ledgers.command("bare", data, work / "bare.pdf", logs["bare"]), runs)
    app, bare = ledgers.read_results(logs["app"]), ledgers.read_results(logs["bare"])
    print(
        f"ledger pages: app {app['pages']} {app['ledger_pages']}; bare {bare['pages']} {bare['ledger_pages']}",
        file=sys.stderr,
    )
    return [
        Row(f"station-month ledgers ({spec.label})", app["seconds"], "s", 5, bare["seconds"], peak),
        Row("  ledgers: app ÷ bare reportlab", app["seconds"] / bare["seconds"], "×", 1.5),
        Row("  ledgers: peak memory (bare: whole baseline process)", peak, "MiB", 300, bare_peak),
        Row(
            f"  ledgers: PDF size, {app['pages']} pages (bare {bare['pages']})",
            app["size"] / 1e6,
            "MB",
            None,
            bare["size"] / 1e6,
        ),
        Row("  ledgers: whole process (start, imports, open, print)", process, "s"),
    ]


def bench_sync(people: int, runs: int, fresh: bool) -> list[Row]:
    """A station's bundle exported, imported at the district and imported again (see bench/sync.py)."""
    import sync

    return sync.bench(Row, measure, quick=people < FULL_PEOPLE, fresh=fresh)


def _module_bench(name: str) -> Callable[[int, int, bool], list[Row]]:
    """run.py's entry for a benchmark module of bench/ (``bench(row, measure, quick=, fresh=)``)."""

    def run(people: int, runs: int, fresh: bool) -> list[Row]:
        module = __import__(name)
        return module.bench(Row, measure, quick=people < FULL_PEOPLE, fresh=fresh)

    run.__name__ = f"bench_{name}"
    return run


NAMES: dict[str, Callable[[int, int, bool], list[Row]]] = {
    "startup": bench_startup,
    "roster": bench_roster_search,
    "checkin": _module_bench("checkin"),
    "photos": _module_bench("photos"),
    "excel": _module_bench("excel"),
    "ledgers": bench_ledgers,
    "district": bench_district_year,
    "sync": bench_sync,
}


def _compared(r: Row) -> float:
    """What two runs compare: the app ÷ bare ratio (the machine's speed cancels out), else the value."""
    return r.ratio if r.ratio is not None else r.value


def load_previous(kind: str) -> dict[str, Any]:
    """The previous run's saved results of this kind (``full`` or ``quick``), or an empty record."""
    try:
        return json.loads((RESULTS / f"{kind}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def change(r: Row, previous: dict[str, Any]) -> float | None:
    """The figure's relative change since the previous run (+0.12: 12 % slower or bigger), or None."""
    before = previous.get("figures", {}).get(r.figure)
    if not before:
        return None
    old = before.get("ratio") if r.ratio is not None else before.get("value")
    if not old:
        return None
    return _compared(r) / old - 1


def save_results(kind: str, rows: list[Row], previous: dict[str, Any]) -> Path:
    """Write this run's figures over the previous ones (figures not measured this time are kept)."""
    figures = dict(previous.get("figures", {}))
    for r in rows:
        figures[r.figure] = {
            "value": round(r.value, 4),
            "unit": r.unit,
            "target": r.target,
            "bare": None if r.bare is None else round(r.bare, 4),
            "ratio": None if r.ratio is None else round(r.ratio, 4),
            "peak_mib": None if r.peak_mib is None else round(r.peak_mib, 1),
        }
    record = {
        "run_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "python": sys.version.split()[0],
        "machine": f"{os.cpu_count()} cores, {sys.platform}",
        "figures": figures,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{kind}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def print_comparison(rows: list[Row], previous: dict[str, Any]) -> None:
    """One line on how this run stands against the previous one: what got slower, what faster."""
    if not previous.get("figures"):
        print("\nno previous results of this kind to compare with (bench/results/)")
        return
    slower = [(r, c) for r in rows if (c := change(r, previous)) is not None and c > NOTABLE]
    faster = [(r, c) for r in rows if (c := change(r, previous)) is not None and c < -NOTABLE]
    print(f"\nagainst the previous run ({previous.get('run_at', '?')}), by app ÷ bare where there is a bare figure:")
    if not slower and not faster:
        print(f"  no figure changed by more than {NOTABLE:.0%}")
    for label, found in (("SLOWER", slower), ("faster", faster)):
        for r, c in found:
            print(f"  {label}: {r.figure} {c:+.0%}")


def print_table(rows: list[Row], previous: dict[str, Any] | None = None) -> None:
    width = max([52, *(len(r.figure) for r in rows)])

    def number(value: float, unit: str) -> str:
        return f"{value:.3f}" if unit in ("s", "ms", "×") else f"{value:.1f}"

    header = (
        f"{'figure':<{width}} {'value':>11} {'target':>9} {'bare':>8} {'app÷bare':>9} {'peak MiB':>9}  ok "
        f"{'vs last':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        value = f"{number(r.value, r.unit)} {r.unit:<3}"
        target = f"{r.target:g} {r.unit}" if r.target is not None else ""
        bare = number(r.bare, r.unit) if r.bare is not None else ""
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        peak = f"{r.peak_mib:.0f}" if r.peak_mib is not None else ""
        ok = {True: "yes", False: "NO", None: ""}[r.ok]
        c = change(r, previous or {})
        last = "" if c is None else f"{c:+.0%}"
        print(f"{r.figure:<{width}} {value:>11} {target:>9} {bare:>8} {ratio:>9} {peak:>9}  {ok:<3} {last:>7}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small data, fewer runs")
    parser.add_argument("--fresh", action="store_true", help="rebuild the benchmark data")
    parser.add_argument("--only", default="", metavar="NAMES", help="comma-separated: " + ", ".join(NAMES))
    parser.add_argument(
        "--no-save", action="store_true", help="compare with bench/results/ but do not write this run's figures there"
    )
    args = parser.parse_args()
    wanted = [n.strip() for n in args.only.split(",") if n.strip()] or list(NAMES)
    unknown = sorted(set(wanted) - set(NAMES))
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; there are {', '.join(NAMES)}")
    people, runs = (5_000, 3) if args.quick else (FULL_PEOPLE, 5)
    started = time.perf_counter()
    rows: list[Row] = []
    for name in wanted:
        rows += NAMES[name](people, runs, args.fresh)
    kind = "quick" if args.quick else "full"
    previous = load_previous(kind)
    print_table(rows, previous)
    print(f"\n{len(rows)} figures in {time.perf_counter() - started:.0f} s ({kind} run)")
    print_comparison(rows, previous)
    if not args.no_save:
        saved = save_results(kind, rows, previous).relative_to(HERE.parent)
        print(f"saved to {saved} (commit it with the change it measures)")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
