"""Hostile inputs for the sync, backup and setup-file side, generated at test time.

Nothing large is committed: zip bombs are built from one compressed block repeated (a
deflate stream flushed with ``Z_FULL_FLUSH`` compresses the same input to the same bytes),
a 1 GB file is sparse, and "validly signed" bundles are signed with a real station's key by
the real signing scheme (:mod:`cadre_desk.core.sync.bundle`'s domain and tail), encrypted
with the real :class:`~cadre_desk.core.sync.crypt.EncryptingFile` where asked.

Each :class:`Case` names the data dir it is run against (``target``), builds its input in
a folder, and says which Chinese message the refusal must carry.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cadre_desk.core.app import App
from cadre_desk.core.ids import uuid7
from cadre_desk.core.services import media as media_service
from cadre_desk.core.services import people, photos, setup, sync
from cadre_desk.core.sync import bundle, crypt, keys

from ..core.sync_world import STATIONS, build_world, photo_bytes

GB = 1 << 30
ESCAPE = "jpg/../../../../../../escape/PWNED.sh"
PAYLOAD = b"#!/bin/sh\necho PWNED\n"

# -- a raw ZIP, signed as a bundle ---------------------------------------------------------


@dataclass
class Member:
    """One archive member as it goes into the file: its name, compressed bytes and the
    CRC and size it declares (which a hostile file may set as it likes)."""

    name: str
    data: bytes
    method: int = zipfile.ZIP_STORED
    crc: int = 0
    size: int = 0

    @classmethod
    def stored(cls, name: str, content: bytes) -> Member:
        return cls(name, content, zipfile.ZIP_STORED, zlib.crc32(content), len(content))

    @classmethod
    def deflated(cls, name: str, content: bytes) -> Member:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, c.compress(content) + c.flush(), zipfile.ZIP_DEFLATED, zlib.crc32(content), len(content))


def zero_bomb(name: str, size: int, prefix: bytes = b"") -> Member:
    """``prefix`` then ``size`` zero bytes, deflated (about 1/1000 of that) in well under a second."""
    block = 16 << 20
    assert size % block == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    zeros = bytes(block)
    c.compress(zeros)
    c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every further block
    data = head + one * (size // block) + c.flush()
    crc = zlib.crc32(prefix)
    for _ in range(size // block):
        crc = zlib.crc32(zeros, crc)
    return Member(name, data, zipfile.ZIP_DEFLATED, crc, len(prefix) + size)


def raw_zip(members: list[Member]) -> bytes:
    """A ZIP with ``members`` and a comment of SIG_LEN bytes (to be replaced by the signature)."""
    out = io.BytesIO()
    central = io.BytesIO()
    for m in members:
        name = m.name.encode("utf-8")
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0x800, m.method, 0, 0x21, m.crc, len(m.data), m.size, len(name), 0
            )
        )
        out.write(name)
        out.write(m.data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0x800,
                m.method,
                0,
                0x21,
                m.crc,
                len(m.data),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(name)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(cd), start, bundle.SIG_LEN))
    out.write(b"\0" * bundle.SIG_LEN)
    return out.getvalue()


def sign(data: bytes, key: keys.SigningKey | None) -> bytes:
    """``data`` (ending in SIG_LEN placeholder bytes) with the bundle signature in its tail;
    ``key`` None: a signature by a key nobody knows."""
    if key is None:
        key = keys.SigningKey(Ed25519PrivateKey.generate())
    body = data[: -bundle.SIG_LEN]
    digest = hashlib.sha256(body).digest()
    return body + bundle.SIG_MAGIC + base64.b64encode(key.sign(bundle.DOMAIN + digest))


def encrypt(data: bytes, public_key: str, chunk: int = crypt.CHUNK) -> bytes:
    out = io.BytesIO()
    fh = crypt.EncryptingFile(out, public_key, chunk=chunk)
    fh.write(data)
    fh.finish()
    return out.getvalue()


# -- the worlds the cases run against -------------------------------------------------------


@dataclass
class Base:
    """Data dirs built once: ``D-pending`` (a district whose station A has not sent anything:
    it must open unknown bundles far enough to learn their key), ``D`` (A's key pinned),
    ``S`` (a station set up, not yet enrolled) and ``A`` (a station with a photo); plus A's
    key, a real bundle's manifest and records, D's encryption key and A's folder backup."""

    root: Path
    a_key: keys.SigningKey
    d_encryption: str
    manifest: dict[str, Any]
    records: bytes
    photo: bytes
    backup: Path
    setup_file: Path
    dirs: dict[str, Path] = field(default_factory=dict)


def build_base(root: Path) -> Base:
    world = build_world(root / "world", ("A",))
    dirs = {"D-pending": root / "D-pending", "A": world / "A"}
    shutil.copytree(world / "D", dirs["D-pending"])
    with App.open(world / "A") as a, App.open(world / "D") as d:
        person = people.create_person(a, {"name": "王建国", "category": "tuixiu"})
        shot = photo_bytes(3)
        info = media_service.store_image(a, shot, "王建国.jpg")
        with a.transaction() as tx:
            photos.attach_stored(tx, "person", person, [("王建国.jpg", info)])
        first = root / "first.cdsync"
        sync.export_bundle(a, first, encrypt=False)
        sync.import_bundle(d, first)  # D pins A's key
        with a.read() as s:
            a_key = keys.load(s)
        d_encryption = sync.identity(d).encryption_key
        from cadre_desk.core.backup import back_up_to_folder

        stick = root / "stick"
        stick.mkdir()
        backup = back_up_to_folder(a, stick).folder
    dirs["D"] = world / "D"
    with zipfile.ZipFile(first) as z:
        manifest = json.loads(z.read(bundle.MANIFEST))
        records = z.read(bundle.CHANGES)
    dirs["S"] = root / "S"
    with App.open(dirs["S"]) as s_app:
        setup.initialise(
            s_app, kind="station", profile=STATIONS["A"], admin_username="admin", admin_password="secret123"
        )
    assert a_key is not None
    return Base(root, a_key, d_encryption, manifest, records, shot, backup, world / "A.cdenrol", dirs)


# -- building one bundle ----------------------------------------------------------------------


def bundle_bytes(
    base: Base,
    *,
    change: dict[str, Any] | None = None,
    records: bytes | None = None,
    media: list[tuple[str, bytes]] = (),  # type: ignore[assignment]
    extra: list[Member] = (),  # type: ignore[assignment]
    manifest_member: Member | None = None,
    key: keys.SigningKey | str | None = "A",
) -> bytes:
    """A bundle from A to D built from the real one's manifest, with ``change`` applied to the
    manifest, ``records`` as changes.jsonl, ``media`` members and ``extra`` raw members."""
    records = base.records if records is None else records
    manifest = json.loads(json.dumps(base.manifest))
    manifest["bundle_id"] = uuid7()
    manifest["media"] = []
    members = {bundle.CHANGES: {"sha256": hashlib.sha256(records).hexdigest(), "size": len(records)}}
    zip_members = [Member.deflated(bundle.CHANGES, records)]
    for name, content in media:
        members[name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        zip_members.append(Member.stored(name, content))
    manifest["members"] = members
    manifest.update(change or {})
    zip_members += list(extra)
    text = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    zip_members.append(manifest_member or Member.deflated(bundle.MANIFEST, text))
    signer = base.a_key if key == "A" else key
    return sign(raw_zip(zip_members), signer)  # type: ignore[arg-type]


def photo_entry(sha: str, ext: str, size: int) -> dict[str, Any]:
    return {
        "sha256": sha,
        "ext": ext,
        "mime": "image/jpeg",
        "size": size,
        "width": 8,
        "height": 8,
        "taken_at": None,
        "print": False,
        "thumb": False,
    }


def record_line(**fields: Any) -> bytes:
    return (json.dumps(fields, ensure_ascii=False) + "\n").encode("utf-8")


def person_record(base: Base, **override: Any) -> dict[str, Any]:
    """The first person record of A's real bundle (changed as asked)."""
    for line in base.records.splitlines():
        r = json.loads(line)
        if r["t"] == "people":
            r.update(override)
            return r
    raise AssertionError("no person in the bundle")


# -- a case -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    target: str  # which data dir of Base (a fresh copy per case)
    command: tuple[str, ...]  # the CLI command; the input's path goes last
    make: Callable[[Base, Path], Path]  # builds the input inside the folder given
    message: str  # a regular expression the Chinese message must match
    late: bool = False  # refused after the import's own backup was made (books unchanged, a backup more)
    cli: bool = False  # run as its own process (memory cap, timeout, measured); else through the service


def _file(name: str, data: bytes | Callable[[Base], bytes]) -> Callable[[Base, Path], Path]:
    def make(base: Base, folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data(base) if callable(data) else data)
        return path

    return make


def _fifo(name: str) -> Callable[[Base, Path], Path]:
    def make(_base: Base, folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path

    return make


def _link(name: str, target: str) -> Callable[[Base, Path], Path]:
    def make(_base: Base, folder: Path) -> Path:
        path = folder / name
        path.symlink_to(target)
        return path

    return make


def _folder(name: str) -> Callable[[Base, Path], Path]:
    def make(_base: Base, folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        return path

    return make


def _sparse(name: str, size: int, head: bytes = b"") -> Callable[[Base, Path], Path]:
    def make(_base: Base, folder: Path) -> Path:
        path = folder / name
        with open(path, "wb") as fh:
            fh.write(head)
            fh.truncate(size)
        return path

    return make


# bundles --------------------------------------------------------------------------------------


def _traversing_media(base: Base, *, member: bool) -> bytes:
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    media = [(f"media/originals/{sha}.{ESCAPE}", PAYLOAD)] if member else []
    return bundle_bytes(base, change={"media": [photo_entry(sha, ESCAPE, len(PAYLOAD))]}, media=media)


def _traversing_member_only(base: Base) -> bytes:
    return bundle_bytes(base, extra=[Member.stored("media/originals/../../../../escape/PWNED.sh", PAYLOAD)])


def _absolute_member(base: Base) -> bytes:
    return bundle_bytes(base, extra=[Member.stored("/tmp/escape/PWNED.sh", PAYLOAD)])


def _backslash_member(base: Base) -> bytes:
    return bundle_bytes(base, extra=[Member.stored("media\\..\\..\\escape\\PWNED.sh", PAYLOAD)])


def _not_a_picture(base: Base) -> bytes:
    """A "photo" whose bytes are a shell script (its hash right): stored nowhere, refused."""
    sha = hashlib.sha256(PAYLOAD).hexdigest()
    entry = photo_entry(sha, "jpg", len(PAYLOAD))
    return bundle_bytes(base, change={"media": [entry]}, media=[(f"media/originals/{sha}.jpg", PAYLOAD)])


def _bad_sha_media(base: Base) -> bytes:
    return bundle_bytes(base, change={"media": [photo_entry("../../../escape/x", "jpg", 3)]})


def _manifest_bomb(signed: bool) -> Callable[[Base], bytes]:
    def make(base: Base) -> bytes:
        prefix = b'{"format":"cadre-desk-sync","version":1,"pad":"'
        return bundle_bytes(base, manifest_member=zero_bomb(bundle.MANIFEST, GB, prefix), key="A" if signed else None)

    return make


def _member_bomb(base: Base) -> bytes:
    sha = "ab" * 32
    return bundle_bytes(base, extra=[zero_bomb(f"media/originals/{sha}.jpg", GB)])


def _records_bomb(base: Base) -> bytes:
    bomb = zero_bomb(bundle.CHANGES, GB)
    data = bundle_bytes(base)
    # the same bundle with its changes.jsonl swapped for the bomb (re-signed)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        manifest = json.loads(z.read(bundle.MANIFEST))
    members = [bomb, Member.deflated(bundle.MANIFEST, json.dumps(manifest).encode())]
    return sign(raw_zip(members), base.a_key)


def _lying_count(base: Base) -> bytes:
    """An archive whose end record (ZIP64) claims a billion members."""
    data = bytearray(raw_zip([Member.stored(bundle.MANIFEST, b"{}")]))
    end = len(data) - bundle.SIG_LEN - 22
    zip64 = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 10**9, 10**9, 46, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, bundle.SIG_LEN)
    return sign(bytes(data[:end]) + zip64 + locator + eocd + b"\0" * bundle.SIG_LEN, base.a_key)


def _deep_manifest(base: Base) -> bytes:
    deep = b'{"format":"cadre-desk-sync","version":1,"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    return bundle_bytes(base, manifest_member=Member.deflated(bundle.MANIFEST, deep))


def _deep_record(base: Base) -> bytes:
    return bundle_bytes(base, records=b'{"t":"people","v":' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")


def _long_record(base: Base) -> bytes:
    line = b'{"t":"people","v":{"name":"' + b"x" * (bundle.MAX_RECORD_BYTES + 10) + b'"}}\n'
    return bundle_bytes(base, records=line)


def _wrong_types(change: dict[str, Any]) -> Callable[[Base], bytes]:
    return lambda base: bundle_bytes(base, change=change)


def _record_types(base: Base) -> bytes:
    return bundle_bytes(base, records=record_line(t="people", id=7, o=[], c={}, u=None, f="x", d="yes", v="nonsense"))


def _record_bad_date(base: Base) -> bytes:
    r = person_record(base, id=uuid7())  # a new person: inserted, so every value is decoded
    r["v"] = {**r["v"], "birth_date": "not a date"}
    return bundle_bytes(base, records=record_line(**r))


def _record_bad_value_type(base: Base) -> bytes:
    r = person_record(base, id=uuid7())
    r["v"] = {**r["v"], "name": {"nested": ["dict"]}}
    return bundle_bytes(base, records=record_line(**r))


def _unknown_table(base: Base) -> bytes:
    return bundle_bytes(
        base, records=record_line(t="sqlite_master", id="x", o="x", c="x", u="x", f=None, d=False, v={})
    )


def _encrypted(make: Callable[[Base], bytes]) -> Callable[[Base], bytes]:
    return lambda base: encrypt(make(base), base.d_encryption)


def _encrypted_huge_chunks(base: Base) -> bytes:
    data = bytearray(encrypt(b"PK" + bytes(2000), base.d_encryption, chunk=1 << 10))
    struct.pack_into(">I", data, 72, 1 << 26)  # the header's chunk size: 64 MiB
    return bytes(data)


def _encrypted_garbage(base: Base) -> bytes:
    head = encrypt(b"x", base.d_encryption)[: crypt.HEADER_LEN]
    return head + os.urandom(3 << 20)


def _truncated(base: Base) -> bytes:
    data = bundle_bytes(base)
    return data[: len(data) // 2]


SIGNATURE = r"签名不对"
DAMAGED = r"已损坏|被改动|不完整"
NOT_REGULAR = r"不是普通文件|是一个文件夹|不能作为数据包读取|不是.*文件"
TOO_BIG = r"超出了本程序的数据包所能有的大小|太大|压缩比异常"

BUNDLE_CASES = [
    Case(
        "bundle-ext-traversal-signed",
        "D",
        ("sync", "import"),
        _file("a.cdsync", lambda b: _traversing_media(b, member=False)),
        r"扩展名",
    ),
    Case(
        "bundle-ext-traversal-with-member",
        "D",
        ("sync", "import"),
        _file("a.cdsync", lambda b: _traversing_media(b, member=True)),
        r"名称无效|扩展名",
    ),
    Case(
        "bundle-ext-traversal-first-bundle",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", lambda b: _traversing_media(b, member=True)),
        r"名称无效|扩展名",
    ),
    Case("bundle-member-dotdot", "D", ("sync", "import"), _file("a.cdsync", _traversing_member_only), r"名称无效"),
    Case("bundle-member-absolute", "D", ("sync", "import"), _file("a.cdsync", _absolute_member), r"名称无效"),
    Case("bundle-member-backslash", "D", ("sync", "import"), _file("a.cdsync", _backslash_member), r"名称无效"),
    Case("bundle-bad-sha", "D", ("sync", "import"), _file("a.cdsync", _bad_sha_media), r"校验值"),
    Case("bundle-manifest-bomb-unsigned", "D", ("sync", "import"), _file("a.cdsync", _manifest_bomb(False)), SIGNATURE),
    Case(
        "bundle-manifest-bomb-first-bundle",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", _manifest_bomb(False)),
        TOO_BIG,
    ),
    Case("bundle-manifest-bomb-signed", "D", ("sync", "import"), _file("a.cdsync", _manifest_bomb(True)), TOO_BIG),
    Case("bundle-member-bomb-signed", "D", ("sync", "import"), _file("a.cdsync", _member_bomb), TOO_BIG),
    Case("bundle-records-bomb-signed", "D", ("sync", "import"), _file("a.cdsync", _records_bomb), TOO_BIG),
    Case(
        "bundle-billion-members",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", _lying_count),
        TOO_BIG + "|文件个数",
    ),
    Case("bundle-deep-manifest", "D", ("sync", "import"), _file("a.cdsync", _deep_manifest), r"嵌套层数|条目过多"),
    Case(
        "bundle-deep-record",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _deep_record),
        r"嵌套层数|格式不对|已损坏",
        late=True,
    ),
    Case("bundle-long-record", "D", ("sync", "import"), _file("a.cdsync", _long_record), r"过长|压缩比异常", late=True),
    Case(
        "bundle-from-nonsense",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"from": "nonsense"})),
        r"清单内容不对",
    ),
    Case(
        "bundle-from-nonsense-first-bundle",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"from": "nonsense"})),
        r"清单内容不对",
    ),
    Case(
        "bundle-first-with-odd-proof",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"enrol_proof": "证明"})),
        r"入网文件",
    ),
    Case("bundle-version-string", "D", ("sync", "import"), _file("a.cdsync", _wrong_types({"version": "1"})), r"版本"),
    Case(
        "bundle-media-not-list",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"media": {"a": 1}})),
        r"清单内容不对",
    ),
    Case(
        "bundle-covers-list",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"covers": [1, 2]})),
        r"清单内容不对",
    ),
    Case(
        "bundle-huge-seq",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"covers": {"seq": 10**30, "hlc": ""}})),
        r"清单内容不对",
    ),
    Case(
        "bundle-members-null",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _wrong_types({"members": None})),
        r"清单内容不对",
    ),
    Case("bundle-record-types", "D", ("sync", "import"), _file("a.cdsync", _record_types), r"格式不对", late=True),
    Case(
        "bundle-record-bad-date", "D", ("sync", "import"), _file("a.cdsync", _record_bad_date), r"不符合格式", late=True
    ),
    Case(
        "bundle-record-dict-value",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _record_bad_value_type),
        r"不符合格式",
        late=True,
    ),
    Case(
        "bundle-record-unknown-table",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _unknown_table),
        r"不认识的记录",
        late=True,
    ),
    Case("bundle-truncated", "D", ("sync", "import"), _file("a.cdsync", _truncated), DAMAGED + "|不是本程序"),
    Case(
        "bundle-garbage",
        "D",
        ("sync", "import"),
        _file("a.cdsync", lambda b: os.urandom(3 << 20)),
        r"不是本程序的同步数据包",
    ),
    Case(
        "bundle-garbage-with-tail",
        "D",
        ("sync", "import"),
        _file("a.cdsync", lambda b: b"PK" + os.urandom(3 << 20) + bundle.SIG_MAGIC + b"A" * 88),
        SIGNATURE + "|" + DAMAGED,
    ),
    Case(
        "bundle-zeros-9mb",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", bytes(9 << 20)),
        r"不是本程序的同步数据包",
    ),
    Case(
        "bundle-photo-not-a-picture",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _not_a_picture),
        r"不是可以读取的图片",
        late=True,
    ),
    Case("bundle-at-a-station-not-enrolled", "S", ("sync", "import"), _file("a.cdsync", bundle_bytes), r"尚未加入"),
    Case("bundle-fifo", "D", ("sync", "import"), _fifo("a.cdsync"), NOT_REGULAR),
    Case("bundle-devzero", "D", ("sync", "import"), _link("a.cdsync", "/dev/zero"), NOT_REGULAR),
    Case("bundle-folder", "D", ("sync", "import"), _folder("a.cdsync"), NOT_REGULAR),
    Case(
        "bundle-encrypted-traversal",
        "D",
        ("sync", "import"),
        _file("a.cdsync", _encrypted(lambda b: _traversing_media(b, member=True))),
        r"名称无效|扩展名",
    ),
    Case(
        "bundle-encrypted-manifest-bomb",
        "D-pending",
        ("sync", "import"),
        _file("a.cdsync", _encrypted(_manifest_bomb(False))),
        TOO_BIG,
    ),
    Case("bundle-encrypted-huge-chunks", "D", ("sync", "import"), _file("a.cdsync", _encrypted_huge_chunks), DAMAGED),
    Case("bundle-encrypted-garbage", "D", ("sync", "import"), _file("a.cdsync", _encrypted_garbage), DAMAGED),
]

