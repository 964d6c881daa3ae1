"""A record's photos (写实册照片): thumbnails with captions, adding by dialog or drag-and-drop,
caption, order, cover, delete and the record's trash.  Reusable on any record form.

The panel calls the services in :mod:`cadre_desk.core.services.photos`; importing runs in
the job runner (off the GUI thread, with progress and 取消).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
    QResizeEvent,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DomainError
from ..core.permissions import RECORDS
from ..core.services import photos
from ..core.services.photos import PhotoImportResult, PhotoItem
from .jobs import run_with_progress, show_error
from .pages.base import Context
from .roles import can, withhold

Index = QModelIndex | QPersistentModelIndex

#: files accepted when dropped on the panel (compared in lower case)
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")
THUMB_SIZE = 160  # the long side of a thumbnail in the list, in device-independent pixels
CAPTION_LINES = 2
PADDING = 6

PhotoRole = Qt.ItemDataRole.UserRole + 1  # the PhotoItem
CoverRole = Qt.ItemDataRole.UserRole + 2  # bool


def image_paths(mime: QMimeData) -> list[Path]:
    """The local image files among dropped urls (by extension, any case), in order."""
    found = []
    for url in mime.urls() if mime.hasUrls() else []:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.suffix.lower() in IMAGE_SUFFIXES and not path.is_dir():
            found.append(path)
    return found


def _placeholder(size: int, ratio: float) -> QPixmap:
    """A grey picture frame with a hill and a sun: shown when a thumbnail file is missing."""
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    frame = QRect(0, size // 8, size, size * 3 // 4)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#e3e3e3"))
    p.drawRoundedRect(frame, 6, 6)
    p.setBrush(QColor("#b8b8b8"))
    hill = QPainterPath()
    hill.moveTo(frame.left() + size * 0.12, frame.bottom() - size * 0.1)
    hill.lineTo(frame.left() + size * 0.4, frame.top() + size * 0.3)
    hill.lineTo(frame.left() + size * 0.6, frame.bottom() - size * 0.25)
    hill.lineTo(frame.left() + size * 0.72, frame.top() + size * 0.42)
    hill.lineTo(frame.right() - size * 0.1, frame.bottom() - size * 0.1)
    hill.closeSubpath()
    p.drawPath(hill)
    p.drawEllipse(QPoint(int(frame.left() + size * 0.75), int(frame.top() + size * 0.2)), size // 14, size // 14)
    p.end()
    return pixmap


class PhotoListModel(QAbstractListModel):
    """A record's photos; thumbnails are read from disk when first shown and kept."""

    def __init__(self, cover_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cover_text = cover_text
        self.items: list[PhotoItem] = []
        self.ratio = 1.0
        self._pixmaps: dict[str, QPixmap] = {}
        self._placeholder: QPixmap | None = None

    def set_items(self, items: Sequence[PhotoItem]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def clear_cache(self) -> None:
        self._pixmaps.clear()

    def row_of(self, photo_id: str) -> int:
        return next((i for i, item in enumerate(self.items) if item.id == photo_id), -1)

    def thumbnail(self, item: PhotoItem) -> QPixmap:
        """The thumbnail scaled to fit the list's square (cached by content hash)."""
        cached = self._pixmaps.get(item.sha256)
        if cached is not None:
            return cached
        source = QPixmap(str(item.thumb_path)) if item.thumb_path.exists() else QPixmap()
        if source.isNull():
            if self._placeholder is None:
                self._placeholder = _placeholder(THUMB_SIZE, self.ratio)
            return self._placeholder  # not cached: the file may appear (another job writing it)
        side = int(THUMB_SIZE * self.ratio)
        pixmap = source.scaled(
            side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        pixmap.setDevicePixelRatio(self.ratio)
        self._pixmaps[item.sha256] = pixmap
        return pixmap

    # -- the model -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self.cover_text} {item.caption}".strip() if item.is_cover else item.caption
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnail(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.caption, item.original_name]
            if item.taken_at is not None:
                lines.append(f"{item.taken_at:%Y-%m-%d %H:%M}")
            if item.width and item.height:
                lines.append(f"{item.width} × {item.height}")
            return "\n".join(line for line in lines if line)
        if role == PhotoRole:
            return item
        if role == CoverRole:
            return item.is_cover
        return None


class PhotoDelegate(QStyledItemDelegate):
    """Paints a thumbnail centred in its square, a cover badge on it, and up to two lines of
    caption under it (the file name, greyed, when there is no caption yet)."""

    def __init__(self, cover_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cover_text = cover_text

    def cell_size(self, metrics: QFontMetrics) -> QSize:
        return QSize(THUMB_SIZE + 2 * PADDING, THUMB_SIZE + 3 * PADDING + CAPTION_LINES * metrics.lineSpacing())

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self.cell_size(option.fontMetrics)  # type: ignore[attr-defined]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect: QRect = opt.rect  # type: ignore[attr-defined]
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if style is not None:  # the selection and hover background of the platform, over the whole cell
            opt.showDecorationSelected = True  # type: ignore[attr-defined]
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        item: PhotoItem = index.data(PhotoRole)
        pixmap: QPixmap = index.data(Qt.ItemDataRole.DecorationRole)
        square = QRect(rect.left() + PADDING, rect.top() + PADDING, THUMB_SIZE, THUMB_SIZE)
        size = pixmap.deviceIndependentSize().toSize()
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(square.center())
        target.moveBottom(square.bottom())  # pictures stand on one line, right above their captions
        painter.drawPixmap(target, pixmap)
        if item.is_cover:
            self._paint_badge(painter, opt, target)
        self._paint_caption(painter, opt, item, rect, square)
        painter.restore()

    def _paint_badge(self, painter: QPainter, opt: QStyleOptionViewItem, picture: QRect) -> None:
        font = opt.font  # type: ignore[attr-defined]
        font.setBold(True)
        metrics = QFontMetrics(font)
        badge = QRect(0, 0, metrics.horizontalAdvance(self.cover_text) + 12, metrics.height() + 4)
        badge.moveTopLeft(picture.topLeft() + QPoint(4, 4))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(176, 32, 32, 225))
        painter.drawRoundedRect(badge, 4, 4)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.cover_text)

    def _paint_caption(
        self, painter: QPainter, opt: QStyleOptionViewItem, item: PhotoItem, rect: QRect, square: QRect
    ) -> None:
        font = opt.font  # type: ignore[attr-defined]
        font.setBold(False)
        text = item.caption or item.original_name
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette: QPalette = opt.palette  # type: ignore[attr-defined]
        if selected:
            colour = palette.color(QPalette.ColorRole.HighlightedText)
        elif item.caption:
            colour = palette.color(QPalette.ColorRole.Text)
        else:
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            font.setItalic(True)
        painter.setFont(font)
        painter.setPen(colour)
        metrics = QFontMetrics(font)
        width = rect.width() - 2 * PADDING
        top = square.bottom() + PADDING
        for n, line in enumerate(wrap_lines(text, font, width, CAPTION_LINES)):
            line_rect = QRect(rect.left() + PADDING, top + n * metrics.lineSpacing(), width, metrics.lineSpacing())
            painter.drawText(line_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, line)


def wrap_lines(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """``text`` broken into at most ``max_lines`` lines of ``width`` pixels, the last elided."""
    metrics = QFontMetrics(font)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        if len(lines) == max_lines - 1:
            rest = text[start:].replace("\n", " ")
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            break
        lines.append(text[start : start + length].rstrip())
    layout.endLayout()
    return lines


class PhotoViewer(QDialog):
    """One photo, the print-size copy scaled to fit the window."""

    def __init__(self, item: PhotoItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setWindowTitle(item.caption or item.original_name or self.tr("Photo"))
        path = item.print_path if item.print_path.exists() else item.thumb_path
        self.source = QPixmap(str(path)) if path.exists() else QPixmap()
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(200, 150)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        if self.source.isNull():
            self.image.setText(self.tr("The photo file is missing."))
        caption = QLabel(item.caption, self)
        caption.setWordWrap(True)
        caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption.setVisible(bool(item.caption))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(caption)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else QRect(0, 0, 1280, 800)
        self.resize(int(screen.width() * 0.7), int(screen.height() * 0.8))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.source.isNull():
            return
        ratio = self.devicePixelRatioF()
        size = self.image.size() * ratio
        scaled = self.source.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        scaled.setDevicePixelRatio(ratio)
        self.image.setPixmap(scaled)


class PhotoTrashDialog(QDialog):
    """The deleted photos of one record, to restore."""

    restored = Signal()

    def __init__(self, ctx: Context, owner_type: str, owner_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.owner_type = owner_type
        self.owner_id = owner_id
        self.setWindowTitle(self.tr("Deleted photos"))
        self.hint = QLabel(self.tr("Deleted photos of this record can be restored until the trash is emptied."), self)
        self.hint.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(96, 96))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)
        self.load()

    def load(self) -> None:
        self.list.clear()
        for item in photos.trash(self.ctx.app, self.owner_type, self.owner_id):
            entry = QListWidgetItem(item.caption or item.original_name)
            if item.thumb_path.exists():
                entry.setIcon(QPixmap(str(item.thumb_path)))
            entry.setData(PhotoRole, item.id)
            entry.setToolTip(item.original_name)
            self.list.addItem(entry)
        if self.list.count() == 0:
            self.hint.setText(self.tr("There are no deleted photos of this record."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))

    def restore_selected(self) -> None:
        ids = [entry.data(PhotoRole) for entry in self.list.selectedItems()]
        if not ids:
            return
        try:
            for photo_id in ids:
                photos.restore_photo(self.ctx.app, photo_id)
        except DomainError as exc:
            show_error(self, self.tr("Restore"), exc.message)
        self.load()
        self.restored.emit()


class PhotoPanel(QWidget):
    """The photos of one record: set the record with :meth:`set_owner` (None until it is saved).

    For a user who may not change records the photos are there to look at only: no adding,
    dropping, captions, order, cover, deleting or trash."""

    #: the record's photos changed (added, captioned, reordered, cover, deleted or restored)
    changed = Signal()
    #: an import has finished (successfully or not): the panel is idle again
    import_finished = Signal()

    def __init__(self, ctx: Context, owner_type: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if owner_type not in photos.OWNER_TYPES:
            raise ValueError(f"photos cannot be attached to {owner_type!r}")
        self.ctx = ctx
        self.owner_type = owner_type
        self.owner_id: str | None = None
        self.importing = False
        self.read_only = not can(ctx.app, RECORDS)
        self.setAcceptDrops(not self.read_only)
        cover_text = self.tr("★ Cover")

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.model = PhotoListModel(cover_text, self)
        self.view = QListView(self)
        self.view.setObjectName("photoList")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(4)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAcceptDrops(False)  # drops go to the panel
        self.view.viewport().setAcceptDrops(False)
        self.view.setDragEnabled(False)
        self.delegate = PhotoDelegate(cover_text, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setModel(self.model)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.view.doubleClicked.connect(self.open_viewer)

        self.add_button = self._button(self.tr("Add photos…"), self.choose_files)
        self.caption_button = self._button(self.tr("Caption…"), self.edit_caption)
        self.left_button = self._button(self.tr("Move left"), lambda: self.move_selected(-1))
        self.right_button = self._button(self.tr("Move right"), lambda: self.move_selected(+1))
        self.cover_button = self._button(self.tr("Set as cover"), self.make_cover)
        self.delete_button = self._button(self.tr("Delete"), self.delete_selected)
        self.trash_button = self._button(self.tr("Trash…"), self.open_trash)
        self.add_button.setToolTip(self.tr("You can also drag photos from a folder onto this panel."))
        delete_action = QAction(self.view)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(delete_action)
        changing = (
            self.add_button,
            self.caption_button,
            self.left_button,
            self.right_button,
            self.cover_button,
            self.delete_button,
            self.trash_button,
        )
        withhold([*changing, delete_action], not self.read_only)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for button in (self.add_button, self.caption_button, self.left_button, self.right_button):
            buttons.addWidget(button)
        buttons.addWidget(self.cover_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        cell = self.delegate.cell_size(self.view.fontMetrics())
        self.view.setMinimumHeight(cell.height() + 2 * self.view.spacing() + 2 * self.view.frameWidth())
        self.set_owner(None)

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- the record ----------------------------------------------------------------------

    def set_owner(self, owner_id: str | None) -> None:
        """Show the photos of this record; None when the record has not been saved yet."""
        if owner_id != self.owner_id:
            self.model.clear_cache()
        self.owner_id = owner_id
        self.reload()

    def reload(self, select_id: str | None = None) -> None:
        """Read the record's photos again, keeping (or moving to) the selected photo."""
        keep = select_id or self.selected_id()
        self.model.ratio = self.devicePixelRatioF()
        items: list[PhotoItem] = []
        if self.owner_id is not None:
            try:
                items = photos.list_photos(self.ctx.app, self.owner_type, self.owner_id)
            except DomainError as exc:
                show_error(self, self.tr("Photos"), exc.message)
        self.model.set_items(items)
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row))
        self._update_hint()
        self._update_buttons()

    def _update_hint(self) -> None:
        if self.owner_id is None:
            self.hint.setText(self.tr("Save the record first to add photos"))
        elif not self.model.items and self.read_only:
            self.hint.setText(self.tr("No photos."))
        elif not self.model.items:
            self.hint.setText(self.tr("No photos yet. Click Add photos, or drag photos from a folder onto this panel."))
        self.hint.setVisible(self.owner_id is None or not self.model.items)

    def _update_buttons(self) -> None:
        owned = self.owner_id is not None
        row = self.selected_row()
        count = len(self.model.items)
        chosen = owned and row >= 0
        self.view.setEnabled(owned)
        self.add_button.setEnabled(owned and not self.importing)
        self.caption_button.setEnabled(chosen)
        self.left_button.setEnabled(chosen and row > 0)
        self.right_button.setEnabled(chosen and row < count - 1)
        self.cover_button.setEnabled(chosen and not self.model.items[row].is_cover)
        self.delete_button.setEnabled(chosen)
        self.trash_button.setEnabled(owned)

    def selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return self.model.items[row].id if row >= 0 else None

    def select_row(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row))

    # -- adding --------------------------------------------------------------------------

    def choose_files(self) -> None:
        patterns = " ".join(f"*{s} *{s.upper()}" for s in IMAGE_SUFFIXES)
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose photos"),
            "",
            ";;".join((self.tr("Photos (%1)").replace("%1", patterns), self.tr("All files (*)"))),
        )
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Import files into the record's photos in the background; a message lists any left out."""
        if self.owner_id is None or not paths or self.importing or self.read_only:
            return
        self.importing = True
        self._update_buttons()
        owner_id = self.owner_id
        job = run_with_progress(
            self.ctx.runner,
            self,
            self.tr("Adding photos"),
            photos.import_photos,
            self.ctx.app,
            self.owner_type,
            owner_id,
            list(paths),
            on_success=lambda result: self._imported(owner_id, result),
        )
        job.finished.connect(self._import_done)

    def _import_done(self) -> None:
        self.importing = False
        self._update_buttons()
        self.import_finished.emit()

    def _imported(self, owner_id: str, result: PhotoImportResult) -> None:
        if owner_id == self.owner_id:
            self.reload(result.added[0] if result.added else None)
        if result.added:
            self.changed.emit()
        if not (result.refused or result.duplicates):
            return
        lines = [result.summary()]
        if result.refused:
            lines += ["", *(message for _name, message in result.refused)]
        if result.duplicates:
            lines += ["", self.tr("Already among this record's photos:"), *result.duplicates]
        show = QMessageBox.warning if result.refused else QMessageBox.information
        show(self, self.tr("Adding photos"), "\n".join(lines))

    def _accept_drag(self, event: QDragMoveEvent) -> None:
        if self.owner_id is not None and not self.importing and not self.read_only and image_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._accept_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = image_paths(event.mimeData())
        if self.owner_id is None or self.importing or self.read_only or not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_files(paths)

    # -- changing ------------------------------------------------------------------------

    def _change(self, title: str, action: Callable[[], None], select_id: str | None = None) -> bool:
        """Run one service call; show its error, or reload and announce the change."""
        try:
            action()
        except DomainError as exc:
            show_error(self, title, exc.message)
            self.reload()
            return False
        self.reload(select_id)
        self.changed.emit()
        return True

    def edit_caption(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        item = self.model.items[row]
        title = self.tr("Photo caption")
        text, ok = QInputDialog.getText(self, title, self.tr("Caption:"), QLineEdit.EchoMode.Normal, item.caption)
        if ok and text != item.caption:
            self._change(title, lambda: photos.set_caption(self.ctx.app, item.id, text), item.id)

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        if row < 0:
            return
        item = self.model.items[row]
        title = self.tr("Move photo")
        self._change(title, lambda: photos.move_photo(self.ctx.app, item.id, row + step), item.id)

    def make_cover(self) -> None:
        photo_id = self.selected_id()
        if photo_id is not None:
            self._change(self.tr("Set as cover"), lambda: photos.set_cover(self.ctx.app, photo_id), photo_id)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        photo_id = self.model.items[row].id
        if self._change(self.tr("Delete photo"), lambda: photos.delete_photo(self.ctx.app, photo_id)) and (
            self.model.items
        ):
            self.select_row(min(row, len(self.model.items) - 1))

    def open_trash(self) -> PhotoTrashDialog | None:
        """Show the record's deleted photos (window-modal, not blocking); returns the dialog."""
        if self.owner_id is None:
            return None
        dialog = PhotoTrashDialog(self.ctx, self.owner_type, self.owner_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.open()
        return dialog

    def _restored(self) -> None:
        self.reload()
        self.changed.emit()

    def open_viewer(self, index: QModelIndex | None = None) -> PhotoViewer | None:
        """Show a photo at print size, scaled to fit (the selected one without ``index``)."""
        row = index.row() if index is not None and index.isValid() else self.selected_row()
        if row < 0:
            return None
        viewer = PhotoViewer(self.model.items[row], self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()
        return viewer
