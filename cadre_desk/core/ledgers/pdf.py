"""The monthly ledgers (月度台账) and the year summary as one PDF, ready to print, sign and file.

Every ledger starts on a new page, A4 portrait or landscape as its table needs, with the
station, the month and the ledger's name as its title; the type is that of an official
ledger: 宋体 (Noto Serif SC) for text and tables, 黑体 (Noto Sans SC Bold) for titles and
headings, table text at 9 pt (小五) or more, a 25 mm binding margin on the bound edge — the
left of a portrait page, the top of a landscape one (turned into a portrait-bound volume,
the head of a landscape table lies at the binding, as GB/T 9704 lays out tables) — and
numbers right-aligned on their decimal point.  A short word (a name, an ethnicity, a rank,
a phone number) never breaks inside: its column is widened, or the text shrunk, to fit.
Full-data prints say on every page that they hold personal data, and who printed them.
The sign-in book and the record book have one part per activity.  Each part counts its
own pages (第 X 页 共 Y 页), repeats its table header on every page, never splits a row
across pages, and ends with the block to sign (填表人 / 审核人 / 填报日期).

Text goes through :class:`~cadre_desk.core.pdf.fonts.PrintFonts`, so every character is
drawn in an embedded font that has it, or reported in :attr:`LedgerResult.missing_chars`;
closing punctuation never starts a line (:mod:`~cadre_desk.core.pdf.typography`).  Photos
are embedded at about 250 dpi for their printed size, decoded in draft mode on two threads.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib.colors import HexColor, black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..app import App
from ..errors import DomainError
from ..jobs import CancelToken, Progress, no_progress
from ..pdf import save_atomically
from ..pdf.fonts import PrintFonts, print_fonts
from ..pdf.paging import PageInfo, SectionMark, numbered_canvas
from ..pdf.typography import words
from ..privacy import MASKED_NOTE, Disclosure
from ..services.browse import money_text, plain_number
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
    PhotoItem,
    RecordBook,
    SigninBook,
    TypeFigures,
    YearStats,
    rate_text,
    read_district_summary,
    read_month,
    read_year,
    visited_count,
)

log = logging.getLogger(__name__)

#: the binding margin: the left edge of a portrait page, the top edge of a landscape page
BINDING = 25 * mm
MARGIN_X = 15 * mm  # the edge opposite the binding, and both sides of a landscape page
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 17 * mm
#: table text is never set smaller than this (小五), except a word shrunk to fit its cell
TABLE_SIZE = 9
MIN_FIT_SIZE = 6.5
#: "含个人信息 注意保密": on every page of a print with full ID numbers, phones and addresses
CONFIDENTIAL = "含个人信息 注意保密"
PORTRAIT = A4
LANDSCAPE = landscape(A4)

GRID = HexColor("#333333")
HEADER_FILL = HexColor("#E8E8E8")
TOTAL_FILL = HexColor("#F4F4F4")
MUTED = HexColor("#555555")
BAR_COLOURS = (HexColor("#9DB4CF"), HexColor("#2F5D8C"))

CELL_PAD = 2.5
#: longest text put in one table cell; the rest is on record in the app (a row must fit a page)
MAX_CELL_TEXT = 600
#: photos: the long side, in pixels, they are embedded at when their file is bigger than needed
PHOTO_TARGET_PX = 800
PHOTO_EMBED_AS_IS_PX = 1300
SIGN_BLANK = "__________"


@dataclass
class LedgerResult:
    """What :func:`make_monthly_ledgers` / :func:`make_year_summary` printed."""

    path: Path
    pages: int
    #: each part printed, in order: (title, pages)
    parts: list[tuple[str, int]] = field(default_factory=list)
    #: a printed text → the characters of it no font has, missing from the paper
    missing_chars: dict[str, str] = field(default_factory=dict)
    photos: int = 0
    signatures: int = 0
    size: int = 0


# -- styles and cells ----------------------------------------------------------------------


def margins(landscape_page: bool) -> tuple[float, float, float, float]:
    """The page margins (left, right, top, bottom), the binding margin on the bound edge.

    Nothing is printed inside the binding margin: on a landscape page the running header of a
    continued ledger sits below it (:func:`running_header_y`), the text below that.
    """
    if landscape_page:
        return MARGIN_X, MARGIN_X, BINDING + 5 * mm, MARGIN_BOTTOM - 2 * mm
    return BINDING, MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM


def running_header_y(width: float, height: float) -> float:
    """Where the running header (……（续）) of a page stands: outside the binding margin."""
    return height - (BINDING + 3.5 * mm if width > height else 10 * mm)


class Styles:
    def __init__(self, fonts: PrintFonts) -> None:
        base = {"fontName": fonts.main, "wordWrap": "CJK", "textColor": black}
        bold = {**base, "fontName": fonts.bold}
        self.title = ParagraphStyle("title", fontSize=16, leading=22, alignment=TA_CENTER, **bold)
        self.subtitle = ParagraphStyle("subtitle", fontSize=12, leading=16, alignment=TA_CENTER, **bold)
        self.info = ParagraphStyle("info", fontSize=9.5, leading=13, alignment=TA_LEFT, **base)
        self.info_right = ParagraphStyle("info_right", parent=self.info, alignment=TA_RIGHT)
        self.heading = ParagraphStyle("heading", fontSize=11, leading=15, spaceBefore=3, spaceAfter=3, **bold)
        self.head = ParagraphStyle("head", fontSize=9, leading=11.5, alignment=TA_CENTER, **bold)
        self.cell = ParagraphStyle("cell", fontSize=9, leading=11.5, alignment=TA_LEFT, **base)
        self.cell_centre = ParagraphStyle("cell_centre", parent=self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=TA_RIGHT)
        self.small = ParagraphStyle("small", fontSize=9, leading=11.5, alignment=TA_LEFT, **base)
        self.label = ParagraphStyle("label", fontSize=10, leading=13.5, alignment=TA_LEFT, **bold)
        self.value = ParagraphStyle("value", fontSize=10, leading=13.5, alignment=TA_LEFT, **base)
        # running prose breaks between any two characters (short words are kept whole elsewhere)
        self.body = ParagraphStyle("body", fontSize=10.5, leading=17, firstLineIndent=21, keepWords=False, **base)
        self.caption = ParagraphStyle("caption", fontSize=9, leading=11.5, alignment=TA_CENTER, **base)
        self.closing = ParagraphStyle("closing", fontSize=10.5, leading=14, alignment=TA_LEFT, **base)
        self.note = ParagraphStyle(
            "note",
            fontSize=9,
            leading=12.5,
            alignment=TA_LEFT,
            textColor=MUTED,
            fontName=fonts.main,
            wordWrap="CJK",
            keepWords=False,
        )


class Writer:
    """Turns text into cells and paragraphs, noting what no font can print."""

    def __init__(self, fonts: PrintFonts) -> None:
        self.fonts = fonts
        self.styles = Styles(fonts)
        self.missing: dict[str, str] = {}
        self._checked: set[str] = set()
        self._widths: dict[tuple[str, float, str], float] = {}

    def note(self, text: str) -> None:
        if text and text not in self._checked:
            self._checked.add(text)
            if chars := self.fonts.missing(text):
                self.missing[text] = chars

    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        self.note(text)
        return Paragraph(self.fonts.markup(text, style.fontName), style)

    def cell(self, text: str, style: ParagraphStyle, width: float, *, font: str | None = None) -> Any:
        """A table cell: the plain string when it fits on one line in one font (fast), else a Paragraph.

        ``font`` is the font the table sets a plain string in, when not the style's (a 合计 row).
        """
        if len(text) > MAX_CELL_TEXT:
            text = text[:MAX_CELL_TEXT] + "……（全文见电子记录）"
        self.note(text)
        if "\n" not in text and "<" not in text and "&" not in text:
            font = font or style.fontName
            runs = self.fonts.runs(text, font)
            if len(runs) <= 1 and self._width(text, style.fontSize, font) <= width - 2 * CELL_PAD:
                return text
        return Paragraph(self.fonts.markup(text, style.fontName).replace("\n", "<br/>"), style)

    def table(
        self,
        columns: Sequence[Col],
        rows: Iterable[Sequence[Any]],
        *,
        size: float = TABLE_SIZE,
        totals: Sequence[Any] | None = None,
        min_row_height: float | None = None,
        extra_style: Sequence[tuple[Any, ...]] = (),
        landscape_page: bool | None = None,
    ) -> Table:
        """A ruled table whose header repeats on every page; str cells are wrapped as needed.

        The columns take their widths from ``columns``, scaled to the text area of the page
        (landscape when not said and the columns need it); a column whose short words (see
        :func:`~..pdf.typography.words`) would not fit is widened at the expense of those with
        room to spare, and a word that still does not fit is set smaller in its cell.  Numbers
        (money, hours, rates) are right-aligned on their decimal point.
        """
        s = self.styles
        size = max(size, TABLE_SIZE)
        leading = size * 1.28
        styles = {
            "left": ParagraphStyle("l", parent=s.cell, fontSize=size, leading=leading),
            "centre": ParagraphStyle("c", parent=s.cell_centre, fontSize=size, leading=leading),
            "right": ParagraphStyle("r", parent=s.cell_right, fontSize=size, leading=leading),
        }
        head = ParagraphStyle("h", parent=s.head, fontSize=size, leading=leading)
        body = [list(row) for row in rows]
        if totals is not None:
            body.append(list(totals))
        fonts = self.fonts
        row_fonts = [fonts.main] * len(body)
        if totals is not None:
            row_fonts[-1] = fonts.bold
        if landscape_page is None:
            landscape_page = sum(c.mm for c in columns) > body_width(False) + 10
        widths = self._fit_columns(columns, body, row_fonts, size, body_width(landscape_page) * mm)
        commands: list[tuple[Any, ...]] = []
        data: list[list[Any]] = [
            [
                self._fitted(c.label, head, w, (i, 0), commands)
                for i, (c, w) in enumerate(zip(columns, widths, strict=True))
            ]
        ]
        for r, row in enumerate(body, start=1):
            data.append(
                [
                    self._fitted(v, styles[c.align], w, (i, r), commands, font=row_fonts[r - 1])
                    if isinstance(v, str)
                    else v
                    for i, (v, c, w) in enumerate(zip(row, columns, widths, strict=True))
                ]
            )
        heights = None
        if min_row_height is not None:
            heights = [None] + [_row_height(row, widths, min_row_height) for row in data[1:]]
        table = Table(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="CENTER")
        base: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.main),
            ("FONTNAME", (0, 0), (-1, 0), fonts.bold),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), leading),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BOX", (0, 0), (-1, -1), 0.9, GRID),
            ("LINEBELOW", (0, 0), (-1, 0), 0.9, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD),
        ]
        for index, c in enumerate(columns):
            if c.align != "left":
                base.append(("ALIGN", (index, 1), (index, -1), "CENTER" if c.align == "centre" else "RIGHT"))
        if totals is not None:
            base += [
                ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
                ("FONTNAME", (0, -1), (-1, -1), fonts.bold),
                ("LINEABOVE", (0, -1), (-1, -1), 0.9, GRID),
            ]
        base += _decimal_padding(fonts, columns, body, row_fonts, size)
        table.setStyle(TableStyle([*base, *commands, *extra_style]))
        return table

    def _fit_columns(
        self, columns: Sequence[Col], body: list[list[Any]], row_fonts: list[str], size: float, avail: float
    ) -> list[float]:
        """Column widths: as designed, scaled to ``avail``, widened where a short word needs it."""
        nominal = [c.mm * mm for c in columns]
        scale = min(1.0, avail / sum(nominal))
        widths = [w * scale for w in nominal]
        need = [self._need(c.label, self.fonts.bold, size, w) for c, w in zip(columns, widths, strict=True)]
        digit = {f: max("0123456789", key=lambda d, f=f: self._width(d, size, f)) for f in set(row_fonts)}
        for row, font in zip(body, row_fonts, strict=True):
            for i, value in enumerate(row):
                if isinstance(value, str) and value:
                    # measured with every digit and mask star as the widest digit, a masked number
                    # (0532****0793) takes the room of any whole one: a masked and a full print have
                    # the same columns
                    need[i] = max(need[i], self._need(_DIGITS.sub(digit[font], value), font, size, widths[i]))
        # free text gives room last: the other columns hold one line (codes, dates, names, counts)
        wraps = [c.kind == "text" for c in columns]
        short = {i: need[i] - widths[i] for i in range(len(widths)) if need[i] > widths[i] + 0.01}
        if not short:
            return widths
        want = sum(short.values())
        give = min(want, max(0.0, avail - sum(widths)))  # room left on the page first
        # then room to spare in columns whose text all fits on one line, then in columns that wrap
        for wrapping in (False, True):
            spare = [
                0.0 if i in short or wraps[i] != wrapping else max(0.0, widths[i] - max(need[i], 0.7 * widths[i]))
                for i in range(len(widths))
            ]
            taken = min(want - give, sum(spare))
            if taken > 0:
                widths = [w - spare[i] * taken / sum(spare) for i, w in enumerate(widths)]
                give += taken
        for i, lack in short.items():
            widths[i] += lack * give / want
        return widths

    def _need(self, text: str, font: str, size: float, width: float) -> float:
        """The width a cell needs so that no short word in ``text`` breaks (its width when it fits
        on one line at ``width``)."""
        if "\n" not in text:
            whole = self._width(text, size, font) + 2 * CELL_PAD
            if whole <= width:
                return whole
        return self._widest_word(text, font, size) + 2 * CELL_PAD

    def _widest_word(self, text: str, font: str, size: float) -> float:
        return max((self._width(w, size, font) for w in words(text) if not w.isspace()), default=0.0)

    def _width(self, text: str, size: float, font: str) -> float:
        """:meth:`PrintFonts.width`, remembered: a table measures each cell more than once."""
        key = (text, size, font)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.fonts.width(text, size, font)
        return width

    def _fitted(
        self,
        text: str,
        style: ParagraphStyle,
        width: float,
        at: tuple[int, int],
        commands: list[tuple[Any, ...]],
        *,
        font: str | None = None,
    ) -> Any:
        """:meth:`cell`, set smaller (down to :data:`MIN_FIT_SIZE`) where a word is wider than the cell."""
        font = font or style.fontName
        size = style.fontSize
        room = width - 2 * CELL_PAD
        if self._width(text, size, font) > room and "\n" not in text:
            widest = self._widest_word(text, font, size)
            if widest > room:
                size = max(MIN_FIT_SIZE, size * room / widest)
                style = ParagraphStyle("fit", parent=style, fontSize=size, leading=size * 1.28)
                commands += [("FONTSIZE", at, at, size), ("LEADING", at, at, size * 1.28)]
        return self.cell(text, style, width, font=font)


_DIGITS = re.compile(r"[0-9*]")


def _fraction(text: str) -> str:
    """What follows the units digit of a number ("．5", ".50%", "%"), to align numbers on their decimal point."""
    if "." in text:
        return text[text.index(".") :]
    end = len(text)
    while end and not text[end - 1].isdigit():
        end -= 1
    return text[end:] if end else ""


def _decimal_padding(
    fonts: PrintFonts, columns: Sequence[Col], body: list[list[Any]], row_fonts: list[str], size: float
) -> list[tuple[Any, ...]]:
    """Right padding that lines the numbers of each money/hours/rate column up on their decimal point."""
    commands: list[tuple[Any, ...]] = []
    for i, c in enumerate(columns):
        if c.kind not in ("money", "hours", "rate"):
            continue
        tails: dict[int, float] = {}
        for r, (row, font) in enumerate(zip(body, row_fonts, strict=True), start=1):
            value = row[i]
            if isinstance(value, str) and value.strip():
                # a number by its decimal point; a dash ("—", none) where the units digits stand
                tails[r] = fonts.width(_fraction(value), size, font) if value.lstrip("-")[:1].isdigit() else 0.0
        if not tails:
            continue
        widest = max(tails.values())
        for r, tail in tails.items():
            if widest - tail > 0.05:
                commands.append(("RIGHTPADDING", (i, r), (i, r), CELL_PAD + widest - tail))
    return commands


def _row_height(row: Sequence[Any], widths: Sequence[float], minimum: float) -> float:
    needed = minimum
    for cell, width in zip(row, widths, strict=True):
        if isinstance(cell, Paragraph):
            needed = max(needed, cell.wrap(width - 2 * CELL_PAD, 10_000)[1] + 2 * CELL_PAD)
    return needed


class ImageBox(Flowable):  # type: ignore[misc]
    """An image scaled to fit a box (keeping its proportions), centred in it."""

    def __init__(self, path: Path | str, width: float, height: float) -> None:
        super().__init__()
        self.path = str(path)
        self.box = (width, height)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.box

    def draw(self) -> None:
        self.canv.drawImage(self.path, 0, 0, *self.box, preserveAspectRatio=True, anchor="c")


class Checkpoint(Flowable):  # type: ignore[misc]
    """Zero-size flowable that reports progress (and honours cancel) as the layout reaches it."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.callback()


