"""Bundles encrypted for their addressee: only it can open them; damage and cutting are refused."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, update

from cadre_desk.core.app import Actor, App
from cadre_desk.core.errors import DomainError
from cadre_desk.core.jobs import Cancelled, CancelToken
from cadre_desk.core.models import AuditEntry, Meta, SyncBundle, SyncPeer, UserCredential
from cadre_desk.core.permissions import PermissionDenied
from cadre_desk.core.services import media, people, photos, setup, stations, sync
from cadre_desk.core.services.stations import _canonical
from cadre_desk.core.sync import bundle as bundle_format
from cadre_desk.core.sync import crypt, keys
from cadre_desk.core.sync.bundle import BundleError

from .sync_world import PASSWORD, World, assert_converged, build_world, open_world, snapshot


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("sync-enc") / "world")


@pytest.fixture
def world(world_template: Path, tmp_path: Path) -> Iterator[World]:
    yield from open_world(world_template, tmp_path / "world")


def add_person(app: App, name: str) -> str:
    return people.create_person(
        app, {"name": name, "category": "tuixiu", "phone_mobile": "13812345678", "health_notes": "高血压，需定期复查"}
    )


def noisy_photo(seed: int) -> bytes:
    """A JPEG of about 1.5 MB (noise does not compress): a few of them make a bundle of several chunks."""
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (1000, 800), rng.randbytes(1000 * 800 * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def add_photo(app: App, person_id: str, seed: int) -> None:
    info = media.store_image(app, noisy_photo(seed), f"照片{seed}.jpg")
    with app.transaction() as tx:
        photos.attach_stored(tx, "person", person_id, [(f"照片{seed}.jpg", info)])


def names(app: App) -> set[str]:
    return {r["v"]["name"] for r in snapshot(app)["people"].values()}


def history_rows(app: App) -> list[SyncBundle]:
    with app.read() as s:
        return list(s.scalars(select(SyncBundle).order_by(SyncBundle.seq)))


def leaked(app: App, secret: str) -> list[str]:
    """The files of the data dir that hold ``secret`` (nothing decrypted may land there unasked)."""
    found = []
    for f in app.layout.root.rglob("*"):
        if f.is_file() and secret.encode() in f.read_bytes():
            found.append(f.name)
    return found


# -- the format itself --------------------------------------------------------------------------


def sealed(data: bytes, recipient: str, chunk: int = 1024) -> bytes:
    out = io.BytesIO()
    enc = crypt.EncryptingFile(out, recipient, chunk=chunk)
    enc.write(data)
    enc.finish()
    assert enc.size == len(out.getvalue())
    return out.getvalue()


@pytest.fixture
def key_pair(tmp_path: Path) -> crypt.EncryptionKey:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return crypt.EncryptionKey(X25519PrivateKey.generate())


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 3 * 1024, 5000])
def test_any_length_round_trips_and_every_cut_or_swap_is_refused(
    size: int, key_pair: crypt.EncryptionKey, tmp_path: Path
) -> None:
    plain = os.urandom(size)
    data = sealed(plain, key_pair.public_key)
    assert data.startswith(crypt.MAGIC)
    assert size < 64 or plain[:64] not in data
    src, dest = tmp_path / "in.cdsync", tmp_path / "out"
    src.write_bytes(data)
    crypt.decrypt_file(src, dest, key_pair)
    assert dest.read_bytes() == plain
    with crypt.DecryptedFile(src, key_pair) as reader:  # read as the ZIP reader does: here and there
        assert reader.size == size
        rng = random.Random(size)
        for _ in range(20):
            start, n = rng.randrange(size + 1), rng.randrange(1, 3000)
            reader.seek(start)
            assert reader.read(n) == plain[start : start + n]
        reader.seek(-min(size, 5), io.SEEK_END)
        assert reader.read() == plain[size - min(size, 5) :]
    body = len(data) - crypt.HEADER_LEN
    cuts = {len(data) - 1, crypt.HEADER_LEN, crypt.HEADER_LEN - 1, len(data) - crypt.TAG}
    cuts |= {crypt.HEADER_LEN + k * (1024 + crypt.TAG) for k in range(1, body // (1024 + crypt.TAG) + 1)}
    for cut in sorted(c for c in cuts if 0 < c < len(data)):  # cut anywhere, also exactly at a chunk's end
        src.write_bytes(data[:cut])
        with pytest.raises(BundleError, match="损坏、不完整或被改动"):
            crypt.decrypt_file(src, dest, key_pair)
    src.write_bytes(data + b"\0")
    with pytest.raises(BundleError, match="损坏、不完整或被改动"):
        crypt.decrypt_file(src, dest, key_pair)
    if size > 2048:  # two whole chunks swapped
        a, b, n = crypt.HEADER_LEN, crypt.HEADER_LEN + 1040, 1040
        src.write_bytes(data[:a] + data[b : b + n] + data[a:b] + data[b + n :])
        with pytest.raises(BundleError, match="损坏、不完整或被改动"):
            crypt.decrypt_file(src, dest, key_pair)


def test_the_held_back_tail_can_be_rewritten_before_it_is_sealed(key_pair: crypt.EncryptionKey, tmp_path: Path) -> None:
    out = io.BytesIO()
    enc = crypt.EncryptingFile(out, key_pair.public_key, hold=95, chunk=1024)
    for _ in range(10):
        enc.write(b"a" * 700)
    end = enc.tell()
    assert end == 7000
    with pytest.raises(OSError):
        enc.seek(end - 2000)  # already sealed
    enc.seek(end - 95)
    enc.write(b"S" * 95)
    enc.finish()
    src = tmp_path / "x"
    src.write_bytes(out.getvalue())
    crypt.decrypt_file(src, tmp_path / "y", key_pair)
    assert (tmp_path / "y").read_bytes() == b"a" * (7000 - 95) + b"S" * 95


# -- bundles both ways ----------------------------------------------------------------------------


def test_bundles_go_encrypted_both_ways_by_default_and_import_as_usual(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国")
    add_photo(a, wang, 1)
    add_photo(a, wang, 2)  # three chunks
    assert sync.encrypt_by_default(a) and sync.encrypt_by_default(d)
    up = world.export("A", "D", encrypt=None)  # the district's key came with the setup file
    raw = up.read_bytes()
    assert raw.startswith(crypt.MAGIC) and not zipfile.is_zipfile(up)
    assert "王建国".encode() not in raw and b"13812345678" not in raw and b"changes.jsonl" not in raw
    assert len(raw) > 2 * crypt.CHUNK
    done = world.deliver(up, "D")
    assert done.result == "ok" and done.photos == 2 and "王建国" in names(d)
    # the district learnt the station's key from that bundle: its reply is encrypted too
    people.update_person(d, wang, {"phone_mobile": "13900002222"})
    down = world.export("D", "A", encrypt=None)
    assert down.read_bytes().startswith(crypt.MAGIC) and b"13900002222" not in down.read_bytes()
    assert world.deliver(down, "A").result == "ok"
    assert snapshot(a)["people"][wang]["v"]["phone_mobile"] == "13900002222"
    assert world.deliver(down, "A").result == "duplicate"  # recognised again after decryption
    # the history says which bundles went encrypted (newest first)
    assert [(h.direction, h.result, h.encrypted) for h in sync.history(d)] == [
        ("sent", "ok", True),
        ("received", "ok", True),
    ]
    assert [(h.direction, h.result, h.encrypted) for h in sync.history(a)] == [
        ("received", "duplicate", True),
        ("received", "ok", True),
        ("sent", "ok", True),
    ]
    world.settle()
    assert_converged(world)


def test_a_plain_bundle_still_imports_and_the_setting_turns_encryption_off(world: World) -> None:
    a, d = world.apps["A"], world.apps["D"]
    add_person(a, "张德明")
    plain = world.export("A", "D", encrypt=False)
    assert zipfile.is_zipfile(plain)
    assert world.deliver(plain, "D").result == "ok" and "张德明" in names(d)
    assert history_rows(d)[-1].encrypted is False

    sync.set_encrypt_by_default(a, False)
    assert not sync.encrypt_by_default(a)
    add_person(a, "赵建国")
    assert zipfile.is_zipfile(world.export("A", "D", encrypt=None))
    assert world.export("A", "D", encrypt=True).read_bytes().startswith(crypt.MAGIC)  # asked for: encrypted
    with a.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == sync.ENCRYPT_KEY)).one()
        assert entry.changes == {"encrypt": [True, False]}
    sync.set_encrypt_by_default(a, True)
    assert sync.encrypt_by_default(a)
    # an operator sends and receives bundles but does not change the settings
    a.actor = Actor(None, "张丽", "operator")
    with pytest.raises(PermissionDenied):
        sync.set_encrypt_by_default(a, False)
    assert sync.encrypt_by_default(a)
    assert world.export("A", "D", encrypt=None).read_bytes().startswith(crypt.MAGIC)


def test_someone_else_cannot_open_a_bundle_and_is_told_so(world: World) -> None:
    a, b, d = world.apps["A"], world.apps["B"], world.apps["D"]
    world.exchange("A", "D")  # the district knows A's key now
    bundle = world.export("D", "A", encrypt=True)
    before_b, before_d = snapshot(b), snapshot(d)
    # another station (a third install) found the USB stick
    with pytest.raises(BundleError, match="加密发给别的单位") as refused:
        sync.import_bundle(b, bundle)
    assert "未导入任何内容" in refused.value.message
    assert snapshot(b) == before_b
    last = history_rows(b)[-1]
    assert (last.result, last.encrypted, last.size) == ("rejected", True, bundle.stat().st_size)
    # the district itself knows whom it encrypted the bundle for
    with pytest.raises(BundleError, match="加密发给“金湖路社区老干部驿站”的"):
        sync.import_bundle(d, bundle)
    assert snapshot(d) == before_d
    assert sync.import_bundle(a, bundle).result == "ok"  # the addressee opens it


def test_encryption_does_not_replace_the_signature(world: World, tmp_path: Path) -> None:
    """Anyone may encrypt for the district (its key is public): the signed bundle inside still decides."""
    a, b, d = world.apps["A"], world.apps["B"], world.apps["D"]
    world.exchange("A", "D")
    add_person(a, "王建国")
    good = world.export("A", "D", encrypt=False)
    forged = tmp_path / "forged.cdsync"
    with zipfile.ZipFile(good) as z:
        manifest = json.loads(z.read("manifest.json"))
        writer = bundle_format.BundleWriter(forged, encrypt_for=sync.identity(d).encryption_key)
        writer.begin_changes()
        writer.write_records([json.loads(line) for line in z.read("changes.jsonl").splitlines() if line])
        writer.end_changes()
    with b.read() as s:
        b_key = keys.load(s)
    assert b_key is not None
    manifest.pop("members")
    writer.finish(manifest, b_key)  # B signs a bundle claiming to come from A
    before = snapshot(d)
    with pytest.raises(BundleError, match="签名不对"):
        sync.import_bundle(d, forged)
    assert snapshot(d) == before and leaked(d, "王建国") == []


def test_changed_bytes_anywhere_and_cut_files_are_refused_and_nothing_changes(world: World, tmp_path: Path) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国")
    add_photo(a, wang, 3)
    add_photo(a, wang, 4)
    good = world.export("A", "D", encrypt=True)
    data = good.read_bytes()
    h, sealed_chunk = crypt.HEADER_LEN, crypt.CHUNK + crypt.TAG
    assert len(data) > h + 2 * sealed_chunk
    before = snapshot(d)
    refused_before = sum(r.result == "rejected" for r in history_rows(d))
    flips = {
        "magic": 2,
        "version": 7,
        "key id": 10,
        "ephemeral key": 30,
        "salt": 60,
        "chunk size": 74,
        "first byte of the body": h,
        "a tag in the middle": h + sealed_chunk - 1,
        "the middle": len(data) // 2,
        "the last tag": len(data) - 1,
    }
    bad = tmp_path / "bad.cdsync"
    for where, pos in flips.items():
        raw = bytearray(data)
        raw[pos] ^= 0x01
        bad.write_bytes(bytes(raw))
        with pytest.raises(BundleError, match=r"未导入任何内容|不是本程序的同步数据包"):
            sync.import_bundle(d, bad)
        assert leaked(d, "王建国") == [], where
    cuts = [h - 10, h + sealed_chunk, h + 2 * sealed_chunk, len(data) - 1, len(data) // 2]
    for cut in cuts:  # also exactly at a chunk's end, where every chunk before is whole
        bad.write_bytes(data[:cut])
        with pytest.raises(BundleError, match="未导入任何内容"):
            sync.import_bundle(d, bad)
    assert snapshot(d) == before
    refused = [r for r in history_rows(d) if r.result == "rejected"]
    assert len(refused) - refused_before == len(flips) + len(cuts)
    assert all(r.file_name == str(bad) for r in refused[refused_before:])
    assert world.deliver(good, "D").result == "ok"  # the good copy still goes in


@pytest.mark.parametrize("when", ["正在解密并校验数据包的签名…", "正在保存照片"])
def test_cancelling_an_encrypted_import_changes_nothing(world: World, when: str) -> None:
    a, d = world.apps["A"], world.apps["D"]
    wang = add_person(a, "王建国")
    add_photo(a, wang, 5)
    bundle = world.export("A", "D", encrypt=True)
    before = snapshot(d)
    token = CancelToken()
    seen: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        seen.append(message)
        if message.startswith(when):
            token.cancel()  # the user presses Cancel in the progress dialog

    with pytest.raises(Cancelled):
        sync.import_bundle(d, bundle, progress=progress, cancel=token)
    assert any(m.startswith(when) for m in seen)
    assert snapshot(d) == before and leaked(d, "王建国") == []
    assert sync.import_bundle(d, bundle).result == "ok"


# -- keys travel in signed files ------------------------------------------------------------------


def test_a_station_enrolled_without_the_district_key_learns_it_from_a_district_bundle(
    world: World, tmp_path: Path
) -> None:
    """A setup file from before encryption: the first bundles are plain, then both sides encrypt."""
    d = world.apps["D"]
    made = stations.add_station(d, "湛山社区老干部驿站", tmp_path / "n.cdenrol", community="湛山社区")
    body = json.loads((tmp_path / "n.cdenrol").read_text("utf-8"))
    body.pop("signature")
    assert crypt.valid_public_key(body["district"].pop("encryption_key"))
    with d.read() as s:
        d_key = keys.load(s)
    assert d_key is not None
    old_file = tmp_path / "old.cdenrol"
    signature = base64.b64encode(d_key.sign(_canonical(body))).decode()
    old_file.write_text(json.dumps({**body, "signature": signature}, ensure_ascii=False), "utf-8")
    with App.open(tmp_path / "N") as n:
        setup.initialise(
            n,
            kind="station",
            profile=setup.StationProfile(name="湛山驿站", district="市南区", community="湛山社区"),
            admin_username="admin",
            admin_password=PASSWORD,
        )
        stations.enrol(n, old_file)
        add_person(n, "刘淑珍")
        out = tmp_path / "n1.cdsync"
        with pytest.raises(DomainError, match="对方的加密公钥还没有收到"):
            sync.export_bundle(n, out, encrypt=True)
        assert not out.exists()
        assert not sync.export_bundle(n, out).encrypted  # the default: plain while the key is unknown
        assert sync.import_bundle(d, out).result == "ok"  # the first bundle proves the setup file
        reply = tmp_path / "d1.cdsync"
        assert sync.export_bundle(d, reply, station_id=made.station_id).encrypted
        assert sync.import_bundle(n, reply).result == "ok"
        with n.read() as s:
            district = s.scalars(select(SyncPeer).where(SyncPeer.kind == "district")).one()
            assert district.encryption_key == sync.identity(d).encryption_key
        add_person(n, "孙桂兰")
        again = tmp_path / "n2.cdsync"
        assert sync.export_bundle(n, again).encrypted
        assert again.read_bytes().startswith(crypt.MAGIC)
        assert sync.import_bundle(d, again).result == "ok"
        assert "孙桂兰" in names(d)


def test_the_district_without_a_stations_key_says_so_before_exporting_for_all(world: World, tmp_path: Path) -> None:
    d = world.apps["D"]
    world.exchange("A", "D")  # A's key is known; B has not sent anything since joining
    with pytest.raises(DomainError, match="八大峡社区老干部驿站"):
        sync.export_all(d, tmp_path / "out", encrypt=True)
    made = sync.export_all(d, tmp_path / "out")  # the default: each one encrypted where it can be
    expected = {"金湖路社区老干部驿站": True, "八大峡社区老干部驿站": False}
    assert {m.peer_name: m.encrypted for m in made} == expected
    assert {p.name: p.can_encrypt for p in sync.peers(d)} == expected


def _secrets(app: App) -> list[bytes]:
    """Every private key and password hash of an install, in each form it could leak in."""
    with app.read() as s:
        private = [s.get(Meta, k).value for k in (keys.META_KEY, crypt.META_KEY)]  # type: ignore[union-attr]
        hashes = [h for h in s.scalars(select(UserCredential.password_hash)) if h]
    out = [PASSWORD.encode()]
    for text in private + hashes:
        out.append(text.encode())
    for text in private:
        raw = base64.b64decode(text)
        out += [raw, raw.hex().encode()]
    return out


def _contents(path: Path, key: crypt.EncryptionKey | None, tmp: Path) -> list[bytes]:
    """The file's bytes and, for a bundle, every member decompressed (decrypted first if need be)."""
    data = path.read_bytes()
    if data.startswith(crypt.MAGIC):
        assert key is not None
        crypt.decrypt_file(path, tmp / "plain", key)
        path = tmp / "plain"
    out = [data, path.read_bytes()]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            out += [z.read(name) for name in z.namelist()]
    return out


