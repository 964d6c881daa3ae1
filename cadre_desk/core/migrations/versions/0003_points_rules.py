"""points_rules: the station's points scheme (量化积分)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "points_rules",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=100), server_default="", nullable=False),
        sa.Column("points", sa.Integer(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_rules")),
    )
    op.create_index("ix_points_rules_kind_target", "points_rules", ["kind", "target"], unique=False)
    op.create_index(op.f("ix_points_rules_tx_seq"), "points_rules", ["tx_seq"], unique=False)
    # the care reminders look up each person's latest visit
    op.create_index("ix_visits_person_date", "visits", ["person_id", "date"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_visits_person_date", table_name="visits")
    op.drop_index(op.f("ix_points_rules_tx_seq"), table_name="points_rules")
    op.drop_index("ix_points_rules_kind_target", table_name="points_rules")
    op.drop_table("points_rules")
