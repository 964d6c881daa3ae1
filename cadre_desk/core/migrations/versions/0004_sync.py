"""sync: peers, bundle history, sources, peer media, conflicts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_bundles",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("peer_station_id", sa.String(length=36), nullable=True),
        sa.Column("peer_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("file_name", sa.String(length=260), server_default="", nullable=False),
        sa.Column("covers_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column("records", sa.Integer(), server_default="0", nullable=False),
        sa.Column("photos", sa.Integer(), server_default="0", nullable=False),
        sa.Column("size", sa.Integer(), server_default="0", nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_bundles")),
    )
    with op.batch_alter_table("sync_bundles", schema=None) as batch_op:
        batch_op.create_index("ix_sync_bundles_at", ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_bundles_bundle_id"), ["bundle_id"], unique=False)

    op.create_table(
        "sync_conflicts",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), server_default="", nullable=False),
        sa.Column("peer_station_id", sa.String(length=36), nullable=True),
        sa.Column("peer_name", sa.String(length=100), server_default="", nullable=False),
        sa.Column("local_value", sa.JSON(), nullable=False),
        sa.Column("local_hlc", sa.String(length=24), nullable=False),
        sa.Column("remote_value", sa.JSON(), nullable=False),
        sa.Column("remote_hlc", sa.String(length=24), nullable=False),
        sa.Column("detected_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=16), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index("ix_sync_conflicts_entity", ["entity", "entity_id", "field"], unique=False)

    op.create_table(
        "sync_peer_media",
        sa.Column("peer_station_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pending_seq", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("peer_station_id", "sha256", name=op.f("pk_sync_peer_media")),
    )
    op.create_table(
        "sync_peers",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("install_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("enrol_secret", sa.String(length=64), nullable=True),
        sa.Column("sent_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column("acked_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column("acked_hlc", sa.String(length=24), server_default="", nullable=False),
        sa.Column("received_seq", sa.Integer(), server_default="0", nullable=False),
        sa.Column("received_hlc", sa.String(length=24), server_default="", nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name=op.f("pk_sync_peers")),
        sa.UniqueConstraint("install_id", name=op.f("uq_sync_peers_install_id")),
    )
    op.create_table(
        "sync_sources",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("peer_station_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_sources")),
    )
    with op.batch_alter_table("sync_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_sources_peer_station_id"), ["peer_station_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_sources_peer_station_id"))

    op.drop_table("sync_sources")
    op.drop_table("sync_peers")
    op.drop_table("sync_peer_media")
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_conflicts_entity")

    op.drop_table("sync_conflicts")
    with op.batch_alter_table("sync_bundles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_bundles_bundle_id"))
        batch_op.drop_index("ix_sync_bundles_at")

    op.drop_table("sync_bundles")
