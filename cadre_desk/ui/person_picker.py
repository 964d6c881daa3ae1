"""The one way a person is picked from the roster, wherever it is done (the door, 应到人员,
visits, service records, the audit trail): type a name, pinyin, initials, ID or phone digits.

* typing looks people up (after a short pause; Enter or ↓ look up at once);
* ↓/↑ move among the people offered (↓ also opens the list again);
* Enter picks the highlighted person, or the first (often the only) one offered;
* a click on a person offered picks them (in a list beside the field, a double click);
* Esc closes the list (with the list closed, it goes to the window as usual).

Enter is always handled by the field itself: it never reaches the dialog's default button,
so picking someone can neither save a form half filled in nor close it.

The people offered are shown in a list that floats under the field and never takes the
keyboard focus, or, with :meth:`PersonPicker.attach_list`, in a list of the form beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFrame, QLineEdit, QListWidget, QListWidgetItem, QWidget

from ..core.app import App
from ..core.services import activities as acts

SEARCH_DELAY_MS = 120
MAX_SHOWN = 30
ROWS_SHOWN = 12


def describe(person: acts.PersonBrief) -> str:
    """How a person is shown when choosing: name, category, branch and ID tail (namesakes differ)."""
    parts = [person.name, person.category, person.party_branch]
    text = " · ".join(p for p in parts if p)
    return text + (f" · …{person.id_tail}" if person.id_tail else "")


def _person_of(found: Any) -> acts.PersonBrief:
    """The person behind what a finder returned (a brief, or e.g. a door candidate holding one)."""
    return found if isinstance(found, acts.PersonBrief) else found.person


class _FloatingList(QListWidget):
    """The list under the field: a frameless window that never takes the keyboard focus."""

    def __init__(self, owner: QLineEdit) -> None:
        super().__init__(owner)
        self.setWindowFlags(
            Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.Box)
        self.setFont(owner.font())
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def show_under(self, field: QWidget) -> None:
        rows = max(1, min(self.count(), ROWS_SHOWN))
        height = self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 2
        width = max(field.width(), min(self.sizeHintForColumn(0) + 24, field.width() * 2))
        where = field.mapToGlobal(QPoint(0, field.height()))
        screen = field.screen().availableGeometry() if field.screen() is not None else None
        if screen is not None:
            width = min(width, screen.width())
            if where.y() + height > screen.bottom():  # no room below: above the field
                where = field.mapToGlobal(QPoint(0, 0 - height))
            where.setX(max(screen.left(), min(where.x(), screen.right() - width)))
        self.setGeometry(where.x(), where.y(), width, height)
        self.show()
        self.raise_()


class PersonPicker(QLineEdit):
    """Type to find, pick with Enter (or ↓/↑ then Enter, or a click); see the module's notes.

    ``person_id`` is the choice. Editing the text after a choice clears it, so what is shown
    is always what is chosen. With ``keep_choice`` off (adding several people one after
    another) the field is emptied after each pick and only :attr:`picked` tells who."""

    person_changed = Signal(object)  # the chosen person's id, or None
    picked = Signal(object)  # what was picked (what the finder returned), each time
    found = Signal(int)  # how many were offered after a lookup

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app: App | None = None
        #: who can be found: the roster (在册) by default; the audit trail finds everyone
        self.finder: Callable[..., list[Any]] = acts.find_people
        # how one found is shown in the list
        self.describer: Callable[[Any], str] = lambda found: describe(_person_of(found))
        # a last touch to each line of the list (e.g. grey for those already signed in)
        self.decorate: Callable[[QListWidgetItem, Any], None] | None = None
        # the ids not to offer (e.g. those already in the list being built)
        self.exclude: Callable[[], set[str]] | None = None
        # asked first on Enter with the text; True when it has dealt with the Enter itself
        # (the door: a card code, a signature awaited)
        self.before_enter: Callable[[str], bool] | None = None
        self.keep_choice = True
        self._person: acts.PersonBrief | None = None
        self._found: list[Any] = []
        self._list: QListWidget = _FloatingList(self)
        self._list.hide()
        self._floating = True
        self._list.itemClicked.connect(self._clicked)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Type a name, pinyin initials, ID or phone"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(self._edited)

    def set_app(self, app: App) -> None:
        self.app = app

    def attach_list(self, lst: QListWidget, *, delay_ms: int | None = None) -> None:
        """Offer the people found in ``lst`` (a list of the form, always shown) instead of a
        floating list; a double click there picks. The list never takes the keyboard focus."""
        self._list.itemClicked.disconnect(self._clicked)
        self._list.deleteLater()
        self._list = lst
        self._floating = False
        lst.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lst.itemClicked.connect(lambda _item: self.setFocus())
        lst.itemDoubleClicked.connect(self._clicked)
        if delay_ms is not None:
            self._timer.setInterval(delay_ms)

    # -- what is chosen ----------------------------------------------------------------------

    @property
    def person_id(self) -> str | None:
        return self._person.id if self._person else None

    @property
    def person(self) -> acts.PersonBrief | None:
        return self._person

    @property
    def offered(self) -> list[Any]:
        """What the list offers now (after the last lookup)."""
        return list(self._found)

    def current(self) -> Any | None:
        """What Enter would pick now: the highlighted one, else the first offered (looking up
        first if the pause after typing has not run out)."""
        if self._timer.isActive():
            self.search_now()
        row = self._list.currentRow()
        if 0 <= row < len(self._found):
            return self._found[row]
        return self._found[0] if self._found else None

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
        self._hide_list()
        self.person_changed.emit(self.person_id)

    def reset(self) -> None:
        """Empty the field and the list (nothing chosen), the focus kept here."""
        self._timer.stop()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self._found = []
        self._list.clear()
        self._hide_list()
        if self._person is not None:
            self._person = None
            self.person_changed.emit(None)

    # -- looking up --------------------------------------------------------------------------

    def _edited(self, _text: str) -> None:
        if self._person is not None:
            self._person = None
            self.person_changed.emit(None)
        self._timer.start()

    def _search(self, *, show: bool = True) -> None:
        self._timer.stop()
        text = self.text().strip()
        found = self.finder(self.app, text, limit=MAX_SHOWN) if self.app is not None and text else []
        if self.exclude is not None and found:
            skip = self.exclude()
            found = [f for f in found if _person_of(f).id not in skip]
        self._found = found
        lst = self._list
        lst.clear()
        for one in found:
            item = QListWidgetItem(self.describer(one))
            item.setData(Qt.ItemDataRole.UserRole, _person_of(one).id)
            if self.decorate is not None:
                self.decorate(item, one)
            lst.addItem(item)
        if found:
            lst.setCurrentRow(0)
        if found and show and self._floating and self.isVisible() and self.hasFocus():
            lst.show_under(self)  # type: ignore[attr-defined]
        elif not found:
            self._hide_list()
        self.found.emit(len(found))

    def search_now(self) -> None:
        """Look up at once (tests, and Enter or ↓ before the pause is over)."""
        self._search()

    def choose_first(self) -> bool:
        """Take the first match; False when nothing matches."""
        self._search(show=False)
        if not self._found:
            return False
        self._take(self._found[0])
        return True

    def _list_shown(self) -> bool:
        return not self._floating or self._list.isVisible()

    def _hide_list(self) -> None:
        if self._floating:
            self._list.hide()

    # -- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # never passed on: the dialog's default button is not pressed
            self._enter()
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            self._move(1 if key == Qt.Key.Key_Down else -1)
            return
        if key == Qt.Key.Key_Escape and self._floating and self._list.isVisible():
            event.accept()
            self._hide_list()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        text = self.text().strip()
        if self.before_enter is not None and self.before_enter(text):
            return
        if self._person is not None and not self._timer.isActive():
            self._hide_list()
            self.focusNextChild()  # already chosen: Enter moves on to the next field
            return
        if not text:
            return
        chosen = self.current()
        if chosen is None:
            QApplication.beep()
            self.found.emit(0)
            return
        self._take(chosen)

    def _move(self, step: int) -> None:
        if self._timer.isActive() or (self._floating and not self._list.isVisible()):
            if self._person is None:
                self._search()  # ↓ opens the list again (or looks up at once)
            return
        lst = self._list
        if lst.count():
            lst.setCurrentRow(max(0, min(lst.count() - 1, lst.currentRow() + step)))
            lst.scrollToItem(lst.currentItem())

    # -- picking -----------------------------------------------------------------------------

    def _clicked(self, item: QListWidgetItem) -> None:
        row = self._list.row(item)
        if 0 <= row < len(self._found):
            self._take(self._found[row])
        self.setFocus()

    def _take(self, found: Any) -> None:
        self._timer.stop()
        self._hide_list()
        person = _person_of(found)
        if self.keep_choice:
            self._person = person
            self.setText(describe(person))
            self.person_changed.emit(person.id)
        else:
            self.reset()
        self.picked.emit(found)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if not self._list.underMouse():
            self._hide_list()
        super().focusOutEvent(event)

    def hideEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self._hide_list()
        super().hideEvent(event)

    def moveEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self._hide_list()
        super().moveEvent(event)

