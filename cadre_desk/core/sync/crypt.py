"""Encrypting a whole bundle for its addressee (format: ``docs/sync-format.md``, "Encrypted bundle").

Each install has an X25519 key pair beside its signing key, kept in the local ``meta``
table (never synced or exported).  A bundle is encrypted for one recipient: a fresh
ephemeral X25519 key agrees a secret with the recipient's public key, HKDF-SHA256 turns it
(with a random per-file salt) into an AES-256-GCM key and a nonce prefix, and the file is
sealed in chunks of 1 MiB.  Each chunk's nonce is the prefix, the chunk's number and a flag
for the last chunk, and every chunk authenticates the header; so a changed byte, chunks
swapped or dropped, or a file cut short anywhere, even at a chunk boundary, all fail.

What is encrypted is the normal signed bundle: after decryption it is checked exactly as a
plain one.  The writer encrypts as the bundle is written (:class:`EncryptingFile`); the
reader (:class:`DecryptedFile`) decrypts the chunks the ZIP reader asks for, so nothing
decrypted is written to disk.  Both use constant memory (bundles reach 1.6 GB).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..files import open_regular_file
from ..models import Meta
from .bundle import BundleError

META_KEY = "encryption_key"
MAGIC = b"CDENC1\n"
VERSION = 1
CHUNK = 1 << 20  # plaintext bytes per chunk
TAG = 16  # the GCM tag after each chunk
MIN_CHUNK, MAX_CHUNK = 1 << 10, 1 << 24  # (the reader holds up to four chunks in memory)
#: magic, version, recipient key id, ephemeral public key, salt, chunk size (big-endian)
_HEADER = struct.Struct(">7sB16s32s16sI")
HEADER_LEN = _HEADER.size  # 76
INFO = b"cadre-desk bundle encryption v1\n"
_NONCE_PREFIX = 7  # + 4 bytes chunk number + 1 byte last-chunk flag = the 12-byte GCM nonce


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_id(public_key: str) -> bytes:
    """The 16 bytes that name a recipient's key in the header: SHA-256 of the raw key."""
    return hashlib.sha256(_unb64(public_key)).digest()[:16]


def valid_public_key(text: object) -> bool:
    """Whether ``text`` is base64 of a 32-byte X25519 public key."""
    if not isinstance(text, str):
        return False
    try:
        return len(_unb64(text)) == 32
    except ValueError:
        return False


class EncryptionKey:
    """This install's X25519 private key; never leaves the data dir (local ``meta`` table)."""

    def __init__(self, private: X25519PrivateKey) -> None:
        self._private = private
        self.public_key = _b64(private.public_key().public_bytes_raw())
        self.key_id = key_id(self.public_key)

    def exchange(self, peer_public: bytes) -> bytes:
        return self._private.exchange(X25519PublicKey.from_public_bytes(peer_public))


def load_or_create(session: Session) -> EncryptionKey:
    """The install's encryption key, made on first use (call inside a write transaction)."""
    found = load(session)
    if found is not None:
        return found
    private = X25519PrivateKey.generate()
    session.add(Meta(key=META_KEY, value=_b64(private.private_bytes_raw())))
    session.flush()
    return EncryptionKey(private)


def load(session: Session) -> EncryptionKey | None:
    """The install's encryption key, or None when it has none yet (read-only)."""
    row = session.get(Meta, META_KEY)
    return EncryptionKey(X25519PrivateKey.from_private_bytes(_unb64(row.value))) if row else None


