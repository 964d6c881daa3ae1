"""Fonts for printing: a 宋体-style body face and a 黑体 heading face, embedded, with fallbacks and a check.

reportlab embeds TrueType-outline fonts only, and silently drops any character the font
has no glyph for.  So the printers register:

- a regular face for body text and tables (宋体 style): the system's 宋体 on Windows, else
  the bundled Noto Serif SC Regular;
- a bold face for titles and headings (黑体): 黑体 on Windows, else the bundled Noto Sans SC
  Bold (static fonts, checked to be no variable font, whose default instance may be Thin);
- fallbacks, tried in order for a character the face lacks: SimSun-ExtB on Windows, the
  bundled rare-character fonts — HanaMinB (CJK Extensions B–F, such as 𪚥) and BabelStone
  Han (Extension G) — then the bundled Noto Sans SC Regular, a system font that covers
  Extension B where one is installed, and Bitstream Vera (shipped inside reportlab) for
  Latin signs.

Only the glyphs a PDF uses are embedded (reportlab subsets every TrueType font as it
writes).  :class:`PrintFonts` draws each character in the first of these that has it, and
reports the characters none has (:meth:`PrintFonts.missing`) instead of losing them silently.
"""

from __future__ import annotations

import logging
import os
import struct
import sys
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
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
BOLD_FONT = "CadreCJKBold"
FALLBACK_FONT = "CadreFallback{}"
LATIN_FONT = "CadreLatin"

REGULAR_FILE = "NotoSerifSC-Regular.ttf"
BOLD_FILE = "NotoSansSC-Bold.ttf"
SANS_FILE = "NotoSansSC-Regular.ttf"
#: the bundled rare-character fonts, in the order they are tried: CJK Extensions B–F, then G
RARE_FILES = ("HanaMinB-Ext.ttf", "BabelStoneHan-ExtG.ttf")

#: Windows fonts, in order of preference, as (file name, index inside a .ttc collection)
WINDOWS_REGULAR: tuple[tuple[str, int], ...] = (("simsun.ttc", 0), ("simfang.ttf", 0))
WINDOWS_BOLD: tuple[tuple[str, int], ...] = (("simhei.ttf", 0),)
WINDOWS_RARE: tuple[tuple[str, int], ...] = (("simsunb.ttf", 0),)
#: fonts covering CJK Extension B that Linux distributions install (Debian: fonts-hanazono)
SYSTEM_RARE: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
    Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
)
#: OS/2 weight classes: a regular face must not be bolder than this, a bold face at least the next
REGULAR_MAX_WEIGHT = 500
BOLD_MIN_WEIGHT = 600

_lock = threading.Lock()
#: fallback fonts found but not read yet: a rare-character font (30 MB) is loaded when a text needs it
_pending: dict[str, list[tuple[Path, int]]] = {}
_pending_lock = threading.Lock()
_unusable: set[str] = set()


def _windows_fonts(names: tuple[tuple[str, int], ...]) -> list[tuple[Path, int]]:
    if sys.platform != "win32":
        return []
    folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [(folder / name, index) for name, index in names]


def font_candidates() -> list[tuple[Path, int]]:
    """The regular font files :func:`register_cjk_font` tries, in order."""
    return [*_windows_fonts(WINDOWS_REGULAR), (bundled_font(REGULAR_FILE), 0)]


def bold_candidates() -> list[tuple[Path, int]]:
    """The bold font files :func:`register_bold_font` tries, in order."""
    return [*_windows_fonts(WINDOWS_BOLD), (bundled_font(BOLD_FILE), 0)]


def fallback_candidates() -> list[tuple[Path, int]]:
    """The fonts tried, in order, for characters the regular and bold faces lack."""
    return [
        *_windows_fonts(WINDOWS_RARE),
        *((bundled_font(name), 0) for name in RARE_FILES),
        (bundled_font(SANS_FILE), 0),
        *((path, 0) for path in SYSTEM_RARE),
    ]


def weight_class(font: TTFont) -> int | None:
    """The font's OS/2 weight (400 regular, 700 bold), or None when it does not say."""
    try:
        data = font.face.get_table("OS/2")
    except (KeyError, TTFError):
        return None
    return int(struct.unpack(">H", data[4:6])[0]) if len(data) >= 6 else None


def _unsuitable(font: TTFont, weight: str) -> str | None:
    """Why ``font`` cannot print the given weight ("regular", "bold" or "any"), or None."""
    if "fvar" in font.face.table:
        return "a variable font (it would print its default instance, often Thin)"
    value = weight_class(font)
    if value is not None and weight == "regular" and value > REGULAR_MAX_WEIGHT:
        return f"too heavy for regular text (weight {value})"
    if value is not None and weight == "bold" and value < BOLD_MIN_WEIGHT:
        return f"not a bold face (weight {value})"
    return None


def _register(name: str, candidates: list[tuple[Path, int]], weight: str = "any", *, required: bool = True) -> str:
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
            if reason := _unsuitable(font, weight):
                log.warning("not printing with font %s (index %d): %s", path, index, reason)
                continue
            pdfmetrics.registerFont(font)
            log.info("printing with font %s (index %d) as %s", path, index, name)
            return name
    if not required:
        return ""
    raise DomainError("找不到可用于打印的中文字体（程序自带的字体文件缺失或已损坏）。请重新安装本程序。")


def register_cjk_font() -> str:
    """Register the regular Chinese print font with reportlab (once per process); returns its name."""
    return _register(CJK_FONT, font_candidates(), "regular")


