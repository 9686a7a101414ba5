"""network progress: roadmap, priority areas, progress reports, collaborations, changes made, TA needs

Revision ID: 0620
Revises: 0590
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0620"
down_revision: str | Sequence[str] | None = "0590"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _network_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["network_id"], ["networks.id"], name=op.f(f"fk_{table}_network_id_networks"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "roadmaps",
        sa.Column("network_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("future_state", sa.Text(), nullable=False),
        sa.Column("message_channel", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _network_fk("roadmaps"),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_roadmaps")),
    )
    op.create_table(
        "priority_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("achieved", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("milestones", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        _network_fk("priority_areas"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_areas")),
    )
    op.create_index("ix_priority_areas_network_id", "priority_areas", ["network_id"])
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("team_key", sa.String(length=220), nullable=False),
        sa.Column("team_label", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_ref", sa.String(length=80), nullable=True),
        sa.Column("reported_by", sa.String(length=32), nullable=False),
        sa.Column("reported_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        _network_fk("progress_reports"),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["priority_areas.id"],
            name=op.f("fk_progress_reports_area_id_priority_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_reports")),
        sa.UniqueConstraint("source_ref", name=op.f("uq_progress_reports_source_ref")),
    )
    op.create_index("ix_progress_reports_area_id_reported_at", "progress_reports", ["area_id", "reported_at"])
    op.create_table(
        "collaborations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("logged_by", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("outside", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        _network_fk("collaborations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collaborations")),
    )
    op.create_index("ix_collaborations_network_id", "collaborations", ["network_id"])
    op.create_table(
        "collaboration_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collaboration_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collaboration_id"],
            ["collaborations.id"],
            name=op.f("fk_collaboration_partners_collaboration_id_collaborations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collaboration_partners")),
        sa.UniqueConstraint("collaboration_id", "user_id", name=op.f("uq_collaboration_partners_collaboration_id_user_id")),
    )
    op.create_table(
        "changes_made",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("team_key", sa.String(length=220), nullable=False),
        sa.Column("team_label", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("resource_id", sa.Integer(), nullable=True),
        sa.Column("collaboration_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        _network_fk("changes_made"),
        sa.ForeignKeyConstraint(
            ["area_id"], ["priority_areas.id"], name=op.f("fk_changes_made_area_id_priority_areas"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resources.id"], name=op.f("fk_changes_made_resource_id_resources"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["collaboration_id"],
            ["collaborations.id"],
            name=op.f("fk_changes_made_collaboration_id_collaborations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_changes_made")),
    )
    op.create_index("ix_changes_made_network_id", "changes_made", ["network_id"])
    op.create_table(
        "ta_providers",
        sa.Column("network_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("granted_by", sa.String(length=32), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        _network_fk("ta_providers"),
        sa.PrimaryKeyConstraint("network_id", "user_id", name=op.f("pk_ta_providers")),
    )
    op.create_table(
        "ta_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("wave_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _network_fk("ta_needs"),
        sa.ForeignKeyConstraint(
            ["wave_id"], ["pulse_waves.id"], name=op.f("fk_ta_needs_wave_id_pulse_waves"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ta_needs")),
    )
    op.create_index("ix_ta_needs_network_id_state", "ta_needs", ["network_id", "state"])
    op.create_table(
        "ta_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["need_id"], ["ta_needs.id"], name=op.f("fk_ta_deliveries_need_id_ta_needs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ta_deliveries")),
    )
    op.create_index("ix_ta_deliveries_need_id", "ta_deliveries", ["need_id"])


def downgrade() -> None:
    for table in (
        "ta_deliveries",
        "ta_needs",
        "ta_providers",
        "changes_made",
        "collaboration_partners",
        "collaborations",
        "progress_reports",
        "priority_areas",
        "roadmaps",
    ):
        op.drop_table(table)
