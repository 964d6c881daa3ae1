"""Import station rosters (花名册) from real-world .xlsx workbooks into the ``people`` table.

Two steps, so that staff see what will happen before anything is written:

* :func:`plan_import` reads every roster sheet, validates every row and says, row by row,
  what would happen (new person, update of a person already on the roster, duplicate,
  error).  It writes nothing.
* :func:`apply_import` writes all new and updated people of a plan in ONE transaction:
  everything or nothing.

Real rosters are messy; what this module copes with:

* title rows, a filing row (填报单位：… 填报日期：…) and merged cells above the header; a
  header spanning two rows (merged group cells such as 联系方式 over 手机 / 固定电话);
  a row of column numbers (1 2 3 …) under the header; the header repeated further down.
* header spellings (:data:`FIELD_SYNONYMS`); whitespace, newlines, full-width characters
  and brackets inside header cells are ignored, and so is a bracketed remark
  (身份证号码（18位）).  A 序号 or 年龄 column is simply not mapped.
* several roster sheets; the category (离休/退休) comes from the sheet title (离休干部 /
  退休干部) or from a section row (一、离休干部) when there is no category column.  Sheets
  without a roster header (说明 …) are left out.
* blank rows, total rows (合计, 共计 N 人 …) and note rows (注：…, 填表人：…): never
  imported, never reported as errors.
* cells merged down a column in the data area (类别 merged over a block of people).
* dates written every which way (see :func:`cadre_desk.core.validators.parse_loose_date`),
  including the number 1948.1 that Excel made of “1948.10” (resolved from the ID number
  when there is one).
* ID numbers: spaces, full-width digits and lower-case x are fine.  An ID number stored by
  Excel as a *number* has lost its last digits (Excel keeps 15 significant digits), so it is
  an error for that row and never stored — except a 15-digit legacy number, which fits a
  number exactly and is converted to 18 digits, and an 18-digit integer whose last three
  digits are not ``000`` (Excel's rounding leaves zeros there, so such a number was written
  by a program that kept every digit; its check digit is still verified).
* phone cells holding two numbers (手机/座机), or a landline in the 联系电话 column.

Choices worth knowing:

* an ID number already on the roster makes the row an *update* of that person: only fields
  whose cell is not blank are changed, nothing is ever blanked out, and the category that
  a sheet title implies is not applied to existing people.  If the name differs from the
  stored one, the row is an error (most likely a mistyped ID number).
* a row without an ID number (or a person on the roster without one) with the same name and
  birth month as someone on the roster, or earlier in the file, is a *duplicate* (not
  imported) unless ``allow_similar=True``.
* one bad cell makes the whole row an error (nothing of it is imported); the reason names
  every bad cell, e.g. ``"D7：身份证号校验位不正确…"``.

openpyxl is imported when a workbook is first read, not with this module.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import select

from . import xlsx_check
from .app import App
from .errors import DomainError
from .files import open_regular_file, os_error_text
from .jobs import CancelToken, Progress, no_progress
from .models import Person
from .pinyin import search_keys
from .services.base import own_station_id
from .services.people import PERSON_FIELDS, clean_person
from .validators import (
    ValidationError,
    mask_id_number,
    normalize_phone,
    normalize_text,
    parse_id_number,
    shown_text,
)
from .vocab import CARE_FLAGS, CATEGORIES

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

__all__ = [
    "FIELD_SYNONYMS",
    "ImportPlan",
    "ImportResult",
    "RowOutcome",
    "SheetLayout",
    "apply_import",
    "match_header",
    "plan_import",
    "read_layouts",
]

# ---------------------------------------------------------------------------------------
# Header words
# ---------------------------------------------------------------------------------------

#: Person field -> header spellings found on real rosters (compared ignoring whitespace,
#: full/half-width forms and brackets; a bracketed remark such as “（18位）” is ignored too).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "人员姓名", "干部姓名", "老干部姓名", "老同志姓名", "党员姓名", "离退休干部姓名"),
    "sex": ("性别",),
    "ethnicity": ("民族", "族别"),
    "birth_date": (
        "出生年月",
        "出生日期",
        "出生年月日",
        "出生时间",
        "出生年份",
        "生日",
        "出生年月(年.月)",
    ),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "身份证",
        "公民身份证号",
        "公民身份证号码",
        "居民身份证号",
        "居民身份证号码",
        "身份证件号码",
        "证件号码",
        "身份号码",
        "身份证编号",
    ),
    "work_unit": (
        "原工作单位",
        "工作单位",
        "原单位",
        "原所在单位",
        "退休单位",
        "离休单位",
        "离退休单位",
        "离退休前工作单位",
        "退休前工作单位",
        "单位",
    ),
    "position": ("原职务", "职务", "原任职务", "离退休前职务", "退休前职务", "职务职称"),
    "rank": ("职级", "原职级", "级别", "职级待遇", "享受待遇", "待遇", "行政级别", "现享受待遇"),
    "category": (
        "离退休类别",
        "类别",
        "离/退休",
        "离退休",
        "离休/退休",
        "离退",
        "人员类别",
        "干部类别",
        "离退类别",
        "离退休情况",
        "离休或退休",
        "离(退)休",
        "类型",
    ),
    "retire_date": (
        "离退休时间",
        "离退休日期",
        "离退休年月",
        "退休时间",
        "退休日期",
        "退休年月",
        "离休时间",
        "离休日期",
        "离休年月",
    ),
    "political_status": ("政治面貌", "党派", "政治身份"),
    "party_branch": (
        "所在党支部",
        "党支部",
        "所在支部",
        "支部",
        "党组织",
        "所在党组织",
        "组织关系所在党支部",
        "组织关系所在地",
    ),
    "activity_class": ("活动类别", "党员活动类别", "参加活动类别", "活动分类", "参加活动情况"),
    "report_status": ("社区报到", "是否报到", "报到情况", "社区报到情况", "是否社区报到", "是否到社区报到", "报到状态"),
    "report_date": ("报到时间", "报到日期", "社区报到时间", "社区报到日期"),
    "phone_mobile": (
        "手机",
        "联系电话",
        "联系方式",
        "手机号",
        "手机号码",
        "移动电话",
        "电话",
        "电话号码",
        "本人电话",
        "本人手机",
        "本人联系电话",
        "联系电话(手机)",
    ),
    "phone_home": (
        "固定电话",
        "固话",
        "座机",
        "家庭电话",
        "住宅电话",
        "宅电",
        "家庭固话",
        "联系电话(座机)",
        "联系电话(固话)",
    ),
    "address": (
        "家庭住址",
        "住址",
        "现住址",
        "家庭地址",
        "居住地址",
        "现居住地址",
        "现居住地",
        "居住地",
        "详细地址",
        "地址",
        "常住地址",
        "现家庭住址",
    ),
    "emergency_contact": ("紧急联系人", "联系人", "家属", "家属姓名", "亲属联系人", "紧急联系人姓名"),
    "emergency_phone": (
        "紧急联系电话",
        "紧急联系人电话",
        "联系人电话",
        "家属电话",
        "家属联系电话",
        "亲属电话",
        "紧急联系方式",
    ),
    "health_notes": ("健康状况", "身体状况", "健康情况", "身体情况", "身体健康状况"),
    "care_serious_illness": ("身患重病", "重病", "是否身患重病", "是否重病"),
    "care_major_change": ("家庭重大变故", "重大变故", "家庭出现重大变故", "是否家庭重大变故"),
    "care_living_alone": ("独居", "是否独居"),
    "care_empty_nest": ("空巢", "是否空巢"),
    "care_disabled": ("失能", "是否失能", "失能半失能"),
    "interests": ("兴趣爱好", "爱好", "兴趣"),
    "talent_tags": ("人才标签", "特长", "专长", "人才类别", "擅长领域", "个人特长"),
    "status": ("人员状态", "状态", "在册状态"),
    "status_date": ("状态变更日期", "去世时间", "去世日期", "迁出时间", "迁出日期"),
    "moved_to": ("迁往", "迁往何处", "迁出去向", "去向"),
    "notes": ("备注", "其他", "其他情况"),
}

# Tried in order when no spelling matches exactly: (all these words, field).
_CONTAINS_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("紧急", "电话"), "emergency_phone"),
    (("联系人", "电话"), "emergency_phone"),
    (("家属", "电话"), "emergency_phone"),
    (("亲属", "电话"), "emergency_phone"),
    (("紧急",), "emergency_contact"),
    (("联系人",), "emergency_contact"),
    (("家属",), "emergency_contact"),
    (("身份证",), "id_number"),
    (("身份号码",), "id_number"),
    (("出生",), "birth_date"),
    (("性别",), "sex"),
    (("民族",), "ethnicity"),
    (("政治面貌",), "political_status"),
    (("党支部",), "party_branch"),
    (("活动类别",), "activity_class"),
    (("报到时间",), "report_date"),
    (("报到日期",), "report_date"),
    (("报到",), "report_status"),
    (("退休时间",), "retire_date"),
    (("离休时间",), "retire_date"),
    (("退休日期",), "retire_date"),
    (("离休日期",), "retire_date"),
    (("离退休",), "category"),
    (("类别",), "category"),
    (("手机",), "phone_mobile"),
    (("固定电话",), "phone_home"),
    (("座机",), "phone_home"),
    (("固话",), "phone_home"),
    (("住宅电话",), "phone_home"),
    (("家庭电话",), "phone_home"),
    (("电话",), "phone_mobile"),
    (("住址",), "address"),
    (("地址",), "address"),
    (("居住地",), "address"),
    (("工作单位",), "work_unit"),
    (("原单位",), "work_unit"),
    (("职务",), "position"),
    (("职级",), "rank"),
    (("健康",), "health_notes"),
    (("爱好",), "interests"),
    (("特长",), "talent_tags"),
    (("备注",), "notes"),
    (("姓名",), "name"),
)

_TITLE_WORDS = re.compile(r"名册|名单|一览|统计|汇总|登记表|情况表|花名")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "{": "(", "}": ")"})
_HEADER_JUNK = re.compile(r"[\s*※★☆▲:：]+")
_BRACKETED = re.compile(r"\([^()]*\)")


def _norm_header(text: str) -> str:
    """A header cell as compared: no whitespace or required-marks, half-width, () brackets."""
    return _HEADER_JUNK.sub("", normalize_text(text).translate(_BRACKETS)).lower()


def _exact_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, words in FIELD_SYNONYMS.items():
        for word in (PERSON_FIELDS[key], *words):
            table.setdefault(_norm_header(word), key)
    return table


_EXACT = _exact_table()


def match_header(text: Any, *, loose: bool = True) -> str | None:
    """The person field a header cell names (``"身 份 证\\n号码（18位）"`` → ``"id_number"``), or None.

    Spellings in :data:`FIELD_SYNONYMS` match exactly (whitespace, full-width forms and a
    bracketed remark aside); with ``loose`` a header that merely contains a telling word
    (现家庭住址 → address) matches too.
    """
    if not isinstance(text, str):
        return None
    key = _norm_header(text)
    if key.startswith("(") and key.endswith(")") and key.count("(") == 1:
        key = key[1:-1]  # 【备注】
    if not key or len(key) > 40:
        return None
    if key in _EXACT:
        return _EXACT[key]
    bare = _BRACKETED.sub("", key)
    if bare in _EXACT:
        return _EXACT[bare]
    if not loose or not bare or len(bare) > 10 or any(ch.isdigit() for ch in bare) or _TITLE_WORDS.search(bare):
        return None
    for words, found in _CONTAINS_RULES:
        if all(w in bare for w in words):
            return found
    return None


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass
class SheetLayout:
    """Where the roster is on one sheet and which column holds which field."""

    sheet: str  # sheet title
    header_row: int  # 1-based row number of the (top) header row
    columns: dict[str, int]  # person field -> 1-based column index (the user may correct it)
    headers: dict[int, str]  # 1-based column index -> header text as written
    category_from_sheet: str | None  # "lixiu"/"tuixiu" from the sheet title when there is no category column
    first_data_row: int


@dataclass
class RowOutcome:
    """What importing one row would do."""

    sheet: str
    row: int  # 1-based Excel row number
    kind: str  # "new" | "update" | "duplicate" | "error" | "skipped" (on the roster already, nothing new)
    name: str
    values: dict[str, Any]  # cleaned person fields (for new/update: what will be written)
    person_id: str | None  # the existing person for "update"/"skipped"
    reason: str  # Chinese, naming the cell, for errors/duplicates/updates
    cell: str | None  # e.g. "D7"
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # update: field -> (now, after)
    search_keys: tuple[str, str] | None = field(default=None, repr=False)


KINDS = ("new", "update", "duplicate", "error", "skipped")
_KIND_WORDS = {"new": "新增", "update": "更新", "skipped": "无变化", "duplicate": "重复", "error": "有错误"}


@dataclass
class ImportPlan:
    """Everything :func:`plan_import` found; :func:`apply_import` writes its new and update rows."""

    path: Path
    layouts: list[SheetLayout]
    rows: list[RowOutcome]
    ignored_sheets: list[str] = field(default_factory=list)  # sheets that are not a roster
    allow_similar: bool = False

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for r in self.rows:
            out[r.kind] += 1
        return out

    @property
    def importable(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.kind in ("new", "update")]

    @property
    def errors(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.kind == "error"]

    @property
    def duplicates(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.kind == "duplicate"]

    def summary(self) -> str:
        c = self.counts
        parts = [f"{_KIND_WORDS[k]} {c[k]} 人" for k in ("new", "update", "skipped") if c[k]]
        parts += [f"{_KIND_WORDS[k]} {c[k]} 行" for k in ("duplicate", "error") if c[k]]
        sheets = "、".join(f"“{lay.sheet}”" for lay in self.layouts)
        body = "，".join(parts) if parts else "没有人员数据"
        return f"共读取 {len(self.rows)} 行（工作表 {sheets}）：{body}。"


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int = 0
    seconds: float = 0.0
    errors: int = 0  # rows with errors, not imported
    duplicates: int = 0  # rows that repeat a person, skipped

    def summary(self) -> str:
        parts = [f"新增 {self.created} 人"]
        if self.updated:
            parts.append(f"更新 {self.updated} 人")
        if self.unchanged:
            parts.append(f"{self.unchanged} 人无变化")
        text = "已导入：" + "，".join(parts)
        skipped = []
        if self.errors:
            skipped.append(f"{self.errors} 行有错误未导入")
        if self.duplicates:
            skipped.append(f"{self.duplicates} 行与已有人员重复已跳过")
        return text + ("；" + "，".join(skipped) if skipped else "") + "。"


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a roster is read or written.

    An import makes millions of small objects and keeps a few hundred thousand of them (the
    rows of the plan), all freed by reference counting: the collector would only scan them
    again and again (a fifth of the time at 50,000 rows).  It is on again afterwards, as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------------------------------
# Opening a workbook
# ---------------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS = "请用 Excel 或 WPS 表格打开它，选择“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再导入另存的文件。"


def _not_a_workbook(path: Path, why: str) -> DomainError:
    return DomainError(f"无法读取“{path.name}”：{why}{_SAVE_AS}")


def _open_checked(path: Path) -> BinaryIO:
    """The roster file opened for reading, once it is an ordinary, readable .xlsx (a zip archive).

    Anything else is refused, with a message staff can act on: a missing file, a folder, a
    pipe or a device (which would hang or never end), an old .xls, an encrypted workbook, a
    CSV or web page saved as “.xls”.
    """
    try:
        fh = open_regular_file(path, "名册")
    except DomainError as exc:
        try:
            missing, folder = "\x00" not in str(path) and not os.path.lexists(path), path.is_dir()
        except (OSError, ValueError):
            missing = folder = False
        if missing:
            raise DomainError(f"找不到文件“{path}”，请确认文件还在原处。") from None
        if folder:
            raise DomainError(f"“{path}”是一个文件夹，请选择名册的 Excel 文件。") from None
        if "权限" in exc.message or "其他程序" in exc.message:
            raise DomainError(f"{exc.message}如果文件正在 Excel 或 WPS 中打开，请先关闭再试。") from None
        raise
    try:
        _check_head(fh, path)
    except BaseException:
        fh.close()
        raise
    return fh


def _check_head(fh: BinaryIO, path: Path) -> None:
    try:
        size = os.fstat(fh.fileno()).st_size
        head = fh.read(8)
        if head == _OLE_MAGIC and size > xlsx_check.MAX_FILE_BYTES:
            raise _not_a_workbook(path, "这是旧版 Excel（.xls）或 WPS（.et）格式的文件，本程序只能读取 .xlsx 格式。")
        rest = fh.read() if head == _OLE_MAGIC else b""
        fh.seek(0)
    except OSError as exc:
        raise DomainError(
            f"无法读取“{path.name}”：{os_error_text(exc)}。如果文件正在 Excel 或 WPS 中打开，请先关闭再试。"
        ) from None
    if not head:
        raise DomainError(f"“{path.name}”是空文件（0 字节），里面没有名册。")
    if head == _OLE_MAGIC:
        if "EncryptedPackage".encode("utf-16-le") in rest or "EncryptionInfo".encode("utf-16-le") in rest:
            raise DomainError(
                f"“{path.name}”设置了打开密码（已加密），程序无法读取。"
                "请在 Excel 或 WPS 中输入密码打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）"
                "后保存，再导入。"
            )
        raise _not_a_workbook(path, "这是旧版 Excel（.xls）或 WPS（.et）格式的文件，本程序只能读取 .xlsx 格式。")
    suffix = path.suffix.lower()
    if head[:4] == _ZIP_MAGIC:
        if suffix == ".xlsb":
            raise _not_a_workbook(path, "这是 Excel 二进制工作簿（.xlsb），本程序只能读取 .xlsx 格式。")
        if suffix == ".ods":
            raise _not_a_workbook(path, "这是 OpenDocument 表格（.ods），本程序只能读取 .xlsx 格式。")
        return
    if suffix in (".csv", ".txt"):
        raise _not_a_workbook(path, "这是文本（CSV）文件，不是 Excel 工作簿。")
    if head.lstrip()[:1] == b"<" or head.startswith(b"\xef\xbb\xbf<"):
        raise _not_a_workbook(
            path, "这是网页或 XML 格式的表格（常见于从其他系统导出的“.xls”），不是真正的 Excel 工作簿。"
        )
    raise _not_a_workbook(path, "它不是 Excel 工作簿（.xlsx），或者文件已损坏。")


def _corrupt(path: Path) -> DomainError:
    return _not_a_workbook(path, "文件已损坏，或者不是 Excel 工作簿（.xlsx）。可以先试着用 Excel 或 WPS 打开它；")


def _too_big(path: Path) -> DomainError:
    return xlsx_check.WorkbookRefused(
        f"“{path.name}”过大或结构异常：读取它所需的内存超过了这台电脑能给的，已停止读取。"
        "请把名册分成几个较小的文件，或在 Excel 或 WPS 中另存为新的 .xlsx 文件后再导入。"
    )


@contextmanager
def _open_workbook(path: Path) -> Iterator[Workbook]:
    import zipfile

    from openpyxl import load_workbook

    fh = _open_checked(path)
    try:
        try:
            checked = xlsx_check.preflight(fh, path.name, os.fstat(fh.fileno()).st_size)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
            raise _corrupt(path) from exc
        except MemoryError:
            raise _too_big(path) from None
        except OSError as exc:
            raise DomainError(f"无法读取“{path.name}”：{os_error_text(exc)}。") from None
        try:
            # A file object: openpyxl then does not judge the file by its name's extension.
            wb = load_workbook(fh, read_only=True, data_only=True)
        except zipfile.BadZipFile:
            raise _corrupt(path) from None
        except DomainError:
            raise
        except MemoryError:
            raise _too_big(path) from None
        except Exception as exc:  # openpyxl raises many kinds on a bad file
            raise _corrupt(path) from exc
        wb._cadre_checked = checked  # type: ignore[attr-defined]  # what the preflight found, per part
        try:
            yield wb
        finally:
            with suppress(Exception):
                wb.close()
    finally:
        fh.close()


def _merged_ranges(wb: Workbook, ws: Any) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of every merged range (read-only mode does not give them).

    They were read by :func:`xlsx_check.preflight` from what follows the sheet's data.
    """
    checked = getattr(wb, "_cadre_checked", None)
    facts = checked.part(getattr(ws, "_worksheet_path", "")) if checked is not None else None
    return list(facts.merges) if facts is not None else []


