"""sync encryption: each peer's bundle-encryption public key; whether a bundle was encrypted

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_peers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("encryption_key", sa.String(length=64), nullable=True))
    with op.batch_alter_table("sync_bundles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("encrypted", sa.Boolean(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("sync_bundles", schema=None) as batch_op:
        batch_op.drop_column("encrypted")
    with op.batch_alter_table("sync_peers", schema=None) as batch_op:
        batch_op.drop_column("encryption_key")
