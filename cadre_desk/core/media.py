"""The media store: photos, signatures and scans — and the archived ledgers of closed months
(PDF and Excel, see :data:`DOCUMENT_KINDS`) — named by the SHA-256 of their content.

Layout inside the data dir::

    media/originals/ab/<sha256>.<ext>   the file exactly as it was added
    media/print/ab/<sha256>.jpg         print-size derivative (long side 1800 px)
    media/thumbs/ab/<sha256>.jpg        thumbnail (long side 320 px)
    media/trash/                        deleted files, until the trash is emptied
    media/tmp/                          partial writes (atomically renamed into place)

A file is written completely and renamed into place before any database row refers to
it, so a crash can leave at worst an unreferenced file, never a row without its file.
The same content added twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DomainError
from .files import data_dir_write_error, fsync_dir, open_regular_file, os_error_text
from .inbound import check_sha256, media_file_name

if TYPE_CHECKING:
    from PIL import Image

MAX_FILE_BYTES = 80 * 1024 * 1024
MAX_PIXELS = 64_000_000  # above any phone's normal output; refuses 100 MP and bombs
#: PNG, WEBP, BMP, TIFF are decoded whole (about 10 bytes a pixel with the copies): an A3 scan at 300 dpi is 17 MP
MAX_PIXELS_OTHER = 24_000_000
PRINT_LONG_SIDE = 1800
THUMB_LONG_SIDE = 320
_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "BMP": ("image/bmp", "bmp"),
    "TIFF": ("image/tiff", "tif"),
}
#: the documents kept besides images (a closed month's ledgers): extension -> (MIME type, first bytes)
DOCUMENT_KINDS: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "xlsx": ("application/vnd.ms-excel", b"PK\x03\x04"),  # (the long .xlsx type does not fit media_files.mime)
}
#: a closed month's PDF with its photos may be large; anything bigger is not a ledger
MAX_DOCUMENT_BYTES = 1024 * 1024 * 1024
_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_DATETIME = 0x0132
_EXIF_IFD = 0x8769
_EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class MediaInfo:
    """What the store knows about one file."""

    sha256: str
    mime: str
    ext: str
    size: int
    width: int
    height: int
    taken_at: dt.datetime | None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _exif_taken_at(exif: object) -> dt.datetime | None:
    try:
        raw = exif.get_ifd(_EXIF_IFD).get(_EXIF_DATETIME_ORIGINAL) or exif.get(_EXIF_DATETIME)  # type: ignore[attr-defined]
        if not raw:
            return None
        return dt.datetime.strptime(str(raw).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except (ValueError, AttributeError, KeyError, TypeError):
        return None


def _label(name: str) -> str:
    return f"“{name}”" if name else "这个文件"


def read_image_file(path: Path) -> bytes:
    """The bytes of a photo file chosen by the user, read only when it is an ordinary file of at
    most :data:`MAX_FILE_BYTES` (a pipe, a device such as ``/dev/zero`` or a folder is refused
    at once, with a message; so is a video renamed .jpg)."""
    path = Path(path)
    try:
        opened = open_regular_file(path, "照片")
    except DomainError:
        if not os.path.lexists(path):
            raise DomainError(f"“{path.name}”无法读取：文件不存在（可能已被移动或删除）。") from None
        raise
    with opened as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise DomainError(
                    f"“{path.name}”太大（{size / 1048576:.0f} MB），照片不能超过 {MAX_FILE_BYTES >> 20} MB。"
                )
            data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise DomainError(f"“{path.name}”无法读取：{os_error_text(exc)}。") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise DomainError(f"“{path.name}”太大，照片不能超过 {MAX_FILE_BYTES >> 20} MB。")
    return data


def _flat_grey(im: Image.Image, box: tuple[int, int, int, int]) -> bool:
    """Is this part of the picture exactly mid-grey (128) in every band, to the last pixel?"""
    extrema = im.crop(box).getextrema()
    bands = extrema if isinstance(extrema[0], tuple) else (extrema,)
    return all(lo == hi == 128 for lo, hi in bands)  # type: ignore[misc]


def _check_complete(im: Image.Image, label: str, declared: tuple[int, int] | None = None) -> None:
    """Refuse a decoded JPEG whose picture data ran out before its declared size was filled.

    A JPEG whose header claims more pixels than its data holds (8000×8000 over the data of a
    2000×1500 photo) decodes without an error: the decoder fills what is missing with flat
    mid-grey (every coefficient zero).  A lower half exactly that grey, to the last pixel,
    under a picture that is not, is what a real photo never is.
    """
    w, h = im.size
    if h < 16 or im.mode not in ("RGB", "L", "CMYK", "YCbCr"):
        return
    if _flat_grey(im, (0, h // 2, w, h)) and not _flat_grey(im, (0, 0, w, h // 2)):
        dw, dh = declared or (w, h)
        raise DomainError(
            f"{label}已损坏或不完整：文件头写的尺寸（{dw}×{dh}）比实际的图片数据大，下半部分没有内容。"
            "请用原始照片重新导入。"
        )


def _check_bytes(data: bytes, label: str) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(f"{label}太大（{len(data) / 1048576:.0f} MB），照片不能超过 {MAX_FILE_BYTES >> 20} MB。")
    if not data:
        raise DomainError(f"{label}是空文件。")


@contextmanager
def _reading(label: str) -> Iterator[None]:
    """Pillow's complaints about a file, as the :class:`DomainError` staff see (bombs included)."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except DomainError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise DomainError(f"{label}的尺寸异常巨大，可能是损坏或恶意文件，已拒绝。") from None
        except UnidentifiedImageError:
            raise DomainError(f"{label}不是可识别的图片文件。") from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise DomainError(f"{label}已损坏或不完整，无法读取（{type(exc).__name__}）。") from None