def _inline_text(element: Any) -> str:
    """An inline string (``<is>``) as openpyxl's ``Text.content`` gives it: its ``<t>``, then each run's."""
    plain = None
    runs = []
    for child in element:
        tag = child.tag.rpartition("}")[2]
        if tag == "t":
            plain = child.text
        elif tag == "r":
            text = None
            for part in child:
                if part.tag.rpartition("}")[2] == "t":
                    text = part.text
            if text is not None:
                runs.append(text)
    if plain is None:
        return "".join(runs)
    return plain + "".join(runs) if runs else plain


_DIGITS = "0123456789"


@lru_cache(maxsize=1)
def _values_parser() -> Any:
    """openpyxl's worksheet parser, made to give each row as ``[(column, value)]`` and nothing else.

    The values are those of its ``parse_cell`` with ``data_only`` (numbers, dates from the
    cell styles, shared and inline strings, booleans, ISO dates; other types as written),
    without the per-cell dicts and the rich-text objects it builds for every inline string,
    which take half the time of reading a large sheet (the app's own export writes inline
    strings).
    """
    from warnings import warn

    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, VALUE_TAG, WorkSheetParser, _cast_number

    columns: dict[str, int] = {}  # "AB" -> 28, for the columns met so far (a cell's column from its reference)

    def column_of(coordinate: str) -> int:
        letters = coordinate.rstrip(_DIGITS)
        if not letters or len(letters) > 3 or len(letters) == len(coordinate):
            raise ValueError(f"{coordinate[:20]} is not a cell reference")
        found = column_index_from_string(letters.upper())
        if len(columns) < 20_000:
            columns[letters] = found
        return found

    class ValuesParser(WorkSheetParser):  # type: ignore[misc]
        def parse_row(self, row: Any) -> tuple[int, list[tuple[int, Any]]]:
            r = row.get("r")
            if r is not None:
                try:
                    self.row_counter = int(r)
                except ValueError:
                    val = float(r)
                    if not val.is_integer():
                        raise ValueError(f"{r} is not a valid row number") from None
                    self.row_counter = int(val)
                if not 1 <= self.row_counter <= _EXCEL_ROWS:
                    raise _SheetLimit(f"有一行的行号是 {r[:20]}，超出了 Excel 的范围（1 至 {_EXCEL_ROWS:,}）")
            else:
                self.row_counter += 1
            shared, dates = self.shared_strings, self.date_formats
            column = 0
            cells = []
            for el in row:
                data_type = el.get("t", "n")
                coordinate = el.get("r")
                if coordinate:
                    column = columns.get(coordinate.rstrip(_DIGITS)) or column_of(coordinate)
                else:
                    column += 1
                if column > _EXCEL_COLUMNS:
                    raise _SheetLimit(f"第 {self.row_counter} 行有超出 Excel 最大列（XFD 列）的单元格")
                if data_type == "inlineStr":
                    child = el.find(INLINE_STRING)
                    value = None if child is None else _inline_text(child)
                else:
                    value = el.findtext(VALUE_TAG, None) or None
                    if value is None:
                        if len(el) and el.find(FORMULA_TAG) is not None:
                            value = NO_CACHED_VALUE  # a formula Excel never calculated (or a program wrote)
                    elif data_type == "n":
                        value = _cast_number(value)
                        style_id = el.get("s", 0)
                        if style_id:
                            style_id = int(style_id)
                        if style_id in dates:
                            try:
                                value = from_excel(value, self.epoch, timedelta=style_id in self.timedelta_formats)
                            except (OverflowError, ValueError):
                                warn(
                                    f"Cell {coordinate} is marked as a date but the serial value {value} is outside "
                                    "the limits for dates. The cell will be treated as an error.",
                                    stacklevel=2,
                                )
                                value = "#VALUE!"
                    elif data_type == "s":
                        value = shared[int(value)]
                    elif data_type == "b":
                        value = bool(int(value))
                    elif data_type == "d":
                        value = from_ISO8601(value)
                cells.append((column, value))
            self.col_counter = column
            return self.row_counter, cells

    return ValuesParser


