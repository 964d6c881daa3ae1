"""Photos attached to records (写实册): import, caption, order, cover, delete, trash.

A record (activity, visit or person) owns an ordered list of attachments.  Exactly one
live photo of an owner is its cover.  Deleting a photo tombstones its attachment row (the
deletion can travel in a sync bundle); the file stays in the media store, so the photo
can be restored, until :func:`empty_trash` removes the files that no live record uses.

Importing does the slow part first, without the database: each file is read, checked,
stored by content hash and given its print-size and thumbnail copies, two files at a
time.  Then every attachment row is written in one transaction, so a cancelled or failed
import adds nothing to the books (files already written are unreferenced and harmless).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..app import App, Tx
from ..errors import DataDirError, DomainError, NotFoundError
from ..jobs import CancelToken, Progress, no_progress
from ..media import MediaInfo, read_image_file, sha256_bytes
from ..models import Activity, Attachment, CheckIn, MediaFile, Person, SyncedMixin, Visit
from .base import get_live
from .media import register_media

log = logging.getLogger(__name__)

#: record kinds photos can be attached to, with the name used in messages
OWNER_TYPES: dict[str, tuple[type[SyncedMixin], str]] = {
    "activity": (Activity, "活动"),
    "visit": (Visit, "走访记录"),
    "person": (Person, "人员"),
}
MAX_CAPTION = 200
IMPORT_WORKERS = 2
PURGED_MESSAGE = "照片文件已从回收站清除，无法恢复。"
_CHUNK = 500  # ids per SQL "IN (…)"


@dataclass(frozen=True)
class PhotoItem:
    """One attached photo as the interface shows it (plain data, safe to pass between threads)."""

    id: str
    sha256: str
    ext: str
    caption: str
    sort_order: int
    is_cover: bool
    taken_at: dt.datetime | None
    original_name: str
    width: int | None
    height: int | None
    thumb_path: Path
    print_path: Path
    kind: str = "photo"


@dataclass
class PhotoImportResult:
    """What an import did: the new attachment ids, and the files it left out and why."""

    added: list[str] = field(default_factory=list)
    #: names of files whose content is already attached to the record (or twice in the batch)
    duplicates: list[str] = field(default_factory=list)
    #: (file name, message) for files that are not usable images or could not be read
    refused: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One Chinese sentence: what was added and what was left out."""
        parts = [f"已添加 {len(self.added)} 张照片" if self.added else "没有添加照片"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} 张已在本记录中，未重复添加")
        if self.refused:
            parts.append(f"{len(self.refused)} 个文件无法使用")
        return "；".join(parts) + "。"


@dataclass(frozen=True)
class TrashResult:
    """What emptying the trash removed: photos (distinct files) and the disk space given back."""

    files_removed: int
    bytes_freed: int


# -- helpers ------------------------------------------------------------------------------


def _owner_model(owner_type: str) -> type[SyncedMixin]:
    if owner_type not in OWNER_TYPES:
        raise DomainError(f"不能把照片附加到“{owner_type}”。")
    return OWNER_TYPES[owner_type][0]


def _live_owner(session: Session, owner_type: str, owner_id: str | None) -> None:
    """Raise unless the owner record exists and is not deleted."""
    model = _owner_model(owner_type)
    if not owner_id:
        raise DomainError(f"请先保存这条{OWNER_TYPES[owner_type][1]}，再添加照片。")
    get_live(session, model, owner_id)


def _live_attachments(session: Session, owner_type: str, owner_id: str) -> list[Attachment]:
    """An owner's live attachments in their order."""
    return list(
        session.scalars(
            select(Attachment)
            .where(
                Attachment.owner_type == owner_type,
                Attachment.owner_id == owner_id,
                Attachment.deleted.is_(False),
            )
            .order_by(Attachment.sort_order, Attachment.hlc_created, Attachment.id)
        )
    )


def _photo(session: Session, attachment_id: str) -> Attachment:
    """A live attachment whose owner is live too."""
    att = get_live(session, Attachment, attachment_id)
    _live_owner(session, att.owner_type, att.owner_id)
    return att


