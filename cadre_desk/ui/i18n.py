"""The interface language: Qt translators for the app's own strings and Qt's standard ones.

Source strings in the code and forms are English; ``resources/i18n/cadre_desk_zh_CN.qm``
holds the complete Simplified Chinese translation, which is the default.  Qt's own
``qtbase_zh_CN.qm`` translates the standard buttons and dialogs (确定, 取消, 下一步 …).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resources import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}

_installed: list[QTranslator] = []


def app_title() -> str:
    """The program's name, as window titles and the About dialog show it."""
    return QCoreApplication.translate("Shell", "Cadre Station Books")


def qt_texts_qtbase_lacks() -> list[str]:
    """Texts of Qt's own dialogs that its ``qtbase_zh_CN.qm`` does not translate (Qt changed them
    after the translation was made); our translation file has them, in Qt's contexts."""
    return [
        QCoreApplication.translate("QFileDialog", "&Look in:"),
        QCoreApplication.translate("QFileDialog", "Files of &type:"),
    ]


def use_language_for_system_dates(language: str) -> None:
    """Dates that Qt writes in the system's format (the file dialog's 修改日期) in the interface's
    language: on Linux the system format comes from the environment (``LANG=C`` gives "7 12 2026"),
    so it is set for this process before the QApplication starts.  Windows and macOS take it
    from the user's regional settings, which a Chinese office PC has in Chinese anyway."""
    if language != "zh_CN" or os.name == "nt":
        return
    current = os.environ.get("LC_ALL") or os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
    if not current.startswith("zh_"):
        os.environ["LC_TIME"] = "zh_CN.UTF-8"
        os.environ.pop("LC_ALL", None)  # it would hide LC_TIME; LANG still sets the rest


def translations_dir() -> str:
    return str(resources_dir() / "i18n")


def install_language(language: str) -> None:
    """Switch the running app's translators to ``language`` (``zh_CN`` or ``en``)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, where in ((f"qtbase_{language}", qt_dir), (f"cadre_desk_{language}", translations_dir())):
        translator = QTranslator(app)
        if translator.load(name, where):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.error("translation %s not found in %s", name, where)