# -- the document ---------------------------------------------------------------------------


@dataclass
class Part:
    """One part of the PDF: a ledger, or one activity's sign-in or record book."""

    title: str  # printed at the top, e.g. "金湖路社区老干部驿站 2026年11月 活动台账"
    landscape: bool
    flowables: list[Any]


class LedgerDocument:
    """Lays parts out, each from a new page in its orientation, and writes the PDF."""

    def __init__(self, writer: Writer, *, author: str, title: str, printed_on: dt.date, marking: str = "") -> None:
        self.writer = writer
        self.author = author
        self.title = title
        self.printed_on = printed_on
        #: printed at the foot of every page (full-data prints: :func:`confidential_marking`)
        self.marking = marking

    def build(self, path: Path, parts: list[Part], token: CancelToken) -> tuple[int, list[tuple[str, int]]]:
        """Write the PDF; returns its pages, and each part's title and pages."""
        fonts = self.writer.fonts
        story: list[Any] = []
        for index, part in enumerate(parts):
            template = "landscape" if part.landscape else "portrait"
            if index:
                story += [NextPageTemplate(template), PageBreak()]
            story += [SectionMark(part.title), *part.flowables]
        first = "landscape" if parts and parts[0].landscape else "portrait"
        printed_on = f"打印日期：{self.printed_on:%Y-%m-%d}"

        marking = self.marking

        def footer(c: Canvas, page: PageInfo) -> None:
            width, height = c._pagesize
            left, right, _top, _bottom = margins(width > height)
            c.saveState()
            c.setFillColor(MUTED)
            text = f"第 {page.section_page} 页 共 {page.section_total} 页"
            fonts.draw(c, (left + width - right) / 2, 9 * mm, text, 9.5, align="centre")
            fonts.draw(c, width - right, 9 * mm, printed_on, 8, align="right")
            if marking:
                c.setFillColor(black)
                room = (width - left - right) / 2 - 22 * mm
                fonts.draw(c, left, 9 * mm, marking, fonts.fit_size(marking, room, 9, 6.5, fonts.bold), bold=True)
                c.setFillColor(MUTED)
            if page.section_page > 1:
                running = f"{page.section_title}（续）"
                size = fonts.fit_size(running, width - left - right, 9, 6)
                fonts.draw(c, left, running_header_y(width, height), running, size)
            c.restoreState()

        totals: list[int] = []
        sections: dict[int, int] = {}

        def write(tmp: Path) -> None:
            doc = BaseDocTemplate(
                str(tmp),
                pagesize=LANDSCAPE if first == "landscape" else PORTRAIT,
                leftMargin=margins(first == "landscape")[0],
                rightMargin=margins(first == "landscape")[1],
                topMargin=margins(first == "landscape")[2],
                bottomMargin=margins(first == "landscape")[3],
                title=self.title,
                author=self.author,
                creator="cadre_desk",
                initialFontName=fonts.main,
            )
            templates = {
                name: _template(name, size) for name, size in (("portrait", PORTRAIT), ("landscape", LANDSCAPE))
            }
            order = [first, *(n for n in templates if n != first)]
            doc.addPageTemplates([templates[n] for n in order])
            token.check()
            doc.build(story, canvasmaker=numbered_canvas(footer, totals, sections))
            token.check()

        save_atomically(path, write)
        return totals[-1], [(p.title, sections.get(n, 0)) for n, p in enumerate(parts, start=1)]


