"""The monthly-ledgers benchmark: its station month, the app's run, and a bare-reportlab baseline.

    python bench/ledgers.py build DIR [--quick]      # build a station month into DIR (run.py caches it)
    python bench/ledgers.py app DIR OUT.pdf RESULTS  # child: print all ledgers; appends a JSON line
    python bench/ledgers.py bare DIR OUT.pdf RESULTS # child: the same pages with plain reportlab
    python bench/ledgers.py profile DIR [--top N]    # cProfile of the app's run, in-process

The month (2026-10, printed "as of" 2026-10-31) is made through the app's own services: a
demo station of 300 people (its visits and volunteer records for the month are kept, its
activities of the month are deleted), then exactly ``activities`` activities, ``check_ins``
sign-ins, each with a 600×240 grayscale signature PNG like the pad's, and ``photos`` phone
photos (4000×3000 JPEG, 2–4 MB) imported as staff do, which makes their 1800-px print copies.

The cadre_desk and reportlab imports are inside the functions, so ``run.py`` can import this
module for its specs and command lines without loading the app.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"
CACHE = DATA / "ledger-month"
FONTS = HERE.parent / "resources" / "fonts"

YEAR, MONTH = 2026, 10
TODAY = dt.date(2026, 10, 31)


@dataclass(frozen=True)
class MonthSpec:
    """What the station month holds."""

    activities: int
    check_ins: int
    photos: int
    members: int = 300
    photo_size: tuple[int, int] = (4000, 3000)
    seed: int = 20261031

    @property
    def key(self) -> str:
        return f"a{self.activities}-c{self.check_ins}-p{self.photos}-m{self.members}-s{self.seed}"

    @property
    def label(self) -> str:
        return f"{self.activities} activities, {self.check_ins:,} check-ins, {self.photos} photos"


FULL = MonthSpec(activities=40, check_ins=1200, photos=120)
QUICK = MonthSpec(activities=10, check_ins=300, photos=30)

Log = Callable[[str], None]


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# -- building the month ----------------------------------------------------------------------


def signature_png(rng: random.Random, name: str) -> bytes:
    """A handwritten signature as the pad saves it: 600×240, 8-bit grayscale PNG, strokes in ink."""
    import io

    from PIL import Image

    from cadre_desk.core import fakedata

    with Image.open(io.BytesIO(fakedata.signature_png(rng, name, 600, 240))) as im:
        gray = im.convert("L")
    buf = io.BytesIO()
    gray.save(buf, "PNG")
    return buf.getvalue()


def _spread(total: int, parts: int, rng: random.Random, jitter: int = 5) -> list[int]:
    """``parts`` counts of about total/parts each that add up to exactly ``total``."""
    counts = [total // parts + (i < total % parts) for i in range(parts)]
    for _ in range(parts * 2):
        i, j = rng.sample(range(parts), 2) if parts > 1 else (0, 0)
        d = rng.randint(0, jitter)
        if i != j and counts[i] - d >= 5:
            counts[i] -= d
            counts[j] += d
    return counts


def build_month(path: Path, spec: MonthSpec, log: Log = _log) -> dict[str, int]:
    """Make the station month in a new data dir at ``path``; returns what is in the month."""
    from cadre_desk.core import fakedata
    from cadre_desk.core.app import App
    from cadre_desk.core.services import activities as acts
    from cadre_desk.core.services import demo, photos
    from cadre_desk.core.services.media import store_image

    if path.exists():
        shutil.rmtree(path)
    rng = random.Random(spec.seed)
    started = time.perf_counter()
    with App.open(path) as app:
        # a demo station with one month (October) of visits and volunteer service ...
        summary = demo.load_demo(
            app, members=spec.members, months=1, seed=spec.seed, today=TODAY, photos_per_activity=(0, 0)
        )
        log(f"  demo station: {summary.people} people, {summary.visits} visits, {summary.service_records} service")
        # ... whose own activities of the month are taken out (deleted, as staff would), so the counts are ours
        for a in acts.month_activities(app, YEAR, MONTH):
            acts.delete_activity(app, a.id)

        types = [t for t in acts.activity_types(app) if t.name in fakedata.ACTIVITY_TYPES]
        pool = acts.planned_people(app, acts.PlannedRule(activity_classes=("normal", "partial")))
        names = {p.id: p.name for p in acts.people_briefs(app, pool)}
        first = dt.date(YEAR, MONTH, 1)
        weekdays = [first + dt.timedelta(days=i) for i in range(31) if (first + dt.timedelta(days=i)).weekday() < 5]
        counts = _spread(spec.check_ins, spec.activities, rng)
        shots = _spread(spec.photos, spec.activities, rng, jitter=0)

        made: list[tuple[str, dt.datetime, dict[str, Any], int]] = []
        for n in range(spec.activities):
            kind = types[n % len(types)]
            day = weekdays[n * len(weekdays) // spec.activities]
            values = dict(fakedata.fake_activity(rng, kind.name, day))
            values.update(type_id=kind.id, date=day, planned_rule={"manual": True})
            invited = rng.sample(pool, min(len(pool), counts[n] + rng.randint(2, 8)))
            activity_id = acts.create_activity(app, values, invited)
            start = dt.datetime.combine(day, values["start_time"])
            present = invited[: counts[n]]
            walk_in = n % 3 == 0
            if walk_in:  # one who came without being on the 应到 list
                present = present[:-1]
            for k, person_id in enumerate([*present, None] if walk_in else present):
                name = names[person_id] if person_id else fakedata.fake_name(rng)
                proxy = rng.random() < 0.05
                info = store_image(app, signature_png(rng, name), "signature.png", derivatives=False)
                acts.check_in(
                    app,
                    activity_id,
                    person_id=person_id,
                    walk_in_name="" if person_id else name,
                    status="proxy" if proxy else "signed",
                    method="pad",
                    signature=info,
                    proxy_name=rng.choice(["老伴", "女儿", "儿子"]) + "代签" if proxy else "",
                    at=start - dt.timedelta(minutes=25) + dt.timedelta(seconds=k * 47 + rng.randint(0, 40)),
                )
            made.append((activity_id, start, values, shots[n]))
        log(f"  {spec.activities} activities and {spec.check_ins:,} check-ins ({time.perf_counter() - started:.0f} s)")

        # the photos: phone-sized JPEGs in a folder, imported as staff do (print copies are made)
        incoming = path / "incoming"
        incoming.mkdir()
        jobs = [
            (
                incoming / f"IMG_{start:%Y%m%d}_{n:02d}{k}.jpg",
                start + dt.timedelta(minutes=12 + 17 * k),
                rng.getrandbits(30),
            )
            for n, (_, start, _, count) in enumerate(made)
            for k in range(count)
        ]

        def shoot(job: tuple[Path, dt.datetime, int]) -> Path:
            file, taken, seed = job
            job_rng = random.Random(seed)
            quality = job_rng.choice((85, 88, 90))
            file.write_bytes(fakedata.activity_photo_jpeg(job_rng, taken, *spec.photo_size, quality=quality))
            return file

        with ThreadPoolExecutor(max_workers=2) as pool_:
            files = list(pool_.map(shoot, jobs))
        log(f"  {len(files)} photos shot ({time.perf_counter() - started:.0f} s)")
        offset = 0
        parts = ["活动现场", "参加人员合影", "交流发言", "活动一角"]
        for activity_id, _start, values, count in made:
            result = photos.import_photos(app, "activity", activity_id, files[offset : offset + count])
            if result.refused or result.duplicates:
                raise RuntimeError(f"photo import left some out: {result.summary()}")
            for k, attachment_id in enumerate(result.added):
                photos.set_caption(app, attachment_id, f"{values['title']}——{parts[k % len(parts)]}")
            offset += count
        shutil.rmtree(incoming)
        log(f"  photos imported ({time.perf_counter() - started:.0f} s)")
        counts_built = month_counts(app)
    (path / "built.json").write_text(json.dumps({"spec": asdict(spec), "counts": counts_built}, indent=1))
    return counts_built


def month_counts(app: Any) -> dict[str, int]:
    """What the ledgers of the month will show, as the app reads it."""
    from cadre_desk.core.ledgers import LEDGERS
    from cadre_desk.core.ledgers.data import read_month

    book = read_month(app, YEAR, MONTH, list(LEDGERS), today=TODAY)
    entries = [e for b in book.signin for e in b.entries]
    photo_files = [p.path for r in book.records for p in r.photos]
    return {
        "activities": len(book.activities),
        "check_ins": len(entries),
        "signatures": sum(1 for e in entries if e.signature),
        "photos": len(photo_files),
        "photo_originals_mb": round(
            sum(f.stat().st_size for f in (app.media.root / "originals").rglob("*.jpg")) / 1e6, 1
        ),
        "roster": len(book.roster),
        "visits": len(book.visits),
        "service_records": len(book.service),
    }


def month_data(spec: MonthSpec, fresh: bool = False, log: Log = _log) -> tuple[Path, dict[str, int]]:
    """The data dir of ``spec``'s month (built once, in a child process, then reused) and its counts."""
    import subprocess

    path = CACHE / spec.key
    marker = path / "built.json"
    if fresh and path.exists():
        shutil.rmtree(path)
    if not marker.exists() or json.loads(marker.read_text())["spec"] != json.loads(json.dumps(asdict(spec))):
        log(f"building the station month ({spec.label}) in {path} …")
        started = time.perf_counter()
        cmd = [sys.executable, str(Path(__file__)), "build", str(path), *(["--quick"] if spec == QUICK else [])]
        if subprocess.run(cmd, check=False).returncode != 0:
            sys.exit("building the ledger month failed")
        log(f"  built in {time.perf_counter() - started:.0f} s")
    counts: dict[str, int] = json.loads(marker.read_text())["counts"]
    return path, counts


