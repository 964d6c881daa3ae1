"""Photos attached to records: import (good, duplicate, bad, cancelled), editing, trash."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from cadre_desk.core.app import App
from cadre_desk.core.errors import DomainError, NotFoundError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import ActivityType, Attachment, AuditEntry, MediaFile
from cadre_desk.core.services import photos
from cadre_desk.core.services.activities import check_in, create_activity
from cadre_desk.core.services.media import store_image

TAKEN = dt.datetime(2026, 3, 14, 15, 9, 26)


# -- making files -------------------------------------------------------------------------


def make_jpeg(
    seed: int, size: tuple[int, int] = (640, 480), *, orientation: int = 1, taken: dt.datetime | None = None
) -> bytes:
    """A real JPEG: a gradient with noise (``size`` is the stored pixel size), optional EXIF."""
    rng = random.Random(seed)
    w, h = size
    gradient = Image.linear_gradient("L").resize((w, h))
    img = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.ROTATE_90).resize((w, h)), gradient))
    noise = Image.frombytes("RGB", (w // 4, h // 4), rng.randbytes((w // 4) * (h // 4) * 3)).resize((w, h))
    img = Image.blend(img, noise, 0.3)
    exif = Image.Exif()
    if orientation != 1:
        exif[0x0112] = orientation
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85, exif=exif.tobytes())
    return buf.getvalue()


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid 1-bit PNG of ``width`` × ``height`` white pixels that is tiny on disk.

    Written chunk by chunk with zlib: Pillow keeps a 1-bit image at one byte per pixel, so
    saving a 400-megapixel ``Image.new("1", …)`` would need 400 MB of memory in the test.
    """

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    compressed = b"".join(packer.compress(row * 500) for _ in range(height // 500)) + packer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def with_declared_size(jpeg: bytes, width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF0) declares another size: a huge image's header."""
    at = jpeg.index(b"\xff\xc0")
    return jpeg[: at + 5] + struct.pack(">HH", height, width) + jpeg[at + 9 :]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- fixtures -----------------------------------------------------------------------------


def new_activity(app: App, title: str = "三月学习会") -> str:
    with app.read() as s:
        type_id = s.scalars(select(ActivityType.id).where(ActivityType.deleted.is_(False))).first()
    assert type_id is not None
    return create_activity(app, {"title": title, "type_id": type_id, "date": dt.date(2026, 3, 14)})


def count(app: App, model: type, *where: object) -> int:
    with app.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def audit_actions(app: App, entity_id: str) -> list[str]:
    with app.read() as s:
        return list(
            s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.tx_seq))
        )


@pytest.fixture
def activity(app: App) -> str:
    return new_activity(app)


# -- importing ----------------------------------------------------------------------------


def test_rotated_photo_keeps_its_displayed_size_date_and_a_portrait_thumbnail(app: App, activity, tmp_path) -> None:
    path = write(tmp_path, "IMG_0001.JPG", make_jpeg(1, (640, 480), orientation=6, taken=TAKEN))
    result = photos.import_photos(app, "activity", activity, [path])
    assert len(result.added) == 1 and result.duplicates == [] and result.refused == []
    assert result.summary() == "已添加 1 张照片。"
    [item] = photos.list_photos(app, "activity", activity)
    assert (item.width, item.height) == (480, 640)  # as the camera meant it: portrait
    assert item.taken_at == TAKEN
    assert item.original_name == "IMG_0001.JPG" and item.caption == "" and item.is_cover and item.sort_order == 0
    assert item.ext == "jpg" and item.kind == "photo"
    with Image.open(item.thumb_path) as thumb:
        assert thumb.height == 320 and thumb.width < thumb.height
    with Image.open(item.print_path) as printed:
        assert printed.height > printed.width
    with app.read() as s:
        att = s.get(Attachment, item.id)
        mf = s.get(MediaFile, item.sha256)
    assert att is not None and att.taken_at == TAKEN
    assert mf is not None and (mf.width, mf.height, mf.taken_at) == (480, 640, TAKEN) and mf.has_derivatives
    assert audit_actions(app, item.id) == ["create"]


