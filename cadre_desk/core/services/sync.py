"""Exchanging bundles with the district office (at a station) or with stations (at the district).

A bundle carries every change the receiver has not acknowledged: all rows whose change
sequence is above the receiver's last acknowledgement (except those that came from the
receiver itself), the audit entries written with them, the media files they refer to
that the receiver is not known to hold, and the acknowledgement of what this side has
received.  Because every bundle repeats what is still unacknowledged, a lost bundle is
made good by the next one, and bundles may arrive twice or out of order.

Importing verifies the whole file first, backs up the database, then applies every
record in one transaction: per-field merge by HLC (see :mod:`..sync.records`), tombstones
as fields, sign-ins and service records append-only, audit entries added once.  Fields
both sides changed since they last exchanged are noted as conflicts for a person to
settle; the later edit stands until then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Select, Text, and_, bindparam, delete, func, insert, or_, select, text, type_coerce, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from .. import inbound
from ..app import Actor, App, Tx
from ..backup import KEEP_NEWEST, make_backup
from ..errors import DomainError, NotFoundError
from ..files import require_regular_file, safe_file_name
from ..hlc import decode as hlc_decode
from ..hlc import node_from_install_id
from ..ids import uuid7
from ..jobs import CancelToken, Progress, no_progress
from ..models import (
    Activity,
    AuditEntry,
    MediaFile,
    Meta,
    Person,
    Station,
    SyncBundle,
    SyncConflict,
    SyncPeer,
    SyncPeerMedia,
    SyncSource,
    Visit,
)
from ..permissions import SETTINGS, SYNC, require
from ..sync import crypt, keys
from ..sync.bundle import FORMAT, MAX_MEDIA_BYTES, SUFFIX, VERSION, BundleError, BundleReader, BundleWriter
from ..sync.records import (
    AUDIT,
    AUDIT_COLUMNS,
    CODECS,
    MEDIA_COLUMNS,
    Codec,
    audit_line,
    audit_row,
    merge,
)
from .base import _KIND_NAMES, own_station_id

log = logging.getLogger(__name__)

BATCH = 2000
#: tables whose rows belong to one station (a district sends each station only its own)
STATION_TABLES = ("users", "people", "activities", "visits", "service_records", "month_closes")
KEEP_IMPORT_BACKUPS = KEEP_NEWEST["sync"]  # 同步导入前备份 kept (the rotation is in core.backup)


# -- who we are and whom we talk to ----------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    kind: str  # station | district
    install_id: str
    station_id: str
    name: str
    public_key: str
    fingerprint: str
    district_id: str | None  # the district office's install id (None at a station not enrolled)
    encryption_key: str = ""  # base64 X25519 public key: bundles for this install are encrypted with it


def identity(app: App) -> Identity:
    """This install's identity and key fingerprint (the keys are made on first use)."""
    with app.read() as s:
        key, enc = keys.load(s), crypt.load(s)
    if key is None or enc is None:
        with app.transaction(needs=None) as tx:  # bookkeeping: any user may open the page
            key, enc = keys.load_or_create(tx.session), crypt.load_or_create(tx.session)
    with app.read() as s:
        return _identity(s, key, enc)


def _identity(s: Session, key: keys.SigningKey, enc: crypt.EncryptionKey) -> Identity:
    meta = {m.key: m.value for m in s.scalars(select(Meta))}
    station_id = own_station_id(s)
    station = s.get(Station, station_id)
    kind = meta.get("install_kind", "station")
    if kind == "district":
        district_id: str | None = meta["install_id"]
    else:
        district = s.scalars(select(SyncPeer).where(SyncPeer.kind == "district")).first()
        district_id = district.install_id if district else None
    return Identity(
        kind=kind,
        install_id=meta["install_id"],
        station_id=station_id,
        name=station.name if station else "",
        public_key=key.public_key,
        fingerprint=key.fingerprint,
        district_id=district_id,
        encryption_key=enc.public_key,
    )


def _peer_for_export(s: Session, me: Identity, station_id: str | None) -> SyncPeer:
    if me.kind == "station":
        peer = s.scalars(select(SyncPeer).where(SyncPeer.kind == "district")).first()
        if peer is None:
            raise DomainError(
                "本站尚未加入区老干部局，还不能导出数据包。"
                "请先用区老干部局发来的入网文件加入（cadre-desk enrol 文件）。"
            )
        return peer
    if station_id is None:
        raise DomainError("请选择要发给哪个驿站。")
    peer = s.get(SyncPeer, station_id)
    if peer is None:
        raise NotFoundError("找不到这个驿站，它还没有在本区登记。")
    if peer.status == "revoked":
        raise DomainError(f"驿站“{peer.name}”已被停用，不能再给它发送数据包。")
    return peer


# -- what goes into a bundle -------------------------------------------------------------


def _not_from(model_seq: Any, peer_id: str) -> Any:
    return model_seq.not_in(select(SyncSource.seq).where(SyncSource.peer_station_id == peer_id))


def _scope(codec: Codec, station_id: str, own_id: str) -> Any | None:
    """The rows a district sends to one station: its own books plus the reference data."""
    c = codec.table.c
    acts = select(Activity.id).where(Activity.station_id == station_id)
    if codec.name == "stations":
        return c.id.in_((station_id, own_id))
    if codec.name in STATION_TABLES:
        return c.station_id == station_id
    if codec.name == "volunteer_projects":
        return or_(c.station_id.is_(None), c.station_id == station_id)
    if codec.name in ("activity_invitees", "check_ins"):
        return c.activity_id.in_(acts)
    if codec.name == "attachments":
        return or_(
            and_(c.owner_type == "activity", c.owner_id.in_(acts)),
            and_(c.owner_type == "visit", c.owner_id.in_(select(Visit.id).where(Visit.station_id == station_id))),
            and_(c.owner_type == "person", c.owner_id.in_(select(Person.id).where(Person.station_id == station_id))),
        )
    return None  # reference data: org units, activity types, points rules


