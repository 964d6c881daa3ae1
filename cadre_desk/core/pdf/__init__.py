"""Printed paper as PDF (reportlab, no Qt): member QR cards and blank sign-in sheets.

Every generator writes through a temporary file beside the target that replaces it only
when complete (:func:`save_atomically`), so a cancelled or failed run leaves no half PDF.
reportlab is imported only by the modules of this package that draw, when first used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import files
from ..app import App
from ..errors import DomainError
from ..models import Meta, Station


def save_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write a PDF through a temporary file (see :func:`cadre_desk.core.files.save_atomically`)."""
    files.save_atomically(path, write, opened_by="PDF 阅读器等其他程序")


def station_name(app: App) -> str:
    """The name of the station this install keeps books for (printed at the top of every paper)."""
    with app.read() as s:
        station_id = s.get(Meta, "station_id")
        station = s.get(Station, station_id.value) if station_id else None
        if station is None:
            raise DomainError("尚未完成初始设置：请先创建驿站信息（cadre-desk init，或在首次启动向导中设置）。")
        return station.name