def _cipher(shared: bytes, salt: bytes, ephemeral: bytes, recipient: bytes) -> tuple[AESGCM, bytes]:
    """The AES-256-GCM key and the nonce prefix of one file."""
    okm = HKDF(
        algorithm=hashes.SHA256(), length=32 + _NONCE_PREFIX, salt=salt, info=INFO + ephemeral + recipient
    ).derive(shared)
    return AESGCM(okm[:32]), okm[32:]


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingFile:
    """A write-only file that encrypts what is written to it for one recipient.

    The last ``hold`` bytes written stay in memory until :meth:`finish`, so the writer may
    still seek back over them and overwrite them (the bundle's signature goes there).
    """

    def __init__(self, fh: IO[bytes], recipient_public_key: str, *, hold: int = 0, chunk: int = CHUNK) -> None:
        recipient = _unb64(recipient_public_key)
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = ephemeral.public_key().public_bytes_raw()
        salt = os.urandom(16)
        self.header = _HEADER.pack(MAGIC, VERSION, key_id(recipient_public_key), ephemeral_public, salt, chunk)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient))
        self._aead, self._prefix = _cipher(shared, salt, ephemeral_public, recipient)
        self._fh = fh
        self._chunk = chunk
        self._hold = hold
        self._buf = bytearray()
        self._out = bytearray(chunk + TAG)
        self._counter = 0
        self._done = 0  # plaintext bytes encrypted and written
        self._cursor: int | None = None  # where a write after seek() goes
        self.size = len(self.header)  # bytes written to ``fh``
        fh.write(self.header)

    def _seal(self, plain: memoryview, last: bool) -> None:
        if self._counter >= 1 << 32:
            raise ValueError("bundle too large to encrypt")
        out = memoryview(self._out)[: len(plain) + TAG]
        self._aead.encrypt_into(_nonce(self._prefix, self._counter, last), plain, self.header, out)
        self._fh.write(out)
        self._counter += 1
        self._done += len(plain)
        self.size += len(out)

    def write(self, data: Any) -> int:
        n = len(data)
        if self._cursor is not None:  # overwriting the held tail
            start = self._cursor - self._done
            self._buf[start : start + n] = data
            self._cursor += n
            return n
        self._buf += data
        start, limit = 0, len(self._buf) - self._hold - self._chunk
        if start < limit:
            with memoryview(self._buf) as view:
                while start < limit:
                    self._seal(view[start : start + self._chunk], last=False)
                    start += self._chunk
            del self._buf[:start]
        return n

    def tell(self) -> int:
        return self._done + len(self._buf) if self._cursor is None else self._cursor

    def seek(self, pos: int, whence: int = 0) -> int:
        if whence != 0 or pos < self._done or pos > self._done + len(self._buf):
            raise OSError("an encrypted bundle can only be rewritten in its held-back tail")
        self._cursor = pos
        return pos

    def finish(self) -> None:
        """Encrypt what is held back; the last chunk carries the last-chunk flag."""
        with memoryview(self._buf) as view:
            start = 0
            while len(view) - start > self._chunk:
                self._seal(view[start : start + self._chunk], last=False)
                start += self._chunk
            self._seal(view[start:], last=True)
        self._buf = bytearray()

    def flush(self) -> None:
        self._fh.flush()

    def fileno(self) -> int:
        return self._fh.fileno()

    def close(self) -> None:
        self._fh.close()


class WrongRecipient(BundleError):
    """An encrypted bundle for another install's key (``key_id`` names that key)."""

    def __init__(self, message: str, key_id: bytes) -> None:
        super().__init__(message)
        self.key_id = key_id


def is_encrypted(path: Path) -> bool:
    """Whether the file starts with the magic of an encrypted bundle (False for anything that
    is not an ordinary file: a pipe is never opened for reading, which could wait for ever)."""
    try:
        with open_regular_file(Path(path), "数据包") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except (OSError, DomainError):
        return False


