"""数据同步: who this computer is, what waits to be sent, and the bundles that carry it.

At a station: this computer's key fingerprint, the district office it has joined (or the
button to join it with its setup file), the changes not yet sent, and the two actions —
export a bundle for the district office, import the bundle it sends back.  At the
district office: the stations with their status and fingerprints; adding a station (which
saves its setup file), a new setup file for one that has not joined, stopping one, and
bundles for one or every station.  Both list the bundles sent, received and refused, and
the conflicts — fields both sides changed — for a person to settle.  Bundles are encrypted
for their addressee when its key is known, unless the setting beside the buttons says not.

Sending and receiving need the sync permission; joining, stations and the encryption
setting need the settings permission.  What the signed-in user may not use is disabled,
and its tooltip says why.

The page reads everything in the job runner (counting the changes takes a moment on a
big station); exports, imports and joining run there too, behind a progress dialog with a
cancel button.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QLocale, QModelIndex, QPersistentModelIndex, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFontDatabase
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QHeaderView, QLabel, QMessageBox, QTableView, QWidget

from ...core.app import App
from ...core.errors import DomainError
from ...core.jobs import CancelToken, Progress
from ...core.permissions import SETTINGS, SYNC, can
from ...core.services import activities as acts
from ...core.services import stations, sync
from ...core.sync.bundle import SUFFIX, BundleError
from ...core.vocab import ACTIVITY_CLASSES, CATEGORIES, PERSON_STATUSES, REPORT_STATUSES, SEX, VISIT_REASONS
from ..generated.ui_sync_page import Ui_SyncPage
from ..jobs import run_with_progress, show_error
from ..pdf_preview import open_folder
from ..sync_dialogs import AddStationDialog, last_folder, remember_folder, with_suffix
from ..widgets import RowsModel, emphasise, show_rows
from .base import Context, Page

OVERVIEW_TAB, STATIONS_TAB, HISTORY_TAB, CONFLICTS_TAB = range(4)
REFUSED_COLOUR = "#b00020"  # the colour of error texts in the forms
TAB_KEY = "sync/tab"
# the remembered column widths of each table
HEADER_KEYS = {"stationsTable": "sync_stations", "historyTable": "sync_history", "conflictsTable": "sync_conflicts"}
#: closed vocabularies: the stored code and the word shown for it
CODED_FIELDS: dict[tuple[str, str], dict[str, str]] = {
    ("people", "sex"): SEX,
    ("people", "category"): CATEGORIES,
    ("people", "activity_class"): ACTIVITY_CLASSES,
    ("people", "report_status"): REPORT_STATUSES,
    ("people", "status"): PERSON_STATUSES,
    ("visits", "reason"): VISIT_REASONS,
}


# -- the work done in the job runner -----------------------------------------------------------


@dataclass(frozen=True)
class SyncView:
    """Everything the page shows, read in one go."""

    me: sync.Identity
    peers: list[sync.PeerStatus]
    pending: int  # at a station: changes the district office has not confirmed
    history: list[sync.HistoryEntry]
    conflicts: list[sync.Conflict]
    type_names: dict[str, str]  # activity type id -> name, for conflicts over an activity's type
    encrypt: bool = True  # this install's setting: encrypt bundles when the addressee's key is known

    @property
    def district(self) -> sync.PeerStatus | None:
        """At a station: the district office it has joined (None before it joins)."""
        return next((p for p in self.peers if p.kind == "district"), None)

    @property
    def stations(self) -> list[sync.PeerStatus]:
        return [p for p in self.peers if p.kind == "station"]


def read_view(app: App, *, progress: Progress, cancel: CancelToken) -> SyncView:
    me = sync.identity(app)
    cancel.check()
    peers = sync.peers(app)
    cancel.check()
    district = next((p for p in peers if p.kind == "district"), None)
    pending = 0  # at the district: counted per station
    if district is not None:
        pending = district.pending
    elif me.kind == "station":
        pending = sync.pending_count(app)  # not joined yet: everything waits
    found = sync.conflicts(app)
    types: dict[str, str] = {}
    if any(c.field == "type_id" for c in found):
        types = {t.id: t.name for t in acts.activity_types(app, include_inactive=True)}
    encrypt = sync.encrypt_by_default(app)
    progress(1.0, "")
    return SyncView(me, peers, pending, sync.history(app), found, types, encrypt)


@dataclass(frozen=True)
class Refused:
    """A bundle that was not imported, and why (nothing was changed)."""

    message: str


def import_or_refuse(app: App, path: Path, *, progress: Progress, cancel: CancelToken) -> sync.ImportSummary | Refused:
    """Import a bundle; a refusal is a result to explain, not an error of the program."""
    try:
        return sync.import_bundle(app, path, progress=progress, cancel=cancel)
    except BundleError as exc:
        return Refused(exc.message)


def join_with_setup_file(app: App, path: Path, *, progress: Progress, cancel: CancelToken) -> stations.SetupFile:
    cancel.check()
    return stations.enrol(app, path)


# -- showing values ----------------------------------------------------------------------------


def size_text(size: int) -> str:
    """A file size as a person reads it: 36 KB, 4.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)) if size else 0} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def when_text(when: dt.datetime | None) -> str:
    """A moment in the short form of the interface's language ("" when there is none)."""
    if when is None:
        return ""
    stamp = QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute, when.second))
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