def _item(app: App, att: Attachment, mf: MediaFile | None) -> PhotoItem:
    return PhotoItem(
        id=att.id,
        sha256=att.sha256,
        ext=mf.ext if mf else "",
        caption=att.caption,
        sort_order=att.sort_order,
        is_cover=att.is_cover,
        taken_at=att.taken_at,
        original_name=att.original_name,
        width=mf.width if mf else None,
        height=mf.height if mf else None,
        thumb_path=app.media.thumb_path(att.sha256),
        print_path=app.media.print_path(att.sha256),
        kind=att.kind,
    )


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _KeyedLocks:
    """One lock per key: two threads never write the same content-addressed file at once."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    def __call__(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())


@dataclass(frozen=True)
class _Prepared:
    name: str
    info: MediaInfo | None = None
    refused: str | None = None


def _prepare_file(app: App, path: Path, locks: _KeyedLocks, cancel: CancelToken) -> _Prepared:
    """Read, check and store one file with its derivatives (runs on a worker thread)."""
    name = path.name
    if cancel.cancelled:
        return _Prepared(name)
    try:
        data = read_image_file(path)  # only an ordinary file, of a photo's size (never a pipe or /dev/zero)
    except DomainError as exc:
        return _Prepared(name, refused=exc.message)
    try:
        with locks(sha256_bytes(data)):
            info = app.media.put(data, name, derivatives=True)
    except DataDirError:
        raise  # a full disk or a read-only folder: every file would fail, so the import stops
    except DomainError as exc:
        return _Prepared(name, refused=exc.message)
    except Exception:  # one odd file must not sink the batch; the log has the details
        log.exception("could not prepare a photo (a %s file)", path.suffix.lower() or "nameless")  # no file name
        return _Prepared(name, refused=f"“{name}”处理时出现意外问题，已跳过（详情见日志文件）。")
    return _Prepared(name, info=info)


def _prepare_all(
    app: App, paths: Sequence[Path], progress: Progress, cancel: CancelToken, share: float
) -> list[_Prepared]:
    """Every file prepared on a small thread pool, in the order given; raises Cancelled."""
    total = len(paths)
    results: list[_Prepared | None] = [None] * total
    locks = _KeyedLocks()
    pool = ThreadPoolExecutor(max_workers=IMPORT_WORKERS, thread_name_prefix="photo-import")
    try:
        pending: dict[Future[_Prepared], int] = {
            pool.submit(_prepare_file, app, Path(p), locks, cancel): i for i, p in enumerate(paths)
        }
        done_count = 0
        while pending:
            cancel.check()
            finished, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in finished:
                prepared = future.result()
                results[pending.pop(future)] = prepared
                done_count += 1
                progress(share * done_count / total, f"正在处理照片 {done_count}/{total}：{prepared.name}")
        cancel.check()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [r for r in results if r is not None]


@dataclass(frozen=True)
class PreparedImages:
    """Files checked and put in the media store (no database row yet), and those refused."""

    good: list[tuple[str, MediaInfo]]  # (file name, stored image)
    refused: list[tuple[str, str]]  # (file name, message)


def prepare_images(
    app: App, paths: Sequence[Path], *, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> PreparedImages:
    """Read, check and store image files with their print copies and thumbnails, two at a time.

    Touches no database (a job for the work pool, not the database worker); the rows are
    written later by the service that uses the images (:func:`attach_stored`).
    """
    prepared = _prepare_all(app, paths, progress, cancel or CancelToken(), 1.0)
    return PreparedImages(
        [(p.name, p.info) for p in prepared if p.info is not None],
        [(p.name, p.refused) for p in prepared if p.refused is not None],
    )


def attach_stored(
    tx: Tx,
    owner_type: str,
    owner_id: str,
    files: Sequence[tuple[str, MediaInfo]],
    *,
    kind: str = "photo",
    caption: str = "",
) -> tuple[list[str], list[str]]:
    """Attach stored images to a record after its others, in one transaction.

    The first photo becomes the cover when the record has none (scans never do).  Returns
    (new attachment ids, names of files whose content the record already has).
    """
    s = tx.session
    _live_owner(s, owner_type, owner_id)
    live = _live_attachments(s, owner_type, owner_id)
    attached = {a.sha256 for a in live}
    order = max((a.sort_order for a in live), default=-1) + 1
    has_cover = kind != "photo" or any(a.is_cover for a in live)
    rows: list[dict[str, Any]] = []
    duplicates: list[str] = []
    for name, info in files:
        if info.sha256 in attached:
            duplicates.append(name)
            continue
        attached.add(info.sha256)
        register_media(tx, info)
        rows.append(
            {
                "owner_type": owner_type,
                "owner_id": owner_id,
                "sha256": info.sha256,
                "kind": kind,
                "caption": caption,
                "sort_order": order,
                "is_cover": not has_cover,
                "taken_at": info.taken_at,
                "original_name": name[:200],
            }
        )
        order += 1
        has_cover = True
    s.flush()
    if rows:
        s.execute(
            update(MediaFile)
            .where(MediaFile.sha256.in_([r["sha256"] for r in rows]))
            .values(has_derivatives=True)
            .execution_options(synchronize_session=False)
        )
    return tx.bulk_add(Attachment, rows), duplicates


# -- import -------------------------------------------------------------------------------


def import_photos(
    app: App,
    owner_type: str,
    owner_id: str,
    paths: Sequence[Path],
    *,
    kind: str = "photo",
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> PhotoImportResult:
    """Add image files to a record's photos, after the ones it has; returns what was done.

    Files that are not usable images (or cannot be read) are listed in ``refused`` and the
    others are still added; content already attached to the record is listed in
    ``duplicates`` and not added twice.  All rows are written in one transaction; on
    cancel (:class:`Cancelled` is raised) nothing is written.
    """
    token = cancel or CancelToken()
    with app.read() as s:
        _live_owner(s, owner_type, owner_id)
    result = PhotoImportResult()
    if not paths:
        progress(1.0, "没有选择照片。")
        return result
    prepared = _prepare_all(app, paths, progress, token, 0.9)
    result.refused = [(p.name, p.refused) for p in prepared if p.refused is not None]
    good = [(p.name, p.info) for p in prepared if p.info is not None]
    progress(0.92, "正在保存…")
    token.check()
    if good:  # (every file refused: nothing to write, not even the change counters)
        with app.transaction() as tx:
            token.check()  # the last moment to cancel: raising here rolls everything back
            result.added, result.duplicates = attach_stored(tx, owner_type, owner_id, good, kind=kind)
    progress(1.0, result.summary())
    return result


# -- editing ------------------------------------------------------------------------------


def set_caption(app: App, attachment_id: str, caption: str) -> None:
    """Change a photo's caption (说明)."""
    text = " ".join((caption or "").split())  # Chinese punctuation stays full-width
    if len(text) > MAX_CAPTION:
        raise DomainError(f"照片说明不能超过 {MAX_CAPTION} 个字（现在 {len(text)} 个字）。")
    with app.transaction() as tx:
        tx.update(_photo(tx.session, attachment_id), {"caption": text})