class DecryptedFile(io.RawIOBase):
    """An encrypted bundle read as the plain one: seekable, each chunk decrypted and checked
    when it is first read (the last two are kept), nothing written to disk.

    Opening checks the header and the last chunk, so a bundle for another key, or one cut
    short or with bytes added, is refused at once; any other change fails when its chunk is
    read (the signature check reads every chunk before anything is applied).
    """

    def __init__(self, path: Path, key: EncryptionKey) -> None:
        super().__init__()
        self.name = path.name
        self._damaged = (
            f"加密的数据包“{path.name}”已损坏、不完整或被改动过（解密校验未通过），未导入任何内容。"
            "请重新复制，或让对方重新导出。"
        )
        try:
            self._fh = open_regular_file(path, "数据包")  # closed by close()
        except DomainError as exc:
            raise BundleError(exc.message) from None
        try:
            self._open(key)
        except BaseException:
            self._fh.close()
            raise

    def _open(self, key: EncryptionKey) -> None:
        name = self.name
        size = os.fstat(self._fh.fileno()).st_size
        header = self._fh.read(HEADER_LEN)
        if len(header) < HEADER_LEN:
            raise BundleError(self._damaged)
        magic, version, recipient_id, ephemeral, salt, chunk = _HEADER.unpack(header)
        if magic != MAGIC:
            raise BundleError(f"“{name}”不是本程序的同步数据包。")
        if version > VERSION:
            raise BundleError(
                f"加密的数据包“{name}”的格式版本（{version}）不受这个版本的程序支持，未导入任何内容。"
                "请把程序升级到与发送方相同或更新的版本后再导入。"
            )
        if version < 1 or not MIN_CHUNK <= chunk <= MAX_CHUNK:
            raise BundleError(self._damaged)
        if recipient_id != key.key_id:
            raise WrongRecipient(
                f"数据包“{name}”是加密发给别的单位的，只有收件方的电脑才能打开，本机无法解密，未导入任何内容。"
                "如果它确实是发给本机的，文件可能已损坏，请让对方重新导出。",
                recipient_id,
            )
        try:
            self._aead, self._prefix = _cipher(key.exchange(ephemeral), salt, ephemeral, _unb64(key.public_key))
        except ValueError:  # a degenerate ephemeral key
            raise BundleError(self._damaged) from None
        self._header = header
        self._chunk = chunk
        body = size - HEADER_LEN
        self._count = max(1, -(-body // (chunk + TAG)))
        self._last_sealed = body - (self._count - 1) * (chunk + TAG)
        if self._last_sealed < TAG:
            raise BundleError(self._damaged)
        self.size = body - self._count * TAG  # of the plain bundle
        self._pos = 0
        self._cache: dict[int, bytes] = {}
        self._sealed = bytearray(chunk + TAG)
        self._plain(self._count - 1)  # sealed as the last chunk: the file is whole

    def _plain(self, i: int) -> bytes:
        """Chunk ``i`` decrypted (BundleError when it does not check out)."""
        found = self._cache.pop(i, None)
        if found is not None:
            self._cache[i] = found  # the most recently used last
            return found
        want = self._last_sealed if i == self._count - 1 else self._chunk + TAG
        self._fh.seek(HEADER_LEN + i * (self._chunk + TAG))
        with memoryview(self._sealed) as view:
            if self._fh.readinto(view[:want]) != want:
                raise BundleError(self._damaged)
            try:
                plain = self._aead.decrypt(_nonce(self._prefix, i, i == self._count - 1), view[:want], self._header)
            except InvalidTag:
                raise BundleError(self._damaged) from None
        if len(self._cache) >= 2:
            del self._cache[next(iter(self._cache))]  # the least recently used
        self._cache[i] = plain
        return plain

    # -- io.RawIOBase -------------------------------------------------------------------
    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise OSError("negative seek position")
        self._pos = base + offset
        return self._pos

    def readinto(self, buffer: Any) -> int:
        with memoryview(buffer) as out:
            out = out.cast("B")
            done = 0
            while done < len(out) and self._pos < self.size:
                i, offset = divmod(self._pos, self._chunk)
                plain = self._plain(i)
                n = min(len(out) - done, len(plain) - offset)
                out[done : done + n] = plain[offset : offset + n]
                done += n
                self._pos += n
            return done

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
            self._cache.clear()
        super().close()


def decrypt_file(
    src: Path,
    dest: Path,
    key: EncryptionKey,
    *,
    cancel: Callable[[], None] | None = None,
) -> None:
    """Write the plain bundle inside ``src`` to ``dest`` (BundleError when it does not check out)."""
    with DecryptedFile(src, key) as plain, open(dest, "wb") as out:
        while data := plain.read(4 * CHUNK):
            out.write(data)
            if cancel is not None:
                cancel()
