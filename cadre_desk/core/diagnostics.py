"""Diagnostics for support: one ZIP with what a technician needs and nothing personal.

``export_diagnostics`` writes the log files, the versions of the app and its libraries,
the schema revision, the data dir's settings files and ``meta`` table with every key,
secret, password or hash left out, the number of rows of each table (never the rows),
the free disk space, the result of the integrity check and the list of backups.

Everything written passes through :func:`cadre_desk.core.logs.redact` (ID numbers, phone
numbers, password hashes, what follows "password"); names the check mentions in quotes
are left out too.  Signing and encryption keys, enrolment secrets and password hashes
live in tables and ``meta`` keys that are never copied.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import sqlite3
import sys
import zipfile
from pathlib import Path
from typing import Any

from . import logs
from .errors import DomainError
from .files import os_error_text
from .jobs import Cancelled, CancelToken, Progress, no_progress
from .paths import DataLayout

#: names of settings and meta keys never copied
SECRET_NAME = re.compile(r"key|secret|password|passwd|hash|token|salt|private|credential|密码|密钥", re.IGNORECASE)
#: settings files of the data dir (its root only)
SETTINGS_SUFFIXES = (".ini", ".json", ".cfg", ".conf", ".toml")
#: the libraries whose versions are listed (by distribution name)
LIBRARIES = (
    "PySide6-Essentials",
    "PySide6",
    "shiboken6",
    "SQLAlchemy",
    "alembic",
    "reportlab",
    "openpyxl",
    "Pillow",
    "pypinyin",
    "argon2-cffi",
    "cryptography",
    "segno",
    "pypdfium2",
    "platformdirs",
)
#: fields of settings (e.g. the station profile in meta) about a person: left out too
PERSONAL_NAME = re.compile(r"contact|phone|mobile|address|person|id_number|email", re.IGNORECASE)
_QUOTED = re.compile(r"“[^”]*”")


def default_file_name(now: dt.datetime | None = None) -> str:
    return f"cadre_desk-诊断信息-{(now or dt.datetime.now()).strftime('%Y%m%d-%H%M')}.zip"


def _clean(text: str) -> str:
    """Text fit for the ZIP: redacted, and names in quotes (as messages cite people) left out."""
    return _QUOTED.sub("“…”", logs.redact(text))


def _home_relative(path: Path) -> str:
    """A path with the user's home folder (which may carry their name) written as ~."""
    text = str(path)
    home = str(Path.home())
    return "~" + text[len(home) :] if home and text.startswith(home) else text


def versions() -> dict[str, str]:
    """The app, Python, the OS, SQLite and the libraries."""
    from .. import __version__

    out = {
        "cadre_desk": __version__,
        "python": sys.version.split()[0],
        "python_build": platform.python_implementation(),
        "os": platform.platform(),
        "machine": platform.machine(),
        "sqlite": sqlite3.sqlite_version,
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }
    for name in LIBRARIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    if "PySide6-Essentials" in out or "PySide6" in out:
        out["Qt"] = out.get("PySide6-Essentials") or out["PySide6"]  # PySide6 is versioned with Qt
    return out


def _settings_text(path: Path) -> str | None:
    """A settings file without the entries whose names say key, secret, password or hash."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    if path.suffix == ".json":
        try:
            data = json.loads(raw)
        except ValueError:
            return None  # unreadable: left out rather than copied unchecked
        return _clean(json.dumps(_without_secrets(data), ensure_ascii=False, indent=2))
    lines = []
    for line in raw.splitlines():
        name = line.split("=", 1)[0] if "=" in line else ""
        lines.append(f"{name}=（已略去）" if SECRET_NAME.search(name) else line)
    return _clean("\n".join(lines) + "\n")


def _without_secrets(data: Any) -> Any:
    """JSON data without the entries named like secrets or like a person's contact details."""
    if isinstance(data, dict):
        return {
            k: _without_secrets(v)
            for k, v in data.items()
            if not SECRET_NAME.search(str(k)) and not PERSONAL_NAME.search(str(k))
        }
    if isinstance(data, list):
        return [_without_secrets(v) for v in data]
    return data


def _meta_value(value: Any) -> str:
    """A meta value for the ZIP: JSON objects (the station profile) without contact details."""
    text = str(value)
    if text.startswith("{"):
        try:
            return _clean(json.dumps(_without_secrets(json.loads(text)), ensure_ascii=False))
        except ValueError:
            pass
    return _clean(text)


def _database_facts(db: Path) -> dict[str, Any]:
    """Row counts of every table, the meta table without secrets, and the schema revision."""
    facts: dict[str, Any] = {"file": db.name, "exists": db.exists()}
    if not db.exists():
        return facts
    facts["size"] = db.stat().st_size
    wal = db.with_name(db.name + "-wal")
    if wal.exists():
        facts["wal_size"] = wal.stat().st_size
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        facts["error"] = _clean(str(exc))
        return facts
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"  # the search index counts no rows
            )
        ]
        facts["tables"] = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            facts["schema_revision"] = row[0] if row else None
        if "meta" in tables:
            facts["meta"] = {
                key: _meta_value(value)
                for key, value in con.execute("SELECT key, value FROM meta ORDER BY key")
                if not SECRET_NAME.search(key)
            }
        facts["triggers"] = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        facts["journal_mode"] = con.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.Error as exc:
        facts["error"] = _clean(str(exc))
    finally:
        con.close()
    return facts