def test_no_private_key_or_password_leaves_in_a_bundle_or_setup_file(world: World, tmp_path: Path) -> None:
    a, d = world.apps["A"], world.apps["D"]
    add_person(a, "王建国")
    with d.read() as s:
        d_enc = crypt.load(s)
    with a.read() as s:
        a_enc = crypt.load(s)
    files = [
        (world.export("A", "D", encrypt=True), d_enc),
        (world.export("A", "D", encrypt=False), None),
    ]
    world.deliver(files[0][0], "D")
    files += [(world.export("D", "A", encrypt=True), a_enc), (world.export("D", "A", encrypt=False), None)]
    stations.add_station(d, "湛山社区老干部驿站", tmp_path / "n.cdenrol")
    files.append((tmp_path / "n.cdenrol", None))
    secrets = _secrets(a) + _secrets(d)
    for path, key in files:
        for blob in _contents(path, key, tmp_path):
            for secret in secrets:
                assert secret not in blob, (path.name, secret[:8])
    # the public keys do travel: that is how the other side encrypts
    setup_body = json.loads((tmp_path / "n.cdenrol").read_text("utf-8"))
    assert setup_body["district"]["encryption_key"] == sync.identity(d).encryption_key
    assert hashlib.sha256(base64.b64decode(sync.identity(d).encryption_key)).digest()[:16] == d_enc.key_id  # type: ignore[union-attr]


