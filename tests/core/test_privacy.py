"""Privacy by role: what each role sees of ID numbers, phones and health notes, and what
printed ledgers and exports show unless an administrator asks for full data."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cadre_desk import cli
from cadre_desk.core.app import SYSTEM, Actor, App
from cadre_desk.core.ledgers.data import read_month
from cadre_desk.core.ledgers.excel import export_monthly_ledgers_excel
from cadre_desk.core.ledgers.pdf import make_monthly_ledgers
from cadre_desk.core.models import Activity, Person
from cadre_desk.core.pdf.cards import make_member_cards
from cadre_desk.core.pdf.signin_sheet import make_signin_sheet
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.privacy import (
    FULL,
    HIDDEN,
    MASKED,
    Disclosure,
    mask_address,
    mask_health,
    mask_id_number,
    mask_phone,
)
from cadre_desk.core.roster_export import export_roster
from cadre_desk.core.services.roster import COLUMNS, RosterFilter, RosterListing
from cadre_desk.core.services.talent import export_talent_pool

from .test_member_cards import pdf_text

READER = Actor(None, "只读用户", "readonly")
OPERATOR = Actor(None, "操作员小李", "operator")
ADMIN = Actor(None, "管理员老王", "admin")
ID_18 = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def demo_person(app: App) -> Person:
    """Someone in the roster (在册) with an ID number, a mobile, an address and health notes."""
    with app.read() as s:
        return s.scalars(
            select(Person)
            .where(
                Person.deleted.is_(False),
                Person.status == "active",
                Person.id_number.is_not(None),
                Person.phone_mobile != "",
                Person.address != "",
            )
            .order_by(Person.name_pinyin)
            .limit(1)
        ).one()


def secrets_of(app: App) -> set[str]:
    """Every ID number and phone number in the roster."""
    with app.read() as s:
        people = s.scalars(select(Person).where(Person.deleted.is_(False))).all()
    return {n for p in people for n in (p.id_number, p.phone_mobile, p.phone_home, p.emergency_phone) if n}


# -- the rules ------------------------------------------------------------------------------


def test_id_numbers_keep_the_first_six_and_last_four() -> None:
    assert mask_id_number("110101194901011234") == "110101********1234"
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number(" 370202520608123 ") == "370202*****8123"  # an old 15-digit number
    assert mask_id_number("") == mask_id_number(None) == ""


def test_odd_id_values_reveal_at_most_their_last_four() -> None:
    assert mask_id_number("12345678901") == "*******8901"  # too short for a real number: no region
    assert mask_id_number("ABCD1234") == "****1234"
    assert mask_id_number("1234567") == "*******"  # short: nothing shown
    assert mask_id_number("12") == "**"
    for value in ("110101194901011234", "12345678901", "1234567"):
        assert len(mask_id_number(value)) == len(value)  # the same width in a ledger's column


def test_phones_keep_the_area_code_or_prefix_and_last_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0532-88881234") == "0532-****1234"
    assert mask_phone("010-88881234-123") == "010-****1234-123"
    assert mask_phone("0513-8123456") == "0513-***3456"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("") == mask_phone(None) == ""
    odd = mask_phone("分机 987654321")
    assert odd.endswith("4321") and "98765" not in odd
    assert mask_phone("12345") == "***45"  # never more than half the digits of an odd value


def test_health_notes_and_addresses_are_hidden() -> None:
    assert mask_health("高血压，需定期复查") == HIDDEN == "（已隐藏）"
    assert mask_health("  ") == mask_health(None) == ""
    assert mask_address("金湖路12号3单元401") == "金湖路****"


def test_screens_show_personal_data_in_full_only_to_roles_that_need_it() -> None:
    assert Disclosure.for_screen(READER) == MASKED
    assert Disclosure.for_screen(OPERATOR) == FULL
    assert Disclosure.for_screen(ADMIN) == Disclosure.for_screen(SYSTEM) == FULL
    shown = Disclosure.for_screen(READER)
    assert shown.id_number("110101194901011234") == "110101********1234"
    assert shown.phone("13812345678") == "138****5678"
    assert shown.health("糖尿病") == HIDDEN
    assert FULL.health("糖尿病") == "糖尿病" and FULL.phone("13812345678") == "13812345678"


def test_full_data_in_exports_is_for_administrators_only() -> None:
    for actor in (READER, OPERATOR, ADMIN):
        assert Disclosure.for_export(actor) == MASKED  # masked unless asked
    assert Disclosure.for_export(ADMIN, full_data=True) == FULL
    assert Disclosure.for_export(SYSTEM, full_data=True) == FULL  # the command line
    for actor in (READER, OPERATOR):
        with pytest.raises(PermissionDenied) as refused:
            Disclosure.for_export(actor, full_data=True)
        assert actor.name in refused.value.message and "导出完整的身份证号和电话" in refused.value.message


# -- the roster on screen ---------------------------------------------------------------------


def test_the_roster_list_masks_phones_for_read_only_users_and_still_finds_by_phone(demo_app: App) -> None:
    person = demo_person(demo_app)
    listing = RosterListing(RosterFilter())
    phone, id_column = COLUMNS.index("phone") + 1, COLUMNS.index("id_number") + 1

    demo_app.actor = READER
    assert listing.count(demo_app, person.phone_mobile) >= 1  # searching by the number still works
    row = next(r for r in listing.rows(demo_app, person.phone_mobile) if r[0] == person.id)
    assert row[phone] == mask_phone(person.phone_mobile) and row[id_column] == mask_id_number(person.id_number)
    everyone = listing.rows(demo_app, "", 0, 500)
    assert not any(MOBILE.search(str(v)) or ID_18.search(str(v)) for r in everyone for v in r[1:])

    demo_app.actor = OPERATOR
    row = next(r for r in listing.rows(demo_app, person.phone_mobile) if r[0] == person.id)
    assert row[phone] == person.phone_mobile


# -- printed ledgers ---------------------------------------------------------------------------


def test_printed_ledgers_are_masked_for_everyone_unless_an_administrator_asks(demo_app: App, tmp_path: Path) -> None:
    person = demo_person(demo_app)
    secrets = secrets_of(demo_app)
    today = dt.date.today()

    demo_app.actor = OPERATOR  # sees everything on screen, prints masked
    masked = make_monthly_ledgers(demo_app, today.year, today.month, tmp_path / "m.pdf")
    text = pdf_text(masked.path)
    assert person.name in text and mask_id_number(person.id_number) in text
    assert not any(secret in text for secret in secrets)
    assert not ID_18.search(text) and "已部分隐去" in text

    with pytest.raises(PermissionDenied):
        make_monthly_ledgers(demo_app, today.year, today.month, tmp_path / "o.pdf", ledgers=["roster"], full_data=True)
    assert not (tmp_path / "o.pdf").exists()

    demo_app.actor = ADMIN
    full = make_monthly_ledgers(
        demo_app, today.year, today.month, tmp_path / "f.pdf", ledgers=["roster"], full_data=True
    )
    text = pdf_text(full.path)
    assert person.id_number in text and person.phone_mobile in text and "已部分隐去" not in text
    masked_again = make_monthly_ledgers(demo_app, today.year, today.month, tmp_path / "m2.pdf", ledgers=["roster"])
    # the same people (a whole address may take more lines, so the pages may differ)
    full_ids = [m[-4:] for m in ID_18.findall(text)]
    masked_ids = [m[-4:] for m in re.findall(r"\d{6}\*{8}\d{3}[\dX]", pdf_text(masked_again.path))]
    assert full_ids and sorted(full_ids) == sorted(masked_ids)


def test_excel_ledgers_are_masked_unless_an_administrator_asks(demo_app: App, tmp_path: Path) -> None:
    today = dt.date.today()
    person = demo_person(demo_app)
    secrets = secrets_of(demo_app)
    demo_app.actor = READER
    out = tmp_path / "m.xlsx"
    export_monthly_ledgers_excel(demo_app, today.year, today.month, out, today=today)
    cells = [str(c) for ws in load_workbook(out) for row in ws.iter_rows(values_only=True) for c in row if c]
    assert cells and not any(secret in c for secret in secrets for c in cells)

    demo_app.actor = OPERATOR
    with pytest.raises(PermissionDenied):
        export_monthly_ledgers_excel(demo_app, today.year, today.month, tmp_path / "o.xlsx", full_data=True)
    assert not (tmp_path / "o.xlsx").exists()
    with pytest.raises(PermissionDenied):
        read_month(demo_app, today.year, today.month, ["roster"], full_data=True)

    demo_app.actor = ADMIN
    full = tmp_path / "f.xlsx"
    export_monthly_ledgers_excel(demo_app, today.year, today.month, full, ledgers=["roster"], full_data=True)
    cells = [str(c) for row in load_workbook(full).active.iter_rows(values_only=True) for c in row if c]
    assert person.id_number in cells and person.phone_mobile in cells


# -- exports -------------------------------------------------------------------------------------


def test_the_roster_export_masks_health_notes_too_and_full_data_is_the_administrators(
    demo_app: App, tmp_path: Path
) -> None:
    person = demo_person(demo_app)
    demo_app.actor = OPERATOR
    out = tmp_path / "masked.xlsx"
    export_roster(demo_app, out)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index("姓名")] == person.name)
    assert row[header.index("身份证号")] == mask_id_number(person.id_number)
    assert row[header.index("手机")] == mask_phone(person.phone_mobile)
    assert row[header.index("家庭住址")] == mask_address(person.address)
    assert row[header.index("健康状况")] == (HIDDEN if person.health_notes else None)

    with pytest.raises(PermissionDenied):
        export_roster(demo_app, tmp_path / "operator-full.xlsx", full_data=True)
    assert not (tmp_path / "operator-full.xlsx").exists()

    demo_app.actor = ADMIN
    full = tmp_path / "full.xlsx"
    export_roster(demo_app, full, full_data=True)
    ws = load_workbook(full).active
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[header.index("姓名")] == person.name)
    assert row[header.index("身份证号")] == person.id_number
    assert row[header.index("手机")] == person.phone_mobile
    assert row[header.index("健康状况")] == (person.health_notes or None)


def test_the_talent_pool_export_needs_an_administrator_for_full_phones(demo_app: App, tmp_path: Path) -> None:
    demo_app.actor = OPERATOR
    with pytest.raises(PermissionDenied):
        export_talent_pool(demo_app, tmp_path / "t.xlsx")
    assert export_talent_pool(demo_app, tmp_path / "t.xlsx", mask=True) >= 1
    phones = [r[9] for r in load_workbook(tmp_path / "t.xlsx").active.iter_rows(min_row=4, values_only=True) if r[9]]
    assert phones and all("****" in p for p in phones)
    demo_app.actor = ADMIN
    assert export_talent_pool(demo_app, tmp_path / "full.xlsx") >= 1


def test_paper_sign_in_sheets_and_member_cards_carry_no_id_number_or_phone(demo_app: App, tmp_path: Path) -> None:
    demo_app.actor = READER  # printing is for every role
    secrets = secrets_of(demo_app)
    with demo_app.read() as s:
        activity_id = s.scalars(select(Activity.id).where(Activity.deleted.is_(False)).limit(1)).one()
    make_signin_sheet(demo_app, activity_id, tmp_path / "sheet.pdf")
    cards = make_member_cards(demo_app, tmp_path / "cards.pdf")
    for pdf in (tmp_path / "sheet.pdf", tmp_path / "cards.pdf"):
        text = pdf_text(pdf)
        assert text.strip() and not any(secret in text for secret in secrets)
        assert not ID_18.search(text) and not MOBILE.search(text)
    assert cards.count > 0


# -- the command line (the system: full data allowed) -----------------------------------------------


def test_the_command_line_masks_by_default_and_prints_full_data_when_asked(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    with App.open(data) as app:
        person = demo_person(app)
    month = f"{dt.date.today():%Y-%m}"
    report = ["--data-dir", str(data), "report", "monthly", "--month", month, "--ledger", "roster"]
    assert cli.main([*report, "--out", str(tmp_path / "m.pdf")]) == 0
    assert person.id_number not in pdf_text(tmp_path / "m.pdf")
    assert cli.main([*report, "--full-data", "--out", str(tmp_path / "f.pdf")]) == 0
    assert person.id_number in pdf_text(tmp_path / "f.pdf")
    assert cli.main([*report, "--full-data", "--out", str(tmp_path / "f.xlsx")]) == 0
    cells = [c for row in load_workbook(tmp_path / "f.xlsx").active.iter_rows(values_only=True) for c in row]
    assert person.id_number in cells

    members = ["--data-dir", str(data), "members", "export"]
    assert cli.main([*members, str(tmp_path / "m.xlsx")]) == 0
    cells = [c for row in load_workbook(tmp_path / "m.xlsx").active.iter_rows(values_only=True) for c in row]
    assert mask_id_number(person.id_number) in cells and person.id_number not in cells
    assert cli.main([*members, str(tmp_path / "full.xlsx"), "--full-data"]) == 0
    cells = [c for row in load_workbook(tmp_path / "full.xlsx").active.iter_rows(values_only=True) for c in row]
    assert person.id_number in cells and person.phone_mobile in cells
    capsys.readouterr()
