"""关于: opened from the settings page, it shows the version, the data folder and every component's licence."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from cadre_desk import __version__
from cadre_desk.core.about import about_info
from cadre_desk.ui.about_dialog import AboutDialog


def open_from_settings(qtbot, shell) -> AboutDialog:
    """Click 关于… on the settings page and catch the dialog it opens."""
    page = shell.window.go_to("settings")
    seen: list[AboutDialog] = []
    licence: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, AboutDialog):
            seen.append(dialog)
            licence.append(dialog.ui.licenceText.toPlainText())  # the first component's, while open
            dialog.reject()
        else:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    assert page.ui.aboutButton.text() == "关于(&A)…"
    page.ui.aboutButton.click()
    assert seen, "the About dialog did not open"
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in licence[0]
    return seen[0]


def test_opens_from_the_settings_page(qtbot, shell) -> None:
    dialog = open_from_settings(qtbot, shell)
    assert dialog.windowTitle() == "关于老干部驿站台账"
    assert dialog.info.data_dir == shell.app.layout.root


def test_shows_the_version_the_data_folder_and_every_component(qtbot, tmp_path) -> None:
    info = about_info(tmp_path)
    dialog = AboutDialog(tmp_path, info=info)
    qtbot.addWidget(dialog)
    dialog.show()
    ui = dialog.ui
    assert __version__ in ui.versionLabel.text()
    assert ui.dataDirValue.text() == str(tmp_path)
    assert "Python" in ui.runtimeValue.text() and "SQLite" in ui.runtimeValue.text()
    model = ui.componentsTable.model()
    assert model.rowCount() == len(info.components) > 10
    listed = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert listed == [c.name for c in info.components]
    for name in ("Python", "Qt", "SQLite", "PySide6-Essentials", "SQLAlchemy", "reportlab", "Noto Sans SC"):
        assert name in listed
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["组件", "版本", "许可证", "用途"]


def test_choosing_a_component_shows_its_licence(qtbot, tmp_path) -> None:
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    names = [c.name for c in dialog.info.components]
    assert dialog.ui.componentsTable.currentIndex().row() == 0  # the first one is shown at once
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in dialog.ui.licenceText.toPlainText()
    dialog.ui.componentsTable.selectRow(names.index("Qt"))
    text = dialog.ui.licenceText.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    dialog.ui.componentsTable.selectRow(names.index("Noto Sans SC"))
    assert "SIL OPEN FONT LICENSE" in dialog.ui.licenceText.toPlainText()
    assert dialog.ui.licenceText.isReadOnly()


def test_copy_puts_the_version_information_on_the_clipboard(qtbot, tmp_path) -> None:
    dialog = AboutDialog(tmp_path)
    qtbot.addWidget(dialog)
    QApplication.clipboard().clear()
    dialog.ui.copyButton.click()
    copied = QApplication.clipboard().text()
    assert __version__ in copied and str(tmp_path) in copied
    assert "Python" in copied and "Qt" in copied and "SQLite" in copied and "操作系统" in copied
    assert dialog.ui.copiedLabel.text() == "已复制。"
