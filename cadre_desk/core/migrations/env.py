"""Alembic environment: always runs on a connection handed in by cadre_desk.core.migrate."""

from __future__ import annotations

from alembic import context

from cadre_desk.core.migrate import in_models
from cadre_desk.core.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - guarded by migrate.py
    raise RuntimeError("migrations run through cadre_desk.core.migrate, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=in_models,
)
with context.begin_transaction():
    context.run_migrations()
