"""The monthly ledgers (月度台账) and the year summary as one Excel workbook, to adjust before printing.

Each chosen ledger is one sheet named by its title, with the columns, headers and totals
that :mod:`.pdf` prints, in the same order.  A sheet opens with the station, month and
ledger as a merged bold title (黑体), for a full-data export the marking 含个人信息 注意保密
with who exported it, a line of particulars (统计期间 …) and the table header (bold, grey,
frozen below and repeated on every printed page); data rows are ruled and wrap their text,
each row as tall as its text needs; a bold 合计 row follows where the PDF has one; and a
blank row and the line to sign (填表人 / 审核人 / 填报日期) close it.  Pages are A4, landscape
where the PDF is, fitted one page wide, numbered 第 X 页 共 Y 页 in the footer, and broken by
the workbook itself (:mod:`..excel_print`): a heading or header never ends a page, a 合计
row, a note or the line to sign never starts one.

The sign-in book (签到簿) and the record book (写实册) have a block per activity on their one
sheet, each block on pages of its own (a print area per activity); the sign-in book's column
header is under the title, repeated above every page of every block.  Signatures and photos
are not embedded — the sign-in book says who signed by hand, the record book lists the
photos' captions.  The statistics sheets put their figures as numbers, without the PDF's
charts, each short table kept on one page.

Counts, money (two places), hours and points are numeric cells, dates real dates shown
MM-DD, and ID numbers, phones and year-months text cells, so Excel and WPS never turn an
ID number into 3.7E+17.  ID numbers, phones and addresses are masked by :mod:`.data`
unless full data is asked for.  The workbook is written to a temporary file and moved into
place at the end: a cancelled or failed export leaves no file and keeps an old one as it
was.  openpyxl is imported when first used.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..app import App
from ..errors import DomainError
from ..excel_print import (
    BODY_SIZE,
    COLUMN_PADDING,
    POINTS_PER_UNIT,
    WIDOW_ROWS,
    font,
    marking_text,
    page_width,
    paginate,
    row_height,
    set_breaks,
    setup_page,
    text_width,
    thin_border,
    use_default_font,
    wrapped_lines,
)
from ..files import save_atomically
from ..jobs import CancelToken, Progress, no_progress
from ..privacy import MASKED_NOTE, Disclosure
from ..roster_export import TEXT_FORMAT, _clean
from ..services.browse import plain_number
from ..services.scope import ALL_STATIONS, stations_for
from . import LEDGERS, YEARLY_TITLE, resolve_ledgers
from .columns import (
    ACTIVITY_COLUMNS,
    DISTRICT_COLUMNS,
    REASON_COLUMNS,
    ROSTER_COLUMNS,
    SERVICE_COLUMNS,
    SERVICE_TOTAL_COLUMNS,
    SIGNIN_COLUMNS,
    TYPE_COLUMNS,
    VISIT_COLUMNS,
    YEAR_COLUMNS,
    Col,
)
from .data import (
    ActivityRow,
    DistrictSummary,
    MonthBook,
    PeriodFigures,
    RosterFigures,
    TypeFigures,
    YearStats,
    rate_text,
    read_district_summary,
    read_month,
    read_year,
    visited_count,
)

#: the program that may hold the file open when it cannot be replaced
OPENED_BY = "其他程序（如 Excel、WPS）"
DISTRICT_TITLE = "各驿站汇总"
SIGN_LINE = "填表人：＿＿＿＿＿＿　　　审核人：＿＿＿＿＿＿　　　填报日期：＿＿＿＿年＿＿月＿＿日"
TOTAL_LABEL = "合计"

HEADER_FILL = "E8E8E8"
TOTAL_FILL = "F4F4F4"
MUTED = "555555"

COUNT_FORMAT = "0"
MONEY_FORMAT = "0.00"
#: money in a row where the PDF prints "—" for none: still a number, shown as "—" when zero
MONEY_OR_DASH_FORMAT = '0.00;-0.00;"—"'
HOURS_FORMAT = "General"  # 3 and 2.5 as written ("0.##" would show "3.")
RATE_FORMAT = "0.0%"
DATE_FORMAT = "mm-dd"

#: millimetres of the PDF's column widths per Excel width unit (one Latin character)
MM_PER_UNIT = 1.9
MIN_WIDTH = 6.0
TITLE_HEIGHT = 28.0
#: rows written between checks for cancelling
CHECK_EVERY = 200
#: the longest sheet name Excel allows, and the characters it refuses in one
SHEET_NAME_MAX = 31
SHEET_NAME_BANNED = str.maketrans({c: "_" for c in "\\/?*[]:"})


@dataclass(frozen=True)
class ExcelResult:
    """What :func:`export_monthly_ledgers_excel` / :func:`export_year_summary_excel` wrote."""

    path: Path
    sheets: list[str]  # sheet titles in order
    #: data rows over all sheets (one per activity, sign-in entry, record-book activity, person,
    #: visit, service record, person's total, activity type, visit reason, month), not counting
    #: titles, headers, totals or key figures
    rows: int


#: kind → (horizontal alignment, number format)
_KINDS: dict[str, tuple[str, str | None]] = {
    "text": ("left", None),
    "centre": ("center", None),
    "code": ("center", TEXT_FORMAT),  # ID numbers, phones, year-months: text, whatever is typed
    "seq": ("center", COUNT_FORMAT),
    "date": ("center", DATE_FORMAT),
    "count": ("right", COUNT_FORMAT),
    "money": ("right", MONEY_OR_DASH_FORMAT),
    "hours": ("right", HOURS_FORMAT),
    "rate": ("right", RATE_FORMAT),
}

#: the record book's particulars: label, value, label, value (as the PDF's box)
RECORD_COLUMNS = (Col("", 22), Col("", 68), Col("", 22), Col("", 68))
#: key figures: label, value, what the value counts
FIGURE_COLUMNS = (Col("项目", 40), Col("数值", 22, "count"), Col("说明", 60))


# -- cells and sheets -------------------------------------------------------------------------


def rate_value(part: int, whole: int) -> Decimal | str:
    """A rate as a fraction for a 0.0% cell (rounded as :func:`.data.rate_text` is), or ``—``."""
    if not whole:
        return "—"
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def _shown(value: Any, kind: str) -> str:
    """Roughly what a cell shows, to size its column."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "00-00"
    if isinstance(value, Decimal) and kind == "rate":
        return "100.0%"
    if isinstance(value, Decimal) and kind == "money":
        return f"{value:.2f}"
    return str(value)