def _template(name: str, size: tuple[float, float]) -> PageTemplate:
    width, height = size
    left, right, top, bottom = margins(width > height)
    frame = Frame(
        left, bottom, width - left - right, height - top - bottom, leftPadding=0, rightPadding=0, id=f"{name}-body"
    )
    return PageTemplate(id=name, frames=[frame], pagesize=size)


def body_width(part_landscape: bool) -> float:
    """The width of the text area, in mm."""
    page = LANDSCAPE if part_landscape else PORTRAIT
    left, right, _top, _bottom = margins(part_landscape)
    return (page[0] - left - right) / mm


def confidential_marking(printed_by: str) -> str:
    """The line on every page of a print with full personal data: the warning, and who printed it."""
    who = printed_by.strip() or "未记录"
    return f"{CONFIDENTIAL}　打印人：{who}"


# -- pieces every ledger has -------------------------------------------------------------------


def heading(w: Writer, title: str, info_left: str = "", info_right: str = "", *, landscape_page: bool) -> list[Any]:
    """The ledger's title, centred and bold, and a line of particulars under it."""
    style = w.styles.title
    size = w.fonts.fit_size(title, body_width(landscape_page) * mm - 4, style.fontSize, 11, w.fonts.bold)
    out: list[Any] = [w.para(title, ParagraphStyle("t", parent=style, fontSize=size, leading=size * 1.35))]
    if info_left or info_right:
        width = body_width(landscape_page) * mm
        line = Table(
            [[w.para(info_left, w.styles.info), w.para(info_right, w.styles.info_right)]],
            colWidths=[width * 0.62, width * 0.38],
        )
        line.setStyle(TableStyle(_plain(w)))
        out += [Spacer(0, 1.5 * mm), line]
    out.append(Spacer(0, 2.5 * mm))
    return out


