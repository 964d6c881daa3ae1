"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 17:25:54.692971
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "activity_types",
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_types")),
    )
    with op.batch_alter_table("activity_types", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_types_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "attachments",
        sa.Column("owner_type", sa.String(length=16), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="photo", nullable=False),
        sa.Column("caption", sa.String(length=200), server_default="", nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_cover", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("original_name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index("ix_attachments_owner", ["owner_type", "owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachments_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.String(length=36), nullable=True),
        sa.Column("user_name", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("label", sa.String(length=200), server_default="", nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_tx_seq"), ["tx_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_user_id"), ["user_id"], unique=False)

    op.create_table(
        "media_files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("ext", sa.String(length=8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("has_derivatives", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_media_files")),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "org_units",
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("code", sa.String(length=20), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["org_units.id"], name=op.f("fk_org_units_parent_id_org_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_units")),
    )
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_units_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_units_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "stations",
        sa.Column("org_unit_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=200), server_default="", nullable=False),
        sa.Column("contact_person", sa.String(length=50), server_default="", nullable=False),
        sa.Column("contact_phone", sa.String(length=30), server_default="", nullable=False),
        sa.Column("public_key", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_unit_id"], ["org_units.id"], name=op.f("fk_stations_org_unit_id_org_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
    )
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stations_org_unit_id"), ["org_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stations_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "activities",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("type_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("place", sa.String(length=100), server_default="", nullable=False),
        sa.Column("organiser", sa.String(length=100), server_default="", nullable=False),
        sa.Column("host", sa.String(length=50), server_default="", nullable=False),
        sa.Column("planned_rule", sa.JSON(), nullable=True),
        sa.Column("record", sa.Text(), server_default="", nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_activities_station_id_stations")),
        sa.ForeignKeyConstraint(["type_id"], ["activity_types.id"], name=op.f("fk_activities_type_id_activity_types")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_date"), ["date"], unique=False)
        batch_op.create_index("ix_activities_station_date", ["station_id", "date"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_tx_seq"), ["tx_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_type_id"), ["type_id"], unique=False)

    op.create_table(
        "people",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("name_pinyin", sa.String(length=200), server_default="", nullable=False),
        sa.Column("name_initials", sa.String(length=100), server_default="", nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("ethnicity", sa.String(length=20), server_default="", nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("id_number", sa.String(length=18), nullable=True),
        sa.Column("work_unit", sa.String(length=100), server_default="", nullable=False),
        sa.Column("position", sa.String(length=50), server_default="", nullable=False),
        sa.Column("rank", sa.String(length=30), server_default="", nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("retire_date", sa.Date(), nullable=True),
        sa.Column("political_status", sa.String(length=20), server_default="", nullable=False),
        sa.Column("party_branch", sa.String(length=100), server_default="", nullable=False),
        sa.Column("activity_class", sa.String(length=8), nullable=True),
        sa.Column("report_status", sa.String(length=16), nullable=True),
        sa.Column("report_date", sa.Date(), nullable=True),
        sa.Column("phone_mobile", sa.String(length=20), server_default="", nullable=False),
        sa.Column("phone_home", sa.String(length=30), server_default="", nullable=False),
        sa.Column("address", sa.String(length=200), server_default="", nullable=False),
        sa.Column("emergency_contact", sa.String(length=50), server_default="", nullable=False),
        sa.Column("emergency_phone", sa.String(length=30), server_default="", nullable=False),
        sa.Column("health_notes", sa.Text(), server_default="", nullable=False),
        sa.Column("care_serious_illness", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("care_major_change", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("care_living_alone", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("care_empty_nest", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("care_disabled", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("interests", sa.JSON(), nullable=False),
        sa.Column("talent_tags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("moved_to", sa.String(length=100), server_default="", nullable=False),
        sa.Column("photo_sha256", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_people_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_birth_date"), ["birth_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_id_number"), ["id_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name_initials"), ["name_initials"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name_pinyin"), ["name_pinyin"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_party_branch"), ["party_branch"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_phone_mobile"), ["phone_mobile"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "users",
        sa.Column("station_id", sa.String(length=36), nullable=True),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("display_name", sa.String(length=50), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=30), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_users_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_tx_seq"), ["tx_seq"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_username"), ["username"], unique=False)

    op.create_table(
        "volunteer_projects",
        sa.Column("station_id", sa.String(length=36), nullable=True),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column("organiser", sa.String(length=100), server_default="", nullable=False),
        sa.Column("contact_phone", sa.String(length=30), server_default="", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_volunteer_projects_station_id_stations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_projects")),
    )
    with op.batch_alter_table("volunteer_projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_projects_station_id"), ["station_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_volunteer_projects_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "activity_invitees",
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_activity_invitees_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_activity_invitees_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_invitees")),
    )
    with op.batch_alter_table("activity_invitees", schema=None) as batch_op:
        batch_op.create_index("ix_activity_invitees_activity_person", ["activity_id", "person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_invitees_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_invitees_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "check_ins",
        sa.Column("activity_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("walk_in_name", sa.String(length=50), server_default="", nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("method", sa.String(length=10), server_default="keyboard", nullable=False),
        sa.Column("signature_sha256", sa.String(length=64), nullable=True),
        sa.Column("proxy_name", sa.String(length=50), server_default="", nullable=False),
        sa.Column("leave_reason", sa.String(length=200), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], name=op.f("fk_check_ins_activity_id_activities")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_check_ins_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index("ix_check_ins_activity_person", ["activity_id", "person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_check_ins_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_check_ins_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "service_records",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), server_default="", nullable=False),
        sa.Column("content", sa.Text(), server_default="", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_service_records_person_id_people")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["volunteer_projects.id"],
            name=op.f("fk_service_records_project_id_volunteer_projects"),
        ),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_service_records_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_records")),
    )
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_records_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_records_project_id"), ["project_id"], unique=False)
        batch_op.create_index("ix_service_records_station_date", ["station_id", "date"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_records_tx_seq"), ["tx_seq"], unique=False)

    op.create_table(
        "user_credentials",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_credentials_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_user_credentials")),
    )
    op.create_table(
        "visits",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("household", sa.String(length=100), server_default="", nullable=False),
        sa.Column("visitors", sa.String(length=200), server_default="", nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("gifts", sa.String(length=200), server_default="", nullable=False),
        sa.Column("money", sa.Integer(), server_default="0", nullable=False),
        sa.Column("situation", sa.Text(), server_default="", nullable=False),
        sa.Column("needs", sa.Text(), server_default="", nullable=False),
        sa.Column("follow_up", sa.Text(), server_default="", nullable=False),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.Column("hlc_created", sa.String(length=24), nullable=False),
        sa.Column("hlc_updated", sa.String(length=24), nullable=False),
        sa.Column("field_hlc", sa.JSON(), nullable=True),
        sa.Column("deleted", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("tx_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_visits_person_id_people")),
        sa.ForeignKeyConstraint(["station_id"], ["stations.id"], name=op.f("fk_visits_station_id_stations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_follow_up_due"), ["follow_up_due"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_visits_station_date", ["station_id", "date"], unique=False)
        batch_op.create_index(batch_op.f("ix_visits_tx_seq"), ["tx_seq"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_tx_seq"))
        batch_op.drop_index("ix_visits_station_date")
        batch_op.drop_index(batch_op.f("ix_visits_person_id"))
        batch_op.drop_index(batch_op.f("ix_visits_follow_up_due"))

    op.drop_table("visits")
    op.drop_table("user_credentials")
    with op.batch_alter_table("service_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_records_tx_seq"))
        batch_op.drop_index("ix_service_records_station_date")
        batch_op.drop_index(batch_op.f("ix_service_records_project_id"))
        batch_op.drop_index(batch_op.f("ix_service_records_person_id"))

    op.drop_table("service_records")
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_ins_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_check_ins_person_id"))
        batch_op.drop_index("ix_check_ins_activity_person")

    op.drop_table("check_ins")
    with op.batch_alter_table("activity_invitees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_invitees_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_activity_invitees_person_id"))
        batch_op.drop_index("ix_activity_invitees_activity_person")

    op.drop_table("activity_invitees")
    with op.batch_alter_table("volunteer_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_projects_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_volunteer_projects_station_id"))

    op.drop_table("volunteer_projects")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_username"))
        batch_op.drop_index(batch_op.f("ix_users_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_users_station_id"))

    op.drop_table("users")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_people_status"))
        batch_op.drop_index(batch_op.f("ix_people_station_id"))
        batch_op.drop_index(batch_op.f("ix_people_phone_mobile"))
        batch_op.drop_index(batch_op.f("ix_people_party_branch"))
        batch_op.drop_index(batch_op.f("ix_people_name_pinyin"))
        batch_op.drop_index(batch_op.f("ix_people_name_initials"))
        batch_op.drop_index(batch_op.f("ix_people_name"))
        batch_op.drop_index(batch_op.f("ix_people_id_number"))
        batch_op.drop_index(batch_op.f("ix_people_birth_date"))

    op.drop_table("people")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_type_id"))
        batch_op.drop_index(batch_op.f("ix_activities_tx_seq"))
        batch_op.drop_index("ix_activities_station_date")
        batch_op.drop_index(batch_op.f("ix_activities_date"))

    op.drop_table("activities")
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stations_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_stations_org_unit_id"))

    op.drop_table("stations")
    with op.batch_alter_table("org_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_units_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_org_units_parent_id"))

    op.drop_table("org_units")
    op.drop_table("meta")
    op.drop_table("media_files")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_audit_log_hlc"))
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_tx_seq"))
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))
        batch_op.drop_index("ix_attachments_owner")

    op.drop_table("attachments")
    with op.batch_alter_table("activity_types", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_types_tx_seq"))

    op.drop_table("activity_types")
