"""The bundle file: a ZIP archive signed as a whole (format: ``docs/sync-format.md``).

Members: ``changes.jsonl`` (one record per line, deflated), ``media/…`` (photos and
signatures, stored) and ``manifest.json`` (who, for whom, what, and the SHA-256 of every
other member).  The ZIP comment, the last bytes of the file, holds ``CDSIG1:`` and the
Ed25519 signature of the SHA-256 of every byte before it; so a change to any byte, or a
truncated file, is refused before anything is read from it.

A bundle may be encrypted for its addressee as it is written (:mod:`.crypt`); the reader
then reads it through the decryption, and sees exactly the signed bundle.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import queue
import re
import struct
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import DomainError
from ..files import data_dir_write_error, fsync_dir, open_regular_file, os_error_text, require_regular_file
from ..inbound import check_relative_name, is_media_ext, is_sha256, load_json, name_problem, shown
from .keys import SigningKey, verify

FORMAT = "cadre-desk-sync"
VERSION = 1
SUFFIX = ".cdsync"
SIG_MAGIC = b"CDSIG1:"
SIG_LEN = len(SIG_MAGIC) + 88  # base64 of a 64-byte Ed25519 signature
DOMAIN = b"cadre-desk bundle v1\n"
CHANGES = "changes.jsonl"
MANIFEST = "manifest.json"
_CHUNK = 1 << 20


class BundleError(DomainError):
    """A bundle that cannot be applied; nothing was changed."""


def _file_digest(fh: IO[bytes], length: int, cancel: Callable[[], None] | None = None) -> bytes:
    h = hashlib.sha256()
    fh.seek(0)
    left = length
    while left > 0:
        chunk = fh.read(min(_CHUNK * 4, left))
        if not chunk:
            raise BundleError("数据包文件不完整（可能没有复制完），请重新复制或让对方重新导出。")
        h.update(chunk)
        left -= len(chunk)
        if cancel is not None:
            cancel()
    return h.digest()


class _SigningSink:
    """The bundle file as ZipFile sees it: written straight through, never sought back
    (so ZipFile writes data descriptors), and hashed on a second thread as it goes, all but
    the last SIG_LEN bytes — the placeholder comment that the signature replaces."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self._pos = 0
        self._held = b""
        self._sha = hashlib.sha256()
        self._queue: queue.Queue[bytes | memoryview | None] = queue.Queue(maxsize=16)
        self._thread = threading.Thread(target=self._hash, name="bundle-hash", daemon=True)
        self._thread.start()

    def _hash(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._sha.update(chunk)  # releases the GIL for large chunks

    def write(self, data: Any) -> int:
        if not isinstance(data, bytes):
            data = bytes(data)
        self._fh.write(data)
        n = len(data)
        self._pos += n
        if n >= SIG_LEN:
            if self._held:
                self._queue.put(self._held)
            view = memoryview(data)  # bytes never change, so the thread may read it later
            self._queue.put(view[: n - SIG_LEN])  # type: ignore[arg-type]
            self._held = bytes(view[n - SIG_LEN :])
        else:
            joined = self._held + data
            if len(joined) > SIG_LEN:
                self._queue.put(joined[:-SIG_LEN])
                joined = joined[-SIG_LEN:]
            self._held = joined
        return n

    def tell(self) -> int:
        return self._pos

    def seek(self, *_args: Any) -> int:
        raise OSError("not seekable")

    def flush(self) -> None:
        self._fh.flush()

    def digest(self) -> bytes:
        """The hash of every byte but the held-back tail (call once, after the last write)."""
        self._queue.put(None)
        self._thread.join()
        return self._sha.digest()


class _HashingWriter(io.RawIOBase):
    """A write-only stream that hashes and counts what passes through it."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.target.write(data)


class BundleWriter:
    """Writes a bundle to ``<path>.part`` and moves it into place when signed; encrypted as it
    goes for the holder of ``encrypt_for`` (an X25519 public key) when given."""

    def __init__(self, path: Path, *, encrypt_for: str | None = None) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + ".part")
        self.members: dict[str, dict[str, Any]] = {}
        self.encrypted = encrypt_for is not None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh: Any = open(self.tmp, "wb")  # noqa: SIM115 - closed in finish() or abort()
            if encrypt_for is not None:
                from .crypt import EncryptingFile  # crypt imports BundleError from here

                try:  # the signature is written over the last SIG_LEN bytes: they are held back
                    self._fh = EncryptingFile(self._fh, encrypt_for, hold=SIG_LEN)
                except BaseException:
                    self._fh.close()
                    self.tmp.unlink(missing_ok=True)
                    raise
            self._sink = _SigningSink(self._fh)
            self._zip = zipfile.ZipFile(self._sink, "w", zipfile.ZIP_STORED, allowZip64=True, compresslevel=1)  # type: ignore[arg-type]
        except OSError as exc:
            raise DomainError(f"无法写入数据包 {path}：{os_error_text(exc)}。请检查磁盘空间和文件夹权限。") from None
        self._zip.comment = b"\0" * SIG_LEN
        self._changes: IO[bytes] | None = None
        self._hasher: _HashingWriter | None = None
        self.records = 0

    # -- members -------------------------------------------------------------------
    def begin_changes(self) -> None:
        info = zipfile.ZipInfo(CHANGES, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self._changes = self._zip.open(info, "w", force_zip64=True)
        self._hasher = _HashingWriter(self._changes)

    def write_records(self, records: list[dict[str, Any]]) -> None:
        assert self._hasher is not None
        if records:
            text = "\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records) + "\n"
            self._hasher.write(text.encode("utf-8"))
            self.records += len(records)

    def write_lines(self, lines: list[str]) -> None:
        """Records already serialised, one JSON object per string."""
        assert self._hasher is not None
        if lines:
            self._hasher.write(("\n".join(lines) + "\n").encode("utf-8"))
            self.records += len(lines)

    def end_changes(self) -> None:
        assert self._changes is not None and self._hasher is not None
        self._changes.close()
        self.members[CHANGES] = {"sha256": self._hasher.sha.hexdigest(), "size": self._hasher.size}
        self._changes = None

    def add_bytes(self, arcname: str, data: bytes, sha256: str) -> None:
        """Add a file's content (stored: photos are compressed already) with its known hash."""
        info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
        with self._zip.open(info, "w", force_zip64=True) as dst:
            view = memoryview(data)
            for start in range(0, len(data), _CHUNK * 4):
                dst.write(view[start : start + _CHUNK * 4])
        self.members[arcname] = {"sha256": sha256, "size": len(data)}

    # -- finishing -----------------------------------------------------------------
    def finish(self, manifest: dict[str, Any], key: SigningKey) -> int:
        """Write the manifest, sign the file and move it into place; returns its size."""
        manifest = {**manifest, "members": self.members}
        info = zipfile.ZipInfo(MANIFEST, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        self._zip.close()
        digest = self._sink.digest()
        size = self._sink.tell()
        signature = base64.b64encode(key.sign(DOMAIN + digest))
        fh = self._fh
        fh.seek(size - SIG_LEN)
        fh.write(SIG_MAGIC + signature)
        if self.encrypted:
            fh.finish()
            size = fh.size  # the file as it is on disk
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        os.replace(self.tmp, self.path)
        return size

    def abort(self) -> None:
        """Throw the half-written file away (on cancel or error)."""
        try:
            if self._changes is not None:
                self._changes.close()
            self._zip.close()
        except (OSError, ValueError, zipfile.BadZipFile):
            pass
        self._sink.digest()  # stops the hashing thread
        self._fh.close()
        self.tmp.unlink(missing_ok=True)


#: limits on what a bundle may hold, checked before anything in it is decompressed or parsed
#: (ours stay far below them; they bound the time and memory a hostile file can cost)
MAX_MEMBERS = 300_000  # files in the archive (three per photo at most)
MAX_CENTRAL_DIRECTORY = 64 << 20  # bytes of the archive's list of files
MAX_MANIFEST_BYTES = 32 << 20  # manifest.json, uncompressed (~250 bytes per photo)
MAX_MANIFEST_VALUES = 2_000_000  # values in it (each costs memory once parsed)
MAX_RECORD_BYTES = 16 << 20  # one line of changes.jsonl
MAX_MEDIA_BYTES = 256 << 20  # one photo, signature or archived document
MAX_RATIO = 200  # a compressed member may grow at most this much (checked above 1 MiB)
_MEDIA_MEMBER = re.compile(r"media/(originals|print|thumb)/([0-9a-f]{64})\.([a-z]{3,4})")
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record (22 bytes)
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")  # 56 bytes
_MAX_INT = (1 << 63) - 1


def unsigned_message(name: str) -> str:
    return (
        f"数据包“{name}”的签名不对：它不是本机认识的单位签发的（可能是发给其他单位的、"
        "来自另一个区的系统，或者文件在传递中被改动过），未导入任何内容。"
    )


class BundleReader:
    """An opened bundle, its whole-file signature checked before anything in it is parsed.

    The signature over every byte is checked first, by streaming (constant memory), against
    ``known_keys`` (the public keys of the peers known here, and this install's own); only a
    bundle one of them signed is opened as an archive.  With ``may_enrol`` (a station is
    waiting to send its first bundle, whose key is not known yet) a bundle no known key
    signed is opened too, within the size limits, to learn the key it claims; it must then
    be signed with that key.  ``signer`` is the key that signed it.

    Every archive member, the manifest and each record are held to the limits above; names
    from the bundle follow :mod:`..inbound`.  An encrypted bundle is read through its
    decryption with ``key`` (this install's :class:`.crypt.EncryptionKey`); ``encrypted``
    tells which it was."""

    def __init__(
        self,
        path: Path,
        cancel: Callable[[], None] | None = None,
        *,
        key: Any = None,
        known_keys: Iterable[str] = (),
        may_enrol: bool = False,
    ) -> None:
        from .crypt import DecryptedFile, is_encrypted  # crypt imports BundleError from here

        self.path = path = Path(path)
        self.manifest: dict[str, Any] = {}
        try:
            self.file_size = require_regular_file(path, "数据包")  # of the file as it came
        except DomainError as exc:
            raise BundleError(exc.message) from None
        self.encrypted = is_encrypted(path)
        self._fh: Any
        if self.encrypted:
            if key is None:
                raise BundleError(f"数据包“{path.name}”是加密的，本机还没有解密用的密钥，未导入任何内容。")
            self._fh = DecryptedFile(path, key)
        else:
            try:
                self._fh = open_regular_file(path, "数据包")  # closed by close()
            except DomainError as exc:
                raise BundleError(exc.message) from None
        try:
            self._open(cancel, list(known_keys), may_enrol)
        except BaseException:
            self.close()
            raise

    def _open(self, cancel: Callable[[], None] | None, known_keys: list[str], may_enrol: bool) -> None:
        name = self.path.name
        size = self._fh.size if self.encrypted else os.fstat(self._fh.fileno()).st_size
        self.size = size  # of the (decrypted) bundle
        self._cancel = cancel
        self._fh.seek(max(0, size - SIG_LEN))
        tail = self._fh.read(SIG_LEN)
        if len(tail) < SIG_LEN or not tail.startswith(SIG_MAGIC):
            self._fh.seek(0)
            if self._fh.read(2) != b"PK":
                raise BundleError(f"“{name}”不是本程序的同步数据包。")
            raise BundleError(
                f"数据包“{name}”不完整或已损坏（文件末尾的签名缺失），未导入任何内容。请重新复制或让对方重新导出。"
            )
        try:
            self.signature = base64.b64decode(tail[len(SIG_MAGIC) :], validate=True)
        except ValueError:
            raise BundleError(f"数据包“{name}”的签名已损坏，未导入任何内容。") from None
        # every byte, streamed, before anything is decompressed or parsed
        self._digest = _file_digest(self._fh, size - SIG_LEN, cancel)
        signed = DOMAIN + self._digest
        self.signer: str | None = next((k for k in known_keys if verify(k, self.signature, signed)), None)
        if self.signer is None and not may_enrol:
            raise BundleError(unsigned_message(name))
        self._zip = self._open_archive(size)
        manifest = self._read_manifest()
        if self.signer is None:  # a first bundle: signed with the key it names, or not at all
            claimed = manifest["from"]["public_key"]
            if not verify(claimed, self.signature, signed):
                raise BundleError(unsigned_message(name))
            self.signer = claimed
        self.manifest = manifest

    def _damaged(self) -> BundleError:
        return BundleError(f"数据包“{self.path.name}”已损坏或被改动，无法读取，未导入任何内容。")

    def _too_big(self, what: str) -> BundleError:
        return BundleError(
            f"数据包“{self.path.name}”中的{what}超出了本程序的数据包所能有的大小，"
            "它不是本程序正常导出的数据包（可能已损坏或是恶意文件），未导入任何内容。"
        )

    def _open_archive(self, size: int) -> zipfile.ZipFile:
        """The archive, once its list of files is of a size and count within the limits."""
        end = size - SIG_LEN - _EOCD.size
        if end < 0:
            raise self._damaged()
        self._fh.seek(end)
        sig, _disk, _cd_disk, _here, entries, cd_size, _cd_offset, comment = _EOCD.unpack(self._fh.read(_EOCD.size))
        if sig != b"PK\x05\x06" or comment != SIG_LEN:
            raise self._damaged()
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:  # ZIP64: the real numbers are in its own record
            if end < _ZIP64_LOCATOR.size:
                raise self._damaged()
            self._fh.seek(end - _ZIP64_LOCATOR.size)
            sig, _disk, offset, _disks = _ZIP64_LOCATOR.unpack(self._fh.read(_ZIP64_LOCATOR.size))
            if sig != b"PK\x06\x07" or offset > size - _ZIP64_EOCD.size:
                raise self._damaged()
            self._fh.seek(offset)
            record = _ZIP64_EOCD.unpack(self._fh.read(_ZIP64_EOCD.size))
            if record[0] != b"PK\x06\x06":
                raise self._damaged()
            entries, cd_size = record[6], record[8]
        if entries > MAX_MEMBERS:
            raise self._too_big(f"文件个数（{entries}）")
        if cd_size > MAX_CENTRAL_DIRECTORY:
            raise self._too_big("文件目录")
        self._fh.seek(0)
        try:
            archive = zipfile.ZipFile(self._fh)
        except Exception:  # untrusted input: zipfile raises many kinds on damaged archives
            raise self._damaged() from None
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS or len(archive.NameToInfo) != len(infos):
            archive.close()
            raise self._damaged()
        for info in infos:
            problem = self._member_problem(info)
            if problem:
                archive.close()
                raise BundleError(
                    f"数据包“{self.path.name}”中的文件“{shown(info.filename)}”{problem}，未导入任何内容。"
                )
        return archive

    @staticmethod
    def _member_problem(info: zipfile.ZipInfo) -> str | None:
        """Why an archive member may not be read, or None."""
        name = info.filename
        if name in (CHANGES, MANIFEST):
            limit = MAX_MANIFEST_BYTES if name == MANIFEST else _MAX_INT
        else:
            if name_problem(name) or not (m := _MEDIA_MEMBER.fullmatch(name)) or not is_media_ext(m[3]):
                return "名称无效（可能已被改动）"
            limit = MAX_MEDIA_BYTES
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
            return "的压缩方式不受支持"
        if info.file_size > limit:
            return "太大，不是本程序导出的内容"
        if info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(1, info.compress_size):
            return "的压缩比异常（可能是“压缩炸弹”）"
        return None

    def _read_manifest(self) -> dict[str, Any]:
        name = self.path.name
        try:
            with self._zip.open(MANIFEST) as fh:
                raw = fh.read(MAX_MANIFEST_BYTES + 1)
        except KeyError:
            raise BundleError(f"“{name}”不是本程序的同步数据包。") from None
        except Exception:  # a damaged member
            raise self._damaged() from None
        if len(raw) > MAX_MANIFEST_BYTES:
            raise self._too_big("清单")
        try:
            manifest = load_json(raw, f"数据包“{name}”的清单", max_values=MAX_MANIFEST_VALUES)
        except DomainError as exc:
            raise BundleError(f"{exc.message}未导入任何内容。") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleError(f"“{name}”不是本程序的同步数据包。")
        version = manifest.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version > VERSION or version < 1:
            raise BundleError(
                f"数据包“{name}”的格式版本（{shown(version)}）不受这个版本的程序支持，未导入任何内容。"
                "请把程序升级到与发送方相同或更新的版本后再导入。"
            )
        problem = manifest_problem(manifest)
        if problem:
            raise BundleError(f"数据包“{name}”的清单内容不对（{problem}），可能已损坏或被改动，未导入任何内容。")
        return manifest

    def signed_by(self, public_key: str) -> bool:
        """Whether the whole file was signed with ``public_key`` (checked on opening)."""
        return public_key == self.signer or verify(public_key, self.signature, DOMAIN + self._digest)

    # -- members -------------------------------------------------------------------
    def _member(self, name: str) -> dict[str, Any]:
        entry = self.manifest.get("members", {}).get(name)
        if not isinstance(entry, dict):
            raise BundleError(f"数据包缺少 {name}，已损坏，未导入任何内容。")
        return entry

    def records(self) -> Iterator[dict[str, Any]]:
        """Every record, in order; checks the member's hash when it has been read to the end."""
        expected = self._member(CHANGES)["sha256"]
        h = hashlib.sha256()
        try:
            with self._zip.open(CHANGES) as fh:
                while line := fh.readline(MAX_RECORD_BYTES + 1):
                    if len(line) > MAX_RECORD_BYTES:
                        raise BundleError("数据包中有一条变更记录过长，它不是本程序导出的数据包，未导入任何内容。")
                    h.update(line)
                    if line.strip():
                        record = json.loads(line)
                        problem = record_problem(record)
                        if problem:
                            raise BundleError(
                                f"数据包中有格式不对的变更记录（{problem}），可能已损坏或被改动，未导入任何内容。"
                            )
                        yield record
        except BundleError:
            raise
        except RecursionError:
            raise BundleError("数据包中有嵌套层数过多的变更记录，已损坏或被改动，未导入任何内容。") from None
        except Exception:  # damaged archive or record
            raise BundleError("数据包的变更记录已损坏，未导入任何内容。") from None
        if h.hexdigest() != expected:
            raise BundleError("数据包的变更记录与签名不符（已被改动），未导入任何内容。")

    def extract(self, name: str, dest: Path, content_sha256: str | None = None, *, tmp_dir: Path | None = None) -> None:
        """Copy a member to ``dest`` (written to a temporary name in ``tmp_dir``, or beside it,
        then moved into place), checking it against the manifest and, if given, the hash its
        content must have."""
        check_relative_name(name, "数据包中的文件")
        expected = self._member(name)["sha256"]
        if content_sha256 is not None and expected != content_sha256:
            raise BundleError(f"数据包中的文件 {name} 与它的校验值不符，未导入任何内容。")
        tmp = (tmp_dir or dest.parent) / f"{dest.name}.{os.getpid()}.part"
        h = hashlib.sha256()
        writing = False  # an OSError while writing is the disk's (full, read-only), not the bundle's
        try:
            with self._zip.open(name) as src:
                writing = True
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp.parent.mkdir(parents=True, exist_ok=True)
                with open(tmp, "wb") as out:
                    while True:
                        writing = False
                        chunk = src.read(_CHUNK)
                        writing = True
                        if not chunk:
                            break
                        h.update(chunk)
                        out.write(chunk)
                    if h.hexdigest() != expected:
                        raise BundleError(f"数据包中的文件 {name} 与签名不符（已被改动），未导入任何内容。")
                    out.flush()
                    os.fsync(out.fileno())  # complete on disk before a committed row refers to it
                os.replace(tmp, dest)
                fsync_dir(dest.parent)
        except DomainError:
            raise
        except OSError as exc:
            if writing:
                raise data_dir_write_error(exc, "数据包中的照片文件") from None
            raise BundleError(f"数据包中的文件 {name} 已损坏，未导入任何内容。") from None
        except Exception:  # damaged archive member
            raise BundleError(f"数据包中的文件 {name} 已损坏，未导入任何内容。") from None
        finally:
            tmp.unlink(missing_ok=True)

    def close(self) -> None:
        try:
            if hasattr(self, "_zip"):
                self._zip.close()
        finally:
            if hasattr(self, "_fh"):
                self._fh.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the shape of what a bundle holds (it comes from outside: nothing is taken on trust) ---------


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= _MAX_INT


def _opt_str(v: object) -> bool:
    return v is None or isinstance(v, str)


def _iso(v: object) -> bool:
    if v is None:
        return True
    if not isinstance(v, str):
        return False
    try:
        dt.datetime.fromisoformat(v)
    except ValueError:
        return False
    return True


def manifest_problem(m: dict[str, Any]) -> str | None:
    """What is wrong with a manifest's fields (names, types, values), or None."""
    sender, to = m.get("from"), m.get("to")
    if not isinstance(sender, dict):
        return "发送方（from）"
    for key in ("install_id", "station_id", "name", "public_key"):
        if not isinstance(sender.get(key), str):
            return f"发送方的 {key}"
    if sender.get("kind") not in ("station", "district") or not _opt_str(sender.get("encryption_key")):
        return "发送方的类型或加密公钥"
    if not isinstance(to, dict) or not isinstance(to.get("station_id"), str):
        return "收件方（to）"
    if not (_opt_str(to.get("install_id")) and _opt_str(to.get("name"))):
        return "收件方（to）"
    if not (_opt_str(m.get("bundle_id")) and _opt_str(m.get("district_id")) and _opt_str(m.get("enrol_proof"))):
        return "数据包标识、区标识或入网证明"
    for key in ("covers", "ack"):
        part = m.get(key)
        if part is None and key == "ack":
            continue
        if not isinstance(part, dict) or not _is_int(part.get("seq") or 0) or not _opt_str(part.get("hlc")):
            return key
    if not _is_int(m.get("records") or 0) or not _is_int(m.get("since") or 0):
        return "记录数"
    counts = m.get("counts") or {}
    if not isinstance(counts, dict) or not all(_is_int(v) for v in counts.values()):
        return "各类记录的数目"
    members = m.get("members")
    if not isinstance(members, dict):
        return "文件清单（members）"
    for name, entry in members.items():
        if not (isinstance(entry, dict) and is_sha256(entry.get("sha256")) and _is_int(entry.get("size"))):
            return f"文件“{shown(name)}”的校验值或大小"
    media = m.get("media") or []
    if not isinstance(media, list):
        return "照片清单（media）"
    for item in media:
        if not isinstance(item, dict):
            return "照片清单（media）"
        if not is_sha256(item.get("sha256")):
            return f"照片的校验值“{shown(item.get('sha256'))}”"
        if not is_media_ext(item.get("ext")):
            return f"照片的扩展名“{shown(item.get('ext'))}”"
        if not (isinstance(item.get("mime"), str) and _is_int(item.get("size"))):
            return "照片的类型或大小"
        if not all(item.get(k) is None or _is_int(item.get(k)) for k in ("width", "height")):
            return "照片的尺寸"
        if not _iso(item.get("taken_at")) or not all(isinstance(item.get(k, False), bool) for k in ("print", "thumb")):
            return "照片的拍摄时间或副本"
    return None


def record_problem(r: object) -> str | None:
    """What is wrong with the shape of one record of ``changes.jsonl``, or None (the values
    are checked as they are decoded)."""
    if not isinstance(r, dict) or not isinstance(r.get("t"), str) or not isinstance(r.get("v"), dict):
        return "记录不是对象，或缺少类型和内容"
    if r["t"] == "audit_log":
        return None
    if not all(isinstance(r.get(k), str) for k in ("id", "o", "c", "u")):
        return "记录的标识或时间戳"
    stamps = r.get("f")
    if stamps is not None and not (isinstance(stamps, dict) and all(isinstance(v, str) for v in stamps.values())):
        return "字段时间戳"
    if not isinstance(r.get("d"), bool):
        return "删除标记"
    return None