def _plain(w: Writer) -> list[tuple[Any, ...]]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), w.fonts.main),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]


def closing_block(w: Writer, *, landscape_page: bool) -> Any:
    """填表人 / 审核人 / 填报日期, with room to sign; kept together on one page.  After a table,
    put it in :func:`ending`, which keeps it with the table's last rows."""
    return KeepTogether(_closing_items(w, landscape_page=landscape_page))


def _closing_items(w: Writer, *, landscape_page: bool) -> list[Any]:
    width = body_width(landscape_page) * mm
    parts = [f"填表人：{SIGN_BLANK}", f"审核人：{SIGN_BLANK}", "填报日期：______年____月____日"]
    line = Table([[w.para(p, w.styles.closing) for p in parts]], colWidths=[width * 0.3, width * 0.3, width * 0.4])
    line.setStyle(TableStyle(_plain(w)))
    return [Spacer(0, 7 * mm), line]


#: rows of a table kept on the page of what ends it (its notes and the sign-off)
KEEP_ROWS = 3


class KeepEnd(Flowable):  # type: ignore[misc]
    """A table and what ends it (notes, the block to sign): what ends it never stands alone on a
    page — when the whole does not fit, the table is split so that its last :data:`KEEP_ROWS`
    rows (with the header repeated) go to the next page with it."""

    def __init__(self, table: Table, tail: Sequence[Any], keep_rows: int = KEEP_ROWS) -> None:
        super().__init__()
        self.table = table
        self.tail = list(tail)
        self.keep_rows = keep_rows
        self._sizes: list[tuple[Any, float, float]] = []
        self._table_size = (0.0, 0.0)
        self._laid_out_at: float | None = None  # the width the table was laid out for

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._laid_out_at != avail_width:  # the rows' heights depend on the width only
            self._table_size = self.table.wrap(avail_width, avail_height)
            self._laid_out_at = avail_width
        self._sizes = []
        for f in self.tail:
            fw, fh = f.wrap(avail_width, avail_height)
            self._sizes.append((f, fw, fh + f.getSpaceBefore() + f.getSpaceAfter()))
        self.width = avail_width
        self.height = self._table_size[1] + sum(h for _, _, h in self._sizes)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self.wrap(avail_width, avail_height)
        if self.height <= avail_height:
            return [self]
        heights = list(self.table._rowHeights)
        header = self.table.repeatRows if isinstance(self.table.repeatRows, int) else 1
        keep = max(1, min(self.keep_rows, len(heights) - header))
        # the table's first piece holds at most every row but the last ``keep``
        limit = min(avail_height, sum(heights[: len(heights) - keep]) + 0.01)
        pieces = self.table.split(avail_width, limit)
        if len(pieces) < 2:
            return []  # not one row fits before the end: all of it to the next page
        first, rest = pieces[0], pieces[-1]
        return [first, KeepEnd(rest, self.tail, keep)]

    def draw(self) -> None:
        table_width, table_height = self._table_size
        y = self.height - table_height
        self.table.drawOn(self.canv, (self.width - table_width) / 2, y)
        for f, fw, fh in self._sizes:
            y -= fh
            align = str(getattr(f, "hAlign", "LEFT")).upper()
            x = (self.width - fw) / 2 if align in ("CENTER", "CENTRE") else self.width - fw if align == "RIGHT" else 0
            f.drawOn(self.canv, x, y + f.getSpaceAfter())


def ending(
    w: Writer, body: Any, tail: Sequence[Any] = (), *, landscape_page: bool, keep_rows: int = KEEP_ROWS
) -> list[Any]:
    """``body`` (a table, or a line saying there is none), then ``tail`` (its notes) and the
    block to sign, which never land on a page of their own."""
    items = [*tail, *_closing_items(w, landscape_page=landscape_page)]
    if isinstance(body, Table):
        return [KeepEnd(body, items, keep_rows)]
    return [KeepTogether([body, *items])]


def particulars(w: Writer, a: ActivityRow, *, extra: Sequence[tuple[str, str]] = ()) -> Table:
    """The activity's name, type, time, place and host, as label–value pairs in a ruled box."""
    width = body_width(False) * mm
    label_w = 22 * mm
    value_w = (width - 2 * label_w) / 2
    lab, val = w.styles.label, w.styles.value
    host = (
        a.host if not a.organiser or a.organiser == a.host else f"{a.host}（{a.organiser}）" if a.host else a.organiser
    )
    rows: list[list[Any]] = [
        [w.para("活动名称", lab), w.para(a.title, val), "", ""],
        [w.para("活动类型", lab), w.para(a.type_name, val), w.para("活动时间", lab), w.para(a.when, val)],
        [w.para("活动地点", lab), w.para(a.place or "—", val), w.para("主持人", lab), w.para(host or "—", val)],
    ]
    spans = [("SPAN", (1, 0), (3, 0))]
    for label, value in extra:
        spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
        rows.append([w.para(label, lab), w.para(value, val), "", ""])
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), w.fonts.main),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BOX", (0, 0), (-1, -1), 0.9, GRID),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("BACKGROUND", (2, 1), (2, 2), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *spans,
            ]
        )
    )
    return table


def figures_line(w: Writer, parts: Sequence[str], *, landscape_page: bool = False) -> Table:
    """Figures spread along one line (应到 23 人 | 实到 18 人 | …)."""
    width = body_width(landscape_page) * mm
    line = Table([[w.para(p, w.styles.value) for p in parts]], colWidths=[width / len(parts)] * len(parts))
    line.setStyle(TableStyle(_plain(w)))
    return line


# -- the ledgers -------------------------------------------------------------------------------


def activities_part(w: Writer, book: MonthBook, title: str) -> Part:
    """The month's activities held, with their 合计; then, once, those not yet held with their
    plan (date, place, 应到) — they have no attendance to add up."""
    columns = ACTIVITY_COLUMNS
    held, planned = book.held, book.planned

    def row(n: int, a: ActivityRow) -> list[str]:
        attended = [str(a.present), str(a.leave)] if a.held else ["未开展", "—"]
        when = [f"{a.date:%m-%d}", a.time or "—"]
        return [str(n), *when, a.type_name, a.title, a.place, a.host, str(a.invited), *attended]

    info = f"已开展 {len(held)} 场" + (f"，另有计划 {len(planned)} 场" if planned else "") if book.activities else ""
    flow: list[Any] = heading(w, title, book.span, info, landscape_page=False)
    if not book.activities:
        flow += ending(w, w.para("本月没有活动记录。", w.styles.value), landscape_page=False)
        return Part(title, False, flow)
    tail: list[Any] = []
    if held:
        sums = [str(sum(getattr(a, k) for a in held)) for k in ("invited", "present", "leave")]
        totals = ["合计", "", "", "", f"{len(held)} 场", "", "", *sums]
        table: Any = w.table(
            columns,
            [row(n, a) for n, a in enumerate(held, start=1)],
            totals=totals,
            extra_style=[("SPAN", (0, -1), (3, -1))],
        )
        present_invited = sum(a.present_invited for a in held)
        invited = sum(a.invited for a in held)
        note = (
            f"注：实到含本人签到与代签，其中代签 {sum(a.proxy for a in held)} 人次；"
            f"应到人员出勤率 {rate_text(present_invited, invited)}。"
        )
        if planned:
            note += f"合计为已开展的 {len(held)} 场；另有计划 {len(planned)} 场尚未开展，列于下表，不计入合计。"
        tail += [Spacer(0, 2 * mm), w.para(note, w.styles.note)]
    else:
        table = w.para("本月的活动都还没有开展，没有出勤可计。", w.styles.value)
    if not planned:
        flow += ending(w, table, tail, landscape_page=False)
        return Part(title, False, flow)
    flow += [table, *tail, Spacer(0, 4 * mm)]
    plan_title = w.para(f"尚未开展的活动（计划 {len(planned)} 场）", w.styles.heading)
    plan = w.table(columns, [row(n, a) for n, a in enumerate(planned, start=1)])
    plan_note = w.para("注：尚未开展的活动没有签到，签到簿和写实册待活动开展后打印。", w.styles.note)
    flow += [CondPageBreak(30 * mm), plan_title]
    flow += ending(w, plan, [Spacer(0, 2 * mm), plan_note], landscape_page=False)
    return Part(title, False, flow)