def test_the_same_file_twice_is_stored_once_and_reported_as_duplicate(app: App, activity, tmp_path) -> None:
    data = make_jpeg(2)
    first, copy = write(tmp_path, "a.jpg", data), write(tmp_path, "copy of a.jpg", data)
    result = photos.import_photos(app, "activity", activity, [first, copy])
    assert len(result.added) == 1 and result.duplicates == ["copy of a.jpg"]
    assert "1 张已在本记录中" in result.summary()
    again = photos.import_photos(app, "activity", activity, [copy])  # already attached
    assert again.added == [] and again.duplicates == ["copy of a.jpg"]
    assert again.summary() == "没有添加照片；1 张已在本记录中，未重复添加。"
    assert count(app, Attachment, Attachment.owner_id == activity) == 1
    assert count(app, MediaFile) == 1
    assert len(list((app.media.root / "originals").rglob("*.jpg"))) == 1


def test_new_photos_go_after_the_existing_ones_and_the_cover_stays(app: App, activity, tmp_path) -> None:
    photos.import_photos(app, "activity", activity, [write(tmp_path, "1.jpg", make_jpeg(1))])
    paths = [write(tmp_path, f"{n}.jpg", make_jpeg(n)) for n in (2, 3, 4)]
    result = photos.import_photos(app, "activity", activity, paths)
    items = photos.list_photos(app, "activity", activity)
    assert [i.original_name for i in items] == ["1.jpg", "2.jpg", "3.jpg", "4.jpg"]  # the order given
    assert [i.id for i in items[1:]] == result.added
    assert [i.sort_order for i in items] == [0, 1, 2, 3]
    assert [i.is_cover for i in items] == [True, False, False, False]


