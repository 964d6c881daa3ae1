"""`cadre-desk backup` and `cadre-desk restore` as a person uses them."""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from cadre_desk import cli
from cadre_desk.core.instance import InstanceLock
from cadre_desk.core.paths import DataLayout


def people(db: Path) -> set[str]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT name FROM people WHERE deleted = 0")}
    finally:
        con.close()


@pytest.fixture
def data(demo_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_template, tmp_path / "data"))


def run(data: Path, *args: str) -> int:
    return cli.main(["--data-dir", str(data), *args])


def test_backup_into_the_backups_folder_to_a_file_and_to_a_folder(data: Path, tmp_path: Path, capsys) -> None:
    assert run(data, "backup") == 0
    [made] = (data / "backups").glob("手动备份-*.db")
    assert str(made) in capsys.readouterr().out

    out = tmp_path / "给区里的备份.db"
    assert run(data, "backup", "--out", str(out)) == 0
    assert people(out) == people(data / "cadre_desk.db")

    stick = tmp_path / "U盘"
    stick.mkdir()
    assert run(data, "backup", "--to", str(stick)) == 0
    said = capsys.readouterr().out
    assert "已备份到文件夹" in said and "金湖路社区老干部驿站-数据备份" in said
    assert (stick / "金湖路社区老干部驿站-数据备份" / "备份信息.json").exists()


def test_backup_usage_errors_and_a_missing_database(data: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        run(data, "backup", "--out", str(tmp_path / "a.db"), "--to", str(tmp_path))
    assert exited.value.code == 2
    assert run(tmp_path / "empty", "backup") == 1
    assert "没有数据库" in capsys.readouterr().err
    assert run(data, "backup", "--to", str(tmp_path / "no-such-stick")) == 1
    assert "不存在" in capsys.readouterr().err


def test_restore_shows_the_backup_asks_and_keeps_the_current_data(
    data: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "备份.db"
    assert run(data, "backup", "--out", str(out)) == 0
    at_backup = people(data / "cadre_desk.db")
    with sqlite3.connect(data / "cadre_desk.db") as con:
        con.execute("UPDATE people SET deleted = 1 WHERE id IN (SELECT id FROM people LIMIT 10)")
    con.close()
    capsys.readouterr()

    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    assert run(data, "restore", str(out)) == 1  # answered no
    said = capsys.readouterr()
    assert "金湖路社区老干部驿站" in said.out and "人员 80 人" in said.out and "确定要恢复吗" in said.out
    assert "未恢复" in said.err
    assert len(people(data / "cadre_desk.db")) == 70

    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    assert run(data, "restore", str(out)) == 0
    said = capsys.readouterr().out
    assert people(data / "cadre_desk.db") == at_backup
    [kept] = (data / "backups").glob("恢复前备份-*.db")
    assert f"恢复前的数据已另存为：{kept}" in said
    assert len(people(kept)) == 70


def test_restore_from_a_folder_backup_onto_a_new_pc_then_check(data: Path, tmp_path: Path, capsys) -> None:
    stick = tmp_path / "U盘"
    stick.mkdir()
    assert run(data, "backup", "--to", str(stick)) == 0
    new_pc = tmp_path / "新电脑"
    assert run(new_pc, "restore", str(stick), "--yes") == 0
    assert "已从备份恢复数据" in capsys.readouterr().out
    assert run(new_pc, "check") == 0
    assert people(new_pc / "cadre_desk.db") == people(data / "cadre_desk.db")


def test_restore_refuses_junk_and_an_open_window(data: Path, tmp_path: Path, capsys) -> None:
    junk = tmp_path / "照片.db"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 2000)
    before = (data / "cadre_desk.db").read_bytes()
    assert run(data, "restore", str(junk), "--yes") == 1
    assert "不是本程序的备份文件" in capsys.readouterr().err

    out = tmp_path / "好的备份.db"
    assert run(data, "backup", "--out", str(out)) == 0
    with InstanceLock(DataLayout(data).lock):  # the window is open on this data dir
        assert run(data, "restore", str(out), "--yes") == 1
    assert "另一个程序窗口" in capsys.readouterr().err
    assert (data / "cadre_desk.db").read_bytes() == before
    assert not list((data / "backups").glob("恢复前备份-*"))
