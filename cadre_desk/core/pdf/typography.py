"""Chinese line breaking for printed paragraphs: closing punctuation never starts a line.

reportlab's CJK wrapping (``ParagraphStyle(wordWrap="CJK")``) lets ，；：？！》 start a line —
its table of characters that cannot start a line misses them — and when one does overflow
it hangs it in the margin, past the edge of a table cell.  :func:`install` replaces the
splitter with one that follows the usual Chinese rule (GB/T 15834, 禁则): a closing mark
(and a run of them, such as ）。) moves to the next line together with the character
before it, and an opening mark （《“ does not end a line; the line is left a little short
instead.  A piece of Latin text still breaks at a space where it can.

Short words stay whole (:func:`word_spans`): a name, an ethnicity, a rank such as 正处级, a
name with a middle dot (艾尔肯·吐尔逊), a phone or ID number — a run of up to
:data:`SHORT_WORD` Chinese characters between punctuation or spaces, a dotted name, a run of
digits and Latin letters; and the last three characters of a longer run, which are often a
name after a title (街道党工委委员赵振华).  The line breaks before or after such a word
instead, and only a word wider than the whole line is broken (the printers widen the
column or shrink the text first).  Running prose opts out with ``ParagraphStyle(..., keepWords=False)``: there a line
may break between any two Chinese characters, as usual.
"""

from __future__ import annotations

import threading
from typing import Any

#: characters that never start a line: closing punctuation and marks that belong to what precedes
CLOSING = "，。、；：？！）》」』】〕〗〙〛］｝〉’”…‥·・～％‰℃°′″!),.:;?]}%ゝゞ々ー"
#: characters that never end a line: opening punctuation
OPENING = "（《「『【〔〖〘〚［｛〈‘“(<[{￥$"

#: the longest run of Chinese characters kept whole (names, ethnicities, ranks: 维吾尔族, 正处级)
SHORT_WORD = 5
#: the longest dotted name kept whole (艾尔肯·吐尔逊), and the longest run of digits/Latin letters
SHORT_DOTTED = 14
SHORT_LATIN = 24
#: the end of a longer run kept whole: a name of two or three characters after a title
NAME_TAIL = 3
#: titles a name follows in a list of people (社区书记张辉, 街道党工委委员赵振华)
TITLES = (
    "委员", "书记", "主任", "主席", "部长", "局长", "处长", "科长", "站长", "所长", "院长", "校长", "经理",
    "网格员", "工作人员", "社工", "干事", "志愿者", "代表", "同志", "老师", "医生", "护士", "专干", "组长",
    "队长", "会长", "馆长", "秘书", "民警", "律师",
)  # fmt: skip
#: a middle dot joins the parts of a transliterated name
NAME_DOTS = "·•・‧"

_installed = False
_lock = threading.Lock()
_state = threading.local()


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
        or ch == "〇"
    )


def _is_latin(ch: str) -> bool:
    return (ch.isascii() and (ch.isalnum() or ch in "-+.#/_@:()")) or ch in "０１２３４５６７８９"


def _name_after_title(chars: str | list[str], start: int, end: int) -> int:
    """Where the name at the end of the run ``chars[start:end]`` begins: after a title (书记, 委员 …)
    two to four characters before the end, else :data:`NAME_TAIL` characters before it."""
    run = "".join(chars[start:end])
    for length in (2, 3, 4):
        if len(run) > length and run[: len(run) - length].endswith(TITLES):
            return end - length
    return end - NAME_TAIL


def word_spans(chars: str | list[str]) -> list[tuple[int, int]]:
    """The (start, end) spans of ``chars`` that are short words, to be kept on one line."""
    spans: list[tuple[int, int]] = []
    count = len(chars)
    i = 0
    while i < count:
        ch = chars[i]
        if _is_han(ch):
            j = i + 1
            while j < count and (
                _is_han(chars[j]) or (chars[j] in NAME_DOTS and j + 1 < count and _is_han(chars[j + 1]))
            ):
                j += 1
            dotted = any(c in NAME_DOTS for c in chars[i:j])
            if 1 < j - i <= (SHORT_DOTTED if dotted else SHORT_WORD):
                spans.append((i, j))
            elif not dotted and j - i > SHORT_WORD:
                # a longer run often ends in a name after a title (街道党工委委员赵振华): its end stays whole
                spans.append((_name_after_title(chars, i, j), j))
            i = j
        elif _is_latin(ch) and ch not in "()":
            j = i + 1
            while j < count and _is_latin(chars[j]):
                j += 1
            if 1 < j - i <= SHORT_LATIN:
                spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def words(text: str) -> list[str]:
    """The pieces of ``text`` a line may not break inside (short words; other characters alone)."""
    out: list[str] = []
    last = 0
    for start, end in word_spans(text):
        out.extend(text[last:start])
        out.append(text[start:end])
        last = end
    out.extend(text[last:])
    return out


def break_before_allowed(before: str, after: str) -> bool:
    """May a line end between ``before`` and ``after`` (each one character)?"""
    return after not in CLOSING and before not in OPENING


