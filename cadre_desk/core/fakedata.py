"""Realistic, clearly fictional demo data for cadre_desk.

Everything here is driven by a ``random.Random`` passed in by the caller, so
the same seed always yields the same people, activities, signatures and
photos.  The module never touches the global ``random`` state and never
imports Qt; the only third-party dependency is Pillow (for the images).

The people are invented: names are drawn at random from common surnames and
given-name characters, ID numbers use real county codes but random sequence
numbers, and addresses combine real street names with random house numbers.
"""

from __future__ import annotations

import io
import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from PIL import Image, ImageChops, ImageDraw

from cadre_desk.core.validators import gb11643_check_digit
from cadre_desk.core.vocab import DEFAULT_ACTIVITY_TYPES, VOLUNTEER_FIELDS

__all__ = [
    "ACTIVITY_TYPES",
    "GIVEN_CHARS",
    "PERSON_KEYS",
    "REGIONS",
    "SURNAMES",
    "VOLUNTEER_FIELDS",
    "activity_photo_jpeg",
    "fake_activity",
    "fake_id_number",
    "fake_landline",
    "fake_mobile",
    "fake_name",
    "fake_person",
    "fake_projects",
    "fake_service_content",
    "fake_visit",
    "signature_png",
]


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


class _Weighted:
    """A weighted choice table with precomputed cumulative weights."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[object, float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _first_of_next_month(d: date) -> date:
    if d.month == 12:
        return date(d.year + 1, 1, 1)
    return date(d.year, d.month + 1, 1)


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _random_date(rng: random.Random, start: date, end: date) -> date:
    """Uniform date in [start, end]; ``start`` if the range is empty."""
    span = end.toordinal() - start.toordinal()
    if span <= 0:
        return start
    return date.fromordinal(start.toordinal() + rng.randint(0, span))


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

#: Common surnames with rough relative frequencies (per cent of population,
#: nudged towards Shandong: 于 孙 曲 隋 宫 逄 are common around Qingdao).
#: The polyphonic surnames 单 曾 仇 解 区 朴 查 乐 are included at low weight.
SURNAMES: list[tuple[str, float]] = [
    ("王", 7.6),
    ("李", 7.2),
    ("张", 7.0),
    ("刘", 5.6),
    ("陈", 3.8),
    ("杨", 3.0),
    ("赵", 2.4),
    ("黄", 1.6),
    ("周", 1.6),
    ("吴", 1.4),
    ("徐", 1.4),
    ("孙", 1.9),
    ("胡", 1.1),
    ("朱", 1.1),
    ("高", 1.3),
    ("林", 1.0),
    ("何", 0.9),
    ("郭", 1.0),
    ("马", 1.1),
    ("罗", 0.6),
    ("梁", 0.6),
    ("宋", 0.8),
    ("郑", 0.6),
    ("谢", 0.5),
    ("韩", 0.7),
    ("唐", 0.4),
    ("冯", 0.5),
    ("于", 1.2),
    ("董", 0.6),
    ("肖", 0.4),
    ("程", 0.4),
    ("曹", 0.5),
    ("袁", 0.4),
    ("邓", 0.3),
    ("许", 0.5),
    ("傅", 0.3),
    ("沈", 0.3),
    ("彭", 0.3),
    ("吕", 0.4),
    ("苏", 0.4),
    ("卢", 0.3),
    ("蒋", 0.3),
    ("蔡", 0.3),
    ("贾", 0.4),
    ("丁", 0.4),
    ("魏", 0.4),
    ("薛", 0.4),
    ("叶", 0.2),
    ("阎", 0.2),
    ("潘", 0.2),
    ("杜", 0.3),
    ("戴", 0.2),
    ("夏", 0.2),
    ("钟", 0.2),
    ("汪", 0.2),
    ("田", 0.3),
    ("任", 0.3),
    ("姜", 0.6),
    ("范", 0.3),
    ("方", 0.2),
    ("石", 0.3),
    ("姚", 0.2),
    ("谭", 0.2),
    ("崔", 0.4),
    ("康", 0.2),
    ("毛", 0.2),
    ("邱", 0.2),
    ("秦", 0.2),
    ("史", 0.2),
    ("顾", 0.2),
    ("侯", 0.3),
    ("邵", 0.2),
    ("孟", 0.3),
    ("段", 0.2),
    ("雷", 0.1),
    ("钱", 0.1),
    ("尹", 0.2),
    ("常", 0.2),
    ("武", 0.2),
    ("乔", 0.2),
    ("贺", 0.1),
    ("纪", 0.3),
    ("曲", 0.4),
    ("隋", 0.2),
    ("宫", 0.2),
    ("逄", 0.1),
    ("栾", 0.1),
    ("臧", 0.1),
    ("矫", 0.1),
    ("初", 0.1),
    ("修", 0.1),
    ("牟", 0.1),
    ("仲", 0.1),
    ("宁", 0.1),
    ("金", 0.2),
    ("白", 0.2),
    ("孔", 0.2),
    ("欧阳", 0.03),
    ("司马", 0.01),
    # polyphonic surnames
    ("单", 0.05),
    ("曾", 0.08),
    ("仇", 0.03),
    ("解", 0.05),
    ("区", 0.01),
    ("朴", 0.03),
    ("查", 0.02),
    ("乐", 0.02),
]

_MALE_GIVEN: list[tuple[str, float]] = [
    ("建国", 3),
    ("国华", 2),
    ("志刚", 2),
    ("德明", 2),
    ("建华", 2),
    ("建军", 2),
    ("国庆", 2),
    ("卫国", 1.5),
    ("援朝", 1),
    ("胜利", 1),
    ("解放", 1),
    ("志强", 2),
    ("国强", 2),
    ("建平", 1.5),
    ("建新", 1),
    ("振华", 1.5),
    ("文华", 1),
    ("德胜", 1),
    ("福生", 1),
    ("长林", 1),
    ("永胜", 1),
    ("宝林", 1),
    ("树林", 1),
    ("玉明", 1),
    ("金山", 1),
    ("春生", 1),
    ("立新", 1),
    ("红军", 1),
    ("学文", 1),
    ("志明", 1.5),
    ("振国", 1),
    ("光明", 1),
    ("洪涛", 1),
    ("德华", 1),
    ("文斌", 1),
    ("庆祥", 0.8),
    ("树森", 0.8),
    ("永福", 0.8),
    ("克俭", 0.5),
    ("忠厚", 0.5),
    ("世昌", 0.5),
    ("兆林", 0.5),
    ("连生", 0.5),
    ("继红", 0.5),
    ("向东", 1),
    ("伟", 2),
    ("军", 2),
    ("刚", 2),
    ("强", 2),
    ("勇", 1.5),
    ("斌", 1.5),
    ("平", 1.5),
    ("明", 1.5),
    ("杰", 1),
    ("峰", 1),
    ("林", 1),
    ("涛", 1),
    ("波", 1),
    ("华", 1.5),
    ("忠", 1),
    ("诚", 0.8),
    ("毅", 0.8),
    ("东", 1),
    ("辉", 1),
    ("海", 1),
    ("庆", 1),
    ("福", 0.8),
    ("贵", 0.8),
    ("德", 0.8),
    ("文", 1),
    ("武", 0.8),
    ("成", 0.8),
    ("永", 0.8),
]

_FEMALE_GIVEN: list[tuple[str, float]] = [
    ("秀英", 3),
    ("桂兰", 2.5),
    ("淑珍", 2),
    ("玉兰", 2.5),
    ("秀兰", 2),
    ("桂英", 2),
    ("凤英", 1.5),
    ("玉珍", 1.5),
    ("淑华", 1.5),
    ("丽华", 1.5),
    ("秀珍", 1.5),
    ("玉梅", 1.5),
    ("素芳", 1),
    ("秀芳", 1),
    ("桂芝", 1),
    ("桂芳", 1),
    ("凤兰", 1),
    ("淑兰", 1),
    ("玉英", 1.5),
    ("淑英", 1),
    ("美兰", 1),
    ("爱华", 1),
    ("爱玲", 1),
    ("红梅", 1.5),
    ("秀云", 1),
    ("冬梅", 1),
    ("雪梅", 1),
    ("春兰", 1),
    ("建华", 1),
    ("卫红", 1),
    ("丽君", 0.8),
    ("淑芬", 1),
    ("慧敏", 0.8),
    ("月娥", 0.6),
    ("翠兰", 0.8),
    ("金凤", 0.8),
    ("玉芬", 0.8),
    ("素梅", 0.8),
    ("瑞芳", 0.8),
    ("亚萍", 0.8),
    ("丽", 1.5),
    ("萍", 1.5),
    ("芳", 1.5),
    ("红", 1.5),
    ("霞", 1.2),
    ("敏", 1.2),
    ("静", 1),
    ("燕", 1.2),
    ("英", 1.2),
    ("兰", 1),
    ("华", 1),
    ("梅", 1),
    ("琴", 1),
    ("云", 1),
    ("珍", 1),
    ("玲", 1),
    ("莉", 0.8),
    ("慧", 0.8),
    ("娟", 1),
    ("洁", 0.8),
]

#: All given names (single or two characters) typical of people born
#: 1925–1965; male names first, then female names.
GIVEN_CHARS: list[str] = list(dict.fromkeys([g for g, _ in _MALE_GIVEN] + [g for g, _ in _FEMALE_GIVEN]))

_SURNAME_TABLE = _Weighted(SURNAMES)
_COMPOUND_SURNAMES = frozenset(sn for sn, _ in SURNAMES if len(sn) > 1)
_MALE_TABLE = _Weighted(_MALE_GIVEN)
_FEMALE_TABLE = _Weighted(_FEMALE_GIVEN)

# Uyghur-style names written with a middle dot (U+00B7): given·father.
_UY_MALE = ["买买提", "艾力", "吐尔逊", "艾尔肯", "热合曼", "阿不都", "玉素甫", "努尔"]
_UY_FEMALE = ["阿依古丽", "古丽娜尔", "帕提古丽", "热依拉", "阿娜尔", "祖丽菲亚"]
_UY_FATHER = ["买买提", "艾力", "吐尔逊", "阿不力孜", "玉素甫", "艾买提", "司马义"]
_MIDDLE_DOT = "\u00b7"
_RARE_YAN = "\u4dae"  # 䶮 (CJK Extension A)
_RARE_JI = "\U00020bb7"  # 𠮷 (CJK Extension B, variant of 吉)


def _han_name(rng: random.Random, sex: str) -> str:
    table = _MALE_TABLE if sex == "男" else _FEMALE_TABLE
    return _SURNAME_TABLE.pick(rng) + table.pick(rng)


def fake_name(rng: random.Random, sex: str | None = None) -> str:
    """A fictional person's name.

    Mostly 2–3 character Han names; about 1 in 200 a minority name with a
    middle dot (``阿依古丽·买买提``); about 1 in 500 contains a rare
    character outside the BMP or in Extension A (䶮 / 𠮷).  ``sex`` ("男" or
    "女") picks matching given names; random when omitted.
    """
    if sex is None:
        sex = "男" if rng.random() < 0.5 else "女"
    r = rng.random()
    if r < 0.005:
        first = rng.choice(_UY_MALE if sex == "男" else _UY_FEMALE)
        father = rng.choice(_UY_FATHER)
        while father == first:
            father = rng.choice(_UY_FATHER)
        return first + _MIDDLE_DOT + father
    if r < 0.007:
        if rng.random() < 0.6:
            surname = _SURNAME_TABLE.pick(rng)
            if rng.random() < 0.5:
                return surname + _RARE_YAN
            return surname + rng.choice("志德国建文") + _RARE_YAN
        table = _MALE_TABLE if sex == "男" else _FEMALE_TABLE
        return _RARE_JI + table.pick(rng)
    return _han_name(rng, sex)


# ---------------------------------------------------------------------------
# Regions, ID numbers, phones
# ---------------------------------------------------------------------------

#: (county-level code, district, city).  Codes are current GB/T 2260 codes.
#: Note: 章丘 became a district in 2016 with code 370114 (370181 was the
#: code of the former county-level city 章丘市).
REGIONS: list[tuple[str, str, str]] = [
    ("370202", "市南区", "青岛市"),
    ("370203", "市北区", "青岛市"),
    ("370211", "黄岛区", "青岛市"),
    ("370212", "崂山区", "青岛市"),
    ("370213", "李沧区", "青岛市"),
    ("370214", "城阳区", "青岛市"),
    ("370281", "胶州市", "青岛市"),
    ("370283", "平度市", "青岛市"),
    ("370285", "莱西市", "青岛市"),
    ("370102", "历下区", "济南市"),
    ("370103", "市中区", "济南市"),
    ("370114", "章丘区", "济南市"),
    ("370602", "芝罘区", "烟台市"),
    ("370702", "潍城区", "潍坊市"),
    ("320602", "崇川区", "南通市"),
    ("321002", "广陵区", "扬州市"),
    ("321003", "邗江区", "扬州市"),
]

_REGION_WEIGHTS = [30, 18, 4, 5, 5, 3, 3, 3, 3, 4, 3, 2, 3, 3, 2, 2, 1]
_REGION_TABLE = _Weighted(list(zip(REGIONS, _REGION_WEIGHTS, strict=True)))


def fake_id_number(rng: random.Random, birth_date: date, sex: str, region: str) -> str:
    """An 18-character resident ID number (GB 11643) for the given person.

    ``region`` is a 6-digit county code (see :data:`REGIONS`).  The 17th
    character is odd for 男 and even for 女, and the check digit is valid.
    """
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"region must be a 6-digit code, got {region!r}")
    if sex not in ("男", "女"):
        raise ValueError(f"sex must be 男 or 女, got {sex!r}")
    seq = rng.randrange(100)
    last = rng.randrange(1, 10, 2) if sex == "男" else rng.randrange(0, 10, 2)
    if seq == 0 and last == 0:
        seq = rng.randrange(1, 100)
    first17 = f"{region}{birth_date:%Y%m%d}{seq:02d}{last}"
    return first17 + gb11643_check_digit(first17)


_MOBILE_PREFIXES = (
    [f"13{d}" for d in range(10)]
    + ["150", "151", "152", "153", "155", "156", "157", "158", "159"]
    + [f"18{d}" for d in range(10)]
    + ["173", "175", "176", "177", "178"]
    + ["191", "193", "195", "198", "199"]
)


def fake_mobile(rng: random.Random) -> str:
    """An 11-digit mainland mobile number with a valid prefix."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def fake_landline(rng: random.Random, area_code: str = "0532") -> str:
    """A landline such as ``0532-82876543`` (8-digit local number starting with 8)."""
    return f"{area_code}-8{rng.randrange(10_000_000):07d}"


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

