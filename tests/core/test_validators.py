"""Tests for cadre_desk.core.validators."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadre_desk.core.validators import (
    IdInfo,
    ValidationError,
    gb11643_check_digit,
    mask_id_number,
    mask_phone,
    normalize_name,
    normalize_phone,
    normalize_text,
    parse_id_number,
    parse_loose_date,
)

TODAY = dt.date(2024, 6, 1)


def make_id(region: str, birth: str, seq: str) -> str:
    """Build a synthetic, checksum-valid 18-digit ID number."""
    first17 = region + birth + seq
    return first17 + gb11643_check_digit(first17)


def wrong_check_char(number: str) -> str:
    """A check character different from the correct one."""
    return "1" if number[-1] != "1" else "2"


# ---------------------------------------------------------------------------
# ValidationError
# ---------------------------------------------------------------------------


def test_validation_error_is_value_error_with_message() -> None:
    err = ValidationError("出错了")
    assert isinstance(err, ValueError)
    assert err.message == "出错了"
    assert str(err) == "出错了"


# ---------------------------------------------------------------------------
# normalize_text / normalize_name
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("０１２ＡＢ（）－", "012AB()-"),
        ("\u3000 张三 \u3000", "张三"),
        ("a \t\n  b\u3000\u3000c", "a b c"),
        ("ｈｅｌｌｏ，ｗｏｒｌｄ！", "hello,world!"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张  三", "张三"),
        (" 王 五 ", "王五"),
        ("\u3000李\u3000四\u3000", "李四"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽･买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽 · 买买提", "阿依古丽·买买提"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("李䶮", "李䶮"),
        ("𠮷 祥", "𠮷祥"),
        ("王〇", "王〇"),
        ("John  Smith", "John Smith"),
    ],
)
def test_normalize_name(raw: str, expected: str) -> None:
    assert normalize_name(raw) == expected


def test_normalize_name_keeps_astral_characters_intact() -> None:
    result = normalize_name("𠮷田 䶮")
    assert result == "𠮷田䶮"
    assert "\U00020bb7" in result


@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_normalize_name_empty(raw: str) -> None:
    with pytest.raises(ValidationError, match="姓名不能为空"):
        normalize_name(raw)


@pytest.mark.parametrize("raw", ["张三2", "王５", "李四 1"])
def test_normalize_name_rejects_digits(raw: str) -> None:
    with pytest.raises(ValidationError, match="含有数字"):
        normalize_name(raw)


# ---------------------------------------------------------------------------
# GB 11643 check digit and ID numbers
# ---------------------------------------------------------------------------


def test_check_digit_known_value() -> None:
    # Example from the GB 11643-1999 standard text.
    assert gb11643_check_digit("11010519491231002") == "X"
    assert gb11643_check_digit("44052418800101001") == "4"


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100a", ""])
def test_check_digit_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValidationError, match="17 位"):
        gb11643_check_digit(bad)


def test_parse_valid_18_digit_male() -> None:
    number = make_id("370202", "19520608", "123")
    info = parse_id_number(number, today=TODAY)
    assert info == IdInfo(
        number=number,
        birth_date=dt.date(1952, 6, 8),
        sex="男",
        region_code="370202",
    )


def test_parse_valid_18_digit_female() -> None:
    number = make_id("320602", "19480315", "024")
    info = parse_id_number(number, today=TODAY)
    assert info.sex == "女"
    assert info.birth_date == dt.date(1948, 3, 15)
    assert info.region_code == "320602"


def test_parse_accepts_spaces_hyphens_and_full_width() -> None:
    number = make_id("110101", "19400101", "015")
    spaced = f"{number[:6]} {number[6:14]}-{number[14:]}"
    full_width = number.translate({ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789"})
    assert parse_id_number(spaced, today=TODAY).number == number
    assert parse_id_number(full_width, today=TODAY).number == number
    assert parse_id_number(f"  {number}\u3000", today=TODAY).number == number


def test_parse_lower_case_x_is_stored_upper_case() -> None:
    # 11010519491231002X is the standard's published example.
    info = parse_id_number("11010519491231002x", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.sex == "女"
    assert info.birth_date == dt.date(1949, 12, 31)


def test_parse_15_digit_legacy_number() -> None:
    info = parse_id_number("370202520608123", today=TODAY)
    first17 = "37020219520608123"
    assert info.number == first17 + gb11643_check_digit(first17)
    assert len(info.number) == 18
    assert info.birth_date == dt.date(1952, 6, 8)
    assert info.sex == "男"  # last digit 3 is odd
    assert info.region_code == "370202"
    assert parse_id_number("370202520608124", today=TODAY).sex == "女"


def test_parse_15_digit_rejects_x() -> None:
    with pytest.raises(ValidationError, match="15 位"):
        parse_id_number("37020252060812X", today=TODAY)


def test_parse_uses_real_today_by_default() -> None:
    number = make_id("110101", "19500101", "011")
    assert parse_id_number(number).birth_date == dt.date(1950, 1, 1)


@pytest.mark.parametrize(("raw", "count"), [("37020219520608123", 17), ("3702021952060812345", 19), ("123", 3)])
def test_parse_wrong_length(raw: str, count: int) -> None:
    with pytest.raises(ValidationError, match=f"您填写了 {count} 位") as exc:
        parse_id_number(raw, today=TODAY)
    assert "18 位" in exc.value.message


@pytest.mark.parametrize("raw", ["37020219520608123A", "3702021952O6081234", "37020219520608X234"])
def test_parse_non_digit_characters(raw: str) -> None:
    with pytest.raises(ValidationError, match="无效字符"):
        parse_id_number(raw, today=TODAY)


@pytest.mark.parametrize(
    "raw",
    ["3.70202195206081E+17", "3.70202195206081e+17", "370202195206081000.0", "3E+17", 3.70202195206081e17],
)
def test_parse_excel_scientific_notation(raw: object) -> None:
    with pytest.raises(ValidationError, match="Excel") as exc:
        parse_id_number(raw, today=TODAY)  # type: ignore[arg-type]
    assert "文本" in exc.value.message
    assert "丢失" in exc.value.message


def test_parse_int_that_lost_precision_in_excel() -> None:
    with pytest.raises(ValidationError, match="Excel"):
        parse_id_number(370202195206081000, today=TODAY)


def test_parse_exact_int_is_accepted() -> None:
    number = make_id("370202", "19520608", "123")
    if number.endswith("X"):  # pragma: no cover - depends on the sequence chosen
        pytest.skip("needs an all-digit number")
    assert parse_id_number(int(number), today=TODAY).number == number


@pytest.mark.parametrize("region", ["990101", "000000", "190101", "840101"])
def test_parse_invalid_province(region: str) -> None:
    number = make_id(region, "19520608", "123")
    with pytest.raises(ValidationError, match="省份代码"):
        parse_id_number(number, today=TODAY)


@pytest.mark.parametrize("region", ["710000", "810000", "820000", "830000", "910000", "460100"])
def test_parse_special_provinces_are_valid(region: str) -> None:
    assert parse_id_number(make_id(region, "19520608", "123"), today=TODAY).region_code == region


@pytest.mark.parametrize("birth", ["19521308", "19520230", "19490000", "19510229"])
def test_parse_impossible_birth_date(birth: str) -> None:
    with pytest.raises(ValidationError, match="不存在"):
        parse_id_number(make_id("370202", birth, "123"), today=TODAY)


def test_parse_impossible_birth_date_15_digit() -> None:
    with pytest.raises(ValidationError, match="不存在"):
        parse_id_number("370202521308123", today=TODAY)


def test_parse_birth_date_in_future() -> None:
    with pytest.raises(ValidationError, match="晚于今天"):
        parse_id_number(make_id("370202", "20240602", "123"), today=TODAY)
    # The day itself is fine.
    assert parse_id_number(make_id("370202", "20240601", "123"), today=TODAY).birth_date == TODAY


def test_parse_birth_date_too_early() -> None:
    with pytest.raises(ValidationError, match="早于 1890"):
        parse_id_number(make_id("370202", "18891231", "123"), today=TODAY)
    assert parse_id_number(make_id("370202", "18900101", "123"), today=TODAY)


def test_parse_wrong_check_digit_shows_expected() -> None:
    number = make_id("370202", "19520608", "123")
    bad = number[:17] + wrong_check_char(number)
    with pytest.raises(ValidationError, match="校验位不正确") as exc:
        parse_id_number(bad, today=TODAY)
    assert f"应为 {number[17]}" in exc.value.message
    assert f"实际为 {bad[17]}" in exc.value.message


@pytest.mark.parametrize("raw", ["", "   ", "-"])
def test_parse_empty(raw: str) -> None:
    with pytest.raises(ValidationError, match="请填写身份证号"):
        parse_id_number(raw, today=TODAY)


def test_mask_id_number() -> None:
    assert mask_id_number("370202195206081234") == "370202********1234"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


VALID_REGIONS = ["370202", "320602", "110101", "440305", "650102", "810000"]


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
    region=st.sampled_from(VALID_REGIONS),
    seq=st.from_regex(r"\A[0-9]{3}\Z"),
)
def test_property_generated_ids_round_trip(birth: dt.date, region: str, seq: str) -> None:
    first17 = region + birth.strftime("%Y%m%d") + seq
    number = first17 + gb11643_check_digit(first17)
    info = parse_id_number(number, today=TODAY)
    assert info.number == number
    assert info.birth_date == birth
    assert info.sex == ("男" if int(seq[2]) % 2 else "女")
    assert info.region_code == region
    assert parse_id_number(number.lower(), today=TODAY) == info


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)),
    region=st.sampled_from(VALID_REGIONS),
    seq=st.from_regex(r"\A[0-9]{3}\Z"),
    position=st.integers(min_value=0, max_value=17),
    data=st.data(),
)
def test_property_single_digit_change_is_rejected(
    birth: dt.date, region: str, seq: str, position: int, data: st.DataObject
) -> None:
    first17 = region + birth.strftime("%Y%m%d") + seq
    number = first17 + gb11643_check_digit(first17)
    new_digit = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    changed = number[:position] + new_digit + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


# ---------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812341234",
        "138 1234 1234",
        "138-1234-1234",
        "+86 138 1234 1234",
        "+8613812341234",
        "8613812341234",
        "0086 13812341234",
        "１３８１２３４１２３４",
        13812341234,
        13812341234.0,
    ],
)
def test_normalize_mobile(raw: object) -> None:
    assert normalize_phone(raw) == ("13812341234", "mobile")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0532-88881234", "0532-88881234"),
        ("0532 88881234", "0532-88881234"),
        ("053288881234", "0532-88881234"),
        ("(0532)88881234", "0532-88881234"),
        ("（0532）8888 1234", "0532-88881234"),
        ("0532－88881234", "0532-88881234"),
        ("0513-8123456", "0513-8123456"),
        ("010-88881234", "010-88881234"),
        ("01088881234", "010-88881234"),
        ("021 6123 4567", "021-61234567"),
        ("02087654321", "020-87654321"),
        ("+86 532 88881234", "0532-88881234"),
        ("+86 10 88881234", "010-88881234"),
    ],
)
def test_normalize_landline(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == (expected, "landline")


@pytest.mark.parametrize(
    "raw",
    [
        "0532-88881234转123",
        "0532-88881234 转 123",
        "0532-88881234-123",
        "0532-88881234 ext 123",
        "0532-88881234 EXT.123",
    ],
)
def test_normalize_landline_extension(raw: str) -> None:
    assert normalize_phone(raw) == ("0532-88881234-123", "landline")


@pytest.mark.parametrize("raw", ["88881234", "8888-1234", "8123456", "88881234转12"])
def test_landline_missing_area_code(raw: str) -> None:
    with pytest.raises(ValidationError, match="缺少区号"):
        normalize_phone(raw)


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        ("", "请填写电话号码"),
        ("1381234123", "应为 11 位"),
        ("138123412345", "应为 11 位"),
        ("12812341234", "第二位"),
        ("13812341234转1", "分机"),
        ("138abc41234", "无法识别的字符"),
        ("+1 415 555 0100", "+86"),
        ("0532-888812", "7 或 8 位"),
        ("0532-888812345", "7 或 8 位"),
        ("0532", "只有区号"),
        ("0012-88881234", "区号"),
        ("0532-08881234", "不能以 0 开头"),
        ("12345", "应为 11 位"),
        ("55555", "无法识别电话号码"),
        ("转123", "只有分机号"),
        ("-()", "没有数字"),
    ],
)
def test_phone_errors(raw: str, phrase: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert phrase in exc.value.message


def test_mask_phone() -> None:
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0532-88881234") == "0532-****1234"
    assert mask_phone("010-88881234-123") == "010-****1234-123"
    assert mask_phone("0513-8123456") == "0513-***3456"
    assert mask_phone("+86 138 1234 1234") == "138****1234"
    assert mask_phone("") == ""
    assert mask_phone(None) == ""
    masked = mask_phone("garbage 987654321")
    assert masked.endswith("4321")
    assert "98765" not in masked


# ---------------------------------------------------------------------------
# Loose dates
# ---------------------------------------------------------------------------

MARCH_1948 = dt.date(1948, 3, 1)
MARCH_15_1948 = dt.date(1948, 3, 15)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1948.03", (MARCH_1948, "month")),
        ("1948.3", (MARCH_1948, "month")),
        ("1948年3月", (MARCH_1948, "month")),
        ("1948年03月", (MARCH_1948, "month")),
        ("1948-3", (MARCH_1948, "month")),
        ("1948/03", (MARCH_1948, "month")),
        ("194803", (MARCH_1948, "month")),
        ("１９４８．０３", (MARCH_1948, "month")),
        ("1948.03.15", (MARCH_15_1948, "day")),
        ("1948年3月15日", (MARCH_15_1948, "day")),
        ("1948-3-15", (MARCH_15_1948, "day")),
        ("1948/3/15", (MARCH_15_1948, "day")),
        ("19480315", (MARCH_15_1948, "day")),
        ("１９４８年３月１５日", (MARCH_15_1948, "day")),
        ("1948-03-15 00:00:00", (MARCH_15_1948, "day")),
        ("1948", (dt.date(1948, 1, 1), "year")),
        ("1948年", (dt.date(1948, 1, 1), "year")),
        (" 1948 ", (dt.date(1948, 1, 1), "year")),
    ],
)
def test_parse_loose_date_strings(raw: str, expected: tuple[dt.date, str]) -> None:
    assert parse_loose_date(raw) == expected


def test_parse_loose_date_objects() -> None:
    assert parse_loose_date(MARCH_15_1948) == (MARCH_15_1948, "day")
    assert parse_loose_date(dt.datetime(1948, 3, 15, 10, 30)) == (MARCH_15_1948, "day")


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (17593, dt.date(1948, 3, 1)),
        (17593.0, dt.date(1948, 3, 1)),
        (17593.75, dt.date(1948, 3, 1)),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (61, dt.date(1900, 3, 1)),
        (45292, dt.date(2024, 1, 1)),
    ],
)
def test_parse_loose_date_excel_serial(serial: float, expected: dt.date) -> None:
    assert parse_loose_date(serial) == (expected, "day")


def test_parse_loose_date_excel_fake_leap_day() -> None:
    with pytest.raises(ValidationError, match="1900年2月29日"):
        parse_loose_date(60)


def test_parse_loose_date_numbers_from_excel_cells() -> None:
    assert parse_loose_date(1948) == (dt.date(1948, 1, 1), "year")
    assert parse_loose_date(1948.03) == (MARCH_1948, "month")
    assert parse_loose_date(1948.12) == (dt.date(1948, 12, 1), "month")
    assert parse_loose_date(194803) == (MARCH_1948, "month")
    assert parse_loose_date(19480315) == (MARCH_15_1948, "day")
    with pytest.raises(ValidationError, match="10 月"):
        parse_loose_date(1948.1)


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        ("1948.13", "月份 13"),
        ("1948年0月", "月份 0"),
        ("1948.02.30", "没有 30 日"),
        ("19490229", "没有 29 日"),
        ("1790.03", "年份 1790"),
        ("2101", "年份 2101"),
        ("3000年1月1日", "年份 3000"),
        ("去年春天", "无法识别日期"),
        ("1948.03.15.1", "无法识别日期"),
        ("abc", "无法识别日期"),
        ("", "不能为空"),
        (None, "不能为空"),
        (99999, "无法识别日期"),
        (float("nan"), "无法识别"),
        (dt.date(1700, 1, 1), "年份 1700"),
        ([1948], "无法识别日期"),
    ],
)
def test_parse_loose_date_errors(raw: object, phrase: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_loose_date(raw)
    assert phrase in exc.value.message


def test_parse_loose_date_error_names_value() -> None:
    with pytest.raises(ValidationError, match="“去年春天”"):
        parse_loose_date("去年春天")


loose_dates = st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(2100, 12, 31))


@given(loose_dates)
def test_property_loose_date_month_round_trip(d: dt.date) -> None:
    assert parse_loose_date(d.strftime("%Y.%m")) == (d.replace(day=1), "month")


@given(loose_dates)
def test_property_loose_date_chinese_round_trip(d: dt.date) -> None:
    assert parse_loose_date(d.strftime("%Y年%m月%d日")) == (d, "day")


@given(loose_dates)
def test_property_loose_date_compact_round_trip(d: dt.date) -> None:
    assert parse_loose_date(d.strftime("%Y%m%d")) == (d, "day")


# -- hidden characters ------------------------------------------------------------------


def test_invisible_characters_are_removed_and_named() -> None:
    from cadre_desk.core.validators import strip_hidden

    assert strip_hidden("王建国") == ("王建国", [])
    assert strip_hidden("李\u200b四\ufeff") == ("李四", ["零宽空格", "零宽不换行空格（BOM）"])
    assert strip_hidden("赵\u200d六\x07") == ("赵六", ["零宽连字", "控制字符 U+0007"])
    assert strip_hidden("第一行\n第二行") == ("第一行\n第二行", [])  # whitespace is not hidden


@pytest.mark.parametrize("code", [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
def test_characters_that_reorder_the_display_are_refused(code: int) -> None:
    from cadre_desk.core.validators import strip_hidden

    with pytest.raises(ValidationError) as caught:
        strip_hidden(f"张{chr(code)}三丰", "姓名")
    assert f"U+{code:04X}" in caught.value.message and caught.value.message.startswith("姓名中含有")


def test_the_person_form_and_the_import_clean_names_alike() -> None:
    from cadre_desk.core.errors import DomainError
    from cadre_desk.core.services.people import clean_person

    notes: list[str] = []
    out = clean_person({"name": "李\u200b四", "address": "金湖路\u200d 8 号"}, notes=notes)
    assert out["name"] == "李四" and out["address"] == "金湖路 8 号"
    assert notes == ["姓名中的不可见字符（零宽空格）已去除", "家庭住址中的不可见字符（零宽连字）已去除"]
    with pytest.raises(DomainError, match="U\\+202E"):
        clean_person({"name": "张\u202e三丰"})