def _check_header(im: Image.Image, label: str) -> str:
    """The format of an opened image, once its format and pixel count are acceptable."""
    fmt = im.format or ""
    if fmt == "MPO":  # a phone's JPEG with a second picture (depth, preview) after the first
        fmt = "JPEG"
    if fmt not in _FORMATS:
        raise DomainError(f"{label}的格式（{fmt or '未知'}）不受支持，请使用 JPG 或 PNG 照片。")
    w, h = im.size
    if w * h > MAX_PIXELS:
        raise DomainError(
            f"{label}的尺寸过大（{w}×{h}，约 {w * h / 1e6:.0f} 百万像素），"
            f"请先缩小到 {MAX_PIXELS // 1_000_000} 百万像素以内。"
        )
    if fmt != "JPEG" and w * h > MAX_PIXELS_OTHER:  # decoded whole (a JPEG is decoded reduced)
        raise DomainError(
            f"{label}的尺寸过大（{w}×{h}，约 {w * h / 1e6:.0f} 百万像素）。{fmt} 格式的图片最多 "
            f"{MAX_PIXELS_OTHER // 1_000_000} 百万像素，请先缩小，或另存为 JPG 格式后再导入。"
        )
    return fmt


def inspect_image(data: bytes, name: str = "") -> MediaInfo:
    """Check that ``data`` is a complete, sane image and describe it.

    Raises :class:`DomainError` for non-images, corrupt or truncated files, and images
    too large to handle (including decompression bombs).  Width and height are as
    displayed, i.e. after the EXIF orientation is applied.
    """
    from PIL import Image, ImageOps

    label = _label(name)
    _check_bytes(data, label)
    with _reading(label), Image.open(io.BytesIO(data)) as im:
        fmt = _check_header(im, label)
        taken = _exif_taken_at(im.getexif())
        im.load()  # full decode: catches truncated and corrupt data
        if fmt == "JPEG":
            _check_complete(im, label)
        oriented = ImageOps.exif_transpose(im, in_place=False) if fmt in ("JPEG", "WEBP", "TIFF") else im
        w, h = oriented.size
    mime, ext = _FORMATS[fmt]
    return MediaInfo(sha256_bytes(data), mime, ext, len(data), w, h, taken)


