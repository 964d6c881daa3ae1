"""Chinese renders even on a machine without Chinese fonts."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from cadre_desk.resources import bundled_font
from cadre_desk.ui.fonts import apply_ui_font


def test_ui_font_has_glyphs_for_the_words_on_screen(qapp) -> None:
    assert bundled_font().exists()
    font = apply_ui_font(qapp)
    metrics = QFontMetrics(font)
    for ch in "老干部驿站台账签到簿写实册走访慰问䶮":
        assert metrics.inFontUcs4(ord(ch)), f"no glyph for {ch} in {font.families()}"


def test_text_size_setting_scales_the_font_and_can_go_back(qapp) -> None:
    base = apply_ui_font(qapp).pointSizeF()
    try:
        assert apply_ui_font(qapp, 1.5).pointSizeF() == base * 1.5
        assert apply_ui_font(qapp, 1.25).pointSizeF() == base * 1.25  # never compounds
    finally:
        apply_ui_font(qapp, 1.0)
    assert qapp.font().pointSizeF() == base
