"""The district view: the district office reports on each station, or on all of them together.

A district data dir holds three stations' rows (as sync would bring them); the books are read
back from the PDF with poppler, and from the workbook with openpyxl, as an officer would.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from cadre_desk import cli
from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.ledgers import MONTHLY
from cadre_desk.core.ledgers.data import read_district_summary, read_month, read_year
from cadre_desk.core.ledgers.excel import (
    SHEET_NAME_MAX,
    export_monthly_ledgers_excel,
    export_year_summary_excel,
    sheet_name,
)
from cadre_desk.core.ledgers.pdf import make_monthly_ledgers, make_year_summary
from cadre_desk.core.models import Activity, Person, ServiceRecord, Station, Visit
from cadre_desk.core.services import browse, setup
from cadre_desk.core.services.activities import activity_types, check_in, create_activity, month_activities
from cadre_desk.core.services.care import add_service_record, create_visit
from cadre_desk.core.services.overview import month_figures
from cadre_desk.core.services.people import create_person
from cadre_desk.core.services.roster import RosterFilter, RosterListing
from cadre_desk.core.services.scope import (
    ALL_STATIONS,
    find_report_station,
    is_district,
    report_stations,
    stations_for,
)

from .test_ledgers import pages_of
from .test_member_cards import pdf_text, squashed, tool

DISTRICT = setup.StationProfile(name="市南区委老干部局", district="市南区")
JIN, BA, YUN, GONE = "金湖路社区老干部驿站", "八大湖社区老干部驿站", "云霄路社区老党员工作室", "已撤销的驿站"
#: the stations in pinyin order (八 ba, 金 jin, 云 yun), as every list and book orders them
ORDER = [BA, JIN, YUN]
#: each station's people: name → category
PEOPLE = {
    JIN: {"张金一": "lixiu", "李金二": "tuixiu"},
    BA: {"王湖一": "tuixiu", "赵湖二": "tuixiu"},
    YUN: {"陈云一": "tuixiu"},
}
YEAR, MONTH = 2026, 10
TODAY = dt.date(2026, 11, 15)  # October is fully held


def _move(app: App, model: type, row_id: str, station_id: str) -> None:
    """Put a row made by a service (always at the install's own station) in another station's
    books, as a bundle from that station would."""
    with app.transaction() as tx:
        tx.update(tx.session.get(model, row_id), {"station_id": station_id})


def build_district(root: Path) -> dict[str, str]:
    """A district data dir with three stations' people, activities, sign-ins, visits and
    volunteer hours in October 2026, and a deleted station; returns station name → id.

    October, by station (held, so attendance counts):
      金湖路: 2 people; 2 activities, 应到 4, 实到 3, 请假 1; 1 visit, 200 元; 1 service, 2.5 h
      八大湖: 2 people; 1 activity, 应到 2, 实到 1;          1 visit, 300.50 元; 2 services, 2.5 h
      云霄路: 1 person; no activity;                         1 visit, no money; no service
    """
    with App.open(root) as app:
        setup.initialise(app, kind="district", profile=DISTRICT, admin_username="admin", admin_password="secret123")
        stations: dict[str, str] = {}
        with app.transaction() as tx:
            for name in (YUN, JIN, GONE, BA):  # not in pinyin order, on purpose
                stations[name] = tx.add(Station(kind="station", name=name)).id
            tx.delete(tx.session.get(Station, stations[GONE]))
        people: dict[str, str] = {}
        for station, names in PEOPLE.items():
            for name, category in names.items():
                people[name] = create_person(app, {"name": name, "category": category})
                _move(app, Person, people[name], stations[station])
        type_id = activity_types(app)[0].id

        def activity(station: str, title: str, day: dt.date, invited: list[str]) -> str:
            made = create_activity(app, {"title": title, "type_id": type_id, "date": day}, [people[n] for n in invited])
            _move(app, Activity, made, stations[station])
            return made

        study = activity(JIN, "金湖路十月学习会", dt.date(2026, 10, 10), ["张金一", "李金二"])
        check_in(app, study, person_id=people["张金一"])
        check_in(app, study, person_id=people["李金二"])
        tea = activity(JIN, "金湖路重阳茶话会", dt.date(2026, 10, 20), ["张金一", "李金二"])
        check_in(app, tea, person_id=people["张金一"])
        check_in(app, tea, person_id=people["李金二"], status="leave", leave_reason="住院")
        activity(JIN, "金湖路十一月座谈会", dt.date(2026, 11, 3), ["张金一"])  # another month
        talk = activity(BA, "八大湖健康讲座", dt.date(2026, 10, 15), ["王湖一", "赵湖二"])
        check_in(app, talk, person_id=people["王湖一"])

        def visit(station: str, name: str, day: dt.date, money: str) -> None:
            made = create_visit(app, {"date": day, "person_id": people[name], "reason": "routine", "money": money})
            _move(app, Visit, made, stations[station])

        visit(JIN, "张金一", dt.date(2026, 10, 5), "200")
        visit(BA, "赵湖二", dt.date(2026, 10, 8), "300.50")
        visit(YUN, "陈云一", dt.date(2026, 10, 9), "")

        def service(station: str, name: str, day: dt.date, hours: str) -> None:
            made = add_service_record(app, people[name], None, day, hours, "清扫楼道")
            _move(app, ServiceRecord, made, stations[station])

        service(JIN, "李金二", dt.date(2026, 10, 12), "2.5")
        service(BA, "王湖一", dt.date(2026, 10, 13), "1")
        service(BA, "赵湖二", dt.date(2026, 10, 14), "1.5")
    return stations


@pytest.fixture(scope="session")
def district_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("district") / "data"
    build_district(root)
    return root


@pytest.fixture(scope="module")
def district(district_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """An open copy of the district, shared by the tests that only read it."""
    data = tmp_path_factory.mktemp("district-read") / "data"
    shutil.copytree(district_template, data)
    with App.open(data) as app:
        yield app


def layout_text(pdf: Path, page: int) -> str:
    """A page's text with the table's cells kept on their lines."""
    args = [tool("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def station_id(app: App, name: str) -> str:
    return next(s.id for s in report_stations(app) if s.name == name)


# -- which stations -----------------------------------------------------------------------------


def test_the_district_reports_on_its_live_stations_in_pinyin_order(district: App, app: App) -> None:
    assert is_district(district)
    assert [s.name for s in report_stations(district)] == ORDER  # not the deleted one, nor the office itself
    assert [s.name for s in stations_for(district, ALL_STATIONS)] == ORDER
    assert not is_district(app)
    assert [s.name for s in report_stations(app)] == [setup.install_info(app).station_name]


def test_station_names_on_the_command_line(district: App, app: App) -> None:
    assert find_report_station(district, "all") == ALL_STATIONS
    assert find_report_station(district, "全部驿站") == ALL_STATIONS
    assert find_report_station(district, f" {BA} ") == station_id(district, BA)
    with pytest.raises(DomainError, match=f"没有名为“金湖”的驿站。可选：all（全部驿站）、{BA}、{JIN}、{YUN}"):
        find_report_station(district, "金湖")
    own = setup.install_info(app).station_name
    assert find_report_station(app, own) is None
    with pytest.raises(DomainError, match=f"本机是驿站“{own}”，只能打印本驿站的台账"):
        find_report_station(app, BA)
    with pytest.raises(DomainError, match="只能打印本驿站的台账"):
        stations_for(app, ALL_STATIONS)


# -- one station's books ---------------------------------------------------------------------------


def test_a_stations_books_hold_only_that_stations_rows(district: App, tmp_path: Path) -> None:
    out = tmp_path / "ba.pdf"
    result = make_monthly_ledgers(district, YEAR, MONTH, out, today=TODAY, station=station_id(district, BA))
    text = squashed(pdf_text(out))
    assert all(title.startswith(f"{BA} 2026年10月 ") for title, _ in result.parts)
    assert [t.split(" ")[2] for t, _ in result.parts] == [
        "活动台账",
        "签到簿",
        "写实册",
        "人员信息台账",
        "走访慰问台账",
        "志愿服务台账",
        "月度统计",
    ]
    for name in ("王湖一", "赵湖二", "八大湖健康讲座", "300.50"):
        assert name in text
    for other in ("张金一", "李金二", "陈云一", "金湖路", "云霄路", "200.00"):
        assert other not in text, other

    book = read_month(district, YEAR, MONTH, MONTHLY, today=TODAY, station=station_id(district, JIN))
    assert book.station == JIN
    assert [a.title for a in book.activities] == ["金湖路十月学习会", "金湖路重阳茶话会"]  # not November's
    assert {p.name for p in book.roster} == {"张金一", "李金二"}
    assert [v.person for v in book.visits] == ["张金一"] and [s.name for s in book.service] == ["李金二"]


def test_by_default_the_district_reads_its_own_office_as_before(district: App) -> None:
    book = read_month(district, YEAR, MONTH, MONTHLY, today=TODAY)
    assert book.station == DISTRICT.name
    assert not book.activities and not book.roster and not book.visits


# -- all stations together ---------------------------------------------------------------------------


def test_the_summary_has_a_row_per_station_and_the_totals_add_up(district: App) -> None:
    summary = read_district_summary(district, YEAR, MONTH, today=TODAY)
    assert summary.district == "市南区" and summary.period == "2026年10月"
    rows = {r.station: r for r in summary.rows}
    assert [r.station for r in summary.rows] == ORDER
    figures = {
        name: (
            r.roster.people,
            r.figures.activities,
            r.figures.invited,
            r.figures.present,
            r.figures.rate,
            r.figures.leave,
            r.figures.visits,
            r.figures.visit_money,
            r.figures.service_records,
            r.figures.service_hours,
        )
        for name, r in rows.items()
    }
    assert figures == {
        JIN: (2, 2, 4, 3, "75.0%", 1, 1, Decimal("200.00"), 1, Decimal("2.5")),
        BA: (2, 1, 2, 1, "50.0%", 0, 1, Decimal("300.50"), 2, Decimal("2.5")),
        YUN: (1, 0, 0, 0, "—", 0, 1, Decimal("0"), 0, Decimal("0")),
    }
    total = summary.total
    assert (total.roster.people, total.figures.activities, total.figures.invited, total.figures.present) == (5, 3, 6, 4)
    assert total.figures.rate == "66.7%"
    assert total.figures.visit_money == Decimal("500.50") and total.figures.service_hours == Decimal("5")
    # each row is what that station's own 月度统计 says
    for st in report_stations(district):
        stats = read_month(district, YEAR, MONTH, ["stats"], today=TODAY, station=st.id).stats
        assert stats is not None
        assert rows[st.name].figures == replace(stats.month, label=st.name)
        assert rows[st.name].roster == stats.roster


def test_the_all_stations_pdf_is_the_summary_then_each_station_in_order(district: App, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    result = make_monthly_ledgers(
        district, YEAR, MONTH, out, ledgers=["activities", "visits"], today=TODAY, station=ALL_STATIONS
    )
    assert [title for title, _ in result.parts] == [
        "市南区 2026年10月 各驿站汇总",
        *(f"{st} 2026年10月 {ledger}" for st in ORDER for ledger in ("活动台账", "走访慰问台账")),
    ]
    assert all(pages == 1 for _, pages in result.parts)  # each part numbers its own pages
    pages = pages_of(out)
    assert len(pages) == result.pages == 7
    assert all("第1页共1页" in squashed(p) for p in pages)
    first = squashed(pages[0])
    assert "市南区2026年10月各驿站汇总" in first and "共3个驿站；在册5人" in first
    lines = [" ".join(line.split()) for line in layout_text(out, 1).splitlines()]
    assert f"1 {BA} 2 1 2 1 50.0% 0 1 300.50 2 2.5" in lines
    assert f"2 {JIN} 2 2 4 3 75.0% 1 1 200.00 1 2.5" in lines
    assert f"3 {YUN} 1 0 0 0 — 0 1 — 0 0" in lines
    assert "合计 5 3 6 4 66.7% 1 3 500.50 3 5" in lines
    jin = squashed(pages[3])  # 金湖路's activities: its own only
    assert "金湖路十月学习会" in jin and "八大湖" not in jin


def test_the_all_stations_year_summary_is_the_table_then_the_stations_added_up(district: App, tmp_path: Path) -> None:
    out = tmp_path / "year.pdf"
    result = make_year_summary(district, YEAR, out, today=TODAY, station=ALL_STATIONS)
    assert [title for title, _ in result.parts] == ["市南区 2026年 各驿站汇总", "市南区 2026年 年度统计（各驿站合计）"]
    assert result.pages <= 4
    name, stats = read_year(district, YEAR, today=TODAY, station=ALL_STATIONS)
    assert name == "市南区"
    assert (stats.total.activities, stats.total.invited, stats.total.present) == (4, 7, 4)  # November's too
    assert stats.months[9].activities == 3 and stats.months[10].activities == 1
    assert stats.roster.people == 5
    summary = read_district_summary(district, YEAR, today=TODAY)
    assert summary.total.figures.activities == stats.total.activities
    assert summary.total.figures.visit_money == stats.total.visit_money == Decimal("500.50")
    text = squashed(pdf_text(out))
    assert "市南区2026年各驿站汇总" in text and "年度统计（各驿站合计）" in text


def test_the_workbook_has_the_summary_sheet_then_each_stations_sheets(district: App, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "all.xlsx"
    result = export_monthly_ledgers_excel(
        district, YEAR, MONTH, out, ledgers=["activities", "roster"], today=TODAY, station=ALL_STATIONS
    )
    assert result.sheets == [
        "各驿站汇总",
        *(f"{st}·{ledger}" for st in ORDER for ledger in ("活动台账", "人员信息台账")),
    ]
    wb = load_workbook(out)
    ws = wb["各驿站汇总"]
    assert ws["A1"].value == "市南区 2026年10月 各驿站汇总"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=7)]
    assert rows[0][:6] == [1, BA, 2, 1, 2, 1]
    assert rows[1][1] == JIN and rows[1][6] == pytest.approx(0.75)
    assert rows[3][0] == "合计" and rows[3][2:6] == [5, 3, 6, 4] and rows[3][9] == pytest.approx(500.5)
    roster = wb[f"{YUN}·人员信息台账"]
    assert roster["A1"].value == f"{YUN} 2026年10月 人员信息台账"
    names = {c.value for c in roster["B"]}
    assert "陈云一" in names and "张金一" not in names

    one = export_monthly_ledgers_excel(
        district, YEAR, MONTH, tmp_path / "jin.xlsx", ledgers=["roster"], today=TODAY, station=station_id(district, JIN)
    )
    assert one.sheets == ["人员信息台账"]  # one station: the sheets as a station's own
    year = export_year_summary_excel(district, YEAR, tmp_path / "year.xlsx", today=TODAY, station=ALL_STATIONS)
    assert year.sheets == ["各驿站汇总", "年度统计"]


def test_sheet_names_fit_excel_and_never_repeat() -> None:
    long = "一个名字非常非常非常长的街道社区老干部工作室第一驿站"
    first = sheet_name("人员信息台账", long, [])
    assert len(first) == SHEET_NAME_MAX and first.endswith("·人员信息台账")
    second = sheet_name("人员信息台账", long, [first])
    assert second != first and second.endswith("(2)") and len(second) <= SHEET_NAME_MAX
    assert sheet_name("签到簿", "东/西:片[区]", []) == "东_西_片_区_·签到簿"
    assert sheet_name("活动台账", "", ["其他"]) == "活动台账"
    assert sheet_name("Sheet", "", ["sheet"]) == "Sheet(2)"  # Excel ignores case


# -- the command line --------------------------------------------------------------------------------


def test_report_command_takes_a_station_or_all(
    district: App, app: App, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(district.layout.root)
    month = ["report", "monthly", "--month", "2026-10", "--date", "2026-11-15"]
    out = tmp_path / "ba.pdf"
    assert cli.main(["--data-dir", data, *month, "--ledger", "roster", "--station", BA, "--out", str(out)]) == 0
    text = squashed(pdf_text(out))
    assert "王湖一" in text and "张金一" not in text
    out = tmp_path / "all.pdf"
    assert cli.main(["--data-dir", data, *month, "--ledger", "stats", "--station", "all", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "市南区 2026年10月 各驿站汇总：1 页" in printed and f"{YUN} 2026年10月 月度统计" in printed
    xlsx = tmp_path / "all.xlsx"
    assert cli.main(["--data-dir", data, *month, "--station", "all", "--out", str(xlsx)]) == 0
    assert "张工作表" in capsys.readouterr().out
    year = ["report", "yearly", "--year", "2026", "--station", "all"]
    assert cli.main(["--data-dir", data, *year, "--out", str(tmp_path / "y.pdf")]) == 0
    capsys.readouterr()

    assert cli.main(["--data-dir", data, *month, "--station", "金湖", "--out", str(out)]) == 1
    assert f"错误：没有名为“金湖”的驿站。可选：all（全部驿站）、{BA}、{JIN}、{YUN}。" in capsys.readouterr().err
    station_data = str(app.layout.root)
    own = setup.install_info(app).station_name
    assert cli.main(["--data-dir", station_data, *month, "--station", BA, "--out", str(out)]) == 1
    assert f"本机是驿站“{own}”，只能打印本驿站的台账" in capsys.readouterr().err
    assert cli.main(["--data-dir", station_data, *month, "--station", own, "--out", str(out)]) == 0


# -- the lists ----------------------------------------------------------------------------------------


def test_the_lists_filter_by_station_and_name_it(district: App) -> None:
    ba, jin = station_id(district, BA), station_id(district, JIN)
    assert browse.ACTIVITIES.count(district) == 4  # every station's, as before
    assert browse.activities_listing(ba).count(district) == 1
    rows = browse.activities_listing(jin, station_column=True).rows(district)
    assert {r[4] for r in rows} == {"金湖路十月学习会", "金湖路重阳茶话会", "金湖路十一月座谈会"}
    assert {r[-1] for r in rows} == {JIN}
    assert len(rows[0]) == len(browse.ACTIVITIES.columns) + 2  # the id, the columns and the station
    assert browse.activities_listing(jin).count(district, "茶话") == 1

    visits = browse.visits_listing(station_id=ba, station_column=True)
    assert visits.columns[-1] == "station"
    assert [(r[2], r[-1]) for r in visits.rows(district)] == [("赵湖二", BA)]
    assert browse.visits_listing().count(district) == 3

    people = RosterListing(RosterFilter(station_id=jin, today=TODAY), station_column=True)
    assert people.count(district) == 2
    assert {(r[1], r[-1]) for r in people.rows(district)} == {("张金一", JIN), ("李金二", JIN)}
    assert not RosterFilter(station_id=jin).active  # the station is not one of the filters
    everyone = RosterListing(RosterFilter(today=TODAY), "station", station_column=True)
    assert [r[-1] for r in everyone.rows(district)] == sorted([BA, BA, YUN, JIN, JIN])  # grouped by station

    assert [a.title for a in month_activities(district, YEAR, MONTH, station_id=ba)] == ["八大湖健康讲座"]
    assert len(month_activities(district, YEAR, MONTH)) == 3
    f = month_figures(district, YEAR, MONTH, today=TODAY, station_ids=[ba, jin])
    assert (f.people, f.activities, f.visits, f.service_records) == (4, 3, 2, 3)
    assert month_figures(district, YEAR, MONTH, today=TODAY).people == 5
