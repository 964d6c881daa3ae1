"""Member cards (会员卡) with a sign-in QR code, ten to an A4 sheet, ready to cut out.

Each card is credit-card size (85.6 × 54 mm) and shows the station's name, the person's
name, their category and Party branch, and a QR code holding
:func:`~cadre_desk.core.cards.card_code` — the record id only: never the ID number or a
phone, which a lost card must not give away.  The QR code is drawn as vector squares
(error correction M, a quiet zone of 4 modules, modules of about 0.95 mm) so a cheap USB
scanner reads it from a home printer's output.

The roster is read as plain columns in roster order and drawn a page at a time, so
50,000 cards need neither 50,000 ORM objects nor the whole roster in memory at once.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import segno
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select

from ..app import App
from ..cards import card_code
from ..errors import DomainError
from ..jobs import CancelToken, Progress, no_progress
from ..models import Person
from ..services.roster import RosterFilter, conditions
from ..vocab import CATEGORIES
from . import save_atomically, station_name
from .fonts import PrintFonts, print_fonts

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
PAGE_WIDTH, PAGE_HEIGHT = A4
#: lower-left corner of the grid of cards, centred on the page
GRID_X = (PAGE_WIDTH - COLUMNS * CARD_WIDTH) / 2
GRID_Y = (PAGE_HEIGHT - ROWS * CARD_HEIGHT) / 2

QR_ERROR = "m"
QR_QUIET_MODULES = 4
#: the QR code with its quiet zone (a version-2 code: 25 + 2 × 4 modules of 0.95 mm)
QR_BOX = 31.35 * mm
#: what the card calls itself
CARD_LABEL = "会员卡"
CARD_FOOTER = "凭卡扫码签到 · 请妥善保管"

INSET = 2.5 * mm  # white border inside the cut line: a slightly crooked cut loses nothing
BAND_HEIGHT = 10.5 * mm
RED = HexColor("#B3262B")
INK = HexColor("#1A1A1A")
GREY = HexColor("#555555")
LIGHT = HexColor("#8A8A8A")
CUT = Color(0.72, 0.72, 0.72)

#: people read from the database per step
BATCH_SIZE = 500
#: ids per IN (...) query (well under SQLite's limit on parameters)
ID_CHUNK = 500


@dataclass(frozen=True)
class CardsResult:
    """What :func:`make_member_cards` printed."""

    count: int
    pages: int
    path: Path
    #: a printed name (or branch, or the station's name) → the characters of it no font has,
    #: which are missing from the cards; empty when everything printed
    missing_chars: dict[str, str] = field(default_factory=dict)


# -- who gets a card ---------------------------------------------------------------------

_CARD_COLUMNS = (Person.id, Person.name, Person.category, Person.party_branch)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _card_rows(
    app: App, person_ids: Sequence[str] | None, roster_filter: RosterFilter | None
) -> Iterator[tuple[int, Iterator[Any]]]:
    """(how many people, their card columns in roster order), from one read transaction."""
    with app.read() as s:
        if person_ids is None:
            where = conditions(roster_filter or RosterFilter())
            total = s.scalar(select(func.count()).select_from(Person).where(*where)) or 0
            stmt = (
                select(*_CARD_COLUMNS)
                .where(*where)
                .order_by(Person.name_pinyin, Person.id)
                .execution_options(yield_per=BATCH_SIZE)
            )
            yield total, iter(s.execute(stmt))
            return
        # chosen people (any status, but not deleted), still narrowed by a filter if one is given
        where = conditions(roster_filter) if roster_filter else [Person.deleted.is_(False)]
        wanted = list(dict.fromkeys(person_ids))
        keys: list[tuple[str, str]] = []
        for chunk in _chunks(wanted, ID_CHUNK):
            stmt = select(Person.name_pinyin, Person.id).where(Person.id.in_(chunk), *where)
            keys += [(pinyin, pid) for pinyin, pid in s.execute(stmt)]
        ordered = [pid for _, pid in sorted(keys)]

        def rows() -> Iterator[Any]:
            for chunk in _chunks(ordered, ID_CHUNK):
                found = {r.id: r for r in s.execute(select(*_CARD_COLUMNS).where(Person.id.in_(chunk)))}
                yield from (found[pid] for pid in chunk)

        yield len(ordered), rows()


# -- fitting text ------------------------------------------------------------------------

_BREAK_AFTER = "·・ 　、，（)）-"


def fit_lines(
    fonts: PrintFonts, text: str, width: float, size: float, min_size: float, two_line_size: float
) -> tuple[float, list[str]]:
    """The size and lines to show ``text`` in ``width``: one line shrunk down to ``min_size``,
    else two lines of up to ``two_line_size``, shrunk as far as they need."""
    one = fonts.fit_size(text, width, size, min_size)
    if fonts.width(text, one) <= width + 0.01 or len(text) < 2:
        return one, [text]
    best: tuple[float, int] | None = None
    for i in range(1, len(text)):
        widest = max(fonts.width(text[:i], 1), fonts.width(text[i:], 1))
        if best is None or widest < best[0]:
            best = (widest, i)
    assert best is not None
    cut = best[1]
    # a nearby break after a separator (the dot of a minority name, a space) reads better
    for i in range(1, len(text)):
        widest = max(fonts.width(text[:i], 1), fonts.width(text[i:], 1))
        if text[i - 1] in _BREAK_AFTER and widest <= best[0] * 1.3:
            cut = i
            break
    lines = [text[:cut].rstrip(), text[cut:].lstrip()]
    widest = max(fonts.width(line, 1) for line in lines)
    return min(two_line_size, width / widest), lines


# -- drawing -----------------------------------------------------------------------------


def detail_lines(fonts: PrintFonts, category: str, branch: str, width: float) -> tuple[float, list[str]]:
    """The category (离休/退休) and Party branch: on one line when it fits, else the branch below."""
    label = CATEGORIES.get(category, category)
    if not branch:
        return fonts.fit_size(label, width, 9, 6.5), [label]
    one = f"{label} · {branch}"
    if fonts.width(one, 7.5) <= width:
        return fonts.fit_size(one, width, 9, 7.5), [one]
    size, lines = fit_lines(fonts, branch, width, 8.5, 6.5, 7)
    return size, [label, *lines]


def qr_runs(content: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code for ``content``: its size in modules and its dark runs (row, first column, length)."""
    qr = segno.make(content, error=QR_ERROR, boost_error=False, micro=False)
    matrix = qr.matrix
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        col, n = 0, len(row)
        while col < n:
            if not row[col]:
                col += 1
                continue
            start = col
            while col < n and row[col]:
                col += 1
            runs.append((r, start, col - start))
    return len(matrix), runs


