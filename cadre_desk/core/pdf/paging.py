"""Page numbers that need the page count: 第 X 页 共 Y 页, for a whole PDF or per section.

reportlab does not know how many pages there will be until the end, so the canvas holds
each finished page and draws the footers when the document is saved.  A flowable can mark
where a new section (a ledger, one activity's sign-in book) starts with
:class:`SectionMark`; pages are then counted within their section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable


@dataclass(frozen=True)
class PageInfo:
    number: int  # in the whole document
    total: int
    section: int  # the number of the section the page is in (0 before any mark)
    section_page: int
    section_total: int
    section_title: str


Footer = Callable[[Canvas, PageInfo], None]


class SectionMark(Flowable):  # type: ignore[misc]
    """Zero-size flowable: the page it lands on starts a new section called ``title``."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas._section_number = getattr(canvas, "_section_number", 0) + 1
        canvas._section_title = self.title


def numbered_canvas(footer: Footer, totals: list[int], sections: dict[int, int] | None = None) -> type[Canvas]:
    """A canvas class that draws ``footer`` on every page once the page count is known.

    The number of pages is appended to ``totals`` when the document is saved, and the pages
    of each section (by number, from 1) go into ``sections`` when given.
    """

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            self._section_number = 0
            self._section_title = ""

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            totals.append(total)
            per_section = Counter(state["_section_number"] for state in self._held)
            if sections is not None:
                sections.update(per_section)
            seen: Counter[int] = Counter()
            for number, state in enumerate(self._held, start=1):
                section = state["_section_number"]
                seen[section] += 1
                self.__dict__.update(state)
                info = PageInfo(number, total, section, seen[section], per_section[section], state["_section_title"])
                footer(self, info)
                super().showPage()
            super().save()

    return NumberedCanvas
