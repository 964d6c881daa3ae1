"""A blank paper sign-in sheet (签到表) for one activity, to sign by hand at the door.

A4 portrait: the station's name and 签到表 as the title, the activity's particulars, the
应到 / 实到 / 请假 line to fill in, then one row per planned attendee (in pinyin order)
with room for a handwritten signature, and a few empty rows for people who come
unplanned.  The table's header repeats on every page, rows never split, and each page
says 第 X 页 共 Y 页, so a loose page can be put back in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy import select

from ..app import App
from ..jobs import CancelToken, Progress, no_progress
from ..ledgers.data import when_text
from ..models import Activity, ActivityInvitee, ActivityType, Person
from ..services.base import get_live
from ..vocab import CATEGORIES
from . import save_atomically, station_name
from .fonts import PrintFonts, print_fonts
from .paging import PageInfo, numbered_canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 15 * mm  # the right edge
MARGIN_LEFT = 25 * mm  # the binding margin (bound on the left, as the ledgers)
MARGIN_TOP = 17 * mm
MARGIN_BOTTOM = 18 * mm
BODY_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_X

HEADER = ("序号", "姓名", "类别", "党支部", "签名", "备注")
#: column widths; the signature column is the widest
COLUMN_WIDTHS = tuple(w * mm for w in (11, 27, 13, 45, 46, 28))
ROW_HEIGHT = 11 * mm
HEADER_HEIGHT = 8.5 * mm
CELL_PAD_X, CELL_PAD_Y = 3, 2
#: empty rows for people who come without being on the list
WALK_IN_ROWS = 5
#: rows of a sheet for an activity nobody was planned for: as many as fill the first page, at least
MIN_EMPTY_ROWS = 12
BLANK = "______"

GRID = HexColor("#333333")
HEADER_FILL = HexColor("#EDEDED")
MUTED = HexColor("#666666")


@dataclass(frozen=True)
class SheetResult:
    """What :func:`make_signin_sheet` printed."""

    path: Path
    pages: int
    #: planned attendees listed (the 应到 figure)
    invitees: int
    #: rows in the table (invitees and empty rows)
    rows: int
    #: a printed name (or other printed text) → the characters of it no font has, missing from the sheet
    missing_chars: dict[str, str] = field(default_factory=dict)


def make_signin_sheet(
    app: App,
    activity_id: str,
    out_path: Path | str,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> SheetResult:
    """Write the blank sign-in sheet of an activity to a PDF.

    ``progress`` and ``cancel`` make it a job for the job runner; cancelling leaves no file.
    Raises :class:`~cadre_desk.core.errors.NotFoundError` for an unknown or deleted activity
    and :class:`~cadre_desk.core.errors.DomainError` when the file cannot be written.
    """
    path = Path(out_path)
    token = cancel or CancelToken()
    progress(0.0, "正在生成签到表……")
    fonts = print_fonts()
    station = station_name(app)
    with app.read() as s:
        activity = get_live(s, Activity, activity_id)
        type_name = s.scalar(select(ActivityType.name).where(ActivityType.id == activity.type_id)) or ""
        people = s.execute(
            select(Person.id, Person.name, Person.category, Person.party_branch, Person.name_pinyin)
            .join(ActivityInvitee, ActivityInvitee.person_id == Person.id)
            .where(
                ActivityInvitee.activity_id == activity.id,
                ActivityInvitee.deleted.is_(False),
                Person.deleted.is_(False),
            )
            .distinct()
            .order_by(Person.name_pinyin, Person.id)
        ).all()

    missing: dict[str, str] = {}

    def note_missing(text: str) -> None:
        if text and text not in missing and (chars := fonts.missing(text)):
            missing[text] = chars

    for text in (station, activity.title, type_name, activity.place, activity.host):
        note_missing(text)
    for person in people:
        note_missing(person.name)
        note_missing(person.party_branch)

    styles = _Styles(fonts)
    title = f"{station} 签到表"
    when = when_text(activity.date, activity.start_time, activity.end_time)
    expected = str(len(people)) if people else "—"
    story: list[Any] = [
        Paragraph(fonts.markup(title, styles.title.fontName), styles.title),
        Spacer(0, 4 * mm),
        _particulars(fonts, styles, activity, type_name, when),
        Spacer(0, 2 * mm),
        _fill_in_line(fonts, styles.figures, [f"应到 {expected} 人", f"实到 {BLANK} 人", f"请假 {BLANK} 人"], 45 * mm),
        Spacer(0, 3 * mm),
    ]
    closing = [
        Spacer(0, 9 * mm),
        _fill_in_line(fonts, styles.closing, [f"记录人：{BLANK * 2}", f"审核人：{BLANK * 2}"], 70 * mm),
    ]
    blank_rows = WALK_IN_ROWS if people else _rows_to_fill_page([*story, *closing])
    table, rows = _attendee_table(fonts, styles, people, blank_rows)
    story += [table, *closing]

    running = f"{title} · {activity.title} · {activity.date:%Y-%m-%d}"
    printed_on = f"打印日期：{dt.date.today():%Y-%m-%d}"

    def later_pages(c: Canvas, _doc: Any) -> None:
        c.saveState()
        c.setFillColor(MUTED)
        size = fonts.fit_size(running, BODY_WIDTH, 9, 6)
        fonts.draw(c, MARGIN_LEFT, PAGE_HEIGHT - 11 * mm, running, size)
        c.restoreState()

    def footer(c: Canvas, page: PageInfo) -> None:
        c.saveState()
        c.setFillColor(MUTED)
        fonts.draw(
            c, MARGIN_LEFT + BODY_WIDTH / 2, 10 * mm, f"第 {page.number} 页 共 {page.total} 页", 9.5, align="centre"
        )
        fonts.draw(c, PAGE_WIDTH - MARGIN_X, 10 * mm, printed_on, 8, align="right")
        c.restoreState()

    pages: list[int] = []

    def write(tmp: Path) -> None:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{title} — {activity.title}",
            author=station,
            creator="cadre_desk",
            initialFontName=fonts.main,
        )
        token.check()
        doc.build(
            story,
            onFirstPage=lambda _c, _d: None,
            onLaterPages=later_pages,
            canvasmaker=numbered_canvas(footer, pages),
        )
        token.check()

    save_atomically(path, write)
    progress(1.0, f"已生成签到表（{pages[-1]} 页）。")
    return SheetResult(path=path, pages=pages[-1], invitees=len(people), rows=rows, missing_chars=missing)


class _Styles:
    def __init__(self, fonts: PrintFonts) -> None:
        base = {"fontName": fonts.main, "wordWrap": "CJK", "textColor": black}
        bold = {**base, "fontName": fonts.bold}  # 黑体 title and column heads, 宋体 the rest
        self.title = ParagraphStyle("title", fontSize=18, leading=24, alignment=TA_CENTER, **bold)
        self.label = ParagraphStyle("label", fontSize=10.5, leading=14, alignment=TA_LEFT, **base)
        self.value = ParagraphStyle("value", fontSize=10.5, leading=14, alignment=TA_LEFT, **base)
        self.figures = ParagraphStyle("figures", fontSize=11, leading=15, alignment=TA_LEFT, **base)
        self.head = ParagraphStyle("head", fontSize=10.5, leading=13, alignment=TA_CENTER, **bold)
        self.number = ParagraphStyle("number", fontSize=10, leading=12, alignment=TA_CENTER, **base)
        self.name = ParagraphStyle("name", fontSize=11.5, leading=14, alignment=TA_LEFT, **base)
        self.centre = ParagraphStyle("centre", fontSize=10.5, leading=13, alignment=TA_CENTER, **base)
        self.small = ParagraphStyle("small", fontSize=9, leading=11.5, alignment=TA_LEFT, **base)
        self.closing = ParagraphStyle("closing", fontSize=11, leading=15, alignment=TA_LEFT, **base)


def _particulars(fonts: PrintFonts, styles: _Styles, activity: Any, type_name: str, when: str) -> Table:
    def p(text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(fonts.markup(text), style or styles.value)

    data = [
        [p("活动名称：", styles.label), p(activity.title), "", ""],
        [p("活动类型：", styles.label), p(type_name), p("时间：", styles.label), p(when)],
        [p("地点：", styles.label), p(activity.place), p("主持人：", styles.label), p(activity.host)],
    ]
    table = Table(data, colWidths=[20 * mm, 62 * mm, 19 * mm, BODY_WIDTH - 101 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([*_plain_cells(fonts), ("SPAN", (1, 0), (3, 0))]))
    return table


def _fill_in_line(fonts: PrintFonts, style: ParagraphStyle, parts: list[str], width: float) -> Table:
    """Words with blanks to fill in (应到 … 实到 ____ 人), spread over one line.

    (A Paragraph collapses runs of spaces, so the gaps are table columns.)
    """
    cells = [Paragraph(fonts.markup(part), style) for part in parts]
    table = Table([cells], colWidths=[width] * len(parts), hAlign="LEFT")
    table.setStyle(TableStyle(_plain_cells(fonts)))
    return table


def _plain_cells(fonts: PrintFonts) -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), fonts.main),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]


def _rows_to_fill_page(flowables: list[Any]) -> int:
    """How many empty rows fit on the first page beside ``flowables`` (and the table's header)."""
    frame_height = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM - 12  # a frame pads 6 pt at top and bottom
    used = HEADER_HEIGHT + sum(f.wrap(BODY_WIDTH, frame_height)[1] for f in flowables)
    return max(MIN_EMPTY_ROWS, int((frame_height - used - 2) // ROW_HEIGHT))


def _attendee_table(fonts: PrintFonts, styles: _Styles, people: list[Any], blank_rows: int) -> tuple[Table, int]:
    """The table of attendees and empty rows, and how many rows it has (without the header)."""

    def p(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(fonts.markup(text, style.fontName), style)

    data: list[list[Any]] = [[p(h, styles.head) for h in HEADER]]
    for number, person in enumerate(people, start=1):
        category = CATEGORIES.get(person.category, person.category)
        data.append(
            [
                p(str(number), styles.number),
                p(person.name, styles.name),
                p(category, styles.centre),
                _branch(fonts, styles, person.party_branch),
                "",
                "",
            ]
        )
    for number in range(len(people) + 1, len(people) + blank_rows + 1):
        data.append([p(str(number), styles.number), "", "", "", "", ""])

    heights = [HEADER_HEIGHT] + [_row_height(row) for row in data[1:]]
    table = Table(data, colWidths=COLUMN_WIDTHS, rowHeights=heights, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.main),
                ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                ("BOX", (0, 0), (-1, -1), 1.0, GRID),
                ("LINEBELOW", (0, 0), (-1, 0), 1.0, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
                ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
                ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y),
            ]
        )
    )
    return table, len(data) - 1


def _branch(fonts: PrintFonts, styles: _Styles, branch: str) -> Paragraph:
    """A Party branch on one line, a little smaller if that is all it takes; else wrapped."""
    room = COLUMN_WIDTHS[HEADER.index("党支部")] - 2 * CELL_PAD_X
    size = fonts.fit_size(branch, room, styles.small.fontSize, 7.5)
    if fonts.width(branch, size) > room:
        size = 8.5
    style = ParagraphStyle("branch", parent=styles.small, fontSize=size, leading=size * 1.25)
    return Paragraph(fonts.markup(branch), style)


def _row_height(row: list[Any]) -> float:
    """At least :data:`ROW_HEIGHT`; more when a long name or branch needs more lines."""
    needed = 0.0
    for cell, width in zip(row, COLUMN_WIDTHS, strict=True):
        if isinstance(cell, Paragraph):
            needed = max(needed, cell.wrap(width - 2 * CELL_PAD_X, PAGE_HEIGHT)[1] + 2 * CELL_PAD_Y)
    return max(ROW_HEIGHT, needed)
