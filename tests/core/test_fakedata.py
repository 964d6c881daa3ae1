"""Tests for cadre_desk.core.fakedata (deterministic demo data)."""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from PIL import Image, ImageChops, ImageOps

from cadre_desk.core import fakedata as fd
from cadre_desk.core.validators import gb11643_check_digit

TODAY = date(2025, 11, 20)

DOCUMENTED_PERSON_KEYS = {
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "id_number",
    "work_unit",
    "position",
    "rank",
    "category",
    "retire_date",
    "political_status",
    "party_branch",
    "activity_class",
    "report_status",
    "report_date",
    "phone_mobile",
    "phone_home",
    "address",
    "emergency_contact",
    "emergency_phone",
    "health_notes",
    "care_serious_illness",
    "care_major_change",
    "care_living_alone",
    "care_empty_nest",
    "care_disabled",
    "interests",
    "talent_tags",
    "status",
    "status_date",
    "moved_to",
    "notes",
}
CARE_KEYS = ("care_serious_illness", "care_major_change", "care_living_alone", "care_empty_nest", "care_disabled")
MOBILE_RE = re.compile(r"^1(3\d|5[0-35-9]|8\d|7[35-8]|9[13589])\d{8}$")
LANDLINE_RE = re.compile(r"^0532-8\d{7}$")
RARE = ("\u4dae", "\U00020bb7")
MIDDLE_DOT = "\u00b7"


@pytest.fixture(scope="module")
def people() -> list[dict[str, object]]:
    rng = random.Random(20251120)
    return [fd.fake_person(rng, TODAY) for _ in range(3000)]


def _is_han_name(name: str) -> bool:
    return 2 <= len(name) <= 3 and all("\u4e00" <= c <= "\u9fff" for c in name)


# --------------------------------------------------------------------------- names


def test_surname_and_given_data() -> None:
    surnames = dict(fd.SURNAMES)
    for common in "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗":
        assert common in surnames
    for poly in "单曾仇解区朴查乐":
        assert 0 < surnames[poly] < surnames["王"] / 20
    assert surnames["王"] > surnames["罗"]
    for given in ("建国", "国华", "秀英", "桂兰", "淑珍", "志刚", "玉兰", "德明"):
        assert given in fd.GIVEN_CHARS
    assert all(1 <= len(g) <= 2 for g in fd.GIVEN_CHARS)


def test_names_mostly_han_with_rare_and_middle_dot() -> None:
    rng = random.Random(7)
    names = [fd.fake_name(rng) for _ in range(10_000)]
    han = sum(_is_han_name(n) for n in names)
    dotted = [n for n in names if MIDDLE_DOT in n]
    rare = [n for n in names if any(c in n for c in RARE)]
    assert han / len(names) > 0.97
    assert 10 <= len(dotted) <= 120  # about 1 in 200
    assert 3 <= len(rare) <= 60  # about 1 in 500
    for n in dotted:
        left, right = n.split(MIDDLE_DOT)
        assert left and right and left != right
    assert all(n and not n.isspace() for n in names)


def test_name_sex_matches_given_names() -> None:
    rng = random.Random(8)
    female_only = {"秀英", "桂兰", "淑珍", "玉兰"}
    male_only = {"建国", "志刚", "德明", "卫国"}
    for _ in range(500):
        assert fd.fake_name(rng, "男")[-2:] not in female_only
        assert fd.fake_name(rng, "女")[-2:] not in male_only


# --------------------------------------------------------------------- ID numbers


