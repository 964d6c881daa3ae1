"""The monthly ledgers and the year summary as PDF, read back with poppler as an auditor would."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from sqlalchemy import select

from cadre_desk import cli
from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.ledgers import LEDGERS, MONTHLY, resolve_ledgers
from cadre_desk.core.ledgers.data import read_month
from cadre_desk.core.ledgers.pdf import make_monthly_ledgers, make_year_summary
from cadre_desk.core.models import Person
from cadre_desk.core.pdf import station_name
from cadre_desk.core.pdf.fonts import (
    BOLD_MIN_WEIGHT,
    PrintFonts,
    _register,
    print_fonts,
    weight_class,
)
from cadre_desk.core.pdf.typography import CLOSING, OPENING, wrapped_lines
from cadre_desk.core.services.activities import activity_types, check_in, create_activity
from cadre_desk.core.services.care import create_visit
from cadre_desk.core.services.people import create_person
from cadre_desk.resources import bundled_font

from .test_member_cards import embedded_fonts, pdf_text, squashed, tool

TODAY = dt.date.today()
LAST_MONTH = TODAY.replace(day=1) - dt.timedelta(days=1)  # a month the demo has fully held
ID_18 = re.compile(r"(?<!\d)\d{17}[\dX](?!\d)")
MASKED_ID = re.compile(r"\d{6}\*{8}\d{3}[\dX]")


def pages_of(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")[:-1]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(
        [tool("pdfinfo"), "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def image_count(pdf: Path) -> int:
    out = subprocess.run([tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return len([line for line in out.splitlines()[2:] if line.strip() and " smask " not in line])


@pytest.fixture(scope="module")
def month_pdf(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, App, object]:
    """Every ledger of last month (fully held) from the demo station, printed once for the module."""
    import shutil

    data = tmp_path_factory.mktemp("ledgers") / "data"
    shutil.copytree(demo_template, data)
    app = App.open(data)
    out = data.parent / "month.pdf"
    result = make_monthly_ledgers(app, LAST_MONTH.year, LAST_MONTH.month, out, today=TODAY)
    yield out, app, result
    app.close()


def test_every_ledger_is_there_with_its_title_rows_and_page_footers(month_pdf: tuple[Path, App, object]) -> None:
    pdf, app, result = month_pdf
    book = read_month(app, LAST_MONTH.year, LAST_MONTH.month, MONTHLY, today=TODAY)
    pages = pages_of(pdf)
    assert len(pages) == result.pages == sum(n for _, n in result.parts)
    flat = [squashed(p) for p in pages]
    period = f"{LAST_MONTH.year}年{LAST_MONTH.month}月"
    for kind in LEDGERS.values():
        assert any(f"{book.station}{period}{kind.title}" in p for p in flat), kind.title
    # each part numbers its own pages: 第 1 页 共 N 页 … 第 N 页 共 N 页
    start = 0
    for title, count in result.parts:
        for number in range(1, count + 1):
            assert f"第{number}页共{count}页" in flat[start + number - 1], (title, number)
        start += count
    whole = "".join(flat)
    for a in book.activities:
        assert squashed(a.title) in whole
    entry = book.signin[0].entries[0]
    assert squashed(entry.name) in flat[1]  # the first activity's sign-in book follows the activity ledger
    assert squashed(book.visits[0].person) in whole and squashed(book.service[0].name) in whole
    # the closing block to sign ends every part
    assert whole.count("填表人") == whole.count("审核人") == len(result.parts)


def test_totals_in_the_activity_ledger_add_up(month_pdf: tuple[Path, App, object]) -> None:
    pdf, app, _ = month_pdf
    book = read_month(app, LAST_MONTH.year, LAST_MONTH.month, ["activities"], today=TODAY)
    layout = subprocess.run(
        [tool("pdftotext"), "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    invited = sum(a.invited for a in book.activities)
    present = sum(a.present for a in book.activities)
    leave = sum(a.leave for a in book.activities)
    assert re.search(rf"合计\s+{len(book.activities)}\s?场\s+{invited}\s+{present}\s+{leave}\s*$", layout, re.M), layout


def test_fonts_are_embedded_and_bold_is_a_real_bold_face(month_pdf: tuple[Path, App, object]) -> None:
    pdf, _, _ = month_pdf
    fonts = embedded_fonts(pdf)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts
    names = {name.split("+")[-1] for name, _ in fonts}
    assert any(n.endswith("-Bold") for n in names) and any(n.endswith("-Regular") for n in names), names
    printing = print_fonts()
    from reportlab.pdfbase import pdfmetrics

    assert weight_class(pdfmetrics.getFont(printing.bold)) >= BOLD_MIN_WEIGHT
    assert weight_class(pdfmetrics.getFont(printing.main)) == 400


def test_orientation_landscape_where_the_table_needs_it(month_pdf: tuple[Path, App, object]) -> None:
    pdf, _, result = month_pdf
    sizes = page_sizes(pdf)
    start = 0
    for title, count in result.parts:
        kind = next(k for k in LEDGERS.values() if f" {k.title}" in title)
        for width, height in sizes[start : start + count]:
            assert (width > height) == kind.landscape, title
        start += count


def test_signatures_and_photos_are_printed_as_images(month_pdf: tuple[Path, App, object], tmp_path: Path) -> None:
    pdf, _, result = month_pdf
    assert result.signatures > 0 and result.photos > 0
    assert image_count(pdf) >= result.signatures + result.photos
    assert result.size < 2_000_000 * max(1, result.photos)  # sensible weight: well under 2 MB a photo
    # the first sign-in book page, rendered: ink where the signatures are
    prefix = tmp_path / "signin"
    subprocess.run(
        [tool("pdftoppm"), "-r", "50", "-png", "-f", "2", "-l", "2", "-singlefile", str(pdf), str(prefix)], check=True
    )
    page = Image.open(f"{prefix}.png").convert("L")
    assert page.size[0] < page.size[1]  # portrait
    signature_column = page.crop(
        (int(page.width * 0.40), int(page.height * 0.25), int(page.width * 0.62), page.height - 80)
    )
    dark = sum(1 for v in signature_column.get_flattened_data() if v < 160)
    assert dark > 200, "no handwriting visible in the 签名 column"


def test_no_line_of_printed_text_starts_with_closing_punctuation(demo_app: App, tmp_path: Path) -> None:
    person = create_person(demo_app, {"name": "林晓", "category": "tuixiu"})
    long_text = "，".join(["老同志身体状况良好", "精神饱满", "对组织的关怀表示感谢", "希望多组织学习活动"] * 6) + "。"
    for n in range(8):
        create_visit(
            demo_app,
            {
                "date": TODAY,
                "person_id": person,
                "reason": "routine",
                "situation": long_text[n:],
                "needs": "（" + long_text[: 40 + n] + "）。",
            },
        )
    out = tmp_path / "visits.pdf"
    make_monthly_ledgers(demo_app, TODAY.year, TODAY.month, out, ledgers=["visits"], today=TODAY)
    lines = [line.strip() for line in pdf_text(out).splitlines() if line.strip()]
    assert any("对组织的关怀" in line for line in lines)
    bad = [line for line in lines if line[0] in CLOSING]
    assert not bad, bad[:5]


def test_the_line_breaking_rule_holds_for_any_text_and_width() -> None:
    fonts = print_fonts()
    style = ParagraphStyle("t", fontName=fonts.main, fontSize=10, leading=13, wordWrap="CJK")
    rng = random.Random(7)
    words = [
        "学习",
        "党的二十大",
        "精神",
        "，",
        "。",
        "、",
        "；",
        "：",
        "？",
        "！",
        "）。",
        "》，",
        "」",
        "（",
        "《",
        "abc",
        "12",
        "𠮷",
        "·",
        "2026年11月",
        "的",
    ]
    breaks = 0
    for _ in range(300):
        picked: list[str] = []
        while len(picked) < rng.randint(3, 50):
            word = rng.choice(words)
            if picked and picked[-1][-1] in CLOSING + OPENING and word[0] in CLOSING:
                continue  # runs of marks longer than two are not Chinese prose
            picked.append(word)
        text = "".join(picked)
        for width in (60, 97, 143, 200):
            para = Paragraph(fonts.markup(text), style)
            para.wrap(width, 10_000)
            lines = wrapped_lines(para)
            assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost or doubled
            for before, after in itertools.pairwise(lines):
                breaks += 1
                assert after[0] not in CLOSING, (before, after)
                assert before[-1] not in OPENING, (before, after)
    assert breaks > 1000


def test_rare_characters_print_or_are_listed_never_dropped(demo_app: App, tmp_path: Path) -> None:
    type_id = activity_types(demo_app)[0].id
    printable = create_person(demo_app, {"name": "吉𠮷祥", "category": "tuixiu"})  # Extension B, in the font
    rare = create_person(demo_app, {"name": "刘𪚥", "category": "tuixiu"})  # Extension B, in HanaMinB only
    unprintable = create_person(demo_app, {"name": "刘\U00031350", "category": "tuixiu"})  # Extension H: no font
    activity = create_activity(
        demo_app, {"title": "䶮字测试座谈会", "type_id": type_id, "date": TODAY}, [printable, rare, unprintable]
    )
    for person in (printable, rare, unprintable):
        check_in(demo_app, activity, person_id=person)
    result = make_monthly_ledgers(
        demo_app, TODAY.year, TODAY.month, tmp_path / "m.pdf", ledgers=["activities", "signin"], today=TODAY
    )
    text = pdf_text(result.path)
    assert "吉𠮷祥" in text and "䶮字测试座谈会" in text and "刘𪚥" in text
    assert result.missing_chars == {"刘\U00031350": "\U00031350"}


def test_a_fallback_font_prints_what_the_main_font_lacks(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    droid = _register("TestDroid", [(bundled_font(), 0)])  # has no Extension B
    noto = print_fonts().font_for("𠮷")  # the bundled rare-character font (HanaMinB), not the body font
    assert noto in print_fonts().fallbacks
    fonts = PrintFonts(droid, droid, (noto,))
    assert fonts.font_for("𠮷") == noto and fonts.font_for("张") == droid
    assert fonts.missing("吉𠮷祥") == ""
    canvas = Canvas(str(tmp_path / "f.pdf"), initialFontName=droid)
    fonts.draw(canvas, 50, 700, "吉𠮷祥", 14)
    canvas.save()
    assert "吉𠮷祥" in pdf_text(tmp_path / "f.pdf")
    names = {name.split("+")[-1] for name, _ in embedded_fonts(tmp_path / "f.pdf")}
    assert len(names) == 2  # Droid for 吉 and 祥, Noto for 𠮷


def test_personal_data_is_masked_unless_full_data_is_chosen(demo_app: App, tmp_path: Path) -> None:
    with demo_app.read() as s:
        person = s.scalars(
            select(Person)
            .where(
                Person.deleted.is_(False),
                Person.status == "active",
                Person.id_number.is_not(None),
                Person.phone_mobile != "",
            )
            .limit(1)
        ).one()
    masked = make_monthly_ledgers(demo_app, TODAY.year, TODAY.month, tmp_path / "m.pdf", ledgers=["roster"])
    text = pdf_text(masked.path)
    assert not ID_18.search(text) and MASKED_ID.search(text)
    assert person.phone_mobile not in text and f"{person.phone_mobile[:3]}****{person.phone_mobile[-4:]}" in text
    assert "已部分隐去" in text
    full = make_monthly_ledgers(
        demo_app, TODAY.year, TODAY.month, tmp_path / "f.pdf", ledgers=["roster"], full_data=True
    )
    text = pdf_text(full.path)
    assert person.id_number in text and person.phone_mobile in text


def test_a_month_without_records_still_prints_each_ledger_with_a_note(app: App, tmp_path: Path) -> None:
    result = make_monthly_ledgers(app, 2025, 2, tmp_path / "empty.pdf", today=TODAY)
    text = squashed(pdf_text(result.path))
    assert "本月没有活动记录" in text and "本月没有已开展的活动，无签到簿" in text and "本月没有走访慰问记录" in text
    assert len(result.parts) == len(MONTHLY)


def test_the_year_summary_has_every_month_totals_and_a_chart(demo_app: App, tmp_path: Path) -> None:
    result = make_year_summary(demo_app, TODAY.year, tmp_path / "y.pdf", today=TODAY)
    text = squashed(pdf_text(result.path))
    assert f"{TODAY.year}年年度统计" in text
    for month in range(1, 13):
        assert f"{month}月" in text
    assert "全年" in text and "逐月活动参加人次" in text and "第1页共" in text
    assert all(emb == "yes" for _, emb in embedded_fonts(result.path))


def test_ledger_names_and_bad_months_are_refused_clearly() -> None:
    assert resolve_ledgers(["签到簿", "activities"]) == ("activities", "signin")
    assert resolve_ledgers(None) == MONTHLY
    with pytest.raises(DomainError, match="没有名为“foo”的台账"):
        resolve_ledgers(["foo"])


def test_cancelling_leaves_no_file_and_keeps_an_old_one(demo_app: App, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "m.pdf"
    out.write_bytes(b"old")
    token = CancelToken()

    def progress(fraction: float, _message: str) -> None:
        if fraction > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        make_monthly_ledgers(demo_app, LAST_MONTH.year, LAST_MONTH.month, out, progress=progress, cancel=token)
    assert out.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["m.pdf"]


def test_report_command_prints_monthly_and_yearly(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    month = f"{LAST_MONTH:%Y-%m}"
    out = tmp_path / "m.pdf"
    assert (
        cli.main(
            [
                "--data-dir",
                str(data),
                "report",
                "monthly",
                "--month",
                month,
                "--ledger",
                "活动台账",
                "--ledger",
                "stats",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "已生成" in capsys.readouterr().out
    text = squashed(pdf_text(out))
    assert "活动台账" in text and "月度统计" in text and "签到簿" not in text
    assert (
        cli.main(
            ["--data-dir", str(data), "report", "yearly", "--year", str(TODAY.year), "--out", str(tmp_path / "y.pdf")]
        )
        == 0
    )
    assert (
        cli.main(
            ["--data-dir", str(data), "report", "monthly", "--month", month, "--ledger", "nope", "--out", str(out)]
        )
        == 1
    )
    assert "没有名为“nope”的台账" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["report", "monthly", "--help"])
    assert "signin（签到簿）" in capsys.readouterr().out


def test_station_name_and_month_head_every_ledger(app: App, tmp_path: Path) -> None:
    name = station_name(app)
    result = make_monthly_ledgers(app, 2025, 2, tmp_path / "m.pdf", ledgers=["activities"], today=TODAY)
    assert f"{name}2025年2月活动台账" in squashed(pdf_text(result.path))


def test_a_damaged_photo_is_noted_on_the_paper_and_the_rest_still_print(demo_app: App, tmp_path: Path) -> None:
    book = read_month(demo_app, LAST_MONTH.year, LAST_MONTH.month, ["records"], today=TODAY)
    record = next(r for r in book.records if len(r.photos) >= 2)
    record.photos[0].path.write_bytes(b"\xff\xd8\xff\xe0 not a photo any more")
    result = make_monthly_ledgers(
        demo_app, LAST_MONTH.year, LAST_MONTH.month, tmp_path / "m.pdf", ledgers=["records"], today=TODAY
    )
    text = squashed(pdf_text(result.path))
    assert text.count("张照片的文件已损坏，无法读取，未能打印") == 1
    assert squashed(record.activity.title) in text
    assert image_count(result.path) == result.photos - 1
