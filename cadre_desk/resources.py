"""Where the app's resource files (fonts, translations, icons) are."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` beside the package (source tree), or inside a packaged build."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def bundled_font(name: str = "DroidSansFallbackFull.ttf") -> Path:
    return resources_dir() / "fonts" / name


def app_icon_path(kind: str = "png") -> Path:
    """The app icon: ``"png"`` (256 px, the window icon) or ``"ico"`` (16–256 px, for Windows)."""
    return resources_dir() / "icons" / f"cadre_desk.{kind}"
