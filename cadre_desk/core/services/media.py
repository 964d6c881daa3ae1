"""Putting images into the media store: the file first, then its index row in a transaction."""

from __future__ import annotations

from ..app import App, Tx
from ..media import MediaInfo
from ..models import MediaFile


def store_image(app: App, data: bytes, name: str = "", *, derivatives: bool = True) -> MediaInfo:
    """Validate and store an image file (and its print/thumbnail copies); returns its description.

    The file is written before any row refers to it; the index row is written by the
    service that uses it (``attach`` or ``check_in``) through :func:`register_media`.
    """
    return app.media.put(data, name, derivatives=derivatives)


def register_media(tx: Tx, info: MediaInfo) -> None:
    """Add a stored file to the media index inside a write transaction (idempotent)."""
    if tx.session.get(MediaFile, info.sha256) is None:
        tx.session.add(
            MediaFile(
                sha256=info.sha256,
                mime=info.mime,
                ext=info.ext,
                size=info.size,
                width=info.width,
                height=info.height,
                taken_at=info.taken_at,
                added_at=tx.at,
            )
        )
