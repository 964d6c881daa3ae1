"""The audit-trail benchmark: searching ~120,000 entries the way an administrator does.

    python bench/audit.py            # on the full sync station (20,000 people, 100,042 entries)
    python bench/audit.py --quick    # on the small one (2,000 people, 10,042 entries)

The data is the station that ``bench/sync.py`` builds (``bench/.data/sync-<key>/station``;
run ``python bench/sync.py build`` or ``python bench/run.py`` first).  Its database is
copied into a temporary folder and made to look like years of use before it is opened:
the entries' times are spread over two years, and 20,000 edits of people, 5,000 of
visits and 3,000 withdrawn sign-ins by three users are added (as the app writes them).
Then each kind of search the 操作记录 page makes runs on 30 different inputs (the first
page of 200 rows and the count, as the page asks for them) and the table shows the
median, 95th percentile and slowest time of each.  Target: p95 under 0.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sync import DATA, FULL, QUICK  # noqa: E402

TARGET_P95 = 0.5
RUNS = 30
USERS = (("管理员甲", str(uuid.uuid4())), ("操作员乙", str(uuid.uuid4())), ("操作员丙", str(uuid.uuid4())))
START = dt.datetime(2024, 11, 1, 8, 0)
DAYS = 730


def _at(rng: random.Random) -> str:
    moment = START + dt.timedelta(seconds=rng.randint(0, DAYS * 86400))
    return moment.strftime("%Y-%m-%d %H:%M:%S.000000")


def make_history(db: Path, seed: int = 1) -> dict[str, int]:
    """Spread the entries over two years and add users' edits (on a copy; triggers dropped)."""
    rng = random.Random(seed)
    con = sqlite3.connect(db)
    try:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"):
            con.execute(f'DROP TRIGGER "{name}"')
        n = con.execute("SELECT max(rowid) FROM audit_log").fetchone()[0]
        con.execute(
            "UPDATE audit_log SET at = strftime('%Y-%m-%d %H:%M:%S.000000', ?, '+' || (rowid * ? / ?) || ' seconds')",
            (START.isoformat(sep=" "), DAYS * 86400, n),
        )
        origin, seq = con.execute("SELECT origin, max(tx_seq) FROM audit_log").fetchone()
        people = [r for r in con.execute("SELECT id, name, phone_mobile FROM people")]
        visits = [r[0] for r in con.execute("SELECT id FROM visits")]
        check_ins = [r[0] for r in con.execute("SELECT id FROM check_ins")]
        rows: list[tuple[Any, ...]] = []

        def add(entity: str, entity_id: str, label: str, changes: dict[str, list[Any]], action: str = "update") -> None:
            name, user_id = rng.choice(USERS)
            rows.append(
                (
                    str(uuid.uuid4()),
                    origin,
                    "0" * 24,
                    _at(rng),
                    user_id,
                    name,
                    action,
                    entity,
                    entity_id,
                    label,
                    json.dumps(changes, ensure_ascii=False),
                    seq + 1 + len(rows),
                )
            )

        for _ in range(20_000):
            pid, name, phone = rng.choice(people)
            add("people", pid, name, {"phone_mobile": [phone, f"139{rng.randint(0, 99_999_999):08d}"]})
        for _ in range(5_000):
            add("visits", rng.choice(visits), "", {"follow_up_done": [False, True]})
        for _ in range(3_000):
            add("check_ins", rng.choice(check_ins), "", {"deleted": [False, True]}, "delete")
        con.executemany(
            "INSERT INTO audit_log (id, origin, hlc, at, user_id, user_name, action, entity, entity_id, label, "
            "changes, tx_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.commit()
        total = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        con.close()
    return {"entries": total, "added": len(rows)}


def measure(fn: Callable[[], Any], runs: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(runs):
        fn()
    return (time.perf_counter() - start) / runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    spec = QUICK if args.quick else FULL
    source = DATA / f"sync-{spec.key}" / "station" / "cadre_desk.db"
    if not source.exists():
        print(f"no data: {source} is missing; run `python bench/sync.py build` first", file=sys.stderr)
        return 1

    from cadre_desk.core.app import App
    from cadre_desk.core.models import Person
    from cadre_desk.core.services import audit

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "station"
        data.mkdir()
        shutil.copy2(source, data / "cadre_desk.db")
        facts = make_history(data / "cadre_desk.db")
        with App.open(data) as app:
            rng = random.Random(7)
            with app.read() as s:
                people = list(s.execute(Person.__table__.select().with_only_columns(Person.id, Person.name)))
            # the busiest people (edited most) and random ones
            picked = rng.sample(people, RUNS)
            names = [p.name for p in picked]
            user_ids = [u[1] for u in USERS]
            days = [(START + dt.timedelta(days=rng.randint(0, DAYS - 31))).date() for _ in range(RUNS)]
            entry_ids = [r[0] for r in app.read_engine.connect().exec_driver_sql("SELECT id FROM audit_log LIMIT 30")]
            cases: dict[str, list[Callable[[], Any]]] = {
                "everything, first page + count": [lambda: audit.search_audit(app)] * RUNS,
                "everything, page at 10,000": [
                    lambda: audit.search_audit(app, offset=10_000, count=False) for _ in range(RUNS)
                ],
                "by person": [lambda p=p: audit.search_audit(app, person_id=p.id) for p in picked],
                "by user": [lambda u=u: audit.search_audit(app, user_id=u) for u in user_ids * (RUNS // 3)],
                "the app's own (系统)": [lambda: audit.search_audit(app, user_id=audit.SYSTEM_USER)] * RUNS,
                "a month": [
                    lambda d=d: audit.search_audit(app, date_from=d, date_to=d + dt.timedelta(days=30)) for d in days
                ],
                "one day": [lambda d=d: audit.search_audit(app, date_from=d, date_to=d) for d in days],
                "text: a name": [lambda n=n: audit.search_audit(app, text=n) for n in names],
                "text: no match": [lambda: audit.search_audit(app, text="没有这样的记录")] * RUNS,
                "text: a record id": [lambda p=p: audit.search_audit(app, text=p.id) for p in picked],
                "person + a month": [
                    lambda p=p, d=d: audit.search_audit(
                        app, person_id=p.id, date_from=d, date_to=d + dt.timedelta(days=30)
                    )
                    for p, d in zip(picked, days, strict=True)
                ],
                "user + kind + month": [
                    lambda u=u, d=d: audit.search_audit(
                        app, user_id=u, entity="people", date_from=d, date_to=d + dt.timedelta(days=30)
                    )
                    for u, d in zip(user_ids * (RUNS // 3), days, strict=True)
                ],
                "kind: sign-ins": [lambda: audit.search_audit(app, entity="check_ins")] * RUNS,
                "the user list": [lambda: audit.audit_users(app)] * RUNS,
                "one entry": [lambda i=i: audit.get_entry(app, i) for i in entry_ids],
            }
            print(f"{facts['entries']:,} audit entries ({facts['added']:,} users' edits added), {len(people):,} people")
            print(f"{'search':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
            worst = 0.0
            for name, calls in cases.items():
                calls[0]()  # a warm cache, as on a page already open
                times = sorted(measure(c) for c in calls)
                p95 = times[max(0, int(len(times) * 0.95) - 1)]
                worst = max(worst, p95)
                print(f"{name:34} {statistics.median(times) * 1000:8.1f} {p95 * 1000:8.1f} {times[-1] * 1000:8.1f}")
            print(f"slowest p95: {worst * 1000:.1f} ms (target {TARGET_P95 * 1000:.0f} ms)")
            return 0 if worst < TARGET_P95 else 1


if __name__ == "__main__":
    sys.exit(main())
