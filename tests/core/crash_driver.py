"""The child side of the crash tests: one operation on a data dir, reporting every step.

``python -m tests.core.crash_driver SCENARIO DATA_DIR [ARG]`` runs one scenario and writes one
line per step on stdout, flushed; the crash tests kill it at a chosen step.

``python -m tests.core.crash_driver serve`` saves the start-up (a second of imports) for each
of the many runs: it imports everything once, then for each request on stdin — a JSON object
``{"scenario", "data_dir", "arg", "condition", "busy_timeout_ms"}`` on one line — forks a
child that runs the scenario and writes its lines to the shared stdout (one ``write`` each,
so lines never mix) and, once the child has ended or been killed, writes
``exit <wait status>``.

Scenarios (on a copy of the crash tests' prepared station, or of the district for ``bundle``):

* ``checkins [N [plain]]``: signs in up to N people (default :data:`BURST`) not yet in the book
  of the activity :data:`ACTIVITY_TITLE`, every third with a handwritten signature (none with
  ``plain``);
* ``roster WORKBOOK``: checks and imports an Excel roster (花名册);
* ``photos FOLDER``: imports every ``*.jpg`` in FOLDER into the activity's photos;
* ``bundle FILE``: imports a sync bundle (数据包);
* ``cli ARGS`` (served only; ARG a list): ``cadre-desk --data-dir DATA_DIR ARGS…``, its
  output as lines, its exit code as the child's.

Lines: ``start <pid>``; ``progress <fraction> <message>``; ``committed <check-in id>`` after
each check-in has been committed; ``done <summary>``; ``error <message>`` when the app refused
the operation (exit status 1); ``out <line>`` / ``err <line>`` from the command line.

A served request may put the child in a condition: ``disk-full`` (no file may grow:
RLIMIT_FSIZE 0 with SIGXFSZ ignored, so a write fails with EFBIG as on a full disk) or
``disk-full:BYTES`` (no file may grow past BYTES), from the moment the data dir is open (for
``cli``: from the start); or ``read-only`` from the start (as root: without the capabilities
that let root write where the permissions say no; the test sets the permissions).
``busy_timeout_ms`` shortens how long a write waits for another program's lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import json
import os
import random
import resource
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl  # noqa: F401 - imported once by the server, not by each forked child
from PIL import Image, ImageDraw
from sqlalchemy import select

from cadre_desk import cli
from cadre_desk.core import db, roster_import
from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import Activity, CheckIn, Person
from cadre_desk.core.services import activities, media, photos, sync

ACTIVITY_TITLE = "九九重阳座谈会"
BURST = 40

Emit = Callable[[str], None]

# Smaller write batches than in the app: more steps to be killed at inside one transaction.
roster_import._BATCH = 250
sync.BATCH = 50


def signature_png(seed: int) -> bytes:
    """A handwritten-looking signature (distinct for each seed), as the signature pad saves it."""
    rng = random.Random(seed)
    img = Image.new("RGB", (480, 160), "white")
    draw = ImageDraw.Draw(img)
    draw.line([(20 + i * 22, 80 + rng.randint(-50, 50)) for i in range(20)], fill="black", width=4)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def activity_id(app: App) -> str:
    with app.read() as s:
        found = s.scalar(select(Activity.id).where(Activity.title == ACTIVITY_TITLE, Activity.deleted.is_(False)))
    if found is None:
        raise LookupError(f"no activity {ACTIVITY_TITLE}")
    return found


def _checkins(app: App, arg: str, emit: Emit) -> str:
    aid = activity_id(app)
    with app.read() as s:
        signed = set(s.scalars(select(CheckIn.person_id).where(CheckIn.activity_id == aid, CheckIn.deleted.is_(False))))
        everyone = s.scalars(select(Person.id).where(Person.deleted.is_(False)).order_by(Person.id)).all()
    count, _, plain = arg.partition(" ")
    todo = [pid for pid in everyone if pid not in signed][: int(count or BURST)]
    for i, pid in enumerate(todo):
        signature = None
        if i % 3 == 0 and plain != "plain":
            signature = media.store_image(app, signature_png(int(pid[-8:], 16)), "signature.png", derivatives=False)
        method = "pad" if signature else "keyboard"
        entry = activities.check_in(app, aid, person_id=pid, method=method, signature=signature)
        emit(f"committed {entry}")
    return f"{len(todo)} check-ins"


def _roster(app: App, arg: str, emit: Emit) -> str:
    plan = roster_import.plan_import(app, Path(arg), progress=_progress(emit))
    return roster_import.apply_import(app, plan, progress=_progress(emit)).summary()


def _photos(app: App, arg: str, emit: Emit) -> str:
    paths = sorted(Path(arg).glob("*.jpg"))
    return photos.import_photos(app, "activity", activity_id(app), paths, progress=_progress(emit)).summary()


def _bundle(app: App, arg: str, emit: Emit) -> str:
    summary = sync.import_bundle(app, Path(arg), progress=_progress(emit))
    return f"{summary.result} {summary.records}"


SCENARIOS: dict[str, Callable[[App, str, Emit], str]] = {
    "checkins": _checkins,
    "roster": _roster,
    "photos": _photos,
    "bundle": _bundle,
}


def _progress(emit: Emit) -> Callable[[float, str], None]:
    def report(fraction: float, message: str) -> None:
        emit(f"progress {fraction:.3f} {message}")

    return report


def run(scenario: str, data_dir: Path, arg: str, emit: Emit, opened: Callable[[], None] = lambda: None) -> int:
    """Run one scenario, reporting each step; the exit status (1: the app refused it).

    ``opened`` is called once the data dir is open, before the work starts.
    """
    emit(f"start {os.getpid()}")
    try:
        with App.open(data_dir) as app:
            opened()
            summary = SCENARIOS[scenario](app, arg, emit)
    except DomainError as exc:
        emit(f"error {exc}")
        return 1
    emit(f"done {summary}")
    return 0


def run_cli(data_dir: Path, args: Sequence[str], emit: Emit) -> int:
    """``cadre-desk --data-dir DATA_DIR ARGS…`` in this process; its output becomes lines."""
    emit(f"start {os.getpid()}")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--data-dir", str(data_dir), *args])
    for kind, text in (("out", out.getvalue()), ("err", err.getvalue())):
        for line in text.splitlines():
            emit(f"{kind} {line}")
    return code


# -- conditions -----------------------------------------------------------------------------


def disk_full(limit: int = 0) -> None:
    """From now on no file of this process may grow past ``limit`` bytes: writes fail (EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3
_PR_CAPBSET_DROP = 24
_CAPABILITY_VERSION_3 = 0x20080522


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def obey_permissions() -> None:
    """As root, give up writing where the permissions say no, for this process and the programs
    it starts (a root process otherwise writes into a folder marked read-only).  A no-op for
    other users, whom the permissions already stop."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    dropped = (1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH) | (1 << _CAP_FOWNER)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:  # for programs started later
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")
    header, data = _CapHeader(_CAPABILITY_VERSION_3, 0), (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    for field in ("effective", "permitted", "inheritable"):
        setattr(data[0], field, getattr(data[0], field) & ~dropped)
    if libc.capset(ctypes.byref(header), data) != 0:  # for this process
        raise OSError(ctypes.get_errno(), "capset failed")


def _enter(condition: str) -> None:
    if not condition:
        return
    if condition.startswith("disk-full"):
        _, _, limit = condition.partition(":")
        disk_full(int(limit or 0))
    elif condition == "read-only":
        obey_permissions()
    else:
        raise ValueError(f"unknown condition {condition}")


# -- serving --------------------------------------------------------------------------------


def _serve_one(request: dict[str, Any], emit: Emit) -> int:
    condition = request.get("condition") or ""
    if request.get("busy_timeout_ms") is not None:
        db.BUSY_TIMEOUT_MS = request["busy_timeout_ms"]
    data_dir = Path(request["data_dir"])
    if request["scenario"] == "cli":
        _enter(condition)
        return run_cli(data_dir, request["arg"], emit)
    if not condition.startswith("disk-full"):
        _enter(condition)
        condition = ""
    # the disk fills while the books are open (the window is open all day)
    return run(request["scenario"], data_dir, request.get("arg") or "", emit, lambda: _enter(condition))


def _warm_up() -> None:
    """Do once what every child would otherwise do first: lazy imports, mapper set-up."""
    from sqlalchemy.orm import configure_mappers

    from cadre_desk.core import check  # noqa: F401

    configure_mappers()
    cli.build_parser()


def serve() -> int:
    """Fork one child per request line on stdin; report each child's end (see the module doc)."""
    out = sys.stdout.fileno()

    def emit(line: str) -> None:
        os.write(out, (line.replace("\n", " ") + "\n").encode())

    _warm_up()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:  # the child: run, and never return into the loop
            code = 2
            try:
                code = _serve_one(request, emit)
            except BaseException:
                emit("crash " + traceback.format_exc().replace("\n", " | "))
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        emit(f"exit {status}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["serve"]:
        return serve()
    if len(args) not in (2, 3) or args[0] not in SCENARIOS:
        print(f"usage: python -m tests.core.crash_driver {{{','.join(SCENARIOS)}}} DATA_DIR [ARG]", file=sys.stderr)
        return 2

    def emit(line: str) -> None:
        print(line, flush=True)

    return run(args[0], Path(args[1]), args[2] if len(args) == 3 else "", emit)


if __name__ == "__main__":
    sys.exit(main())
