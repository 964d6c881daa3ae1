"""The printed ledgers as an official record: 宋体 body and 黑体 headings embedded, table text at
9 pt or more, a binding margin, numbers on their decimal point, short words never broken, rare
characters printed, and full-data prints marked on every page — checked on the PDF with poppler."""

from __future__ import annotations

import datetime as dt
import getpass
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table

from cadre_desk import cli
from cadre_desk.core.app import Actor, App
from cadre_desk.core.ledgers.columns import ROSTER_COLUMNS, SERVICE_COLUMNS
from cadre_desk.core.ledgers.data import labelled, read_month
from cadre_desk.core.ledgers.pdf import (
    BINDING,
    CONFIDENTIAL,
    TABLE_SIZE,
    KeepEnd,
    Writer,
    make_monthly_ledgers,
    make_year_summary,
    roster_part,
    visits_part,
    volunteer_part,
)
from cadre_desk.core.pdf.fonts import RARE_FILES, print_fonts
from cadre_desk.core.pdf.typography import words
from cadre_desk.core.services.activities import activity_types, check_in, create_activity
from cadre_desk.core.services.care import create_visit
from cadre_desk.core.services.people import create_person
from cadre_desk.resources import bundled_font

from .test_member_cards import embedded_fonts, pdf_text, tool

TODAY = dt.date.today()
#: short words a line must never break inside
SHORT_WORDS = ("艾尔肯·吐尔逊", "维吾尔族", "正处级", "0532-88790793", "龚振邦")


