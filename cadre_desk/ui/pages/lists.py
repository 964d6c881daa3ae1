"""A titled, searchable, paged list over one of the books."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ...core.services import browse
from ..generated.ui_list_page import Ui_ListPage
from ..widgets import PagedTableModel, count_text, emphasise, search_as_you_type, show_rows
from .base import Context, Page

SEARCH_DELAY_MS = 150


class ListPage(Page):
    """A titled, searchable list over one of the books."""

    listing: browse.Listing
    align_right: tuple[int, ...] = ()
    # the column that takes the spare width (a long text column, not a number)
    stretch_column = -1

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ui = Ui_ListPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.title())
        self.ui.searchEdit.setPlaceholderText(self.search_hint())
        self.model = PagedTableModel(
            ctx.app, self.listing, self.headers(), align_right=self.align_right, display=self.display
        )
        show_rows(self.ui.table, self.model, stretch_column=self.stretch_column)
        header = self.ui.table.horizontalHeader()
        self._sized = ctx.layout.restore_header(header, self.key)
        self._search_timer = search_as_you_type(self.ui.searchEdit, self.apply_search, SEARCH_DELAY_MS)

    # -- what each page says -------------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def search_hint(self) -> str:
        raise NotImplementedError

    def headers(self) -> list[str]:
        raise NotImplementedError

    def display(self, column: int, value: Any) -> str:
        return "" if value is None else str(value)

    # -- behaviour -----------------------------------------------------------------------

    def load(self) -> None:
        self.apply_search()

    def apply_search(self) -> None:
        self._search_timer.stop()
        text = self.ui.searchEdit.text()
        self.model.set_search(text)
        self.ui.countLabel.setText(count_text(self.model.total, bool(text.strip())))
        if not self._sized and self.model.rowCount():
            self.ui.table.resizeColumnsToContents()
            self._sized = True

    def save_layout(self) -> None:
        self.ctx.layout.save_header(self.ui.table.horizontalHeader(), self.key)
