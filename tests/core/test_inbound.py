"""The one rule for names from outside (core.inbound), where it is used, and .part clean-up."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cadre_desk.core import backup, inbound, media, partfiles
from cadre_desk.core.app import App
from cadre_desk.core.check import run_check
from cadre_desk.core.errors import DomainError
from cadre_desk.core.inbound import InboundError
from cadre_desk.core.instance import InstanceLock
from cadre_desk.core.paths import DataLayout
from cadre_desk.core.services import media as media_service
from cadre_desk.core.services import people, photos

from .sync_world import photo_bytes

SHA = hashlib.sha256(b"x").hexdigest()


def test_a_hash_is_exactly_64_lowercase_hex_digits() -> None:
    assert inbound.is_sha256(SHA)
    for bad in (SHA.upper(), SHA[:-1], SHA + "0", "g" * 64, "", None, 7, f"../{SHA[3:]}", SHA[:63] + "\n"):
        assert not inbound.is_sha256(bad)
        with pytest.raises(InboundError, match="校验值无效"):
            inbound.check_sha256(bad)


def test_extensions_come_from_a_closed_list_that_matches_the_media_store() -> None:
    assert {ext for _mime, ext in media._FORMATS.values()} == inbound.IMAGE_EXTS
    assert inbound.IMAGE_EXTS | {"pdf", "xlsx"} == inbound.MEDIA_EXTS
    for ext in inbound.MEDIA_EXTS:
        assert inbound.check_ext(ext) == ext
    for bad in ("JPG", "jpg/../../x.sh", "jpg\x00", "exe", "", ".jpg", "jpeg ", None, ["jpg"]):
        with pytest.raises(InboundError, match="扩展名无效"):
            inbound.check_ext(bad)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("..", ".."),
        ("media/../../escape", ".."),
        ("a/./b", "空的路径部分"),
        ("a//b", "空的路径部分"),
        ("/etc/passwd", "绝对路径"),
        ("//server/share/x", "绝对路径"),
        ("C:/Windows/x", "盘符"),
        ("c:x", "盘符"),
        ("\\\\server\\share\\x", "反斜杠"),
        ("media\\..\\x", "反斜杠"),
        ("a\x00b", "NUL"),
        ("a\x1fb", "不允许的字符"),
        ("ab:c", "不允许的字符"),  # (an alternate data stream on NTFS)
        ('a"b', "不允许的字符"),
        ("CON", "保留名称"),
        ("media/con.txt", "保留名称"),
        ("PRN", "保留名称"),
        ("aux.tar.gz", "保留名称"),
        ("NUL", "保留名称"),
        ("COM1.jpg", "保留名称"),
        ("com9", "保留名称"),
        ("LPT1", "保留名称"),
        ("lpt9.png", "保留名称"),
        ("x" * 256, "文件名太长"),
        ("照" * 86, "文件名太长"),  # 258 bytes in UTF-8
        ("a/" * 600 + "b", "路径太长"),
        ("photo.", "以点或空格结尾"),
        ("photo ", "以点或空格结尾"),
        ("", "为空"),
    ],
)
def test_a_name_from_outside_that_could_leave_its_folder_is_refused(name: str, why: str) -> None:
    problem = inbound.name_problem(name)
    assert problem is not None and why in problem
    with pytest.raises(InboundError, match="名称无效"):
        inbound.check_relative_name(name)


@pytest.mark.parametrize("name", [f"media/originals/ab/{SHA}.jpg", "changes.jsonl", "CONSOLE.txt", "com10", "a.b.c"])
def test_plain_relative_names_pass(name: str) -> None:
    assert inbound.name_problem(name) is None


def test_a_path_must_stay_inside_its_store_after_symlinks_are_followed(tmp_path: Path) -> None:
    store, outside = tmp_path / "store", tmp_path / "outside"
    (store / "originals").mkdir(parents=True)
    outside.mkdir()
    (store / "originals" / "ab").symlink_to(outside)  # a shard folder that leads out of the store
    (store / "originals" / "cd").symlink_to(store / "originals")  # a link that stays inside
    with pytest.raises(InboundError, match="存储文件夹之外"):
        inbound.inside(store, f"originals/ab/{SHA}.jpg")
    assert inbound.inside(store, f"originals/cd/{SHA}.jpg") == store / "originals" / "cd" / f"{SHA}.jpg"
    assert inbound.inside(store, "originals/new/file.jpg") == store / "originals" / "new" / "file.jpg"
    with pytest.raises(InboundError):
        inbound.inside(store, "../outside/x")
    with pytest.raises(InboundError, match="存储文件夹之外"):
        inbound.ensure_inside(store, store / "originals" / ".." / ".." / "outside")


def test_the_media_store_refuses_to_build_a_path_from_a_bad_hash_or_extension(tmp_path: Path) -> None:
    store = media.MediaStore(tmp_path / "media")
    assert store.original_path(SHA, "jpg") == tmp_path / "media" / "originals" / SHA[:2] / f"{SHA}.jpg"
    with pytest.raises(InboundError):
        store.original_path(SHA, "jpg/../../../../escape/PWNED.sh")
    with pytest.raises(InboundError):
        store.original_path("../../../../etc/passwd", "jpg")
    for path in (store.print_path, store.thumb_path):
        with pytest.raises(InboundError):
            path(f"{SHA[:60]}/../")


def test_json_from_outside_is_parsed_with_bounded_nesting_and_size(tmp_path: Path) -> None:
    assert inbound.load_json(b'{"a": [1, {"b": null}]}', "文件", max_values=10) == {"a": [1, {"b": None}]}
    with pytest.raises(DomainError, match="嵌套层数过多"):
        inbound.load_json(b"[" * 100_000 + b"]" * 100_000, "文件", max_values=10**6)
    with pytest.raises(DomainError, match="嵌套层数过多"):
        inbound.load_json(b"[" * 40 + b"]" * 40, "文件", max_values=100)
    with pytest.raises(DomainError, match="条目过多"):
        inbound.load_json(b"[" + b"{}," * 1000 + b"{}]", "文件", max_values=500)
    with pytest.raises(DomainError, match="不是有效的 JSON"):
        inbound.load_json(b"\xff\xfe{", "文件", max_values=10)

    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(1 << 30)  # sparse: never read whole
    with pytest.raises(DomainError, match="太大"):
        inbound.read_limited(big, "入网文件", 1 << 20)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(DomainError, match="不是普通文件"):
        inbound.read_limited(fifo, "入网文件", 1 << 20)
    with pytest.raises(DomainError, match="文件夹"):
        inbound.read_limited(tmp_path, "入网文件", 1 << 20)


def _add_photo(app: App) -> str:
    person = people.create_person(app, {"name": "王建国", "category": "tuixiu"})
    info = media_service.store_image(app, photo_bytes(1), "王建国.jpg")
    with app.transaction() as tx:
        photos.attach_stored(tx, "person", person, [("王建国.jpg", info)])
    return info.sha256


def test_check_flags_an_index_row_whose_name_breaks_the_rule(app: App) -> None:
    con = sqlite3.connect(app.layout.db)
    with con:
        con.execute(
            "INSERT INTO media_files (sha256, mime, ext, size, width, height, added_at, has_derivatives)"
            " VALUES (?, 'image/jpeg', 'jpg/../../../../escape/PWNED.sh', 3, 1, 1, '2026-01-01 00:00:00', 1)",
            (SHA,),
        )
    con.close()
    report = run_check(app)
    assert not report.ok
    assert any("文件名无效" in p and "jpg/../../../../escape" in p for p in report.problems)


def test_a_backup_photo_that_links_out_of_the_backup_or_is_a_pipe_is_not_copied(app: App, tmp_path: Path) -> None:
    sha = _add_photo(app)
    stick = tmp_path / "stick"
    stick.mkdir()
    folder = backup.back_up_to_folder(app, stick).folder
    original = folder / "media" / "originals" / sha[:2] / f"{sha}.jpg"
    secret = tmp_path / "secret.jpg"  # the same bytes, outside the backup: still not taken from there
    shutil.copyfile(original, secret)
    original.unlink()
    original.symlink_to(secret)
    thumb = folder / "media" / "thumbs" / sha[:2] / f"{sha}.jpg"
    thumb.unlink()
    os.mkfifo(thumb)

    target = tmp_path / "restored"
    done = backup.restore_backup(DataLayout(target), folder)
    assert done.photos_damaged == 1 and done.missing_photos == 1
    assert not (target / "media" / "originals" / sha[:2] / f"{sha}.jpg").exists()


def test_start_up_removes_stale_part_files_and_check_reports_them(app: App) -> None:
    layout = app.layout
    stale = [
        layout.backups / "手动备份-20261123-150210.db.part",
        layout.backups / "同步导入前备份-20261123-150210.json.part",
        layout.media / "tmp" / f"{SHA}.jpg.1234.part",
    ]
    kept = [layout.backups / "我的笔记.part", layout.root / "README.part"]  # not ours, or not where we write
    for p in stale + kept:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"half")
    beside = layout.media / "originals" / SHA[:2] / f"{SHA}.jpg.99.part"
    beside.parent.mkdir(parents=True)
    beside.write_bytes(b"half")

    report = run_check(app)
    assert report.ok  # a note, not a problem: the books are whole
    [note] = [n for n in report.notes if ".part" in n]
    assert "5 个未写完的临时文件" in note  # the three stale ones, README.part and the one beside a photo

    app.close()
    with App.open(layout.root) as reopened:
        assert sorted(reopened.removed_part_files) == sorted(stale)
        assert any("清理了 3 个未写完的临时文件" in n for n in run_check(reopened).notes)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept) and beside.exists()


def test_part_files_are_left_alone_while_another_window_has_the_data_dir(app: App) -> None:
    layout = app.layout
    part = layout.backups / "自动备份-20261123-150210.db.part"
    part.write_bytes(b"being written")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from cadre_desk.core.instance import InstanceLock\n"
            f"lock = InstanceLock(Path({str(layout.lock)!r})); lock.acquire()\n"
            "print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert partfiles.remove_stale_part_files(layout) == ()
        assert part.exists()
    finally:
        holder.communicate("")
    with InstanceLock(layout.lock):  # this process holds it (as a writing command does)
        assert partfiles.remove_stale_part_files(layout) == (part,)
    assert not part.exists()


def test_a_backup_whose_profile_nests_without_end_is_described_not_crashed_on(app: App, tmp_path: Path) -> None:
    out = tmp_path / "备份.db"
    backup.make_backup(app, "manual", dest=out)
    con = sqlite3.connect(out)
    with con:
        con.execute("DELETE FROM meta WHERE key = 'station_id'")
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('profile', ?)", ("[" * 100_000,))
    con.close()
    info = backup.inspect_backup(out)
    assert info.station == ""


def test_check_on_the_command_line_says_what_start_up_cleaned(app: App, capsys: pytest.CaptureFixture[str]) -> None:
    from cadre_desk import cli

    part = app.layout.backups / "手动备份-20261123-150210.db.part"  # a backup killed half-way
    part.write_bytes(b"half")
    app.close()
    assert cli.main(["--data-dir", str(app.layout.root), "check"]) == 0
    assert "清理了 1 个未写完的临时文件" in capsys.readouterr().out
    assert not part.exists()