def _break(chars: list[str], widths: list[float], max_widths: list[float], fuzz: float) -> list[tuple[int, int, bool]]:
    """Greedy line breaking under the rule: (start, end, forced) for each line of ``chars``.

    ``widths[k]`` is the width of ``chars[k]``; a "\n" char (width 0) forces a break after it.
    """
    lines: list[tuple[int, int, bool]] = []
    i = used = start = 0
    count = len(chars)
    #: positions a line may not break before: inside a short word (when words are kept whole)
    inside = (
        {k for a, b in word_spans(chars) for k in range(a + 1, b)} if getattr(_state, "keep_words", True) else set()
    )
    max_width = max_widths[0]
    while i < count:
        ch = chars[i]
        i += 1
        used += widths[i - 1]
        forced = ch == "\n"
        if not ((used > max_width + fuzz and used > 0) or forced):
            continue
        end = i
        if not forced:
            # ch does not fit: the line ends before it, or earlier where the rule asks
            end = overflow = i - 1
            if end > start and ord(ch) < 0x3000 and not ch.isspace():
                # inside Latin text: go back to a space or to a Chinese character, within reason
                for j in range(end - 1, (start + end) // 2, -1):
                    if chars[j].isspace() or ord(chars[j]) >= 0x3000:
                        end = j + 1
                        break
            while end > start + 1 and (
                not break_before_allowed(chars[end - 1], chars[end]) or (inside and end in inside)
            ):
                end -= 1
            if inside and end < count and (end in inside or not break_before_allowed(chars[end - 1], chars[end])):
                # a word wider than the line: it breaks where the line is full after all
                end = overflow
                while end > start + 1 and not break_before_allowed(chars[end - 1], chars[end]):
                    end -= 1
            end = max(end, start + 1)  # a single character wider than the line goes alone
        lines.append((start, end, forced))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        start = i = end
        used = 0
    if start < count:
        lines.append((start, count, False))
    return lines


def _frag_split(frags: list[Any], max_widths: list[float], calc_bounds: bool, encoding: str = "utf8") -> Any:
    """reportlab's ``cjkFragSplit`` (paragraphs of several fonts) under the rule of this module."""
    from reportlab.platypus import paragraph as rp
    from reportlab.rl_config import _FUZZ

    units: list[Any] = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(rp.cjkU(t, f, encoding) for t in text)
        else:
            units.append(rp.cjkU(text, f, encoding))
    widths = []
    for u in units:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_widths[0]
            w = w.normalizedValue(max_widths[0])
        widths.append(float(w))
    chars = ["\n" if hasattr(u.frag, "lineBreak") else (str(u) or " ") for u in units]
    lines = []
    for number, (start, end, forced) in enumerate(_break(chars, widths, max_widths, _FUZZ)):
        if not forced and sum(widths[start:end]) <= 0:
            continue
        max_width = max_widths[min(number, len(max_widths) - 1)]
        used = sum(widths[start:end])
        lines.append(rp.makeCJKParaLine(units[start:end], max_width, used, max_width - used, forced, calc_bounds))
    return rp.ParaLines(kind=1, lines=lines)


def _word_split(
    text: str, max_widths: list[float] | float, font_name: str, font_size: float, encoding: str = "utf8"
) -> list[tuple[float, str]]:
    """reportlab's ``wordSplit`` (paragraphs in one font) under the rule: [(spare width, line)]."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.rl_config import _FUZZ

    if isinstance(text, bytes):
        text = text.decode(encoding)
    if not isinstance(max_widths, (list, tuple)):
        max_widths = [max_widths]
    chars = list(text)
    widths = [stringWidth(ch, font_name, font_size) for ch in chars]
    out = []
    for number, (start, end, _forced) in enumerate(_break(chars, widths, list(max_widths), _FUZZ)):
        max_width = max_widths[min(number, len(max_widths) - 1)]
        out.append((max_width - sum(widths[start:end]), text[start:end]))
    return out


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for a font subset, with characters beyond the BMP as UTF-16.

    reportlab writes a code like U+20BB7 (𠮷) as five hex digits, which readers take as
    U+20BB: the character prints, but copying or searching the PDF finds the wrong one.
    """
    pairs = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _keeping_words(break_lines: Any) -> Any:
    """``Paragraph.breakLinesCJK`` that keeps short words whole unless the style says ``keepWords=False``."""

    def breakLinesCJK(self: Any, max_widths: Any) -> Any:
        before = getattr(_state, "keep_words", True)
        _state.keep_words = getattr(self.style, "keepWords", True)
        try:
            return break_lines(self, max_widths)
        finally:
            _state.keep_words = before

    return breakLinesCJK


def install() -> None:
    """Make reportlab follow the rule, and write searchable text for rare characters (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        from reportlab import rl_config
        from reportlab.pdfbase import ttfonts
        from reportlab.platypus import paragraph

        paragraph.cjkFragSplit = _frag_split
        paragraph.wordSplit = _word_split
        paragraph.Paragraph.breakLinesCJK = _keeping_words(paragraph.Paragraph.breakLinesCJK)
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        # images and fonts as binary streams: the pure-Python ASCII85 encoder takes ~0.3 s per photo
        rl_config.useA85 = 0
        _installed = True


def wrapped_lines(paragraph: Any) -> list[str]:
    """The lines of a reportlab Paragraph after ``wrap`` (for checks and tests)."""
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:  # one font: (spare width, [text]) pairs
        return ["".join(words) for _spare, words in lines]
    return ["".join(getattr(w, "text", "") for w in line.words) for line in lines]