PERSON_KEYS: tuple[str, ...] = (
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
)

# Birth-year weights: ~3.5% 1925–1931, skewed towards 1945–1962.
_BIRTH_YEARS = _Weighted(
    [(y, 0.5) for y in range(1925, 1932)]
    + [(y, 1.3 + 0.12 * (y - 1932)) for y in range(1932, 1945)]
    + [(y, 3.9) for y in range(1945, 1963)]
    + [(y, 2.6) for y in range(1963, 1967)]
)

_POSITIONS: dict[str, list[tuple[tuple[str, str], float]]] = {
    "gov": [
        (("科员", "科员"), 3),
        (("副科长", "副科级"), 3),
        (("科长", "正科级"), 4),
        (("副处长", "副处级"), 2),
        (("处长", "正处级"), 2),
        (("调研员", "正处级"), 1),
        (("副主任", "副处级"), 1),
        (("副局长", "副局级"), 1),
        (("局长", "正局级"), 0.4),
    ],
    "school": [
        (("教师", ""), 8),
        (("高级教师", ""), 4),
        (("教导主任", ""), 1),
        (("副校长", "副科级"), 1),
        (("校长", "正科级"), 0.6),
    ],
    "hospital": [
        (("主任医师", ""), 3),
        (("副主任医师", ""), 3),
        (("主治医师", ""), 3),
        (("护士长", ""), 2),
        (("副院长", "副处级"), 0.6),
        (("院长", "正处级"), 0.3),
    ],
    "enterprise": [
        (("工程师", ""), 5),
        (("高级工程师", ""), 3),
        (("技术员", ""), 2),
        (("会计师", ""), 2),
        (("车间主任", ""), 2),
        (("科长", "正科级"), 2),
        (("副厂长", "副处级"), 0.8),
        (("厂长", "正处级"), 0.3),
    ],
    "court": [
        (("审判员", ""), 4),
        (("书记员", ""), 1),
        (("副庭长", "副科级"), 2),
        (("庭长", "正科级"), 1.5),
        (("副院长", "副处级"), 0.6),
    ],
    "street": [
        (("科员", "科员"), 3),
        (("副科长", "副科级"), 2),
        (("科长", "正科级"), 2),
        (("副主任", "副处级"), 1),
        (("主任", "正处级"), 0.4),
    ],
}
_POSITION_TABLES = {k: _Weighted(v) for k, v in _POSITIONS.items()}