def test_regions_are_county_codes() -> None:
    codes = [code for code, _, _ in fd.REGIONS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[1-6]\d{5}", c) for c in codes)
    assert ("370202", "市南区", "青岛市") in fd.REGIONS
    assert ("320602", "崇川区", "南通市") in fd.REGIONS
    for code, district, city in fd.REGIONS:
        assert district.endswith(("区", "市", "县")) and city.endswith("市")
        assert code[:2] in ("37", "32")


@pytest.mark.parametrize("sex", ["男", "女"])
def test_id_number_check_digit_birth_and_sex(sex: str) -> None:
    rng = random.Random(11)
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for i in range(500):
        birth = date(1925, 1, 1) + timedelta(days=rng.randrange(15_000))
        region = fd.REGIONS[i % len(fd.REGIONS)][0]
        number = fd.fake_id_number(rng, birth, sex, region)
        assert len(number) == 18 and number[:17].isdigit()
        assert number[17] == gb11643_check_digit(number[:17])
        total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
        assert number[17] == "10X98765432"[total % 11]
        assert number[:6] == region
        assert number[6:14] == birth.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (1 if sex == "男" else 0)
        assert number[14:17] != "000"


def test_id_number_rejects_bad_input() -> None:
    rng = random.Random(1)
    with pytest.raises(ValueError):
        fd.fake_id_number(rng, date(1950, 1, 1), "男", "3702")
    with pytest.raises(ValueError):
        fd.fake_id_number(rng, date(1950, 1, 1), "M", "370202")


# ------------------------------------------------------------------------- phones


def test_phones() -> None:
    rng = random.Random(3)
    for _ in range(1000):
        assert MOBILE_RE.match(fd.fake_mobile(rng))
        assert LANDLINE_RE.match(fd.fake_landline(rng))
    assert re.fullmatch(r"0531-8\d{7}", fd.fake_landline(rng, "0531"))


# ------------------------------------------------------------------------- people


def test_person_has_exactly_documented_keys(people: list[dict[str, object]]) -> None:
    assert set(fd.PERSON_KEYS) == DOCUMENTED_PERSON_KEYS
    for p in people:
        assert set(p) == DOCUMENTED_PERSON_KEYS


def test_person_field_types_and_values(people: list[dict[str, object]]) -> None:
    for p in people:
        assert p["sex"] in ("男", "女")
        assert isinstance(p["birth_date"], date)
        assert 1925 <= p["birth_date"].year <= 1966
        assert isinstance(p["retire_date"], date)
        assert p["birth_date"] < p["retire_date"] <= TODAY
        assert p["category"] in ("离休", "退休")
        assert isinstance(p["work_unit"], str) and p["work_unit"]
        assert isinstance(p["position"], str) and p["position"]
        assert p["rank"] in ("", "科员", "副科级", "正科级", "副处级", "正处级", "副局级", "正局级")
        assert p["phone_mobile"] == "" or MOBILE_RE.match(p["phone_mobile"])
        assert p["phone_home"] == "" or LANDLINE_RE.match(p["phone_home"])
        assert MOBILE_RE.match(p["emergency_phone"])
        assert re.fullmatch(r"\S+（(儿子|女儿|儿媳|女婿|老伴)）", p["emergency_contact"])
        assert re.fullmatch(r"青岛市市南区\S+\d+号\d单元\d{3}户", p["address"])
        assert all(isinstance(p[k], bool) for k in CARE_KEYS)
        assert isinstance(p["interests"], list) and len(p["interests"]) <= 3
        assert len(set(p["interests"])) == len(p["interests"])
        assert isinstance(p["talent_tags"], list) and len(p["talent_tags"]) <= 2
        assert set(p["talent_tags"]) <= {
            "红色宣讲员",
            "文体活动指导员",
            "党建指导员",
            "教育",
            "卫生",
            "法律",
            "科技",
            "文化",
        }
        assert isinstance(p["health_notes"], str) and isinstance(p["notes"], str)
        if p["care_living_alone"]:
            assert p["care_empty_nest"]


def test_person_id_matches_birth_and_sex(people: list[dict[str, object]]) -> None:
    region_codes = {code for code, _, _ in fd.REGIONS}
    for p in people:
        number = p["id_number"]
        assert number[17] == gb11643_check_digit(number[:17])
        assert number[:6] in region_codes
        assert number[6:14] == p["birth_date"].strftime("%Y%m%d")
        assert int(number[16]) % 2 == (1 if p["sex"] == "男" else 0)
    assert len({p["id_number"] for p in people}) == len(people)


def test_person_combinations(people: list[dict[str, object]]) -> None:
    for p in people:
        if p["category"] == "离休":
            assert p["birth_date"] < date(1932, 1, 1)
            assert p["retire_date"] < date(1995, 1, 1)
        else:
            age = p["retire_date"].year - p["birth_date"].year
            assert age in (55, 60) or (age in (56, 61) and p["birth_date"].month == 12)
        if p["political_status"] == "中共党员":
            assert p["party_branch"].endswith("党支部")
            assert p["activity_class"] in ("正常活动", "适当参加集中活动", "免予参加集中活动", "流动在外")
            assert p["report_status"] in ("已报到", "未报到")
            assert (p["report_date"] is None) == (p["report_status"] == "未报到")
            if p["report_date"] is not None:
                assert p["retire_date"] <= p["report_date"] <= TODAY
        else:
            assert p["party_branch"] == ""
            assert p["activity_class"] == ""
            assert p["report_status"] == ""
            assert p["report_date"] is None
        if p["status"] == "迁出":
            assert p["moved_to"] and p["status_date"] is not None
        elif p["status"] == "已故":
            assert p["moved_to"] == "" and p["status_date"] is not None
        else:
            assert p["status"] == "在册"
            assert p["moved_to"] == "" and p["status_date"] is None
        if p["status_date"] is not None:
            assert p["status_date"] <= TODAY
        if MIDDLE_DOT in p["name"]:
            assert p["ethnicity"] == "维吾尔族"


def test_person_distributions(people: list[dict[str, object]]) -> None:
    n = len(people)

    def share(pred: Callable[[dict[str, object]], object]) -> float:
        return sum(1 for p in people if pred(p)) / n

    assert 0.01 <= share(lambda p: p["category"] == "离休") <= 0.06
    assert share(lambda p: p["ethnicity"] == "汉族") > 0.9
    assert share(lambda p: p["political_status"] == "中共党员") > 0.6
    assert share(lambda p: p["status"] == "在册") > 0.93
    assert share(lambda p: 1945 <= p["birth_date"].year <= 1962) > 0.5
    members = [p for p in people if p["political_status"] == "中共党员"]
    reported = sum(p["report_status"] == "已报到" for p in members) / len(members)
    assert 0.78 <= reported <= 0.92
    normal = sum(p["activity_class"] == "正常活动" for p in members) / len(members)
    assert 0.55 <= normal <= 0.85
    exempt = [p for p in members if p["activity_class"] == "免予参加集中活动"]
    avg_exempt = sum(p["birth_date"].year for p in exempt) / len(exempt)
    avg_members = sum(p["birth_date"].year for p in members) / len(members)
    assert avg_exempt < avg_members  # skewed to the oldest
    assert share(lambda p: p["talent_tags"]) < 0.2
    for key in CARE_KEYS:
        assert 0 < share(lambda p, k=key: p[k]) < 0.3
    assert {p["political_status"] for p in people} >= {"中共党员", "群众"}


def test_person_respects_today() -> None:
    rng = random.Random(5)
    today = date(2012, 3, 1)
    for _ in range(300):
        p = fd.fake_person(rng, today)
        assert p["retire_date"] <= today
        assert p["report_date"] is None or p["report_date"] <= today
        assert p["status_date"] is None or p["status_date"] <= today


# ----------------------------------------------------------------- determinism


def test_same_seed_same_output() -> None:
    def run(seed: int) -> list[object]:
        rng = random.Random(seed)
        out: list[object] = [fd.fake_person(rng, TODAY) for _ in range(50)]
        out += [fd.fake_name(rng) for _ in range(50)]
        out += [fd.fake_activity(rng, t, date(2025, 10, 9)) for t in fd.ACTIVITY_TYPES]
        out.append(fd.fake_visit(rng, date(2025, 9, 1), "王建国"))
        out.append(fd.fake_service_content(rng, "银龄议事会"))
        out.append(fd.signature_png(rng, "李秀英"))
        out.append(fd.activity_photo_jpeg(rng, datetime(2025, 10, 9, 9, 0), 320, 240))
        return out

    assert run(42) == run(42)
    assert run(42) != run(43)


def test_global_random_untouched() -> None:
    random.seed(1234)
    state = random.getstate()
    rng = random.Random(1)
    fd.fake_person(rng, TODAY)
    fd.fake_activity(rng, "宣讲", TODAY)
    fd.fake_visit(rng, TODAY, "张桂兰")
    fd.signature_png(rng, "张桂兰")
    fd.activity_photo_jpeg(rng, datetime(2025, 1, 2, 3, 4, 5), 160, 120)
    assert random.getstate() == state


# ------------------------------------------------------------------ activities


def test_activity_types_constant() -> None:
    assert fd.ACTIVITY_TYPES == [
        "学习教育",
        "主题党日",
        "文体活动",
        "志愿服务",
        "宣讲",
        "健康讲座",
        "走访慰问",
        "其他",
    ]


@pytest.mark.parametrize("activity_type", fd.ACTIVITY_TYPES)
def test_activity_records(activity_type: str) -> None:
    rng = random.Random(hash(activity_type) % 1000)
    keys = {"title", "place", "organiser", "host", "start_time", "end_time", "record", "notes"}
    records = set()
    for i in range(60):
        day = date(2024, 1, 1) + timedelta(days=i * 11)
        a = fd.fake_activity(rng, activity_type, day)
        assert set(a) == keys
        assert a["title"] and a["place"] and a["organiser"] and a["host"]
        start, end = a["start_time"], a["end_time"]
        assert isinstance(start, time) and isinstance(end, time)
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        assert 60 <= minutes <= 180
        assert time(8, 0) <= start <= time(11, 0) or time(13, 30) <= start <= time(16, 0)
        assert end <= time(12, 0) or end >= time(14, 30)
        record = a["record"]
        assert f"{day.year}年{day.month}月{day.day}日" in record
        assert 3 <= record.count("。") <= 6
        assert fd.quoted(a["title"]) in record and "““" not in record and "””" not in record
        assert isinstance(a["notes"], str)
        records.add(record)
    assert len(records) > 50  # varied text


def test_activity_titles_follow_calendar() -> None:
    rng = random.Random(2)
    for _ in range(200):
        title = fd.fake_activity(rng, "学习教育", date(2023, 5, 1))["title"]
        assert "三中全会" not in title and "四中全会" not in title
    party_day = fd.fake_activity(rng, "主题党日", date(2025, 11, 5))["title"]
    assert party_day.startswith("11月主题党日：")
    seen = {fd.fake_activity(rng, "健康讲座", date(2025, 1, 10))["title"] for _ in range(100)}
    assert "冬季心脑血管疾病预防讲座" in seen
    with pytest.raises(ValueError):
        fd.fake_activity(rng, "打麻将", date(2025, 1, 1))


# ---------------------------------------------------------------------- visits


def test_visits() -> None:
    rng = random.Random(9)
    reasons = {"节日慰问", "生日慰问", "生病住院看望", "困难帮扶", "日常走访", "其他"}
    keys = {"reason", "visitors", "gifts", "money", "situation", "needs", "follow_up", "follow_up_due"}
    day = date(2025, 2, 1)
    seen_reasons = set()
    with_follow_up = 0
    for _ in range(400):
        v = fd.fake_visit(rng, day, "刘淑珍")
        assert set(v) == keys
        assert v["reason"] in reasons
        seen_reasons.add(v["reason"])
        assert v["visitors"]
        assert isinstance(v["money"], Decimal)
        assert v["money"].as_tuple().exponent == -2 and v["money"] >= 0
        assert v["situation"].endswith("。") and 1 <= v["situation"].count("。") <= 3
        assert isinstance(v["gifts"], str) and isinstance(v["needs"], str)
        if v["follow_up"]:
            with_follow_up += 1
            assert v["follow_up_due"] is not None and v["follow_up_due"] > day
        else:
            assert v["follow_up_due"] is None
    assert seen_reasons == reasons
    assert 0 < with_follow_up < 400


# ------------------------------------------------------------------- volunteers


def test_projects() -> None:
    assert fd.VOLUNTEER_FIELDS == [
        "志愿先锋",
        "公共文明",
        "社会治理",
        "社会关爱",
        "文化科技",
        "教育体育",
        "医疗卫生",
        "社区服务",
        "环境美化",
    ]
    projects = fd.fake_projects()
    assert 12 <= len(projects) <= 18
    names = [p["name"] for p in projects]
    assert len(set(names)) == len(names)
    required_names = ("银龄议事会", "红色故事进校园", "邻里矛盾调解", "银龄入网课堂", "楼道环境整治", "义诊进社区")
    for required in required_names:
        assert required in names
    for p in projects:
        assert set(p) == {"name", "field", "description", "organiser", "contact_phone"}
        assert p["field"] in fd.VOLUNTEER_FIELDS
        assert p["description"] and p["organiser"] and p["contact_phone"]
    assert {p["field"] for p in projects} == set(fd.VOLUNTEER_FIELDS)
    projects[0]["name"] = "changed"
    assert fd.fake_projects()[0]["name"] == names[0]


def test_service_content() -> None:
    rng = random.Random(4)
    for project in [*fd.fake_projects(), {"name": "未知项目"}]:
        text = fd.fake_service_content(rng, project["name"])
        assert text.endswith("。") and text.count("。") == 1 and len(text) > 5


# -------------------------------------------------------------------- signatures


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


@pytest.mark.parametrize("name", ["王建国", "李伟", "阿依古丽·买买提", "王䶮", "欧阳秀英", "", "X"])
def test_signature_png(name: str) -> None:
    rng = random.Random(len(name))
    data = fd.signature_png(rng, name)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) < 8 * 1024
    img = _open(data)
    assert img.format == "PNG" and img.size == (360, 120)
    grey = img.convert("L")
    hist = grey.histogram()
    total = 360 * 120
    assert sum(hist[230:]) / total > 0.85  # mostly white paper
    assert sum(hist[:100]) > 50  # some dark ink
    corners = [grey.getpixel(xy) for xy in ((0, 0), (359, 0), (0, 119), (359, 119))]
    assert min(corners) > 240


