"""audit trail: entries cannot be changed or deleted; indexes for searching it

Triggers make SQLite refuse every UPDATE and DELETE of ``audit_log``: the app only ever
adds entries (``Tx.flush_audit``, and ``INSERT OR IGNORE`` when a sync bundle brings
them), so an entry, once written, stays as it was.  A later migration that rebuilds the
table (``batch_alter_table`` with a table copy) must create these triggers again.

The search of the 操作记录 page runs newest first: ``(at, label, entity_id)`` lets a search
by a record's name or id scan the narrow index instead of the table, and
``(user_id, at)`` gives one user's entries in time order.  They replace the single-column
indexes on ``at`` and ``user_id``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_UPDATE = "操作记录只能追加，不能修改（audit_log is append-only）"
NO_DELETE = "操作记录只能追加，不能删除（audit_log is append-only）"


def upgrade() -> None:
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_index("ix_audit_log_user_id", table_name="audit_log")
    op.create_index("ix_audit_log_at_label", "audit_log", ["at", "label", "entity_id"], unique=False)
    op.create_index("ix_audit_log_user_at", "audit_log", ["user_id", "at"], unique=False)
    op.execute(
        f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '{NO_UPDATE}'); END"
    )
    op.execute(
        f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '{NO_DELETE}'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.drop_index("ix_audit_log_user_at", table_name="audit_log")
    op.drop_index("ix_audit_log_at_label", table_name="audit_log")
    op.create_index("ix_audit_log_user_id", "audit_log", ["user_id"], unique=False)
    op.create_index("ix_audit_log_at", "audit_log", ["at"], unique=False)