class _Styles:
    """The workbook's fonts, fills, borders and alignments, made once; every font named
    (宋体 for text, 黑体 for titles, headings and table headers)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, PatternFill

        self.border = thin_border()
        self.body = font()
        self.bold = font(heading=True, bold=True)
        self.title = font(heading=True, size=16, bold=True)
        self.heading = font(heading=True, size=12, bold=True)
        self.muted = font(size=10, colour=MUTED)
        self.marking = font(heading=True, size=10, bold=True, colour="C00000")
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.total_fill = PatternFill("solid", fgColor=TOTAL_FILL)
        self.align = {
            h: Alignment(horizontal=h, vertical="center", wrap_text=True) for h in ("left", "center", "right")
        }
        self.top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)


class _Sheet:
    """One worksheet, written top to bottom: title, particulars, tables, notes, the line to sign.

    Besides the cells it notes how the rows may be paged: a title, heading, table header or
    the opening lines of a block keep with the row after them; a 合计 row, a note and the line
    to sign keep with the row before them; a block (:meth:`block`) may start a page of its own
    and a print area of its own.
    """

    def __init__(
        self, wb: Any, styles: _Styles, title: str, ncols: int, *, landscape: bool, marking: str | None = None
    ) -> None:
        self.ws = wb.create_sheet(title)
        self.st = styles
        self.ncols = ncols
        self.landscape = landscape
        self.marking = marking
        self.row = 1  # the next row to write
        self.rows = 0  # data rows written
        self.widths: dict[int, float] = {}
        self.fixed_widths: list[float] | None = None
        self.first_header: int | None = None
        self.filter_range: str | None = None
        self.blocks = False  # a sheet of blocks (one per activity) rather than one table
        self.top = 0  # the last row of the title, marking and particulars at the top
        self.keep_next: set[int] = set()
        self.keep_prev: set[int] = set()
        self.block_starts: list[int] = []  # first rows of blocks that start a page and a print area
        self._opening = False  # writing the opening rows of a block (kept with what follows)
        self._after_table = False  # the last row written was a table's data or 合计 row
        self._run: list[int] = []  # the table's data rows written just before
        self._attached = False  # every row from here on kept with the one before
        self._last_blank = True

    # -- cells --

    def _cell(
        self,
        col: int,
        value: Any,
        kind: str = "text",
        *,
        font: Any = None,
        fill: Any = None,
        border: bool = True,
        align: str | None = None,
    ) -> Any:
        cell = self.ws.cell(self.row, col)
        if isinstance(value, str):
            value = _clean(value)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text as typed, never a formula
        horizontal, number_format = _KINDS[kind]
        if number_format and (kind == "code" or not isinstance(value, str)):
            cell.number_format = number_format
        cell.alignment = self.st.align[align or horizontal]
        cell.font = font if font is not None else self.st.body
        if fill is not None:
            cell.fill = fill
        if border:
            cell.border = self.st.border
        return cell

    def _merge(self, first: int, last: int, *, border: bool, fill: Any = None) -> None:
        if last <= first:
            return
        for col in range(first + 1, last + 1):  # a merged range is ruled by its cells' borders
            cell = self.ws.cell(self.row, col)
            if border:
                cell.border = self.st.border
            if fill is not None:
                cell.fill = fill
        self.ws.merge_cells(start_row=self.row, start_column=first, end_row=self.row, end_column=last)

    def _measure(self, col: int, text: str, cap: float) -> None:
        wanted = min(text_width(text) + 2, cap)
        self.widths[col] = max(self.widths.get(col, MIN_WIDTH), wanted)

    def _next(
        self, *, blank: bool = False, keep_next: bool = False, keep_prev: bool = False, data: bool = False
    ) -> int:
        written = self.row
        if keep_next or self._opening:
            self.keep_next.add(written)
        if keep_prev or self._attached:
            self.keep_prev.add(written)
            if self._run:  # a table's end: its last few rows go with it onto a new page
                self.keep_prev.update(self._run[-(WIDOW_ROWS - 1) :])
        if data:
            self._run = [*self._run[-WIDOW_ROWS:], written]
        else:
            self._run = []
        self.row += 1
        self._last_blank = blank
        self._after_table = False
        return written

    # -- rows --

    def title(self, text: str) -> None:
        """The title; for a full-data export the marking (含个人信息 注意保密, who, when) under it."""
        self._cell(1, text, font=self.st.title, border=False, align="center")
        self._merge(1, self.ncols, border=False)
        self.ws.row_dimensions[self.row].height = TITLE_HEIGHT
        self.top = self._next(keep_next=True)
        if self.marking:
            self._cell(1, self.marking, font=self.st.marking, border=False, align="center")
            self._merge(1, self.ncols, border=False)
            self.top = self._next(keep_next=True)

    def info(self, left: str, right: str = "") -> None:
        """The line of particulars under the title: left, and right-aligned when given."""
        split = self.ncols if not right or self.ncols < 2 else max(1, round(self.ncols * 0.62))
        self._cell(1, left, border=False)
        self._merge(1, split, border=False)
        if split < self.ncols:
            self._cell(split + 1, right, border=False, align="right")
            self._merge(split + 1, self.ncols, border=False)
        self.top = self._next(keep_next=True)

    def attach(self) -> None:
        """Keep the rest of the sheet on the page of the rows before it (where it fits on a page)."""
        self._attached = True

    def block(self) -> None:
        """Start a block (an activity) on a page and in a print area of its own; its opening
        rows, up to its first data row, stay together with that row."""
        if self.row > self.top + 1 + (self.first_header == self.top + 1):
            self.block_starts.append(self.row)
            if self._last_blank:  # the blank row closing the block before never starts a page
                self.keep_prev.add(self.row - 1)
        self._opening = True
        self.blocks = True

    @property
    def _whole_tables(self) -> bool:
        """On a sheet of several short tables (statistics) a table is not split across pages
        unless it is longer than a page: a part on the next page would have no header."""
        return self.blocks and not self._opening and not self.block_starts and self.first_header != self.top + 1

    def text(
        self,
        text: str,
        *,
        font: Any = None,
        fill: Any = None,
        border: bool = False,
        first: int = 1,
        last: int | None = None,
        top: bool = False,
    ) -> int:
        """A line of text across the sheet (or the given columns), wrapped; its height is set at the end.

        A line right after a table's rows is kept on their page."""
        last = last or self.ncols
        cell = self._cell(first, text, font=font, fill=fill, border=border)
        if top:
            cell.alignment = self.st.top_left
        self._merge(first, last, border=border, fill=fill)
        return self._next(keep_prev=self._after_table)

    def heading(self, text: str) -> int:
        written = self.text(text, font=self.st.heading)
        self.keep_next.add(written)
        return written

    def note(self, text: str) -> int:
        written = self.text(text, font=self.st.muted)
        self.keep_prev.add(written)
        return written

    def blank(self) -> None:
        self._next(blank=True)

    def header(self, columns: Sequence[Col]) -> int:
        for col, c in enumerate(columns, start=1):
            self._cell(col, c.label, font=self.st.bold, fill=self.st.header_fill, align="center")
            self._measure(col, c.label, math.inf)
        if self.first_header is None:
            self.first_header = self.row
        return self._next(keep_next=True)

    def data(self, columns: Sequence[Col], values: Sequence[Any]) -> int:
        """A ruled data row; counted in :attr:`rows`."""
        self._values(columns, values)
        self.rows += 1
        self._opening = False
        written = self._next(data=True, keep_next=self._whole_tables)
        self._after_table = True
        return written

    def totals(self, columns: Sequence[Col], values: Sequence[Any], *, span: int = 1) -> int:
        """The bold 合计 row; its first ``span`` cells merged."""
        self._values(columns, values, font=self.st.bold, fill=self.st.total_fill)
        if span > 1:
            self.ws.cell(self.row, 1).alignment = self.st.align["center"]
            self._merge(1, span, border=True, fill=self.st.total_fill)
        written = self._next(keep_prev=True)
        self._after_table = True
        return written

    def _values(self, columns: Sequence[Col], values: Sequence[Any], *, font: Any = None, fill: Any = None) -> None:
        for col, (c, value) in enumerate(zip(columns, values, strict=True), start=1):
            self._cell(col, value, c.kind, font=font, fill=fill)
            self._measure(col, _shown(value, c.kind), max(c.mm / MM_PER_UNIT, text_width(c.label) + 2))

    def figures(self, rows: Iterable[tuple[str, Any, str, str]]) -> None:
        """Key figures: a label, a value (a number, formatted by its kind) and what it counts."""
        label_cap, value_cap = (c.mm / MM_PER_UNIT for c in FIGURE_COLUMNS[:2])
        for label, value, kind, unit in rows:
            self._cell(1, label, font=self.st.bold, fill=self.st.header_fill)
            self._cell(2, value, kind)
            self._cell(3, unit)
            self._merge(3, self.ncols, border=True)
            self._measure(1, label, label_cap)
            self._measure(2, _shown(value, kind), value_cap)
            self._next(keep_next=self._whole_tables)

    def pairs(self, pairs: Sequence[tuple[str, str]]) -> int:
        """One row of label–value pairs (the record book's particulars); a single pair spans the row."""
        col = 1
        for n, (label, value) in enumerate(pairs):
            self._cell(col, label, font=self.st.bold, fill=self.st.header_fill, align="center")
            last = self.ncols if n == len(pairs) - 1 else col + 1
            self._cell(col + 1, value)
            self._merge(col + 1, last, border=True)
            col += 2
        return self._next()

    def close(self) -> None:
        """A blank row and the line to sign, kept on the page of what they close."""
        if not self._last_blank:
            self._next(blank=True, keep_prev=True)
        else:
            self.keep_prev.add(self.row - 1)
        written = self.text(SIGN_LINE)
        self.keep_prev.add(written)

    # -- the page --

    def _row_heights(self, widths: Sequence[float]) -> list[float]:
        """Every row's height from its text: lines counted against the (merged) cell's width."""
        ws = self.ws
        spans: dict[tuple[int, int], int] = {}
        for rng in ws.merged_cells.ranges:
            spans[(rng.min_row, rng.min_col)] = rng.max_col
        last = self.row - 1
        heights = [row_height(1, BODY_SIZE)] * last
        for (r, c), cell in ws._cells.items():
            if r > last:
                continue
            value = cell.value
            if value is None:
                continue
            size = float(cell.font.sz or BODY_SIZE) if cell.has_style else BODY_SIZE
            if isinstance(value, str):
                width = sum(widths[c - 1 : spans.get((r, c), c)])
                lines = wrapped_lines(value, width, size)
            else:
                lines = 1
            heights[r - 1] = max(heights[r - 1], row_height(lines, size))
        for r in range(1, last + 1):
            fixed = ws.row_dimensions[r].height if r in ws.row_dimensions else None
            heights[r - 1] = max(heights[r - 1], fixed or 0)
            ws.row_dimensions[r].height = heights[r - 1]
        return heights

    def finish(self, *, freeze: str | None = None) -> None:
        """Column widths, row heights, frozen rows, filters, print titles and areas, page breaks
        and the page setup."""
        from openpyxl.utils import get_column_letter

        ws = self.ws
        widths = self.fixed_widths or [max(self.widths.get(c, MIN_WIDTH), MIN_WIDTH) for c in range(1, self.ncols + 1)]
        page = (page_width(landscape=self.landscape) - COLUMN_PADDING * self.ncols) / POINTS_PER_UNIT
        if sum(widths) < page:  # a narrow table is widened to the page (fitting never enlarges)
            widths = [w * page / sum(widths) for w in widths]
        widths = [round(w, 1) for w in widths]
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
        heights = self._row_heights(widths)
        header = self.first_header
        top = max(self.top, 1)
        if self.blocks and header is not None and header == top + 1:  # blocks under one column header
            titles = (1, header)
        elif self.blocks or header is None:
            titles = (1, top)
        else:
            titles = (header, header)
        ws.freeze_panes = freeze or f"A{titles[1] + 1}"
        if self.filter_range:
            ws.auto_filter.ref = self.filter_range
        setup_page(ws, landscape=self.landscape, title_rows=titles, marking=self.marking)
        last = len(heights)
        starts = [s for s in self.block_starts if s <= last]
        breaks = paginate(
            heights,
            widths=widths,
            landscape=self.landscape,
            title_rows=titles,
            keep_next=self.keep_next,
            keep_prev=self.keep_prev,
            new_page=starts,
        )
        set_breaks(ws, breaks, forced=starts)
        if starts:  # one print area per block
            letter = get_column_letter(self.ncols)
            bounds = [1, *starts, last + 1]
            ws.print_area = [f"A{a}:{letter}{b - 1}" for a, b in itertools.pairwise(bounds)]

    def filter(self, header: int, last_row: int) -> None:
        """An autofilter on a table's header and data rows (not its 合计)."""
        from openpyxl.utils import get_column_letter

        if self.filter_range is None and last_row > header:
            self.filter_range = f"A{header}:{get_column_letter(self.ncols)}{last_row}"