def _row_values(ws: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows of a read-only sheet as ``(row number, values)``, each as long as its last cell,
    read with :func:`_values_parser`.  Rows missing from the file are not made up: a sheet
    whose only row is numbered 1,000,000 gives one row.

    Falls back to ``iter_rows`` itself if this openpyxl lacks the parts it builds on.
    """
    wb = ws.parent
    try:
        parser_class = _values_parser()
        source = ws._get_source
        args = (ws._shared_strings, wb.epoch, wb._date_formats, wb._timedelta_formats)
    except (ImportError, AttributeError):
        return enumerate(ws.iter_rows(values_only=True), start=1)
    if not wb.data_only or ws.max_row is not None or ws.max_column is not None:
        return enumerate(ws.iter_rows(values_only=True), start=1)
    return _parsed_rows(parser_class, source, *args)


def _parsed_rows(
    parser_class: Any, source: Any, shared: Any, epoch: Any, date_formats: Any, timedelta_formats: Any
) -> Iterator[tuple[int, list[Any]]]:
    with source() as src:
        parser = parser_class(
            src, shared, data_only=True, epoch=epoch, date_formats=date_formats, timedelta_formats=timedelta_formats
        )
        last = 0
        for number, cells in parser.parse():
            if number <= last:
                continue  # a row number that goes back: openpyxl skips it too
            last = number
            if not cells:
                yield number, []
                continue
            width = cells[-1][0]
            values: list[Any] = [None] * width
            for column, value in cells:
                if 1 <= column <= width:
                    values[column - 1] = value
            yield number, values


class _SheetLimit(Exception):
    """A sheet crosses one of Excel's own limits (a row numbered 2,000,000,000, a column past XFD)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NoCachedValue:
    """A formula cell saved without its result (by a program that does not calculate, or by
    Excel with calculation switched off): the value is unknown, never just empty."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_CACHED_VALUE"

    def __str__(self) -> str:
        return ""


NO_CACHED_VALUE = _NoCachedValue()
_EXCEL_ROWS = xlsx_check.EXCEL_ROWS
_EXCEL_COLUMNS = xlsx_check.EXCEL_COLUMNS
#: cells filled in from merged ranges in one pass over a sheet (a real roster: a few hundred thousand)
_FILL_BUDGET = 5_000_000


class _Sheet:
    """One worksheet's rows (1-based numbers) with merged cells filled in."""

    def __init__(self, wb: Workbook, ws: Any, path: Path) -> None:
        self.ws = ws
        self.title: str = ws.title
        self.path = path
        checked = getattr(wb, "_cadre_checked", None)
        facts = checked.part(getattr(ws, "_worksheet_path", "")) if checked is not None else None
        if facts is not None:
            self.size_hint = facts.rows
        else:
            try:
                self.size_hint = int(ws.max_row or 0)
            except Exception:
                self.size_hint = 0
        self.merges = _merged_ranges(wb, ws)

    def _refused(self, why: str) -> DomainError:
        return xlsx_check.WorkbookRefused(
            f"“{self.path.name}”的工作表“{self.title}”结构异常，已停止读取：{why}。"
            "这可能是损坏或特意构造的文件；如果它确是名册，请在 Excel 或 WPS 中打开，另存为新的 .xlsx 文件后再导入。"
        )

    def rows(self, *, header_until: int = 0) -> Iterator[tuple[int, list[Any]]]:
        """Every row in the file as ``(row number, values)``; rows the file leaves out are not made up.

        Merged ranges that start on or above ``header_until`` are filled across the whole
        range (header cells); below it only down the anchor column (a 类别 cell merged
        over a block of people), never sideways into other fields.
        """
        self.ws.reset_dimensions()  # some writers store a wrong <dimension>; read every row
        anchors: dict[int, list[tuple[int, int, int, int]]] = {}
        for rng in self.merges:
            anchors.setdefault(rng[0], []).append(rng)
        active: list[tuple[int, int, int, Any]] = []  # (last row, first col, last col, value)
        budget = _FILL_BUDGET
        try:
            it = _row_values(self.ws)
        except MemoryError:
            raise _too_big(self.path) from None
        except Exception as exc:
            raise _corrupt(self.path) from exc
        while True:
            try:
                number, raw = next(it)
            except StopIteration:
                return
            except DomainError:
                raise
            except _SheetLimit as exc:
                raise self._refused(exc.reason) from None
            except MemoryError:
                raise _too_big(self.path) from None
            except Exception as exc:
                raise _corrupt(self.path) from exc
            row = raw if type(raw) is list else list(raw)
            if anchors or active:
                for r1, c1, r2, c2 in anchors.get(number, ()):
                    value = row[c1 - 1] if c1 <= len(row) else None
                    if value is None:
                        continue
                    last_col = c2 if r1 <= header_until else c1
                    active.append((r2, c1, last_col, value))
                    budget -= last_col - c1
                    self._fill(row, c1 + 1, last_col, value)
                if active:
                    active = [a for a in active if a[0] >= number]
                    for _r2, c1, c2, value in active:
                        budget -= c2 - c1 + 1
                        self._fill(row, c1, c2, value)
                    if budget < 0:
                        raise self._refused("合并单元格过多或互相重叠，展开后的单元格数量异常")
            yield number, row

    @staticmethod
    def _fill(row: list[Any], c1: int, c2: int, value: Any) -> None:
        if c2 > len(row):
            row.extend([None] * (c2 - len(row)))
        for c in range(c1, c2 + 1):
            if row[c - 1] is None:
                row[c - 1] = value


# ---------------------------------------------------------------------------------------
# Header detection
# ---------------------------------------------------------------------------------------

_SCAN_ROWS = 40


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _map_columns(cands: Mapping[int, Sequence[tuple[str, bool]]]) -> dict[str, int]:
    """Field -> column from each column's candidate header texts ((text, loose), first match wins)."""
    columns: dict[str, int] = {}
    for col in sorted(cands):
        found = None
        for text, loose in cands[col]:
            found = match_header(text, loose=loose)
            if found:
                break
        if found is None:
            continue
        if found in columns:
            if found == "phone_mobile" and "phone_home" not in columns:
                found = "phone_home"  # a second phone column
            else:
                continue
        columns[found] = col
    return columns


def _single(row: Sequence[Any]) -> tuple[dict[str, int], dict[int, str]]:
    headers = {c: _text(v) for c, v in enumerate(row, start=1) if isinstance(v, str) and v.strip()}
    return _map_columns({c: [(t, True)] for c, t in headers.items()}), headers


def _header_like(row: Sequence[Any]) -> bool:
    """Could this row be the second line of a header (no numbers, dates, IDs or phones)?"""
    filled = [v for v in row if not _is_blank(v)]
    if not filled:
        return False
    return all(isinstance(v, str) and sum(ch.isdigit() for ch in v) < 4 for v in filled)


def _pair(upper: Sequence[Any], lower: Sequence[Any]) -> tuple[dict[str, int], dict[int, str]]:
    """A header over two rows: a group cell (联系方式) above its parts (手机 / 固定电话)."""
    cands: dict[int, list[tuple[str, bool]]] = {}
    headers: dict[int, str] = {}
    parent = ""
    for c in range(1, max(len(upper), len(lower)) + 1):
        up = _text(upper[c - 1]) if c <= len(upper) and isinstance(upper[c - 1], str) else ""
        lo = _text(lower[c - 1]) if c <= len(lower) and isinstance(lower[c - 1], str) else ""
        if up:
            parent = up
        if lo:
            group = up or parent
            cands[c] = [(group + lo, False), (lo, True)]
            headers[c] = lo if not group or group == lo else f"{group}/{lo}"
        elif up:
            cands[c] = [(up, True)]
            headers[c] = up
    return _map_columns(cands), headers


def _category_in(text: str) -> str | None:
    has_li, has_tui = "离休" in text, "退休" in text
    if "离退休" in text or has_li == has_tui:
        return None
    return "lixiu" if has_li else "tuixiu"


def _is_number_row(row: Sequence[Any]) -> bool:
    """A row of column numbers (1 2 3 … or （1）（2）…) printed under the header."""
    nums = []
    for v in row:
        if _is_blank(v):
            continue
        s = (
            str(int(v))
            if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer()
            else _text(v)
        )
        s = s.strip("()（）")
        if not s.isdigit():
            return False
        nums.append(int(s))
    return len(nums) >= 3 and nums == sorted(nums) and len(set(nums)) == len(nums) and nums[0] <= 1


def _detect(sheet: _Sheet) -> tuple[SheetLayout | None, bool]:
    """The sheet's layout (None if it is not a roster) and whether it has any content."""
    grid: list[list[Any]] = []  # the first rows, by position (rows the file leaves out are empty)
    for number, row in sheet.rows(header_until=_SCAN_ROWS):
        if number > _SCAN_ROWS + 2:
            break
        grid.extend([] for _ in range(number - 1 - len(grid)))
        grid.append(row)
        if number >= _SCAN_ROWS + 2:
            break
    has_content = any(not _is_blank(v) for row in grid for v in row)
    scan = grid[:_SCAN_ROWS]
    best: tuple[int, int, int, dict[str, int], dict[int, str]] | None = None  # (score, -top, height, …)
    singles = [_single(row) for row in scan]
    for i, (cols, heads) in enumerate(singles):
        if "name" in cols and len(cols) >= 2:
            cand = (len(cols), -i, 1, cols, heads)
            if best is None or cand[:2] > best[:2]:
                best = cand
    for i in range(len(scan) - 1):
        if not _header_like(scan[i + 1]) or len({_text(v) for v in scan[i] if isinstance(v, str) and v.strip()}) < 2:
            continue  # the lower row holds data, or the upper one is a title
        cols, heads = _pair(scan[i], scan[i + 1])
        if "name" not in cols or len(cols) <= max(len(singles[i][0]), len(singles[i + 1][0])):
            continue
        cand = (len(cols), -i, 2, cols, heads)
        if best is None or cand[:2] > best[:2]:
            best = cand
    if best is None:
        return None, has_content
    _score, neg_top, height, columns, headers = best
    top = -neg_top
    first_data = top + height
    if height == 1:
        # A header over two rows whose every column also reads on one of them (thanks to cells
        # merged down): prefer the two-row reading, which names 联系方式/手机 properly.
        for upper in (top, top - 1):
            if upper < 0 or upper + 1 >= len(scan) or not _header_like(scan[upper + 1]):
                continue
            linked = upper == top or any(r1 == upper + 1 and r2 >= upper + 2 for (r1, _c1, r2, _c2) in sheet.merges)
            cols, heads = _pair(scan[upper], scan[upper + 1])
            if linked and "name" in cols and len(cols) >= len(columns):
                top, height, columns, headers = upper, 2, cols, heads
                first_data = upper + 2
                break
    while first_data < len(grid) and _is_number_row(grid[first_data]):
        first_data += 1
    category = None
    if "category" not in columns:
        category = _category_in(sheet.title)
        if category is None:  # the title row (…离休干部花名册) above the header
            for row in grid[:top]:
                texts = [_text(v) for v in row if isinstance(v, str) and v.strip()]
                if len(set(texts)) == 1 and not re.search(r"填报|填表|日期|单位[:：]", texts[0]):
                    category = category or _category_in(texts[0])
    layout = SheetLayout(
        sheet=sheet.title,
        header_row=top + 1,
        columns=columns,
        headers=headers,
        category_from_sheet=category,
        first_data_row=first_data + 1,
    )
    return layout, has_content


_LOOKED_FOR = "姓名、性别、出生年月、身份证号、离退休类别、联系电话"


def _detect_all(wb: Workbook, path: Path) -> tuple[list[SheetLayout], list[str], dict[str, _Sheet]]:
    layouts: list[SheetLayout] = []
    ignored: list[str] = []
    sheets: dict[str, _Sheet] = {}
    any_content = False
    for ws in wb.worksheets:
        sheet = sheets[ws.title] = _Sheet(wb, ws, path)
        layout, has_content = _detect(sheet)
        any_content = any_content or has_content
        if layout is None:
            ignored.append(ws.title)
        else:
            layouts.append(layout)
    if not any_content:
        raise DomainError(f"“{path.name}”是一个空的工作簿，里面没有任何内容。")
    if not layouts:
        names = "、".join(f"“{t}”" for t in ignored)
        raise DomainError(
            f"在“{path.name}”中找不到表头：工作表 {names} 的前 {_SCAN_ROWS} 行里没有同时写着“姓名”和其他栏目"
            f"（如 {_LOOKED_FOR}）的一行。请确认这是人员花名册，并且表头写在数据的上方。"
        )
    return layouts, ignored, sheets


def read_layouts(path: Path) -> list[SheetLayout]:
    """Find the header row and column mapping of every sheet that looks like a roster."""
    path = Path(path)
    with _open_workbook(path) as wb:
        return _detect_all(wb, path)[0]


# ---------------------------------------------------------------------------------------
# Reading rows
# ---------------------------------------------------------------------------------------

_PLACEHOLDERS = frozenset(
    {"/", "／", "\\", "-", "--", "—", "——", "－", "无", "暂无", "空", "不详", "未知", "null", "none"}
)
_PLACEHOLDER_STARTS = frozenset(w[0] for w in _PLACEHOLDERS) | frozenset(w[0].upper() for w in _PLACEHOLDERS)
_FOOTER_WORDS = (
    "注",
    "备注",
    "说明",
    "附注",
    "附件",
    "附",
    "注意",
    "填表说明",
    "填写说明",
    "填表人",
    "填报人",
    "制表人",
    "制表",
    "审核人",
    "审核",
    "审批人",
    "统计人",
    "经办人",
    "负责人",
    "单位负责人",
    "主要负责人",
    "分管领导",
    "领导签字",
    "联系人",
    "联系电话",
    "填报单位",
    "报送单位",
    "单位名称",
    "填报日期",
    "制表日期",
    "填表日期",
    "报送日期",
    "统计日期",
    "日期",
    "单位",
    "盖章",
    "单位盖章",
    "签字",
    "签名",
)
_FOOTER_RE = re.compile(
    r"^(?:" + "|".join(sorted(map(re.escape, _FOOTER_WORDS), key=len, reverse=True)) + r")\d*(?:[:：、.．()（]|$)"
    r"|^第\d+页|^\(?以下(?:空白|无内容)"
)
_NAME_WORDS = frozenset(_norm_header(w) for w in ("姓名", *FIELD_SYNONYMS["name"]))
_TOTAL_RE = re.compile(r"合计|总计|小计|共计|累计|^共\d+[人名]|^总人数|^人数")
_SECTION_RE = re.compile(
    r"^(?:[一二三四五六七八九十\d]+[、.．]?)?(?:离休|退休)(?:干部|人员|老干部|同志|老同志)?(?:\(\d+人\))?$"
)


_COMPACT_TABLE = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}