def _change_query(codec: Codec, since: int, covers: int, peer_id: str, scope: Any | None) -> Select[Any]:
    c = codec.table.c
    stmt = select(*codec.select_columns()).where(
        c.tx_seq > since, c.tx_seq <= covers, _not_from(c.tx_seq, peer_id)
    )  # in no order: the import defers foreign keys, so children may come before parents
    return stmt.where(scope) if scope is not None else stmt


@dataclass(frozen=True)
class BundleSummary:
    path: Path
    peer_name: str
    records: int
    photos: int
    size: int
    counts: dict[str, int]
    encrypted: bool = False


def pending_count(app: App, peer_station_id: str | None = None) -> int:
    """Changes not yet acknowledged by the peer (the district, at a station)."""
    with app.read() as s:
        me_kind = (s.get(Meta, "install_kind") or Meta(value="station")).value
        if me_kind == "station":
            peer = s.scalars(select(SyncPeer).where(SyncPeer.kind == "district")).first()
        else:
            peer = s.get(SyncPeer, peer_station_id) if peer_station_id else None
        since = peer.acked_seq if peer else 0
        peer_id = peer.station_id if peer else ""
        own = own_station_id(s)
        total = 0
        for codec in CODECS.values():
            scope = _scope(codec, peer_id, own) if me_kind == "district" and peer else None
            stmt = (
                select(func.count())
                .select_from(codec.table)
                .where(codec.table.c.tx_seq > since, _not_from(codec.table.c.tx_seq, peer_id))
            )
            total += s.scalar(stmt.where(scope) if scope is not None else stmt) or 0
        return total


def export_bundle(
    app: App,
    out: Path,
    *,
    station_id: str | None = None,
    encrypt: bool | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> BundleSummary:
    """Write a bundle for the district (at a station) or for one station (at the district).

    ``encrypt``: encrypt it so that only the addressee can open it (DomainError when its
    encryption key has not arrived yet); None: as this install's setting says, when the key
    is known."""
    cancel = cancel or CancelToken()
    require(app.actor, SYNC)
    me = identity(app)
    with app.read() as s:
        key = keys.load(s)
        assert key is not None
        peer = _peer_for_export(s, me, station_id)
        if encrypt is None:
            encrypt = peer.encryption_key is not None and _encrypt_setting(s)
        elif encrypt and peer.encryption_key is None:
            raise DomainError(_no_encryption_key(peer))
        covers_seq = int(s.get(Meta, "tx_seq").value)  # type: ignore[union-attr]
        hlc_row = s.get(Meta, "hlc_last")
        covers_hlc = hlc_row.value if hlc_row else ""
        since = peer.acked_seq
        known_media = set(
            s.scalars(
                select(SyncPeerMedia.sha256).where(
                    SyncPeerMedia.peer_station_id == peer.station_id, SyncPeerMedia.pending_seq == 0
                )
            )
        )
        writer = BundleWriter(out, encrypt_for=peer.encryption_key if encrypt else None)
        counts: dict[str, int] = {}
        media_wanted: set[str] = set()
        exported_ids: set[str] = set()
        district = me.kind == "district"
        try:
            writer.begin_changes()
            conn = s.connection()  # a plain cursor streams rows; a session result holds them all
            total_tables = len(CODECS) + 1
            for i, codec in enumerate(CODECS.values()):
                cancel.check()
                progress(0.5 * i / total_tables, f"正在整理{_table_label(codec.name)}…")
                scope = _scope(codec, peer.station_id, me.station_id) if district else None
                media_at = [6 + codec.columns.index(col) for col in MEDIA_COLUMNS.get(codec.name, ())]
                n = 0
                query = _change_query(codec, since, covers_seq, peer.station_id, scope)
                for rows in conn.execute(query).partitions(BATCH):
                    cancel.check()
                    writer.write_records([codec.encode(r) for r in rows])
                    n += len(rows)
                    if district:
                        exported_ids.update(r[0] for r in rows)
                    for media_index in media_at:
                        media_wanted.update(r[media_index] for r in rows if r[media_index] and not r[5])
                if n:
                    counts[codec.name] = n
            progress(0.5 * len(CODECS) / total_tables, "正在整理操作记录…")
            audit_cols = [
                type_coerce(AuditEntry.__table__.c[k], Text) if k == "changes" else AuditEntry.__table__.c[k]
                for k in AUDIT_COLUMNS
            ]  # the changes as stored JSON text, put into the line as they are
            stmt = select(*audit_cols).where(
                AuditEntry.tx_seq > since,
                AuditEntry.tx_seq <= covers_seq,
                _not_from(AuditEntry.tx_seq, peer.station_id),
            )
            entity_index = AUDIT_COLUMNS.index("entity_id")
            n = 0
            for rows in conn.execute(stmt).partitions(BATCH):
                cancel.check()
                if district:
                    rows = [r for r in rows if r[entity_index] in exported_ids]
                writer.write_lines([audit_line(r) for r in rows])
                n += len(rows)
            if n:
                counts[AUDIT] = n
            writer.end_changes()

            media_send = sorted(media_wanted - known_media)
            files = {m.sha256: m for m in s.scalars(select(MediaFile).where(MediaFile.sha256.in_(media_send)))}
            media_list = _pack_media(app, writer, [files[sha] for sha in media_send if sha in files], cancel, progress)
            proof = None
            if me.kind == "station" and peer.enrol_secret:
                proof = keys.enrol_proof(peer.enrol_secret, me.public_key, me.install_id)
            bundle_id = uuid7()
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "bundle_id": bundle_id,
                "created_at": dt.datetime.now().isoformat(timespec="seconds"),
                "from": {
                    "install_id": me.install_id,
                    "station_id": me.station_id,
                    "kind": me.kind,
                    "name": me.name,
                    "public_key": me.public_key,
                    "encryption_key": me.encryption_key,
                },
                "to": {"station_id": peer.station_id, "install_id": peer.install_id, "name": peer.name},
                "district_id": me.district_id,
                "covers": {"seq": covers_seq, "hlc": covers_hlc},
                "since": since,
                "ack": {"seq": peer.received_seq, "hlc": peer.received_hlc},
                "enrol_proof": proof,
                "counts": counts,
                "records": writer.records,
                "media": media_list,
            }
            cancel.check()
            progress(0.97, "正在签名…")
            size = writer.finish(manifest, key)
        except BaseException:
            writer.abort()
            raise
    with app.transaction(needs=SYNC) as tx:
        s = tx.session
        row = s.get(SyncPeer, peer.station_id)
        assert row is not None
        row.sent_seq = max(row.sent_seq, covers_seq)
        _note_peer_media(s, peer.station_id, [m["sha256"] for m in media_list], covers_seq)
        s.add(
            SyncBundle(
                bundle_id=bundle_id,
                direction="sent",
                peer_station_id=peer.station_id,
                peer_name=peer.name,
                at=tx.at,
                file_name=str(out),
                covers_seq=covers_seq,
                records=writer.records,
                photos=len(media_list),
                size=size,
                result="ok",
                message="",
                encrypted=writer.encrypted,
            )
        )
        s.merge(Meta(key="sync_last_at", value=tx.at.isoformat()))
    progress(1.0, "完成")
    return BundleSummary(out, peer.name, writer.records, len(media_list), size, counts, writer.encrypted)


