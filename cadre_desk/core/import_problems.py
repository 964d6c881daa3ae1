"""What a roster import left out, to correct and import again.

* :func:`export_problem_rows` saves the rows with errors and the duplicates as a workbook:
  the file's own columns (headings as written, each sheet under its own name, so a sheet
  named 离休干部 still says so) and a 问题 column saying what is wrong.  Once corrected, the
  workbook imports like any roster (the 问题 column is not a field and is left out).
* :func:`take_duplicate_row` settles a second row of the same person (same ID number) whose
  values differ (门牌 81号 against 87号): the import then takes this row's values instead of
  the first row's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .errors import DomainError
from .files import save_atomically
from .roster_import import ImportPlan, RowOutcome

PROBLEM_HEADER = "问题"
PROBLEM_KINDS = ("error", "duplicate")


def problem_rows(plan: ImportPlan) -> list[RowOutcome]:
    """The rows the import leaves out: errors, and duplicates (in the file's order)."""
    return [r for r in plan.rows if r.kind in PROBLEM_KINDS]


def export_problem_rows(plan: ImportPlan, out: Path) -> int:
    """Save the rows with errors and the duplicates of ``plan`` to ``out`` (an .xlsx) with
    their original columns and a 问题 column; returns how many rows were saved."""
    rows = problem_rows(plan)
    if not rows:
        raise DomainError("没有需要导出的问题行：所有行都可以导入。")
    source = _read_source(plan.path)
    by_sheet: dict[str, list[RowOutcome]] = {}
    for r in rows:
        by_sheet.setdefault(r.sheet, []).append(r)

    def write(tmp: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        wb = Workbook()
        wb.remove(wb.active)
        for layout in plan.layouts:
            wanted = by_sheet.get(layout.sheet)
            if not wanted:
                continue
            ws = wb.create_sheet(layout.sheet[:31])
            cells = source.get(layout.sheet, {})
            last_col = max([*layout.headers, *(c for r in wanted for c in cells.get(r.row, {}))], default=0)
            problem_col = last_col + 1
            for col, text in layout.headers.items():
                ws.cell(row=1, column=col, value=text).font = Font(bold=True)
            ws.cell(row=1, column=problem_col, value=PROBLEM_HEADER).font = Font(bold=True, color="B00020")
            for i, r in enumerate(wanted, start=2):
                for col, (value, number_format) in cells.get(r.row, {}).items():
                    cell = ws.cell(row=i, column=col, value=value)
                    if number_format:
                        cell.number_format = number_format
                note = ws.cell(row=i, column=problem_col, value=_problem_text(r))
                note.alignment = Alignment(wrap_text=True, vertical="top")
            for col in range(1, last_col + 1):
                ws.column_dimensions[get_column_letter(col)].width = 14
            ws.column_dimensions[get_column_letter(problem_col)].width = 60
            ws.freeze_panes = "A2"
        wb.save(tmp)

    save_atomically(Path(out), write, opened_by="Excel 或 WPS")
    return len(rows)


def _problem_text(r: RowOutcome) -> str:
    where = f"原第 {r.row} 行"
    kind = "有错误" if r.kind == "error" else "重复"
    return f"{kind}（{where}）：{r.reason}"


def _read_source(path: Path) -> dict[str, dict[int, dict[int, tuple[Any, str]]]]:
    """The file's cells: sheet -> row -> column -> (value, number format)."""
    from openpyxl import load_workbook

    try:
        with path.open("rb") as fh:
            wb = load_workbook(fh, data_only=True)
    except OSError as exc:
        from .files import os_error_text

        raise DomainError(f"无法再次读取“{path.name}”：{os_error_text(exc)}。请确认文件还在原处。") from None
    except Exception as exc:  # openpyxl raises many kinds on a file changed since it was checked
        raise DomainError(f"无法再次读取“{path.name}”：文件在检查之后被改动或损坏了，请重新选择文件。") from exc
    out: dict[str, dict[int, dict[int, tuple[Any, str]]]] = {}
    try:
        for ws in wb.worksheets:
            sheet: dict[int, dict[int, tuple[Any, str]]] = {}
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is None or not hasattr(cell, "column"):
                        continue
                    value = cell.value
                    fmt = cell.number_format if isinstance(value, dt.date | dt.datetime | int | float) else ""
                    sheet.setdefault(cell.row, {})[cell.column] = (value, "" if fmt == "General" else fmt)
            out[ws.title] = sheet
    finally:
        wb.close()
    return out


def take_duplicate_row(plan: ImportPlan, row: RowOutcome) -> RowOutcome:
    """Use this duplicate's values where it differs from the first row of the same person
    (same ID number); returns the row that will be imported.  The duplicate itself stays
    left out, its reason saying what was taken."""
    if row.kind != "duplicate" or not row.changes:
        raise DomainError("只有与前面某行身份证号相同、内容不同的重复行才能选择“采用本行”。")
    id_number = row.values.get("id_number")
    first = next(
        (
            r
            for r in plan.rows
            if r is not row and r.kind in ("new", "update", "skipped") and r.values.get("id_number") == id_number
        ),
        None,
    )
    if first is None:
        raise DomainError("找不到与本行身份证号相同的那一行，请重新检查文件。")
    for key, (kept, taken) in row.changes.items():
        first.values[key] = taken
        if first.person_id is not None:  # on the roster already: an update of what it holds
            stored = first.changes[key][0] if key in first.changes else kept
            if stored != taken:
                first.changes[key] = (stored, taken)
            else:
                first.changes.pop(key, None)
    if first.person_id is not None:
        first.kind = "update" if first.changes else "skipped"
        labels = "、".join(_label(k) for k in first.changes)
        first.reason = f"已在名册中：将更新 {labels}。" if first.changes else "已在名册中，内容没有变化。"
    where = f"第 {first.row} 行" if first.sheet == row.sheet else f"工作表“{first.sheet}”第 {first.row} 行"
    taken_fields = "、".join(_label(k) for k in row.changes)
    row.reason = f"已采用本行的{taken_fields}，与{where}合并为一人导入。"
    row.changes = {}
    return first


def _label(key: str) -> str:
    from .services.people import PERSON_FIELDS

    return PERSON_FIELDS.get(key, key)