def monospace(label: QLabel, factor: float = 1.0) -> None:
    """Fingerprints: fixed-width digits, easy to read out group by group."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(label.font().pointSizeF() * factor)
    label.setFont(font)


class HistoryModel(RowsModel):
    """The bundles sent and received: refused ones in red, repeated ones dimmed."""

    def __init__(self, headers: list[str], *, align_right: tuple[int, ...], parent: QWidget) -> None:
        super().__init__(headers, align_right=align_right, parent=parent)
        self.refused: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.row() in self.refused:
            return QBrush(QColor(REFUSED_COLOUR))
        return super().data(index, role)


# -- the page ------------------------------------------------------------------------------------


class SyncPage(Page):
    """数据同步 at a station or at the district office."""

    key = "sync"

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ui = Ui_SyncPage()
        self.ui.setupUi(self)
        emphasise(self.ui.titleLabel, 1.4)
        self.ui.titleLabel.setText(self.tr("Data sync"))
        self.view: SyncView | None = None
        self.message: QMessageBox | None = None  # the last result shown (non-modal, so work can go on)
        self._generation = 0  # only the newest read is shown
        self._fields: dict[tuple[str, str], str] | None = None
        self._tips: dict[str, str] = {}  # a gated control's tooltip for users who may use it
        ui = self.ui
        ui.tabs.setUsesScrollButtons(False)
        for label in (ui.fingerprintValue, ui.districtFingerprintValue):
            monospace(label, 1.15)
        emphasise(ui.notJoinedLabel, bold=True)
        ui.localText.setMaximumHeight(ui.localText.fontMetrics().lineSpacing() * 5)
        ui.remoteText.setMaximumHeight(ui.remoteText.fontMetrics().lineSpacing() * 5)
        for hint in (ui.fingerprintHint, ui.helpLabel, ui.stationsHint):
            hint.setStyleSheet("color: palette(placeholder-text);")

        self.stations_model = RowsModel(self.station_headers(), align_right=(3,), parent=self)
        show_rows(ui.stationsTable, self.stations_model)
        # a few rows, every text in full (a fingerprint is read out, never cut short); scrolls when narrow
        ui.stationsTable.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        ui.stationsTable.horizontalHeader().setStretchLastSection(False)
        self.history_model = HistoryModel(self.history_headers(), align_right=(4, 5, 6), parent=self)
        show_rows(ui.historyTable, self.history_model)
        self.conflicts_model = RowsModel(self.conflict_headers(), parent=self)
        show_rows(ui.conflictsTable, self.conflicts_model)
        header = ui.conflictsTable.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (2, 3):  # the two values share the spare width; the boxes below show them in full
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for label in (ui.historyLabel, ui.conflictsLabel):
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._sized = {
            name: ctx.layout.restore_header(self._table(name).horizontalHeader(), key)
            for name, key in HEADER_KEYS.items()
        }
        ui.stationsTable.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        ui.conflictsTable.selectionModel().currentRowChanged.connect(lambda *_: self._show_conflict())

        ui.joinButton.clicked.connect(self.join_district)
        ui.exportButton.clicked.connect(self._export_from_overview)
        ui.importButton.clicked.connect(self.import_bundle)
        ui.addStationButton.clicked.connect(self.add_station)
        ui.reissueButton.clicked.connect(self.reissue_setup_file)
        ui.revokeButton.clicked.connect(self.revoke_station)
        ui.exportStationButton.clicked.connect(self.export_for_station)
        ui.exportAllButton.clicked.connect(self.export_for_all)
        ui.importStationsButton.clicked.connect(self.import_bundle)
        ui.stationsTable.doubleClicked.connect(lambda _index: self.export_for_station())
        ui.keepLocalButton.clicked.connect(lambda: self.resolve("local"))
        ui.keepRemoteButton.clicked.connect(lambda: self.resolve("remote"))
        ui.encryptCheck.clicked.connect(self.set_encryption)  # by the user only, not by show_view

        remembered = ctx.layout.value(TAB_KEY, str(OVERVIEW_TAB))
        tab = int(remembered) if remembered.isdigit() else OVERVIEW_TAB
        ui.tabs.setCurrentIndex(tab if 0 <= tab < ui.tabs.count() else OVERVIEW_TAB)
        ui.tabs.currentChanged.connect(lambda index: self.ctx.layout.set_value(TAB_KEY, str(index)))
        self._show_kind("station")
        self._update_buttons()

    def _table(self, name: str) -> QTableView:
        return getattr(self.ui, name)

    # -- headers and words -------------------------------------------------------------------

    def station_headers(self) -> list[str]:
        return [
            self.tr("Station"),
            self.tr("Status"),
            self.tr("Key fingerprint"),
            self.tr("Not yet sent"),
            self.tr("Last received"),
            self.tr("Last sent"),
        ]

    def history_headers(self) -> list[str]:
        return [
            self.tr("Time"),
            self.tr("Direction"),
            self.tr("Other side"),
            self.tr("Result"),
            self.tr("Records"),
            self.tr("Photos"),
            self.tr("Size"),
            self.tr("File"),
            self.tr("Notes"),
            self.tr("Encrypted"),
        ]

    def conflict_headers(self) -> list[str]:
        return [
            self.tr("Record"),
            self.tr("Item"),
            self.tr("This computer's value"),
            self.tr("Other side's value"),
            self.tr("In use now"),
            self.tr("Other side"),
            self.tr("Found"),
        ]

    def status_text(self, status: str) -> str:
        return {
            "pending": self.tr("Waiting to join"),
            "active": self.tr("Joined"),
            "revoked": self.tr("Stopped"),
        }.get(status, status)

    def result_text(self, result: str) -> str:
        return {
            "ok": self.tr("Done"),
            "duplicate": self.tr("Already imported"),
            "rejected": self.tr("Refused"),
        }.get(result, result)

    def field_name(self, entity: str, name: str) -> str:
        """The name of a field as the forms show it (the column name for the rare ones)."""
        if self._fields is None:
            people = {
                "name": self.tr("Name"),
                "sex": self.tr("Sex"),
                "ethnicity": self.tr("Ethnicity"),
                "birth_date": self.tr("Date of birth"),
                "id_number": self.tr("ID number"),
                "work_unit": self.tr("Former work unit"),
                "position": self.tr("Former position"),
                "rank": self.tr("Rank"),
                "category": self.tr("Retired or left office"),
                "retire_date": self.tr("Retirement date"),
                "political_status": self.tr("Political status"),
                "party_branch": self.tr("Party branch"),
                "activity_class": self.tr("Taking part in activities"),
                "report_status": self.tr("Reported to the community"),
                "report_date": self.tr("Date reported"),
                "phone_mobile": self.tr("Mobile"),
                "phone_home": self.tr("Home phone"),
                "address": self.tr("Address"),
                "emergency_contact": self.tr("Emergency contact"),
                "emergency_phone": self.tr("Emergency phone"),
                "health_notes": self.tr("Health"),
                "care_serious_illness": self.tr("Seriously ill"),
                "care_major_change": self.tr("Major change in the family"),
                "care_living_alone": self.tr("Living alone"),
                "care_empty_nest": self.tr("Empty nest"),
                "care_disabled": self.tr("Unable to look after themselves"),
                "interests": self.tr("Interests"),
                "talent_tags": self.tr("Talents"),
                "status": self.tr("Status in the roster"),
                "status_date": self.tr("Status changed on"),
                "moved_to": self.tr("Moved to"),
                "photo_sha256": self.tr("Photo"),
            }
            activities = {
                "title": self.tr("Activity title"),
                "type_id": self.tr("Activity type"),
                "date": self.tr("Activity date"),
                "start_time": self.tr("Start time"),
                "end_time": self.tr("End time"),
                "place": self.tr("Place"),
                "organiser": self.tr("Organised by"),
                "host": self.tr("Host"),
                "planned_rule": self.tr("Who is expected"),
                "record": self.tr("Activity record"),
            }
            visits = {
                "date": self.tr("Visit date"),
                "person_id": self.tr("Person visited"),
                "household": self.tr("Household visited"),
                "visitors": self.tr("Visitors"),
                "reason": self.tr("Reason"),
                "gifts": self.tr("Gifts"),
                "money": self.tr("Money given"),
                "situation": self.tr("Situation"),
                "needs": self.tr("Needs raised"),
                "follow_up": self.tr("Follow-up"),
                "follow_up_due": self.tr("Follow-up due"),
                "follow_up_done": self.tr("Follow-up done"),
            }
            common = {"deleted": self.tr("Deleted"), "notes": self.tr("Notes"), "name": self.tr("Name")}
            self._fields = {
                **{("", k): v for k, v in common.items()},
                **{("people", k): v for k, v in people.items()},
                **{("activities", k): v for k, v in activities.items()},
                **{("visits", k): v for k, v in visits.items()},
            }
        return self._fields.get((entity, name)) or self._fields.get(("", name)) or name

    def value_text(self, conflict: sync.Conflict, value: Any) -> str:
        """One side's value of a conflict, in words."""
        entity, name = conflict.entity, conflict.field
        if name == "deleted":
            return self.tr("Deleted") if value else self.tr("Not deleted")
        if value is None or value == "" or value == [] or value == {}:
            return self.tr("(empty)")
        if isinstance(value, bool):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        words = CODED_FIELDS.get((entity, name))
        if words is not None and value in words:
            return words[value]
        if name == "type_id" and self.view is not None and value in self.view.type_names:
            return self.view.type_names[value]
        if name == "photo_sha256":
            return self.tr("Photo %1").replace("%1", str(value)[:8])
        return str(value)

    def when_or_never(self, when: dt.datetime | None) -> str:
        return when_text(when) if when is not None else self.tr("Not yet")

    def describe_last_sync(self, when: str | None) -> str:
        """The last exchange as the status bar shows it (``when`` in ISO 8601, or None)."""
        if not when:
            return self.tr("Never")
        try:
            return when_text(dt.datetime.fromisoformat(when))
        except ValueError:
            return when

    # -- loading -----------------------------------------------------------------------------

    def load(self) -> None:
        self._generation += 1
        generation = self._generation
        if self.view is None:
            self.ui.pendingValue.setText(self.tr("Counting…"))
        job = self.ctx.runner.submit(self.tr("Reading the sync status"), read_view, self.ctx.app)
        job.succeeded.connect(lambda view: self.show_view(view) if generation == self._generation else None)
        job.failed.connect(lambda message, internal: show_error(self, self.tr("Data sync"), message, internal=internal))

    def _show_kind(self, kind: str) -> None:
        """Show what belongs to a station or to the district office."""
        ui = self.ui
        district = kind == "district"
        ui.districtBox.setVisible(not district)
        ui.exchangeForm.setRowVisible(ui.pendingValue, not district)
        ui.exchangeForm.setRowVisible(ui.stationsValue, district)
        ui.tabs.setTabVisible(STATIONS_TAB, district)
        if district:
            ui.exportButton.setText(self.tr("Export for a&ll stations…"))
            self._tips["exportButton"] = self.tr("One bundle for each station that has not been stopped, into a folder")
            ui.helpLabel.setText(
                self.tr(
                    "Stations send their bundles on a USB stick or as attachments: import each one here. Then "
                    "export a bundle for each station and send it back, so that the station receives the "
                    "district's changes and knows what has arrived."
                )
            )
        else:
            ui.exportButton.setText(self.tr("&Export bundle…"))
            self._tips["exportButton"] = self.tr("Save the changes not yet sent as a file for the district office")
            ui.helpLabel.setText(
                self.tr(
                    "Data travels between the station and the district office as a signed file, carried on a USB "
                    "stick or sent as an attachment. Every change made here is kept until the district confirms "
                    "it has received it."
                )
            )

    def show_view(self, view: SyncView) -> None:
        self.view = view
        ui = self.ui
        me = view.me
        district_office = me.kind == "district"
        self._show_kind(me.kind)
        ui.kindValue.setText(self.tr("District office") if district_office else self.tr("Station"))
        ui.nameValue.setText(me.name)
        ui.fingerprintValue.setText(me.fingerprint)

        # the district office this station has joined
        joined = view.district
        form = ui.districtForm
        for value in (ui.districtNameValue, ui.districtFingerprintValue):
            form.setRowVisible(value, joined is not None)
        form.setRowVisible(ui.notJoinedLabel, joined is None)
        form.setRowVisible(ui.joinLayout, joined is None)
        ui.districtNameValue.setText(joined.name if joined else "")
        ui.districtFingerprintValue.setText(joined.fingerprint if joined else "")

        # what waits, and when bundles last went and came
        if district_office:
            ui.stationsValue.setText(self.stations_summary(view.stations))
            sent = max((p.last_sent for p in view.stations if p.last_sent), default=None)
            received = max((p.last_received for p in view.stations if p.last_received), default=None)
        else:
            if view.pending:
                where = self.tr("%n change(s) not yet received by the district office", "", view.pending)
            else:
                where = self.tr("None: the district office has confirmed it has everything from here")
            ui.pendingValue.setText(where)
            sent = joined.last_sent if joined else None
            received = joined.last_received if joined else None
        ui.lastSentValue.setText(self.when_or_never(sent))
        ui.lastReceivedValue.setText(self.when_or_never(received))
        n = len(view.conflicts)
        ui.conflictsValue.setText(self.tr("%n to settle: see the Conflicts tab", "", n) if n else self.tr("None"))
        ui.conflictsCaption.setStyleSheet("font-weight: bold;" if n else "")
        ui.encryptCheck.setChecked(view.encrypt)
        self._tips["encryptCheck"] = self.encryption_tip(view)

        self._fill_stations(view.stations)
        self._fill_history(view.history)
        self._fill_conflicts(view.conflicts)
        self._update_buttons()

    def stations_summary(self, peers: list[sync.PeerStatus]) -> str:
        if not peers:
            return self.tr("None registered yet: add them on the Stations tab")
        parts = [self.tr("%n joined", "", sum(p.status == "active" for p in peers))]
        waiting = sum(p.status == "pending" for p in peers)
        stopped = sum(p.status == "revoked" for p in peers)
        if waiting:
            parts.append(self.tr("%n waiting to join", "", waiting))
        if stopped:
            parts.append(self.tr("%n stopped", "", stopped))
        return self.tr(", ").join(parts)

    def _size_once(self, name: str) -> None:
        """Columns as wide as their texts the first time there are rows (a long note no wider than a line)."""
        table = self._table(name)
        if not self._sized[name] and table.model().rowCount():
            table.resizeColumnsToContents()
            header = table.horizontalHeader()
            widest = table.fontMetrics().horizontalAdvance("中" * 18)
            for column in range(header.count()):
                if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                    header.resizeSection(column, min(header.sectionSize(column), widest))
            self._sized[name] = True

    def _fill_stations(self, peers: list[sync.PeerStatus]) -> None:
        chosen = self.selected_station()
        n = QLocale().toString
        rows = [
            (
                p.station_id,
                [
                    p.name,
                    self.status_text(p.status),
                    p.fingerprint or self.tr("(shown once it has joined)"),
                    n(p.pending),
                    self.when_or_never(p.last_received),
                    self.when_or_never(p.last_sent),
                ],
            )
            for p in peers
        ]
        tips = {
            i: self.tr("Waiting for the station's first bundle, which proves it holds the setup file.")
            for i, p in enumerate(peers)
            if p.status == "pending"
        }
        self.stations_model.set_rows(rows, greyed=[i for i, p in enumerate(peers) if p.status == "revoked"], tips=tips)
        self.ui.stationsHint.setText(
            self.tr(
                "Register each station here with Add station: it saves a setup file to give to the station. "
                "The station joins with it and its first bundle completes the joining."
            )
            if not peers
            else self.tr("Choose a station for a new setup file, to stop it, or to export a bundle for it.")
        )
        self._size_once("stationsTable")
        self._reselect(self.ui.stationsTable, self.stations_model.row_of(chosen.station_id) if chosen else -1)

    def _fill_history(self, entries: list[sync.HistoryEntry]) -> None:
        n = QLocale().toString
        rows = []
        tips = {}
        for i, e in enumerate(entries):
            rows.append(
                (
                    str(i),
                    [
                        when_text(e.at),
                        self.tr("Sent") if e.direction == "sent" else self.tr("Received"),
                        e.peer_name or "—",
                        self.result_text(e.result),
                        n(e.records),
                        n(e.photos),
                        size_text(e.size),
                        Path(e.file_name).name,
                        e.message,
                        self.tr("Yes") if e.encrypted else self.tr("No"),
                    ],
                )
            )
            tips[i] = e.file_name + (f"\n{e.message}" if e.message else "")
        self.history_model.refused = {i for i, e in enumerate(entries) if e.result == "rejected"}
        repeated = [i for i, e in enumerate(entries) if e.result == "duplicate"]
        self.history_model.set_rows(rows, greyed=repeated, tips=tips)
        empty = not entries
        self.ui.historyLabel.setVisible(empty)
        self.ui.historyLabel.setText(self.tr("No bundle has been sent or received yet."))
        self.ui.historyTable.setVisible(not empty)
        self._size_once("historyTable")

    def _fill_conflicts(self, found: list[sync.Conflict]) -> None:
        ui = self.ui
        row = max(0, ui.conflictsTable.currentIndex().row())
        rows = []
        for c in found:
            local, remote = self.value_text(c, c.local_value), self.value_text(c, c.remote_value)
            rows.append(
                (
                    str(c.seq),
                    [
                        f"{c.kind_label}：{c.label}" if c.label else c.kind_label,
                        self.field_name(c.entity, c.field),
                        local,
                        remote,
                        self.tr("This computer's") if c.current == "local" else self.tr("Other side's"),
                        c.peer_name,
                        when_text(c.detected_at),
                    ],
                )
            )
        self.conflicts_model.set_rows(rows)
        n = len(found)
        ui.tabs.setTabText(CONFLICTS_TAB, self.tr("Conflicts (%n)", "", n) if n else self.tr("Conflicts"))
        if n:
            ui.conflictsLabel.setText(
                self.tr(
                    "These items were changed both on this computer and by the other side before they had "
                    "exchanged bundles. The later change is in use for now. Choose which value to keep: the "
                    "choice goes to the other side with the next bundle."
                )
            )
        else:
            ui.conflictsLabel.setText(self.tr("There are no conflicts to settle."))
        for widget in (ui.conflictsTable, ui.localBox, ui.remoteBox, ui.keepLocalButton, ui.keepRemoteButton):
            widget.setVisible(bool(n))
        self._size_once("conflictsTable")
        self._reselect(ui.conflictsTable, min(row, n - 1))
        self._show_conflict()

    def _reselect(self, table: QTableView, row: int) -> None:
        if row >= 0:
            table.selectRow(row)
        else:
            table.clearSelection()
            table.setCurrentIndex(table.model().index(-1, -1))

    # -- what is chosen ----------------------------------------------------------------------

    def selected_station(self) -> sync.PeerStatus | None:
        if self.view is None:
            return None
        row = self.ui.stationsTable.currentIndex().row()
        if row < 0 or row >= self.stations_model.rowCount():
            return None
        station_id = self.stations_model.record_id(row)
        return next((p for p in self.view.stations if p.station_id == station_id), None)

    def selected_conflict(self) -> sync.Conflict | None:
        if self.view is None:
            return None
        row = self.ui.conflictsTable.currentIndex().row()
        if row < 0 or row >= self.conflicts_model.rowCount():
            return None
        seq = int(self.conflicts_model.record_id(row))
        return next((c for c in self.view.conflicts if c.seq == seq), None)

    def _show_conflict(self) -> None:
        ui = self.ui
        c = self.selected_conflict()
        in_use = self.tr(" (in use now)")
        local_title = self.tr("This computer's value")
        remote_title = self.tr("%1's value").replace("%1", c.peer_name) if c else self.tr("Other side's value")
        ui.localBox.setTitle(local_title + (in_use if c and c.current == "local" else ""))
        ui.remoteBox.setTitle(remote_title + (in_use if c and c.current == "remote" else ""))
        ui.localText.setPlainText(self.value_text(c, c.local_value) if c else "")
        ui.remoteText.setPlainText(self.value_text(c, c.remote_value) if c else "")
        self._update_buttons()

    def _update_buttons(self) -> None:
        ui = self.ui
        view = self.view
        me = view.me if view else None
        station = self.selected_station()
        if me is None or me.kind == "district":
            live = [p for p in view.stations if p.status != "revoked"] if view else []
            self._allow(ui.exportButton, SYNC, bool(live))
            self._allow(ui.importButton, SYNC, view is not None)
        else:
            joined = view is not None and view.district is not None
            self._allow(ui.exportButton, SYNC, joined)
            self._allow(ui.importButton, SYNC, joined)
            live = []
        self._allow(ui.exportAllButton, SYNC, bool(live))
        self._allow(ui.importStationsButton, SYNC, view is not None)
        self._allow(ui.exportStationButton, SYNC, station is not None and station.status != "revoked")
        chosen = self.selected_conflict() is not None
        self._allow(ui.keepLocalButton, SYNC, chosen)
        self._allow(ui.keepRemoteButton, SYNC, chosen)
        self._allow(ui.joinButton, SETTINGS, True)
        self._allow(ui.addStationButton, SETTINGS, view is not None)
        self._allow(ui.reissueButton, SETTINGS, station is not None and station.status == "pending")
        self._allow(ui.revokeButton, SETTINGS, station is not None and station.status != "revoked")
        self._allow(ui.encryptCheck, SETTINGS, view is not None)

    def _allow(self, control: QAbstractButton, permission: str, enabled: bool) -> None:
        """Enable a control when it can be used now and the signed-in user may; say why not otherwise."""
        allowed = can(self.ctx.app.actor, permission)
        control.setEnabled(enabled and allowed)
        name = control.objectName()
        if name not in self._tips:
            self._tips[name] = control.toolTip()
        if allowed:
            control.setToolTip(self._tips[name])
            return
        if permission == SYNC:
            why = self.tr("Your role does not allow sending or receiving bundles. Please ask an administrator.")
        else:
            why = self.tr("Only an administrator can change this (it needs the settings permission).")
        control.setToolTip("\n\n".join(t for t in (why, self._tips[name]) if t))

    def encryption_tip(self, view: SyncView) -> str:
        """What the encryption setting does here, and whose key has not arrived yet."""
        parts = [
            self.tr(
                "An encrypted bundle can only be opened on the computer it is for. Without encryption, anyone "
                "who finds the USB stick can read the names, ID numbers, phone numbers and health notes in it."
            )
        ]
        if view.me.kind == "district":
            waiting = [p.name for p in view.stations if p.status != "revoked" and not p.can_encrypt]
            parts.append(
                self.tr("A station's key arrives with its first bundle; until then its bundles go unencrypted.")
            )
            if waiting:
                parts.append(self.tr("No key yet from: %1").replace("%1", self.tr(", ").join(waiting)))
        elif view.district is not None and not view.district.can_encrypt:
            parts.append(
                self.tr(
                    "The district office's key has not arrived yet: bundles go unencrypted until its next bundle "
                    "is imported here."
                )
            )
        return "\n\n".join(parts)

    def set_encryption(self, on: bool) -> None:
        """Save the setting: encrypt bundles for their addressee (when its key is known)."""
        try:
            sync.set_encrypt_by_default(self.ctx.app, on)
        except DomainError as exc:
            self.ui.encryptCheck.setChecked(not on)
            show_error(self, self.tr("Encrypt bundles"), exc.message)
            return
        if self.view is not None:
            self.view = dataclasses.replace(self.view, encrypt=on)

    # -- results -----------------------------------------------------------------------------

    def inform(
        self, title: str, text: str, *, file: Path | None = None, extra: tuple[str, Callable[[], None]] | None = None
    ) -> QMessageBox:
        """A result, shown without stopping work; with a button to open the folder holding ``file``."""
        if self.message is not None:
            self.message.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text_label = box.findChild(QLabel, "qt_msgbox_label")
        if text_label is not None:  # room for a file path on a line or two rather than five
            text_label.setMinimumWidth(text_label.fontMetrics().horizontalAdvance("中" * 30))
        if file is not None:
            button = box.addButton(self.tr("Open the folder"), QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda: open_folder(file))
        if extra is not None:
            button = box.addButton(extra[0], QMessageBox.ButtonRole.ActionRole)
            button.clicked.connect(extra[1])
        box.open()
        self.message = box
        return box

    def _changed(self) -> None:
        """The books changed: this page and the rest of the window read them again."""
        before = self._generation
        self.data_changed.emit()  # the window marks every page stale, this one too
        if self._generation == before:  # not in a window, or not reloaded by it
            self.mark_stale()

    # -- joining the district office (at a station) ------------------------------------------

    def join_district(self) -> None:
        title = self.tr("Join the district office")
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            title,
            str(last_folder(self.ctx)),
            self.tr("Setup files (*%1)").replace("%1", stations.ENROL_SUFFIX) + ";;" + self.tr("All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        remember_folder(self.ctx, path)
        try:
            setup = stations.read_setup(path)
        except DomainError as exc:
            show_error(self, title, exc.message)
            return
        question = "\n\n".join(
            [
                self.tr("Join %1 as %2?").replace("%1", setup.district_name).replace("%2", setup.station_name),
                self.tr("Key fingerprint of the district office in this file:") + "\n" + setup.fingerprint,
                self.tr(
                    "Please check it with the district office: phone them and ask them to read out the fingerprint "
                    "shown on their Data sync page. Join only if every character matches; otherwise the file did "
                    "not come from them."
                ),
                self.tr("The books kept on this computer stay as they are."),
            ]
        )
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        run_with_progress(
            self.ctx.runner,
            self,
            self.tr("Joining the district office"),
            join_with_setup_file,
            self.ctx.app,
            path,
            on_success=self._joined,
        )

    def _joined(self, setup: stations.SetupFile) -> None:
        self.inform(
            self.tr("Join the district office"),
            self.tr("This station has joined %1.").replace("%1", setup.district_name)
            + "\n\n"
            + self.tr(
                "From now on, export a bundle for the district office whenever there are changes, and import the "
                "bundles it sends back."
            ),
        )
        self._changed()

    # -- exporting -----------------------------------------------------------------------------

    def _ask_bundle_file(self, title: str, peer_name: str) -> Path | None:
        suggested = last_folder(self.ctx) / sync.bundle_file_name(self.view.me.name if self.view else "", peer_name)
        chosen, _ = QFileDialog.getSaveFileName(
            self, title, str(suggested), self.tr("Sync bundles (*%1)").replace("%1", SUFFIX)
        )
        if not chosen:
            return None
        path = with_suffix(chosen, SUFFIX)
        remember_folder(self.ctx, path)
        return path

    def _export_from_overview(self) -> None:
        if self.view is not None and self.view.me.kind == "district":
            self.export_for_all()
        else:
            self.export_for_district()

    def export_for_district(self) -> None:
        """At a station: the bundle for the district office."""
        district = self.view.district if self.view else None
        if district is None:
            return
        title = self.tr("Export bundle")
        path = self._ask_bundle_file(title, district.name)
        if path is not None:
            run_with_progress(
                self.ctx.runner, self, title, sync.export_bundle, self.ctx.app, path, on_success=self._exported
            )

    def export_for_station(self) -> None:
        """At the district office: the bundle for the chosen station."""
        station = self.selected_station()
        if station is None or station.status == "revoked":
            return
        title = self.tr("Export bundle for %1").replace("%1", station.name)
        path = self._ask_bundle_file(title, station.name)
        if path is not None:
            run_with_progress(
                self.ctx.runner,
                self,
                title,
                sync.export_bundle,
                self.ctx.app,
                path,
                station_id=station.station_id,
                on_success=self._exported,
            )

    def contents_text(self, records: int, photos: int, size: int) -> str:
        return (
            self.tr("%n record(s)", "", records)
            + self.tr(", ")
            + self.tr("%n photo(s)", "", photos)
            + self.tr(", ")
            + size_text(size)
        )

    def encryption_text(self, summary: sync.BundleSummary) -> str:
        """Whether a bundle just saved is encrypted, and why not."""
        if summary.encrypted:
            return self.tr("It is encrypted: only %1 can open it.").replace("%1", summary.peer_name)
        if self.view is not None and self.view.encrypt:
            return self.tr(
                "It is not encrypted: the encryption key of %1 has not arrived yet. It comes with their next "
                "bundle; once that is imported here, bundles for them are encrypted."
            ).replace("%1", summary.peer_name)
        return self.tr("It is not encrypted: anyone who has the file can read it.")

    def _exported(self, summary: sync.BundleSummary) -> None:
        self.inform(
            self.tr("Export bundle"),
            "\n\n".join(
                [
                    self.tr("The bundle for %1 is saved: %2.")
                    .replace("%1", summary.peer_name)
                    .replace("%2", self.contents_text(summary.records, summary.photos, summary.size))
                    + " "
                    + self.encryption_text(summary),
                    self.tr("File: %1").replace("%1", str(summary.path)),
                    self.tr(
                        "Take the file to %1 on a USB stick or send it as an attachment; they import it on "
                        "their Data sync page."
                    ).replace("%1", summary.peer_name),
                ]
            ),
            file=summary.path,
        )
        self._changed()

    def export_for_all(self) -> None:
        """At the district office: one bundle per station into a folder."""
        title = self.tr("Export for all stations")
        chosen = QFileDialog.getExistingDirectory(self, title, str(last_folder(self.ctx)))
        if not chosen:
            return
        folder = Path(chosen)
        remember_folder(self.ctx, folder)
        run_with_progress(
            self.ctx.runner, self, title, sync.export_all, self.ctx.app, folder, on_success=self._exported_all
        )

    def _exported_all(self, summaries: list[sync.BundleSummary]) -> None:
        lines = [
            f"• {s.path.name}（{self.contents_text(s.records, s.photos, s.size)}"
            + (self.tr(", encrypted") if s.encrypted else self.tr(", not encrypted"))
            + "）"
            for s in summaries
        ]
        folder = summaries[0].path.parent if summaries else last_folder(self.ctx)
        self.inform(
            self.tr("Export for all stations"),
            self.tr("%n bundle(s) saved in %1:", "", len(summaries)).replace("%1", str(folder))
            + "\n"
            + "\n".join(lines)
            + "\n\n"
            + self.tr("Send each station the file with its name."),
            file=summaries[0].path if summaries else None,
        )
        self._changed()

    # -- importing -----------------------------------------------------------------------------

    def import_bundle(self) -> None:
        title = self.tr("Import bundle")
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            title,
            str(last_folder(self.ctx)),
            self.tr("Sync bundles (*%1)").replace("%1", SUFFIX) + ";;" + self.tr("All files (*)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        remember_folder(self.ctx, path)
        job = run_with_progress(
            self.ctx.runner, self, title, import_or_refuse, self.ctx.app, path, on_success=self._imported
        )
        job.cancelled.connect(self._changed)  # the backup was taken; the history may say so

    def _imported(self, result: sync.ImportSummary | Refused) -> None:
        title = self.tr("Import bundle")
        if isinstance(result, Refused):
            show_error(
                self,
                title,
                self.tr("The bundle was not imported. Nothing on this computer was changed.") + "\n\n" + result.message,
            )
            self.refresh()  # the refusal is in the history
            return
        if result.result == "duplicate":
            self.inform(
                title,
                self.tr("This bundle from %1 was imported before; nothing was changed.").replace(
                    "%1", result.peer_name
                ),
            )
            self.refresh()
            return
        parts = [
            self.tr("The bundle from %1 is imported.").replace("%1", result.peer_name),
            self.tr("It held %n record(s); %1 of them were new or changed here.", "", result.records).replace(
                "%1", QLocale().toString(result.applied)
            ),
        ]
        if result.photos:
            parts[-1] += self.tr(" %n photo(s) arrived with it.", "", result.photos)
        if result.backup is not None:
            parts.append(self.tr("The data was backed up before the import: %1").replace("%1", str(result.backup)))
        extra = None
        if result.conflicts:
            parts.append(
                self.tr(
                    "%n item(s) were changed on both sides. The later change is in use for now; please settle "
                    "them on the Conflicts tab.",
                    "",
                    result.conflicts,
                )
            )
            extra = (self.tr("Show the conflicts"), lambda: self.ui.tabs.setCurrentIndex(CONFLICTS_TAB))
        self.inform(title, "\n\n".join(parts), extra=extra)
        self._changed()

    # -- stations (at the district office) ---------------------------------------------------

    def add_station(self) -> bool:
        """Register a station and save its setup file; True when one was added."""
        dialog = AddStationDialog(self.ctx, self)
        if dialog.exec() != AddStationDialog.DialogCode.Accepted or dialog.enrolment is None:
            return False
        self._setup_file_saved(self.tr("Add station"), dialog.enrolment)
        self._changed()
        return True

    def _setup_file_saved(self, title: str, enrolment: stations.Enrolment, note: str = "") -> None:
        self.inform(
            title,
            "\n\n".join(
                [
                    self.tr("The setup file for %1 is saved:").replace("%1", enrolment.name)
                    + "\n"
                    + str(enrolment.path),
                    self.tr(
                        "Give it to the station (on a USB stick or as an attachment). When they join, they see the "
                        "fingerprint below: read it to them by phone and ask them to check that it matches."
                    ),
                    enrolment.district_fingerprint,
                    *([note] if note else []),
                ]
            ),
            file=enrolment.path,
        )

    def reissue_setup_file(self) -> None:
        station = self.selected_station()
        if station is None or station.status != "pending":
            return
        title = self.tr("New setup file")
        suggested = last_folder(self.ctx) / f"{station.name}{stations.ENROL_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(
            self, title, str(suggested), self.tr("Setup files (*%1)").replace("%1", stations.ENROL_SUFFIX)
        )
        if not chosen:
            return
        path = with_suffix(chosen, stations.ENROL_SUFFIX)
        remember_folder(self.ctx, path)
        try:
            enrolment = stations.reissue_setup(self.ctx.app, station.station_id, path)
        except DomainError as exc:
            show_error(self, title, exc.message)
            return
        self._setup_file_saved(title, enrolment, self.tr("Setup files saved before for this station no longer work."))
        self._changed()

    def revoke_station(self) -> None:
        station = self.selected_station()
        if station is None or station.status == "revoked":
            return
        title = self.tr("Stop accepting a station")
        question = self.tr(
            "Stop accepting bundles from %1?\n\nDo this when the station's computer is lost or replaced by "
            "another one. Its bundles are refused from then on and no more bundles are made for it. This cannot "
            "be undone."
        ).replace("%1", station.name)
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        try:
            stations.revoke_station(self.ctx.app, station.station_id)
        except DomainError as exc:
            show_error(self, title, exc.message)
            return
        self._changed()

    # -- conflicts -----------------------------------------------------------------------------

    def resolve(self, keep: str) -> None:
        """Keep this computer's value ("local") or the other side's ("remote") of the chosen conflict."""
        conflict = self.selected_conflict()
        if conflict is None:
            return
        try:
            sync.resolve_conflict(self.ctx.app, conflict.seq, keep)
        except DomainError as exc:
            show_error(self, self.tr("Settle a conflict"), exc.message)
        self._changed()

    def save_layout(self) -> None:
        for name, key in HEADER_KEYS.items():
            self.ctx.layout.save_header(self._table(name).horizontalHeader(), key)
        self.ctx.layout.set_value(TAB_KEY, str(self.ui.tabs.currentIndex()))