# -- the app's run ---------------------------------------------------------------------------


def run_app(data: Path, out: Path, results: Path) -> dict[str, Any]:
    """Print all the ledgers of the month as the app does; appends its figures to ``results``."""
    started = time.perf_counter()
    from cadre_desk.core.app import App
    from cadre_desk.core.ledgers.pdf import make_monthly_ledgers

    with App.open(data) as app:
        opened = time.perf_counter()
        result = make_monthly_ledgers(app, YEAR, MONTH, out, today=TODAY)
        seconds = time.perf_counter() - opened
    figures = {
        "seconds": seconds,
        "startup_seconds": opened - started,
        "pages": result.pages,
        "size": result.size,
        "photos": result.photos,
        "signatures": result.signatures,
        "parts": len(result.parts),
        "ledger_pages": _ledger_pages(result.parts),
        "missing_chars": len(result.missing_chars),
    }
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


def _ledger_pages(parts: list[tuple[str, int]]) -> dict[str, int]:
    """Pages per ledger, from the (title, pages) of each printed part."""
    from cadre_desk.core.ledgers import LEDGERS

    out: dict[str, int] = {}
    for title, pages in parts:
        key = next(k for k, v in LEDGERS.items() if f" {v.title}" in title.split(" · ")[0])
        out[key] = out.get(key, 0) + pages
    return out