def _draw_qr(c: Canvas, x: float, y: float, box: float, content: str) -> None:
    """The QR code for ``content`` with its quiet zone filling the square ``box`` at (x, y).

    Drawn in module units (one ``re`` operator per dark run of a row) written straight into
    the page: thousands of cards make millions of squares, and reportlab's own number
    formatting would be most of the time spent.  Each run reaches a hair into the row below,
    so no viewer shows white seams between rows.
    """
    n, runs = qr_runs(content)
    module = box / (n + 2 * QR_QUIET_MODULES)
    c.saveState()
    c.setFillColor(black)
    c.transform(module, 0, 0, module, x + QR_QUIET_MODULES * module, y + QR_QUIET_MODULES * module)
    c.addLiteral(" ".join(f"{col} {n - 1 - r - 0.02:.2f} {length} 1.02 re" for r, col, length in runs) + " f")
    c.restoreState()


@dataclass(frozen=True)
class _Header:
    size: float
    lines: list[str]


def _draw_card(c: Canvas, x: float, y: float, person: Any, header: _Header, fonts: PrintFonts) -> None:
    # the coloured band with the station's name
    band_x, band_w = x + INSET, CARD_WIDTH - 2 * INSET
    band_y = y + CARD_HEIGHT - INSET - BAND_HEIGHT
    c.setFillColor(RED)
    c.roundRect(band_x, band_y, band_w, BAND_HEIGHT, 1.6 * mm, stroke=0, fill=1)
    c.setFillColor(white)
    centre_x = band_x + band_w / 2
    leading = header.size * 1.18
    first = band_y + BAND_HEIGHT / 2 + (len(header.lines) - 1) * leading / 2 - header.size * 0.36
    for i, line in enumerate(header.lines):
        fonts.draw(c, centre_x, first - i * leading, line, header.size, align="centre")

    # the QR code on the right, centred in the white area under the band
    body_bottom, body_top = y + INSET, band_y
    qr_x = x + CARD_WIDTH - INSET - QR_BOX + 0.8 * mm  # the quiet zone is white anyway
    qr_y = body_bottom + (body_top - body_bottom - QR_BOX) / 2
    _draw_qr(c, qr_x, qr_y, QR_BOX, card_code(person.id))

    # the words on the left
    left = x + INSET + 3 * mm
    width = qr_x - left - 1 * mm
    c.setFillColor(RED)
    fonts.draw(c, left, body_top - 6.2 * mm, CARD_LABEL, 8.5)

    size, lines = fit_lines(fonts, person.name, width, 24, 13, 14)
    c.setFillColor(INK)
    if len(lines) == 1:
        fonts.draw(c, left, y + 22.5 * mm, lines[0], size)
    else:
        fonts.draw(c, left, y + 28.3 * mm, lines[0], size)
        fonts.draw(c, left, y + 28.3 * mm - size * 1.2, lines[1], size)

    size, lines = detail_lines(fonts, person.category, person.party_branch, width)
    c.setFillColor(GREY)
    first = y + (15.5 if len(lines) < 3 else 16.3) * mm
    for i, line in enumerate(lines):
        fonts.draw(c, left, first - i * size * 1.25, line, size)

    c.setFillColor(LIGHT)
    fonts.draw(c, left, y + INSET + 3.2 * mm, CARD_FOOTER, 6.3)


