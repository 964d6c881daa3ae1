"""Importing a roster from Excel: choose the file, check the columns, see every row's outcome, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHeaderView, QTableWidgetItem, QWidget

from ..core.app import App
from ..core.errors import DomainError
from ..core.import_problems import export_problem_rows, take_duplicate_row
from ..core.roster_import import ImportPlan, ImportResult, RowOutcome, SheetLayout, apply_import, plan_import
from ..core.services.people import PERSON_FIELDS
from .generated.ui_import_dialog import Ui_ImportDialog
from .jobs import JobRunner, run_with_progress, show_error

Index = QModelIndex | QPersistentModelIndex
OUTCOME_COLOURS = {"error": QColor("#b00020"), "duplicate": QColor("#8a5a00")}
#: rows grow to their wrapped reason up to this many rows shown (beyond, the tooltip has it)
FIT_ROWS_UP_TO = 2000


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
            kind = "differs" if r.kind == "duplicate" and r.changes else r.kind
            return (r.sheet, str(r.row), r.name, self.words.get(kind, kind), r.reason)[index.column()]
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
            "differs": self.tr("Same ID, differs"),
            "error": self.tr("Error"),
        }
        self.model = OutcomeModel(
            self.words, [self.tr("Sheet"), self.tr("Row"), self.tr("Name"), self.tr("Outcome"), self.tr("Reason")]
        )
        table = self.ui.previewTable
        table.setModel(self.model)
        table.horizontalHeader().setStretchLastSection(True)  # the reason: long, wrapped, never cut
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows())
        table.selectionModel().currentRowChanged.connect(lambda *_: self._update_take())
        self.ui.showCombo.addItem(self.tr("Every row"), None)
        self.ui.showCombo.addItem(self.tr("Only errors and duplicates"), ("error", "duplicate"))
        for kind in ("new", "update", "skipped"):
            self.ui.showCombo.addItem(self.words[kind], (kind,))
        self.ui.showCombo.currentIndexChanged.connect(self._filter_rows)
        self.ui.chooseButton.clicked.connect(self.choose_file)
        self.ui.templateButton.clicked.connect(self.save_template)
        self.ui.recheckButton.clicked.connect(self.recheck)
        self.ui.importButton.clicked.connect(self.do_import)
        self.ui.exportProblemsButton.clicked.connect(self.export_problems)
        self.ui.takeRowButton.clicked.connect(self.take_row)
        self.ui.exportProblemsButton.setEnabled(False)
        self.ui.takeRowButton.setEnabled(False)
        self.ui.chooseButton.setFocus()  # the first thing to do; Enter chooses a file
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
        problems = len(plan.errors) + len(plan.duplicates)
        self.ui.exportProblemsButton.setEnabled(problems > 0)
        self.ui.exportProblemsButton.setText(
            self.tr("&Export %1 problem rows…").replace("%1", str(problems))
            if problems
            else self.tr("&Export problem rows…")
        )
        if count > 0:  # checked: Enter now imports
            self.ui.chooseButton.setDefault(False)
            self.ui.importButton.setDefault(True)
            self.ui.importButton.setFocus()
        table = self.ui.previewTable
        for column in range(self.model.columnCount() - 1):
            table.resizeColumnToContents(column)
        self._fit_rows()
        self._update_take()

    def _filter_rows(self) -> None:
        kinds = self.ui.showCombo.currentData()
        rows = self.plan.rows if self.plan else []
        self.model.show([r for r in rows if kinds is None or r.kind in kinds])
        self._fit_rows()
        self._update_take()

    def _fit_rows(self) -> None:
        """Each row as tall as its wrapped reason (for the rows a person would read through)."""
        if self.model.rowCount() <= FIT_ROWS_UP_TO:
            self.ui.previewTable.resizeRowsToContents()

    def _chosen_row(self) -> RowOutcome | None:
        index = self.ui.previewTable.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None

    def _update_take(self) -> None:
        row = self._chosen_row()
        self.ui.takeRowButton.setEnabled(row is not None and row.kind == "duplicate" and bool(row.changes))

    def take_row(self) -> None:
        """Import the chosen duplicate's values instead of the earlier row's (81号 → 87号)."""
        row = self._chosen_row()
        if self.plan is None or row is None:
            return
        try:
            take_duplicate_row(self.plan, row)
        except DomainError as exc:
            show_error(self, self.tr("Import the roster from Excel"), exc.message)
            return
        self.show_plan(self.plan)

    def export_problems(self) -> None:
        """Save the rows left out (errors, duplicates) with a 问题 column, to correct and import again."""
        if self.plan is None or self.path is None:
            return
        suggested = str(self.path.with_name(self.path.stem + self.tr(" - problem rows") + ".xlsx"))
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export problem rows"), suggested, self.tr("Excel workbooks (*.xlsx)")
        )
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            saved = export_problem_rows(self.plan, path)
        except DomainError as exc:
            show_error(self, self.tr("Export problem rows"), exc.message)
            return
        self.ui.summaryLabel.setText(
            self.tr("%1 problem rows saved to %2. Correct them there, then import that file.")
            .replace("%1", str(saved))
            .replace("%2", str(path))
        )

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
