"""Making sure Chinese text renders on any machine."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..resources import bundled_font

log = logging.getLogger(__name__)

# System fonts preferred, in order (Windows first, then common Linux/macOS CJK fonts).
PREFERRED_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "微软雅黑",
    "SimSun",
    "宋体",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
)


def _has_chinese(family: str) -> bool:
    return QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


_chosen: dict[str, object] = {}


def choose_ui_family() -> str:
    """A font family that renders Simplified Chinese: a system one, or the bundled font."""
    if "family" not in _chosen:
        _chosen["family"] = _find_family()
    return str(_chosen["family"])


def _find_family() -> str:
    available = set(QFontDatabase.families())
    for family in PREFERRED_FAMILIES:
        if family in available and _has_chinese(family):
            return family
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        if not QFontDatabase.isPrivateFamily(family):
            return family
    font_id = QFontDatabase.addApplicationFont(str(bundled_font()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("no Chinese font on this system and the bundled font failed to load")
        return QApplication.font().family()
    log.info("no system Chinese font; using bundled %s", families[0])
    return families[0]


def apply_ui_font(app: QApplication, scale: float = 1.0) -> QFont:
    """Set the application font to a Chinese-capable family at ``scale`` × the system's size.

    Safe to call again (the text-size setting): the scale applies to the size the system
    gave at the first call, never to an already scaled one.
    """
    if "base" not in _chosen:
        _chosen["base"] = QFont(app.font())
    base = QFont(_chosen["base"])  # type: ignore[arg-type]
    font = QFont(base)
    font.setFamilies([choose_ui_family(), *base.families()])
    size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
    font.setPointSizeF(size * scale)
    app.setFont(font)
    return font
