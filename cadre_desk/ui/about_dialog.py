"""关于: the version, the data folder, the platform, and every bundled component with its licence."""

from __future__ import annotations

from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QModelIndex, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QWidget

from ..core.about import AboutInfo, about_info
from ..resources import app_icon_path
from .generated.ui_about_dialog import Ui_AboutDialog
from .i18n import app_title
from .widgets import RowsModel, emphasise, show_rows

ICON_SIZE = 64


class AboutDialog(QDialog):
    """Shows :func:`cadre_desk.core.about.about_info` for ``data_dir``; a component's licence
    text appears below the table when its row is chosen."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None, *, info: AboutInfo | None = None) -> None:
        super().__init__(parent)
        self.info = info or about_info(data_dir)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        ui = self.ui
        ui.iconLabel.setPixmap(QIcon(str(app_icon_path())).pixmap(ICON_SIZE, ICON_SIZE))
        ui.nameLabel.setText(app_title())
        emphasise(ui.nameLabel, 1.6)
        ui.versionLabel.setText(self.tr("Version %1").replace("%1", self.info.version))
        emphasise(ui.versionLabel, 1.15)
        ui.dataDirValue.setText(str(self.info.data_dir))
        ui.runtimeValue.setText(self.runtime_text())
        ui.systemValue.setText(self.info.platform)
        ui.openFolderButton.clicked.connect(self.open_data_folder)
        ui.copyButton.clicked.connect(self.copy_version_information)
        close = ui.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        ui.buttons.rejected.connect(self.reject)

        self.model = RowsModel([self.tr("Component"), self.tr("Version"), self.tr("Licence"), self.tr("Used for")])
        self.model.set_rows(
            [(c.name, (c.name, c.version, c.licence, c.purpose)) for c in self.info.components],
            tips={i: c.homepage for i, c in enumerate(self.info.components) if c.homepage},
        )
        table = ui.componentsTable
        show_rows(table, self.model, stretch_column=3)
        header = table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.selectionModel().currentRowChanged.connect(self._row_chosen)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 0.95)
        ui.licenceText.setFont(mono)
        ui.splitter.setStretchFactor(0, 1)
        ui.splitter.setStretchFactor(1, 1)

        line = self.fontMetrics().height()
        width, height = line * 50, line * 38
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)
        if self.info.components:
            table.selectRow(0)

    # -- what it shows ----------------------------------------------------------------------

    def runtime_text(self) -> str:
        """ "Python 3.11.7 (CPython, 64-bit) · Qt 6.11.3 · SQLite 3.40.1" """
        qt = qVersion()
        if pyside_version != qt:
            qt += f" (PySide6 {pyside_version})"
        return f"Python {self.info.python} · Qt {qt} · SQLite {self.info.sqlite}"

    def version_information(self) -> str:
        """What support needs to know, as plain text."""
        return "\n".join(
            [
                f"{app_title()} {self.info.version}",
                self.tr("Data folder: %1").replace("%1", str(self.info.data_dir)),
                self.tr("System: %1").replace("%1", self.info.platform),
                f"Python {self.info.python}",
                f"Qt {qVersion()}, PySide6 {pyside_version}",
                f"SQLite {self.info.sqlite}",
            ]
        )

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_licence(current.row())

    def show_licence(self, row: int) -> None:
        components = self.info.components
        if not 0 <= row < len(components):
            self.ui.licenceText.clear()
            return
        c = components[row]
        heading = " — ".join(part for part in (f"{c.name} {c.version}", c.homepage) if part)
        text = c.licence_text or self.tr("The licence text is not available.")
        self.ui.licenceText.setPlainText(f"{heading}\n\n{text}")

    # -- actions ------------------------------------------------------------------------------

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.info.data_dir)))

    def copy_version_information(self) -> None:
        QGuiApplication.clipboard().setText(self.version_information())
        self.ui.copiedLabel.setText(self.tr("Copied."))
