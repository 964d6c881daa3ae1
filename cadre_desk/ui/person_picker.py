"""A field that finds one person in the roster as you type (name, pinyin, initials, ID or phone)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from ..core.app import App
from ..core.services import activities as acts

SEARCH_DELAY_MS = 120
MAX_SHOWN = 30


def describe(person: acts.PersonBrief) -> str:
    """How a person is shown when choosing: name, category, branch and ID tail (namesakes differ)."""
    parts = [person.name, person.category, person.party_branch]
    text = " · ".join(p for p in parts if p)
    return text + (f" · …{person.id_tail}" if person.id_tail else "")


class PersonPicker(QLineEdit):
    """Type to find, pick from the list (↓ and Enter, or a click); ``person_id`` is the choice.

    Editing the text after a choice clears it, so what is shown is always what is chosen."""

    person_changed = Signal(object)  # the chosen person's id, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app: App | None = None
        #: who can be found: the roster (在册) by default; the audit trail finds everyone
        self.finder: Callable[..., list[acts.PersonBrief]] = acts.find_people
        self._person: acts.PersonBrief | None = None
        self._found: list[acts.PersonBrief] = []
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        completer.activated[QModelIndex].connect(self._chosen)
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Type a name, pinyin initials, ID or phone"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._edited)

    def set_app(self, app: App) -> None:
        self.app = app

    @property
    def person_id(self) -> str | None:
        return self._person.id if self._person else None

    @property
    def person(self) -> acts.PersonBrief | None:
        return self._person

    def set_person(self, person_id: str | None, name: str = "") -> None:
        """Show a chosen person (from a saved record); ``name`` is used when not in the roster now."""
        self._timer.stop()
        self._person = None
        if person_id and self.app is not None:
            found = acts.people_briefs(self.app, [person_id])
            self._person = found[0] if found else acts.PersonBrief(person_id, name, "", "", "")
        elif person_id:
            self._person = acts.PersonBrief(person_id, name, "", "", "")
        self.setText(describe(self._person) if self._person else "")
        self.person_changed.emit(self.person_id)

    def _edited(self, _text: str) -> None:
        if self._person is not None:
            self._person = None
            self.person_changed.emit(None)
        self._timer.start()

    def _search(self) -> None:
        text = self.text().strip()
        if self.app is None or not text:
            self._found = []
            self._model.setStringList([])
            return
        self._found = self.finder(self.app, text, limit=MAX_SHOWN)
        self._model.setStringList([describe(p) for p in self._found])
        if self._found:
            self.completer().complete()

    def search_now(self) -> None:
        """Search at once (tests, and Enter before the pause)."""
        self._timer.stop()
        self._search()

    def choose_first(self) -> bool:
        """Take the first match (Enter with the list closed); False when nothing matches."""
        self.search_now()
        if not self._found:
            return False
        self._take(self._found[0])
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter picks the first match (or, once someone is picked, moves on); it never
        reaches the dialog's default button, so it cannot save a form half filled in."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.completer().popup().isVisible():
            if self._person is None and self.text().strip():
                self.choose_first()
            elif self._person is not None:
                self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)

    def _chosen(self, index: QModelIndex) -> None:
        row = index.row()
        if 0 <= row < len(self._found):  # the completer writes the same text as ours
            self._take(self._found[row])

    def _take(self, person: acts.PersonBrief) -> None:
        self._timer.stop()
        self._person = person
        self.setText(describe(person))
        self.completer().popup().hide()
        self.person_changed.emit(person.id)
