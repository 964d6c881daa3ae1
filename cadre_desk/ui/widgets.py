"""Small pieces shared by the pages: emphasised labels and the read-only table models."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QLineEdit, QTableView

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


class TextTableModel(QAbstractTableModel):
    """What the read-only tables share: translated headers, rows of texts, right-aligned numbers."""

    def __init__(
        self, headers: Sequence[str], *, align_right: Sequence[int] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.align_right = set(align_right)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def alignment(self, column: int) -> int | None:
        if column in self.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class PagedTableModel(TextTableModel):
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
        super().__init__(headers, align_right=align_right)
        self.app = app
        self.listing = listing
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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self._rows[index.row()][index.column() + 1]
            if self.display is not None:
                return self.display(index.column(), value)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(index.column())
        return None


class RowsModel(TextTableModel):
    """A read-only table over a short list of display-ready rows (projects, a ranking, a pool).

    Each row is an id and its texts; rows in ``greyed`` are shown dimmed (retired projects)."""

    def __init__(
        self, headers: Sequence[str], *, align_right: Sequence[int] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(headers, align_right=align_right, parent=parent)
        self._ids: list[str] = []
        self._greyed: set[int] = set()
        self._tips: dict[int, str] = {}

    def set_rows(
        self,
        rows: Sequence[tuple[str, Sequence[str]]],
        *,
        greyed: Sequence[int] = (),
        tips: dict[int, str] | None = None,
    ) -> None:
        self.beginResetModel()
        self._ids = [r[0] for r in rows]
        self._rows = [tuple(r[1]) for r in rows]
        self._greyed = set(greyed)
        self._tips = dict(tips or {})
        self.endResetModel()

    def record_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, record_id: str | None) -> int:
        return self._ids.index(record_id) if record_id in self._ids else -1

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips.get(row) or self._rows[row][column] or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if row in self._greyed:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont(QApplication.font())
                font.setItalic(True)
                return font
        return None