def test_signature_size_and_variation() -> None:
    rng = random.Random(1)
    a = fd.signature_png(rng, "张桂兰")
    b = fd.signature_png(rng, "张桂兰")
    assert a != b
    big = _open(fd.signature_png(rng, "张桂兰", width=600, height=200))
    assert big.size == (600, 200)
    sizes = [len(fd.signature_png(rng, fd.fake_name(rng))) for _ in range(50)]
    assert max(sizes) < 8 * 1024


# ------------------------------------------------------------------------ photos


def _exif_datetime(img: Image.Image) -> str:
    return img.getexif().get_ifd(0x8769)[0x9003]


def test_activity_photo_default() -> None:
    taken = datetime(2025, 10, 29, 9, 41, 7)
    data = fd.activity_photo_jpeg(random.Random(1), taken)
    img = _open(data)
    assert img.format == "JPEG" and img.mode == "RGB"
    assert img.size == (1600, 1200)
    exif = img.getexif()
    assert exif[0x010F] == "Demo" and exif[0x0110] == "Phone"
    assert 0x0112 not in exif
    assert _exif_datetime(img) == "2025:10:29 09:41:07"
    assert datetime.strptime(_exif_datetime(img), "%Y:%m:%d %H:%M:%S") == taken
    assert len(data) > 100 * 1024  # noisy enough to look like a real photo
    colours = img.resize((64, 48)).getcolors(64 * 48)
    assert colours is not None and len(colours) > 200


