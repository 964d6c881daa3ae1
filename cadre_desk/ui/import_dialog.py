"""Importing a roster from Excel: choose the file, check the columns, see every row's outcome, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHeaderView, QTableWidgetItem, QWidget

from ..core.app import App
from ..core.errors import DomainError
from ..core.roster_import import ImportPlan, ImportResult, RowOutcome, SheetLayout, apply_import, plan_import
from ..core.services.people import PERSON_FIELDS
from .generated.ui_import_dialog import Ui_ImportDialog
from .jobs import JobRunner, run_with_progress, show_error

Index = QModelIndex | QPersistentModelIndex
OUTCOME_COLOURS = {"error": QColor("#b00020"), "duplicate": QColor("#8a5a00")}


class OutcomeModel(QAbstractTableModel):
    """The planned outcome of every row (kept in memory: one import's rows)."""

    def __init__(self, words: dict[str, str], headers: list[str]) -> None:
        super().__init__()
        self.words = words
        self.headers = headers
        self.rows: list[RowOutcome] = []

    def show(self, rows: list[RowOutcome]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (r.sheet, str(r.row), r.name, self.words.get(r.kind, r.kind), r.reason)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 3:
            return OUTCOME_COLOURS.get(r.kind)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ImportDialog(QDialog):
    """Accepted once the import has been written (``result`` holds the counts)."""

    def __init__(self, app: App, runner: JobRunner, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.runner = runner
        self.path: Path | None = None
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.ui = Ui_ImportDialog()
        self.ui.setupUi(self)
        self.words = {
            "new": self.tr("New"),
            "update": self.tr("Update"),
            "skipped": self.tr("No change"),
            "duplicate": self.tr("Duplicate"),
            "error": self.tr("Error"),
        }
        self.model = OutcomeModel(
            self.words, [self.tr("Sheet"), self.tr("Row"), self.tr("Name"), self.tr("Outcome"), self.tr("Reason")]
        )
        self.ui.previewTable.setModel(self.model)
        self.ui.previewTable.horizontalHeader().setStretchLastSection(True)
        self.ui.showCombo.addItem(self.tr("Every row"), None)
        self.ui.showCombo.addItem(self.tr("Only errors and duplicates"), ("error", "duplicate"))
        for kind in ("new", "update", "skipped"):
            self.ui.showCombo.addItem(self.words[kind], (kind,))
        self.ui.showCombo.currentIndexChanged.connect(self._filter_rows)
        self.ui.chooseButton.clicked.connect(self.choose_file)
        self.ui.templateButton.clicked.connect(self.save_template)
        self.ui.recheckButton.clicked.connect(self.recheck)
        self.ui.importButton.clicked.connect(self.do_import)
        self.ui.cancelButton.clicked.connect(self.reject)
        self.ui.importButton.setEnabled(False)
        self.ui.recheckButton.setEnabled(False)
        self.resize(max(self.sizeHint().width(), 900), max(self.sizeHint().height(), 560))
        if path is not None:
            self.check(path)

    # -- choosing and checking -----------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the roster workbook"), "", self.tr("Excel workbooks (*.xlsx *.xlsm *.xls)")
        )
        if name:
            self.check(Path(name))

    def save_template(self) -> None:
        """A blank roster workbook with the right headings and dropdowns, to fill in and import."""
        from ..core.roster_export import write_import_template

        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a blank template"), self.tr("Roster template.xlsx"), self.tr("Excel workbooks (*.xlsx)")
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            write_import_template(path)
        except DomainError as exc:
            show_error(self, self.tr("Save a blank template"), exc.message)
            return
        self.ui.summaryLabel.setText(self.tr("Template saved: %1").replace("%1", str(path)))

    def check(self, path: Path, layouts: list[SheetLayout] | None = None) -> None:
        """Read and check the file in the background; nothing is written."""
        self.path = path
        self.ui.fileLabel.setText(str(path))
        self.ui.importButton.setEnabled(False)
        job = run_with_progress(
            self.runner, self, self.tr("Checking the workbook"), plan_import, self.app, path, layouts
        )
        job.succeeded.connect(self.show_plan)

    def recheck(self) -> None:
        if self.plan is None or self.path is None:
            return
        self.check(self.path, self._corrected_layouts())

    def show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.ui.summaryLabel.setText(plan.summary())
        self._filter_rows()
        self._fill_mapping(plan.layouts)
        count = len(plan.importable)
        self.ui.importButton.setText(self.tr("&Import %1 people").replace("%1", str(count)))
        self.ui.importButton.setEnabled(count > 0)
        self.ui.recheckButton.setEnabled(True)
        self.ui.previewTable.resizeColumnsToContents()

    def _filter_rows(self) -> None:
        kinds = self.ui.showCombo.currentData()
        rows = self.plan.rows if self.plan else []
        self.model.show([r for r in rows if kinds is None or r.kind in kinds])

    # -- the column mapping --------------------------------------------------------------

    def _fill_mapping(self, layouts: list[SheetLayout]) -> None:
        table = self.ui.mappingTable
        table.clear()
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels([self.tr("Sheet"), self.tr("Column heading"), self.tr("Field")])
        entries = [(lay, col, text) for lay in layouts for col, text in sorted(lay.headers.items())]
        table.setRowCount(len(entries))
        self._mapping: list[tuple[SheetLayout, int, QComboBox]] = []
        for row, (lay, col, text) in enumerate(entries):
            table.setItem(row, 0, QTableWidgetItem(lay.sheet))
            table.setItem(row, 1, QTableWidgetItem(text))
            combo = QComboBox()
            combo.addItem(self.tr("(not imported)"), None)
            for key, label in PERSON_FIELDS.items():
                if key != "photo_sha256":
                    combo.addItem(label, key)
            current = next((f for f, c in lay.columns.items() if c == col), None)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            table.setCellWidget(row, 2, combo)
            self._mapping.append((lay, col, combo))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)

    def _corrected_layouts(self) -> list[SheetLayout]:
        assert self.plan is not None
        fixed: dict[str, SheetLayout] = {}
        for lay, col, combo in self._mapping:
            new = fixed.setdefault(lay.sheet, SheetLayout(**{**lay.__dict__, "columns": {}}))
            field = combo.currentData()
            if field:
                new.columns[field] = col
        return [fixed.get(lay.sheet, lay) for lay in self.plan.layouts]

    # -- importing -----------------------------------------------------------------------

    def do_import(self) -> None:
        if self.plan is None:
            return
        self.ui.importButton.setEnabled(False)
        job = run_with_progress(self.runner, self, self.tr("Importing the roster"), apply_import, self.app, self.plan)
        job.succeeded.connect(self._imported)
        job.failed.connect(lambda *_: self.ui.importButton.setEnabled(True))
        job.cancelled.connect(lambda: self.ui.importButton.setEnabled(True))

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self.accept()
