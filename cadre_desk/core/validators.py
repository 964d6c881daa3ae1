"""Input normalisation and validation for roster data.

Everything here is pure standard library.  Every problem that should be shown
to station staff is raised as :class:`ValidationError` whose ``message`` is a
plain Simplified-Chinese sentence.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from typing import Literal

from .errors import DomainError

__all__ = [
    "IdInfo",
    "PhoneKind",
    "ValidationError",
    "gb11643_check_digit",
    "mask_id_number",
    "mask_phone",
    "normalize_name",
    "normalize_phone",
    "normalize_text",
    "parse_id_number",
    "parse_loose_date",
    "shown_text",
    "strip_hidden",
]


class ValidationError(DomainError, ValueError):
    """A user-facing validation problem; ``message`` is shown to staff as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

# U+FF01..U+FF5E (full-width ASCII) -> U+0021..U+007E, U+3000 -> space.
_FULLWIDTH_TABLE: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_TABLE[0x3000] = " "


#: Characters a reader never sees and whose removal changes nothing shown: removed, and said so.
#: (They come with text copied from web pages, chat programs and other systems.)
INVISIBLE_CHARS: dict[int, str] = {
    0x00AD: "软连字符",
    0x061C: "阿拉伯字母标记",
    0x180E: "蒙古文元音分隔符",
    0x200B: "零宽空格",
    0x200C: "零宽不连字",
    0x200D: "零宽连字",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x2060: "零宽不换行",
    0xFEFF: "零宽不换行空格（BOM）",
}
#: Characters that reorder how the text around them is shown (embeddings, overrides, isolates):
#: what is seen is not what is stored, and which order was meant cannot be known, so refused.
BIDI_CONTROLS = frozenset((*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
_KEPT_CONTROLS = frozenset(map(ord, "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85"))  # whitespace: collapsed later


def strip_hidden(text: str, label: str = "内容") -> tuple[str, list[str]]:
    """``text`` without invisible characters, and the names of those removed (``[]`` for none).

    Zero-width characters, direction marks, the BOM and control characters are removed;
    characters that reorder the display (U+202A–U+202E, U+2066–U+2069) raise
    :class:`ValidationError` naming ``label``: the text must be typed again.
    """
    if text.isprintable():  # the common case: nothing hidden (also true for "")
        return text, []
    removed: list[str] = []
    out = []
    for ch in text:
        code = ord(ch)
        if code in BIDI_CONTROLS:
            raise ValidationError(
                f"{label}中含有改变文字显示方向的隐藏字符（U+{code:04X}），显示的顺序和实际保存的不一致，"
                "可能是从网页或聊天软件复制时带入的。请删除该内容后重新输入。"
            )
        name = INVISIBLE_CHARS.get(code)
        if name is None and (code < 0x20 or 0x7F <= code < 0xA0) and code not in _KEPT_CONTROLS:
            name = f"控制字符 U+{code:04X}"
        if name is None:
            out.append(ch)
        elif name not in removed:
            removed.append(name)
    return ("".join(out), removed) if removed else (text, [])


_NOT_SHOWN = dict.fromkeys(
    [*BIDI_CONTROLS, *INVISIBLE_CHARS, *(c for c in (*range(0x20), *range(0x7F, 0xA0)) if c not in _KEPT_CONTROLS)]
)


def shown_text(text: str) -> str:
    """``text`` as it may be shown in a list or a message: without the characters that reorder
    the display or cannot be seen (the message beside it says they were there)."""
    return text if text.isprintable() else text.translate(_NOT_SHOWN)


def normalize_text(s: str) -> str:
    """Full-width ASCII and U+3000 to half-width, strip, collapse whitespace."""
    return " ".join(s.translate(_FULLWIDTH_TABLE).split())


_ALNUM_TABLE: dict[int, str] = {
    code: chr(code - 0xFEE0) for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_ALNUM_TABLE[0x3000] = " "


def normalize_prose(s: str) -> str:
    """Tidy free text written in Chinese: full-width letters and digits to half-width, spaces
    collapsed, but Chinese punctuation (，。：；！？（）) kept as it is written."""
    return " ".join(s.translate(_ALNUM_TABLE).split())


_MIDDLE_DOT = "\u00b7"
# Applied after normalize_text, so U+FF0E has already become ASCII '.'.
_DOT_TABLE: dict[int, str] = {
    ord(ch): _MIDDLE_DOT for ch in ("\u2022", "\u30fb", "\uff65", "\u2027", "\uff0e", "\u2219", ".")
}


def _is_cjk(ch: str) -> bool:
    """True for CJK ideographs, including Ext A and the astral extensions."""
    code = ord(ch)
    return (
        0x3400 <= code <= 0x4DBF  # Ext A
        or 0x4E00 <= code <= 0x9FFF  # URO
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= code <= 0x3FFFF  # Ext B.. (SIP and TIP)
        or code == 0x3007  # 〇
    )


def _joins_tight(ch: str) -> bool:
    return ch == _MIDDLE_DOT or _is_cjk(ch)


def normalize_name(s: str) -> str:
    """Normalise a Chinese personal name (spaces between hanzi, middle dots)."""
    if not isinstance(s, str):
        raise ValidationError("姓名必须是文字，请重新填写。")
    text = normalize_text(s).translate(_DOT_TABLE)
    # Remove every space that sits between two CJK characters / middle dots.
    parts = text.split(" ")
    out = parts[0] if parts else ""
    for part in parts[1:]:
        if out and part and _joins_tight(out[-1]) and _joins_tight(part[0]):
            out += part
        else:
            out += " " + part
    out = out.strip()
    if not out:
        raise ValidationError("姓名不能为空，请填写姓名。")
    digits = [ch for ch in out if ch.isdigit()]
    if digits:
        raise ValidationError(f"姓名“{out}”中含有数字“{digits[0]}”，请检查后重新填写。")
    return out


# ---------------------------------------------------------------------------
# Resident identity card number (GB 11643-1999)
# ---------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ASCII_DIGITS = frozenset("0123456789")

_PROVINCE_CODES: frozenset[int] = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
        91,
    ]
)
_MIN_BIRTH = datetime.date(1890, 1, 1)

# Characters people put between digit groups; all are simply dropped.
_ID_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_]+")