def test_activity_photo_small_sizes_and_quality() -> None:
    rng = random.Random(2)
    taken = datetime(2024, 6, 30, 15, 0, 0)
    for size in ((320, 240), (241, 321), (50, 30)):
        img = _open(fd.activity_photo_jpeg(rng, taken, *size))
        assert img.size == size
        assert _exif_datetime(img) == "2024:06:30 15:00:00"
    low = fd.activity_photo_jpeg(random.Random(3), taken, 400, 300, quality=40)
    high = fd.activity_photo_jpeg(random.Random(3), taken, 400, 300, quality=95)
    assert len(low) < len(high)


@pytest.mark.parametrize("orientation", range(2, 9))
def test_activity_photo_orientation(orientation: int) -> None:
    taken = datetime(2025, 3, 8, 14, 30, 0)
    upright = _open(fd.activity_photo_jpeg(random.Random(5), taken, 240, 160))
    stored = _open(fd.activity_photo_jpeg(random.Random(5), taken, 240, 160, orientation=orientation))
    assert stored.getexif()[0x0112] == orientation
    assert _exif_datetime(stored) == "2025:03:08 14:30:00"
    assert stored.size == ((160, 240) if orientation >= 5 else (240, 160))
    shown = ImageOps.exif_transpose(stored)
    assert shown.size == (240, 160)
    # Same scene once the viewer applies the tag (up to JPEG noise).
    diff = ImageChops.difference(shown.convert("L"), upright.convert("L"))
    mean = sum(i * c for i, c in enumerate(diff.histogram())) / (240 * 160)
    assert mean < 12
    raw_diff = ImageChops.difference(stored.convert("L").resize((240, 160)), upright.convert("L"))
    raw_mean = sum(i * c for i, c in enumerate(raw_diff.histogram())) / (240 * 160)
    assert raw_mean > mean


def test_activity_photo_bad_orientation() -> None:
    with pytest.raises(ValueError):
        fd.activity_photo_jpeg(random.Random(1), datetime(2025, 1, 1), 80, 60, orientation=9)
