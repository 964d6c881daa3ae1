"""The roster (人员信息台账) as an Excel workbook, and the blank template for importing one.

The export streams: people are read in batches, and while openpyxl makes the workbook
(styles, column widths, frozen header, autofilter), the rows are written straight into its
sheet XML, so a roster of 50,000 people takes seconds and little memory.  Every workbook
is written to a temporary file beside the target and moved into place at the end, so a
cancelled or failed export never leaves a half-written file.

Column headers are the labels of :data:`~.services.people.PERSON_FIELDS`, so the roster
importer reads an export (or a filled-in template) back.  ID numbers, phones, addresses and
health notes are masked (:mod:`.privacy`) unless the administrator asks for full data.  ID and phone numbers are text
cells: Excel and WPS would otherwise show an ID number as 3.7E+17 and drop its last digits.

openpyxl is imported when first used: opening the window loads no spreadsheet code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from itertools import chain
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zipfile import ZIP_DEFLATED, ZipFile

from sqlalchemy import case, func, select

from .app import App
from .excel_print import (
    BODY_SIZE,
    font,
    marking_text,
    row_height,
    setup_page,
    text_width,
    thin_border,
    use_default_font,
    wrapped_lines,
)
from .files import save_atomically
from .jobs import CancelToken, Progress, no_progress
from .models import Person
from .privacy import Disclosure, mask_address, mask_health, mask_id_number, mask_phone
from .services.people import PERSON_FIELDS
from .vocab import ACTIVITY_CLASSES, CARE_FLAGS, CATEGORIES, PERSON_STATUSES, REPORT_STATUSES, SEX

SHEET_TITLE = "人员信息台账"
GUIDE_TITLE = "填写说明"
SEQ_LABEL = "序号"
#: the roster's columns after 序号: every field a user sets, except the photo
FIELDS: tuple[str, ...] = tuple(f for f in PERSON_FIELDS if f != "photo_sha256")
HEADER: tuple[str, ...] = (SEQ_LABEL, *(PERSON_FIELDS[f] for f in FIELDS))
#: rows of the template that get dropdowns and text formatting
TEMPLATE_ROWS = 5000
#: people read and written per step (progress and cancel are checked between steps)
BATCH_SIZE = 1000
YES = "是"

TEXT_FORMAT = "@"
MONTH_FORMAT = "yyyy-mm"
DAY_FORMAT = "yyyy-mm-dd"

_LABELS: dict[str, dict[str, str]] = {
    "sex": SEX,
    "category": CATEGORIES,
    "activity_class": ACTIVITY_CLASSES,
    "report_status": REPORT_STATUSES,
    "status": PERSON_STATUSES,
}
_PHONE_FIELDS = ("phone_mobile", "phone_home", "emergency_phone")
_DATE_FORMATS = {
    "birth_date": MONTH_FORMAT,
    "retire_date": DAY_FORMAT,
    "report_date": DAY_FORMAT,
    "status_date": DAY_FORMAT,
}
_NUMBER_FORMATS = {"id_number": TEXT_FORMAT, **dict.fromkeys(_PHONE_FIELDS, TEXT_FORMAT), **_DATE_FORMATS}
# Columns worth more room than their header and first rows suggest (in Excel width units).
_MIN_WIDTHS = {
    "id_number": 20,
    "phone_mobile": 13,
    "phone_home": 14,
    "emergency_phone": 14,
    "work_unit": 14,
    "party_branch": 14,
    "address": 16,
    "health_notes": 12,
    "notes": 14,
}
# Longer texts wrap (the row grows), so that the 33 columns print one A4 page wide.
_MAX_WIDTH = 16
#: the header's labels wrap at this width (over two or three lines for the long ones)
_HEADER_WIDTH = 6
#: ruled empty rows the template prints under its header, to fill in by hand
TEMPLATE_PRINTED_ROWS = 20
# Excel's day 1 is 1900-01-01 and it has a false 1900-02-29: earlier dates are written as text.
_FIRST_EXCEL_DATE = dt.date(1900, 3, 1)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DIMENSION_RE = re.compile(rb'<dimension ref="[^"]*"')
_MAX_CELL_CHARS = 32767

# What the template's dropdowns offer.
_CHOICES: dict[str, Sequence[str]] = {
    "sex": tuple(SEX.values()),
    "category": tuple(CATEGORIES.values()),
    "activity_class": tuple(ACTIVITY_CLASSES.values()),
    "report_status": tuple(REPORT_STATUSES.values()),
    "status": tuple(PERSON_STATUSES.values()),
    **dict.fromkeys(CARE_FLAGS, (YES,)),
}
_DATE_EXAMPLES = "2008.06.30、2008-06-30 或 2008年6月30日；只知道年月的写 2008.06"
_GUIDE: dict[str, str] = {
    SEQ_LABEL: "可不填，导入时忽略。",
    "name": "必填。少数民族姓名中间的点写作“·”（如 阿依古丽·买买提）；生僻字可直接输入。",
    "sex": "从下拉列表选择：男、女。填了身份证号的可不填，以身份证号为准。",
    "ethnicity": "如 汉族、回族、满族。",
    "birth_date": "如 1948.03 或 1948-03-15。填了身份证号的可不填，以身份证号为准。",
    "id_number": "18 位公民身份号码，末位 X 大小写均可。本列已设为文本格式，请勿改为数值，"
    "否则会显示成 3.7E+17 这样的科学计数法，后几位变成 0。",
    "work_unit": "离退休前的工作单位。",
    "position": "离退休前的职务。",
    "rank": "如 正处级、副局级。",
    "category": "必填。从下拉列表选择：离休、退休。",
    "retire_date": f"日期，如 {_DATE_EXAMPLES}。",
    "political_status": "如 中共党员、群众、民主党派名称。",
    "party_branch": "所在的离退休干部党支部名称。",
    "activity_class": "党员的活动类别，从下拉列表选择：" + "、".join(ACTIVITY_CLASSES.values()) + "。",
    "report_status": "党员到居住地社区报到情况，从下拉列表选择：已报到、未报到。",
    "report_date": f"日期，如 {_DATE_EXAMPLES}。",
    "phone_mobile": "11 位手机号码。本列为文本格式。",
    "phone_home": "固定电话须带区号，如 0532-88881234。本列为文本格式。",
    "address": "现居住地址。",
    "emergency_contact": "紧急联系人姓名（可注明关系，如 王丽（女儿））。",
    "emergency_phone": "手机号码，或带区号的固定电话。本列为文本格式。",
    "health_notes": "健康状况简要说明。",
    **{flag: f"属于“{label}”情况的填“是”，否则留空。" for flag, label in CARE_FLAGS.items()},
    "interests": "多个用顿号“、”或逗号分隔，如 书法、摄影。",
    "talent_tags": "银色人才库标签，多个用顿号“、”或逗号分隔，如 红色宣讲员、文体活动指导员。",
    "status": "从下拉列表选择：" + "、".join(PERSON_STATUSES.values()) + "。",
    "status_date": f"去世或迁出的日期，如 {_DATE_EXAMPLES}。",
    "moved_to": "人员状态为“迁出”时必填：迁往何处。",
    "notes": "其他需要说明的情况。",
}
_GUIDE_INTRO = (
    "1. 第一行是表头，请勿修改、删除或调换列的顺序；从第二行起每行填写一位老同志。",
    "2. 带下拉箭头的列请从列表中选择。",
    "3. 身份证号、电话和日期列已设为文本格式，按原样填写即可。"
    "从其他表格复制时请用“选择性粘贴 → 数值”，以免带入数值格式。",
    f"4. 日期可写成 {_DATE_EXAMPLES}。",
    "5. 必填项：姓名、离退休类别。",
)


# -- measuring --------------------------------------------------------------------------


def _shown_width(value: Any, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date) and number_format:
        return len(number_format)
    return text_width(str(value))


def _column_widths(columns: Sequence[_Column], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Widths from the header, the given (first) rows and each column's minimum, capped."""
    widths = []
    for i, col in enumerate(columns):
        content = max((_shown_width(row[i], col.number_format) for row in rows), default=0)
        # the bold header (wrapped over two lines when long) carries the autofilter's dropdown button
        label = min(text_width(col.label), max(_HEADER_WIDTH, (text_width(col.label) + 2) // 3 + 1))
        wanted = max(label + 3, content + 2, _MIN_WIDTHS.get(col.field, 0))
        widths.append(max(min(wanted, _MAX_WIDTH), _MIN_WIDTHS.get(col.field, 0)))
    return widths


# -- cell values --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    field: str
    label: str
    number_format: str | None
    value: Callable[[Any], Any]  # database value → cell value (None for an empty cell)


def _clean(value: Any) -> str | None:
    """Text for a cell, without the characters XML cannot hold; None for empty."""
    if value is None or value == "":
        return None
    text = str(value)
    if _NOT_XML_RE.search(text):
        text = _NOT_XML_RE.sub("", text)
    return text[:_MAX_CELL_CHARS] or None


def _date_value(number_format: str) -> Callable[[Any], Any]:
    shown = "%Y-%m" if number_format == MONTH_FORMAT else "%Y-%m-%d"

    def value(d: dt.date | None) -> Any:
        if d is None:
            return None
        return d if d >= _FIRST_EXCEL_DATE else d.strftime(shown)

    return value


def _labelled(labels: dict[str, str]) -> Callable[[Any], str | None]:
    def value(code: str | None) -> str | None:
        return (labels.get(code) or _clean(code)) if code else None

    return value


def _flag(value: bool) -> str | None:
    return YES if value else None


def _joined(items: list[str] | None) -> str | None:
    return _clean("、".join(items)) if items else None


def _masked_id(number: str | None) -> str | None:
    return _clean(mask_id_number(number))


def _masked_phone(number: str | None) -> str | None:
    return _clean(mask_phone(number))


def _masked_address(address: str | None) -> str | None:
    return _clean(mask_address(address))


def _masked_health(notes: str | None) -> str | None:
    return _clean(mask_health(notes))


def _columns(*, mask: bool) -> list[_Column]:
    columns = []
    for field in FIELDS:
        convert: Callable[[Any], Any] = _clean
        if field in _LABELS:
            convert = _labelled(_LABELS[field])
        elif field in _DATE_FORMATS:
            convert = _date_value(_DATE_FORMATS[field])
        elif field in CARE_FLAGS:
            convert = _flag
        elif field in ("interests", "talent_tags"):
            convert = _joined
        elif mask and field == "id_number":
            convert = _masked_id
        elif mask and field in _PHONE_FIELDS:
            convert = _masked_phone
        elif mask and field == "address":
            convert = _masked_address
        elif mask and field == "health_notes":
            convert = _masked_health
        columns.append(_Column(field, PERSON_FIELDS[field], _NUMBER_FORMATS.get(field), convert))
    return columns


# -- files --------------------------------------------------------------------------------


def _save_atomically(path: Path, write: Callable[[Path], None]) -> None:
    save_atomically(path, write, opened_by="其他程序（如 Excel、WPS）")


# -- the roster ---------------------------------------------------------------------------


def export_roster(
    app: App,
    path: Path,
    *,
    include_left: bool = True,
    full_data: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write the roster to an .xlsx workbook; returns the number of people written.

    People in the roster order (在册 first, then by pinyin); deleted people never.
    ``include_left=False`` leaves out people who died or moved away.  ID and phone numbers,
    addresses and health notes are masked unless ``full_data`` (the administrator's data
    export, which can be imported back), which raises
    :class:`~.permissions.PermissionDenied` for a user not allowed to export full data.  A
    full-data export is marked 含个人信息 注意保密 with who exported it and when: in a row above
    the header and in the header of every printed page.
    """
    path = Path(path)
    mask = not Disclosure.for_export(app.actor, full_data).full
    marking = None if mask else marking_text(app.actor.name, dt.datetime.now())
    token = cancel or CancelToken()
    written = 0

    def write(tmp: Path) -> None:
        nonlocal written
        written = _write_roster(
            app, tmp, include_left=include_left, mask=mask, marking=marking, progress=progress, cancel=token
        )

    progress(0.0, "正在导出人员信息台账……")
    _save_atomically(path, write)
    progress(1.0, f"已导出 {written} 人。")
    return written


@contextmanager
def _roster_rows(app: App, *, include_left: bool) -> Iterator[tuple[int, Iterator[Sequence[Any]]]]:
    """(number of people, batches of their field values in roster order), from one read."""
    status_order = case(
        {code: i for i, code in enumerate(PERSON_STATUSES)}, value=Person.status, else_=len(PERSON_STATUSES)
    )
    where = [Person.deleted.is_(False)]
    if not include_left:
        where.append(Person.status == "active")
    stmt = (
        select(*(getattr(Person, f) for f in FIELDS))
        .where(*where)
        .order_by(status_order, Person.name_pinyin, Person.id)
        .execution_options(yield_per=BATCH_SIZE)
    )
    with app.read() as session:  # one read transaction: the count and the rows agree
        total = session.scalar(select(func.count()).select_from(Person).where(*where)) or 0
        yield total, session.execute(stmt).partitions()


def _write_roster(
    app: App,
    path: Path,
    *,
    include_left: bool,
    mask: bool,
    marking: str | None = None,
    progress: Progress,
    cancel: CancelToken,
) -> int:
    columns = _columns(mask=mask)
    with _roster_rows(app, include_left=include_left) as (total, batches):
        cell_rows = (
            [[col.value(v) for col, v in zip(columns, row, strict=True)] for row in batch] for batch in batches
        )
        return _write_workbook(path, columns, total, cell_rows, marking=marking, progress=progress, cancel=cancel)


def _write_workbook(
    path: Path,
    columns: Sequence[_Column],
    total: int,
    batches: Iterator[list[list[Any]]],
    *,
    marking: str | None = None,
    progress: Progress,
    cancel: CancelToken,
) -> int:
    """Write ``total`` rows of cell values, coming in batches, as the roster workbook (under
    the ``marking`` row when one is given)."""
    from openpyxl.utils import get_column_letter

    first = next(batches, [])
    # openpyxl makes the workbook around the rows: styles, sheet settings, the header.
    wb, ws = _roster_workbook(columns, first, seq_digits=len(str(total)), marking=marking)
    header = ws.max_row
    last = f"{get_column_letter(len(HEADER))}{total + header}"
    ws.auto_filter.ref = f"A{header}:{last}"
    rows = _RowWriter(ws, columns)
    shell = BytesIO()
    wb.save(shell)
    part = ws.path.lstrip("/")

    # The rows, nearly all the work, go straight into its sheet XML: five times faster than
    # through openpyxl's cell objects (measured with and without lxml).
    done = 0
    with ZipFile(shell) as src, ZipFile(path, "w", ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info))
                continue
            head, tail = _split_sheet(src.read(info), last)
            with dst.open(part, "w") as out:
                out.write(head)
                for values in chain([first], batches):
                    cancel.check()
                    out.write(rows.xml(values, start=done + 1, offset=header))
                    done += len(values)
                    progress(0.99 * done / max(total, 1), f"正在导出人员信息台账：{done}/{total} 人")
                if done != total:  # cannot happen: the count and the rows come from one read
                    raise RuntimeError(f"roster export wrote {done} rows, expected {total}")
                out.write(tail)
    return done


def _roster_workbook(
    columns: Sequence[_Column], sample: Sequence[Sequence[Any]], *, seq_digits: int, marking: str | None = None
) -> Any:
    """A workbook with the roster sheet: the marking row (full data), the header, column widths,
    frozen header, and its print setup (A4 landscape, one page wide, the header repeated)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    use_default_font(wb)
    ws = wb.active
    ws.title = SHEET_TITLE
    widths = [max(text_width(SEQ_LABEL) + 4, seq_digits + 2), *_column_widths(columns, sample)]
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if marking:
        ws.append([marking])
        ws["A1"].font = font(heading=True, size=10, bold=True, colour="C00000")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=min(len(HEADER), 12))
        ws.row_dimensions[1].height = row_height(1)
    ws.append(HEADER)
    header = ws.max_row
    bold, centred = font(heading=True, bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
    fill, border = PatternFill("solid", fgColor="E8E8E8"), thin_border()
    lines = 1
    for i, cell in enumerate(ws[header]):
        cell.font, cell.alignment, cell.fill, cell.border = bold, centred, fill, border
        lines = max(lines, wrapped_lines(HEADER[i], widths[i]))
    ws.row_dimensions[header].height = row_height(lines)
    for i, col in enumerate(columns, 2):
        if col.number_format == TEXT_FORMAT:  # rows added below the data are text too
            ws.column_dimensions[get_column_letter(i)].number_format = TEXT_FORMAT
    ws.freeze_panes = f"C{header + 1}"  # the header, 序号 and 姓名 stay in view
    setup_page(ws, landscape=True, title_rows=(header, header), marking=marking)
    return wb, ws


def _split_sheet(xml: bytes, last: str) -> tuple[bytes, bytes]:
    """openpyxl's sheet XML, cut where the data rows go, its dimension set to A1:``last``."""
    head, end, tail = xml.partition(b"</sheetData>")
    head, found = _DIMENSION_RE.subn(b'<dimension ref="A1:' + last.encode() + b'"', head, count=1)
    if not end or not found:
        raise RuntimeError("unexpected worksheet XML from openpyxl")
    return head, end + tail


class _RowWriter:
    """Rows of cell values (str, date or None) as worksheet XML, with the columns' styles
    (宋体, ruled, wrapped) and each row's height from its text."""

    def __init__(self, ws: Any, columns: Sequence[_Column]) -> None:
        from openpyxl.cell import Cell
        from openpyxl.styles import Alignment
        from openpyxl.utils import get_column_letter

        body, border = font(), thin_border()

        def style(number_format: str | None, horizontal: str) -> str:
            probe = Cell(ws)
            probe.font, probe.border = body, border
            probe.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if number_format:
                probe.number_format = number_format
            return f' s="{probe.style_id}"'  # registers the style in the workbook

        self.seq_style = style(None, "center")
        self.columns: list[tuple[str, str]] = []  # (letter, style attribute)
        self.widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(2, len(columns) + 2)]
        for i, col in enumerate(columns, 2):
            self.columns.append((get_column_letter(i), style(col.number_format, "left")))

    def xml(self, rows: Sequence[Sequence[Any]], *, start: int, offset: int = 1) -> bytes:
        parts = []
        single = row_height(1, BODY_SIZE)
        for seq, values in enumerate(rows, start):
            r = str(seq + offset)
            cells = [f'<c r="A{r}"{self.seq_style}><v>{seq}</v></c>']
            lines = 1
            for (letter, style), width, value in zip(self.columns, self.widths, values, strict=True):
                if value is None:  # written, ruled; an empty ID or phone cell stays text
                    cells.append(f'<c r="{letter}{r}"{style}/>')
                elif value.__class__ is str:
                    space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                    cells.append(f'<c r="{letter}{r}"{style} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>')
                    if len(value) * 2 > width:  # might wrap
                        lines = max(lines, wrapped_lines(value, width))
                elif isinstance(value, dt.date):
                    cells.append(f'<c r="{letter}{r}"{style}><v>{(value - _EXCEL_EPOCH).days}</v></c>')
                else:
                    raise TypeError(f"unexpected cell value {value!r}")
            height = single if lines == 1 else row_height(lines, BODY_SIZE)
            parts.append(f'<row r="{r}" ht="{height}" customHeight="1">')
            parts.extend(cells)
            parts.append("</row>")
        return "".join(parts).encode("utf-8", "replace")


# -- the import template ------------------------------------------------------------------


def write_import_template(path: Path) -> None:
    """An empty roster to fill in and import: the export's header, dropdowns and a guide sheet."""
    path = Path(path)
    _save_atomically(path, _write_template)


def _write_template(path: Path) -> None:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = _columns(mask=False)
    wb, ws = _roster_workbook(columns, [], seq_digits=1)
    body, border = font(), thin_border()
    wrap = Alignment(vertical="center", wrap_text=True)
    for i, col in enumerate(columns, 2):
        letter = get_column_letter(i)
        # ID and phone numbers and dates stay exactly as typed (no 3.7E+17, no 1948.1 for 1948.10).
        if col.number_format:
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
            for row in range(2, TEMPLATE_ROWS + 1):
                ws.cell(row=row, column=i).number_format = TEXT_FORMAT
        if col.field in _CHOICES:
            choices = _CHOICES[col.field]
            dv = DataValidation(
                type="list",
                formula1='"' + ",".join(choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=f"{col.label}填写有误",
                error=f"请从下拉列表中选择：{'、'.join(choices)}。",
            )
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            ws.add_data_validation(dv)
    # printed: the header and ruled rows to fill in by hand
    last = 1 + TEMPLATE_PRINTED_ROWS
    for row in range(2, last + 1):
        ws.row_dimensions[row].height = row_height(2)
        for col in range(1, len(HEADER) + 1):
            cell = ws.cell(row=row, column=col)
            cell.font, cell.border, cell.alignment = body, border, wrap
    ws.print_area = f"A1:{get_column_letter(len(HEADER))}{last}"

    guide = wb.create_sheet(GUIDE_TITLE)
    widths = {"A": 16, "B": 76}
    for letter, width in widths.items():
        guide.column_dimensions[letter].width = width
    guide.append(["人员信息台账导入模板 填写说明"])
    guide["A1"].font = font(heading=True, size=14, bold=True)
    guide.merge_cells("A1:B1")
    guide.row_dimensions[1].height = 26
    for line in _GUIDE_INTRO:
        guide.append([line])
        r = guide.max_row
        guide.merge_cells(f"A{r}:B{r}")
        guide.cell(r, 1).font, guide.cell(r, 1).alignment = body, wrap
        guide.row_dimensions[r].height = row_height(wrapped_lines(line, sum(widths.values())))
    guide.append([])
    guide.append(["列名", "填写要求"])
    header = guide.max_row
    fill, bold = PatternFill("solid", fgColor="E8E8E8"), font(heading=True, bold=True)
    for cell in guide[header]:
        cell.font, cell.fill, cell.border = bold, fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    guide.row_dimensions[header].height = row_height(1)
    for label, text in [(SEQ_LABEL, _GUIDE[SEQ_LABEL]), *((col.label, _GUIDE[col.field]) for col in columns)]:
        guide.append([label, text])
        r = guide.max_row
        for cell in guide[r]:
            cell.font, cell.border, cell.alignment = body, border, wrap
        lines = max(wrapped_lines(label, widths["A"]), wrapped_lines(text, widths["B"]))
        guide.row_dimensions[r].height = row_height(lines)
    guide.freeze_panes = f"A{header + 1}"
    setup_page(guide, landscape=False, title_rows=(header, header))
    wb.save(path)