def _renumber(tx: Tx, ordered: Sequence[Attachment]) -> None:
    for index, att in enumerate(ordered):
        tx.update(att, {"sort_order": index})


def move_photo(app: App, attachment_id: str, new_index: int) -> None:
    """Move a photo to ``new_index`` among its record's photos (clamped to the list)."""
    with app.transaction() as tx:
        att = _photo(tx.session, attachment_id)
        ordered = [a for a in _live_attachments(tx.session, att.owner_type, att.owner_id) if a.id != att.id]
        ordered.insert(max(0, min(new_index, len(ordered))), att)
        _renumber(tx, ordered)


def set_cover(app: App, attachment_id: str) -> None:
    """Make a photo its record's cover (封面); the record's other photos stop being covers."""
    with app.transaction() as tx:
        att = _photo(tx.session, attachment_id)
        for other in _live_attachments(tx.session, att.owner_type, att.owner_id):
            tx.update(other, {"is_cover": other.id == att.id})


def delete_photo(app: App, attachment_id: str) -> None:
    """Move a photo to the trash; when it was the cover, the next photo becomes the cover."""
    with app.transaction() as tx:
        att = _photo(tx.session, attachment_id)
        ordered = _live_attachments(tx.session, att.owner_type, att.owner_id)
        was_cover = att.is_cover
        tx.delete(att)
        if was_cover and not any(a.is_cover for a in ordered if a.id != att.id):
            position = next(i for i, a in enumerate(ordered) if a.id == att.id)
            rest = ordered[position + 1 :] + ordered[:position]
            if rest:
                tx.update(rest[0], {"is_cover": True})


def restore_photo(app: App, attachment_id: str) -> None:
    """Bring a deleted photo back, at the end of its record's photos."""
    with app.transaction() as tx:
        s = tx.session
        att = s.get(Attachment, attachment_id)
        if att is None:
            raise NotFoundError("找不到这张照片。")
        if not att.deleted:
            raise DomainError("这张照片没有被删除，不需要恢复。")
        mf = s.get(MediaFile, att.sha256)
        if mf is None or not app.media.original_path(att.sha256, mf.ext).exists():
            raise DomainError(PURGED_MESSAGE)
        _live_owner(s, att.owner_type, att.owner_id)
        live = _live_attachments(s, att.owner_type, att.owner_id)
        if any(a.sha256 == att.sha256 for a in live):
            raise DomainError("这张照片已经在这条记录中，不需要恢复。")
        tx.restore(att)
        tx.update(
            att,
            {
                "sort_order": max((a.sort_order for a in live), default=-1) + 1,
                "is_cover": not any(a.is_cover for a in live),
            },
        )


