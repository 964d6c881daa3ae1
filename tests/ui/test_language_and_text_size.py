"""Chinese by default and complete; English selectable; text size 100/125/150 % without clipping."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTreeWidget,
    QWidget,
    QWizard,
)

from cadre_desk.core.app import App
from cadre_desk.ui.main_window import PAGE_KEYS
from cadre_desk.ui.settings import LANGUAGE, TEXT_SCALE, Option, Settings
from cadre_desk.ui.setup_wizard import SetupWizard

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "cadre_desk_zh_CN.ts"

#: Latin words that are right in the Chinese interface
ALLOWED_LATIN = {"A4", "zs", "admin", "QR", "PDF", "Excel", "USB", "Ctrl"}  # key names are printed on keyboards
#: widgets that show data rather than interface text (paths, ids, versions, language names)
DATA_WIDGETS = {
    "dataDirValue",
    "installValue",
    "versionValue",
    "languageCombo",
    "qt_spinbox_lineedit",
    "fingerprintValue",  # key fingerprints are hex digits by nature
    "districtFingerprintValue",
    "detailLabel",  # the audit trail's entry header ends with the record's id
}


def interface_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of interface text a person can see in ``root``."""
    found: list[tuple[str, str]] = [("window title", root.windowTitle())]
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        name = w.objectName() or type(w).__name__
        if name in DATA_WIDGETS:
            continue
        texts: list[str] = [w.toolTip(), w.accessibleName()]
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTreeWidget):
            header = w.headerItem()
            texts += [header.text(c) for c in range(header.columnCount())]
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            texts += [str(model.headerData(c, _horizontal())) for c in range(model.columnCount())]
        if isinstance(w, QWizard):
            texts += [w.page(i).title() + w.page(i).subTitle() for i in w.pageIds()]
        found += [(name, t) for t in texts if t]
    return found


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def untranslated(root: QWidget) -> list[str]:
    bad = []
    for where, text in interface_texts(root):
        words = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"&(?=\w)", "", text)))
        if words - ALLOWED_LATIN:
            bad.append(f"{where}: {text!r}")
    return bad


def test_every_screen_is_fully_chinese_by_default(shell, qtbot, demo_app: App) -> None:
    window = shell.window
    problems: list[str] = []
    for key in PAGE_KEYS:
        window.go_to(key)
        qtbot.waitUntil(lambda: shell.runner.active == 0, timeout=10_000)
        problems += untranslated(window.pages[key])
    problems += untranslated(window)
    wizard = SetupWizard(demo_app, shell.runner)
    qtbot.addWidget(wizard)
    problems += untranslated(wizard)
    for kind in (wizard.ui.kindDistrict, wizard.ui.kindStation):  # captions change with the kind
        kind.setChecked(True)
        problems += untranslated(wizard)
    assert problems == []


def test_translation_file_is_complete_and_consistent() -> None:
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    problems = []
    messages = list(root.iter("message"))
    assert len(messages) > 150
    for m in messages:
        source = m.findtext("source") or ""
        tr = m.find("translation")
        assert tr is not None
        texts = [nf.text or "" for nf in tr.findall("numerusform")] if m.get("numerus") == "yes" else [tr.text or ""]
        if tr.get("type") in ("unfinished", "vanished", "obsolete") or not all(t.strip() for t in texts):
            problems.append(f"not translated: {source!r}")
            continue
        for text in texts:
            for placeholder in set(re.findall(r"%(?:n|\d)", source)):
                if placeholder not in text:
                    problems.append(f"{source!r}: translation lacks {placeholder}")
            if re.search(r"&\w", source) and not re.search(r"&\w", text):
                problems.append(f"{source!r}: translation lacks the keyboard shortcut")
    assert problems == []


def test_forms_and_translations_are_built_from_their_sources() -> None:
    """The generated Python and .qm are exactly what forms/build.py makes from the .ui/.ts/.py."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "forms" / "build.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_english_can_be_chosen_and_is_remembered(shell, qtbot, demo_app: App) -> None:
    old = shell.window
    page = old.go_to("settings")
    combo = page.ui.languageCombo
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: shell.window is not old, timeout=5_000)
    window = shell.window
    assert window.current_key() == "settings"  # the user stays where they were
    assert window.ui.navList.item(0).text() == "Home"
    assert window.pages["people"].ui.titleLabel.text() == "Roster"
    assert Settings(demo_app.layout.root).get(LANGUAGE) == "en"
    combo = window.pages["settings"].ui.languageCombo
    combo.setCurrentIndex(combo.findData("zh_CN"))
    qtbot.waitUntil(lambda: shell.window is not window, timeout=5_000)
    assert shell.window.ui.navList.item(0).text() == "首页"


@pytest.mark.parametrize("scale", [125, 150])
def test_text_size_is_applied_to_the_whole_window_and_remembered(shell, qtbot, demo_app: App, scale: int) -> None:
    base = QApplication.font().pointSizeF()
    old = shell.window
    combo = old.go_to("settings").ui.textSizeCombo
    combo.setCurrentIndex(combo.findData(scale))
    qtbot.waitUntil(lambda: shell.window is not old, timeout=5_000)
    assert QApplication.font().pointSizeF() == pytest.approx(base * scale / 100)
    assert Settings(demo_app.layout.root).get(TEXT_SCALE) == scale


@pytest.mark.parametrize("scale", [100, 150])
def test_nothing_is_clipped_at_any_text_size(make_shell, qtbot, demo_app: App, scale: int) -> None:
    """Every label and button is given at least the room its text needs."""
    shell = make_shell(demo_app, scale=scale)
    window = shell.open_main_window()
    window.showNormal()  # maximized on the offscreen screen (800×600): an office PC's window instead
    window.resize(1280, 720)
    clipped = []
    for key in PAGE_KEYS:
        window.go_to(key)
        qtbot.waitUntil(lambda: shell.runner.active == 0, timeout=10_000)
        QApplication.processEvents()  # let the layouts take in the loaded texts
        page = window.pages[key]
        for w in page.findChildren(QWidget):
            if not w.isVisible() or not isinstance(w, QLabel | QAbstractButton) or not w.text():
                continue
            if isinstance(w, QLabel) and w.wordWrap():
                if w.height() < w.heightForWidth(w.width()):
                    clipped.append(f"{key}/{w.objectName()}: {w.text()!r}")
            elif w.width() < w.minimumSizeHint().width() or w.height() < w.minimumSizeHint().height():
                clipped.append(f"{key}/{w.objectName()}: {w.text()!r}")
    nav = window.ui.navList
    for row in range(nav.count()):
        item = nav.item(row)
        needed = nav.fontMetrics().horizontalAdvance(item.text())
        assert nav.visualItemRect(item).width() > needed, item.text()
    assert clipped == []


def test_a_bad_stored_setting_falls_back_to_its_default(tmp_path: Path) -> None:
    (tmp_path / "ui-settings.ini").write_text("[ui]\nlanguage=fr\ntext_scale=300\n", encoding="utf-8")
    settings = Settings(tmp_path)
    assert settings.get(LANGUAGE) == "zh_CN"
    assert settings.get(TEXT_SCALE) == 100
    with pytest.raises(ValueError):
        settings.set(TEXT_SCALE, 175)
    assert Option("x/flag", bool, False).coerce("true") is True