def _no_encryption_key(peer: SyncPeer) -> str:
    return (
        f"对方的加密公钥还没有收到，暂时不能加密发给“{peer.name}”的数据包。"
        f"在本机导入一个“{peer.name}”发来的数据包后就可以加密了；这一次可以先不加密导出。"
    )


# -- encrypting bundles by default (a setting of this install) ----------------------------------

ENCRYPT_KEY = "sync_encrypt"


def _encrypt_setting(s: Session) -> bool:
    row = s.get(Meta, ENCRYPT_KEY)
    return row is None or row.value != "0"  # on unless switched off


def encrypt_by_default(app: App) -> bool:
    """Whether bundles are encrypted for their addressee when its key is known (default: yes)."""
    with app.read() as s:
        return _encrypt_setting(s)


def set_encrypt_by_default(app: App, on: bool) -> None:
    """Switch encrypting bundles by default on or off (needs the settings permission)."""
    with app.transaction(needs=SETTINGS) as tx:
        s = tx.session
        before = _encrypt_setting(s)
        if before != on:
            s.merge(Meta(key=ENCRYPT_KEY, value="1" if on else "0"))
            tx.audit("update", "settings", ENCRYPT_KEY, "数据包加密", {"encrypt": [before, on]})


def _read_media(app: App, mf: MediaFile) -> list[tuple[str, bytes, str]] | None:
    """A media file and its print copy and thumbnail, read and hashed (on a worker thread).

    None when the original is missing or no longer matches its hash (damaged on this PC:
    ``cadre-desk check`` reports it) — it is left out rather than spoiling the bundle."""
    if not (inbound.is_sha256(mf.sha256) and inbound.is_media_ext(mf.ext)):
        return None  # a row naming no file of the store (check reports it)
    original = app.media.original_path(mf.sha256, mf.ext)
    try:
        if require_regular_file(original, "照片") > MAX_MEDIA_BYTES:
            return None
        data = original.read_bytes()
    except (OSError, DomainError):
        return None
    if hashlib.sha256(data).hexdigest() != mf.sha256:
        return None
    parts = [(f"media/originals/{mf.sha256}.{mf.ext}", data, mf.sha256)]
    for kind, path in (("print", app.media.print_path(mf.sha256)), ("thumb", app.media.thumb_path(mf.sha256))):
        try:
            if require_regular_file(path, "照片") > MAX_MEDIA_BYTES:
                continue
            copy = path.read_bytes()
        except (OSError, DomainError):
            continue
        parts.append((f"media/{kind}/{mf.sha256}.jpg", copy, hashlib.sha256(copy).hexdigest()))
    return parts


def _pack_media(
    app: App, writer: BundleWriter, files: list[MediaFile], cancel: CancelToken, progress: Progress
) -> list[dict[str, Any]]:
    """Put media files in the bundle; the next few are read and hashed while one is written."""
    packed: list[dict[str, Any]] = []
    ahead: deque[tuple[MediaFile, Future[list[tuple[str, bytes, str]] | None]]] = deque()
    queue = iter(files)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bundle-read") as pool:
        for mf in islice(queue, 3):
            ahead.append((mf, pool.submit(_read_media, app, mf)))
        while ahead:
            cancel.check()
            mf, future = ahead.popleft()
            following = next(queue, None)
            if following is not None:
                ahead.append((following, pool.submit(_read_media, app, following)))
            parts = future.result()
            if parts is None:
                continue
            for arcname, data, sha in parts:
                writer.add_bytes(arcname, data, sha)
            names = {arc.split("/")[1] for arc, _, _ in parts}
            packed.append(
                {
                    "sha256": mf.sha256,
                    "ext": mf.ext,
                    "mime": mf.mime,
                    "size": mf.size,
                    "width": mf.width,
                    "height": mf.height,
                    "taken_at": mf.taken_at.isoformat() if mf.taken_at else None,
                    "print": "print" in names,
                    "thumb": "thumb" in names,
                }
            )
            done = len(files) - len(ahead)
            progress(0.5 + 0.45 * done / max(1, len(files)), f"正在打包照片 {done}/{len(files)}…")
    return packed


