"""What a member card's QR code says, and reading it back from a scanner.

The code names the person by their record id only (never the ID number or phone), in
upper case so the QR uses its compact alphanumeric mode::

    CD1-0192F3A47B2C7D4E8F9012AB34CD56EF

A USB barcode scanner types this like a keyboard and presses Enter; :func:`parse_card_code`
accepts exactly this form (any letter case, surrounding spaces) and nothing else, so a
name typed at the door is never mistaken for a card.
"""

from __future__ import annotations

import re
import uuid

PREFIX = "CD1-"
_CODE = re.compile(r"^CD1-([0-9A-F]{32})$")


def card_code(person_id: str) -> str:
    """The QR content printed on this person's member card."""
    return PREFIX + uuid.UUID(person_id).hex.upper()


def parse_card_code(text: str) -> str | None:
    """The person id a scanned card names, or None when ``text`` is not a card code."""
    match = _CODE.match(text.strip().upper())
    if match is None:
        return None
    return str(uuid.UUID(hex=match.group(1)))


def looks_like_card_code(text: str) -> bool:
    """True while ``text`` could be the start of a card code (the scanner is still typing)."""
    t = text.strip().upper()
    return bool(t) and (PREFIX.startswith(t) or t.startswith(PREFIX))
