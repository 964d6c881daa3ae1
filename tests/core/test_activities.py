"""Activities: the 应到 list, editing, duplicating, types, the door, paper sheets, participation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.cards import card_code
from cadre_desk.core.errors import DomainError, NotFoundError
from cadre_desk.core.models import Activity, ActivityType, AuditEntry, CheckIn
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import people
from cadre_desk.core.services.media import store_image
from tests.core.test_services import make_id


def type_id(app: App, name: str = "学习教育") -> str:
    with app.read() as s:
        return s.scalars(select(ActivityType.id).where(ActivityType.name == name)).one()


@pytest.fixture
def roster(app: App) -> dict[str, str]:
    """Five people across categories, branches and activity classes."""
    spec = [
        ("王建国", "tuixiu", "第一党支部", "normal", "37020219520608123"),
        ("王建华", "tuixiu", "第一党支部", "exempt", "37020219530712123"),
        ("李秀英", "lixiu", "第二党支部", "normal", "37020219350101124"),
        ("张援朝", "tuixiu", "第二党支部", "partial", "37020219500202123"),
        ("单晓明", "lixiu", "", "normal", "37020219400303123"),
    ]
    ids = {}
    for name, category, branch, klass, first17 in spec:
        ids[name] = people.create_person(
            app,
            {
                "name": name,
                "category": category,
                "party_branch": branch,
                "activity_class": klass,
                "id_number": make_id(first17),
            },
        )
    return ids


def new_activity(app: App, invitees: list[str] = (), **values: object) -> str:
    base = {"title": "学习会", "type_id": type_id(app), "date": dt.date(2026, 11, 5), "start_time": dt.time(9)}
    return acts.create_activity(app, base | values, invitees)


def test_planned_rule_chooses_people_by_category_branch_and_class(app: App, roster: dict[str, str]) -> None:
    rule = acts.PlannedRule(party_branches=("第一党支部", "第二党支部"), activity_classes=("normal", "partial"))
    chosen = set(acts.planned_people(app, rule))
    assert chosen == {roster["王建国"], roster["李秀英"], roster["张援朝"]}
    assert set(acts.planned_people(app, acts.PlannedRule(categories=("lixiu",)))) == {
        roster["李秀英"],
        roster["单晓明"],
    }
    assert len(acts.planned_people(app, acts.PlannedRule())) == 5
    # rules round-trip through JSON, and the demo's older keys still read
    assert acts.PlannedRule.from_json(rule.to_json()) == rule
    legacy = acts.PlannedRule.from_json({"party_branch": "第一党支部", "activity_class": ["normal"]})
    assert legacy == acts.PlannedRule(party_branches=("第一党支部",), activity_classes=("normal",))
    assert "第一党支部" in legacy.describe() and "正常活动" in legacy.describe()


def test_update_changes_fields_and_the_invitee_list_and_audits(app: App, roster: dict[str, str]) -> None:
    aid = new_activity(app, [roster["王建国"], roster["李秀英"]])
    changed = acts.update_activity(
        app, aid, {"place": "活动室", "end_time": dt.time(11)}, [roster["李秀英"], roster["张援朝"]]
    )
    assert changed["place"] == ("", "活动室")
    assert changed["invitees"] == (2, 2)
    detail = acts.get_activity(app, aid)
    assert set(detail.invitee_ids) == {roster["李秀英"], roster["张援朝"]}
    assert detail.values["place"] == "活动室" and detail.type_name == "学习教育"
    with pytest.raises(DomainError, match="应晚于"):
        acts.update_activity(app, aid, {"end_time": dt.time(8)})
    with app.read() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "activity_invitees"))]
    assert actions.count("delete") == 1 and actions.count("create") == 3


def test_duplicate_copies_a_recurring_activity_without_its_record(app: App, roster: dict[str, str]) -> None:
    rule = acts.PlannedRule(categories=("lixiu",))
    aid = new_activity(
        app, acts.planned_people(app, rule), planned_rule=rule.to_json(), record="学习了文件", place="会议室"
    )
    acts.check_in(app, aid, person_id=roster["李秀英"])
    late = people.create_person(app, {"name": "周卫国", "category": "离休"})
    copy = acts.duplicate_activity(app, aid, dt.date(2026, 12, 3))
    detail = acts.get_activity(app, copy)
    assert detail.values["date"] == dt.date(2026, 12, 3)
    assert detail.values["record"] == "" and detail.values["place"] == "会议室"
    assert late in detail.invitee_ids  # the rule is applied to today's roster
    assert acts.check_in_book(app, copy).entries == []
    # a hand-picked list is copied as it is
    picked = new_activity(app, [roster["王建国"]], planned_rule={"manual": True})
    assert acts.get_activity(app, acts.duplicate_activity(app, picked, dt.date(2026, 12, 1))).invitee_ids == [
        roster["王建国"]
    ]


def test_delete_hides_the_activity_but_keeps_its_book(app: App, roster: dict[str, str]) -> None:
    aid = new_activity(app, [roster["王建国"]])
    entry = acts.check_in(app, aid, person_id=roster["王建国"])
    acts.delete_activity(app, aid)
    with pytest.raises(NotFoundError):
        acts.get_activity(app, aid)
    with app.read() as s:
        assert s.get(Activity, aid).deleted is True
        assert s.get(CheckIn, entry).deleted is False


def test_activity_types_can_be_added_renamed_retired_and_reordered(app: App) -> None:
    names = [t.name for t in acts.activity_types(app)]
    assert names[:3] == ["学习教育", "主题党日", "文体活动"]
    new = acts.add_activity_type(app, " 书画 交流 ")
    assert acts.activity_types(app)[-1].name == "书画 交流"
    with pytest.raises(DomainError, match="已有"):
        acts.add_activity_type(app, "学习教育")
    acts.rename_activity_type(app, new, "书画交流")
    acts.move_activity_type(app, new, 0)
    assert acts.activity_types(app)[0].name == "书画交流"
    acts.set_activity_type_active(app, new, False)
    assert "书画交流" not in [t.name for t in acts.activity_types(app)]
    assert "书画交流" in [t.name for t in acts.activity_types(app, include_inactive=True)]


def test_door_candidates_put_expected_people_first(app: App, roster: dict[str, str]) -> None:
    aid = new_activity(app, [roster["王建华"]])
    found = acts.door_candidates(app, aid, "wj")
    assert [c.person.name for c in found][:2] == ["王建华", "王建国"]  # invited first
    assert found[0].invited and not found[1].invited
    acts.check_in(app, aid, person_id=roster["王建华"])
    found = acts.door_candidates(app, aid, "wj")
    assert [c.person.name for c in found] == ["王建国", "王建华"]  # already signed in goes last
    assert found[1].status == "signed"
    # by the tail of the ID number, and by name
    tail = make_id("37020219350101124")[-4:]
    assert [c.person.name for c in acts.door_candidates(app, aid, tail)] == ["李秀英"]
    assert [c.person.id_tail for c in acts.door_candidates(app, aid, "李秀英")] == [tail]
    assert acts.door_candidates(app, aid, "  ") == []


def test_card_sign_in_accepts_exactly_a_card_code(app: App, roster: dict[str, str]) -> None:
    aid = new_activity(app, [roster["王建国"]])
    entry = acts.check_in_by_card(app, aid, card_code(roster["王建国"]).lower() + "\n")
    book = acts.check_in_book(app, aid)
    assert [(e.id, e.name, e.method) for e in book.entries] == [(entry, "王建国", "scan")]
    with pytest.raises(acts.AlreadyCheckedIn):
        acts.check_in_by_card(app, aid, card_code(roster["王建国"]))
    with pytest.raises(DomainError, match="不是本系统的会员卡"):
        acts.check_in_by_card(app, aid, "wjg")
    people.delete_person(app, roster["李秀英"])
    with pytest.raises(DomainError, match="不在名册中"):
        acts.check_in_by_card(app, aid, card_code(roster["李秀英"]))


def test_book_counts_invited_present_leave_and_walk_ins(app: App, roster: dict[str, str]) -> None:
    invited = [roster["王建国"], roster["李秀英"], roster["张援朝"], roster["单晓明"]]
    aid = new_activity(app, invited)
    signature = store_image(app, _png(), "signature.png", derivatives=False)
    acts.check_in(app, aid, person_id=roster["王建国"], method="pad", signature=signature)
    acts.check_in(app, aid, person_id=roster["李秀英"], status="proxy", proxy_name="女儿")
    acts.check_in(app, aid, person_id=roster["张援朝"], status="leave", leave_reason="住院")
    acts.check_in(app, aid, person_id=roster["王建华"])  # came without being invited
    walk_in = acts.check_in(app, aid, walk_in_name="赵 六")
    book = acts.check_in_book(app, aid)
    assert (book.invited, book.present, book.on_leave, book.walk_ins) == (4, 4, 1, 1)
    assert [b.name for b in book.expected] == ["单晓明"]
    assert book.entry_for(roster["王建国"]).signature_sha256 == signature.sha256
    acts.undo_check_in(app, walk_in)
    book = acts.check_in_book(app, aid)
    assert (book.present, book.walk_ins) == (3, 0)


def test_paper_sheet_ticks_attendance_and_attaches_the_scan(app: App, roster: dict[str, str]) -> None:
    aid = new_activity(app, list(roster.values()))
    acts.check_in(app, aid, person_id=roster["王建国"])
    scan = store_image(app, _png(), "签到表.png")
    added = acts.record_paper_sheet(
        app, aid, [roster["王建国"], roster["李秀英"]], leave={roster["张援朝"]: "外出"}, scans=[("签到表.png", scan)]
    )
    assert added == 2  # 王建国 was already in the book
    book = acts.check_in_book(app, aid)
    paper = {e.name: e for e in book.entries if e.method == "paper"}
    assert set(paper) == {"李秀英", "张援朝"}
    assert paper["李秀英"].signed_at == dt.datetime(2026, 11, 5, 9, 0)
    assert paper["张援朝"].status == "leave" and paper["张援朝"].leave_reason == "外出"
    from cadre_desk.core.models import Attachment

    with app.read() as s:
        [sheet] = s.scalars(select(Attachment).where(Attachment.owner_id == aid)).all()
    assert (sheet.kind, sheet.sha256) == ("signin_sheet", scan.sha256)


def test_person_attendance_rate_counts_only_held_activities_they_were_expected_at(
    app: App, roster: dict[str, str]
) -> None:
    pid = roster["王建国"]
    held = [new_activity(app, [pid], date=dt.date(2026, 10, d), title=f"学习{d}") for d in (1, 8, 15, 22)]
    acts.check_in(app, held[0], person_id=pid)
    acts.check_in(app, held[1], person_id=pid, status="proxy", proxy_name="老伴")
    acts.check_in(app, held[2], person_id=pid, status="leave", leave_reason="看病")
    new_activity(app, [pid], date=dt.date(2026, 12, 1), title="将来")
    other = new_activity(app, [], date=dt.date(2026, 10, 30), title="未受邀")
    acts.check_in(app, other, person_id=pid)
    att = acts.person_attendance(app, pid, today=dt.date(2026, 11, 23))
    assert (att.invited_held, att.attended_invited, att.attended, att.on_leave) == (4, 2, 3, 1)
    assert att.rate == pytest.approx(0.5)
    statuses = {line.title: line.status for line in att.lines}
    assert statuses == {
        "将来": "upcoming",
        "未受邀": "signed",
        "学习22": "absent",
        "学习15": "leave",
        "学习8": "proxy",
        "学习1": "signed",
    }
    assert att.lines[0].title == "将来"  # newest first
    assert acts.person_attendance(app, roster["单晓明"]).rate is None


def _png() -> bytes:
    import io

    from PIL import Image, ImageDraw

    im = Image.new("L", (300, 120), 255)
    ImageDraw.Draw(im).line([(10, 60), (150, 20), (290, 100)], fill=0, width=4)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_titles_keep_chinese_punctuation_and_lose_full_width_digits(app: App) -> None:
    aid = new_activity(app, title=" １１月主题党日：讲述“我的入党故事”（一） ", place="驿站　活动室")
    values = acts.get_activity(app, aid).values
    assert values["title"] == "11月主题党日：讲述“我的入党故事”（一）"
    assert values["place"] == "驿站 活动室"
