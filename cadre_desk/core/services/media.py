"""Putting images into the media store (file first, then the index row in a transaction)."""

from __future__ import annotations

from ..app import App
from ..media import MediaInfo


def store_image(app: App, data: bytes, name: str = "", *, derivatives: bool = True) -> MediaInfo:
    """Validate and store an image file; returns its description.

    The file is written before any row refers to it; the index row is written by the
    service that attaches it (``attach`` or ``check_in``), in that service's transaction.
    """
    info = app.media.put(data, name)
    if derivatives:
        app.media.make_derivatives(info.sha256, info.ext)
    return info
