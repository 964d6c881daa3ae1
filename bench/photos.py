"""The photo-import benchmark: 100 twelve-megapixel phone photos added to an activity, against Pillow.

    python bench/run.py                             # runs it with the others (--quick: 20 photos)
    python bench/photos.py [--quick]                # just this one: measure, print the table
    python bench/photos.py app DATA COUNT RESULTS   # child: one app import into DATA; appends a JSON line
    python bench/photos.py bare OUT COUNT RESULTS   # child: the same files and sizes with a Pillow loop
    python bench/photos.py profile [--quick] [--pyinstrument]   # one profiled app import

The photos are the phone photos of the sync benchmark (``bench/.data/sync-photos/``, made by
``sync._photo_files`` and shared with it): 4000×3000 JPEG, quality 85, about 2.7 MB each,
with the EXIF DateTimeOriginal a camera writes; the first 100 (``--quick``: 20).  They are
read once before the runs, so every run reads them from the disk cache.

The station is a new one, set up once through ``initialise`` with one activity, kept in
``bench/.data/photo-station/``.  Every app run works on a fresh copy of its database
(flushed to disk before the run) with an empty media store, and times one call of
``import_photos(app, "activity", activity_id, paths)`` — what the activity's photo panel
calls when staff add a folder of photos: each file is read, checked (format, size, the whole
picture data decoded, so a truncated or corrupt file is refused before anything points to
it), stored by content hash with its print copy (long side 1800 px, JPEG quality 85) and
thumbnail (long side 320 px, JPEG quality 80), each written to a temporary file, fsync'ed
and renamed into place, on the import's pool of ``IMPORT_WORKERS`` (2) threads; then all
attachment rows, media index rows and audit entries are written in one transaction.  The
figure is that call alone (not the interpreter start, the imports or opening the data dir);
all 100 must be added.

The bare baseline is a Pillow loop on the same files with the same pool size (2 threads,
``ThreadPoolExecutor``): for each file read its bytes, hash them with SHA-256, copy them into a
folder, and make the same two derivatives the app makes, the same way: open the JPEG,
``draft("RGB", …)`` to the smallest scale that still covers the size, ``exif_transpose``,
``thumbnail`` with LANCZOS (reducing_gap 2.0), save as JPEG (quality 85 / 80, optimize) into
a file.  No checks, no fsync, no database.

Each figure is the median of three runs in fresh processes; peak memory is the largest
resident set of those processes.  The ratio app ÷ bare has the target 1.3.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import os
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
STATION = DATA / "photo-station"
WORK = DATA / "photos"
FULL_PHOTOS, QUICK_PHOTOS = 100, 20
RUNS = 3
TARGET_RATIO = 1.3
ADMIN = ("admin", "secret123")

# what the app does (checked against cadre_desk before every measurement; the bare child
# does not import the app)
WORKERS = 2
PRINT_SIDE, PRINT_QUALITY = 1800, 85
THUMB_SIDE, THUMB_QUALITY = 320, 80

Log = Callable[[str], None]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- data ------------------------------------------------------------------------------------


def photo_files(count: int) -> list[Path]:
    """The first ``count`` phone photos of the sync benchmark's cache (made when missing)."""
    import sync

    spec = dataclasses.replace(sync.FULL, photos=count)
    w, h = spec.photo_size
    folder = sync.PHOTO_CACHE / f"{w}x{h}-q{spec.photo_quality}-r{spec.seed}"  # as sync._photo_files names them
    files = [folder / f"IMG_{n:04d}.jpg" for n in range(count)]
    return files if all(f.exists() for f in files) else sync._photo_files(spec)