def sheet_name(title: str, prefix: str, taken: Iterable[str]) -> str:
    """A sheet name Excel takes: ``prefix·title`` (the prefix, a station's name, shortened to
    fit 31 characters), without the characters Excel refuses, and unlike the names ``taken``
    (Excel ignores case): ``(2)``, ``(3)`` … are added when needed."""
    title = title.translate(SHEET_NAME_BANNED)
    prefix = prefix.translate(SHEET_NAME_BANNED).strip("' ")
    used = {name.lower() for name in taken}
    for n in range(1, 1000):
        mark = f"({n})" if n > 1 else ""
        room = SHEET_NAME_MAX - len(title) - len(mark) - (1 if prefix else 0)
        name = f"{prefix[: max(room, 1)]}·{title}{mark}" if prefix else f"{title}{mark}"
        name = name[:SHEET_NAME_MAX]
        if name.lower() not in used:
            return name
    raise DomainError("工作表太多，无法命名。")


class _Workbook:
    """The workbook being written, the sheets so far, and the cancel flag checked as rows go in."""

    def __init__(self, token: CancelToken) -> None:
        from openpyxl import Workbook

        self.wb = Workbook()
        use_default_font(self.wb)
        self.wb.remove(self.wb.active)
        self.styles = _Styles()
        self.token = token
        self.sheets: list[_Sheet] = []
        #: put before each new sheet's name (a station's name, when every station is exported)
        self.prefix = ""
        #: the marking of a full-data export (含个人信息 注意保密, who, when), on every sheet and page
        self.marking: str | None = None

    def sheet(self, title: str, columns: int | Sequence[Col], *, landscape: bool) -> _Sheet:
        ncols = columns if isinstance(columns, int) else len(columns)
        name = sheet_name(title, self.prefix, (s.ws.title for s in self.sheets))
        sheet = _Sheet(self.wb, self.styles, name, ncols, landscape=landscape, marking=self.marking)
        self.sheets.append(sheet)
        return sheet

    def checkpoint(self, n: int) -> None:
        if n % CHECK_EVERY == 0:
            self.token.check()


