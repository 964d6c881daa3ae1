"""Small pieces shared by the pages: emphasised labels, the read-only table models, and
windows that fit the screen they open on."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTreeView,
    QWidget,
)

from ..core.app import App
from ..core.services.browse import ListSource, Row

PAGE_SIZE = 200

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


# -- windows that fit the screen ----------------------------------------------------------------

# the frame a window manager draws around a window, until a shown window tells the real one
# (a title bar of about 30 px on Windows 10/11 and most Linux desktops, thin borders)
GUESSED_FRAME = QMargins(8, 32, 8, 8)


_FILLING = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen


def available_area(window: QWidget) -> QRect:
    """The part of the window's screen that windows may use (without the taskbar or panels)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget | None = None) -> QMargins:
    """The frame (title bar, borders) around a top-level window: its own once it is shown, else
    that of the window it belongs to or the active one (the same window manager draws them
    alike; a maximized window's frame is thinner and does not count), else a guess."""
    candidates: list[QWidget] = []
    if window is not None:
        candidates.append(window)
        parent = window.parentWidget()
        if parent is not None:
            candidates.append(parent.window())
    active = QApplication.activeWindow()
    if active is not None:
        candidates.append(active)
    for w in candidates:
        if not w.isVisible() or w.windowState() & _FILLING:
            continue
        handle = w.windowHandle()
        if handle is not None:
            margins = handle.frameMargins()
            if margins.top() > 0:
                return margins
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        return QMargins()  # no window manager, no frame
    return GUESSED_FRAME


def room_on_screen(window: QWidget) -> QSize:
    """The largest size the window may have so that, with its frame, it fits the available area."""
    area = available_area(window)
    margins = frame_margins(window)
    return QSize(area.width() - margins.left() - margins.right(), area.height() - margins.top() - margins.bottom())


def full_title(window: QWidget) -> str:
    """The title as the title bar shows it: Qt adds the program's name (" — 老干部驿站台账")."""
    title = window.windowTitle().replace("[*]", "")
    name = QGuiApplication.applicationDisplayName()
    if title and name and not title.endswith(name):
        title += " — " + name
    return title


def title_width(window: QWidget) -> int:
    """The width a window needs for its whole title to show beside the title bar's buttons."""
    title = full_title(window)
    if not title:
        return 0
    metrics = window.fontMetrics()
    return metrics.horizontalAdvance(title) + metrics.height() * 7  # icon and three buttons


def fit_to_screen(window: QWidget, preferred: QSize | None = None, *, placing: bool | None = None) -> None:
    """Size a top-level window (``preferred`` or its present size, at least as wide as its title
    needs) so that with its frame it lies within the screen's available area, and place it there
    (a window about to be shown: centred over the window it belongs to, or on the screen).

    ``placing``: the window is being shown for the first time and nobody placed it (by default:
    it is hidden and was never moved).  A window whose content cannot be made that small keeps
    its minimum size (the real-window test reports it)."""
    if placing is None:
        placing = not window.isVisible() and not window.testAttribute(Qt.WidgetAttribute.WA_Moved)
    room = room_on_screen(window)
    size = QSize(preferred) if preferred is not None else window.size()
    size.setWidth(max(size.width(), title_width(window)))
    size = size.boundedTo(room).expandedTo(window.minimumSize())
    if size != window.size():
        QWidget.resize(window, size)
    if placing:
        _place(window)
    else:
        keep_on_screen(window)


def _place(window: QWidget) -> None:
    """Centre a window about to be shown over its parent window (else on the screen), its frame
    inside the available area.  Done here rather than by Qt, which does not yet know the frame."""
    area = available_area(window)
    margins = frame_margins(window)
    width = window.width() + margins.left() + margins.right()
    height = window.height() + margins.top() + margins.bottom()
    parent = window.parentWidget()
    over = parent.window().frameGeometry() if parent is not None and parent.window().isVisible() else area
    x = over.x() + (over.width() - width) // 2
    y = over.y() + (over.height() - height) // 2
    x = min(max(x, area.x()), max(area.x(), area.right() + 1 - width))
    y = min(max(y, area.y()), max(area.y(), area.bottom() + 1 - height))
    QWidget.move(window, x, y)  # the frame's top-left corner (QWidget's: a dialog may have its own move)


