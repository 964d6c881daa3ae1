"""Activities, their planned attendees, the sign-in book and attached photos."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from ..app import App, Tx
from ..errors import DomainError
from ..media import MediaInfo
from ..models import Activity, ActivityInvitee, ActivityType, Attachment, CheckIn, Person
from ..validators import normalize_name, normalize_text
from ..vocab import CHECKIN_METHODS, CHECKIN_STATUSES
from .base import get_live, own_station_id
from .media import register_media

ACTIVITY_FIELDS = {
    "title": "活动名称",
    "type_id": "活动类型",
    "date": "活动日期",
    "start_time": "开始时间",
    "end_time": "结束时间",
    "place": "活动地点",
    "organiser": "组织者",
    "host": "主持人",
    "planned_rule": "应到人员范围",
    "record": "活动记录",
    "notes": "备注",
}


def clean_activity(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise KeyError(f"unknown activity fields: {sorted(unknown)}")
    out = dict(values)
    for key in ("title", "place", "organiser", "host"):
        if key in out:
            out[key] = normalize_text(str(out[key] or ""))
    if "title" in out and not out["title"]:
        raise DomainError("请填写活动名称。")
    if "date" in out and not isinstance(out["date"], dt.date):
        raise DomainError("请填写活动日期。")
    start, end = out.get("start_time"), out.get("end_time")
    if start and end and end <= start:
        raise DomainError(f"结束时间 {end:%H:%M} 应晚于开始时间 {start:%H:%M}。")
    return out


def create_activity(app: App, values: Mapping[str, Any], invitee_ids: Iterable[str] = ()) -> str:
    """Create an activity and its planned attendees (应到); returns its id."""
    data = clean_activity(values)
    for key in ("title", "type_id", "date"):
        if key not in data:
            raise DomainError(f"请填写{ACTIVITY_FIELDS[key]}。")
    with app.transaction() as tx:
        get_live(tx.session, ActivityType, data["type_id"])
        activity = tx.add(Activity(station_id=own_station_id(tx.session), **data))
        _add_invitees(tx, activity.id, invitee_ids)
        return activity.id


def _add_invitees(tx: Tx, activity_id: str, person_ids: Iterable[str]) -> int:
    existing = set(
        tx.session.scalars(
            select(ActivityInvitee.person_id).where(
                ActivityInvitee.activity_id == activity_id, ActivityInvitee.deleted.is_(False)
            )
        )
    )
    new = [pid for pid in dict.fromkeys(person_ids) if pid not in existing]
    tx.bulk_add(ActivityInvitee, [{"activity_id": activity_id, "person_id": pid} for pid in new])
    return len(new)


def check_in(
    app: App,
    activity_id: str,
    *,
    person_id: str | None = None,
    walk_in_name: str = "",
    status: str = "signed",
    method: str = "keyboard",
    signature: MediaInfo | None = None,
    proxy_name: str = "",
    leave_reason: str = "",
    at: dt.datetime | None = None,
) -> str:
    """Record one sign-in (or leave) in an activity's sign-in book; returns the entry id.

    ``signature`` is a signature image already put in the media store
    (:func:`cadre_desk.core.services.media.store_image` makes one).
    """
    if status not in CHECKIN_STATUSES:
        raise DomainError(f"签到状态“{status}”无效。")
    if method not in CHECKIN_METHODS:
        raise DomainError(f"签到方式“{method}”无效。")
    if status == "leave" and not leave_reason.strip():
        raise DomainError("请假需要填写请假原因。")
    if status == "proxy" and not proxy_name.strip():
        raise DomainError("代签需要注明代签人。")
    if not person_id:
        if not walk_in_name.strip():
            raise DomainError("请选择签到人员，或填写来访人员姓名。")
        walk_in_name = normalize_name(walk_in_name)
    with app.transaction() as tx:
        s = tx.session
        get_live(s, Activity, activity_id)
        if person_id:
            person = get_live(s, Person, person_id)
            already = s.scalars(
                select(CheckIn).where(
                    CheckIn.activity_id == activity_id,
                    CheckIn.person_id == person_id,
                    CheckIn.deleted.is_(False),
                )
            ).first()
            if already is not None:
                raise DomainError(f"{person.name} 已登记为“{CHECKIN_STATUSES[already.status]}”，无需重复登记。")
        if signature is not None:
            register_media(tx, signature)
        entry = tx.add(
            CheckIn(
                activity_id=activity_id,
                person_id=person_id,
                walk_in_name=walk_in_name,
                status=status,
                signed_at=at or dt.datetime.now().replace(microsecond=0),
                method=method,
                signature_sha256=signature.sha256 if signature else None,
                proxy_name=normalize_text(proxy_name),
                leave_reason=normalize_text(leave_reason),
            )
        )
        return entry.id


def undo_check_in(app: App, check_in_id: str) -> None:
    """Take back a wrong sign-in (tombstoned: the book keeps its history)."""
    with app.transaction() as tx:
        tx.delete(get_live(tx.session, CheckIn, check_in_id))


def attach(
    app: App,
    owner_type: str,
    owner_id: str,
    media: Iterable[tuple[MediaInfo, str]],
    *,
    kind: str = "photo",
) -> list[str]:
    """Attach stored images (with captions) to an activity, visit or person, in order."""
    from ..models import Visit

    owners = {"activity": Activity, "visit": Visit, "person": Person}
    if owner_type not in owners:
        raise DomainError(f"不能把照片附加到“{owner_type}”。")
    with app.transaction() as tx:
        get_live(tx.session, owners[owner_type], owner_id)
        count = len(
            tx.session.scalars(
                select(Attachment.id).where(
                    Attachment.owner_type == owner_type,
                    Attachment.owner_id == owner_id,
                    Attachment.deleted.is_(False),
                )
            ).all()
        )
        ids = []
        for order, (info, caption) in enumerate(media, start=count):
            register_media(tx, info)
            ids.append(
                tx.add(
                    Attachment(
                        owner_type=owner_type,
                        owner_id=owner_id,
                        sha256=info.sha256,
                        kind=kind,
                        caption=normalize_text(caption),
                        sort_order=order,
                        is_cover=order == 0,
                        taken_at=info.taken_at,
                    )
                ).id
            )
        return ids
