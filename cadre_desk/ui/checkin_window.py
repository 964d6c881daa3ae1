"""Check-in at the door: type a few letters or scan a member card, press Enter, sign.

The search field keeps the keyboard focus the whole time (the signature pad and the lists
never take it), so a USB barcode scanner — which types the card's code and presses Enter —
always reaches it.  Everything works by keyboard alone:

* letters, digits: look people up (pinyin initials, name, ID or phone digits);
* Up/Down: choose among the people offered; Enter: sign the chosen one in;
* with the signature pad on, Enter first asks for the signature, a second Enter (or the
  next person's Enter or scan) confirms it; Esc cancels;
* F2: on leave (with a reason); F3: a visitor who is not on the roster;
* Ctrl+Z: undo the chosen (or the last) sign-in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QListWidgetItem,
    QMessageBox,
    QTreeWidgetItem,
    QWidget,
)

from ..core.app import App
from ..core.cards import looks_like_card_code, parse_card_code
from ..core.errors import DomainError
from ..core.permissions import RECORDS
from ..core.services import activities as acts
from ..core.services.media import store_image
from ..core.vocab import CHECKIN_METHODS, CHECKIN_STATUSES
from .generated.ui_checkin_window import Ui_CheckInWindow
from .pages.base import Context
from .roles import add_banner, denied_text, withhold
from .widgets import emphasise

LOOKUP_DELAY_MS = 60
OK_STYLE = "color: #1b5e20; font-weight: bold;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"
PAD_SETTING = "checkin/signature_pad"


@dataclass(frozen=True)
class Pending:
    """Someone chosen at the door whose signature is awaited."""

    person_id: str | None
    name: str
    method: str  # keyboard | scan
    walk_in: bool = False


#: the column of a sign-in book (:func:`book_item`) with the signature picture; the notes follow it
BOOK_SIGNATURE = 4


class CheckInWindow(QDialog):
    """The sign-in book of one activity, open at the door.

    For a user who may not change records it shows the book and finds people, but signs
    nobody in, records no leave or visitor and undoes nothing."""

    def __init__(self, ctx: Context, activity_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.app = ctx.app
        self.activity_id = activity_id
        self.changed = False  # anything written (the page refreshes its figures)
        self.pending: Pending | None = None
        self._session_entries: list[str] = []  # sign-ins made in this window, newest last
        self.ui = Ui_CheckInWindow()
        self.ui.setupUi(self)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        # the door's PC shows nothing else: the whole screen, F11 without the title bar (a kiosk)
        self.setWindowState(Qt.WindowState.WindowMaximized)
        emphasise(self.ui.titleLabel, 1.5)
        for label in (
            self.ui.invitedLabel,
            self.ui.presentLabel,
            self.ui.leaveLabel,
            self.ui.walkInLabel,
            self.ui.missingLabel,
        ):
            emphasise(label, 1.3)
        font = self.ui.searchEdit.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.ui.searchEdit.setFont(font)
        list_font = self.ui.candidateList.font()
        list_font.setPointSizeF(list_font.pointSizeF() * 1.25)
        self.ui.candidateList.setFont(list_font)
        self.ui.splitter.setStretchFactor(0, 1)
        self.ui.splitter.setStretchFactor(1, 1)

        # the roster's one person picker, its people offered in the list below it
        picker = self.ui.searchEdit
        picker.set_app(self.app)
        picker.attach_list(self.ui.candidateList, delay_ms=LOOKUP_DELAY_MS)
        picker.keep_choice = False
        picker.setPlaceholderText("")
        picker.finder = self._find
        picker.describer = self._label
        picker.decorate = self._decorate
        picker.before_enter = self._before_enter
        picker.picked.connect(self._picked)
        picker.found.connect(self._found)
        self.ui.expectedList.itemDoubleClicked.connect(self._sign_expected)
        self.ui.signButton.clicked.connect(self.enter)
        self.ui.leaveButton.clicked.connect(self.mark_leave)
        self.ui.walkInButton.clicked.connect(self.add_walk_in)
        self.ui.confirmButton.clicked.connect(self.confirm_pending)
        self.ui.cancelPendingButton.clicked.connect(self.cancel_pending)
        self.ui.clearPadButton.clicked.connect(self.ui.pad.clear)
        self.ui.undoButton.clicked.connect(self.undo)
        self.ui.closeButton.clicked.connect(self.close)
        self.ui.proxyCheck.toggled.connect(self._proxy_toggled)
        self.ui.padCheck.toggled.connect(self._pad_toggled)
        for button in (
            self.ui.signButton,
            self.ui.leaveButton,
            self.ui.walkInButton,
            self.ui.confirmButton,
            self.ui.cancelPendingButton,
            self.ui.clearPadButton,
            self.ui.undoButton,
            self.ui.closeButton,
        ):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        shortcuts = (
            QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.mark_leave),
            QShortcut(QKeySequence(Qt.Key.Key_F3), self, self.add_walk_in),
            QShortcut(QKeySequence.StandardKey.Undo, self, self.undo),
        )
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)

        self.ui.padCheck.setChecked(self.ctx.layout.value(PAD_SETTING, "1") == "1")
        self.read_only = not ctx.can(RECORDS)
        if self.read_only:
            ui = self.ui
            ui.padCheck.blockSignals(True)  # off for now, the station's choice kept for the next user
            ui.padCheck.setChecked(False)
            ui.padCheck.blockSignals(False)
            withhold(
                [
                    ui.signButton,
                    ui.leaveButton,
                    ui.walkInButton,
                    ui.undoButton,
                    ui.padCheck,
                    ui.proxyCheck,
                    ui.proxyEdit,
                    ui.padGroup,
                    *shortcuts,
                ],
                False,
            )
            add_banner(self, denied_text(RECORDS))
            ui.windowLayout.setStretchFactor(ui.splitter, 1)  # the lists take the height the pad had
            ui.searchLabel.setText(self.tr("Find someone: pinyin initials, name or the last digits of the ID number."))
        else:
            self._pad_toggled(self.ui.padCheck.isChecked())
        self.reload()
        self._show_pending()
        self.ui.searchEdit.setFocus()

    # -- the book ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the book again and show its entries and figures."""
        self.book = acts.check_in_book(self.app, self.activity_id)
        b = self.book
        self.setWindowTitle(self.tr("Check-in: %1").replace("%1", b.title))
        self.ui.titleLabel.setText(b.title)
        when = b.date.strftime("%Y-%m-%d")
        if b.start_time:
            when += " " + b.start_time.strftime("%H:%M")
            if b.end_time:
                when += "–" + b.end_time.strftime("%H:%M")
        parts = [when, b.type_name, b.place, self.tr("Host: %1").replace("%1", b.host) if b.host else ""]
        self.ui.infoLabel.setText("  ·  ".join(p for p in parts if p))
        self.ui.invitedLabel.setText(self.tr("Invited %1").replace("%1", str(b.invited)))
        self.ui.presentLabel.setText(self.tr("Present %1").replace("%1", str(b.present)))
        self.ui.leaveLabel.setText(self.tr("On leave %1").replace("%1", str(b.on_leave)))
        self.ui.walkInLabel.setText(self.tr("Visitors %1").replace("%1", str(b.walk_ins)))
        self.ui.missingLabel.setText(self.tr("Not yet here %1").replace("%1", str(len(b.expected))))
        tree = self.ui.entriesList
        tree.clear()
        items = []
        for e in reversed(b.entries):  # newest at the top: the door sees who just came
            item = book_item(self.app, e, "%H:%M")
            item.setData(0, Qt.ItemDataRole.UserRole, e.id)
            items.append(item)
        tree.setIconSize(QSize(80, 32))
        tree.addTopLevelItems(items)
        for column in range(BOOK_SIGNATURE + 1):
            tree.resizeColumnToContents(column)
        self.ui.bookTabs.setTabText(1, self.tr("Not yet here (%1)").replace("%1", str(len(b.expected))))
        self.ui.expectedList.clear()
        for person in b.expected:
            item = QListWidgetItem(self._describe(person))
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.ui.expectedList.addItem(item)
        self.ui.undoButton.setEnabled(bool(b.entries) and not self.read_only)

    def _describe(self, person: acts.PersonBrief) -> str:
        # the ID tail before the (long) branch: a narrow window elides the branch, not the digits
        tail = self.tr("ID …%1").replace("%1", person.id_tail) if person.id_tail else ""
        details = [person.category, tail, person.party_branch]
        return f"{person.name}    " + " · ".join(d for d in details if d)

    # -- looking people up ---------------------------------------------------------------

    @property
    def candidates(self) -> list[acts.DoorCandidate]:
        """The people offered for what was typed."""
        return self.ui.searchEdit.offered

    def update_candidates(self) -> None:
        """Look up what was typed at once."""
        self.ui.searchEdit.search_now()

    def _find(self, app: App, text: str, *, limit: int = 0) -> list[acts.DoorCandidate]:
        return [] if looks_like_card_code(text) else acts.door_candidates(app, self.activity_id, text)

    def _label(self, c: acts.DoorCandidate) -> str:
        label = self._describe(c.person)
        if c.status:
            label += "    【" + CHECKIN_STATUSES.get(c.status, c.status) + "】"
        elif c.invited:
            label += "    " + self.tr("(invited)")
        return label

    def _decorate(self, item: QListWidgetItem, c: acts.DoorCandidate) -> None:
        if c.status:
            item.setForeground(Qt.GlobalColor.gray)

    def _found(self, count: int) -> None:
        text = self.ui.searchEdit.text().strip()
        if not count and text and not looks_like_card_code(text):
            self._message(self._nobody(text), False)

    def _chosen(self) -> acts.DoorCandidate | None:
        return self.ui.searchEdit.current()

    # -- signing in ----------------------------------------------------------------------

    def enter(self) -> None:
        """Enter at the door: confirm a waiting signature and/or take the typed person or card."""
        text = self.ui.searchEdit.text().strip()
        if self._before_enter(text):
            return
        chosen = self._chosen()
        if chosen is None:
            self._fail(self._nobody(text))
            return
        self._picked(chosen)

    def _before_enter(self, text: str) -> bool:
        """What Enter does before anyone is picked: a waiting signature, a card; True when done."""
        if self.read_only:
            if text:
                self._fail(denied_text(RECORDS))
            return True
        if self.pending is not None:
            self.confirm_pending()
        if not text:
            return True
        person_id = parse_card_code(text)
        if person_id is not None:
            self._take(person_id, None, "scan")
            return True
        if looks_like_card_code(text):
            self._fail(self.tr("That scan was incomplete. Please scan the card again."))
            self._reset_search()
            return True
        return False

    def _picked(self, chosen: acts.DoorCandidate) -> None:
        if chosen.status:
            entry = self.book.entry_for(chosen.person.id)
            status = CHECKIN_STATUSES.get(chosen.status, chosen.status)
            time = entry.signed_at.strftime("%H:%M") if entry and entry.signed_at else ""
            self._fail(
                self.tr("%1 is already in the book (%2 %3).")
                .replace("%1", chosen.person.name)
                .replace("%2", status)
                .replace("%3", time)
            )
            self._reset_search()
            return
        self._take(chosen.person.id, chosen.person.name, "keyboard")

    def _take(self, person_id: str, name: str | None, method: str) -> None:
        """A person was chosen: sign them in now, or wait for their signature."""
        if name is None:  # from a card: the book or the roster knows the name
            briefs = acts.people_briefs(self.app, [person_id])
            if not briefs:
                self._fail(self.tr("This card's person is not in the roster (perhaps deleted)."))
                self._reset_search()
                return
            name = briefs[0].name
            if self.book.entry_for(person_id) is not None:
                self._fail(self.tr("%1 is already in the book.").replace("%1", name))
                self._reset_search()
                return
        self._reset_search()
        if self.ui.padCheck.isChecked():
            self.pending = Pending(person_id, name, method)
            self._show_pending()
            return
        self._save(Pending(person_id, name, method), signature=b"")

    def confirm_pending(self) -> None:
        if self.pending is None:
            return
        pending, self.pending = self.pending, None
        self._save(pending, signature=self.ui.pad.png())
        self._show_pending()

    def cancel_pending(self) -> None:
        if self.pending is not None:
            self._message(self.tr("Cancelled: %1 was not signed in.").replace("%1", self.pending.name), False)
            self.pending = None
            self._show_pending()

    def _save(self, pending: Pending, *, signature: bytes, proxy: bool | None = None) -> None:
        proxy = self.ui.proxyCheck.isChecked() if proxy is None else proxy
        proxy_name = self.ui.proxyEdit.text().strip()
        if proxy and not proxy_name:
            self._fail(self.tr("Type who signed on their behalf, or untick the box."))
            self.pending = pending
            self._show_pending()
            self.ui.proxyEdit.setFocus()
            return
        try:
            info = store_image(self.app, signature, "signature.png", derivatives=False) if signature else None
            method = "pad" if info is not None and pending.method == "keyboard" else pending.method
            entry = acts.check_in(
                self.app,
                self.activity_id,
                person_id=pending.person_id,
                walk_in_name=pending.name if pending.walk_in else "",
                status="proxy" if proxy else "signed",
                method=method,
                signature=info,
                proxy_name=proxy_name if proxy else "",
            )
        except DomainError as exc:
            self._fail(exc.message)
            return
        self.changed = True
        self._session_entries.append(entry)
        if proxy:
            self.ui.proxyEdit.clear()
            self.ui.proxyCheck.setChecked(False)
        self.reload()
        now = dt.datetime.now().strftime("%H:%M")
        text = self.tr("✓ %1 signed in at %2.") if not proxy else self.tr("✓ %1 signed in at %2 (on their behalf).")
        self._message(text.replace("%1", pending.name).replace("%2", now), True)

    def _sign_expected(self, item: QListWidgetItem) -> None:
        person: acts.PersonBrief = item.data(Qt.ItemDataRole.UserRole)
        if self.read_only:
            self._fail(denied_text(RECORDS))
            return
        if self.pending is not None:
            self.confirm_pending()
        self._take(person.id, person.name, "keyboard")
        self.ui.searchEdit.setFocus()

    # -- leave, visitors, undo -----------------------------------------------------------

    def mark_leave(self) -> None:
        """F2: record the person typed (or else the one waiting) as on leave, with a reason."""
        if self.read_only:
            return
        if self.ui.searchEdit.text().strip():
            chosen = self._chosen()
            if chosen is None:
                self._fail(self._nobody(self.ui.searchEdit.text().strip()))
                return
            if self.pending is not None:  # the one before, still waiting, is signed in as usual
                self.confirm_pending()
            person_id, name = chosen.person.id, chosen.person.name
        elif self.pending is not None and not self.pending.walk_in:
            person_id, name = self.pending.person_id, self.pending.name
        else:
            self._fail(self.tr("Type the name of the person on leave first, then press F2."))
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("On leave"), self.tr("Why is %1 not coming?").replace("%1", name)
        )
        if not ok:
            self.ui.searchEdit.setFocus()
            return
        try:
            entry = acts.check_in(self.app, self.activity_id, person_id=person_id, status="leave", leave_reason=reason)
        except DomainError as exc:
            self._fail(exc.message)
            return
        self.pending = None
        self._show_pending()
        self._session_entries.append(entry)
        self.changed = True
        self._reset_search()
        self.reload()
        self._message(self.tr("%1 is recorded as on leave (%2).").replace("%1", name).replace("%2", reason), True)

    def add_walk_in(self) -> None:
        """F3: someone not on the roster signs in by name."""
        typed = self.ui.searchEdit.text().strip()
        suggestion = typed if typed and not typed.isascii() else ""
        name, ok = QInputDialog.getText(
            self, self.tr("Visitor"), self.tr("Name of the visitor (not on the roster):"), text=suggestion
        )
        self.ui.searchEdit.setFocus()
        if not ok or not name.strip():
            return
        if self.pending is not None:
            self.confirm_pending()
        self._reset_search()
        pending = Pending(None, name.strip(), "keyboard", walk_in=True)
        if self.ui.padCheck.isChecked():
            self.pending = pending
            self._show_pending()
        else:
            self._save(pending, signature=b"")

    def undo(self) -> None:
        """Ctrl+Z: take back the chosen entry in the book, or the last one made here."""
        item = self.ui.entriesList.currentItem()
        entry_id = str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None
        if entry_id is None and self._session_entries:
            entry_id = self._session_entries[-1]
        if entry_id is None:
            self._fail(self.tr("Choose the sign-in to undo in the list."))
            return
        entry = next((e for e in self.book.entries if e.id == entry_id), None)
        if entry is None:
            self._session_entries = [e for e in self._session_entries if e != entry_id]
            return
        status = CHECKIN_STATUSES.get(entry.status, entry.status)
        answer = QMessageBox.question(
            self,
            self.tr("Undo sign-in"),
            self.tr("Take %1 (%2) out of the sign-in book?").replace("%1", entry.name).replace("%2", status),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        self.ui.searchEdit.setFocus()
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            acts.undo_check_in(self.app, entry_id)
        except DomainError as exc:
            self._fail(exc.message)
            return
        self._session_entries = [e for e in self._session_entries if e != entry_id]
        self.changed = True
        self.reload()
        self._message(self.tr("Undone: %1 is no longer in the book.").replace("%1", entry.name), True)

    # -- state shown ---------------------------------------------------------------------

    def _proxy_toggled(self, on: bool) -> None:
        """代签 ticked: the cursor goes to who signs on their behalf; unticked: back to the search."""
        self.ui.proxyEdit.setEnabled(on)
        if on and self.pending is not None and self.ui.searchEdit.text().strip():
            # the one before is still waiting while the next (signed for by someone) is typed:
            # it is signed in as it was, not on someone's behalf
            pending, self.pending = self.pending, None
            self._save(pending, signature=self.ui.pad.png(), proxy=False)
            self._show_pending()
        if on:
            self.ui.proxyEdit.setFocus()
            self.ui.proxyEdit.selectAll()
        else:
            self.ui.searchEdit.setFocus()

    def _proxy_entered(self) -> None:
        """Enter in 代签人: sign in the person typed in the search, or the one waiting."""
        if self.ui.searchEdit.text().strip():
            self.enter()
        elif self.pending is not None:
            self.confirm_pending()
        self.ui.searchEdit.setFocus()

    def _pad_toggled(self, on: bool) -> None:
        self.ctx.layout.set_value(PAD_SETTING, "1" if on else "0")
        self.ui.padGroup.setEnabled(on)
        if not on and self.pending is not None:
            self.confirm_pending()
        self._show_pending()
        self.ui.searchEdit.setFocus()

    def _show_pending(self) -> None:
        pad = self.ui.pad
        pad.clear()
        waiting = self.pending is not None
        self.ui.confirmButton.setEnabled(waiting)
        self.ui.cancelPendingButton.setEnabled(waiting)
        self.ui.clearPadButton.setEnabled(waiting)
        if waiting:
            self.ui.padGroup.setTitle(self.tr("Signature of %1").replace("%1", self.pending.name))
            pad.set_hint(self.tr("%1, please sign here. Then press Enter.").replace("%1", self.pending.name))
        else:
            self.ui.padGroup.setTitle(self.tr("Signature"))
            pad.set_hint(
                self.tr("The signature is asked for after Enter.")
                if self.ui.padCheck.isChecked()
                else self.tr("Signatures are off.")
            )
        pad.setEnabled(waiting)

    def _reset_search(self) -> None:
        self.ui.searchEdit.reset()
        self.ui.searchEdit.setFocus()

    def _message(self, text: str, ok: bool) -> None:
        self.ui.messageLabel.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.ui.messageLabel.setText(text)

    def _nobody(self, text: str) -> str:
        return self.tr("Nobody in the roster matches “%1”. F3 records a visitor.").replace("%1", text)

    def _fail(self, text: str) -> None:
        QApplication.beep()
        self._message(text, False)

    def escape(self) -> None:
        if self.pending is not None:
            self.cancel_pending()
        elif self.ui.searchEdit.text():
            self._reset_search()
            self.ui.messageLabel.clear()
        else:
            self.close()

    def toggle_full_screen(self) -> None:
        """F11: the whole screen without the title bar (a kiosk PC at the door), and back."""
        if self.isFullScreen():
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.setWindowState(Qt.WindowState.WindowFullScreen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.ui.proxyEdit:
                self._proxy_entered()
                return
            self.enter()  # focus somewhere else (a list): Enter still signs in
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.pending is not None:
            self.confirm_pending()  # someone chosen (and perhaps signed) is kept, not lost
        super().reject()


def book_item(app: App, entry: acts.BookEntry, time_format: str) -> QTreeWidgetItem:
    """One line of a sign-in book: time, name, status, how, the handwritten signature, notes."""
    notes = entry.proxy_name if entry.status == "proxy" else entry.leave_reason
    if entry.walk_in:
        notes = (QCoreApplication.translate("CheckInWindow", "Visitor") + " " + notes).strip()
    elif not entry.invited:
        notes = (QCoreApplication.translate("CheckInWindow", "Not invited") + " " + notes).strip()
    item = QTreeWidgetItem(
        [
            entry.signed_at.strftime(time_format) if entry.signed_at else "",
            entry.name,
            CHECKIN_STATUSES.get(entry.status, entry.status),
            CHECKIN_METHODS.get(entry.method, entry.method),
            "",
            notes,
        ]
    )
    if entry.signature_sha256:  # the handwritten signature itself, as in the paper book (always PNG)
        item.setIcon(BOOK_SIGNATURE, QIcon(str(app.media.original_path(entry.signature_sha256, "png"))))
    return item
