"""A signature pad: a handwritten signature drawn with a mouse, a pen tablet or a finger.

Strokes are kept as lists of points (with pen pressure when the device reports it) and
rendered to a small grey-scale PNG for the sign-in book.  The pad never takes keyboard
focus: at the door the search field keeps it, so a barcode scanner's typing always
reaches the search field, even while someone is signing.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

# the stored image: wide enough to read a name at print size, small on disk (a few KB)
IMAGE_WIDTH = 600
IMAGE_HEIGHT = 240
INK = QColor(20, 30, 90)

Point = tuple[float, float, float]  # x, y in 0..1 of the pad, pressure 0..1


class SignaturePad(QWidget):
    """Draw a signature; :meth:`png` gives the image, :meth:`clear` starts again."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[Point]] = []
        self._drawing = False
        self._hint = ""

    # -- what the pad holds ----------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def set_hint(self, text: str) -> None:
        """Grey text shown on the empty pad (e.g. whose signature is expected)."""
        self._hint = text
        self.update()

    def strokes(self) -> list[list[Point]]:
        return [list(s) for s in self._strokes]

    def sizeHint(self) -> QSize:
        return QSize(IMAGE_WIDTH // 2 * 2, IMAGE_HEIGHT)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 96)

    # -- input -----------------------------------------------------------------------------

    def _normalised(self, pos: QPointF, pressure: float) -> Point:
        w, h = max(1, self.width()), max(1, self.height())
        return (min(max(pos.x() / w, 0.0), 1.0), min(max(pos.y() / h, 0.0), 1.0), pressure)

    def _begin(self, pos: QPointF, pressure: float = 0.5) -> None:
        self._drawing = True
        self._strokes.append([self._normalised(pos, pressure)])
        self.update()

    def _extend(self, pos: QPointF, pressure: float = 0.5) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(self._normalised(pos, pressure))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            if self._strokes and len(self._strokes[-1]) == 1:  # a tap: a dot
                x, y, p = self._strokes[-1][0]
                self._strokes[-1].append((x + 0.002, y, p))
            self.changed.emit()
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = event.pressure() or 0.5
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesized mouse events: the pen's own points are better

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                point = points[0]
                kind = event.type()
                if kind == QTouchEvent.Type.TouchBegin:
                    self._begin(point.position(), point.pressure() or 0.5)
                elif kind == QTouchEvent.Type.TouchUpdate:
                    self._extend(point.position(), point.pressure() or 0.5)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    # -- drawing ---------------------------------------------------------------------------

    def _paint_strokes(self, painter: QPainter, size: QSize, width: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for stroke in self._strokes:
            if len(stroke) < 2:
                continue
            for (x0, y0, p0), (x1, y1, p1) in itertools.pairwise(stroke):
                pen = QPen(INK, width * (0.6 + 0.8 * (p0 + p1) / 2))
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(
                    QPointF(x0 * size.width(), y0 * size.height()), QPointF(x1 * size.width(), y1 * size.height())
                )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, QColor("white"))
        painter.setPen(QPen(QColor(150, 150, 150), 1))
        painter.drawRect(rect)
        base = self.height() * 0.78  # a signing line, as on paper
        painter.setPen(QPen(QColor(200, 200, 200), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(12, base), QPointF(self.width() - 12, base))
        if self.is_empty() and not self._drawing and self._hint:
            painter.setPen(QColor(160, 160, 160))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._hint)
        self._paint_strokes(painter, self.size(), max(2.0, self.height() / 60))
        painter.end()

    # -- the stored image ------------------------------------------------------------------

    def image(self) -> QImage:
        """The signature alone, dark ink on white, IMAGE_WIDTH × IMAGE_HEIGHT, grey-scale."""
        image = QImage(IMAGE_WIDTH, IMAGE_HEIGHT, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._paint_strokes(painter, QSize(IMAGE_WIDTH, IMAGE_HEIGHT), IMAGE_HEIGHT / 60)
        painter.end()
        return image.convertToFormat(QImage.Format.Format_Grayscale8)

    def png(self) -> bytes:
        """The signature as PNG bytes (empty bytes when nothing was drawn)."""
        if self.is_empty():
            return b""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.image().save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())
