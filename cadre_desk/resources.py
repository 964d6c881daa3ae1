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