def gb11643_check_digit(first17: str) -> str:
    """Return the GB 11643-1999 check character ('0'-'9' or 'X')."""
    if not isinstance(first17, str) or len(first17) != 17 or not set(first17) <= _ASCII_DIGITS:
        raise ValidationError("计算校验位需要身份证号的前 17 位数字。")
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


@dataclass(frozen=True)
class IdInfo:
    """A validated 18-digit ID number and what it encodes."""

    number: str
    birth_date: datetime.date
    sex: str  # "男" or "女"
    region_code: str


def _excel_id_error(shown: str) -> ValidationError:
    return ValidationError(
        f"身份证号“{shown}”已被 Excel 当作数字保存，后几位数字已经丢失，无法使用。"
        "请把该单元格设置为“文本”格式后重新输入完整的身份证号。"
    )


def parse_id_number(raw: str | int | float, *, today: datetime.date | None = None) -> IdInfo:
    """Validate an 18- or 15-digit ID number; 15-digit ones become 18 digits."""
    if isinstance(raw, bool) or raw is None:
        raise ValidationError("请填写身份证号。")
    if isinstance(raw, float):
        if math.isfinite(raw) and raw.is_integer() and abs(raw) < 1e15:
            return parse_id_number(str(int(raw)), today=today)
        raise _excel_id_error(repr(raw))
    if isinstance(raw, int):
        text = str(raw)
        if len(text) <= 15:
            return parse_id_number(text, today=today)
        # Excel keeps only 15 significant digits; a wrong 16+ digit number
        # coming in as a number almost certainly lost its tail there.
        try:
            return parse_id_number(text, today=today)
        except ValidationError:
            raise _excel_id_error(text) from None
    if not isinstance(raw, str):
        raise ValidationError("身份证号格式无法识别，请重新填写。")

    text = normalize_text(raw).lstrip("'")
    if "." in text or "e+" in text.lower():
        raise _excel_id_error(text)
    s = _ID_SEPARATORS.sub("", text).upper()
    if not s:
        raise ValidationError("请填写身份证号。")

    bad = [ch for i, ch in enumerate(s) if ch not in _ASCII_DIGITS and not (ch == "X" and i == len(s) - 1)]
    if bad:
        raise ValidationError(f"身份证号中含有无效字符“{bad[0]}”：只能填写数字，18 位号码的最后一位可以是 X。")
    if len(s) not in (15, 18):
        raise ValidationError(f"身份证号位数不对：应为 18 位（旧证为 15 位），您填写了 {len(s)} 位。")
    if len(s) == 15 and s.endswith("X"):
        raise ValidationError("15 位旧身份证号全部是数字，最后一位不能是 X。")

    province = int(s[:2])
    if province not in _PROVINCE_CODES:
        raise ValidationError(f"身份证号前两位“{s[:2]}”不是有效的省份代码，请检查是否输错。")

    if len(s) == 18:
        birth_text = s[6:14]
        year, month, day = int(s[6:10]), int(s[10:12]), int(s[12:14])
    else:
        birth_text = "19" + s[6:12]
        year, month, day = 1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])
    shown_birth = f"{birth_text[:4]}年{birth_text[4:6]}月{birth_text[6:]}日"
    try:
        birth = datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(f"身份证号中的出生日期“{shown_birth}”不存在，请检查是否输错。") from None
    if today is None:
        today = datetime.date.today()
    if birth > today:
        raise ValidationError(f"身份证号中的出生日期“{shown_birth}”晚于今天，请检查是否输错。")
    if birth < _MIN_BIRTH:
        raise ValidationError(f"身份证号中的出生日期“{shown_birth}”早于 1890 年，请检查是否输错。")

    if len(s) == 18:
        expected = gb11643_check_digit(s[:17])
        if s[17] != expected:
            raise ValidationError(f"身份证号校验位不正确：应为 {expected}，实际为 {s[17]}。请逐位核对号码是否输错。")
        number = s
    else:
        first17 = s[:6] + "19" + s[6:]
        number = first17 + gb11643_check_digit(first17)

    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, sex=sex, region_code=number[:6])