def layout_lines(pdf: Path) -> list[str]:
    out = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def pages_of(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")[:-1]


def word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (xMin, yMin from the top, xMax, yMax), and the page sizes."""
    out = subprocess.run([tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page (.*?)</page>", out, re.S):
        size = re.match(r'width="([\d.]+)" height="([\d.]+)"', page)
        assert size
        boxes = [
            (float(a), float(b), float(c), float(d), w)
            for a, b, c, d, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
            )
        ]
        pages.append([(float(size.group(1)), float(size.group(2)), 0.0, 0.0, ""), *boxes])
    return pages


@pytest.fixture
def hard_names(demo_app: App) -> App:
    """The demo station with the people whose names, ethnicities, ranks and phones tend to break."""
    type_id = activity_types(demo_app)[0].id
    people = [
        create_person(
            demo_app,
            {
                "name": "艾尔肯·吐尔逊",
                "category": "tuixiu",
                "ethnicity": "维吾尔族",
                "position": "市南区教育局副局长",
                "rank": "正处级",
                "phone_home": "0532-88790793",
                "party_branch": "市南区人民医院离退休干部第一党支部",
            },
        ),
        create_person(
            demo_app,
            {"name": "买买提·艾力", "category": "lixiu", "ethnicity": "柯尔克孜族", "rank": "正处级"},
        ),
        create_person(demo_app, {"name": "刘𪚥", "category": "tuixiu"}),  # CJK Extension B (HanaMinB)
        create_person(demo_app, {"name": "王\U00030000", "category": "tuixiu"}),  # Extension G (BabelStone Han)
    ]
    activity = create_activity(demo_app, {"title": "民族团结座谈会", "type_id": type_id, "date": TODAY}, people)
    for person in people:
        check_in(demo_app, activity, person_id=person)
    create_visit(
        demo_app,
        {
            "date": TODAY,
            "person_id": people[0],
            "reason": "routine",
            "visitors": "街道党工委委员龚振邦、社区党委委员谭梅、网格员王桂兰",
            "situation": "身体状况良好。",
            "needs": "希望有人定期上门做康复护理。",
            "follow_up": "联系社区卫生服务中心上门服务",
            "follow_up_due": TODAY + dt.timedelta(days=7),
        },
    )
    return demo_app


# -- fonts ------------------------------------------------------------------------------------


def test_body_is_an_embedded_serif_cjk_face_and_headings_a_bold_sans(demo_app: App, tmp_path: Path) -> None:
    result = make_monthly_ledgers(demo_app, TODAY.year, TODAY.month, tmp_path / "m.pdf", ledgers=["activities"])
    fonts = {name.split("+")[-1]: emb for name, emb in embedded_fonts(result.path)}
    assert any("Serif" in name and "CJK" in name for name in fonts), fonts  # 宋体-style body text
    assert any("Sans" in name and "Bold" in name for name in fonts), fonts  # 黑体 titles and heads
    assert set(fonts.values()) == {"yes"}  # every font embedded …
    assert all(name.split("+")[0].isalpha() and "+" in name for name, _ in embedded_fonts(result.path))  # … as a subset
    assert result.size < 400_000  # a one-page ledger: a subset, not a 13 MB font


def test_the_serif_face_is_truetype_static_and_regular() -> None:
    font = TTFont("SerifCheck", str(bundled_font("NotoSerifSC-Regular.ttf")))
    assert "glyf" in font.face.table and "fvar" not in font.face.table
    cmap = font.face.charToGlyph
    for ch in "宋体台账张王李赵陈刘维吾尔族正处级0123456789．，。（）：；䶮":
        assert ord(ch) in cmap, ch


# -- rare characters -------------------------------------------------------------------------


def test_rare_characters_in_names_print_from_the_bundled_fonts(hard_names: App, tmp_path: Path) -> None:
    for name, code in (("HanaMinB-Ext.ttf", 0x2A6A5), ("BabelStoneHan-ExtG.ttf", 0x30000)):
        assert name in RARE_FILES
        assert code in TTFont(f"Check{code}", str(bundled_font(name))).face.charToGlyph  # 𪚥, 𰀀
    fonts = print_fonts()
    assert fonts.missing("刘𪚥王\U00030000") == ""
    result = make_monthly_ledgers(hard_names, TODAY.year, TODAY.month, tmp_path / "m.pdf", ledgers=["signin"])
    text = pdf_text(result.path)
    assert "刘𪚥" in text and "王\U00030000" in text  # drawn, and copied back as the same characters
    assert not any("𪚥" in t or "\U00030000" in t for t in result.missing_chars)
    embedded = {name.split("+")[-1] for name, _ in embedded_fonts(result.path)}
    assert any("HanaMin" in name for name in embedded) and any("BabelStone" in name for name in embedded)


def test_a_character_no_font_has_is_still_listed(demo_app: App, tmp_path: Path) -> None:
    create_person(demo_app, {"name": "吉\U00031350祥", "category": "tuixiu"})  # Extension H: in no bundled font
    result = make_monthly_ledgers(
        demo_app, TODAY.year, TODAY.month, tmp_path / "m.pdf", ledgers=["roster"], full_data=True
    )
    assert result.missing_chars == {"吉\U00031350祥": "\U00031350"}


# -- the page ---------------------------------------------------------------------------------


def flat(flowables: list[Any]) -> list[Any]:
    """The flowables of a part with those kept together (KeepEnd, KeepTogether) opened up."""
    out: list[Any] = []
    for f in flowables:
        if isinstance(f, KeepEnd):
            out += flat([f.table, *f.tail])
        elif isinstance(f, KeepTogether):
            out += flat(list(f._content))
        else:
            out.append(f)
    return out


def test_table_text_is_nine_points_or_more(hard_names: App) -> None:
    book = read_month(hard_names, TODAY.year, TODAY.month, ["roster", "visits", "volunteer"], full_data=True)
    w = Writer(print_fonts())
    tables = [
        f
        for part in (
            roster_part(w, book, "人员信息台账"),
            visits_part(w, book, "走访"),
            volunteer_part(w, book, "志愿"),
        )
        for f in flat(part.flowables)
        if isinstance(f, Table) and len(f._cellvalues) > 1 and len(f._cellvalues[0]) > 5
    ]
    assert len(tables) >= 3
    for table in tables:
        for r, row in enumerate(table._cellvalues):
            for c, value in enumerate(row):
                size = value.style.fontSize if isinstance(value, Paragraph) else table._cellStyles[r][c].fontsize
                assert size >= TABLE_SIZE, (value, size)
    assert TABLE_SIZE >= 9  # 小五


def test_a_binding_margin_of_25_mm_on_the_bound_edge(hard_names: App, tmp_path: Path) -> None:
    """Portrait pages are bound on the left, landscape ones at the top: nothing printed there."""
    result = make_monthly_ledgers(
        hard_names, TODAY.year, TODAY.month, tmp_path / "m.pdf", ledgers=["activities", "roster"], full_data=True
    )
    pages = word_boxes(result.path)
    assert {p[0][0] < p[0][1] for p in pages} == {True, False}  # both orientations are there
    binding = BINDING / mm * 72 / 25.4
    for page in pages:
        (width, height, _, _, _), boxes = page[0], page[1:]
        assert boxes
        if width < height:
            assert min(b[0] for b in boxes) >= binding - 0.5, "text in the binding margin (left)"
        else:
            assert min(b[1] for b in boxes) >= binding - 0.5, "text in the binding margin (top)"


def test_short_words_never_break_across_lines(hard_names: App, tmp_path: Path) -> None:
    result = make_monthly_ledgers(
        hard_names,
        TODAY.year,
        TODAY.month,
        tmp_path / "m.pdf",
        ledgers=["signin", "records", "roster", "visits"],
        full_data=True,
    )
    lines = layout_lines(result.path)
    text = "\n".join(lines)
    for word in SHORT_WORDS:
        assert word in text, f"{word} is broken or missing"
    # every piece of a word on a line of its own would be a break: none ends a line half-way
    for word in ("艾尔肯·吐尔逊", "买买提·艾力", "维吾尔族", "柯尔克孜族", "龚振邦"):
        for cut in range(1, len(word)):
            head = word[:cut]
            assert not any(re.search(re.escape(head) + r"\s*$", line) for line in lines if word not in line), (
                word,
                cut,
            )


def test_a_phone_number_keeps_clear_of_its_cell_borders(hard_names: App) -> None:
    book = read_month(hard_names, TODAY.year, TODAY.month, ["roster"], full_data=True)
    w = Writer(print_fonts())
    part = roster_part(w, book, "人员信息台账")
    table = next(f for f in flat(part.flowables) if isinstance(f, Table) and len(f._colWidths) == len(ROSTER_COLUMNS))
    phone = [c.label for c in ROSTER_COLUMNS].index("联系电话")
    width = table._colWidths[phone]
    cells = [row[phone] for row in table._cellvalues[1:] if row[phone] == "0532-88790793"]
    assert cells, "the phone is a one-line cell"
    assert w.fonts.width("0532-88790793", TABLE_SIZE) + 2 * 2.5 <= width + 0.01  # padding on both sides


def test_numbers_line_up_on_the_decimal_point(tmp_path: Path) -> None:
    fonts = print_fonts()
    w = Writer(fonts)
    hours = ["7", "12.5", "3.25", "—", "1.5"]
    rows = [[str(n), "11-01", "张三", "助老", "志愿者", "陪伴", h, "2"] for n, h in enumerate(hours, start=1)]
    out = tmp_path / "t.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm)
    doc.build([w.table(SERVICE_COLUMNS, rows, totals=["合计", "", "", "", "", "", "24.25", ""])])
    boxes = [b for b in word_boxes(out)[0][1:] if re.fullmatch(r"\d+(\.\d+)?|—", b[4])]
    points = []
    for want in ("7", "12.5", "3.25", "1.5", "24.25"):
        x_max, word = next((b[2], b[4]) for b in boxes if b[4] == want)
        fraction = word[word.index(".") :] if "." in word else ""
        font = fonts.bold if want == "24.25" else fonts.main
        points.append(x_max - pdfmetrics.stringWidth(fraction, font, TABLE_SIZE))
    assert max(points) - min(points) < 0.6, points  # the units digits end at one x


def test_visit_needs_and_follow_up_are_labelled() -> None:
    assert labelled([("诉求", "希望上门做康复护理。"), ("跟进", "联系卫生服务中心")]) == (
        "诉求：希望上门做康复护理；跟进：联系卫生服务中心"
    )
    assert labelled([("诉求", ""), ("跟进", "已办结")]) == "跟进：已办结"


def test_the_visits_ledger_prints_labelled_needs(hard_names: App, tmp_path: Path) -> None:
    result = make_monthly_ledgers(hard_names, TODAY.year, TODAY.month, tmp_path / "v.pdf", ledgers=["visits"])
    flat = re.sub(r"\s+", "", pdf_text(result.path))
    assert "诉求：希望有人定期上门做康复护理；跟进：联系社区卫生服务中心上门服务（" in flat
    assert "。；" not in flat


def test_the_keep_words_rule_knows_names_ranks_and_numbers() -> None:
    assert words("张三、艾尔肯·吐尔逊、王五") == ["张三", "、", "艾尔肯·吐尔逊", "、", "王五"]
    assert "正处级" in words("市教育局副局长（正处级）") and "0532-88790793" in words("电话0532-88790793")
    assert {"赵振华", "张辉"} <= set(words("街道党工委委员赵振华、社区书记张辉"))  # a name after its title


# -- marking ----------------------------------------------------------------------------------


def test_a_full_data_print_is_marked_on_every_page_with_who_printed_it(hard_names: App, tmp_path: Path) -> None:
    hard_names.actor = Actor("u1", "李管理", "admin")
    full = make_monthly_ledgers(hard_names, TODAY.year, TODAY.month, tmp_path / "full.pdf", full_data=True)
    pages = pages_of(full.path)
    assert len(pages) == full.pages > 3
    for number, page in enumerate(pages, start=1):
        assert CONFIDENTIAL in page and "打印人：李管理" in page, f"page {number} is not marked"
    masked = make_monthly_ledgers(hard_names, TODAY.year, TODAY.month, tmp_path / "masked.pdf")
    assert not any(CONFIDENTIAL in page or "打印人" in page for page in pages_of(masked.path))
    year = make_year_summary(hard_names, TODAY.year, tmp_path / "year.pdf")  # no personal data in it
    assert CONFIDENTIAL not in pdf_text(year.path)


def test_the_command_line_names_its_login_on_a_full_data_print(demo_template: Path, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    out = tmp_path / "m.pdf"
    month = f"{TODAY:%Y-%m}"
    argv = ["--data-dir", str(data), "report", "monthly", "--month", month, "--ledger", "roster", "--out", str(out)]
    assert cli.main([*argv, "--full-data"]) == 0
    pages = pages_of(out)
    assert pages and all(f"打印人：命令行（用户 {getpass.getuser()}）" in page for page in pages)
