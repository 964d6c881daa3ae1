"""Search as you type over the roster: a trigram index of each person's searchable text.

Staff find people by what they remember: a name or part of it, pinyin initials (``zs``),
full pinyin, digits of an ID number or a phone.  A plain scan of ``people.search_text``
costs a few milliseconds per 10,000 people, so a district of 500,000 would wait a fifth
of a second on every keystroke.  SQLite's FTS5 ``trigram`` tokenizer indexes every three
characters of a text, so any text of three or more characters is found as a substring
through the index (``"4821"``, ``"zhang"``, ``"张三丰"``).

Shorter texts cannot be looked up by trigrams; one or two characters mean a start
instead: each field is indexed behind the marker ``^^``, and so is every character of the
name onward (``^^三丰``), so ``zs`` finds the people whose initials, pinyin, ID number or
phone start with it, and ``华`` everyone with 华 in the name.

The index (``people_fts``, migration 0008) holds no text of its own (``content=''``): its
rows are keyed by the rowid of ``people`` and kept by triggers, so every write — forms,
imports, sync — updates it in the same transaction.  ``VACUUM`` would renumber those
rowids; the app never runs it, and ``cadre-desk check`` finds an index out of step
(:func:`unfound`).
"""

from __future__ import annotations

import sqlite3
from functools import cache
from typing import Any

from sqlalchemy import Integer, column, func, literal_column, select, table, text
from sqlalchemy.sql.elements import ColumnElement

from .models import Person

#: the SQL of the indexed fields of a person row (``row`` is ``people``, ``new`` or ``old``)
_STARTS = (
    "name",
    "substr({row}.name, 2)",
    "substr({row}.name, 3)",
    "substr({row}.name, 4)",
    # a name of several readings (曾 zeng / ceng) keeps them space-separated: each is a start
    "replace({row}.name_pinyin, ' ', '|^^')",
    "replace({row}.name_initials, ' ', '|^^')",
    "coalesce({row}.id_number, '')",
    "phone_mobile",
    "phone_home",
)
#: texts shorter than this are looked for at the start of a field (trigrams need three)
SHORTEST_SUBSTRING = 3
START = "^^"


def _field(expr: str, row: str) -> str:
    return expr.format(row=row) if "{row}" in expr else f"{row}.{expr}"


def document_sql(row: str) -> str:
    """The text indexed for a person (lower case, like ``people.search_text``): each field
    behind the start marker.  A text of three characters or more never holds the marker or
    the ``|`` between fields, so it is found inside any field, as in ``search_text``."""
    return "lower(" + " || ".join(f"'|{START}' || {_field(f, row)}" for f in _STARTS) + ")"


@cache
def available() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and later, built with FTS5)."""
    try:
        with sqlite3.connect(":memory:") as db:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        return True
    except sqlite3.Error:
        return False


PEOPLE_FTS = table("people_fts", column("rowid", Integer), column("people_fts"))
PERSON_ROWID = literal_column("people.rowid", Integer)


def match_text(key: str) -> str:
    """The FTS5 query for a search key (already :func:`roster.search_key`-normalised)."""
    wanted = key if len(key) >= SHORTEST_SUBSTRING else START + key
    return '"' + wanted.replace('"', '""') + '"'


def matches(key: str) -> ColumnElement[bool]:
    """``people_fts MATCH`` the key (for a statement that selects from ``PEOPLE_FTS``)."""
    return PEOPLE_FTS.c.people_fts.op("MATCH")(match_text(key))


def person_has_text(key: str) -> ColumnElement[bool]:
    """The condition on ``people`` that its text holds ``key`` (for any statement on people)."""
    if not available():
        return func.instr(Person.search_text, key) > 0
    return PERSON_ROWID.in_(select(PEOPLE_FTS.c.rowid).where(matches(key)))


def unfound(s: Any, sample: int = 50) -> list[str]:
    """Names of live people (a spread sample of ``sample``) the index does not find by their
    own name: empty when the index is in step with the roster."""
    if not available() or not s.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'people_fts'")).first():
        return []
    total = s.scalar(select(func.count()).select_from(Person).where(Person.deleted.is_(False))) or 0
    step = max(1, total // sample)
    people = s.execute(
        select(PERSON_ROWID, Person.name).where(Person.deleted.is_(False), PERSON_ROWID % step == 0).limit(sample)
    ).all()
    missing = []
    for rowid, name in people:
        if rowid not in set(s.scalars(select(PEOPLE_FTS.c.rowid).where(matches(name.lower())))):
            missing.append(name)
    return missing
