"""Fonts for printing: one Chinese TrueType font, embedded, and a check for what it lacks.

reportlab embeds TrueType-outline fonts only, and silently drops any character the font
has no glyph for.  So the printers here register one CJK font — the system's 黑体 / 宋体 /
微软雅黑 on Windows, else the bundled Droid Sans Fallback — and check every name they
print against the font's cmap (:func:`missing_glyphs`), reporting what cannot print
instead of losing it.

The bundled font has Chinese only: no Latin letters, digits or the middle dot of minority
names (阿依古丽·买买提).  :class:`PrintFonts` therefore draws such characters in a second
embedded font (Bitstream Vera, shipped inside reportlab) — one character at a time, only
where the Chinese font lacks it.  Fallbacks for rare characters (CJK Extension B, e.g. 𠮷)
and bold faces are left for later: those characters are reported, not printed.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ...resources import bundled_font
from ..errors import DomainError

log = logging.getLogger(__name__)

#: the names the fonts are registered under with reportlab
CJK_FONT = "CadreCJK"
LATIN_FONT = "CadreLatin"

#: Windows fonts tried first, in order, as (file name, index inside a .ttc collection)
WINDOWS_FONTS: tuple[tuple[str, int], ...] = (("simhei.ttf", 0), ("simsun.ttc", 0), ("msyh.ttc", 0))

_lock = threading.Lock()


def font_candidates() -> list[tuple[Path, int]]:
    """The font files :func:`register_cjk_font` tries, in order."""
    out: list[tuple[Path, int]] = []
    if sys.platform == "win32":
        folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        out += [(folder / name, index) for name, index in WINDOWS_FONTS]
    out.append((bundled_font(), 0))
    return out


def _register(name: str, candidates: list[tuple[Path, int]]) -> str:
    with _lock:
        if name in pdfmetrics.getRegisteredFontNames():
            return name
        for path, index in candidates:
            if not path.is_file():
                continue
            try:
                font = TTFont(name, str(path), subfontIndex=index)
            except (TTFError, OSError, ValueError) as exc:  # a CFF .otf, a damaged file …
                log.warning("cannot use font %s (index %d) for printing: %s", path, index, exc)
                continue
            pdfmetrics.registerFont(font)
            log.info("printing with font %s (index %d) as %s", path, index, name)
            return name
    raise DomainError("找不到可用于打印的中文字体（程序自带的字体文件缺失或已损坏）。请重新安装本程序。")


def register_cjk_font() -> str:
    """Register the Chinese print font with reportlab (once per process); returns its name."""
    return _register(CJK_FONT, font_candidates())


def register_latin_font() -> str:
    """Register the font for Latin letters, digits and signs the Chinese font lacks; returns its name."""
    return _register(LATIN_FONT, [(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf", 0)])


def _needs_no_glyph(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def _cmap(font_name: str) -> dict[int, Any]:
    return pdfmetrics.getFont(font_name).face.charToGlyph  # type: ignore[no-any-return]


def missing_glyphs(text: str, font_name: str) -> set[str]:
    """The characters of ``text`` that the registered TrueType font ``font_name`` has no glyph for."""
    cmap = _cmap(font_name)
    return {ch for ch in text if ord(ch) not in cmap and not _needs_no_glyph(ch)}


@dataclass(frozen=True)
class PrintFonts:
    """The Chinese font, and the fallback used character by character where it has no glyph."""

    main: str
    fallback: str

    def font_for(self, ch: str) -> str:
        """The font to draw ``ch`` in (the main font also for characters neither font has)."""
        code = ord(ch)
        if code in _cmap(self.main) or code not in _cmap(self.fallback):
            return self.main
        return self.fallback

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (font name, piece) runs, each piece drawable in its font."""
        out: list[tuple[str, str]] = []
        for ch in text:
            font = self.font_for(ch)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def missing(self, text: str) -> str:
        """The characters of ``text`` that no font can print, each once, in order of appearance."""
        lacking = missing_glyphs(text, self.main) & missing_glyphs(text, self.fallback)
        return "".join(dict.fromkeys(ch for ch in text if ch in lacking))

    def width(self, text: str, size: float) -> float:
        return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in self.runs(text))

    def markup(self, text: str) -> str:
        """``text`` as Paragraph markup (escaped), with fallback runs in their own font."""
        return "".join(
            escape(piece) if font == self.main else f'<font face="{font}">{escape(piece)}</font>'
            for font, piece in self.runs(text)
        )

    def draw(self, canvas: Any, x: float, y: float, text: str, size: float, *, align: str = "left") -> float:
        """Draw one line on a reportlab canvas (``align``: left, centre or right of ``x``); returns its width."""
        width = self.width(text, size)
        if align == "centre":
            x -= width / 2
        elif align == "right":
            x -= width
        for font, piece in self.runs(text):
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, font, size)
        return width

    def fit_size(self, text: str, max_width: float, size: float, min_size: float) -> float:
        """The largest size from ``size`` down to ``min_size`` at which ``text`` fits in ``max_width``."""
        width = self.width(text, size)
        if width <= max_width:
            return size
        return max(min_size, size * max_width / width)


@cache
def print_fonts() -> PrintFonts:
    """The fonts to print with, registered with reportlab (once per process)."""
    return PrintFonts(register_cjk_font(), register_latin_font())
