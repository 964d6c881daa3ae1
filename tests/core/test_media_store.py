"""The media store keeps files by content, refuses bad images, and never half-writes."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from PIL import Image

from cadre_desk.core import fakedata
from cadre_desk.core.errors import DomainError
from cadre_desk.core.media import MediaStore


def jpeg(size: tuple[int, int] = (640, 480), **exif_kwargs: object) -> bytes:
    return fakedata.activity_photo_jpeg(random.Random(1), dt.datetime(2026, 11, 5, 9, 30), *size, **exif_kwargs)


def test_same_file_is_stored_once_with_derivatives(tmp_path) -> None:
    store = MediaStore(tmp_path)
    data = jpeg()
    a, b = store.put(data, "a.jpg"), store.put(data, "copy of a.jpg")
    assert a == b and a.taken_at == dt.datetime(2026, 11, 5, 9, 30)
    assert store.stored_hashes() == {a.sha256}
    store.make_derivatives(a.sha256, a.ext)
    with Image.open(store.thumb_path(a.sha256)) as thumb:
        assert max(thumb.size) == 320
    assert store.verify(a.sha256, a.ext) is None


def test_exif_orientation_is_applied_to_dimensions_and_derivatives(tmp_path) -> None:
    store = MediaStore(tmp_path)
    data = jpeg((640, 480), orientation=6)  # a camera held sideways: pixels stored portrait
    with Image.open(io.BytesIO(data)) as raw:
        assert raw.size == (480, 640)
    info = store.put(data, "rotated.jpg")
    assert (info.width, info.height) == (640, 480)  # as the photo is meant to be seen
    store.make_derivatives(info.sha256, info.ext)
    with Image.open(store.print_path(info.sha256)) as im:
        assert im.width > im.height and im.getexif().get(0x0112, 1) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: jpeg()[:4000], "损坏或不完整"),
        (lambda: b"%PDF-1.4 not a photo", "不是可识别的图片"),
        (lambda: b"", "空文件"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_stored(tmp_path, make, message) -> None:
    store = MediaStore(tmp_path)
    with pytest.raises(DomainError, match=message):
        store.put(make(), "bad.jpg")
    assert store.stored_hashes() == set()


def test_enormous_and_bomb_images_are_refused(tmp_path) -> None:
    buf = io.BytesIO()
    Image.new("1", (11_000, 10_000)).save(buf, "PNG")  # 110 MP, compresses to a few KB
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(DomainError, match="尺寸"):
        MediaStore(tmp_path).put(buf.getvalue(), "bomb.png")
    assert MediaStore(tmp_path).stored_hashes() == set()


def test_verify_detects_a_changed_file(tmp_path) -> None:
    store = MediaStore(tmp_path)
    info = store.put(jpeg(), "a.jpg")
    path = store.original_path(info.sha256, info.ext)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    assert "不符" in store.verify(info.sha256, info.ext)
    path.unlink()
    assert store.verify(info.sha256, info.ext) == "文件缺失"


def test_a_phones_multi_picture_jpeg_is_taken_as_a_jpeg(tmp_path) -> None:
    """Phones save some photos as MPO (a JPEG with a second picture after the first): Pillow
    names the format MPO; the app takes the first picture, stored as the JPEG it is."""
    first = Image.new("RGB", (1600, 1200), (200, 80, 40))
    second = Image.new("RGB", (400, 300), (10, 10, 10))
    buf = io.BytesIO()
    first.save(buf, "MPO", save_all=True, append_images=[second], quality=90)
    data = buf.getvalue()
    with Image.open(io.BytesIO(data)) as im:
        assert im.format == "MPO"
    store = MediaStore(tmp_path)
    info = store.put(data, "IMG_0042.jpg", derivatives=True)
    assert (info.mime, info.ext, info.width, info.height) == ("image/jpeg", "jpg", 1600, 1200)
    assert store.original_path(info.sha256, "jpg").read_bytes() == data
    with Image.open(store.thumb_path(info.sha256)) as thumb:
        assert max(thumb.size) == 320
