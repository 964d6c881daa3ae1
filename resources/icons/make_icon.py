"""Draw the app icon: 驿 in warm gold on a deep Chinese-red rounded square.

    python resources/icons/make_icon.py

writes, beside this script, ``cadre_desk.png`` (256 px, the window icon), ``cadre_desk-512.png``
(Linux desktop files, large displays) and ``cadre_desk.ico`` (16–256 px, the Windows
executable and shortcuts).  Each size is drawn on its own, not scaled down from the large one,
so the character stays crisp: the small sizes drop the frame and fill the square with a bold 驿.
The glyph comes from the bundled ``resources/fonts/NotoSansSC-Bold.ttf`` (SIL OFL 1.1).
The output is deterministic: the same Pillow and font give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "fonts" / "NotoSansSC-Bold.ttf"
CHAR = "驿"

RED_TOP = (214, 32, 48)  # a touch lighter at the top …
RED_BOTTOM = (160, 10, 30)  # … deeper at the bottom (#C8102E in between)
GOLD_TOP = (255, 236, 178)
GOLD_BOTTOM = (244, 190, 84)
GOLD_SMALL = (255, 228, 150)
RIM = (255, 214, 120)  # the thin gold inner frame of the large sizes

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
SUPERSAMPLE = 4  # drawn at 4× and reduced: smooth edges without blurring the small sizes


def _vertical_gradient(size: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    column = Image.new("RGB", (1, size))
    for y in range(size):
        t = y / max(1, size - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return column.resize((size, size), Image.Resampling.NEAREST)


def _rounded_mask(size: int, inset: float, radius: float) -> Image.Image:
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle((inset, inset, size - 1 - inset, size - 1 - inset), radius=radius, fill=255)
    return mask


def _glyph_mask(size: int, box: float) -> Image.Image:
    """驿 drawn so that its ink (not its advance box) fills ``box`` × ``box`` pixels, centred."""
    probe = ImageFont.truetype(str(FONT), 1000)
    left, top, right, bottom = probe.getbbox(CHAR)
    scale = box / max(right - left, bottom - top)
    font = ImageFont.truetype(str(FONT), round(1000 * scale))
    left, top, right, bottom = font.getbbox(CHAR)
    mask = Image.new("L", (size, size), 0)
    x = (size - (right - left)) / 2 - left
    y = (size - (bottom - top)) / 2 - top
    ImageDraw.Draw(mask).text((x, y), CHAR, font=font, fill=255)
    return mask


def draw(pixels: int) -> Image.Image:
    """The icon at ``pixels`` × ``pixels``."""
    small = pixels <= 24
    medium = pixels <= 48
    s = pixels * SUPERSAMPLE
    u = s / 256  # one unit of the 256 px design

    margin = 0 if small else (4 if medium else 8) * u  # the small sizes use the whole square
    radius = (44 if small else 48) * u
    body = _rounded_mask(s, margin, radius)

    red = _vertical_gradient(s, RED_TOP, RED_BOTTOM)
    icon = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    icon.paste(red, (0, 0), body)

    if not medium:
        # a soft highlight over the upper half, and a thin gold frame just inside the edge
        sheen = Image.new("L", (s, s), 0)
        ImageDraw.Draw(sheen).ellipse((-0.25 * s, -0.85 * s, 1.25 * s, 0.42 * s), fill=34)
        sheen = ImageChops.multiply(sheen.filter(ImageFilter.GaussianBlur(10 * u)), body)
        icon.paste(Image.new("RGBA", (s, s), (255, 255, 255, 255)), (0, 0), sheen)
        rim_outer = _rounded_mask(s, margin + 11 * u, radius - 11 * u)
        rim_inner = _rounded_mask(s, margin + 15 * u, radius - 15 * u)
        rim = ImageChops.subtract(rim_outer, rim_inner).point(lambda v: v * 150 // 255)
        icon.paste(Image.new("RGBA", (s, s), (*RIM, 255)), (0, 0), rim)

    glyph_box = (216 if small else 176 if medium else 156) * u
    glyph = _glyph_mask(s, glyph_box)
    if not medium:
        # a faint dark shadow under the character lifts it off the red
        shadow = glyph.filter(ImageFilter.GaussianBlur(5 * u)).point(lambda v: v * 90 // 255)
        shadow = ImageChops.offset(shadow, 0, round(5 * u))
        icon.paste(Image.new("RGBA", (s, s), (90, 0, 10, 255)), (0, 0), ImageChops.multiply(shadow, body))
    if small:  # one light flat gold: the most contrast the few pixels can give
        icon.paste(Image.new("RGBA", (s, s), (*GOLD_SMALL, 255)), (0, 0), glyph)
    else:
        icon.paste(_vertical_gradient(s, GOLD_TOP, GOLD_BOTTOM), (0, 0), glyph)

    return icon.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main() -> None:
    draw(256).save(HERE / "cadre_desk.png", optimize=True)
    draw(512).save(HERE / "cadre_desk-512.png", optimize=True)
    images = [draw(n) for n in ICO_SIZES]
    # each size drawn for itself; Pillow writes the largest with the others appended
    images[-1].save(HERE / "cadre_desk.ico", sizes=[(n, n) for n in ICO_SIZES], append_images=images[:-1])


if __name__ == "__main__":
    main()