def test_a_stopped_station_on_a_new_pc_gets_no_bundle_for_its_old_key(world: World) -> None:
    d = world.apps["D"]
    world.exchange("A", "D")
    station_id = world.station_id("A")
    stations.revoke_station(d, station_id)
    stations.reissue_setup(d, station_id, world.root / "a2.cdenrol")
    with d.read() as s:
        assert s.get(SyncPeer, station_id).encryption_key is None  # type: ignore[union-attr]
    with d.transaction(needs=None) as tx:
        tx.session.execute(update(SyncPeer).where(SyncPeer.station_id == station_id).values(status="active"))
    with pytest.raises(DomainError, match="对方的加密公钥还没有收到"):
        sync.export_bundle(d, world.root / "x.cdsync", station_id=station_id, encrypt=True)


def test_the_command_line_encrypts_unless_told_not_to(
    world_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from shutil import copytree

    from cadre_desk.cli import main

    root = tmp_path / "w"
    copytree(world_template, root)
    with App.open(root / "A") as a:
        add_person(a, "王建国")
    plain, locked = tmp_path / "plain.cdsync", tmp_path / "locked.cdsync"
    assert main(["--data-dir", str(root / "A"), "sync", "export", "--no-encrypt", "--out", str(plain)]) == 0
    assert "未加密" in capsys.readouterr().out and zipfile.is_zipfile(plain)
    assert main(["--data-dir", str(root / "A"), "sync", "export", "--out", str(locked)]) == 0
    assert "已加密，只有对方能打开" in capsys.readouterr().out and locked.read_bytes().startswith(crypt.MAGIC)
    assert main(["--data-dir", str(root / "D"), "sync", "import", str(locked)]) == 0
    assert "已导入来自“金湖路社区老干部驿站”" in capsys.readouterr().out
    # the district has not heard from station B: it says so rather than sending B a plain bundle
    out = tmp_path / "for-b.cdsync"
    code = main(["--data-dir", str(root / "D"), "sync", "export", "--station", "八大峡社区老干部驿站", "--encrypt",
                 "--out", str(out)])  # fmt: skip
    assert code == 1 and "对方的加密公钥还没有收到" in capsys.readouterr().err and not out.exists()
    assert main(["--data-dir", str(root / "D"), "sync", "history"]) == 0
    assert "收到（加密）" in capsys.readouterr().out
