"""The talent pool (银色人才库): people by talent tag, with contact details and service hours."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from ..app import App
from ..files import save_atomically
from ..jobs import CancelToken, Progress, no_progress
from ..models import Person, ServiceRecord
from ..privacy import Disclosure
from ..validators import normalize_text
from ..vocab import CATEGORIES, SEX, TALENT_TAGS
from .browse import age_on
from .setup import install_info

SHEET_TITLE = "银色人才库"


@dataclass(frozen=True)
class Talent:
    person_id: str
    name: str
    sex: str  # 男 / 女
    age: int | None
    category: str  # 离休 / 退休
    tags: tuple[str, ...]
    party_branch: str
    work_unit: str
    position: str
    phone_mobile: str
    phone_home: str
    address: str
    hours_total: Decimal  # volunteer service, all time
    hours_year: Decimal  # volunteer service this calendar year


def talent_tags_in_use(app: App) -> list[tuple[str, int]]:
    """Every tag carried by someone in the roster, with how many carry it; the usual tags first."""
    counts: Counter[str] = Counter()
    with app.read() as s:
        for (tags,) in s.execute(
            select(Person.talent_tags).where(
                Person.deleted.is_(False), Person.status == "active", func.json_array_length(Person.talent_tags) > 0
            )
        ):
            counts.update(set(tags or []))
    order = {tag: i for i, tag in enumerate(TALENT_TAGS)}
    return sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), -kv[1], kv[0]))


def talent_pool(app: App, tag: str | None = None, text: str = "", *, today: dt.date | None = None) -> list[Talent]:
    """People in the roster with a talent tag (``tag`` narrows to one), by pinyin.

    ``text`` matches the name, pinyin, initials, a tag or the work unit."""
    today = today or dt.date.today()
    needle = normalize_text(text).lower()
    this_year = (ServiceRecord.date >= dt.date(today.year, 1, 1)) & (ServiceRecord.date <= today)
    with app.read() as s:
        people = s.execute(
            select(
                Person.id,
                Person.name,
                Person.sex,
                Person.birth_date,
                Person.category,
                Person.talent_tags,
                Person.party_branch,
                Person.work_unit,
                Person.position,
                Person.phone_mobile,
                Person.phone_home,
                Person.address,
                Person.name_pinyin,
                Person.name_initials,
            )
            .where(Person.deleted.is_(False), Person.status == "active", func.json_array_length(Person.talent_tags) > 0)
            .order_by(Person.name_pinyin, Person.id)
        ).all()
        hours = {
            pid: (Decimal(total), Decimal(year))
            for pid, total, year in s.execute(
                select(
                    ServiceRecord.person_id,
                    func.sum(ServiceRecord.hours),
                    func.coalesce(
                        func.sum(ServiceRecord.hours).filter(this_year),
                        0,
                    ),
                )
                .where(ServiceRecord.deleted.is_(False))
                .group_by(ServiceRecord.person_id)
            )
        }
    out = []
    zero = (Decimal("0.00"), Decimal("0.00"))
    for row in people:
        tags = tuple(row.talent_tags or ())
        if not tags or (tag and tag not in tags):
            continue
        if needle:
            haystack = "|".join((row.name, row.name_pinyin, row.name_initials, row.work_unit, *tags)).lower()
            if needle not in haystack:
                continue
        total, year = hours.get(row.id, zero)
        out.append(
            Talent(
                row.id,
                row.name,
                SEX.get(row.sex or "", ""),
                age_on(row.birth_date, today),
                CATEGORIES.get(row.category or "", ""),
                tags,
                row.party_branch,
                row.work_unit,
                row.position,
                row.phone_mobile,
                row.phone_home,
                row.address,
                total,
                year,
            )
        )
    return out


HEADER = (
    "序号",
    "姓名",
    "性别",
    "年龄",
    "离退休类别",
    "人才类别",
    "所在党支部",
    "原工作单位",
    "原职务",
    "手机号码",
    "固定电话",
    "家庭住址",
    "累计服务时长（小时）",
    "本年服务时长（小时）",
)
#: column widths (Excel units); the hours columns hold "累计服务时长（小时）" on one line
WIDTHS = (6, 10, 6, 6, 10, 24, 20, 22, 14, 15, 16, 26, 22, 22)


def export_talent_pool(
    app: App,
    path: Path,
    *,
    tag: str | None = None,
    text: str = "",
    mask: bool = False,
    today: dt.date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write the talent pool (as the page shows it) to an .xlsx workbook; returns the rows written.

    The sheet is titled with the station and the tag, has a frozen header, filters and
    prints on A4 landscape, one page wide, the header repeated on every page.  ``mask`` hides
    the middle digits of phone numbers and the house numbers of addresses (as every masked
    export does); unmasked, the export is for users allowed to export full data
    (:class:`~..permissions.PermissionDenied` otherwise) and is marked 含个人信息 注意保密 with
    who exported it, under the title and in the header of every printed page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    from ..excel_print import (
        font,
        marking_text,
        row_height,
        setup_page,
        thin_border,
        use_default_font,
        wrapped_lines,
    )

    shown = Disclosure.for_export(app.actor, full_data=not mask)
    token = cancel or CancelToken()
    today = today or dt.date.today()
    progress(0.0, "正在导出银色人才库……")
    rows = talent_pool(app, tag, text, today=today)
    info = install_info(app)
    station = info.station_name if info else ""
    title = f"{station} 银色人才库" + (f"（{tag}）" if tag else "")
    marking = marking_text(app.actor.name, dt.datetime.now()) if shown.full else None
    summary = f"导出日期：{today.isoformat()}　共 {len(rows)} 人"

    def write(tmp: Path) -> None:
        token.check()
        wb = Workbook()
        use_default_font(wb)
        ws = wb.active
        ws.title = SHEET_TITLE
        for i, width in enumerate(WIDTHS, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ncols = len(HEADER)
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws["A1"].font = font(heading=True, size=14, bold=True)
        ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 26
        ws.append([f"{marking}　{summary}" if marking else summary])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
        ws["A2"].font = font(heading=True, size=10, bold=True, colour="C00000") if marking else font(size=10)
        ws.row_dimensions[2].height = row_height(1)
        ws.append(list(HEADER))
        border, body = thin_border(), font()
        wrap = {h: Alignment(horizontal=h, vertical="center", wrap_text=True) for h in ("left", "center", "right")}
        fill, bold = PatternFill("solid", fgColor="E8E8E8"), font(heading=True, bold=True)
        for cell in ws[3]:
            cell.font, cell.alignment, cell.fill, cell.border = bold, wrap["center"], fill, border
        ws.row_dimensions[3].height = row_height(max(wrapped_lines(h, w) for h, w in zip(HEADER, WIDTHS, strict=True)))
        for i, t in enumerate(rows, 1):
            if i % 200 == 0:
                token.check()
                progress(i / max(len(rows), 1), f"正在导出银色人才库：{i}/{len(rows)} 人")
            values = [
                i,
                t.name,
                t.sex or None,
                t.age,
                t.category or None,
                "、".join(t.tags),
                t.party_branch or None,
                t.work_unit or None,
                t.position or None,
                shown.phone(t.phone_mobile) or None,
                shown.phone(t.phone_home) or None,
                shown.address(t.address) or None,
                float(t.hours_total),  # a number Excel can sum; hours have at most 2 places
                float(t.hours_year),
            ]
            ws.append(values)
            r = ws.max_row
            lines = 1
            for c, (value, width) in enumerate(zip(values, WIDTHS, strict=True), 1):
                cell = ws.cell(r, c)
                cell.font, cell.border = body, border
                cell.alignment = wrap["right" if c >= 13 else "center" if c in (1, 3, 4, 5) else "left"]
                if isinstance(value, str):
                    lines = max(lines, wrapped_lines(value, width))
            ws.row_dimensions[r].height = row_height(lines)
        for col in ("J", "K"):  # phone numbers stay text
            for cell in ws[col][3:]:
                cell.number_format = "@"
        for col in ("M", "N"):
            for cell in ws[col][3:]:
                cell.number_format = "0.##"
        ws.freeze_panes = "C4"
        if rows:
            ws.auto_filter.ref = f"A3:{get_column_letter(len(HEADER))}{len(rows) + 3}"
        setup_page(ws, landscape=True, title_rows=(3, 3), marking=marking)
        wb.save(tmp)

    save_atomically(Path(path), write, opened_by="其他程序（如 Excel、WPS）")
    progress(1.0, f"已导出 {len(rows)} 人。")
    return len(rows)
