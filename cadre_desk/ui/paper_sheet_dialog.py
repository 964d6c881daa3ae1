"""Entering a signed paper sign-in sheet: tick who came, note who was on leave, attach the scan."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidgetItem, QWidget

from ..core.errors import DomainError
from ..core.media import MediaInfo
from ..core.services import activities as acts
from ..core.services.photos import PreparedImages, prepare_images
from ..core.vocab import CHECKIN_STATUSES
from .generated.ui_paper_sheet_dialog import Ui_PaperSheetDialog
from .jobs import run_with_progress
from .pages.base import Context

NAME, DETAILS, PRESENT, LEAVE, REASON = range(5)


class PaperSheetDialog(QDialog):
    """Tick attendance from a signed paper sheet; accepted once saved."""

    def __init__(self, ctx: Context, activity_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app = ctx.app
        self.activity_id = activity_id
        self.scans: list[tuple[str, MediaInfo]] = []
        self.added = 0
        self.ui = Ui_PaperSheetDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setStyleSheet("color: #b00020;")
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.ui.buttons.accepted.connect(self.save)
        self.ui.buttons.rejected.connect(self.reject)
        self.ui.allButton.clicked.connect(lambda: self._tick_all(True))
        self.ui.noneButton.clicked.connect(lambda: self._tick_all(False))
        self.ui.scanButton.clicked.connect(self.attach_scan)
        self.book = acts.check_in_book(self.app, activity_id)
        self.setWindowTitle(self.tr("Paper sign-in sheet: %1").replace("%1", self.book.title))
        self._fill()
        self.ui.table.itemChanged.connect(self._changed)
        self._count()

    def _fill(self) -> None:
        table = self.ui.table
        headers = [
            self.tr("Name"),
            self.tr("Category, branch"),
            self.tr("Present"),
            self.tr("On leave"),
            self.tr("Reason"),
        ]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        rows: list[tuple[str, str, str, acts.BookEntry | None]] = [
            (p.id, p.name, " · ".join(x for x in (p.category, p.party_branch) if x), None) for p in self.book.expected
        ]
        rows += [(e.person_id, e.name, "", e) for e in self.book.entries if e.person_id and e.invited]
        table.setRowCount(len(rows))
        for row, (person_id, name, details, entry) in enumerate(rows):
            name_item = QTableWidgetItem(name)
            name_item.setData(Qt.ItemDataRole.UserRole, person_id)
            name_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            table.setItem(row, NAME, name_item)
            detail_item = QTableWidgetItem(details)
            detail_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            table.setItem(row, DETAILS, detail_item)
            for column in (PRESENT, LEAVE):
                box = QTableWidgetItem()
                box.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
                box.setCheckState(Qt.CheckState.Unchecked)
                table.setItem(row, column, box)
            table.setItem(row, REASON, QTableWidgetItem(""))
            if entry is not None:  # already in the book: shown, not editable
                detail_item.setText(CHECKIN_STATUSES.get(entry.status, entry.status))
                for column in range(REASON + 1):
                    item = table.item(row, column)
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        if table.rowCount():
            table.setCurrentCell(0, PRESENT)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Space ticks 出席 on the chosen row wherever the cursor is in it
        table = self.ui.table
        if event.key() == Qt.Key.Key_Space and table.currentRow() >= 0:
            item = table.item(table.currentRow(), PRESENT)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                on = item.checkState() != Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            return
        super().keyPressEvent(event)

    def _changed(self, item: QTableWidgetItem) -> None:
        table = self.ui.table
        if item.column() in (PRESENT, LEAVE) and item.checkState() == Qt.CheckState.Checked:
            other = table.item(item.row(), LEAVE if item.column() == PRESENT else PRESENT)
            if other.checkState() == Qt.CheckState.Checked:
                other.setCheckState(Qt.CheckState.Unchecked)  # present or on leave, not both
        self._count()

    def _tick_all(self, on: bool) -> None:
        table = self.ui.table
        for row in range(table.rowCount()):
            item = table.item(row, PRESENT)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ticked(self) -> tuple[list[str], dict[str, str]]:
        """(present ids, {on-leave id: reason}) as ticked."""
        table = self.ui.table
        present, leave = [], {}
        for row in range(table.rowCount()):
            person_id = str(table.item(row, NAME).data(Qt.ItemDataRole.UserRole))
            if table.item(row, PRESENT).checkState() == Qt.CheckState.Checked:
                present.append(person_id)
            elif table.item(row, LEAVE).checkState() == Qt.CheckState.Checked:
                leave[person_id] = table.item(row, REASON).text().strip()
        return present, leave

    def _count(self) -> None:
        present, leave = self.ticked()
        self.ui.countLabel.setText(
            self.tr("Ticked: present %1, on leave %2").replace("%1", str(len(present))).replace("%2", str(len(leave)))
        )

    def attach_scan(self) -> None:
        """Check and store the chosen files in the background; they are attached on Save."""
        from .activity_dialog import choose_files

        paths = choose_files(self, self.tr("Photo or scan of the signed sheet"))
        if not paths:
            return
        title = self.tr("Photo or scan of the signed sheet")
        run_with_progress(
            self.ctx.runner, self, title, prepare_images, self.app, paths, on_success=self._scans_ready, uses_db=False
        )

    def _scans_ready(self, prepared: PreparedImages) -> None:
        self.scans += prepared.good
        attached = self.tr("%1 file(s) attached").replace("%1", str(len(self.scans)))
        self.ui.scanLabel.setText(attached if self.scans else "")
        self.ui.errorLabel.setText("\n".join(message for _name, message in prepared.refused))

    def save(self) -> None:
        present, leave = self.ticked()
        missing = [name for name, reason in self._leave_names(leave) if not reason]
        if missing:
            self.ui.errorLabel.setText(self.tr("Give a reason for: %1").replace("%1", "、".join(missing)))
            return
        try:
            self.added = acts.record_paper_sheet(self.app, self.activity_id, present, leave=leave, scans=self.scans)
        except DomainError as exc:
            self.ui.errorLabel.setText(exc.message)
            return
        self.accept()

    def _leave_names(self, leave: dict[str, str]) -> list[tuple[str, str]]:
        table = self.ui.table
        names = {
            str(table.item(r, NAME).data(Qt.ItemDataRole.UserRole)): table.item(r, NAME).text()
            for r in range(table.rowCount())
        }
        return [(names[pid], reason) for pid, reason in leave.items()]