def _folder_listing(folder: Path, *, depth: int = 1) -> list[dict[str, Any]]:
    """Names, sizes and times of a folder's entries (folders' sizes added up)."""
    if not folder.is_dir():
        return []
    out = []
    for entry in sorted(folder.iterdir()):
        try:
            stat = entry.stat()
        except OSError:
            continue
        item: dict[str, Any] = {
            "name": entry.name,
            "modified": dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds"),
        }
        if entry.is_dir():
            files = [p for p in entry.rglob("*") if p.is_file()] if depth else []
            item |= {"folder": True, "files": len(files), "size": sum(p.stat().st_size for p in files)}
        else:
            item["size"] = stat.st_size
        out.append(item)
    return out


def _media_totals(folder: Path, cancel: CancelToken) -> dict[str, int]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        cancel.check()
        for name in names:
            try:
                size += (Path(root) / name).stat().st_size
                files += 1
            except OSError:
                continue
    return {"files": files, "bytes": size}


def _check(app: Any, progress: Progress, cancel: CancelToken) -> dict[str, Any]:
    from .check import run_check

    try:
        report = run_check(app, progress=progress, cancel=cancel)
    except Cancelled:
        raise
    except DomainError as exc:
        return {"error": _clean(exc.message)}
    except Exception as exc:  # the check itself failing is what support wants to know
        return {"error": _clean(f"{type(exc).__name__}: {exc}")}
    return {
        "ok": report.ok,
        "summary": _clean(report.summary()),
        "problems": [_clean(p) for p in report.problems],
        "notes": [_clean(n) for n in report.notes],
        "counts": report.counts,
    }


README = """cadre_desk 诊断信息

这个压缩包供技术支持排查问题，内容：
  diagnostics.json  程序和各组件的版本、操作系统、数据库结构版本、各表的行数（不含任何数据行）、
                    meta 表（不含密钥）、磁盘剩余空间、数据检查结果、备份列表
  settings/         数据目录中的设置文件（已略去名称含 key、secret、password、hash 的项）
  logs/             日志文件
其中不含签名密钥、加密密钥、入网密钥、密码或密码哈希；身份证号、电话号码等已替换为标记。
"""


def export_diagnostics(
    app_or_layout: Any,
    out_path: Path,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write the diagnostics ZIP to ``out_path`` (an open :class:`~cadre_desk.core.app.App`,
    or the :class:`DataLayout` / folder of a data dir that cannot be opened); returns the path.

    Cancelling (or any failure) leaves no file behind.
    """
    cancel = cancel or CancelToken()
    app = None if isinstance(app_or_layout, DataLayout | Path | str) else app_or_layout
    if app is not None:
        layout: DataLayout = app.layout
    elif isinstance(app_or_layout, DataLayout):
        layout = app_or_layout
    else:
        layout = DataLayout(Path(app_or_layout))
    out_path = Path(out_path)
    if out_path.suffix.lower() != ".zip":
        out_path = out_path.with_name(out_path.name + ".zip")

    progress(0.0, "正在收集版本和设置…")
    info: dict[str, Any] = {
        "created_at": dt.datetime.now().isoformat(timespec="seconds"),
        "versions": versions(),
        "data_dir": _home_relative(layout.root),
    }
    try:
        from .migrate import head_revision

        info["schema_head"] = head_revision()
    except Exception as exc:  # a broken install: say so instead of failing
        info["schema_head"] = f"unknown ({type(exc).__name__})"
    info["database"] = _database_facts(layout.db)
    try:
        usage = shutil.disk_usage(layout.root)
        info["disk"] = {"total": usage.total, "used": usage.used, "free": usage.free}
    except OSError as exc:
        info["disk"] = {"error": _clean(str(exc))}
    cancel.check()
    progress(0.05, "正在统计照片库和备份…")
    info["media"] = _media_totals(layout.media, cancel) if layout.media.is_dir() else {"files": 0, "bytes": 0}
    info["backups"] = _folder_listing(layout.backups)
    settings = {
        p.name: text
        for p in sorted(layout.root.iterdir() if layout.root.is_dir() else [])
        if p.is_file() and p.suffix.lower() in SETTINGS_SUFFIXES and (text := _settings_text(p)) is not None
    }
    info["settings_files"] = sorted(settings)
    cancel.check()
    if app is not None:
        info["check"] = _check(app, lambda f, m: progress(0.1 + 0.8 * f, m), cancel)
    else:
        info["check"] = {"error": "数据目录未能打开，没有运行数据检查。"}
    progress(0.9, "正在打包日志…")
    log_paths = logs.log_files(layout)
    info["logs"] = [p.name for p in log_paths]

    out_path.parent.mkdir(parents=True, exist_ok=True)
    part = out_path.with_name(out_path.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("README.txt", README)
            z.writestr("diagnostics.json", json.dumps(info, ensure_ascii=False, indent=2, default=str))
            for name, text in settings.items():
                z.writestr(f"settings/{name}", text)
            for path in log_paths:
                cancel.check()
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError as exc:
                    text = f"（无法读取：{os_error_text(exc)}）\n"
                z.writestr(f"logs/{path.name}", logs.redact(text))
        cancel.check()
        part.replace(out_path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise DomainError(f"无法保存诊断信息到 {out_path}：{os_error_text(exc)}。请换一个位置再试。") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    progress(1.0, "诊断信息已导出")
    return out_path