def register_bold_font() -> str:
    """Register the bold Chinese print font (once per process); returns its name."""
    return _register(BOLD_FONT, bold_candidates(), "bold")


def register_latin_font() -> str:
    """Register the font for Latin letters, digits and signs the Chinese fonts lack; returns its name."""
    return _register(LATIN_FONT, [(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf", 0)])


def register_fallback_fonts(main: str) -> tuple[str, ...]:
    """The fallbacks for rare characters that exist here, in order (each read when first needed).

    A candidate that is the same file as the regular face is left out.
    """
    main_file = getattr(pdfmetrics.getFont(main).face, "filename", None)
    names: list[str] = []
    for number, (path, index) in enumerate(fallback_candidates()):
        if str(path) == main_file or not path.is_file():
            continue
        name = FALLBACK_FONT.format(number)
        with _lock:
            if name not in pdfmetrics.getRegisteredFontNames():
                _pending[name] = [(path, index)]
        names.append(name)
    return (*names, register_latin_font())


def _needs_no_glyph(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")


def _cmap(font_name: str) -> dict[int, Any]:
    """The font's character map; a pending fallback is registered now (one that cannot be read has none)."""
    if font_name in _pending:
        with _pending_lock:
            candidates = _pending.pop(font_name, None)
            if candidates and not _register(font_name, candidates, required=False):
                _unusable.add(font_name)
    if font_name in _unusable:
        return {}
    return pdfmetrics.getFont(font_name).face.charToGlyph  # type: ignore[no-any-return]


def missing_glyphs(text: str, font_name: str) -> set[str]:
    """The characters of ``text`` that the registered TrueType font ``font_name`` has no glyph for."""
    cmap = _cmap(font_name)
    return {ch for ch in text if ord(ch) not in cmap and not _needs_no_glyph(ch)}


@dataclass(frozen=True)
class PrintFonts:
    """The regular and bold faces, and the fallbacks used character by character where they lack a glyph.

    ``base`` in the methods below is the face a piece of text is set in (the regular face
    when not given); a character it lacks is drawn in the first of the others that has it.
    """

    main: str
    bold: str
    fallbacks: tuple[str, ...]

    def chain(self, base: str | None = None) -> tuple[str, ...]:
        base = base or self.main
        return (base, *(f for f in (self.main, *self.fallbacks) if f != base))

    def font_for(self, ch: str, base: str | None = None) -> str:
        """The font to draw ``ch`` in (the base font also for characters no font has)."""
        code = ord(ch)
        chain = self.chain(base)
        if _needs_no_glyph(ch):
            return chain[0]
        for font in chain:
            if code in _cmap(font):
                return font
        return chain[0]

    def runs(self, text: str, base: str | None = None) -> list[tuple[str, str]]:
        """``text`` cut into (font name, piece) runs, each piece drawable in its font."""
        return list(_runs(self, text, base or self.main))

    def _cut(self, text: str, base: str) -> tuple[tuple[str, str], ...]:
        out: list[tuple[str, str]] = []
        for ch in text:
            font = self.font_for(ch, base)
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return tuple(out)

    def missing(self, text: str) -> str:
        """The characters of ``text`` that no font can print, each once, in order of appearance."""
        lacking = {ch for ch in text if not _needs_no_glyph(ch)}
        for font in self.chain():  # the fallbacks are looked at (and read) only for what the face lacks
            if not lacking:
                break
            cmap = _cmap(font)
            lacking = {ch for ch in lacking if ord(ch) not in cmap}
        return "".join(dict.fromkeys(ch for ch in text if ch in lacking))

    def width(self, text: str, size: float, base: str | None = None) -> float:
        return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in self.runs(text, base))

    def markup(self, text: str, base: str | None = None) -> str:
        """``text`` as Paragraph markup (escaped) for a style in ``base``, other fonts' runs tagged."""
        chain = self.chain(base)
        return "".join(
            escape(piece) if font == chain[0] else f'<font face="{font}">{escape(piece)}</font>'
            for font, piece in self.runs(text, base)
        )

    def draw(
        self, canvas: Any, x: float, y: float, text: str, size: float, *, align: str = "left", bold: bool = False
    ) -> float:
        """Draw one line on a reportlab canvas (``align``: left, centre or right of ``x``); returns its width."""
        base = self.bold if bold else self.main
        width = self.width(text, size, base)
        if align == "centre":
            x -= width / 2
        elif align == "right":
            x -= width
        for font, piece in self.runs(text, base):
            canvas.setFont(font, size)
            canvas.drawString(x, y, piece)
            x += pdfmetrics.stringWidth(piece, font, size)
        return width

    def fit_size(self, text: str, max_width: float, size: float, min_size: float, base: str | None = None) -> float:
        """The largest size from ``size`` down to ``min_size`` at which ``text`` fits in ``max_width``."""
        width = self.width(text, size, base)
        if width <= max_width:
            return size
        return max(min_size, size * max_width / width)


@lru_cache(maxsize=20_000)
def _runs(fonts: PrintFonts, text: str, base: str) -> tuple[tuple[str, str], ...]:
    """:meth:`PrintFonts.runs`, remembered: a month's ledgers print the same names many times."""
    return fonts._cut(text, base)


@cache
def print_fonts() -> PrintFonts:
    """The fonts to print with, registered with reportlab (once per process)."""
    from .typography import install

    install()
    main = register_cjk_font()
    return PrintFonts(main, register_bold_font(), register_fallback_fonts(main))
