"""Pinyin search keys for names.

``search_keys("单晓明")`` gives full pinyin and initials for every plausible reading, so
that staff find a person whichever way they type: the surname reading (单 Shàn, 曾 Zēng,
仇 Qiú …) and the common reading are both kept.  Keys are space-separated alternatives.
"""

from __future__ import annotations

from functools import lru_cache

# Surnames whose reading as a surname differs from the character's common reading.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "单": ("shan", "dan"),
    "曾": ("zeng", "ceng"),
    "仇": ("qiu", "chou"),
    "解": ("xie", "jie"),
    "区": ("ou", "qu"),
    "朴": ("piao", "pu"),
    "查": ("zha", "cha"),
    "乐": ("yue", "le"),
    "盖": ("ge", "gai"),
    "秘": ("bi", "mi"),
    "缪": ("miao", "mou"),
    "翟": ("zhai", "di"),
    "覃": ("qin", "tan"),
    "召": ("shao", "zhao"),
    "繁": ("po", "fan"),
    "尉": ("yu", "wei"),
    "员": ("yun", "yuan"),
    "种": ("chong", "zhong"),
    "折": ("she", "zhe"),
    "黑": ("he", "hei"),
    "相": ("xiang",),
    "长": ("chang",),
    "重": ("chong", "zhong"),
    "车": ("che",),
    "沈": ("shen",),
    "万": ("wan",),
}
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    "单于": ("chan", "yu"),
}


# Rare characters the pinyin tables lack (CJK Extension B and later).
RARE_READINGS: dict[str, str] = {"𠮷": "ji", "𡒄": "da", "𨱏": "xie", "𪨶": "dan", "𬌗": "he"}


def _rare(chars: str) -> list[str]:
    return [RARE_READINGS[c] for c in chars if c in RARE_READINGS]


@lru_cache(maxsize=4096)
def _syllables(text: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors=_rare, v_to_u=False) if s)


def search_keys(name: str) -> tuple[str, str]:
    """(full-pinyin alternatives, initials alternatives) for a name, space-separated."""
    name = "".join(ch for ch in name if not ch.isspace() and ch != "·")
    if not name:
        return "", ""
    variants: list[list[str]] = []
    for compound, reading in COMPOUND_SURNAMES.items():
        if name.startswith(compound):
            variants.append([*reading, *_syllables(name[len(compound) :])])
    if not variants:
        rest = list(_syllables(name[1:])) if len(name) > 1 else []
        readings = SURNAME_READINGS.get(name[0])
        variants = [[r, *rest] for r in readings] if readings else [[*_syllables(name[0]), *rest]]
    full = list(dict.fromkeys("".join(v) for v in variants))
    initials = list(dict.fromkeys("".join(s[0] for s in v if s) for v in variants))
    return " ".join(full), " ".join(initials)
