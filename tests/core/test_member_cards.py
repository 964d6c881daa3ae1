"""Member cards as PDF: read back with tools the project did not write (poppler, zbar)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from cadre_desk import cli
from cadre_desk.core.app import App
from cadre_desk.core.cards import parse_card_code
from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import Person
from cadre_desk.core.pdf import station_name
from cadre_desk.core.pdf.cards import PER_PAGE, make_member_cards
from cadre_desk.core.pdf.fonts import missing_glyphs, print_fonts, register_cjk_font
from cadre_desk.core.services.people import create_person, delete_person
from cadre_desk.core.services.roster import RosterFilter

RARE = "\U00031350"  # CJK Extension H, in none of the bundled fonts (𪚥, Extension B, prints from HanaMinB)
PRINTABLE_RARE = "𠮷"  # CJK Extension B, in the bundled rare-character font HanaMinB


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed by these tests: apt-get install poppler-utils zbar-tools (see .ci/run)"
    return path


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run([tool("pdftotext"), *pages, str(pdf), "-"], capture_output=True, text=True, check=True)
    return out.stdout


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def embedded_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb column) of every font in the PDF, as pdffonts lists them."""
    out = subprocess.run([tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    assert lines[1].startswith("---"), out
    # columns: name, type (may be two words), encoding, emb, sub, uni, object, ID
    return [(line.split()[0], line.split()[-5]) for line in lines[2:] if line.strip()]


def scan_page(pdf: Path, page: int, tmp_path: Path) -> list[str]:
    """The QR codes zbar reads on one page rendered at 200 dpi (like a printout under a scanner)."""
    prefix = tmp_path / f"page{page}"
    subprocess.run(
        [tool("pdftoppm"), "-r", "200", "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
        check=True,
    )
    out = subprocess.run(
        [tool("zbarimg"), "--raw", "-q", str(prefix) + ".png"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stderr
    return [line for line in out.stdout.splitlines() if line.strip()]


def roster(app: App, *where: object) -> list[Person]:
    with app.read() as s:
        stmt = select(Person).where(Person.deleted.is_(False), *where).order_by(Person.name_pinyin, Person.id)
        return list(s.scalars(stmt))


def test_cards_for_the_roster_scan_back_to_exactly_the_people_on_each_page(demo_app: App, tmp_path: Path) -> None:
    out = tmp_path / "cards.pdf"
    people = roster(demo_app, Person.status == "active")
    assert len(people) > PER_PAGE

    result = make_member_cards(demo_app, out)

    assert (result.count, result.pages, result.path) == (len(people), math.ceil(len(people) / PER_PAGE), out)
    assert out.read_bytes().startswith(b"%PDF-")
    last = result.pages
    for page in (1, last):
        on_page = people[(page - 1) * PER_PAGE : page * PER_PAGE]
        codes = scan_page(out, page, tmp_path)
        assert len(codes) == len(on_page)
        assert sorted(parse_card_code(code) or code for code in codes) == sorted(p.id for p in on_page)

    text = pdf_text(out)
    flat = squashed(text)
    assert station_name(demo_app) in flat
    for person in people:
        shown = person.name.replace(RARE, "") if person.name in result.missing_chars else person.name
        assert squashed(shown) in flat
        for secret in (person.id_number, person.phone_mobile, person.phone_home):
            if secret:
                assert secret not in text and secret not in flat, f"{person.name}: {secret} printed"
    fonts = embedded_fonts(out)
    assert fonts and all(emb == "yes" for _, emb in fonts), fonts


def test_cards_follow_the_roster_filter(demo_app: App, tmp_path: Path) -> None:
    people = roster(demo_app, Person.status == "active", Person.party_branch != "")
    branch = max({p.party_branch for p in people}, key=lambda b: sum(p.party_branch == b for p in people))
    in_branch = [p for p in people if p.party_branch == branch]
    out = tmp_path / "branch.pdf"

    result = make_member_cards(demo_app, out, roster_filter=RosterFilter(party_branch=branch))

    assert (result.count, result.pages) == (len(in_branch), math.ceil(len(in_branch) / PER_PAGE))
    codes = [code for page in range(1, result.pages + 1) for code in scan_page(out, page, tmp_path)]
    assert sorted(parse_card_code(c) or c for c in codes) == sorted(p.id for p in in_branch)


def test_cards_for_chosen_people_skip_deleted_ones(demo_app: App, tmp_path: Path) -> None:
    people = roster(demo_app)
    chosen = [people[5], people[1], people[3]]
    delete_person(demo_app, people[3].id)

    result = make_member_cards(demo_app, tmp_path / "some.pdf", person_ids=[p.id for p in chosen])

    assert (result.count, result.pages) == (2, 1)
    codes = scan_page(result.path, 1, tmp_path)
    assert sorted(parse_card_code(c) or c for c in codes) == sorted([people[1].id, people[5].id])


def test_nobody_to_print_is_an_error_and_writes_nothing(app: App, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DomainError, match="没有符合条件的人员"):
        make_member_cards(app, folder / "cards.pdf")
    with pytest.raises(DomainError):
        make_member_cards(app, folder / "cards.pdf", person_ids=[])
    assert list(folder.iterdir()) == []


def test_a_cancelled_run_leaves_the_old_file_and_no_half_pdf(demo_app: App, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "cards.pdf"
    out.write_bytes(b"the cards printed last time")
    token = CancelToken()
    seen: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        seen.append(message)
        if "第 1 /" in message:
            token.cancel()

    with pytest.raises(Cancelled):
        make_member_cards(demo_app, out, progress=progress, cancel=token)

    assert any("第 1 /" in m for m in seen)
    assert [p.name for p in folder.iterdir()] == ["cards.pdf"]
    assert out.read_bytes() == b"the cards printed last time"


def test_an_unwritable_place_is_a_domain_error(demo_app: App, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="无法保存"):
        make_member_cards(demo_app, tmp_path / "no such folder" / "cards.pdf")
    (tmp_path / "folder.pdf").mkdir()
    with pytest.raises(DomainError, match="文件夹"):
        make_member_cards(demo_app, tmp_path / "folder.pdf")


def test_characters_the_font_lacks_are_reported_not_silently_dropped(app: App, tmp_path: Path) -> None:
    rare = create_person(app, {"name": f"吉{RARE}祥", "category": "tuixiu", "party_branch": "第一党支部"})
    minority = create_person(app, {"name": "阿依古丽·买买提", "category": "lixiu"})

    result = make_member_cards(app, tmp_path / "cards.pdf")

    assert result.count == 2
    assert result.missing_chars == {f"吉{RARE}祥": RARE}
    flat = squashed(pdf_text(result.path))
    assert "吉" in flat and "祥" in flat  # the rest of the name is there (a gap where 𪚥 would be)
    assert "阿依古丽·买买提" in flat  # the middle dot of minority names prints
    assert "离休·" not in flat and "退休·第一党支部" in flat
    codes = scan_page(result.path, 1, tmp_path)
    assert sorted(parse_card_code(c) or c for c in codes) == sorted([rare, minority])


def test_the_print_font_is_registered_once_and_knows_what_it_lacks() -> None:
    name = register_cjk_font()
    assert register_cjk_font() == name
    assert missing_glyphs(f"张 {RARE}", name) == {RARE}
    fonts = print_fonts()
    assert fonts.main == name
    assert fonts.missing(f"王1·{RARE}a{RARE}") == RARE
    assert [font for font, _ in fonts.runs("第 12 页")] == [fonts.main]  # digits in the Chinese font itself
    assert not fonts.missing(PRINTABLE_RARE) and fonts.font_for(PRINTABLE_RARE) in fonts.fallbacks


# -- the command ---------------------------------------------------------------------------


def test_cards_command_writes_the_pdf(demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    out = tmp_path / "cards.pdf"

    assert cli.main(["--data-dir", str(data), "cards", "--out", str(out)]) == 0

    printed = capsys.readouterr().out
    assert re.search(r"已生成 \d+ 张会员卡（\d+ 页）：", printed), printed
    assert out.read_bytes().startswith(b"%PDF-")
    assert len(scan_page(out, 1, tmp_path)) == PER_PAGE


def test_cards_command_filters_and_fails_when_nobody_matches(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    out = tmp_path / "cards.pdf"

    assert cli.main(["--data-dir", str(data), "cards", "--out", str(out), "--branch", "没有这个支部"]) == 1
    assert "没有符合条件的人员" in capsys.readouterr().err
    assert not out.exists()

    assert cli.main(["--data-dir", str(data), "cards", "--out", str(out), "--category", "lixiu"]) == 0
    with App.open(data) as opened:
        lixiu = roster(opened, Person.status == "active", Person.category == "lixiu")
        everyone = roster(opened)
    assert f"已生成 {len(lixiu)} 张会员卡" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(data), "cards", "--out", str(out), "--include-left"]) == 0
    assert f"已生成 {len(everyone)} 张会员卡" in capsys.readouterr().out