def test_bad_files_are_refused_by_name_and_the_good_ones_still_added(app: App, activity, tmp_path) -> None:
    good = make_jpeg(3)
    bad = {
        "truncated.jpg": good[: len(good) // 2],
        "notes.jpg": "这不是照片，是会议记录。".encode(),
        "empty.jpg": b"",
        "bomb.png": png_bomb(),
        "huge.jpg": with_declared_size(make_jpeg(4, (64, 48)), 12_000, 8_400),  # 100.8 megapixels
        "large.jpg": with_declared_size(make_jpeg(5, (64, 48)), 9_000, 8_000),  # 72 megapixels
    }
    assert len(bad["bomb.png"]) < 100_000
    paths = [write(tmp_path, "good-1.jpg", good)]
    paths += [write(tmp_path, name, data) for name, data in bad.items()]
    paths += [write(tmp_path, "good-2.jpg", make_jpeg(6)), tmp_path / "missing.jpg"]
    result = photos.import_photos(app, "activity", activity, paths)

    assert len(result.added) == 2 and result.duplicates == []
    refused = dict(result.refused)
    assert list(refused) == [*bad, "missing.jpg"]  # in the order given
    expected = {
        "truncated.jpg": "损坏或不完整",
        "notes.jpg": "不是可识别的图片",
        "empty.jpg": "空文件",
        "bomb.png": "尺寸异常巨大",
        "huge.jpg": "尺寸异常巨大",
        "large.jpg": "尺寸过大",
        "missing.jpg": "文件不存在",
    }
    for name, words in expected.items():
        assert f"“{name}”" in refused[name] and words in refused[name], refused[name]
    assert result.summary() == "已添加 2 张照片；7 个文件无法使用。"
    assert [i.original_name for i in photos.list_photos(app, "activity", activity)] == ["good-1.jpg", "good-2.jpg"]
    assert count(app, Attachment) == 2 and count(app, MediaFile) == 2
    assert len(app.media.stored_hashes()) == 2  # nothing of the bad files on disk either


def test_an_unexpected_failure_on_one_file_skips_only_that_file(app: App, activity, tmp_path, monkeypatch) -> None:
    odd, fine = make_jpeg(7), make_jpeg(8)
    make_derivatives = app.media.make_derivatives
    odd_sha = app.media.put(odd).sha256

    def flaky(sha256: str, ext: str) -> None:
        if sha256 == odd_sha:
            raise RuntimeError("a Pillow bug")
        make_derivatives(sha256, ext)

    monkeypatch.setattr(app.media, "make_derivatives", flaky)
    paths = [write(tmp_path, "odd.jpg", odd), write(tmp_path, "fine.jpg", fine)]
    result = photos.import_photos(app, "activity", activity, paths)
    assert len(result.added) == 1 and [name for name, _ in result.refused] == ["odd.jpg"]
    assert "意外问题" in result.refused[0][1]


def test_cancel_midway_writes_nothing(app: App, activity, tmp_path) -> None:
    paths = [write(tmp_path, f"{n}.jpg", make_jpeg(n)) for n in range(6)]
    token = CancelToken()
    seen: list[float] = []

    def progress(fraction: float, _message: str) -> None:
        seen.append(fraction)
        if len(seen) == 2:
            token.cancel()

    with pytest.raises(Cancelled):
        photos.import_photos(app, "activity", activity, paths, progress=progress, cancel=token)
    assert count(app, Attachment) == 0 and count(app, MediaFile) == 0
    assert max(seen) < 0.9  # stopped during the image work, before the database


def test_owner_must_exist_and_be_a_known_kind(app: App, activity, tmp_path) -> None:
    path = write(tmp_path, "a.jpg", make_jpeg(1))
    with pytest.raises(NotFoundError, match="找不到这条活动"):
        photos.import_photos(app, "activity", "no-such-id", [path])
    with pytest.raises(DomainError, match="不能把照片附加到"):
        photos.import_photos(app, "meeting", activity, [path])
    with pytest.raises(NotFoundError, match="找不到这条照片"):
        photos.set_caption(app, "no-such-id", "说明")
    assert count(app, Attachment) == 0


def test_photos_work_on_a_demo_station_alongside_its_photos(demo_app: App, tmp_path) -> None:
    with demo_app.read() as s:
        owner = s.scalars(
            select(Attachment.owner_id).where(Attachment.owner_type == "activity", Attachment.deleted.is_(False))
        ).first()
    assert owner is not None
    before = photos.list_photos(demo_app, "activity", owner)
    assert before and sum(i.is_cover for i in before) == 1
    result = photos.import_photos(demo_app, "activity", owner, [write(tmp_path, "new.jpg", make_jpeg(9))])
    after = photos.list_photos(demo_app, "activity", owner)
    assert [i.id for i in after] == [*(i.id for i in before), *result.added]
    assert sum(i.is_cover for i in after) == 1 and after[0].is_cover


# -- editing and the trash ----------------------------------------------------------------


def test_caption_move_cover_delete_restore_with_audit(app: App, activity, tmp_path) -> None:
    paths = [write(tmp_path, f"{n}.jpg", make_jpeg(n)) for n in (1, 2, 3)]
    a, b, c = photos.import_photos(app, "activity", activity, paths).added

    def state() -> list[tuple[str, bool, int]]:
        return [(i.id, i.is_cover, i.sort_order) for i in photos.list_photos(app, "activity", activity)]

    photos.set_caption(app, b, "  老同志合影　留念 ")
    assert photos.list_photos(app, "activity", activity)[1].caption == "老同志合影 留念"
    with pytest.raises(DomainError, match="不能超过 200 个字"):
        photos.set_caption(app, b, "字" * 201)

    photos.move_photo(app, c, 0)
    assert state() == [(c, False, 0), (a, True, 1), (b, False, 2)]
    photos.move_photo(app, c, 99)  # clamped to the end
    assert state() == [(a, True, 0), (b, False, 1), (c, False, 2)]

    photos.set_cover(app, c)
    assert [cover for _, cover, _ in state()] == [False, False, True]
    photos.set_cover(app, c)  # no change, no audit entry
    assert audit_actions(app, c) == ["create", "update", "update", "update"]  # move, move, cover

    photos.delete_photo(app, c)  # the cover, and last: the first photo becomes the cover
    assert state() == [(a, True, 0), (b, False, 1)]
    photos.delete_photo(app, a)  # the cover again: the next one takes over
    assert state() == [(b, True, 1)]
    assert [i.id for i in photos.trash(app, "activity", activity)] == [a, c]  # newest deletion first
    with pytest.raises(NotFoundError):
        photos.set_caption(app, a, "已删除")

    photos.restore_photo(app, c)
    assert state() == [(b, True, 1), (c, False, 2)]  # back at the end, not a second cover
    assert [i.id for i in photos.trash(app, "activity", activity)] == [a]
    with pytest.raises(DomainError, match="没有被删除"):
        photos.restore_photo(app, c)
    assert audit_actions(app, c)[-3:] == ["delete", "restore", "update"]
    assert audit_actions(app, a)[-2:] == ["update", "delete"]  # lost the cover to c, then deleted
    assert audit_actions(app, b)[-1] == "update"  # became the cover
    assert "update" in audit_actions(app, b)[:3]  # its caption


def test_readding_a_deleted_photo_hides_it_from_the_trash(app: App, activity, tmp_path) -> None:
    path = write(tmp_path, "a.jpg", make_jpeg(1))
    [first] = photos.import_photos(app, "activity", activity, [path]).added
    photos.delete_photo(app, first)
    assert [i.id for i in photos.trash(app, "activity", activity)] == [first]
    [second] = photos.import_photos(app, "activity", activity, [path]).added
    assert photos.trash(app, "activity", activity) == []
    with pytest.raises(DomainError, match="已经在这条记录中"):
        photos.restore_photo(app, first)
    assert [i.id for i in photos.list_photos(app, "activity", activity)] == [second]


def test_empty_trash_removes_only_files_no_live_record_uses(app: App, activity, tmp_path) -> None:
    other = new_activity(app, "四月参观")
    shared, alone, signed = (write(tmp_path, f"{n}.jpg", make_jpeg(n)) for n in ("shared", "alone", "signed"))
    a_shared, a_alone, a_signed = photos.import_photos(app, "activity", activity, [shared, alone, signed]).added
    photos.import_photos(app, "activity", other, [shared])  # the same picture on another record
    signature = store_image(app, signed.read_bytes(), "signature.png")  # same content as a signature
    check_in(app, activity, walk_in_name="张三", signature=signature)
    items = {i.id: i for i in photos.list_photos(app, "activity", activity)}
    for att in (a_shared, a_alone, a_signed):
        photos.delete_photo(app, att)
    assert {i.id for i in photos.trash(app)} == {a_shared, a_alone, a_signed}

    gone = items[a_alone]
    files = [app.media.original_path(gone.sha256, "jpg"), gone.print_path, gone.thumb_path]
    expected_bytes = sum(p.stat().st_size for p in files)
    original_size = files[0].stat().st_size
    result = photos.empty_trash(app)

    assert result == photos.TrashResult(files_removed=1, bytes_freed=expected_bytes)
    assert not any(p.exists() for p in files)
    assert {i.id for i in photos.trash(app)} == {a_shared, a_signed}
    for kept in (a_shared, a_signed):
        assert items[kept].thumb_path.exists() and items[kept].print_path.exists()
    with app.read() as s:
        assert s.get(MediaFile, gone.sha256) is None
        tombstone = s.get(Attachment, a_alone)
        assert tombstone is not None and tombstone.deleted  # kept for sync
        purge = s.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).one()
    assert (purge.entity, purge.entity_id, purge.label) == ("media_files", gone.sha256, "alone.jpg")
    assert purge.changes == {"size": [original_size, None]}

    with pytest.raises(DomainError, match=photos.PURGED_MESSAGE):
        photos.restore_photo(app, a_alone)
    photos.restore_photo(app, a_shared)  # its file stayed: it can come back
    assert [i.id for i in photos.list_photos(app, "activity", activity)] == [a_shared]
    assert photos.empty_trash(app) == photos.TrashResult(0, 0)  # the signature's file still stays
