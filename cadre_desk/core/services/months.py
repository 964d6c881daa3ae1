"""Month close (月结归档): a month's ledgers archived exactly as printed, and what became of
the month since.

After the month's ledgers are printed and signed, an administrator closes the month:
:func:`close_month` prints the ledgers (PDF) and exports them (Excel) with the existing
ledger code, keeps both files in the media store by their SHA-256 and writes a
:class:`~cadre_desk.core.models.MonthClose` row (who, when, the hashes), which travels to
the district with the next sync bundle, the files with it.

A closed month then prints as archived, byte for byte (:func:`archived_file`,
:func:`copy_archived`).  A change to a record dated in it needs an administrator and is
audited as a correction (see :mod:`cadre_desk.core.closing`); :func:`corrections_since_close`
lists them and :func:`print_with_corrections` prints the month again from today's data
with a 更正记录 in front.  Closing again after corrections archives a new print that
supersedes the previous one.

A month's state (:func:`month_state`, :func:`month_states`): 未归档, 已归档, or
归档后有更正.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..app import App
from ..closing import CORRECTION_KEY, LiveClose, live_closes, month_label
from ..errors import DomainError
from ..files import save_atomically
from ..jobs import CancelToken, Progress, no_progress
from ..media import DOCUMENT_KINDS
from ..models import ActivityInvitee, Attachment, AuditEntry, CheckIn, MediaFile, MonthClose, Station
from ..permissions import MONTH_CLOSE, require
from .base import own_station_id
from .media import register_media
from .scope import install_kind

OPEN, CLOSED, CORRECTED = "open", "closed", "corrected"
_SHA256 = re.compile(r"[0-9a-f]{64}")
#: what each state is called
STATES: dict[str, str] = {OPEN: "未归档", CLOSED: "已归档", CORRECTED: "归档后有更正"}


@dataclass(frozen=True)
class CloseInfo:
    """One close of a month: the archived files and who closed it when."""

    id: str
    station_id: str
    month: str  # YYYY-MM
    pdf_sha256: str
    pdf_size: int
    pages: int
    xlsx_sha256: str | None
    xlsx_size: int
    full_data: bool
    closed_by: str
    closed_by_id: str | None
    closed_at: dt.datetime
    note: str
    supersedes: str | None


@dataclass(frozen=True)
class MonthState:
    """Where one station's month stands."""

    station_id: str
    station: str
    month: str  # YYYY-MM
    state: str  # OPEN | CLOSED | CORRECTED
    close: CloseInfo | None
    corrections: int  # audited corrections since the close

    @property
    def label(self) -> str:
        return STATES[self.state]

    @property
    def period(self) -> str:
        return month_label(self.month)


@dataclass(frozen=True)
class CloseResult:
    close: CloseInfo
    pdf_path: Path  # the archived PDF in the media store (read only: copy it to hand it out)
    xlsx_path: Path | None
    seconds: float


def month_key(year: int, month: int) -> str:
    """(2026, 10) as ``2026-10``; :class:`DomainError` for a month that does not exist."""
    if not (1 <= month <= 12 and 1900 <= year <= 9999):
        raise DomainError(f"没有 {year} 年 {month} 月这个月份。")
    return f"{year:04d}-{month:02d}"


def _info(row: MonthClose) -> CloseInfo:
    return CloseInfo(
        id=row.id,
        station_id=row.station_id,
        month=row.month,
        pdf_sha256=row.pdf_sha256,
        pdf_size=row.pdf_size,
        pages=row.pages,
        xlsx_sha256=row.xlsx_sha256,
        xlsx_size=row.xlsx_size,
        full_data=row.full_data,
        closed_by=row.closed_by,
        closed_by_id=row.closed_by_id,
        closed_at=row.closed_at,
        note=row.note,
        supersedes=row.supersedes,
    )


def _station(s: Session, station_id: str | None) -> tuple[str, str]:
    sid = station_id or own_station_id(s)
    station = s.get(Station, sid)
    if station is None or station.deleted:
        raise DomainError("没有这个驿站，它可能已被删除。")
    return sid, station.name


def _correction_counts(s: Session, closes: Iterable[LiveClose]) -> dict[str, int]:
    """Corrections audited since each close (by the close's id in the entries)."""
    closes = list(closes)
    if not closes:
        return {}
    since = min(c.closed_at for c in closes)
    marked = func.json_extract(AuditEntry.changes, f"$.{CORRECTION_KEY}[0]")
    counts: dict[str, int] = dict.fromkeys((c.id for c in closes), 0)
    # corrections come after their close: the audit trail's index on ``at`` narrows the search
    stmt = select(marked).where(AuditEntry.at >= since - dt.timedelta(days=1), marked.is_not(None))
    for (ids,) in s.execute(stmt):
        for cid in str(ids).split(","):
            if cid in counts:
                counts[cid] += 1
    return counts


