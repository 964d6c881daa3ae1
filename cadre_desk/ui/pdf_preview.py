"""Show a PDF the app made, page by page, and print it through the system's print dialog.

Pages are drawn with PDFium (pypdfium2) only when they scroll into view, so a month's
ledgers of a hundred pages open at once.  Printing draws each page at the printer's
resolution (up to 300 dpi) onto the printer chosen in the system print dialog, with a
progress dialog that can be cancelled between pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRect, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QProgressDialog, QVBoxLayout, QWidget

from .generated.ui_pdf_preview_dialog import Ui_PdfPreviewDialog

#: the preview's zoom steps (1.0 = the page at 96 dpi, its size on paper on a typical screen)
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
PRINT_DPI_MAX = 300
PAGE_GAP = 12


def render_page(document: Any, index: int, dpi: float) -> QImage:
    """One page of a pypdfium2 document as an RGB image at ``dpi``."""
    page = document[index]
    try:
        bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
        return image.copy()  # own the pixels before the bitmap goes
    finally:
        page.close()


def open_folder(path: Path) -> bool:
    """Show the folder holding ``path`` in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def open_document(path: Path) -> Any:
    """The PDF as a pypdfium2 document, read into memory so the file stays free to replace."""
    import pypdfium2

    return pypdfium2.PdfDocument(path.read_bytes())


