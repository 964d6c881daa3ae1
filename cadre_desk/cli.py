"""The ``cadre-desk`` command: opens the window, or runs a command on a data dir.

Exit codes: 0 success; 1 a problem the user can fix (message on stderr) or a failed
check; 2 bad command-line usage; 70 internal error (details in the log file).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .core.errors import DomainError
from .core.paths import ENV_DATA_DIR, DataLayout, default_data_dir

if TYPE_CHECKING:
    from .core.app import Actor, App

log = logging.getLogger("cadre_desk")

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"命令行参数有误：{message}\n运行 “cadre-desk --help” 查看用法。\n")


def _progress_printer(stream: object = None) -> Callable[[float, str], None]:
    state = {"last": 0.0, "msg": ""}

    def show(fraction: float, message: str) -> None:
        now = time.monotonic()
        if message != state["msg"] and (now - state["last"] > 0.5 or fraction >= 1.0):
            out = stream or sys.stderr  # looked up now: sys.stderr may have been replaced since import
            print(f"[{fraction * 100:3.0f}%] {message}", file=out, flush=True)  # type: ignore[arg-type]
            state.update(last=now, msg=message)

    return show


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cadre-desk",
        description="老干部驿站台账系统。不带命令时打开程序窗口。",
        epilog=f"数据目录默认为 {default_data_dir()}（也可用环境变量 {ENV_DATA_DIR} 指定）。",
    )
    parser.add_argument("--version", action="version", version=f"cadre-desk {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR", help="数据目录")
    parser.add_argument(
        "--exit-when-ready", action="store_true", help="打开窗口，显示完成后立即退出（用于测量启动时间）"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", help="初始化数据目录：创建驿站（或区老干部局）信息和第一个管理员账号")
    p.add_argument(
        "--kind", choices=["station", "district"], default="station", help="station=驿站，district=区老干部局"
    )
    p.add_argument("--name", required=True, help="驿站名称，如 金湖路社区老干部驿站")
    p.add_argument("--district", required=True, help="所属区（县、市）")
    p.add_argument("--street", default="", help="所属街道/镇")
    p.add_argument("--community", default="", help="所在社区/村")
    p.add_argument("--contact", default="", help="联系人")
    p.add_argument("--phone", default="", help="联系电话")
    p.add_argument("--address", default="", help="地址")
    p.add_argument("--admin", default="admin", help="管理员用户名（默认 admin）")
    p.add_argument("--admin-name", default="", help="管理员姓名")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="从标准输入读取管理员密码（否则读取环境变量 CADRE_DESK_ADMIN_PASSWORD，或在终端提示输入）",
    )

    p = sub.add_parser("demo", help="向空数据目录载入虚构的演示数据")
    p.add_argument("--members", type=int, default=300, help="人员数量（默认 300）")
    p.add_argument("--months", type=int, default=12, help="活动月数（默认 12）")
    p.add_argument("--seed", type=int, default=20261123, help="随机种子（相同种子生成相同数据）")
    p.add_argument(
        "--stations",
        type=int,
        default=0,
        metavar="N",
        help="改为载入一个区老干部局，带 N 个驿站的台账（最多 20 个；人员分到各驿站）",
    )
    p.add_argument("--no-images", action="store_true", help="不生成手写签名和活动照片（更快，数据目录更小）")

    sub.add_parser("check", help="检查数据库和照片库的完整性；有问题时列出并以非零状态退出")

    p = sub.add_parser("backup", help="备份数据：默认存入数据目录的 backups 文件夹（手动备份）")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, default=None, metavar="FILE", help="备份为这一个数据库文件（.db，不含照片）")
    where.add_argument("--to", type=Path, default=None, metavar="FOLDER", help="连同照片备份到这个文件夹（如U盘）")
    p = sub.add_parser("restore", help="从备份恢复数据（先检查备份，并把当前数据另存一份）")
    p.add_argument("path", type=Path, metavar="PATH", help="备份文件（.db）或备份文件夹（…-数据备份）")
    p.add_argument("--yes", action="store_true", help="不询问，直接恢复")

    p = sub.add_parser("stations", help="区老干部局：登记驿站并生成入网文件、列出驿站、停用驿站")
    st = p.add_subparsers(dest="stations_command", metavar="ACTION", parser_class=_Parser, required=True)
    m = st.add_parser("add", help="登记一个驿站，生成它的入网文件（.cdenrol，交给驿站用 cadre-desk enrol 加入）")
    m.add_argument("--name", required=True, help="驿站名称")
    m.add_argument("--street", default="", help="所属街道/镇")
    m.add_argument("--community", default="", help="所在社区/村")
    m.add_argument("--contact", default="", help="联系人")
    m.add_argument("--phone", default="", help="联系电话")
    m.add_argument("--out", type=Path, required=True, metavar="FILE", help="入网文件保存到哪里")
    m = st.add_parser("setup-file", help="为尚未加入的驿站重新生成入网文件（旧文件随即失效）")
    m.add_argument("name", help="驿站名称")
    m.add_argument("--out", type=Path, required=True, metavar="FILE")
    st.add_parser("list", help="列出各驿站：状态、密钥指纹、待发送的变更、最近收发")
    m = st.add_parser("revoke", help="停用驿站：不再接收它的数据包（电脑丢失或更换时）")
    m.add_argument("name", help="驿站名称")

    p = sub.add_parser("users", help="本机用户账号：列出、添加、重设密码（忘记管理员密码时在本机用它恢复）")
    us = p.add_subparsers(dest="users_command", metavar="ACTION", parser_class=_Parser, required=True)
    us.add_parser("list", help="列出本机的用户账号、角色和状态")
    m = us.add_parser("add", help="添加用户账号")
    m.add_argument("username", help="用户名")
    m.add_argument("--name", default="", help="姓名（显示在程序和操作记录中）")
    m.add_argument(
        "--role",
        choices=["admin", "operator", "readonly"],
        required=True,
        help="admin=管理员，operator=操作员，readonly=只读",
    )
    m.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（否则在终端提示输入）")
    m = us.add_parser("auto-sign-in", help="本机启动时自动登录为某个用户（仅适用于一人使用的电脑）；--off 取消")
    m.add_argument("username", nargs="?", help="用户名")
    m.add_argument("--off", action="store_true", help="取消自动登录（每次启动都要输入密码）")
    m = us.add_parser("reset-password", help="重设某个用户的密码并解除锁定（需要能访问本机的数据目录）")
    m.add_argument("username", help="用户名")
    m.add_argument("--password-stdin", action="store_true", help="从标准输入读取新密码（否则在终端提示输入）")

    p = sub.add_parser("enrol", help="驿站：用区老干部局发来的入网文件加入本区")
    p.add_argument("file", type=Path, help="入网文件（.cdenrol）")
    p.add_argument("--admin", default="admin", help="尚未设置的电脑：管理员用户名（默认 admin）")
    p.add_argument("--password-stdin", action="store_true", help="尚未设置的电脑：从标准输入读取管理员密码")

    p = sub.add_parser("sync", help="数据同步（文件方式）：导出、导入数据包，查看状态和冲突")
    sy = p.add_subparsers(dest="sync_command", metavar="ACTION", parser_class=_Parser, required=True)
    m = sy.add_parser("export", help="导出数据包：驿站发往区老干部局；区老干部局发往某个驿站（--station）或全部驿站")
    m.add_argument(
        "--out", type=Path, required=True, metavar="FILE|DIR", help="数据包文件；区老干部局不带 --station 时为文件夹"
    )
    m.add_argument("--station", default=None, metavar="NAME", help="区老干部局：发往哪个驿站（不填则每个驿站各一个）")
    m.add_argument(
        "--encrypt",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="加密数据包，只有收件方能打开（--no-encrypt：不加密；都不写则按本机设置，默认在已收到对方加密公钥时加密）",
    )
    m = sy.add_parser("import", help="导入对方发来的数据包（先校验签名并备份，任何问题都不改动数据）")
    m.add_argument("file", type=Path, help="数据包文件（.cdsync）")
    sy.add_parser("status", help="本机身份、密钥指纹、待发送的变更数和未处理的冲突")
    sy.add_parser("history", help="收发数据包的记录")
    sy.add_parser("conflicts", help="列出两处同时修改同一项内容的冲突")
    m = sy.add_parser("resolve", help="处理一条冲突：保留本机的值（local）或对方的值（remote）")
    m.add_argument("number", type=int, help="冲突编号（见 sync conflicts）")
    m.add_argument("--keep", choices=["local", "remote"], required=True)

    p = sub.add_parser("members", help="人员名册：从 Excel 导入、导出到 Excel、生成导入模板")
    members = p.add_subparsers(dest="members_command", metavar="ACTION", parser_class=_Parser, required=True)
    m = members.add_parser("import", help="从 Excel 花名册（.xlsx）导入人员；逐行列出结果")
    m.add_argument("file", type=Path, help="Excel 文件")
    m.add_argument("--dry-run", action="store_true", help="只检查并列出结果，不写入")
    m.add_argument("--allow-similar", action="store_true", help="同名同出生年月但无身份证号的也导入")
    m = members.add_parser("export", help="把名册导出为 Excel（身份证号、电话、住址和健康状况默认部分隐去）")
    m.add_argument("file", type=Path, help="要保存的 .xlsx 文件")
    m.add_argument(
        "--full-data",
        action="store_true",
        help="导出完整的身份证号、电话、住址和健康状况（管理员的数据导出，可再导入）",
    )
    m.add_argument("--mask", action="store_true", help=argparse.SUPPRESS)  # the default now; still accepted
    m.add_argument("--active-only", action="store_true", help="不含已故、迁出人员")
    m = members.add_parser("template", help="生成带下拉选项的空白导入模板")
    m.add_argument("file", type=Path, help="要保存的 .xlsx 文件")

    p = sub.add_parser("cards", help="生成会员卡 PDF（带签到二维码，A4 每页 10 张，打印后裁开）")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="要保存的 PDF 文件")
    p.add_argument("--branch", default="", metavar="NAME", help="只含该党支部的人员")
    p.add_argument(
        "--category", choices=["lixiu", "tuixiu"], default=None, help="只含离休（lixiu）或退休（tuixiu）人员"
    )
    p.add_argument("--include-left", action="store_true", help="也含已故、迁出人员（默认只含在册人员）")
    p.add_argument("--text", default="", metavar="SEARCH", help="只含姓名、拼音或电话等包含这些文字的人员")

    _add_report_parser(sub)

    p = sub.add_parser("reminders", help="列出首页的提醒事项（重点关爱走访、送学上门、跟进事项、生日等）")
    p.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="按这一天计算（默认今天）")

    p = sub.add_parser("points", help="量化积分排名（按年或按月）")
    p.add_argument("--year", type=int, default=None, help="年份（默认今年）")
    p.add_argument("--month", type=int, choices=range(1, 13), default=None, metavar="1-12", help="只算这个月")

    p = sub.add_parser("talent", help="银色人才库：导出到 Excel")
    p.add_argument("file", type=Path, help="要保存的 .xlsx 文件")
    p.add_argument("--tag", default=None, metavar="TAG", help="只含有这个人才类别的人员，如 红色宣讲员")
    p.add_argument("--mask", action="store_true", help="电话号码和家庭住址只显示部分")

    p = sub.add_parser("about", help="程序版本、数据目录，以及随程序提供的各组件及其许可证")
    p.add_argument("--licences", action="store_true", help="同时列出每个组件的许可证全文")

    p = sub.add_parser("diagnostics", help="导出诊断信息（日志、版本、设置、各表行数，不含密钥和个人信息）供技术支持")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="要保存的 .zip 文件（默认保存在当前文件夹）")

    p = sub.add_parser("screenshots", help="把程序的每个页面（含初始设置向导）截图保存为 PNG（无需显示器）")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="保存截图的文件夹")
    p.add_argument("--scale", type=float, default=None, help="文字大小：1、1.25 或 1.5（默认按程序设置）")
    p.add_argument("--language", choices=["zh_CN", "en"], default=None, help="界面语言（默认按程序设置）")
    return parser


def _add_report_parser(sub: Any) -> None:
    from .core.ledgers import LEDGERS

    names = "；".join(f"{k.key}（{k.title}）" for k in LEDGERS.values())
    p = sub.add_parser("report", help="打印月度台账或年度统计（PDF，或 Excel 供调整后打印）")
    reports = p.add_subparsers(dest="report_command", required=True, metavar="KIND")
    m = reports.add_parser(
        "monthly",
        help="一个月的台账：活动台账、签到簿、写实册、人员信息台账、走访慰问台账、志愿服务台账、月度统计",
        description=f"台账名称（--ledger，可多个，默认全部）：{names}。",
    )
    m.add_argument("--month", type=_year_month, required=True, metavar="YYYY-MM", help="月份，如 2026-11")
    m.add_argument(
        "--ledger",
        action="append",
        default=None,
        metavar="NAME",
        help=f"只打印这些台账（可重复；默认全部）：{names}",
    )
    m.add_argument("--out", type=Path, required=True, metavar="FILE", help="要保存的 .pdf（或 .xlsx 导出 Excel）文件")
    m.add_argument("--full-data", "--full", action="store_true", help="显示完整的身份证号、电话和住址（默认部分隐去）")
    m.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="出勤按这一天统计（默认今天）")
    m.add_argument(
        "--regenerate",
        action="store_true",
        help="已月结归档的月份：按现在的数据重新生成（PDF 前附更正记录），而不是取出归档文件",
    )
    c = reports.add_parser(
        "close",
        help="月结归档：把这个月的台账（PDF 和 Excel）原样存档，之后重印即取出存档；限管理员",
    )
    c.add_argument("--month", type=_year_month, required=True, metavar="YYYY-MM", help="要归档的月份，如 2026-11")
    c.add_argument("--note", default="", help="归档说明（可不填）")
    c.add_argument("--full-data", "--full", action="store_true", help="归档的台账显示完整的身份证号、电话和住址")
    c.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="出勤按这一天统计（默认今天）")
    ms = reports.add_parser("months", help="列出各月的归档状态：未归档、已归档、归档后有更正")
    ms.add_argument("--year", type=int, default=None, help="年份（默认今年）；区老干部局列出各驿站已归档的月份")
    y = reports.add_parser("yearly", help="年度统计：逐月活动、出勤、走访和志愿服务，附柱状图")
    y.add_argument("--year", type=int, required=True, help="年份，如 2026")
    y.add_argument("--out", type=Path, required=True, metavar="FILE", help="要保存的 .pdf（或 .xlsx）文件")
    y.add_argument("--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="出勤按这一天统计（默认今天）")
    for parser in (m, y, ms):
        parser.add_argument(
            "--station",
            default=None,
            metavar="NAME|all",
            help="区老干部局：只打印这个驿站的，或 all（全部驿站：先各驿站汇总，再逐个驿站）；驿站不用填",
        )


def _setup_logging(layout: DataLayout) -> Path | None:
    """The rotating, redacting log file of the data dir (see core/logs.py), for the window and
    every command; uncaught exceptions go there too."""
    from .core.logs import install_excepthook, setup_logging

    path = setup_logging(layout)
    install_excepthook()
    return path


def _read_password(args: argparse.Namespace, prompt: str = "管理员密码：", *, env: bool = True) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    from_env = os.environ.get("CADRE_DESK_ADMIN_PASSWORD") if env else None
    if from_env:
        return from_env
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再次输入密码：") != first:
            raise DomainError("两次输入的密码不一致。")
        return first
    raise DomainError("请提供管理员密码：使用 --password-stdin，或设置环境变量 CADRE_DESK_ADMIN_PASSWORD。")


def _cmd_init(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.app import App
    from .core.services import setup

    profile = setup.StationProfile(
        name=args.name,
        district=args.district,
        street=args.street,
        community=args.community,
        contact_person=args.contact,
        contact_phone=args.phone,
        address=args.address,
    )
    password = _read_password(args)
    with App.open(data_dir) as app:
        info = setup.initialise(
            app,
            kind=args.kind,
            profile=profile,
            admin_username=args.admin,
            admin_password=password,
            admin_display_name=args.admin_name,
        )
    kind = "区老干部局" if info.kind == "district" else "驿站"
    print(f"已初始化{kind}“{info.station_name}”，管理员账号：{args.admin}。数据目录：{data_dir}")
    return EXIT_OK


def _cmd_demo(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.app import App
    from .core.services import demo

    with App.open(data_dir) as app:
        summary = demo.load_demo(
            app,
            members=args.members,
            months=args.months,
            seed=args.seed,
            stations=args.stations,
            images=not args.no_images,
            progress=_progress_printer(),
        )
    print(f"演示数据已载入数据目录 {data_dir}：")
    for line in demo.summary_lines(summary):
        print("  " + line)
    if summary.created_admin:
        print(f"  演示管理员账号：{demo.DEMO_ADMIN[0]}，密码：{demo.DEMO_ADMIN[1]}（正式使用前请修改）")
    return EXIT_OK


def _cmd_check(data_dir: Path, _args: argparse.Namespace) -> int:
    from .core.app import App, missing_database
    from .core.check import run_check

    _need_database(data_dir, "无可检查。")
    if DataLayout(data_dir).db.stat().st_size == 0:
        raise missing_database(DataLayout(data_dir)) or DomainError(
            f"数据目录 {data_dir} 中的数据库文件是空文件（0 字节），里面没有台账，无可检查。"
        )
    with App.open(data_dir) as app:
        report = run_check(app, progress=_progress_printer())
    summary = report.summary()
    for note in report.notes:
        print(f"提示：{note}")
    if report.ok:
        print(f"检查通过：{summary}。")
        return EXIT_OK
    print(f"检查发现 {len(report.problems)} 个问题（{summary}）：", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_USER


def _cmd_backup(data_dir: Path, args: argparse.Namespace) -> int:
    from .core import backup

    with _open_existing(data_dir) as app:
        if args.to is not None:
            done = backup.back_up_to_folder(app, args.to, progress=_progress_printer())
            print(
                f"已备份到文件夹 {done.folder}：数据库 {done.db_size / 1048576:.1f} MB，照片 {done.photos} 个"
                f"（本次复制 {done.copied_files} 个文件，{done.copied_bytes / 1048576:.1f} MB）"
            )
            return EXIT_OK
        path = backup.make_backup(app, "manual", dest=args.out, progress=_progress_printer())
    print(f"已备份到 {path}（{path.stat().st_size / 1048576:.1f} MB）")
    return EXIT_OK


def _cmd_restore(data_dir: Path, args: argparse.Namespace) -> int:
    from .core import backup

    layout = DataLayout(data_dir)
    info = backup.inspect_backup(args.path, progress=_progress_printer())
    print(f"备份 {info.path}：")
    for line in info.summary_lines():
        print(f"  {line}")
    if layout.db.exists():
        print(f"恢复后，数据目录 {data_dir} 中现在的数据将被这个备份替换（现在的数据会先另存一份）。")
    if not args.yes:
        print("确定要恢复吗？输入 y 确认：", end="", flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes", "是"):
            print("未恢复，数据没有改动。", file=sys.stderr)
            return EXIT_USER
    done = backup.restore_backup(layout, args.path, progress=_progress_printer())
    from .core.app import App

    with App.open(data_dir) as app:  # an older backup's schema is brought up to date now
        migrated = app.migration.before != app.migration.after
    print(f"已从备份恢复数据（{info.station or '未设置驿站'}，{info.created:%Y-%m-%d %H:%M}）。")
    if migrated:
        print("备份的数据库结构较旧，已自动升级。")
    if done.previous_copy:
        print(f"恢复前的数据已另存为：{done.previous_copy}")
    if done.photos_copied:
        print(f"从备份复制了 {done.photos_copied} 个照片文件。")
    if done.photos_damaged:
        print(f"备份中有 {done.photos_damaged} 个照片文件已损坏，未复制。", file=sys.stderr)
    if done.missing_photos:
        print(
            f"照片库中缺少 {done.missing_photos} 个照片文件（备份不含照片，或照片已丢失）。"
            "可用带照片的文件夹备份再恢复一次，或运行 cadre-desk check 查看。",
            file=sys.stderr,
        )
    return EXIT_OK


#: rows of an import listed one by one (a file with 100,000 bad rows must not print 100,000 lines)
MAX_LISTED_ROWS = 200


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_OUTCOME_WORDS = {"new": "新增", "update": "更新", "skipped": "无变化", "duplicate": "重复", "error": "错误"}


def _cmd_members(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.app import App

    if args.members_command != "template":
        _need_database(data_dir)
    if args.members_command == "template":
        from .core.roster_export import write_import_template

        write_import_template(args.file)
        print(f"已生成导入模板：{args.file}")
        return EXIT_OK
    with App.open(data_dir) as app:
        if args.members_command == "export":
            from .core.roster_export import export_roster

            count = export_roster(
                app,
                args.file,
                include_left=not args.active_only,
                full_data=args.full_data and not args.mask,
                progress=_progress_printer(),
            )
            print(f"已导出 {count} 人到 {args.file}")
            return EXIT_OK
        from .core import roster_import

        plan = roster_import.plan_import(app, args.file, allow_similar=args.allow_similar, progress=_progress_printer())
        listed = 0
        for row in plan.rows:
            if row.kind == "skipped" or (row.kind == "new" and not row.reason):
                continue  # counted in the summary; only what needs a look is listed
            listed += 1
            if listed > MAX_LISTED_ROWS:
                continue
            where = f"{row.sheet} 第 {row.row} 行"
            print(f"{where}\t{_OUTCOME_WORDS.get(row.kind, row.kind)}\t{_clip(row.name, 40)}\t{_clip(row.reason, 600)}")
        if listed > MAX_LISTED_ROWS:
            print(f"……另有 {listed - MAX_LISTED_ROWS} 行有问题或提示，未一一列出（以上是前 {MAX_LISTED_ROWS} 行）。")
        print(plan.summary())
        if not plan.importable:
            if plan.rows and all(row.kind == "skipped" for row in plan.rows):
                print("名册中的人员都已在册且信息一致，无需导入。")  # e.g. imported before
                return EXIT_OK
            print("没有可以导入的人员。", file=sys.stderr)
            return EXIT_USER
        if args.dry_run:
            print("（试运行：未写入任何内容。）")
            return EXIT_OK
        result = roster_import.apply_import(app, plan, progress=_progress_printer())
        print(result.summary())
        return EXIT_OK


def _cmd_cards(data_dir: Path, args: argparse.Namespace) -> int:
    _need_database(data_dir)
    from .core.app import App
    from .core.pdf.cards import make_member_cards
    from .core.services.roster import RosterFilter

    roster_filter = RosterFilter(
        text=args.text,
        statuses=frozenset({"active", "deceased", "moved"} if args.include_left else {"active"}),
        categories=frozenset({args.category} if args.category else set()),
        party_branch=args.branch,
    )
    with App.open(data_dir) as app:
        result = make_member_cards(app, args.out, roster_filter=roster_filter, progress=_progress_printer())
    for text, chars in result.missing_chars.items():
        print(f"提示：“{text}”中的“{chars}”字体中没有，卡片上缺了这个字，请手写补上。", file=sys.stderr)
    print(f"已生成 {result.count} 张会员卡（{result.pages} 页）：{args.out}")
    return EXIT_OK


def _cmd_report(data_dir: Path, args: argparse.Namespace) -> int:
    if args.report_command == "close":
        return _report_close(data_dir, args)
    if args.report_command == "months":
        return _report_months(data_dir, args)
    out: Path = args.out
    excel = out.suffix.lower() == ".xlsx"
    if not excel and out.suffix.lower() != ".pdf":
        raise DomainError(f"“{out.name}”：请以 .pdf（打印）或 .xlsx（Excel）结尾。")
    with _open_existing(data_dir) as app:
        from .core.services.scope import find_report_station

        app.actor = _command_line_actor(app.actor)  # named on full-data prints

        station = find_report_station(app, args.station) if args.station is not None else None
        if args.report_command == "monthly":
            year, month = args.month
            if _archived_copy(app, args, station):
                return EXIT_OK
            options = {"ledgers": args.ledger, "full_data": args.full_data, "today": args.date, "station": station}
            if args.regenerate and not excel and station != _all_stations():
                from .core.services.months import print_with_corrections

                options["station_id"] = options.pop("station")
                result = print_with_corrections(app, year, month, out, progress=_progress_printer(), **options)
                print("提示：按现在的数据重新生成；已归档的月份在最前面附更正记录。", file=sys.stderr)
            elif excel:
                from .core.ledgers.excel import export_monthly_ledgers_excel

                sheets = export_monthly_ledgers_excel(app, year, month, out, progress=_progress_printer(), **options)
                print(f"已导出 {year}年{month}月台账（{len(sheets.sheets)} 张工作表）：{out}")
                return EXIT_OK
            else:
                from .core.ledgers.pdf import make_monthly_ledgers

                result = make_monthly_ledgers(app, year, month, out, progress=_progress_printer(), **options)
        else:
            if excel:
                from .core.ledgers.excel import export_year_summary_excel

                export_year_summary_excel(
                    app, args.year, out, today=args.date, station=station, progress=_progress_printer()
                )
                print(f"已导出 {args.year}年年度统计：{out}")
                return EXIT_OK
            from .core.ledgers.pdf import make_year_summary

            result = make_year_summary(
                app, args.year, out, today=args.date, station=station, progress=_progress_printer()
            )
    for text, chars in result.missing_chars.items():
        print(f"提示：“{text}”中的“{chars}”字体中没有，打印出来缺了这个字，请手写补上。", file=sys.stderr)
    print(f"已生成 {result.pages} 页（{result.size / 1_048_576:.1f} MB）：{out}")
    for title, pages in result.parts if len(result.parts) <= 12 else ():
        print(f"  {title}：{pages} 页")
    return EXIT_OK


def _all_stations() -> str:
    from .core.services.scope import ALL_STATIONS

    return ALL_STATIONS


def _archived_copy(app: App, args: argparse.Namespace, station: str | None) -> bool:
    """``report monthly`` of a closed month: the archived file, byte for byte (said on stderr).

    False (print as usual) for a month not closed, with ``--regenerate``, for all stations,
    or when only some ledgers or other masking than the archive's are asked for."""
    from .core.services import months

    if args.regenerate or station == _all_stations():
        return False
    year, month = args.month
    state = months.month_state(app, year, month, station_id=station)
    if state.close is None:
        return False
    if args.ledger or args.full_data != state.close.full_data:
        print(
            f"提示：{state.period}已月结归档；只打印部分台账或改变个人信息的显示方式时，按现在的数据重新生成，"
            "不是归档文件。",
            file=sys.stderr,
        )
        return False
    months.copy_archived(app, year, month, args.out, station_id=station)
    c = state.close
    print(
        f"提示：{state.station} {state.period}已于 {c.closed_at:%Y-%m-%d %H:%M} 由{c.closed_by or '管理员'}月结归档，"
        f"输出的是归档文件原件（{state.label}）。要按现在的数据重新生成（附更正记录），加 --regenerate。",
        file=sys.stderr,
    )
    size = c.pdf_size if args.out.suffix.lower() == ".pdf" else c.xlsx_size
    pages = f"{c.pages} 页，" if args.out.suffix.lower() == ".pdf" else ""
    print(f"已取出归档的 {state.period}台账（{pages}{size / 1_048_576:.1f} MB）：{args.out}")
    return True