def profile_app(data: Path, top: int = 25) -> None:
    """cProfile of one run of the ledgers (after a warm-up run), cumulative time, cadre_desk first."""
    import cProfile
    import pstats

    from cadre_desk.core.app import App
    from cadre_desk.core.ledgers.pdf import make_monthly_ledgers

    with tempfile.TemporaryDirectory() as tmp, App.open(data) as app:
        out = Path(tmp) / "ledgers.pdf"
        profiler = cProfile.Profile()
        profiler.enable()
        result = make_monthly_ledgers(app, YEAR, MONTH, out, today=TODAY)
        profiler.disable()
        print(f"{result.pages} pages, {result.size / 1e6:.1f} MB")
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    print("\n== cadre_desk functions, by cumulative time ==")
    stats.print_stats("cadre_desk", top)
    print("\n== everything, by cumulative time ==")
    stats.print_stats(top)
    print("\n== everything, by own time ==")
    stats.sort_stats("tottime").print_stats(top)


# -- the bare-reportlab baseline --------------------------------------------------------------


def run_bare(data: Path, out: Path, results: Path) -> dict[str, Any]:
    """The same pages with plain reportlab, from pre-sized images; appends its figures to ``results``.

    The rows are read with the app's ``read_month`` (so both print the same text), and the
    photos are scaled to 800 px JPEGs in a temporary folder — both before the clock starts.
    Timed: registering the two TrueType fonts, building the story and writing the PDF.
    """
    from PIL import Image

    from cadre_desk.core.app import App
    from cadre_desk.core.ledgers import LEDGERS
    from cadre_desk.core.ledgers.data import read_month

    with App.open(data) as app:
        book = read_month(app, YEAR, MONTH, list(LEDGERS), today=TODAY)
    with tempfile.TemporaryDirectory(prefix="bare-ledgers-") as tmp:
        sized: dict[Path, tuple[str, tuple[int, int]]] = {}
        for n, photo in enumerate(p for r in book.records for p in r.photos):
            with Image.open(photo.path) as im:
                im.draft("RGB", (800, 800))
                img = im.convert("RGB")
                img.thumbnail((800, 800))
                dest = Path(tmp) / f"{n}.jpg"
                img.save(dest, "JPEG", quality=85)
                sized[photo.path] = (str(dest), img.size)
        started = time.perf_counter()
        pages, ledger_pages = _bare_pdf(book, sized, out)
        seconds = time.perf_counter() - started
    figures = {"seconds": seconds, "pages": pages, "size": out.stat().st_size, "ledger_pages": ledger_pages}
    with results.open("a") as fh:
        fh.write(json.dumps(figures) + "\n")
    return figures