_WORK_UNITS = _Weighted(
    [
        (("青岛市市南区教育局", "gov"), 3),
        (("青岛市市南区财政局", "gov"), 2),
        (("青岛市市南区民政局", "gov"), 2),
        (("青岛市市南区卫生局", "gov"), 1.5),
        (("青岛市市北区建设局", "gov"), 1.5),
        (("青岛市财政局", "gov"), 1.5),
        (("青岛市物价局", "gov"), 1),
        (("青岛市粮食局", "gov"), 1),
        (("中共青岛市市南区委组织部", "gov"), 1),
        (("青岛市市南区人民检察院", "gov"), 1),
        (("青岛市第二中学", "school"), 2),
        (("青岛市第十五中学", "school"), 1.5),
        (("市南区实验小学", "school"), 2),
        (("青岛师范学校", "school"), 1),
        (("市南区人民医院", "hospital"), 3),
        (("青岛市市立医院", "hospital"), 2),
        (("青岛港务局", "enterprise"), 4),
        (("青岛啤酒厂", "enterprise"), 2),
        (("青岛第一棉纺织厂", "enterprise"), 2),
        (("四方机车车辆厂", "enterprise"), 1.5),
        (("青岛钢厂", "enterprise"), 1.5),
        (("市南区人民法院", "court"), 2),
        (("八大关街道办事处", "street"), 1),
        (("湛山街道办事处", "street"), 1),
        (("金门路街道办事处", "street"), 1),
        (("香港中路街道办事处", "street"), 1),
    ]
)

_SENIOR_RANKS = frozenset({"副处级", "正处级", "副局级", "正局级"})

_COMMUNITIES = [
    "金湖路",
    "湛山",
    "太平角",
    "燕儿岛路",
    "东海路",
    "香港花园",
    "福州路",
    "珠海支路",
    "南京路",
    "宁夏路",
]
_STREETS = [
    "金湖路",
    "香港中路",
    "福州南路",
    "南京路",
    "宁夏路",
    "燕儿岛路",
    "东海西路",
    "湛山三路",
    "太平角六路",
    "珠海路",
    "山东路",
    "延安三路",
    "江西路",
    "闽江路",
    "彰化路",
    "澳门路",
]
_MOVED_TO = [
    "济南市历下区",
    "青岛市崂山区",
    "青岛市城阳区",
    "烟台市芝罘区",
    "北京市海淀区",
    "上海市浦东新区",
    "南通市崇川区",
    "深圳市南山区",
]

_POLITICAL = _Weighted(
    [
        ("中共党员", 80),
        ("群众", 15),
        ("民盟盟员", 1.5),
        ("民革党员", 1),
        ("九三学社社员", 1.2),
        ("民进会员", 0.8),
        ("农工党党员", 0.5),
    ]
)

_HEALTH = _Weighted(
    [
        ("高血压", 8),
        ("糖尿病，需定期复查", 4),
        ("冠心病", 3),
        ("高血压、糖尿病", 2),
        ("腰椎间盘突出", 1.5),
        ("听力下降，需大声交流", 1.5),
        ("术后康复中", 1),
        ("慢性支气管炎", 1.5),
        ("骨质疏松", 1.5),
    ]
)
_DISABLED_NOTES = ["行动不便，需轮椅", "行动不便，需人搀扶", "视力残疾", "肢体残疾二级"]

_INTERESTS = [
    "书法",
    "绘画",
    "太极拳",
    "合唱",
    "摄影",
    "门球",
    "棋牌",
    "舞蹈",
    "京剧",
    "诗词",
    "园艺",
    "乒乓球",
    "读书",
    "健步走",
    "柔力球",
    "手工",
]
_TALENTS = ["红色宣讲员", "文体活动指导员", "党建指导员", "教育", "卫生", "法律", "科技", "文化"]

_NOTES = _Weighted(
    [
        ("子女在外地", 3),
        ("本人为退役军人", 2),
        ("配偶为本站服务对象", 2),
        ("冬季去海南居住", 1),
        ("曾获市级优秀共产党员称号", 1),
        ("喜欢参加集体活动", 1),
        ("需电话提前联系", 1),
    ]
)

_RELATIONS_CHILD = ["儿子", "女儿", "儿媳", "女婿"]
# Given names of the children's generation (born 1955–1995).
_CHILD_MALE = [
    "伟",
    "磊",
    "勇",
    "军",
    "涛",
    "鹏",
    "斌",
    "强",
    "浩",
    "杰",
    "晓东",
    "海涛",
    "志伟",
    "建伟",
    "立军",
    "海波",
    "明辉",
    "晓峰",
]
_CHILD_FEMALE = [
    "丽",
    "静",
    "敏",
    "燕",
    "艳",
    "娟",
    "霞",
    "婷",
    "芳",
    "琳",
    "晓燕",
    "海燕",
    "丽娜",
    "晓红",
    "雪莲",
    "文静",
    "晓梅",
    "春燕",
]


def _pick_birth(rng: random.Random, today: date, retire_age: int) -> date:
    """A birth date from the 1925–1966 distribution, retired by ``today``."""
    limit = _add_years(today, -retire_age) - timedelta(days=31)
    for _ in range(6):
        year = _BIRTH_YEARS.pick(rng)
        start = date(year, 1, 1).toordinal()
        birth = date.fromordinal(start + rng.randrange(365 + (year % 4 == 0)))
        if birth <= limit:
            return birth
    # ``today`` is early relative to the distribution: clamp below the limit.
    return limit - timedelta(days=rng.randrange(365 * 5))


def fake_person(rng: random.Random, today: date) -> dict[str, object]:
    """One fictional roster record (人员信息台账), keys as in :data:`PERSON_KEYS`."""
    sex = "男" if rng.random() < 0.55 else "女"
    name = fake_name(rng, sex)

    # Ethnicity: middle-dot names are Uyghur; a few Han-looking names are
    # other minorities (朴 is almost always Korean).
    if _MIDDLE_DOT in name:
        ethnicity = "维吾尔族"
    elif name.startswith("朴") and rng.random() < 0.85:
        ethnicity = "朝鲜族"
    else:
        r = rng.random()
        if r < 0.015:
            ethnicity = "回族"
        elif r < 0.025:
            ethnicity = "满族"
        elif r < 0.028:
            ethnicity = "蒙古族"
        elif r < 0.030:
            ethnicity = "朝鲜族"
        else:
            ethnicity = "汉族"

    work_unit, kind = _WORK_UNITS.pick(rng)
    position, rank = _POSITION_TABLES[kind].pick(rng)
    retire_age = 60 if (sex == "男" or rank in _SENIOR_RANKS) else 55
    birth = _pick_birth(rng, today, retire_age)
    age = _age(birth, today)

    if birth.year <= 1931 and rng.random() < 0.85:
        category = "离休"
        retire_year = min(birth.year + rng.randint(60, 65), 1994)
        retire_date = date(retire_year, rng.randint(1, 12), 1)
        if retire_date > today:
            retire_date = _first_of_next_month(_add_years(birth, retire_age))
        if not rank and rng.random() < 0.5:
            rank = rng.choice(("正处级", "副局级"))
    else:
        category = "退休"
        retire_date = _first_of_next_month(_add_years(birth, retire_age))

    region = _REGION_TABLE.pick(rng)[0]
    id_number = fake_id_number(rng, birth, sex, region)

    political_status = "中共党员" if category == "离休" and rng.random() < 0.95 else _POLITICAL.pick(rng)
    member = political_status == "中共党员"
    community = rng.choice(_COMMUNITIES)
    if member:
        party_branch = f"{work_unit}离退休干部党支部" if rng.random() < 0.5 else f"{community}社区离退休干部党支部"
        r = rng.random()
        exempt = 0.02 if age < 70 else 0.05 if age < 80 else 0.14 if age < 90 else 0.35
        mobile_out = 0.06 if age < 75 else 0.02
        if r < exempt:
            activity_class = "免予参加集中活动"
        elif r < exempt + mobile_out:
            activity_class = "流动在外"
        elif r < exempt + mobile_out + 0.15:
            activity_class = "适当参加集中活动"
        else:
            activity_class = "正常活动"
        if rng.random() < 0.85:
            report_status = "已报到"
            earliest = max(retire_date, date(2018, 1, 1))  # 到社区报到 became routine ~2018
            if earliest > today:
                earliest = retire_date
            report_date: date | None = _random_date(rng, earliest, today)
        else:
            report_status = "未报到"
            report_date = None
    else:
        party_branch = activity_class = report_status = ""
        report_date = None

    no_mobile = 0.04 if age < 70 else 0.12 if age < 80 else 0.35 if age < 90 else 0.6
    phone_mobile = "" if rng.random() < no_mobile else fake_mobile(rng)
    phone_home = fake_landline(rng) if rng.random() < (0.45 + 0.005 * max(age - 60, 0)) else ""

    street = rng.choice(_STREETS)
    address = (
        f"青岛市市南区{street}{rng.randint(1, 120)}号"
        f"{rng.randint(1, 6)}单元{rng.randint(1, 7)}{rng.randint(1, 4):02d}户"
    )

    # Emergency contact: usually a child (a son or daughter of a man shares
    # his surname), else the spouse.
    if _MIDDLE_DOT in name or name.startswith(_RARE_JI):
        surname = ""
    elif name[:2] in _COMPOUND_SURNAMES:
        surname = name[:2]
    else:
        surname = name[0]
    if rng.random() < 0.8 or age >= 85:
        relation = rng.choice(_RELATIONS_CHILD)
        contact_sex = "男" if relation in ("儿子", "女婿") else "女"
        shares = surname and relation in ("儿子", "女儿") and (sex == "男" or rng.random() < 0.2)
        contact_surname = surname if shares else _SURNAME_TABLE.pick(rng)
        contact = contact_surname + rng.choice(_CHILD_MALE if contact_sex == "男" else _CHILD_FEMALE)
    else:
        relation = "老伴"
        contact = _han_name(rng, "女" if sex == "男" else "男")
    emergency_contact = f"{contact}（{relation}）"
    emergency_phone = fake_mobile(rng)

    # Care flags, more likely with age.
    old = age >= 80
    care_serious_illness = rng.random() < (0.06 if old else 0.03)
    care_major_change = rng.random() < 0.02
    care_living_alone = rng.random() < (0.03 + 0.003 * max(age - 60, 0))
    care_empty_nest = care_living_alone or rng.random() < (0.05 + 0.005 * max(age - 60, 0))
    care_disabled = rng.random() < (0.06 if old else 0.02)

    if care_disabled:
        health_notes = rng.choice(_DISABLED_NOTES)
    elif care_serious_illness:
        health_notes = rng.choice(("恶性肿瘤术后，定期化疗", "脑梗后遗症", "尿毒症，定期透析"))
    elif rng.random() < (0.15 + 0.005 * max(age - 60, 0)):
        health_notes = _HEALTH.pick(rng)
    else:
        health_notes = ""

    n_interests = rng.choices((0, 1, 2, 3), (25, 35, 28, 12))[0]
    interests = rng.sample(_INTERESTS, n_interests) if n_interests else []
    talent_tags = rng.sample(_TALENTS, 1 if rng.random() < 0.7 else 2) if rng.random() < 0.1 else []

    r = rng.random()
    dead_p = 0.01 if age < 75 else 0.03 if age < 88 else 0.08
    if r < dead_p:
        status = "已故"
    elif r < dead_p + 0.01:
        status = "迁出"
    else:
        status = "在册"
    if status == "在册":
        status_date: date | None = None
        moved_to = ""
    else:
        status_date = _random_date(rng, max(retire_date, today - timedelta(days=1095)), today)
        moved_to = rng.choice(_MOVED_TO) if status == "迁出" else ""

    notes = _NOTES.pick(rng) if rng.random() < 0.08 else ""

    return {
        "name": name,
        "sex": sex,
        "ethnicity": ethnicity,
        "birth_date": birth,
        "id_number": id_number,
        "work_unit": work_unit,
        "position": position,
        "rank": rank,
        "category": category,
        "retire_date": retire_date,
        "political_status": political_status,
        "party_branch": party_branch,
        "activity_class": activity_class,
        "report_status": report_status,
        "report_date": report_date,
        "phone_mobile": phone_mobile,
        "phone_home": phone_home,
        "address": address,
        "emergency_contact": emergency_contact,
        "emergency_phone": emergency_phone,
        "health_notes": health_notes,
        "care_serious_illness": care_serious_illness,
        "care_major_change": care_major_change,
        "care_living_alone": care_living_alone,
        "care_empty_nest": care_empty_nest,
        "care_disabled": care_disabled,
        "interests": interests,
        "talent_tags": talent_tags,
        "status": status,
        "status_date": status_date,
        "moved_to": moved_to,
        "notes": notes,
    }


