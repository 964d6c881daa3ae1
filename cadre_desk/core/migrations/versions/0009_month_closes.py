"""month_closes: a month's ledgers closed (月结归档) — the archived PDF and Excel files by
their SHA-256 in the media store, who closed the month and when; synced like the books

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 23:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "month_closes",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_size", sa.Integer(), server_default="0", nullable=False),
        sa.Column("pages", sa.Integer(), server_default="0", nullable=False),
        sa.Column("xlsx_sha256", sa.String(length=64), nullable=True),
        sa.Column("xlsx_size", sa.Integer(), server_default="0", nullable=False),
        sa.Column("full_data", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("closed_by_id", sa.String(length=36), nullable=True),
        sa.Column("closed_by", sa.String(length=50), server_default="", nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("supersedes", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_month_closes_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_closes")),
    )
    with op.batch_alter_table("month_closes", schema=None) as batch_op:
        batch_op.create_index("ix_month_closes_station_month", ["station_id", "month"], unique=False)
        batch_op.create_index(batch_op.f("ix_month_closes_tx_seq"), ["tx_seq"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("month_closes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_month_closes_tx_seq"))
        batch_op.drop_index("ix_month_closes_station_month")
    op.drop_table("month_closes")