def export_all(
    app: App,
    folder: Path,
    *,
    encrypt: bool | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> list[BundleSummary]:
    """At the district: one bundle per enrolled station, into ``folder`` (``encrypt`` as for
    :func:`export_bundle`; when asked, every station's key must be known)."""
    require(app.actor, SYNC)
    with app.read() as s:
        rows = list(s.scalars(select(SyncPeer).where(SyncPeer.status != "revoked").order_by(SyncPeer.name)))
        peers = [(p.station_id, p.name) for p in rows]
        missing = [p.name for p in rows if p.encryption_key is None]
    if not peers:
        raise DomainError("还没有登记任何驿站。请先用“添加驿站”生成入网文件。")
    if encrypt and missing:
        raise DomainError(
            f"还没有收到这些驿站的加密公钥，不能加密发给它们的数据包：{'、'.join(missing)}。"
            "导入它们发来的数据包后就可以加密了；这一次可以先不加密导出。"
        )
    own_name = identity(app).name
    out: list[BundleSummary] = []
    for i, (station_id, name) in enumerate(peers):

        def part(fraction: float, message: str, i: int = i, name: str = name) -> None:
            progress((i + fraction) / len(peers), f"{name}：{message}")

        out.append(
            export_bundle(
                app,
                folder / bundle_file_name(own_name, name),
                station_id=station_id,
                encrypt=encrypt,
                progress=part,
                cancel=cancel,
            )
        )
    return out


def bundle_file_name(own_name: str, peer_name: str) -> str:
    """A file name that says who it is from and for: 城关驿站-发往-区老干部局-20261123-1530.cdsync"""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M")
    return safe_file_name(f"{own_name}-发往-{peer_name}-{stamp}") + SUFFIX


def _table_label(name: str) -> str:
    return _KIND_NAMES.get(name, "其他资料")


# -- importing ----------------------------------------------------------------------------


@dataclass
class ImportSummary:
    peer_name: str
    result: str  # ok | duplicate
    records: int = 0
    applied: int = 0  # rows inserted or changed
    photos: int = 0
    conflicts: int = 0
    backup: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _check_sender(s: Session, me: Identity, reader: BundleReader) -> SyncPeer:
    """The peer who signed this bundle, after every trust check; raises BundleError."""
    m = reader.manifest
    sender = m.get("from") or {}
    to = m.get("to") or {}
    if sender.get("install_id") == me.install_id or reader.signer == me.public_key:
        raise BundleError("这是本机自己导出的数据包，应把它交给对方导入，而不是在本机导入。")
    if to.get("station_id") != me.station_id:
        raise BundleError(
            f"这个数据包是发给“{to.get('name') or '其他单位'}”的，不是发给本站（{me.name}）的，未导入任何内容。"
        )
    if me.district_id is None:
        raise BundleError("本站尚未加入区老干部局，不能导入数据包。请先用入网文件加入。")
    if m.get("district_id") != me.district_id:
        raise BundleError("这个数据包来自另一个区的系统，不能导入本区，未导入任何内容。")
    peer = s.get(SyncPeer, sender.get("station_id") or "")
    name = sender.get("name") or "未知单位"
    if peer is None:
        raise BundleError(f"数据包的发送方“{name}”没有在本区登记，未导入任何内容。")
    if peer.status == "revoked":
        raise BundleError(f"发送方“{peer.name}”已被停用，它的数据包不再接收，未导入任何内容。")
    if peer.public_key is None:
        # the first bundle from a newly enrolled station: it proves it holds the enrolment file
        proof = m.get("enrol_proof") or ""
        public_key = sender.get("public_key") or ""
        if not (
            peer.enrol_secret
            and keys.check_proof(peer.enrol_secret, public_key, sender.get("install_id") or "", proof)
            and reader.signed_by(public_key)
        ):
            raise BundleError(f"数据包不是用“{peer.name}”的入网文件加入的那台电脑签名的，未导入任何内容。")
        return peer
    if peer.install_id != sender.get("install_id") or not reader.signed_by(peer.public_key):
        raise BundleError(f"数据包的签名不对：它不是“{peer.name}”签发的，或者文件在传递中被改动过。未导入任何内容。")
    return peer


def _backup_before_import(app: App) -> Path:
    """同步导入前备份-<time>.db in the data dir's backups folder; the newest KEEP_IMPORT_BACKUPS are kept."""
    return make_backup(app, "sync")


def _write_media(app: App, reader: BundleReader, cancel: CancelToken, progress: Progress) -> list[dict[str, Any]]:
    """Put the bundle's media files in the store (content-addressed, so before the rows is safe)."""
    media = reader.manifest.get("media") or []
    store, tmp = app.media.root, app.media.root / "tmp"
    for i, m in enumerate(media):
        cancel.check()
        sha, ext = m["sha256"], m["ext"]
        # names from the bundle: by the one rule (core.inbound), and never through a link out of the store
        dest = inbound.ensure_inside(store, app.media.original_path(sha, ext), "数据包中的照片文件")
        copies = (app.media.print_path(sha), app.media.thumb_path(sha))
        had = {p for p in (dest, *copies) if p.exists()}
        if not dest.exists():
            reader.extract(f"media/originals/{sha}.{ext}", dest, content_sha256=sha, tmp_dir=tmp)
        for kind, path in (("print", app.media.print_path(sha)), ("thumb", app.media.thumb_path(sha))):
            if m.get(kind) and not inbound.ensure_inside(store, path, "数据包中的照片文件").exists():
                reader.extract(f"media/{kind}/{sha}.jpg", path, tmp_dir=tmp)
        if ext in inbound.IMAGE_EXTS and not all(p.exists() for p in copies):  # (documents have none)
            _derivatives(app, sha, ext, [p for p in (dest, *copies) if p not in had])
        progress(0.1 + 0.3 * (i + 1) / max(1, len(media)), f"正在保存照片 {i + 1}/{len(media)}…")
    return media


def _derivatives(app: App, sha: str, ext: str, made: list[Path]) -> None:
    """The print copy and thumbnail of a photo that came in a bundle; a file that is no
    picture Pillow can read refuses the bundle, and what this import wrote for it goes."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            app.media.make_derivatives(sha, ext)
    except DomainError:  # the disk (full, read-only): the store's own message
        raise
    except Exception:  # anything Pillow raises on a damaged or hostile picture
        log.warning("photo %s in a bundle could not be read", sha, exc_info=True)
        for p in made:
            p.unlink(missing_ok=True)
        raise BundleError(
            f"数据包中的照片文件 {sha[:12]}… 不是可以读取的图片（可能已损坏或被改动），未导入任何内容。"
        ) from None


class _Applier:
    """Applies one bundle's records inside one transaction."""

    def __init__(self, tx: Tx, peer: SyncPeer, bundle_seen_hlc: str) -> None:
        self.tx = tx
        self.s = tx.session
        self.peer = peer
        # rows equal to the sender's copy are not echoed back to it; merged ones are, and so
        # is what the transaction itself writes (its audit entry, local edits at enrolment)
        self.source_seq = tx.seq + 1
        self.mixed_seq = tx.seq + 2
        self.s.merge(Meta(key="tx_seq", value=str(self.mixed_seq)))
        self.s.add(SyncSource(seq=self.source_seq, peer_station_id=peer.station_id))
        self.peer_node = node_from_install_id(peer.install_id) if peer.install_id else ""
        self.acked_hlc = peer.acked_hlc
        self.seen_hlc = bundle_seen_hlc
        self.applied = 0
        self.records = 0
        self.conflicts = 0
        self.counts: dict[str, int] = {}

    def _concurrent(self, local_hlc: str, remote_hlc: str) -> bool:
        """Both edits were made without knowledge of the other."""
        if hlc_decode(local_hlc)[2] == self.peer_node:
            return False  # the local value came from the sender itself
        return local_hlc > self.acked_hlc and remote_hlc > self.seen_hlc

    def apply(self, codec: Codec, batch: list[dict[str, Any]]) -> None:
        if self.peer.kind == "station":
            self._check_scope(codec, batch)
        ids = [r["id"] for r in batch]
        local = {
            r[0]: codec.encode(r)
            for r in self.s.execute(select(*codec.select_columns()).where(codec.table.c.id.in_(ids)))
        }
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for record in batch:
            mine = local.get(record["id"])
            if mine is None:
                inserts.append(codec.to_row(record, self.source_seq))
                local[record["id"]] = record
                continue
            result = merge(codec, mine, record)
            for clash in result.clashes:
                if self._concurrent(clash.local_hlc, clash.remote_hlc):
                    self._conflict(codec, mine, clash)
            if result.record is not None:
                seq = self.source_seq if result.same_as_remote else self.mixed_seq
                row = codec.to_row(result.record, seq)
                row["_id"] = row.pop("id")
                updates.append(row)
                local[record["id"]] = result.record
        if inserts:
            self.s.execute(insert(codec.table), inserts)
        if updates:
            stmt = update(codec.table).where(codec.table.c.id == bindparam("_id"))
            self.s.connection().execute(stmt, updates)  # SET takes the other keys of each row
        self.applied += len(inserts) + len(updates)
        self.records += len(batch)
        self.counts[codec.name] = self.counts.get(codec.name, 0) + len(batch)

    def _check_scope(self, codec: Codec, batch: list[dict[str, Any]]) -> None:
        """A station may only send its own books (and reference data)."""
        own = self.peer.station_id
        if codec.name == "stations":
            bad = [r for r in batch if r["id"] != own]
        elif codec.name in STATION_TABLES:
            bad = [r for r in batch if r["v"].get("station_id") != own]
        elif codec.name == "volunteer_projects":
            bad = [r for r in batch if r["v"].get("station_id") not in (None, own)]
        else:
            return
        if bad:
            raise BundleError(f"数据包中有不属于“{self.peer.name}”的{_table_label(codec.name)}记录，未导入任何内容。")

    def _conflict(self, codec: Codec, local: dict[str, Any], clash: Any) -> None:
        label_col = codec.model.LABEL_COLUMN
        label = str(local["v"].get(label_col) or "") if label_col else ""
        open_row = self.s.scalars(
            select(SyncConflict).where(
                SyncConflict.entity == codec.name,
                SyncConflict.entity_id == local["id"],
                SyncConflict.field == clash.field,
                SyncConflict.resolved_at.is_(None),
            )
        ).first()
        values = {
            "local_value": clash.local_value,
            "local_hlc": clash.local_hlc,
            "remote_value": clash.remote_value,
            "remote_hlc": clash.remote_hlc,
        }
        if open_row is not None:
            if (open_row.local_hlc, open_row.remote_hlc) != (clash.local_hlc, clash.remote_hlc):
                for k, v in values.items():
                    setattr(open_row, k, v)
            return
        self.s.add(
            SyncConflict(
                entity=codec.name,
                entity_id=local["id"],
                field=clash.field,
                label=label[:200],
                peer_station_id=self.peer.station_id,
                peer_name=self.peer.name,
                detected_at=self.tx.at,
                **values,
            )
        )
        self.conflicts += 1

    def apply_audit(self, batch: list[dict[str, Any]]) -> None:
        """Add the entries this install does not have (entries are never changed)."""
        rows = [audit_row(r, self.source_seq) for r in batch]
        # straight to the driver: these are many, and their values are already plain
        self.s.connection().exec_driver_sql(_AUDIT_INSERT, [tuple(r[k] for k in _AUDIT_KEYS) for r in rows])
        self.records += len(batch)
        self.counts[AUDIT] = self.counts.get(AUDIT, 0) + len(batch)


_AUDIT_KEYS = (*AUDIT_COLUMNS, "tx_seq")
_AUDIT_INSERT = (
    f"INSERT OR IGNORE INTO audit_log ({', '.join(_AUDIT_KEYS)}) VALUES ({', '.join('?' for _ in _AUDIT_KEYS)})"
)


def _batches(records: Iterator[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Consecutive records of one table, at most BATCH at a time."""
    table = ""
    batch: list[dict[str, Any]] = []
    for record in records:
        t = record.get("t")
        if not isinstance(t, str) or (t not in CODECS and t != AUDIT):
            raise BundleError("数据包中有这个版本的程序不认识的记录，未导入任何内容。请升级程序后再导入。")
        if (t != table or len(batch) >= BATCH) and batch:
            yield table, batch
            batch = []
        table = t
        batch.append(record)
    if batch:
        yield table, batch


def import_bundle(
    app: App, path: Path, *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> ImportSummary:
    """Verify and apply a bundle; raises BundleError (nothing changed) when it cannot be trusted.

    An encrypted bundle is read through its decryption with this install's key (nothing
    decrypted is written to disk but the photos); the signed bundle inside is checked as usual."""
    cancel = cancel or CancelToken()
    require(app.actor, SYNC)
    me = identity(app)
    with app.read() as s:
        key = crypt.load(s)
        own_key = keys.load(s)
        peers_here = list(s.scalars(select(SyncPeer)))
    # the keys that may have signed it; a station waiting to send its first bundle has none yet
    known_keys = [own_key.public_key] if own_key else []
    known_keys += [p.public_key for p in peers_here if p.public_key]
    may_enrol = any(p.public_key is None and p.enrol_secret and p.status != "revoked" for p in peers_here)
    path = Path(path)
    if me.district_id is None:  # no key to check it with: say why, before reading it
        message = "本站尚未加入区老干部局，不能导入数据包。请先用入网文件加入。"
        _record_refusal(app, path, message, encrypted=crypt.is_encrypted(path))
        raise BundleError(message)
    progress(0.0, "正在解密并校验数据包的签名…" if crypt.is_encrypted(path) else "正在校验数据包的签名…")
    try:
        reader = BundleReader(path, cancel=cancel.check, key=key, known_keys=known_keys, may_enrol=may_enrol)
    except BundleError as exc:
        message = _addressee_message(app, exc) if isinstance(exc, crypt.WrongRecipient) else exc.message
        _record_refusal(app, path, message, encrypted=crypt.is_encrypted(path))
        raise BundleError(message) from None
    with reader:
        m = reader.manifest
        progress(0.01, "正在核对发送方…")
        try:
            with app.read() as s:
                # every byte is checked even for a bundle applied before: a changed copy of it
                # is reported as changed, not as a harmless duplicate
                peer = _check_sender(s, me, reader)
                peer_id, peer_name = peer.station_id, peer.name
                done = s.scalars(
                    select(SyncBundle).where(
                        SyncBundle.bundle_id == str(m.get("bundle_id") or ""),
                        SyncBundle.direction == "received",
                        SyncBundle.result == "ok",
                    )
                ).first()
        except BundleError as exc:
            _record_refusal(app, path, exc.message, reader)
            raise
        if done is not None:
            with app.transaction(needs=SYNC) as tx:
                tx.session.add(_history(reader, peer_id, peer_name, tx.at, "duplicate", "这个数据包以前已经导入过。"))
            return ImportSummary(peer_name, "duplicate", records=int(m.get("records") or 0))
        progress(0.05, "正在备份数据…")
        backup = _backup_before_import(app)
        try:
            media = _write_media(app, reader, cancel, progress)
        except BundleError as exc:
            _record_refusal(app, path, exc.message, reader)
            raise
        covers = m.get("covers") or {}
        if covers.get("hlc"):
            app.clock.observe(covers["hlc"])
        try:
            summary = _apply(app, reader, me, peer_id, media, cancel, progress)
        except IntegrityError:
            message = "数据包中的记录引用了本机没有的资料（数据包不完整或与本机数据不匹配），未导入任何内容。"
            _record_refusal(app, path, message, reader)
            raise BundleError(message) from None
        except BundleError as exc:
            _record_refusal(app, path, exc.message, reader)
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, StatementError):
            # a record whose values do not fit its fields (wrong types, impossible dates): the
            # sender's program, or someone else, wrote what this one never does
            log.warning("bundle %s refused: a record does not fit", path, exc_info=True)
            message = "数据包中有内容不符合格式的记录（可能已损坏或被改动），未导入任何内容。"
            _record_refusal(app, path, message, reader)
            raise BundleError(message) from None
        summary.backup = backup
        progress(1.0, "完成")
        return summary


def _addressee_message(app: App, exc: crypt.WrongRecipient) -> str:
    """A bundle encrypted for another key: name the peer it is for when that is known here."""
    with app.read() as s:
        for peer in s.scalars(select(SyncPeer).where(SyncPeer.encryption_key.is_not(None))):
            if crypt.key_id(peer.encryption_key or "") == exc.key_id:
                return (
                    f"这个数据包是加密发给“{peer.name}”的，只有它的电脑才能打开，本机无法解密，未导入任何内容。"
                    f"请把它交给“{peer.name}”导入。"
                )
    return exc.message


def _apply(
    app: App,
    reader: BundleReader,
    me: Identity,
    peer_id: str,
    media: list[dict[str, Any]],
    cancel: CancelToken,
    progress: Progress,
) -> ImportSummary:
    m = reader.manifest
    covers = m.get("covers") or {}
    ack = m.get("ack") or {}
    sender = m["from"]
    total = max(1, int(m.get("records") or 0))
    actor = Actor(None, f"同步：{sender.get('name') or ''}"[:50])
    with app.transaction(actor) as tx:
        s = tx.session
        s.execute(text("PRAGMA defer_foreign_keys = ON"))
        peer = s.get(SyncPeer, peer_id)
        assert peer is not None
        if peer.public_key is None:  # first bundle from a new station: pin its key
            peer.public_key = sender["public_key"]
            peer.install_id = sender["install_id"]
            peer.status = "active"
        # the key to encrypt bundles for the sender with (signed with its pinned key, like all of it)
        if crypt.valid_public_key(sender.get("encryption_key")):
            peer.encryption_key = sender["encryption_key"]
        # what the sender had received from us when it wrote the bundle: our edits up to
        # there were known to it, so they cannot clash with its own
        ack_seq = int(ack.get("seq") or 0)
        if ack_seq > peer.acked_seq:
            peer.acked_seq, peer.acked_hlc = ack_seq, str(ack.get("hlc") or "")
        applier = _Applier(tx, peer, peer.received_hlc)
        for table, batch in _batches(reader.records()):
            cancel.check()
            if table == AUDIT:
                applier.apply_audit(batch)
            else:
                applier.apply(CODECS[table], batch)
            progress(0.4 + 0.55 * min(1.0, applier.records / total), f"正在合并记录 {applier.records}/{total}…")
        _record_media(s, peer_id, media, tx.at)
        if int(covers.get("seq") or 0) > peer.received_seq:
            peer.received_seq = int(covers["seq"])
        peer.received_hlc = max(peer.received_hlc, str(covers.get("hlc") or ""))
        _prune(s, peer)
        _close_superseded(s, tx.at)
        summary = ImportSummary(
            peer.name,
            "ok",
            records=applier.records,
            applied=applier.applied,
            photos=len(media),
            conflicts=applier.conflicts,
            counts=applier.counts,
        )
        tx.audit(
            "sync_import",
            "sync_bundles",
            str(m.get("bundle_id")),
            f"来自{peer.name}的数据包",
            {"records": [None, applier.records], "applied": [None, applier.applied], "photos": [None, len(media)]},
        )
        s.add(_history(reader, peer_id, peer.name, tx.at, "ok", "", records=applier.records, photos=len(media)))
        s.merge(Meta(key="sync_last_at", value=tx.at.isoformat()))
    return summary


def _record_media(s: Session, peer_id: str, media: list[dict[str, Any]], at: dt.datetime) -> None:
    """Index the bundle's media files here, and note that the sender holds them."""
    shas = [m["sha256"] for m in media]
    indexed: set[str] = set()
    for start in range(0, len(shas), 500):
        part = shas[start : start + 500]
        indexed |= set(s.scalars(select(MediaFile.sha256).where(MediaFile.sha256.in_(part))))
    fresh = [
        {
            "sha256": m["sha256"],
            "mime": m["mime"],
            "ext": m["ext"],
            "size": m["size"],
            "width": m.get("width"),
            "height": m.get("height"),
            "taken_at": dt.datetime.fromisoformat(m["taken_at"]) if m.get("taken_at") else None,
            "added_at": at,
            "has_derivatives": True,
        }
        for m in media
        if m["sha256"] not in indexed
    ]
    if fresh:
        s.execute(insert(MediaFile), fresh)
    _note_peer_media(s, peer_id, shas, 0)


def _note_peer_media(s: Session, peer_id: str, shas: list[str], pending_seq: int) -> None:
    """Note media files the peer holds (``pending_seq`` 0) or will once it confirms that
    bundle; a file it surely holds stays so."""
    for start in range(0, len(shas), 500):
        part = shas[start : start + 500]
        s.execute(
            sqlite_insert(SyncPeerMedia)
            .values([{"peer_station_id": peer_id, "sha256": sha, "pending_seq": pending_seq} for sha in part])
            .on_conflict_do_update(
                index_elements=["peer_station_id", "sha256"],
                set_={"pending_seq": pending_seq},
                where=SyncPeerMedia.pending_seq > 0,
            )
        )


def _prune(s: Session, peer: SyncPeer) -> None:
    """Drop bookkeeping the peer's acknowledgement has made unnecessary (never a record)."""
    s.execute(delete(SyncSource).where(SyncSource.peer_station_id == peer.station_id, SyncSource.seq <= peer.acked_seq))
    s.execute(
        update(SyncPeerMedia)
        .where(
            SyncPeerMedia.peer_station_id == peer.station_id,
            SyncPeerMedia.pending_seq > 0,
            SyncPeerMedia.pending_seq <= peer.acked_seq,
        )
        .values(pending_seq=0)
    )


def _close_superseded(s: Session, at: dt.datetime) -> None:
    """Conflicts settled elsewhere: the field has since been written again, after both edits."""
    for c in s.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))):
        codec = CODECS.get(c.entity)
        if codec is None:
            continue
        row = s.execute(
            select(codec.table.c.field_hlc, codec.table.c.hlc_created).where(codec.table.c.id == c.entity_id)
        ).first()
        if row is None:
            continue
        stamp = (row[0] or {}).get(c.field) or row[1]
        if stamp > max(c.local_hlc, c.remote_hlc):
            c.resolved_at, c.resolution = at, "later"


