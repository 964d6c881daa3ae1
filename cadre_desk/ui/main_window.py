"""The main window (an overview of the open data dir until the desktop shell is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from ..core.app import App
from ..core.services.overview import station_overview


class MainWindow(QMainWindow):
    def __init__(self, app: App) -> None:
        super().__init__()
        self.app = app
        overview = station_overview(app)
        self.setWindowTitle(f"{overview.station_name} — 老干部驿站台账")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(overview.station_name, body)
        title.setObjectName("stationTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.figures = QLabel("\n".join(overview.lines()), body)
        self.figures.setObjectName("figures")
        layout.addWidget(self.figures)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(720, 480)
        self.statusBar().showMessage(f"数据目录：{app.layout.root}")