def _bare_pdf(book: Any, photos: dict[Path, tuple[str, tuple[int, int]]], out: Path) -> tuple[int, dict[str, int]]:
    """Write the ledgers with plain platypus; returns the pages, and the pages of each ledger."""
    from collections import Counter

    from reportlab import rl_config
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Flowable,
        Frame,
        Image,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    from cadre_desk.core.ledgers import LEDGERS

    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont("BareSC", str(FONTS / "NotoSerifSC-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("BareSCBold", str(FONTS / "NotoSansSC-Bold.ttf")))
    font, bold = "BareSC", "BareSCBold"
    grid, fill = HexColor("#333333"), HexColor("#E8E8E8")
    # as the app's pages: a 25 mm binding margin left on portrait pages, at the top on landscape ones
    margin_x, margin_top, margin_bottom, binding = 15 * mm, 16 * mm, 17 * mm, 25 * mm
    portrait_w, landscape_w = A4[0] - binding - margin_x, landscape(A4)[0] - 2 * margin_x

    def style(name: str, size: float, face: str = font, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.28)
        return ParagraphStyle(name, fontName=face, fontSize=size, wordWrap="CJK", **kw)

    title_style = style("title", 16, bold, leading=22, alignment=1)
    head_style = style("head", 11, bold, leading=15, spaceBefore=3, spaceAfter=3)
    info = style("info", 9.5, leading=13)
    value = style("value", 10, leading=13.5)
    body = style("body", 10.5, leading=17, firstLineIndent=21)
    caption = style("caption", 9, leading=11.5, alignment=1)
    cells = {9: style("cell9", 9)}

    def para(text: str, st: ParagraphStyle = value) -> Paragraph:
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), st)

    def table(widths_mm: list[float], header: list[str], rows: list[list[Any]], size: float = 9, **kw: Any) -> Table:
        """A ruled table, header repeated; str cells in ``wrap`` columns become paragraphs."""
        size = max(size, 9)  # table text at 9 pt (小五) or more, as the app's
        pad = 2.5
        wrap = kw.pop("wrap", ())
        data = [header] + [[para(v, cells[size]) if i in wrap else v for i, v in enumerate(row)] for row in rows]
        room = landscape_w if sum(widths_mm) > 200 else portrait_w
        scale = min(1.0, room / (sum(widths_mm) * mm))
        t = Table(data, colWidths=[w * mm * scale for w in widths_mm], repeatRows=1, **kw)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("FONTNAME", (0, 0), (-1, 0), bold),
                    ("FONTSIZE", (0, 0), (-1, -1), size),
                    ("LEADING", (0, 0), (-1, -1), size * 1.28),
                    ("GRID", (0, 0), (-1, -1), 0.5, grid),
                    ("BACKGROUND", (0, 0), (-1, 0), fill),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ]
            )
        )
        return t

    def pairs_table(pairs: list[tuple[str, str]], widths: list[float]) -> Table:
        rows = [
            [para(p[0]), para(p[1]), *(map(para, pairs[i + 1]) if i + 1 < len(pairs) else ("", ""))]
            for i, p in enumerate(pairs)
            if i % 2 == 0
        ]
        t = Table(rows, colWidths=widths)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, grid), ("BACKGROUND", (0, 0), (0, -1), fill)]))
        return t

    def particulars(a: Any, extra: tuple[tuple[str, str], ...] = ()) -> Table:
        rows = [
            [para("活动名称"), para(a.title), "", ""],
            [para("活动类型"), para(a.type_name), para("活动时间"), para(a.when)],
            [para("活动地点"), para(a.place or "—"), para("主持人"), para(a.host or "—")],
            *([para(k), para(v), "", ""] for k, v in extra),
        ]
        t = Table(rows, colWidths=[22 * mm, 63 * mm, 22 * mm, 63 * mm])
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, grid),
                    ("BACKGROUND", (0, 0), (0, -1), fill),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("SPAN", (1, 0), (3, 0)),
                    *(("SPAN", (1, 3 + i), (3, 3 + i)) for i in range(len(extra))),
                ]
            )
        )
        return t

    class Mark(Flowable):  # type: ignore[misc]
        """Zero size: the pages from here on belong to ledger ``key`` (for the page counts)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

        def wrap(self, *_: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv.ledger = self.key

    prefix = f"{book.station} {book.period}"
    story: list[Any] = []

    def part(key: str, flow: list[Any], line: str = "") -> None:
        wide = LEDGERS[key].landscape
        if story:
            story.extend([NextPageTemplate("landscape" if wide else "portrait"), PageBreak()])
        story.extend([Mark(key), para(f"{prefix} {LEDGERS[key].title}", title_style)])
        story.extend([Spacer(0, 1.5 * mm), para(line, info)] if line else [])
        width = landscape_w if wide else portrait_w
        closing = Table(
            [[para("填表人：__________"), para("审核人：__________"), para("填报日期：______年____月____日")]],
            colWidths=[width * 0.3, width * 0.3, width * 0.4],
        )
        story.extend([Spacer(0, 2.5 * mm), *flow, KeepTogether([Spacer(0, 7 * mm), closing])])

    last_day = calendar.monthrange(book.year, book.month)[1]
    period = f"统计期间：{book.year}年{book.month}月1日至{last_day}日"
    # 活动台账
    part(
        "activities",
        [
            table(
                [9, 17, 22, 18, 38, 24, 16, 12, 12, 12],
                ["序号", "日期", "时间", "活动类型", "活动名称", "活动地点", "主持人", "应到", "实到", "请假"],
                [
                    [
                        str(n),
                        f"{a.date:%m-%d}",
                        a.time,
                        a.type_name,
                        a.title,
                        a.place,
                        a.host,
                        str(a.invited),
                        str(a.present),
                        str(a.leave),
                    ]
                    for n, a in enumerate(book.activities, start=1)
                ]
                + [["合计", "", "", "", f"{len(book.activities)} 场", "", "", "", "", ""]],
                wrap=(4, 5),
            )
        ],
        f"{period}　共 {len(book.activities)} 场活动",
    )
    # 签到簿: one part per activity, the signatures drawn in their cells
    for b in book.signin:
        a = b.activity
        rows = []
        for n, e in enumerate(b.entries, start=1):
            sign: Any = Image(str(e.signature), width=25 * mm, height=10 * mm) if e.signature else "请假"
            note = f"代签（代签人：{e.proxy_name}）" if e.status == "proxy" else ""
            note = "临时参加（不在应到名单）" if e.walk_in else note
            rows.append([str(n), e.name, e.category or "—", e.time or "—", sign, e.method, note])
        flow = [
            particulars(a),
            Spacer(0, 2.5 * mm),
            para(
                f"应到 {a.invited} 人　　实到 {b.signed + b.proxy} 人　　请假 {b.leave} 人　　未到 {len(b.absent)} 人"
            ),
            Spacer(0, 2 * mm),
            table([10, 24, 12, 17, 48, 17, 52], ["序号", "姓名", "类别", "签到时间", "签名", "签到方式", "备注"], rows),
        ]
        if b.absent:
            flow += [Spacer(0, 2.5 * mm), para(f"未到人员（{len(b.absent)} 人）：" + "、".join(b.absent))]
        part("signin", flow)
    # 写实册: the record and the photos, two a row
    box_w, box_h = 81 * mm, 58.4 * mm
    for r in book.records:
        a = r.activity
        people = f"实到 {len(r.participants)} 人：" + "、".join(r.participants)
        flow = [particulars(a, (("参加人员", people),)), Spacer(0, 3 * mm), para("活动记录", head_style)]
        flow += [para(line.strip(), body) for line in a.record.splitlines() if line.strip()]
        flow += [Spacer(0, 3 * mm), CondPageBreak(box_h + 30 * mm), para("活动照片", head_style)]
        grid_cells: list[Any] = []
        for n, photo in enumerate(r.photos, start=1):
            file, (pw, ph) = photos[photo.path]
            scale = min(box_w / pw, box_h / ph)
            image = Image(file, width=pw * scale, height=ph * scale)
            grid_cells.append([image, Spacer(0, 1.2 * mm), para(photo.caption or f"图 {n}", caption)])
        if len(grid_cells) % 2:
            grid_cells.append("")
        if grid_cells:
            rows = [grid_cells[i : i + 2] for i in range(0, len(grid_cells), 2)]
            flow.append(Table(rows, colWidths=[box_w + 4 * mm] * 2, style=[("VALIGN", (0, 0), (-1, -1), "TOP")]))
        part("records", flow)
    # 人员信息台账
    part(
        "roster",
        [
            table(
                [9, 17, 8, 11, 15, 33, 32, 22, 9, 17, 15, 30, 22, 27],
                [
                    "序号",
                    "姓名",
                    "性别",
                    "民族",
                    "出生年月",
                    "身份证号",
                    "原工作单位",
                    "原职务/职级",
                    "类别",
                    "离退休时间",
                    "政治面貌",
                    "所在党支部",
                    "联系电话",
                    "家庭住址",
                ],
                [
                    [
                        str(n),
                        p.name,
                        p.sex,
                        p.ethnicity,
                        p.birth,
                        p.id_number,
                        p.work_unit,
                        p.position,
                        p.category,
                        p.retired,
                        p.political_status,
                        p.party_branch,
                        p.phone,
                        p.address,
                    ]
                    for n, p in enumerate(book.roster, start=1)
                ],
                size=8,
                wrap=(6, 7, 10, 11, 13),
            ),
            Spacer(0, 2 * mm),
            para("注：为保护个人信息，身份证号、联系电话和家庭住址已部分隐去。", info),
        ],
        f"在册 {len(book.roster)} 人",
    )
    # 走访慰问台账
    part(
        "visits",
        [
            table(
                [9, 16, 26, 32, 20, 34, 20, 62, 48],
                ["序号", "日期", "走访对象", "走访人", "事由", "慰问品", "慰问金（元）", "走访情况", "诉求与跟进"],
                [
                    [
                        str(n),
                        f"{v.date:%m-%d}",
                        v.person,
                        v.visitors,
                        v.reason,
                        v.gifts,
                        f"{v.money:.2f}",
                        v.situation,
                        v.needs,
                    ]
                    for n, v in enumerate(book.visits, start=1)
                ]
                + [["合计", "", "", "", f"{len(book.visits)} 次", "", "", "", ""]],
                size=8.5,
                wrap=(2, 3, 5, 7, 8),
            )
        ],
        f"{period}　走访 {len(book.visits)} 次",
    )
    # 志愿服务台账, with the totals by person
    part(
        "volunteer",
        [
            table(
                [9, 16, 20, 45, 22, 105, 25, 25],
                ["序号", "日期", "姓名", "服务项目", "服务角色", "服务内容", "时长（小时）", "积分"],
                [
                    [str(n), f"{s.date:%m-%d}", s.name, s.project, s.role, s.content, str(s.hours), str(s.points)]
                    for n, s in enumerate(book.service, start=1)
                ],
                size=8.5,
                wrap=(3, 5),
            ),
            Spacer(0, 5 * mm),
            CondPageBreak(40 * mm),
            para("按人汇总", head_style),
            table(
                [9, 24, 74, 26, 34, 32, 32, 36],
                ["序号", "姓名", "所在党支部", "服务次数", "服务时长（小时）", "服务积分", "活动积分", "本月积分合计"],
                [
                    [
                        str(n),
                        t.name,
                        t.party_branch,
                        str(t.records),
                        str(t.hours),
                        str(t.service_points),
                        str(t.activity_points),
                        str(t.total_points),
                    ]
                    for n, t in enumerate(book.service_totals, start=1)
                ],
                size=8.5,
                wrap=(2,),
            ),
        ],
        f"{period}　服务 {len(book.service)} 次",
    )
    # 月度统计: the figures, a table by type with its bar chart, visits by reason
    st, m = book.stats, book.stats.month
    figures = [
        ("在册人数", f"{st.roster.people} 人，其中党员 {st.roster.party_members} 人"),
        ("活动场次", f"{m.activities} 场"),
        ("应到人次", f"{m.invited} 人次"),
        ("实到人次", f"{m.present} 人次"),
        ("出勤率", f"{m.rate}（应到人员中实到 {m.present_invited} 人次）"),
        ("请假人次", f"{m.leave} 人次"),
        ("走访慰问", f"{m.visits} 次，{m.people_visited} 人"),
        ("慰问金", f"{m.visit_money:.2f} 元"),
        ("志愿服务", f"{m.service_records} 次，{m.volunteers} 人"),
        ("服务时长", f"{m.service_hours} 小时"),
        ("活动照片", f"{st.photos} 张"),
    ]
    chart_w, chart_h = portrait_w, 52 * mm
    drawing = Drawing(chart_w, chart_h)
    drawing.add(
        String(chart_w / 2, chart_h - 12, "各类活动参加人次", fontName=bold, fontSize=10.5, textAnchor="middle")
    )
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 14 * mm, 11 * mm, chart_w - 20 * mm, chart_h - 22 * mm
    chart.data = [[t.invited for t in st.by_type], [t.present for t in st.by_type]]
    chart.categoryAxis.categoryNames = [t.type_name for t in st.by_type]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = font
    chart.barLabels.fontName = font
    chart.barLabelFormat = "%d"
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor, chart.bars[1].fillColor = HexColor("#9DB4CF"), HexColor("#2F5D8C")
    drawing.add(chart)
    part(
        "stats",
        [
            para("一、基本情况", head_style),
            pairs_table(figures, [30 * mm, portrait_w / 2 - 30 * mm] * 2),
            Spacer(0, 4 * mm),
            para("二、按活动类型", head_style),
            table(
                [40, 22, 28, 28, 28, 34],
                ["活动类型", "场次", "应到人次", "实到人次", "请假人次", "出勤率"],
                [
                    [t.type_name, str(t.activities), str(t.invited), str(t.present), str(t.leave), t.rate]
                    for t in st.by_type
                ]
                + [["合计", str(m.activities), str(m.invited), str(m.present), str(m.leave), m.rate]],
            ),
            Spacer(0, 3 * mm),
            drawing,
            Spacer(0, 3 * mm),
            CondPageBreak(45 * mm),
            para("三、走访慰问", head_style),
            table(
                [60, 40, 80],
                ["走访事由", "次数", "慰问金（元）"],
                [[r, str(c), f"{v:.2f}"] for r, c, v in st.visits_by_reason],
            ),
        ],
        period,
    )

    ledger_pages: Counter[str] = Counter()

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # the usual recipe for 第 X 页 共 Y 页
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.ledger = ""

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                ledger_pages[state["ledger"]] += 1
                width = self._pagesize[0]
                self.setFont(font, 9.5)
                self.drawCentredString(width / 2, 9 * mm, f"第 {number} 页 共 {total} 页")
                self.setFont(font, 8)
                self.drawRightString(width - margin_x, 9 * mm, f"打印日期：{TODAY:%Y-%m-%d}")
                super().showPage()
            super().save()

    def template(name: str, size: tuple[float, float]) -> PageTemplate:
        w, h = size
        left, top = (margin_x, binding) if w > h else (binding, margin_top)
        frame = Frame(left, margin_bottom, w - left - margin_x, h - top - margin_bottom, id=name)
        return PageTemplate(id=name, frames=[frame], pagesize=size)

    doc = BaseDocTemplate(str(out), pagesize=A4, leftMargin=margin_x, rightMargin=margin_x)
    doc.addPageTemplates([template("portrait", A4), template("landscape", landscape(A4))])
    doc.build(story, canvasmaker=NumberedCanvas)
    return sum(ledger_pages.values()), dict(ledger_pages)


# -- for run.py -------------------------------------------------------------------------------


def command(kind: str, data: Path, out: Path, results: Path) -> list[str]:
    """The command line of one child run (``kind`` is "app" or "bare")."""
    return [sys.executable, str(Path(__file__)), kind, str(data), str(out), str(results)]


def read_results(results: Path) -> dict[str, Any]:
    """The median seconds of the runs recorded in ``results``, with the last run's other figures."""
    runs = [json.loads(line) for line in results.read_text().splitlines() if line.strip()]
    figures = dict(runs[-1])
    figures["seconds"] = statistics.median(r["seconds"] for r in runs)
    if "startup_seconds" in figures:
        figures["startup_seconds"] = statistics.median(r["startup_seconds"] for r in runs)
    figures["runs"] = len(runs)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("build", help="build the station month into a new data dir")
    p.add_argument("dir", type=Path)
    p.add_argument("--quick", action="store_true", help="the small month")
    for kind in ("app", "bare"):
        p = sub.add_parser(kind, help=f"one {kind} run; appends a JSON line to RESULTS")
        p.add_argument("dir", type=Path)
        p.add_argument("out", type=Path)
        p.add_argument("results", type=Path)
    p = sub.add_parser("profile", help="cProfile the app's run in-process")
    p.add_argument("dir", type=Path)
    p.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.cmd == "build":
        counts = build_month(args.dir, QUICK if args.quick else FULL)
        _log("  built: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    elif args.cmd == "app":
        run_app(args.dir, args.out, args.results)
    elif args.cmd == "bare":
        run_bare(args.dir, args.out, args.results)
    else:
        profile_app(args.dir, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