def _report_close(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services import months

    year, month = args.month
    with _open_existing(data_dir) as app:
        done = months.close_month(
            app, year, month, note=args.note, full_data=args.full_data, today=args.date, progress=_progress_printer()
        )
    c = done.close
    print(
        f"{c.month[:4]}年{int(c.month[5:])}月已月结归档：PDF {c.pages} 页（{c.pdf_size / 1_048_576:.1f} MB），"
        f"Excel {c.xlsx_size / 1024:.0f} KB，用时 {done.seconds:.1f} 秒。"
    )
    print(f"  PDF SHA-256：{c.pdf_sha256}")
    print(f"  Excel SHA-256：{c.xlsx_sha256}")
    print("  之后重印这个月即取出归档文件；归档后的修改只有管理员可以做，会作为更正记入操作记录。")
    return EXIT_OK


def _report_months(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services import months
    from .core.services.scope import ALL_STATIONS, find_report_station, is_district

    with _open_existing(data_dir) as app:
        station = find_report_station(app, args.station) if args.station is not None else None
        if is_district(app) and station in (None, ALL_STATIONS):
            states = [st for st in months.closed_months(app) if args.year is None or st.month[:4] == str(args.year)]
            if not states:
                print("还没有驿站月结归档的月份。")
            for st in states:
                c = st.close
                assert c is not None
                when = f"{c.closed_at:%Y-%m-%d %H:%M}"
                print(f"{st.station}\t{st.month}\t{st.label}\t{when}\t{c.closed_by}\t{c.pages} 页")
            return EXIT_OK
        year = args.year or dt.date.today().year
        for st in months.month_states(app, year, station_id=station):
            line = f"{st.month}\t{st.label}"
            if st.close is not None:
                line += f"\t{st.close.closed_at:%Y-%m-%d %H:%M} {st.close.closed_by}\t{st.close.pages} 页"
                if st.corrections:
                    line += f"\t归档后更正 {st.corrections} 处"
            print(line)
    return EXIT_OK


def _year_month(text: str) -> tuple[int, int]:
    try:
        day = dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM 格式的月份") from None
    return day.year, day.month


def _cmd_screenshots(data_dir: Path, args: argparse.Namespace) -> int:
    scale = None
    if args.scale is not None:
        scale = round(args.scale * 100)
        if scale not in (100, 125, 150):
            raise DomainError("--scale 只能是 1、1.25 或 1.5。")
    _need_database(data_dir, "请先运行 cadre-desk init 或 cadre-desk demo。")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    from PySide6.QtWidgets import QApplication

    from .core.app import App
    from .ui.screenshots import take_screenshots

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("cadre_desk")
    with App.open(data_dir) as app:
        files = take_screenshots(app, args.out, scale=scale, language=args.language)
    print(f"已保存 {len(files)} 张截图到 {args.out}：")
    for path in files:
        print(f"  {path.name}")
    return EXIT_OK


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是 YYYY-MM-DD 格式的日期") from None


def _need_database(data_dir: Path, missing: str = "请先运行 cadre-desk init。") -> None:
    """Refuse a command that reads the books when the data dir has none (or lost them)."""
    from .core.app import missing_database

    layout = DataLayout(data_dir)
    try:
        present = layout.db.exists()
    except (OSError, ValueError):
        present = False
    if present:
        return
    vanished = missing_database(layout)
    if vanished is not None:
        raise vanished
    raise DomainError(f"数据目录 {data_dir} 中没有数据库。{missing}")


def _command_line_actor(actor: Actor) -> Actor:
    """The command line's actor named after the login that runs it: 命令行（用户 root）."""
    import dataclasses

    try:
        login = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name in the environment or the password database
        login = ""
    return dataclasses.replace(actor, name=f"命令行（用户 {login}）" if login else "命令行")


def _open_existing(data_dir: Path) -> App:
    from .core.app import App

    _need_database(data_dir)
    return App.open(data_dir)


def _cmd_reminders(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services.reminders import KIND_LABELS, KINDS, home_reminders

    today = args.date or dt.date.today()
    with _open_existing(data_dir) as app:
        found = home_reminders(app, today, limit=100_000)
    if not found.items:
        print("没有需要提醒的事项。")
    for kind in KINDS:
        items = found.of(kind)
        if items:
            print(f"{KIND_LABELS[kind]}（{len(items)}）")
            for r in items:
                day = r.date.isoformat() if r.date else ""
                print(f"  {r.name}\t{day}\t{r.detail}")
    return EXIT_OK


def _cmd_points(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services.browse import plain_number
    from .core.services.points import points_ranking

    year = args.year or dt.date.today().year
    with _open_existing(data_dir) as app:
        ranking = points_ranking(app, year, args.month)
    period = f"{year}年{args.month}月" if args.month else f"{year}年"
    print(f"{period}量化积分排名（{len(ranking)} 人）")
    print("名次\t姓名\t党支部\t服务时长\t参加活动\t积分")
    for p in ranking:
        hours, total = plain_number(p.hours), plain_number(p.total)
        print(f"{p.rank}\t{p.name}\t{p.party_branch}\t{hours}\t{p.activities}\t{total}")
    return EXIT_OK


def _cmd_talent(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services.talent import export_talent_pool

    with _open_existing(data_dir) as app:
        count = export_talent_pool(app, args.file, tag=args.tag, mask=args.mask, progress=_progress_printer())
    print(f"已导出银色人才库 {count} 人到 {args.file}")
    return EXIT_OK


def _cmd_stations(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services import stations, sync

    with _open_existing(data_dir) as app:
        if args.stations_command == "add":
            made = stations.add_station(
                app,
                args.name,
                args.out,
                street=args.street,
                community=args.community,
                contact_person=args.contact,
                contact_phone=args.phone,
            )
            print(f"已登记驿站“{made.name}”，入网文件：{made.path}")
            print(f"本机（区老干部局）密钥指纹：{made.district_fingerprint}")
            print("请把入网文件交给驿站（U盘或当面），并请驿站加入时核对上面的指纹。入网文件只能用于这一个驿站。")
        elif args.stations_command == "setup-file":
            made = stations.reissue_setup(app, stations.find_station(app, args.name), args.out)
            print(f"已重新生成“{made.name}”的入网文件：{made.path}（旧的入网文件已失效）")
        elif args.stations_command == "revoke":
            stations.revoke_station(app, stations.find_station(app, args.name))
            print(f"已停用驿站“{args.name}”，今后不再接收它的数据包。")
        else:
            listed = [p for p in sync.peers(app) if p.kind == "station"]
            if not listed:
                print("还没有登记任何驿站。")
            for p in listed:
                print(_peer_line(p))
    return EXIT_OK


_PEER_STATUS = {"pending": "待加入", "active": "已加入", "revoked": "已停用"}


def _peer_line(p: Any) -> str:
    """One line of `stations list` / `sync status`: a peer, its key and its exchanges."""
    return (
        f"{p.name}\t{_PEER_STATUS[p.status]}\t指纹 {p.fingerprint or '（尚未加入）'}\t待发送 {p.pending}"
        f"\t最近收到 {_when(p.last_received)}\t最近发出 {_when(p.last_sent)}"
    )


def _when(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "从未"


def _cmd_users(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services import accounts

    with _open_existing(data_dir) as app:
        if args.users_command == "add":
            password = _read_password(args, f"“{args.username}”的密码：", env=False)
            accounts.add_user(app, args.username, args.name, args.role, password)
            print(f"已添加用户“{args.username}”（{accounts.role_name(args.role)}）。")
        elif args.users_command == "auto-sign-in":
            if args.off == bool(args.username):
                raise DomainError("请给出一个用户名，或用 --off 取消自动登录。")
            user = None if args.off else accounts.find_user(app, args.username)
            accounts.set_auto_sign_in(app, user.id if user else None)
            print(f"本机启动时将自动登录为“{user.username}”。" if user else "已取消自动登录，启动时需要输入密码。")
        elif args.users_command == "reset-password":
            user = accounts.find_user(app, args.username)
            password = _read_password(args, f"“{user.username}”的新密码：", env=False)
            accounts.reset_password(app, user.id, password)
            print(f"已重设“{user.username}”的密码，账号已解除锁定。请用新密码登录。")
        else:
            now = dt.datetime.now()
            for u in accounts.list_users(app):
                state = "已停用" if not u.active else "已锁定" if u.locked_until and u.locked_until > now else "正常"
                auto = "\t自动登录" if u.auto_sign_in else ""
                print(f"{u.username}\t{u.display_name}\t{u.role_name}\t{state}{auto}")
    return EXIT_OK


def _cmd_enrol(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.app import App
    from .core.services import setup, stations, sync

    with App.open(data_dir) as app:
        password = _read_password(args) if not setup.is_initialised(app) else ""
        joined = stations.enrol(app, args.file, admin_username=args.admin, admin_password=password)
        me = sync.identity(app)
    print(f"“{joined.station_name}”已加入{joined.district_name}。")
    print(f"区老干部局的密钥指纹：{joined.fingerprint}（请与区老干部局核对）")
    print(f"本站的密钥指纹：{me.fingerprint}")
    return EXIT_OK


def _cmd_sync(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.services import stations, sync

    with _open_existing(data_dir) as app:
        cmd = args.sync_command
        if cmd == "export":
            me = sync.identity(app)
            if me.kind == "district" and args.station is None:
                made = sync.export_all(app, args.out, encrypt=args.encrypt, progress=_progress_printer())
            else:
                if me.kind == "station" and args.station is not None:
                    raise DomainError("驿站只能把数据包发往区老干部局，不需要 --station。")
                station_id = stations.find_station(app, args.station) if args.station else None
                out = (
                    args.out / sync.bundle_file_name(me.name, args.station or "区老干部局")
                    if args.out.is_dir()
                    else args.out
                )
                made = [
                    sync.export_bundle(
                        app, out, station_id=station_id, encrypt=args.encrypt, progress=_progress_printer()
                    )
                ]
            for b in made:
                print(
                    f"已导出发往“{b.peer_name}”的数据包：{b.path}（{b.records} 条记录，{b.photos} 个照片文件，"
                    f"{b.size / 1048576:.1f} MB，{'已加密，只有对方能打开' if b.encrypted else '未加密'}）"
                )
        elif cmd == "import":
            done = sync.import_bundle(app, args.file, progress=_progress_printer())
            if done.result == "duplicate":
                print(f"这个数据包（来自“{done.peer_name}”）以前已经导入过，本次没有改动。")
            else:
                print(
                    f"已导入来自“{done.peer_name}”的数据包：{done.records} 条记录（{done.applied} 条有更新），"
                    f"{done.photos} 个照片文件。导入前的备份：{done.backup}"
                )
                if done.conflicts:
                    print(f"有 {done.conflicts} 处两边同时修改的内容，请运行 cadre-desk sync conflicts 查看并处理。")
        elif cmd == "status":
            me = sync.identity(app)
            print(f"本机：{me.name}（{'区老干部局' if me.kind == 'district' else '驿站'}）")
            print(f"本机密钥指纹：{me.fingerprint}")
            for p in sync.peers(app):
                print(_peer_line(p))
            print(f"未处理的冲突：{len(sync.conflicts(app))}")
        elif cmd == "history":
            for h in sync.history(app):
                word = {"ok": "成功", "duplicate": "重复", "rejected": "拒绝"}[h.result]
                way = ("发出" if h.direction == "sent" else "收到") + ("（加密）" if h.encrypted else "")
                print(
                    f"{h.at:%Y-%m-%d %H:%M}\t{way}\t{h.peer_name}\t{word}\t{h.records} 条\t{h.photos} 照片\t{h.message}"
                )
        elif cmd == "conflicts":
            found = sync.conflicts(app)
            if not found:
                print("没有未处理的冲突。")
            for c in found:
                now = "本机" if c.current == "local" else "对方"
                print(
                    f"#{c.seq}\t{c.kind_label}“{c.label}”的 {c.field}\t本机：{c.local_value!r}\t"
                    f"{c.peer_name}：{c.remote_value!r}\t（目前采用{now}的值）"
                )
        else:
            sync.resolve_conflict(app, args.number, args.keep)
            print(f"冲突 #{args.number} 已处理：保留{'本机' if args.keep == 'local' else '对方'}的值。")
    return EXIT_OK


def _cmd_diagnostics(data_dir: Path, args: argparse.Namespace) -> int:
    from .core.diagnostics import default_file_name, export_diagnostics

    out = args.out or Path.cwd() / default_file_name()
    layout = DataLayout(data_dir)
    try:
        app = _open_existing(data_dir)
    except DomainError as exc:  # no database, or one that cannot be opened: what there is
        print(f"提示：{exc.message}", file=sys.stderr)
        path = export_diagnostics(layout, out, progress=_progress_printer())
    else:
        with app:
            path = export_diagnostics(app, out, progress=_progress_printer())
    print(f"诊断信息已保存到 {path}（不含密钥、密码和人员信息），可发给技术支持。")
    return EXIT_OK


def _cmd_about(data_dir: Path, args: argparse.Namespace) -> int:
    """Exit 1 when a component's licence text is missing (a packaged build lacking a file)."""
    from .core.about import about_info

    info = about_info(data_dir)
    print(f"老干部驿站台账 cadre-desk {info.version}")
    print(f"数据目录：{info.data_dir}")
    print(f"Python {info.python} · Qt {info.qt} · SQLite {info.sqlite}")
    print(f"系统：{info.platform}")
    print(f"\n随程序提供的组件（{len(info.components)} 个）：")
    width = max(len(c.name) for c in info.components)
    for c in info.components:
        print(f"  {c.name:<{width}}  {c.version:<12} {c.licence:<24} {c.purpose}")
    missing = [c.name for c in info.components if not c.licence_text.strip()]
    if args.licences:
        for c in info.components:
            print(f"\n{'=' * 78}\n{c.name} {c.version} — {c.licence}\n{'=' * 78}\n{c.licence_text.strip()}")
    if missing:
        print(f"缺少许可证全文：{'、'.join(missing)}。程序文件可能不完整，请重新安装。", file=sys.stderr)
        return EXIT_USER
    return EXIT_OK


COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "init": _cmd_init,
    "demo": _cmd_demo,
    "check": _cmd_check,
    "backup": _cmd_backup,
    "restore": _cmd_restore,
    "screenshots": _cmd_screenshots,
    "members": _cmd_members,
    "cards": _cmd_cards,
    "report": _cmd_report,
    "reminders": _cmd_reminders,
    "points": _cmd_points,
    "talent": _cmd_talent,
    "stations": _cmd_stations,
    "enrol": _cmd_enrol,
    "users": _cmd_users,
    "sync": _cmd_sync,
    "diagnostics": _cmd_diagnostics,
    "about": _cmd_about,
}


#: commands that write to the data dir and so must not run beside an open window
WRITING_COMMANDS = frozenset(
    {"init", "demo", "screenshots", "members", "stations", "enrol", "sync", "users", "restore"}
)


#: longer paths than any file system takes (Windows: 32,767 characters; Linux: 4,096 bytes)
_MAX_PATH_CHARS = 4000
_MAX_PATH_PARTS = 200


def _data_dir(given: Path | None) -> Path:
    """The data dir the command works on, as an absolute path; a path no system takes is refused."""
    raw = given if given is not None else default_data_dir()
    text = str(raw)
    if "\x00" in text:
        raise DomainError("数据目录的路径中含有不允许的字符（NUL），请检查 --data-dir。")
    shown = text if len(text) <= 80 else text[:40] + "…" + text[-30:]
    if len(text) > _MAX_PATH_CHARS or len(os.fsencode(text)) > _MAX_PATH_CHARS:
        raise DomainError(f"数据目录的路径太长（{len(text)} 个字符），请换一个较短的路径。")
    if len(raw.parts) > _MAX_PATH_PARTS:
        raise DomainError(f"数据目录的路径层级太多（{len(raw.parts)} 层），请换一个较短的路径。")
    if any(len(os.fsencode(part)) > 255 for part in raw.parts):
        raise DomainError(f"数据目录“{shown}”中有一个文件夹的名字太长，请换一个较短的路径。")
    from .core.files import os_error_text

    try:
        path = raw.expanduser().resolve()
        is_file = path.exists() and not path.is_dir()
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: a symbolic link loop
        why = os_error_text(exc) if isinstance(exc, OSError) else "路径无效（可能是循环的快捷方式）"
        raise DomainError(f"无法使用数据目录“{shown}”：{why}。") from None
    if is_file:
        raise DomainError(f"“{path}”是一个文件，不是文件夹。请用 --data-dir 指定一个文件夹作为数据目录。")
    return path


def _ensure_streams() -> None:
    """The packaged window program (``CadreDesk.exe``) has no console on Windows: its
    ``sys.stdout``/``sys.stderr`` are None, and a print or ``--help`` must not fail."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the process


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``cadre-desk``, ``python -m cadre_desk`` and the packaged programs."""
    _ensure_streams()
    args = build_parser().parse_args(argv)
    try:
        data_dir = _data_dir(args.data_dir)
        log_path = _setup_logging(DataLayout(data_dir))
    except DomainError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USER
    try:
        if args.command is None:
            # the books' modules first: once PySide6 is loaded it reads the source of every
            # module imported after it (to look for __feature__ switches), which costs start-up
            import importlib

            for name in ("app", "migrate", "ledgers.data", "services.activities", "services.roster", "services.sync"):
                importlib.import_module(f"cadre_desk.core.{name}")
            from .ui.startup import display_problem, report_startup_failure

            problem = display_problem()  # before Qt, which would end the process without a word
            if problem:
                report_startup_failure(problem, log_path)
                return EXIT_USER
            from .core.instance import hold_app_mutex
            from .ui.app import run_gui
            from .ui.logs import install_qt_message_handler

            hold_app_mutex()  # Windows: the installer waits for this window to close
            install_qt_message_handler(log_path)
            return run_gui(data_dir, exit_when_ready=args.exit_when_ready, log_path=log_path)
        if args.command in WRITING_COMMANDS:
            from .core.instance import InstanceLock

            with InstanceLock(DataLayout(data_dir).lock):
                return COMMANDS[args.command](data_dir, args)
        return COMMANDS[args.command](data_dir, args)
    except DomainError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a pipe that closed early (e.g. "| head")
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
        return EXIT_OK
    except Exception as exc:
        from .core.app import explain_operational_error, is_database_damage

        if is_database_damage(exc):  # a database damaged while a command read it
            print(f"错误：{explain_operational_error(exc, DataLayout(data_dir))}", file=sys.stderr)  # type: ignore[arg-type]
            return EXIT_USER
        log.exception("internal error in command %s", args.command)
        where = f"详情已记录在 {log_path}" if log_path else "无法写入日志文件"
        print(f"内部错误：程序遇到了意外问题，{where}。请把日志发给技术支持。", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