def _planned_line(book: MonthBook) -> str:
    n = len(book.planned)
    return f"另有计划 {n} 场活动尚未开展，见活动台账；开展后再打印。" if n else ""


def signin_parts(w: Writer, book: MonthBook, title: str, tick: Callable[[], None]) -> list[Part]:
    if not book.signin:
        text = "本月没有已开展的活动，无签到簿。" + _planned_line(book)
        flow = [*heading(w, title, landscape_page=False), w.para(text, w.styles.value)]
        return [Part(title, False, flow)]
    return [signin_part(w, b, title, tick) for b in book.signin]


SIGNATURE_BOX = (42 * mm, 10 * mm)  # inside its column of the 170 mm text area


def signin_part(w: Writer, b: SigninBook, title: str, tick: Callable[[], None]) -> Part:
    a = b.activity
    columns = SIGNIN_COLUMNS
    data: list[list[Any]] = []
    for n, e in enumerate(b.entries, start=1):
        if e.status == "leave":
            sign: Any = "请假"
            note = f"请假：{e.leave_reason}" if e.leave_reason else "请假"
        else:
            sign = ImageBox(e.signature, *SIGNATURE_BOX) if e.signature else "（无手写签名）"
            note = f"代签（代签人：{e.proxy_name}）" if e.status == "proxy" and e.proxy_name else ""
            if e.status == "proxy" and not e.proxy_name:
                note = "代签"
            if e.walk_in:
                note = "；".join(x for x in (note, "临时参加（不在应到名单）") if x)
        data.append([str(n), e.name, e.category or "—", e.time or "—", sign, e.method if e.time else "—", note])
    flow = heading(w, title, landscape_page=False)
    flow += [
        particulars(w, a),
        Spacer(0, 2.5 * mm),
        figures_line(
            w,
            [
                f"应到 {a.invited} 人",
                f"实到 {b.signed + b.proxy} 人" + (f"（含代签 {b.proxy} 人）" if b.proxy else ""),
                f"请假 {b.leave} 人",
                f"未到 {len(b.absent)} 人",
            ],
        ),
        Spacer(0, 2 * mm),
    ]
    tail: list[Any] = []
    if b.absent:
        tail += [Spacer(0, 2.5 * mm), w.para(f"未到人员（{len(b.absent)} 人）：" + "、".join(b.absent), w.styles.value)]
    if data:
        body: Any = w.table(columns, data, min_row_height=SIGNATURE_BOX[1] + 2 * CELL_PAD)
    else:
        body = w.para("本次活动没有签到记录。", w.styles.value)
    flow += [*ending(w, body, tail, landscape_page=False), Checkpoint(tick)]
    return Part(f"{title} · {a.title} · {a.date:%Y-%m-%d}", False, flow)


def records_parts(
    w: Writer,
    book: MonthBook,
    title: str,
    photo_files: dict[Path, Path],
    tick: Callable[[], None],
) -> list[Part]:
    if not book.records:
        text = "本月没有已开展的活动，无写实记录。" + _planned_line(book)
        flow = [*heading(w, title, landscape_page=False), w.para(text, w.styles.value)]
        return [Part(title, False, flow)]
    return [record_part(w, r, title, photo_files, tick) for r in book.records]


#: two photos a row, across the text area of a portrait page (170 mm within the binding margin)
PHOTO_BOX = (81 * mm, 58.4 * mm)


def record_part(
    w: Writer,
    r: RecordBook,
    title: str,
    photo_files: dict[Path, Path],
    tick: Callable[[], None],
) -> Part:
    a = r.activity
    people = f"实到 {len(r.participants)} 人：" + "、".join(r.participants) if r.participants else "无签到记录"
    flow = heading(w, title, landscape_page=False)
    flow += [particulars(w, a, extra=[("参加人员", people)]), Spacer(0, 3 * mm), w.para("活动记录", w.styles.heading)]
    paragraphs = [line.strip() for line in a.record.splitlines() if line.strip()]
    if paragraphs:
        flow += [w.para(text, w.styles.body) for text in paragraphs]
    else:
        flow.append(w.para("（未填写活动记录）", w.styles.note))
    flow += [Spacer(0, 3 * mm), CondPageBreak(PHOTO_BOX[1] + 30 * mm), w.para("活动照片", w.styles.heading)]
    printable = [p for p in r.photos if p.path in photo_files]
    unreadable = len(r.photos) - len(printable)
    if printable:
        cells: list[Any] = []
        for n, photo in enumerate(printable, start=1):
            file = photo_files[photo.path]
            caption = photo.caption or f"图 {n}"
            cells.append([ImageBox(file, *PHOTO_BOX), Spacer(0, 1.2 * mm), w.para(caption, w.styles.caption)])
        if len(cells) % 2:
            cells.append("")
        grid = Table([cells[i : i + 2] for i in range(0, len(cells), 2)], colWidths=[PHOTO_BOX[0] + 4 * mm] * 2)
        grid.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), w.fonts.main),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ]
            )
        )
        body: Any = grid
    else:
        body = w.para("（本次活动没有上传照片）", w.styles.note)
    notes = []
    if r.more_photos:
        notes.append(f"另有 {r.more_photos} 张照片未打印，见电子档案。")
    if r.missing_photos:
        notes.append(f"有 {r.missing_photos} 张照片的文件在本机找不到，未能打印。")
    if unreadable:
        notes.append(f"有 {unreadable} 张照片的文件已损坏，无法读取，未能打印。")
    tail = [w.para("".join(notes), w.styles.note)] if notes else []
    flow += [*ending(w, body, tail, landscape_page=False, keep_rows=1), Checkpoint(tick)]
    return Part(f"{title} · {a.title} · {a.date:%Y-%m-%d}", False, flow)


def roster_part(w: Writer, book: MonthBook, title: str) -> Part:
    columns = ROSTER_COLUMNS
    data = [
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
    ]
    lixiu = sum(p.category == "离休" for p in book.roster)
    flow = heading(
        w,
        title,
        f"在册 {len(book.roster)} 人（离休 {lixiu} 人，退休 {len(book.roster) - lixiu} 人）",
        book.as_of_text,
        landscape_page=True,
    )
    empty = f"{book.as_of_text}，名册中没有在册人员。"
    body = w.table(columns, data, landscape_page=True) if data else w.para(empty, w.styles.value)
    tail = [] if book.full else [Spacer(0, 2 * mm), w.para(MASKED_NOTE, w.styles.note)]
    flow += ending(w, body, tail, landscape_page=True)
    return Part(title, True, flow)