def _history(
    reader: BundleReader | None,
    peer_id: str | None,
    peer_name: str,
    at: dt.datetime,
    result: str,
    message: str,
    *,
    records: int = 0,
    photos: int = 0,
    path: Path | None = None,
    encrypted: bool = False,
) -> SyncBundle:
    m = reader.manifest if reader is not None else {}
    return SyncBundle(
        bundle_id=str(m.get("bundle_id") or ""),
        direction="received",
        peer_station_id=peer_id,
        peer_name=peer_name,
        at=at,
        file_name=str(reader.path if reader is not None else path or ""),
        covers_seq=int((m.get("covers") or {}).get("seq") or 0),
        records=records or int(m.get("records") or 0),
        photos=photos or len(m.get("media") or []),
        size=reader.file_size if reader is not None else 0,
        result=result,
        message=message,
        encrypted=reader.encrypted if reader is not None else encrypted,
    )


def _record_refusal(
    app: App, path: Path, message: str, reader: BundleReader | None = None, *, encrypted: bool = False
) -> None:
    """Note a refused bundle in the history (its own small transaction), naming the sender
    it claims to come from when the file could be read that far."""
    sender = (reader.manifest.get("from") or {}) if reader is not None else {}
    try:
        with app.transaction(needs=None) as tx:  # the caller's permission was checked
            entry = _history(
                reader, None, str(sender.get("name") or ""), tx.at, "rejected", message, path=path, encrypted=encrypted
            )
            entry.size = path.stat().st_size if path.exists() else 0
            tx.session.add(entry)
    except (DomainError, OSError):
        pass  # the refusal itself is what the user needs to see