def _states(s: Session, station_id: str, station: str, months: list[str]) -> list[MonthState]:
    closes = {m: c for (sid, m), c in live_closes(s, [station_id]).items() if sid == station_id}
    counts = _correction_counts(s, closes.values())
    rows = {c.id: s.get(MonthClose, c.id) for c in closes.values()}
    out = []
    for m in months:
        c = closes.get(m)
        if c is None:
            out.append(MonthState(station_id, station, m, OPEN, None, 0))
            continue
        n = counts.get(c.id, 0)
        out.append(MonthState(station_id, station, m, CORRECTED if n else CLOSED, _info(rows[c.id]), n))  # type: ignore[arg-type]
    return out


def month_state(app: App, year: int, month: int, *, station_id: str | None = None) -> MonthState:
    """One month of a station (this install's own by default)."""
    key = month_key(year, month)
    with app.read() as s:
        sid, name = _station(s, station_id)
        return _states(s, sid, name, [key])[0]


def month_states(
    app: App, year: int, *, station_id: str | None = None, today: dt.date | None = None
) -> list[MonthState]:
    """Every month of a year up to this month (all twelve for a past year), oldest first."""
    day = today or dt.date.today()
    last = 12 if year < day.year else (day.month if year == day.year else 0)
    with app.read() as s:
        sid, name = _station(s, station_id)
        return _states(s, sid, name, [month_key(year, m) for m in range(1, last + 1)])


def closed_months(app: App, *, station_ids: Iterable[str] | None = None) -> list[MonthState]:
    """Every closed month of every station here (at the district: which stations closed
    which months), by station name and then month, newest month first."""
    with app.read() as s:
        closes = live_closes(s, station_ids)
        names = dict(s.execute(select(Station.id, Station.name)).all())
        counts = _correction_counts(s, closes.values())
        out = []
        for (sid, m), c in closes.items():
            row = s.get(MonthClose, c.id)
            n = counts.get(c.id, 0)
            out.append(MonthState(sid, names.get(sid, ""), m, CORRECTED if n else CLOSED, _info(row), n))  # type: ignore[arg-type]
    out.sort(key=lambda st: st.month, reverse=True)
    out.sort(key=lambda st: st.station)
    return out


def closed_month_notice(app: App, days: Iterable[dt.date | None], *, station_id: str | None = None) -> str | None:
    """What to tell the user before saving a record dated on ``days`` (old and new dates of
    the record) when one of them is in a closed month; None when none is.

    For an administrator it asks to confirm a correction; for anyone else it says the
    change will be refused.
    """
    from ..permissions import can

    months = sorted({f"{d:%Y-%m}" for d in days if d is not None})
    if not months:
        return None
    with app.read() as s:
        sid = station_id or own_station_id(s)
        closes = live_closes(s, [sid])
    hit = [closes[(sid, m)] for m in months if (sid, m) in closes]
    if not hit:
        return None
    names = "、".join(month_label(c.month) for c in hit)
    when = f"{hit[0].closed_at:%Y-%m-%d} 由{hit[0].closed_by or '管理员'}"
    if can(app.actor, MONTH_CLOSE):
        return (
            f"{names}的台账已于 {when}月结归档。这次修改将作为对已归档月份的更正记入操作记录，"
            f"重新生成（含更正）的台账会列出它；归档文件本身不变。要保存吗？"
        )
    return f"{names}的台账已于 {when}月结归档，其中的记录只有管理员可以更正。请让管理员登录后修改。"


# -- closing ---------------------------------------------------------------------------------


