"""The roster search as staff type, in the core and in the window, at 50,000 and 500,000 people.

    python bench/run.py                     # runs it with the others (--quick: 5,000 people only)
    python bench/roster.py [--quick]        # just this one
    python bench/roster.py core DATA        # child: the core search; prints one JSON line
    python bench/roster.py ui DATA          # child: the roster page in an offscreen window

The data: the 50,000 people of ``cadre-desk demo --members 50000`` (the station the startup
benchmark opens, a year of books with images) and a roster of 500,000 made with
``cadre-desk demo --members 500000 --months 1 --no-images`` (a month of books, no images:
the search reads the roster only), both built once into ``bench/.data/``.

What staff type is drawn from 100 people of the roster: two pinyin initials (``zs``), five
letters of full pinyin, one Chinese character, four digits (of an ID number or a phone) —
400 searches.

- **core**: for each text, ``RosterListing.count`` and the first page of 200 rows
  (``RosterListing.rows``), as the roster page asks them; the figure is the 95th percentile.
- **ui**: the roster page of the main window (offscreen, 1200 × 760), signed in as the
  demo's administrator: the search box gets the text, the search runs (the page's own
  ``apply_search``, what the typing pause or Enter triggers) and the table is repainted, so
  the visible rows are fetched and drawn; the 95th percentile.  Then each filter of the
  filter bar on its own (every combo box set to its first choice, applied, repainted, set
  back): the slowest of those.

There is no bare baseline: nothing short of the app searches pinyin initials.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
SIZES = {"quick": (5_000,), "full": (50_000, 500_000)}
TARGETS = {"core": 20.0, "ui": 50.0}  # milliseconds, the 95th percentile


def data_dir(people: int, fresh: bool) -> Path:
    """The data dir of ``people`` (the startup benchmark's station below 500,000)."""
    from run import demo_data

    if people < 500_000:
        return demo_data(people, fresh)
    return demo_data(people, fresh, extra=("--months", "1", "--no-images"), name=f"roster-{people}")


def typed_texts(app: Any) -> list[str]:
    """400 texts as staff type them, from 100 people of the roster (seeded)."""
    from cadre_desk.core.pinyin import search_keys
    from cadre_desk.core.services.roster import RosterFilter, RosterListing

    names = [row[1] for row in RosterListing(RosterFilter()).rows(app, "", 0, 1000)]
    rng = random.Random(7)
    typed = []
    for name in rng.sample(names, 100):
        full, initials = search_keys(name)
        typed += [initials.split()[0][:2], full.split()[0][:5], name[-1], str(rng.randrange(1000, 9999))]
    return typed


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def run_core(data: Path) -> dict[str, Any]:
    from cadre_desk.core.app import App
    from cadre_desk.core.services.roster import RosterFilter, RosterListing

    with App.open(data) as app:
        listing = RosterListing(RosterFilter())
        typed = typed_texts(app)
        listing.count(app, "")  # the first query opens the database pages
        times = []
        for text in typed:
            start = time.perf_counter()
            listing.count(app, text)
            listing.rows(app, text, 0, 200)
            times.append((time.perf_counter() - start) * 1000)
    return {"p95_ms": p95(times), "median_ms": statistics.median(times), "searches": len(times)}


def run_ui(data: Path) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QComboBox

    from cadre_desk.core.app import App
    from cadre_desk.core.services import setup
    from cadre_desk.ui.app import Shell

    qt = QApplication.instance() or QApplication([])
    with App.open(data) as app:
        app.actor = setup.first_admin(app) or app.actor
        shell = Shell(app)
        shell.apply_preferences()
        window = shell.open_main_window()
        window.resize(1200, 760)
        page: Any = window.go_to("people")
        qt.processEvents()
        typed = typed_texts(app)
        table = page.ui.table

        def timed(change: Callable[[], None]) -> float:
            start = time.perf_counter()
            change()
            table.viewport().repaint()  # the visible rows fetched and drawn
            return (time.perf_counter() - start) * 1000

        def search(text: str) -> None:
            page.ui.searchEdit.setText(text)
            page.apply_search()

        timed(lambda: search(typed[0]))  # warm: fonts, first pages
        searches = [timed(lambda t=text: search(t)) for text in typed]  # type: ignore[misc]
        search("")
        filters: dict[str, float] = {}
        for combo in page.ui.filterFrame.findChildren(QComboBox):
            if combo.count() < 2:
                continue

            def pick(combo: QComboBox = combo, index: int = 1) -> None:
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
                page.apply_filters()

            filters[combo.objectName()] = timed(pick)
            total = page.model.total
            pick(combo, 0)
            if total == page.model.total and combo.objectName() != "stationCombo":
                filters[combo.objectName() + " (no change)"] = filters.pop(combo.objectName())
        shell.shutdown()
    slowest = max(filters, key=filters.__getitem__)
    return {
        "p95_ms": p95(searches),
        "median_ms": statistics.median(searches),
        "filter_max_ms": filters[slowest],
        "filter_slowest": slowest,
        "filters": len(filters),
        "each_filter_ms": {name: round(ms, 1) for name, ms in sorted(filters.items(), key=lambda f: -f[1])},
    }


def child(kind: str, data: Path) -> dict[str, Any]:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, __file__, kind, str(data)], capture_output=True, text=True, env=env, check=False
    )
    if out.returncode != 0:
        sys.exit(f"roster {kind} benchmark failed:\n{out.stderr}")
    return json.loads(out.stdout.splitlines()[-1])


def bench(row: Callable[..., Any], measure: Any, *, quick: bool, fresh: bool) -> list[Any]:
    """The rows of run.py's table (``row`` is run.py's Row)."""
    rows = []
    for people in SIZES["quick" if quick else "full"]:
        data = data_dir(people, fresh)
        core, ui = child("core", data), child("ui", data)
        rows += [
            row(f"roster search p95 in the core, {people:,} people", core["p95_ms"], "ms", TARGETS["core"]),
            row(f"  roster search median in the core, {people:,}", core["median_ms"], "ms"),
            row(f"roster search p95 in the window (type, list, draw), {people:,}", ui["p95_ms"], "ms", TARGETS["ui"]),
            row(
                f"roster filter in the window, slowest of {ui['filters']} ({ui['filter_slowest']}), {people:,}",
                ui["filter_max_ms"],
                "ms",
                TARGETS["ui"],
            ),
        ]
    return rows


def main() -> int:
    sys.path.insert(0, str(HERE))
    if len(sys.argv) == 3 and sys.argv[1] in ("core", "ui"):
        result = (run_core if sys.argv[1] == "core" else run_ui)(Path(sys.argv[2]))
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    import run

    rows = bench(run.Row, run.measure, quick=args.quick, fresh=args.fresh)
    run.print_table(rows)
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
