"""Demo data: a realistic, entirely fictional station to try the app with.

Fills an empty data dir with people (valid ID numbers), months of activities of every
type with invitees, sign-ins and handwritten signatures, photos, visits and volunteer
records.  Images are generated and written to the media store first (in parallel);
then every row is written in one transaction, so a cancelled or failed load leaves the
database as it was.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, update

from .. import fakedata, hlc
from ..app import App, Tx
from ..errors import DomainError
from ..ids import uuid7
from ..jobs import CancelToken, Progress, no_progress
from ..media import MediaInfo
from ..models import (
    Activity,
    ActivityInvitee,
    ActivityType,
    Attachment,
    CheckIn,
    OrgUnit,
    Person,
    ServiceRecord,
    Station,
    SyncPeer,
    Visit,
    VolunteerProject,
)
from ..sync.keys import SigningKey
from ..vocab import PARTY_MEMBER_STATUSES, SERVICE_ROLES, VISIT_REASONS, code_for
from . import setup
from .base import own_station_id
from .media import register_media, store_image
from .people import clean_person
from .scope import install_kind

DEMO_PROFILE = setup.StationProfile(
    name="金湖路社区老干部驿站",
    district="市南区",
    street="金门路街道",
    community="金湖路社区",
    contact_person="刘晓燕",
    contact_phone="0532-85851234",
    address="青岛市市南区金湖路18号社区党群服务中心一楼",
)
DEMO_DISTRICT = setup.StationProfile(
    name="市南区委老干部局",
    district="市南区",
    contact_person="王建国",
    contact_phone="0532-82871234",
    address="青岛市市南区香港中路街道办事处三楼",
)
#: the stations of the demo district: name, street, community, contact person
DEMO_STATIONS = [
    ("金湖路社区老干部驿站", "金门路街道", "金湖路社区", "刘晓燕"),
    ("八大湖社区老干部驿站", "八大湖街道", "八大湖社区", "孙丽华"),
    ("云霄路社区老党员工作室", "八大湖街道", "云霄路社区", "赵建民"),
    ("湛山社区老干部驿站", "湛山街道", "湛山社区", "周玉兰"),
    ("太平角社区党员活动室", "湛山街道", "太平角社区", "吴志刚"),
    ("燕儿岛路社区老干部驿站", "香港中路街道", "燕儿岛路社区", "郑秀英"),
    ("东海路社区老干部驿站", "八大关街道", "东海路社区", "王海燕"),
    ("香港花园社区老党员工作室", "香港中路街道", "香港花园社区", "冯国强"),
    ("福州路社区老干部驿站", "江苏路街道", "福州路社区", "陈淑芬"),
    ("珠海支路社区党员活动室", "珠海路街道", "珠海支路社区", "褚立新"),
    ("南京路社区老干部驿站", "八大湖街道", "南京路社区", "卫红梅"),
    ("宁夏路社区老干部驿站", "中山路街道", "宁夏路社区", "蒋德胜"),
    ("延安三路社区老党员工作室", "八大湖街道", "延安三路社区", "沈桂芳"),
    ("江西路社区老干部驿站", "湛山街道", "江西路社区", "韩永平"),
    ("闽江路社区老干部驿站", "金门路街道", "闽江路社区", "杨春梅"),
    ("澳门路社区党员活动室", "香港中路街道", "澳门路社区", "朱振华"),
    ("山东路社区老干部驿站", "江苏路街道", "山东路社区", "秦淑珍"),
    ("彰化路社区老党员工作室", "金门路街道", "彰化路社区", "尤建华"),
    ("宁德路社区老干部驿站", "八大湖街道", "宁德路社区", "许丽萍"),
    ("嘉兴路社区老干部驿站", "珠海路街道", "嘉兴路社区", "何国庆"),
]
DEMO_ADMIN = ("admin", "admin123")
_BATCH = 5000


@dataclass
class DemoSummary:
    people: int = 0
    activities: int = 0
    invitees: int = 0
    check_ins: int = 0
    signatures: int = 0
    photos: int = 0
    visits: int = 0
    service_records: int = 0
    seconds: float = 0.0
    created_admin: bool = False
    stations: int = 0


@dataclass
class _StationPlan:
    people: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    invitees: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    signature_jobs: list[tuple[int, str, int]]  # (check-in index, name, seed)
    photo_jobs: list[tuple[int, dt.datetime, int]]  # (activity index, taken_at, seed)
    visits: list[dict[str, Any]]
    records: list[dict[str, Any]]
    projects: list[dict[str, Any]]


def _month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(months):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return sorted(out)


def _days_in_month(first: dt.date) -> list[dt.date]:
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return [first + dt.timedelta(days=i) for i in range((nxt - first).days)]


def _run_parallel(
    fn: Callable[[Any], MediaInfo], jobs: list[Any], token: CancelToken, report: Callable[[int], None]
) -> list[MediaInfo]:
    """Generate and store images on two threads (Pillow releases the GIL while coding)."""
    out: list[MediaInfo] = []
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        for i, info in enumerate(pool.map(fn, jobs), start=1):
            token.check()
            out.append(info)
            if i % 50 == 0:
                report(i)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # on cancel, queued images are dropped
    return out


def load_demo(
    app: App,
    *,
    members: int = 300,
    months: int = 12,
    seed: int = 20261123,
    today: dt.date | None = None,
    photos_per_activity: tuple[int, int] = (2, 4),
    stations: int = 0,
    images: bool = True,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> DemoSummary:
    """Fill an empty data dir with a demo station; returns what was made.

    With ``stations`` (at most :data:`DEMO_STATIONS`), a district office instead, holding
    the books of that many stations (as their bundles would bring them), ``members``
    people spread over them.  Without ``images`` no signature or photo is made (faster;
    the sign-ins are then by card or keyboard).
    """
    started = time.perf_counter()
    token = cancel or CancelToken()
    today = today or dt.date.today()
    if members < 1 or months < 1:
        raise DomainError("演示数据的人数和月数都至少为 1。")
    if members > 1_000_000 or months > 120:
        raise DomainError("演示数据最多 1,000,000 人、120 个月。")
    if not 0 <= stations <= len(DEMO_STATIONS):
        raise DomainError(f"演示的区老干部局最多有 {len(DEMO_STATIONS)} 个驿站。")
    if stations and members < stations:
        raise DomainError("演示数据的人数不能少于驿站数。")
    with app.read() as s:
        if s.scalar(select(func.count()).select_from(Person)) or s.scalar(select(func.count()).select_from(Activity)):
            raise DomainError(
                "数据目录中已有名册或活动数据。演示数据只能载入空的数据目录，请换一个数据目录（--data-dir）。"
            )
    summary = DemoSummary()
    kind = "district" if stations else "station"
    if not setup.is_initialised(app):
        setup.initialise(
            app,
            kind=kind,
            profile=DEMO_DISTRICT if stations else DEMO_PROFILE,
            admin_username=DEMO_ADMIN[0],
            admin_password=DEMO_ADMIN[1],
            admin_display_name="刘晓燕",
        )
        summary.created_admin = True
    else:
        with app.read() as s:
            if install_kind(s) != kind:
                raise DomainError(
                    "这个数据目录是区老干部局：请用 --stations 载入各驿站的演示数据。"
                    if stations == 0
                    else "这个数据目录是驿站，不能载入区老干部局的演示数据，请换一个新的数据目录（--data-dir）。"
                )
    rng = random.Random(seed)
    with app.read() as s:
        types = {t.name: t.id for t in s.scalars(select(ActivityType).where(ActivityType.deleted.is_(False)))}

    # 1. each station's people, activities, sign-ins, visits and service (in memory) ------
    sizes = _shares(members, stations, rng) if stations else [members]
    plans: list[_StationPlan] = []
    seen_ids: set[str] = set()
    for size in sizes:
        done = sum(len(p.people) for p in plans)

        def report(n: int, done: int = done) -> None:
            progress(0.01 + 0.14 * (done + n) / members, f"正在生成人员名册…（{done + n}/{members}）")

        plans.append(
            _plan_station(
                rng,
                size,
                months,
                today,
                types,
                images=images,
                photos_per_activity=photos_per_activity,
                seen_ids=seen_ids,
                token=token,
                report=report,
            )
        )

    # 2. images into the media store ----------------------------------------------------
    signature_jobs = [(plan, job) for plan in plans for job in plan.signature_jobs]
    photo_jobs = [(plan, job) for plan in plans for job in plan.photo_jobs]
    total_images = len(signature_jobs) + len(photo_jobs)

    def report_images(done: int, offset: int = 0) -> None:
        progress(
            0.15 + 0.6 * (offset + done) / max(total_images, 1),
            f"正在生成签名和照片…（{offset + done}/{total_images}）",
        )

    def make_signature(job: tuple[_StationPlan, tuple[int, str, int]]) -> MediaInfo:
        _, (_, name, sd) = job
        return store_image(app, fakedata.signature_png(random.Random(sd), name), "signature.png", derivatives=False)

    def make_photo(job: tuple[_StationPlan, tuple[int, dt.datetime, int]]) -> MediaInfo:
        _, (_, taken, sd) = job
        return store_image(app, fakedata.activity_photo_jpeg(random.Random(sd), taken), "photo.jpg")

    signatures = _run_parallel(make_signature, signature_jobs, token, report_images)
    photos = _run_parallel(make_photo, photo_jobs, token, lambda d: report_images(d, len(signature_jobs)))
    for (plan, (idx, _, _)), info in zip(signature_jobs, signatures, strict=True):
        plan.checkins[idx]["signature_sha256"] = info.sha256
    photos_of: dict[int, list[tuple[int, dt.datetime, MediaInfo]]] = {}
    for (plan, (a_idx, taken, _)), info in zip(photo_jobs, photos, strict=True):
        photos_of.setdefault(id(plan), []).append((a_idx, taken, info))
    token.check()

    # 3. one transaction for every row --------------------------------------------------
    progress(0.78, "正在写入数据库…")
    with app.transaction() as tx:
        own = own_station_id(tx.session)
        station_ids = _demo_stations(tx, own, stations) if stations else [own]
        for info in {i.sha256: i for i in [*signatures, *photos]}.values():
            register_media(tx, info)
        entered = _entered_stamp(tx, _month_starts(today, months)[0])
        for n, (plan, station_id) in enumerate(zip(plans, station_ids, strict=True)):
            share = (0.78 + 0.2 * n / len(plans), 0.2 / len(plans))
            _write_station(tx, plan, station_id, photos_of.get(id(plan), []), token, progress, share, entered)
        token.check()
        progress(0.98, "正在提交…")

    summary.stations = stations
    for plan in plans:
        summary.people += len(plan.people)
        summary.activities += len(plan.activities)
        summary.invitees += len(plan.invitees)
        summary.check_ins += len(plan.checkins)
        summary.visits += len(plan.visits)
        summary.service_records += len(plan.records)
    summary.signatures = len(signatures)
    summary.photos = len(photos)
    summary.seconds = time.perf_counter() - started
    progress(1.0, "演示数据已载入。")
    return summary


def _shares(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` people over ``parts`` stations of unequal size (each at least one)."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    sizes = [max(1, int(total * w / sum(weights))) for w in weights]
    sizes[-1] += total - sum(sizes)
    if sizes[-1] < 1:  # rounding took too much from the last station
        sizes = [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    return sizes


def _demo_stations(tx: Tx, own: str, count: int) -> list[str]:
    """The district's stations, under their streets and communities, as enrolled stations."""
    s = tx.session
    district_unit = s.get(Station, own).org_unit_id  # type: ignore[union-attr]
    units: dict[tuple[str | None, str, str], str] = {}

    def unit(parent: str | None, level: str, name: str) -> str:
        key = (parent, level, name)
        if key not in units:
            units[key] = tx.add(OrgUnit(level=level, name=name, parent_id=parent)).id
        return units[key]

    ids = []
    for name, street, community, contact in DEMO_STATIONS[:count]:
        parent = unit(unit(district_unit, "street", street), "community", community)
        # a fictional station's key: its private half is thrown away, so no bundle can
        # ever come from it; the district lists it as enrolled, with a fingerprint
        public_key = SigningKey(Ed25519PrivateKey.generate()).public_key
        station = tx.add(
            Station(
                kind="station",
                name=name,
                org_unit_id=parent,
                contact_person=contact,
                public_key=public_key,
                status="active",
            )
        )
        s.add(
            SyncPeer(
                station_id=station.id,
                install_id=uuid7(),
                kind="station",
                name=name,
                public_key=public_key,
                status="active",
                # its books came from it: nothing of this load is to be sent back
                sent_seq=tx.seq,
                acked_seq=tx.seq,
                acked_hlc=tx.hlc,
                added_at=tx.at,
            )
        )
        ids.append(station.id)
    return ids


