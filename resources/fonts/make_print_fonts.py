"""Remake the bundled print fonts from the Debian font packages.

reportlab embeds TrueType-outline fonts only, and Noto Sans/Serif CJK ship CFF outlines
(.otf / .ttc).  This maintenance script (not run by the app; needs ``pip install fonttools``,
in a virtual environment of its own) takes the Simplified-Chinese faces of Debian's
``fonts-noto-cjk`` (Sans 2.004, Serif 2.001), keeps the characters a station's books need,
and converts the outlines to TrueType (quadratic, within 1 unit):

- ``NotoSansSC-Regular.ttf``: Latin, punctuation and symbols, CJK Unified Ideographs with
  Extension A, the compatibility ideographs, and every Extension B–G character the face has;
- ``NotoSansSC-Bold.ttf`` (黑体 headings): the same without the Extensions and compatibility
  ideographs (the printers fall back to Regular for a rare character in a bold line);
- ``NotoSerifSC-Regular.ttf`` (宋体 body text and tables): the common characters and
  Extension A and the compatibility ideographs — names in Extension B and beyond print from
  the rare-character fonts below, which are Ming (宋体-style) faces too.

The rare-character fonts are TrueType already and are only cut down to the extension blocks:

- ``HanaMinB-Ext.ttf``: HanaMinB (GlyphWiki, Hanazono Font License) — CJK Extensions B–F;
- ``BabelStoneHan-ExtG.ttf``: BabelStone Han (Arphic Public License) — CJK Extension G and
  the compatibility supplement, the characters HanaMinB lacks.

All are static fonts (no variation axes), so Regular prints as Regular and Bold as Bold.

    apt-get install fonts-noto-cjk fonts-hanazono fonts-babelstone-han
    python make_print_fonts.py /usr/share/fonts/opentype/noto /usr/share/fonts/truetype
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

COMMON = [
    (0x20, 0x7E), (0xA0, 0x24F), (0x2C6, 0x2DD), (0x2000, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x27BF),
    (0x3000, 0x303F), (0x30FB, 0x30FB), (0x3200, 0x33FF), (0x4E00, 0x9FFF),
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
]  # fmt: skip
EXT_A = [(0x3400, 0x4DBF), (0xF900, 0xFAFF)]
RARE = [*EXT_A, (0x20000, 0x3134F)]
#: CJK Extensions B to F (HanaMinB) and G with the compatibility supplement (BabelStone Han)
EXT_B_TO_F = [(0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0x2CEB0, 0x2EBEF)]
EXT_G = [(0x2F800, 0x2FA1F), (0x30000, 0x3134F)]

ARPHIC_NOTICE = (
    "Modified in 2026 for cadre_desk: cut down to CJK Extension G and the CJK Compatibility "
    "Ideographs Supplement (the other characters removed); outlines unchanged."
)


def _wanted(font: TTFont, ranges: list[tuple[int, int]], skip: set[int] = frozenset()) -> list[int]:
    return [u for u in font.getBestCmap() if any(a <= u <= b for a, b in ranges) and u not in skip]


def _options() -> subset.Options:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    return options


def sc_face(path: Path) -> TTFont:
    for number, font in enumerate(TTCollection(str(path)).fonts):
        if font["name"].getDebugName(1).endswith(" SC"):
            return TTFont(str(path), fontNumber=number)
    raise SystemExit(f"{path}: no Simplified-Chinese face")


def convert(src: Path, dst: Path, ranges: list[tuple[int, int]]) -> None:
    """A CFF face of a .ttc, cut down to ``ranges`` and with TrueType outlines, saved as ``dst``."""
    font = sc_face(src)
    wanted = _wanted(font, ranges)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    outlines = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        outlines[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, outlines
    del font["CFF "]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(dst))
    print(f"{dst.name}: {len(wanted)} characters, {len(order)} glyphs, {dst.stat().st_size:,} bytes")


def cut(src: Path, dst: Path, ranges: list[tuple[int, int]], skip: set[int] = frozenset(), notice: str = "") -> set[int]:  # noqa: E501
    """A TrueType font cut down to ``ranges`` (less ``skip``), saved as ``dst``; returns what it has."""
    font = TTFont(str(src))
    wanted = _wanted(font, ranges, skip)
    subsetter = subset.Subsetter(_options())
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    if notice:
        name = font["name"]
        old = name.getDebugName(0) or ""
        for platform, encoding, language in ((3, 1, 0x409), (1, 0, 0)):
            name.setName(f"{old} {notice}".strip(), 0, platform, encoding, language)
    font.save(str(dst))
    print(f"{dst.name}: {len(wanted)} characters, {dst.stat().st_size:,} bytes")
    return set(wanted)


if __name__ == "__main__":
    noto, truetype = Path(sys.argv[1]), Path(sys.argv[2])
    here = Path(__file__).resolve().parent
    only = set(sys.argv[3:])
    if not only or "sans" in only:
        convert(noto / "NotoSansCJK-Regular.ttc", here / "NotoSansSC-Regular.ttf", COMMON + RARE)
        convert(noto / "NotoSansCJK-Bold.ttc", here / "NotoSansSC-Bold.ttf", COMMON)
    if not only or "serif" in only:
        convert(noto / "NotoSerifCJK-Regular.ttc", here / "NotoSerifSC-Regular.ttf", COMMON + EXT_A)
    if not only or "rare" in only:
        hana = cut(truetype / "hanazono" / "HanaMinB.ttf", here / "HanaMinB-Ext.ttf", EXT_B_TO_F)
        cut(truetype / "babelstone" / "BabelStoneHan.ttf", here / "BabelStoneHan-ExtG.ttf", EXT_G, hana, ARPHIC_NOTICE)
