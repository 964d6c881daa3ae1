"""Remake NotoSansSC-Regular.ttf and NotoSansSC-Bold.ttf, the bundled print fonts.

reportlab embeds TrueType-outline fonts only, and Noto Sans CJK ships CFF outlines (.otf /
.ttc).  This maintenance script (not run by the app; needs ``pip install fonttools``) takes
the Simplified-Chinese face of Debian's ``fonts-noto-cjk`` (2.004), keeps the characters a
station's books need, and converts the outlines to TrueType (quadratic, within 1 unit):

- Regular: Latin, punctuation and symbols, CJK Unified Ideographs with Extension A, the
  compatibility ideographs, and every Extension B–G character the face has (𠮷 …);
- Bold: the same without the Extensions and compatibility ideographs (titles and headings;
  the printers fall back to Regular for a rare character in a bold line).

Both are static fonts (no variation axes), so Regular prints as Regular and Bold as Bold.

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
    python make_print_fonts.py x/usr/share/fonts/opentype/noto
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
RARE = [(0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x3134F)]


def sc_face(path: Path) -> TTFont:
    for number, font in enumerate(TTCollection(str(path)).fonts):
        if font["name"].getDebugName(1).endswith(" SC"):
            return TTFont(str(path), fontNumber=number)
    raise SystemExit(f"{path}: no Simplified-Chinese face")


def convert(src: Path, dst: Path, ranges: list[tuple[int, int]]) -> None:
    font = sc_face(src)
    wanted = [u for u in font.getBestCmap() if any(a <= u <= b for a, b in ranges)]
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
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


if __name__ == "__main__":
    source = Path(sys.argv[1])
    here = Path(__file__).resolve().parent
    convert(source / "NotoSansCJK-Regular.ttc", here / "NotoSansSC-Regular.ttf", COMMON + RARE)
    convert(source / "NotoSansCJK-Bold.ttc", here / "NotoSansSC-Bold.ttf", COMMON)
