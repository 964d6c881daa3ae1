"""Alembic migration scripts (run through :mod:`cadre_desk.core.migrate`)."""
