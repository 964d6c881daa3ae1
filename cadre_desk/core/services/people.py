"""The roster: create, change and remove people, with validation and duplicate checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..app import App
from ..errors import DomainError
from ..media import MediaInfo
from ..models import Person
from ..pinyin import search_keys
from ..validators import (
    ValidationError,
    normalize_name,
    normalize_phone,
    normalize_text,
    parse_id_number,
    parse_loose_date,
    strip_hidden,
)
from ..vocab import (
    ACTIVITY_CLASSES,
    CARE_FLAGS,
    CATEGORIES,
    PERSON_STATUSES,
    REPORT_STATUSES,
    SEX,
    code_for,
)
from .base import get_live, own_station_id
from .media import register_media

#: Fields a user may set on a person, with the label used in messages.
PERSON_FIELDS: dict[str, str] = {
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "birth_date": "出生年月",
    "id_number": "身份证号",
    "work_unit": "原工作单位",
    "position": "原职务",
    "rank": "职级",
    "category": "离退休类别",
    "retire_date": "离退休时间",
    "political_status": "政治面貌",
    "party_branch": "所在党支部",
    "activity_class": "活动类别",
    "report_status": "社区报到",
    "report_date": "报到时间",
    "phone_mobile": "手机",
    "phone_home": "固定电话",
    "address": "家庭住址",
    "emergency_contact": "紧急联系人",
    "emergency_phone": "紧急联系电话",
    "health_notes": "健康状况",
    **CARE_FLAGS,
    "interests": "兴趣爱好",
    "talent_tags": "人才标签",
    "status": "人员状态",
    "status_date": "状态变更日期",
    "moved_to": "迁往",
    "photo_sha256": "照片",
    "notes": "备注",
}
_DATE_FIELDS = ("birth_date", "retire_date", "report_date", "status_date")
_CODE_FIELDS = {
    "sex": SEX,
    "category": CATEGORIES,
    "activity_class": ACTIVITY_CLASSES,
    "report_status": REPORT_STATUSES,
    "status": PERSON_STATUSES,
}


def _date(value: Any, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_loose_date(value)[0]
    except ValidationError as exc:
        raise DomainError(f"{label}：{exc.message}") from None


def _tags(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = value.replace("，", ",").replace("、", ",").split(",") if isinstance(value, str) else list(value)
    return list(dict.fromkeys(t for t in (normalize_text(str(i)) for i in items) if t))


def _without_hidden(values: Mapping[str, Any], notes: list[str] | None) -> Mapping[str, Any]:
    """The values with invisible characters taken out of their text (see :func:`strip_hidden`)."""
    cleaned: dict[str, Any] | None = None
    for key, value in values.items():
        if type(value) is not str or value.isprintable():
            continue
        text, removed = strip_hidden(value, PERSON_FIELDS[key])
        if removed:
            cleaned = cleaned if cleaned is not None else dict(values)
            cleaned[key] = text
            if notes is not None:
                notes.append(f"{PERSON_FIELDS[key]}中的不可见字符（{'、'.join(removed)}）已去除")
    return values if cleaned is None else cleaned


def clean_person(
    values: Mapping[str, Any], *, today: dt.date | None = None, notes: list[str] | None = None
) -> dict[str, Any]:
    """Validate and normalise person fields (labels or codes accepted for closed lists).

    Only the keys present in ``values`` are returned (so it serves partial updates too).
    The ID number, when given, decides sex and birth date; a typed sex or birth month
    that contradicts it is an error.  Invisible characters in text (zero-width spaces,
    control characters) are removed, and ``notes`` gets a sentence for each field they
    were taken out of; characters that reorder the display (U+202E …) are an error.
    """
    unknown = values.keys() - PERSON_FIELDS.keys()
    if unknown:
        raise KeyError(f"unknown person fields: {sorted(unknown)}")
    values = _without_hidden(values, notes)
    out: dict[str, Any] = {}
    # the ID number last: the sex and birth date it gives win over empty fields met before it
    items = [item for item in values.items() if item[0] != "id_number"]
    if "id_number" in values:
        items.append(("id_number", values["id_number"]))
    for key, value in items:
        label = PERSON_FIELDS[key]
        if key == "name":
            out[key] = normalize_name(str(value or ""))  # its ValidationError is a DomainError
        elif key in _CODE_FIELDS:
            if value in (None, ""):
                if key in ("category", "status"):
                    raise DomainError(f"请选择{label}。")
                out[key] = None
            else:
                code = code_for(_CODE_FIELDS[key], str(value))
                if code is None:
                    choices = "、".join(_CODE_FIELDS[key].values())
                    raise DomainError(f"{label}“{value}”无效，应为：{choices}。")
                out[key] = code
        elif key in _DATE_FIELDS:
            out[key] = _date(value, label)
        elif key in ("phone_mobile", "phone_home", "emergency_phone"):
            text = normalize_text(str(value or ""))
            if text:
                try:
                    text, _kind = normalize_phone(text)
                except ValidationError as exc:
                    raise DomainError(f"{label}：{exc.message}") from None
            out[key] = text
        elif key in CARE_FLAGS:
            out[key] = bool(value)
        elif key in ("interests", "talent_tags"):
            out[key] = _tags(value)
        elif key == "id_number":
            text = "" if value is None else str(value).strip()
            out[key] = None
            if text:
                info = parse_id_number(value, today=today)
                out[key] = info.number
                sex = out.get("sex") or code_for(SEX, str(values.get("sex") or ""))
                if sex and sex != ("M" if info.sex == "男" else "F"):
                    raise DomainError(f"性别“{SEX[sex]}”与身份证号不符（身份证号表明为{info.sex}性）。")
                typed_birth = _date(values.get("birth_date"), "出生年月")
                if typed_birth and (typed_birth.year, typed_birth.month) != (
                    info.birth_date.year,
                    info.birth_date.month,
                ):
                    raise DomainError(
                        f"出生年月 {typed_birth:%Y年%m月} 与身份证号中的出生日期 {info.birth_date:%Y年%m月%d日} 不符。"
                    )
                out["sex"] = "M" if info.sex == "男" else "F"
                out["birth_date"] = info.birth_date
        elif key == "photo_sha256":
            out[key] = value or None
        else:  # plain text
            out[key] = normalize_text(str(value or "")) if key != "health_notes" else str(value or "").strip()
    if out.get("status") == "moved" and "moved_to" in values and not out.get("moved_to"):
        raise DomainError("人员状态为“迁出”时，请填写迁往何处。")
    if "name" in out:
        out["name_pinyin"], out["name_initials"] = search_keys(out["name"])
    return out


def find_by_id_number(session: Session, id_number: str, *, exclude: str | None = None) -> Person | None:
    stmt = select(Person).where(Person.id_number == id_number, Person.deleted.is_(False))
    if exclude:
        stmt = stmt.where(Person.id != exclude)
    return session.scalars(stmt.limit(1)).first()


def similar_people(
    session: Session, name: str, birth_date: dt.date | None, *, exclude: str | None = None
) -> list[Person]:
    """People with the same name and birth month (a likely duplicate)."""
    if not birth_date:
        return []
    stmt = select(Person).where(Person.name == name, Person.deleted.is_(False))
    if exclude:
        stmt = stmt.where(Person.id != exclude)
    return [
        p
        for p in session.scalars(stmt)
        if p.birth_date and (p.birth_date.year, p.birth_date.month) == (birth_date.year, birth_date.month)
    ]


def _check_duplicates(session: Session, data: Mapping[str, Any], *, exclude: str | None, allow_similar: bool) -> None:
    if data.get("id_number"):
        other = find_by_id_number(session, data["id_number"], exclude=exclude)
        if other is not None:
            raise DomainError(
                f"身份证号 {data['id_number'][:6]}…{data['id_number'][-4:]} 已登记在“{other.name}”名下，不能重复登记。"
            )
    if not allow_similar and data.get("name") and data.get("birth_date"):
        same = similar_people(session, data["name"], data["birth_date"], exclude=exclude)
        if same:
            raise DomainError(
                f"名册中已有同名同出生年月的人员“{same[0].name}”（{data['birth_date']:%Y年%m月}）。"
                "如确认不是同一人，请选择“仍然保存”。"
            )


def create_person(
    app: App, values: Mapping[str, Any], *, allow_similar: bool = False, photo: MediaInfo | None = None
) -> str:
    """Add a person to this station's roster (with their photo, already stored); returns the new id."""
    data = clean_person(values)
    if photo is not None:
        data["photo_sha256"] = photo.sha256
    if not data.get("name"):
        raise DomainError("请填写姓名。")
    if not data.get("category"):
        raise DomainError("请选择离退休类别（离休或退休）。")
    data.setdefault("status", "active")
    with app.transaction() as tx:
        _check_duplicates(tx.session, data, exclude=None, allow_similar=allow_similar)
        if photo is not None:
            register_media(tx, photo)
        person = tx.add(Person(station_id=own_station_id(tx.session), **data))
        return person.id


