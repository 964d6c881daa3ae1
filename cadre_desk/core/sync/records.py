"""Synced rows as bundle records, and the per-field merge of two copies of a row.

A record is a JSON object::

    {"t": "people", "id": "…", "o": origin, "c": hlc_created, "u": hlc_updated,
     "f": {field: hlc} | null, "d": deleted, "v": {column: value}}

Values are JSON-safe (dates ISO 8601, money and hours as decimal strings).  Columns that
are local to an install (search keys) never travel; they are derived again on arrival.

Merging is a last-writer-wins register per field, decided by HLC stamp (a field missing
from ``f`` was last written at ``c``).  It is commutative, associative and idempotent,
so copies that have seen the same records hold the same rows whatever the order.
Append-only books (sign-ins, service records) only ever merge their tombstone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, Table, Time

from ..app import json_safe
from ..models import SYNCED_MODELS, AuditEntry, CheckIn, Person, ScaledDecimal, ServiceRecord, SyncedMixin
from ..pinyin import search_keys

META_KEYS = ("id", "origin", "hlc_created", "hlc_updated", "field_hlc", "deleted")
APPEND_ONLY: frozenset[str] = frozenset({CheckIn.__tablename__, ServiceRecord.__tablename__})
#: where each kind of record keeps the media files it refers to
MEDIA_COLUMNS: dict[str, tuple[str, ...]] = {
    "attachments": ("sha256",),
    "check_ins": ("signature_sha256",),
    "people": ("photo_sha256",),
    "month_closes": ("pdf_sha256", "xlsx_sha256"),  # a closed month's archived ledgers
}
AUDIT = AuditEntry.__tablename__


def _decoder(column: Any) -> Callable[[Any], Any]:
    kind = column.type
    if isinstance(kind, DateTime):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    if isinstance(kind, Time):
        return lambda v: None if v is None else dt.time.fromisoformat(v)
    if isinstance(kind, ScaledDecimal):
        return lambda v: None if v is None else Decimal(str(v))
    return lambda v: v


def _derive_person(values: dict[str, Any]) -> dict[str, Any]:
    pinyin, initials = search_keys(values.get("name") or "")
    return {"name_pinyin": pinyin, "name_initials": initials}


_DERIVED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {Person.__tablename__: _derive_person}


@dataclass(frozen=True)
class Codec:
    """How the rows of one synced table become records and back."""

    model: type[SyncedMixin]
    table: Table
    columns: tuple[str, ...]  # the data columns that travel
    decoders: Mapping[str, Callable[[Any], Any]]
    convert: tuple[str, ...]  # the columns whose values need json_safe

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def append_only(self) -> bool:
        return self.name in APPEND_ONLY

    def select_columns(self) -> list[Any]:
        return [self.table.c[k] for k in (*META_KEYS, *self.columns)]

    def encode(self, row: Any) -> dict[str, Any]:
        """A record from a row selected with :meth:`select_columns` (a tuple in that order)."""
        values = dict(zip(self.columns, row[6:], strict=True))
        for k in self.convert:  # dates, times and amounts; the rest is JSON-safe as it comes
            if values[k] is not None:
                values[k] = json_safe(values[k])
        return {
            "t": self.name,
            "id": row[0],
            "o": row[1],
            "c": row[2],
            "u": row[3],
            "f": row[4] or None,
            "d": bool(row[5]),
            "v": values,
        }

    def to_row(self, record: Mapping[str, Any], tx_seq: int) -> dict[str, Any]:
        """The column values to write for a record (decoded, with local columns derived)."""
        v = record["v"]
        values = {k: self.decoders[k](v[k]) for k in self.columns if k in v}
        derive = _DERIVED.get(self.name)
        if derive is not None:
            values |= derive(values)
        return values | {
            "id": record["id"],
            "origin": record["o"],
            "hlc_created": record["c"],
            "hlc_updated": record["u"],
            "field_hlc": record["f"] or None,
            "deleted": bool(record["d"]),
            "tx_seq": tx_seq,
        }


def _codec(model: type[SyncedMixin]) -> Codec:
    table: Table = model.__table__  # type: ignore[attr-defined]
    skip = SyncedMixin.SYNC_COLUMNS | model.LOCAL_COLUMNS
    columns = tuple(c.key for c in table.columns if c.key not in skip)
    convert = tuple(c for c in columns if isinstance(table.c[c].type, Date | DateTime | Time | ScaledDecimal))
    return Codec(model, table, columns, {c: _decoder(table.c[c]) for c in columns}, convert)


#: parents before children, so a bundle can be applied in order
CODECS: dict[str, Codec] = {m.__tablename__: _codec(m) for m in SYNCED_MODELS}  # type: ignore[attr-defined]
AUDIT_COLUMNS: tuple[str, ...] = tuple(c.key for c in AuditEntry.__table__.columns if c.key != "tx_seq")


_AT = AUDIT_COLUMNS.index("at")
_CHANGES = AUDIT_COLUMNS.index("changes")


def audit_line(row: Any) -> str:
    """An audit entry as one line of ``changes.jsonl``, from a row whose ``changes`` column was
    selected as its stored JSON text (spliced in as it is: no parsing and writing it again)."""
    values = {k: row[i] for i, k in enumerate(AUDIT_COLUMNS) if i != _CHANGES}
    values["at"] = row[_AT].isoformat()
    head = json.dumps({"t": AUDIT, "v": values}, ensure_ascii=False, separators=(",", ":"))
    return f'{head[:-2]},"changes":{row[_CHANGES] or "null"}}}}}'


def audit_row(record: Mapping[str, Any], tx_seq: int) -> dict[str, Any]:
    """The column values of an audit entry, as the database driver takes them."""
    v = record["v"]
    values = {k: v.get(k) for k in AUDIT_COLUMNS}
    at = v.get("at")
    values["at"] = (
        dt.datetime.fromisoformat(at).strftime("%Y-%m-%d %H:%M:%S.%f") if at else None
    )  # as SQLAlchemy stores it
    values["changes"] = json.dumps(v.get("changes"), ensure_ascii=False)
    return values | {"tx_seq": tx_seq}


# -- merge ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    """A field both copies changed with different values (the later stamp won)."""

    field: str
    local_value: Any
    local_hlc: str
    remote_value: Any
    remote_hlc: str


@dataclass
class Merged:
    record: dict[str, Any] | None  # None: the local copy already has everything
    same_as_remote: bool = False  # the result is exactly the remote record
    clashes: list[Clash] = field(default_factory=list)


def _stamp(record: Mapping[str, Any], name: str) -> str:
    stamps = record["f"] or {}
    return stamps.get(name) or record["c"]


def _value(record: Mapping[str, Any], name: str) -> Any:
    return record["d"] if name == "deleted" else record["v"].get(name)


def merge(codec: Codec, local: dict[str, Any], remote: dict[str, Any]) -> Merged:
    """Merge a remote record into the local one (both as records); see the module notes."""
    fields = ("deleted",) if codec.append_only else ("deleted", *codec.columns)
    created = local["c"]
    out_values = dict(local["v"])
    out_deleted = local["d"]
    stamps: dict[str, str] = {}
    changed = False
    clashes: list[Clash] = []
    for name in fields:
        if name != "deleted" and name not in remote["v"]:
            ls = _stamp(local, name)
            if ls > created:
                stamps[name] = ls
            continue
        ls, rs = _stamp(local, name), _stamp(remote, name)
        lv, rv = _value(local, name), _value(remote, name)
        if rs > ls:
            if lv != rv:
                changed = True
                if name == "deleted":
                    out_deleted = rv
                else:
                    out_values[name] = rv
                clashes.append(Clash(name, lv, ls, rv, rs))
            elif rs != ls:
                changed = True
        elif rs < ls and lv != rv:
            clashes.append(Clash(name, lv, ls, rv, rs))
        best = max(ls, rs)
        if best > created:
            stamps[name] = best
    # stamps of fields only the local copy knows about (e.g. kept by an append-only merge)
    for name, stamp in (local["f"] or {}).items():
        stamps.setdefault(name, stamp)
    updated = max(local["u"], remote["u"])
    if updated != local["u"]:
        changed = True
    merged = {
        "t": codec.name,
        "id": local["id"],
        "o": local["o"],
        "c": created,
        "u": updated,
        "f": stamps or None,
        "d": out_deleted,
        "v": out_values,
    }
    if not changed and (stamps or None) == (local["f"] or None):
        return Merged(None, clashes=clashes)
    same = merged["v"] == remote["v"] and merged["d"] == remote["d"] and merged["f"] == (remote["f"] or None)
    return Merged(merged, same_as_remote=same and updated == remote["u"], clashes=clashes)