# ---------------------------------------------------------------------------
# Activities (写实册)
# ---------------------------------------------------------------------------

ACTIVITY_TYPES = DEFAULT_ACTIVITY_TYPES

_PLACES: dict[str, list[str]] = {
    "indoor": ["驿站活动室", "社区党群服务中心二楼会议室", "驿站阅览室", "社区党群服务中心多功能厅"],
    "outdoor": ["社区广场", "小区中心花园", "社区文化广场"],
    "school": ["辖区小学多功能教室", "市南区实验小学报告厅"],
    "visit": ["老同志家中", "辖区老同志家中"],
}

# Titles that only make sense in a particular kind of place.
_TITLE_PLACES: dict[str, list[str]] = {
    "楼道环境整治志愿活动": ["辖区居民楼楼道", "小区楼道及周边"],
    "文明交通劝导": ["社区周边路口", "辖区主要路口"],
    "垃圾分类宣传": ["社区广场", "小区垃圾分类投放点"],
    "义诊进社区": ["社区广场", "社区党群服务中心一楼大厅"],
    "门球友谊赛": ["社区门球场"],
    "太极拳交流展示": ["社区广场", "小区中心花园"],
    "乒乓球友谊赛": ["驿站活动室", "社区党群服务中心乒乓球室"],
    "重阳节书画展": ["驿站活动室", "社区党群服务中心多功能厅"],
    "关爱独居老人结对帮扶": ["辖区独居老人家中"],
}

_STUDY_TITLES: list[tuple[str, date]] = [
    ("学习党的二十大精神", date(2022, 10, 23)),
    ("学习新修订的《中国共产党纪律处分条例》", date(2024, 1, 1)),
    ("党纪学习教育专题学习", date(2024, 4, 1)),
    ("学习党的二十届三中全会精神", date(2024, 7, 19)),
    ("学习党的二十届四中全会精神", date(2025, 10, 24)),
    ("学习《中国共产党章程》", date(1990, 1, 1)),
    ("学习习近平总书记关于老干部工作的重要论述", date(2013, 1, 1)),
    ("观看党史专题片并交流心得", date(1990, 1, 1)),
    ("读书分享会：重温红色经典", date(1990, 1, 1)),
]

_PARTY_DAY_THEMES = [
    "重温入党誓词",
    "过“政治生日”",
    "学党章、守党规",
    "观看警示教育片",
    "我为群众办实事",
    "缴纳党费、交流思想",
    "讲述我的入党故事",
]


def _season(month: int) -> str:
    return "冬季" if month in (12, 1, 2) else "春季" if month <= 5 else "夏季" if month <= 8 else "秋季"


def _activity_title(rng: random.Random, activity_type: str, day: date) -> str:
    m = day.month
    if activity_type == "学习教育":
        return rng.choice([t for t, since in _STUDY_TITLES if day >= since])
    if activity_type == "主题党日":
        return f"{m}月主题党日：{rng.choice(_PARTY_DAY_THEMES)}"
    if activity_type == "文体活动":
        options = ["太极拳交流展示", "乒乓球友谊赛", "门球友谊赛", "摄影作品分享会", "合唱排练", "棋牌比赛"]
        if m in (1, 2):
            options += ["迎新春写春联送福字", "元宵节猜灯谜"] * 2
        elif m in (9, 10):
            options += ["重阳节书画展", "喜迎国庆文艺汇演"] * 2
        elif m in (6, 7):
            options += ["庆七一红歌合唱", "“颂党恩”诗词朗诵会"] * 2
        return rng.choice(options)
    if activity_type == "志愿服务":
        return rng.choice(
            [
                "楼道环境整治志愿活动",
                "文明交通劝导",
                "义诊进社区",
                "垃圾分类宣传",
                "银龄议事会议事活动",
                "银龄入网课堂：智能手机使用",
                "关爱独居老人结对帮扶",
            ]
        )
    if activity_type == "宣讲":
        options = ["红色故事进校园", "“老党员讲党史”宣讲", "防范电信网络诈骗宣讲", "家风家训宣讲"]
        if m == 12:
            options.append("国家宪法日宣讲")
        return rng.choice(options)
    if activity_type == "健康讲座":
        seasonal = {
            "冬季": "冬季心脑血管疾病预防讲座",
            "春季": "春季过敏性疾病预防讲座",
            "夏季": "夏季防暑降温知识讲座",
            "秋季": "秋季养生保健讲座",
        }[_season(m)]
        return rng.choice(
            [
                seasonal,
                seasonal,
                "老年人防跌倒知识讲座",
                "合理用药知识讲座",
                "糖尿病饮食管理讲座",
                "老年人心理健康讲座",
            ]
        )
    if activity_type == "走访慰问":
        if m in (1, 2):
            return "春节前走访慰问困难老党员"
        if m in (9, 10):
            return "重阳节走访慰问高龄老干部"
        if m in (6, 7):
            return "“七一”走访慰问老党员"
        return rng.choice(["走访慰问生病住院老同志", "走访慰问独居老人"])
    return rng.choice(
        [
            "驿站阵地维护及资料整理",
            "老干部座谈会",
            "征求意见座谈会",
            "驿站工作例会",
            "新入站老同志见面会",
        ]
    )