# -- history, status and conflicts ----------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    direction: str
    peer_name: str
    file_name: str
    records: int
    photos: int
    size: int
    result: str
    message: str
    encrypted: bool = False


def history(app: App, limit: int = 200) -> list[HistoryEntry]:
    with app.read() as s:
        rows = s.scalars(select(SyncBundle).order_by(SyncBundle.seq.desc()).limit(limit))
        return [
            HistoryEntry(
                r.at,
                r.direction,
                r.peer_name,
                r.file_name,
                r.records,
                r.photos,
                r.size,
                r.result,
                r.message,
                r.encrypted,
            )
            for r in rows
        ]


@dataclass(frozen=True)
class PeerStatus:
    station_id: str
    name: str
    kind: str
    status: str  # pending | active | revoked
    fingerprint: str
    pending: int
    last_sent: dt.datetime | None
    last_received: dt.datetime | None
    can_encrypt: bool = False  # its encryption key is known here


def peers(app: App) -> list[PeerStatus]:
    """The peers with their fingerprints, changes waiting for them and last exchanges."""
    with app.read() as s:
        rows = list(s.scalars(select(SyncPeer).order_by(SyncPeer.kind, SyncPeer.name)))
        last = {
            (r.peer_station_id, r.direction): r.at
            for r in s.execute(
                select(SyncBundle.peer_station_id, SyncBundle.direction, func.max(SyncBundle.at).label("at"))
                .where(SyncBundle.result == "ok")
                .group_by(SyncBundle.peer_station_id, SyncBundle.direction)
            )
        }
    return [
        PeerStatus(
            p.station_id,
            p.name,
            p.kind,
            p.status,
            keys.fingerprint(p.public_key) if p.public_key else "",
            pending_count(app, p.station_id),
            last.get((p.station_id, "sent")),
            last.get((p.station_id, "received")),
            p.encryption_key is not None,
        )
        for p in rows
    ]