def station(fresh: bool = False, log: Log = _log) -> tuple[Path, str]:
    """The new station's data dir (made once) and its activity's id."""
    marker = STATION / "built.json"
    if fresh and STATION.exists():
        shutil.rmtree(STATION)
    if not marker.exists():
        import datetime as dt

        from cadre_desk.core.app import App
        from cadre_desk.core.services import activities as acts
        from cadre_desk.core.services.setup import StationProfile, initialise

        log(f"setting up a new station in {STATION} …")
        shutil.rmtree(STATION, ignore_errors=True)
        with App.open(STATION) as app:
            initialise(
                app,
                kind="station",
                profile=StationProfile(
                    name="金湖路社区老干部驿站", district="市南区", street="金门路街道", community="金湖路社区"
                ),
                admin_username=ADMIN[0],
                admin_password=ADMIN[1],
            )
            type_id = acts.activity_types(app)[0].id
            activity_id = acts.create_activity(
                app,
                {
                    "title": "重阳节登高健步行",
                    "type_id": type_id,
                    "date": dt.date(2026, 10, 29),
                    "start_time": dt.time(9, 0),
                    "place": "太平山",
                },
            )
        marker.write_text(json.dumps({"activity_id": activity_id}))
    return STATION, json.loads(marker.read_text())["activity_id"]


