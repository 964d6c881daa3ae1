"""people: a generated search column and a covering index for search as you type

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 20:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_TEXT = (
    "lower(name || '|' || name_pinyin || '|' || name_initials || '|' || coalesce(id_number, '') || '|' "
    "|| phone_mobile || '|' || phone_home)"
)


def upgrade() -> None:
    # a VIRTUAL generated column can be added in place (SQLite 3.31+); no table rebuild
    op.execute(f"ALTER TABLE people ADD COLUMN search_text VARCHAR(400) GENERATED ALWAYS AS ({SEARCH_TEXT}) VIRTUAL")
    op.create_index(
        "ix_people_search", "people", ["deleted", "status", "name_pinyin", "id", "search_text"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_people_search", table_name="people")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("search_text")