def keep_on_screen(window: QWidget) -> None:
    """Move a shown window (with its frame) into the screen's available area where it sticks out."""
    if window.windowState() & _FILLING:
        return
    area = available_area(window)
    margins = frame_margins(window)
    frame = window.geometry().marginsAdded(margins)
    x = min(max(frame.x(), area.x()), max(area.x(), area.right() + 1 - frame.width()))
    y = min(max(frame.y(), area.y()), max(area.y(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        QWidget.move(window, x, y)


def open_maximized_when_small(window: QWidget, preferred: QSize) -> None:
    """The main window's first size: ``preferred`` when the screen has room for it, else maximized
    (its normal size then fits the screen, for when the user restores it down)."""
    room = room_on_screen(window)
    QWidget.resize(window, preferred.boundedTo(room).expandedTo(window.minimumSize()))
    if preferred.width() > room.width() or preferred.height() > room.height():
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def fits_on_screen(window: QWidget) -> bool:
    """Whether a (restored) window's normal size and place, with its frame, lie within the
    available area of a screen (a remembered geometry from a larger screen does not)."""
    if window.windowState() & _FILLING:
        return True
    frame = window.geometry().marginsAdded(frame_margins(window))
    screen = QGuiApplication.screenAt(window.geometry().center())
    return screen is not None and screen.availableGeometry().contains(frame)


class ScreenFit(QObject):
    """Fits every top-level window and dialog to the screen as it is shown (see :func:`fit_to_screen`):
    the main window, the door, the forms, and Qt's own message boxes, file and input dialogs."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            kind = watched.windowType()
            if kind in (Qt.WindowType.Window, Qt.WindowType.Dialog) and not watched.windowState() & _FILLING:
                try:  # placed here unless someone placed it (a dialog shown again stays where it was)
                    fit_to_screen(watched, placing=not watched.testAttribute(Qt.WidgetAttribute.WA_Moved))
                    if isinstance(watched, QFileDialog):
                        _widen_file_columns(watched)
                except Exception:  # an error here would abort the app inside Qt's event loop
                    log.exception("could not fit %s to the screen", type(watched).__name__)
        return False


def _widen_file_columns(dialog: QFileDialog) -> None:
    """Qt's own file dialog sizes its list's columns for its default text size: at a larger one
    the headers (大小, 类型, 修改日期) and the dates are cut."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return
    header = view.header()
    metrics = view.fontMetrics()
    date = metrics.horizontalAdvance("2026/12/31 23:59") + metrics.averageCharWidth() * 2
    for column in range(1, header.count()):
        wanted = max(header.sectionSize(column), header.sectionSizeHint(column) + metrics.averageCharWidth())
        if column == header.count() - 1:
            wanted = max(wanted, date)
        header.resizeSection(column, wanted)


_screen_fit: list[ScreenFit] = []


def install_screen_fit(app: QApplication) -> None:
    """From now on every window and dialog the app shows fits the screen (installed once)."""
    if not _screen_fit:
        _screen_fit.append(ScreenFit(app))
        app.installEventFilter(_screen_fit[0])


def scale_controls(app: QApplication) -> None:
    """Check boxes and radio buttons as large as the text beside them, so the text-size setting
    enlarges what is clicked as well as what is read.  (Not the boxes in lists: a list sizes its
    columns for the style's box, and would cut the text beside a larger one.)"""
    side = round(QFontMetrics(app.font()).height() * 0.8)
    app.setStyleSheet(
        f"QCheckBox::indicator, QRadioButton::indicator, QGroupBox::indicator {{ width: {side}px; height: {side}px; }}"
    )


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
    """Set up a book's table: columns the user can size, even rows, and the spare width given to
    ``stretch_column`` (the one holding text: a name, a title, a remark), else to the last column.

    The text column only takes width that is spare: when the columns need more than the table
    has (a large text size), it keeps the width of its texts and the table scrolls sideways,
    rather than being squeezed to nothing as a stretching column would be."""
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if stretch_column >= 0:
        header.setStretchLastSection(False)
        SpareWidth(table, stretch_column)
    else:
        header.setStretchLastSection(True)
    rows = table.verticalHeader()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() * 3 // 2)


class SpareWidth(QObject):
    """Gives a table's spare width to one column, and takes it back when the table narrows (never
    below what the column's texts need, up to 30 characters)."""

    def __init__(self, table: QTableView, column: int) -> None:
        super().__init__(table)
        self.table = table
        self.column = column
        table.viewport().installEventFilter(self)
        header = table.horizontalHeader()
        header.sectionResized.connect(self._resized)
        header.sectionCountChanged.connect(lambda *_: self.arrange())
        self._arranging = False

    def need(self) -> int:
        header = self.table.horizontalHeader()
        widest = self.table.fontMetrics().horizontalAdvance("汉" * 30)
        return min(max(self.table.sizeHintForColumn(self.column), header.sectionSizeHint(self.column)), widest)

    def arrange(self) -> None:
        header = self.table.horizontalHeader()
        if self._arranging or self.column >= header.count() or header.isSectionHidden(self.column):
            return
        header.setStretchLastSection(False)  # a remembered layout of an older version may have it
        used = sum(header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c))
        spare = self.table.viewport().width() - used
        width = header.sectionSize(self.column)
        wanted = width + spare if spare > 0 else max(self.need(), width + spare)
        if wanted != width:
            self._arranging = True
            try:
                header.resizeSection(self.column, wanted)
            finally:
                self._arranging = False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column != self.column:  # another column sized (by the user, or to its texts)
            QTimer.singleShot(0, self, self.arrange)  # not once the table is gone

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.arrange()
        return False


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