def close_month(
    app: App,
    year: int,
    month: int,
    *,
    note: str = "",
    full_data: bool = False,
    today: dt.date | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> CloseResult:
    """Close a month of this station (月结归档): print its ledgers to PDF and Excel, keep
    both in the media store and record the close (administrators only).

    The files are made before the transaction (a job: ``progress`` and ``cancel``; a
    cancelled close leaves nothing); the close row, the media index rows and the audit
    entry are written in one transaction.  Closing a month that is closed and not
    corrected since, a month not yet over, or at the district office raises
    :class:`DomainError`.  After corrections a new close supersedes the previous one.
    """
    import time

    from ..ledgers.excel import export_monthly_ledgers_excel
    from ..ledgers.pdf import make_monthly_ledgers

    started = time.monotonic()
    require(app.actor, MONTH_CLOSE)
    token = cancel or CancelToken()
    key = month_key(year, month)
    day = today or dt.date.today()
    if f"{day:%Y-%m}" <= key:
        raise DomainError(f"{month_label(key)}还没有结束，月底之后才能月结归档。")
    if len(note) > 500:
        raise DomainError("归档说明太长，请不超过 500 字。")
    with app.read() as s:
        if install_kind(s) == "district":
            raise DomainError("月结归档由各驿站做；区老干部局在数据包中收到各驿站归档的台账。")
    state = month_state(app, year, month)
    if state.state == CLOSED:
        assert state.close is not None
        raise DomainError(
            f"{state.period}已于 {state.close.closed_at:%Y-%m-%d %H:%M} 由{state.close.closed_by or '管理员'}"
            "月结归档，之后没有更正，不需要再归档。"
        )
    progress(0.0, f"正在生成{state.period}的台账……")
    with tempfile.TemporaryDirectory(prefix="cadre-close-") as tmp:
        pdf_tmp = Path(tmp) / f"{key}.pdf"
        xlsx_tmp = Path(tmp) / f"{key}.xlsx"
        printed = make_monthly_ledgers(
            app,
            year,
            month,
            pdf_tmp,
            full_data=full_data,
            today=day,
            progress=lambda f, m: progress(0.8 * f, m),
            cancel=token,
        )
        token.check()
        export_monthly_ledgers_excel(
            app,
            year,
            month,
            xlsx_tmp,
            full_data=full_data,
            today=day,
            progress=lambda f, m: progress(0.8 + 0.15 * f, m),
            cancel=token,
        )
        token.check()
        progress(0.95, "正在保存归档文件……")
        pdf = app.media.put_document(pdf_tmp, "pdf")
        xlsx = app.media.put_document(xlsx_tmp, "xlsx")
    token.check()
    with app.transaction(needs=MONTH_CLOSE) as tx:
        sid = own_station_id(tx.session)
        current = live_closes(tx.session, [sid]).get((sid, key))
        if current is not None and state.close is not None and current.id != state.close.id:
            raise DomainError(f"{state.period}刚刚被另一处归档了，请刷新后再看。")
        if current is not None and state.close is None:
            raise DomainError(f"{state.period}刚刚被另一处归档了，请刷新后再看。")
        register_media(tx, pdf)
        register_media(tx, xlsx)
        row = tx.add(
            MonthClose(
                station_id=sid,
                month=key,
                pdf_sha256=pdf.sha256,
                pdf_size=pdf.size,
                pages=printed.pages,
                xlsx_sha256=xlsx.sha256,
                xlsx_size=xlsx.size,
                full_data=full_data,
                closed_by_id=tx.actor.user_id,
                closed_by=tx.actor.name,
                closed_at=tx.at,
                note=note.strip(),
                supersedes=state.close.id if state.close is not None else None,
            )
        )
        info = _info(row)
    progress(1.0, f"{state.period}已月结归档（{printed.pages} 页）。")
    return CloseResult(
        info,
        app.media.original_path(pdf.sha256, "pdf"),
        app.media.original_path(xlsx.sha256, "xlsx"),
        time.monotonic() - started,
    )


# -- the archive -------------------------------------------------------------------------------


def archived_file(app: App, year: int, month: int, kind: str = "pdf", *, station_id: str | None = None) -> Path | None:
    """The archived file (``pdf`` or ``xlsx``) of a closed month in the media store, checked
    against its SHA-256; None when the month is not closed.  Raises :class:`DomainError`
    when the file is missing or damaged (not yet arrived by sync, or changed on disk).
    The file is the store's own: copy it (:func:`copy_archived`) to hand it out.
    """
    if kind not in DOCUMENT_KINDS:
        raise DomainError(f"没有 .{kind} 格式的归档文件。")
    state = month_state(app, year, month, station_id=station_id)
    if state.close is None:
        return None
    sha = state.close.pdf_sha256 if kind == "pdf" else state.close.xlsx_sha256
    if not sha:
        raise DomainError(f"{state.period}归档时没有保存 .{kind} 文件。")
    if not _SHA256.fullmatch(sha):  # a name from another install: never a path
        raise DomainError(f"{state.station} {state.period}的归档记录已损坏（文件校验值无效）。")
    with app.read() as s:
        indexed = s.get(MediaFile, sha) is not None
    problem = app.media.verify(sha, kind) if indexed else "文件缺失"
    if problem is not None:
        raise DomainError(
            f"{state.station} {state.period}的归档文件（.{kind}）{problem}。"
            "如果是刚收到的数据包，文件可能还没有送到；否则请从备份恢复。"
        )
    return app.media.original_path(sha, kind)


def copy_archived(
    app: App, year: int, month: int, dest: Path | str, *, station_id: str | None = None
) -> tuple[MonthState, Path]:
    """Copy a closed month's archived file to ``dest`` (its kind by the file's ending: .pdf
    or .xlsx), byte for byte.  Raises :class:`DomainError` when the month is not closed."""
    dest = Path(dest)
    kind = dest.suffix.lower().lstrip(".")
    state = month_state(app, year, month, station_id=station_id)
    source = archived_file(app, year, month, kind, station_id=station_id)
    if source is None:
        raise DomainError(f"{state.period}还没有月结归档。")

    def write(tmp: Path) -> None:
        shutil.copyfile(source, tmp)

    save_atomically(dest, write, opened_by="PDF 阅读器或 Excel 等其他程序")
    return state, dest


# -- corrections -------------------------------------------------------------------------------


def corrections_since_close(app: App, year: int, month: int, *, station_id: str | None = None) -> list[Any]:
    """The audited corrections of a closed month since its close, oldest first, as the
    audit trail shows them (:class:`~.audit.AuditRow`, full values for those allowed);
    [] for a month not closed."""
    from ..permissions import SENSITIVE, can
    from .audit import _present

    state = month_state(app, year, month, station_id=station_id)
    if state.close is None:
        return []
    close = state.close
    e = AuditEntry
    marked = func.json_extract(e.changes, f"$.{CORRECTION_KEY}[0]")
    stmt = (
        select(e.id, e.at, e.user_id, e.user_name, e.action, e.entity, e.entity_id, e.label, e.changes)
        .where(e.at >= close.closed_at - dt.timedelta(days=1), marked.like(f"%{close.id}%"))
        .order_by(e.at, e.hlc)
    )
    with app.read() as s:
        raw = list(s.execute(stmt))
        return _present(s, raw, full=can(app.actor, SENSITIVE))


def print_with_corrections(
    app: App,
    year: int,
    month: int,
    out_path: Path | str,
    *,
    ledgers: Iterable[str] | None = None,
    full_data: bool = False,
    today: dt.date | None = None,
    station_id: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Any:
    """Print a month's ledgers again from today's data ("重新生成"); for a closed month with
    a 更正记录 in front listing each correction since the close (record, field, old → new,
    who, when).  Returns the :class:`~cadre_desk.core.ledgers.pdf.LedgerResult`."""
    from ..ledgers.corrections import CorrectedMonth, CorrectionLine, correction_part, mark_corrected
    from ..ledgers.pdf import make_monthly_ledgers

    state = month_state(app, year, month, station_id=station_id)
    preface = None
    if state.close is not None:
        close = state.close
        found = corrections_since_close(app, year, month, station_id=station_id)
        lines = tuple(
            CorrectionLine(
                at=r.at,
                user=r.user,
                action=r.action_label,
                kind=r.kind_label,
                record=r.label,
                fields=tuple(
                    (c.label, c.before, c.after) for c in r.changes if c.field not in ("deleted", "station_id")
                ),
            )
            for r in found
        )
        corrected = CorrectedMonth(
            state.station,
            state.period,
            close.closed_at,
            close.closed_by,
            close.pdf_sha256,
            close.pages,
            lines,
            _corrected_activities(app, found),
        )

        def preface(w: Any, books: list[Any]) -> list[Any]:
            marked = mark_corrected(books, corrected.activity_ids)
            return [correction_part(w, corrected, marked=marked)]

    return make_monthly_ledgers(
        app,
        year,
        month,
        out_path,
        ledgers=ledgers,
        full_data=full_data,
        today=today,
        station=station_id,
        progress=progress,
        cancel=cancel,
        preface=preface,
    )


def _corrected_activities(app: App, found: list[Any]) -> frozenset[str]:
    """The activities a list of corrections touched: their own rows, and their sign-ins,
    invitees and photos."""
    ids = {r.entity_id for r in found if r.entity == "activities"}
    owned = {
        "check_ins": (CheckIn.id, CheckIn.activity_id),
        "activity_invitees": (ActivityInvitee.id, ActivityInvitee.activity_id),
        "attachments": (Attachment.id, Attachment.owner_id),
    }
    with app.read() as s:
        for entity, (key, activity) in owned.items():
            rows = [r.entity_id for r in found if r.entity == entity]
            for i in range(0, len(rows), 500):
                stmt = select(activity).where(key.in_(rows[i : i + 500]))
                if entity == "attachments":
                    stmt = stmt.where(Attachment.owner_type == "activity")
                ids.update(s.scalars(stmt))
    return frozenset(ids)
