"""Month close (月结归档): the archive, reprints byte for byte, corrections of a closed month."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from cadre_desk.cli import main as cli_main
from cadre_desk.core.app import SYSTEM, Actor, App
from cadre_desk.core.closing import ClosedMonthError
from cadre_desk.core.errors import DomainError
from cadre_desk.core.models import Activity, AuditEntry, CheckIn, MonthClose, Person, ServiceRecord, Visit
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.services import activities as acts
from cadre_desk.core.services import audit, care, media, months, photos

from .sync_world import photo_bytes

ADMIN = Actor("admin-id", "王管理", "admin")
OPERATOR = Actor("operator-id", "张丽", "operator")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed by these tests: apt-get install poppler-utils (see .ci/run)"
    return subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def demo_months(app: App) -> list[tuple[int, int]]:
    """The months the demo station has activities in, oldest first."""
    with app.read() as s:
        days = s.scalars(select(Activity.date).where(Activity.deleted.is_(False))).all()
    return sorted({(d.year, d.month) for d in days})


@pytest.fixture
def closed(demo_app: App) -> tuple[App, int, int, months.CloseResult]:
    """The demo station with its first month closed by an administrator."""
    year, month = demo_months(demo_app)[0]
    demo_app.actor = ADMIN
    result = months.close_month(demo_app, year, month, note="十月台账已打印盖章")
    return demo_app, year, month, result


def first_activity(app: App, year: int, month: int) -> Activity:
    first, following = dt.date(year, month, 1), dt.date(year + month // 12, month % 12 + 1, 1)
    with app.read() as s:
        found = s.scalars(
            select(Activity)
            .where(Activity.deleted.is_(False), Activity.date >= first, Activity.date < following)
            .order_by(Activity.date, Activity.id)
        ).first()
    assert found is not None
    return found


def test_closing_archives_the_pdf_and_excel_and_a_reprint_is_the_same_bytes(
    closed: tuple[App, int, int, months.CloseResult], tmp_path: Path
) -> None:
    app, year, month, result = closed
    c = result.close
    assert (c.month, c.closed_by, c.note) == (f"{year:04d}-{month:02d}", "王管理", "十月台账已打印盖章")
    assert c.pages > 5 and c.pdf_size == result.pdf_path.stat().st_size
    assert sha256(result.pdf_path) == c.pdf_sha256 and sha256(result.xlsx_path) == c.xlsx_sha256  # type: ignore[arg-type]
    assert "活动台账" in pdf_text(result.pdf_path)
    state = months.month_state(app, year, month)
    assert (state.state, state.label, state.corrections) == (months.CLOSED, "已归档", 0)

    # later changes elsewhere do not touch the archive: the reprint is the archived file
    later = demo_months(app)[-1]
    type_id = acts.activity_types(app)[0].id
    acts.create_activity(app, {"title": "后来补的活动", "type_id": type_id, "date": dt.date(*later, 2)})
    copy = tmp_path / "重印.pdf"
    months.copy_archived(app, year, month, copy)
    assert copy.read_bytes() == result.pdf_path.read_bytes()
    assert sha256(copy) == c.pdf_sha256
    book = tmp_path / "重印.xlsx"
    months.copy_archived(app, year, month, book)
    assert sha256(book) == c.xlsx_sha256

    # the close itself is one audited, synced row
    with app.read() as s:
        row = s.get(MonthClose, c.id)
        assert row is not None and row.origin == app.install_id and row.tx_seq > 0
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "month_closes")).one()
        assert (entry.action, entry.user_name) == ("create", "王管理")


def test_a_month_closes_once_only_after_it_ended_and_only_by_an_administrator(demo_app: App) -> None:
    year, month = demo_months(demo_app)[0]
    demo_app.actor = OPERATOR
    with pytest.raises(PermissionDenied, match="没有权限月结归档"):
        months.close_month(demo_app, year, month)
    demo_app.actor = ADMIN
    today = dt.date.today()
    with pytest.raises(DomainError, match="还没有结束"):
        months.close_month(demo_app, today.year, today.month)
    months.close_month(demo_app, year, month)
    with pytest.raises(DomainError, match="之后没有更正，不需要再归档"):
        months.close_month(demo_app, year, month)
    with demo_app.read() as s:
        assert len(s.scalars(select(MonthClose)).all()) == 1


def test_a_cancelled_close_keeps_nothing(demo_app: App) -> None:
    from cadre_desk.core.jobs import Cancelled, CancelToken

    year, month = demo_months(demo_app)[0]
    demo_app.actor = ADMIN
    token = CancelToken()

    def progress(fraction: float, _message: str) -> None:
        if fraction > 0.5:
            token.cancel()

    with pytest.raises(Cancelled):
        months.close_month(demo_app, year, month, progress=progress, cancel=token)
    assert months.month_state(demo_app, year, month).state == months.OPEN


def _edits(app: App, year: int, month: int) -> dict[str, Callable[[], object]]:
    """A change of each kind of record dated in the month, by the service that makes it."""
    activity = first_activity(app, year, month)
    day = dt.date(year, month, 15)
    with app.read() as s:
        visit = s.scalars(
            select(Visit).where(Visit.deleted.is_(False), Visit.date >= dt.date(year, month, 1), Visit.date <= day)
        ).first()
        service = s.scalars(
            select(ServiceRecord).where(ServiceRecord.deleted.is_(False), ServiceRecord.date >= dt.date(year, month, 1))
            .where(ServiceRecord.date <= day)
        ).first()
        sign_in = s.scalars(
            select(CheckIn).where(CheckIn.activity_id == activity.id, CheckIn.deleted.is_(False))
        ).first()
        someone = s.scalars(select(Person.id).where(Person.deleted.is_(False))).first()
    assert visit is not None and service is not None and sign_in is not None and someone is not None
    info = media.store_image(app, photo_bytes(9), "补拍.jpg")

    def attach() -> None:
        with app.transaction() as tx:
            photos.attach_stored(tx, "activity", activity.id, [("补拍.jpg", info)])

    type_id = acts.activity_types(app)[0].id
    return {
        "活动": lambda: acts.update_activity(app, activity.id, {"place": "社区会议室（更正）"}),
        "补录活动": lambda: acts.create_activity(app, {"title": "补录的座谈会", "type_id": type_id, "date": day}),
        "删除活动": lambda: acts.delete_activity(app, activity.id),
        "签到": lambda: acts.undo_check_in(app, sign_in.id),
        "照片": attach,
        "走访": lambda: care.update_visit(app, visit.id, {**care.get_visit(app, visit.id).values, "gifts": "牛奶一箱"}),
        "志愿服务": lambda: care.add_service_record(app, someone, None, day, "2"),
        "更正服务记录": lambda: care.correct_service_record(
            app, service.id, {**care.get_service_record(app, service.id).values, "hours": "3.5"}
        ),
    }


EDIT_KINDS = ["活动", "补录活动", "删除活动", "签到", "照片", "走访", "志愿服务", "更正服务记录"]


@pytest.mark.parametrize("kind", EDIT_KINDS)
def test_an_operator_cannot_change_a_closed_month_and_is_told_why(
    closed: tuple[App, int, int, months.CloseResult], kind: str
) -> None:
    app, year, month, _ = closed
    edit = _edits(app, year, month)[kind]
    with app.read() as s:
        before = s.scalar(select(AuditEntry.tx_seq).order_by(AuditEntry.tx_seq.desc()).limit(1))
    app.actor = OPERATOR
    with pytest.raises(ClosedMonthError) as refused:
        edit()
    message = refused.value.message
    assert f"{year}年{month}月的台账已月结归档" in message and "只有管理员可以更正" in message
    assert "张丽（操作员）" in message
    with app.read() as s:  # nothing of the transaction was kept
        assert s.scalar(select(AuditEntry.tx_seq).order_by(AuditEntry.tx_seq.desc()).limit(1)) == before
    assert months.month_state(app, year, month).state == months.CLOSED


@pytest.mark.parametrize("kind", EDIT_KINDS)
def test_an_administrators_change_to_a_closed_month_is_audited_as_a_correction(
    closed: tuple[App, int, int, months.CloseResult], kind: str
) -> None:
    app, year, month, _ = closed
    _edits(app, year, month)[kind]()
    state = months.month_state(app, year, month)
    assert (state.state, state.label) == (months.CORRECTED, "归档后有更正")
    assert state.corrections >= 1
    found = months.corrections_since_close(app, year, month)
    assert found and all(r.user == "王管理" for r in found)
    labels = {r.action_label for r in found}
    assert labels <= {"更正", "补录", "更正·删除", "更正·恢复"}
    # the audit trail says so too
    page = audit.search_audit(app)
    marked = [r for r in page.rows if r.action_label in labels]
    assert marked and all(f"（{year}年{month}月已归档）" in r.summary for r in marked)


def test_moving_a_record_into_or_out_of_a_closed_month_is_a_correction_too(
    closed: tuple[App, int, int, months.CloseResult],
) -> None:
    app, year, month, _ = closed
    later = demo_months(app)[-1]
    activity = first_activity(app, *later)
    app.actor = OPERATOR
    # an open month: operators change it freely
    acts.update_activity(app, activity.id, {"place": "活动室"})
    with pytest.raises(ClosedMonthError):
        acts.update_activity(app, activity.id, {"date": dt.date(year, month, 20)})
    inside = first_activity(app, year, month)
    with pytest.raises(ClosedMonthError):
        acts.update_activity(app, inside.id, {"date": dt.date(*later, 3)})
    app.actor = ADMIN
    acts.update_activity(app, inside.id, {"date": dt.date(*later, 3)})
    (row,) = months.corrections_since_close(app, year, month)
    change = {c.label: (c.before, c.after) for c in row.changes}
    assert change["活动日期"] == (inside.date.isoformat(), f"{later[0]:04d}-{later[1]:02d}-03")


def test_the_regenerated_print_lists_each_correction_and_the_archive_stays_as_it_was(
    closed: tuple[App, int, int, months.CloseResult], tmp_path: Path
) -> None:
    app, year, month, result = closed
    activity = first_activity(app, year, month)
    acts.update_activity(app, activity.id, {"place": "社区会议室（更正）"})
    out = tmp_path / "重新生成.pdf"
    printed = months.print_with_corrections(app, year, month, out)
    text = squashed(pdf_text(out))
    assert "更正记录（重新生成，含更正）" in text
    assert "归档后更正1处" in text
    assert squashed(f"活动地点：{activity.place or '（空）'} → 社区会议室（更正）") in text
    assert "王管理" in text and "更正" in text
    assert printed.parts[0][0].endswith("更正记录（重新生成，含更正）")
    # the archive is the print as it was
    assert sha256(result.pdf_path) == result.close.pdf_sha256
    assert "社区会议室（更正）" not in pdf_text(result.pdf_path)
    ledgers = text.split("更正记录")[-1]
    assert "社区会议室（更正）" in ledgers  # the ledgers after it show the new value
    assert squashed(f"※{activity.title}") in ledgers  # and mark the corrected activity
    assert "标有“※”的1场活动在归档后有更正" in text


def test_closing_again_after_corrections_supersedes_the_first_archive(
    closed: tuple[App, int, int, months.CloseResult], tmp_path: Path
) -> None:
    app, year, month, first = closed
    acts.update_activity(app, first_activity(app, year, month).id, {"place": "老年活动中心"})
    again = months.close_month(app, year, month, note="更正后重新归档")
    assert again.close.supersedes == first.close.id
    state = months.month_state(app, year, month)
    assert (state.state, state.close.id, state.corrections) == (months.CLOSED, again.close.id, 0)  # type: ignore[union-attr]
    assert "老年活动中心" in pdf_text(again.pdf_path)
    assert sha256(first.pdf_path) == first.close.pdf_sha256  # the first archive is kept


def test_a_damaged_archive_is_refused_not_handed_out(closed: tuple[App, int, int, months.CloseResult]) -> None:
    app, year, month, result = closed
    result.pdf_path.chmod(0o644)
    with result.pdf_path.open("r+b") as fh:
        fh.seek(200)
        fh.write(b"X")
    with pytest.raises(DomainError, match=re.escape("归档文件（.pdf）文件内容与校验值不符")):
        months.archived_file(app, year, month)


def test_the_store_keeps_only_real_pdf_and_xlsx_documents(app: App, tmp_path: Path) -> None:
    fake = tmp_path / "台账.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(DomainError, match=re.escape("不是 .pdf 文件")):
        app.media.put_document(fake, "pdf")
    with pytest.raises(DomainError, match=re.escape("不保存 .exe")):
        app.media.put_document(fake, "exe")
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(DomainError, match="空文件"):
        app.media.put_document(empty, "xlsx")
    with pytest.raises(DomainError, match="文件夹"):
        app.media.put_document(tmp_path, "pdf")


def test_month_states_of_a_year(closed: tuple[App, int, int, months.CloseResult]) -> None:
    app, year, month, _ = closed
    states = {s.month: s.label for s in months.month_states(app, year, today=dt.date(year, 12, 31))}
    assert len(states) == 12
    assert states[f"{year:04d}-{month:02d}"] == "已归档"
    assert set(states.values()) == {"未归档", "已归档"}


def test_the_command_line_closes_lists_and_reprints_from_the_archive(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    with App.open(data) as app:
        year, month = demo_months(app)[0]
    key = f"{year:04d}-{month:02d}"
    assert cli_main(["--data-dir", str(data), "report", "close", "--month", key]) == 0
    out = capsys.readouterr().out
    assert "已月结归档" in out
    archived = re.search(r"PDF SHA-256：([0-9a-f]{64})", out).group(1)  # type: ignore[union-attr]
    assert cli_main(["--data-dir", str(data), "report", "months", "--year", str(year)]) == 0
    assert f"{key}\t已归档" in capsys.readouterr().out

    pdf = tmp_path / "重印.pdf"
    assert cli_main(["--data-dir", str(data), "report", "monthly", "--month", key, "--out", str(pdf)]) == 0
    said = capsys.readouterr()
    assert "输出的是归档文件原件" in said.err and sha256(pdf) == archived

    with App.open(data) as app:
        app.actor = SYSTEM
        acts.update_activity(app, first_activity(app, year, month).id, {"place": "命令行更正的地点"})
    assert cli_main(["--data-dir", str(data), "report", "months", "--year", str(year)]) == 0
    assert f"{key}\t归档后有更正" in capsys.readouterr().out
    assert cli_main(["--data-dir", str(data), "report", "monthly", "--month", key, "--out", str(pdf)]) == 0
    assert sha256(pdf) == archived  # still the archive
    again = tmp_path / "重新生成.pdf"
    args = ["--data-dir", str(data), "report", "monthly", "--month", key, "--out", str(again), "--regenerate"]
    assert cli_main(args) == 0
    assert "更正记录" in capsys.readouterr().err
    assert "命令行更正的地点" in squashed(pdf_text(again))


def test_the_data_check_reports_a_missing_archive(closed: tuple[App, int, int, months.CloseResult]) -> None:
    from cadre_desk.core.check import run_check

    app, _year, _month, result = closed
    assert run_check(app).ok
    result.pdf_path.unlink()
    report = run_check(app)
    assert any(p.startswith("月结归档台账文件") and "文件缺失" in p for p in report.problems)


def test_an_archive_record_naming_a_path_is_refused(closed: tuple[App, int, int, months.CloseResult]) -> None:
    from sqlalchemy import update

    app, year, month, _result = closed
    with app.transaction() as tx:  # as a forged bundle would leave it
        tx.session.execute(update(MonthClose).values(pdf_sha256="../../cadre_desk.db"))
    with pytest.raises(DomainError, match="归档记录已损坏"):
        months.archived_file(app, year, month)