def _compact(value: Any) -> str:
    """Text without any whitespace, full-width ASCII made half-width ("" for non-text)."""
    return "".join(value.translate(_COMPACT_TABLE).split()) if isinstance(value, str) else ""


def _is_footer(text: str) -> bool:
    """A note, filing, signature or total line (注：…, 填表人：…, 合计, 共计 25 人)."""
    return bool(_FOOTER_RE.match(text) or _TOTAL_RE.search(text))


@lru_cache(maxsize=512)
def _column_letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _cell_ref(col: int, row: int) -> str:
    return f"{_column_letter(col)}{row}"


def _plain(value: Any) -> Any:
    """Whole floats as ints (Excel stores every number as a float)."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _as_text(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    return str(value)


class _CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _excel_number(value: float | int) -> str:
    return f"{value:.15G}" if isinstance(value, float) else str(value)


def _prep_id(value: Any) -> str:
    if isinstance(value, bool):
        raise _CellError("身份证号无法识别，请重新填写。")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)  # at most 15 digits: a double holds it exactly
    if isinstance(value, float):
        raise _CellError(
            f"身份证号被 Excel 存成了数字（显示为 {_excel_number(value)}），末几位已丢失，无法使用。"
            "请把该列设为文本格式后重新录入完整的身份证号。"
        )
    if isinstance(value, int):
        text = str(value)
        if len(text) > 15 and (len(text) != 18 or text.endswith("000")):
            raise _CellError(
                f"身份证号被 Excel 存成了数字（{text}），末几位已丢失，无法使用。"
                "请把该列设为文本格式后重新录入完整的身份证号。"
            )
        return text
    if isinstance(value, dt.date):
        raise _CellError("身份证号一栏填的是日期，请检查是否错列。")
    return str(value)


_SEX_WORDS = {"男性": "男", "女性": "女", "m": "男", "f": "女"}
_ACTIVITY_WORDS = {
    "正常": "正常活动",
    "正常参加": "正常活动",
    "正常参加活动": "正常活动",
    "适当参加": "适当参加集中活动",
    "适当参加活动": "适当参加集中活动",
    "免予参加": "免予参加集中活动",
    "免于参加": "免予参加集中活动",
    "免于参加集中活动": "免予参加集中活动",
    "免予参加活动": "免予参加集中活动",
    "流动": "流动在外",
    "流动党员": "流动在外",
    "外出流动": "流动在外",
}
_REPORT_WORDS = {"是": "已报到", "已": "已报到", "报到": "已报到", "否": "未报到", "未": "未报到"}
_STATUS_WORDS = {
    "健在": "在册",
    "正常": "在册",
    "去世": "已故",
    "死亡": "已故",
    "病故": "已故",
    "已去世": "已故",
    "已迁出": "迁出",
    "转出": "迁出",
    "迁走": "迁出",
}
_POLITICAL_WORDS = {"党员": "中共党员", "共产党员": "中共党员", "中共": "中共党员", "预备党员": "中共预备党员"}
_YES = frozenset({"是", "√", "✓", "✔", "☑", "y", "yes", "true", "1", "有"})
_NO = frozenset({"否", "×", "✗", "✘", "□", "n", "no", "false", "0", "无"})
_PHONE_SPLIT = re.compile(r"[/、,，;；|\n]+")


def _prep_phones(value: Any) -> list[tuple[str, str]]:
    """[(number, "mobile"|"landline")] for a phone cell that may hold several numbers."""
    value = _plain(value)
    if isinstance(value, int):
        return [normalize_phone(value)]
    text = str(value)
    try:
        return [normalize_phone(text)]
    except ValidationError as first:
        for splitter in (_PHONE_SPLIT, re.compile(r"[/、,，;；|\s]+")):
            parts = [p for p in splitter.split(normalize_text(text)) if p]
            if len(parts) > 1:
                try:
                    return [normalize_phone(p) for p in parts]
                except ValidationError:
                    continue
        raise _CellError(first.message) from None


def _prep(key: str, value: Any) -> Any:
    """A raw cell value as :func:`clean_person` takes it (roster spellings mapped)."""
    if key == "id_number":
        return _prep_id(value)
    if key in ("birth_date", "retire_date", "report_date", "status_date"):
        return _plain(value) if not isinstance(value, str) else value
    if key in CARE_FLAGS:
        if isinstance(value, bool):
            return value
        word = _compact(_as_text(value)).lower()
        if word in _YES or word == _compact(CARE_FLAGS[key]):
            return True
        if word in _NO:
            return False
        raise _CellError(f"{PERSON_FIELDS[key]}“{_as_text(value)}”无法识别，请填写“是”或“否”。")
    text = value if isinstance(value, str) else _as_text(value)
    mapped = _WORD_MAPS.get(key)
    if mapped is None:
        if key == "ethnicity":
            word = _compact(text)
            if word and not word.endswith("族") and len(word) <= 3 and "·" not in word:
                return word + "族"
        return text  # plain text: clean_person tidies it
    word = _compact(text)
    if key == "sex":
        return mapped.get(word.lower(), word)
    if key == "category" and word not in CATEGORIES.values() and word not in CATEGORIES:
        found = _category_in(word) or _category_in(word.replace("离", "离休").replace("退", "退休"))
        return CATEGORIES[found] if found else word
    return mapped.get(word, word)


_WORD_MAPS: dict[str, dict[str, str]] = {
    "sex": _SEX_WORDS,
    "category": {},
    "activity_class": _ACTIVITY_WORDS,
    "report_status": _REPORT_WORDS,
    "status": _STATUS_WORDS,
    "political_status": _POLITICAL_WORDS,
}


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, tuple[Any, int]]  # field -> (raw value, column)
    section_category: str | None
    name_col: int


def _data_rows(sheet: _Sheet, layout: SheetLayout, token: CancelToken, report: Any) -> Iterator[_Row]:
    """The person rows of a sheet (blank, total, note, section and repeated-header rows left out)."""
    columns = layout.columns
    name_col = columns["name"]
    id_col = columns.get("id_number")
    header_words = {f: _norm_header(layout.headers.get(c, "")) for f, c in columns.items()}
    section: str | None = None
    seen = 0
    for number, row in sheet.rows(header_until=layout.first_data_row - 1):
        seen += 1
        if seen % 1000 == 0:
            token.check()
            report(seen)
        if number < layout.first_data_row:
            continue
        first_col = 0
        for c, v in enumerate(row, start=1):
            if v is not None and (not isinstance(v, str) or v.strip()):
                first_col = c
                break
        if not first_col:
            continue  # blank row
        first = row[first_col - 1]
        first_text = _compact(first) if isinstance(first, str) else ""
        name_val = row[name_col - 1] if name_col <= len(row) else None
        name_text = _compact(name_val) if isinstance(name_val, str) else ""
        if first_col <= name_col and first_text and _is_footer(first_text):
            continue  # note, filing or total row (合计 / 注： / 填表人：…) in the 序号 or 姓名 column
        if name_text and _is_footer(name_text):
            continue
        if first_text and _SECTION_RE.match(first_text) and sum(1 for v in row if not _is_blank(v)) == 1:
            section = _category_in(first_text)  # 一、离休干部
            continue
        if name_text.lower() in _NAME_WORDS:
            same = sum(
                1
                for f, c in columns.items()
                if c <= len(row) and isinstance(row[c - 1], str) and _norm_header(row[c - 1]) == header_words[f]
            )
            if same >= 2:
                continue  # the header printed again (a new page)
        cells: dict[str, tuple[Any, int]] = {}
        for key, col in columns.items():
            value = row[col - 1] if col <= len(row) else None
            if value is None:
                continue
            if isinstance(value, str):
                bare = value.strip()
                if not bare or (
                    bare[0] in _PLACEHOLDER_STARTS and _compact(bare).lower() in _PLACEHOLDERS and key not in CARE_FLAGS
                ):
                    continue
            cells[key] = (value, col)
        if not cells:
            continue
        if "name" not in cells and (id_col is None or "id_number" not in cells) and len(cells) < 3:
            continue  # a stray date or signature below the table
        yield _Row(sheet.title, number, cells, section, name_col)


#: the key under which :func:`_clean_row` hands the notes of a row (invisible characters removed) to :func:`_decide`
_NOTES = "_notes"
_NO_VALUE_MESSAGE = (
    "单元格是公式且没有计算结果，请在 Excel 中另存为数值（复制该列，再“选择性粘贴 → 数值”），保存后重新导入。"
)
#: the most characters an Excel cell holds
_MAX_CELL_TEXT = 32_767


def _clean_row(row: _Row, today: dt.date) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """(cleaned values, [(cell, message)]) for one row; the values are only good without errors."""
    errors: list[tuple[str, str]] = []
    prepped: dict[str, Any] = {}
    cols: dict[str, int] = {}
    extra_notes: list[str] = []
    unusable: set[str] = set()
    for key, (value, col) in row.cells.items():
        cols[key] = col
        if value is NO_CACHED_VALUE:
            unusable.add(key)
            errors.append((_cell_ref(col, row.number), _NO_VALUE_MESSAGE))
            continue
        if type(value) is str and len(value) > _MAX_CELL_TEXT:
            unusable.add(key)
            errors.append(
                (_cell_ref(col, row.number), f"单元格有 {len(value):,} 个字，超过了 Excel 单元格的上限，请检查。")
            )
            continue
        try:
            if key in ("phone_mobile", "phone_home"):
                continue  # below
            prepped[key] = _prep(key, value)
        except _CellError as exc:
            errors.append((_cell_ref(col, row.number), exc.message))
    # Phones: a landline in the 联系电话 column goes to 固定电话, a second number to the other field.
    phones: dict[str, list[str]] = {"mobile": [], "landline": []}
    for key in ("phone_mobile", "phone_home"):
        if key not in row.cells or key in unusable:
            continue
        value, col = row.cells[key]
        try:
            found = _prep_phones(value)
        except _CellError as exc:
            errors.append((_cell_ref(col, row.number), exc.message))
            continue
        if key == "phone_home" and len(found) == 1:
            phones["landline"].insert(0, found[0][0])  # what the 固定电话 column says comes first
            continue
        for number, kind in found:
            phones[kind].append(number)
    numbers = list(dict.fromkeys(phones["mobile"] + phones["landline"]))
    if phones["mobile"]:
        prepped["phone_mobile"] = phones["mobile"][0]
    if phones["landline"]:
        prepped["phone_home"] = phones["landline"][0]
    extra = [n for n in numbers if n not in (prepped.get("phone_mobile"), prepped.get("phone_home"))]
    if extra:
        extra_notes.append("其他电话：" + "、".join(extra))
    if extra_notes:
        prepped["notes"] = "；".join([*([_as_text(prepped["notes"])] if prepped.get("notes") else []), *extra_notes])

    # Excel turns a typed 1948.10 into the number 1948.1: the ID number tells which month.
    birth = prepped.get("birth_date")
    if isinstance(birth, float) and repr(birth).endswith(".1") and "id_number" in prepped:
        with suppress(ValidationError):
            info = parse_id_number(prepped["id_number"], today=today)
            if info.birth_date.year == int(birth) and info.birth_date.month in (1, 10):
                prepped["birth_date"] = info.birth_date.replace(day=1)
    notes: list[str] = []
    try:
        values = clean_person(prepped, today=today, notes=notes)
        if notes:
            values[_NOTES] = notes
    except DomainError:
        values = {}
        errors += _diagnose(prepped, cols | {"": row.name_col}, row.number, today)
    return values, errors


def _diagnose(prepped: dict[str, Any], cols: dict[str, int], number: int, today: dt.date) -> list[tuple[str, str]]:
    """Which cells make :func:`clean_person` fail (it says what, not where); ``cols[""]`` is the name column."""
    found: list[tuple[str, str]] = []
    for key, value in prepped.items():
        try:
            clean_person({key: value}, today=today)
        except DomainError as exc:
            col = cols.get(key) or cols.get("phone_mobile") or cols.get("phone_home") or cols[""]
            found.append((_cell_ref(col, number), exc.message))
    if found or "id_number" not in prepped:
        return found or [(_cell_ref(cols[""], number), "这一行无法识别，请检查。")]
    for key in ("sex", "birth_date"):
        if key in prepped:
            try:
                clean_person({"id_number": prepped["id_number"], key: prepped[key]}, today=today)
            except DomainError as exc:
                found.append((_cell_ref(cols[key], number), exc.message))
    return found or [(_cell_ref(cols["id_number"], number), "这一行无法识别，请检查。")]


# ---------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------


def _check_layouts(wb: Workbook, layouts: Sequence[SheetLayout]) -> None:
    titles = set(wb.sheetnames)
    seen: set[str] = set()
    for lay in layouts:
        if lay.sheet not in titles:
            raise DomainError(f"工作簿中没有名为“{lay.sheet}”的工作表，请重新选择文件。")
        if lay.sheet in seen:
            raise DomainError(f"工作表“{lay.sheet}”被选择了两次。")
        seen.add(lay.sheet)
        unknown = set(lay.columns) - set(PERSON_FIELDS)
        if unknown:
            raise DomainError(f"工作表“{lay.sheet}”的栏目设置有误：{'、'.join(sorted(unknown))} 不是人员信息栏目。")
        if "name" not in lay.columns:
            raise DomainError(f"请为工作表“{lay.sheet}”指定“姓名”在哪一列。")
        used: dict[int, str] = {}
        for key, col in lay.columns.items():
            if not isinstance(col, int) or col < 1:
                raise DomainError(f"工作表“{lay.sheet}”的“{PERSON_FIELDS[key]}”列号不正确。")
            if col in used:
                raise DomainError(
                    f"工作表“{lay.sheet}”的第 {col} 列同时被指定为“{PERSON_FIELDS[used[col]]}”"
                    f"和“{PERSON_FIELDS[key]}”，一列只能对应一个栏目。"
                )
            used[col] = key
        if lay.first_data_row < 1 or lay.header_row < 1:
            raise DomainError(f"工作表“{lay.sheet}”的表头行号不正确。")


def _where(row: RowOutcome, sheet: str) -> str:
    return f"第 {row.row} 行" if row.sheet == sheet else f"工作表“{row.sheet}”第 {row.row} 行"


@_collector_paused()
def plan_import(
    app: App,
    path: Path,
    layouts: list[SheetLayout] | None = None,
    *,
    allow_similar: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    today: dt.date | None = None,
) -> ImportPlan:
    """Read and check a roster workbook; say row by row what importing would do.  Writes nothing."""
    token = cancel or CancelToken()
    today = today or dt.date.today()
    path = Path(path)
    progress(0.0, f"正在打开“{path.name}”…")
    parsed: list[tuple[_Row, dict[str, Any], list[tuple[str, str]]]] = []
    with _open_workbook(path) as wb:
        known: dict[str, _Sheet] = {}
        if layouts is None:
            layouts, ignored, known = _detect_all(wb, path)
        else:
            layouts = list(layouts)
            _check_layouts(wb, layouts)
            chosen = {lay.sheet for lay in layouts}
            ignored = [t for t in wb.sheetnames if t not in chosen]
        sheets = [known.get(lay.sheet) or _Sheet(wb, wb[lay.sheet], path) for lay in layouts]
        total = sum(max(s.size_hint, 1) for s in sheets)
        done = 0
        for sheet, layout in zip(sheets, layouts, strict=True):

            def report(number: int, _base: int = done, _title: str = sheet.title) -> None:
                progress(min(0.85, 0.85 * (_base + number) / total), f"正在读取“{_title}”第 {number} 行…")

            for row in _data_rows(sheet, layout, token, report):
                values, errors = _clean_row(row, today)
                parsed.append((row, values, errors))
            done += max(sheet.size_hint, 1)
    token.check()
    progress(0.88, "正在与现有名册核对…")
    rows = _decide(app, parsed, layouts, allow_similar=allow_similar, token=token)
    progress(1.0, "检查完毕。")
    return ImportPlan(path=path, layouts=layouts, rows=rows, ignored_sheets=ignored, allow_similar=allow_similar)


def _decide(
    app: App,
    parsed: list[tuple[_Row, dict[str, Any], list[tuple[str, str]]]],
    layouts: Sequence[SheetLayout],
    *,
    allow_similar: bool,
    token: CancelToken,
) -> list[RowOutcome]:
    by_sheet = {lay.sheet: lay for lay in layouts}
    with app.read() as s:
        existing = s.execute(
            select(Person.id, Person.id_number, Person.name, Person.birth_date).where(Person.deleted.is_(False))
        ).all()
    by_id = {r.id_number: r for r in existing if r.id_number}
    by_name: dict[tuple[str, int, int], list[Any]] = {}
    for r in existing:
        if r.birth_date:
            by_name.setdefault((r.name, r.birth_date.year, r.birth_date.month), []).append(r)

    # People whose ID number is in the file: load them whole (to say what will change).
    wanted = {v["id_number"] for _r, v, e in parsed if not e and v.get("id_number") in by_id}
    stored: dict[str, Any] = {}
    if wanted:
        person_ids = [by_id[n].id for n in wanted]
        table = Person.__table__
        columns = [table.c.id, *(table.c[k] for k in PERSON_FIELDS)]
        with app.read() as s:
            for start in range(0, len(person_ids), 500):
                chunk = person_ids[start : start + 500]
                for p in s.execute(select(*columns).where(table.c.id.in_(chunk))):
                    stored[p.id_number] = p

    out: list[RowOutcome] = []
    first_by_id: dict[str, RowOutcome] = {}
    first_by_name: dict[tuple[str, int, int], RowOutcome] = {}
    noted: list[tuple[int, list[str]]] = []  # (row's place in out, notes)
    for i, (row, values, errors) in enumerate(parsed):
        if i % 5000 == 0:
            token.check()
        if _NOTES in values:
            noted.append((len(out), values.pop(_NOTES)))
        layout = by_sheet[row.sheet]
        name_raw = row.cells.get("name", ("", 0))[0]
        name = values.get("name") or normalize_text(shown_text(_as_text(name_raw or "")))
        if errors:
            cell = errors[0][0]
            reason = "；".join(f"{c}：{m}" for c, m in errors)
            out.append(RowOutcome(row.sheet, row.number, "error", name, {}, None, reason, cell))
            continue
        keys = (values.pop("name_pinyin", ""), values.pop("name_initials", ""))
        outcome = RowOutcome(row.sheet, row.number, "new", name, values, None, "", None, search_keys=keys)
        id_number = values.get("id_number")
        id_cell = _cell_ref(row.cells["id_number"][1], row.number) if "id_number" in row.cells else None
        name_cell = _cell_ref(row.cells["name"][1], row.number) if "name" in row.cells else None
        if "name" not in values:
            outcome.kind, outcome.cell = "error", _cell_ref(layout.columns["name"], row.number)
            outcome.reason = f"{outcome.cell}：缺少姓名，请填写。"
            out.append(outcome)
            continue
        if id_number and id_number in first_by_id:
            first = first_by_id[id_number]
            outcome.kind, outcome.cell = "duplicate", id_cell
            outcome.changes = duplicate_differences(first.values, values)
            outcome.reason = _duplicate_reason(outcome, first, id_cell or "", id_number, row.sheet)
            out.append(outcome)
            continue
        out.append(outcome)
        if id_number and id_number in stored:
            _plan_update(outcome, stored[id_number], id_cell or "")
        else:
            _plan_new(outcome, row, layout, by_name, first_by_name, allow_similar, name_cell)
        if id_number and outcome.kind != "error":
            first_by_id[id_number] = outcome
    for place, notes in noted:  # said, never silent: what was taken out of the row's text
        outcome = out[place]
        if outcome.kind != "error":
            outcome.reason = "；".join([*([outcome.reason.rstrip("。")] if outcome.reason else []), *notes]) + "。"
    return out


def duplicate_differences(kept: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """What a second row of the same person says differently: field -> (kept row's value, this row's)."""
    return {k: (kept.get(k), v) for k, v in other.items() if v not in (None, "") and kept.get(k) != v}


def _shown(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value if value is not None else "（空）")


def _duplicate_reason(outcome: RowOutcome, first: RowOutcome, id_cell: str, id_number: str, sheet: str) -> str:
    """A second row with the same ID number: the same (only imported once), or different (to choose)."""
    same_id = f"{id_cell}：身份证号 {mask_id_number(id_number)} 与{_where(first, sheet)}（{first.name}）相同"
    if not outcome.changes:
        return f"{same_id}，内容也相同，同一人只导入一次。"
    shown = "；".join(
        f"{PERSON_FIELDS.get(k, k)}：{_where(first, sheet)}为“{_shown(a)}”，本行为“{_shown(b)}”"
        for k, (a, b) in outcome.changes.items()
        if k != "id_number"
    )
    return f"{same_id}，但内容不同——{shown}。现保留{_where(first, sheet)}；如本行正确，请选“采用本行”。"


def _plan_new(
    outcome: RowOutcome,
    row: _Row,
    layout: SheetLayout,
    by_name: Mapping[tuple[str, int, int], list[Any]],
    first_by_name: dict[tuple[str, int, int], RowOutcome],
    allow_similar: bool,
    name_cell: str | None,
) -> None:
    """A row whose ID number is not on the roster: new, a likely duplicate, or missing its category."""
    values = outcome.values
    id_number = values.get("id_number")
    birth = values.get("birth_date")
    similar_key = (values["name"], birth.year, birth.month) if birth else None
    if similar_key and not allow_similar:
        # Same name and birth month, and one of the two has no ID number: likely the same person.
        matches = [r for r in by_name.get(similar_key, []) if not (id_number and r.id_number)]
        earlier = first_by_name.get(similar_key)
        if earlier is not None and id_number and earlier.values.get("id_number"):
            earlier = None
        if matches:
            where = f"名册中已有同名同出生年月的人员“{matches[0].name}”"
        elif earlier is not None:
            where = f"与{_where(earlier, row.sheet)}同名同出生年月"
        else:
            where = ""
        if where:
            outcome.kind, outcome.cell = "duplicate", name_cell
            outcome.reason = (
                f"{name_cell}：{where}（{birth:%Y年%m月}），可能是同一人，未导入。"
                "如确认不是同一人，请选择“仍然导入同名人员”。"
            )
            return
    if "category" not in values:
        derived = row.section_category or layout.category_from_sheet
        if derived is None:
            col = layout.columns.get("category")
            outcome.kind = "error"
            outcome.cell = _cell_ref(col, row.number) if col else name_cell
            where = (
                f"{outcome.cell}："
                if col
                else f"{name_cell}：表中没有“离退休类别”列，工作表名称也看不出是离休还是退休，"
            )
            outcome.reason = f"{where}缺少离退休类别，请填写“离休”或“退休”。"
            return
        values["category"] = derived
    values.setdefault("status", "active")
    if similar_key:
        first_by_name.setdefault(similar_key, outcome)


def _plan_update(outcome: RowOutcome, person: Any, id_cell: str) -> None:
    values = outcome.values
    outcome.person_id = person.id
    if values["name"] != person.name:
        outcome.kind, outcome.cell = "error", id_cell
        outcome.reason = (
            f"{id_cell}：身份证号 {mask_id_number(person.id_number)} 已登记在“{person.name}”名下，"
            f"但本行姓名是“{outcome.name}”。请核对身份证号；如确是改名，请先在人员页修改姓名再导入。"
        )
        outcome.values = {}
        return
    changes = {k: (getattr(person, k), v) for k, v in values.items() if getattr(person, k) != v}
    outcome.changes = changes
    if not changes:
        outcome.kind = "skipped"
        outcome.reason = f"已在名册中（身份证号 {mask_id_number(person.id_number)}），内容没有变化。"
        return
    outcome.kind = "update"
    labels = "、".join(PERSON_FIELDS[k] for k in changes)
    outcome.reason = f"已在名册中（身份证号 {mask_id_number(person.id_number)}）：将更新 {labels}。"


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------

_BATCH = 2000


@_collector_paused()
def apply_import(
    app: App, plan: ImportPlan, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> ImportResult:
    """Write the plan's new and updated people in ONE transaction (all of them, or nothing)."""
    started = time.perf_counter()
    token = cancel or CancelToken()
    new_rows = [r for r in plan.rows if r.kind == "new"]
    updates = [r for r in plan.rows if r.kind == "update"]
    total = max(len(new_rows) + len(updates), 1)
    if not new_rows and not updates:
        return ImportResult(
            0, 0, plan.counts["skipped"], time.perf_counter() - started, len(plan.errors), len(plan.duplicates)
        )
    progress(0.0, "正在导入名册…")
    updated = 0
    with app.transaction() as tx:
        session = tx.session
        station_id = own_station_id(session)
        # The roster may have changed since the plan was made: check the ID numbers again.
        taken = {
            n: (pid, name)
            for pid, n, name in session.execute(
                select(Person.id, Person.id_number, Person.name).where(
                    Person.deleted.is_(False), Person.id_number.is_not(None)
                )
            )
        }
        clashes = [
            f"{r.sheet} 第 {r.row} 行 {r.name}：身份证号 {mask_id_number(r.values['id_number'])} "
            f"已登记在“{taken[r.values['id_number']][1]}”名下"
            for r in new_rows
            if r.values.get("id_number") in taken
        ]
        persons: dict[str, Person] = {}
        ids = [r.person_id for r in updates if r.person_id]
        for start in range(0, len(ids), 500):
            persons.update(
                (p.id, p) for p in session.scalars(select(Person).where(Person.id.in_(ids[start : start + 500])))
            )
        for r in updates:
            p = persons.get(r.person_id or "")
            if p is None or p.deleted or p.id_number != r.values.get("id_number"):
                clashes.append(f"{r.sheet} 第 {r.row} 行 {r.name}：名册中的这个人已被删除或改了身份证号")
        if clashes:
            raise DomainError(
                f"检查之后名册有了变化，有 {len(clashes)} 行不能按原计划导入。"
                "请重新检查文件后再导入；本次没有导入任何人。",
                clashes[:50],
            )
        for start in range(0, len(new_rows), _BATCH):
            token.check()
            batch = []
            for r in new_rows[start : start + _BATCH]:
                values = dict(r.values, station_id=station_id)
                values["name_pinyin"], values["name_initials"] = r.search_keys or search_keys(values["name"])
                batch.append(values)
            tx.bulk_add(Person, batch)
            done = start + len(batch)
            progress(0.95 * done / total, f"正在导入…（新增 {done}/{len(new_rows)}）")
        for i, r in enumerate(updates, start=1):
            if i % 200 == 0:
                token.check()
                progress(0.95 * (len(new_rows) + i) / total, f"正在更新…（{i}/{len(updates)}）")
            person = persons[r.person_id or ""]
            values = dict(r.values)
            if values.get("name") and values["name"] != person.name:
                values["name_pinyin"], values["name_initials"] = r.search_keys or search_keys(values["name"])
            if tx.update(person, values):
                updated += 1
        token.check()  # a late cancel still rolls everything back
        progress(0.97, "正在保存…")
    progress(1.0, "导入完成。")
    unchanged = plan.counts["skipped"] + len(updates) - updated
    seconds = time.perf_counter() - started
    return ImportResult(len(new_rows), updated, unchanged, seconds, len(plan.errors), len(plan.duplicates))
