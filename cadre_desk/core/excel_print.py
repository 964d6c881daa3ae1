"""How every Excel export prints: fonts, rules, row heights, pages and the personal-data marking.

One place for what the ledgers (:mod:`.ledgers.excel`), the roster export and template
(:mod:`.roster_export`) and the talent pool (:mod:`.services.talent`) share on paper:

* named fonts on every style — 宋体 for text, 黑体 for titles, headings and table headers —
  and 宋体 as the workbook's default, so no cell falls back to a serif Latin face;
* A4, landscape or portrait, fitted one page wide (as many pages down as needed), the
  header rows repeated on every page, 第 X 页 共 Y 页 in the footer;
* row heights set from the text: a cell's lines are counted from its text and its column's
  width (CJK characters twice as wide as Latin ones), so wrapped text never runs into the
  rows below it, in Excel, WPS or LibreOffice (which do not all size rows themselves);
* pages broken by the workbook itself (:func:`paginate`): a sheet's rows are laid out on
  pages as Excel would fill them, a little short, and manual breaks placed so that a
  heading, a table header or the first line of a block never ends a page and a note, a
  合计 row or the line to sign never starts one;
* full-data exports marked :data:`MARK` with who exported them, in the page header of every
  printed page (and by the writers at the top of each sheet).

openpyxl is imported when first used.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import unicodedata
from collections.abc import Collection, Sequence
from copy import copy
from typing import Any

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
BODY_SIZE = 11.0
#: what a full-data export carries on every printed page
MARK = "含个人信息 注意保密"
MARK_COLOUR = "C00000"
FOOTER = "第 &P 页 共 &N 页"
GRID = "333333"
#: GB2312, so that Excel and WPS pick the font's Chinese glyphs
CHINESE_CHARSET = 134

#: A4 in points, and the margins in inches (as openpyxl takes them)
A4_POINTS = (595.3, 841.9)
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.7, "bottom": 0.75, "header": 0.3, "footer": 0.3}
#: points per Excel width unit with 宋体 11 as the default font (8 pixels a character at 96 dpi)
POINTS_PER_UNIT = 6.0
#: what Excel adds to every column (5 pixels)
COLUMN_PADDING = 3.75
#: pages are filled this much, so that a program measuring a little larger breaks where we do
PAGE_FILL = 0.94
#: rows of a table that go with its 合计 row, note or line to sign onto a new page
WIDOW_ROWS = 3
#: Excel takes at most 1026 manual page breaks on a sheet
MAX_BREAKS = 1000

#: height of a line of text as a multiple of its size (CJK fonts are set up to about 1.45 em apart)
LINE_FACTOR = 1.47
ROW_PADDING = 3.0
MAX_ROW_HEIGHT = 409.0
#: width of a Latin character in half-width units: a fallback font's digits are wider than 宋体's
LATIN_ADVANCE = 1.2


# -- measuring ------------------------------------------------------------------------------


def _wide(ch: str) -> bool:
    code = ord(ch)
    if code < 0x1100:  # nothing below is wide
        return False
    if 0x4E00 <= code <= 0x9FFF:  # the common CJK ideographs
        return True
    return unicodedata.east_asian_width(ch) in "WF"


def text_width(text: str) -> int:
    """Width of text in Excel column units: CJK and other wide characters count 2."""
    return sum(2 if _wide(ch) else 1 for ch in text)


def _line_capacity(width: float, size: float) -> float:
    """Half-width characters of ``size`` points that fit on a line of a column ``width`` units wide."""
    inside = width * POINTS_PER_UNIT + COLUMN_PADDING - 4.5  # the cell's own inner margins
    return max(inside / (size / 2), 2.0)


def wrapped_lines(text: str, width: float, size: float = BODY_SIZE) -> int:
    """Lines ``text`` takes in a wrapping cell ``width`` units wide, in a font of ``size`` points.

    Counted as a program wraps: at any CJK character, at spaces between Latin words, inside a
    Latin word only when it is longer than a line; a little pessimistic on purpose.
    """
    if not text:
        return 1
    cap = _line_capacity(width, size)
    if len(text) * 2 <= cap and "\n" not in text:
        return 1
    if len(text) <= 200:  # names, units and addresses repeat down a roster
        return _short_lines(text, cap)
    return _lines(text, cap)


@functools.lru_cache(maxsize=8192)
def _short_lines(text: str, cap: float) -> int:
    return _lines(text, cap)


def _lines(text: str, cap: float) -> int:
    lines = 0
    for paragraph in text.split("\n"):
        lines += _paragraph_lines(paragraph, cap)
    return max(lines, 1)


def _paragraph_lines(text: str, cap: float) -> int:
    lines, used, word = 1, 0.0, 0.0

    def place(w: float) -> None:
        nonlocal lines, used
        if used + w <= cap:
            used += w
            return
        if used > 0:
            lines += 1
            used = 0.0
        while w > cap:  # a word longer than a line is broken inside
            lines += 1
            w -= cap
        used = w

    for ch in text:
        if _wide(ch):
            if word:
                place(word)
                word = 0.0
            place(2.0)
        elif ch.isspace():
            if word:
                place(word)
                word = 0.0
            if used:
                used = min(used + LATIN_ADVANCE, cap)
        else:
            word += LATIN_ADVANCE
    if word:
        place(word)
    return lines


def row_height(lines: int, size: float = BODY_SIZE) -> float:
    """Points a row needs for ``lines`` lines of ``size``-point text (a wrapped cell's lines
    need a little room above and below; a single line fits its line height)."""
    padding = ROW_PADDING if lines > 1 else 0.0
    return min(MAX_ROW_HEIGHT, round(max(lines, 1) * size * LINE_FACTOR + padding + 0.05, 1))


# -- styles ---------------------------------------------------------------------------------


def font(*, heading: bool = False, size: float = BODY_SIZE, bold: bool = False, colour: str | None = None) -> Any:
    """A named font: 黑体 for headings, 宋体 otherwise (never a font without a name)."""
    from openpyxl.styles import Font

    return Font(
        name=HEADING_FONT if heading else BODY_FONT,
        size=size,
        bold=bold,
        color=colour,
        charset=CHINESE_CHARSET,
    )


def thin_border() -> Any:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color=GRID)
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def use_default_font(wb: Any) -> None:
    """Make 宋体 the workbook's default font (cells without a style, and the Normal style).

    Call on a new workbook before any cell is styled."""
    from openpyxl.utils.indexed_list import IndexedList

    body = font()
    wb._fonts = IndexedList([body])
    wb._named_styles["Normal"].font = copy(body)


# -- the page -------------------------------------------------------------------------------


def marking_text(printed_by: str, when: dt.datetime) -> str:
    """The marking of a full-data export: what it holds, who exported it and when."""
    who = printed_by.strip() or "—"
    return f"{MARK}　导出人：{who}　导出时间：{when:%Y-%m-%d %H:%M}"


def setup_page(
    ws: Any,
    *,
    landscape: bool,
    title_rows: tuple[int, int] | None = None,
    marking: str | None = None,
) -> None:
    """A4, ``landscape`` or portrait, one page wide, ``title_rows`` repeated on every page,
    page numbers in the footer and, for a full-data export, ``marking`` in the page header."""
    from openpyxl.worksheet.page import PageMargins

    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(**MARGINS)
    if title_rows is not None:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    footer = ws.oddFooter.center
    footer.text, footer.size, footer.font = FOOTER, 10, BODY_FONT
    right = ws.oddFooter.right
    right.text, right.size, right.font = "打印日期：&D", 8, BODY_FONT
    if marking:
        centre = ws.oddHeader.center
        text = marking.replace("&", "&&")  # a name with "&" in it is not a header code
        centre.text, centre.size, centre.font, centre.color = text, 9, f"{HEADING_FONT},Bold", MARK_COLOUR


def column_points(widths: Sequence[float]) -> float:
    """Points the columns take on paper at 100 %, as Excel measures them."""
    return sum(w * POINTS_PER_UNIT + COLUMN_PADDING for w in widths)


def page_scale(widths: Sequence[float], *, landscape: bool) -> float:
    """The zoom at which ``widths`` fit one page wide (never enlarged), in whole percent as Excel sets it."""
    scale = min(1.0, page_width(landscape=landscape) / max(column_points(widths), 1.0))
    return max(math.floor(scale * 100) / 100, 0.1)


def page_width(*, landscape: bool) -> float:
    """Points across a printed page between the left and right margins."""
    paper_w, paper_h = A4_POINTS
    return (paper_h if landscape else paper_w) - 72 * (MARGINS["left"] + MARGINS["right"])


def page_height(*, landscape: bool) -> float:
    """Points of rows a printed page holds between the top and bottom margins."""
    paper_w, paper_h = A4_POINTS
    return (paper_w if landscape else paper_h) - 72 * (MARGINS["top"] + MARGINS["bottom"])


def paginate(
    heights: Sequence[float],
    *,
    widths: Sequence[float],
    landscape: bool,
    title_rows: tuple[int, int] | None = None,
    keep_next: Collection[int] = (),
    keep_prev: Collection[int] = (),
    new_page: Collection[int] = (),
    skip: Collection[int] = (),
) -> list[int]:
    """The rows after which pages break, for rows 1 … ``len(heights)`` of the given heights.

    Pages are filled to :data:`PAGE_FILL` of what Excel prints at its fit-to-width zoom, less
    the repeated ``title_rows`` on every page but the first.  A page never breaks after a row
    in ``keep_next`` or before one in ``keep_prev`` (unless the rows kept together are more than
    a page), and always breaks before a row in ``new_page``.  Rows in ``skip`` (outside
    every print area) take no room.
    """
    scale = page_scale(widths, landscape=landscape)
    room = page_height(landscape=landscape) / scale * PAGE_FILL
    titles = 0.0
    if title_rows is not None:
        titles = sum(heights[r - 1] for r in range(title_rows[0], title_rows[1] + 1) if r <= len(heights))
    later_room = max(room - titles, room * 0.3)
    first_body = title_rows[1] + 1 if title_rows is not None and title_rows[0] == 1 else 1

    breaks: list[int] = []
    start = first_body  # first row of the current page (after any repeated rows)
    filled = sum(heights[: first_body - 1])
    capacity = room
    row = first_body
    while row <= len(heights):
        if row in skip:
            row += 1
            continue
        if row in new_page and row > start:
            breaks.append(row - 1)
            start, filled, capacity = row, 0.0, later_room
        h = heights[row - 1]
        if filled + h > capacity and row > start:
            cut = row
            while cut > start and (cut in keep_prev or (cut - 1) in keep_next):
                cut -= 1
            if cut <= start:
                cut = row  # kept rows longer than a page: break where the page is full
            breaks.append(cut - 1)
            start, capacity = cut, later_room
            filled = sum(heights[r - 1] for r in range(cut, row) if r not in skip)
        filled += h
        row += 1
    return breaks


def set_breaks(ws: Any, breaks: Sequence[int], *, forced: Collection[int] = ()) -> None:
    """Manual page breaks after the given rows (Excel takes about a thousand: when there are
    more, only the ``forced`` ones are set and the program breaks the rest itself)."""
    from openpyxl.worksheet.pagebreak import Break

    if len(breaks) > MAX_BREAKS:
        breaks = [b for b in breaks if b + 1 in forced][:MAX_BREAKS]
    for row in breaks:
        ws.row_breaks.append(Break(id=row))
