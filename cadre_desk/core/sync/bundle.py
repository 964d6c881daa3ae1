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
import hashlib
import io
import json
import os
import queue
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import DomainError
from ..files import data_dir_write_error, fsync_dir
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
            raise DomainError(f"无法写入数据包 {path}：{exc.strerror or exc}。请检查磁盘空间和文件夹权限。") from None
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


class BundleReader:
    """An opened bundle: its manifest read, its signature not yet checked.

    An encrypted bundle is read through its decryption with ``key`` (this install's
    :class:`.crypt.EncryptionKey`); ``encrypted`` tells which it was."""

    def __init__(self, path: Path, cancel: Callable[[], None] | None = None, *, key: Any = None) -> None:
        from .crypt import DecryptedFile, is_encrypted  # crypt imports BundleError from here

        self.path = path
        self.encrypted = is_encrypted(path)
        try:
            self.file_size = path.stat().st_size  # of the file as it came
        except OSError:
            self.file_size = 0
        self._fh: Any
        if self.encrypted:
            if key is None:
                raise BundleError(f"数据包“{path.name}”是加密的，本机还没有解密用的密钥，未导入任何内容。")
            self._fh = DecryptedFile(path, key)
        else:
            try:
                self._fh = open(path, "rb")  # noqa: SIM115 - closed by close()
            except OSError as exc:
                raise BundleError(f"无法读取数据包 {path.name}：{exc.strerror or exc}。") from None
        try:
            self._open(cancel)
        except BaseException:
            self._fh.close()
            raise

    def _open(self, cancel: Callable[[], None] | None) -> None:
        size = self._fh.size if self.encrypted else os.fstat(self._fh.fileno()).st_size
        self.size = size  # of the (decrypted) bundle
        self._fh.seek(max(0, size - SIG_LEN))
        tail = self._fh.read(SIG_LEN)
        if len(tail) < SIG_LEN or not tail.startswith(SIG_MAGIC):
            self._fh.seek(0)
            if self._fh.read(2) != b"PK":
                raise BundleError(f"“{self.path.name}”不是本程序的同步数据包。")
            raise BundleError(
                f"数据包“{self.path.name}”不完整或已损坏（文件末尾的签名缺失），未导入任何内容。请重新复制或让对方重新导出。"
            )
        try:
            self.signature = base64.b64decode(tail[len(SIG_MAGIC) :], validate=True)
        except ValueError:
            raise BundleError(f"数据包“{self.path.name}”的签名已损坏，未导入任何内容。") from None
        self._cancel = cancel
        self._digest: bytes | None = None
        try:
            self._zip = zipfile.ZipFile(self._fh)
            raw = self._zip.read(MANIFEST)
            manifest = json.loads(raw.decode("utf-8"))
        except Exception:  # untrusted input: zipfile raises many kinds on damaged archives
            raise BundleError(f"数据包“{self.path.name}”已损坏或被改动，无法读取，未导入任何内容。") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleError(f"“{self.path.name}”不是本程序的同步数据包。")
        version = manifest.get("version")
        if not isinstance(version, int) or version > VERSION or version < 1:
            raise BundleError(
                f"数据包“{self.path.name}”的格式版本（{version}）不受这个版本的程序支持，未导入任何内容。"
                "请把程序升级到与发送方相同或更新的版本后再导入。"
            )
        self.manifest: dict[str, Any] = manifest

    def signed_by(self, public_key: str) -> bool:
        """Whether the whole file was signed with ``public_key`` (reads every byte once)."""
        if self._digest is None:
            self._digest = _file_digest(self._fh, self.size - SIG_LEN, self._cancel)
        return verify(public_key, self.signature, DOMAIN + self._digest)

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
                for line in fh:
                    h.update(line)
                    if line.strip():
                        yield json.loads(line)
        except Exception:  # damaged archive or record
            raise BundleError("数据包的变更记录已损坏，未导入任何内容。") from None
        if h.hexdigest() != expected:
            raise BundleError("数据包的变更记录与签名不符（已被改动），未导入任何内容。")

    def extract(self, name: str, dest: Path, content_sha256: str | None = None) -> None:
        """Copy a member to ``dest`` (written to a temporary name, then moved into place),
        checking it against the manifest and, if given, the hash its content must have."""
        expected = self._member(name)["sha256"]
        if content_sha256 is not None and expected != content_sha256:
            raise BundleError(f"数据包中的文件 {name} 与它的校验值不符，未导入任何内容。")
        tmp = dest.with_name(dest.name + f".{os.getpid()}.part")
        h = hashlib.sha256()
        writing = False  # an OSError while writing is the disk's (full, read-only), not the bundle's
        try:
            with self._zip.open(name) as src:
                writing = True
                dest.parent.mkdir(parents=True, exist_ok=True)
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
            self._fh.close()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
