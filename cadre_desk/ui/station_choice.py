"""The station combo of the district's pages: 全部驿站, then each station whose books it holds.

At a station install the combo and its label stay hidden: a station only has its own books.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from ..core.app import App
from ..core.services.scope import ALL_STATIONS, StationRef, is_district, report_stations


class StationChoice:
    """Keeps a page's station combo filled (stations arrive with sync) and says what is chosen."""

    def __init__(self, app: App, label: QLabel, combo: QComboBox, every: str) -> None:
        self.app = app
        self.combo = combo
        self.every = every
        self.district = is_district(app)
        self.stations: list[StationRef] = []
        label.setVisible(self.district)
        combo.setVisible(self.district)

    def fill(self) -> None:
        """Read the stations again, keeping the one chosen (or 全部驿站 if it is gone)."""
        if not self.district:
            return
        self.stations = report_stations(self.app)
        combo = self.combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.every, ALL_STATIONS)
        for station in self.stations:
            combo.addItem(station.name, station.id)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def choice(self) -> str | None:
        """For the ledgers: None (the install's own station) at a station; at the district
        :data:`ALL_STATIONS` or the chosen station's id."""
        if not self.district:
            return None
        return str(self.combo.currentData() or ALL_STATIONS)

    def station_id(self) -> str | None:
        """For the lists: the chosen station's id, or None for every row."""
        choice = self.choice()
        return None if choice in (None, ALL_STATIONS) else choice

    def chosen_name(self) -> str:
        """The chosen station's name, or 全部驿站 (the combo's first entry)."""
        return self.combo.currentText() if self.district else ""