def mask_id_number(number: str | None) -> str:
    """Mask an ID number: first 6 and last 4 shown, the rest as '*' (see :mod:`.privacy`)."""
    from .privacy import mask_id_number as mask

    return mask(number)


# ---------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------

PhoneKind = Literal["mobile", "landline"]

_MOBILE_RE = re.compile(r"1[3-9]\d{9}")
_EXT_KEYWORD_RE = re.compile(r"\s*(?:转|分机号?|ext\.?|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PHONE_ALLOWED_RE = re.compile(r"[\d\s\-()+]*")
_DASH_TABLE = {ord(ch): "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
_MISSING_AREA_MSG = "固定电话“{raw}”缺少区号，请在前面加上区号，例如 0532-88881234。"
# Numbers already written as normalize_phone writes them (most of a roster; a number is checked
# again each time a person is saved): returned as they are, with the same answer the full path gives.
_CANONICAL_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_CANONICAL_LANDLINE_RE = re.compile(r"(?:010|02[0-9]|0[3-9][0-9]{2})-[2-9][0-9]{6,7}")


def _area_code_length(digits: str) -> int | None:
    """Length of the area code (incl. leading 0) that ``digits`` starts with."""
    if digits.startswith("010") or digits.startswith("02"):
        return 3
    if len(digits) > 1 and digits[0] == "0" and digits[1] in "3456789":
        return 4
    return None


def normalize_phone(raw: str | int | float) -> tuple[str, PhoneKind]:
    """Return ("13812341234", "mobile") or ("0532-88881234[-ext]", "landline")."""
    if isinstance(raw, bool) or raw is None:
        raise ValidationError("请填写电话号码。")
    if isinstance(raw, float) and math.isfinite(raw) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValidationError("电话号码格式无法识别，请重新填写。")
    if _CANONICAL_MOBILE_RE.fullmatch(raw):
        return raw, "mobile"
    if _CANONICAL_LANDLINE_RE.fullmatch(raw):
        return raw, "landline"

    s = normalize_text(raw).translate(_DASH_TABLE)
    shown = s
    if not s:
        raise ValidationError("请填写电话号码。")

    ext = ""
    keyword_ext = False
    m = _EXT_KEYWORD_RE.search(s)
    if m:
        ext, keyword_ext, s = m.group(1), True, s[: m.start()]
    if not _PHONE_ALLOWED_RE.fullmatch(s):
        bad = next(ch for ch in s if not _PHONE_ALLOWED_RE.fullmatch(ch))
        raise ValidationError(f"电话号码“{shown}”中含有无法识别的字符“{bad}”，请只填写数字。")

    body = s.strip()
    international = False
    if body.startswith("+"):
        body = body[1:].lstrip()
        if not body.startswith("86"):
            raise ValidationError(f"电话号码“{shown}”不是中国大陆号码，目前只支持 +86 开头的号码。")
        body, international = body[2:], True
    elif body.startswith("0086"):
        body, international = body[4:], True

    groups = re.findall(r"\d+", body)
    digits = "".join(groups)
    if not digits:
        if ext:
            raise ValidationError(f"电话号码“{shown}”只有分机号，请填写完整的电话号码。")
        raise ValidationError(f"电话号码“{shown}”中没有数字，请重新填写。")
    if not international and len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]

    # Mobile numbers ("+86 10 ..." is Beijing's landline area code 010).
    if digits.startswith("1") and not (international and digits.startswith("10")):
        if len(digits) != 11:
            raise ValidationError(f"手机号码“{shown}”位数不对：应为 11 位，您填写了 {len(digits)} 位。")
        if not _MOBILE_RE.fullmatch(digits):
            raise ValidationError(f"手机号码“{shown}”不正确：第二位应为 3 到 9 之间的数字。")
        if ext:
            raise ValidationError(f"手机号码“{shown}”不能带分机号，请删去分机号。")
        return digits, "mobile"

    # Landlines.
    if international and not digits.startswith("0"):
        groups[0] = "0" + groups[0]
        digits = "0" + digits
    if not digits.startswith("0"):
        first = groups[0]
        looks_local = len(digits) in (7, 8) or (len(first) in (7, 8) and len(groups) == 2 and len(groups[1]) <= 6)
        if looks_local:
            raise ValidationError(_MISSING_AREA_MSG.format(raw=shown))
        raise ValidationError(
            f"无法识别电话号码“{shown}”：手机号码应为 11 位，固定电话应写成“区号-号码”，例如 0532-88881234。"
        )

    area_len = _area_code_length(digits)
    if area_len is None or len(groups[0]) < area_len:
        area_shown = groups[0] if len(groups) > 1 else digits[:4]
        raise ValidationError(f"电话号码“{shown}”的区号“{area_shown}”不正确，请检查区号。")
    area = groups[0][:area_len]
    rest = ([groups[0][area_len:]] if len(groups[0]) > area_len else []) + groups[1:]
    if not rest:
        raise ValidationError(f"电话号码“{shown}”只有区号，请在区号后面填写电话号码。")

    joined = "".join(rest)
    local = joined
    if not keyword_ext and len(rest) > 1 and len(joined) not in (7, 8):
        head = "".join(rest[:-1])
        if len(head) in (7, 8) and len(rest[-1]) <= 6:
            local, ext = head, rest[-1]
    if len(local) not in (7, 8):
        raise ValidationError(f"电话号码“{shown}”的号码部分（区号之后）应为 7 或 8 位，您填写了 {len(local)} 位。")
    if local[0] in "01":
        raise ValidationError(f"电话号码“{shown}”的号码部分不能以 {local[0]} 开头，请检查是否输错。")
    result = f"{area}-{local}" + (f"-{ext}" if ext else "")
    return result, "landline"


def mask_phone(phone: str | None) -> str:
    """Mask a phone: "138****1234" or "0532-****1234"; "" stays "" (see :mod:`.privacy`)."""
    from .privacy import mask_phone as mask

    return mask(phone)


def mask_address(address: str | None) -> str:
    """Mask an address after its street, village or estate (see :mod:`.privacy`)."""
    from .privacy import mask_address as mask

    return mask(address)


# ---------------------------------------------------------------------------
# Loose dates
# ---------------------------------------------------------------------------

DatePrecision = Literal["day", "month", "year"]

_MIN_YEAR, _MAX_YEAR = 1880, 2100
_EXCEL_BASE = datetime.date(1899, 12, 30)  # for serials > 60
_EXCEL_BASE_EARLY = datetime.date(1899, 12, 31)  # for serials 1..59
_EXCEL_MAX_SERIAL = (datetime.date(_MAX_YEAR, 12, 31) - _EXCEL_BASE).days

_SEP = r"\s*[.\-/]\s*"
_YEAR_RE = re.compile(r"(\d{4})\s*年?")
_MONTH_RE = re.compile(rf"(\d{{4}})(?:{_SEP}|\s*年\s*)(\d{{1,2}})\s*月?")
_DAY_RE = re.compile(
    rf"(\d{{4}})(?:{_SEP}|\s*年\s*)(\d{{1,2}})(?:{_SEP}|\s*月\s*)(\d{{1,2}})"
    r"\s*[日号]?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})?")


def _build_date(year: int, month: int, day: int, shown: str) -> datetime.date:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        raise ValidationError(f"日期“{shown}”的年份 {year} 不在合理范围内（{_MIN_YEAR}–{_MAX_YEAR} 年），请检查。")
    if not 1 <= month <= 12:
        raise ValidationError(f"日期“{shown}”的月份 {month} 不正确，月份应为 1 到 12。")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(f"日期“{shown}”不存在：{year} 年 {month} 月没有 {day} 日。") from None


def _from_excel_serial(serial: int, shown: str) -> datetime.date:
    if serial == 60:
        raise ValidationError(f"日期“{shown}”是 Excel 中不存在的 1900年2月29日，请重新填写日期。")
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise ValidationError(f"无法识别日期“{shown}”，请按“1948.03.15”这样的格式填写。")
    base = _EXCEL_BASE_EARLY if serial < 60 else _EXCEL_BASE
    return base + datetime.timedelta(days=serial)


def _parse_date_text(text: str, shown: str) -> tuple[datetime.date, DatePrecision]:
    if m := _YEAR_RE.fullmatch(text):
        return _build_date(int(m.group(1)), 1, 1, shown), "year"
    if m := _MONTH_RE.fullmatch(text):
        return _build_date(int(m.group(1)), int(m.group(2)), 1, shown), "month"
    if m := _DAY_RE.fullmatch(text):
        y, mo, d = (int(g) for g in m.groups())
        return _build_date(y, mo, d, shown), "day"
    if m := _COMPACT_RE.fullmatch(text):
        y, mo = int(m.group(1)), int(m.group(2))
        if m.group(3) is None:
            return _build_date(y, mo, 1, shown), "month"
        return _build_date(y, mo, int(m.group(3)), shown), "day"
    raise ValidationError(f"无法识别日期“{shown}”，请按“1948.03.15”“1948年3月”或“1948”这样的格式填写。")


def parse_loose_date(value: object) -> tuple[datetime.date, DatePrecision]:
    """Parse a roster-style date; return (date, precision).

    Month/year precision dates use day 1 / January 1.  Numbers are handled
    the way Excel delivers cells: 1880–2100 is a year (Excel turns a typed
    "1948" into the number 1948), 1880.01–2100.12 is year.month, six or eight
    digit integers are YYYYMM / YYYYMMDD, anything else is a 1900-system
    date serial (e.g. 17593).
    """
    if isinstance(value, datetime.datetime):
        d = value.date()
        return _build_date(d.year, d.month, d.day, d.isoformat()), "day"
    if isinstance(value, datetime.date):
        return _build_date(value.year, value.month, value.day, value.isoformat()), "day"
    if isinstance(value, bool) or value is None:
        raise ValidationError("日期不能为空，请填写日期。")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError("日期无法识别，请重新填写。")
        if value.is_integer():
            return parse_loose_date(int(value))
        if _MIN_YEAR <= value < _MAX_YEAR + 1:
            text = repr(value)
            if text.split(".", 1)[1] == "1":
                raise ValidationError(
                    f"日期“{text}”无法确定是 1 月还是 10 月（Excel 会去掉末尾的 0）。"
                    "请把单元格设为文本格式，填写 1948.01 或 1948.10 这样的两位月份。"
                )
            return _parse_date_text(text, text)
        return _from_excel_serial(math.floor(value), repr(value)), "day"
    if isinstance(value, int):
        text = str(value)
        if _MIN_YEAR <= value <= _MAX_YEAR or len(text) in (6, 8):
            return _parse_date_text(text, text)
        return _from_excel_serial(value, text), "day"
    if not isinstance(value, str):
        raise ValidationError(f"无法识别日期“{value}”，请重新填写。")
    text = normalize_text(value)
    if not text:
        raise ValidationError("日期不能为空，请填写日期。")
    return _parse_date_text(text, text)
