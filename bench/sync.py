"""The sync benchmark: a station's bundle exported, imported at the district, and imported again.

    python bench/run.py                             # runs it with the others (--quick: the small bundle)
    python bench/sync.py                            # just this one: build if needed, measure, print the table
    python bench/sync.py --quick                    # the small bundle (10,000 changes, 50 photos)
    python bench/sync.py --encrypt                  # the same with the bundle encrypted for the district
    python bench/sync.py build DIR [--quick]        # build the district and station into DIR (cached by run.py)
    python bench/sync.py app STAGE DATA BUNDLE RESULTS   # child: one app run; appends a JSON line
    python bench/sync.py bare STAGE DATA BUNDLE RESULTS  # child: the same work with sqlite3/json/zipfile
    python bench/sync.py profile STAGE [--quick] [--top N] [--pyinstrument]   # one profiled run

STAGE is ``export`` (at the station, DATA its data dir, BUNDLE written), ``import`` (at the
district, DATA its data dir before any exchange, BUNDLE read) or ``reimport`` (the district
after it applied BUNDLE: the same file again, refused as a duplicate).

The data (built once into ``bench/.data/sync-<key>/``, not committed) is a district office
and one station enrolled with its setup file, both made through the app's services.  At the
station, in transactions of at most 5,000 rows through ``Tx.bulk_add``: 20,000 people,
500 activities, 60,000 check-ins (keyboard, scan or paper: no signature images), 10,000
visits, 9,000 volunteer service records, and 500 phone photos (4000×3000 JPEG, quality 85,
about 2.7 MB; stored with their print copies and thumbnails by ``store_image``) attached
with ``attach_stored`` to 300 of the activities — with the reference data, 100,017 synced
rows in the bundle, and the audit entry of each, which travel too (200,059 records, a
1.6 GB bundle).  ``--quick``: 2,000 / 50 / 6,000 / 1,000 / 900 and 50 photos.  Building
takes about 4½ minutes (``--quick``: 25 s); the generated JPEGs are cached apart
(``bench/.data/sync-photos/``), so a rebuilt station reuses them.  The targets (export
under 10 s, import under 20 s, re-import under 2 s) are for the full bundle.

Each figure is the median of three runs, each in a fresh process on a fresh copy of the
data dir (the database copied, media files hard-linked: export and re-import only read
them): the time of ``export_bundle`` / ``import_bundle`` alone (not the interpreter start,
the imports or opening the data dir), with the whole process beside it; peak memory is the
largest resident set of those processes.  The import reads the bundle of the last export
run; the re-import runs on copies of the data dir the last import left.

The bare baselines do the same job with the standard library alone and no checks: export
reads the same columns of the same rows with plain ``sqlite3`` (the synced tables and the
audit log), writes them with ``json.dumps`` into a deflated ``changes.jsonl`` in a
``zipfile`` and copies in the same photo files (stored); import reads that member of the
app's bundle back, ``json.loads`` each line and inserts the rows with ``executemany``
(``INSERT OR IGNORE``: the district holds the reference rows already) in one transaction
into a fresh copy of the district's database, and extracts the photos; re-import is
hashing the bundle file with SHA-256 (the least any signed format needs to tell a file it
has seen).  No signing, merging, audit, backups or fsync in any of them.

The app's bundle is plain unless ``--encrypt`` is given (environment ``CADRE_BENCH_ENCRYPT=1``
for the child runs): then the station encrypts it for the district as it writes it, and the
import decrypts the chunks as it reads them.  The bare baselines read the plain bundle inside.
Before the first encrypted run the built district gets its encryption key and the station
learns it (a station enrolled before bundles could be encrypted learns it from the
district's next bundle).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
PHOTO_CACHE = DATA / "sync-photos"
STAGES = ("export", "import", "reimport")
ENCRYPT_ENV = "CADRE_BENCH_ENCRYPT"
RUNS = 3
ROWS_PER_TX = 5000
ADMIN = ("admin", "secret123")
TODAY = dt.date(2026, 10, 31)

Log = Callable[[str], None]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class SyncSpec:
    """What the station has written since it joined (all of it goes in its first bundle)."""

    people: int
    activities: int
    check_ins: int
    visits: int
    service_records: int
    photos: int
    photo_size: tuple[int, int] = (4000, 3000)
    photo_quality: int = 85
    seed: int = 20261031

    @property
    def changes(self) -> int:
        return self.people + self.activities + self.check_ins + self.visits + self.service_records + self.photos

    @property
    def key(self) -> str:
        w, h = self.photo_size
        return (
            f"p{self.people}-a{self.activities}-c{self.check_ins}-v{self.visits}-s{self.service_records}"
            f"-ph{self.photos}-{w}x{h}q{self.photo_quality}-r{self.seed}"
        )

    @property
    def label(self) -> str:
        return f"{self.changes:,} changes + {self.photos} photos"


FULL = SyncSpec(people=20_000, activities=500, check_ins=60_000, visits=10_000, service_records=9_000, photos=500)
QUICK = SyncSpec(people=2_000, activities=50, check_ins=6_000, visits=1_000, service_records=900, photos=50)
TARGETS = {"export": 10.0, "import": 20.0, "reimport": 2.0}  # seconds, for the full bundle


# -- building the data ---------------------------------------------------------------------


def _photo_files(spec: SyncSpec, log: Log = _log) -> list[Path]:
    """The first ``spec.photos`` phone photos of the cache (made on two threads when missing)."""
    from cadre_desk.core import fakedata

    w, h = spec.photo_size
    folder = PHOTO_CACHE / f"{w}x{h}-q{spec.photo_quality}-r{spec.seed}"
    folder.mkdir(parents=True, exist_ok=True)
    first = dt.datetime(2022, 11, 1, 9, 30)
    files = [folder / f"IMG_{n:04d}.jpg" for n in range(spec.photos)]

    def shoot(n: int) -> None:
        rng = random.Random(spec.seed * 10_000 + n)
        taken = first + dt.timedelta(days=n * 1461 // 500, minutes=rng.randint(0, 90))
        data = fakedata.activity_photo_jpeg(rng, taken, w, h, quality=spec.photo_quality)
        tmp = files[n].with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(files[n])

    missing = [n for n, f in enumerate(files) if not f.exists()]
    if missing:
        log(f"  shooting {len(missing)} photos of {w}×{h} into {folder} …")
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(shoot, missing))
    return files


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """``parts`` counts that vary around total/parts and add up to exactly ``total``."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def build(path: Path, spec: SyncSpec, log: Log = _log) -> dict[str, Any]:
    """Make the district and the enrolled station with its books in a new folder ``path``."""
    from decimal import Decimal

    from sqlalchemy import select

    from cadre_desk.core import fakedata
    from cadre_desk.core.app import App
    from cadre_desk.core.ids import uuid7
    from cadre_desk.core.migrate import head_revision
    from cadre_desk.core.models import (
        Activity,
        ActivityType,
        CheckIn,
        Person,
        ServiceRecord,
        Visit,
        VolunteerProject,
    )
    from cadre_desk.core.services import photos, stations
    from cadre_desk.core.services.base import own_station_id
    from cadre_desk.core.services.media import store_image
    from cadre_desk.core.services.people import clean_person
    from cadre_desk.core.services.setup import StationProfile, initialise
    from cadre_desk.core.vocab import SERVICE_ROLES, VISIT_REASONS, code_for

    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    started = time.perf_counter()
    rng = random.Random(spec.seed)
    district_dir, station_dir, enrol_file = path / "district", path / "station", path / "enrol.cdenrol"
    station_name = "金湖路社区老干部驿站"

    with App.open(district_dir) as app:
        initialise(
            app,
            kind="district",
            profile=StationProfile(name="市南区委老干部局", district="市南区"),
            admin_username=ADMIN[0],
            admin_password=ADMIN[1],
        )
        stations.add_station(app, station_name, enrol_file, street="金门路街道", community="金湖路社区")
    with App.open(station_dir) as app:
        initialise(
            app,
            kind="station",
            profile=StationProfile(name=station_name, district="市南区", street="金门路街道", community="金湖路社区"),
            admin_username=ADMIN[0],
            admin_password=ADMIN[1],
        )
        stations.enrol(app, enrol_file)
        log(f"  district and enrolled station set up ({time.perf_counter() - started:.0f} s)")

        def write(model: type, rows: list[dict[str, Any]]) -> list[str]:
            ids: list[str] = []
            for start in range(0, len(rows), ROWS_PER_TX):
                with app.transaction() as tx:
                    ids += tx.bulk_add(model, rows[start : start + ROWS_PER_TX])
            return ids

        with app.read() as s:
            station_id = own_station_id(s)
            types = {t.name: t.id for t in s.scalars(select(ActivityType).where(ActivityType.deleted.is_(False)))}

        # people, as the demo makes them (valid ID numbers, cleaned as typed-in ones are)
        people: list[dict[str, Any]] = []
        seen: set[str] = set()
        while len(people) < spec.people:
            raw = dict(fakedata.fake_person(rng, TODAY))
            if raw["id_number"] in seen:
                continue
            seen.add(str(raw["id_number"]))
            raw["birth_date"] = None  # derived from the ID number
            people.append(clean_person(raw, today=TODAY) | {"id": uuid7(), "station_id": station_id})
        write(Person, people)
        active = [p for p in people if p["status"] == "active"]
        log(f"  {len(people):,} people ({time.perf_counter() - started:.0f} s)")

        # activities over four years, their sign-in books (no signature images: keyboard, scan or paper)
        days = [TODAY - dt.timedelta(days=n) for n in range(4 * 365)]
        weekdays = sorted(d for d in days if d.weekday() < 5)
        activities: list[dict[str, Any]] = []
        for n in range(spec.activities):
            day = weekdays[n * len(weekdays) // spec.activities]
            type_name = fakedata.ACTIVITY_TYPES[n % len(fakedata.ACTIVITY_TYPES)]
            a = dict(fakedata.fake_activity(rng, type_name, day))
            a.update(
                id=uuid7(), station_id=station_id, type_id=types[type_name], date=day, planned_rule={"manual": True}
            )
            activities.append(a)
        write(Activity, activities)
        check_ins: list[dict[str, Any]] = []
        for a, count in zip(activities, _spread(spec.check_ins, spec.activities, rng), strict=True):
            start = dt.datetime.combine(a["date"], a["start_time"])
            for k, p in enumerate(rng.sample(active, min(count, len(active)))):
                roll = rng.random()
                row = {
                    "activity_id": a["id"],
                    "person_id": p["id"],
                    "method": rng.choice(("keyboard", "scan", "paper")),
                }
                if roll < 0.07:
                    row |= {
                        "status": "leave",
                        "signed_at": start - dt.timedelta(days=1),
                        "leave_reason": rng.choice(("身体不适", "外出就医", "家中有事", "探亲在外")),
                    }
                else:
                    proxy = roll > 0.95
                    row |= {
                        "status": "proxy" if proxy else "signed",
                        "signed_at": start - dt.timedelta(minutes=25) + dt.timedelta(seconds=k * 11),
                        "proxy_name": rng.choice(("老伴", "女儿", "儿子")) + "代签" if proxy else "",
                    }
                check_ins.append(row)
        write(CheckIn, check_ins)
        log(f"  {len(activities)} activities, {len(check_ins):,} check-ins ({time.perf_counter() - started:.0f} s)")

        # visits and volunteer service
        visits: list[dict[str, Any]] = []
        for _ in range(spec.visits):
            p = rng.choice(active)
            v = dict(fakedata.fake_visit(rng, rng.choice(days), p["name"]))
            v.pop("visited_name", None)
            v["reason"] = code_for(VISIT_REASONS, v["reason"]) or "other"
            v.update(station_id=station_id, person_id=p["id"], date=v.get("date") or rng.choice(days))
            visits.append(v)
        write(Visit, visits)
        projects = fakedata.fake_projects()
        keep = ("name", "field", "description", "organiser", "contact_phone")
        project_ids = write(
            VolunteerProject,
            [{"station_id": station_id, **{k: v for k, v in pr.items() if k in keep}} for pr in projects],
        )
        volunteers = rng.sample(active, max(1, len(active) // 8))
        service: list[dict[str, Any]] = []
        for _ in range(spec.service_records):
            k = rng.randrange(len(projects))
            service.append(
                {
                    "station_id": station_id,
                    "person_id": rng.choice(volunteers)["id"],
                    "project_id": project_ids[k],
                    "date": rng.choice(days),
                    "hours": Decimal(rng.choice(("1", "1.5", "2", "2.5", "3", "4"))),
                    "content": fakedata.fake_service_content(rng, str(projects[k]["name"])),
                    "role": rng.choice(SERVICE_ROLES) if rng.random() < 0.3 else "",
                }
            )
        write(ServiceRecord, service)
        log(f"  {len(visits):,} visits, {len(service):,} service records ({time.perf_counter() - started:.0f} s)")

        # the photos: stored with their print copies and thumbnails, then attached to the activities
        files = _photo_files(spec, log)
        log(f"  storing {len(files)} photos with their print copies ({time.perf_counter() - started:.0f} s) …")
        with ThreadPoolExecutor(max_workers=2) as pool:
            infos = list(pool.map(lambda f: store_image(app, f.read_bytes(), f.name), files))
        owners = sorted(range(spec.activities), key=lambda _: rng.random())[: max(1, spec.activities * 3 // 5)]
        per_owner: dict[int, list[tuple[str, Any]]] = {}
        for n, (file, info) in enumerate(zip(files, infos, strict=True)):
            per_owner.setdefault(owners[n % len(owners)], []).append((file.name, info))
        owned = sorted(per_owner.items())
        for start in range(0, len(owned), 100):
            with app.transaction() as tx:
                for index, shots in owned[start : start + 100]:
                    photos.attach_stored(tx, "activity", activities[index]["id"], shots, caption="活动现场")
        log(f"  {len(files)} photos attached ({time.perf_counter() - started:.0f} s)")
    built = {
        "spec": asdict(spec),
        "schema": head_revision(),
        "counts": data_counts(station_dir),
        "seconds": round(time.perf_counter() - started),
    }
    (path / "built.json").write_text(json.dumps(built, indent=1))
    return built


def data_counts(station_dir: Path) -> dict[str, Any]:
    """The synced rows of each table, the audit entries and the photo bytes of a station."""
    from cadre_desk.core.sync.records import CODECS

    con = sqlite3.connect(f"file:{station_dir / 'cadre_desk.db'}?mode=ro", uri=True)
    try:
        rows = {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in CODECS}
        audit = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        photos = con.execute("SELECT count(*), coalesce(sum(size), 0) FROM media_files").fetchone()
    finally:
        con.close()
    media = station_dir / "media"
    derived = sum(f.stat().st_size for kind in ("print", "thumbs") for f in (media / kind).rglob("*.jpg"))
    return {
        "rows": {k: v for k, v in rows.items() if v},
        "synced_rows": sum(rows.values()),
        "audit_entries": audit,
        "media_files": photos[0],
        "originals_mb": round(photos[1] / 1e6, 1),
        "derivatives_mb": round(derived / 1e6, 1),
    }


def sync_data(spec: SyncSpec, fresh: bool = False, log: Log = _log) -> tuple[Path, dict[str, Any]]:
    """The folder of ``spec``'s district and station (built once, in a child process) and its counts."""
    path = DATA / f"sync-{spec.key}"
    marker = path / "built.json"
    if fresh and path.exists():
        shutil.rmtree(path)
    if not marker.exists() or json.loads(marker.read_text())["spec"] != json.loads(json.dumps(asdict(spec))):
        log(f"building the sync data ({spec.label}) in {path} …")
        started = time.perf_counter()
        cmd = [sys.executable, str(Path(__file__)), "build", str(path), *(["--quick"] if spec == QUICK else [])]
        if subprocess.run(cmd, check=False).returncode != 0:
            sys.exit("building the sync data failed")
        log(f"  built in {time.perf_counter() - started:.0f} s")
    built: dict[str, Any] = json.loads(marker.read_text())
    return path, built


# -- fresh copies ------------------------------------------------------------------------------


def fresh_copy(src: Path, dest: Path) -> Path:
    """A copy of a data dir: the database and small files copied, media files hard-linked."""
    if dest.exists():
        shutil.rmtree(dest)

    def copy(s: str, d: str) -> None:
        if Path(s).is_relative_to(src / "media"):
            try:
                os.link(s, d)
                return
            except OSError:
                pass
        shutil.copy2(s, d)

    shutil.copytree(src, dest, copy_function=copy)
    return dest


def _read_all(folder: Path) -> None:
    """Read every file under ``folder`` once (so no run pays for a cold disk cache)."""
    for f in folder.rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                while fh.read(1 << 22):
                    pass


# -- the app's runs ------------------------------------------------------------------------


def run_app(stage: str, data: Path, bundle: Path, results: Path) -> dict[str, Any]:
    """One export, import or re-import as the app does it; appends its figures to ``results``."""
    started = time.perf_counter()
    from cadre_desk.core.app import App
    from cadre_desk.core.services import sync

    with App.open(data) as app:
        opened = time.perf_counter()
        if stage == "export":
            out = sync.export_bundle(app, bundle, encrypt=os.environ.get(ENCRYPT_ENV) == "1")
            seconds = time.perf_counter() - opened
            figures: dict[str, Any] = {"records": out.records, "photos": out.photos, "size": out.size}
            figures["encrypted"] = out.encrypted
            figures["counts"] = out.counts
        else:
            got = sync.import_bundle(app, bundle)
            seconds = time.perf_counter() - opened
            want = "ok" if stage == "import" else "duplicate"
            if got.result != want:
                sys.exit(f"{stage}: the import said {got.result!r}, not {want!r}")
            figures = {"records": got.records, "applied": got.applied, "photos": got.photos, "result": got.result}
    figures |= {
        "seconds": seconds,
        "startup_seconds": opened - started,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- the bare baselines -------------------------------------------------------------------------


def run_bare(stage: str, data: Path, bundle: Path, results: Path) -> dict[str, Any]:
    """The same job with sqlite3, json and zipfile alone; appends its figures to ``results``."""
    from cadre_desk.core.sync.records import AUDIT, AUDIT_COLUMNS, CODECS, META_KEYS

    # the columns the app sends, parents first as in the bundle (the names only: no app code runs below)
    tables = {name: [*META_KEYS, *codec.columns] for name, codec in CODECS.items()}
    tables[AUDIT] = list(AUDIT_COLUMNS)
    started = time.perf_counter()
    if stage == "export":
        figures = _bare_export(data, bundle, tables)
    elif stage == "import":
        figures = _bare_import(data, bundle)
    else:
        h = hashlib.sha256()
        with open(bundle, "rb") as fh:
            while chunk := fh.read(1 << 22):
                h.update(chunk)
        with zipfile.ZipFile(bundle) as z:
            json.loads(z.read("manifest.json"))
        figures = {"size": bundle.stat().st_size}
    figures |= {
        "seconds": time.perf_counter() - started,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


def _bare_export(data: Path, out: Path, tables: dict[str, list[str]]) -> dict[str, Any]:
    con = sqlite3.connect(data / "cadre_desk.db")
    records = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        info = zipfile.ZipInfo("changes.jsonl", date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            for table, names in tables.items():
                listed = ", ".join(f'"{c}"' for c in names)
                mine = "tx_seq > 0 AND tx_seq NOT IN (SELECT seq FROM sync_sources)"  # not what came from the peer
                cur = con.execute(f'SELECT {listed} FROM "{table}" WHERE {mine}')
                while rows := cur.fetchmany(2000):
                    dicts = ({"t": table, **dict(zip(names, r, strict=True))} for r in rows)
                    lines = [json.dumps(d, ensure_ascii=False) for d in dicts]
                    fh.write(("\n".join(lines) + "\n").encode("utf-8"))
                    records += len(rows)
        media = data / "media"
        photos = 0
        for sha, ext in con.execute("SELECT sha256, ext FROM media_files"):
            original = media / "originals" / sha[:2] / f"{sha}.{ext}"
            z.write(original, f"media/originals/{sha}.{ext}")
            for kind, folder in (("print", "print"), ("thumb", "thumbs")):
                derived = media / folder / sha[:2] / f"{sha}.jpg"
                if derived.exists():
                    z.write(derived, f"media/{kind}/{sha}.jpg")
            photos += 1
    con.close()
    return {"records": records, "photos": photos, "size": out.stat().st_size}


def _bare_import(data: Path, bundle: Path) -> dict[str, Any]:
    con = sqlite3.connect(data / "cadre_desk.db", isolation_level=None)
    columns: dict[str, list[str]] = {}

    def flush(table: str, batch: list[dict[str, Any]]) -> None:
        if table not in columns:
            info = con.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
            columns[table] = [c[1] for c in info if c[6] == 0]  # not generated
        rows = []
        for r in batch:
            values = {"tx_seq": 1, **r["v"]}
            if table != "audit_log":
                values |= {"id": r["id"], "origin": r["o"], "hlc_created": r["c"], "hlc_updated": r["u"]}
                values |= {"field_hlc": r["f"], "deleted": r["d"]}
            rows.append(values)
        cols = [c for c in columns[table] if c in rows[0]]
        rows = [[json.dumps(v) if isinstance(v, dict | list) else v for v in (r[c] for c in cols)] for r in rows]
        marks = ", ".join("?" * len(cols))
        names = ", ".join(f'"{c}"' for c in cols)
        con.executemany(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', rows)

    records = 0
    media = data / "media"
    con.execute("BEGIN")
    with zipfile.ZipFile(bundle) as z:
        for name in z.namelist():
            if name.startswith("media/"):
                z.extract(name, media / "bare")
        with z.open("changes.jsonl") as fh:
            table, batch = "", []
            for line in fh:
                r = json.loads(line)
                if (r["t"] != table or len(batch) >= 2000) and batch:
                    flush(table, batch)
                    batch = []
                table = r["t"]
                batch.append(r)
                records += 1
            if batch:
                flush(table, batch)
    con.execute("COMMIT")
    con.close()
    return {"records": records}


# -- measuring (for run.py) ----------------------------------------------------------------------


def command(who: str, stage: str, data: Path, bundle: Path, results: Path) -> list[str]:
    """The command line of one child run (``who`` is "app" or "bare")."""
    return [sys.executable, str(Path(__file__)), who, stage, str(data), str(bundle), str(results)]


def _median_results(results: Path) -> dict[str, Any]:
    runs = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    figures = dict(runs[-1])
    for key in ("seconds", "startup_seconds"):
        if key in figures:
            figures[key] = statistics.median(r[key] for r in runs)
    figures["peak_mib"] = max(r["peak_kib"] for r in runs) / 1024
    figures["runs"] = len(runs)
    return figures


def share_encryption_key(base: Path) -> None:
    """Give the built district its encryption key and tell the station (once; for --encrypt)."""
    from sqlalchemy import select

    from cadre_desk.core.app import App
    from cadre_desk.core.models import SyncPeer
    from cadre_desk.core.services import sync

    with App.open(base / "district") as district:
        key = sync.identity(district).encryption_key
    with App.open(base / "station") as station, station.transaction(needs=None) as tx:
        peer = tx.session.scalars(select(SyncPeer).where(SyncPeer.kind == "district")).one()
        peer.encryption_key = key


def plain_copy(base: Path, bundle: Path, out: Path) -> Path:
    """The signed bundle inside an encrypted one (the bare baselines read plain ZIP files)."""
    from cadre_desk.core.app import App
    from cadre_desk.core.sync import crypt

    if not crypt.is_encrypted(bundle):
        return bundle
    with App.open(base / "district") as district, district.read() as s:
        key = crypt.load(s)
    assert key is not None
    crypt.decrypt_file(bundle, out, key)
    return out


def measure_stages(spec: SyncSpec, fresh: bool, measure: Callable[[list[str], int], tuple[float, float]]) -> dict:
    """Run every stage RUNS times for the app and for the bare baseline; the median figures."""
    base, built = sync_data(spec, fresh)
    if os.environ.get(ENCRYPT_ENV) == "1":
        share_encryption_key(base)
    work = base / "runs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    _read_all(base / "station" / "media")  # warm the disk cache: every run reads it from memory
    bundle, bare_bundle = work / "bundle.cdsync", work / "bare.zip"
    out: dict[str, Any] = {"built": built}

    def runs(who: str, stage: str, source: Path, target: Path) -> dict[str, Any]:
        log = work / f"{who}-{stage}.jsonl"
        walls, peaks = [], []
        for n in range(RUNS):
            data = fresh_copy(source, work / f"{who}-{stage}")
            if stage == "export":
                target.unlink(missing_ok=True)
            wall, peak = measure(command(who, stage, data, target, log), 1)
            walls.append(wall)
            peaks.append(peak)
            if not (who == "app" and stage == "import" and n == RUNS - 1):
                shutil.rmtree(data)
        figures = _median_results(log)
        figures["process_seconds"] = statistics.median(walls)  # the child's whole life, interpreter start included
        figures["peak_mib"] = max(peaks)
        _log(
            f"  {who} {stage}: "
            + ", ".join(f"{json.loads(line)['seconds']:.2f}" for line in log.read_text().splitlines())
            + " s"
        )
        return figures

    out["app-export"] = runs("app", "export", base / "station", bundle)
    out["bare-export"] = runs("bare", "export", base / "station", bare_bundle)
    bare_bundle.unlink()
    out["app-import"] = runs("app", "import", base / "district", bundle)
    imported = work / "app-import"  # the last import's district, for the re-import
    plain = plain_copy(base, bundle, work / "plain.cdsync")
    out["bare-import"] = runs("bare", "import", base / "district", plain)
    out["app-reimport"] = runs("app", "reimport", imported, bundle)
    out["bare-reimport"] = runs("bare", "reimport", imported, plain)
    shutil.rmtree(imported)
    out["bundle_size"] = bundle.stat().st_size
    bundle.unlink()  # 1.6 GB at full size; the JSON lines of every run stay in runs/
    plain.unlink(missing_ok=True)
    return out


def bench(
    row: Callable[..., Any], measure: Callable[[list[str], int], tuple[float, float]], *, quick: bool, fresh: bool
) -> list[Any]:
    """The rows of run.py's table (``row`` is run.py's Row, ``measure`` its measure)."""
    spec = QUICK if quick else FULL
    got = measure_stages(spec, fresh, measure)
    counts = got["built"]["counts"]
    _log(
        "sync data: "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts["rows"].items())
        + f"; audit entries {counts['audit_entries']:,}; photos {counts['media_files']}"
        + f" ({counts['originals_mb']:,} MB originals, {counts['derivatives_mb']:,} MB print copies and thumbnails)"
    )
    export, imp, again = got["app-export"], got["app-import"], got["app-reimport"]
    changes = sum(n for table, n in export["counts"].items() if table != "audit_log")  # synced rows sent
    full = spec == FULL  # the targets are for the full bundle; --quick shows none
    enc = ", encrypted" if export.get("encrypted") else ""
    rows = [
        row(
            f"sync export, {changes:,} changes + {export['photos']} photos{enc}",
            export["seconds"],
            "s",
            TARGETS["export"] if full else None,
            got["bare-export"]["seconds"],
            export["peak_mib"],
        ),
        row(
            f"sync import at the district, first time{enc}",
            imp["seconds"],
            "s",
            TARGETS["import"] if full else None,
            got["bare-import"]["seconds"],
            imp["peak_mib"],
        ),
        row(
            "sync re-import of the applied bundle (duplicate)",
            again["seconds"],
            "s",
            TARGETS["reimport"] if full else None,
            got["bare-reimport"]["seconds"],
            again["peak_mib"],
        ),
        row(
            f"  sync: bundle size, {export['records']:,} records (bare zip)",
            got["bundle_size"] / 1e6,
            "MB",
            None,
            got["bare-export"]["size"] / 1e6,
        ),
    ]
    for stage, figures in (("export", export), ("import", imp), ("re-import", again)):
        rows.append(row(f"  sync {stage}: whole process (start, imports, open, run)", figures["process_seconds"], "s"))
    return rows


# -- profiling -----------------------------------------------------------------------------------


def profile(stage: str, spec: SyncSpec, top: int, pyinstrument: bool) -> None:
    """One app run of ``stage`` in this process under cProfile (or pyinstrument), on fresh copies."""
    from cadre_desk.core.app import App
    from cadre_desk.core.services import sync

    base, _ = sync_data(spec)
    encrypt = os.environ.get(ENCRYPT_ENV) == "1"
    if encrypt:
        share_encryption_key(base)
    work = base / "profile"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    bundle = work / "bundle.cdsync"
    _read_all(base / "station" / "media")
    if stage == "export":
        data = fresh_copy(base / "station", work / "station")
    else:  # a bundle to import (and, for the re-import, a district that has applied it)
        with App.open(fresh_copy(base / "station", work / "station")) as app:
            sync.export_bundle(app, bundle, encrypt=encrypt)
        data = fresh_copy(base / "district", work / "district")
        if stage == "reimport":
            with App.open(data) as app:
                sync.import_bundle(app, bundle)
    with App.open(data) as app:
        run: Callable[[], Any] = (
            (lambda: sync.export_bundle(app, bundle, encrypt=encrypt))
            if stage == "export"
            else (lambda: sync.import_bundle(app, bundle))
        )
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

            cp = cProfile.Profile()
            cp.enable()
            result = run()
            cp.disable()
            print(f"{result}\n{time.perf_counter() - started:.2f} s under cProfile")
            stats = pstats.Stats(cp).sort_stats("cumulative")
            print("\n== by cumulative time ==")
            stats.print_stats(top)
            print("\n== by own time ==")
            stats.sort_stats("tottime").print_stats(top)
    shutil.rmtree(work)


# -- command line -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the small bundle")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data first")
    parser.add_argument("--encrypt", action="store_true", help="the app's bundle encrypted for the district")
    sub = parser.add_subparsers(dest="cmd")
    p = sub.add_parser("build", help="build the district and the station into a new folder")
    p.add_argument("dir", type=Path)
    p.add_argument("--quick", action="store_true", help="the small bundle")
    for who in ("app", "bare"):
        p = sub.add_parser(who, help=f"one {who} run; appends a JSON line to RESULTS")
        p.add_argument("stage", choices=STAGES)
        p.add_argument("data", type=Path)
        p.add_argument("bundle", type=Path)
        p.add_argument("results", type=Path)
    p = sub.add_parser("profile", help="profile one app run in-process")
    p.add_argument("stage", choices=STAGES)
    p.add_argument("--quick", action="store_true", help="the small bundle")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--pyinstrument", action="store_true", help="pyinstrument instead of cProfile")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.encrypt:
        os.environ[ENCRYPT_ENV] = "1"  # the child runs inherit it
    spec = QUICK if args.quick else FULL
    if args.cmd == "build":
        built = build(args.dir, spec)
        _log(f"  built: {json.dumps(built['counts'], ensure_ascii=False)}")
    elif args.cmd == "app":
        run_app(args.stage, args.data, args.bundle, args.results)
    elif args.cmd == "bare":
        run_bare(args.stage, args.data, args.bundle, args.results)
    elif args.cmd == "profile":
        profile(args.stage, spec, args.top, args.pyinstrument)
    else:  # the benchmark alone, with run.py's table
        import run

        rows = bench(run.Row, run.measure, quick=args.quick, fresh=args.fresh)
        run.print_table(rows)
        return 0 if all(r.ok is not False for r in rows) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