def _entered_stamp(tx: Tx, first_month: dt.date) -> str:
    """The stamp the demo's people carry as made: the eve of the demo's first month, so that the
    ledgers of every demo month (which read the roster as it stood then) find them on the books."""
    eve = dt.datetime.combine(first_month - dt.timedelta(days=1), dt.time(9, 0))
    stamp = hlc.encode(int(eve.timestamp() * 1000), 0, hlc.decode(tx.hlc)[2])
    return min(stamp, tx.hlc)


def _write_station(
    tx: Tx,
    plan: _StationPlan,
    station_id: str,
    photos: list[tuple[int, dt.datetime, MediaInfo]],
    token: CancelToken,
    progress: Progress,
    share: tuple[float, float],
    entered: str | None = None,
) -> None:
    """Write one station's planned rows (``photos``: activity index, taken at, stored image;
    ``entered``: the people's creation stamp, when they were entered before today)."""
    begin, width = share
    _bulk(
        tx,
        Person,
        [p | {"station_id": station_id} for p in plan.people],
        token,
        lambda f: progress(begin + width * 0.6 * f, "正在写入人员名册…"),
    )
    if entered is not None:
        tx.session.execute(
            update(Person).where(Person.station_id == station_id).values(hlc_created=entered),
            execution_options={"synchronize_session": False},
        )
    project_ids = tx.bulk_add(
        VolunteerProject,
        [
            {
                "station_id": station_id,
                **{k: v for k, v in pr.items() if k in ("name", "field", "description", "organiser", "contact_phone")},
            }
            for pr in plan.projects
        ],
    )
    _bulk(tx, Activity, [a | {"station_id": station_id} for a in plan.activities], token)
    _bulk(tx, ActivityInvitee, plan.invitees, token)
    _bulk(
        tx,
        CheckIn,
        plan.checkins,
        token,
        lambda f: progress(begin + width * (0.6 + 0.3 * f), "正在写入签到簿…"),
    )
    attachments = []
    per_activity: dict[int, int] = {}
    for a_idx, taken, info in photos:
        order = per_activity.get(a_idx, 0)
        per_activity[a_idx] = order + 1
        activity = plan.activities[a_idx]
        attachments.append(
            {
                "owner_type": "activity",
                "owner_id": activity["id"],
                "sha256": info.sha256,
                "kind": "photo",
                "caption": _caption(activity, order),
                "sort_order": order,
                "is_cover": order == 0,
                "taken_at": taken,
                "original_name": f"IMG_{taken:%Y%m%d_%H%M%S}.jpg",
            }
        )
    _bulk(tx, Attachment, attachments, token)
    _bulk(tx, Visit, [v | {"station_id": station_id} for v in plan.visits], token)
    _bulk(
        tx,
        ServiceRecord,
        [
            {k: v for k, v in r.items() if k != "project_index"}
            | {"station_id": station_id, "project_id": project_ids[r["project_index"]]}
            for r in plan.records
        ],
        token,
    )


