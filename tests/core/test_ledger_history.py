"""Ledgers that stay true: a month prints the books as they stood at its end, counts people by
record, lists activities not yet held once, and never leaves a sign-off alone on a page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from cadre_desk.core.app import App
from cadre_desk.core.jobs import CancelToken
from cadre_desk.core.ledgers import MONTHLY
from cadre_desk.core.ledgers.data import MonthBook, VisitRow, read_month, read_year
from cadre_desk.core.ledgers.excel import export_monthly_ledgers_excel
from cadre_desk.core.ledgers.pdf import LedgerDocument, Writer, make_monthly_ledgers, make_year_summary, month_parts
from cadre_desk.core.models import Person
from cadre_desk.core.pdf.fonts import print_fonts
from cadre_desk.core.services.activities import activity_types, check_in, create_activity
from cadre_desk.core.services.care import create_visit
from cadre_desk.core.services.people import create_person, delete_person, update_person

from .test_member_cards import pdf_text, squashed, tool

TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)  # a month the demo has fully held
FOOTER = re.compile(r"第\s*\d+\s*页\s*共\s*\d+\s*页|打印日期|含个人信息|注意保密|打印人")


def month_text(app: App, year: int, month: int, out: Path, **kw: object) -> str:
    make_monthly_ledgers(app, year, month, out, today=TODAY, **kw)  # type: ignore[arg-type]
    return pdf_text(out)


def later_changes(app: App) -> None:
    """What a station does after a month: people join (an import), die, move, change Party
    standing, a record made in error is deleted."""
    for n in range(8):
        name = "新来者" + "甲乙丙丁戊己庚辛"[n]
        create_person(app, {"name": name, "category": "tuixiu", "political_status": "中共党员"})
    with app.read() as s:
        members = s.scalars(
            select(Person.id)
            .where(Person.status == "active", Person.political_status == "中共党员", Person.deleted.is_(False))
            .order_by(Person.id)
            .limit(6)
        ).all()
    update_person(app, members[0], {"status": "deceased", "status_date": TODAY})
    update_person(app, members[1], {"status": "moved", "status_date": TODAY, "moved_to": "外地"})
    update_person(app, members[2], {"political_status": "群众", "party_branch": ""})
    update_person(app, members[3], {"category": "lixiu", "name": "改了名字"})
    update_person(app, members[4], {"party_branch": "新设的第九党支部"})
    delete_person(app, members[5])


def test_a_past_month_reprints_the_same_after_later_imports_edits_and_deletions(demo_app: App, tmp_path: Path) -> None:
    year, month = LAST_MONTH.year, LAST_MONTH.month
    before = month_text(demo_app, year, month, tmp_path / "before.pdf")
    stats_before = read_month(demo_app, year, month, ["stats"], today=TODAY).stats
    now_before = read_month(demo_app, TODAY.year, TODAY.month, ["roster"], today=TODAY).roster
    later_changes(demo_app)
    after = month_text(demo_app, year, month, tmp_path / "after.pdf")
    assert after == before
    assert read_month(demo_app, year, month, ["stats"], today=TODAY).stats == stats_before
    assert f"截至 {year}年{month}月{LAST_MONTH.day}日" in before
    # the books as they are now do show the changes (this month's roster): 8 in, 3 out
    now = read_month(demo_app, TODAY.year, TODAY.month, ["roster"], today=TODAY)
    assert len(now.roster) == len(now_before) + 8 - 3
    assert any(p.name == "改了名字" for p in now.roster)
    assert not any(p.name == "改了名字" for p in read_month(demo_app, year, month, ["roster"], today=TODAY).roster)
    assert f"截至 {TODAY.year}年{TODAY.month}月{TODAY.day}日" in pdf_text(
        make_monthly_ledgers(demo_app, TODAY.year, TODAY.month, tmp_path / "now.pdf", ledgers=["roster"]).path
    )


def test_a_month_before_any_books_prints_an_empty_roster_as_of_its_end(demo_app: App, tmp_path: Path) -> None:
    text = month_text(demo_app, 2025, 6, tmp_path / "old.pdf", ledgers=["roster", "stats"])
    assert "在册 0 人" in text and "截至 2025年6月30日" in text
    assert "名册中没有在册人员" in text
    book = read_month(demo_app, 2025, 6, ["roster", "stats"], today=TODAY)
    assert book.roster == [] and book.stats is not None and book.stats.roster.people == 0
    assert read_year(demo_app, 2025, today=TODAY)[1].roster.people == 0
    assert read_year(demo_app, TODAY.year, today=TODAY)[1].roster.people > 0


def test_someone_who_died_after_the_month_is_still_on_its_roster_and_not_marked(demo_app: App) -> None:
    year, month = LAST_MONTH.year, LAST_MONTH.month
    with demo_app.read() as s:
        pid, name = s.execute(
            select(Person.id, Person.name).where(Person.status == "active").order_by(Person.id).limit(1)
        ).one()
    create_visit(demo_app, {"person_id": pid, "date": LAST_MONTH, "reason": "birthday", "visitors": "刘晓燕"})
    update_person(demo_app, pid, {"status": "deceased", "status_date": TODAY})
    book = read_month(demo_app, year, month, ["roster", "visits"], today=TODAY)
    assert name in [p.name for p in book.roster]
    assert name in [v.person for v in book.visits]  # no （已故） on a visit made while alive
    now = read_month(demo_app, TODAY.year, TODAY.month, ["roster"], today=TODAY)
    assert name not in [p.name for p in now.roster]


def test_two_people_of_the_same_name_are_two_people_visited(demo_app: App, tmp_path: Path) -> None:
    first = create_person(demo_app, {"name": "陈林", "category": "tuixiu", "birth_date": dt.date(1950, 3, 1)})
    second = create_person(demo_app, {"name": "陈林", "category": "tuixiu", "birth_date": dt.date(1948, 7, 9)})
    day = TODAY
    before = read_month(demo_app, day.year, day.month, ["visits", "stats"], today=day)
    for pid in (first, second, first):
        create_visit(demo_app, {"person_id": pid, "date": day, "reason": "routine", "visitors": "刘晓燕"})
    book = read_month(demo_app, day.year, day.month, ["visits", "stats"], today=day)
    assert book.stats is not None and before.stats is not None
    ledger_people = len({v.key for v in book.visits})
    assert ledger_people == len({v.key for v in before.visits}) + 2
    assert book.stats.month.people_visited == before.stats.month.people_visited + 2
    assert book.stats.month.people_visited == ledger_people  # the ledger and the stats agree
    text = month_text(demo_app, day.year, day.month, tmp_path / "v.pdf", ledgers=["visits", "stats"])
    assert f"{ledger_people} 人（户）" in text and f"{book.stats.month.visits} 次，{ledger_people} 人" in text


def test_activities_not_yet_held_are_listed_once_with_their_plan(demo_app: App, tmp_path: Path) -> None:
    type_id = activity_types(demo_app)[0].id
    people = [create_person(demo_app, {"name": "计划" + "甲乙丙"[n], "category": "tuixiu"}) for n in range(3)]
    later = TODAY + dt.timedelta(days=1) if TODAY.day < 28 else TODAY
    planned = create_activity(
        demo_app, {"title": "下周的读书会", "type_id": type_id, "date": later, "place": "驿站阅览室"}, people
    )
    assert planned
    today_empty = create_activity(
        demo_app, {"title": "今天还没人来的座谈会", "type_id": type_id, "date": TODAY}, people
    )
    held = create_activity(demo_app, {"title": "今天已开的座谈会", "type_id": type_id, "date": TODAY}, people)
    assert today_empty
    check_in(demo_app, held, person_id=people[0])
    book = read_month(demo_app, TODAY.year, TODAY.month, MONTHLY, today=TODAY)
    planned_titles = [a.title for a in book.planned]
    assert "今天还没人来的座谈会" in planned_titles and "今天已开的座谈会" not in planned_titles
    if later > TODAY:
        assert "下周的读书会" in planned_titles
    assert all(not b.activity.title.startswith("今天还没人来") for b in book.signin)
    assert {b.activity.activity_id for b in book.signin} == {a.activity_id for a in book.held}
    assert {r.activity.activity_id for r in book.records} == {a.activity_id for a in book.held}

    out = tmp_path / "now.pdf"
    make_monthly_ledgers(demo_app, TODAY.year, TODAY.month, out, today=TODAY)
    text = pdf_text(out)
    assert "今天还没人来的座谈会" in text
    assert text.count("今天还没人来的座谈会") == 1  # listed once, in the activity ledger
    assert "活动尚未开展，还没有签到记录" not in text
    pages = text.split("\f")
    activity_pages = [p for p in pages if "活动台账" in p]
    joined = "\n".join(activity_pages)
    assert f"已开展 {len(book.held)} 场，另有计划 {len(book.planned)} 场" in joined
    held_invited = sum(a.invited for a in book.held)
    layout = "\n".join(page for page in page_texts(out) if "活动台账" in page)
    assert re.search(rf"合计\s+{len(book.held)}\s*场\s+{held_invited}\s", layout)  # 场 and 应到: the same set
    assert f"尚未开展的活动（计划 {len(book.planned)} 场）" in joined
    # the statistics count the activities held, the planned apart
    assert f"{len(book.held)}场（另有计划{len(book.planned)}场）" in squashed(text)

    xlsx = tmp_path / "now.xlsx"
    export_monthly_ledgers_excel(demo_app, TODAY.year, TODAY.month, xlsx, today=TODAY)
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    signin = "\n".join(str(c) for row in wb["签到簿"].iter_rows(values_only=True) for c in row if c)
    assert "今天还没人来的座谈会" not in signin and "今天已开的座谈会" in signin


# -- sign-off kept with its table -----------------------------------------------------------------


def page_texts(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", run(tool("pdfinfo"), str(pdf))).group(1))  # type: ignore[union-attr]
    return [run(tool("pdftotext"), "-layout", "-f", str(n), "-l", str(n), str(pdf), "-") for n in range(1, count + 1)]


def run(*cmd: str) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def lonely(page: str) -> str | None:
    """What a page holds when it holds only a sign-off, a heading or a note (else None)."""
    lines = [line.strip() for line in page.splitlines() if line.strip() and not FOOTER.search(line)]
    if not lines:
        return "an empty page"
    kinds = set()
    for line in lines:
        if line.startswith("填表人"):
            kinds.add("sign-off")
        elif line.startswith("注："):
            kinds.add("note")
        elif line.endswith("（续）"):
            kinds.add("continued title")
        elif re.match(r"^[一二三四五六七八九十]+、", line) or line in ("按人汇总", "活动照片", "活动记录"):
            kinds.add("heading")
        else:
            return None
    return "、".join(sorted(kinds))


def assert_no_lonely_pages(pdf: Path) -> int:
    pages = page_texts(pdf)
    bad = [(n, what) for n, page in enumerate(pages, start=1) if (what := lonely(page))]
    assert not bad, f"pages holding only a sign-off, a heading or a note: {bad}"
    return len(pages)


def test_no_page_of_the_demo_months_holds_only_a_sign_off_a_heading_or_a_note(demo_app: App, tmp_path: Path) -> None:
    for day in (LAST_MONTH, TODAY):
        out = tmp_path / f"{day:%Y-%m}.pdf"
        make_monthly_ledgers(demo_app, day.year, day.month, out, today=TODAY)
        assert assert_no_lonely_pages(out) > 5
    year = tmp_path / "year.pdf"
    make_year_summary(demo_app, TODAY.year, year, today=TODAY)
    assert_no_lonely_pages(year)


@pytest.mark.parametrize("rows", range(14, 40))
def test_the_sign_off_goes_with_the_last_rows_wherever_the_table_ends(rows: int, tmp_path: Path) -> None:
    """A visits ledger of ``rows`` rows: whichever row ends the first page, the sign-off shares its
    page with the table's last rows (with the header repeated) — never a page of its own."""
    book = MonthBook(station="测试驿站", year=2026, month=11, full=False, today=dt.date(2026, 11, 30))
    text = "老人身体状况良好，精神矍铄，对组织的关心表示感谢，希望驿站多组织活动。"
    book.visits = [
        VisitRow(
            dt.date(2026, 11, 1 + n % 28),
            "王" + "甲乙丙丁戊己庚辛壬癸"[n % 10] + "子丑寅卯辰巳午未申酉"[n // 10],
            "刘晓燕、社区书记",
            "日常走访",
            "米、面、油",
            Decimal("200.00"),
            text * (1 + n % 3),
            "",
            key=f"p{n}",
        )
        for n in range(rows)
    ]
    w = Writer(print_fonts())
    parts = month_parts(w, book, ["visits"], {}, lambda: None)
    out = tmp_path / "v.pdf"
    LedgerDocument(w, author="测试驿站", title="走访", printed_on=book.today).build(out, parts, CancelToken())
    pages = page_texts(out)
    assert_no_lonely_pages(out)
    last = pages[-1]
    assert "填表人" in last and "合计" in last
    if len(pages) > 1:
        assert "序号" in last  # the header repeated over the rows carried to the sign-off's page
        assert len(re.findall(r"王[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉]", last)) >= 2


def test_points_earned_in_a_past_month_stay_with_a_volunteer_who_later_died(demo_app: App) -> None:
    year, month = LAST_MONTH.year, LAST_MONTH.month
    before = read_month(demo_app, year, month, ["volunteer"], today=TODAY)
    earned = [t for t in before.service_totals if t.activity_points > 0]
    assert earned  # the demo's volunteers also attend activities
    with demo_app.read() as s:
        pid = s.scalar(select(Person.id).where(Person.name == earned[0].name).order_by(Person.id).limit(1))
    assert pid is not None
    update_person(demo_app, pid, {"status": "deceased", "status_date": TODAY})
    after = read_month(demo_app, year, month, ["volunteer"], today=TODAY)
    assert after.service_totals == before.service_totals