# setup files --------------------------------------------------------------------------------


def _setup_body(base: Base, change: Callable[[dict[str, Any]], None], key: keys.SigningKey | None = None) -> bytes:
    """A's real setup file, changed, signed again (by ``key``, or by a fresh key as a
    district's own): a setup file carries its signer's key, so any content can be signed."""
    from cadre_desk.core.services.stations import _canonical

    data = json.loads(base.setup_file.read_text(encoding="utf-8"))
    data.pop("signature")
    change(data)
    signer = key or keys.SigningKey(Ed25519PrivateKey.generate())
    if isinstance(data.get("district"), dict):
        data["district"]["public_key"] = signer.public_key
    data["signature"] = base64.b64encode(signer.sign(_canonical(data))).decode("ascii")
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        target = data
        for k in head:
            target = target[k]
        target[last] = value

    return change


def _bad_record(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        record = next(r for r in data["records"] if r["t"] == "activity_types")
        change(record)

    return apply


INVALID_SETUP = r"不是有效的入网文件"
SETUP_CASES = [
    Case("setup-1gb-sparse", "S", ("enrol",), _sparse("a.cdenrol", GB, b'{"format":'), r"太大"),
    Case("setup-deep-json", "S", ("enrol",), _file("a.cdenrol", b"[" * 100_000 + b"]" * 100_000), r"嵌套层数"),
    Case("setup-many-values", "S", ("enrol",), _file("a.cdenrol", b"[" + b"{}," * 3_000_000 + b"{}]"), r"条目过多"),
    Case("setup-fifo", "S", ("enrol",), _fifo("a.cdenrol"), NOT_REGULAR),
    Case("setup-devzero", "S", ("enrol",), _link("a.cdenrol", "/dev/zero"), NOT_REGULAR),
    Case("setup-folder", "S", ("enrol",), _folder("a.cdenrol"), NOT_REGULAR),
    Case("setup-garbage", "S", ("enrol",), _file("a.cdenrol", lambda b: os.urandom(1 << 20)), INVALID_SETUP + "|JSON"),
    Case(
        "setup-district-string",
        "S",
        ("enrol",),
        _file("a.cdenrol", lambda b: _setup_body(b, _set("district", "x"))),
        INVALID_SETUP,
    ),
    Case(
        "setup-records-dict",
        "S",
        ("enrol",),
        _file("a.cdenrol", lambda b: _setup_body(b, _set("records", {"a": 1}))),
        INVALID_SETUP,
    ),
    Case(
        "setup-version-string",
        "S",
        ("enrol",),
        _file("a.cdenrol", lambda b: _setup_body(b, _set("version", "2"))),
        INVALID_SETUP,
    ),
    Case(
        "setup-people-record",
        "S",
        ("enrol",),
        _file("a.cdenrol", lambda b: _setup_body(b, _bad_record(lambda r: r.update(t="people")))),
        INVALID_SETUP,
    ),
    Case(
        "setup-record-types",
        "S",
        ("enrol",),
        _file("a.cdenrol", lambda b: _setup_body(b, _bad_record(lambda r: r.update(d="yes", f=[])))),
        INVALID_SETUP,
    ),
    Case(
        "setup-record-bad-value",
        "S",
        ("enrol",),
        _file("a.cdenrol", lambda b: _setup_body(b, _bad_record(lambda r: r["v"].update(name={"x": [1]})))),
        r"不符合格式|不是有效的入网文件",
    ),
]

# backups ------------------------------------------------------------------------------------


def _copy_backup(base: Base, folder: Path) -> Path:
    dest = folder / "stick" / base.backup.name
    shutil.copytree(base.backup, dest, symlinks=True)
    return dest


def _seal(backup: Path) -> None:
    """Make the manifest match the (changed) database, as a careful forger would."""
    db = backup / "cadre_desk.db"
    manifest = json.loads((backup / "备份信息.json").read_text(encoding="utf-8"))
    manifest["db"]["size"] = db.stat().st_size
    manifest["db"]["sha256"] = hashlib.sha256(db.read_bytes()).hexdigest()
    (backup / "备份信息.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def _backup_row(sha: str, ext: str, size: int, *, payload_at: Path | None = None) -> Callable[[Base, Path], Path]:
    def make(base: Base, folder: Path) -> Path:
        backup = _copy_backup(base, folder)
        con = sqlite3.connect(backup / "cadre_desk.db")
        with con:
            con.execute(
                "INSERT INTO media_files (sha256, mime, ext, size, width, height, added_at, has_derivatives)"
                " VALUES (?, 'image/jpeg', ?, ?, 1, 1, '2026-01-01 00:00:00', 1)",
                (sha, ext, size),
            )
        con.close()
        _seal(backup)
        if payload_at is not None:  # the file where a naive restore reads it: <backup>/media/originals/…
            src = backup / "media" / "originals" / sha[:2] / f"{sha}.{ext}"
            os.makedirs(os.path.normpath(src.parent), exist_ok=True)
            (backup / "media" / "originals" / sha[:2] / f"{sha}.jpg").mkdir(parents=True, exist_ok=True)
            real = Path(os.path.normpath(src))
            real.parent.mkdir(parents=True, exist_ok=True)
            real.write_bytes(PAYLOAD)
        return backup

    return make


def _backup_manifest(content: bytes | None, *, sparse: int = 0) -> Callable[[Base, Path], Path]:
    def make(base: Base, folder: Path) -> Path:
        backup = _copy_backup(base, folder)
        path = backup / "备份信息.json"
        if sparse:
            with open(path, "wb") as fh:
                fh.write(b'{"format":"cadre_desk-backup",')
                fh.truncate(sparse)
        elif content is None:
            path.unlink()
            os.mkfifo(path)
        else:
            path.write_bytes(content)
        return backup

    return make


def _backup_db(kind: str) -> Callable[[Base, Path], Path]:
    def make(base: Base, folder: Path) -> Path:
        backup = _copy_backup(base, folder)
        db = backup / "cadre_desk.db"
        db.unlink()
        if kind == "fifo":
            os.mkfifo(db)
        elif kind == "devzero":
            db.symlink_to("/dev/zero")
        else:
            db.mkdir()
        return backup

    return make


PAYLOAD_SHA = hashlib.sha256(PAYLOAD).hexdigest()
BACKUP_CASES = [
    Case(
        "backup-ext-traversal",
        "A",
        ("restore", "--yes"),
        _backup_row(PAYLOAD_SHA, ESCAPE, len(PAYLOAD), payload_at=Path()),
        r"文件名无效",
    ),
    Case(
        "backup-sha-traversal",
        "A",
        ("restore", "--yes"),
        _backup_row("../../../../escape/PWNED", "sh", len(PAYLOAD)),
        r"文件名无效",
    ),
    Case(
        "backup-ext-absolute",
        "A",
        ("restore", "--yes"),
        _backup_row(PAYLOAD_SHA, "/tmp/escape/PWNED.sh", 1),
        r"文件名无效",
    ),
    Case("backup-ext-reserved-name", "A", ("restore", "--yes"), _backup_row(PAYLOAD_SHA, "jpg/CON", 1), r"文件名无效"),
    Case("backup-ext-nul", "A", ("restore", "--yes"), _backup_row(PAYLOAD_SHA, "jpg\x00.sh", 1), r"文件名无效"),
    Case("backup-size-text", "A", ("restore", "--yes"), _backup_row(PAYLOAD_SHA, "jpg", "many"), r"文件名无效"),  # type: ignore[arg-type]
    Case("backup-manifest-1gb", "A", ("restore", "--yes"), _backup_manifest(b"", sparse=GB), r"已损坏"),
    Case(
        "backup-manifest-deep", "A", ("restore", "--yes"), _backup_manifest(b"[" * 100_000 + b"]" * 100_000), r"已损坏"
    ),
    Case(
        "backup-manifest-fifo",
        "A",
        ("restore", "--yes"),
        _backup_manifest(None),
        r"没有本程序的备份|不完整|已损坏|像是程序的数据目录",
    ),
    Case("backup-db-fifo", "A", ("restore", "--yes"), _backup_db("fifo"), r"不完整"),
    Case("backup-db-devzero", "A", ("restore", "--yes"), _backup_db("devzero"), r"不完整"),
    Case("backup-db-folder", "A", ("restore", "--yes"), _backup_db("folder"), r"不完整"),
    Case("backup-file-fifo", "A", ("restore", "--yes"), _fifo("备份.db"), NOT_REGULAR),
    Case("backup-file-devzero", "A", ("restore", "--yes"), _link("备份.db", "/dev/zero"), NOT_REGULAR),
    Case(
        "backup-file-1gb-sparse",
        "A",
        ("restore", "--yes"),
        _sparse("备份.db", GB, b"SQLite format 3\x00"),
        r"不完整|已损坏|不是",
    ),
]

#: run as their own process: where time, memory or a hang is at stake
CLI_CASES = frozenset(
    {
        "bundle-ext-traversal-signed",
        "bundle-ext-traversal-first-bundle",
        "bundle-manifest-bomb-unsigned",
        "bundle-manifest-bomb-first-bundle",
        "bundle-manifest-bomb-signed",
        "bundle-member-bomb-signed",
        "bundle-records-bomb-signed",
        "bundle-billion-members",
        "bundle-deep-manifest",
        "bundle-from-nonsense",
        "bundle-zeros-9mb",
        "bundle-fifo",
        "bundle-devzero",
        "bundle-encrypted-traversal",
        "bundle-encrypted-manifest-bomb",
        "bundle-encrypted-huge-chunks",
        "setup-1gb-sparse",
        "setup-deep-json",
        "setup-many-values",
        "setup-fifo",
        "setup-devzero",
        "backup-ext-traversal",
        "backup-manifest-1gb",
        "backup-db-fifo",
        "backup-file-fifo",
        "backup-file-devzero",
        "backup-file-1gb-sparse",
    }
)
CASES = [
    Case(c.name, c.target, c.command, c.make, c.message, c.late, c.name in CLI_CASES)
    for c in BUNDLE_CASES + SETUP_CASES + BACKUP_CASES
]
assert {c.name for c in CASES} >= CLI_CASES