def visits_part(w: Writer, book: MonthBook, title: str) -> Part:
    columns = VISIT_COLUMNS
    rows = book.visits
    data = [
        [
            str(n),
            f"{v.date:%m-%d}",
            v.person,
            v.visitors,
            v.reason,
            v.gifts,
            money_text(v.money) if v.money else "—",
            v.situation,
            v.needs,
        ]
        for n, v in enumerate(rows, start=1)
    ]
    money = sum((v.money for v in rows), Decimal("0"))
    people = visited_count(rows)
    flow = heading(
        w,
        title,
        book.span,
        f"走访 {len(rows)} 次，{people} 人（户）；慰问金 {money_text(money) or '0.00'} 元",
        landscape_page=True,
    )
    if data:
        totals = ["合计", "", f"{people} 人（户）", "", f"{len(rows)} 次", "", money_text(money), "", ""]
        body: Any = w.table(
            columns, data, landscape_page=True, totals=totals, extra_style=[("SPAN", (0, -1), (1, -1))]
        )
    else:
        body = w.para("本月没有走访慰问记录。", w.styles.value)
    flow += ending(w, body, landscape_page=True)
    return Part(title, True, flow)


def volunteer_part(w: Writer, book: MonthBook, title: str) -> Part:
    columns = SERVICE_COLUMNS
    rows = book.service
    data = [
        [str(n), f"{r.date:%m-%d}", r.name, r.project, r.role, r.content, plain_number(r.hours), plain_number(r.points)]
        for n, r in enumerate(rows, start=1)
    ]
    hours = sum((r.hours for r in rows), Decimal("0"))
    points = sum((r.points for r in rows), Decimal("0"))
    flow = heading(
        w,
        title,
        book.span,
        f"服务 {len(rows)} 次，{len(book.service_totals)} 人，共 {plain_number(hours)} 小时",
        landscape_page=True,
    )
    if not data:
        flow += ending(w, w.para("本月没有志愿服务记录。", w.styles.value), landscape_page=True)
        return Part(title, True, flow)
    totals = [
        "合计",
        "",
        f"{len(book.service_totals)} 人",
        f"{len(rows)} 次",
        "",
        "",
        plain_number(hours),
        plain_number(points),
    ]
    flow.append(w.table(columns, data, landscape_page=True, totals=totals, extra_style=[("SPAN", (0, -1), (1, -1))]))
    flow += [Spacer(0, 5 * mm), CondPageBreak(40 * mm), w.para("按人汇总", w.styles.heading)]
    person_columns = SERVICE_TOTAL_COLUMNS
    t = book.service_totals
    person_rows = [
        [
            str(n),
            p.name,
            p.party_branch,
            str(p.records),
            plain_number(p.hours),
            plain_number(p.service_points),
            plain_number(p.activity_points),
            plain_number(p.total_points),
        ]
        for n, p in enumerate(t, start=1)
    ]
    person_totals = [
        "合计",
        "",
        f"{len(t)} 人",
        str(sum(p.records for p in t)),
        plain_number(hours),
        plain_number(sum((p.service_points for p in t), Decimal("0"))),
        plain_number(sum((p.activity_points for p in t), Decimal("0"))),
        plain_number(sum((p.total_points for p in t), Decimal("0"))),
    ]
    per_person = w.table(
        person_columns,
        person_rows,
        landscape_page=True,
        totals=person_totals,
        extra_style=[("SPAN", (0, -1), (1, -1))],
    )
    note = w.para(
        "注：服务积分按本驿站积分规则（每小时积分与服务角色积分）计算；活动积分为本月参加活动所得。", w.styles.note
    )
    flow += ending(w, per_person, [Spacer(0, 2 * mm), note], landscape_page=True)
    return Part(title, True, flow)


# -- statistics ------------------------------------------------------------------------------


def key_figures(w: Writer, pairs: Sequence[tuple[str, str]]) -> Table:
    """Label–value pairs, two pairs a row, in a ruled box."""
    width = body_width(False) * mm
    label_w = 30 * mm
    value_w = width / 2 - label_w
    rows = []
    for i in range(0, len(pairs), 2):
        chunk = list(pairs[i : i + 2]) + ([("", "")] if i + 1 >= len(pairs) else [])
        row: list[Any] = []
        for label, value in chunk:
            row += [w.para(label, w.styles.label), w.para(value, w.styles.value)]
        rows.append(row)
    table = Table(rows, colWidths=[label_w, value_w] * 2)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), w.fonts.main),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BOX", (0, 0), (-1, -1), 0.9, GRID),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, -1), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def period_pairs(f: PeriodFigures) -> list[tuple[str, str]]:
    return [
        ("活动场次", f"{f.held} 场" + (f"（另有计划 {f.activities - f.held} 场）" if f.held < f.activities else "")),
        ("应到人次", f"{f.invited} 人次"),
        ("实到人次", f"{f.present} 人次"),
        ("出勤率", f"{f.rate}（应到人员中实到 {f.present_invited} 人次）"),
        ("请假人次", f"{f.leave} 人次"),
        ("走访慰问", f"{f.visits} 次，{f.people_visited} 人"),
        ("慰问金", f"{money_text(f.visit_money) or '0.00'} 元"),
        ("志愿服务", f"{f.service_records} 次，{f.volunteers} 人"),
        ("服务时长", f"{plain_number(f.service_hours)} 小时"),
    ]


def type_table(w: Writer, rows: list[TypeFigures]) -> list[Any]:
    """The activities held, by type (场次 and person-times count the same activities); the
    planned ones in a note under it."""
    held = [t for t in rows if t.held]
    planned = sum(t.activities - t.held for t in rows)
    note = (
        [Spacer(0, 1.5 * mm), w.para(f"注：另有计划 {planned} 场活动尚未开展，不计入上表。", w.styles.note)]
        if planned
        else []
    )
    if not held:
        return [w.para("没有已开展的活动。" if planned else "没有活动。", w.styles.value), *note]
    columns = TYPE_COLUMNS
    data = [[t.type_name, str(t.held), str(t.invited), str(t.present), str(t.leave), t.rate] for t in held]
    keys = ("activities", "held", "invited", "present", "present_invited", "leave")
    total = TypeFigures("合计", *(sum(getattr(t, k) for t in held) for k in keys))
    totals = ["合计", str(total.held), str(total.invited), str(total.present), str(total.leave), total.rate]
    return [w.table(columns, data, totals=totals), *note]


def reasons_table(w: Writer, rows: list[tuple[str, int, Decimal]]) -> Table | Paragraph:
    if not rows:
        return w.para("没有走访慰问记录。", w.styles.value)
    columns = REASON_COLUMNS
    data = [[reason, str(count), money_text(money) if money else "—"] for reason, count, money in rows]
    totals = ["合计", str(sum(c for _, c, _ in rows)), money_text(sum((m for _, _, m in rows), Decimal("0")))]
    return w.table(columns, data, totals=totals)


