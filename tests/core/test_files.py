"""Reading only ordinary files, and OS errors in the words staff read."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from cadre_desk.core.errors import DomainError
from cadre_desk.core.files import open_regular_file, os_error_text, require_regular_file


def test_an_ordinary_file_and_a_link_to_one_are_read(tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    path.write_bytes(b"PK\x03\x04 content")
    link = tmp_path / "快捷方式.xlsx"
    link.symlink_to(path)
    assert require_regular_file(path, "名册") == 12
    assert require_regular_file(link, "名册") == 12
    with open_regular_file(link, "名册") as fh:
        assert fh.read() == b"PK\x03\x04 content"


def test_a_folder_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "照片.jpg"
    folder.mkdir()
    for call in (require_regular_file, open_regular_file):
        with pytest.raises(DomainError) as caught:
            call(folder, "照片")
        assert caught.value.message == "“照片.jpg”是一个文件夹，不是照片文件。"


def test_a_pipe_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "照片.jpg"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def try_open() -> None:
        try:
            open_regular_file(fifo, "照片")
        except DomainError as exc:
            outcome.append(exc.message)

    worker = threading.Thread(target=try_open, daemon=True)
    worker.start()
    worker.join(timeout=30)  # a blocking open would never return: nothing ever writes to the pipe
    assert not worker.is_alive(), "opening a pipe blocked"
    assert outcome == ["“照片.jpg”不是普通文件（可能是设备或管道），不能作为照片读取。"]
    with pytest.raises(DomainError, match="不是普通文件"):
        require_regular_file(fifo, "照片")


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "照片.jpg"
    link.symlink_to("/dev/zero")
    for call in (require_regular_file, open_regular_file):
        with pytest.raises(DomainError, match=r"“照片\.jpg”不是普通文件"):
            call(link, "照片")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda d: d / "不存在.xlsx", "文件或文件夹不存在"),
        (lambda d: (d / "环").symlink_to("环") or d / "环", "符号链接层数过多"),
        (lambda d: d / ("长" * 200 + ".xlsx"), "路径或文件名太长"),
        (lambda d: d / "a\x00b.xlsx", "文件名无效"),
    ],
    ids=["missing", "link loop", "name too long", "NUL"],
)
def test_what_cannot_be_opened_is_said_in_chinese(tmp_path: Path, make: object, words: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    for call in (require_regular_file, open_regular_file):
        with pytest.raises(DomainError) as caught:
            call(path, "名册")
        assert words in caught.value.message
        assert caught.value.message.startswith("无法打开名册")
        assert not any(ch.isascii() and ch.isalpha() for ch in caught.value.message.replace(".xlsx", ""))


def test_os_error_text_is_chinese_for_what_users_meet() -> None:
    for code, words in [
        (errno.EACCES, "没有访问权限"),
        (errno.EISDIR, "这是一个文件夹"),
        (errno.ELOOP, "符号链接"),
        (errno.EEXIST, "已经存在"),
        (errno.ENOSPC, "磁盘空间不足"),
        (errno.ENAMETOOLONG, "太长"),
        (errno.EROFS, "只读"),
    ]:
        text = os_error_text(OSError(code, os.strerror(code)))
        assert words in text
        assert os.strerror(code) not in text  # never the system's English
    assert os_error_text(OSError(9999, "Something odd")) == "系统错误（错误代码 9999）"
    assert os_error_text(OSError("no number")) == "系统错误（错误代码 未知）"


def test_os_error_text_names_a_file_held_open_on_windows() -> None:
    exc = OSError(None, "The process cannot access the file", None, 32)  # (winerror is read where it exists)
    exc.winerror = 32  # type: ignore[attr-defined]
    assert os_error_text(exc) == "文件正被其他程序使用"