def update_person(
    app: App,
    person_id: str,
    values: Mapping[str, Any],
    *,
    allow_similar: bool = False,
    photo: MediaInfo | None = None,
) -> dict[str, tuple[Any, Any]]:
    """Change some fields of a person (and their photo); returns {field: (before, after)} of what changed."""
    with app.transaction() as tx:
        person = get_live(tx.session, Person, person_id)
        values = dict(values)
        if photo is not None:
            register_media(tx, photo)
            values["photo_sha256"] = photo.sha256
        if person.id_number and "id_number" not in values and {"sex", "birth_date"} & values.keys():
            values["id_number"] = person.id_number  # a typed sex or birth month must agree with it
        data = clean_person(values)
        merged = {"name": person.name, "birth_date": person.birth_date} | data
        if data.get("id_number") == person.id_number:
            merged["id_number"] = None  # unchanged: no need to look for another holder
        _check_duplicates(
            tx.session,
            merged,
            exclude=person.id,
            allow_similar=allow_similar or not ({"name", "birth_date"} & set(data)),
        )
        return tx.update(person, data)


def delete_person(app: App, person_id: str) -> None:
    """Remove a person from the roster (kept as a tombstone; their history stays)."""
    with app.transaction() as tx:
        tx.delete(get_live(tx.session, Person, person_id))