def bar_chart(
    w: Writer, title: str, labels: list[str], series: list[tuple[str, list[float]]], *, height: float = 52 * mm
) -> Drawing:
    """A bar chart of one or two series (e.g. 应到 and 实到 person-times), with values on the bars."""
    width = body_width(False) * mm
    fonts = w.fonts
    # the renderer sets its default font (Helvetica, which is never embedded) before any of ours
    STATE_DEFAULTS["fontName"] = fonts.main
    drawing = Drawing(width, height)
    w.note(title)
    drawing.add(String(width / 2, height - 12, title, fontName=fonts.bold, fontSize=10.5, textAnchor="middle"))
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 11 * mm
    chart.width, chart.height = width - 20 * mm, height - 22 * mm
    chart.data = [values for _, values in series] or [[0]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = fonts.main
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.labels.fontName = fonts.main
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max((v for _, values in series for v in values), default=0)
    chart.valueAxis.valueMax = max(5, top * 1.18)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor("#DDDDDD")
    chart.barSpacing = 1
    chart.groupSpacing = 6
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = fonts.main
    chart.barLabels.fontSize = 7.5
    chart.barLabels.nudge = 6
    for index in range(len(series)):
        chart.bars[index].fillColor = BAR_COLOURS[-len(series) + index]
        chart.bars[index].strokeColor = None
    for label in labels:
        w.note(label)
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.fontName = fonts.main
        legend.fontSize = 8.5
        legend.alignment = "right"
        legend.x, legend.y = width - 48 * mm, height - 10
        legend.columnMaximum = 1
        legend.deltax = 60
        legend.dxTextSpace = 4
        legend.colorNamePairs = [(BAR_COLOURS[-len(series) + i], name) for i, (name, _) in enumerate(series)]
        legend.boxAnchor = "nw"
        legend.dx = legend.dy = 7
        drawing.add(legend)
    return drawing


def stats_part(w: Writer, book: MonthBook, title: str) -> Part:
    assert book.stats is not None
    st = book.stats
    r = st.roster
    flow = heading(
        w,
        title,
        book.span,
        f"在册 {r.people} 人（离休 {r.lixiu}，退休 {r.tuixiu}）",
        landscape_page=False,
    )
    pairs = [
        ("在册人数", f"{r.people} 人，其中党员 {r.party_members} 人"),
        *period_pairs(st.month),
        ("活动照片", f"{st.photos} 张"),
    ]
    flow += [w.para("一、基本情况", w.styles.heading), key_figures(w, pairs), Spacer(0, 4 * mm)]
    flow += [w.para("二、按活动类型", w.styles.heading), *type_table(w, st.by_type), Spacer(0, 3 * mm)]
    held_types = [t for t in st.by_type if t.held]
    if held_types:
        labels = [t.type_name for t in held_types]
        flow.append(
            bar_chart(
                w,
                "各类活动参加人次",
                labels,
                [("应到人次", [t.invited for t in held_types]), ("实到人次", [t.present for t in held_types])],
            )
        )
    flow += [
        Spacer(0, 3 * mm),
        CondPageBreak(45 * mm),
        w.para("三、走访慰问", w.styles.heading),
        *ending(w, reasons_table(w, st.visits_by_reason), landscape_page=False),
    ]
    return Part(title, False, flow)


def year_parts(w: Writer, station: str, stats: YearStats, *, title: str = "") -> list[Part]:
    title = title or f"{station} {stats.year}年 {YEARLY_TITLE}"
    r = stats.roster
    flow = heading(
        w,
        title,
        f"统计期间：{stats.year}年1月1日至12月31日",
        f"在册 {r.people} 人（离休 {r.lixiu}，退休 {r.tuixiu}）",
        landscape_page=False,
    )
    columns = YEAR_COLUMNS

    def row(f: PeriodFigures) -> list[str]:
        return [
            f.label,
            str(f.held),
            str(f.invited),
            str(f.present),
            f.rate,
            str(f.visits),
            money_text(f.visit_money),
            str(f.service_records),
            plain_number(f.service_hours),
        ]

    t = stats.total
    flow += [
        w.para("一、全年概况", w.styles.heading),
        key_figures(w, period_pairs(t)),
        Spacer(0, 4 * mm),
        w.para("二、逐月情况", w.styles.heading),
        w.table(columns, [row(f) for f in stats.months], totals=row(t)),
        Spacer(0, 3 * mm),
        bar_chart(
            w,
            "逐月活动参加人次",
            [f.label for f in stats.months],
            [("应到人次", [f.invited for f in stats.months]), ("实到人次", [f.present for f in stats.months])],
        ),
        Spacer(0, 3 * mm),
        CondPageBreak(50 * mm),
        w.para("三、按活动类型", w.styles.heading),
        *type_table(w, stats.by_type),
        Spacer(0, 3 * mm),
        CondPageBreak(45 * mm),
        w.para("四、走访慰问", w.styles.heading),
        *ending(w, reasons_table(w, stats.visits_by_reason), landscape_page=False),
    ]
    return [Part(title, False, flow)]


# -- the district: every station side by side ------------------------------------------------

DISTRICT_TITLE = "各驿站汇总"


def district_part(w: Writer, summary: DistrictSummary, *, after: str = "") -> Part:
    """各驿站汇总: one row per station (activities, person-times, attendance, visits, volunteer
    hours, roster), then the 合计 row; landscape.  ``after`` ends the note: what follows it."""
    title = f"{summary.district} {summary.period} {DISTRICT_TITLE}"

    def row(n: str, st: str, f: PeriodFigures, people: int) -> list[str]:
        return [
            n,
            st,
            str(people),
            str(f.held),
            str(f.invited),
            str(f.present),
            f.rate,
            str(f.leave),
            str(f.visits),
            money_text(f.visit_money) if f.visit_money else "—",
            str(f.service_records),
            plain_number(f.service_hours),
        ]

    total = summary.total
    flow = heading(
        w,
        title,
        summary.span,
        f"共 {len(summary.rows)} 个驿站；在册 {total.roster.people} 人",
        landscape_page=True,
    )
    data = [row(str(n), r.station, r.figures, r.roster.people) for n, r in enumerate(summary.rows, start=1)]
    totals = row("合计", "", total.figures, total.roster.people)
    planned = total.figures.activities - total.figures.held
    as_of = summary.as_of or summary.today
    note = w.para(
        "注：活动场次和应到、实到、请假人次只计已开展的活动"
        + (f"（另有计划 {planned} 场尚未开展）" if planned else "")
        + "，实到含代签；出勤率为应到人员中实到的比例；"
        f"在册人数截至 {as_of.year}年{as_of.month}月{as_of.day}日。{after}",
        w.styles.note,
    )
    table = w.table(DISTRICT_COLUMNS, data, totals=totals, extra_style=[("SPAN", (0, -1), (1, -1))])
    flow += ending(w, table, [Spacer(0, 2 * mm), note], landscape_page=True)
    return Part(title, True, flow)


# -- photos ------------------------------------------------------------------------------------


def _shrink(source: Path, dest_dir: Path) -> Path:
    """A copy of a photo at about :data:`PHOTO_TARGET_PX` on its long side (JPEG draft decoding)."""
    from PIL import ImageOps

    with Image.open(source) as im:
        if max(im.size) <= PHOTO_EMBED_AS_IS_PX and im.format == "JPEG" and im.mode in ("RGB", "L"):
            return source
        if im.format == "JPEG":
            w, h = im.size
            scale = 1
            while max(w, h) // (scale * 2) >= PHOTO_TARGET_PX and scale < 8:
                scale *= 2
            im.draft(im.mode, (w // scale, h // scale))
        img = ImageOps.exif_transpose(im) if im.format != "JPEG" else im
        img = img.convert("RGB") if img.mode not in ("RGB", "L") else img
        if max(img.size) > PHOTO_EMBED_AS_IS_PX:
            img.thumbnail((PHOTO_TARGET_PX + 200, PHOTO_TARGET_PX + 200), Image.Resampling.BILINEAR)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
    dest = dest_dir / f"{source.stem}.jpg"
    dest.write_bytes(buf.getvalue())
    return dest


def prepare_photos(
    photos: list[PhotoItem], dest_dir: Path, token: CancelToken, done: Callable[[int], None]
) -> dict[Path, Path]:
    """Each photo's file to print (a print-size copy where it is bigger than needed), made on two
    threads; a photo that cannot be read (a damaged file) is left out, to be noted on the paper."""
    out: dict[Path, Path] = {}
    unique = list(dict.fromkeys(p.path for p in photos))
    workers = min(2, os.cpu_count() or 1)

    def job(path: Path) -> tuple[Path, Path | None]:
        if token.cancelled:
            return path, None
        try:
            return path, _shrink(path, dest_dir)
        except (OSError, ValueError, Image.DecompressionBombError):
            log.warning("photo %s cannot be read; left out of the record book", path.name)
            return path, None

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for count, (path, result) in enumerate(pool.map(job, unique), start=1):
            if result is not None:
                out[path] = result
            done(count)
    token.check()
    return out


# -- entry points ----------------------------------------------------------------------------


def make_monthly_ledgers(
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
    preface: Callable[[Writer, list[MonthBook]], list[Part]] | None = None,
) -> LedgerResult:
    """Print the chosen monthly ledgers (all by default) of a month to one PDF.

    ``station`` is the install's own station when None; at the district a station's id, or
    :data:`~cadre_desk.core.services.scope.ALL_STATIONS` for the 各驿站汇总 first and then each
    station's ledgers in station order.  ID numbers, phones and addresses are masked unless
    ``full_data``, which only a user allowed to export full data may ask for
    (:class:`~..permissions.PermissionDenied` otherwise).  ``progress`` and ``cancel`` make it
    a job for the job runner; cancelling leaves no file.  Raises :class:`DomainError` for an
    unknown ledger or station, a bad month or a file that cannot be written.  ``preface``
    makes parts printed before the ledgers from the books read (a closed month's 更正记录, see
    :mod:`.corrections`, which also marks the corrected activities).
    """
    path = Path(out_path)
    token = cancel or CancelToken()
    keys = resolve_ledgers(ledgers)
    Disclosure.for_export(app.actor, full_data)  # refused before any work
    progress(0.0, "正在读取本月台账数据……")
    stations = stations_for(app, station)
    summary = read_district_summary(app, year, month, today=today) if station == ALL_STATIONS else None
    books: list[MonthBook] = []
    for n, st in enumerate(stations):
        if summary is not None:
            progress(0.05 * n / len(stations), f"正在读取“{st.name}”的台账数据（{n + 1}/{len(stations)}）……")
        books.append(read_month(app, year, month, keys, full_data=full_data, today=today, station=st.id))
        token.check()
    fonts = print_fonts()
    w = Writer(fonts)
    for book in books:
        w.note(book.station)
    photos = [p for book in books for r in book.records for p in r.photos]
    steps = max(1, sum(len(book.signin) + len(book.records) for book in books))
    built = [0]

    def tick() -> None:
        built[0] += 1
        token.check()
        progress(0.3 + 0.6 * min(built[0], steps) / steps, f"正在排版（{built[0]}/{steps}）……")

    with tempfile.TemporaryDirectory(prefix="cadre-ledger-") as tmp:
        progress(0.05, f"正在准备照片（{len(photos)} 张）……")
        files = prepare_photos(
            photos,
            Path(tmp),
            token,
            lambda n: progress(0.05 + 0.25 * n / max(1, len(photos)), f"正在准备照片（{n}/{len(photos)}）……"),
        )
        parts: list[Part] = preface(w, books) if preface is not None else []
        if summary is not None:
            parts.append(district_part(w, summary, after="各驿站的台账附后。"))
        for book in books:
            parts += month_parts(w, book, keys, files, tick)
        if summary is not None:
            author, title = summary.district, f"{summary.district} {books[0].period} 各驿站月度台账"
        else:
            author, title = books[0].station, f"{books[0].station} {books[0].period} 月度台账"
        full = [book for book in books if book.full]
        marking = confidential_marking(full[0].printed_by or app.actor.name) if full else ""
        doc = LedgerDocument(w, author=author, title=title, printed_on=today or dt.date.today(), marking=marking)
        pages, counts = _build(doc, path, parts, token)
    progress(1.0, f"已生成月度台账（{pages} 页）。")
    signatures = sum(1 for book in books for b in book.signin for e in b.entries if e.signature)
    return LedgerResult(
        path=path,
        pages=pages,
        parts=counts,
        missing_chars=w.missing,
        photos=len(photos),
        signatures=signatures,
        size=path.stat().st_size,
    )


def month_parts(
    w: Writer, book: MonthBook, keys: Iterable[str], files: dict[Path, Path], tick: Callable[[], None]
) -> list[Part]:
    """One station's chosen ledgers of the month, each titled with the station and the month."""
    prefix = f"{book.station} {book.period}"
    parts: list[Part] = []
    for key in keys:
        title = f"{prefix} {LEDGERS[key].title}"
        if key == "activities":
            parts.append(activities_part(w, book, title))
        elif key == "signin":
            parts += signin_parts(w, book, title, tick)
        elif key == "records":
            parts += records_parts(w, book, title, files, tick)
        elif key == "roster":
            parts.append(roster_part(w, book, title))
        elif key == "visits":
            parts.append(visits_part(w, book, title))
        elif key == "volunteer":
            parts.append(volunteer_part(w, book, title))
        elif key == "stats":
            parts.append(stats_part(w, book, title))
    return parts


def make_year_summary(
    app: App,
    year: int,
    out_path: Path | str,
    *,
    today: dt.date | None = None,
    station: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LedgerResult:
    """Print the year summary (年度统计) of a year to a PDF.

    ``station`` as for :func:`make_monthly_ledgers`.  For every station: the 各驿站汇总 of the
    year (one row per station), then the year summary of all the stations added up.
    """
    path = Path(out_path)
    token = cancel or CancelToken()
    progress(0.0, "正在统计全年数据……")
    station_name, stats = read_year(app, year, today=today, station=station)
    summary = read_district_summary(app, year, today=today) if station == ALL_STATIONS else None
    token.check()
    w = Writer(print_fonts())
    w.note(station_name)
    parts: list[Part] = []
    if summary is not None:
        parts.append(district_part(w, summary, after="全区合计的年度统计附后。"))
        title = f"{summary.district} {year}年 {YEARLY_TITLE}（各驿站合计）"
        parts += year_parts(w, station_name, stats, title=title)
    else:
        parts += year_parts(w, station_name, stats)
    doc = LedgerDocument(w, author=station_name, title=parts[0].title, printed_on=today or dt.date.today())
    progress(0.5, "正在排版……")
    pages, counts = _build(doc, path, parts, token)
    progress(1.0, f"已生成年度统计（{pages} 页）。")
    return LedgerResult(path=path, pages=pages, parts=counts, missing_chars=w.missing, size=path.stat().st_size)


def _build(doc: LedgerDocument, path: Path, parts: list[Part], token: CancelToken) -> tuple[int, list[tuple[str, int]]]:
    if not parts:
        raise DomainError("没有选择要打印的台账。")
    return doc.build(path, parts, token)
