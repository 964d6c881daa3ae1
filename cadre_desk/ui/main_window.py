"""The main window (an overview of the open data dir until the desktop shell is built)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton, QVBoxLayout, QWidget

from ..core.app import App
from ..core.check import CheckReport, run_check
from ..core.services.overview import station_overview
from .jobs import JobRunner, run_with_progress


class MainWindow(QMainWindow):
    def __init__(self, app: App, runner: JobRunner | None = None) -> None:
        super().__init__()
        self.app = app
        self.runner = runner or JobRunner(self)
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
        self.check_button = QPushButton("检查数据完整性", body)
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.check_data)
        layout.addWidget(self.check_button)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(720, 480)
        self.statusBar().showMessage(f"数据目录：{app.layout.root}")

    def check_data(self) -> None:
        """Check the database and photo store in the background, then report."""
        self.check_button.setEnabled(False)
        job = run_with_progress(self.runner, self, "检查数据完整性", run_check, self.app, on_success=self._show_check)
        job.finished.connect(lambda: self.check_button.setEnabled(True))

    def _show_check(self, report: CheckReport) -> None:
        if report.ok:
            text = f"检查通过：{report.summary()}。"
            QMessageBox.information(self, "检查数据完整性", "\n".join([text, *report.notes]))
        else:
            QMessageBox.warning(self, "检查数据完整性", "发现以下问题：\n" + "\n".join(report.problems[:30]))

    def closeEvent(self, event) -> None:
        self.runner.cancel_all()
        self.runner.wait_for_done()
        super().closeEvent(event)
