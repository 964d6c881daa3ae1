"""SQLite engines with the settings every connection needs.

Two engines share one database file:

* the *write* engine has a single pooled connection and starts every transaction with
  ``BEGIN IMMEDIATE``, so writes in this process are serialised and a transaction never
  fails half-way on a lock upgrade;
* the *read* engine starts deferred transactions, which in WAL mode never block writers.

Every connection gets foreign keys on, WAL, ``synchronous=FULL`` (a committed check-in
survives a power cut) and a busy timeout.  pysqlite's own transaction handling is turned
off so that ``BEGIN`` is emitted by us and DDL is transactional too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool

#: how long a write waits for another program's lock before it gives up with a message
#: (``$CADRE_DESK_BUSY_TIMEOUT_MS`` overrides it: a slow network share, or a test)
BUSY_TIMEOUT_MS = int(os.environ.get("CADRE_DESK_BUSY_TIMEOUT_MS") or 10_000)


def _configure(dbapi_conn: sqlite3.Connection, *, foreign_keys: bool) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    finally:
        cur.close()


def make_engine(path: Path, *, write: bool, foreign_keys: bool = True, pooled: bool = True) -> Engine:
    """Create an engine for the database at ``path`` (created on first connect)."""
    kwargs: dict[str, Any] = {
        "connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    }
    if not pooled:
        kwargs["poolclass"] = NullPool
    elif write:
        kwargs.update(poolclass=QueuePool, pool_size=1, max_overflow=0, pool_timeout=600)
    else:
        kwargs.update(poolclass=QueuePool, pool_size=4, max_overflow=4)
    engine = create_engine(f"sqlite:///{path}", **kwargs)
    begin_sql = "BEGIN IMMEDIATE" if write else "BEGIN"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        _configure(dbapi_conn, foreign_keys=foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin_sql)

    return engine
