"""Personal data as each user may see it: the masking rules in one place.

ID numbers, phone numbers and health notes are shown in full only to roles holding
:data:`~.permissions.SENSITIVE` (管理员, 操作员); everyone else (只读) sees them masked.
Printed ledgers and exports mask them — and addresses — unless full data is asked for, which
only :data:`~.permissions.FULL_EXPORT` (管理员, and the command line) may do.

* ID number: the first 6 and the last 4 characters stay — ``370202********1234``; a value
  too short for that keeps at most its last 4, and a very short one nothing.
* mobile: ``138****5678``; landline: the area code and the last 4 digits, ``0532-****1234``
  (an extension stays); anything else keeps its last 4 digits.
* address: kept up to the street, estate or village — ``金湖路****``.
* health notes: :data:`HIDDEN` instead of the text.

Masked values have the shape of the full ones, so they fit the same columns of a ledger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .permissions import FULL_EXPORT, SENSITIVE, can, require

if TYPE_CHECKING:
    from .app import Actor

#: what stands for health notes a user may not see
HIDDEN = "（已隐藏）"
#: the note printed under a masked table
MASKED_NOTE = "注：为保护个人信息，身份证号、联系电话和家庭住址已部分隐去。"

#: ID numbers this long or longer keep their first 6 and last 4 characters (15- and 18-digit numbers)
_KEEP_HEAD_FROM = 14
#: shorter values keep their last 4 only from this length on (never more than half)
_KEEP_TAIL_FROM = 8


def mask_id_number(number: str | None) -> str:
    """``370202********1234``: the first 6 and last 4 characters, the rest as ``*``.

    A value too short for a real ID number reveals less: its last 4 from 8 characters on,
    nothing below that (every character a ``*``).  "" and None give "".
    """
    if not number:
        return ""
    s = number.strip()
    n = len(s)
    if n >= _KEEP_HEAD_FROM:
        return s[:6] + "*" * (n - 10) + s[-4:]
    if n >= _KEEP_TAIL_FROM:
        return "*" * (n - 4) + s[-4:]
    return "*" * n


def _mask_digits_keep_last4(s: str) -> str:
    positions = [i for i, ch in enumerate(s) if ch.isdigit()]
    keep = 4 if len(positions) > 8 else len(positions) // 2  # never more than half the digits
    hidden = set(positions[: len(positions) - keep])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(s))


def mask_phone(phone: str | None) -> str:
    """A phone number masked: ``138****1234``, ``0532-****1234`` (``-123`` extension kept);
    "" stays "".  Anything that is not a phone number keeps at most its last 4 digits."""
    if not phone:
        return ""
    s = phone.strip()
    if re.fullmatch(r"1\d{10}", s):
        return s[:3] + "****" + s[7:]
    m = re.fullmatch(r"(0\d{2,3})-(\d{7,8})(-\d{1,6})?", s)
    if m:
        local = m.group(2)
        return f"{m.group(1)}-{'*' * (len(local) - 4)}{local[-4:]}{m.group(3) or ''}"
    from .validators import ValidationError, normalize_phone  # validators re-exports these masks

    try:
        normalized, _ = normalize_phone(s)
    except ValidationError:
        return _mask_digits_keep_last4(s)
    return mask_phone(normalized)


#: the place words an address is kept up to when masked (the street or village, never the door)
_ADDRESS_PLACES = re.compile(r"^.*?(?:街道|大道|胡同|小区|社区|花园|公寓|新村|家园|路|街|巷|道|弄|里|村|屯|组|苑)")


def mask_address(address: str | None) -> str:
    """Mask an address after its street, village or estate: "金湖路12号3单元401" → "金湖路****".

    Without such a word, the first few characters stay: "青岛市市南区某某12号" → "青岛市市南区****"
    keeps up to the district.  "" stays "".
    """
    if not address:
        return ""
    s = address.strip()
    m = _ADDRESS_PLACES.match(s)
    keep = m.group(0) if m and len(m.group(0)) < len(s) else ""
    if not keep:
        district = re.match(r"^.*?(?:区|县|市|镇|乡)", s)
        keep = district.group(0) if district and len(district.group(0)) < len(s) else s[: min(3, len(s) // 2)]
    return keep + "****"


def mask_health(notes: str | None) -> str:
    """Health notes hidden: :data:`HIDDEN` when there are any, "" when there are none."""
    return HIDDEN if notes and notes.strip() else ""


@dataclass(frozen=True)
class Disclosure:
    """How personal data is shown: in full, or masked (the default).

    :meth:`for_screen` decides it for what a user sees in the window, :meth:`for_export`
    for what is printed or exported; the methods then show each value accordingly.
    """

    full: bool = False

    @classmethod
    def for_screen(cls, actor: Actor) -> Disclosure:
        """In full for roles that may see personal data (:data:`SENSITIVE`), masked otherwise."""
        return cls(can(actor, SENSITIVE))

    @classmethod
    def for_export(cls, actor: Actor, full_data: bool = False) -> Disclosure:
        """Masked, unless ``full_data`` is asked for — which raises
        :class:`~.permissions.PermissionDenied` unless the actor holds :data:`FULL_EXPORT`."""
        if full_data:
            require(actor, FULL_EXPORT)
        return cls(full_data)

    def id_number(self, value: str | None) -> str:
        return (value or "") if self.full else mask_id_number(value)

    def phone(self, value: str | None) -> str:
        return (value or "") if self.full else mask_phone(value)

    def address(self, value: str | None) -> str:
        return (value or "") if self.full else mask_address(value)

    def health(self, value: str | None) -> str:
        return (value or "") if self.full else mask_health(value)


#: the default of every printout and export
MASKED = Disclosure(False)
#: everything in full (the command line's own books, tests)
FULL = Disclosure(True)
