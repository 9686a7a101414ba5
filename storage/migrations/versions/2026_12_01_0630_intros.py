"""peer introductions: settings, participation, rounds, groups and their members

Revision ID: 0630
Revises: 0590
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0630"
down_revision: str | Sequence[str] | None = "0590"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTCOME = sa.Enum("met", "scheduling", "skipped", name="introoutcome", native_enum=False, length=16)


def upgrade() -> None:
    op.create_table(
        "intro_settings",
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False),
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("cross_state", sa.Boolean(), nullable=False),
        sa.Column("cross_agency", sa.Boolean(), nullable=False),
        sa.Column("shared_interests", sa.Boolean(), nullable=False),
        sa.Column("avoid_repeat_rounds", sa.Integer(), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_intro_settings_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("network_id", name=op.f("pk_intro_settings")),
    )
    op.create_table(
        "intro_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("skip_next", sa.Boolean(), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_intro_participants_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_participants")),
        sa.UniqueConstraint("network_id", "user_id", name=op.f("uq_intro_participants_network_id_user_id")),
    )
    op.create_table(
        "intro_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("nudge_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("group_size", sa.Integer(), nullable=False),
        sa.Column("left_out", sa.String(length=32), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_intro_rounds_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_rounds")),
        sa.UniqueConstraint("network_id", "starts_at", name=op.f("uq_intro_rounds_network_id_starts_at")),
        sa.UniqueConstraint("network_id", "number", name=op.f("uq_intro_rounds_network_id_number")),
    )
    op.create_table(
        "intro_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("introduced_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", OUTCOME, nullable=True),
        sa.Column("outcome_by", sa.String(length=32), nullable=True),
        sa.Column("outcome_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_intro_groups_network_id_networks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["intro_rounds.id"], name=op.f("fk_intro_groups_round_id_intro_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_groups")),
    )
    op.create_index("ix_intro_groups_round_id", "intro_groups", ["round_id"])
    op.create_table(
        "intro_group_members",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["intro_groups.id"], name=op.f("fk_intro_group_members_group_id_intro_groups"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["intro_rounds.id"], name=op.f("fk_intro_group_members_round_id_intro_rounds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "user_id", name=op.f("pk_intro_group_members")),
    )
    op.create_index("ix_intro_group_members_group_id", "intro_group_members", ["group_id"])


def downgrade() -> None:
    op.drop_index("ix_intro_group_members_group_id", table_name="intro_group_members")
    op.drop_table("intro_group_members")
    op.drop_index("ix_intro_groups_round_id", table_name="intro_groups")
    op.drop_table("intro_groups")
    op.drop_table("intro_rounds")
    op.drop_table("intro_participants")
    op.drop_table("intro_settings")
