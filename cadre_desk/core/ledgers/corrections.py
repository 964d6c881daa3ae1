"""更正记录: the corrections made to a closed month since it was archived, printed before the
ledgers of a "重新生成（含更正）" print so the paper says how it differs from the archive."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .columns import Col
from .data import MonthBook
from .pdf import Part, Writer, body_width, closing_block, heading

CORRECTION_TITLE = "更正记录"


@dataclass(frozen=True)
class CorrectionLine:
    """One corrected record: when, by whom, what kind of change, and each field old → new."""

    at: dt.datetime
    user: str
    action: str  # 更正 / 补录 / 更正·删除 / 更正·恢复 (audit.CORRECTION_ACTIONS)
    kind: str  # 活动, 签到, 走访 …
    record: str  # the record's name (活动名称, 人员 · 日期 …)
    #: (field, before, after) as a person reads them
    fields: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class CorrectedMonth:
    """What the 更正记录 part shows about the close it departs from."""

    station: str
    period: str  # 2026年10月
    closed_at: dt.datetime
    closed_by: str
    pdf_sha256: str
    pages: int
    lines: tuple[CorrectionLine, ...]
    #: the activities corrected since the close (their titles are marked in the ledgers)
    activity_ids: frozenset[str] = frozenset()


CORRECTED_MARK = "※"


def mark_corrected(books: Sequence[MonthBook], activity_ids: frozenset[str]) -> int:
    """Put :data:`CORRECTED_MARK` before the title of every corrected activity (in the activity
    ledger, its sign-in book and its record book alike); returns how many were marked."""
    marked = 0
    for book in books:
        for row in book.activities:
            if row.activity_id in activity_ids and not row.title.startswith(CORRECTED_MARK):
                row.title = f"{CORRECTED_MARK}{row.title}"
                marked += 1
    return marked


def _change_text(line: CorrectionLine) -> str:
    if line.action.endswith("删除"):
        return "删除了这条记录"
    if line.action.endswith("恢复"):
        return "恢复了这条记录"
    if line.action == "补录":
        shown = [f"{f}：{after}" for f, _before, after in line.fields if after]
        return "补录：" + "；".join(shown) if shown else "补录了这条记录"
    return "\n".join(f"{f}：{before or '（空）'} → {after or '（空）'}" for f, before, after in line.fields)


def correction_part(w: Writer, month: CorrectedMonth, *, marked: int = 0) -> Part:
    """The 更正记录 of a closed month (portrait), with the archive it departs from;
    ``marked``: how many activities carry :data:`CORRECTED_MARK` in the ledgers after it."""
    title = f"{month.station} {month.period} {CORRECTION_TITLE}（重新生成，含更正）"
    width = body_width(False)
    fixed = (9, 27, 16, 13, 38)
    columns: Sequence[Col] = (
        Col("序号", fixed[0], "seq"),
        Col("更正时间", fixed[1], "date"),
        Col("更正人", fixed[2], "centre"),
        Col("类别", fixed[3], "centre"),
        Col("记录", fixed[4]),
        Col("更正内容（原 → 现）", width - sum(fixed)),
    )
    rows = [
        [
            str(n),
            f"{line.at:%Y-%m-%d %H:%M}",
            line.user,
            line.action,
            f"{line.kind}：{line.record}" if line.record else line.kind,
            _change_text(line),
        ]
        for n, line in enumerate(month.lines, start=1)
    ]
    flow = heading(
        w,
        title,
        f"{month.period}已于 {month.closed_at:%Y-%m-%d %H:%M} 由{month.closed_by or '管理员'}月结归档"
        f"（归档文件 {month.pages} 页，SHA-256 {month.pdf_sha256[:16]}…）",
        f"归档后更正 {len(rows)} 处",
        landscape_page=False,
    )
    flow.append(
        w.para(
            "以下记录在月结归档之后由管理员更正或补录。本册其后的各台账按更正后的数据重新生成，"
            "与归档文件的不同之处即在于此；归档文件本身未作改动。"
            + (f"台账中活动名称前标有“{CORRECTED_MARK}”的 {marked} 场活动在归档后有更正。" if marked else ""),
            w.styles.note,
        )
    )
    if rows:
        flow.append(w.table(columns, rows, size=9))
    else:
        flow.append(w.para("归档之后没有更正。", w.styles.value))
    flow.append(closing_block(w, landscape_page=False))
    return Part(title, False, flow)