def _draft(im: Image.Image, side: int) -> None:
    """Have an opened JPEG decode at the smallest scale that still covers ``side`` (much faster).

    The box keeps the photo's proportions, or the draft would have to cover side × side and
    decode at full size.  A reduced decode still reads every byte of the picture data.
    """
    if im.format == "JPEG":
        w, h = im.size
        im.draft("RGB", (side, max(1, side * h // w)) if w >= h else (max(1, side * w // h), side))


def _derivative(im: Image.Image, side: int) -> bytes:
    """The print copy or thumbnail (long side ``side``, EXIF orientation applied) of an opened image."""
    from PIL import Image, ImageOps

    _draft(im, side)  # (no effect once the image is loaded)
    img = ImageOps.exif_transpose(im)
    img = img.convert("RGB") if img.mode != "RGB" else img
    img.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=2.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85 if side > THUMB_LONG_SIDE else 80, optimize=True)
    return buf.getvalue()


class MediaStore:
    """Files on disk, addressed by content hash.  Holds no database state."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # paths -------------------------------------------------------------------------
    # (the hash and extension often come from a bundle, a backup or a row: core.inbound
    # refuses any that could name a file outside the store)
    def original_path(self, sha256: str, ext: str) -> Path:
        return self.root / "originals" / sha256[:2] / media_file_name(sha256, ext, "照片或签名文件")

    def print_path(self, sha256: str) -> Path:
        return self.root / "print" / check_sha256(sha256, "照片文件")[:2] / f"{sha256}.jpg"

    def thumb_path(self, sha256: str) -> Path:
        return self.root / "thumbs" / check_sha256(sha256, "照片文件")[:2] / f"{sha256}.jpg"

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    # writing -----------------------------------------------------------------------
    def _write_atomic(self, dest: Path, data: bytes) -> None:
        """Write ``dest`` completely, durably, or not at all.

        A file system problem (a full disk, a read-only folder) raises :class:`DataDirError`,
        which stops the whole operation: the next file would fail the same way.
        """
        tmp = self.root / "tmp" / f"{dest.name}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            new_dirs = [d for d in (dest.parent.parent, dest.parent) if not d.exists()]
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
            # the rename (and a new shard folder) on disk before a committed row can refer to it
            for folder in (dest.parent, *(d.parent for d in new_dirs)):
                fsync_dir(folder)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise data_dir_write_error(exc, "照片或签名文件") from None

    def put(self, data: bytes, name: str = "", *, derivatives: bool = False) -> MediaInfo:
        """Validate and store ``data``; a no-op for the file when the content is already there.

        With ``derivatives`` its print-size and thumbnail copies are made too (see
        :meth:`make_derivatives`), with one decode fewer for a JPEG: the decode that makes
        the print copy (reduced by ``draft``, but reading every byte of the picture data, so
        a truncated or corrupt file fails it exactly as a full decode does) is the check,
        so the picture is not also decoded at full size.  Nothing is written before the
        check has passed.
        """
        if not derivatives:
            info = inspect_image(data, name)
            self._put_original(data, info)
            return info
        from PIL import Image

        label = _label(name)
        _check_bytes(data, label)
        print_copy: bytes | None = None
        with _reading(label), Image.open(io.BytesIO(data)) as im:
            jpeg = _check_header(im, label) == "JPEG"
            if jpeg:
                info, print_copy = self._check_jpeg(data, im, label)
        if not jpeg:
            info = inspect_image(data, name)
        self._put_original(data, info)
        if print_copy is not None:
            self._write_atomic(self.print_path(info.sha256), print_copy)
        self.make_derivatives(info.sha256, info.ext)  # the thumbnail (a JPEG's print copy is there now)
        return info

    def _put_original(self, data: bytes, info: MediaInfo) -> None:
        dest = self.original_path(info.sha256, info.ext)
        if not (dest.exists() and dest.stat().st_size == info.size):
            self._write_atomic(dest, data)

    def _check_jpeg(self, data: bytes, im: Image.Image, label: str) -> tuple[MediaInfo, bytes | None]:
        """Describe and check a JPEG opened from ``data`` (header checked); its print copy if it has none."""
        sha256 = sha256_bytes(data)
        exif = im.getexif()
        taken = _exif_taken_at(exif)
        header = w, h = im.size
        if exif.get(_EXIF_ORIENTATION, 1) in (5, 6, 7, 8):  # shown turned a quarter, as exif_transpose turns it
            w, h = h, w
        _draft(im, PRINT_LONG_SIDE)
        im.load()  # the check: truncated and corrupt data fail here
        _check_complete(im, label, header)
        print_copy = None if self.print_path(sha256).exists() else _derivative(im, PRINT_LONG_SIDE)
        return MediaInfo(sha256, *_FORMATS["JPEG"], len(data), w, h, taken), print_copy

    def put_document(self, source: Path, ext: str) -> MediaInfo:
        """Store a document (an archived ledger: ``pdf`` or ``xlsx``) exactly as it is; a no-op
        for the file when the same content is there already.

        Raises :class:`DomainError` for another kind, a file that is not what its kind says
        (first bytes), empty, too large or not an ordinary file; :class:`DataDirError` when
        the store cannot be written.  Documents have no derivatives.
        """
        from .files import open_regular_file

        if ext not in DOCUMENT_KINDS:
            raise DomainError(f"照片库不保存 .{ext} 文件。")
        mime, magic = DOCUMENT_KINDS[ext]
        label = _label(source.name)
        with open_regular_file(source, "台账") as fh:
            data = fh.read(MAX_DOCUMENT_BYTES + 1)
        if not data:
            raise DomainError(f"{label}是空文件。")
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DomainError(f"{label}太大（超过 {MAX_DOCUMENT_BYTES >> 30} GB）。")
        if not data.startswith(magic):
            raise DomainError(f"{label}不是 .{ext} 文件（内容与扩展名不符）。")
        sha = sha256_bytes(data)
        size = len(data)
        dest = self.original_path(sha, ext)
        if not (dest.exists() and dest.stat().st_size == size):
            self._write_atomic(dest, data)
        return MediaInfo(sha, mime, ext, size, 0, 0, None)

    def make_derivatives(self, sha256: str, ext: str) -> None:
        """Write the print-size and thumbnail JPEGs for a stored image (EXIF orientation applied);
        documents (:data:`DOCUMENT_KINDS`) have none."""
        if ext in DOCUMENT_KINDS:
            return
        from PIL import Image

        src = self.original_path(sha256, ext)
        for dest, side in ((self.print_path(sha256), PRINT_LONG_SIDE), (self.thumb_path(sha256), THUMB_LONG_SIDE)):
            if dest.exists():
                continue
            with Image.open(src) as im:
                copy = _derivative(im, side)
            self._write_atomic(dest, copy)

    # checking ----------------------------------------------------------------------
    def verify(self, sha256: str, ext: str) -> str | None:
        """None if the original is present and intact, else a description of the problem."""
        path = self.original_path(sha256, ext)
        if not path.exists():
            return "文件缺失"
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != sha256:
            return "文件内容与校验值不符（已损坏或被改动）"
        return None

    def stored_hashes(self) -> set[str]:
        """Hashes of every original file on disk."""
        base = self.root / "originals"
        if not base.exists():
            return set()
        return {p.name.split(".", 1)[0] for p in base.glob("*/*") if p.is_file()}
