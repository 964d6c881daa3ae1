"""The command line as a person uses it: real processes, real data dirs."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cadre_desk import __version__


def run(
    *args: str, data_dir: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cadre_desk"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    inherited = {k: v for k, v in os.environ.items() if k != "CADRE_DESK_DATA_DIR"}
    full_env = inherited | {"QT_QPA_PLATFORM": "offscreen"} | (env or {})
    return subprocess.run([*cmd, *args], capture_output=True, text=True, input=stdin, env=full_env, timeout=600)


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


@pytest.mark.parametrize("args", [("frobnicate",), ("--no-such-option",), ("demo", "--members", "many")])
def test_unknown_command_or_bad_option_exits_non_zero_without_traceback(args: tuple[str, ...], tmp_path: Path) -> None:
    result = run(*args, data_dir=tmp_path / "d")
    assert result.returncode == 2
    assert "命令行参数有误" in result.stderr
    assert_no_traceback(result)


@pytest.mark.slow
def test_default_demo_then_check_passes(tmp_path: Path) -> None:
    """The acceptance check: `demo` with its defaults, then `check`, both exit 0."""
    data = tmp_path / "d"
    result = run("demo", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert "人员 300 人" in result.stdout
    check = run("check", data_dir=data)
    assert check.returncode == 0, check.stderr
    assert "检查通过" in check.stdout
    with sqlite3.connect(data / "cadre_desk.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        types = {
            r[0]
            for r in con.execute("SELECT DISTINCT t.name FROM activities a JOIN activity_types t ON t.id = a.type_id")
        }
        assert len(types) == 8  # every activity type
        months = con.execute("SELECT count(DISTINCT substr(date, 1, 7)) FROM activities").fetchone()[0]
        assert months == 12
        signed = con.execute("SELECT count(*) FROM check_ins WHERE signature_sha256 IS NOT NULL").fetchone()[0]
        assert signed > 1000
        assert con.execute("SELECT count(*) FROM attachments").fetchone()[0] > 150
        assert con.execute("SELECT count(*) FROM visits").fetchone()[0] > 50
        assert con.execute("SELECT count(*) FROM service_records").fetchone()[0] > 50
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 300


def test_demo_into_a_data_dir_with_a_roster_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run("demo", "--members", "20", "--months", "1", data_dir=data).returncode == 0
    again = run("demo", "--members", "20", "--months", "1", data_dir=data)
    assert again.returncode == 1
    assert "只能载入空的数据目录" in again.stderr
    assert_no_traceback(again)


def test_check_lists_damaged_and_missing_files(tmp_path: Path) -> None:
    data = tmp_path / "d"
    # two months: early in a month its activities are still planned, with no photos yet
    assert run("demo", "--members", "30", "--months", "2", data_dir=data).returncode == 0
    originals = sorted((data / "media" / "originals").rglob("*.jpg"))
    damaged, missing = originals[0], originals[1]
    raw = bytearray(damaged.read_bytes())
    raw[-100] ^= 0xFF
    damaged.write_bytes(bytes(raw))
    missing.unlink()
    result = run("check", data_dir=data)
    assert result.returncode == 1
    assert "检查发现" in result.stderr
    assert damaged.stem[:12] in result.stderr and "不符" in result.stderr
    assert missing.stem[:12] in result.stderr and "文件缺失" in result.stderr
    assert_no_traceback(result)


def test_check_reports_a_corrupt_database(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run("demo", "--members", "30", "--months", "1", data_dir=data).returncode == 0
    db = data / "cadre_desk.db"
    raw = bytearray(db.read_bytes())
    raw[4096 * 3 : 4096 * 3 + 64] = b"\xff" * 64  # trash a b-tree page
    db.write_bytes(bytes(raw))
    result = run("check", data_dir=data)
    assert result.returncode != 0
    assert "错误" in result.stderr or "问题" in result.stderr
    assert_no_traceback(result)


def test_check_on_an_empty_dir_says_there_is_nothing_to_check(tmp_path: Path) -> None:
    result = run("check", data_dir=tmp_path / "nothing")
    assert result.returncode == 1 and "没有数据库" in result.stderr


def test_init_makes_a_station_and_refuses_a_second_init(tmp_path: Path) -> None:
    data = tmp_path / "d"
    args = ("init", "--kind", "district", "--name", "市南区委老干部局", "--district", "市南区", "--password-stdin")
    first = run(*args, data_dir=data, stdin="s3cret-pass\n")
    assert first.returncode == 0, first.stderr
    assert "区老干部局" in first.stdout
    second = run(*args, data_dir=data, stdin="s3cret-pass\n")
    assert second.returncode == 1 and "不能重复初始化" in second.stderr
    with sqlite3.connect(data / "cadre_desk.db") as con:
        assert con.execute("SELECT value FROM meta WHERE key='install_kind'").fetchone()[0] == "district"
        [(stored,)] = con.execute("SELECT password_hash FROM user_credentials").fetchall()
    assert stored.startswith("$argon2id$") and "s3cret-pass" not in stored
    log = data / "logs" / "cadre_desk.log"
    assert not log.exists() or "s3cret-pass" not in log.read_text(encoding="utf-8")


def test_init_with_a_short_password_is_refused(tmp_path: Path) -> None:
    result = run(
        "init",
        "--name",
        "甲驿站",
        "--district",
        "市南区",
        "--community",
        "甲社区",
        "--password-stdin",
        data_dir=tmp_path / "d",
        stdin="123\n",
    )
    assert result.returncode == 1 and "至少" in result.stderr


def test_data_dir_from_the_environment(tmp_path: Path) -> None:
    data = tmp_path / "from-env"
    result = run("demo", "--members", "10", "--months", "1", env={"CADRE_DESK_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert (data / "cadre_desk.db").exists()


def test_read_only_data_dir_gives_a_clear_message(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root ignores permission bits; use a file where the data dir should be instead
        blocker = tmp_path / "d"
        blocker.write_text("not a folder")
        result = run("demo", data_dir=blocker / "sub")
        assert result.returncode == 1
        assert "数据目录" in result.stderr
    else:
        data = tmp_path / "d"
        data.mkdir()
        data.chmod(0o500)
        result = run("demo", data_dir=data)
        assert result.returncode == 1 and "只读" in result.stderr
    assert_no_traceback(result)


def test_screenshots_render_every_page_and_the_wizard(demo_template: Path, tmp_path: Path) -> None:
    from PIL import Image

    data = tmp_path / "d"
    import shutil

    shutil.copytree(demo_template, data)
    out = tmp_path / "shots"
    result = run("screenshots", "--out", str(out), "--scale", "1.5", data_dir=data)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    assert names == sorted(
        [f"wizard-{n}.png" for n in range(1, 5)]
        + [
            f"{n}-{key}.png"
            for n, key in enumerate(
                ["home", "people", "activities", "visits", "service_records", "reports", "sync", "audit", "settings"],
                start=1,
            )
        ]
        + ["checkin.png", "activity.png", "activity-book.png", "activity-photos.png", "about.png"]
    )
    home = Image.open(out / "1-home.png")
    assert home.size == (1280, 720)
    assert len(home.getcolors(1 << 20) or []) > 50  # drawn text and figures, not a blank window
    assert not (data / "ui-layout.ini").exists()  # the user's remembered window layout is left alone


def test_screenshots_refuse_a_text_size_the_app_does_not_have(demo_template: Path, tmp_path: Path) -> None:
    result = run("screenshots", "--out", str(tmp_path / "s"), "--scale", "2", data_dir=demo_template)
    assert result.returncode == 1 and "--scale" in result.stderr
    assert_no_traceback(result)


def test_first_start_on_an_empty_data_dir_shows_the_setup_wizard_and_writes_no_station(tmp_path: Path) -> None:
    data = tmp_path / "new"
    result = run("--exit-when-ready", data_dir=data)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(data / "cadre_desk.db") as db:
        assert db.execute("select count(*) from stations").fetchone() == (0,)


def test_start_up_imports_nothing_heavy(demo_template: Path, tmp_path: Path) -> None:
    """Reports, spreadsheets and photo work load when first used, not to open the window."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(demo_template, data)
    code = (
        "import sys; from cadre_desk import cli; rc = cli.main(['--data-dir', sys.argv[1], '--exit-when-ready']); "
        "print(sorted(m for m in ('reportlab', 'openpyxl', 'PIL', 'pypinyin') if m in sys.modules)); sys.exit(rc)"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def _messy_roster(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "离休干部"
    ws.append(["离休干部花名册"])
    ws.append(["序号", "姓 名", "身份证号码", "联系电话"])
    ws.append([1, "张  三", "370202195001011239", "13912345678"])
    ws.append([2, "李四", 3.70202194803081e17, ""])
    ws.append(["合计", "2人"])
    wb.save(path)
    return path


def test_members_import_lists_rows_to_check_and_imports_the_rest(station_template: Path, tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "d"
    shutil.copytree(station_template, data)
    book = _messy_roster(tmp_path / "花名册.xlsx")
    dry = run("members", "import", str(book), "--dry-run", data_dir=data)
    assert dry.returncode == 0, dry.stderr
    assert "离休干部 第 4 行\t错误\t李四" in dry.stdout and "C4：" in dry.stdout
    assert "新增 1 人" in dry.stdout and "试运行" in dry.stdout
    with sqlite3.connect(data / "cadre_desk.db") as db:
        assert db.execute("select count(*) from people").fetchone() == (0,)
    done = run("members", "import", str(book), data_dir=data)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(data / "cadre_desk.db") as db:
        rows = db.execute("select name, id_number, category, sex from people").fetchall()
    assert rows == [("张三", "370202195001011239", "lixiu", "M")]  # the category came from the sheet's name
    again = run("members", "import", str(book), data_dir=data)
    assert again.returncode == 1 and "没有可以导入的人员" in again.stderr  # only an error row left: non-zero


def test_members_import_of_an_unreadable_file_says_why(station_template: Path, tmp_path: Path) -> None:
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("members", "import", str(legacy), data_dir=station_template)
    assert result.returncode == 1 and "另存为" in result.stderr
    assert_no_traceback(result)


def test_members_export_writes_every_person_with_text_ids(demo_template: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "名册.xlsx"
    result = run("members", "export", str(out), data_dir=demo_template)
    assert result.returncode == 0, result.stderr
    ws = openpyxl.load_workbook(out, read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    ids = [r[header.index("身份证号")] for r in rows[1:]]
    assert len(ids) == 80 and all(isinstance(i, str) and len(i) == 18 for i in ids if i)


def test_reminders_points_and_talent_from_the_command_line(demo_template: Path, tmp_path: Path) -> None:
    import openpyxl

    result = run("reminders", "--date", "2026-11-23", data_dir=demo_template)
    assert result.returncode == 0, result.stderr
    assert "本月生日" in result.stdout or "没有需要提醒的事项" in result.stdout
    bad = run("reminders", "--date", "2026-13-01", data_dir=demo_template)
    assert bad.returncode != 0 and "YYYY-MM-DD" in bad.stderr
    assert_no_traceback(bad)

    result = run("points", "--year", "2026", data_dir=demo_template)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026年量化积分排名") and lines[1].startswith("名次")
    assert lines[2].split("\t")[0] == "1"

    out = tmp_path / "人才库.xlsx"
    result = run("talent", str(out), "--mask", data_dir=demo_template)
    assert result.returncode == 0, result.stderr
    ws = openpyxl.load_workbook(out).active
    phones = [r[9] for r in ws.iter_rows(min_row=4, values_only=True) if r[9]]
    assert phones and all("****" in p for p in phones)


def test_output_into_a_closed_pipe_is_not_an_error(demo_template: Path) -> None:
    cmd = [sys.executable, "-m", "cadre_desk", "--data-dir", str(demo_template), "points"]
    env = {k: v for k, v in os.environ.items() if k != "CADRE_DESK_DATA_DIR"} | {"QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    proc.stdout.close()  # the reader is gone before anything is written (like "| head" that has had enough)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in err and "内部错误".encode() not in err


def test_importing_the_same_roster_again_is_not_an_error(demo_template: Path, tmp_path: Path) -> None:
    """After an import that was cut short, or twice by mistake: nothing changes, exit 0."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(demo_template, data)
    book = tmp_path / "名册.xlsx"
    assert run("members", "export", str(book), "--full-data", data_dir=data).returncode == 0
    again = run("members", "import", str(book), data_dir=data)
    assert again.returncode == 0, again.stderr
    assert "都已在册且信息一致" in again.stdout