# -- the ledgers ---------------------------------------------------------------------------------


def _period(book: MonthBook) -> str:
    return book.span


def _host(a: ActivityRow) -> str:
    if not a.organiser or a.organiser == a.host:
        return a.host
    return f"{a.host}（{a.organiser}）" if a.host else a.organiser


def _activities(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    held, planned = book.held, book.planned
    sh = out.sheet(LEDGERS["activities"].title, ACTIVITY_COLUMNS, landscape=LEDGERS["activities"].landscape)
    sh.title(title)
    info = f"已开展 {len(held)} 场" + (f"，另有计划 {len(planned)} 场" if planned else "") if book.activities else ""
    sh.info(_period(book), info)
    header = sh.header(ACTIVITY_COLUMNS)
    if not book.activities:
        sh.text("本月没有活动记录。")
    elif not held:
        sh.text("本月的活动都还没有开展，没有出勤可计。")

    def row(n: int, a: ActivityRow) -> list[Any]:
        attended: list[Any] = [a.present, a.leave] if a.held else ["未开展", "—"]
        return [n, a.date, a.time or "—", a.type_name, a.title, a.place, a.host, a.invited, *attended]

    for n, a in enumerate(held, start=1):
        sh.data(ACTIVITY_COLUMNS, row(n, a))
    if held:
        sh.filter(header, header + len(held))
        sums = [sum(getattr(a, k) for a in held) for k in ("invited", "present", "leave")]
        sh.totals(ACTIVITY_COLUMNS, [TOTAL_LABEL, None, None, None, f"{len(held)} 场", None, None, *sums], span=4)
        invited = sum(a.invited for a in held)
        present_invited = sum(a.present_invited for a in held)
        note = (
            f"注：实到含本人签到与代签，其中代签 {sum(a.proxy for a in held)} 人次；"
            f"应到人员出勤率 {rate_text(present_invited, invited)}。"
        )
        if planned:
            note += f"合计为已开展的 {len(held)} 场；另有计划 {len(planned)} 场尚未开展，列于下表，不计入合计。"
        sh.note(note)
    if planned:
        sh.blank()
        sh.heading(f"尚未开展的活动（计划 {len(planned)} 场）")
        sh.header(ACTIVITY_COLUMNS)
        for n, a in enumerate(planned, start=1):
            sh.data(ACTIVITY_COLUMNS, row(n, a))
        sh.note("注：尚未开展的活动没有签到，签到簿和写实册待活动开展后打印。")
    sh.close()
    sh.finish()


def _planned_line(book: MonthBook) -> str:
    n = len(book.planned)
    return f"另有计划 {n} 场活动尚未开展，见活动台账；开展后再打印。" if n else ""


def _signin(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    sh = out.sheet(LEDGERS["signin"].title, SIGNIN_COLUMNS, landscape=LEDGERS["signin"].landscape)
    sh.blocks = True
    sh.title(title)
    sh.info(_period(book), f"已开展 {len(book.signin)} 场活动")
    if not book.signin:
        sh.text("本月没有已开展的活动，无签到簿。" + _planned_line(book))
    else:
        sh.header(SIGNIN_COLUMNS)  # repeated on every page, above each activity's block
    written = 0
    for index, b in enumerate(book.signin, start=1):
        a = b.activity
        sh.block()
        sh.text(
            f"{index}. {a.title}　{a.when}　地点：{a.place or '—'}　主持人：{_host(a) or '—'}",
            font=sh.st.bold,
            fill=sh.st.total_fill,
            border=True,
        )
        present = f"实到 {b.signed + b.proxy} 人" + (f"（含代签 {b.proxy} 人）" if b.proxy else "")
        sh.text(f"应到 {a.invited} 人　　{present}　　请假 {b.leave} 人　　未到 {len(b.absent)} 人", border=True)
        for n, e in enumerate(b.entries, start=1):
            if e.status == "leave":
                sign = "请假"
                note = f"请假：{e.leave_reason}" if e.leave_reason else "请假"
            else:
                sign = "已手写签名" if e.signature else "—"
                note = f"代签（代签人：{e.proxy_name}）" if e.status == "proxy" and e.proxy_name else ""
                if e.status == "proxy" and not e.proxy_name:
                    note = "代签"
                if e.walk_in:
                    note = "；".join(x for x in (note, "临时参加（不在应到名单）") if x)
            sh.data(
                SIGNIN_COLUMNS,
                [n, e.name, e.category or "—", e.time or "—", sign, e.method if e.time else "—", note],
            )
            written += 1
            out.checkpoint(written)
        if not b.entries:
            sh.text("本次活动没有签到记录。")
        if b.absent:
            sh.text(f"未到人员（{len(b.absent)} 人）：" + "、".join(b.absent))
        sh.blank()
    sh.close()
    sh.finish()


def _records(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    sh = out.sheet(LEDGERS["records"].title, RECORD_COLUMNS, landscape=LEDGERS["records"].landscape)
    sh.blocks = True
    sh.fixed_widths = [c.mm / MM_PER_UNIT for c in RECORD_COLUMNS]
    sh.title(title)
    sh.info(_period(book), f"已开展 {len(book.records)} 场活动")
    if not book.records:
        sh.text("本月没有已开展的活动，无写实记录。" + _planned_line(book))
    for r in book.records:
        out.token.check()
        a = r.activity
        sh.block()
        people = f"实到 {len(r.participants)} 人：" + "、".join(r.participants) if r.participants else "无签到记录"
        sh.pairs([("活动名称", a.title)])
        sh.pairs([("活动类型", a.type_name), ("活动时间", a.when)])
        sh.pairs([("活动地点", a.place or "—"), ("主持人", _host(a) or "—")])
        sh.pairs([("参加人员", people)])
        sh.rows += 1
        sh.heading("活动记录")
        paragraphs = [line.strip() for line in a.record.splitlines() if line.strip()]
        if paragraphs:
            sh.text("\n".join(f"　　{p}" for p in paragraphs), border=True, top=True)
        else:
            sh.note("（未填写活动记录）")
        sh.heading("活动照片")
        for n, photo in enumerate(r.photos, start=1):
            sh.text(f"图 {n}：{photo.caption}" if photo.caption else f"图 {n}")
        if not r.photos:
            sh.note("（本次活动没有上传照片）")
        notes = []
        if r.more_photos:
            notes.append(f"另有 {r.more_photos} 张照片未打印，见电子档案。")
        if r.missing_photos:
            notes.append(f"有 {r.missing_photos} 张照片的文件在本机找不到，未能打印。")
        if notes:
            sh.note("".join(notes))
        sh.blank()
    sh.close()
    sh.finish()


def _roster(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    sh = out.sheet(LEDGERS["roster"].title, ROSTER_COLUMNS, landscape=LEDGERS["roster"].landscape)
    sh.title(title)
    lixiu = sum(p.category == "离休" for p in book.roster)
    sh.info(
        f"在册 {len(book.roster)} 人（离休 {lixiu} 人，退休 {len(book.roster) - lixiu} 人）", book.as_of_text
    )
    header = sh.header(ROSTER_COLUMNS)
    if not book.roster:
        sh.text(f"{book.as_of_text}，名册中没有在册人员。")
    for n, p in enumerate(book.roster, start=1):
        sh.data(
            ROSTER_COLUMNS,
            [
                n,
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
            ],
        )
        out.checkpoint(n)
    sh.filter(header, header + len(book.roster))
    if not book.full:
        sh.note(MASKED_NOTE)
    sh.close()
    sh.finish(freeze=f"C{header + 1}")


def _visits(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    rows = book.visits
    money = sum((v.money for v in rows), Decimal("0"))
    people = visited_count(rows)
    sh = out.sheet(LEDGERS["visits"].title, VISIT_COLUMNS, landscape=LEDGERS["visits"].landscape)
    sh.title(title)
    sh.info(_period(book), f"走访 {len(rows)} 次，{people} 人（户）；慰问金 {money:.2f} 元")
    header = sh.header(VISIT_COLUMNS)
    if not rows:
        sh.text("本月没有走访慰问记录。")
    for n, v in enumerate(rows, start=1):
        sh.data(VISIT_COLUMNS, [n, v.date, v.person, v.visitors, v.reason, v.gifts, v.money, v.situation, v.needs])
        out.checkpoint(n)
    if rows:
        sh.filter(header, header + len(rows))
        totals = [TOTAL_LABEL, None, f"{people} 人（户）", None, f"{len(rows)} 次", None, money, None, None]
        sh.totals(VISIT_COLUMNS, totals, span=2)
    sh.close()
    sh.finish()


def _volunteer(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    rows = book.service
    t = book.service_totals
    hours = sum((r.hours for r in rows), Decimal("0"))
    points = sum((r.points for r in rows), Decimal("0"))
    sh = out.sheet(LEDGERS["volunteer"].title, SERVICE_COLUMNS, landscape=LEDGERS["volunteer"].landscape)
    sh.title(title)
    sh.info(_period(book), f"服务 {len(rows)} 次，{len(t)} 人，共 {plain_number(hours)} 小时")
    header = sh.header(SERVICE_COLUMNS)
    if not rows:
        sh.text("本月没有志愿服务记录。")
        sh.close()
        sh.finish()
        return
    for n, r in enumerate(rows, start=1):
        sh.data(SERVICE_COLUMNS, [n, r.date, r.name, r.project, r.role, r.content, r.hours, r.points])
        out.checkpoint(n)
    sh.filter(header, header + len(rows))
    totals = [TOTAL_LABEL, None, f"{len(t)} 人", f"{len(rows)} 次", None, None, hours, points]
    sh.totals(SERVICE_COLUMNS, totals, span=2)
    sh.attach()  # a page holding 按人汇总 alone would carry the records' repeated header
    sh.blank()
    sh.heading("按人汇总")
    sh.header(SERVICE_TOTAL_COLUMNS)
    for n, p in enumerate(t, start=1):
        sh.data(
            SERVICE_TOTAL_COLUMNS,
            [n, p.name, p.party_branch, p.records, p.hours, p.service_points, p.activity_points, p.total_points],
        )
    zero = Decimal("0")
    person_totals = [
        TOTAL_LABEL,
        None,
        f"{len(t)} 人",
        sum(p.records for p in t),
        hours,
        sum((p.service_points for p in t), zero),
        sum((p.activity_points for p in t), zero),
        sum((p.total_points for p in t), zero),
    ]
    sh.totals(SERVICE_TOTAL_COLUMNS, person_totals, span=2)
    sh.note("注：服务积分按本驿站积分规则（每小时积分与服务角色积分）计算；活动积分为本月参加活动所得。")
    sh.close()
    sh.finish()


# -- statistics --------------------------------------------------------------------------------


def _period_figures(f: PeriodFigures) -> list[tuple[str, Any, str, str]]:
    planned = f.activities - f.held
    return [
        ("活动场次", f.held, "count", "场" + (f"（另有计划 {planned} 场）" if planned else "")),
        ("应到人次", f.invited, "count", "人次"),
        ("实到人次", f.present, "count", "人次"),
        ("出勤率", rate_value(f.present_invited, f.invited), "rate", f"应到人员中实到 {f.present_invited} 人次"),
        ("请假人次", f.leave, "count", "人次"),
        ("走访慰问", f.visits, "count", f"次，{f.people_visited} 人"),
        ("慰问金", f.visit_money, "money", "元"),
        ("志愿服务", f.service_records, "count", f"次，{f.volunteers} 人"),
        ("服务时长", f.service_hours, "hours", "小时"),
    ]


def _roster_line(r: RosterFigures) -> str:
    return f"在册 {r.people} 人（离休 {r.lixiu}，退休 {r.tuixiu}）"


def _type_table(sh: _Sheet, rows: list[TypeFigures]) -> None:
    """The activities held, by type; the planned ones in a note under it."""
    held = [t for t in rows if t.held]
    planned = sum(t.activities - t.held for t in rows)
    if not held:
        sh.text("没有已开展的活动。" if planned else "没有活动。")
    else:
        sh.header(TYPE_COLUMNS)
        for t in held:
            sh.data(
                TYPE_COLUMNS,
                [t.type_name, t.held, t.invited, t.present, t.leave, rate_value(t.present_invited, t.invited)],
            )
        keys = ("activities", "held", "invited", "present", "present_invited", "leave")
        total = TypeFigures(TOTAL_LABEL, *(sum(getattr(t, k) for t in held) for k in keys))
        sh.totals(
            TYPE_COLUMNS,
            [
                TOTAL_LABEL,
                total.held,
                total.invited,
                total.present,
                total.leave,
                rate_value(total.present_invited, total.invited),
            ],
        )
    if planned:
        sh.note(f"注：另有计划 {planned} 场活动尚未开展，不计入上表。")


def _reasons_table(sh: _Sheet, rows: list[tuple[str, int, Decimal]]) -> None:
    if not rows:
        sh.text("没有走访慰问记录。")
        return
    sh.header(REASON_COLUMNS)
    for reason, count, money in rows:
        sh.data(REASON_COLUMNS, [reason, count, money])
    sh.totals(REASON_COLUMNS, [TOTAL_LABEL, sum(c for _, c, _ in rows), sum((m for _, _, m in rows), Decimal("0"))])


def _stats(out: _Workbook, book: MonthBook, title: str, today: dt.date) -> None:
    assert book.stats is not None
    st = book.stats
    r = st.roster
    sh = out.sheet(LEDGERS["stats"].title, TYPE_COLUMNS, landscape=LEDGERS["stats"].landscape)
    sh.blocks = True
    sh.title(title)
    sh.info(_period(book), _roster_line(r))
    sh.heading("一、基本情况")
    sh.figures(
        [
            ("在册人数", r.people, "count", f"人，其中党员 {r.party_members} 人"),
            *_period_figures(st.month),
            ("活动照片", st.photos, "count", "张"),
        ]
    )
    sh.blank()
    sh.heading("二、按活动类型")
    _type_table(sh, st.by_type)
    sh.blank()
    sh.heading("三、走访慰问")
    _reasons_table(sh, st.visits_by_reason)
    sh.close()
    sh.finish()


def _year(out: _Workbook, station: str, stats: YearStats, *, title: str = "") -> None:
    sh = out.sheet(YEARLY_TITLE, YEAR_COLUMNS, landscape=False)
    sh.blocks = True
    sh.title(title or f"{station} {stats.year}年 {YEARLY_TITLE}")
    sh.info(f"统计期间：{stats.year}年1月1日至12月31日", _roster_line(stats.roster))

    def row(f: PeriodFigures) -> list[Any]:
        return [
            f.label,
            f.held,
            f.invited,
            f.present,
            rate_value(f.present_invited, f.invited),
            f.visits,
            f.visit_money,
            f.service_records,
            f.service_hours,
        ]

    sh.heading("一、全年概况")
    sh.figures(_period_figures(stats.total))
    sh.blank()
    sh.heading("二、逐月情况")
    sh.header(YEAR_COLUMNS)
    for f in stats.months:
        sh.data(YEAR_COLUMNS, row(f))
    sh.totals(YEAR_COLUMNS, row(stats.total))
    sh.blank()
    sh.heading("三、按活动类型")
    _type_table(sh, stats.by_type)
    sh.blank()
    sh.heading("四、走访慰问")
    _reasons_table(sh, stats.visits_by_reason)
    sh.close()
    sh.finish()


def _district(out: _Workbook, summary: DistrictSummary, after: str) -> None:
    """各驿站汇总: one row per station, then the 合计 row (the figures as numbers)."""
    total = summary.total
    sh = out.sheet(DISTRICT_TITLE, DISTRICT_COLUMNS, landscape=True)
    sh.title(f"{summary.district} {summary.period} {DISTRICT_TITLE}")
    sh.info(summary.span, f"共 {len(summary.rows)} 个驿站；在册 {total.roster.people} 人")
    header = sh.header(DISTRICT_COLUMNS)

    def values(n: Any, station: str | None, f: PeriodFigures, people: int) -> list[Any]:
        return [
            n,
            station,
            people,
            f.held,
            f.invited,
            f.present,
            rate_value(f.present_invited, f.invited),
            f.leave,
            f.visits,
            f.visit_money,
            f.service_records,
            f.service_hours,
        ]

    for n, r in enumerate(summary.rows, start=1):
        sh.data(DISTRICT_COLUMNS, values(n, r.station, r.figures, r.roster.people))
    sh.filter(header, header + len(summary.rows))
    sh.totals(DISTRICT_COLUMNS, values(TOTAL_LABEL, None, total.figures, total.roster.people), span=2)
    planned = total.figures.activities - total.figures.held
    as_of = summary.as_of or summary.today
    sh.note(
        "注：活动场次和应到、实到、请假人次只计已开展的活动"
        + (f"（另有计划 {planned} 场尚未开展）" if planned else "")
        + "，实到含代签；出勤率为应到人员中实到的比例；"
        f"在册人数截至 {as_of.year}年{as_of.month}月{as_of.day}日。{after}"
    )
    sh.close()
    sh.finish()


_WRITERS: dict[str, Callable[[_Workbook, MonthBook, str, dt.date], None]] = {
    "activities": _activities,
    "signin": _signin,
    "records": _records,
    "roster": _roster,
    "visits": _visits,
    "volunteer": _volunteer,
    "stats": _stats,
}


# -- entry points ----------------------------------------------------------------------------


def _xlsx_path(out_path: Path | str) -> Path:
    path = Path(out_path)
    if path.suffix.lower() != ".xlsx":
        raise DomainError(f"“{path.name}”：Excel 台账请保存为 .xlsx 文件。")
    return path


def _save(path: Path, token: CancelToken, fill: Callable[[_Workbook], None], *, title: str, author: str) -> ExcelResult:
    done: list[_Workbook] = []

    def write(tmp: Path) -> None:
        token.check()
        out = _Workbook(token)
        fill(out)
        if not out.sheets:
            raise DomainError("没有选择要导出的台账。")
        out.wb.properties.title = title
        out.wb.properties.creator = author
        token.check()
        out.wb.save(tmp)
        token.check()
        done.append(out)

    save_atomically(path, write, opened_by=OPENED_BY)
    out = done[0]
    return ExcelResult(path=path, sheets=[s.ws.title for s in out.sheets], rows=sum(s.rows for s in out.sheets))


def export_monthly_ledgers_excel(
    app: App,
    year: int,
    month: int,
    out_path: Path | str,
    *,
    ledgers: Iterable[str] | None = None,
    full_data: bool = False,
    today: dt.date | None = None,
    station: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExcelResult:
    """Write the chosen monthly ledgers (all by default) of a month to one .xlsx workbook.

    Ledgers are named by key (``signin``) or title (``签到簿``) and come in print order.
    ``station`` is the install's own station when None; at the district a station's id, or
    :data:`~cadre_desk.core.services.scope.ALL_STATIONS` for a 各驿站汇总 sheet first and then
    each station's ledgers (sheets named ``station·ledger``).  ID numbers, phones and
    addresses are masked unless ``full_data`` (administrators only:
    :class:`~..permissions.PermissionDenied` otherwise); attendance is as of ``today``.  ``progress`` and
    ``cancel`` make it a job for the job runner; cancelling leaves no file.  Raises
    :class:`DomainError` for an unknown ledger or station, a bad month, a name not ending in
    .xlsx or a file that cannot be written.
    """
    path = _xlsx_path(out_path)
    token = cancel or CancelToken()
    keys = resolve_ledgers([ledgers] if isinstance(ledgers, str) else ledgers)
    Disclosure.for_export(app.actor, full_data)  # refused before any work
    token.check()
    progress(0.0, "正在读取本月台账数据……")
    stations = stations_for(app, station)
    summary = read_district_summary(app, year, month, today=today) if station == ALL_STATIONS else None
    books: list[MonthBook] = []
    for st in stations:
        books.append(read_month(app, year, month, keys, full_data=full_data, today=today, station=st.id))
        token.check()
    day = today or dt.date.today()
    period = books[0].period
    steps = len(keys) * len(books)

    def fill(out: _Workbook) -> None:
        if summary is not None:
            _district(out, summary, "各驿站的台账见后面的工作表。")
        done = 0
        for book in books:
            out.prefix = book.station if summary is not None else ""
            out.marking = marking_text(book.printed_by, dt.datetime.now()) if book.full else None
            for key in keys:
                kind = LEDGERS[key]
                progress(0.1 + 0.85 * done / steps, f"正在写入{book.station}{kind.title}（{done + 1}/{steps}）……")
                token.check()
                _WRITERS[key](out, book, f"{book.station} {period} {kind.title}", day)
                done += 1

    if summary is not None:
        author, title = summary.district, f"{summary.district} {period} 各驿站月度台账"
    else:
        author, title = books[0].station, f"{books[0].station} {period} 月度台账"
    result = _save(path, token, fill, title=title, author=author)
    progress(1.0, f"已导出 {period}台账（{len(result.sheets)} 张工作表）。")
    return result


def export_year_summary_excel(
    app: App,
    year: int,
    out_path: Path | str,
    *,
    today: dt.date | None = None,
    station: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExcelResult:
    """Write the year summary (年度统计) of a year to an .xlsx workbook of one sheet; for every
    station (``station`` :data:`~cadre_desk.core.services.scope.ALL_STATIONS`, at the
    district) a 各驿站汇总 sheet first, then the year summary of the stations added up."""
    path = _xlsx_path(out_path)
    token = cancel or CancelToken()
    if not isinstance(year, int) or not 1900 <= year <= 2200:
        raise DomainError(f"年份不正确：{year}。")
    token.check()
    progress(0.0, "正在统计全年数据……")
    name, stats = read_year(app, year, today=today, station=station)
    summary = read_district_summary(app, year, today=today) if station == ALL_STATIONS else None
    token.check()
    title = f"{name} {year}年 {YEARLY_TITLE}" + ("（各驿站合计）" if summary is not None else "")

    def fill(out: _Workbook) -> None:
        progress(0.5, f"正在写入{YEARLY_TITLE}……")
        token.check()
        if summary is not None:
            _district(out, summary, "全区合计的年度统计见下一张工作表。")
        _year(out, name, stats, title=title)

    result = _save(path, token, fill, title=title, author=name)
    progress(1.0, f"已导出 {year}年{YEARLY_TITLE}。")
    return result
