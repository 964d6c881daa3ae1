"""visits, service records: an index on the date, for the month's figures over every station

The home page's month figures (``overview.month_figures``) and the points ranking read the
month's visits and service records over the whole books — at a station every row is the
station's, at the district they span every station — by date alone.  The existing indexes
lead with ``station_id`` (``ix_visits_station_date``, ``ix_service_records_station_date``),
which SQLite cannot use for a date range without statistics, so those queries scanned the
whole table.  ``tests/core/test_query_plans.py`` checks the plans.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_visits_date", "visits", ["date"], unique=False)
    op.create_index("ix_service_records_date", "service_records", ["date"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_service_records_date", table_name="service_records")
    op.drop_index("ix_visits_date", table_name="visits")