# -- reading ------------------------------------------------------------------------------


def list_photos(app: App, owner_type: str, owner_id: str) -> list[PhotoItem]:
    """A record's live photos in their order."""
    with app.read() as s:
        _live_owner(s, owner_type, owner_id)
        rows = s.execute(
            select(Attachment, MediaFile)
            .outerjoin(MediaFile, MediaFile.sha256 == Attachment.sha256)
            .where(
                Attachment.owner_type == owner_type,
                Attachment.owner_id == owner_id,
                Attachment.deleted.is_(False),
            )
            .order_by(Attachment.sort_order, Attachment.hlc_created, Attachment.id)
        ).all()
        return [_item(app, att, mf) for att, mf in rows]


def trash(app: App, owner_type: str | None = None, owner_id: str | None = None) -> list[PhotoItem]:
    """Deleted photos that can still be restored (their file is in the store), newest deletion first.

    A photo whose content is attached to the same record again (re-added after deleting) is
    not listed, and a photo deleted several times from one record is listed once.
    """
    with app.read() as s:
        query = (
            select(Attachment, MediaFile)
            .join(MediaFile, MediaFile.sha256 == Attachment.sha256)
            .where(Attachment.deleted.is_(True))
            .order_by(Attachment.hlc_updated.desc(), Attachment.id.desc())
        )
        if owner_type is not None:
            _owner_model(owner_type)
            query = query.where(Attachment.owner_type == owner_type)
        if owner_id is not None:
            query = query.where(Attachment.owner_id == owner_id)
        rows = s.execute(query).all()
        live: set[tuple[str, str, str]] = set()
        for chunk in _chunks({att.sha256 for att, _ in rows}):
            live.update(
                s.execute(
                    select(Attachment.owner_type, Attachment.owner_id, Attachment.sha256).where(
                        Attachment.deleted.is_(False), Attachment.sha256.in_(chunk)
                    )
                )
            )
        items: list[PhotoItem] = []
        for att, mf in rows:
            key = (att.owner_type, att.owner_id, att.sha256)
            if key in live:
                continue
            live.add(key)  # list each deleted photo of a record once
            items.append(_item(app, att, mf))
        return items


def _referenced(session: Session, shas: Iterable[str]) -> set[str]:
    """Which of these hashes a live attachment, a live signature or any person's photo uses.

    A deleted person's photo counts as used: the person can be restored, and ``check``
    reports every person's photo that is missing from the store.
    """
    used: set[str] = set()
    for chunk in _chunks(shas):
        used.update(
            session.scalars(
                select(Attachment.sha256).where(Attachment.deleted.is_(False), Attachment.sha256.in_(chunk))
            )
        )
        used.update(
            session.scalars(
                select(CheckIn.signature_sha256).where(CheckIn.deleted.is_(False), CheckIn.signature_sha256.in_(chunk))
            )
        )
        used.update(session.scalars(select(Person.photo_sha256).where(Person.photo_sha256.in_(chunk))))
    return used


def empty_trash(app: App) -> TrashResult:
    """Remove from the store the files only deleted photos use (original, print copy, thumbnail).

    The attachment tombstones stay (a sync needs them); those photos can no longer be
    restored.  Files are deleted only after the transaction has committed.
    """
    doomed: list[Path] = []
    with app.transaction() as tx:
        s = tx.session
        names: dict[str, str] = {}
        for sha, name in s.execute(
            select(Attachment.sha256, Attachment.original_name)
            .where(Attachment.deleted.is_(True))
            .order_by(Attachment.hlc_updated.desc())
        ):
            names.setdefault(sha, name)
        candidates = set(names) - _referenced(s, names)
        purged = 0
        for sha in sorted(candidates):
            mf = s.get(MediaFile, sha)
            if mf is None:
                continue  # emptied before
            tx.audit("purge", "media_files", sha, names[sha], {"size": [mf.size, None]})
            doomed += [app.media.original_path(sha, mf.ext), app.media.print_path(sha), app.media.thumb_path(sha)]
            s.delete(mf)
            purged += 1
    freed = 0
    for path in doomed:
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            log.warning("could not delete %s (left unreferenced)", path, exc_info=True)
            continue
        freed += size
    return TrashResult(files_removed=purged, bytes_freed=freed)
