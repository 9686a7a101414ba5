"""App Home: membership spells (roster history), Home tab choices, claimed network-wide refreshes

Revision ID: 0610
Revises: 0590
Create Date: 2026-12-01

Every member on a roster today gets one spell, open since they joined; someone who
has left gets one closed spell from joining to leaving (earlier comings and goings
were not recorded, so history starts here).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0610"
down_revision: str | Sequence[str] | None = "0590"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "membership_spells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("joined_at", UTCDateTime(), nullable=False),
        sa.Column("left_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_membership_spells_network_id_networks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_spells")),
    )
    op.create_index(
        "ix_membership_spells_network_id_user_id", "membership_spells", ["network_id", "user_id"], unique=False
    )
    op.create_index(
        "ix_membership_spells_network_id_joined_at", "membership_spells", ["network_id", "joined_at"], unique=False
    )
    op.execute(
        "INSERT INTO membership_spells (network_id, user_id, joined_at, left_at) "
        "SELECT network_id, user_id, joined_at, CASE WHEN in_channel THEN NULL ELSE COALESCE(left_at, updated_at) END "
        "FROM members WHERE in_channel OR left_at IS NOT NULL"
    )
    op.create_table(
        "home_tabs",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_home_tabs_network_id_networks"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("team_id", "user_id", name=op.f("pk_home_tabs")),
    )
    op.create_table(
        "home_refresh_marks",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_home_refresh_marks")),
    )


def downgrade() -> None:
    op.drop_table("home_refresh_marks")
    op.drop_table("home_tabs")
    op.drop_index("ix_membership_spells_network_id_joined_at", table_name="membership_spells")
    op.drop_index("ix_membership_spells_network_id_user_id", table_name="membership_spells")
    op.drop_table("membership_spells")
