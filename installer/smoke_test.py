"""Smoke test of the packaged build: runs the programs in the bundle, never the source tree.

    python installer/smoke_test.py build/dist/cadre_desk [--keep]

The bundle is first copied to a new temporary folder, and every program runs there with a
temporary working directory and an environment without any Python path, so nothing can
come from the source tree or the build machine's Python.  On Linux with ``strace``
installed, every command is also traced, and a file opened under the source tree fails the
test.

What it runs (each must succeed, and its output is checked):

- ``cadre-desk --version``                      the version of the source it was built from
- ``cadre-desk init …``                         a new station's data folder (all migrations)
- ``cadre-desk demo``                           the demo station: a year of books with photos
- ``cadre-desk check``                          database, search index and photo store intact
- ``cadre-desk about``                          every bundled component has its licence text
- ``cadre-desk report monthly`` (PDF and Excel) the month's ledgers, Chinese text in the PDF
- ``cadre-desk screenshots``                    every page of the window, offscreen
- ``CadreDesk --exit-when-ready``               the window program opens (books, and a new folder)

and finally looks in the data folder's log for errors (a missing translation, a traceback).
Uses only the standard library; exit status 0 when everything passed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if sys.platform == "win32" else ""
PASSWORD = "smoke-test-password-1"
SCREENS = ["1-home.png", "2-people.png", "9-settings.png", "checkin.png", "wizard-1.png", "about.png"]


class SmokeFailure(Exception):
    pass


@dataclass
class Run:
    bundle: Path
    work: Path
    trace: bool
    timings: list[tuple[str, float]] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        keep = ("PATH", "HOME", "USERPROFILE", "LOCALAPPDATA", "APPDATA", "SYSTEMROOT", "TEMP", "TMP", "WINDIR")
        env = {name: os.environ[name] for name in keep if name in os.environ}
        env.update(QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
        env["CADRE_DESK_DATA_DIR"] = str(self.work / "unused-default")  # every command names its folder
        return env

    def __call__(
        self, label: str, program: str, *args: str, stdin: str = "", expect: int = 0, timeout: float = 600
    ) -> str:
        command = [str(self.bundle / f"{program}{EXE}"), *args]
        trace_file = self.work / f"trace-{len(self.timings)}.txt"
        if self.trace:
            command = ["strace", "-f", "-qq", "-e", "trace=open,openat,execve", "-o", str(trace_file), *command]
        started = time.monotonic()
        try:
            done = subprocess.run(
                command,
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                cwd=self.work,
                env=self.env(),
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"{label}: no answer in {timeout:.0f} s") from None
        seconds = time.monotonic() - started
        self.timings.append((label, seconds))
        print(f"  {label:<44} {seconds:6.1f} s  exit {done.returncode}", flush=True)
        if done.returncode != expect:
            raise SmokeFailure(
                f"{label}: exit {done.returncode}, expected {expect}\n"
                f"--- stdout ---\n{done.stdout[-3000:]}\n--- stderr ---\n{done.stderr[-3000:]}"
            )
        if self.trace:
            self.foreign += _opened_under_source(trace_file, label)
        return done.stdout + done.stderr


def _opened_under_source(trace_file: Path, label: str) -> list[str]:
    """Files the traced command opened inside the source tree (other than the bundle)."""
    found = []
    source = str(ROOT) + os.sep
    for line in trace_file.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.search(r'(?:open|openat|execve)\((?:[A-Z_]+, )?"([^"]+)"', line)
        if match and match.group(1).startswith(source) and "ENOENT" not in line:
            found.append(f"{label}: {match.group(1)}")
    return found


def source_version() -> str:
    text = (ROOT / "cadre_desk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if not match:
        raise SmokeFailure("no __version__ in cadre_desk/__init__.py")
    return match.group(1)


def last_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def smoke(bundle: Path, work: Path, *, trace: bool) -> Run:
    run = Run(bundle, work, trace)
    version = source_version()

    out = run("--version", "cadre-desk", "--version")
    check(out.strip() == f"cadre-desk {version}", f"--version printed {out.strip()!r}, the source is {version}")

    new = work / "new-station"
    run(
        "init (a new station, every migration)",
        "cadre-desk",
        "--data-dir",
        str(new),
        "init",
        "--name",
        "冒烟测试社区老干部驿站",
        "--district",
        "市南区",
        "--street",
        "金门路街道",
        "--community",
        "金湖路社区",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    check((new / "cadre_desk.db").is_file(), "init made no database")

    demo = work / "demo"
    run("demo (a year of books with photos)", "cadre-desk", "--data-dir", str(demo), "demo", timeout=900)
    out = run("check", "cadre-desk", "--data-dir", str(demo), "check")
    run("check (the new station)", "cadre-desk", "--data-dir", str(new), "check")

    out = run("about (versions and licences)", "cadre-desk", "--data-dir", str(demo), "about", "--licences")
    check(version in out, "about does not show the version")
    for name in ("PySide6", "SQLAlchemy", "reportlab", "openpyxl", "Pillow", "Noto Sans SC", "Droid Sans Fallback"):
        check(name.lower() in out.lower(), f"about does not list {name}")
    check("GNU LESSER GENERAL PUBLIC LICENSE" in out, "about --licences lacks the LGPL text of Qt")

    month = last_month(dt.date.today())
    pdf = work / "ledgers.pdf"
    run("report monthly (PDF)", "cadre-desk", "--data-dir", str(demo), "report", "monthly", "--month", month,
        "--out", str(pdf))  # fmt: skip
    data = pdf.read_bytes()
    check(data.startswith(b"%PDF-") and len(data) > 100_000, f"the ledgers PDF looks wrong ({len(data)} bytes)")
    pages = _pdf_pages(pdf)
    check(pages >= 5, f"the ledgers PDF has {pages} pages")
    text = _pdf_text(pdf)
    if text is not None:
        for words in ("活动台账", "签到簿", "人员信息台账"):
            check(words in text, f"the ledgers PDF does not read {words} (fonts missing?)")
    xlsx = work / "ledgers.xlsx"
    run("report monthly (Excel)", "cadre-desk", "--data-dir", str(demo), "report", "monthly", "--month", month,
        "--out", str(xlsx))  # fmt: skip
    with zipfile.ZipFile(xlsx) as book:
        check("xl/workbook.xml" in book.namelist(), "the ledgers workbook is not an Excel file")

    shots = work / "shots"
    run("screenshots (every page, offscreen)", "cadre-desk", "--data-dir", str(demo), "screenshots", "--out",
        str(shots), timeout=900)  # fmt: skip
    for name in SCREENS:
        path = shots / name
        check(path.is_file() and path.stat().st_size > 10_000, f"screenshot {name} missing or empty")

    run("CadreDesk --exit-when-ready (the books)", "CadreDesk", "--data-dir", str(demo), "--exit-when-ready")
    fresh = work / "first-start"
    run("CadreDesk --exit-when-ready (first start)", "CadreDesk", "--data-dir", str(fresh), "--exit-when-ready")

    for folder in (new, demo, fresh):
        for log in sorted((folder / "logs").glob("*.log*")):
            body = log.read_text(encoding="utf-8", errors="replace")
            for bad in ("Traceback", "not found in", "CRITICAL"):
                check(bad not in body, f"{log} has {bad!r}:\n{body[-2000:]}")
    check(not run.foreign, "files opened from the source tree:\n" + "\n".join(sorted(set(run.foreign))[:40]))
    return run


def _pdf_pages(pdf: Path) -> int:
    info = shutil.which("pdfinfo")
    if info:
        out = subprocess.run([info, str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"Pages:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))


def _pdf_text(pdf: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if not tool:
        return None
    return subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, help="the one-folder build, e.g. build/dist/cadre_desk")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (data, PDFs, screenshots)")
    parser.add_argument("--no-trace", action="store_true", help="do not trace opened files with strace")
    args = parser.parse_args(argv)
    source = args.bundle.resolve()
    if not (source / f"cadre-desk{EXE}").is_file():
        print(f"no packaged build in {source}", file=sys.stderr)
        return 2
    trace = sys.platform.startswith("linux") and not args.no_trace and shutil.which("strace") is not None
    work = Path(tempfile.mkdtemp(prefix="cadre_desk-smoke-"))
    try:
        bundle = work / "cadre_desk"
        shutil.copytree(source, bundle, symlinks=True)
        print(f"smoke test of {source} (copied to {bundle}; file trace {'on' if trace else 'off'})")
        run = smoke(bundle, work, trace=trace)
    except SmokeFailure as failure:
        print(f"\nSMOKE TEST FAILED: {failure}", file=sys.stderr)
        print(f"(the temporary folder is kept: {work})", file=sys.stderr)
        return 1
    total = sum(seconds for _label, seconds in run.timings)
    size = folder_size(source) / 2**20
    print(f"smoke test passed: {len(run.timings)} commands in {total:.1f} s; bundle {size:.0f} MiB")
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