_MIDDLE_SENTENCES: dict[str, list[str]] = {
    "学习教育": [
        "{host}领学了相关文件原文，并结合实际作了解读。",
        "与会老同志逐一发言，畅谈学习体会。",
        "大家结合亲身经历，交流了对新时代发展成就的感受。",
        "活动中还发放了学习资料，方便老同志会后自学。",
        "部分老同志提出，要把学习成果转化为发挥余热的实际行动。",
    ],
    "主题党日": [
        "全体党员面向党旗重温了入党誓词。",
        "支部书记{host}通报了近期支部工作情况。",
        "党员们按时足额缴纳了党费。",
        "几位老党员讲述了自己的入党经历，现场气氛热烈。",
        "支部围绕为群众办实事征集了意见建议。",
    ],
    "文体活动": [
        "老同志们精心准备，展示了多件作品和节目。",
        "活动吸引了不少居民驻足观看。",
        "{host}对参与的老同志表示感谢，并为大家合影留念。",
        "大家在活动中切磋技艺、增进交流。",
        "现场气氛欢快热烈，老同志们纷纷表示希望多组织此类活动。",
    ],
    "志愿服务": [
        "志愿者们分组行动，分工明确。",
        "老党员志愿者佩戴党员徽章，走在前列。",
        "活动中向居民发放宣传资料一百余份。",
        "{host}现场协调，确保活动安全有序。",
        "居民对老同志们的热心服务纷纷点赞。",
    ],
    "宣讲": [
        "{host}结合亲身经历，讲述了生动的革命故事。",
        "宣讲内容通俗易懂，听众反响热烈。",
        "现场设置了互动问答环节，气氛活跃。",
        "宣讲结束后，听众与老同志进行了交流。",
        "活动进一步传承了红色基因。",
    ],
    "健康讲座": [
        "社区卫生服务中心医生围绕常见病预防作了详细讲解。",
        "讲座后为老同志免费测量了血压、血糖。",
        "医生耐心解答了老同志提出的健康问题。",
        "活动中发放了健康知识手册。",
        "老同志们表示收获很大，对自身健康管理更有信心。",
    ],
    "走访慰问": [
        "工作人员详细了解了老同志的身体状况和生活情况。",
        "为老同志送去了慰问品，转达了组织的关心。",
        "老同志对组织的关怀表示感谢。",
        "对走访中了解到的困难进行了登记，将及时跟进。",
    ],
    "其他": [
        "会上通报了驿站近期工作安排。",
        "老同志们围绕驿站建设提出了意见建议。",
        "工作人员对相关资料进行了整理归档。",
        "{host}对下一步工作作了部署。",
    ],
}

_OUTCOMES = [
    "活动取得了良好效果。",
    "此次活动进一步增强了老同志的归属感和获得感。",
    "老同志们纷纷表示，今后将继续发挥余热，为社区建设贡献力量。",
    "活动圆满结束，驿站将持续开展此类活动。",
    "大家一致认为活动内容充实、形式新颖，收获满满。",
]


def quoted(title: str) -> str:
    """A title in quotation marks as a text names it: “…”, with quotes inside it made ‘…’
    (“‘老党员讲党史’宣讲”, never ““老党员讲党史”宣讲”)."""
    return "“" + title.replace("“", "‘").replace("”", "’") + "”"