def _plan_station(
    rng: random.Random,
    members: int,
    months: int,
    today: dt.date,
    types: dict[str, str],
    *,
    images: bool,
    photos_per_activity: tuple[int, int],
    seen_ids: set[str],
    token: CancelToken,
    report: Callable[[int], None],
) -> _StationPlan:
    """One station's people, a year of its books and the images to make, planned in memory
    (``seen_ids``: the ID numbers already given, in this station or another)."""
    # people ------------------------------------------------------------------------
    people: list[dict[str, Any]] = []
    while len(people) < members:
        raw = fakedata.fake_person(rng, today)
        if raw["id_number"] in seen_ids:
            continue
        seen_ids.add(str(raw["id_number"]))
        raw = dict(raw)
        raw["birth_date"] = None  # derived from the ID number by clean_person
        person = clean_person(raw, today=today)
        people.append(person)
        if len(people) % 5000 == 0:
            token.check()
            report(len(people))

    for p in people:
        p["id"] = uuid7()
    active = [p for p in people if p["status"] == "active"]
    members_of_party = [p for p in active if p["political_status"] in PARTY_MEMBER_STATUSES]
    branches: dict[str, list[dict[str, Any]]] = {}
    for p in members_of_party:
        branches.setdefault(p["party_branch"] or "驿站联合党支部", []).append(p)

    # activities, invitees and sign-ins (planned in memory) -------------------------
    activities: list[dict[str, Any]] = []
    invitees: list[dict[str, Any]] = []
    checkins: list[dict[str, Any]] = []
    signature_jobs: list[tuple[int, str, int]] = []  # (check-in index, name, seed)
    photo_jobs: list[tuple[int, dt.datetime, int]] = []  # (activity index, taken_at, seed)
    for first in _month_starts(today, months):
        weekdays = [d for d in _days_in_month(first) if d.weekday() < 5]
        held_days = [d for d in weekdays if d <= today]
        for n, type_name in enumerate(fakedata.ACTIVITY_TYPES):
            # the month's first activity is held when the month has begun (the current month
            # shows held activities beside the planned ones); past months: every day is held
            day = rng.choice(held_days if n == 0 and held_days else weekdays)
            a = dict(fakedata.fake_activity(rng, type_name, day))
            a.update(id=uuid7(), type_id=types[type_name], date=day)
            if type_name in ("主题党日", "学习教育") and branches:
                branch = rng.choice(sorted(branches))
                pool = [p for p in branches[branch] if p["activity_class"] in ("normal", "partial")]
                a["planned_rule"] = {"party_branches": [branch], "activity_classes": ["normal", "partial"]}
            else:
                pool = [p for p in active if p["activity_class"] != "exempt"]
                a["planned_rule"] = {"manual": True}
            chosen = rng.sample(pool, min(len(pool), rng.randint(15, 40)))
            future = day > today
            if future:
                a["record"] = ""
            activities.append(a)
            for p in chosen:
                invitees.append({"activity_id": a["id"], "person_id": p["id"]})
            if future:
                continue
            start = dt.datetime.combine(day, a["start_time"] or dt.time(9, 0))
            first_new = len(checkins)
            for p in chosen:
                roll = rng.random()
                if roll < 0.12:
                    continue  # absent: no entry in the book
                base = {"id": uuid7(), "activity_id": a["id"], "person_id": p["id"], "walk_in_name": ""}
                if roll < 0.22:
                    checkins.append(
                        base
                        | {
                            "status": "leave",
                            "signed_at": start - dt.timedelta(days=1),
                            "method": "keyboard",
                            "leave_reason": rng.choice(["身体不适", "外出就医", "家中有事", "探亲在外", "住院治疗"]),
                        }
                    )
                    continue
                proxy = roll > 0.95
                entry = base | {
                    "status": "proxy" if proxy else "signed",
                    "signed_at": start - dt.timedelta(minutes=rng.randint(0, 25), seconds=rng.randint(0, 59)),
                    "method": rng.choice(["pad", "pad", "scan", "keyboard"] if images else ["scan", "keyboard"]),
                    "proxy_name": rng.choice(["老伴", "女儿", "儿子", "邻居"]) + "代签" if proxy else "",
                }
                checkins.append(entry)
                if images:
                    signature_jobs.append((len(checkins) - 1, p["name"], rng.randrange(1 << 30)))
            for _ in range(rng.choice((0, 0, 1, 2))):
                name = fakedata.fake_name(rng)
                checkins.append(
                    {
                        "id": uuid7(),
                        "activity_id": a["id"],
                        "person_id": None,
                        "walk_in_name": name,
                        "status": "signed",
                        "signed_at": start,
                        "method": "keyboard",
                    }
                )
                if images:
                    signature_jobs.append((len(checkins) - 1, name, rng.randrange(1 << 30)))
            # the written record gives the head count the sign-in shows (实到: signed or signed for)
            present = sum(c["status"] in ("signed", "proxy") for c in checkins[first_new:])
            a["record"] = fakedata.activity_record(
                rng, type_name, a["title"], day, a["start_time"], a["place"], a["host"], present
            )
            for k in range(rng.randint(*photos_per_activity) if images else 0):
                taken = start + dt.timedelta(minutes=10 + 17 * k + rng.randint(0, 9))
                photo_jobs.append((len(activities) - 1, taken, rng.randrange(1 << 30)))
        token.check()

    # visits and volunteer service ---------------------------------------------------
    projects = fakedata.fake_projects()
    visits: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    cared = [
        p
        for p in active
        if any(
            p[f]
            for f in (
                "care_serious_illness",
                "care_major_change",
                "care_living_alone",
                "care_empty_nest",
                "care_disabled",
            )
        )
    ]
    # the talent pool serves: everyone in it is a volunteer, with others beside them
    talents = [p for p in active if p.get("talent_tags")]
    others = [p for p in active if not p.get("talent_tags")]
    wanted = max(1, min(len(active), len(active) // 8))
    volunteers = talents + rng.sample(others, max(0, min(len(others), wanted - len(talents))))
    exempt = [p for p in active if p["activity_class"] == "exempt"]
    month_starts = list(_month_starts(today, months))
    for first in month_starts:
        days = [d for d in _days_in_month(first) if d <= today]
        if not days:
            continue
        latest = first == month_starts[-1]
        born_this_month = [p for p in active if p["birth_date"] and p["birth_date"].month == first.month]
        # staff visit most special-care people every month (a few slip: the home page reminds),
        # bring study material to most exempt members, and call on some birthdays
        visited = [(p, None) for p in cared if rng.random() < (0.7 if latest else 0.85)]
        visited += [(p, "study") for p in exempt if rng.random() < (0.5 if latest else 0.8)]
        visited += [(p, "birthday") for p in rng.sample(born_this_month, min(len(born_this_month), 4))]
        for p, why in visited:
            v = dict(fakedata.fake_visit(rng, rng.choice(days), p["name"]))
            v["reason"] = why or code_for(VISIT_REASONS, v["reason"]) or "other"
            if why == "study":
                v.update(gifts="学习资料一份", money=Decimal("0.00"), needs="", follow_up="", follow_up_due=None)
                v["situation"] = f"为{p['name']}送去本月主题党日学习资料，讲解学习要点，老人认真听取。"
            v.update(id=uuid7(), person_id=p["id"], date=v.get("date") or rng.choice(days))
            due = v.get("follow_up_due")
            if due is not None and due < today:  # staff see most follow-ups through; a few slip
                v["follow_up_done"] = rng.random() < (0.985 if (today - due).days > 14 else 0.6)
            v.pop("visited_name", None)
            visits.append(v)
        for _ in range(min(len(volunteers) * 2, 25)):
            p = rng.choice(volunteers)
            proj_index = rng.randrange(len(projects))
            records.append(
                {
                    "id": uuid7(),
                    "person_id": p["id"],
                    "project_index": proj_index,
                    "date": rng.choice(days),
                    "hours": rng.choice(["1", "1.5", "2", "2.5", "3", "4"]),
                    "content": fakedata.fake_service_content(rng, projects[proj_index]["name"]),
                    "role": rng.choice(SERVICE_ROLES) if rng.random() < 0.3 else "",
                }
            )

    # everyone in the talent pool has served at least once in the latest month (their hours show)
    served = {r["person_id"] for r in records}
    days = [d for d in _days_in_month(month_starts[-1]) if d <= today] or [today]
    for p in talents:
        if p["id"] not in served:
            proj_index = rng.randrange(len(projects))
            records.append(
                {
                    "id": uuid7(),
                    "person_id": p["id"],
                    "project_index": proj_index,
                    "date": rng.choice(days),
                    "hours": rng.choice(["1", "1.5", "2", "2.5", "3"]),
                    "content": fakedata.fake_service_content(rng, projects[proj_index]["name"]),
                    "role": "",
                }
            )

    token.check()
    return _StationPlan(people, activities, invitees, checkins, signature_jobs, photo_jobs, visits, records, projects)


def _caption(activity: dict[str, Any], order: int) -> str:
    parts = ["活动现场", "参加人员合影", "交流发言", "活动一角", "集中学习", "签到现场"]
    return f"{activity['title']}——{parts[order % len(parts)]}"


def _bulk(
    tx: Tx, model: type, rows: list[dict[str, Any]], token: CancelToken, report: Callable[[float], None] | None = None
) -> None:
    for start in range(0, len(rows), _BATCH):
        token.check()
        tx.bulk_add(model, rows[start : start + _BATCH])
        if report:
            report(min(1.0, (start + _BATCH) / len(rows)))


def summary_lines(summary: DemoSummary) -> Iterable[str]:
    if summary.stations:
        yield f"区老干部局，{summary.stations} 个驿站的台账"
    yield f"人员 {summary.people} 人，活动 {summary.activities} 场（应到 {summary.invitees} 人次）"
    yield f"签到记录 {summary.check_ins} 条（手写签名 {summary.signatures} 个），活动照片 {summary.photos} 张"
    yield f"走访慰问 {summary.visits} 次，志愿服务记录 {summary.service_records} 条"
    yield f"用时 {summary.seconds:.1f} 秒"