def choose_printer(parent: QWidget | None, title: str, pages: int) -> QPrinter | None:
    """The printer and pages chosen in the system print dialog, or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFromTo(1, pages)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("PdfPreviewDialog", "Print"))
    dialog.setMinMax(1, pages)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def print_pages(parent: QWidget | None, document: Any, printer: QPrinter, title: str) -> bool:
    """Draw the chosen pages of ``document`` on ``printer``; False if the user cancelled."""
    pages = len(document)
    first, last = printer.fromPage(), printer.toPage()
    if first == 0 and last == 0:
        first, last = 1, pages
    first, last = max(1, first), min(pages, last)
    dpi = min(printer.resolution(), PRINT_DPI_MAX)
    progress = QProgressDialog(
        QCoreApplication.translate("PdfPreviewDialog", "Printing…"),
        QCoreApplication.translate("PdfPreviewDialog", "Cancel"),
        0,
        last - first + 1,
        parent,
    )
    progress.setWindowTitle(title)
    progress.setMinimumDuration(300)
    painter = QPainter()
    if not painter.begin(printer):
        QMessageBox.warning(
            parent,
            title,
            QCoreApplication.translate(
                "PdfPreviewDialog", "The printer could not be started. Check that it is on and ready."
            ),
        )
        return False
    try:
        for number in range(first, last + 1):
            if progress.wasCanceled():
                printer.abort()
                return False
            if number > first:
                printer.newPage()
            image = render_page(document, number - 1, dpi)
            target = painter.viewport()
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = target.x() + (target.width() - size.width()) // 2
            painter.drawImage(QRect(x, target.y(), size.width(), size.height()), image)
            progress.setValue(number - first + 1)
            QCoreApplication.processEvents()
    finally:
        painter.end()
        progress.close()
    return True


class _PageLabel(QLabel):
    def __init__(self, index: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.index = index
        self.rendered_zoom = 0.0
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: white; border: 1px solid #9a9a9a;")


class PdfPreviewDialog(QDialog):
    """A month's ledgers (or any PDF the app made): scroll through, zoom, print, save, open."""

    def __init__(self, path: Path, title: str, parent: QWidget | None = None, *, warning: str = "") -> None:
        super().__init__(parent)
        self.ui = Ui_PdfPreviewDialog()
        self.ui.setupUi(self)
        self.setWindowTitle(title)
        self.path = path
        self.title = title
        self.zoom = 1.0
        self._fitted = False
        self.document: Any = open_document(path)
        self._sizes = [self.document.get_page_size(i) for i in range(len(self.document))]
        self.ui.warningLabel.setVisible(bool(warning))
        self.ui.warningLabel.setText(warning)
        self.ui.warningLabel.setStyleSheet("color: #8a1c1c;")
        for button in (self.ui.zoomInButton, self.ui.zoomOutButton):
            button.setMaximumWidth(button.fontMetrics().horizontalAdvance("+") * 4 + 16)
        self.ui.zoomInButton.setToolTip(QCoreApplication.translate("PdfPreviewDialog", "Zoom in"))
        self.ui.zoomOutButton.setToolTip(QCoreApplication.translate("PdfPreviewDialog", "Zoom out"))

        holder = QWidget()
        holder.setStyleSheet("background: #d6d6d6;")
        self._column = QVBoxLayout(holder)
        self._column.setSpacing(PAGE_GAP)
        self._column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages = [_PageLabel(i, holder) for i in range(len(self._sizes))]
        for label in self.pages:
            self._column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.ui.scrollArea.setWidget(holder)
        self.ui.scrollArea.verticalScrollBar().valueChanged.connect(lambda _v: self._render_visible())
        self.ui.scrollArea.viewport().installEventFilter(self)

        self.ui.printButton.clicked.connect(self.print_document)
        self.ui.saveButton.clicked.connect(self.save_copy)
        self.ui.openButton.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path))))
        self.ui.folderButton.clicked.connect(lambda: open_folder(self.path))
        self.ui.zoomInButton.clicked.connect(lambda: self.step_zoom(+1))
        self.ui.zoomOutButton.clicked.connect(lambda: self.step_zoom(-1))
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.printButton.setDefault(True)
        self.resize(960, 900)
        self._apply_zoom()

    # -- pages ----------------------------------------------------------------------------

    def _pixels(self, index: int) -> tuple[int, int]:
        width, height = self._sizes[index]
        dpi = 96 * self.zoom * self.devicePixelRatioF()
        return round(width / 72 * dpi / self.devicePixelRatioF()), round(height / 72 * dpi / self.devicePixelRatioF())

    def _apply_zoom(self) -> None:
        for label in self.pages:
            label.setFixedSize(*self._pixels(label.index))
            label.clear()
            label.rendered_zoom = 0.0
        self.ui.pageLabel.setText(self.tr("%n page(s)", "", len(self.pages)) + f" · {round(self.zoom * 100)}%")
        self.ui.zoomInButton.setEnabled(self.zoom < ZOOMS[-1])
        self.ui.zoomOutButton.setEnabled(self.zoom > ZOOMS[0])
        QTimer.singleShot(0, self._render_visible)

    def step_zoom(self, step: int) -> None:
        """The next zoom step up (+1) or down (-1) from where the view is."""
        if step > 0:
            self.zoom = next((z for z in ZOOMS if z > self.zoom + 0.01), ZOOMS[-1])
        else:
            self.zoom = next((z for z in reversed(ZOOMS) if z < self.zoom - 0.01), ZOOMS[0])
        self._apply_zoom()

    def _render_visible(self) -> None:
        if self.document is None:  # closed
            return
        viewport = self.ui.scrollArea.viewport()
        visible = QRect(0, 0, viewport.width(), viewport.height())
        for label in self.pages:
            top_left = label.mapTo(viewport, label.rect().topLeft())
            if not QRect(top_left, label.size()).intersects(visible.adjusted(0, -400, 0, 400)):
                continue
            if label.rendered_zoom == self.zoom:
                continue
            ratio = self.devicePixelRatioF()
            image = render_page(self.document, label.index, 96 * self.zoom * ratio)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.rendered_zoom = self.zoom

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._render_visible)
        return super().eventFilter(watched, event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._fitted and self._sizes:
            self._fitted = True
            self.zoom = self.fit_width_zoom()
            self._apply_zoom()
        QTimer.singleShot(0, self._render_visible)

    def fit_width_zoom(self) -> float:
        """The zoom at which the widest page fits the window's width (at most 100 %)."""
        room = self.ui.scrollArea.viewport().width() - 2 * PAGE_GAP - self.ui.scrollArea.verticalScrollBar().width()
        widest = max(width for width, _ in self._sizes) / 72 * 96
        return max(ZOOMS[0], min(1.0, room / widest))

    # -- actions --------------------------------------------------------------------------

    def print_document(self) -> None:
        printer = choose_printer(self, self.title, len(self.pages))
        if printer is not None:
            print_pages(self, self.document, printer, self.title)

    def save_copy(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("PdfPreviewDialog", "Save as PDF"),
            str(Path.home() / self.path.name),
            QCoreApplication.translate("PdfPreviewDialog", "PDF files (*.pdf)"),
        )
        if not name:
            return
        target = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            if target.resolve() != self.path.resolve():
                shutil.copyfile(self.path, target)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.title,
                QCoreApplication.translate("PdfPreviewDialog", "The PDF could not be saved to %1: %2")
                .replace("%1", str(target))
                .replace("%2", exc.strerror or str(exc)),
            )
            return
        QMessageBox.information(
            self, self.title, QCoreApplication.translate("PdfPreviewDialog", "Saved to %1.").replace("%1", str(target))
        )

    def done(self, result: int) -> None:
        if self.document is not None:
            self.document.close()
            self.document = None
        super().done(result)