def fake_activity(
    rng: random.Random, activity_type: str, day: date, present: int | None = None
) -> dict[str, object]:
    """One activity record (写实册 entry) of ``activity_type`` held on ``day``; its text gives the
    head count ``present`` when it is known (it must agree with the sign-in), else no number."""
    if activity_type not in ACTIVITY_TYPES:
        raise ValueError(f"unknown activity type {activity_type!r}")
    title = _activity_title(rng, activity_type, day)
    if title in _TITLE_PLACES:
        place = rng.choice(_TITLE_PLACES[title])
    elif activity_type == "走访慰问":
        place = rng.choice(_PLACES["visit"])
    elif activity_type == "宣讲" and "校园" in title:
        place = rng.choice(_PLACES["school"])
    elif activity_type in ("志愿服务", "文体活动") and rng.random() < 0.45:
        place = rng.choice(_PLACES["outdoor"])
    else:
        place = rng.choice(_PLACES["indoor"])

    organiser = _han_name(rng, "女" if rng.random() < 0.6 else "男")
    host = organiser if rng.random() < 0.3 else _han_name(rng, "男" if rng.random() < 0.5 else "女")

    morning = rng.random() < 0.6
    if morning:
        start_min = rng.choice((8 * 60 + 30, 9 * 60, 9 * 60, 9 * 60 + 30))
        duration = rng.choice((60, 90, 120, 120)) if start_min < 570 else rng.choice((60, 90, 120))
    else:
        start_min = rng.choice((14 * 60, 14 * 60 + 30, 14 * 60 + 30, 15 * 60))
        long_ok = start_min <= 14 * 60 + 30
        duration = rng.choice((60, 90, 120, 150, 180) if long_ok else (60, 90, 120))
    end_min = start_min + duration
    start_time = time(start_min // 60, start_min % 60)
    end_time = time(end_min // 60, end_min % 60)
    record = activity_record(rng, activity_type, title, day, start_time, place, host, present)
    notes = rng.choice(("", "", "", "", "", "", "照片已归档", "签到表附后", "区委老干部局同志到场指导"))
    return {
        "title": title,
        "place": place,
        "organiser": organiser,
        "host": host,
        "start_time": start_time,
        "end_time": end_time,
        "record": record,
        "notes": notes,
    }


def activity_record(
    rng: random.Random,
    activity_type: str,
    title: str,
    day: date,
    start: time | None,
    place: str,
    host: str,
    present: int | None = None,
) -> str:
    """The written record (写实) of a held activity: when, where, what; ``present`` people took
    part (as signed in), or no head count is given when it is not known."""
    half = "上午" if start is None or start.hour < 12 else "下午"
    date_text = f"{day.year}年{day.month}月{day.day}日{half}"
    name = quoted(title)
    if activity_type == "走访慰问":
        households = rng.randint(3, 12)
        who = f"{present}名老同志一同参加，" if present else ""
        opening = f"{date_text}，驿站工作人员会同社区党委开展{name}活动，{who}共走访{households}户老同志。"
    elif present:
        opening = rng.choice(
            [
                f"{date_text}，驿站在{place}组织开展{name}活动，共有{present}名老干部、老党员参加。",
                f"{date_text}，{name}活动在{place}举行，{present}名老同志参加。",
                f"为丰富老同志精神文化生活，{date_text}驿站在{place}开展了{name}活动，{present}名老同志参加。",
            ]
        )
    else:
        opening = rng.choice(
            [
                f"{date_text}，驿站在{place}组织开展{name}活动。",
                f"为丰富老同志精神文化生活，{date_text}驿站在{place}开展了{name}活动。",
            ]
        )
    pool = _MIDDLE_SENTENCES[activity_type]
    middle = rng.sample(pool, min(len(pool), rng.randint(1, 4)))
    sentences = [opening, *(s.format(host=host) for s in middle), rng.choice(_OUTCOMES)]
    return "".join(sentences)


# ---------------------------------------------------------------------------
# Visits (走访慰问)
# ---------------------------------------------------------------------------

_VISIT_REASONS = _Weighted(
    [
        ("节日慰问", 30),
        ("生日慰问", 15),
        ("生病住院看望", 12),
        ("困难帮扶", 8),
        ("日常走访", 30),
        ("其他", 5),
    ]
)
_VISITOR_ROLES = ["社区书记", "社区主任", "驿站工作人员", "网格员", "社区党委委员", "街道党工委委员"]


def fake_visit(rng: random.Random, day: date, visited_name: str) -> dict[str, object]:
    """One visit record for the person ``visited_name`` on ``day``."""
    reason = _VISIT_REASONS.pick(rng)
    roles = rng.sample(_VISITOR_ROLES, rng.randint(1, 3))
    visitors = "、".join(f"{role}{_han_name(rng, '男' if rng.random() < 0.4 else '女')}" for role in roles)

    who = visited_name if rng.random() < 0.5 else f"{visited_name}同志"
    if reason == "节日慰问":
        gifts = rng.choice(("米、油各一份", "月饼一盒", "水饺、米、油各一份", "慰问品一份"))
        money = rng.choice((0, 200, 300, 500))
        situation = f"{who}精神状态良好，对组织的节日问候表示感谢。"
    elif reason == "生日慰问":
        gifts = rng.choice(("生日蛋糕一个", "生日蛋糕一个、鲜花一束", "长寿面、蛋糕各一份"))
        money = 0
        situation = f"工作人员为{who}送上生日祝福，老人十分高兴。"
    elif reason == "生病住院看望":
        gifts = rng.choice(("水果、牛奶", "鲜花、水果", "营养品一份"))
        money = rng.choice((300, 500, 500, 1000))
        situation = f"{who}因病住院治疗，目前病情稳定，家属陪护。"
    elif reason == "困难帮扶":
        gifts = rng.choice(("米、油各一份", "", "冬衣一件"))
        money = rng.choice((500, 800, 1000, 2000))
        situation = f"{who}家庭生活存在一定困难，老伴长期患病。"
    elif reason == "日常走访":
        gifts = ""
        money = 0
        situation = f"{who}身体状况" + rng.choice(("良好", "尚可", "一般")) + "，生活能够自理。"
    else:
        gifts = rng.choice(("", "慰问品一份"))
        money = 0
        situation = f"了解{who}近期生活情况。"

    extra = rng.random()
    if extra < 0.3:
        situation += "子女在外地工作，平时由保姆照料。"
    elif extra < 0.55:
        situation += "老人关心社区发展，积极参加驿站活动。"
    if rng.random() < 0.3:
        situation += "工作人员叮嘱其注意保暖、按时服药。"

    needs = ""
    follow_up = ""
    follow_up_due: date | None = None
    if rng.random() < 0.3:
        needs, follow_up = rng.choice(
            [
                ("希望驿站协助办理医保报销手续", "由驿站工作人员协助准备材料并陪同办理"),
                ("家中卫生间需加装扶手", "联系社区适老化改造项目上门评估"),
                ("希望有人定期上门陪聊", "安排志愿者每周上门探望一次"),
                ("需要智能手机使用指导", "安排银龄入网课堂志愿者上门指导"),
                ("反映楼道灯损坏", "转物业公司维修并回访"),
                ("希望参加书法班", "通知其参加下期书法公益课"),
            ]
        )
        follow_up_due = day + timedelta(days=rng.choice((3, 7, 7, 14, 30)))
    return {
        "reason": reason,
        "visitors": visitors,
        "gifts": gifts,
        "money": Decimal(money).quantize(Decimal("0.01")),
        "situation": situation,
        "needs": needs,
        "follow_up": follow_up,
        "follow_up_due": follow_up_due,
    }


# ---------------------------------------------------------------------------
# Volunteer service (志愿服务)
# ---------------------------------------------------------------------------


# (name, field, organiser, contact phone, description)
_PROJECTS: list[tuple[str, str, str, str, str]] = [
    ("银龄议事会", "社会治理", "金湖路社区党委", "0532-82871001", "老党员参与社区重大事项协商议事，收集居民意见建议。"),
    (
        "红色故事进校园",
        "志愿先锋",
        "金湖路社区老干部驿站",
        "0532-82871002",
        "老党员走进辖区中小学讲述革命故事，传承红色基因。",
    ),
    ("邻里矛盾调解", "社会治理", "金湖路社区居委会", "0532-82871003", "发挥老干部经验优势，协助调解邻里纠纷。"),
    (
        "银龄入网课堂",
        "文化科技",
        "金湖路社区老干部驿站",
        "0532-82871004",
        "帮助老年人学习使用智能手机、网上办事和防范诈骗。",
    ),
    ("楼道环境整治", "环境美化", "金湖路社区居委会", "0532-82871005", "组织清理楼道杂物、张贴文明提示，美化居住环境。"),
    ("义诊进社区", "医疗卫生", "金湖路社区卫生服务站", "0532-82871006", "邀请退休医务人员为居民测血压、提供健康咨询。"),
    ("文明交通劝导", "公共文明", "金湖路社区党委", "0532-82871007", "在路口开展文明交通劝导，引导行人遵守交通规则。"),
    ("独居老人结对帮扶", "社会关爱", "金湖路社区老干部驿站", "0532-82871008", "低龄老人与高龄独居老人结对，定期探望。"),
    ("四点半课堂", "教育体育", "金湖路社区居委会", "0532-82871009", "退休教师为双职工家庭子女提供课后辅导。"),
    ("太极健身指导", "教育体育", "金湖路社区老干部驿站", "0532-82871010", "老干部中的太极拳爱好者教授居民健身拳法。"),
    ("书法公益课", "文化科技", "金湖路社区老干部驿站", "0532-82871011", "书法爱好者为社区居民和青少年开设书法课程。"),
    ("垃圾分类宣传", "环境美化", "金湖路社区居委会", "0532-82871012", "入户宣传垃圾分类知识，在投放点值守引导。"),
    ("防诈宣传小分队", "公共文明", "金湖路社区党委", "0532-82871013", "向居民宣传防范电信网络诈骗知识。"),
    ("便民理发义剪", "社区服务", "金湖路社区老干部驿站", "0532-82871014", "每月为行动不便老人提供免费理发服务。"),
    ("法律咨询服务", "社区服务", "金湖路社区居委会", "0532-82871015", "退休法官、律师为居民提供法律咨询。"),
]

_SERVICE_CONTENT: dict[str, list[str]] = {
    "银龄议事会": ["参加议事会，就小区停车问题提出建议", "收集居民对加装电梯的意见并汇总", "参与社区公共事务协商议事"],
    "红色故事进校园": ["到辖区小学为学生讲述革命故事", "为少先队员讲述入党经历", "参加红色故事宣讲进课堂活动"],
    "邻里矛盾调解": ["协助调解一起楼上漏水引发的邻里纠纷", "参与调解相邻通行纠纷", "上门劝解邻里噪音矛盾"],
    "银龄入网课堂": ["指导老年人使用手机挂号和健康码", "教授老年人使用微信视频通话", "帮助老人识别手机诈骗信息"],
    "楼道环境整治": ["清理楼道堆放杂物并张贴文明提示", "参与单元楼道卫生清扫", "劝导居民规范停放电动车"],
    "义诊进社区": ["为居民测量血压并提供健康咨询", "参与社区义诊秩序维护", "讲解慢性病日常管理知识"],
    "文明交通劝导": ["在路口开展文明交通劝导", "劝导行人不闯红灯", "协助维护上学时段交通秩序"],
    "独居老人结对帮扶": ["上门探望结对独居老人并陪同聊天", "帮助独居老人采购生活用品", "电话问候结对老人近况"],
    "四点半课堂": ["为社区学生辅导数学作业", "为孩子们讲解古诗词", "组织学生阅读分享"],
    "太极健身指导": ["在社区广场教授二十四式太极拳", "纠正居民太极拳动作", "带领居民晨练"],
    "书法公益课": ["为青少年讲授楷书基本笔画", "指导居民书写春联", "开展书法作品点评"],
    "垃圾分类宣传": ["在垃圾投放点值守引导分类投放", "入户发放垃圾分类宣传单", "讲解厨余垃圾分类要点"],
    "防诈宣传小分队": ["在社区广场发放防诈骗宣传资料", "入户讲解常见电信诈骗手法", "协助推广反诈APP安装"],
    "便民理发义剪": ["为行动不便老人上门理发", "在驿站为老人义务理发", "参与便民服务日理发服务"],
    "法律咨询服务": ["为居民解答赡养纠纷法律问题", "提供遗嘱订立法律咨询", "讲解老年人权益保障法"],
}
_GENERIC_SERVICE = ["参与社区志愿服务活动", "协助驿站开展日常服务", "参加社区公益活动并做好服务保障"]


def fake_projects() -> list[dict[str, object]]:
    """The fixed list of ~15 volunteer service projects (志愿服务项目)."""
    return [
        {"name": n, "field": f, "description": d, "organiser": o, "contact_phone": p} for n, f, o, p, d in _PROJECTS
    ]


def fake_service_content(rng: random.Random, project_name: str) -> str:
    """One sentence describing a volunteer's service in ``project_name``."""
    base = rng.choice(_SERVICE_CONTENT.get(project_name, _GENERIC_SERVICE))
    tail = rng.choice(("", "", "，服务居民{n}人次", "，历时{h}小时", "，受到居民好评"))
    return base + tail.format(n=rng.randint(5, 60), h=rng.randint(1, 3)) + "。"


# ---------------------------------------------------------------------------
# Signatures
# ---------------------------------------------------------------------------

_INKS = [(18, 28, 92), (12, 20, 60), (25, 25, 30), (20, 40, 120)]
_SIG_LEVELS = 16
_SIG_COMPRESS = 7  # zlib level 8+ costs ~2x the time for ~5% smaller files
# Map the antialiased grey level (0 = ink, 255 = paper) to a palette index.
_SIG_LUT = [min(_SIG_LEVELS - 1, v * _SIG_LEVELS // 256) for v in range(256)]


def _bezier(
    p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float], steps: int
) -> list[tuple[float, float]]:
    pts = []
    for i in range(steps + 1):
        t = i / steps
        u = 1.0 - t
        a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        pts.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return pts


def signature_png(rng: random.Random, name: str, width: int = 360, height: int = 120) -> bytes:
    """A handwriting-like scrawl for ``name`` as a small palette PNG.

    It is drawn as smooth cubic Bézier strokes with varying pen pressure,
    one stroke group per character (no font is needed), on white paper,
    in dark blue or black ink.  Typically 1–3 KB.
    """
    scale = 2  # draw at 2x, then box-reduce for antialiasing
    w, h = width * scale, height * scale
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)

    chars = [c for c in name if not c.isspace()][:8] or ["?"]
    n = len(chars)
    slant = rng.uniform(-0.35, 0.05)  # negative: leaning right
    margin = w * 0.06
    usable = w - 2 * margin
    glyph_h = h * rng.uniform(0.4, 0.55)
    glyph_w = glyph_h * rng.uniform(0.8, 1.15)
    gap = glyph_w * rng.uniform(0.0, 0.3)
    total = n * glyph_w + (n - 1) * gap
    if total > usable:  # long names are written more cramped
        f = usable / total
        glyph_w, gap, total = glyph_w * f, gap * f, usable
    x = margin + (usable - total) * rng.uniform(0.0, 0.4)
    base_y = h * rng.uniform(0.66, 0.76)
    pen = scale * rng.uniform(1.4, 2.4)

    def stroke(points: list[tuple[float, float]], weight: float) -> None:
        m = len(points) - 1
        for i in range(m):
            pressure = 0.35 + 0.65 * math.sin(math.pi * (i + 0.5) / m) ** 0.7
            wdt = max(1, round(pen * weight * pressure))
            x0, y0 = points[i]
            x1, y1 = points[i + 1]
            draw.line((x0, y0, x1, y1), fill=0, width=wdt)
            if wdt >= 3:
                r = wdt / 2
                draw.ellipse((x1 - r, y1 - r, x1 + r, y1 + r), fill=0)

    prev_end: tuple[float, float] | None = None
    for ch in chars:
        left = x
        x += glyph_w + gap
        cy = base_y + rng.uniform(-0.06, 0.06) * h
        gh = glyph_h * rng.uniform(0.85, 1.1)
        top = cy - gh
        if ch == _MIDDLE_DOT:
            dx, dy = left + glyph_w * 0.5, cy - gh * 0.45
            draw.ellipse((dx - pen, dy - pen, dx + pen, dy + pen), fill=0)
            prev_end = None
            continue

        def pt(
            fx: float, fy: float, _left: float = left, _top: float = top, _gh: float = gh, _cy: float = cy
        ) -> tuple[float, float]:
            y = _top + fy * _gh
            return (_left + fx * glyph_w + slant * (y - _cy), y)

        for k in range(rng.randint(3, 5)):
            kind = rng.random()
            if kind < 0.35:  # horizontal-ish stroke
                fy = rng.uniform(0.1, 0.9)
                a, b = (rng.uniform(0.0, 0.3), fy), (rng.uniform(0.6, 1.0), fy + rng.uniform(-0.15, 0.1))
            elif kind < 0.65:  # vertical-ish stroke
                fx = rng.uniform(0.15, 0.85)
                a, b = (fx, rng.uniform(0.0, 0.3)), (fx + rng.uniform(-0.2, 0.1), rng.uniform(0.7, 1.0))
            else:  # diagonal sweep or hook
                a = (rng.uniform(0.0, 0.6), rng.uniform(0.0, 0.5))
                b = (rng.uniform(0.3, 1.0), rng.uniform(0.5, 1.0))
            p0, p3 = pt(*a), pt(*b)
            if k == 0 and prev_end is not None and rng.random() < 0.45:
                p0 = prev_end  # cursive link from the previous character
            # Control points near the chord, pushed sideways for curvature.
            dx, dy = p3[0] - p0[0], p3[1] - p0[1]
            bend1 = rng.uniform(-0.45, 0.45)
            bend2 = rng.uniform(-0.45, 0.45) if rng.random() < 0.5 else -bend1
            p1 = (p0[0] + dx / 3 - dy * bend1, p0[1] + dy / 3 + dx * bend1)
            p2 = (p0[0] + 2 * dx / 3 - dy * bend2, p0[1] + 2 * dy / 3 + dx * bend2)
            length = abs(dx) + abs(dy)
            steps = max(5, min(16, int(length / (5 * scale))))
            stroke(_bezier(p0, p1, p2, p3, steps), rng.uniform(0.75, 1.25))
            prev_end = p3

    if prev_end is not None and rng.random() < 0.3:
        # A closing flourish sweeping back under the name.
        y = base_y + h * rng.uniform(0.04, 0.1)
        p0 = prev_end
        p3 = (margin + (x - margin) * rng.uniform(0.0, 0.4), y + h * rng.uniform(-0.02, 0.04))
        p1 = (min(w - 4.0, x + glyph_w * 0.3), y + h * 0.08)
        p2 = ((p0[0] + p3[0]) / 2, y + h * rng.uniform(0.04, 0.1))
        stroke(_bezier(p0, p1, p2, p3, 16), 0.7)

    small = img.reduce(scale).point(_SIG_LUT)
    ink = rng.choice(_INKS)
    palette: list[int] = []
    for i in range(_SIG_LEVELS):
        f = i / (_SIG_LEVELS - 1)
        palette += [round(c + (255 - c) * f) for c in ink]
    small.putpalette(palette)  # "L" -> "P" with a 16-colour ink ramp
    buf = io.BytesIO()
    small.save(buf, "PNG", bits=4, compress_level=_SIG_COMPRESS)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# Activity photos
# ---------------------------------------------------------------------------

_CLOTHES = [
    (35, 45, 80),
    (60, 60, 65),
    (30, 30, 35),
    (140, 30, 35),
    (225, 225, 220),
    (190, 170, 130),
    (70, 90, 60),
    (110, 80, 60),
    (80, 110, 150),
    (160, 60, 90),
    (200, 120, 40),
    (50, 70, 120),
    (120, 120, 125),
]
_SKIN = [(232, 190, 160), (220, 175, 140), (205, 160, 125), (240, 205, 180)]
_HAIR = [(20, 20, 22), (60, 55, 50), (130, 128, 125), (185, 185, 182), (215, 215, 212)]

# exif_transpose() applies the inverse of these to display the image.
_STORE_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def _jitter(rng: random.Random, color: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in color)  # type: ignore[return-value]


def _backdrop(w: int, h: int, horizon: int, colors: Sequence[tuple[int, int, int]]) -> Image.Image:
    """Two stacked vertical gradients (wall/floor or sky/ground) split at ``horizon``.

    ``colors`` is (upper top, upper bottom, lower top, lower bottom).  Built as a
    one-pixel-wide column and widened with NEAREST, which is much cheaper than
    a bilinear resize of the whole frame.
    """
    column = Image.new("RGB", (1, h))
    for (y0, y1), (c0, c1) in (((0, horizon), colors[0:2]), ((horizon, h), colors[2:4])):
        if y1 > y0:
            seed = Image.new("RGB", (1, 2))
            seed.putpixel((0, 0), c0)
            seed.putpixel((0, 1), c1)
            column.paste(seed.resize((1, y1 - y0), Image.Resampling.BILINEAR), (0, y0))
    return column.resize((w, h), Image.Resampling.NEAREST)


def _person(
    draw: ImageDraw.ImageDraw, rng: random.Random, cx: float, base: float, s: float, facing: bool, full_body: bool
) -> None:
    """A simple silhouette: ``base`` is the bottom of the torso, ``s`` its scale."""
    body_w = s * rng.uniform(0.9, 1.15)
    body_h = s * rng.uniform(1.0, 1.25)
    head_r = s * rng.uniform(0.24, 0.29)
    cloth = _jitter(rng, rng.choice(_CLOTHES), 12)
    if full_body:
        leg_h = s * 1.3
        leg = _jitter(rng, rng.choice(((30, 30, 40), (60, 60, 70), (40, 50, 80), (110, 100, 90))), 8)
        draw.rectangle((cx - body_w * 0.38, base, cx - body_w * 0.04, base + leg_h), fill=leg)
        draw.rectangle((cx + body_w * 0.04, base, cx + body_w * 0.38, base + leg_h), fill=leg)
    top = base - body_h
    draw.rounded_rectangle((cx - body_w / 2, top, cx + body_w / 2, base), radius=max(1, int(s * 0.3)), fill=cloth)
    hy = top - head_r * 0.85
    hair = rng.choice(_HAIR)
    if facing:
        skin = _jitter(rng, rng.choice(_SKIN), 8)
        draw.ellipse((cx - head_r, hy - head_r, cx + head_r, hy + head_r * 1.1), fill=skin)
        draw.chord((cx - head_r * 1.02, hy - head_r * 1.08, cx + head_r * 1.02, hy + head_r * 0.6), 180, 360, fill=hair)
        if rng.random() < 0.25:  # glasses
            ey, er = hy + head_r * 0.15, head_r * 0.28
            ew = max(1, int(head_r * 0.07))
            for ex in (cx - head_r * 0.4, cx + head_r * 0.4):
                draw.ellipse((ex - er, ey - er, ex + er, ey + er), outline=(40, 40, 40), width=ew)
    else:
        draw.ellipse((cx - head_r, hy - head_r, cx + head_r, hy + head_r * 1.1), fill=hair)


def _banner(draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[float, float, float, float]) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=_jitter(rng, (190, 25, 30), 15))
    bh = y1 - y0
    n = rng.randint(10, 18)
    gw = (x1 - x0) * 0.9 / n
    size = min(gw * 0.8, bh * 0.6)
    ink = rng.choice(((250, 230, 120), (255, 250, 240)))
    lw = max(1, int(size * 0.09))
    for i in range(n):
        gx = x0 + (x1 - x0) * 0.05 + i * gw + (gw - size) / 2
        gy = y0 + (bh - size) / 2
        for _ in range(rng.randint(3, 6)):  # a few "strokes" per glyph
            if rng.random() < 0.5:
                yy = gy + rng.random() * size
                draw.line(
                    (gx + rng.random() * size * 0.3, yy, gx + size * (0.7 + 0.3 * rng.random()), yy), fill=ink, width=lw
                )
            else:
                xx = gx + rng.random() * size
                draw.line(
                    (xx, gy + rng.random() * size * 0.3, xx, gy + size * (0.7 + 0.3 * rng.random())), fill=ink, width=lw
                )


def _indoor(rng: random.Random, w: int, h: int) -> Image.Image:
    horizon = int(h * rng.uniform(0.5, 0.6))
    wall = _jitter(rng, rng.choice(((236, 232, 220), (225, 230, 232), (240, 236, 226))), 8)
    img = _backdrop(
        w,
        h,
        horizon,
        (
            wall,
            _jitter(rng, (205, 200, 190), 10),
            _jitter(rng, (165, 140, 110), 12),
            _jitter(rng, (110, 90, 70), 10),
        ),
    )
    draw = ImageDraw.Draw(img)
    # Windows on one side.
    side = rng.random() < 0.5
    for i in range(rng.randint(1, 3)):
        wx = (w * 0.03 + i * w * 0.12) if side else (w * 0.85 - i * w * 0.12)
        draw.rectangle(
            (wx, h * 0.12, wx + w * 0.1, horizon - h * 0.08),
            fill=(245, 248, 252),
            outline=(150, 150, 150),
            width=max(2, w // 300),
        )
    # Banner (or screen + banner).
    bx0 = w * rng.uniform(0.15, 0.25)
    bx1 = w - w * rng.uniform(0.15, 0.25)
    by0 = h * rng.uniform(0.06, 0.12)
    _banner(draw, rng, (bx0, by0, bx1, by0 + h * rng.uniform(0.07, 0.1)))
    if rng.random() < 0.5:
        sy = by0 + h * 0.13
        draw.rectangle(
            (w * 0.35, sy, w * 0.65, sy + h * 0.18), fill=(40, 60, 110), outline=(20, 20, 20), width=max(2, w // 400)
        )
    # Table at the front with a speaker behind it.
    ty = horizon - h * 0.02
    s0 = h * 0.09
    for k in range(rng.randint(1, 3)):
        _person(draw, rng, w * (0.5 + (k - 1) * 0.12), ty, s0, True, False)
    draw.rectangle((w * 0.3, ty, w * 0.7, ty + h * 0.06), fill=_jitter(rng, (150, 40, 40), 15))
    # Audience rows, back to front, seen from behind or from the side.
    rows = rng.randint(2, 4)
    for r in range(rows):
        f = (r + 1) / rows
        base = horizon + (h - horizon) * (0.25 + 0.75 * f) + h * 0.02
        s = h * (0.1 + 0.1 * f)
        n = max(3, int(w / (s * 1.5)))
        step = w / n
        for i in range(n):
            if rng.random() < 0.12:
                continue  # empty seat
            cx = step * (i + 0.5) + rng.uniform(-0.15, 0.15) * step
            _person(draw, rng, cx, base, s, rng.random() < 0.2, False)
    return img


def _outdoor(rng: random.Random, w: int, h: int) -> Image.Image:
    horizon = int(h * rng.uniform(0.42, 0.55))
    ground_top = rng.choice(((150, 150, 145), (120, 150, 90), (170, 160, 140)))
    img = _backdrop(
        w,
        h,
        horizon,
        (
            _jitter(rng, (110, 160, 220), 15),
            _jitter(rng, (200, 220, 235), 10),
            _jitter(rng, ground_top, 10),
            _jitter(rng, (95, 95, 90), 10),
        ),
    )
    draw = ImageDraw.Draw(img)
    # Buildings on the horizon.
    x = -w * 0.05
    while x < w:
        bw = w * rng.uniform(0.08, 0.18)
        bh = h * rng.uniform(0.12, 0.3)
        col = _jitter(rng, rng.choice(((210, 200, 185), (190, 180, 170), (225, 215, 200))), 10)
        draw.rectangle((x, horizon - bh, x + bw, horizon), fill=col)
        wy = horizon - bh + h * 0.02
        while wy < horizon - h * 0.03:
            draw.line((x + bw * 0.1, wy, x + bw * 0.9, wy), fill=(120, 130, 145), width=max(2, h // 200))
            wy += h * 0.035
        x += bw + w * rng.uniform(0.0, 0.05)
    # Trees.
    for _ in range(rng.randint(3, 7)):
        tx = rng.uniform(0, w)
        tr = h * rng.uniform(0.05, 0.1)
        ty = horizon - tr * 0.3
        draw.rectangle((tx - tr * 0.1, ty, tx + tr * 0.1, ty + tr * 1.2), fill=(90, 70, 50))
        draw.ellipse((tx - tr, ty - tr * 1.6, tx + tr, ty + tr * 0.4), fill=_jitter(rng, (50, 110, 55), 20))
    # Banner on stands.
    bx0, bx1 = w * rng.uniform(0.1, 0.25), w * rng.uniform(0.75, 0.9)
    by0 = horizon - h * rng.uniform(0.18, 0.25)
    bh = h * 0.08
    for px in (bx0 + w * 0.01, bx1 - w * 0.01):
        draw.rectangle((px - 3, by0, px + 3, horizon + h * 0.05), fill=(80, 80, 80))
    _banner(draw, rng, (bx0, by0, bx1, by0 + bh))
    # One or two standing rows (group photo), facing the camera.
    rows = rng.randint(1, 2)
    for r in range(rows):
        s = h * (0.09 + 0.02 * r)
        base = horizon + h * (0.12 + 0.14 * r)
        n = rng.randint(6, 12)
        span = w * rng.uniform(0.6, 0.9)
        x0 = (w - span) / 2
        for i in range(n):
            cx = x0 + span * (i + 0.5) / n + rng.uniform(-0.1, 0.1) * span / n
            _person(draw, rng, cx, base, s, True, True)
    return img


def _add_noise(rng: random.Random, img: Image.Image, amplitude: int) -> Image.Image:
    """Add deterministic sensor-like luminance noise of +/- ``amplitude``.

    The noise is drawn from ``rng`` at half resolution and widened with
    NEAREST.  To stay in fast C paths it is added with ``add_modulo``: the
    image is first squeezed into [amplitude, 255 - amplitude] so that adding
    a signed value modulo 256 can never wrap around.
    """
    w, h = img.size
    tw, th = (w + 1) // 2, (h + 1) // 2
    tile = Image.frombytes("L", (tw, th), rng.randbytes(tw * th))
    span = 2 * amplitude + 1
    tile = tile.point([(v * span // 256 - amplitude) % 256 for v in range(256)])
    tile = tile.resize((w, h), Image.Resampling.NEAREST)
    noise = Image.merge("RGB", (tile, tile, tile))
    squeeze = [amplitude + v * (255 - 2 * amplitude) // 255 for v in range(256)] * 3
    return ImageChops.add_modulo(img.point(squeeze), noise)


def activity_photo_jpeg(
    rng: random.Random,
    taken_at: datetime,
    width: int = 1600,
    height: int = 1200,
    quality: int = 85,
    orientation: int = 1,
) -> bytes:
    """A synthetic photo of a meeting room or outdoor gathering, as JPEG.

    ``width`` x ``height`` is the *displayed* (upright) size.  EXIF carries
    Make "Demo", Model "Phone" and DateTimeOriginal = ``taken_at``.  With
    ``orientation`` other than 1 the EXIF Orientation tag is written and the
    pixels are stored transformed as a camera would, so that applying the tag
    (e.g. ``ImageOps.exif_transpose``) restores the upright ``width`` x
    ``height`` image; e.g. orientation 6 stores the scene rotated 90°
    counter-clockwise (raw size ``height`` x ``width``).
    """
    if not 1 <= orientation <= 8:
        raise ValueError(f"orientation must be 1..8, got {orientation}")
    img = _indoor(rng, width, height) if rng.random() < 0.6 else _outdoor(rng, width, height)
    img = _add_noise(rng, img, rng.randint(12, 18))
    if orientation != 1:
        img = img.transpose(_STORE_TRANSPOSE[orientation])

    stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[0x010F] = "Demo"  # Make
    exif[0x0110] = "Phone"  # Model
    exif[0x0132] = stamp  # DateTime
    if orientation != 1:
        exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = stamp  # DateTimeOriginal
    sub[0x9004] = stamp  # DateTimeDigitized

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    return buf.getvalue()
