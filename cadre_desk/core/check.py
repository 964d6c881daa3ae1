"""Integrity checks of a data dir: the database, the schema, the books and the media store."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from . import inbound, partfiles, textindex
from .app import App
from .jobs import CancelToken, Progress, no_progress
from .migrate import current_revision, head_revision
from .models import Attachment, CheckIn, MediaFile, Meta, MonthClose, Person
from .validators import ValidationError, parse_id_number


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """What was checked, in one line."""
        c = self.counts
        return (
            f"人员 {c.get('people', 0)} 人，签到记录 {c.get('check_ins', 0)} 条，"
            f"照片和签名文件 {c.get('media_files', 0)} 个"
        )


def check_database_file(db_path: Path) -> list[str]:
    """SQLite's own integrity and foreign-key checks (on a fresh connection)."""
    problems = []
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        result = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            problems += [f"数据库完整性检查失败：{r}" for r in result[:20]]
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        for table, rowid, parent, _ in fk[:20]:
            problems.append(f"表 {table} 第 {rowid} 行引用了 {parent} 中不存在的记录")
        if len(fk) > 20:
            problems.append(f"……另有 {len(fk) - 20} 处外键问题")
    except sqlite3.DatabaseError:
        problems.append("数据库文件已损坏，无法读完（SQLite 报告读取出错）。请从备份恢复。")
    finally:
        con.close()
    return problems


def run_check(app: App, *, progress: Progress = no_progress, cancel: CancelToken | None = None) -> CheckReport:
    """Check everything; problems make ``report.ok`` false, notes are informational."""
    token = cancel or CancelToken()
    report = CheckReport()
    progress(0.0, "正在检查数据库…")
    report.problems += check_database_file(app.layout.db)
    rev, head = current_revision(app.layout.db), head_revision()
    if rev != head:
        report.problems.append(f"数据库结构版本为 {rev}，应为 {head}")

    with app.read() as s:
        if s.get(Meta, "install_id") is None:
            report.problems.append("缺少本机标识（install_id）")
        if s.get(Meta, "station_id") is None:
            report.notes.append("尚未设置驿站信息")
        # people: ID numbers valid and unique among current records
        progress(0.2, "正在检查人员名册…")
        seen: dict[str, str] = {}
        n_people = 0
        for _pid, name, number in s.execute(
            select(Person.id, Person.name, Person.id_number).where(Person.deleted.is_(False))
        ):
            n_people += 1
            if not number:
                continue
            try:
                parse_id_number(number)
            except ValidationError as exc:
                report.problems.append(f"人员“{name}”的身份证号有误：{exc.message}")
            if number in seen:
                report.problems.append(f"身份证号重复：“{seen[number]}”与“{name}”")
            seen[number] = name
        report.counts["people"] = n_people
        unfound = textindex.unfound(s)
        if unfound:
            report.problems.append(
                f"人员搜索索引与名册不一致：按姓名搜不到“{'”“'.join(unfound[:5])}”等 {len(unfound)} 人"
                "（数据库可能被其他工具整理过）。请从备份恢复，或联系技术支持重建索引。"
            )
        token.check()

        # media: every referenced file indexed, present and intact
        progress(0.4, "正在检查照片和签名文件…")
        media = {m.sha256: m for m in s.scalars(select(MediaFile))}
        referenced: dict[str, str] = {}
        for sha in s.scalars(select(Attachment.sha256).where(Attachment.deleted.is_(False))):
            referenced[sha] = "照片"
        for sha in s.scalars(
            select(CheckIn.signature_sha256).where(CheckIn.signature_sha256.is_not(None), CheckIn.deleted.is_(False))
        ):
            referenced.setdefault(sha, "签名")
        for sha in s.scalars(select(Person.photo_sha256).where(Person.photo_sha256.is_not(None))):
            referenced.setdefault(sha, "人员照片")
        for pdf, xlsx in s.execute(
            select(MonthClose.pdf_sha256, MonthClose.xlsx_sha256).where(MonthClose.deleted.is_(False))
        ):
            referenced.setdefault(pdf, "月结归档台账")
            if xlsx:
                referenced.setdefault(xlsx, "月结归档台账")
        report.counts["media_files"] = len(media)
        report.counts["check_ins"] = (
            s.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.deleted.is_(False))) or 0
        )
    missing_index = [sha for sha in referenced if sha not in media]
    for sha in missing_index[:20]:
        report.problems.append(f"{referenced[sha]}文件 {sha[:12]}… 未登记在照片库索引中")
    if len(missing_index) > 20:
        report.problems.append(f"……另有 {len(missing_index) - 20} 个文件未登记")

    _check_files(app, media, referenced, report, token, lambda f: progress(0.4 + 0.55 * f, "正在校验照片文件…"))
    progress(1.0, "检查完成")
    return report


def _check_files(
    app: App,
    media: dict[str, MediaFile],
    referenced: dict[str, str],
    report: CheckReport,
    token: CancelToken,
    step: Callable[[float], None],
) -> None:
    bad = 0
    for i, (sha, m) in enumerate(media.items()):
        if i % 200 == 0:
            token.check()
            step(i / max(len(media), 1))
        if not (inbound.is_sha256(sha) and inbound.is_media_ext(m.ext)):
            # a row no export or restore will use: it could name a file outside the store
            report.problems.append(
                f"照片库索引中有文件名无效的记录（校验值“{inbound.shown(sha)}”，扩展名“{inbound.shown(m.ext)}”），"
                "可能来自被改动的备份或数据包。请从可靠的备份恢复，或联系技术支持。"
            )
            continue
        problem = app.media.verify(sha, m.ext)
        if (
            problem is None
            and referenced.get(sha) == "照片"
            and not (app.media.print_path(sha).exists() and app.media.thumb_path(sha).exists())
        ):
            problem = "缺少打印尺寸图或缩略图"
        if problem:
            bad += 1
            if bad <= 20:
                report.problems.append(f"{referenced.get(sha, '媒体')}文件 {sha[:12]}…：{problem}")
    if bad > 20:
        report.problems.append(f"……另有 {bad - 20} 个文件有问题")
    orphans = app.media.stored_hashes() - set(media)
    if orphans:
        report.notes.append(f"照片库中有 {len(orphans)} 个未被引用的文件（可能是中断的导入留下的，不影响数据）")
    if app.removed_part_files:
        report.notes.append(
            f"打开数据时清理了 {len(app.removed_part_files)} 个未写完的临时文件（.part），"
            "是程序或电脑被强行关闭时留下的，不影响数据。"
        )
    parts = partfiles.find_part_files(app.layout, everywhere=True)
    if parts:
        shown = "、".join(str(p.relative_to(app.layout.root)) for p in parts[:5])
        report.notes.append(
            f"数据目录中有 {len(parts)} 个未写完的临时文件（.part，如 {shown}），多半是程序被强行关闭时留下的，"
            "不影响数据；程序下次启动时会自动清理（正在进行的备份或导入也会产生这种文件）。"
        )
