"""Preferences (declared once, with type and default) and window layout state, kept apart.

Both live in the data dir as INI files, so a station's PC keeps its own and tests never
touch the real user's: ``ui-settings.ini`` holds what the user chose in 设置;
``ui-layout.ini`` holds what the window remembers by itself (size, position, splitters,
column widths, the last page).  Throwing the layout file away never loses a choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

T = TypeVar("T", str, int, bool)

SETTINGS_FILE = "ui-settings.ini"
LAYOUT_FILE = "ui-layout.ini"


@dataclass(frozen=True)
class Option(Generic[T]):
    """One user preference: its key, type, default and (when closed) allowed values."""

    key: str
    type: type[T]
    default: T
    choices: Sequence[T] | None = None

    def coerce(self, raw: Any) -> T:
        """The stored value as this option's type; the default when missing or invalid."""
        if raw is None:
            return self.default
        try:
            if self.type is bool:
                value: Any = raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes")
            else:
                value = self.type(raw)
        except (TypeError, ValueError):
            return self.default
        if self.choices is not None and value not in self.choices:
            return self.default
        return value  # type: ignore[no-any-return]


LANGUAGE = Option("ui/language", str, "zh_CN", ("zh_CN", "en"))
TEXT_SCALE = Option("ui/text_scale", int, 100, (100, 125, 150))

OPTIONS: tuple[Option[Any], ...] = (LANGUAGE, TEXT_SCALE)


class Settings:
    """The user's preferences for one data dir."""

    def __init__(self, data_dir: Path) -> None:
        self._qs = QSettings(str(Path(data_dir) / SETTINGS_FILE), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        return option.coerce(self._qs.value(option.key))

    def set(self, option: Option[T], value: T) -> None:
        if option.coerce(value) != value:
            raise ValueError(f"{value!r} is not a valid value for {option.key}")
        self._qs.setValue(option.key, value)
        self._qs.sync()


def _text_height(header: QHeaderView) -> int:
    return header.fontMetrics().height()


class LayoutState:
    """What the window remembers about itself between runs."""

    def __init__(self, data_dir: Path) -> None:
        self._qs = QSettings(str(Path(data_dir) / LAYOUT_FILE), QSettings.Format.IniFormat)

    def save_window(self, window: QMainWindow, name: str = "main") -> None:
        self._qs.setValue(f"{name}/geometry", window.saveGeometry())
        self._qs.setValue(f"{name}/state", window.saveState())
        self._qs.sync()

    def restore_window(self, window: QMainWindow, name: str = "main") -> bool:
        """Restore size and position; False when there was nothing (or nothing usable) to restore.

        A size and place remembered from a larger screen (or one no longer attached) is not
        restored: the window must fit, with its frame, the screen it opens on."""
        from .widgets import fits_on_screen

        geometry = self._qs.value(f"{name}/geometry")
        restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
        if restored and not fits_on_screen(window):
            window.setWindowState(Qt.WindowState.WindowNoState)
            restored = False
        state = self._qs.value(f"{name}/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return bool(restored)

    def save_splitter(self, splitter: QSplitter, name: str) -> None:
        self._qs.setValue(f"splitters/{name}", splitter.saveState())

    def restore_splitter(self, splitter: QSplitter, name: str) -> None:
        state = self._qs.value(f"splitters/{name}")
        if isinstance(state, QByteArray):
            splitter.restoreState(state)

    def save_header(self, header: QHeaderView, name: str) -> None:
        self._qs.setValue(f"headers/{name}", header.saveState())
        self._qs.setValue(f"headers/{name}-text", _text_height(header))

    def restore_header(self, header: QHeaderView, name: str) -> bool:
        """Restore a table's column widths (and hidden columns) as the user left them; False, and
        nothing restored, when they were set at another text size (the columns are then sized
        from their content again)."""
        state = self._qs.value(f"headers/{name}")
        if str(self._qs.value(f"headers/{name}-text", "")) != str(_text_height(header)):
            return False
        return isinstance(state, QByteArray) and header.restoreState(state)

    def value(self, key: str, default: str = "") -> str:
        value = self._qs.value(key)
        return str(value) if value is not None else default

    def set_value(self, key: str, value: str) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()