def _draw_cut_guides(c: Canvas, cards: int) -> None:
    """Thin grey outlines of the cards on this page, and crop marks in the margins."""
    rows = math.ceil(cards / COLUMNS)
    top = PAGE_HEIGHT - GRID_Y
    bottom = top - rows * CARD_HEIGHT
    right = GRID_X + COLUMNS * CARD_WIDTH
    c.setStrokeColor(CUT)
    c.setLineWidth(0.3)
    for i in range(cards):
        col, row = i % COLUMNS, i // COLUMNS
        c.rect(GRID_X + col * CARD_WIDTH, top - (row + 1) * CARD_HEIGHT, CARD_WIDTH, CARD_HEIGHT, stroke=1, fill=0)
    gap, length = 1.5 * mm, 6 * mm
    c.setStrokeColor(LIGHT)
    marks: list[tuple[float, float, float, float]] = []
    for col in range(COLUMNS + 1):
        xx = GRID_X + col * CARD_WIDTH
        marks += [(xx, top + gap, xx, top + gap + length), (xx, bottom - gap, xx, bottom - gap - length)]
    for row in range(rows + 1):
        yy = top - row * CARD_HEIGHT
        marks += [(GRID_X - gap, yy, GRID_X - gap - length, yy), (right + gap, yy, right + gap + length, yy)]
    c.lines(marks)


def _compress_finished_page(c: Canvas) -> None:
    """Compress the page just finished now rather than at save, so pages wait in memory small.

    reportlab keeps every page's drawing operators as text until the document is saved;
    5,000 pages of QR codes would hold hundreds of megabytes.  The stream is flagged as
    already filtered, which reportlab's writer honours (it then adds no filter of its own).
    """
    page = c._doc.Pages.pages[-1]
    stream = getattr(page, "stream", None)
    if not stream or page.Contents:
        return
    data = stream.encode("utf-8") if isinstance(stream, str) else stream
    page.Contents = PDFStream(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}), zlib.compress(data))
    page.stream = None


def _batched(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch


def make_member_cards(
    app: App,
    out_path: Path | str,
    person_ids: list[str] | None = None,
    roster_filter: RosterFilter | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> CardsResult:
    """Write member cards for the chosen people to a PDF (A4, ten cards a page).

    ``person_ids`` picks people (deleted ones are skipped); ``roster_filter`` picks those the
    roster list shows with that filter (both: the chosen ones the filter lets through);
    neither: everyone 在册.  Cards are in roster order (pinyin).  Raises :class:`DomainError`
    when nobody is left to print or the file cannot be written; cancelling leaves no file.
    """
    path = Path(out_path)
    token = cancel or CancelToken()
    fonts = print_fonts()
    station = station_name(app)
    progress(0.0, "正在准备会员卡……")
    missing: dict[str, str] = {}

    def note_missing(text: str) -> None:
        if text and text not in missing and (chars := fonts.missing(text)):
            missing[text] = chars

    note_missing(station)
    header_size, header_lines = fit_lines(fonts, station, CARD_WIDTH - 2 * INSET - 6 * mm, 11.5, 7.5, 8)
    header = _Header(header_size, header_lines)

    with _card_rows(app, person_ids, roster_filter) as (total, rows):
        if total == 0:
            raise DomainError("没有符合条件的人员，未生成会员卡。请调整筛选条件后再试。")
        pages = math.ceil(total / PER_PAGE)
        printed = 0

        def write(tmp: Path) -> None:
            nonlocal printed
            c = Canvas(str(tmp), pagesize=A4, pageCompression=1, initialFontName=fonts.main)
            c.setTitle(f"{station} {CARD_LABEL}")
            c.setAuthor(station)
            c.setCreator("cadre_desk")
            c.setPageCallBack(lambda _number: _compress_finished_page(c))
            for page, batch in enumerate(_batched(rows, PER_PAGE), start=1):
                token.check()
                for i, person in enumerate(batch):
                    col, row = i % COLUMNS, i // COLUMNS
                    x = GRID_X + col * CARD_WIDTH
                    y = PAGE_HEIGHT - GRID_Y - (row + 1) * CARD_HEIGHT
                    _draw_card(c, x, y, person, header, fonts)
                    note_missing(person.name)
                    note_missing(person.party_branch)
                _draw_cut_guides(c, len(batch))
                c.showPage()
                printed += len(batch)
                progress(0.95 * page / pages, f"正在生成会员卡：第 {page} / {pages} 页")
            token.check()
            progress(0.96, "正在保存 PDF 文件……")
            c.save()

        save_atomically(path, write)
    pages = math.ceil(printed / PER_PAGE)
    progress(1.0, f"已生成 {printed} 张会员卡（{pages} 页）。")
    return CardsResult(count=printed, pages=pages, path=path, missing_chars=missing)
