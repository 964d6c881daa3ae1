"""Small pieces shared by the pages: emphasised labels and a paged table model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QTableView

from ..core.app import App
from ..core.services.browse import ListSource, Row

PAGE_SIZE = 200

Index = QModelIndex | QPersistentModelIndex


def search_as_you_type(edit: QLineEdit, apply: Callable[[], None], delay_ms: int = 150) -> QTimer:
    """Run ``apply`` once typing pauses for ``delay_ms``, or at once on Enter."""
    timer = QTimer(edit)
    timer.setSingleShot(True)
    timer.setInterval(delay_ms)
    timer.timeout.connect(apply)
    edit.textChanged.connect(timer.start)
    edit.returnPressed.connect(apply)
    return timer


def show_rows(table: QTableView, model: QAbstractItemModel, *, stretch_column: int = -1) -> None:
    """Set up a book's table: columns the user can size, one that takes the spare width, even rows."""
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch_column >= 0:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() * 3 // 2)


def count_text(total: int, searching: bool) -> str:
    """ "Found: N" while searching, "In all: N" otherwise (under a list's search field)."""
    # an explicit context: a subclass's tr() would look in its own; no plural forms needed
    if searching:
        return QCoreApplication.translate("ListPage", "Found: %1").replace("%1", str(total))
    return QCoreApplication.translate("ListPage", "In all: %1").replace("%1", str(total))


def emphasise(label: QLabel, factor: float = 1.0, *, bold: bool = True) -> None:
    """Make a label larger (relative to the app's text size, so the size setting still applies)."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    label.setFont(font)


class PagedTableModel(QAbstractTableModel):
    """A read-only table over a :class:`Listing`, fetched a page at a time as the view scrolls.

    Never more rows in memory than the user has scrolled past, so 50,000 people cost one
    page (200 rows) until someone scrolls.
    """

    def __init__(
        self,
        app: App,
        listing: ListSource,
        headers: Sequence[str],
        *,
        align_right: Sequence[int] = (),
        display: Callable[[int, Any], str] | None = None,
    ) -> None:
        super().__init__()
        self.app = app
        self.listing = listing
        self.headers = list(headers)
        self.align_right = set(align_right)
        self.display = display
        self.search = ""
        self.total = 0
        self._rows: list[Row] = []
        # called with (column, descending) when the user sorts; returns the re-sorted source
        self.resort: Callable[[int, bool], ListSource] | None = None

    def set_listing(self, listing: ListSource) -> None:
        """Show another source (new filters or order), from the start, with the same search."""
        self.listing = listing
        self.set_search(self.search)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.resort is not None:
            self.set_listing(self.resort(column, order == Qt.SortOrder.DescendingOrder))

    # -- loading -------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        """Show the rows matching ``text`` from the start (an empty text shows everything)."""
        self.beginResetModel()
        self.search = text.strip()
        self.total = self.listing.count(self.app, self.search)
        self._rows = self.listing.rows(self.app, self.search, 0, PAGE_SIZE)
        self.endResetModel()

    def reload(self) -> None:
        self.set_search(self.search)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self.listing.rows(self.app, self.search, len(self._rows), PAGE_SIZE)
        if not more:
            self.total = len(self._rows)  # the books changed under us; stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def record_id(self, row: int) -> str:
        return str(self._rows[row][0])

    # -- the model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._rows[index.row()][index.column() + 1]
            if self.display is not None:
                return self.display(index.column(), value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None
