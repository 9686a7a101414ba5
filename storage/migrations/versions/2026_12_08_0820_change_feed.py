"""change feed and surface leases (replacing card refresh leases); a notice on Home tabs

Revision ID: 0820
Revises: 0810
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision: str = "0820"
down_revision: str | Sequence[str] | None = "0810"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ident", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_feed")),
    )
    op.create_table(
        "surface_leases",
        sa.Column("surface", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("wanted", sa.Integer(), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False),
        sa.Column("next_allowed_at", UTCDateTime(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("surface", "key", name=op.f("pk_surface_leases")),
    )
    op.create_index(
        "ix_surface_leases_pending",
        "surface_leases",
        ["next_allowed_at"],
        postgresql_where=sa.text("wanted > shown"),
        sqlite_where=sa.text("wanted > shown"),
    )
    op.drop_table("card_refresh_leases")
    with op.batch_alter_table("home_tabs") as batch:
        batch.add_column(sa.Column("notice", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("notice_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("home_tabs") as batch:
        batch.drop_column("notice_at")
        batch.drop_column("notice")
    op.create_table(
        "card_refresh_leases",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("ident", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_allowed_at", UTCDateTime(), nullable=False),
        sa.Column("shown_version", sa.Integer(), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "ident", name=op.f("pk_card_refresh_leases")),
    )
    op.drop_index("ix_surface_leases_pending", table_name="surface_leases")
    op.drop_table("surface_leases")
    op.drop_table("change_feed")