def fresh_copy(src: Path, dest: Path) -> Path:
    """A data dir at ``dest`` with a copy of ``src``'s database (on disk) and no media."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("cadre_desk.db", "cadre_desk.db-wal"):
        if (src / name).exists():
            shutil.copyfile(src / name, dest / name)
            with open(dest / name, "rb+") as fh:
                os.fsync(fh.fileno())
    return dest


def _check_constants() -> None:
    """The bare loop must make what the app makes, on as many threads."""
    from cadre_desk.core import media
    from cadre_desk.core.services import photos

    app = (photos.IMPORT_WORKERS, media.PRINT_LONG_SIDE, media.THUMB_LONG_SIDE)
    if app != (WORKERS, PRINT_SIDE, THUMB_SIDE):
        sys.exit(f"bench/photos.py is out of date: the app uses (workers, print, thumb) = {app}")


# -- the app's run ---------------------------------------------------------------------------


def run_app(data: Path, count: int, results: Path) -> dict[str, Any]:
    """One import of ``count`` photos as the photo panel makes it; appends the figures to ``results``."""
    started = time.perf_counter()
    from cadre_desk.core.app import App
    from cadre_desk.core.services.photos import import_photos

    activity_id = json.loads((STATION / "built.json").read_text())["activity_id"]
    files = photo_files(count)
    with App.open(data) as app:
        opened = time.perf_counter()
        cpu = time.process_time()
        result = import_photos(app, "activity", activity_id, files)
        seconds, cpu = time.perf_counter() - opened, time.process_time() - cpu
    if len(result.added) != count:
        sys.exit(f"app: {result.summary()} {result.refused}")
    media = data / "media"
    figures = {
        "photos": count,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "startup_seconds": opened - started,
        "derived_mb": sum(f.stat().st_size for d in ("print", "thumbs") for f in (media / d).rglob("*.jpg")) / 1e6,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- the bare baseline -----------------------------------------------------------------------


def _bare_derivative(data: bytes, side: int, quality: int) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        w, h = im.size
        im.draft("RGB", (side, max(1, side * h // w)) if w >= h else (max(1, side * w // h), side))
        img = ImageOps.exif_transpose(im)
        img = img.convert("RGB") if img.mode != "RGB" else img
        img.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=2.0)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def run_bare(out: Path, count: int, results: Path) -> dict[str, Any]:
    """The same files, hashes and derivatives with Pillow on the same pool size."""
    files = photo_files(count)
    for sub in ("originals", "print", "thumbs"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    def one(path: Path) -> None:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        (out / "originals" / f"{sha}.jpg").write_bytes(data)
        (out / "print" / f"{sha}.jpg").write_bytes(_bare_derivative(data, PRINT_SIDE, PRINT_QUALITY))
        (out / "thumbs" / f"{sha}.jpg").write_bytes(_bare_derivative(data, THUMB_SIDE, THUMB_QUALITY))

    started, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(one, files))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    figures = {
        "photos": count,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "derived_mb": sum(f.stat().st_size for d in ("print", "thumbs") for f in (out / d).iterdir()) / 1e6,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


# -- measuring (for run.py) --------------------------------------------------------------------


def command(who: str, target: Path, count: int, results: Path) -> list[str]:
    """The command line of one child run (``who`` is "app" or "bare")."""
    return [sys.executable, str(Path(__file__)), who, str(target), str(count), str(results)]


def measure_runs(
    count: int, fresh: bool, measure: Callable[[list[str], int], tuple[float, float]], log: Log = _log
) -> dict[str, Any]:
    """RUNS app imports and RUNS bare loops, each into fresh folders; the median figures."""
    _check_constants()
    source, _ = station(fresh)
    for f in photo_files(count):  # from the disk cache in every run
        f.read_bytes()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    out: dict[str, Any] = {}
    for who in ("app", "bare"):
        log_file = WORK / f"{who}.jsonl"
        walls, peaks = [], []
        for _ in range(RUNS):
            target = fresh_copy(source, WORK / who) if who == "app" else WORK / who
            wall, peak = measure(command(who, target, count, log_file), 1)
            walls.append(wall)
            peaks.append(peak)
            shutil.rmtree(target)
        runs = [json.loads(line) for line in log_file.read_text().splitlines() if line.strip()]
        figures = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "cpu_seconds", "derived_mb")}
        figures |= {"process_seconds": statistics.median(walls), "peak_mib": max(peaks)}
        log(f"  photos {who}: " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s")
        out[who] = figures
    return out


def bench(
    row: Callable[..., Any], measure: Callable[[list[str], int], tuple[float, float]], *, quick: bool, fresh: bool
) -> list[Any]:
    """The rows of run.py's table (``row`` is run.py's Row, ``measure`` its measure)."""
    count = QUICK_PHOTOS if quick else FULL_PHOTOS
    got = measure_runs(count, fresh, measure)
    app, bare = got["app"], got["bare"]
    return [
        row(
            f"photo import, {count} × 12-MP JPEG (print copy + thumbnail)",
            app["seconds"],
            "s",
            None,
            bare["seconds"],
            app["peak_mib"],
        ),
        row("  photos: app ÷ bare Pillow", app["seconds"] / bare["seconds"], "×", TARGET_RATIO),
        row("  photos: CPU time, all threads", app["cpu_seconds"], "s", None, bare["cpu_seconds"]),
        row("  photos: peak memory (bare: whole Pillow process)", app["peak_mib"], "MiB", None, bare["peak_mib"]),
        row("  photos: whole process (start, imports, open, import)", app["process_seconds"], "s"),
    ]


# -- profiling ---------------------------------------------------------------------------------


def profile(count: int, pyinstrument: bool, top: int) -> None:
    """One app import in this process under pyinstrument (or cProfile), on a fresh copy."""
    source, _ = station()
    data = fresh_copy(source, WORK / "profile")
    results = WORK / "profile.jsonl"
    if pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001, async_mode="disabled")
        profiler.start()
        run_app(data, count, results)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    else:
        import cProfile
        import pstats

        cp = cProfile.Profile()
        cp.enable()
        run_app(data, count, results)
        cp.disable()
        pstats.Stats(cp).sort_stats("tottime").print_stats(top)
    print(results.read_text())
    shutil.rmtree(data)
    results.unlink()


# -- command line ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_PHOTOS} photos")
    parser.add_argument("--fresh", action="store_true", help="set the station up again first")
    sub = parser.add_subparsers(dest="cmd")
    for who in ("app", "bare"):
        p = sub.add_parser(who, help=f"one {who} run; appends a JSON line to RESULTS")
        p.add_argument("target", type=Path, help="the data dir (app) or the output folder (bare)")
        p.add_argument("count", type=int)
        p.add_argument("results", type=Path)
    p = sub.add_parser("profile", help="profile one app import in-process")
    p.add_argument("--quick", action="store_true", help=f"{QUICK_PHOTOS} photos")
    p.add_argument("--pyinstrument", action="store_true", help="pyinstrument instead of cProfile")
    p.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.cmd == "app":
        run_app(args.target, args.count, args.results)
    elif args.cmd == "bare":
        run_bare(args.target, args.count, args.results)
    elif args.cmd == "profile":
        profile(QUICK_PHOTOS if args.quick else FULL_PHOTOS, args.pyinstrument, args.top)
    else:  # the benchmark alone, with run.py's table
        import run

        started = time.perf_counter()
        rows = bench(run.Row, run.measure, quick=args.quick, fresh=args.fresh)
        run.print_table(rows)
        _log(f"(photo benchmark: {time.perf_counter() - started:.0f} s in all)")
        return 0 if all(r.ok is not False for r in rows) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