@dataclass(frozen=True)
class Conflict:
    seq: int
    entity: str
    kind_label: str
    entity_id: str
    label: str
    field: str
    peer_name: str
    local_value: Any
    remote_value: Any
    current: str  # "local" | "remote": which value the record holds now
    detected_at: dt.datetime


def conflicts(app: App) -> list[Conflict]:
    """Open conflicts, oldest first."""
    with app.read() as s:
        rows = list(
            s.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None)).order_by(SyncConflict.seq))
        )
    return [
        Conflict(
            c.seq,
            c.entity,
            _table_label(c.entity),
            c.entity_id,
            c.label,
            c.field,
            c.peer_name,
            c.local_value,
            c.remote_value,
            "remote" if c.remote_hlc > c.local_hlc else "local",
            c.detected_at,
        )
        for c in rows
    ]


def resolve_conflict(app: App, seq: int, keep: str, actor: Actor | None = None) -> None:
    """Settle a conflict by keeping this install's value ("local") or the other side's ("remote").

    The kept value is written again as a new edit, so it travels to every copy and wins there.
    """
    if keep not in ("local", "remote"):
        raise DomainError("请选择保留本机的值还是对方的值。")
    with app.transaction(actor, needs=SYNC) as tx:
        s = tx.session
        c = s.get(SyncConflict, seq)
        if c is None or c.resolved_at is not None:
            raise NotFoundError("这条冲突已经处理过了。")
        codec = CODECS[c.entity]
        obj = s.get(codec.model, c.entity_id)
        if obj is None:
            raise NotFoundError("冲突涉及的记录已不存在。")
        wanted = c.local_value if keep == "local" else c.remote_value
        if c.field == "deleted":
            if wanted:
                tx.delete(obj)
            else:
                tx.restore(obj)
        else:
            value = codec.decoders[c.field](wanted)
            if getattr(obj, c.field) == value:
                tx.restamp(obj, c.field)  # already holds it: stamp it again so the choice wins everywhere
            else:
                tx.update(obj, {c.field: value})
        c.resolved_at, c.resolution = tx.at, keep
