"""The dialogs of 数据同步: registering a station at the district office (添加驿站)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QWidget

from ..core.errors import DomainError
from ..core.services import stations
from .generated.ui_add_station_dialog import Ui_AddStationDialog
from .pages.base import Context

ERROR_STYLE = "color: #b00020;"
FOLDER_KEY = "sync/folder"


def last_folder(ctx: Context) -> Path:
    """The folder bundles and setup files were last saved to or read from (the home folder at first)."""
    remembered = Path(ctx.layout.value(FOLDER_KEY, ""))
    return remembered if str(remembered) not in ("", ".") and remembered.is_dir() else Path.home()


def remember_folder(ctx: Context, path: Path) -> None:
    ctx.layout.set_value(FOLDER_KEY, str(path if path.is_dir() else path.parent))


def with_suffix(name: str, suffix: str) -> Path:
    """The chosen file name, with the suffix added when the user left it out."""
    return Path(name) if name.lower().endswith(suffix) else Path(name + suffix)


class AddStationDialog(QDialog):
    """At the district: register a station and save its setup file (``enrolment`` once saved)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrolment: stations.Enrolment | None = None
        self.ui = Ui_AddStationDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet(ERROR_STYLE)
        self.ui.errorLabel.hide()
        save = self.ui.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("&Save setup file…"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.nameEdit.setPlaceholderText(self.tr("e.g. 金湖路社区老干部驿站"))
        self.ui.nameEdit.textChanged.connect(lambda _text: self._error(None))
        self.resize(self.sizeHint().expandedTo(self.fontMetrics().size(0, "M" * 44)))
        self.ui.nameEdit.setFocus()

    def _error(self, message: str | None) -> None:
        self.ui.errorLabel.setText(message or "")
        self.ui.errorLabel.setVisible(bool(message))

    def save(self) -> None:
        name = self.ui.nameEdit.text().strip()
        if not name:
            self._error(self.tr("Please enter the station's name."))
            self.ui.nameEdit.setFocus()
            return
        suggested = last_folder(self.ctx) / f"{name}{stations.ENROL_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the setup file"),
            str(suggested),
            self.tr("Setup files (*%1)").replace("%1", stations.ENROL_SUFFIX),
        )
        if not chosen:
            return
        path = with_suffix(chosen, stations.ENROL_SUFFIX)
        try:
            self.enrolment = stations.add_station(
                self.ctx.app,
                name,
                path,
                street=self.ui.streetEdit.text(),
                community=self.ui.communityEdit.text(),
                contact_person=self.ui.contactEdit.text(),
                contact_phone=self.ui.phoneEdit.text(),
            )
        except DomainError as exc:  # a station of that name already, or the file cannot be written
            self._error(exc.message)
            return
        remember_folder(self.ctx, path)
        self.accept()
